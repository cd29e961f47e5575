/* mdg-case-view-store.c: the visit's autosave, audit and completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-view-private.h"
#include "mdg-store-visit.h"
#include "mdg-visit.h"

/* What still blocks completion, on the Complete page; case.complete is
 * enabled once nothing does. */
void
_mdg_case_view_update_completion (MdgCaseView *self)
{
  g_autoptr(GPtrArray) blockers = g_ptr_array_new_with_free_func (g_free);
  gboolean signed_forms = mdg_sign_page_get_signed_set (self->sign_page) != NULL;
  guint n_missing = mdg_forms_page_get_n_missing (self->forms_page);
  GPtrArray *forms;

  if (self->visit == NULL || mdg_visit_get_case (self->visit) == NULL)
    return;

  forms = mdg_visit_get_forms (self->visit);
  if (n_missing > 0)
    /* Translators: boxes of the forms still empty, shown on the Complete page */
    g_ptr_array_add (blockers, g_strdup_printf (ngettext ("%u box of the forms is still empty",
                                                          "%u boxes of the forms are still empty",
                                                          n_missing), n_missing));
  if (forms != NULL && forms->len > 0 && !signed_forms)
    g_ptr_array_add (blockers, g_strdup (_("The resident has not signed the forms")));
  if (!mdg_sign_page_get_identity_confirmed (self->sign_page))
    g_ptr_array_add (blockers, g_strdup (_("Staff have not confirmed the resident’s identity")));
  if (self->store == NULL)
    g_ptr_array_add (blockers, g_strdup (_("The local store is not open yet")));

  mdg_complete_page_set_blockers (self->completion_page, blockers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.complete",
                                 blockers->len == 0 && !self->completing);
}

/* Autosave ------------------------------------------------------------------ */

static void
store_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdgCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_save_draft_finish (MDG_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (id == NULL)
    {
      g_debug ("The draft was not saved (store error %d)", error->code);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The draft could not be saved")));
      return;
    }

  if (self->save_again)
    _mdg_case_view_save_draft (self);
}

/* Every change is on disk before the next: a crash loses nothing typed. */
void
_mdg_case_view_save_draft (MdgCaseView *self)
{
  g_autofree char *draft = NULL;

  if (self->store == NULL || self->visit == NULL || mdg_visit_get_case (self->visit) == NULL ||
      mdg_visit_get_household (self->visit) == NULL || self->completing)
    return;

  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  self->saving = TRUE;
  self->save_again = FALSE;
  draft = mdg_visit_dup_draft_json (self->visit);
  mdg_store_save_draft_async (self->store, mdg_visit_get_id (self->visit),
                              mdg_visit_get_case (self->visit),
                              mdg_visit_get_ticket_id (self->visit), draft,
                              self->cancellable, store_saved_cb, g_object_ref (self));
}

static void
number_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_audit_finish (MDG_STORE (object), result, &error);

  if (id == NULL)
    g_debug ("The audit entry of a shown number was not recorded (store error %d)",
             error->code);
}

/* Who saw whose individual number goes to the audit log (the field, never
 * the number). */
void
_mdg_case_view_audit_number (MdgCaseView *self,
                             const char  *member_id)
{
  g_autofree char *field = NULL;

  if (self->store == NULL || self->visit == NULL)
    return;

  field = mdg_visit_dup_number_fact (member_id);
  {
    const char * const fields[] = { field, NULL };
    MdgAuditEntry entry = { NULL /* the store's: who is signed in */, MDG_AUDIT_READ,
                            mdg_visit_get_audit_subject (self->visit),
                            mdg_visit_get_id (self->visit), fields };

    mdg_store_audit_async (self->store, &entry, self->cancellable, number_shown_cb, NULL);
  }
}

static void
complete_committed_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MdgCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_commit_visit_finish (MDG_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (id == NULL)
    {
      /* Nothing of the completion was written: the visit is as it was, and
       * 受付を完了 completes it when pressed again. */
      g_debug ("The completion was not committed (store error %d)", error->code);
      self->completing = FALSE;
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The visit could not be completed; "
                                                    "nothing was lost, try again")));
      _mdg_case_view_update_completion (self);
      return;
    }

  _mdg_case_view_emit_completed (self, id);
}

/* The visit's record (case, signed forms, signature, hand-offs, audit) goes
 * to the store in one transaction. */
void
_mdg_case_view_complete (MdgCaseView *self)
{
  g_autoptr(MdgVisitRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *draft = NULL;
  GHashTable *signatures;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->store == NULL || self->visit == NULL || mdg_visit_get_case (self->visit) == NULL ||
      self->completing)
    return;

  /* several signers (婚姻届): each one's signature goes to the visit */
  if ((signatures = mdg_sign_page_get_signatures (self->sign_page)) != NULL)
    {
      GHashTableIter iter;
      gpointer role, signature;

      g_hash_table_iter_init (&iter, signatures);
      while (g_hash_table_iter_next (&iter, &role, &signature))
        mdg_visit_set_signature (self->visit, role, signature);
    }

  draft = mdg_visit_dup_draft_json (self->visit);
  record = mdg_visit_dup_record (self->visit, mdg_sign_page_get_signed_set (self->sign_page),
                                 mdg_store_get_staff (self->store), mdg_visit_get_audit_subject (self->visit),
                                 mdg_sign_page_get_identity_document (self->sign_page),
                                 draft, &error);
  if (record == NULL)
    {
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
      return;
    }

  self->completing = TRUE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.complete", FALSE);
  mdg_store_commit_visit_async (self->store, record, self->cancellable, complete_committed_cb,
                                g_object_ref (self));
}

