/* mdg-signature-pad.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-form-signature.h"

G_BEGIN_DECLS

#define MDG_TYPE_SIGNATURE_PAD (mdg_signature_pad_get_type ())

G_DECLARE_FINAL_TYPE (MdgSignaturePad, mdg_signature_pad, MDG, SIGNATURE_PAD, AdwBin)

/* The resident signs once here, with a pointer, stylus (with pressure) or
 * finger; the strokes are kept as vectors. The "signature" property is
 * the signature so far (NULL while empty) and notifies after each stroke. */
MdgSignature *mdg_signature_pad_get_signature (MdgSignaturePad *self);
void          mdg_signature_pad_clear         (MdgSignaturePad *self);

G_END_DECLS
