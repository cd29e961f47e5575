/* test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "test-util.h"

MdgCatalog *
test_load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  MdgCatalog *catalog = mdg_catalog_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (catalog);
  return catalog;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

GPtrArray *
test_load_data_dir (const char *dir)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", dir, NULL);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) gdir = g_dir_open (path, 0, &error);
  GPtrArray *nodes = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  const char *name;

  g_assert_no_error (error);
  while ((name = g_dir_read_name (gdir)))
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *file = g_build_filename (path, g_ptr_array_index (names, i), NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();

      json_parser_load_from_file (parser, file, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
      g_ptr_array_add (nodes, json_node_ref (json_parser_get_root (parser)));
    }

  g_assert_cmpuint (nodes->len, >, 0);
  return nodes;
}

MdgCase *
test_case_from_node (JsonNode   *node,
                     const char *what)
{
  g_autoptr(GError) error = NULL;
  MdgCase *kase = mdg_case_new_from_node (node, mdg_day_new (2026, 11, 25), &error);

  if (error != NULL)
    g_test_message ("%s: %s", what, error->message);
  g_assert_no_error (error);
  return kase;
}

char *
test_format_members (MdgCase *kase,
                     guint64  members)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      if (members & (G_GUINT64_CONSTANT (1) << i))
        g_string_append_printf (str, "%s%s", str->len ? "," : "", mdg_case_get_member (kase, i)->id);
    }

  return g_string_free (str, FALSE);
}

char *
test_format_string_list (JsonArray *array)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; array && i < json_array_get_length (array); i++)
    g_string_append_printf (str, "%s%s", i ? "," : "", json_array_get_string_element (array, i));

  return g_string_free (str, FALSE);
}
