/* mdg-tool-app.c: benchmarks of the counter application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-app"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-tool-private.h"

/* The counter application: --app, else the one beside this tool in the
 * build tree, else `madoguchi` on the PATH. */
static char *
find_app (const char *option)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (option != NULL)
    return g_strdup (option);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *built = g_build_filename (dir, "..", "app", "madoguchi", NULL);

      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);
    }

  return g_find_program_in_path ("madoguchi");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

/* The application started on a store of @n_cases completed cases, until
 * its window is drawn with the store open: the time a clerk waits in the
 * morning. Needs a display (xvfb-run) and a session bus. */
int
mdg_tool_bench_startup (int    argc,
                        char **argv)
{
  g_autofree char *app_option = NULL;
  g_autofree char *app = NULL;
  g_autofree char *home = NULL;
  g_autofree char *store_dir = NULL;
  g_autofree char *store = NULL;
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *cases_arg = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  int n_cases = 10000;
  int runs = 5;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Completed cases in the store (default 10000)", "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Starts to time (default 5)", "N" },
    { "app", 0, 0, G_OPTION_ARG_FILENAME, &app_option, "The madoguchi binary", "PATH" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_cases < 0 || runs < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--cases must be ≥ 0 and --runs ≥ 1");
  if (!(app = find_app (app_option)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "no madoguchi binary: give --app PATH");
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                          "bench startup needs a display: run it under xvfb-run -a");

  /* The store where the application looks for it: $XDG_DATA_HOME/madoguchi. */
  if (!(home = g_dir_make_tmp ("mdg-bench-startup-XXXXXX", &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
  store_dir = g_build_filename (home, "madoguchi", NULL);
  store = g_build_filename (store_dir, "store.sqlite", NULL);
  g_mkdir_with_parents (store_dir, 0700);
  cases_arg = g_strdup_printf ("--cases=%d", MAX (n_cases, 1));
  {
    const char *fill[] = { self, "bench", "store", cases_arg, "--store", store, NULL };
    int wait_status;

    fprintf (stderr, "bench startup: writing %d completed cases…\n", n_cases);
    if (!g_spawn_sync (NULL, (char **) fill, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL,
                       NULL, NULL, &wait_status, &error) ||
        !g_spawn_check_wait_status (wait_status, &error))
      return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the store could not be filled: %s",
                            error->message);
  }

  printf ("bench startup: %s on a store of %d completed cases\n", app, n_cases);
  for (int run = 0; run < runs; run++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      g_autoptr(GSubprocess) process = NULL;
      g_autofree char *t0 = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
      g_autofree char *out = NULL;
      const char *found;
      double ms;

      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", home, TRUE);
      g_subprocess_launcher_setenv (launcher, "MDG_STARTUP_T0", t0, TRUE);
      if (!(process = g_subprocess_launcher_spawn (launcher, &error, app, NULL)) ||
          !g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s: %s", app, error->message);
      if (!(found = strstr (out, "interactive after ")))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE,
                              "%s did not report an interactive window (exit %d)", app,
                              g_subprocess_get_if_exited (process)
                              ? g_subprocess_get_exit_status (process) : -1);
      ms = g_ascii_strtod (found + strlen ("interactive after "), NULL);
      g_array_append_val (times, ms);
    }

  g_array_sort (times, compare_doubles);
  printf ("  start to an interactive window: median %.0f ms, min %.0f ms, max %.0f ms (%d runs)\n",
          g_array_index (times, double, times->len / 2), g_array_index (times, double, 0),
          g_array_index (times, double, times->len - 1), runs);

  g_unlink (store);
  {
    g_autofree char *wal = g_strconcat (store, "-wal", NULL);
    g_autofree char *shm = g_strconcat (store, "-shm", NULL);

    g_unlink (wal);
    g_unlink (shm);
  }
  g_rmdir (store_dir);
  g_rmdir (home);

  return MDG_TOOL_EXIT_OK;
}

/* bench visit -------------------------------------------------------------- */

/* The program that holds the benchmarks of the windows (tests/app/mdg-bench-ui.c):
 * the one of the build tree beside this tool, else the installed one. */
static char *
find_bench_ui (void)
{
  g_autofree char *self = g_file_read_link ("/proc/self/exe", NULL);

  if (self != NULL)
    {
      g_autofree char *dir = g_path_get_dirname (self);
      g_autofree char *built = g_build_filename (dir, "..", "..", "tests", "app",
                                                 "madoguchi-bench-ui", NULL);

      if (g_file_test (built, G_FILE_TEST_IS_EXECUTABLE))
        return g_steal_pointer (&built);
    }

  return g_build_filename (LIBEXECDIR, "madoguchi-bench-ui", NULL);
}

/* The 転入 of the demo family 熊本 through the real counter window, driven as
 * a clerk would. The window runs in madoguchi-bench-ui, so that this tool
 * links no GTK; its output and exit status are this command's. */
int
mdg_tool_bench_visit (int    argc,
                      char **argv)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bench_ui = find_bench_ui ();

  g_ptr_array_add (args, bench_ui);
  g_ptr_array_add (args, (char *) "visit");
  for (int i = 1; i < argc; i++)
    g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);

  fflush (stdout);
  if (!(process = g_subprocess_newv ((const char * const *) args->pdata, G_SUBPROCESS_FLAGS_NONE,
                                     &error)) ||
      !g_subprocess_wait (process, NULL, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s: %s", bench_ui, error->message);
  if (!g_subprocess_get_if_exited (process))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s did not exit normally", bench_ui);

  return g_subprocess_get_exit_status (process);
}
