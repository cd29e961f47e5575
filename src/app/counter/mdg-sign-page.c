/* mdg-sign-page.c: the resident signs the visit's forms; staff confirm identity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-sign-page"

#include "config.h"

#include "mdg-case-pages.h"
#include "mdg-form-preview.h"

struct _MdgSignPage
{
  AdwBin          parent_instance;

  /* template widgets */
  MdgFormPreview *sign_preview;
  AdwComboRow    *identity_row;
  GtkSwitch      *identity_switch;

  /* owned */
  MdgVisit       *visit;
};

G_DEFINE_FINAL_TYPE (MdgSignPage, mdg_sign_page, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* the items of identity_row, in order */
static const char *identity_documents[] = {
  "mynumber_card", "driving_licence", "residence_card", "passport", "two_documents",
};

void
mdg_sign_page_update (MdgSignPage *self)
{
  g_return_if_fail (MDG_IS_SIGN_PAGE (self));

  if (self->visit != NULL && mdg_visit_get_case (self->visit) != NULL)
    mdg_form_preview_set_forms (self->sign_preview, mdg_visit_get_forms (self->visit));
}

void
mdg_sign_page_reset (MdgSignPage *self)
{
  g_return_if_fail (MDG_IS_SIGN_PAGE (self));

  gtk_switch_set_active (self->identity_switch, FALSE);
}

MdgSignedSet *
mdg_sign_page_get_signed_set (MdgSignPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_PAGE (self), NULL);

  return mdg_form_preview_get_signed_set (self->sign_preview);
}

/* Returns: (transfer none) (nullable): role → MdgSignature when the forms
 * have several signers (婚姻届), NULL otherwise. */
GHashTable *
mdg_sign_page_get_signatures (MdgSignPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_PAGE (self), NULL);

  return mdg_form_preview_get_signatures (self->sign_preview);
}

gboolean
mdg_sign_page_get_identity_confirmed (MdgSignPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_PAGE (self), FALSE);

  return gtk_switch_get_active (self->identity_switch);
}

const char *
mdg_sign_page_get_identity_document (MdgSignPage *self)
{
  guint identity;

  g_return_val_if_fail (MDG_IS_SIGN_PAGE (self), NULL);

  identity = adw_combo_row_get_selected (self->identity_row);
  return identity_documents[MIN (identity, G_N_ELEMENTS (identity_documents) - 1)];
}

static void
on_changed_cb (MdgSignPage *self)
{
  g_assert (MDG_IS_SIGN_PAGE (self));

  g_signal_emit (self, signals [CHANGED], 0);
}

static void
on_identity_switch_notify_active_cb (MdgSignPage *self,
                                     GParamSpec  *pspec,
                                     GtkSwitch   *sw)
{
  on_changed_cb (self);
}

static void
mdg_sign_page_dispose (GObject *object)
{
  MdgSignPage *self = (MdgSignPage *)object;

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_SIGN_PAGE);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (mdg_sign_page_parent_class)->dispose (object);
}

static void
mdg_sign_page_class_init (MdgSignPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_sign_page_dispose;

  /* The signature or the identity confirmation changed. */
  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-sign-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgSignPage, sign_preview);
  gtk_widget_class_bind_template_child (widget_class, MdgSignPage, identity_row);
  gtk_widget_class_bind_template_child (widget_class, MdgSignPage, identity_switch);
  gtk_widget_class_bind_template_callback (widget_class, on_identity_switch_notify_active_cb);

  g_type_ensure (MDG_TYPE_FORM_PREVIEW);
}

static void
mdg_sign_page_init (MdgSignPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->sign_preview, "notify::signed-set",
                           G_CALLBACK (on_changed_cb), self, G_CONNECT_SWAPPED);
}

void
mdg_sign_page_set_visit (MdgSignPage *self,
                         MdgVisit    *visit)
{
  g_return_if_fail (MDG_IS_SIGN_PAGE (self));
  g_return_if_fail (visit == NULL || MDG_IS_VISIT (visit));

  g_set_object (&self->visit, visit);
}
