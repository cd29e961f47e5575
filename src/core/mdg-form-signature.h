/* mdg-form-signature.h: the resident's one signature, and the signed set
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The signature is kept as vector strokes (never as an image), so that it
 * is drawn sharp at any size on every form that has a signature spot.
 * Points are in the pad's own units (0 … width, 0 … height) with the
 * pressure 0 … 1 (1 for a mouse).
 *
 * A signed set is what the resident signed: each form's PDF with its
 * SHA-256, the layout version, and the signature. It is made here so that
 * the local store (src/store, issue 4) can save it with the case and write
 * one audit entry per document from mdg_signed_set_to_audit_node(): the
 * store's completion transaction is the hook, see that function.
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef struct
{
  float x;
  float y;
  float pressure;
} MdgSignaturePoint;

typedef struct _MdgSignature MdgSignature;
typedef struct _MdgSignedSet MdgSignedSet;

#define MDG_TYPE_SIGNATURE  (mdg_signature_get_type ())
#define MDG_TYPE_SIGNED_SET (mdg_signed_set_get_type ())

GType                    mdg_signature_get_type        (void) G_GNUC_CONST;
GType                    mdg_signed_set_get_type       (void) G_GNUC_CONST;

/* @strokes: GArray of MdgSignaturePoint each; copied. */
MdgSignature            *mdg_signature_new             (double          width,
                                                        double          height,
                                                        GPtrArray      *strokes) G_GNUC_WARN_UNUSED_RESULT;
/* {"width": w, "height": h, "strokes": [[[x, y, p], …], …]} */
MdgSignature            *mdg_signature_new_from_node   (JsonNode       *node,
                                                        GError        **error) G_GNUC_WARN_UNUSED_RESULT;
JsonNode                *mdg_signature_to_node         (MdgSignature   *self) G_GNUC_WARN_UNUSED_RESULT;
/* A signature captured elsewhere as a PNG image (`visit complete
 * --signature`): drawn as the image, scaled into each spot. */
MdgSignature            *mdg_signature_new_from_png    (GBytes         *png,
                                                        GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (nullable) (transfer none): the image, for a signature made from one. */
GBytes                  *mdg_signature_get_png         (MdgSignature   *self);
MdgSignature            *mdg_signature_ref             (MdgSignature   *self);
void                     mdg_signature_unref           (MdgSignature   *self);
void                     mdg_signature_get_size        (MdgSignature   *self,
                                                        double         *width,
                                                        double         *height);
guint                    mdg_signature_get_n_strokes   (MdgSignature   *self);
const MdgSignaturePoint *mdg_signature_get_stroke      (MdgSignature   *self,
                                                        guint           index,
                                                        guint          *n_points);
gboolean                 mdg_signature_is_empty        (MdgSignature   *self);

/* @documents: pairs of form id (char *) and PDF (GBytes *), in order;
 * @versions: the layout version of each. The SHA-256 of each PDF is
 * computed here. */
MdgSignedSet            *mdg_signed_set_new            (MdgSignature   *signature,
                                                        GDateTime      *signed_at,
                                                        const char * const *form_ids,
                                                        const guint    *versions,
                                                        GBytes * const *pdfs,
                                                        guint           n_documents) G_GNUC_WARN_UNUSED_RESULT;
MdgSignedSet            *mdg_signed_set_ref            (MdgSignedSet   *self);
void                     mdg_signed_set_unref          (MdgSignedSet   *self);
guint                    mdg_signed_set_get_n_documents (MdgSignedSet  *self);
const char              *mdg_signed_set_get_form_id    (MdgSignedSet   *self,
                                                        guint           index);
GBytes                  *mdg_signed_set_get_pdf        (MdgSignedSet   *self,
                                                        guint           index);
/* Lower-case hex, 64 characters. */
const char              *mdg_signed_set_get_sha256     (MdgSignedSet   *self,
                                                        guint           index);
MdgSignature            *mdg_signed_set_get_signature  (MdgSignedSet   *self);
/* The audit entries, one per document, for the store's audit log:
 * [{"action": "form.signed", "form": id, "layout_version": n, "sha256": hex,
 *   "bytes": n, "signed_at": ISO 8601, "signature_sha256": hex}, …].
 * They hold no personal data: hashes, ids, sizes and the time. */
JsonNode                *mdg_signed_set_to_audit_node  (MdgSignedSet   *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgSignature, mdg_signature_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgSignedSet, mdg_signed_set_unref)

G_END_DECLS
