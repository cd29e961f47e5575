/* mdg-guidance-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-guidance.h"

G_BEGIN_DECLS

#define MDG_TYPE_GUIDANCE_VIEW (mdg_guidance_view_get_type ())

G_DECLARE_FINAL_TYPE (MdgGuidanceView, mdg_guidance_view, MDG, GUIDANCE_VIEW, AdwBin)

/* Shows the procedures of @guidance grouped by department (区民課,
 * 保健子ども課, 福祉課), in the guidance's order. */
void mdg_guidance_view_set_guidance (MdgGuidanceView *self,
                                     MdgGuidance     *guidance);

G_END_DECLS
