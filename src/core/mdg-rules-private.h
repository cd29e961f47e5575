/* mdg-rules-private.h: evaluating the catalog's rules for one case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Rules are evaluated in three-valued (Kleene) logic: a fact the case does
 * not know yet is UNKNOWN, and "all" with one FALSE operand is FALSE whatever
 * the unknowns are. When a fact list is given, every unknown fact that could
 * still change a result is appended to it (and facts that turned out not to
 * matter are taken off again), which is what the interview asks.
 */

#pragma once

#include "mdg-catalog-private.h"

G_BEGIN_DECLS

/* A fact: 0 << 8 | MdgAnswer for an answer, (member + 1) << 8 | MdgMemberField
 * for a member's field. */
#define MDG_FACT_ANSWER(answer)        ((guint32) (answer))
#define MDG_FACT_MEMBER(member, field) ((guint32) (((member) + 1) << 8 | (field)))
#define MDG_FACT_GET_MEMBER(fact)      ((int) ((fact) >> 8) - 1)
#define MDG_FACT_GET_FIELD(fact)       ((guint) ((fact) & 0xff))

typedef struct
{
  const MdgRules       *rules;
  MdgCatalog           *catalog;
  MdgCase              *kase;
  const MdgMember      *members;
  guint                 n_members;
  const MdgCaseAnswers *answers;
  MdgEvent              event;
  MdgOrigin             origin;
  MdgDay                event_date;
  int                   head;      /* first member with relation head, or -1 */
  GArray               *facts;     /* guint32, nullable */
} MdgEval;

void        _mdg_eval_init   (MdgEval    *eval,
                              MdgCatalog *catalog,
                              MdgCase    *kase,
                              GArray     *facts);
/* Whether procedure @index applies; @members gets the members it concerns
 * (those whose part is TRUE). */
MdgTri      _mdg_eval_rule   (MdgEval    *eval,
                              guint       index,
                              guint64    *members);
/* The first reason of the rule whose condition holds for one of @members
 * (or for the case, when @members is empty). */
const char *_mdg_eval_reason (MdgEval    *eval,
                              guint       index,
                              guint64     members);

G_END_DECLS
