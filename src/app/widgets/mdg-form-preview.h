/* mdg-form-preview.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-form.h"
#include "mdg-form-signature.h"

G_BEGIN_DECLS

#define MDG_TYPE_FORM_PREVIEW (mdg_form_preview_get_type ())

G_DECLARE_FINAL_TYPE (MdgFormPreview, mdg_form_preview, MDG, FORM_PREVIEW, AdwBin)

/* Shows the visit's filled forms (mdg_visit_get_forms()), the chosen one
 * re-rendered off the main thread; only the latest request is shown. The
 * resident signs once on the pad; printing and export take the whole set
 * with the signature on every form that has a spot for it.
 * @forms: (element-type MdgFilledForm): referenced. */
void mdg_form_preview_set_forms (MdgFormPreview *self,
                                 GPtrArray      *forms);
GPtrArray    *mdg_form_preview_get_forms      (MdgFormPreview *self);
MdgSignedSet *mdg_form_preview_get_signed_set (MdgFormPreview *self);
GHashTable   *mdg_form_preview_get_signatures (MdgFormPreview *self);
gboolean      mdg_form_preview_get_signing    (MdgFormPreview *self);
void          mdg_form_preview_set_signing    (MdgFormPreview *self,
                                               gboolean        signing);

G_END_DECLS
