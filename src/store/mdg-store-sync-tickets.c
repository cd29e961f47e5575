/* mdg-store-sync-tickets.c: tickets, pending ward calls, ticket operations and the pull
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-sync"

#include "config.h"

#include "mdg-store-private.h"
#include "mdg-store-sync-private.h"
#include "mdg-store-sync.h"

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
  _mdg_store_run_sync_job (self, TRUE, begin_pending_job, data, cancellable, callback, user_data,
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
  _mdg_store_run_sync_job (self, STORE_WRITE_LIGHT, end_pending_job, data, cancellable, callback,
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
  _mdg_store_run_sync_job (self, TRUE, void_pending_job, data, cancellable, callback, user_data,
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

  _mdg_store_run_sync_job (self, FALSE, list_void_job, g_new0 (SyncData, 1), cancellable, callback,
                           user_data, mdg_store_list_void_async);
}

GPtrArray *
mdg_store_list_void_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_list_void_async, error);
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
  _mdg_store_run_sync_job (self, TRUE, begin_ticket_op_job, data, cancellable, callback, user_data,
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
  _mdg_store_run_sync_job (self, TRUE, end_ticket_op_job, data, cancellable, callback, user_data,
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
  _mdg_store_run_sync_job (self, FALSE, list_tickets_job, data, cancellable, callback, user_data,
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
      !_mdg_store_query_count (self, stmt, &cursor, error))
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

  _mdg_store_run_sync_job (self, FALSE, get_cursor_job, g_new0 (SyncData, 1), cancellable, callback,
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
  _mdg_store_run_sync_job (self, TRUE, apply_pull_job, data, cancellable, callback, user_data,
                           mdg_store_apply_pull_async);
}

gboolean
mdg_store_apply_pull_finish (MdgStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_apply_pull_async, error) != NULL;
}
