/* mdg-ward-setup.c: creating or upgrading the ward schema
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-setup"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mdg-ward-private.h"
#include "mdg-ward-resources.h"

/* Serialises concurrent `ward setup` runs. */
#define SETUP_LOCK "7135624981"

/* Setup -------------------------------------------------------------------- */

static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      mdg_ward_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) sorted = NULL;

  ensure_resources ();
  names = g_resources_enumerate_children (RESOURCE_PATH "ward-db/", 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (g_str_has_suffix (names[i], ".sql"))
        g_strv_builder_add (builder, names[i]);
    }

  sorted = g_strv_builder_end (builder);
  qsort (sorted, g_strv_length (sorted), sizeof (char *), compare_names);
  /* Numbered 0001, 0002 … without gaps: the version is the position. */
  for (guint i = 0; sorted[i] != NULL; i++)
    g_assert (atoi (sorted[i]) == (int) i + 1);

  return g_steal_pointer (&sorted);
}

int
mdg_ward_get_schema_version (void)
{
  g_auto(GStrv) migrations = list_migrations ();

  return g_strv_length (migrations);
}

static GBytes *
lookup_resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  GBytes *bytes;

  ensure_resources ();
  bytes = g_resources_lookup_data (path, 0, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

static void setup_migrate (GTask *task, Op *op, GAsyncResult *result);

static void
setup_done (GTask        *task,
            Op           *op,
            GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res == NULL)
    return;

  if (g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                               "The ward schema could not be set up (rolled back)");
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
setup_roles (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res == NULL)
    return;

  _mdg_ward_op_exec (task, op, setup_done, "COMMIT");
}

static void
setup_bands (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  g_autoptr(GBytes) roles = NULL;

  if (res == NULL)
    return;

  /* The group roles and their grants, on every run (roles/roles.sql says
   * what it does when the login may not create roles). */
  roles = lookup_resource ("ward-db/roles/roles.sql");
  {
    g_autofree char *sql = g_strndup (g_bytes_get_data (roles, NULL), g_bytes_get_size (roles));

    _mdg_ward_op_exec (task, op, setup_roles, sql);
  }
}

static void
setup_migrate_next (GTask *task,
                    Op    *op)
{
  g_autoptr(GBytes) bytes = NULL;

  if (op->migrations[op->index] == NULL)
    {
      g_autoptr(GBytes) bands = lookup_resource ("queue/bands.json");
      const char *params[] = { g_bytes_get_data (bands, NULL) };

      /* Upserts that change nothing when the bands are the same. */
      _mdg_ward_op_query (task, op, setup_bands,
                "INSERT INTO madoguchi.bands (band, first_number, last_number, lease_size, name) "
                "SELECT (b->>'band')::integer, (b->>'first')::integer, (b->>'last')::integer,"
                "       (b->>'lease_size')::integer, b->>'name' "
                "FROM jsonb_array_elements (($1::jsonb)->'bands') b "
                "ON CONFLICT (band) DO UPDATE SET"
                "  first_number = excluded.first_number, last_number = excluded.last_number,"
                "  lease_size = excluded.lease_size, name = excluded.name "
                "WHERE (bands.first_number, bands.last_number, bands.lease_size, bands.name)"
                "  IS DISTINCT FROM (excluded.first_number, excluded.last_number,"
                "                    excluded.lease_size, excluded.name)",
                1, params);
      return;
    }

  {
    g_autofree char *name = g_strconcat ("ward-db/", op->migrations[op->index], NULL);
    g_autofree char *version = g_strdup_printf ("%u", op->index + 1);
    g_autoptr(GString) sql = NULL;

    bytes = lookup_resource (name);
    sql = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    /* The migration and its record, in the setup's transaction. */
    g_string_append_printf (sql, ";\nINSERT INTO public.madoguchi_migrations (version, name) "
                                 "VALUES (%s, '%s');", version, op->migrations[op->index]);
    g_debug ("Applying ward migration %s", version);
    op->index++;
    _mdg_ward_op_exec (task, op, setup_migrate, sql->str);
  }
}

static void
setup_migrate (GTask        *task,
               Op           *op,
               GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res != NULL)
    setup_migrate_next (task, op);
}

static void
setup_versioned (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  guint known = g_strv_length (op->migrations);
  int version;

  if (res == NULL)
    return;

  version = _mdg_ward_get_int (res, 0, 0);
  if (version > (int) known)
    {
      mdg_ward_connection_exec_async (op->connection, "ROLLBACK", NULL, NULL, NULL);
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SCHEMA,
                               "The ward schema is version %d; this build knows version %u at "
                               "most. Use a newer Madoguchi; nothing was changed.",
                               version, known);
      return;
    }

  op->index = version;
  setup_migrate_next (task, op);
}

void
mdg_ward_setup_async (MdgWardConnection   *connection,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, NULL, cancellable, callback, user_data,
                        mdg_ward_setup_async, &op);

  op->migrations = list_migrations ();
  _mdg_ward_op_exec (task, op, setup_versioned,
           "BEGIN;"
           "SELECT pg_advisory_xact_lock (" SETUP_LOCK ");"
           /* Created only when missing: an installer's login of
            * madoguchi_admin may not create in public, and need not. */
           "DO $$ BEGIN"
           "  IF to_regclass ('public.madoguchi_migrations') IS NULL THEN"
           "    CREATE TABLE public.madoguchi_migrations ("
           "      version integer PRIMARY KEY,"
           "      name text NOT NULL,"
           "      applied_at timestamptz NOT NULL DEFAULT now ());"
           "  END IF;"
           "END $$;"
           "SELECT coalesce (max (version), 0) FROM public.madoguchi_migrations;");
  g_object_unref (task);
}

gboolean
mdg_ward_setup_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
