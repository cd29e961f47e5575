/* mdg-test-app.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <libpq-fe.h>
#include <locale.h>

#include "mdg-test-app.h"
#include "mdg-test-tool.h"

MdgApplication *
mdg_test_app_init (int          *argc,
                   char       ***argv,
                   const char   *home_template,
                   char        **home)
{
  g_autoptr(GError) error = NULL;
  MdgApplication *application;

  *home = g_dir_make_tmp (home_template, &error);
  g_assert_no_error (error);
  /* Before anything asks GLib for the user's data directory: the stores
   * of the tests never touch the real one. */
  g_setenv ("XDG_DATA_HOME", *home, TRUE);
  /* The assertions read the messages through gettext: in English by
   * default, in Japanese with MDG_TEST_LANGUAGE=ja (the screenshots of
   * data/screenshots), from the translations of this build. */
  if (g_strcmp0 (g_getenv ("MDG_TEST_LANGUAGE"), "ja") == 0)
    {
      g_setenv ("LANGUAGE", "ja", TRUE);
      g_setenv ("LC_ALL", "ja_JP.UTF-8", TRUE);
    }
  else
    {
      g_setenv ("LANGUAGE", "C", TRUE);
      g_setenv ("LC_ALL", "C.UTF-8", TRUE);
    }
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (argc, argv, NULL);
  /* gtk_test_init() sets its own locale. */
  setlocale (LC_ALL, "");
  adw_init ();

  application = mdg_application_new ();
  g_application_set_flags (G_APPLICATION (application), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);

  return application;
}

char *
mdg_test_app_start_ward (MdgToolPostgres **server)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *admin = NULL;
  char *conninfo;
  PGconn *conn;

  *server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);
  admin = mdg_tool_postgres_dup_conninfo (*server, "postgres");
  conn = PQconnectdb (admin);
  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  PQclear (PQexec (conn, "CREATE DATABASE ward"));
  PQfinish (conn);
  conninfo = mdg_tool_postgres_dup_conninfo (*server, "ward");
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", conninfo, NULL), ==, 0);

  return conninfo;
}

char *
mdg_test_app_ward_value (const char *conninfo,
                         const char *sql)
{
  PGconn *conn = PQconnectdb (conninfo);
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

void
mdg_test_app_async_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

gboolean
mdg_test_app_has_result (gpointer data)
{
  return *(GAsyncResult **) data != NULL;
}

static gboolean
workstation_is_open (gpointer data)
{
  MdgWorkstation *workstation = data;

  g_assert_null (mdg_workstation_get_store_error (workstation));
  return mdg_workstation_get_store (workstation) != NULL;
}

MdgWorkstation *
mdg_test_app_open_workstation (const char *store_path,
                               const char *conninfo)
{
  MdgWorkstation *workstation = mdg_workstation_new (store_path);

  mdg_workstation_set_link_backoff (workstation, 100, 500);
  mdg_workstation_set_conninfo (workstation, conninfo);
  mdg_workstation_open (workstation);
  mdg_test_wait (workstation_is_open, workstation);
  g_assert_nonnull (mdg_workstation_get_queue_source (workstation));
  g_assert_true (conninfo == NULL || mdg_workstation_get_link (workstation) != NULL);

  return workstation;
}

void
mdg_test_wait_until_full (MdgTestCondition  condition,
                          gpointer          data,
                          guint             timeout_ms,
                          const char       *what,
                          const char       *file,
                          int               line,
                          const char       *func)
{
  gint64 end = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!condition (data))
    {
      if (g_get_monotonic_time () >= end)
        {
          g_autofree char *message = g_strdup_printf ("waited %u ms for %s in vain", timeout_ms,
                                                      what);

          g_assertion_message (G_LOG_DOMAIN, file, line, func, message);
          return;
        }
      /* one event, or a short nap when nothing is ready: the condition may
       * be met on another thread (a render, the store's worker) */
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }
}

void
mdg_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

gboolean
mdg_test_is_null (gpointer pointer)
{
  return *(gpointer *) pointer == NULL;
}
