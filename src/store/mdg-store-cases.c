/* mdg-store-cases.c: cases, forms, the signature, the audit log and the check
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store-cases"

#include "config.h"

#include <json-glib/json-glib.h>

#include "mdg-store-private.h"

typedef struct
{
  char    *id;
  char    *case_json;
  char    *ticket_id;
  char    *visit_json;
  char    *handoffs_json;
  int      rating;
  char    *procedure_id;
  char    *media_type;
  GBytes  *bytes;
  gboolean flag;
} CaseData;

static void
case_data_free (CaseData *data)
{
  g_free (data->id);
  g_free (data->case_json);
  g_free (data->ticket_id);
  g_free (data->visit_json);
  g_free (data->handoffs_json);
  g_free (data->procedure_id);
  g_free (data->media_type);
  g_clear_pointer (&data->bytes, g_bytes_unref);
  g_free (data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CaseData, case_data_free)

static gboolean fail_constraint (GError     **error,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail_constraint (GError     **error,
                 const char  *format,
                 ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* A completed case gets its outbox rows: the case, then each form. */
gboolean
_mdg_store_enqueue_completed (MdgStore    *self,
                   StoreJob    *job,
                   const char  *case_id,
                   GError     **error)
{
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!_mdg_store_add_outbox (self, job, "case", case_id, error))
    return FALSE;

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO outbox (kind, record_id, created_at) "
                                   "SELECT 'form', id, ?2 FROM case_forms WHERE case_id = ?1 "
                                   "ORDER BY procedure",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, case_id);
  store_bind_text (stmt, 2, now);

  return _mdg_store_step_done (self, stmt, "Adding the forms to the outbox", error);
}

static gboolean
save_case_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO cases (id, status, case_json, answers_json, ticket_id,"
                                   "                   created_at, updated_at, completed_at, visit_json) "
                                   "VALUES (?1, ?2, ?3, json_extract (?3, '$.answers'), ?4, ?5, ?5,"
                                   "        CASE ?2 WHEN 'completed' THEN ?5 END, ?6) "
                                   "ON CONFLICT (id) DO UPDATE SET"
                                   "  status = excluded.status, case_json = excluded.case_json,"
                                   "  answers_json = excluded.answers_json,"
                                   "  ticket_id = coalesce (excluded.ticket_id, cases.ticket_id),"
                                   "  visit_json = coalesce (excluded.visit_json, cases.visit_json),"
                                   "  updated_at = excluded.updated_at,"
                                   "  completed_at = excluded.completed_at "
                                   "WHERE cases.status = 'draft'",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, data->id);
  store_bind_text (stmt, 2, data->flag ? "completed" : "draft");
  store_bind_text (stmt, 3, data->case_json);
  store_bind_text (stmt, 4, data->ticket_id);
  store_bind_text (stmt, 5, now);
  store_bind_text (stmt, 6, data->visit_json);
  if (!_mdg_store_step_done (self, stmt, "Saving the case", error))
    return FALSE;

  if (_mdg_store_changes (self) == 0)
    return fail_constraint (error, "The case %s is completed and can no longer change", data->id);

  if (data->flag && !_mdg_store_enqueue_completed (self, job, data->id, error))
    return FALSE;

  job->result = g_strdup (data->id);
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_save_case_async (MdgStore            *self,
                           const char          *id,
                           MdgCase             *kase,
                           gboolean             completed,
                           const char          *ticket_id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (kase != NULL);
  g_return_if_fail (id == NULL || g_uuid_string_is_valid (id));

  data = g_new0 (CaseData, 1);
  data->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  data->case_json = mdg_case_to_json (kase);
  data->ticket_id = g_strdup (ticket_id);
  data->flag = !!completed;

  _mdg_store_run (self, TRUE, save_case_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_save_case_async);
}

void
mdg_store_save_draft_async (MdgStore            *self,
                            const char          *id,
                            MdgCase             *kase,
                            const char          *ticket_id,
                            const char          *visit_json,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (kase != NULL);
  g_return_if_fail (id == NULL || g_uuid_string_is_valid (id));

  data = g_new0 (CaseData, 1);
  data->id = id != NULL ? g_strdup (id) : g_uuid_string_random ();
  data->case_json = mdg_case_to_json (kase);
  data->ticket_id = g_strdup (ticket_id);
  data->visit_json = g_strdup (visit_json);

  _mdg_store_run (self, TRUE, save_case_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_save_draft_async);
}

char *
mdg_store_save_draft_finish (MdgStore      *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_save_draft_async, error);
}

void
mdg_draft_free (MdgDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->id);
  g_free (draft->visit_json);
  g_free (draft->updated_at);
  g_free (draft);
}

static gboolean
list_drafts_job (MdgStore  *self,
                 StoreJob  *job,
                 GError   **error)
{
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_draft_free);
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mdg_store_prepare (self,
                                   "SELECT id, visit_json, updated_at FROM cases "
                                   "WHERE status = 'draft' AND visit_json IS NOT NULL "
                                   "ORDER BY updated_at DESC",
                                   error)))
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      MdgDraft *draft = g_new0 (MdgDraft, 1);

      draft->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      draft->visit_json = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      draft->updated_at = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_ptr_array_add (drafts, draft);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Listing the drafts", error);

  job->result = g_steal_pointer (&drafts);
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
mdg_store_list_drafts_async (MdgStore            *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));

  _mdg_store_run (self, FALSE, list_drafts_job, NULL, NULL, cancellable, callback, user_data,
                  mdg_store_list_drafts_async);
}

GPtrArray *
mdg_store_list_drafts_finish (MdgStore      *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_list_drafts_async, error);
}

static gboolean
discard_draft_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self, "DELETE FROM cases WHERE id = ? AND status = 'draft'",
                                   error)))
    return FALSE;
  store_bind_text (stmt, 1, data->id);
  if (!_mdg_store_step_done (self, stmt, "Discarding the draft", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_discard_draft_async (MdgStore            *self,
                               const char          *id,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (id != NULL);

  data = g_new0 (CaseData, 1);
  data->id = g_strdup (id);
  _mdg_store_run (self, TRUE, discard_draft_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_discard_draft_async);
}

gboolean
mdg_store_discard_draft_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_discard_draft_async, error) != NULL;
}

char *
mdg_store_save_case_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_save_case_async, error);
}

typedef struct
{
  MdgCase  *kase;
  gboolean  completed;
} LoadedCase;

static void
loaded_case_free (LoadedCase *loaded)
{
  g_clear_pointer (&loaded->kase, mdg_case_unref);
  g_free (loaded);
}

static gboolean
load_case_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  g_autofree char *json = NULL;
  LoadedCase *loaded;
  sqlite3_stmt *stmt;
  gboolean completed = FALSE;
  gboolean purged = FALSE;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, "SELECT case_json, status = 'completed',"
                                         " json_extract (case_json, '$.purged_at') IS NOT NULL"
                                         " FROM cases WHERE id = ?", error)))
    return FALSE;

  store_bind_text (stmt, 1, data->id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      completed = sqlite3_column_int (stmt, 1);
      purged = sqlite3_column_int (stmt, 2);
    }
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Loading the case", error);
  if (json == NULL)
    return fail_constraint (error, "There is no case %s", data->id);
  /* mdg-store-retention.c */
  if (purged)
    return fail_constraint (error, "The case %s is no longer on this workstation: its data was "
                            "removed after the retention time", data->id);

  loaded = g_new0 (LoadedCase, 1);
  loaded->completed = completed;
  /* The stored file carries its visit date, so the default is not used. */
  if (!(loaded->kase = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, error)))
    {
      loaded_case_free (loaded);
      g_prefix_error (error, "The stored case %s: ", data->id);
      return FALSE;
    }

  job->result = loaded;
  job->result_free = (GDestroyNotify) loaded_case_free;
  return TRUE;
}

void
mdg_store_load_case_async (MdgStore            *self,
                           const char          *id,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (id != NULL);

  data = g_new0 (CaseData, 1);
  data->id = g_strdup (id);
  _mdg_store_run (self, FALSE, load_case_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_load_case_async);
}

MdgCase *
mdg_store_load_case_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            gboolean      *completed,
                            GError       **error)
{
  LoadedCase *loaded = _mdg_store_finish (self, result, mdg_store_load_case_async, error);
  MdgCase *kase;

  if (loaded == NULL)
    return NULL;

  if (completed != NULL)
    *completed = loaded->completed;
  kase = g_steal_pointer (&loaded->kase);
  loaded_case_free (loaded);
  return kase;
}

static gboolean
require_draft (MdgStore    *self,
               const char  *case_id,
               GError     **error)
{
  sqlite3_stmt *stmt;
  const char *status = NULL;
  gboolean purged = FALSE;
  gboolean draft;
  int rc;

  /* A draft emptied by the retention (mdg-store-retention.c) is no draft. */
  if (!(stmt = _mdg_store_prepare (self, "SELECT status, json_extract (case_json, '$.purged_at')"
                                         " IS NOT NULL FROM cases WHERE id = ?", error)))
    return FALSE;

  store_bind_text (stmt, 1, case_id);
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      status = (const char *) sqlite3_column_text (stmt, 0);
      purged = sqlite3_column_int (stmt, 1);
    }
  draft = g_strcmp0 (status, "draft") == 0;
  sqlite3_reset (stmt);

  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Reading the case", error);
  if (rc == SQLITE_DONE)
    return fail_constraint (error, "There is no case %s", case_id);
  if (purged)
    return fail_constraint (error, "The case %s is no longer on this workstation: its data was "
                            "removed after the retention time", case_id);
  if (!draft)
    return fail_constraint (error, "The case %s is completed and can no longer change", case_id);

  return TRUE;
}

void
_mdg_store_bind_bytes (sqlite3_stmt *stmt,
                       int           index,
                       GBytes       *bytes)
{
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);

  sqlite3_bind_blob64 (stmt, index, data != NULL ? data : "", size, SQLITE_TRANSIENT);
}

static gboolean
save_form_job (MdgStore  *self,
               StoreJob  *job,
               GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  g_autofree char *form_id = g_uuid_string_random ();
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!require_draft (self, data->id, error))
    return FALSE;

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO case_forms (id, case_id, procedure, pdf, signed,"
                                   "                        created_at) "
                                   "VALUES (?, ?, ?, ?, ?, ?) "
                                   "ON CONFLICT (case_id, procedure) DO UPDATE SET"
                                   "  pdf = excluded.pdf, signed = excluded.signed,"
                                   "  created_at = excluded.created_at",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, form_id);
  store_bind_text (stmt, 2, data->id);
  store_bind_text (stmt, 3, data->procedure_id);
  _mdg_store_bind_bytes (stmt, 4, data->bytes);
  sqlite3_bind_int (stmt, 5, data->flag);
  store_bind_text (stmt, 6, now);
  if (!_mdg_store_step_done (self, stmt, "Saving the form", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_save_form_async (MdgStore            *self,
                           const char          *case_id,
                           const char          *procedure_id,
                           GBytes              *pdf,
                           gboolean             signed_form,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (procedure_id != NULL);
  g_return_if_fail (pdf != NULL);

  data = g_new0 (CaseData, 1);
  data->id = g_strdup (case_id);
  data->procedure_id = g_strdup (procedure_id);
  data->bytes = g_bytes_ref (pdf);
  data->flag = !!signed_form;
  _mdg_store_run (self, TRUE, save_form_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_save_form_async);
}

gboolean
mdg_store_save_form_finish (MdgStore      *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_save_form_async, error) != NULL;
}

static gboolean
set_signature_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!require_draft (self, data->id, error))
    return FALSE;

  if (!(stmt = _mdg_store_prepare (self, "UPDATE cases SET signature = ?, signature_type = ?,"
                                         " updated_at = ? WHERE id = ?", error)))
    return FALSE;

  _mdg_store_bind_bytes (stmt, 1, data->bytes);
  store_bind_text (stmt, 2, data->media_type);
  store_bind_text (stmt, 3, now);
  store_bind_text (stmt, 4, data->id);
  if (!_mdg_store_step_done (self, stmt, "Saving the signature", error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_set_signature_async (MdgStore            *self,
                               const char          *case_id,
                               GBytes              *image,
                               const char          *media_type,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (image != NULL);
  g_return_if_fail (media_type != NULL);

  data = g_new0 (CaseData, 1);
  data->id = g_strdup (case_id);
  data->bytes = g_bytes_ref (image);
  data->media_type = g_strdup (media_type);
  _mdg_store_run (self, TRUE, set_signature_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_set_signature_async);
}

gboolean
mdg_store_set_signature_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_set_signature_async, error) != NULL;
}

static gboolean
complete_case_job (MdgStore  *self,
                   StoreJob  *job,
                   GError   **error)
{
  CaseData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!require_draft (self, data->id, error))
    return FALSE;

  if (!(stmt = _mdg_store_prepare (self, "UPDATE cases SET status = 'completed',"
                                         " completed_at = ?1, updated_at = ?1,"
                                         " handoffs_json = ?3, rating = ?4 WHERE id = ?2",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, now);
  store_bind_text (stmt, 2, data->id);
  store_bind_text (stmt, 3, data->handoffs_json);
  if (data->rating > 0)
    sqlite3_bind_int (stmt, 4, data->rating);
  else
    sqlite3_bind_null (stmt, 4);
  if (!_mdg_store_step_done (self, stmt, "Completing the case", error) ||
      !_mdg_store_enqueue_completed (self, job, data->id, error))
    return FALSE;

  job->result = STORE_OK;
  return TRUE;
}

void
mdg_store_complete_case_async (MdgStore            *self,
                               const char          *case_id,
                               const char          *handoffs_json,
                               int                  rating,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  CaseData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (case_id != NULL);
  g_return_if_fail (rating >= 0 && rating <= 5);

  data = g_new0 (CaseData, 1);
  data->id = g_strdup (case_id);
  data->handoffs_json = g_strdup (handoffs_json);
  data->rating = rating;
  _mdg_store_run (self, TRUE, complete_case_job, data, (GDestroyNotify) case_data_free,
                  cancellable, callback, user_data, mdg_store_complete_case_async);
}

gboolean
mdg_store_complete_case_finish (MdgStore      *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_complete_case_async, error) != NULL;
}

/* Audit ------------------------------------------------------------------- */

typedef struct
{
  char          *id;
  char          *staff;
  char          *subject;
  char          *case_id;
  char          *fields_json;
  MdgAuditAction action;
} AuditData;

static void
audit_data_free (AuditData *data)
{
  g_free (data->id);
  g_free (data->staff);
  g_free (data->subject);
  g_free (data->case_id);
  g_free (data->fields_json);
  g_free (data);
}

static gboolean
audit_job (MdgStore  *self,
           StoreJob  *job,
           GError   **error)
{
  AuditData *data = g_task_get_task_data (job->task);
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  if (!(stmt = _mdg_store_prepare (self,
                                   "INSERT INTO audit (id, at, workstation, staff, action, subject,"
                                   "                   case_id, fields) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                   error)))
    return FALSE;

  store_bind_text (stmt, 1, data->id);
  store_bind_text (stmt, 2, now);
  store_bind_text (stmt, 3, mdg_store_get_workstation_id (self));
  store_bind_text (stmt, 4, data->staff);
  store_bind_text (stmt, 5, data->action == MDG_AUDIT_READ ? "read" : "change");
  store_bind_text (stmt, 6, data->subject);
  store_bind_text (stmt, 7, data->case_id);
  store_bind_text (stmt, 8, data->fields_json);
  if (!_mdg_store_step_done (self, stmt, "Recording the audit entry", error) ||
      !_mdg_store_add_outbox (self, job, "audit", data->id, error))
    return FALSE;

  job->result = g_strdup (data->id);
  job->result_free = g_free;
  return TRUE;
}

void
mdg_store_audit_async (MdgStore            *self,
                       const MdgAuditEntry *entry,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  AuditData *data;

  g_return_if_fail (MDG_IS_STORE (self));
  g_return_if_fail (entry != NULL);
  g_return_if_fail (entry->subject != NULL);
  g_return_if_fail (entry->action == MDG_AUDIT_READ || entry->action == MDG_AUDIT_CHANGE);

  json_builder_begin_array (builder);
  for (guint i = 0; entry->fields != NULL && entry->fields[i] != NULL; i++)
    json_builder_add_string_value (builder, entry->fields[i]);
  json_builder_end_array (builder);
  root = json_builder_get_root (builder);

  data = g_new0 (AuditData, 1);
  data->id = g_uuid_string_random ();
  data->staff = g_strdup (entry->staff != NULL ? entry->staff : mdg_store_get_staff (self));
  data->subject = g_strdup (entry->subject);
  data->case_id = g_strdup (entry->case_id);
  data->fields_json = json_to_string (root, FALSE);
  data->action = entry->action;

  _mdg_store_run (self, TRUE, audit_job, data, (GDestroyNotify) audit_data_free,
                  cancellable, callback, user_data, mdg_store_audit_async);
}

char *
mdg_store_audit_finish (MdgStore      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_audit_async, error);
}

/* Check ------------------------------------------------------------------- */

/* Each query counts one kind of problem; the text names it. */
static const struct {
  const char *sql;
  const char *problem;
} outbox_checks[] = {
  { "SELECT count(*) FROM outbox o WHERE kind = 'case' AND NOT EXISTS"
    " (SELECT 1 FROM cases c WHERE c.id = o.record_id AND c.status = 'completed')",
    "outbox rows name a case that is missing or not completed" },
  { "SELECT count(*) FROM outbox o WHERE kind = 'form' AND NOT EXISTS"
    " (SELECT 1 FROM case_forms f WHERE f.id = o.record_id)",
    "outbox rows name a form that is missing" },
  { "SELECT count(*) FROM outbox o WHERE kind = 'ticket' AND NOT EXISTS"
    " (SELECT 1 FROM tickets t WHERE t.id = o.record_id AND t.lease_id IS NOT NULL)",
    "outbox rows name a ticket that is missing or was not issued offline" },
  { "SELECT count(*) FROM outbox o WHERE kind = 'audit' AND NOT EXISTS"
    " (SELECT 1 FROM audit a WHERE a.id = o.record_id)",
    "outbox rows name an audit entry that is missing" },
  { "SELECT count(*) FROM cases c WHERE status = 'completed' AND NOT EXISTS"
    " (SELECT 1 FROM outbox o WHERE o.kind = 'case' AND o.record_id = c.id)",
    "completed cases have no outbox row" },
  { "SELECT count(*) FROM case_forms f JOIN cases c ON c.id = f.case_id"
    " WHERE c.status = 'completed' AND NOT EXISTS"
    " (SELECT 1 FROM outbox o WHERE o.kind = 'form' AND o.record_id = f.id)",
    "forms of completed cases have no outbox row" },
  { "SELECT count(*) FROM tickets t WHERE lease_id IS NOT NULL AND NOT EXISTS"
    " (SELECT 1 FROM outbox o WHERE o.kind = 'ticket' AND o.record_id = t.id)",
    "tickets issued offline have no outbox row" },
  { "SELECT count(*) FROM audit a WHERE NOT EXISTS"
    " (SELECT 1 FROM outbox o WHERE o.kind = 'audit' AND o.record_id = a.id)",
    "audit entries have no outbox row" },
  { "SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL AND seq >"
    " (SELECT min (seq) FROM outbox WHERE sent_at IS NULL)",
    "outbox rows are marked sent after an unsent one (out of order)" },
  { "SELECT count(*) FROM case_forms f JOIN outbox o ON o.kind = 'form' AND o.record_id = f.id"
    " JOIN outbox oc ON oc.kind = 'case' AND oc.record_id = f.case_id WHERE o.seq < oc.seq",
    "forms are queued before their case" },
};

static gboolean
collect_rows (MdgStore    *self,
              const char  *sql,
              const char  *prefix,
              GPtrArray   *problems,
              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (_mdg_store_get_db (self), sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _mdg_store_set_error (self, rc, prefix, error);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(GString) line = g_string_new (prefix);

      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          const char *text = (const char *) sqlite3_column_text (stmt, i);

          g_string_append_printf (line, "%s%s", i == 0 ? ": " : " ", text != NULL ? text : "-");
        }
      /* integrity_check says "ok" when sound */
      if (!g_str_has_suffix (line->str, ": ok"))
        g_ptr_array_add (problems, g_string_free (g_steal_pointer (&line), FALSE));
    }
  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, prefix, error);

  return TRUE;
}

static gboolean
check_job (MdgStore  *self,
           StoreJob  *job,
           GError   **error)
{
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

  if (!collect_rows (self, "PRAGMA integrity_check", "integrity_check", problems, error) ||
      !collect_rows (self, "PRAGMA foreign_key_check", "foreign key (table, row, parent)",
                     problems, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (outbox_checks); i++)
    {
      sqlite3_stmt *stmt;
      gint64 count = 0;
      int rc;

      if (!(stmt = _mdg_store_prepare (self, outbox_checks[i].sql, error)))
        return FALSE;
      if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        count = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        return _mdg_store_set_error (self, rc, "Checking the outbox", error);

      if (count > 0)
        g_ptr_array_add (problems, g_strdup_printf ("%" G_GINT64_FORMAT " %s", count,
                                                    outbox_checks[i].problem));
    }

  job->result = g_steal_pointer (&problems);
  job->result_free = (GDestroyNotify) g_ptr_array_unref;
  return TRUE;
}

void
mdg_store_check_async (MdgStore            *self,
                       GCancellable        *cancellable,
                       GAsyncReadyCallback  callback,
                       gpointer             user_data)
{
  g_return_if_fail (MDG_IS_STORE (self));

  _mdg_store_run (self, FALSE, check_job, NULL, NULL, cancellable, callback, user_data,
                  mdg_store_check_async);
}

GPtrArray *
mdg_store_check_finish (MdgStore      *self,
                        GAsyncResult  *result,
                        GError       **error)
{
  return _mdg_store_finish (self, result, mdg_store_check_async, error);
}
