/* mdg-form-preview-signers.c: several signers at one pad
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form may name several signers (婚姻届: both parties and two witnesses).
 * The roles come from the signature spots of the filled forms; a drop-down
 * above the pad says who signs now, and each signer's signature is kept by
 * role, to be drawn only in that signer's spots.
 */

#define G_LOG_DOMAIN "mdg-form-preview"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-form-preview-private.h"

const char *
_mdg_form_preview_signer_label (const char *role)
{
  static const struct { const char *role; const char *label; } labels[] = {
    /* Translators: who signs: 届出人・申請者 */
    { "applicant", N_("Notifier or Applicant") },
    /* Translators: who signs: 夫（になる人） */
    { "husband", N_("Husband") },
    /* Translators: who signs: 妻（になる人） */
    { "wife", N_("Wife") },
    /* Translators: who signs: 証人1 */
    { "witness1", N_("First Witness") },
    /* Translators: who signs: 証人2 */
    { "witness2", N_("Second Witness") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      if (g_strcmp0 (role, labels[i].role) == 0)
        return _(labels[i].label);
    }

  return role;
}

/* The pad's signature belongs to the signer chosen in the drop-down. */
void
_mdg_form_preview_keep_signature (MdgFormPreview *self)
{
  MdgSignature *signature = mdg_signature_pad_get_signature (self->signature_pad);

  if (self->signers == NULL || self->signer >= g_strv_length (self->signers) ||
      signature == NULL || mdg_signature_is_empty (signature))
    return;
  g_hash_table_replace (self->signatures, g_strdup (self->signers[self->signer]),
                        mdg_signature_ref (signature));
}

void
_mdg_form_preview_update_signers (MdgFormPreview *self)
{
  g_autoptr(GPtrArray) roles = g_ptr_array_new ();
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);

  for (guint i = 0; self->filled != NULL && i < self->filled->len; i++)
    {
      g_autoptr(GPtrArray) spots = mdg_filled_form_dup_signature_spots (g_ptr_array_index (self->filled, i));

      for (guint s = 0; s < spots->len; s++)
        {
          const MdgFormCell *spot = g_ptr_array_index (spots, s);
          const char *role = spot->signer != NULL ? spot->signer : "applicant";

          if (!g_ptr_array_find_with_equal_func (roles, role, g_str_equal, NULL))
            g_ptr_array_add (roles, (gpointer) role);
        }
    }
  g_ptr_array_add (roles, NULL);
  if (self->signers != NULL && g_strv_equal ((const char * const *) self->signers,
                                             (const char * const *) roles->pdata))
    return;

  g_clear_pointer (&self->signers, g_strfreev);
  self->signers = g_strdupv ((char **) roles->pdata);
  g_hash_table_remove_all (self->signatures);
  self->signer = 0;
  for (guint i = 0; self->signers[i] != NULL; i++)
    gtk_string_list_append (labels, _mdg_form_preview_signer_label (self->signers[i]));
  g_signal_handlers_block_by_func (self->signer_dropdown, _mdg_form_preview_signer_selected_cb,
                                   self);
  gtk_drop_down_set_model (self->signer_dropdown, G_LIST_MODEL (labels));
  gtk_drop_down_set_selected (self->signer_dropdown, 0);
  g_signal_handlers_unblock_by_func (self->signer_dropdown, _mdg_form_preview_signer_selected_cb,
                                     self);
  gtk_widget_set_visible (GTK_WIDGET (self->signer_dropdown), g_strv_length (self->signers) > 1);
}

void
_mdg_form_preview_signer_selected_cb (MdgFormPreview *self,
                                      GParamSpec     *pspec,
                                      GtkDropDown    *dropdown)
{
  g_assert (MDG_IS_FORM_PREVIEW (self));

  /* the next signer signs on a clean pad; the last one's signature is kept */
  _mdg_form_preview_keep_signature (self);
  self->signer = gtk_drop_down_get_selected (dropdown);
  mdg_signature_pad_clear (self->signature_pad);
  _mdg_form_preview_set_signed_set (self, NULL);
}

