/* mdg-interview.h: what staff still have to ask
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The next questions of a case are exactly the unanswered facts that some
 * rule still needs: the rules are evaluated in three-valued logic and a fact
 * is asked only when its value could change which procedures apply or whom
 * they concern. Household questions come first, then each member's, in the
 * order of the event's question graph (data/catalog/interview.json).
 */

#pragma once

#include "mdg-case.h"
#include "mdg-catalog.h"

G_BEGIN_DECLS

typedef struct
{
  const MdgQuestionDef *def;
  int                   member;  /* member index, or -1 for a household question */
  char                 *fact;    /* "answers.X" or "members.ID.X" */
  char                 *text;    /* the question, with the member's name filled in */
} MdgQuestion;

/* Returns: (transfer full) (element-type MdgQuestion): the questions, in order;
 * empty when nothing is left to ask. */
GPtrArray *mdg_interview_next_questions (MdgCatalog *catalog,
                                         MdgCase    *kase) G_GNUC_WARN_UNUSED_RESULT;

/* {"questions": [{"fact": …, "text": …}, …]} */
JsonNode  *mdg_interview_to_node        (GPtrArray  *questions) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
