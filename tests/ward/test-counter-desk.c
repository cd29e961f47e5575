/* test-counter-desk.c: a counter's ticket protocol, without a display,
 * against a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <locale.h>
#include <stdlib.h>

#include "mdg-counter-desk.h"
#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"
#include "mdg-ward-error.h"
#include "mdg-ward.h"

#define TIMEOUT_S 30

static MdgToolPostgres *server;
static guint n_databases;

typedef struct
{
  char           *dir;
  char           *conninfo;
  char           *kiosk;     /* the store of the kiosk that issues the tickets */
  MdgStore       *store;
  MdgWardLink    *link;
  MdgCounterDesk *desk;
} Fixture;

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The main loop until @result came; fails after TIMEOUT_S. */
static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

  while (*result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
    }
  return *result;
}

static char *
ward_value (Fixture    *fixture,
            const char *sql)
{
  PGconn *conn = PQconnectdb (fixture->conninfo);
  PGresult *result;
  char *value;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (result), ==, 1);
  value = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  PQfinish (conn);
  return value;
}

/* "STATUS COUNTER" of today's ticket @number in the ward database. */
static char *
ward_ticket (Fixture *fixture,
             int      number)
{
  g_autofree char *sql = g_strdup_printf ("SELECT status || ' ' || coalesce (counter, 0) "
                                          "FROM madoguchi.tickets WHERE number = %d", number);

  return ward_value (fixture, sql);
}

static int
issue (Fixture    *fixture,
       const char *band)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", fixture->kiosk,
                                      "--band", band, "--conninfo", fixture->conninfo, NULL),
                   ==, 0);
  return atoi (out);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  static const int bands[] = { 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autofree char *admin = mdg_tool_postgres_dup_conninfo (server, "postgres");
  g_autofree char *dbname = g_strdup_printf ("desk%u", ++n_databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);
  g_autofree char *path = NULL;
  PGconn *conn = PQconnectdb (admin);
  gint64 end;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, create));
  PQfinish (conn);
  fixture->conninfo = mdg_tool_postgres_dup_conninfo (server, dbname);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->conninfo, NULL),
                   ==, 0);

  fixture->dir = g_dir_make_tmp ("mdg-test-desk-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->kiosk = g_build_filename (fixture->dir, "kiosk.sqlite", NULL);
  path = g_build_filename (fixture->dir, "counter.sqlite", NULL);
  mdg_store_open_async (path, NULL, async_cb, &opened);
  fixture->store = mdg_store_open_finish (wait_for (&opened), &error);
  g_assert_no_error (error);

  fixture->link = mdg_ward_link_new (fixture->store, fixture->conninfo);
  mdg_ward_link_set_backoff (fixture->link, 100, 500);
  mdg_ward_link_start (fixture->link);
  end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;
  while (!mdg_ward_link_get_online (fixture->link))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
    }

  fixture->desk = mdg_counter_desk_new (fixture->store);
  mdg_counter_desk_set_link (fixture->desk, fixture->link);
  mdg_counter_desk_set_counter (fixture->desk, 4, bands, G_N_ELEMENTS (bands));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  MdgStore *store = fixture->store;
  const char *name;

  g_clear_object (&fixture->desk);
  mdg_ward_link_stop (fixture->link);
  g_clear_object (&fixture->link);
  /* the store closes once its last job let it go */
  g_object_add_weak_pointer (G_OBJECT (store), (gpointer *) &store);
  g_clear_object (&fixture->store);
  {
    gint64 end = g_get_monotonic_time () + TIMEOUT_S * G_USEC_PER_SEC;

    while (store != NULL)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, end);
        g_main_context_iteration (NULL, FALSE) || (g_usleep (1000), TRUE);
      }
  }

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->kiosk);
  g_free (fixture->conninfo);
}

static MdgTicket *
call_next (Fixture  *fixture,
           GError  **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mdg_counter_desk_call_next_async (fixture->desk, NULL, async_cb, &result);
  return mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), error);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Call next takes the oldest waiting ticket of the counter's bands, to
 * this counter; one ticket at a time; nobody waiting is said so. */
static void
test_call_next (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MdgTicket) first = NULL;
  g_autoptr(MdgTicket) refused = NULL;
  g_autoptr(MdgTicket) none = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  guint ticket_notified = 0;
  guint busy_notified = 0;

  g_assert_cmpint (issue (fixture, "2"), ==, 2001);
  g_assert_cmpint (issue (fixture, "1"), ==, 1001);
  g_assert_cmpint (issue (fixture, "1"), ==, 1002);
  g_signal_connect (fixture->desk, "notify::ticket", G_CALLBACK (on_notify_cb), &ticket_notified);
  g_signal_connect (fixture->desk, "notify::busy", G_CALLBACK (on_notify_cb), &busy_notified);

  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
  first = call_next (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (first->number, ==, 1001);
  g_assert_cmpint (mdg_ticket_get_state (first), ==, MDG_QUEUE_STATE_CALLED);
  g_assert_cmpint (first->counter, ==, 4);
  g_assert_cmpstr (mdg_counter_desk_get_ticket (fixture->desk)->id, ==, first->id);
  g_assert_cmpuint (ticket_notified, ==, 1);
  g_assert_cmpuint (busy_notified, ==, 2);
  g_assert_false (mdg_counter_desk_get_busy (fixture->desk));
  state = ward_ticket (fixture, 1001);
  g_assert_cmpstr (state, ==, "called 4");

  /* the resident of 1001 is at the counter: no second call */
  refused = call_next (fixture, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_BUSY);
  g_assert_null (refused);
  g_clear_error (&error);
  g_clear_pointer (&state, g_free);
  state = ward_ticket (fixture, 1002);
  g_assert_cmpstr (state, ==, "waiting 0");

  /* 1001 closed, 1002 called; then nobody waits in band 1 (2001 is band 2's) */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(MdgTicket) closed = NULL;
    g_autoptr(MdgTicket) second = NULL;

    mdg_counter_desk_close_async (fixture->desk, "c0ffee00-0000-4000-8000-000000000001",
                                  "move_in", 0, NULL, async_cb, &result);
    closed = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
    g_assert_no_error (error);
    second = call_next (fixture, &error);
    g_assert_no_error (error);
    g_assert_cmpint (second->number, ==, 1002);
    mdg_counter_desk_close_async (fixture->desk, "c0ffee00-0000-4000-8000-000000000002",
                                  "move_in", 0, NULL, NULL, NULL);
  }
  none = call_next (fixture, &error);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING);
  g_assert_null (none);
  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
}

/* Recall announces the ticket again and keeps it at the counter; the recall
 * after the allowed ones records the no-show and frees the counter. */
static void
test_recall (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(MdgTicket) called = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;

  issue (fixture, "1");
  called = call_next (fixture, &error);
  g_assert_no_error (error);

  for (int i = 1; i <= 2; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(MdgTicket) recalled = NULL;

      mdg_counter_desk_recall_async (fixture->desk, FALSE, NULL, async_cb, &result);
      recalled = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_cmpint (recalled->recalls, ==, i);
      g_assert_cmpint (mdg_ticket_get_state (recalled), ==, MDG_QUEUE_STATE_CALLED);
      g_assert_nonnull (mdg_counter_desk_get_ticket (fixture->desk));
      g_assert_cmpint (mdg_counter_desk_get_ticket (fixture->desk)->recalls, ==, i);
    }

  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(MdgTicket) gone = NULL;

    mdg_counter_desk_recall_async (fixture->desk, TRUE, NULL, async_cb, &result);
    gone = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
    g_assert_no_error (error);
    g_assert_cmpint (mdg_ticket_get_state (gone), ==, MDG_QUEUE_STATE_NO_SHOW);
  }
  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
  state = ward_value (fixture, "SELECT status FROM madoguchi.tickets WHERE number = 1001");
  g_assert_cmpstr (state, ==, mdg_queue_state_to_string (MDG_QUEUE_STATE_NO_SHOW));
}

/* Hold sets the ticket aside at this counter and frees it; calling it back
 * brings it to the counter again; close ends it with the visit's case. */
static void
test_hold_and_close (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MdgTicket) called = NULL;
  g_autoptr(MdgTicket) held = NULL;
  g_autoptr(MdgTicket) back = NULL;
  g_autoptr(MdgTicket) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autofree char *id = NULL;

  issue (fixture, "1");
  called = call_next (fixture, &error);
  g_assert_no_error (error);
  id = g_strdup (called->id);

  {
    g_autoptr(GAsyncResult) result = NULL;

    mdg_counter_desk_hold_async (fixture->desk, NULL, async_cb, &result);
    held = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (mdg_ticket_get_state (held), ==, MDG_QUEUE_STATE_HELD);
  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
  state = ward_ticket (fixture, 1001);
  g_assert_cmpstr (state, ==, "held 4");

  {
    g_autoptr(GAsyncResult) result = NULL;

    mdg_counter_desk_call_held_async (fixture->desk, id, NULL, async_cb, &result);
    back = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (mdg_ticket_get_state (back), ==, MDG_QUEUE_STATE_CALLED);
  g_assert_nonnull (mdg_counter_desk_get_ticket (fixture->desk));
  g_assert_cmpstr (mdg_counter_desk_get_ticket (fixture->desk)->id, ==, id);

  {
    g_autoptr(GAsyncResult) result = NULL;

    mdg_counter_desk_close_async (fixture->desk, "c0ffee00-0000-4000-8000-000000000003",
                                  "move_in", 5, NULL, async_cb, &result);
    /* the counter is free at once, before the ward answered */
    g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
    closed = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
    g_assert_no_error (error);
  }
  g_assert_cmpint (mdg_ticket_get_state (closed), ==, MDG_QUEUE_STATE_DONE);
  g_assert_cmpstr (closed->case_id, ==, "c0ffee00-0000-4000-8000-000000000003");
  g_assert_cmpint (closed->rating, ==, 5);
  g_clear_pointer (&state, g_free);
  state = ward_value (fixture, "SELECT status || ' ' || case_id || ' ' || event "
                               "FROM madoguchi.tickets WHERE number = 1001");
  g_assert_cmpstr (state, ==, "done c0ffee00-0000-4000-8000-000000000003 move_in");
  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
}

/* Another counter took the ticket first: the desk lets it go and says so. */
static void
test_changed_elsewhere (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(MdgTicket) called = NULL;
  g_autoptr(MdgTicket) recalled = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  issue (fixture, "1");
  called = call_next (fixture, &error);
  g_assert_no_error (error);
  number = g_strdup_printf ("%d", called->number);
  /* the floor manager sends it to band 2 */
  g_assert_cmpint (mdg_test_run_tool (NULL, "ticket", "transfer", "--store", fixture->kiosk,
                                      "--number", number, "--band", "2",
                                      "--conninfo", fixture->conninfo, NULL), ==, 0);

  mdg_counter_desk_recall_async (fixture->desk, FALSE, NULL, async_cb, &result);
  recalled = mdg_counter_desk_call_finish (fixture->desk, wait_for (&result), &error);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE);
  g_assert_null (recalled);
  g_assert_null (mdg_counter_desk_get_ticket (fixture->desk));
}

/* A call whose answer was lost (the counter stopped before it showed the
 * number): the desk's next call gets that same ticket, and only once, so
 * that no resident is called and then skipped. */
static void
test_pending_recovery (Fixture       *fixture,
                       gconstpointer  data)
{
  static const int bands[] = { 1 };
  g_autoptr(MdgTicket) lost = NULL;
  g_autoptr(MdgTicket) again = NULL;
  g_autoptr(MdgTicket) next = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pending_id = NULL;
  g_autofree char *state = NULL;

  issue (fixture, "1");
  issue (fixture, "1");

  /* The ward took 1001 for counter 4, but its answer never reached the
   * counter: its pending call stays open in the store. */
  mdg_ward_call_next_async (mdg_ward_link_get_connection (fixture->link), fixture->store, 4,
                            bands, G_N_ELEMENTS (bands), NULL, async_cb, &result);
  lost = mdg_ward_call_next_finish (wait_for (&result), &pending_id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (lost->number, ==, 1001);
  g_assert_nonnull (pending_id);

  again = call_next (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again->number, ==, 1001);
  g_assert_cmpstr (again->id, ==, lost->id);
  state = ward_value (fixture, "SELECT count(*) FROM madoguchi.tickets WHERE status = 'called'");
  g_assert_cmpstr (state, ==, "1");

  /* the desk ended the call it showed: the next one is a new ticket */
  mdg_counter_desk_close_async (fixture->desk, "c0ffee00-0000-4000-8000-000000000004", "move_in",
                                0, NULL, NULL, NULL);
  next = call_next (fixture, &error);
  g_assert_no_error (error);
  g_assert_cmpint (next->number, ==, 1002);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mdg/ward/desk/call-next", test_call_next);
  ADD ("/mdg/ward/desk/recall", test_recall);
  ADD ("/mdg/ward/desk/hold-and-close", test_hold_and_close);
  ADD ("/mdg/ward/desk/changed-elsewhere", test_changed_elsewhere);
  ADD ("/mdg/ward/desk/pending-recovery", test_pending_recovery);
#undef ADD

  status = g_test_run ();
  mdg_tool_postgres_free (server);
  return status;
}
