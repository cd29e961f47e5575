/* mdg-choice-question-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-interview.h"

G_BEGIN_DECLS

#define MDG_TYPE_CHOICE_QUESTION_ROW (mdg_choice_question_row_get_type ())

G_DECLARE_FINAL_TYPE (MdgChoiceQuestionRow, mdg_choice_question_row,
                      MDG, CHOICE_QUESTION_ROW, AdwComboRow)

/* A question answered by one of the catalog's choices, or by one member of
 * the household (MDG_QUESTION_MEMBER). "Record" activates case.answer. */
GtkWidget *mdg_choice_question_row_new (const MdgQuestion *question,
                                        MdgCase           *kase) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
