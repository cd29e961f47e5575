/* mdg-store-visit.c: a visit's completion, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The case, its rendered and signed forms, the signature, the hand-off
 * records, the audit entry and the outbox rows are written by one job, so
 * in one savepoint of one transaction: a process killed at any moment
 * leaves the whole completed case or nothing of it (but the draft it had).
 * Committing the same visit again answers with its id and changes nothing.
 */

#define G_LOG_DOMAIN "mdg-store-visit"

#include "config.h"

#include <json-glib/json-glib.h>

#include "mdg-store-private.h"
#include "mdg-store-visit.h"

static gboolean
fail_constraint (GError     **error,
                 const char  *message)
{
  g_set_error_literal (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT, message);
  return FALSE;
}

/* "completed", "draft" or NULL (no such case). */
static gboolean
read_status (MdgStore    *self,
             const char  *case_id,
             char       **status,
             GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *status = NULL;
  if (!(stmt = _mdg_store_prepare (self, "SELECT status FROM cases WHERE id = ?", error)))
    return FALSE;
  store_bind_text (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    *status = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the case", error);

  return TRUE;
}

static gboolean
write_audit (MdgStore        *self,
             StoreJob        *job,
             MdgVisitRecord  *record,
             GError         **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *fields = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  json_builder_begin_array (builder);
  for (guint i = 0; record->audit_fields != NULL && record->audit_fields[i] != NULL; i++)
    json_builder_add_string_value (builder, record->audit_fields[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);
  fields = json_to_string (root, FALSE);

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO audit (id, at, workstation, staff, action, subject,"
                                   "                   case_id, fields) "
                                   "VALUES (?, ?, ?, ?, 'change', ?, ?, ?)",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, id);
  store_bind_text (stmt, 2, now);
  store_bind_text (stmt, 3, mdg_store_get_workstation_id (self));
  store_bind_text (stmt, 4, record->staff);
  store_bind_text (stmt, 5, record->audit_subject);
  store_bind_text (stmt, 6, record->case_id);
  store_bind_text (stmt, 7, fields);

  return _mdg_store_step_done (self, stmt, "Recording the audit entry", error) &&
         _mdg_store_add_outbox (self, job, "audit", id, error);
}

static gboolean
commit_visit_job (MdgStore  *self,
                  StoreJob  *job,
                  GError   **error)
{
  MdgVisitRecord *record = g_task_get_task_data (job->task);
  g_autofree char *status = NULL;
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!read_status (self, record->case_id, &status, error))
    return FALSE;

  /* Done already (the answer of an earlier run was lost): nothing to do. */
  if (g_strcmp0 (status, "completed") == 0)
    {
      job->result = g_strdup (record->case_id);
      job->result_free = g_free;
      return TRUE;
    }

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO cases (id, status, case_json, answers_json, ticket_id,"
                                   "                   signature, signature_type, created_at,"
                                   "                   updated_at, completed_at, visit_json,"
                                   "                   handoffs_json, rating) "
                                   "VALUES (?1, 'completed', ?2, json_extract (?2, '$.answers'), ?3,"
                                   "        ?4, ?5, ?6, ?6, ?6, ?7, ?8, ?9) "
                                   "ON CONFLICT (id) DO UPDATE SET"
                                   "  status = 'completed', case_json = excluded.case_json,"
                                   "  answers_json = excluded.answers_json,"
                                   "  ticket_id = coalesce (excluded.ticket_id, cases.ticket_id),"
                                   "  signature = excluded.signature,"
                                   "  signature_type = excluded.signature_type,"
                                   "  visit_json = coalesce (excluded.visit_json, cases.visit_json),"
                                   "  handoffs_json = excluded.handoffs_json,"
                                   "  rating = excluded.rating,"
                                   "  updated_at = excluded.updated_at,"
                                   "  completed_at = excluded.completed_at "
                                   "WHERE cases.status = 'draft'",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, record->case_id);
  store_bind_text (stmt, 2, record->case_json);
  store_bind_text (stmt, 3, record->ticket_id);
  if (record->signature != NULL)
    {
      _mdg_store_bind_bytes (stmt, 4, record->signature);
      store_bind_text (stmt, 5, "application/json");
    }
  store_bind_text (stmt, 6, now);
  store_bind_text (stmt, 7, record->visit_json);
  store_bind_text (stmt, 8, record->handoffs_json);
  if (record->rating > 0)
    sqlite3_bind_int (stmt, 9, record->rating);
  if (!_mdg_store_step_done (self, stmt, "Completing the case", error))
    return FALSE;
  if (_mdg_store_changes (self) == 0)
    return fail_constraint (error, "The case is completed and can no longer change");

  /* The forms of an earlier, abandoned completion give way to these. */
  if (!(stmt = _mdg_store_prepare (self, "DELETE FROM case_forms WHERE case_id = ?", error)))
    return FALSE;
  store_bind_text (stmt, 1, record->case_id);
  if (!_mdg_store_step_done (self, stmt, "Replacing the forms", error))
    return FALSE;

  for (guint i = 0; i < record->forms->len; i++)
    {
      const MdgVisitRecordForm *form = g_ptr_array_index (record->forms, i);
      g_autofree char *form_id = g_uuid_string_random ();

      if (!(stmt = _mdg_store_prepare (self,
                                       "INSERT INTO case_forms (id, case_id, procedure, pdf, signed,"
                                       "                        created_at) "
                                       "VALUES (?, ?, ?, ?, ?, ?)",
                                       error)))
        return FALSE;
      store_bind_text (stmt, 1, form_id);
      store_bind_text (stmt, 2, record->case_id);
      store_bind_text (stmt, 3, form->procedure);
      _mdg_store_bind_bytes (stmt, 4, form->pdf);
      sqlite3_bind_int (stmt, 5, form->signed_form);
      store_bind_text (stmt, 6, now);
      if (!_mdg_store_step_done (self, stmt, "Saving a form", error))
        return FALSE;
    }

  if (!write_audit (self, job, record, error) ||
      !_mdg_store_enqueue_completed (self, job, record->case_id, error))
    return FALSE;

  job->result = g_strdup (record->case_id);
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_commit_visit_async (MdgStore            *self,
                              MdgVisitRecord      *record,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (record != NULL);

  _mdg_store_run (self, TRUE, commit_visit_job, mdg_visit_record_ref (record),
                  (GDestroyNotify) mdg_visit_record_unref,
                  cancellable, callback, user_data, mdg_store_commit_visit_async);
}

char *
mdg_store_commit_visit_finish (MdgStore      *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_commit_visit_async, error);
}

/* What the store holds of one case ------------------------------------------ */

void
mdg_stored_case_free (MdgStoredCase *stored)
{
  if (stored == NULL)
    return;

  g_free (stored->id);
  g_free (stored->status);
  g_ptr_array_unref (stored->forms);
  g_free (stored);
}

static void
stored_form_free (MdgStoredForm *form)
{
  g_free (form->procedure);
  g_clear_pointer (&form->pdf, g_bytes_unref);
  g_free (form);
}

static gboolean
describe_case_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  const char *case_id = g_task_get_task_data (job->task);
  g_autoptr(MdgStoredCase) stored = g_new0 (MdgStoredCase, 1);
  sqlite3_stmt *stmt;
  int rc;

  stored->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_form_free);

  if (!(stmt = _mdg_store_prepare (self,
                                   "SELECT id, status,"
                                   " CASE WHEN json_valid (handoffs_json)"
                                   "  THEN json_array_length (handoffs_json) ELSE 0 END "
                                   "FROM cases WHERE id = ?",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      stored->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      stored->status = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      stored->n_handoffs = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the case", error);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_NOT_FOUND, "There is no case %s",
                   case_id);
      return FALSE;
    }

  if (!(stmt = _mdg_store_prepare (self,
                                   "SELECT procedure, pdf, signed FROM case_forms "
                                   "WHERE case_id = ? ORDER BY procedure",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, case_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MdgStoredForm *form = g_new0 (MdgStoredForm, 1);

      form->procedure = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      form->pdf = g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
      form->signed_form = sqlite3_column_int (stmt, 2) != 0;
      g_ptr_array_add (stored->forms, form);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the forms", error);

  job->result = g_steal_pointer (&stored);
  job->result_free = (GDestroyNotify) mdg_stored_case_free;
  return TRUE;
}

void
mdg_store_describe_case_async (MdgStore            *self,
                               const char          *case_id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (case_id != NULL);

  _mdg_store_run (self, FALSE, describe_case_job, g_strdup (case_id), g_free,
                  cancellable, callback, user_data, mdg_store_describe_case_async);
}

MdgStoredCase *
mdg_store_describe_case_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_describe_case_async, error);
}
