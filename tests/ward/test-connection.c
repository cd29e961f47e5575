/* test-connection.c: the non-blocking libpq connection, against a real PostgreSQL
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "mdg-tool-postgres.h"
#include "mdg-ward-connection.h"

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

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/ward/connection/notification-with-result", test_notification_with_result);

  return g_test_run ();
}
