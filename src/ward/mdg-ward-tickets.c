/* mdg-ward-tickets.c: issue, call, ticket operations and leases
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-tickets"

#include "config.h"

#include "mdg-ward-private.h"

/* Tickets ------------------------------------------------------------------ */

static MdgTicket *
ticket_from_row (PGresult *res,
                 int       counter_column)
{
  MdgTicket *ticket = g_new0 (MdgTicket, 1);

  /* id, day, band, number, status[, counter], seq */
  ticket->id = g_strdup (_mdg_ward_get_value (res, 0, 0));
  ticket->day = g_strdup (_mdg_ward_get_value (res, 0, 1));
  ticket->band = _mdg_ward_get_int (res, 0, 2);
  ticket->number = _mdg_ward_get_int (res, 0, 3);
  ticket->status = g_strdup (_mdg_ward_get_value (res, 0, 4));
  ticket->counter = counter_column > 0 ? _mdg_ward_get_int (res, 0, counter_column) : 0;
  ticket->ward_seq = _mdg_ward_get_int64 (res, 0, PQnfields (res) - 1);
  return ticket;
}

/* The pending call is closed (nothing was taken), then @error returned. */
static void
ticket_ended (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_pending_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_error (task, g_steal_pointer (&op->error));
}

static void
ticket_answered (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (op->connection, result, &error);
  const char *sqlstate = mdg_ward_error_get_sqlstate (error);

  if (res != NULL && PQntuples (res) == 1 && !PQgetisnull (res, 0, 3))
    {
      op->ticket = ticket_from_row (res, op->counter > 0 ? 5 : 0);
      g_task_return_pointer (task, g_steal_pointer (&op->ticket), (GDestroyNotify) mdg_ticket_free);
      return;
    }

  if (res != NULL && op->counter > 0 && PQntuples (res) == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING,
                             "No ticket of those bands is waiting");
  else if (res != NULL)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                             "The ward database gave no ticket for the call");
  else if (g_strcmp0 (sqlstate, "MDG01") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d is not a band of the ward", op->band);
  else if (g_strcmp0 (sqlstate, "MDG02") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d has no number left today", op->band);
  else if (g_strcmp0 (sqlstate, "42501") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_DENIED,
                             "This login's role may not take or issue tickets");
  else
    {
      /* Broken link or another failure: the pending id stays for the retry. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ward certainly took nothing: close the pending id. */
  op->step = ticket_ended;
  mdg_store_end_pending_async (op->store, op->pending_id, NULL, NULL, _mdg_ward_op_cb, g_object_ref (task));
}

static void
ticket_pending (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  GError *error = NULL;
  g_autofree char *bands = NULL;
  g_autofree char *key = NULL;

  if (!(op->pending_id = mdg_store_begin_pending_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->counter > 0)
    {
      g_autoptr(GString) list = g_string_new ("{");
      const char *params[3];

      for (guint i = 0; i < op->bands->len; i++)
        g_string_append_printf (list, "%s%d", i > 0 ? "," : "", g_array_index (op->bands, int, i));
      g_string_append_c (list, '}');
      bands = g_string_free (g_steal_pointer (&list), FALSE);
      key = g_strdup_printf ("%d", op->counter);
      params[0] = op->pending_id;
      params[1] = key;
      params[2] = bands;
      _mdg_ward_op_query (task, op, ticket_answered,
                "SELECT id, day, band, number, status, counter, seq "
                "FROM madoguchi.call_next ($1, $2, $3)", 3, params);
    }
  else
    {
      const char *params[3];

      key = g_strdup_printf ("%d", op->band);
      params[0] = op->pending_id;
      params[1] = key;
      params[2] = mdg_store_get_workstation_id (op->store);
      _mdg_ward_op_query (task, op, ticket_answered,
                "SELECT id, day, band, number, status, seq "
                "FROM madoguchi.issue_ticket ($1, $2, $3)", 3, params);
    }
}

static MdgTicket *
ticket_finish (GAsyncResult  *result,
               char         **pending_id,
               GError       **error)
{
  Op *op = g_task_get_task_data (G_TASK (result));
  MdgTicket *ticket = g_task_propagate_pointer (G_TASK (result), error);

  if (pending_id != NULL)
    *pending_id = ticket != NULL ? g_strdup (op->pending_id) : NULL;
  return ticket;
}

void
mdg_ward_issue_ticket_async (MdgWardConnection   *connection,
                             MdgStore            *store,
                             int                  band,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_issue_ticket_async, &op);

  op->band = band;
  op->step = ticket_pending;
  mdg_store_begin_pending_async (store, MDG_PENDING_ISSUE, band, NULL, _mdg_ward_op_cb, task);
}

MdgTicket *
mdg_ward_issue_ticket_finish (GAsyncResult  *result,
                              char         **pending_id,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return ticket_finish (result, pending_id, error);
}

void
mdg_ward_call_next_async (MdgWardConnection   *connection,
                          MdgStore            *store,
                          int                  counter,
                          const int           *bands,
                          guint                n_bands,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (counter > 0);
  g_return_if_fail (n_bands > 0);

  task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data, mdg_ward_call_next_async,
                 &op);
  op->counter = counter;
  op->bands = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_vals (op->bands, bands, n_bands);
  op->step = ticket_pending;
  mdg_store_begin_pending_async (store, MDG_PENDING_CALL, counter, NULL, _mdg_ward_op_cb, task);
}

MdgTicket *
mdg_ward_call_next_finish (GAsyncResult  *result,
                           char         **pending_id,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return ticket_finish (result, pending_id, error);
}

/* Ticket operations -------------------------------------------------------- */

static void
ticket_op_ended (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_ticket_op_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else if (op->error != NULL)
    g_task_return_error (task, g_steal_pointer (&op->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&op->ticket), (GDestroyNotify) mdg_ticket_free);
}

static void
ticket_op_answered (GTask        *task,
                    Op           *op,
                    GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (op->connection, result, &error);
  const char *sqlstate = mdg_ward_error_get_sqlstate (error);
  const char *kind = mdg_ticket_op_kind_to_string (op->ticket_op->kind);

  if (res != NULL && PQntuples (res) == 1)
    {
      /* id, day, band, number, status, counter, seq, facts… */
      op->ticket = g_new0 (MdgTicket, 1);
      op->ticket->id = g_strdup (_mdg_ward_get_value (res, 0, 0));
      op->ticket->day = g_strdup (_mdg_ward_get_value (res, 0, 1));
      op->ticket->band = _mdg_ward_get_int (res, 0, 2);
      op->ticket->number = _mdg_ward_get_int (res, 0, 3);
      op->ticket->status = g_strdup (_mdg_ward_get_value (res, 0, 4));
      op->ticket->counter = _mdg_ward_get_int (res, 0, 5);
      op->ticket->ward_seq = _mdg_ward_get_int64 (res, 0, 6);
      _mdg_ward_read_ticket_facts (op->ticket, res, 0, 7);
      g_debug ("Ticket %d: %s done, now %s", op->ticket->number, kind, op->ticket->status);
    }
  else if (res != NULL)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                             "The ward database gave no ticket for the %s", kind);
  else if (g_strcmp0 (sqlstate, "MDG03") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET,
                             "No such ticket today");
  else if (g_strcmp0 (sqlstate, "MDG04") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE,
                             "The ticket's state does not allow a %s", kind);
  else if (g_strcmp0 (sqlstate, "MDG01") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d is not a band of the ward", op->ticket_op->band);
  else if (g_strcmp0 (sqlstate, "42501") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_DENIED,
                             "This login's role may not do a %s", kind);
  else
    {
      /* Broken link or another failure: the operation's id stays for the retry. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ward answered: the operation is over, applied or refused. */
  op->step = ticket_op_ended;
  mdg_store_end_ticket_op_async (op->store, op->pending_id, op->ticket, NULL, _mdg_ward_op_cb,
                                 g_object_ref (task));
}

static void
ticket_op_begun (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  GError *error = NULL;
  const MdgTicketOp *t = op->ticket_op;
  g_autofree char *number = g_strdup_printf ("%d", t->number);
  g_autofree char *counter = g_strdup_printf ("%d", t->counter);
  g_autofree char *band = g_strdup_printf ("%d", t->band);
  g_autofree char *value = g_strdup_printf ("%d", t->value);
  const char *params[9];

  if (!(op->pending_id = mdg_store_begin_ticket_op_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  params[0] = op->pending_id;
  params[1] = mdg_ticket_op_kind_to_string (t->kind);
  params[2] = t->ticket_id;
  params[3] = t->ticket_id == NULL ? number : NULL;
  params[4] = t->counter > 0 ? counter : NULL;
  params[5] = t->band > 0 ? band : NULL;
  params[6] = value;
  params[7] = t->case_id;
  params[8] = t->event;
  _mdg_ward_op_query (task, op, ticket_op_answered,
            "SELECT id, day, band, number, status, counter, seq, " TICKET_FACTS " "
            "FROM madoguchi.ticket_op ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, params);
}

void
mdg_ward_ticket_op_async (MdgWardConnection   *connection,
                          MdgStore            *store,
                          const MdgTicketOp   *ticket_op,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (ticket_op != NULL);
  g_return_if_fail (ticket_op->ticket_id != NULL || ticket_op->number > 0);

  task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data, mdg_ward_ticket_op_async,
                 &op);
  op->ticket_op = mdg_ticket_op_copy (ticket_op);
  op->step = ticket_op_begun;
  mdg_store_begin_ticket_op_async (store, ticket_op, NULL, _mdg_ward_op_cb, task);
}

MdgTicket *
mdg_ward_ticket_op_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Leases ------------------------------------------------------------------- */

static void
lease_stored (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_add_lease_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
lease_answered (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  g_autoptr(PGresult) res = _mdg_ward_op_result (op, result, task);

  if (res == NULL)
    return;

  if (PQntuples (res) != 1)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                               "The ward database gave no lease");
      return;
    }

  /* id, day, band, first_number, last_number */
  op->step = lease_stored;
  mdg_store_add_lease_async (op->store, PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 1),
                             _mdg_ward_get_int (res, 0, 2), _mdg_ward_get_int (res, 0, 3), _mdg_ward_get_int (res, 0, 4),
                             NULL, _mdg_ward_op_cb, g_object_ref (task));
}

void
mdg_ward_lease_async (MdgWardConnection   *connection,
                      MdgStore            *store,
                      int                  band,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *lease_id = g_uuid_string_random ();
  g_autofree char *key = g_strdup_printf ("%d", band);
  const char *params[3] = { lease_id, key, mdg_store_get_workstation_id (store) };
  Op *op;
  GTask *task = _mdg_ward_op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_lease_async, &op);

  op->band = band;
  _mdg_ward_op_query (task, op, lease_answered,
            "SELECT id, day, band, first_number, last_number "
            "FROM madoguchi.lease_numbers ($1, $2, $3)", 3, params);
  g_object_unref (task);
}

gboolean
mdg_ward_lease_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
