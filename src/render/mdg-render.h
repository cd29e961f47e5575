/* mdg-render.h: filled forms to PDF, and PDF pages to textures
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The PDF is drawn with cairo and Pango in Noto Sans CJK JP, found through
 * fontconfig. Every box's text is fitted: shrunk, then wrapped, never cut;
 * what still does not fit at the smallest size is reported. Previews are
 * PDF pages drawn by Poppler into a GdkTexture.
 *
 * The synchronous functions may run on any thread (each call makes its own
 * cairo surface, Pango context and Poppler document); the widgets use the
 * _async ones, which run them on a worker thread.
 */

#pragma once

#include <gdk/gdk.h>

#include "mdg-form.h"
#include "mdg-form-signature.h"
#include "mdg-render-error.h"

G_BEGIN_DECLS

/* The family every form is set in. */
#define MDG_RENDER_FONT_FAMILY "Noto Sans CJK JP"
/* Text is never set smaller than this (pt). */
#define MDG_RENDER_MIN_FONT_SIZE 4.0

/* Checks once that fontconfig resolves MDG_RENDER_FONT_FAMILY. */
gboolean    mdg_render_check_font       (GError             **error);

/* One PDF of @forms, page after page, with @signature (nullable) in every
 * signature spot. @overflows (nullable) receives the ids (or labels) of
 * boxes whose text did not fit even at the smallest size. */
GBytes     *mdg_render_pdf              (MdgFilledForm * const *forms,
                                         guint                  n_forms,
                                         MdgSignature          *signature,
                                         GPtrArray             *overflows,
                                         GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same with several signers: @signers maps each role ("applicant",
 * "husband", "witness1"…) to its MdgSignature, drawn only in the spots of
 * that role. */
GBytes     *mdg_render_pdf_signed       (MdgFilledForm * const *forms,
                                         guint                  n_forms,
                                         GHashTable            *signers,
                                         GPtrArray             *overflows,
                                         GError               **error) G_GNUC_WARN_UNUSED_RESULT;
/* @forms: MdgFilledForm, referenced for the duration. */
void        mdg_render_pdf_async        (GPtrArray            *forms,
                                         MdgSignature         *signature,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
/* @signers: role → MdgSignature, as mdg_render_pdf_signed(); finish with
 * mdg_render_pdf_finish(). The table must not change until then. */
void        mdg_render_pdf_signed_async (GPtrArray            *forms,
                                         GHashTable           *signers,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GBytes     *mdg_render_pdf_finish       (GAsyncResult         *result,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

guint       mdg_render_pdf_count_pages  (GBytes               *pdf,
                                         GError              **error);
/* Page @page (from 0) of @pdf at @dpi, on white. */
GdkTexture *mdg_render_pdf_to_texture   (GBytes               *pdf,
                                         guint                 page,
                                         double                dpi,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same into a cairo ARGB32 image surface (for tests and printing). */
/* Every page, from one read of the document.
 * Returns: (transfer full) (element-type GdkTexture) (nullable) */
GPtrArray  *mdg_render_pdf_to_textures  (GBytes               *pdf,
                                         double                dpi,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
cairo_surface_t *mdg_render_pdf_to_image (GBytes              *pdf,
                                          guint                page,
                                          double               dpi,
                                          GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every page as a cairo ARGB32 image surface, from one read of the document
 * (without GDK: madoguchi-tool's bench render).
 * Returns: (transfer full) (element-type cairo_surface_t) (nullable) */
GPtrArray  *mdg_render_pdf_to_images    (GBytes               *pdf,
                                         double                dpi,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Draws page @page of @pdf on @cr, whose user space is in points (a
 * GtkPrintContext's). */
gboolean    mdg_render_pdf_page_to_cairo (GBytes              *pdf,
                                          guint                page,
                                          cairo_t             *cr,
                                          GError             **error);

/* The live preview: @form → PDF → page @page at @dpi → texture, on a
 * worker thread. Cancel @cancellable when a newer request supersedes it. */
void        mdg_render_preview_async    (MdgFilledForm        *form,
                                         MdgSignature         *signature,
                                         guint                 page,
                                         double                dpi,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
GdkTexture *mdg_render_preview_finish   (GAsyncResult         *result,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, synchronously (benchmarks). */
GdkTexture *mdg_render_preview          (MdgFilledForm        *form,
                                         MdgSignature         *signature,
                                         guint                 page,
                                         double                dpi,
                                         GCancellable         *cancellable,
                                         GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
