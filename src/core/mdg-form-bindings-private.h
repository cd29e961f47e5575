/* mdg-form-bindings-private.h: what a form layout may bind to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-form-boxes.h"

G_BEGIN_DECLS

/* A fact the case derives: visit_date, event, procedures, answers.… */
gboolean  _mdg_form_binding_is_case_fact  (const char   *binding);
/* A box of the household that @boxes declares (the address, a clinic…). */
gboolean  _mdg_form_binding_is_case_box   (MdgFormBoxes *boxes,
                                           const char   *binding);
/* A member's box that @boxes declares (individual_number…), given the field
 * after "member." or "<role>.". */
gboolean  _mdg_form_binding_is_member_box (MdgFormBoxes *boxes,
                                           const char   *field);
/* Whether a layout may bind to @binding; @in_member_table allows member.*
 * and row. */
gboolean  _mdg_form_binding_is_known      (MdgFormBoxes *boxes,
                                           const char   *binding,
                                           gboolean      in_member_table);
/* The declared box a binding prints, and whether it is a member's; NULL
 * for a fact the case derives. */
const MdgFormBox *_mdg_form_binding_get_box (MdgFormBoxes *boxes,
                                             const char   *binding);

G_END_DECLS
