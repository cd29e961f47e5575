/* mdg-ward-credentials.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-credentials"

#include "config.h"

#include <libpq-fe.h>
#include <libsecret/secret.h>

#include "mdg-ward-conninfo.h"
#include "mdg-ward-credentials.h"
#include "mdg-ward-error.h"

static const SecretSchema *
get_schema (void)
{
  static const SecretSchema schema = {
    "io.github.madoguchi.Madoguchi.WardDatabase", SECRET_SCHEMA_NONE,
    {
      { "host", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "port", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "dbname", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "user", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Missing parts are stored as "" so that a look-up matches the same string. */
#define OR_EMPTY(s) ((s) != NULL ? (s) : "")

static void
store_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
mdg_ward_credentials_store_async (const char          *host,
                                  const char          *port,
                                  const char          *dbname,
                                  const char          *user,
                                  const char          *password,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *label = NULL;

  g_return_if_fail (password != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mdg_ward_credentials_store_async);

  label = g_strdup_printf ("Madoguchi ward database %s@%s:%s/%s", OR_EMPTY (user),
                           OR_EMPTY (host), OR_EMPTY (port), OR_EMPTY (dbname));
  secret_password_store (get_schema (), SECRET_COLLECTION_DEFAULT, label, password,
                         cancellable, store_cb, g_steal_pointer (&task),
                         "host", OR_EMPTY (host), "port", OR_EMPTY (port),
                         "dbname", OR_EMPTY (dbname), "user", OR_EMPTY (user),
                         NULL);
}

gboolean
mdg_ward_credentials_store_finish (GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

void
mdg_ward_credentials_store_for_conninfo_async (const char          *conninfo,
                                               const char          *password,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  PQconninfoOption *options;
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL;

  g_return_if_fail (conninfo != NULL);
  g_return_if_fail (password != NULL);

  /* The same checks as a connection: a password is kept only for a
   * string that may connect. */
  if (!(options = mdg_ward_conninfo_check (conninfo, NULL, &error)))
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, mdg_ward_credentials_store_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (g_strcmp0 (option->keyword, "host") == 0)
        host = option->val;
      else if (g_strcmp0 (option->keyword, "port") == 0)
        port = option->val;
      else if (g_strcmp0 (option->keyword, "dbname") == 0)
        dbname = option->val;
      else if (g_strcmp0 (option->keyword, "user") == 0)
        user = option->val;
    }

  /* secret_password_store() copies the attributes before it returns. */
  mdg_ward_credentials_store_async (host, port, dbname, user, password, cancellable,
                                    callback, user_data);
  PQconninfoFree (options);
}

static void
lookup_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *password = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, password, (GDestroyNotify) secret_password_free);
}

void
mdg_ward_credentials_lookup_async (const char          *host,
                                   const char          *port,
                                   const char          *dbname,
                                   const char          *user,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mdg_ward_credentials_lookup_async);
  secret_password_lookup (get_schema (), cancellable, lookup_cb, task,
                          "host", OR_EMPTY (host), "port", OR_EMPTY (port),
                          "dbname", OR_EMPTY (dbname), "user", OR_EMPTY (user),
                          NULL);
}

char *
mdg_ward_credentials_lookup_finish (GAsyncResult  *result,
                                    GError       **error)
{
  char *secret;
  char *password;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* Hand out a plain copy; the secret's own buffer is wiped on free. */
  if (!(secret = g_task_propagate_pointer (G_TASK (result), error)))
    return NULL;
  password = g_strdup (secret);
  secret_password_free (secret);
  return password;
}

void
mdg_ward_credentials_lookup_for_conninfo_async (const char          *conninfo,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PQconninfoOption) options = NULL;
  const char *host = NULL, *port = NULL, *dbname = NULL, *user = NULL;

  g_return_if_fail (conninfo != NULL);

  if (!(options = mdg_ward_conninfo_check (conninfo, NULL, &error)))
    {
      g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

      g_task_set_source_tag (task, mdg_ward_credentials_lookup_async);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (g_strcmp0 (option->keyword, "host") == 0)
        host = option->val;
      else if (g_strcmp0 (option->keyword, "port") == 0)
        port = option->val;
      else if (g_strcmp0 (option->keyword, "dbname") == 0)
        dbname = option->val;
      else if (g_strcmp0 (option->keyword, "user") == 0)
        user = option->val;
    }

  /* secret_password_lookup() copies the attributes before it returns. */
  mdg_ward_credentials_lookup_async (host, port, dbname, user, cancellable, callback, user_data);
}
