/* test-ward.c: one binary for src/ward, against a real PostgreSQL 15
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The server is started once on loopback (mdg-tool-postgres.c); each test
 * gets its own database. Most tests drive madoguchi-tool as the contract
 * (../shared/spec/sync.md) says, with faults injected here: a relay that cuts
 * the connection at a chosen byte count, the server stopped and restarted,
 * processes at once.
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

typedef struct
{
  char *dir;
  char *conninfo;
  char *case_file;
} Fixture;

/* Helpers ------------------------------------------------------------------ */

static PGresult *
admin_query (const char *conninfo,
             const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *result;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  result = PQexec (conn, sql);
  g_assert_true (PQresultStatus (result) == PGRES_TUPLES_OK ||
                 PQresultStatus (result) == PGRES_COMMAND_OK);
  PQfinish (conn);
  return result;
}

static gint64
admin_int (const char *conninfo,
           const char *sql)
{
  PGresult *result = admin_query (conninfo, sql);
  gint64 value = g_ascii_strtoll (PQgetvalue (result, 0, 0), NULL, 10);

  PQclear (result);
  return value;
}

static char *
store_path (Fixture    *fixture,
            const char *name)
{
  return g_build_filename (fixture->dir, name, NULL);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = mdg_tool_postgres_dup_conninfo (server, "postgres");
  g_autofree char *dbname = g_strdup_printf ("ward%u", ++n_databases);
  g_autofree char *create = g_strdup_printf ("CREATE DATABASE %s", dbname);

  PQclear (admin_query (admin, create));
  fixture->conninfo = mdg_tool_postgres_dup_conninfo (server, dbname);
  fixture->dir = g_dir_make_tmp ("mdg-test-ward-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->case_file = g_test_build_filename (G_TEST_DIST, "data", "store", "case.json", NULL);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->conninfo, NULL), ==, 0);
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
  g_free (fixture->conninfo);
  g_free (fixture->case_file);
}

static GPtrArray *
save_cases (Fixture    *fixture,
            const char *store,
            guint       n)
{
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *out = NULL;

      g_assert_cmpint (mdg_test_run_tool (&out, "case", "save", "--store", store, "--case",
                                 fixture->case_file, NULL), ==, 0);
      g_ptr_array_add (ids, g_strdup (g_strstrip (out)));
    }
  return ids;
}

/* Every id once in `ward cases`, and nothing else. */
static void
assert_ward_cases (Fixture   *fixture,
                   GPtrArray *ids)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  g_assert_cmpint (mdg_test_run_tool (&out, "ward", "cases", "--conninfo", fixture->conninfo, NULL), ==, 0);
  lines = g_strsplit (g_strstrip (out), "\n", -1);
  for (guint i = 0; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      g_assert_false (g_hash_table_contains (seen, lines[i]));
      g_hash_table_add (seen, lines[i]);
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, ids->len);
  for (guint i = 0; i < ids->len; i++)
    g_assert_true (g_hash_table_contains (seen, g_ptr_array_index (ids, i)));
}

/* A relay that cuts both directions once @cut_at bytes went server → client. */
typedef struct
{
  GSocketListener *listener;
  guint16          port;
  gint64           cut_at;      /* -1: never */
  gint64           relayed;     /* server → client bytes of the last connection */
  GThread         *thread;
} Cutter;

typedef struct
{
  GSocket *from;
  GSocket *to;
  Cutter  *cutter;
  gboolean counted;
} Pipe;

static gboolean
send_all (GSocket    *socket,
                   const char *data,
                   gsize       size,
                   GCancellable *cancellable,
                   GError    **error)
{
  while (size > 0)
    {
      gssize sent = g_socket_send (socket, data, size, cancellable, error);

      if (sent <= 0)
        return FALSE;
      data += sent;
      size -= sent;
    }
  return TRUE;
}

static gpointer
pipe_thread (gpointer data)
{
  Pipe *pipe = data;
  char buffer[4096];
  gint64 total = 0;

  for (;;)
    {
      gssize n = g_socket_receive (pipe->from, buffer, sizeof buffer, NULL, NULL);
      gssize limit = n;

      if (n <= 0)
        break;
      if (pipe->counted && pipe->cutter->cut_at >= 0 && total + n >= pipe->cutter->cut_at)
        limit = pipe->cutter->cut_at - total;
      if (limit > 0 && !send_all (pipe->to, buffer, limit, NULL, NULL))
        break;
      total += limit;
      if (pipe->counted)
        pipe->cutter->relayed = total;
      if (limit < n)
        break;
    }

  g_socket_shutdown (pipe->from, TRUE, TRUE, NULL);
  g_socket_shutdown (pipe->to, TRUE, TRUE, NULL);
  return NULL;
}

static gpointer
cutter_thread (gpointer data)
{
  Cutter *cutter = data;

  for (;;)
    {
      g_autoptr(GSocketConnection) down = g_socket_listener_accept (cutter->listener, NULL, NULL,
                                                                    NULL);
      g_autoptr(GSocketClient) client = g_socket_client_new ();
      g_autoptr(GSocketConnection) up = NULL;
      Pipe a, b;
      GThread *ta, *tb;

      if (down == NULL)
        return NULL;
      up = g_socket_client_connect_to_host (client, "127.0.0.1",
                                            atoi (mdg_tool_postgres_get_port (server)), NULL, NULL);
      if (up == NULL)
        continue;

      a = (Pipe) { g_socket_connection_get_socket (down), g_socket_connection_get_socket (up),
                   cutter, FALSE };
      b = (Pipe) { g_socket_connection_get_socket (up), g_socket_connection_get_socket (down),
                   cutter, TRUE };
      ta = g_thread_new ("pipe-up", pipe_thread, &a);
      tb = g_thread_new ("pipe-down", pipe_thread, &b);
      g_thread_join (ta);
      g_thread_join (tb);
    }
}

static Cutter *
cutter_new (void)
{
  Cutter *cutter = g_new0 (Cutter, 1);
  g_autoptr(GError) error = NULL;

  cutter->listener = g_socket_listener_new ();
  cutter->port = g_socket_listener_add_any_inet_port (cutter->listener, NULL, &error);
  g_assert_no_error (error);
  cutter->cut_at = -1;
  cutter->thread = g_thread_new ("cutter", cutter_thread, cutter);
  return cutter;
}

static char *
conninfo_via_cutter (Fixture *fixture,
                     Cutter  *cutter)
{
  g_autofree char *port = g_strdup_printf ("port=%s ", mdg_tool_postgres_get_port (server));
  g_autofree char *other = g_strdup_printf ("port=%u ", cutter->port);
  g_autoptr(GString) conninfo = g_string_new (fixture->conninfo);

  g_string_replace (conninfo, port, other, 1);
  return g_string_free (g_steal_pointer (&conninfo), FALSE);
}

/* The migrations of data/ward-db, numbered 0001, 0002 … */
static gint64
n_migrations (void)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "ward-db", NULL);
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  const char *name;
  gint64 n = 0;

  g_assert_nonnull (listing);
  while ((name = g_dir_read_name (listing)) != NULL)
    n += g_str_has_suffix (name, ".sql");
  return n;
}

/* Tests -------------------------------------------------------------------- */

static void
test_setup_idempotent (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *schema_sql = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON "
                           "n.oid = c.relnamespace WHERE n.nspname = 'madoguchi'";
  gint64 relations = admin_int (fixture->conninfo, schema_sql);
  gint64 xid = admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.bands");

  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->conninfo, NULL), ==, 0);
  g_assert_cmpint (admin_int (fixture->conninfo, schema_sql), ==, relations);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.bands"), ==, xid);
  /* every migration applied once, the newest last */
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM "
                              "public.madoguchi_migrations"), ==, n_migrations ());
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT max(version) FROM "
                              "public.madoguchi_migrations"), ==, n_migrations ());
  g_assert_cmpint (n_migrations (), >=, 2);

  /* newer: refused */
  PQclear (admin_query (fixture->conninfo, "INSERT INTO public.madoguchi_migrations "
                                           "VALUES (99, 'future')"));
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", fixture->conninfo, NULL), ==, 1);
  /* unreachable */
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo",
                             "host=127.0.0.1 port=1 dbname=x user=x", NULL), ==, 1);
}

static void
test_sync_push_replay (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *store = store_path (fixture, "a.sqlite");
  g_autoptr(GPtrArray) ids = save_cases (fixture, store, 12);
  g_autofree char *sql = g_strdup_printf ("UPDATE outbox SET sent_at = NULL");

  /* unreachable: exit 1, nothing lost */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo",
                             "host=127.0.0.1 port=1 dbname=x user=x connect_timeout=2", NULL),
                   ==, 1);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  assert_ward_cases (fixture, ids);

  /* the whole outbox replayed, twice */
  for (guint i = 0; i < 2; i++)
    {
      char *args[] = { g_strdup ("sqlite3"), g_strdup (store), g_strdup (sql), NULL };

      g_assert_true (g_spawn_sync (NULL, args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                                   NULL, NULL));
      g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", fixture->conninfo,
                                 NULL), ==, 0);
      for (guint k = 0; k < 3; k++)
        g_free (args[k]);
      assert_ward_cases (fixture, ids);
    }
  g_assert_cmpint (mdg_test_run_tool (NULL, "store", "check", "--store", store, NULL), ==, 0);
}

static void
test_sync_server_restart (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *store = store_path (fixture, "b.sqlite");
  g_autoptr(GPtrArray) ids = save_cases (fixture, store, 30);
  g_autoptr(GError) error = NULL;

  /* Many rows per transaction, so that the stop lands mid-push. */
  for (guint round = 0; round < 3; round++)
    {
      g_autoptr(GSubprocess) sync = NULL;
      const char *tool = g_getenv ("MADOGUCHI_TOOL");

      sync = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, tool, "sync",
                               "--store", store, "--conninfo", fixture->conninfo, NULL);
      g_assert_no_error (error);
      g_usleep (round * 20000);
      g_assert_true (mdg_tool_postgres_stop (server, &error));
      g_subprocess_wait (sync, NULL, &error);
      g_assert_true (mdg_tool_postgres_restart (server, &error));
      g_assert_no_error (error);
      /* 0 if it finished first, else 1: never anything else */
      g_assert_cmpint (g_subprocess_get_exit_status (sync), <=, 1);
    }

  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  assert_ward_cases (fixture, ids);
}

static void
test_sync_cut (Fixture       *fixture,
               gconstpointer  data)
{
  g_autofree char *store = store_path (fixture, "c.sqlite");
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  Cutter *cutter = cutter_new ();
  g_autofree char *via = conninfo_via_cutter (fixture, cutter);
  gint64 total;
  guint cuts = 0;

  /* The bytes of a whole sync of one case, then cuts at every point of the
   * tail: after the COMMIT went out and before its answer was read. */
  {
    g_autoptr(GPtrArray) one = save_cases (fixture, store, 1);

    g_ptr_array_add (ids, g_strdup (g_ptr_array_index (one, 0)));
    g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", via, NULL), ==, 0);
    total = cutter->relayed;
  }

  for (gint64 cut = total - 400; cut < total; cut += 7)
    {
      g_autoptr(GPtrArray) more = save_cases (fixture, store, 1);
      int status;

      g_ptr_array_add (ids, g_strdup (g_ptr_array_index (more, 0)));
      cutter->cut_at = MAX (cut, 0);
      status = mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", via, NULL);
      g_assert_cmpint (status, <=, 1);
      cuts += status == 1;
      cutter->cut_at = -1;
    }
  g_test_message ("%u syncs cut", cuts);
  g_assert_cmpuint (cuts, >, 0);

  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", store, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  assert_ward_cases (fixture, ids);
}

static int
issue (const char *store,
       const char *conninfo,
       const char *band)
{
  g_autofree char *out = NULL;

  if (conninfo != NULL)
    g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", store, "--band", band,
                               "--conninfo", conninfo, NULL), ==, 0);
  else
    g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "issue", "--store", store, "--band", band, NULL),
                     ==, 0);
  return atoi (out);
}

static void
test_ticket_numbering (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *other = store_path (fixture, "other.sqlite");
  g_autoptr(GHashTable) numbers = g_hash_table_new (NULL, NULL);

  g_assert_cmpint (issue (kiosk, fixture->conninfo, "1"), ==, 1001);
  g_assert_cmpint (issue (kiosk, fixture->conninfo, "1"), ==, 1002);
  g_assert_cmpint (issue (other, fixture->conninfo, "1"), ==, 1003);
  g_assert_cmpint (issue (kiosk, fixture->conninfo, "2"), ==, 2001);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ticket", "issue", "--store", kiosk, "--band", "9",
                             "--conninfo", fixture->conninfo, NULL), ==, 1);

  /* offline: only from the numbers leased while online, never twice */
  g_assert_cmpint (mdg_test_run_tool (NULL, "ticket", "issue", "--store",
                             store_path (fixture, "never-online.sqlite"), "--band", "1", NULL),
                   ==, 1);
  for (guint i = 0; i < 10; i++)
    {
      int a = issue (kiosk, NULL, "1");
      int b = issue (other, "host=127.0.0.1 port=1 dbname=x user=x", "1");

      g_assert_cmpint (a, >, 1003);
      g_assert_false (g_hash_table_contains (numbers, GINT_TO_POINTER (a)));
      g_hash_table_add (numbers, GINT_TO_POINTER (a));
      g_assert_false (g_hash_table_contains (numbers, GINT_TO_POINTER (b)));
      g_hash_table_add (numbers, GINT_TO_POINTER (b));
    }

  /* both push their offline tickets: all in the ward, unique per day and band */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", kiosk, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", other, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE band = 1"), ==, 23);
  g_assert_cmpint (issue (kiosk, fixture->conninfo, "1"), ==, 1004);
}

static void
test_two_workstations (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *a = store_path (fixture, "ws-a.sqlite");
  g_autofree char *b = store_path (fixture, "ws-b.sqlite");
  g_autofree char *contents = NULL;
  g_autoptr(GPtrArray) ids = NULL;
  g_autoptr(GError) error = NULL;
  const char *tool = g_getenv ("MADOGUCHI_TOOL");
  GSubprocess *syncs[4];

  issue (a, fixture->conninfo, "3");
  for (guint i = 0; i < 15; i++)
    issue (a, NULL, "3");
  ids = save_cases (fixture, a, 5);

  /* B holds the same tickets and cases (a copied store): both push at once. */
  {
    const char *args[] = { "sqlite3", a, NULL, NULL };
    g_autofree char *backup = g_strdup_printf (".backup '%s'", b);

    args[2] = backup;
    g_assert_true (g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, NULL, &error));
  }
  for (guint i = 0; i < 4; i++)
    {
      syncs[i] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDERR_PIPE, &error, tool, "sync",
                                   "--store", i % 2 ? a : b, "--conninfo", fixture->conninfo,
                                   NULL);
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *messages = NULL;

      g_subprocess_communicate_utf8 (syncs[i], NULL, NULL, NULL, &messages, &error);
      g_assert_no_error (error);
      if (g_subprocess_get_exit_status (syncs[i]) != 0)
        g_test_message ("sync %u: %s", i, messages);
      g_assert_cmpint (g_subprocess_get_exit_status (syncs[i]), ==, 0);
      g_object_unref (syncs[i]);
    }

  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE band = 3"), ==, 16);
  assert_ward_cases (fixture, ids);
}

static void
test_call_next_eight (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autoptr(GHashTable) called = g_hash_table_new (NULL, NULL);
  g_autoptr(GError) error = NULL;
  const char *tool = g_getenv ("MADOGUCHI_TOOL");
  const guint n_tickets = 60;
  gboolean waiting = TRUE;

  for (guint i = 0; i < n_tickets; i++)
    issue (kiosk, fixture->conninfo, i % 3 == 0 ? "2" : "1");

  while (waiting)
    {
      GSubprocess *counters[8];

      for (guint c = 0; c < 8; c++)
        {
          g_autofree char *store = g_strdup_printf ("%s/counter-%u.sqlite", fixture->dir, c + 1);
          g_autofree char *counter = g_strdup_printf ("%u", c + 1);

          counters[c] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                          G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error, tool,
                                          "ticket", "call-next", "--store", store, "--counter",
                                          counter, "--bands", "1,2", "--conninfo",
                                          fixture->conninfo, NULL);
          g_assert_no_error (error);
        }
      for (guint c = 0; c < 8; c++)
        {
          g_autofree char *out = NULL;
          int status;

          g_subprocess_communicate_utf8 (counters[c], NULL, NULL, &out, NULL, &error);
          g_assert_no_error (error);
          status = g_subprocess_get_exit_status (counters[c]);
          g_assert_true (status == 0 || status == 3);
          if (status == 3)
            waiting = FALSE;
          else
            {
              int number = atoi (out);

              /* exactly once */
              g_assert_false (g_hash_table_contains (called, GINT_TO_POINTER (number)));
              g_hash_table_add (called, GINT_TO_POINTER (number));
            }
          g_object_unref (counters[c]);
        }
    }

  g_assert_cmpuint (g_hash_table_size (called), ==, n_tickets);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE status = 'waiting'"), ==, 0);
}

/* Cut the call-next answer at every byte of its tail: the ticket the server
 * committed is printed by the next run, never skipped, never doubled. */
static void
test_call_next_cut (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *counter = store_path (fixture, "counter.sqlite");
  g_autoptr(GHashTable) called = g_hash_table_new (NULL, NULL);
  Cutter *cutter = cutter_new ();
  g_autofree char *via = conninfo_via_cutter (fixture, cutter);
  gint64 total;
  guint cuts = 0;
  guint n_tickets = 0;

  for (guint i = 0; i < 45; i++, n_tickets++)
    issue (kiosk, fixture->conninfo, "1");

  {
    g_autofree char *out = NULL;

    g_assert_cmpint (mdg_test_run_tool (&out, "ticket", "call-next", "--store", counter, "--counter", "4",
                               "--bands", "1", "--conninfo", via, NULL), ==, 0);
    g_hash_table_add (called, GINT_TO_POINTER (atoi (out)));
    total = cutter->relayed;
  }

  for (gint64 cut = total - 120; cut < total; cut += 3)
    {
      g_autofree char *out = NULL;
      int status;

      cutter->cut_at = cut;
      status = mdg_test_run_tool (&out, "ticket", "call-next", "--store", counter, "--counter", "4",
                         "--bands", "1", "--conninfo", via, NULL);
      cutter->cut_at = -1;
      if (status == 1)
        {
          cuts++;
          g_clear_pointer (&out, g_free);
          status = mdg_test_run_tool (&out, "ticket", "call-next", "--store", counter, "--counter", "4",
                             "--bands", "1", "--conninfo", fixture->conninfo, NULL);
        }
      g_assert_cmpint (status, ==, 0);
      g_assert_false (g_hash_table_contains (called, GINT_TO_POINTER (atoi (out))));
      g_hash_table_add (called, GINT_TO_POINTER (atoi (out)));
    }

  g_test_message ("%u calls cut", cuts);
  g_assert_cmpuint (cuts, >, 0);
  /* every called ticket was announced exactly once */
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE status = 'called'"), ==, g_hash_table_size (called));
}

static void
test_issue_cut (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autoptr(GHashTable) printed = g_hash_table_new (NULL, NULL);
  Cutter *cutter = cutter_new ();
  g_autofree char *via = conninfo_via_cutter (fixture, cutter);
  g_autofree char *first = NULL;
  gint64 total;
  guint cuts = 0;

  g_assert_cmpint (mdg_test_run_tool (&first, "ticket", "issue", "--store", kiosk, "--band", "2",
                             "--conninfo", via, NULL), ==, 0);
  g_hash_table_add (printed, GINT_TO_POINTER (atoi (first)));
  total = cutter->relayed;

  for (gint64 cut = 200; cut < total; cut += 23)
    {
      g_autofree char *out = NULL;
      int status;

      cutter->cut_at = cut;
      status = mdg_test_run_tool (&out, "ticket", "issue", "--store", kiosk, "--band", "2", "--conninfo",
                         via, NULL);
      cutter->cut_at = -1;
      if (status == 1)
        {
          cuts++;
          g_clear_pointer (&out, g_free);
          status = mdg_test_run_tool (&out, "ticket", "issue", "--store", kiosk, "--band", "2",
                             "--conninfo", fixture->conninfo, NULL);
        }
      g_assert_cmpint (status, ==, 0);
      g_assert_false (g_hash_table_contains (printed, GINT_TO_POINTER (atoi (out))));
      g_hash_table_add (printed, GINT_TO_POINTER (atoi (out)));
    }

  g_test_message ("%u issues cut", cuts);
  /* Every ticket in the ward was given to someone (online, or offline from a
   * lease when the cut came before the connection was up); lost ones are void. */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", kiosk, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE band = 2 AND status <> 'void'"), ==,
                   g_hash_table_size (printed));
}

static int
call_next (const char *store,
           const char *conninfo,
           const char *counter,
           const char *bands)
{
  g_autofree char *out = NULL;
  int status = mdg_test_run_tool (&out, "ticket", "call-next", "--store", store, "--counter", counter,
                         "--bands", bands, "--conninfo", conninfo, NULL);

  return status == 0 ? atoi (out) : -status;
}

/* Four kiosks issue at once; one counter then calls every ticket: in the
 * order the numbers were given, the oldest first. */
static void
test_call_order (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GPtrArray) kiosks = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *counter = store_path (fixture, "counter.sqlite");
  int previous = 0;
  int n_called = 0;

  for (guint k = 0; k < 4; k++)
    {
      g_autofree char *store = g_strdup_printf ("%s/kiosk%u.sqlite", fixture->dir, k);
      g_autofree char *script = g_strdup_printf ("for i in 1 2 3 4 5 6 7 8 9 10; do "
                                                 "\"$0\" ticket issue --store '%s' --band 1 "
                                                 "--conninfo '%s' >/dev/null || exit 1; done",
                                                 store, fixture->conninfo);
      g_autoptr(GError) error = NULL;
      GSubprocess *kiosk = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, "sh", "-c", script,
                                             g_getenv ("MADOGUCHI_TOOL"), NULL);

      g_assert_no_error (error);
      g_ptr_array_add (kiosks, kiosk);
    }
  for (guint k = 0; k < kiosks->len; k++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (g_subprocess_wait_check (g_ptr_array_index (kiosks, k), NULL, &error));
      g_assert_no_error (error);
    }

  for (int number; (number = call_next (counter, fixture->conninfo, "1", "1")) > 0; )
    {
      g_assert_cmpint (number, >, previous);
      previous = number;
      n_called++;
    }
  g_assert_cmpint (n_called, ==, 40);
}

/* Ticket operations ------------------------------------------------------- */

/* Runs `ticket OP --number N …` on @store; returns its exit status and the
 * printed "NUMBER STATE RECALLS" in @out. */
static int
ticket_op (Fixture     *fixture,
           const char  *store,
           char       **out,
           const char  *op,
           int          number,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("MADOGUCHI_TOOL")));
  g_ptr_array_add (argv, g_strdup ("ticket"));
  g_ptr_array_add (argv, g_strdup (op));
  g_ptr_array_add (argv, g_strdup ("--store"));
  g_ptr_array_add (argv, g_strdup (store));
  g_ptr_array_add (argv, g_strdup_printf ("--number=%d", number));
  g_ptr_array_add (argv, g_strdup ("--conninfo"));
  g_ptr_array_add (argv, g_strdup (fixture->conninfo));
  va_start (args, number);
  for (const char *arg = va_arg (args, const char *); arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, NULL, &error);
  g_assert_no_error (error);
  if (out != NULL)
    *out = g_strdup (g_strstrip (stdout_text));
  return g_subprocess_get_exit_status (process);
}


static void
assert_op (Fixture    *fixture,
           const char *store,
           const char *expected,
           const char *op,
           int         number,
           const char *extra)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (ticket_op (fixture, store, &out, op, number, extra, NULL), ==, 0);
  g_assert_cmpstr (out, ==, expected);
}

/* Called once, recalled twice, then a no-show: the counter moves on. */
static void
test_ticket_recall (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *counter = store_path (fixture, "counter.sqlite");

  issue (kiosk, fixture->conninfo, "1");
  issue (kiosk, fixture->conninfo, "1");
  g_assert_cmpint (call_next (counter, fixture->conninfo, "3", "1"), ==, 1001);

  assert_op (fixture, counter, "1001 called 1", "recall", 1001, "--max-recalls=2");
  assert_op (fixture, counter, "1001 called 2", "recall", 1001, "--max-recalls=2");
  assert_op (fixture, counter, "1001 no_show 2", "recall", 1001, "--max-recalls=2");
  /* over: no more recalls, no close */
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "recall", 1001, NULL), ==, 4);
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "close", 1001, NULL), ==, 4);
  /* a waiting ticket cannot be recalled; an unknown one is not there */
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "recall", 1002, NULL), ==, 4);
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "recall", 1500, NULL), ==, 4);

  g_assert_cmpint (call_next (counter, fixture->conninfo, "3", "1"), ==, 1002);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                              "WHERE status = 'no_show' AND closed_at IS NOT NULL"), ==, 1);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.ticket_ops"),
                   ==, 3);
}

/* A transfer puts the ticket back in the queue of another band, in its old
 * place, for one counter when named; hold and recall resume a visit. */
static void
test_ticket_transfer (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *c1 = store_path (fixture, "counter-1.sqlite");
  g_autofree char *c5 = store_path (fixture, "counter-5.sqlite");

  issue (kiosk, fixture->conninfo, "1");        /* 1001 */
  issue (kiosk, fixture->conninfo, "2");        /* 2001 */
  issue (kiosk, fixture->conninfo, "2");        /* 2002 */
  g_assert_cmpint (call_next (c1, fixture->conninfo, "1", "1"), ==, 1001);

  /* 1001 also needs a certificate: to band 2, counter 5 only */
  assert_op (fixture, c1, "1001 waiting 0", "transfer", 1001, "--band=2");
  g_assert_cmpint (ticket_op (fixture, c1, NULL, "transfer", 2002, "--band=9", NULL), ==, 2);
  g_assert_cmpint (ticket_op (fixture, c1, NULL, "close", 2001, NULL), ==, 4);
  g_assert_cmpint (ticket_op (fixture, c1, NULL, "recall", 2001, NULL), ==, 4);
  /* the place is kept: issued first, 1001 comes before 2001 */
  g_assert_cmpint (call_next (c5, fixture->conninfo, "5", "2"), ==, 1001);
  /* and back, for counter 5 only: counter 1 does not get it */
  g_assert_cmpint (ticket_op (fixture, c5, NULL, "transfer", 1001, "--band=2", "--counter=5",
                              NULL), ==, 0);
  g_assert_cmpint (call_next (c1, fixture->conninfo, "1", "1,2"), ==, 2001);
  g_assert_cmpint (call_next (c1, fixture->conninfo, "1", "1,2"), ==, 2002);
  g_assert_cmpint (call_next (c1, fixture->conninfo, "1", "1,2"), ==, -3);
  g_assert_cmpint (call_next (c5, fixture->conninfo, "5", "2"), ==, 1001);

  /* hold: the resident fetches a document; the counter takes the next one
   * meanwhile and resumes with a recall */
  assert_op (fixture, c5, "1001 held 0", "hold", 1001, NULL);
  g_assert_cmpint (ticket_op (fixture, c5, NULL, "hold", 1001, NULL), ==, 4);
  assert_op (fixture, c5, "1001 called 0", "recall", 1001, "--counter=5");
  assert_op (fixture, c5, "1001 done 0", "close", 1001, "--rating=4");
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT rating FROM madoguchi.tickets "
                              "WHERE number = 1001"), ==, 4);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT band FROM madoguchi.tickets "
                              "WHERE number = 1001"), ==, 2);
}

/* Priority tickets are called first; the close links the case and event. */
static void
test_ticket_priority_close (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *floor = store_path (fixture, "floor.sqlite");
  g_autofree char *counter = store_path (fixture, "counter.sqlite");
  const char *case_id = "6f1c1d9e-3b7a-4f0e-9a55-0c2f6b1d2e30";
  g_autofree char *case_arg = g_strdup_printf ("--case=%s", case_id);
  g_autofree char *sql = NULL;

  for (guint i = 0; i < 4; i++)
    issue (kiosk, fixture->conninfo, "3");
  assert_op (fixture, floor, "3003 waiting 0", "priority", 3003, NULL);
  g_assert_cmpint (call_next (counter, fixture->conninfo, "2", "3"), ==, 3003);
  /* a called ticket's priority is not the floor's to change any more */
  g_assert_cmpint (ticket_op (fixture, floor, NULL, "priority", 3003, NULL), ==, 4);
  assert_op (fixture, floor, "3004 waiting 0", "priority", 3004, NULL);
  assert_op (fixture, floor, "3004 waiting 0", "priority", 3004, "--off");
  g_assert_cmpint (call_next (counter, fixture->conninfo, "2", "3"), ==, 3001);

  g_assert_cmpint (ticket_op (fixture, counter, NULL, "rate", 3003, "--rating=5", NULL), ==, 4);
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "close", 3003, case_arg, "--event=birth",
                              NULL), ==, 0);
  assert_op (fixture, counter, "3003 done 0", "rate", 3003, "--rating=5");
  sql = g_strdup_printf ("SELECT count(*) FROM madoguchi.tickets WHERE number = 3003 AND "
                         "case_id = '%s' AND event = 'birth' AND rating = 5 AND "
                         "closed_at >= issued_at", case_id);
  g_assert_cmpint (admin_int (fixture->conninfo, sql), ==, 1);

  /* the counter's store knows the ticket as the ward answered, and so does
   * any other store after a pull */
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", kiosk, "--conninfo", fixture->conninfo,
                             NULL), ==, 0);
  {
    g_autofree char *q = g_strdup_printf ("sqlite3 %s \"SELECT status, rating, event, "
                                          "closed_at IS NOT NULL, priority FROM tickets "
                                          "WHERE number = 3003\"", kiosk);
    g_autofree char *out = NULL;
    g_autoptr(GError) error = NULL;

    g_assert_true (g_spawn_command_line_sync (q, &out, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpstr (g_strstrip (out), ==, "done|5|birth|1|1");
  }
}

/* The counter completed the visit but could not close the ticket (offline):
 * the case, pushed later with its ticket, closes it in the ward with the
 * case's own completion time and the resident's rating, so the stay time
 * and the satisfaction are right. */
static void
test_ticket_closed_by_case (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *counter = store_path (fixture, "counter.sqlite");
  g_autofree char *ticket_arg = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *sql = NULL;
  PGresult *result;

  issue (kiosk, fixture->conninfo, "1");
  issue (kiosk, fixture->conninfo, "1");
  g_assert_cmpint (call_next (counter, fixture->conninfo, "4", "1"), ==, 1001);
  result = admin_query (fixture->conninfo, "SELECT id FROM madoguchi.tickets WHERE number = 1001");
  ticket_arg = g_strdup_printf ("--ticket=%s", PQgetvalue (result, 0, 0));
  PQclear (result);

  /* no close reaches the ward: the case is completed offline, then synced */
  g_assert_cmpint (mdg_test_run_tool (&case_id, "case", "save", "--store", counter, "--case",
                                      fixture->case_file, ticket_arg, "--rating=4", NULL), ==, 0);
  g_strstrip (case_id);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                                                 "WHERE status = 'done'"), ==, 0);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", counter, "--conninfo",
                                      fixture->conninfo, NULL), ==, 0);

  sql = g_strdup_printf ("SELECT count(*) FROM madoguchi.tickets t JOIN madoguchi.cases c "
                         "ON c.ticket_id = t.id WHERE t.number = 1001 AND t.status = 'done' "
                         "AND t.case_id = '%s' AND t.event = 'move_in' AND "
                         "t.closed_at = c.completed_at AND t.rating = 4 AND c.rating = 4",
                         case_id);
  g_assert_cmpint (admin_int (fixture->conninfo, sql), ==, 1);
  /* the other ticket waits on, untouched; a second sync changes nothing */
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT count(*) FROM madoguchi.tickets "
                                                 "WHERE number = 1002 AND status = 'waiting'"), ==, 1);
  g_assert_cmpint (mdg_test_run_tool (NULL, "sync", "--store", counter, "--conninfo",
                                      fixture->conninfo, NULL), ==, 0);
  g_assert_cmpint (admin_int (fixture->conninfo, sql), ==, 1);
  /* a malformed ticket id is refused before anything is stored */
  g_assert_cmpint (mdg_test_run_tool (NULL, "case", "save", "--store", counter, "--case",
                                      fixture->case_file, "--ticket=1001", NULL), ==, 2);
}

/* Cut the answer of a recall at the end of the exchange: the retry is
 * applied once, so the recalls count every recall exactly once. */
static void
test_ticket_op_cut (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *kiosk = store_path (fixture, "kiosk.sqlite");
  g_autofree char *counter = store_path (fixture, "counter.sqlite");
  Cutter *cutter = cutter_new ();
  g_autofree char *via = conninfo_via_cutter (fixture, cutter);
  g_autofree char *via_arg = g_strdup_printf ("--conninfo=%s", via);
  gint64 total;
  guint cuts = 0;
  guint recalls = 0;

  issue (kiosk, fixture->conninfo, "4");
  g_assert_cmpint (call_next (counter, fixture->conninfo, "7", "4"), ==, 4001);

  /* the last --conninfo wins: through the cutter */
  g_assert_cmpint (ticket_op (fixture, counter, NULL, "recall", 4001, via_arg,
                              "--max-recalls=1000", NULL), ==, 0);
  recalls++;
  total = cutter->relayed;

  for (gint64 cut = total - 150; cut < total; cut += 5)
    {
      g_autofree char *out = NULL;
      g_autofree char *expected = NULL;
      int status;

      cutter->cut_at = cut;
      status = ticket_op (fixture, counter, &out, "recall", 4001, via_arg, "--max-recalls=1000",
                          NULL);
      cutter->cut_at = -1;
      if (status == 1)
        {
          cuts++;
          g_clear_pointer (&out, g_free);
          status = ticket_op (fixture, counter, &out, "recall", 4001, "--max-recalls=1000", NULL);
        }
      g_assert_cmpint (status, ==, 0);
      recalls++;
      expected = g_strdup_printf ("4001 called %u", recalls);
      g_assert_cmpstr (out, ==, expected);
    }

  g_test_message ("%u recalls cut", cuts);
  g_assert_cmpuint (cuts, >, 0);
  g_assert_cmpint (admin_int (fixture->conninfo, "SELECT recalls FROM madoguchi.tickets"), ==,
                   recalls);
}

static void
test_keyring_login (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GString) without = g_string_new (fixture->conninfo);
  g_autofree char *password = g_strdup (mdg_tool_postgres_get_password (server));
  g_autoptr(GSubprocess) login = NULL;
  g_autoptr(GError) error = NULL;
  const char *at = strstr (fixture->conninfo, "passfile=");
  const char *tool = g_getenv ("MADOGUCHI_TOOL");

  g_assert_nonnull (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  /* the same string without its password file */
  g_string_truncate (without, at - fixture->conninfo);

  /* no password anywhere yet: refused */
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "cases", "--conninfo", without->str, NULL), ==, 1);

  login = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, tool, "ward", "login",
                            "--conninfo", without->str, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (login, password, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (login), ==, 0);

  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "cases", "--conninfo", without->str, NULL), ==, 0);
}

/* Reads @stream until @text came (or end of file); returns what came. */
static char *
read_until (GInputStream *stream,
            const char   *text)
{
  g_autoptr(GString) got = g_string_new (NULL);
  char buffer[256];
  gssize n;

  while (strstr (got->str, text) == NULL &&
         (n = g_input_stream_read (stream, buffer, sizeof buffer, NULL, NULL)) > 0)
    g_string_append_len (got, buffer, n);

  return g_string_free (g_steal_pointer (&got), FALSE);
}

/* On a terminal (script(1) gives the tool one), ward login prompts and
 * reads the password without echoing it; the keyring then has it. */
static void
test_keyring_login_tty (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GString) without = g_string_new (fixture->conninfo);
  g_autoptr(GSubprocess) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;
  g_autofree char *prompt = NULL;
  g_autofree char *rest = NULL;
  const char *password = mdg_tool_postgres_get_password (server);
  GOutputStream *in;
  GInputStream *out;

  g_string_truncate (without, strstr (fixture->conninfo, "passfile=") - fixture->conninfo);
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "cases", "--conninfo", without->str, NULL), ==, 1);

  command = g_strdup_printf ("'%s' ward login --conninfo '%s'", g_getenv ("MADOGUCHI_TOOL"),
                             without->str);
  login = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                            G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                            "script", "-q", "-e", "-c", command, "/dev/null", NULL);
  g_assert_no_error (error);
  in = g_subprocess_get_stdin_pipe (login);
  out = g_subprocess_get_stdout_pipe (login);

  prompt = read_until (out, "Password for the ward database:");
  g_assert_nonnull (strstr (prompt, "Password for the ward database:"));
  g_output_stream_write_all (in, password, strlen (password), NULL, NULL, &error);
  g_output_stream_write_all (in, "\n", 1, NULL, NULL, &error);
  g_assert_no_error (error);
  rest = read_until (out, "the password is in the keyring");
  g_output_stream_close (in, NULL, NULL);
  g_subprocess_wait (login, NULL, &error);
  g_assert_no_error (error);
  g_test_message ("%s%s", prompt, rest);
  g_assert_cmpint (g_subprocess_get_exit_status (login), ==, 0);
  /* the terminal did not show it */
  g_assert_null (strstr (prompt, password));
  g_assert_null (strstr (rest, password));

  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "cases", "--conninfo", without->str, NULL), ==, 0);
}

/* TLS ------------------------------------------------------------------------ */

/* The test's own certificate authority and a server certificate for
 * ward.test, made with the openssl command; a second authority that
 * signed nothing the server shows. */
static char *tls_dir;

static void
run_openssl (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) "openssl");
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_set_cwd (launcher, tls_dir);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

static void
make_certificates (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *ext = NULL;

  tls_dir = g_dir_make_tmp ("mdg-test-tls-XXXXXX", &error);
  g_assert_no_error (error);
  ext = g_build_filename (tls_dir, "server.ext", NULL);
  g_file_set_contents (ext, "subjectAltName=DNS:ward.test\n", -1, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < 2; i++)
    run_openssl ("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
                 "-nodes", "-days", "2", "-keyout", i == 0 ? "ca.key" : "other-ca.key",
                 "-out", i == 0 ? "ca.crt" : "other-ca.crt",
                 "-subj", i == 0 ? "/CN=Madoguchi test ward CA" : "/CN=Another CA", NULL);
  run_openssl ("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
               "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=ward.test", NULL);
  run_openssl ("x509", "-req", "-in", "server.csr", "-CA", "ca.crt", "-CAkey", "ca.key",
               "-CAcreateserial", "-days", "2", "-extfile", "server.ext", "-out", "server.crt",
               NULL);
}

static char *
tls_file (const char *name)
{
  return g_build_filename (tls_dir, name, NULL);
}

static char *
conninfo_value (const char *conninfo,
                const char *keyword)
{
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);
  char *value = NULL;

  g_assert_nonnull (options);
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (g_strcmp0 (option->keyword, keyword) == 0)
        value = g_strdup (option->val);
    }
  PQconninfoFree (options);
  return value;
}

/* Runs the tool with @env added; returns its exit status and its stderr. */
static int
run_tool_env (char               **err,
              const char * const  *env,
              const char          *first,
              ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stderr_text = NULL;
  va_list args;

  g_ptr_array_add (argv, (char *) g_getenv ("MADOGUCHI_TOOL"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  for (guint i = 0; env != NULL && env[i] != NULL; i += 2)
    g_subprocess_launcher_setenv (launcher, env[i], env[i + 1], TRUE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, NULL, &stderr_text, &error);
  g_assert_no_error (error);
  g_test_message ("%s", stderr_text != NULL ? g_strstrip (stderr_text) : "");
  g_assert_true (g_subprocess_get_if_exited (process));
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (process);
}

/* `ward cases` over TLS to a name that is not loopback (ward.test, the
 * certificate's name, at 127.0.0.1): verify-full with the ward's CA works,
 * anything less is refused before connecting, exit 2 naming sslmode. */
static void
test_tls_verify_full (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *ca = tls_file ("ca.crt");
  g_autofree char *other_ca = tls_file ("other-ca.crt");
  g_autofree char *dbname = conninfo_value (fixture->conninfo, "dbname");
  g_autofree char *passfile = conninfo_value (fixture->conninfo, "passfile");
  g_autofree char *remote = g_strdup_printf ("host=ward.test hostaddr=127.0.0.1 port=%s dbname=%s "
                                             "user=postgres passfile='%s'",
                                             mdg_tool_postgres_get_port (server), dbname,
                                             passfile);
  g_autofree char *verified = g_strdup_printf ("%s sslmode=verify-full sslrootcert='%s'", remote, ca);
  g_autofree char *wrong_ca = g_strdup_printf ("%s sslmode=verify-full sslrootcert='%s'", remote,
                                               other_ca);
  g_autofree char *uri = g_strdup_printf ("postgresql://postgres@ward.test:%s/%s?hostaddr=127.0.0.1"
                                          "&passfile=%s", mdg_tool_postgres_get_port (server),
                                          dbname, passfile);
  g_autofree char *uri_verified = g_strdup_printf ("%s&sslmode=verify-full&sslrootcert=%s", uri, ca);
  g_autofree char *several = g_strdup_printf ("host=127.0.0.1,ward.test hostaddr=127.0.0.1,127.0.0.1 "
                                              "port=%s dbname=%s user=postgres passfile='%s'",
                                              mdg_tool_postgres_get_port (server), dbname, passfile);
  g_autofree char *bare = g_strdup_printf ("port=%s dbname=%s user=postgres passfile='%s'",
                                           mdg_tool_postgres_get_port (server), dbname, passfile);
  const char *tls_env[] = { "PGSSLMODE", "verify-full", "PGSSLROOTCERT", ca, NULL };
  const char *host_env[] = { "PGHOST", "ward.test", "PGHOSTADDR", "127.0.0.1", NULL };
  const char *insecure[] = { remote, uri, several, NULL };
  g_autofree char *store = store_path (fixture, "tls.sqlite");
  g_autoptr(GPtrArray) ids = save_cases (fixture, store, 2);

  /* pushed over TLS */
  g_assert_cmpint (run_tool_env (NULL, NULL, "sync", "--store", store, "--conninfo", verified, NULL), ==, 0);

  /* the CA's certificate for ward.test: the cases, over TLS */
  g_assert_cmpint (run_tool_env (NULL, NULL, "ward", "cases", "--conninfo", verified, NULL), ==, 0);
  g_assert_cmpint (run_tool_env (NULL, NULL, "ward", "cases", "--conninfo", uri_verified, NULL), ==, 0);
  g_assert_cmpint (run_tool_env (NULL, NULL, "ward", "setup", "--conninfo", verified, NULL), ==, 0);
  g_assert_cmpint (run_tool_env (NULL, tls_env, "ward", "cases", "--conninfo", remote, NULL), ==, 0);
  assert_ward_cases (fixture, ids);

  /* a server whose certificate another CA signed has not proved itself */
  g_assert_cmpint (run_tool_env (NULL, NULL, "ward", "cases", "--conninfo", wrong_ca, NULL), ==, 1);

  /* no sslmode, or less than verify-full, or no CA: refused, exit 2 */
  for (guint i = 0; insecure[i] != NULL; i++)
    {
      g_autofree char *err = NULL;

      g_assert_cmpint (run_tool_env (&err, NULL, "ward", "cases", "--conninfo", insecure[i], NULL), ==, 2);
      g_assert_nonnull (strstr (err, "sslmode"));
    }
  {
    g_autofree char *verify_ca = g_strdup_printf ("sslmode=verify-ca sslrootcert='%s'", ca);
    const char *tails[] = { "sslmode=require", verify_ca, "sslmode=verify-full", NULL };

    for (guint i = 0; tails[i] != NULL; i++)
      {
        g_autofree char *conninfo = g_strconcat (remote, " ", tails[i], NULL);
        g_autofree char *err = NULL;

        g_assert_cmpint (run_tool_env (&err, NULL, "ward", "cases", "--conninfo", conninfo, NULL), ==, 2);
        g_assert_nonnull (strstr (err, "sslmode"));
      }
  }
  /* libpq's environment counts as libpq would count it */
  g_assert_cmpint (run_tool_env (NULL, host_env, "ward", "cases", "--conninfo", bare, NULL), ==, 2);
}

/* A fake ward database on loopback: it logs every byte it receives,
 * declines TLS and asks for a cleartext password. */
typedef struct
{
  GSocketListener *listener;
  GCancellable    *cancellable;
  GThread         *thread;
  GMutex           mutex;
  GByteArray      *received;
  guint16          port;
  guint            accepted;
  guint            closed;
} FakeServer;

static gboolean
fake_read (FakeServer   *fake,
           GInputStream *in,
           guint8       *buffer,
           gsize         size)
{
  gsize got = 0;

  g_input_stream_read_all (in, buffer, size, &got, fake->cancellable, NULL);
  g_mutex_lock (&fake->mutex);
  g_byte_array_append (fake->received, buffer, got);
  g_mutex_unlock (&fake->mutex);
  return got == size;
}

static void
fake_serve (FakeServer        *fake,
            GSocketConnection *connection)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  static const guint8 ask_cleartext[] = { 'R', 0, 0, 0, 8, 0, 0, 0, 3 };
  guint8 buffer[4096];

  /* untyped messages first: TLS or GSSAPI requests, then the startup */
  while (TRUE)
    {
      guint32 length;
      guint32 code;

      if (!fake_read (fake, in, buffer, 8))
        return;
      length = GUINT32_FROM_BE (*(guint32 *) buffer);
      code = GUINT32_FROM_BE (*(guint32 *) (buffer + 4));
      if (length == 8 && (code == 80877103 || code == 80877104))
        {
          g_output_stream_write_all (out, "N", 1, NULL, fake->cancellable, NULL);
          continue;
        }
      if (length < 8 || length > sizeof buffer || !fake_read (fake, in, buffer, length - 8))
        return;
      break;
    }

  g_output_stream_write_all (out, ask_cleartext, sizeof ask_cleartext, NULL, fake->cancellable,
                             NULL);
  /* whatever comes now, until the client hangs up */
  while (TRUE)
    {
      gssize n = g_input_stream_read (in, buffer, sizeof buffer, fake->cancellable, NULL);

      if (n <= 0)
        return;
      g_mutex_lock (&fake->mutex);
      g_byte_array_append (fake->received, buffer, n);
      g_mutex_unlock (&fake->mutex);
    }
}

static gpointer
fake_server_thread (gpointer data)
{
  FakeServer *fake = data;
  GSocketConnection *connection;

  while ((connection = g_socket_listener_accept (fake->listener, NULL, fake->cancellable, NULL)))
    {
      g_atomic_int_inc (&fake->accepted);
      fake_serve (fake, connection);
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      g_object_unref (connection);
      g_atomic_int_inc (&fake->closed);
    }

  return NULL;
}

static void
fake_server_start (FakeServer *fake)
{
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  fake->listener = g_socket_listener_new ();
  fake->cancellable = g_cancellable_new ();
  fake->received = g_byte_array_new ();
  g_mutex_init (&fake->mutex);
  g_socket_listener_add_address (fake->listener, address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  fake->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  fake->thread = g_thread_new ("fake-ward", fake_server_thread, fake);
}

static void
fake_server_stop (FakeServer *fake)
{
  g_cancellable_cancel (fake->cancellable);
  g_thread_join (fake->thread);
  g_socket_listener_close (fake->listener);
  g_clear_object (&fake->listener);
  g_clear_object (&fake->cancellable);
  g_byte_array_unref (fake->received);
  g_mutex_clear (&fake->mutex);
}

/* What the fake received once every connection made so far has ended. */
static GBytes *
fake_dup_received (FakeServer *fake)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  GBytes *bytes;

  while (g_atomic_int_get (&fake->closed) != g_atomic_int_get (&fake->accepted))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, end);
      g_usleep (1000);
    }
  g_mutex_lock (&fake->mutex);
  bytes = g_bytes_new (fake->received->data, fake->received->len);
  g_mutex_unlock (&fake->mutex);
  return bytes;
}

static gboolean
bytes_contain (GBytes     *bytes,
               const char *text)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i + strlen (text) <= size; i++)
    {
      if (memcmp (data + i, text, strlen (text)) == 0)
        return TRUE;
    }
  return FALSE;
}

/* The keyring holds clerk's password for ward.test; the fake, at ward.test's
 * address, never sees it: without verify-full nothing is even sent, with it
 * only the TLS request (the fake declines TLS, and libpq stops there). A
 * password in the string or in a malformed URI is refused and never printed. */
static void
test_tls_fake_server (Fixture       *fixture,
                      gconstpointer  data)
{
  const char *secret = "Fake-Server-Must-Not-See-This";
  g_autofree char *ca = tls_file ("ca.crt");
  FakeServer fake = { 0 };
  g_autofree char *plain = NULL;
  g_autofree char *verified = NULL;
  g_autofree char *with_password = NULL;
  g_autofree char *bad_uri = NULL;
  g_autofree char *bad_escape = NULL;
  g_autoptr(GSubprocess) login = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  static const guint8 ssl_request[] = { 0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f };

  fake_server_start (&fake);
  plain = g_strdup_printf ("host=ward.test hostaddr=127.0.0.1 port=%u dbname=ward user=clerk",
                           fake.port);
  verified = g_strdup_printf ("%s sslmode=verify-full sslrootcert='%s'", plain, ca);
  with_password = g_strdup_printf ("%s password=%s", verified, secret);
  bad_uri = g_strdup_printf ("postgresql://clerk:%s@[ward.test:%u/ward", secret, fake.port);
  bad_escape = g_strdup_printf ("postgresql://clerk:%s%%zz@ward.test:%u/ward", secret, fake.port);

  /* the keyring has the password (ward login reads it from stdin here) */
  login = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE, &error, g_getenv ("MADOGUCHI_TOOL"),
                            "ward", "login", "--conninfo", verified, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (login, secret, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (login), ==, 0);

  /* without TLS: refused before connecting */
  {
    g_autofree char *err = NULL;

    g_assert_cmpint (run_tool_env (&err, NULL, "ward", "cases", "--conninfo", plain, NULL), ==, 2);
    g_assert_nonnull (strstr (err, "sslmode"));
    g_assert_cmpuint (g_atomic_int_get (&fake.accepted), ==, 0);
  }

  /* with verify-full: the TLS request, declined, and nothing more */
  g_assert_cmpint (run_tool_env (NULL, NULL, "ward", "cases", "--conninfo", verified, NULL), ==, 1);
  received = fake_dup_received (&fake);
  g_assert_cmpuint (g_atomic_int_get (&fake.accepted), ==, 1);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received),
                   ssl_request, sizeof ssl_request);

  /* a password in the string, or in a URI libpq cannot parse: refused,
   * exit 2, never repeated on stderr, nothing sent */
  {
    const char *refused[] = { with_password, bad_uri, bad_escape, NULL };

    for (guint i = 0; refused[i] != NULL; i++)
      {
        g_autofree char *err = NULL;
        g_autofree char *login_err = NULL;

        g_assert_cmpint (run_tool_env (&err, NULL, "ward", "cases", "--conninfo", refused[i], NULL), ==, 2);
        g_assert_null (strstr (err, secret));
        g_assert_cmpint (run_tool_env (&login_err, NULL, "ward", "login", "--conninfo", refused[i], NULL), ==, 2);
        g_assert_null (strstr (login_err, secret));
      }
  }

  g_clear_pointer (&received, g_bytes_unref);
  received = fake_dup_received (&fake);
  g_assert_cmpuint (g_atomic_int_get (&fake.accepted), ==, 1);
  g_assert_false (bytes_contain (received, secret));
  fake_server_stop (&fake);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) keyring = NULL;
  g_autofree char *keyring_dir = NULL;
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  /* A missing server or bus is a failure, not a skip. */
  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);
  make_certificates ();
  {
    g_autofree char *cert = tls_file ("server.crt");
    g_autofree char *key = tls_file ("server.key");

    mdg_tool_postgres_set_tls (server, cert, key, &error);
    g_assert_no_error (error);
  }
  keyring_dir = g_dir_make_tmp ("mdg-test-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") != NULL)
    keyring = mdg_test_start_keyring (keyring_dir);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mdg/ward/setup/idempotent", test_setup_idempotent);
  ADD ("/mdg/ward/sync/push-replay", test_sync_push_replay);
  ADD ("/mdg/ward/sync/server-restart", test_sync_server_restart);
  ADD ("/mdg/ward/sync/cut-after-commit", test_sync_cut);
  ADD ("/mdg/ward/sync/two-workstations", test_two_workstations);
  ADD ("/mdg/ward/ticket/numbering", test_ticket_numbering);
  ADD ("/mdg/ward/ticket/call-next-eight", test_call_next_eight);
  ADD ("/mdg/ward/ticket/call-next-cut", test_call_next_cut);
  ADD ("/mdg/ward/ticket/issue-cut", test_issue_cut);
  ADD ("/mdg/ward/ticket/call-order", test_call_order);
  ADD ("/mdg/ward/ticket/recall-no-show", test_ticket_recall);
  ADD ("/mdg/ward/ticket/transfer-hold", test_ticket_transfer);
  ADD ("/mdg/ward/ticket/priority-close", test_ticket_priority_close);
  ADD ("/mdg/ward/ticket/op-cut", test_ticket_op_cut);
  ADD ("/mdg/ward/ticket/closed-by-case", test_ticket_closed_by_case);
  ADD ("/mdg/ward/keyring/login", test_keyring_login);
  ADD ("/mdg/ward/keyring/login-tty", test_keyring_login_tty);
  ADD ("/mdg/ward/tls/verify-full", test_tls_verify_full);
  ADD ("/mdg/ward/tls/fake-server", test_tls_fake_server);
#undef ADD

  status = g_test_run ();

  if (keyring != NULL)
    g_subprocess_force_exit (keyring);
  g_clear_pointer (&server, mdg_tool_postgres_free);
  return status;
}
