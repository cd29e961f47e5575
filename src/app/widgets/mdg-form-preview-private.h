/* mdg-form-preview-private.h: what the pieces of MdgFormPreview share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-form-preview.h"
#include "mdg-form-signature.h"
#include "mdg-signature-pad.h"

G_BEGIN_DECLS

struct _MdgFormPreview
{
  AdwBin           parent_instance;

  /* template widgets */
  AdwToastOverlay *toast_overlay;
  GtkDropDown     *form_dropdown;
  GtkLabel        *missing_label;
  GtkPicture      *picture;
  GtkSpinButton   *page_spin;
  MdgSignaturePad *signature_pad;
  GtkDropDown     *signer_dropdown;
  GtkWidget       *signature_box;
  GtkBox          *thumbs_box;

  /* owned */
  GPtrArray       *filled;        /* MdgFilledForm, one per form the guidance needs */
  GCancellable    *preview_cancellable;
  GCancellable    *thumbs_cancellable;
  GPtrArray       *thumbs;        /* GtkButton, one per form, its GtkPicture inside */
  guint            thumbs_id;     /* the thumbnails wait for the typing to pause */
  guint            preview_id;    /* so does the page, briefly: one render per pause */
  GCancellable    *cancellable;   /* print, export, signing; cancelled in dispose */
  MdgSignedSet    *signed_set;    /* the latest, for the store (issue 4) */
  guint            generation;    /* of the latest preview request */
  guint            zoom;          /* index in zooms[]: 0 the whole page */
  gboolean         signing;
  gboolean         stale;         /* the forms changed while no one saw them */
  GStrv            signers;       /* the roles the forms' spots name, in order */
  GHashTable      *signatures;    /* role → MdgSignature, each signer's own */
  guint            signer;        /* index in signers of the one at the pad */
};

void        _mdg_form_preview_set_signed_set    (MdgFormPreview *self,
                                                 MdgSignedSet   *signed_set);

/* mdg-form-preview-signers.c: several signers at one pad */
const char *_mdg_form_preview_signer_label      (const char     *role);
void        _mdg_form_preview_keep_signature    (MdgFormPreview *self);
void        _mdg_form_preview_update_signers    (MdgFormPreview *self);
void        _mdg_form_preview_signer_selected_cb (MdgFormPreview *self,
                                                  GParamSpec     *pspec,
                                                  GtkDropDown    *dropdown);

G_END_DECLS
