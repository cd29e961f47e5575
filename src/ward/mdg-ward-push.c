/* mdg-ward-push.c: the outbox to the ward, and the voided tickets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-push"

#include "config.h"

#include <string.h>

#include "mdg-ward-private.h"

#define PUSH_ROWS 500
#define PUSH_BYTES (4 * 1024 * 1024)

/* Push --------------------------------------------------------------------- */

/* One INSERT per kind of record; a replay is harmless. */
static const struct {
  const char *kind;
  const char *sql;
} push_sql[] = {
  /* The case and, in the same statement, its hand-off records. */
  { "case",
    "WITH handoffs AS ("
    "  INSERT INTO madoguchi.handoffs (id, case_id, department, procedures, forms) "
    "  SELECT (h->>'id')::uuid, (r->>'id')::uuid, h->>'department', h->'procedures', h->'forms' "
    "  FROM jsonb_array_elements ($1::jsonb) r,"
    "       jsonb_array_elements (coalesce (r->'handoffs', '[]'::jsonb)) h "
    "  ON CONFLICT (id) DO NOTHING) "
    "INSERT INTO madoguchi.cases (id, workstation, status, case_file, answers, ticket_id,"
    "                             signature, signature_type, completed_at, rating) "
    "SELECT (r->>'id')::uuid, (r->>'workstation')::uuid, r->>'status', r->'case_file',"
    "       r->'answers', (r->>'ticket_id')::uuid, decode (r->>'signature', 'hex'),"
    "       r->>'signature_type', (r->>'completed_at')::timestamptz, (r->>'rating')::smallint "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "form",
    "INSERT INTO madoguchi.case_forms (id, case_id, procedure, pdf, signed) "
    "SELECT (r->>'id')::uuid, (r->>'case_id')::uuid, r->>'procedure',"
    "       decode (r->>'pdf', 'hex'), (r->>'signed')::boolean "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "ticket",
    "INSERT INTO madoguchi.tickets (id, day, band, number, workstation, lease_id, issued_at) "
    "SELECT (r->>'id')::uuid, (r->>'day')::date, (r->>'band')::integer,"
    "       (r->>'number')::integer, (r->>'workstation')::uuid, (r->>'lease_id')::uuid,"
    "       (r->>'issued_at')::timestamptz "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "audit",
    "INSERT INTO madoguchi.audit (id, at, workstation, staff, action, subject, case_id,"
    "                             fields) "
    "SELECT (r->>'id')::uuid, (r->>'at')::timestamptz, (r->>'workstation')::uuid,"
    "       r->>'staff', r->>'action', r->>'subject', (r->>'case_id')::uuid, r->'fields' "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
};

static void push_peek (GTask *task, Op *op);

static void
push_marked (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_mark_sent_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op->value += op->items->len;
  g_clear_pointer (&op->items, g_ptr_array_unref);
  push_peek (task, op);
}

static void
push_committed (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  const MdgOutboxItem *last;

  if (res == NULL)
    return;

  if (op->error != NULL || g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_task_return_error (task, op->error != NULL
                           ? g_steal_pointer (&op->error)
                           : g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                                          "The ward database rolled the batch back"));
      return;
    }

  /* Committed and acknowledged: only now is the batch sent. */
  last = g_ptr_array_index (op->items, op->items->len - 1);
  g_debug ("Pushed %u rows up to %" G_GINT64_FORMAT, op->items->len, last->seq);
  op->step = push_marked;
  mdg_store_mark_sent_async (op->store, last->seq, NULL, _mdg_ward_op_cb, g_object_ref (task));
}

/* Statements of the batch before COMMIT: remember the first failure. */
static void
push_statement_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (MDG_WARD_CONNECTION (object),
                                                              result, &error);

  if (res == NULL && op->error == NULL)
    op->error = g_steal_pointer (&error);
}

static void
push_peeked (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!(op->items = mdg_store_peek_outbox_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->items->len == 0)
    {
      g_task_return_int (task, op->value);
      return;
    }

  /* One transaction: each kind's rows as one JSON array, cases before forms. */
  mdg_ward_connection_exec_async (op->connection, "BEGIN", cancellable, push_statement_cb,
                                  g_object_ref (task));
  for (guint k = 0; k < G_N_ELEMENTS (push_sql); k++)
    {
      g_autoptr(GString) json = g_string_new ("[");
      const char *params[1];

      for (guint i = 0; i < op->items->len; i++)
        {
          const MdgOutboxItem *item = g_ptr_array_index (op->items, i);

          if (strcmp (item->kind, push_sql[k].kind) != 0)
            continue;
          if (json->len > 1)
            g_string_append_c (json, ',');
          g_string_append (json, item->payload);
        }
      if (json->len == 1)
        continue;

      g_string_append_c (json, ']');
      params[0] = json->str;
      mdg_ward_connection_query_async (op->connection, push_sql[k].sql, 1, params, cancellable,
                                       push_statement_cb, g_object_ref (task));
    }
  _mdg_ward_op_exec (task, op, push_committed, "COMMIT");
}

static void
push_peek (GTask *task,
           Op    *op)
{
  op->step = push_peeked;
  mdg_store_peek_outbox_async (op->store, PUSH_ROWS, PUSH_BYTES, NULL, _mdg_ward_op_cb,
                               g_object_ref (task));
}

void
mdg_ward_push_async (MdgWardConnection   *connection,
                     MdgStore            *store,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_push_async, &op);

  push_peek (task, op);
  g_object_unref (task);
}

gint64
mdg_ward_push_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Voids -------------------------------------------------------------------- */

static void voids_next (GTask *task, Op *op);

static void
voids_ended (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_pending_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op->index++;
  voids_next (task, op);
}

static void
voids_sent (GTask        *task,
            Op           *op,
            GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  const char *line;

  if (res == NULL)
    return;

  line = g_ptr_array_index (op->items, op->index);
  g_free (op->pending_id);
  op->pending_id = g_strndup (line, strcspn (line, " "));
  op->step = voids_ended;
  mdg_store_end_pending_async (op->store, op->pending_id, NULL, NULL, _mdg_ward_op_cb, g_object_ref (task));
}

static void
voids_next (GTask *task,
            Op    *op)
{
  g_auto(GStrv) parts = NULL;

  if (op->index >= op->items->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  parts = g_strsplit (g_ptr_array_index (op->items, op->index), " ", 2);
  _mdg_ward_op_query (task, op, voids_sent, "SELECT madoguchi.void_ticket ($1, $2)", 2,
            (const char * const *) parts);
}

static void
voids_listed (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!(op->items = mdg_store_list_void_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  voids_next (task, op);
}

void
mdg_ward_send_voids_async (MdgWardConnection   *connection,
                           MdgStore            *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_send_voids_async, &op);

  op->step = voids_listed;
  mdg_store_list_void_async (store, NULL, _mdg_ward_op_cb, task);
}

gboolean
mdg_ward_send_voids_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
