/* fuzz-corpus-check.c: runs the fuzz target over its corpus without libFuzzer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * So that every crash the fuzzer once found, saved in the corpus, stays fixed
 * in the ordinary test suite.
 */

#include "config.h"

#include <glib.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
run_file (gconstpointer data)
{
  const char *path = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpint (LLVMFuzzerTestOneInput ((const guint8 *) contents, length), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *corpus = NULL;
  const char *name;
  guint n = 0;

  g_test_init (&argc, &argv, NULL);
  g_assert_cmpint (argc, ==, 2);
  corpus = g_path_get_basename (argv[1]);

  dir = g_dir_open (argv[1], 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)))
    {
      g_autofree char *test_path = g_strdup_printf ("/mdg/fuzz/%s/%s", corpus, name);

      g_test_add_data_func_full (test_path, g_build_filename (argv[1], name, NULL), run_file, g_free);
      n++;
    }
  g_assert_cmpuint (n, >, 0);

  return g_test_run ();
}
