/* mdg-store-sync.c: the outbox, tickets, leases, pending ward calls, the pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-sync"

#include "config.h"

#include "mdg-store-private.h"
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

/* Job data: whichever fields a job needs. */
typedef struct
{
  char      *id;
  char      *day;
  GPtrArray *tickets;
  GPtrArray *cases;
  MdgTicket *ticket;
  char      *key;
  gint64     value;
  gint64     value2;
  int        band;
  int        first;
  int        last;
  gsize      max_bytes;
} SyncData;

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

static void
run_sync_job (MdgStore            *self,
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

static gboolean
query_count (MdgStore      *self,
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
  run_sync_job (self, FALSE, peek_outbox_job, data, cancellable, callback, user_data,
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
  run_sync_job (self, TRUE, mark_sent_job, data, cancellable, callback, user_data,
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
      !query_count (self, stmt, &count, error))
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

  run_sync_job (self, FALSE, count_outbox_job, g_new0 (SyncData, 1), cancellable, callback,
                user_data, mdg_store_count_outbox_async);
}

gint64
mdg_store_count_outbox_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish_int (self, result, mdg_store_count_outbox_async, error);
}

/* Tickets ----------------------------------------------------------------- */

static gboolean
upsert_ticket (MdgStore         *self,
               const MdgTicket  *ticket,
               GError          **error)
{
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  /* The ward's answer wins over what is known unless it is older; a ticket
   * that moved band keeps its id. */
  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO tickets (id, day, band, number, status, counter,"
                                   "                     issued_at, ward_seq, priority, recalls,"
                                   "                     called_at, closed_at, case_id, event,"
                                   "                     rating) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, nullif (?6, 0), coalesce (?7, ?9),"
                                   "        nullif (?8, 0), ?10, ?11, ?12, ?13, ?14, ?15,"
                                   "        nullif (?16, 0)) "
                                   "ON CONFLICT (id) DO UPDATE SET"
                                   "  band = excluded.band, status = excluded.status,"
                                   "  counter = excluded.counter, ward_seq = excluded.ward_seq,"
                                   "  issued_at = coalesce (?7, tickets.issued_at),"
                                   "  priority = excluded.priority, recalls = excluded.recalls,"
                                   "  called_at = excluded.called_at,"
                                   "  closed_at = excluded.closed_at, case_id = excluded.case_id,"
                                   "  event = excluded.event, rating = excluded.rating "
                                   "WHERE coalesce (excluded.ward_seq, 0) >= coalesce (tickets.ward_seq, 0)",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, ticket->id);
  store_bind_text (stmt, 2, ticket->day);
  sqlite3_bind_int (stmt, 3, ticket->band);
  sqlite3_bind_int (stmt, 4, ticket->number);
  store_bind_text (stmt, 5, ticket->status);
  sqlite3_bind_int (stmt, 6, ticket->counter);
  store_bind_text (stmt, 7, ticket->issued_at);
  sqlite3_bind_int64 (stmt, 8, ticket->ward_seq);
  store_bind_text (stmt, 9, now);
  sqlite3_bind_int (stmt, 10, ticket->priority ? 1 : 0);
  sqlite3_bind_int (stmt, 11, ticket->recalls);
  store_bind_text (stmt, 12, ticket->called_at);
  store_bind_text (stmt, 13, ticket->closed_at);
  store_bind_text (stmt, 14, ticket->case_id);
  store_bind_text (stmt, 15, ticket->event);
  sqlite3_bind_int (stmt, 16, ticket->rating);

  return _mdg_store_step_done (self, stmt, "Storing a ticket", error);
}

static const char *
pending_kind_to_string (MdgPendingKind kind)
{
  return kind == MDG_PENDING_ISSUE ? "issue" : "call";
}

static gboolean
begin_pending_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;
  char *id = NULL;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, "SELECT id FROM pending_ops "
                                         "WHERE kind = ? AND key = ? AND state = 'open'", error)))
    return FALSE;

  store_bind_text (stmt, 1, data->id);
  sqlite3_bind_int64 (stmt, 2, data->value);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the pending calls", error);

  if (id == NULL)
    {
      id = g_uuid_string_random ();
      if (!(stmt = _mdg_store_prepare (self, "INSERT INTO pending_ops (id, kind, key, created_at) "
                                             "VALUES (?, ?, ?, ?)", error)))
        {
          g_free (id);
          return FALSE;
        }
      store_bind_text (stmt, 1, id);
      store_bind_text (stmt, 2, data->id);
      sqlite3_bind_int64 (stmt, 3, data->value);
      store_bind_text (stmt, 4, now);
      if (!_mdg_store_step_done (self, stmt, "Recording the pending call", error))
        {
          g_free (id);
          return FALSE;
        }
    }
  else
    g_debug ("Resuming the pending %s %s", data->id, id);

  job->result = id;
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_begin_pending_async (MdgStore            *self,
                               MdgPendingKind       kind,
                               int                  key,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));

  data = g_new0 (SyncData, 1);
  data->id = g_strdup (pending_kind_to_string (kind));
  data->value = key;
  run_sync_job (self, TRUE, begin_pending_job, data, cancellable, callback, user_data,
                mdg_store_begin_pending_async);
}

char *
mdg_store_begin_pending_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_begin_pending_async, error);
}

/* Stores the ward's answer (data->ticket, if any) and deletes the open
 * record data->id with @delete_sql, in the job's transaction. */
static gboolean
close_open_record (MdgStore    *self,
                   StoreJob    *job,
                   const char  *delete_sql,
                   const char  *what,
                   GError     **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  sqlite3_stmt *stmt;

  if (data->ticket != NULL && !upsert_ticket (self, data->ticket, error))
    return FALSE;

  if (!(stmt = _mdg_store_prepare (self, delete_sql, error)))
    return FALSE;
  store_bind_text (stmt, 1, data->id);
  if (!_mdg_store_step_done (self, stmt, what, error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

static gboolean
end_pending_job (MdgStore  *self,
                 StoreJob  *job,
                 GError   **error)
{
  return close_open_record (self, job, "DELETE FROM pending_ops WHERE id = ?",
                            "Closing the pending call", error);
}

void
mdg_store_end_pending_async (MdgStore            *self,
                             const char          *pending_id,
                             const MdgTicket     *ticket,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (pending_id != NULL);

  data = g_new0 (SyncData, 1);
  data->id = g_strdup (pending_id);
  data->ticket = ticket != NULL ? mdg_ticket_copy (ticket) : NULL;
  /* Right before the number goes out: without an fsync of its own, the
   * window in which a killed process has closed the call but not yet
   * printed its number is a few microseconds, not an fsync. */
  run_sync_job (self, STORE_WRITE_LIGHT, end_pending_job, data, cancellable, callback,
                user_data, mdg_store_end_pending_async);
}

gboolean
mdg_store_end_pending_finish (MdgStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_end_pending_async, error) != NULL;
}

static gboolean
void_pending_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self, "UPDATE pending_ops SET state = 'void' "
                                         "WHERE kind = 'issue' AND key = ? AND state = 'open'",
                                   error)))
    return FALSE;
  sqlite3_bind_int (stmt, 1, data->band);
  if (!_mdg_store_step_done (self, stmt, "Voiding the pending issue", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_void_pending_async (MdgStore            *self,
                              int                  band,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));

  data = g_new0 (SyncData, 1);
  data->band = band;
  run_sync_job (self, TRUE, void_pending_job, data, cancellable, callback, user_data,
                mdg_store_void_pending_async);
}

gboolean
mdg_store_void_pending_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_void_pending_async, error) != NULL;
}

static gboolean
list_void_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  g_autoptr(GPtrArray) voids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, "SELECT id, key FROM pending_ops WHERE state = 'void' "
                                         "ORDER BY created_at", error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (voids, g_strdup_printf ("%s %d", sqlite3_column_text (stmt, 0),
                                             sqlite3_column_int (stmt, 1)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the pending calls", error);

  job->result = g_steal_pointer (&voids);
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
mdg_store_list_void_async (MdgStore            *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));

  run_sync_job (self, FALSE, list_void_job, g_new0 (SyncData, 1), cancellable, callback,
                user_data, mdg_store_list_void_async);
}

GPtrArray *
mdg_store_list_void_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_list_void_async, error);
}

/* Leases ------------------------------------------------------------------ */

static gboolean
add_lease_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO leases (id, day, band, first_number, last_number,"
                                   "                    next_number, leased_at) "
                                   "VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?6) ON CONFLICT (id) DO NOTHING",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, data->id);
  store_bind_text (stmt, 2, data->day);
  sqlite3_bind_int (stmt, 3, data->band);
  sqlite3_bind_int (stmt, 4, data->first);
  sqlite3_bind_int (stmt, 5, data->last);
  store_bind_text (stmt, 6, now);
  if (!_mdg_store_step_done (self, stmt, "Storing the lease", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_add_lease_async (MdgStore            *self,
                           const char          *lease_id,
                           const char          *day,
                           int                  band,
                           int                  first_number,
                           int                  last_number,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (lease_id != NULL && day != NULL);
  g_return_if_fail (first_number <= last_number);

  data = g_new0 (SyncData, 1);
  data->id = g_strdup (lease_id);
  data->day = g_strdup (day);
  data->band = band;
  data->first = first_number;
  data->last = last_number;
  run_sync_job (self, TRUE, add_lease_job, data, cancellable, callback, user_data,
                mdg_store_add_lease_async);
}

gboolean
mdg_store_add_lease_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_add_lease_async, error) != NULL;
}

static gboolean
count_leased_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  sqlite3_stmt *stmt;
  gint64 count;

  if (!(stmt = _mdg_store_prepare (self, "SELECT coalesce (sum (last_number - next_number + 1), 0)"
                                         " FROM leases WHERE day = ? AND band = ?", error)))
    return FALSE;

  store_bind_text (stmt, 1, data->day);
  sqlite3_bind_int (stmt, 2, data->band);
  if (!query_count (self, stmt, &count, error))
    return FALSE;

  _mdg_store_job_set_int (job, count);
  return TRUE;
}

void
mdg_store_count_leased_async (MdgStore            *self,
                              const char          *day,
                              int                  band,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (day != NULL);

  data = g_new0 (SyncData, 1);
  data->day = g_strdup (day);
  data->band = band;
  run_sync_job (self, FALSE, count_leased_job, data, cancellable, callback, user_data,
                mdg_store_count_leased_async);
}

gint64
mdg_store_count_leased_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish_int (self, result, mdg_store_count_leased_async, error);
}

static gboolean
issue_leased_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *lease_id = NULL;
  g_autofree char *now = _mdg_store_now ();
  g_autoptr(MdgTicket) ticket = NULL;
  sqlite3_stmt *stmt;
  int number = 0;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, "SELECT id, next_number FROM leases "
                                         "WHERE day = ? AND band = ? AND next_number <= last_number "
                                         "ORDER BY first_number LIMIT 1", error)))
    return FALSE;

  store_bind_text (stmt, 1, data->day);
  sqlite3_bind_int (stmt, 2, data->band);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      lease_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      number = sqlite3_column_int (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the leases", error);

  if (lease_id == NULL)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_NO_NUMBER,
                   "No leased number of band %d is left for %s; a number can be issued "
                   "only online", data->band, data->day);
      return FALSE;
    }

  if (!(stmt = _mdg_store_prepare (self, "UPDATE leases SET next_number = next_number + 1 "
                                         "WHERE id = ?", error)))
    return FALSE;
  store_bind_text (stmt, 1, lease_id);
  if (!_mdg_store_step_done (self, stmt, "Taking a leased number", error))
    return FALSE;

  ticket = g_new0 (MdgTicket, 1);
  ticket->id = g_uuid_string_random ();
  ticket->day = g_strdup (data->day);
  ticket->band = data->band;
  ticket->number = number;
  ticket->status = g_strdup (mdg_queue_state_to_string (MDG_QUEUE_STATE_WAITING));
  ticket->issued_at = g_strdup (now);

  if (!(stmt = _mdg_store_prepare (self, "INSERT INTO tickets (id, day, band, number, issued_at,"
                                         "                     lease_id) "
                                         "VALUES (?, ?, ?, ?, ?, ?)", error)))
    return FALSE;
  store_bind_text (stmt, 1, ticket->id);
  store_bind_text (stmt, 2, ticket->day);
  sqlite3_bind_int (stmt, 3, ticket->band);
  sqlite3_bind_int (stmt, 4, ticket->number);
  store_bind_text (stmt, 5, now);
  store_bind_text (stmt, 6, lease_id);
  if (!_mdg_store_step_done (self, stmt, "Issuing the ticket", error) ||
      !_mdg_store_add_outbox (self, job, "ticket", ticket->id, error))
    return FALSE;

  job->result = g_steal_pointer (&ticket);
  job->result_free = (GDestroyNotify) mdg_ticket_free;
  return TRUE;
}

void
mdg_store_issue_leased_async (MdgStore            *self,
                              int                  band,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));

  data = g_new0 (SyncData, 1);
  data->day = mdg_store_dup_today ();
  data->band = band;
  run_sync_job (self, TRUE, issue_leased_job, data, cancellable, callback, user_data,
                mdg_store_issue_leased_async);
}

MdgTicket *
mdg_store_issue_leased_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_issue_leased_async, error);
}

/* Ticket operations ------------------------------------------------------- */

static char *
ticket_op_key (const MdgTicketOp *op)
{
  return op->ticket_id != NULL ? g_strdup (op->ticket_id) : g_strdup_printf ("#%d", op->number);
}

static gboolean
begin_ticket_op_job (MdgStore  *self,
                     StoreJob  *job,
                     GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  g_autofree char *id = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, "SELECT id FROM ticket_ops WHERE ticket = ? AND kind = ?",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, data->key);
  store_bind_text (stmt, 2, data->id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the ticket operations", error);

  if (id == NULL)
    {
      id = g_uuid_string_random ();
      if (!(stmt = _mdg_store_prepare (self, "INSERT INTO ticket_ops (id, ticket, kind, created_at) "
                                             "VALUES (?, ?, ?, ?)", error)))
        return FALSE;
      store_bind_text (stmt, 1, id);
      store_bind_text (stmt, 2, data->key);
      store_bind_text (stmt, 3, data->id);
      store_bind_text (stmt, 4, now);
      if (!_mdg_store_step_done (self, stmt, "Recording the ticket operation", error))
        return FALSE;
    }
  else
    g_debug ("Resuming the ticket operation %s %s", data->id, id);

  job->result = g_steal_pointer (&id);
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_begin_ticket_op_async (MdgStore            *self,
                                 const MdgTicketOp   *op,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (op != NULL);

  data = g_new0 (SyncData, 1);
  data->id = g_strdup (mdg_ticket_op_kind_to_string (op->kind));
  data->key = ticket_op_key (op);
  run_sync_job (self, TRUE, begin_ticket_op_job, data, cancellable, callback, user_data,
                mdg_store_begin_ticket_op_async);
}

char *
mdg_store_begin_ticket_op_finish (MdgStore      *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_begin_ticket_op_async, error);
}

static gboolean
end_ticket_op_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  return close_open_record (self, job, "DELETE FROM ticket_ops WHERE id = ?",
                            "Closing the ticket operation", error);
}

void
mdg_store_end_ticket_op_async (MdgStore            *self,
                               const char          *op_id,
                               const MdgTicket     *ticket,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (op_id != NULL);

  data = g_new0 (SyncData, 1);
  data->id = g_strdup (op_id);
  data->ticket = ticket != NULL ? mdg_ticket_copy (ticket) : NULL;
  run_sync_job (self, TRUE, end_ticket_op_job, data, cancellable, callback, user_data,
                mdg_store_end_ticket_op_async);
}

gboolean
mdg_store_end_ticket_op_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_end_ticket_op_async, error) != NULL;
}

static char *
column_dup (sqlite3_stmt *stmt,
            int           column)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, column));
}

static gboolean
list_tickets_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autoptr(GPtrArray) tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_ticket_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mdg_store_prepare (self,
                                   "SELECT id, day, band, number, status, coalesce (counter, 0),"
                                   "       coalesce (ward_seq, 0), priority, recalls, issued_at,"
                                   "       called_at, closed_at, case_id, event,"
                                   "       coalesce (rating, 0) "
                                   "FROM tickets WHERE day BETWEEN ? AND ? "
                                   "ORDER BY day, issued_at, number", error)))
    return FALSE;
  store_bind_text (stmt, 1, data->day);
  store_bind_text (stmt, 2, data->key);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MdgTicket *ticket = g_new0 (MdgTicket, 1);

      ticket->id = column_dup (stmt, 0);
      ticket->day = column_dup (stmt, 1);
      ticket->band = sqlite3_column_int (stmt, 2);
      ticket->number = sqlite3_column_int (stmt, 3);
      ticket->status = column_dup (stmt, 4);
      ticket->counter = sqlite3_column_int (stmt, 5);
      ticket->ward_seq = sqlite3_column_int64 (stmt, 6);
      ticket->priority = sqlite3_column_int (stmt, 7) != 0;
      ticket->recalls = sqlite3_column_int (stmt, 8);
      ticket->issued_at = column_dup (stmt, 9);
      ticket->called_at = column_dup (stmt, 10);
      ticket->closed_at = column_dup (stmt, 11);
      ticket->case_id = column_dup (stmt, 12);
      ticket->event = column_dup (stmt, 13);
      ticket->rating = sqlite3_column_int (stmt, 14);
      g_ptr_array_add (tickets, ticket);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the tickets", error);

  job->result = g_steal_pointer (&tickets);
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
mdg_store_list_tickets_async (MdgStore            *self,
                              const char          *first_day,
                              const char          *last_day,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (first_day != NULL && last_day != NULL);

  data = g_new0 (SyncData, 1);
  data->day = g_strdup (first_day);
  data->key = g_strdup (last_day);
  run_sync_job (self, FALSE, list_tickets_job, data, cancellable, callback, user_data,
                mdg_store_list_tickets_async);
}

GPtrArray *
mdg_store_list_tickets_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_list_tickets_async, error);
}

/* Pull -------------------------------------------------------------------- */

static gboolean
get_cursor_job (MdgStore  *self,
                StoreJob  *job,
                GError   **error)
{
  sqlite3_stmt *stmt;
  gint64 cursor;

  if (!(stmt = _mdg_store_prepare (self, "SELECT coalesce ((SELECT CAST (value AS INTEGER) "
                                         "FROM meta WHERE key = 'pull_cursor'), 0)", error)) ||
      !query_count (self, stmt, &cursor, error))
    return FALSE;

  _mdg_store_job_set_int (job, cursor);
  return TRUE;
}

void
mdg_store_get_cursor_async (MdgStore            *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));

  run_sync_job (self, FALSE, get_cursor_job, g_new0 (SyncData, 1), cancellable, callback,
                user_data, mdg_store_get_cursor_async);
}

gint64
mdg_store_get_cursor_finish (MdgStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _mdg_store_finish_int (self, result, mdg_store_get_cursor_async, error);
}

static gboolean
apply_pull_job (MdgStore  *self,
                StoreJob  *job,
                GError   **error)
{
  SyncData *data = g_task_get_task_data (job->task);
  g_autofree char *cursor = g_strdup_printf ("%" G_GINT64_FORMAT, data->value);
  sqlite3_stmt *stmt;

  for (guint i = 0; i < data->tickets->len; i++)
    {
      if (!upsert_ticket (self, g_ptr_array_index (data->tickets, i), error))
        return FALSE;
    }

  for (guint i = 0; i < data->cases->len; i++)
    {
      const MdgWardCaseState *state = g_ptr_array_index (data->cases, i);

      if (!(stmt = _mdg_store_prepare (self,
                                       "INSERT INTO ward_cases (id, status, workstation, ward_seq) "
                                       "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                                       "  status = excluded.status, ward_seq = excluded.ward_seq",
                                       error)))
        return FALSE;
      store_bind_text (stmt, 1, state->id);
      store_bind_text (stmt, 2, state->status);
      store_bind_text (stmt, 3, state->workstation);
      sqlite3_bind_int64 (stmt, 4, state->ward_seq);
      if (!_mdg_store_step_done (self, stmt, "Storing a case state", error))
        return FALSE;
    }

  if (!(stmt = _mdg_store_prepare (self, "INSERT INTO meta (key, value) VALUES ('pull_cursor', ?) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, cursor);
  if (!_mdg_store_step_done (self, stmt, "Moving the pull cursor", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_apply_pull_async (MdgStore            *self,
                            GPtrArray           *tickets,
                            GPtrArray           *cases,
                            gint64               cursor,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  SyncData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (tickets != NULL && cases != NULL);

  data = g_new0 (SyncData, 1);
  data->tickets = tickets;
  data->cases = cases;
  data->value = cursor;
  run_sync_job (self, TRUE, apply_pull_job, data, cancellable, callback, user_data,
                mdg_store_apply_pull_async);
}

gboolean
mdg_store_apply_pull_finish (MdgStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_apply_pull_async, error) != NULL;
}
