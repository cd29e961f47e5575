/* mdg-store-sync.c: the records exchanged with the ward, and the outbox
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-sync"

#include "config.h"

#include "mdg-store-private.h"
#include "mdg-store-sync-private.h"
#include "mdg-store-sync.h"

void
mdg_outbox_item_free (MdgOutboxItem *item)
{
  if (item == NULL)
    return;
  g_free (item->kind);
  g_free (item->record_id);
  g_free (item->payload);
  g_free (item);
}

MdgTicket *
mdg_ticket_copy (const MdgTicket *ticket)
{
  MdgTicket *copy = g_memdup2 (ticket, sizeof *ticket);

  copy->id = g_strdup (ticket->id);
  copy->day = g_strdup (ticket->day);
  copy->status = g_strdup (ticket->status);
  copy->issued_at = g_strdup (ticket->issued_at);
  copy->called_at = g_strdup (ticket->called_at);
  copy->closed_at = g_strdup (ticket->closed_at);
  copy->case_id = g_strdup (ticket->case_id);
  copy->event = g_strdup (ticket->event);
  return copy;
}

void
mdg_ticket_free (MdgTicket *ticket)
{
  if (ticket == NULL)
    return;
  g_free (ticket->id);
  g_free (ticket->day);
  g_free (ticket->status);
  g_free (ticket->issued_at);
  g_free (ticket->called_at);
  g_free (ticket->closed_at);
  g_free (ticket->case_id);
  g_free (ticket->event);
  g_free (ticket);
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) time = NULL;

  if (text == NULL || text[0] == '\0')
    return 0;
  time = g_date_time_new_from_iso8601 (text, NULL);
  return time != NULL ? g_date_time_to_unix (time) : 0;
}

void
mdg_ticket_to_queue (const MdgTicket *ticket,
                     MdgQueueTicket  *out)
{
  g_return_if_fail (ticket != NULL);
  g_return_if_fail (out != NULL);

  *out = (MdgQueueTicket) {
    .band = ticket->band,
    .number = ticket->number,
    .state = mdg_ticket_get_state (ticket),
    .priority = ticket->priority,
    .counter = ticket->counter,
    .issued_at = parse_time (ticket->issued_at),
    .called_at = parse_time (ticket->called_at),
    .closed_at = parse_time (ticket->closed_at),
    .event = ticket->event,
    .rating = ticket->rating,
  };
}

MdgQueueState
mdg_ticket_get_state (const MdgTicket *ticket)
{
  MdgQueueState state = MDG_QUEUE_STATE_WAITING;

  g_return_val_if_fail (ticket != NULL, state);

  mdg_queue_state_from_string (ticket->status, &state);
  return state;
}

MdgTicketOp *
mdg_ticket_op_copy (const MdgTicketOp *op)
{
  MdgTicketOp *copy = g_memdup2 (op, sizeof *op);

  copy->ticket_id = g_strdup (op->ticket_id);
  copy->case_id = g_strdup (op->case_id);
  copy->event = g_strdup (op->event);
  return copy;
}

void
mdg_ticket_op_free (MdgTicketOp *op)
{
  if (op == NULL)
    return;
  g_free (op->ticket_id);
  g_free (op->case_id);
  g_free (op->event);
  g_free (op);
}

const char *
mdg_ticket_op_kind_to_string (MdgTicketOpKind kind)
{
  static const char * const names[] = {
    [MDG_TICKET_OP_RECALL] = "recall",
    [MDG_TICKET_OP_HOLD] = "hold",
    [MDG_TICKET_OP_TRANSFER] = "transfer",
    [MDG_TICKET_OP_PRIORITY] = "priority",
    [MDG_TICKET_OP_CLOSE] = "close",
    [MDG_TICKET_OP_RATE] = "rate",
  };

  g_return_val_if_fail (kind < G_N_ELEMENTS (names), NULL);
  return names[kind];
}

void
mdg_ward_case_state_free (MdgWardCaseState *state)
{
  if (state == NULL)
    return;
  g_free (state->id);
  g_free (state->status);
  g_free (state->workstation);
  g_free (state);
}

char *
mdg_store_dup_today (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = NULL;

  /* Without tzdata, Japan has had no daylight saving time since 1951. */
  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 3600);
  now = g_date_time_new_now (tz);
  return g_date_time_format (now, "%Y-%m-%d");
}

static void
sync_data_free (SyncData *data)
{
  g_free (data->id);
  g_free (data->day);
  g_free (data->key);
  g_clear_pointer (&data->tickets, g_ptr_array_unref);
  g_clear_pointer (&data->cases, g_ptr_array_unref);
  g_clear_pointer (&data->ticket, mdg_ticket_free);
  g_free (data);
}

void
_mdg_store_run_sync_job (MdgStore            *self,
                         gboolean             write,
                         StoreJobFunc         func,
                         SyncData            *data,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data,
                         gpointer             source_tag)
{
  _mdg_store_run (self, write, func, data, (GDestroyNotify) sync_data_free,
                  cancellable, callback, user_data, source_tag);
}

gboolean
_mdg_store_query_count (MdgStore      *self,
                        sqlite3_stmt  *stmt,
                        gint64        *count,
                        GError       **error)
{
  int rc = sqlite3_step (stmt);

  *count = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _mdg_store_set_error (self, rc, "Counting", error);

  return TRUE;
}

/* Outbox ------------------------------------------------------------------ */

static gboolean
peek_outbox_job (MdgStore  *self,
                 StoreJob  *job,
                 GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_outbox_item_free);
  sqlite3_stmt *stmt;
  gsize bytes = 0;
  int rc;

  /* Each record as the JSON object the ward database takes; blobs in hex. */
  if (!(stmt = _mdg_store_prepare (self,
      "SELECT o.seq, o.kind, o.record_id, CASE o.kind"
      " WHEN 'case' THEN (SELECT json_object ("
      "   'id', c.id, 'workstation', ?1, 'status', c.status, 'case_file', json (c.case_json),"
      "   'answers', json (c.answers_json), 'ticket_id', c.ticket_id,"
      "   'signature', CASE WHEN c.signature IS NOT NULL THEN hex (c.signature) END,"
      "   'signature_type', c.signature_type, 'completed_at', c.completed_at,"
      "   'rating', c.rating, 'handoffs', json (coalesce (c.handoffs_json, '[]')))"
      "   FROM cases c WHERE c.id = o.record_id AND c.status = 'completed')"
      " WHEN 'form' THEN (SELECT json_object ("
      "   'id', f.id, 'case_id', f.case_id, 'procedure', f.procedure, 'pdf', hex (f.pdf),"
      "   'signed', json (CASE f.signed WHEN 1 THEN 'true' ELSE 'false' END))"
      "   FROM case_forms f WHERE f.id = o.record_id)"
      " WHEN 'ticket' THEN (SELECT json_object ("
      "   'id', t.id, 'day', t.day, 'band', t.band, 'number', t.number, 'workstation', ?1,"
      "   'issued_at', t.issued_at, 'lease_id', t.lease_id)"
      "   FROM tickets t WHERE t.id = o.record_id)"
      " WHEN 'audit' THEN (SELECT json_object ("
      "   'id', a.id, 'at', a.at, 'workstation', a.workstation, 'staff', a.staff,"
      "   'action', a.action, 'subject', a.subject, 'case_id', a.case_id,"
      "   'fields', json (a.fields))"
      "   FROM audit a WHERE a.id = o.record_id)"
      " END "
      "FROM outbox o WHERE o.sent_at IS NULL ORDER BY o.seq LIMIT ?2",
      error)))
    return FALSE;

  store_bind_text (stmt, 1, mdg_store_get_workstation_id (self));
  sqlite3_bind_int64 (stmt, 2, data->value);

  while ((items->len == 0 || bytes < data->max_bytes) &&
         (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MdgOutboxItem *item = g_new0 (MdgOutboxItem, 1);

      item->seq = sqlite3_column_int64 (stmt, 0);
      item->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      item->record_id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      item->payload = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (items, item);

      if (item->payload == NULL)
        {
          sqlite3_reset (stmt);
          g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT,
                       "Outbox row %" G_GINT64_FORMAT " names a %s that is missing "
                       "(madoguchi-tool store check)", item->seq, item->kind);
          return FALSE;
        }
      bytes += strlen (item->payload);
    }
  if (items->len == 0 || bytes < data->max_bytes)
    {
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        {
          sqlite3_reset (stmt);
          return _mdg_store_set_error (self, rc, "Reading the outbox", error);
        }
    }
  sqlite3_reset (stmt);

  job->result = g_steal_pointer (&items);
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
mdg_store_peek_outbox_async (MdgStore            *self,
                             guint                limit,
                             gsize                max_bytes,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (limit > 0);

  data = g_new0 (SyncData, 1);
  data->value = limit;
  data->max_bytes = max_bytes > 0 ? max_bytes : G_MAXSIZE;
  _mdg_store_run_sync_job (self, FALSE, peek_outbox_job, data, cancellable, callback, user_data,
                           mdg_store_peek_outbox_async);
}

GPtrArray *
mdg_store_peek_outbox_finish (MdgStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_peek_outbox_async, error);
}

static gboolean
mark_sent_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self, "UPDATE outbox SET sent_at = ? "
                                         "WHERE sent_at IS NULL AND seq <= ?", error)))
    return FALSE;

  store_bind_text (stmt, 1, now);
  sqlite3_bind_int64 (stmt, 2, data->value);
  if (!_mdg_store_step_done (self, stmt, "Marking the outbox sent", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_mark_sent_async (MdgStore            *self,
                           gint64               up_to,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));

  data = g_new0 (SyncData, 1);
  data->value = up_to;
  _mdg_store_run_sync_job (self, TRUE, mark_sent_job, data, cancellable, callback, user_data,
                           mdg_store_mark_sent_async);
}

gboolean
mdg_store_mark_sent_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_mark_sent_async, error) != NULL;
}

static gboolean
count_outbox_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 count;

  if (!(stmt = _mdg_store_prepare (self, "SELECT count(*) FROM outbox WHERE sent_at IS NULL",
                                   error)) ||
      !_mdg_store_query_count (self, stmt, &count, error))
    return FALSE;

  _mdg_store_job_set_int (job, count);
  return TRUE;
}

void
mdg_store_count_outbox_async (MdgStore            *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));

  _mdg_store_run_sync_job (self, FALSE, count_outbox_job, g_new0 (SyncData, 1), cancellable, callback,
                           user_data, mdg_store_count_outbox_async);
}

gint64
mdg_store_count_outbox_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish_int (self, result, mdg_store_count_outbox_async, error);
}
