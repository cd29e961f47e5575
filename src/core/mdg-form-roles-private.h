/* mdg-form-roles-private.h: what mdg-form-fill.c asks of mdg-form-roles.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-case.h"
#include "mdg-form.h"

G_BEGIN_DECLS

/* The lowest member index in @mask, or -1. */
int       _mdg_form_first_member (guint64          mask);
/* The member a form names as @role (head, applicant, husband…), or -1;
 * @layout says who the applicant is, @concerned the members the form
 * concerns. */
int       _mdg_form_find_role    (MdgFormLayout   *layout,
                                  MdgCase         *kase,
                                  guint64          concerned,
                                  const char      *role);
gboolean  _mdg_form_is_newborn   (MdgCase         *kase,
                                  const MdgMember *member);

G_END_DECLS
