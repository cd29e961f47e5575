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

#include "mdg-application.h"
#include "mdg-tool-private.h"
#include "mdg-visit-driver.h"

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

typedef struct
{
  const char *name;
  gint64      us;
  guint       n_actions;
  guint       n_fields;
} Step;

static gboolean
store_is_open (gpointer data)
{
  MdgVisitDriver *driver = data;
  g_autofree char *text = mdg_visit_driver_dup_visible_text (GTK_WIDGET (driver->window));

  /* the banner counts the outbox once the store is open */
  return strstr (text, "wait") != NULL;
}

static void
on_completed_cb (MdgCaseView *view,
                 const char  *case_id,
                 gboolean    *completed)
{
  *completed = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
step_end (GArray         *steps,
          const char     *name,
          gint64          start,
          MdgVisitDriver *driver,
          guint           actions_before,
          guint           fields_before)
{
  Step step = { name, g_get_monotonic_time () - start, driver->n_actions - actions_before,
                driver->n_fields - fields_before };

  g_array_append_val (steps, step);
}

/* The 転入 of the demo family 熊本 (four members) through the real counter
 * window, driven as a clerk would: the time of each step, the clicks and
 * keys, the fields typed, and how fast the screen answers each input. */
int
mdg_tool_bench_visit (int    argc,
                      char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgApplication) app = NULL;
  g_autoptr(GArray) steps = g_array_new (FALSE, FALSE, sizeof (Step));
  g_autofree char *home = NULL;
  MdgVisitDriver driver;
  MdgWindow *window;
  gboolean completed = FALSE;
  guint actions, fields, total_actions = 0, total_fields = 0;
  gint64 start, total_us = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                          "bench visit needs a display: run it under xvfb-run -a");

  /* A store of its own, before anything asks GLib for the data directory;
   * the messages the driver reads are the English source. */
  if (!(home = g_dir_make_tmp ("mdg-bench-visit-XXXXXX", &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_init ();
  adw_init ();

  if (!(catalog = mdg_catalog_load_default (&error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
  app = mdg_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);

  window = mdg_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  mdg_visit_driver_init (&driver, window, catalog);
  g_signal_connect (driver.case_view, "completed", G_CALLBACK (on_completed_cb), &completed);
  if (!mdg_visit_driver_spin_until (store_is_open, &driver, 30))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the local store did not open");

#define STEP_BEGIN() G_STMT_START { start = g_get_monotonic_time (); \
  actions = driver.n_actions; fields = driver.n_fields; } G_STMT_END
#define STEP_END(name) step_end (steps, name, start, &driver, actions, fields)

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.walk-in", NULL);
  mdg_visit_driver_search (&driver, "クマモト");
  STEP_END ("identify (search, Enter)");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  STEP_END ("event and household (as read)");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  mdg_visit_driver_interview (&driver, mdg_visit_driver_choose_first);
  STEP_END ("interview");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  STEP_END ("guidance");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  mdg_visit_driver_fill_details (&driver);
  STEP_END ("forms (details the case lacks)");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  if (!mdg_visit_driver_sign (&driver))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the signed forms did not come");
  STEP_END ("sign (once) and 本人確認 (once)");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  driver.n_actions++;
  if (!gtk_widget_activate_action (GTK_WIDGET (driver.case_view), "case.complete", NULL) ||
      !mdg_visit_driver_spin_until (is_true, &completed, 60))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the visit did not complete");
  STEP_END ("complete (stored)");

#undef STEP_BEGIN
#undef STEP_END

  printf ("bench visit: 転入 of the demo family 熊本 (4 members) through the counter window, "
          "1366x768, driven as a clerk would\n");
  printf ("  %-34s %9s %12s %13s\n", "step", "time", "clicks/keys", "fields typed");
  for (guint i = 0; i < steps->len; i++)
    {
      const Step *step = &g_array_index (steps, Step, i);

      printf ("  %-34s %7.2f s %12u %13u\n", step->name, step->us / 1e6, step->n_actions,
              step->n_fields);
      total_us += step->us;
      total_actions += step->n_actions;
      total_fields += step->n_fields;
    }
  printf ("  %-34s %7.2f s %12u %13u\n", "total", total_us / 1e6, total_actions, total_fields);
  printf ("  (the times include the driver's pause of 50–100 ms after each input, for the work "
          "on other threads)\n");

  g_array_sort (driver.responses, mdg_tool_compare_int64);
  printf ("  the screen answered each of %u inputs in: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
          driver.responses->len, mdg_tool_percentile_ms (driver.responses, 0.50),
          mdg_tool_percentile_ms (driver.responses, 0.99),
          mdg_tool_percentile_ms (driver.responses, 1.0));
  printf ("  the resident wrote nothing and signed once; on paper the plan counts 26 writings "
          "of the name for such a visit\n");

  mdg_visit_driver_clear (&driver);
  gtk_window_destroy (GTK_WINDOW (window));
  mdg_visit_driver_spin (100);

  return MDG_TOOL_EXIT_OK;
}
