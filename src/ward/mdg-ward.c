/* mdg-ward.c: the operations' common steps, cases, counters, registry
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The operations themselves are in mdg-ward-setup.c, mdg-ward-push.c,
 * mdg-ward-pull.c and mdg-ward-tickets.c.
 */

#define G_LOG_DOMAIN "mdg-ward"

#include "config.h"

#include <stdlib.h>

#include "mdg-search.h"
#include "mdg-ward-private.h"

static void
op_free (Op *op)
{
  g_clear_object (&op->connection);
  g_clear_object (&op->store);
  g_clear_error (&op->error);
  g_clear_pointer (&op->items, g_ptr_array_unref);
  g_clear_pointer (&op->bands, g_array_unref);
  g_clear_pointer (&op->migrations, g_strfreev);
  g_free (op->pending_id);
  g_clear_pointer (&op->ticket, mdg_ticket_free);
  g_clear_pointer (&op->ticket_op, mdg_ticket_op_free);
  g_free (op);
}

void
_mdg_ward_op_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);

  op->step (task, op, result);
}

GTask *
_mdg_ward_op_new (MdgWardConnection   *connection,
                  MdgStore            *store,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data,
                  gpointer             source_tag,
                  Op                 **out_op)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->connection = g_object_ref (connection);
  op->store = store != NULL ? g_object_ref (store) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  *out_op = op;
  return task;
}

/* Runs @sql with its parameters; @step gets the result. */
void
_mdg_ward_op_query (GTask              *task,
                    Op                 *op,
                    OpStep              step,
                    const char         *sql,
                    guint               n_params,
                    const char * const *params)
{
  op->step = step;
  mdg_ward_connection_query_async (op->connection, sql, n_params, params,
                                   g_task_get_cancellable (task), _mdg_ward_op_cb, g_object_ref (task));
}

void
_mdg_ward_op_exec (GTask      *task,
                   Op         *op,
                   OpStep      step,
                   const char *sql)
{
  op->step = step;
  mdg_ward_connection_exec_async (op->connection, sql, g_task_get_cancellable (task), _mdg_ward_op_cb,
                                  g_object_ref (task));
}

PGresult *
_mdg_ward_op_result (Op           *op,
                     GAsyncResult *result,
                     GTask        *task)
{
  GError *error = NULL;
  PGresult *res = mdg_ward_connection_query_finish (op->connection, result, &error);

  if (res == NULL)
    g_task_return_error (task, error);
  return res;
}

const char *
_mdg_ward_get_value (PGresult *result,
                     int       row,
                     int       column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

int
_mdg_ward_get_int (PGresult *result,
                   int       row,
                   int       column)
{
  const char *value = _mdg_ward_get_value (result, row, column);

  return value != NULL ? atoi (value) : 0;
}

gint64
_mdg_ward_get_int64 (PGresult *result,
                     int       row,
                     int       column)
{
  const char *value = _mdg_ward_get_value (result, row, column);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* The columns of TICKET_FACTS, from @first on. */
void
_mdg_ward_read_ticket_facts (MdgTicket *ticket,
                             PGresult  *res,
                             int        row,
                             int        first)
{
  ticket->priority = g_strcmp0 (_mdg_ward_get_value (res, row, first), "t") == 0;
  ticket->recalls = _mdg_ward_get_int (res, row, first + 1);
  ticket->issued_at = g_strdup (_mdg_ward_get_value (res, row, first + 2));
  ticket->called_at = g_strdup (_mdg_ward_get_value (res, row, first + 3));
  ticket->closed_at = g_strdup (_mdg_ward_get_value (res, row, first + 4));
  ticket->case_id = g_strdup (_mdg_ward_get_value (res, row, first + 5));
  ticket->event = g_strdup (_mdg_ward_get_value (res, row, first + 6));
  ticket->rating = _mdg_ward_get_int (res, row, first + 7);
}

/* Cases -------------------------------------------------------------------- */

static void
list_cases_done (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  GStrv ids;

  if (res == NULL)
    return;

  ids = g_new0 (char *, PQntuples (res) + 1);
  for (int i = 0; i < PQntuples (res); i++)
    ids[i] = g_strdup (PQgetvalue (res, i, 0));
  g_task_return_pointer (task, ids, (GDestroyNotify) g_strfreev);
}

void
mdg_ward_list_cases_async (MdgWardConnection   *connection,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, NULL, cancellable, callback, user_data,
                        mdg_ward_list_cases_async, &op);

  _mdg_ward_op_query (task, op, list_cases_done, "SELECT id FROM madoguchi.cases ORDER BY seq", 0, NULL);
  g_object_unref (task);
}

GStrv
mdg_ward_list_cases_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Counters ------------------------------------------------------------------ */

static void
counter_registered (GTask        *task,
                    Op           *op,
                    GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res != NULL)
    g_task_return_boolean (task, TRUE);
}

void
mdg_ward_register_counter_async (MdgWardConnection   *connection,
                                 MdgStore            *store,
                                 int                  counter,
                                 const int           *bands,
                                 guint                n_bands,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GString) array = g_string_new ("{");
  g_autofree char *key = g_strdup_printf ("%d", counter);
  const char *params[3];
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (counter > 0);
  g_return_if_fail (bands != NULL || n_bands == 0);

  for (guint i = 0; i < n_bands; i++)
    g_string_append_printf (array, "%s%d", i > 0 ? "," : "", bands[i]);
  g_string_append_c (array, '}');
  params[0] = key;
  params[1] = array->str;
  params[2] = mdg_store_get_workstation_id (store);

  task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                 mdg_ward_register_counter_async, &op);
  _mdg_ward_op_query (task, op, counter_registered,
            "SELECT madoguchi.register_counter ($1::integer, $2::integer[], $3::uuid)",
            3, params);
  g_object_unref (task);
}

gboolean
mdg_ward_register_counter_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
counters_listed (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  g_autoptr(GArray) counters = NULL;

  if (res == NULL)
    return;

  counters = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
  for (int row = 0; row < PQntuples (res); row++)
    {
      MdgQueueCounter counter = { .counter = _mdg_ward_get_int (res, row, 0) };
      g_auto(GStrv) bands = g_strsplit (_mdg_ward_get_value (res, row, 1) != NULL ? _mdg_ward_get_value (res, row, 1) : "", ",", -1);

      for (guint i = 0; bands[i] != NULL; i++)
        {
          guint64 band;

          if (g_ascii_string_to_unsigned (bands[i], 10, 1, MDG_QUEUE_MAX_BAND, &band, NULL))
            counter.band_mask |= G_GUINT64_CONSTANT (1) << band;
        }
      g_array_append_val (counters, counter);
    }

  g_task_return_pointer (task, g_steal_pointer (&counters), (GDestroyNotify) g_array_unref);
}

void
mdg_ward_list_counters_async (MdgWardConnection   *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));

  task = _mdg_ward_op_new (connection, NULL, cancellable, callback, user_data,
                 mdg_ward_list_counters_async, &op);
  _mdg_ward_op_query (task, op, counters_listed,
            "SELECT counter, array_to_string (bands, ',') FROM madoguchi.list_counters ()",
            0, NULL);
  g_object_unref (task);
}

GArray *
mdg_ward_list_counters_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Registry ------------------------------------------------------------------ */

static void
registry_searched (GTask        *task,
                   Op           *op,
                   GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  g_autoptr(GPtrArray) households = NULL;

  if (res == NULL)
    return;

  households = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (households, g_strdup (_mdg_ward_get_value (res, row, 0)));

  g_task_return_pointer (task, g_steal_pointer (&households), (GDestroyNotify) g_ptr_array_unref);
}

void
mdg_ward_search_registry_async (MdgWardConnection   *connection,
                                const char          *query,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(MdgSearchQuery) search = NULL;
  g_autofree char *count = NULL;
  const char *params[2];
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (query != NULL);

  /* a birth date goes as YYYY-MM-DD, a name as typed: the ward folds it
   * (data/ward-db/0010-search-fold.sql) */
  search = mdg_search_query_new (query);
  count = g_strdup_printf ("%u", limit);
  params[0] = mdg_search_query_get_ward_text (search);
  params[1] = count;

  task = _mdg_ward_op_new (connection, NULL, cancellable, callback, user_data,
                 mdg_ward_search_registry_async, &op);
  _mdg_ward_op_query (task, op, registry_searched,
            "SELECT household::text FROM madoguchi.search_registry ($1, $2::integer) household",
            2, params);
  g_object_unref (task);
}

GPtrArray *
mdg_ward_search_registry_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
household_opened (GTask        *task,
                  Op           *op,
                  GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res == NULL)
    return;

  if (PQntuples (res) != 1 || PQgetisnull (res, 0, 0))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                               "No such household in the registry");
      return;
    }

  g_task_return_pointer (task, g_strdup (PQgetvalue (res, 0, 0)), g_free);
}

void
mdg_ward_open_household_async (MdgWardConnection   *connection,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  const char *params[] = { id };
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (id != NULL);

  task = _mdg_ward_op_new (connection, NULL, cancellable, callback, user_data,
                           mdg_ward_open_household_async, &op);
  /* The ward records the opening in its audit. */
  _mdg_ward_op_query (task, op, household_opened,
                      "SELECT madoguchi.open_household ($1)::text", 1, params);
  g_object_unref (task);
}

char *
mdg_ward_open_household_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
