/* mdg-boolean-question-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-interview.h"

G_BEGIN_DECLS

#define MDG_TYPE_BOOLEAN_QUESTION_ROW (mdg_boolean_question_row_get_type ())

G_DECLARE_FINAL_TYPE (MdgBooleanQuestionRow, mdg_boolean_question_row,
                      MDG, BOOLEAN_QUESTION_ROW, AdwActionRow)

/* A yes/no question of the interview. "Record" activates case.answer. */
GtkWidget *mdg_boolean_question_row_new (const MdgQuestion *question) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
