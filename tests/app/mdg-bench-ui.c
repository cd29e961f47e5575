/* mdg-bench-ui.c: madoguchi-bench-ui, the benchmarks that drive a window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `madoguchi-tool bench visit` runs this program, so that the tool itself
 * links no GTK (README.md, "Benchmarks of the windows"). It is installed in
 * libexecdir and built beside the UI tests, whose visit driver it uses.
 *
 *   madoguchi-bench-ui visit
 */

#define G_LOG_DOMAIN "mdg-bench-ui"

#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-application.h"
#include "mdg-visit-driver.h"

/* the exit statuses of madoguchi-tool */
#define EXIT_BAD_INPUT 2

static int fail (int         status,
                 const char *format,
                 ...) G_GNUC_PRINTF (2, 3);

static int
fail (int         status,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_strdelimit (message, "\n\r", ' ');
  fprintf (stderr, "madoguchi-tool: %s\n", message);
  return status;
}

static gboolean
parse_options (GOptionEntry   *entries,
               int            *argc,
               char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      fail (EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static double
percentile_ms (GArray *sorted_us,
               double  fraction)
{
  guint index;

  if (sorted_us->len == 0)
    return 0;
  index = MIN (sorted_us->len - 1, (guint) (fraction * sorted_us->len));
  return g_array_index (sorted_us, gint64, index) / 1000.0;
}

/* bench visit -------------------------------------------------------------- */

typedef struct
{
  const char *name;
  gint64      us;
  guint       n_actions;
  guint       n_fields;
  guint       n_chars;
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
          guint           fields_before,
          guint           chars_before)
{
  Step step = { name, g_get_monotonic_time () - start, driver->n_actions - actions_before,
                driver->n_fields - fields_before, driver->n_chars - chars_before };

  g_array_append_val (steps, step);
}

/* The 転入 of the demo family 熊本 (four members) through the real counter
 * window, driven as a clerk would: the time of each step, the clicks and
 * keys, the fields typed, and how fast the screen answers each input. */
static int
bench_visit (int    argc,
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
  guint actions, fields, chars, total_actions = 0, total_fields = 0, total_chars = 0;
  gint64 start, total_us = 0;
  GOptionEntry entries[] = { { NULL } };

  if (!parse_options (entries, &argc, &argv))
    return EXIT_BAD_INPUT;
  if (argc != 1)
    return fail (EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    return fail (EXIT_BAD_INPUT,
                 "bench visit needs a display: run it under xvfb-run -a");

  /* A store of its own, before anything asks GLib for the data directory;
   * the messages the driver reads are the English source. */
  if (!(home = g_dir_make_tmp ("mdg-bench-visit-XXXXXX", &error)))
    return fail (EXIT_FAILURE, "%s", error->message);
  g_setenv ("XDG_DATA_HOME", home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);
  gtk_init ();
  adw_init ();

  if (!(catalog = mdg_catalog_load_default (&error)))
    return fail (EXIT_FAILURE, "%s", error->message);
  app = mdg_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    return fail (EXIT_FAILURE, "%s", error->message);

  mdg_workstation_open (mdg_application_get_workstation (app));
  window = mdg_window_new (app, mdg_application_get_workstation (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  mdg_visit_driver_init (&driver, window, catalog);
  g_signal_connect (driver.case_view, "completed", G_CALLBACK (on_completed_cb), &completed);
  if (!mdg_visit_driver_spin_until (store_is_open, &driver, 30))
    return fail (EXIT_FAILURE, "the local store did not open");

#define STEP_BEGIN() G_STMT_START { start = g_get_monotonic_time (); \
  actions = driver.n_actions; fields = driver.n_fields; chars = driver.n_chars; } G_STMT_END
#define STEP_END(name) step_end (steps, name, start, &driver, actions, fields, chars)

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
    return fail (EXIT_FAILURE, "the signed forms did not come");
  STEP_END ("sign (once) and 本人確認 (once)");

  STEP_BEGIN ();
  mdg_visit_driver_activate (&driver, "win.next-step", NULL);
  driver.n_actions++;
  if (!gtk_widget_activate_action (GTK_WIDGET (driver.case_view), "case.complete", NULL) ||
      !mdg_visit_driver_spin_until (is_true, &completed, 60))
    return fail (EXIT_FAILURE, "the visit did not complete");
  STEP_END ("complete (stored)");

#undef STEP_BEGIN
#undef STEP_END

  printf ("bench visit: 転入 of the demo family 熊本 (4 members) through the counter window, "
          "1366x768, driven as a clerk would\n");
  printf ("  %-34s %9s %12s %13s %11s\n", "step", "time", "clicks/keys", "fields typed",
          "characters");
  for (guint i = 0; i < steps->len; i++)
    {
      const Step *step = &g_array_index (steps, Step, i);

      printf ("  %-34s %7.2f s %12u %13u %11u\n", step->name, step->us / 1e6, step->n_actions,
              step->n_fields, step->n_chars);
      total_us += step->us;
      total_actions += step->n_actions;
      total_fields += step->n_fields;
      total_chars += step->n_chars;
    }
  printf ("  %-34s %7.2f s %12u %13u %11u\n", "total", total_us / 1e6, total_actions,
          total_fields, total_chars);
  printf ("  (the times include the driver's pause of 50–100 ms after each input, for the work "
          "on other threads)\n");

  g_array_sort (driver.responses, compare_int64);
  printf ("  the screen answered each of %u inputs in: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
          driver.responses->len, percentile_ms (driver.responses, 0.50),
          percentile_ms (driver.responses, 0.99),
          percentile_ms (driver.responses, 1.0));
  printf ("  the resident wrote nothing and signed once; on paper the plan counts 26 writings "
          "of the name for such a visit\n");

  mdg_visit_driver_clear (&driver);
  gtk_window_destroy (GTK_WINDOW (window));
  mdg_visit_driver_spin (100);

  return EXIT_SUCCESS;
}

int
main (int    argc,
      char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "visit") == 0)
    return bench_visit (argc - 1, argv + 1);

  fprintf (stderr, "Usage: madoguchi-bench-ui visit [OPTIONS…]\n"
                   "(run by madoguchi-tool bench visit)\n");
  return EXIT_BAD_INPUT;
}
