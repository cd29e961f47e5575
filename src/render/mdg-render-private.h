/* mdg-render-private.h: what the pieces of src/render share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <pango/pango.h>

#include "mdg-form.h"
#include "mdg-form-signature.h"

G_BEGIN_DECLS

/* The Pango context to set @forms in, made for the calling thread and kept
 * by it: the forms' own font (Noto Sans CJK JP cut down to the characters
 * of data/fonts/forms-jp.unicodes, quick to embed) when it has every
 * character they print, the system's full font otherwise. The context stays
 * valid until the thread ends; @uses_subset (nullable) says which it is. */
PangoContext *_mdg_render_fonts_get_context (MdgFilledForm * const *forms,
                                             guint                  n_forms,
                                             gboolean              *uses_subset);

/* What a render job on a worker thread holds (mdg-render.c, mdg-render-texture.c). */
typedef struct
{
  GPtrArray    *forms;
  MdgSignature *signature;
  guint         page;
  double        dpi;
  GHashTable   *signers;     /* nullable: role → MdgSignature */
} MdgRenderJob;

void          _mdg_render_job_free          (gpointer                data);

/* One render at a time in the whole process (mdg-render.c says why). */
extern GMutex _mdg_render_lock;

G_END_DECLS
