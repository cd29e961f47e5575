/* mdg-multi-question-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-interview.h"

G_BEGIN_DECLS

#define MDG_TYPE_MULTI_QUESTION_ROW (mdg_multi_question_row_get_type ())

G_DECLARE_FINAL_TYPE (MdgMultiQuestionRow, mdg_multi_question_row,
                      MDG, MULTI_QUESTION_ROW, AdwExpanderRow)

/* A question answered by any number of the catalog's choices, or of the
 * household's members (MDG_QUESTION_MEMBERS), one check button each.
 * "Record" activates case.answer; none checked is an answer too. */
GtkWidget *mdg_multi_question_row_new (const MdgQuestion *question,
                                       MdgCase           *kase) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
