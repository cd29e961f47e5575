/* mdg-guidance-sheet.h: the 受付案内票 the resident takes home
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "mdg-guidance.h"

G_BEGIN_DECLS

/* The sheet as text: per department, each procedure with its reason, its
 * deadline (和暦 and days left from the visit), where it is done and what to
 * bring. */
char *mdg_guidance_sheet_dup_text (MdgGuidance *guidance) G_GNUC_WARN_UNUSED_RESULT;
/* Opens the print dialog for the sheet. */
void  mdg_guidance_sheet_print    (MdgGuidance *guidance,
                                   GtkWindow   *parent);

G_END_DECLS
