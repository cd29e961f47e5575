/* mdg-ward-pull.c: what others wrote, from the ward
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-pull"

#include "config.h"

#include <string.h>

#include "mdg-ward-private.h"

#define PULL_ROWS 1000

/* Pull --------------------------------------------------------------------- */

static void pull_batch (GTask *task, Op *op);

static void
pull_applied (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_apply_pull_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->value < PULL_ROWS)
    g_task_return_boolean (task, TRUE);
  else
    pull_batch (task, op);
}

static void
pull_rows (GTask        *task,
           Op           *op,
           GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);
  GPtrArray *tickets;
  GPtrArray *cases;

  if (res == NULL)
    return;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_ticket_free);
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_ward_case_state_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 seq = _mdg_ward_get_int64 (res, i, 2);
      const char *status = _mdg_ward_get_value (res, i, 6);

      op->cursor = MAX (op->cursor, seq);
      if (strcmp (PQgetvalue (res, i, 0), "t") == 0)
        {
          MdgTicket *ticket;

          if (g_strcmp0 (status, "void") == 0)
            continue;
          ticket = g_new0 (MdgTicket, 1);
          ticket->id = g_strdup (_mdg_ward_get_value (res, i, 1));
          ticket->ward_seq = seq;
          ticket->day = g_strdup (_mdg_ward_get_value (res, i, 3));
          ticket->band = _mdg_ward_get_int (res, i, 4);
          ticket->number = _mdg_ward_get_int (res, i, 5);
          ticket->status = g_strdup (status);
          ticket->counter = _mdg_ward_get_int (res, i, 7);
          _mdg_ward_read_ticket_facts (ticket, res, i, 9);
          g_ptr_array_add (tickets, ticket);
        }
      else
        {
          MdgWardCaseState *state = g_new0 (MdgWardCaseState, 1);

          state->id = g_strdup (_mdg_ward_get_value (res, i, 1));
          state->ward_seq = seq;
          state->status = g_strdup (status);
          state->workstation = g_strdup (_mdg_ward_get_value (res, i, 8));
          g_ptr_array_add (cases, state);
        }
    }

  op->value = PQntuples (res);
  g_debug ("Pulled %" G_GINT64_FORMAT " changes up to %" G_GINT64_FORMAT, op->value, op->cursor);
  op->step = pull_applied;
  mdg_store_apply_pull_async (op->store, tickets, cases, op->cursor, NULL, _mdg_ward_op_cb,
                              g_object_ref (task));
}

static void
pull_batch (GTask *task,
            Op    *op)
{
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, op->cursor);
  g_autofree char *limit = g_strdup_printf ("%d", PULL_ROWS);
  const char *params[] = { cursor, limit };

  /* madoguchi.pull () reads only below its watermark: every transaction
   * that took a sequence value up to it has ended, so no change with a
   * smaller sequence can commit after this read and the cursor never
   * passes over one. It needs no write right and locks no table (see
   * data/ward-db/0009-least-privilege.sql). */
  _mdg_ward_op_query (task, op, pull_rows,
                      "SELECT kind, id, seq, day, band, number, status, counter, workstation,"
                      "       priority, recalls, issued_at, called_at, closed_at, case_id, event,"
                      "       rating "
                      "FROM madoguchi.pull ($1::bigint, $2::integer)", 2, params);
}

static void
pull_sequence (GTask        *task,
               Op           *op,
               GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res == NULL)
    return;

  /* A ward database restored from an older copy is behind the cursor. */
  if (op->full || _mdg_ward_get_int64 (res, 0, 0) < op->cursor)
    op->cursor = 0;
  pull_batch (task, op);
}

static void
pull_cursor (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if ((op->cursor = mdg_store_get_cursor_finish (op->store, result, &error)) < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  _mdg_ward_op_query (task, op, pull_sequence, "SELECT madoguchi.last_change ()", 0, NULL);
}

void
mdg_ward_pull_async (MdgWardConnection   *connection,
                     MdgStore            *store,
                     gboolean             full,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_pull_async, &op);

  op->full = full;
  op->step = pull_cursor;
  mdg_store_get_cursor_async (store, NULL, _mdg_ward_op_cb, task);
}

gboolean
mdg_ward_pull_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
