/* mdg-interview-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-interview.h"

G_BEGIN_DECLS

#define MDG_TYPE_INTERVIEW_VIEW (mdg_interview_view_get_type ())

G_DECLARE_FINAL_TYPE (MdgInterviewView, mdg_interview_view, MDG, INTERVIEW_VIEW, AdwBin)

/* Shows the open questions of @kase, one row each, in the interview's order.
 * @questions: (element-type MdgQuestion) from mdg_interview_next_questions(). */
void mdg_interview_view_set_questions (MdgInterviewView *self,
                                       MdgCase          *kase,
                                       GPtrArray        *questions);

G_END_DECLS
