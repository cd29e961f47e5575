/* mdg-render-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_RENDER_ERROR (mdg_render_error_quark ())

typedef enum
{
  MDG_RENDER_ERROR_NO_FONT,     /* Noto Sans CJK JP is not installed */
  MDG_RENDER_ERROR_PDF,         /* cairo could not write the PDF */
  MDG_RENDER_ERROR_POPPLER,     /* Poppler could not read or draw the PDF */
  MDG_RENDER_ERROR_NO_PAGE,     /* the page asked for is not in the document */
} MdgRenderError;

GQuark mdg_render_error_quark (void);

G_END_DECLS
