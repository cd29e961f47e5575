/* mdg-store-visit.h: a visit's completion, in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-store.h"
#include "mdg-visit.h"

G_BEGIN_DECLS

/* Commits @record (mdg_visit_dup_record()): the case as completed, every
 * form, the signature, the hand-off records, the audit entry and the
 * outbox rows, in one transaction. A case already completed answers with
 * its id and changes nothing, so a completion whose answer was lost is
 * simply run again.
 * Returns: (transfer full): the case id, once the commit is durable. */
void           mdg_store_commit_visit_async   (MdgStore            *self,
                                               MdgVisitRecord      *record,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
char          *mdg_store_commit_visit_finish  (MdgStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;

typedef struct
{
  char     *procedure;
  GBytes   *pdf;
  gboolean  signed_form;
} MdgStoredForm;

/* What the store holds of one case, as `store show` prints it. */
typedef struct
{
  char      *id;
  char      *status;       /* "draft" or "completed" */
  GPtrArray *forms;        /* MdgStoredForm, by procedure */
  guint      n_handoffs;
} MdgStoredCase;

void mdg_stored_case_free (MdgStoredCase *stored);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgStoredCase, mdg_stored_case_free)

/* Fails with MDG_STORE_ERROR_NOT_FOUND for an unknown case. */
void           mdg_store_describe_case_async  (MdgStore            *self,
                                               const char          *case_id,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
MdgStoredCase *mdg_store_describe_case_finish (MdgStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
