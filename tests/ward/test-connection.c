/* test-connection.c: the non-blocking libpq connection, against a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "mdg-tool-postgres.h"
#include "mdg-ward-connection.h"
#include "mdg-ward-conninfo.h"

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (*result);
  return *result;
}

static void
on_notification_cb (MdgWardConnection *connection,
                    const char        *channel,
                    const char        *payload,
                    gpointer           user_data)
{
  guint *count = user_data;

  if (g_strcmp0 (channel, "madoguchi") == 0 && g_strcmp0 (payload, "tickets") == 0)
    (*count)++;
}

/* A notification that comes in the same read as a query's result (here our
 * own NOTIFY: the server sends it right after the command's result) is
 * handed out at once, not left in libpq until the socket stirs again. */
static void
test_notification_with_result (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgToolPostgres) server = mdg_tool_postgres_start (FALSE, &error);
  g_autofree char *conninfo = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  guint count = 0;

  g_assert_no_error (error);
  conninfo = mdg_tool_postgres_dup_conninfo (server, "postgres");
  mdg_ward_connection_new_async (conninfo, 0, NULL, async_cb, &opened);
  connection = mdg_ward_connection_new_finish (wait_for (&opened), &error);
  g_assert_no_error (error);
  g_signal_connect (connection, "notification", G_CALLBACK (on_notification_cb), &count);

  for (guint i = 1; i <= 3; i++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(PGresult) res = NULL;
      gint64 end;

      mdg_ward_connection_exec_async (connection, i == 1 ? "LISTEN madoguchi; NOTIFY madoguchi, 'tickets'"
                                                         : "NOTIFY madoguchi, 'tickets'",
                                      NULL, async_cb, &result);
      res = mdg_ward_connection_query_finish (connection, wait_for (&result), &error);
      g_assert_no_error (error);
      g_assert_nonnull (res);

      /* the notification comes, however busy the machine */
      end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      while (count < i && g_get_monotonic_time () < end)
        {
          if (!g_main_context_iteration (NULL, FALSE))
            g_usleep (1000);
        }
      g_assert_cmpuint (count, ==, i);
    }
}

/* The rule of ward-security.md, case by case: which strings may connect,
 * which need TLS first, which are refused outright. */
static void
test_conninfo_rules (void)
{
  static const struct {
    const char *conninfo;
    int         code;      /* -1: accepted */
    gboolean    local;
  } cases[] = {
    /* on this machine: exempt */
    { "host=127.0.0.1 port=5432 dbname=ward", -1, TRUE },
    { "host=127.8.9.10 dbname=ward", -1, TRUE },
    { "host=::1 dbname=ward", -1, TRUE },
    { "host=localhost dbname=ward", -1, TRUE },
    { "host=LOCALHOST dbname=ward", -1, TRUE },
    { "host=/var/run/postgresql dbname=ward", -1, TRUE },
    { "dbname=ward", -1, TRUE },
    { "hostaddr=127.0.0.1 dbname=ward", -1, TRUE },
    { "host=localhost,/tmp,127.0.0.2 dbname=ward", -1, TRUE },
    { "postgresql:///ward?host=/tmp", -1, TRUE },
    { "postgresql://localhost:5433/ward", -1, TRUE },
    { "postgresql://[::1]:5433/ward", -1, TRUE },
    /* elsewhere: verify-full with the ward's CA */
    { "host=ward.example.jp dbname=ward sslmode=verify-full sslrootcert=/etc/ward-ca.crt", -1, FALSE },
    { "postgresql://ward.example.jp/ward?sslmode=verify-full&sslrootcert=/etc/ca.crt", -1, FALSE },
    { "host=ward.example.jp dbname=ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "host=ward.example.jp dbname=ward sslmode=require sslrootcert=/etc/ca.crt",
      MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "host=ward.example.jp dbname=ward sslmode=verify-ca sslrootcert=/etc/ca.crt",
      MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "host=ward.example.jp dbname=ward sslmode=verify-full", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "host=10.0.0.5 dbname=ward sslmode=prefer", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "postgresql://ward.example.jp/ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    /* a name for the certificate, an address on loopback: the name counts */
    { "host=ward.test hostaddr=127.0.0.1 dbname=ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    /* a loopback name, an address elsewhere: the address counts */
    { "host=localhost hostaddr=192.0.2.7 dbname=ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "hostaddr=192.0.2.7 dbname=ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    /* one remote host among several is enough */
    { "host=127.0.0.1,ward.example.jp dbname=ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    { "postgresql://localhost,ward.example.jp/ward", MDG_WARD_ERROR_NEEDS_TLS, FALSE },
    /* no password inside, anywhere */
    { "host=127.0.0.1 dbname=ward password=secret", MDG_WARD_ERROR_PASSWORD_GIVEN, TRUE },
    { "postgresql://clerk:secret@localhost/ward", MDG_WARD_ERROR_PASSWORD_GIVEN, TRUE },
    { "postgresql://localhost/ward?password=secret", MDG_WARD_ERROR_PASSWORD_GIVEN, TRUE },
    { "host=127.0.0.1 dbname=ward service=ward", MDG_WARD_ERROR_CONNINFO, TRUE },
    { "host=127.0.0.1 dbname", MDG_WARD_ERROR_CONNINFO, TRUE },
    { "postgresql://clerk:secret@[ward.test/ward", MDG_WARD_ERROR_CONNINFO, TRUE },
    { "postgresql://clerk:se%zzcret@ward.test/ward", MDG_WARD_ERROR_CONNINFO, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(PQconninfoOption) options = NULL;
      gboolean local = !cases[i].local;

      g_test_message ("%s", cases[i].conninfo);
      options = mdg_ward_conninfo_check (cases[i].conninfo, &local, &error);
      if (cases[i].code < 0)
        {
          g_assert_no_error (error);
          g_assert_nonnull (options);
          g_assert_cmpint (local, ==, cases[i].local);
        }
      else
        {
          g_assert_error (error, MDG_WARD_ERROR, cases[i].code);
          g_assert_null (options);
          /* no message repeats a password */
          g_assert_null (strstr (error->message, "secret"));
          g_assert_null (strstr (error->message, "cret"));
          if (cases[i].code == MDG_WARD_ERROR_NEEDS_TLS)
            g_assert_nonnull (strstr (error->message, "sslmode"));
        }
    }
}

/* libpq's environment is a default like any other: PGHOST, PGSSLMODE. */
static void
test_conninfo_environment (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PQconninfoOption) options = NULL;

  g_setenv ("PGHOST", "ward.example.jp", TRUE);
  options = mdg_ward_conninfo_check ("dbname=ward", NULL, &error);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
  g_clear_error (&error);

  g_setenv ("PGSSLMODE", "verify-full", TRUE);
  g_setenv ("PGSSLROOTCERT", "/etc/ward-ca.crt", TRUE);
  options = mdg_ward_conninfo_check ("dbname=ward", NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (options);
  g_clear_pointer (&options, PQconninfoFree);

  /* the string's own sslmode wins over the environment's */
  options = mdg_ward_conninfo_check ("dbname=ward sslmode=prefer", NULL, &error);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
  g_clear_error (&error);

  g_unsetenv ("PGHOST");
  g_unsetenv ("PGSSLMODE");
  g_unsetenv ("PGSSLROOTCERT");
  g_setenv ("PGHOSTADDR", "192.0.2.7", TRUE);
  options = mdg_ward_conninfo_check ("host=localhost dbname=ward", NULL, &error);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
  g_unsetenv ("PGHOSTADDR");
}

/* A refused string fails the connect without a socket, and the message
 * names sslmode; a counter's string for its signed-in clerk keeps the rest. */
static void
test_conninfo_connect_refused (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autofree char *for_user = NULL;
  g_autofree char *user = NULL;

  mdg_ward_connection_new_async ("host=ward.example.jp dbname=ward", 0, NULL, async_cb, &opened);
  connection = mdg_ward_connection_new_finish (wait_for (&opened), &error);
  g_assert_null (connection);
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
  g_clear_error (&error);

  for_user = mdg_ward_conninfo_dup_for_user ("postgresql://device@localhost:5433/ward",
                                             "o'hara", &error);
  g_assert_no_error (error);
  user = mdg_ward_conninfo_dup_value (for_user, "user");
  g_assert_cmpstr (user, ==, "o'hara");
  g_clear_pointer (&user, g_free);
  user = mdg_ward_conninfo_dup_value (for_user, "port");
  g_assert_cmpstr (user, ==, "5433");
  g_assert_null (mdg_ward_conninfo_dup_for_user ("host=10.1.1.1", "clerk", &error));
  g_assert_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/ward/connection/notification-with-result", test_notification_with_result);
  g_test_add_func ("/mdg/ward/conninfo/rules", test_conninfo_rules);
  g_test_add_func ("/mdg/ward/conninfo/environment", test_conninfo_environment);
  g_test_add_func ("/mdg/ward/conninfo/connect-refused", test_conninfo_connect_refused);

  return g_test_run ();
}
