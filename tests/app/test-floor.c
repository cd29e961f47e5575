/* test-floor.c: the floor manager's queue monitor and the waiting-room display
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real windows under Xvfb (GDK_BACKEND=x11) on a real local store and a
 * real PostgreSQL on loopback: a scripted morning is written into the ward
 * database through its own ticket functions (issue, call, close), the
 * times set back to make the waits of a busy hour; the windows learn it
 * through the ward link (NOTIFY, pull) and the tests assert what the floor
 * manager and the residents see. With MDG_SCREENSHOTS=DIR both windows are
 * saved there (data/screenshots).
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <locale.h>

#include "mdg-application.h"
#include "mdg-bands.h"
#include "mdg-kpi.h"
#include "mdg-kpi-chart.h"
#include "mdg-kpi-window.h"
#include "mdg-queue-monitor.h"
#include "mdg-queue-source.h"
#include "mdg-test-app.h"
#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"
#include "mdg-visit-driver.h"
#include "mdg-waiting-display.h"
#include "mdg-ward.h"
#include "mdg-window.h"

static MdgApplication *application;

typedef struct
{
  MdgToolPostgres   *server;
  char              *conninfo;
  char              *store_path;
  MdgWorkstation    *workstation;
  MdgStore          *store;
  MdgWardLink       *link;
  MdgQueueSource    *source;
  MdgQueueMonitor   *monitor;
  MdgWaitingDisplay *display;
  guint              chimes_wanted;
} Fixture;

static void
ward_exec (Fixture    *fixture,
           const char *sql)
{
  PGconn *conn = PQconnectdb (fixture->conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  if (PQresultStatus (result) != PGRES_COMMAND_OK && PQresultStatus (result) != PGRES_TUPLES_OK)
    g_error ("%s: %s", sql, PQerrorMessage (conn));
  PQclear (result);
  PQfinish (conn);
}

/* The scripted morning, minutes before now:
 *   band 1 (ワンストップ): 1001–1004 done at counters 1 and 2 (30, 35, 40
 *     and 45 minute visits, all within the last two hours); 1005 and 1006 served now at counters 1 and 2;
 *     1007–1012 waiting, issued 80, 70, 50, 30, 15 and 5 minutes ago.
 *   band 2 (転出): 2001 served at counter 6; 2002, 2003 waiting (20, 10).
 *   band 3 (証明書): 3001 done at counter 8; 3002 waiting (3).
 * The visits of band 1 were moving in; the residents rated 1001 5, 1002 4,
 * 1003 2 and 3001 5. */
static void
script_morning (Fixture *fixture)
{
  static const struct {
    int band;
    int issued;   /* minutes ago */
    int called;   /* minutes ago; -1 waiting */
    int closed;   /* minutes ago; -1 not closed */
    int counter;
    int rating;   /* 0: none */
  } tickets[] = {
    { 1, 150, 140, 110, 1, 5 },
    { 1, 145, 135, 100, 2, 4 },
    { 1, 130, 110, 70, 1, 2 },
    { 1, 120, 100, 55, 2, 0 },
    { 1, 100, 20, -1, 1 },
    { 1, 90, 10, -1, 2 },
    { 1, 80, -1, -1, 0 },
    { 1, 70, -1, -1, 0 },
    { 1, 50, -1, -1, 0 },
    { 1, 30, -1, -1, 0 },
    { 1, 15, -1, -1, 0 },
    { 1, 5, -1, -1, 0 },
    { 2, 40, 8, -1, 6 },
    { 2, 20, -1, -1, 0 },
    { 2, 10, -1, -1, 0 },
    { 3, 30, 25, 22, 8, 5 },
    { 3, 3, -1, -1, 0 },
  };
  static const char *ratings[] = { "NULL", "1", "2", "3", "4", "5" };
  g_autoptr(GString) sql = g_string_new ("BEGIN;");

  /* issued through the ward's own function, numbered by it */
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    g_string_append_printf (sql, "SELECT madoguchi.issue_ticket (gen_random_uuid (), %d, "
                                 "'00000000-0000-0000-0000-000000000001');", tickets[i].band);
  g_string_append (sql, "COMMIT;");
  ward_exec (fixture, sql->str);

  g_string_assign (sql, "BEGIN;");
  for (guint i = 0; i < G_N_ELEMENTS (tickets); i++)
    {
      int number = tickets[i].band * 1000 + 1;

      for (guint j = 0; j < i; j++)
        if (tickets[j].band == tickets[i].band)
          number++;
      g_string_append_printf (sql, "UPDATE madoguchi.tickets SET issued_at = now () - "
                                   "interval '%d minutes' WHERE number = %d;",
                              tickets[i].issued, number);
      if (tickets[i].called >= 0)
        g_string_append_printf (sql, "UPDATE madoguchi.tickets SET status = 'called', counter = %d, "
                                     "called_at = now () - interval '%d minutes' WHERE number = %d;",
                                tickets[i].counter, tickets[i].called, number);
      if (tickets[i].closed >= 0)
        g_string_append_printf (sql, "UPDATE madoguchi.tickets SET status = 'done', event = %s, "
                                     "rating = %s, closed_at = now () - interval '%d minutes' "
                                     "WHERE number = %d;",
                                tickets[i].band == 1 ? "'move_in'" : "NULL",
                                ratings[tickets[i].rating],
                                tickets[i].closed, number);
    }
  g_string_append (sql, "COMMIT;");
  ward_exec (fixture, sql->str);
}

static gboolean
source_has_17 (gpointer data)
{
  Fixture *fixture = data;

  return mdg_queue_source_get_online (fixture->source) &&
         mdg_queue_source_get_tickets (fixture->source)->len == 17;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->conninfo = mdg_test_app_start_ward (&fixture->server);
  script_morning (fixture);

  fixture->store_path = g_build_filename (g_get_user_data_dir (), "floor.sqlite", NULL);
  fixture->workstation = mdg_test_app_open_workstation (fixture->store_path, fixture->conninfo);
  fixture->store = g_object_ref (mdg_workstation_get_store (fixture->workstation));
  fixture->link = g_object_ref (mdg_workstation_get_link (fixture->workstation));
  fixture->source = g_object_ref (mdg_workstation_get_queue_source (fixture->workstation));
  mdg_test_wait (source_has_17, fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  MdgStore *store;

  g_clear_pointer ((GtkWindow **) &fixture->monitor, gtk_window_destroy);
  g_clear_pointer ((GtkWindow **) &fixture->display, gtk_window_destroy);
  g_clear_object (&fixture->source);
  g_clear_object (&fixture->link);
  /* its link stops with it */
  g_clear_object (&fixture->workstation);
  /* the store closes once its last job let it go: then its file can go */
  store = fixture->store;
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&fixture->store);
  mdg_test_wait_finalized ((gpointer *) &store);
  g_unlink (fixture->store_path);
  g_free (fixture->store_path);
  g_free (fixture->conninfo);
  g_clear_pointer (&fixture->server, mdg_tool_postgres_free);
}

static gboolean
sees (GtkWidget  *window,
      const char *text)
{
  g_autofree char *visible = mdg_visit_driver_dup_visible_text (window);

  return strstr (visible, text) != NULL;
}

/* Waits until @text is on the screen; fails showing what is. */
static void
assert_sees (GtkWidget  *window,
             const char *text)
{
  gint64 end = g_get_monotonic_time () + MDG_TEST_TIMEOUT_MS * G_GINT64_CONSTANT (1000);

  for (;;)
    {
      g_autofree char *visible = mdg_visit_driver_dup_visible_text (window);

      if (strstr (visible, text) != NULL)
        return;
      if (g_get_monotonic_time () >= end)
        g_error ("\"%s\" is not on the screen:\n%s", text, visible);
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static const char *
band_name (int band)
{
  return mdg_bands_lookup (mdg_bands_get_default (NULL), band)->name;
}

/* The first row of the waiting list: the ticket called next. */
static char *
dup_first_waiting (Fixture *fixture)
{
  GtkListBox *list = GTK_LIST_BOX (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->monitor),
                                                                "waiting_list"));
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, 0);

  return g_strdup (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
}

static guint
count_long_wait_rows (Fixture *fixture)
{
  GtkListBox *list = GTK_LIST_BOX (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->monitor),
                                                                "waiting_list"));
  guint count = 0;

  for (int i = 0; gtk_list_box_get_row_at_index (list, i) != NULL; i++)
    if (gtk_widget_has_css_class (GTK_WIDGET (gtk_list_box_get_row_at_index (list, i)), "long-wait"))
      count++;

  return count;
}

static char *
ticket_id (Fixture *fixture,
           int      number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id FROM madoguchi.tickets WHERE number = %d",
                                          number);

  return mdg_test_app_ward_value (fixture->conninfo, sql);
}

static gboolean
first_is_1012 (gpointer data)
{
  g_autofree char *first = dup_first_waiting (data);
  g_autofree char *wanted = g_strdup_printf (_("Ticket %d"), 1012);

  return g_strcmp0 (first, wanted) == 0;
}

static gboolean
band_4_has_a_counter (gpointer data)
{
  Fixture *fixture = data;

  return mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 4)->counters == 1;
}

static gboolean
band_2_has_three (gpointer data)
{
  Fixture *fixture = data;
  const MdgQueueBandState *state = mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 2);

  return state->waiting == 3;
}

static void
test_monitor (Fixture       *fixture,
              gconstpointer  data)
{
  GtkWidget *window;
  const MdgQueueBandState *band_1;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  g_autofree char *state = NULL;
  g_autofree char *called = NULL;
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "counter.sqlite", NULL);

  fixture->monitor = mdg_queue_monitor_new (GTK_APPLICATION (application), fixture->workstation);
  window = GTK_WIDGET (fixture->monitor);
  gtk_window_present (GTK_WINDOW (window));
  mdg_test_drain ();

  /* Band 1: six waiting, the oldest for 80 minutes; counters 1 and 2 open
   * on it, their visits taking 37.5 minutes on average this morning. */
  band_1 = mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 1);
  g_assert_cmpuint (band_1->waiting, ==, 6);
  g_assert_cmpuint (band_1->counters, ==, 2);
  g_assert_cmpint (band_1->longest_wait / 60, ==, 80);
  g_assert_cmpfloat_with_epsilon (band_1->service_time, 37.5 * 60, 1);
  /* Played forward, 37.5 minutes a visit: counter 1 is free at +17.5 and
   * counter 2 at +27.5; they call 1007 to 1012 at 17.5, 27.5, 55, 65,
   * 92.5 and 102.5; counter 1, free again at 130, calls a ticket taken now. */
  g_assert_cmpint (band_1->estimate, <=, 130 * 60);
  g_assert_cmpint (band_1->estimate, >, 129 * 60);  /* the seconds since the script ran */
  text = g_strdup_printf (ngettext ("About %d minute", "About %d minutes", 130), 130);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (ngettext ("%u waiting", "%u waiting", 6), 6);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("Serving %d · %d min"), 1005, 20);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("Counter %d"), 6);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);

  /* 1007 (80 minutes) and 1008 (70) waited longer than the 60 minutes of
   * the setting: both rows stand out, and the title counts them. */
  g_assert_cmpuint (count_long_wait_rows (fixture), ==, 2);
  text = g_strdup_printf (ngettext ("Waiting: %u · %u longer than %d minutes",
                                    "Waiting: %u · %u longer than %d minutes", 2), 9, 2, 60);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  {
    g_autofree char *first = dup_first_waiting (fixture);
    g_autofree char *oldest = g_strdup_printf (_("Ticket %d"), 1007);

    g_assert_cmpstr (first, ==, oldest);
  }
  mdg_visit_driver_screenshot (window, "monitor");

  /* Counter 8 registers bands 3 and 4 (its preferences): band 4, which no
   * counter called today, gets counter 8 and an estimate at once. */
  {
    int bands[] = { 3, 4 };
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;

    mdg_ward_register_counter_async (mdg_ward_link_get_connection (fixture->link), fixture->store,
                                     8, bands, G_N_ELEMENTS (bands), NULL, mdg_test_app_async_cb, &result);
    mdg_test_wait (mdg_test_app_has_result, &result);
    g_assert_true (mdg_ward_register_counter_finish (result, &error));
    g_assert_no_error (error);
    mdg_test_wait (band_4_has_a_counter, fixture);
    /* counter 8 is free and calls 3002 first (waiting since 3 minutes;
     * band 3 has one visit today, so its 6 minutes of bands.json): a band-4
     * ticket taken now is called in 6 minutes */
    g_assert_cmpint (mdg_queue_band_state (mdg_queue_source_get_bands (fixture->source), 4)->estimate, ==, 6 * 60);
  }

  /* 1012 needs support: called first, in the ward and in the list. */
  id = ticket_id (fixture, 1012);
  gtk_widget_activate_action (window, "monitor.prioritise", "(sb)", id, TRUE);
  mdg_test_wait (first_is_1012, fixture);
  state = mdg_test_app_ward_value (fixture->conninfo, "SELECT priority FROM madoguchi.tickets WHERE number = 1012");
  g_assert_cmpstr (state, ==, "t");
  g_assert_cmpint (mdg_test_run_tool (&called, "ticket", "call-next", "--store", store,
                                      "--counter", "1", "--bands", "1",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (called), ==, "1012");
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&state, g_free);

  /* 1011 only wants a certificate: moved to band 2 with a click. */
  id = ticket_id (fixture, 1011);
  gtk_widget_activate_action (window, "monitor.transfer", "(sii)", id, 2, 0);
  mdg_test_wait (band_2_has_three, fixture);
  state = mdg_test_app_ward_value (fixture->conninfo, "SELECT band || ' ' || status FROM madoguchi.tickets "
                               "WHERE number = 1011");
  g_assert_cmpstr (state, ==, "2 waiting");
  text = g_strdup_printf (ngettext ("%s · waiting %d minute", "%s · waiting %d minutes", 15),
                          band_name (2), 15);
  assert_sees (window, text);
  g_clear_pointer (&id, g_free);
  g_clear_pointer (&state, g_free);

  /* 2003 is kept for counter 6, where its resident's file is. */
  id = ticket_id (fixture, 2003);
  gtk_widget_activate_action (window, "monitor.transfer", "(sii)", id, 2, 6);
  {
    gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    while (TRUE)
      {
        state = mdg_test_app_ward_value (fixture->conninfo, "SELECT coalesce (target_counter, 0) || ' ' || status "
                                     "FROM madoguchi.tickets WHERE number = 2003");
        if (g_str_equal (state, "6 waiting"))
          break;
        g_clear_pointer (&state, g_free);
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        mdg_visit_driver_spin (100);
      }
  }
}

static gboolean
chimed_enough (gpointer data)
{
  Fixture *fixture = data;

  return mdg_waiting_display_get_chimes (fixture->display) >= fixture->chimes_wanted;
}

static gboolean
display_is_stale (gpointer data)
{
  Fixture *fixture = data;

  return !mdg_queue_source_get_online (fixture->source) &&
         gtk_widget_has_css_class (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->display),
                                                                "status_label"), "stale");
}

static gboolean
display_is_live (gpointer data)
{
  Fixture *fixture = data;

  return mdg_queue_source_get_online (fixture->source) &&
         !gtk_widget_has_css_class (mdg_visit_driver_find_by_id (GTK_WIDGET (fixture->display),
                                                                 "status_label"), "stale");
}

static gboolean
sees_1008_called (gpointer data)
{
  Fixture *fixture = data;

  return sees (GTK_WIDGET (fixture->display), "1008");
}

static void
test_display (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  g_autofree char *text = NULL;
  g_autofree char *called = NULL;
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "counter.sqlite", NULL);

  fixture->display = mdg_waiting_display_new (GTK_APPLICATION (application), fixture->workstation, FALSE);
  window = GTK_WIDGET (fixture->display);
  gtk_window_set_default_size (GTK_WINDOW (window), 1366, 768);
  gtk_window_present (GTK_WINDOW (window));
  mdg_test_drain ();

  /* The numbers at the counters now, newest first, and each band's wait. */
  assert_sees (window, "1005");
  assert_sees (window, "1006");
  assert_sees (window, "2001");
  g_assert_false (sees (window, "1004"));
  text = g_strdup_printf (_("Counter %d"), 6);
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (_("%d– %s"), 1001, band_name (1));
  assert_sees (window, text);
  g_clear_pointer (&text, g_free);
  g_assert_cmpuint (mdg_waiting_display_get_chimes (fixture->display), ==, 0);
  mdg_visit_driver_screenshot (window, "display");

  /* Counter 2 calls the next: the display shows it and chimes; a recall
   * chimes again. */
  g_assert_cmpint (mdg_test_run_tool (&called, "ticket", "call-next", "--store", store,
                                      "--counter", "2", "--bands", "1",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (called), ==, "1007");
  fixture->chimes_wanted = 1;
  mdg_test_wait (chimed_enough, fixture);
  assert_sees (window, "1007");
  g_assert_cmpint (mdg_test_run_tool (NULL, "ticket", "recall", "--store", store,
                                      "--number", "1007", "--counter", "2",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);
  fixture->chimes_wanted = 2;
  mdg_test_wait (chimed_enough, fixture);

  /* The ward database goes away: the numbers stay, marked as of their
   * time; it comes back, and so does the display, by itself. */
  g_assert_true (mdg_tool_postgres_stop (fixture->server, &error));
  g_assert_no_error (error);
  mdg_test_wait (display_is_stale, fixture);
  assert_sees (window, "1007");
  mdg_visit_driver_screenshot (window, "display-offline");
  g_assert_true (mdg_tool_postgres_restart (fixture->server, &error));
  g_assert_no_error (error);
  mdg_test_wait (display_is_live, fixture);
  g_clear_pointer (&called, g_free);
  g_assert_cmpint (mdg_test_run_tool (&called, "ticket", "call-next", "--store", store,
                                      "--counter", "1", "--bands", "1",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (called), ==, "1008");
  mdg_test_wait (sees_1008_called, fixture);
  fixture->chimes_wanted = 3;
  mdg_test_wait (chimed_enough, fixture);
}

static gboolean
week_drawn (gpointer window)
{
  GtkWidget *chart = mdg_visit_driver_find_by_id (window, "stay_chart");

  return mdg_kpi_chart_get_n_bars (MDG_KPI_CHART (chart)) == 7;
}

static gboolean
kpi_loaded (gpointer data)
{
  return mdg_kpi_window_get_loaded (data);
}

static void
test_kpi (Fixture       *fixture,
          gconstpointer  data)
{
  MdgKpiWindow *window = mdg_kpi_window_new (GTK_APPLICATION (application), fixture->workstation);
  g_autofree char *text = NULL;
  GtkWidget *monitor;

  gtk_window_present (GTK_WINDOW (window));
  mdg_test_wait (kpi_loaded, window);

  /* Worked by hand from the scripted morning: the moving-in stays are 40,
   * 45, 60 and 65 minutes (issued → closed); nearest rank, the median is
   * the 2nd of 4 (45) and the 90th percentile the 4th (65). */
  text = g_strdup_printf (_("%.0f min"), 45.0);
  assert_sees (GTK_WIDGET (window), text);
  g_clear_pointer (&text, g_free);
  text = g_strdup_printf (ngettext ("Median of %u visit · 90%%: %.0f min · target %g min",
                                    "Median of %u visits · 90%%: %.0f min · target %g min", 4),
                          4, 65.0, mdg_kpi_targets_lookup (mdg_kpi_fiscal_year (mdg_kpi_day_of_time (g_get_real_time () / G_USEC_PER_SEC)))->stay_minutes);
  assert_sees (GTK_WIDGET (window), text);
  g_clear_pointer (&text, g_free);
  /* Five visits completed (1001–1004 and 3001) of 17 tickets. */
  text = g_strdup_printf (ngettext ("%u visit", "%u visits", 5), 5);
  assert_sees (GTK_WIDGET (window), text);
  g_clear_pointer (&text, g_free);
  /* Ratings 5, 4, 2 and 5: three of four satisfied, 75.0 %, mean 4.0. */
  assert_sees (GTK_WIDGET (window), "75.0%");
  g_assert_cmpuint (mdg_kpi_chart_get_n_bars (MDG_KPI_CHART (mdg_visit_driver_find_by_id (GTK_WIDGET (window), "stay_chart"))), ==, 1);
  /* Moving in and band 1 are the same four visits (ratings 5, 4 and 2:
   * two of three satisfied): one row each, by life event and by band. */
  text = g_strdup_printf (ngettext ("%u visit · stay %.0f min (90%%: %.0f min) · satisfied %s",
                                    "%u visits · stay %.0f min (90%%: %.0f min) · satisfied %s", 4),
                          4, 45.0, 65.0, "67%");
  {
    g_autofree char *visible = mdg_visit_driver_dup_visible_text (GTK_WIDGET (window));
    g_auto(GStrv) parts = g_strsplit (visible, text, -1);

    g_assert_cmpuint (g_strv_length (parts), ==, 3);
  }
  g_clear_pointer (&text, g_free);
  mdg_visit_driver_screenshot (GTK_WIDGET (window), "kpi-today");

  /* A week: seven days, today's bar last. */
  mdg_kpi_window_set_period (window, MDG_KPI_PERIOD_WEEK);
  mdg_test_wait (kpi_loaded, window);
  mdg_test_wait (week_drawn, window);
  g_assert_cmpuint (mdg_kpi_chart_get_n_bars (MDG_KPI_CHART (mdg_visit_driver_find_by_id (GTK_WIDGET (window), "stay_chart"))), ==, 7);
  gtk_window_destroy (GTK_WINDOW (window));

  /* The monitor sums up today the same way. */
  fixture->monitor = mdg_queue_monitor_new (GTK_APPLICATION (application), fixture->workstation);
  monitor = GTK_WIDGET (fixture->monitor);
  gtk_window_present (GTK_WINDOW (monitor));
  text = g_strdup_printf (_("Today: %u visits completed · stay %.0f min (moving in, median) · %.0f%% satisfied"),
                          5, 45.0, 75.0);
  assert_sees (monitor, text);
}

static MdgWorkstation *
dup_window_workstation (gpointer window)
{
  MdgWorkstation *workstation = NULL;

  g_object_get (window, "workstation", &workstation, NULL);
  return workstation;
}

/* One workstation under every window: the counter, the monitor, the
 * display and the KPIs share its store, link and queue. Closing the
 * counter leaves the others live: a ticket the ward issues afterwards
 * reaches the monitor, and a call the display. */
static void
test_shared_workstation (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(MdgWorkstation) monitor_workstation = NULL;
  g_autoptr(MdgWorkstation) display_workstation = NULL;
  g_autoptr(MdgWorkstation) kpi_workstation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *called = NULL;
  g_autofree char *store = g_build_filename (g_get_user_data_dir (), "counter.sqlite", NULL);
  MdgWorkstation *workstation = fixture->workstation;
  MdgQueueSource *source = mdg_workstation_get_queue_source (workstation);
  MdgWindow *counter;
  MdgKpiWindow *kpi;

  counter = mdg_window_new (application, workstation);
  gtk_window_present (GTK_WINDOW (counter));
  fixture->monitor = mdg_queue_monitor_new (GTK_APPLICATION (application), workstation);
  gtk_window_present (GTK_WINDOW (fixture->monitor));
  fixture->display = mdg_waiting_display_new (GTK_APPLICATION (application), workstation, FALSE);
  gtk_window_present (GTK_WINDOW (fixture->display));
  kpi = mdg_kpi_window_new (GTK_APPLICATION (application), workstation);
  gtk_window_present (GTK_WINDOW (kpi));
  mdg_test_wait (kpi_loaded, kpi);

  /* one store, one link, one queue: the workstation's */
  monitor_workstation = dup_window_workstation (fixture->monitor);
  display_workstation = dup_window_workstation (fixture->display);
  kpi_workstation = dup_window_workstation (kpi);
  g_assert_true (mdg_window_get_workstation (counter) == workstation);
  g_assert_true (monitor_workstation == workstation);
  g_assert_true (display_workstation == workstation);
  g_assert_true (kpi_workstation == workstation);
  g_assert_true (mdg_queue_source_get_store (source) == mdg_workstation_get_store (workstation));
  g_assert_true (mdg_queue_source_get_link (source) == mdg_workstation_get_link (workstation));
  g_assert_true (mdg_workstation_get_catalog (workstation, &error) ==
                 mdg_workstation_get_catalog (workstation, NULL));
  g_assert_no_error (error);
  text = g_strdup_printf (_("Ticket %d"), 3002);
  assert_sees (GTK_WIDGET (fixture->monitor), text);
  g_clear_pointer (&text, g_free);

  /* the counter closes: the workstation's store, link and queue stay */
  g_object_add_weak_pointer (G_OBJECT (counter), (gpointer *) &counter);
  gtk_window_destroy (GTK_WINDOW (counter));
  mdg_test_wait_finalized ((gpointer *) &counter);
  g_assert_true (mdg_workstation_get_queue_source (workstation) == source);
  g_assert_true (mdg_workstation_get_store (workstation) == fixture->store);
  g_assert_true (mdg_workstation_get_link (workstation) == fixture->link);

  /* a ticket issued in the ward reaches the monitor... */
  ward_exec (fixture, "SELECT madoguchi.issue_ticket (gen_random_uuid (), 3, "
                      "'00000000-0000-0000-0000-000000000001')");
  text = g_strdup_printf (_("Ticket %d"), 3003);
  assert_sees (GTK_WIDGET (fixture->monitor), text);
  g_clear_pointer (&text, g_free);

  /* ...and a call the display, with its chime */
  g_assert_cmpint (mdg_test_run_tool (&called, "ticket", "call-next", "--store", store,
                                      "--counter", "8", "--bands", "3",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (called), ==, "3002");
  fixture->chimes_wanted = 1;
  mdg_test_wait (chimed_enough, fixture);
  assert_sees (GTK_WIDGET (fixture->display), "3002");

  gtk_window_destroy (GTK_WINDOW (kpi));
}

/* `madoguchi --monitor`, `--display` and `--kiosk` run on their own: the
 * application opens the store and stays up with its window (it once quit
 * before the store was open). */
static void
test_standalone (void)
{
  static const char *modes[] = { "--monitor", "--display", "--kiosk" };

  for (guint i = 0; i < G_N_ELEMENTS (modes); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GSubprocess) process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                                         g_getenv ("MDG_APP"), modes[i], NULL);
      gint64 end = g_get_monotonic_time () + 4 * G_USEC_PER_SEC;

      g_assert_no_error (error);
      while (g_get_monotonic_time () < end)
        {
          mdg_visit_driver_spin (100);
          if (g_subprocess_get_identifier (process) == NULL)
            break;
        }
      if (g_subprocess_get_identifier (process) == NULL)
        g_error ("madoguchi %s ended after less than 4 s", modes[i]);
      g_subprocess_force_exit (process);
      g_subprocess_wait (process, NULL, NULL);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *home = NULL;
  int status;

  application = mdg_test_app_init (&argc, &argv, "mdg-test-floor-XXXXXX", &home);

  g_test_add ("/mdg/floor/monitor", Fixture, NULL, fixture_setup, test_monitor, fixture_teardown);
  g_test_add ("/mdg/floor/display", Fixture, NULL, fixture_setup, test_display, fixture_teardown);
  g_test_add ("/mdg/floor/kpi", Fixture, NULL, fixture_setup, test_kpi, fixture_teardown);
  g_test_add ("/mdg/floor/shared-workstation", Fixture, NULL, fixture_setup,
              test_shared_workstation, fixture_teardown);
  g_test_add_func ("/mdg/floor/standalone", test_standalone);

  status = g_test_run ();
  g_object_unref (application);

  return status;
}
