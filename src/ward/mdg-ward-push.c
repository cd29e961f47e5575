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

/* The kinds of outbox record, in the order of madoguchi.push ()'s arguments. */
static const char * const push_kinds[] = { "case", "form", "ticket", "audit" };

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

  /* Committed and acknowledged: only now is the batch sent. */
  last = g_ptr_array_index (op->items, op->items->len - 1);
  g_debug ("Pushed %u rows up to %" G_GINT64_FORMAT, op->items->len, last->seq);
  op->step = push_marked;
  mdg_store_mark_sent_async (op->store, last->seq, NULL, _mdg_ward_op_cb, g_object_ref (task));
}

static void
push_peeked (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

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

  /* One statement, its own transaction, one round trip: each kind's rows
   * as one JSON array (cases before forms, in the function). Nothing on
   * the server waits for this main loop between two statements. */
  {
    GString *json[G_N_ELEMENTS (push_kinds)] = { NULL, };
    const char *params[G_N_ELEMENTS (push_kinds)];

    for (guint k = 0; k < G_N_ELEMENTS (push_kinds); k++)
      {
        for (guint i = 0; i < op->items->len; i++)
          {
            const MdgOutboxItem *item = g_ptr_array_index (op->items, i);

            if (strcmp (item->kind, push_kinds[k]) != 0)
              continue;
            if (json[k] == NULL)
              json[k] = g_string_new ("[");
            else
              g_string_append_c (json[k], ',');
            g_string_append (json[k], item->payload);
          }
        if (json[k] != NULL)
          g_string_append_c (json[k], ']');
        params[k] = json[k] != NULL ? json[k]->str : NULL;
      }
    _mdg_ward_op_query (task, op, push_committed,
                        "SELECT madoguchi.push ($1::jsonb, $2::jsonb, $3::jsonb, $4::jsonb)",
                        G_N_ELEMENTS (push_kinds), params);
    for (guint k = 0; k < G_N_ELEMENTS (push_kinds); k++)
      if (json[k] != NULL)
        g_string_free (json[k], TRUE);
  }
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
