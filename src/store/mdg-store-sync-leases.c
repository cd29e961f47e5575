/* mdg-store-sync-leases.c: numbers leased from the ward while it is away
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-sync"

#include "config.h"

#include "mdg-store-private.h"
#include "mdg-store-sync-private.h"
#include "mdg-store-sync.h"

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
  _mdg_store_run_sync_job (self, TRUE, add_lease_job, data, cancellable, callback, user_data,
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
  if (!_mdg_store_query_count (self, stmt, &count, error))
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
  _mdg_store_run_sync_job (self, FALSE, count_leased_job, data, cancellable, callback, user_data,
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
  _mdg_store_run_sync_job (self, TRUE, issue_leased_job, data, cancellable, callback, user_data,
                           mdg_store_issue_leased_async);
}

MdgTicket *
mdg_store_issue_leased_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_issue_leased_async, error);
}
