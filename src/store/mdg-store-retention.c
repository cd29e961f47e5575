/* mdg-store-retention.c: resident data leaves the workstation once the ward has it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-retention"

#include "config.h"

#include "mdg-store-private.h"
#include "mdg-store-retention.h"

/* What a purged case keeps of its file: the event and the visit's day, for
 * the figures; never a member, an answer or the event's own date. The
 * marker "purged_at" makes the purge idempotent and lets a load say why. */
#define PURGED_CASE_JSON \
  "json_object ('purged_at', ?1, 'event', json_extract (case_json, '$.event')," \
  " 'visit_date', json_extract (case_json, '$.visit_date'))"

/* Completed cases the ward confirmed (their outbox row sent) before the
 * cutoff, with every form of theirs confirmed too; drafts untouched since. */
#define DUE_CASES \
  "SELECT c.id FROM cases c WHERE json_extract (c.case_json, '$.purged_at') IS NULL AND (" \
  " (c.status = 'completed'" \
  "  AND EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'case' AND o.record_id = c.id" \
  "              AND o.sent_at IS NOT NULL AND o.sent_at <= ?2)" \
  "  AND NOT EXISTS (SELECT 1 FROM case_forms f JOIN outbox o" \
  "                  ON o.kind = 'form' AND o.record_id = f.id" \
  "                  WHERE f.case_id = c.id AND (o.sent_at IS NULL OR o.sent_at > ?2)))" \
  " OR (c.status = 'draft' AND c.updated_at <= ?2))"

typedef struct
{
  guint         retain_hours;
  MdgStorePurge purge;
} PurgeData;

static char *
format_time (GDateTime *time)
{
  return g_date_time_format (time, "%Y-%m-%dT%H:%M:%S.%fZ");
}

static gboolean
run_counted (MdgStore    *self,
             const char  *sql,
             const char  *now,
             const char  *cutoff,
             gint64      *count,
             GError     **error)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self, sql, error)))
    return FALSE;

  store_bind_text (stmt, 1, now);
  store_bind_text (stmt, 2, cutoff);
  if (!_mdg_store_step_done (self, stmt, "Removing resident data", error))
    return FALSE;

  if (count != NULL)
    *count = _mdg_store_changes (self);
  return TRUE;
}

static gboolean
purge_rows (MdgStore     *self,
            const char   *now,
            const char   *cutoff,
            PurgeData    *data,
            GError      **error)
{
  /* The forms first: the cases' own marker is what selects them. */
  return run_counted (self,
                      "UPDATE case_forms SET pdf = X'' WHERE length (pdf) > 0"
                      " AND case_id IN (" DUE_CASES ")",
                      now, cutoff, NULL, error) &&
         run_counted (self,
                      "UPDATE cases SET case_json = " PURGED_CASE_JSON ","
                      " answers_json = NULL, visit_json = NULL, handoffs_json = NULL,"
                      " signature = NULL, signature_type = NULL"
                      " WHERE status = 'draft' AND id IN (" DUE_CASES ")",
                      now, cutoff, &data->purge.drafts, error) &&
         run_counted (self,
                      "UPDATE cases SET case_json = " PURGED_CASE_JSON ","
                      " answers_json = NULL, visit_json = NULL, handoffs_json = NULL,"
                      " signature = NULL, signature_type = NULL"
                      " WHERE status = 'completed' AND id IN (" DUE_CASES ")",
                      now, cutoff, &data->purge.cases, error) &&
         /* The audit keeps who did what and when, and the field names. */
         run_counted (self,
                      "UPDATE audit SET subject = '' WHERE subject <> '' AND id IN"
                      " (SELECT record_id FROM outbox WHERE kind = 'audit'"
                      "  AND sent_at IS NOT NULL AND sent_at <= ?2)",
                      now, cutoff, &data->purge.audit, error);
}

static gboolean
purge_job (MdgStore  *self,
           StoreJob  *job,
           GError   **error)
{
  PurgeData *data = g_task_get_task_data (job->task);
  g_autoptr(GDateTime) now_time = g_date_time_new_now_utc ();
  g_autoptr(GDateTime) cutoff_time = g_date_time_add_hours (now_time,
                                                            -(gint) data->retain_hours);
  g_autofree char *now = format_time (now_time);
  g_autofree char *cutoff = format_time (cutoff_time);
  MdgStorePurge *result;
  sqlite3_stmt *stmt;
  int rc;

  /* Its own transaction, outside the write group: the checkpoint below
   * cannot run inside one. */
  if (!_mdg_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!purge_rows (self, now, cutoff, data, error) ||
      !_mdg_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (_mdg_store_get_db (self), "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  /* Old page images in the WAL still hold what was removed: copy the
   * zeroed pages into the database and empty the WAL. */
  if (!(stmt = _mdg_store_prepare (self, "PRAGMA wal_checkpoint (TRUNCATE)", error)))
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    data->purge.wal_reset = sqlite3_column_int (stmt, 0) == 0;
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _mdg_store_set_error (self, rc, "Truncating the WAL", error);

  g_debug ("Purged %" G_GINT64_FORMAT " cases (%" G_GINT64_FORMAT " drafts) and %"
           G_GINT64_FORMAT " audit subjects; WAL %s", data->purge.cases, data->purge.drafts,
           data->purge.audit, data->purge.wal_reset ? "truncated" : "busy");

  result = g_new (MdgStorePurge, 1);
  *result = data->purge;
  job->result = result;
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_purge_async (MdgStore            *self,
                       guint                retain_hours,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  PurgeData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (PurgeData, 1);
  data->retain_hours = retain_hours;
  /* Not a write job: those share one transaction, and a checkpoint needs
   * none open. */
  _mdg_store_run (self, FALSE, purge_job, data, g_free, cancellable, callback, user_data,
                  mdg_store_purge_async);
}

gboolean
mdg_store_purge_finish (MdgStore       *self,
                        GAsyncResult   *result,
                        MdgStorePurge  *purge,
                        GError        **error)
{
  g_autofree MdgStorePurge *value = _mdg_store_finish (self, result, mdg_store_purge_async,
                                                       error);

  if (value == NULL)
    return FALSE;
  if (purge != NULL)
    *purge = *value;
  return TRUE;
}
