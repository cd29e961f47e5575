/* test-ward-roles.c: who may do what in the ward database, on a real PostgreSQL 15
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * As ../shared/spec/ward-security.md says: `ward setup` as the
 * administrator, then a login for each kind of device, granted its group
 * role, tries what it must and must not do. One assertion per cell of the
 * spec's table; then each device does its job with madoguchi-tool and its
 * own login. The logins connect through the server's socket directory
 * (trusted there), so no password travels in a connection string.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <libpq-fe.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"

static MdgToolPostgres *server;
static guint n_databases;

#define CASE_A   "0a000000-0000-4000-8000-000000000001"
#define CASE_B   "0b000000-0000-4000-8000-000000000002"
#define FORM_A   "0a000000-0000-4000-8000-0000000000f1"
#define HANDOFF  "0a000000-0000-4000-8000-0000000000a1"
#define STATION  "0c000000-0000-4000-8000-000000000003"

typedef struct
{
  char *dbname;
  char *admin;     /* the superuser, over TCP */
  char *dir;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

static PGconn *
login (Fixture    *fixture,
       const char *user)
{
  g_autofree char *conninfo = mdg_tool_postgres_dup_socket_conninfo (server, fixture->dbname,
                                                                      user);
  PGconn *conn = PQconnectdb (conninfo);

  if (PQstatus (conn) != CONNECTION_OK)
    g_error ("%s cannot log in: %s", user, PQerrorMessage (conn));
  return conn;
}

static char *
conninfo_of (Fixture    *fixture,
             const char *user)
{
  return mdg_tool_postgres_dup_socket_conninfo (server, fixture->dbname, user);
}

/* Runs @sql, which must succeed; returns its result. */
static PGresult *
allowed (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);

  if (PQresultStatus (result) != PGRES_TUPLES_OK && PQresultStatus (result) != PGRES_COMMAND_OK)
    g_error ("%s was refused: %s (%s)", PQuser (conn), sql, PQresultErrorMessage (result));
  return result;
}

static char *
allowed_value (PGconn     *conn,
               const char *sql)
{
  PGresult *result = allowed (conn, sql);
  char *value;

  g_assert_cmpint (PQntuples (result), ==, 1);
  value = g_strdup (PQgetisnull (result, 0, 0) ? "(null)" : PQgetvalue (result, 0, 0));
  PQclear (result);
  return value;
}

static int
allowed_rows (PGconn     *conn,
              const char *sql)
{
  PGresult *result = allowed (conn, sql);
  int rows = PQntuples (result);

  PQclear (result);
  return rows;
}

/* The SQLSTATE @sql fails with, "" when it succeeds. */
static char *
refusal (PGconn     *conn,
         const char *sql)
{
  PGresult *result = PQexec (conn, sql);
  const char *state = PQresultErrorField (result, PG_DIAG_SQLSTATE);
  char *copy = g_strdup (PQresultStatus (result) == PGRES_FATAL_ERROR && state != NULL ? state : "");

  PQclear (result);
  return copy;
}

/* One cell of "may not": refused for want of a privilege. */
#define assert_denied(conn, sql) \
  G_STMT_START { \
    g_autofree char *state_ = refusal ((conn), (sql)); \
    if (strcmp (state_, "42501") != 0) \
      g_error ("%s: expected 42501 (insufficient privilege), got \"%s\" for %s", \
               PQuser (conn), state_, (sql)); \
  } G_STMT_END

static gint64
admin_int (Fixture    *fixture,
           const char *sql)
{
  PGconn *conn = PQconnectdb (fixture->admin);
  g_autofree char *value = allowed_value (conn, sql);

  PQfinish (conn);
  return g_ascii_strtoll (value, NULL, 10);
}

static char *
admin_value (Fixture    *fixture,
             const char *sql)
{
  PGconn *conn = PQconnectdb (fixture->admin);
  char *value = allowed_value (conn, sql);

  PQfinish (conn);
  return value;
}

static void
admin_exec (Fixture    *fixture,
            const char *sql)
{
  PGconn *conn = PQconnectdb (fixture->admin);

  PQclear (allowed (conn, sql));
  PQfinish (conn);
}

/* A case with one hand-off, and its form, pushed by @conn as a counter. */
static char *
push_case_sql (const char *id,
               const char *form_id,
               const char *handoff_id)
{
  return g_strdup_printf ("SELECT madoguchi.push ("
                          "'[{\"id\": \"%s\", \"workstation\": \"" STATION "\","
                          "   \"status\": \"completed\", \"case_file\": {\"event\": \"birth\"},"
                          "   \"signature\": \"00ff\", \"signature_type\": \"image/png\","
                          "   \"handoffs\": [{\"id\": \"%s\", \"department\": \"kuminka\","
                          "                  \"procedures\": [], \"forms\": [\"%s\"]}]}]',"
                          "'[{\"id\": \"%s\", \"case_id\": \"%s\", \"procedure\": \"p1\","
                          "   \"pdf\": \"255044462d\", \"signed\": true}]', NULL, NULL)",
                          id, handoff_id, form_id, form_id, id);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *postgres = mdg_tool_postgres_dup_conninfo (server, "postgres");
  g_autofree char *create = NULL;
  PGconn *conn;

  fixture->dbname = g_strdup_printf ("roles%u", ++n_databases);
  create = g_strdup_printf ("CREATE DATABASE %s", fixture->dbname);
  conn = PQconnectdb (postgres);
  PQclear (allowed (conn, create));
  PQfinish (conn);
  fixture->admin = mdg_tool_postgres_dup_conninfo (server, fixture->dbname);
  fixture->dir = g_dir_make_tmp ("mdg-test-roles-XXXXXX", &error);
  g_assert_no_error (error);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->admin, NULL),
                   ==, 0);

  /* A household of the registry and a waiting ticket of band 1. */
  admin_exec (fixture, "INSERT INTO madoguchi.registry (id, household, search) VALUES "
                       "('h1', '{\"id\": \"h1\", \"members\": [{\"name\": \"架空 一郎\"}]}',"
                       " '架空 一郎')");
  admin_exec (fixture, "SELECT madoguchi.issue_ticket ('1a000000-0000-4000-8000-000000000001', 1,"
                       " '" STATION "')");
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->dbname);
  g_free (fixture->admin);
}

/* The spec's table, one role at a time --------------------------------------- */

static void
test_counter (Fixture       *fixture,
              gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *b = login (fixture, "clerk_b");
  g_autofree char *push_a = push_case_sql (CASE_A, FORM_A, HANDOFF);
  g_autofree char *value = NULL;

  /* may: push their workstation's outbox */
  value = allowed_value (a, push_a);
  g_assert_cmpstr (value, ==, "2");
  g_clear_pointer (&value, g_free);
  /* may: pull (their case's state comes back) */
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.pull (0, 100) WHERE kind = 'c'"),
                   ==, 1);
  /* may: call a ticket */
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.call_next "
                                    "('2a000000-0000-4000-8000-000000000001', 1, '{1}')"), ==, 1);
  /* may: recall, hold, transfer, close */
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-"
                                    "000000000001', 'recall', NULL, 1001, 1, NULL, 2, NULL, NULL)"),
                   ==, 1);
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-"
                                    "000000000002', 'hold', NULL, 1001, 1, NULL, 0, NULL, NULL)"),
                   ==, 1);
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-"
                                    "000000000003', 'transfer', NULL, 1001, NULL, 1, 0, NULL, NULL)"),
                   ==, 1);
  PQclear (allowed (a, "SELECT * FROM madoguchi.call_next ('2a000000-0000-4000-8000-000000000002',"
                       " 1, '{1}')"));
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-"
                                    "000000000004', 'close', NULL, 1001, 1, NULL, 4, NULL, 'birth') "
                                    "WHERE status = 'done'"), ==, 1);
  /* may: search the registry, recorded by the ward */
  g_assert_cmpint (allowed_rows (a, "SELECT * FROM madoguchi.search_registry ('架空', 20)"), ==, 1);
  g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.audit WHERE action = "
                                       "'search' AND staff = 'clerk_a' AND source = 'ward' AND "
                                       "fields->'households' = '[\"h1\"]'"), ==, 1);
  /* may: open one household, recorded by the ward */
  value = allowed_value (a, "SELECT madoguchi.open_household ('h1')->>'id'");
  g_assert_cmpstr (value, ==, "h1");
  g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.audit WHERE action = "
                                       "'open' AND subject = 'h1' AND staff = 'clerk_a'"), ==, 1);
  /* may: read their own case's forms and signature */
  g_assert_cmpint (allowed_rows (a, "SELECT pdf FROM madoguchi.case_forms"), ==, 1);
  g_assert_cmpint (allowed_rows (a, "SELECT signature FROM madoguchi.cases"), ==, 1);

  /* may not: read the audit */
  assert_denied (a, "SELECT * FROM madoguchi.audit");
  /* may not: change the audit */
  assert_denied (a, "INSERT INTO madoguchi.audit (id, at, staff, action, subject, fields) VALUES "
                    "(gen_random_uuid (), now (), 'x', 'read', 'x', '[]')");
  assert_denied (a, "UPDATE madoguchi.audit SET staff = 'someone'");
  assert_denied (a, "DELETE FROM madoguchi.audit");
  /* may not: change cases, their own or another workstation's */
  assert_denied (a, "UPDATE madoguchi.cases SET case_file = '{}'");
  assert_denied (b, "UPDATE madoguchi.cases SET case_file = '{}' WHERE id = '" CASE_A "'");
  assert_denied (b, "DELETE FROM madoguchi.cases WHERE id = '" CASE_A "'");
  /* may not: overwrite another workstation's case or add forms to it by a push */
  {
    g_autofree char *again = push_case_sql (CASE_A, "0b000000-0000-4000-8000-0000000000f2",
                                            "0b000000-0000-4000-8000-0000000000a2");

    assert_denied (b, again);
    g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.case_forms WHERE case_id = '"
                                         CASE_A "'"), ==, 1);
    g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.cases WHERE id = '" CASE_A
                                         "' AND made_by = 'clerk_a'"), ==, 1);
  }
  /* may not: read forms or signatures of cases they did not make */
  g_assert_cmpint (allowed_rows (b, "SELECT pdf FROM madoguchi.case_forms"), ==, 0);
  g_assert_cmpint (allowed_rows (b, "SELECT signature FROM madoguchi.cases WHERE id = '" CASE_A "'"),
                   ==, 0);
  /* may not: read the registry but through the recorded search */
  assert_denied (a, "SELECT * FROM madoguchi.registry");
  /* may not: write hand-offs */
  assert_denied (a, "UPDATE madoguchi.handoffs SET taken_at = now ()");
  assert_denied (a, "SELECT madoguchi.take_handoff ('" HANDOFF "')");

  PQfinish (a);
  PQfinish (b);
}

static void
test_monitor (Fixture       *fixture,
              gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *m = login (fixture, "floor_m");
  g_autofree char *push_a = push_case_sql (CASE_A, FORM_A, HANDOFF);
  g_autofree char *event = NULL;

  PQclear (allowed (a, push_a));
  PQclear (allowed (a, "SELECT madoguchi.register_counter (1, '{1}', '" STATION "')"));
  PQclear (allowed (a, "SELECT * FROM madoguchi.call_next ('2a000000-0000-4000-8000-000000000001',"
                       " 1, '{1}')"));
  PQclear (allowed (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-000000000004',"
                       " 'close', NULL, 1001, 1, NULL, 4, NULL, 'birth')"));
  admin_exec (fixture, "SELECT madoguchi.issue_ticket ('1a000000-0000-4000-8000-000000000002', 1,"
                       " '" STATION "')");

  /* may: read tickets and the day's figures (the event and rating of each) */
  event = allowed_value (m, "SELECT event || rating FROM madoguchi.pull (0, 100) WHERE number = 1001");
  g_assert_cmpstr (event, ==, "birth4");
  /* may: read counters */
  g_assert_cmpint (allowed_rows (m, "SELECT * FROM madoguchi.list_counters ()"), ==, 1);
  /* may: call a ticket first */
  g_assert_cmpint (allowed_rows (m, "SELECT * FROM madoguchi.ticket_op ('3b000000-0000-4000-8000-"
                                    "000000000001', 'priority', NULL, 1002, NULL, NULL, 1, NULL, "
                                    "NULL) WHERE priority"), ==, 1);
  /* may: move a ticket */
  g_assert_cmpint (allowed_rows (m, "SELECT * FROM madoguchi.ticket_op ('3b000000-0000-4000-8000-"
                                    "000000000002', 'transfer', NULL, 1002, NULL, 2, 0, NULL, "
                                    "NULL) WHERE band = 2"), ==, 1);

  /* may not: read cases */
  assert_denied (m, "SELECT * FROM madoguchi.cases");
  g_assert_cmpint (allowed_rows (m, "SELECT * FROM madoguchi.pull (0, 100) WHERE kind = 'c'"),
                   ==, 0);
  /* may not: read forms */
  assert_denied (m, "SELECT * FROM madoguchi.case_forms");
  /* may not: read signatures */
  assert_denied (m, "SELECT signature FROM madoguchi.cases");
  /* may not: read the registry */
  assert_denied (m, "SELECT * FROM madoguchi.registry");
  assert_denied (m, "SELECT * FROM madoguchi.search_registry ('%', 20)");
  /* may not: read the audit */
  assert_denied (m, "SELECT * FROM madoguchi.audit");
  /* nor do a counter's work */
  assert_denied (m, "SELECT * FROM madoguchi.ticket_op ('3b000000-0000-4000-8000-000000000003',"
                    " 'close', NULL, 1002, 1, NULL, 0, NULL, NULL)");
  assert_denied (m, "SELECT * FROM madoguchi.call_next ('2b000000-0000-4000-8000-000000000001',"
                    " 1, '{1,2}')");

  PQfinish (a);
  PQfinish (m);
}

static void
test_kiosk (Fixture       *fixture,
            gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *k = login (fixture, "kiosk_1");
  g_autofree char *push_a = push_case_sql (CASE_A, FORM_A, HANDOFF);
  g_autofree char *waiting = NULL;
  g_autofree char *timeout = NULL;

  PQclear (allowed (a, push_a));
  PQclear (allowed (a, "SELECT * FROM madoguchi.call_next ('2a000000-0000-4000-8000-000000000001',"
                       " 1, '{1}')"));
  PQclear (allowed (a, "SELECT * FROM madoguchi.ticket_op ('3a000000-0000-4000-8000-000000000004',"
                       " 'close', NULL, 1001, 1, NULL, 4, '" CASE_A "', 'birth')"));

  /* may: issue a ticket */
  g_assert_cmpint (allowed_rows (k, "SELECT * FROM madoguchi.issue_ticket ('1b000000-0000-4000-"
                                    "8000-000000000001', 1, '" STATION "') WHERE number = 1002"),
                   ==, 1);
  /* may: lease numbers */
  g_assert_cmpint (allowed_rows (k, "SELECT * FROM madoguchi.lease_numbers ('4b000000-0000-4000-"
                                    "8000-000000000001', 1, '" STATION "')"), ==, 1);
  /* may: push the tickets it issued offline */
  PQclear (allowed (k, "SELECT madoguchi.push (NULL, NULL, '[{\"id\": \"1b000000-0000-4000-8000-"
                       "000000000002\", \"day\": \"2026-01-01\", \"band\": 2, \"number\": 2999,"
                       " \"workstation\": \"" STATION "\", \"issued_at\": \"2026-01-01T09:00:00Z\"}]', NULL)"));
  /* may: read waiting counts and estimates */
  waiting = allowed_value (k, "SELECT waiting FROM madoguchi.waiting () WHERE band = 1");
  g_assert_cmpstr (waiting, ==, "1");
  g_assert_cmpint (allowed_rows (k, "SELECT * FROM madoguchi.pull (0, 100) WHERE kind = 't'"),
                   ==, 3);

  /* may not: read anything that names a resident */
  assert_denied (k, "SELECT * FROM madoguchi.cases");
  assert_denied (k, "SELECT * FROM madoguchi.registry");
  assert_denied (k, "SELECT * FROM madoguchi.audit");
  assert_denied (k, "SELECT * FROM madoguchi.case_forms");
  assert_denied (k, "SELECT * FROM madoguchi.handoffs");
  assert_denied (k, "SELECT * FROM madoguchi.search_registry ('%', 20)");
  assert_denied (k, "SELECT madoguchi.open_household ('h1')");
  g_assert_cmpint (allowed_rows (k, "SELECT * FROM madoguchi.pull (0, 100) WHERE kind = 'c' "
                                    "OR case_id IS NOT NULL OR event IS NOT NULL"), ==, 0);
  /* nor push a case */
  assert_denied (k, push_a);

  /* the server ends a kiosk's idle transaction */
  timeout = allowed_value (k, "SHOW idle_in_transaction_session_timeout");
  g_assert_cmpstr (timeout, ==, "5s");

  PQfinish (a);
  PQfinish (k);
}

static void
test_display (Fixture       *fixture,
              gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *d = login (fixture, "display_1");
  g_autofree char *called = NULL;

  PQclear (allowed (a, "SELECT madoguchi.register_counter (3, '{1}', '" STATION "')"));
  PQclear (allowed (a, "SELECT * FROM madoguchi.call_next ('2a000000-0000-4000-8000-000000000001',"
                       " 3, '{1}')"));

  /* may: read the numbers called, their counters and the waits per band */
  called = allowed_value (d, "SELECT number || ' ' || status || ' ' || counter || ' ' ||"
                             " (issued_at IS NOT NULL AND called_at IS NOT NULL)"
                             " FROM madoguchi.pull (0, 100)");
  g_assert_cmpstr (called, ==, "1001 called 3 true");
  g_assert_cmpint (allowed_rows (d, "SELECT * FROM madoguchi.waiting ()"), >, 0);
  g_assert_cmpint (allowed_rows (d, "SELECT * FROM madoguchi.list_counters ()"), ==, 1);

  /* may not: tickets' other data */
  assert_denied (d, "SELECT * FROM madoguchi.tickets");
  g_assert_cmpint (allowed_rows (d, "SELECT * FROM madoguchi.pull (0, 100) WHERE case_id IS NOT "
                                    "NULL OR workstation IS NOT NULL OR kind = 'c'"), ==, 0);
  /* may not: everything else */
  assert_denied (d, "SELECT * FROM madoguchi.cases");
  assert_denied (d, "SELECT * FROM madoguchi.registry");
  assert_denied (d, "SELECT * FROM madoguchi.audit");
  assert_denied (d, "SELECT * FROM madoguchi.handoffs");
  assert_denied (d, "SELECT * FROM madoguchi.issue_ticket ('1d000000-0000-4000-8000-000000000001',"
                    " 1, '" STATION "')");
  assert_denied (d, "SELECT madoguchi.push (NULL, NULL, '[]', NULL)");
  assert_denied (d, "SELECT * FROM madoguchi.ticket_op ('3d000000-0000-4000-8000-000000000001',"
                    " 'recall', NULL, 1001, 3, NULL, 2, NULL, NULL)");

  PQfinish (a);
  PQfinish (d);
}

static void
test_core (Fixture       *fixture,
           gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *c = login (fixture, "core_juki");
  g_autofree char *push_a = push_case_sql (CASE_A, FORM_A, HANDOFF);
  g_autofree char *taken = NULL;
  g_autofree char *taken_by = NULL;

  PQclear (allowed (a, push_a));
  /* a case with no hand-off: its form is not the core's */
  PQclear (allowed (a, "SELECT madoguchi.push ('[{\"id\": \"" CASE_B "\", \"workstation\": \""
                       STATION "\", \"status\": \"completed\", \"case_file\": {}}]', '[{\"id\":"
                       " \"0b000000-0000-4000-8000-0000000000f9\", \"case_id\": \"" CASE_B "\","
                       " \"procedure\": \"p\", \"pdf\": \"00\", \"signed\": false}]', NULL, NULL)"));

  /* may: read hand-offs */
  g_assert_cmpint (allowed_rows (c, "SELECT * FROM madoguchi.handoffs"), ==, 1);
  /* may: read the forms they point to, and only those */
  g_assert_cmpint (allowed_rows (c, "SELECT id FROM madoguchi.case_forms"), ==, 1);
  /* may: mark a hand-off taken */
  taken = allowed_value (c, "SELECT madoguchi.take_handoff ('" HANDOFF "')");
  g_assert_cmpstr (taken, ==, "t");
  taken_by = admin_value (fixture, "SELECT taken_by FROM madoguchi.handoffs");
  g_assert_cmpstr (taken_by, ==, "core_juki");

  /* may not: change cases */
  assert_denied (c, "UPDATE madoguchi.cases SET status = 'void'");
  assert_denied (c, "DELETE FROM madoguchi.cases");
  assert_denied (c, "SELECT madoguchi.push ('[]', NULL, NULL, NULL)");
  /* may not: change tickets */
  assert_denied (c, "UPDATE madoguchi.tickets SET status = 'void'");
  assert_denied (c, "SELECT * FROM madoguchi.ticket_op ('3c000000-0000-4000-8000-000000000001',"
                    " 'priority', NULL, 1001, NULL, NULL, 1, NULL, NULL)");
  /* may not: change the audit */
  assert_denied (c, "UPDATE madoguchi.audit SET staff = 'x'");
  assert_denied (c, "DELETE FROM madoguchi.audit");
  /* nor read the registry */
  assert_denied (c, "SELECT * FROM madoguchi.registry");

  PQfinish (a);
  PQfinish (c);
}

/* Nobody changes an audit row: not the administrator's login, not even the
 * superuser; the privilege is gone and a trigger refuses. */
static void
test_audit_frozen (Fixture       *fixture,
                   gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  PGconn *admin = login (fixture, "installer");
  PGconn *super = PQconnectdb (fixture->admin);

  PQclear (allowed (a, "SELECT * FROM madoguchi.search_registry ('%', 20)"));
  g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.audit"), ==, 1);

  assert_denied (admin, "UPDATE madoguchi.audit SET staff = 'someone'");
  assert_denied (admin, "DELETE FROM madoguchi.audit");
  assert_denied (admin, "TRUNCATE madoguchi.audit");
  assert_denied (super, "UPDATE madoguchi.audit SET staff = 'someone'");
  assert_denied (super, "DELETE FROM madoguchi.audit");
  g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.audit WHERE "
                                       "staff = 'clerk_a'"), ==, 1);

  PQfinish (a);
  PQfinish (admin);
  PQfinish (super);
}

/* A client that says it is someone else, elsewhere, in 2020: the ward's
 * row names the login, the ward's clock; the claims stay apart, marked as
 * reported by the workstation. */
static void
test_audit_forged (Fixture       *fixture,
                   gconstpointer  data)
{
  PGconn *a = login (fixture, "clerk_a");
  g_autofree char *row = NULL;

  PQclear (allowed (a, "SELECT madoguchi.push (NULL, NULL, NULL, '[{\"id\": \"5a000000-0000-4000-"
                       "8000-000000000001\", \"at\": \"2020-01-01T00:00:00Z\", \"workstation\": "
                       "\"0f000000-0000-4000-8000-00000000000f\", \"staff\": \"clerk_b\", "
                       "\"action\": \"read\", \"subject\": \"member\", \"fields\": [\"name\"]}]')"));

  row = admin_value (fixture, "SELECT staff || ' ' || (at > now () - interval '10 min') || ' ' ||"
                              " coalesce (workstation::text, '-') || ' ' || source || ' ' ||"
                              " reported_staff || ' ' || reported_at::date"
                              " FROM madoguchi.audit");
  g_assert_cmpstr (row, ==, "clerk_a true - workstation clerk_b 2020-01-01");
  g_assert_cmpint (admin_int (fixture, "SELECT count(*) FROM madoguchi.audit WHERE staff = "
                                       "'clerk_b' OR at < '2021-01-01'"), ==, 0);

  PQfinish (a);
}

/* The pull's watermark: a change that took its sequence value first but
 * commits last is not passed over. A counter's pull (no write right) waits
 * for the writer still in flight, then sees both changes. */
static void
test_pull_watermark (Fixture       *fixture,
                     gconstpointer  data)
{
  PGconn *slow = PQconnectdb (fixture->admin);
  PGconn *fast = PQconnectdb (fixture->admin);
  PGconn *a = login (fixture, "clerk_a");
  PGconn *watch = PQconnectdb (fixture->admin);
  g_autofree char *seen = NULL;
  PGresult *result;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean waiting = FALSE;

  /* ticket 1001 changes first (its new sequence value is the smaller) and
   * stays uncommitted; ticket 1002 is issued and committed after it */
  PQclear (allowed (slow, "BEGIN"));
  PQclear (allowed (slow, "UPDATE madoguchi.tickets SET priority = true WHERE number = 1001"));
  PQclear (allowed (fast, "SELECT madoguchi.issue_ticket ('1a000000-0000-4000-8000-00000000000f',"
                          " 1, '" STATION "')"));

  g_assert_cmpint (PQsendQuery (a, "SELECT string_agg (number || ':' || priority, ',' ORDER BY seq)"
                                   " FROM madoguchi.pull (0, 100)"), ==, 1);
  /* the pull waits for the writer in flight */
  while (!waiting && g_get_monotonic_time () < deadline)
    {
      g_autofree char *state = allowed_value (watch, "SELECT count(*) FROM pg_stat_activity "
                                                     "WHERE usename = 'clerk_a' AND "
                                                     "wait_event_type = 'Lock'");

      waiting = strcmp (state, "1") == 0;
      if (!waiting)
        g_usleep (G_USEC_PER_SEC / 50);
    }
  g_assert_true (waiting);
  PQclear (allowed (slow, "COMMIT"));

  result = PQgetResult (a);
  g_assert_cmpint (PQresultStatus (result), ==, PGRES_TUPLES_OK);
  seen = g_strdup (PQgetvalue (result, 0, 0));
  PQclear (result);
  g_assert_null (PQgetResult (a));
  g_assert_cmpstr (seen, ==, "1001:true,1002:false");

  PQfinish (slow);
  PQfinish (fast);
  PQfinish (a);
  PQfinish (watch);
}

/* Each device does its job through madoguchi-tool, with its own login ------ */

static char *
store_query (const char *store,
             const char *sql)
{
  g_autofree char *q = g_strdup_printf ("sqlite3 %s \"%s\"", store, sql);
  g_autoptr(GError) error = NULL;
  char *out = NULL;

  g_assert_true (g_spawn_command_line_sync (q, &out, NULL, NULL, &error));
  g_assert_no_error (error);
  return g_strstrip (out);
}

static void
test_devices (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *case_file = g_test_build_filename (G_TEST_DIST, "data", "store", "case.json",
                                                      NULL);
  g_autofree char *counter = g_build_filename (fixture->dir, "counter.sqlite", NULL);
  g_autofree char *kiosk = g_build_filename (fixture->dir, "kiosk.sqlite", NULL);
  g_autofree char *monitor = g_build_filename (fixture->dir, "monitor.sqlite", NULL);
  g_autofree char *display = g_build_filename (fixture->dir, "display.sqlite", NULL);
  g_autofree char *as_counter = conninfo_of (fixture, "clerk_a");
  g_autofree char *as_kiosk = conninfo_of (fixture, "kiosk_1");
  g_autofree char *as_monitor = conninfo_of (fixture, "floor_m");
  g_autofree char *as_display = conninfo_of (fixture, "display_1");
  g_autofree char *out = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *case_id = NULL;

  /* the kiosk issues a ticket */
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", kiosk, "--band", "1",
                                      "--conninfo", as_kiosk, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1002");
  g_clear_pointer (&out, g_free);
  /* the kiosk syncs (its outbox, the tickets) */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", kiosk, "--conninfo", as_kiosk,
                                      NULL), ==, 0);

  /* the counter saves a case, pushes and pulls, calls the next ticket */
  g_assert_cmpint (mdg_test_run_tool (&out, "case", "save", "--store", counter, "--case",
                                      case_file, NULL), ==, 0);
  case_id = g_strdup (g_strstrip (out));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", counter, "--conninfo", as_counter,
                                      NULL), ==, 0);
  {
    g_autofree char *sql = g_strdup_printf ("SELECT made_by FROM madoguchi.cases WHERE id = '%s'",
                                            case_id);
    g_autofree char *made_by = admin_value (fixture, sql);

    g_assert_cmpstr (made_by, ==, "clerk_a");
  }
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "call-next", "--store", counter, "--counter",
                                      "2", "--bands", "1", "--conninfo", as_counter, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1001");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "hold", "--store", counter, "--number",
                                      "1001", "--conninfo", as_counter, NULL), ==, 0);
  g_clear_pointer (&out, g_free);

  /* the floor monitor calls 1002 first and moves it; a close is not its job */
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "priority", "--store", monitor, "--number",
                                      "1002", "--conninfo", as_monitor, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "transfer", "--store", monitor, "--number",
                                      "1002", "--band", "2", "--conninfo", as_monitor, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "close", "--store", monitor, "--number",
                                      "1001", "--conninfo", as_monitor, NULL), !=, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", monitor, "--conninfo", as_monitor,
                                      NULL), ==, 0);
  shown = store_query (monitor, "SELECT number, status, band, priority FROM tickets ORDER BY number");
  g_assert_cmpstr (shown, ==, "1001|held|1|0\n1002|waiting|2|1");
  g_clear_pointer (&shown, g_free);

  /* the counter pulls what the others did */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", counter, "--conninfo", as_counter,
                                      NULL), ==, 0);
  shown = store_query (counter, "SELECT number, status, band FROM tickets ORDER BY number");
  g_assert_cmpstr (shown, ==, "1001|held|1\n1002|waiting|2");
  g_clear_pointer (&shown, g_free);

  /* the display pulls the numbers and their counters */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", display, "--conninfo", as_display,
                                      NULL), ==, 0);
  shown = store_query (display, "SELECT number, status, counter FROM tickets ORDER BY number");
  g_assert_cmpstr (shown, ==, "1001|held|2\n1002|waiting|");
}

/* A ward whose owner may not create roles is set up and used as before. */
static void
test_owner_without_roles (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *case_file = g_test_build_filename (G_TEST_DIST, "data", "store", "case.json",
                                                      NULL);
  g_autofree char *store = g_build_filename (fixture->dir, "owner.sqlite", NULL);
  g_autofree char *dbname = g_strdup_printf ("owned%u", ++n_databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s OWNER ward_owner", dbname);
  g_autofree char *as_owner = mdg_tool_postgres_dup_socket_conninfo (server, dbname, "ward_owner");
  g_autofree char *out = NULL;
  g_autofree char *owner = NULL;

  admin_exec (fixture, create);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", as_owner, NULL), ==, 0);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", as_owner, NULL), ==, 0);
  g_assert_cmpint (mdg_test_run_tool (&out, "case", "save", "--store", store, "--case", case_file,
                                      NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", as_owner, NULL),
                   ==, 0);
  g_assert_cmpint (mdg_test_run_tool (&out, "ward", "cases", "--conninfo", as_owner, NULL), ==, 0);
  g_assert_cmpint (strlen (g_strstrip (out)), ==, 36);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", store, "--band", "1",
                                      "--conninfo", as_owner, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1001");
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "call-next", "--store", store, "--counter",
                                      "1", "--bands", "1", "--conninfo", as_owner, NULL), ==, 0);
  g_assert_cmpstr (g_strstrip (out), ==, "1001");

  /* the schema stays the owner's */
  {
    g_autofree char *admin = mdg_tool_postgres_dup_conninfo (server, dbname);
    PGconn *conn = PQconnectdb (admin);

    owner = allowed_value (conn, "SELECT nspowner::regrole FROM pg_namespace "
                                 "WHERE nspname = 'madoguchi'");
    PQfinish (conn);
  }
  g_assert_cmpstr (owner, ==, "ward_owner");
}

/* A second setup with roles changes no owner, grant or setting. */
static void
test_setup_again (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char *state =
    "SELECT md5 (string_agg (x, ',' ORDER BY x)) FROM ("
    " SELECT c.relname || c.relowner::regrole::text || coalesce (c.relacl::text, '') AS x"
    "   FROM pg_class c WHERE c.relnamespace = 'madoguchi'::regnamespace"
    " UNION ALL SELECT p.oid::regprocedure::text || p.proowner::regrole::text ||"
    "   coalesce (p.proacl::text, '') FROM pg_proc p"
    "   WHERE p.pronamespace = 'madoguchi'::regnamespace"
    " UNION ALL SELECT coalesce (nspacl::text, '') || nspowner::regrole::text"
    "   FROM pg_namespace WHERE nspname = 'madoguchi'"
    " UNION ALL SELECT setrole::regrole::text || setconfig::text FROM pg_db_role_setting"
    " UNION ALL SELECT pol.polname || pg_get_expr (pol.polqual, pol.polrelid) FROM pg_policy pol"
    ") s";
  g_autofree char *before = admin_value (fixture, state);
  g_autofree char *after = NULL;
  g_autofree char *as_installer = conninfo_of (fixture, "installer");

  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->admin, NULL),
                   ==, 0);
  after = admin_value (fixture, state);
  g_assert_cmpstr (after, ==, before);

  /* the installer's login (a member of madoguchi_admin, no superuser, no
   * CREATEROLE) runs the setup too, and it changes nothing either */
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", as_installer, NULL),
                   ==, 0);
  g_clear_pointer (&after, g_free);
  after = admin_value (fixture, state);
  g_assert_cmpstr (after, ==, before);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *postgres = NULL;
  PGconn *conn;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* A missing server is a failure, not a skip. */
  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);

  /* The first setup makes the group roles; then the installer's logins. */
  postgres = mdg_tool_postgres_dup_conninfo (server, "postgres");
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", postgres, NULL), ==, 0);
  conn = PQconnectdb (postgres);
  PQclear (allowed (conn, "CREATE ROLE clerk_a LOGIN IN ROLE madoguchi_counter;"
                          "CREATE ROLE clerk_b LOGIN IN ROLE madoguchi_counter;"
                          "CREATE ROLE floor_m LOGIN IN ROLE madoguchi_monitor;"
                          "CREATE ROLE kiosk_1 LOGIN IN ROLE madoguchi_kiosk;"
                          "CREATE ROLE display_1 LOGIN IN ROLE madoguchi_display;"
                          "CREATE ROLE core_juki LOGIN IN ROLE madoguchi_core;"
                          "CREATE ROLE installer LOGIN IN ROLE madoguchi_admin;"
                          "CREATE ROLE ward_owner LOGIN"));
  PQfinish (conn);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mdg/ward/roles/counter", test_counter);
  ADD ("/mdg/ward/roles/monitor", test_monitor);
  ADD ("/mdg/ward/roles/kiosk", test_kiosk);
  ADD ("/mdg/ward/roles/display", test_display);
  ADD ("/mdg/ward/roles/core", test_core);
  ADD ("/mdg/ward/roles/audit-frozen", test_audit_frozen);
  ADD ("/mdg/ward/roles/audit-forged", test_audit_forged);
  ADD ("/mdg/ward/roles/pull-watermark", test_pull_watermark);
  ADD ("/mdg/ward/roles/devices", test_devices);
  ADD ("/mdg/ward/roles/owner-without-roles", test_owner_without_roles);
  ADD ("/mdg/ward/roles/setup-again", test_setup_again);
#undef ADD

  status = g_test_run ();

  g_clear_pointer (&server, mdg_tool_postgres_free);
  return status;
}
