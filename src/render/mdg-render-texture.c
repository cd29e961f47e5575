/* mdg-render-texture.c: PDF pages to textures, and the live preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The only part of src/render that uses GDK: madoguchi-tool links the rest
 * and no GTK (tests/tool/check-no-gtk.sh).
 */

#define G_LOG_DOMAIN "mdg-render"

#include "config.h"

#include <gdk/gdk.h>

#include "mdg-render-private.h"
#include "mdg-render.h"

/* The image as a texture, without a copy: the texture's bytes keep the
 * surface alive. */
static GdkTexture *
image_to_texture (cairo_surface_t *surface)
{
  int width = cairo_image_surface_get_width (surface);
  int height = cairo_image_surface_get_height (surface);
  int stride = cairo_image_surface_get_stride (surface);
  g_autoptr(GBytes) pixels = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                                         (gsize) stride * height,
                                                         (GDestroyNotify) cairo_surface_destroy,
                                                         surface);

  /* cairo's ARGB32 is premultiplied, in native byte order. */
  return gdk_memory_texture_new (width, height,
#if G_BYTE_ORDER == G_LITTLE_ENDIAN
                                 GDK_MEMORY_B8G8R8A8_PREMULTIPLIED,
#else
                                 GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
#endif
                                 pixels, stride);
}

GdkTexture *
mdg_render_pdf_to_texture (GBytes        *pdf,
                           guint          index,
                           double         dpi,
                           GCancellable  *cancellable,
                           GError       **error)
{
  cairo_surface_t *surface;

  g_return_val_if_fail (pdf != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(surface = mdg_render_pdf_to_image (pdf, index, dpi, error)))
    return NULL;

  return image_to_texture (surface);
}

GPtrArray *
mdg_render_pdf_to_textures (GBytes        *pdf,
                            double         dpi,
                            GCancellable  *cancellable,
                            GError       **error)
{
  g_autoptr(GPtrArray) images = NULL;
  GPtrArray *textures;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (dpi > 0, NULL);

  if (!(images = mdg_render_pdf_to_images (pdf, dpi, cancellable, error)))
    return NULL;

  textures = g_ptr_array_new_full (images->len, g_object_unref);
  /* each texture takes over its image */
  g_ptr_array_set_free_func (images, NULL);
  for (guint i = 0; i < images->len; i++)
    g_ptr_array_add (textures, image_to_texture (g_ptr_array_index (images, i)));

  return textures;
}

GdkTexture *
mdg_render_preview (MdgFilledForm  *form,
                    MdgSignature   *signature,
                    guint           page,
                    double          dpi,
                    GCancellable   *cancellable,
                    GError        **error)
{
  g_autoptr(GBytes) pdf = NULL;

  g_return_val_if_fail (form != NULL, NULL);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;
  if (!(pdf = mdg_render_pdf (&form, 1, signature, NULL, error)))
    return NULL;

  return mdg_render_pdf_to_texture (pdf, page, dpi, cancellable, error);
}

static void
render_preview_worker (GTask        *task,
                       gpointer      source_object,
                       gpointer      task_data,
                       GCancellable *cancellable)
{
  MdgRenderJob *render = task_data;
  GError *error = NULL;
  GdkTexture *texture;

  g_mutex_lock (&_mdg_render_lock);
  /* superseded while it waited its turn */
  if (g_cancellable_is_cancelled (cancellable))
    {
      g_mutex_unlock (&_mdg_render_lock);
      g_task_return_error_if_cancelled (task);
      return;
    }
  texture = mdg_render_preview (g_ptr_array_index (render->forms, 0), render->signature,
                                render->page, render->dpi, cancellable, &error);
  g_mutex_unlock (&_mdg_render_lock);
  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

void
mdg_render_preview_async (MdgFilledForm       *form,
                          MdgSignature        *signature,
                          guint                page,
                          double               dpi,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MdgRenderJob *render;

  g_return_if_fail (form != NULL);
  g_return_if_fail (dpi > 0);

  render = g_new0 (MdgRenderJob, 1);
  render->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_filled_form_unref);
  g_ptr_array_add (render->forms, mdg_filled_form_ref (form));
  render->signature = signature != NULL ? mdg_signature_ref (signature) : NULL;
  render->page = page;
  render->dpi = dpi;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mdg_render_preview_async);
  g_task_set_task_data (task, render, _mdg_render_job_free);
  /* A newer request cancels this one; its result is then never used. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, render_preview_worker);
}

GdkTexture *
mdg_render_preview_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
