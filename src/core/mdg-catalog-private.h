/* mdg-catalog-private.h: the compiled rules, for the evaluator
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-catalog.h"

G_BEGIN_DECLS

typedef enum
{
  MDG_TRI_FALSE,
  MDG_TRI_TRUE,
  MDG_TRI_UNKNOWN,
} MdgTri;

typedef enum
{
  MDG_OP_TRUE,
  MDG_OP_ALL,
  MDG_OP_ANY,
  MDG_OP_NOT,
  /* case facts */
  MDG_OP_EVENT,             /* value: mask of 1 << MdgEvent */
  MDG_OP_FROM,              /* value: mask of 1 << MdgOrigin */
  MDG_OP_ANSWER,            /* arg: MdgAnswer (a boolean answer is true) */
  MDG_OP_ANSWER_INCLUDES,   /* arg: MdgAnswer, value: flags */
  MDG_OP_EXISTS,            /* arg: selector; kid 0: where */
  MDG_OP_COUNT_AT_LEAST,    /* arg: selector, value: n; kid 0: where */
  MDG_OP_MEMBER,            /* arg: single selector; kid 0: where */
  /* member facts */
  MDG_OP_INSURANCE,         /* value: mask of 1 << MdgInsurance */
  MDG_OP_IS,                /* arg: MdgFlag */
  MDG_OP_HANDBOOK,          /* value: MdgHandbooks */
  MDG_OP_BENEFIT,           /* value: MdgBenefits */
  MDG_OP_SCHOOL,            /* value: mask of 1 << MdgSchool */
  MDG_OP_RELATION,          /* value: mask of 1 << MdgRelation */
  MDG_OP_SEX,               /* value: mask of 1 << MdgSex */
  MDG_OP_PENSION,           /* value: mask of 1 << category */
  MDG_OP_AGED_AT_LEAST,     /* value: years (on or after the birthday) */
  MDG_OP_REACHED,           /* value: years (on or after the day before it) */
  MDG_OP_SCHOOL_STAGE,      /* arg: MdgSchoolStage */
  MDG_OP_CHILD_UNTIL,       /* value: years; up to the end of the school year reaching it */
  MDG_OP_IN_ANSWER,         /* arg: MdgAnswer holding member ids */
} MdgOp;

typedef enum
{
  MDG_FLAG_MYNUMBER_CARD,
  MDG_FLAG_PUBLIC_SERVANT,
  MDG_FLAG_LTC_CERTIFIED,
  MDG_FLAG_MOVING,
  MDG_FLAG_DECEASED,
  MDG_FLAG_NEWBORN,
  MDG_FLAG_REMAINING,
  MDG_FLAG_FOREIGN,
  MDG_FLAG_HAS_RESIDENCE_STATUS,
} MdgFlag;

typedef enum
{
  MDG_SCHOOL_STAGE_PRESCHOOL,
  MDG_SCHOOL_STAGE_ELEMENTARY,
  MDG_SCHOOL_STAGE_JUNIOR_HIGH,
} MdgSchoolStage;

typedef enum
{
  /* sets */
  MDG_SELECTOR_ALL,
  MDG_SELECTOR_MOVERS,
  MDG_SELECTOR_DECEASED,
  MDG_SELECTOR_NEWBORNS,
  MDG_SELECTOR_REMAINING,
  /* single members */
  MDG_SELECTOR_HEAD,
  MDG_SELECTOR_RECIPIENT,
  MDG_SELECTOR_MOTHER,
  MDG_SELECTOR_FUNERAL_HOST,
} MdgSelector;

#define MDG_SELECTOR_IS_SINGLE(s) ((s) >= MDG_SELECTOR_HEAD)

typedef struct
{
  guint8  op;
  guint8  arg;
  guint16 n_kids;
  guint32 value;
  guint32 kids;     /* index of the first kid in MdgRules.kids */
} MdgExpr;

typedef struct
{
  int   cond;       /* expr index, -1: always */
  char *text;
} MdgReason;

typedef struct
{
  guint32    events;            /* mask of 1 << MdgEvent; 0: every event */
  int        when;              /* expr index, -1: true */
  gboolean   has_members;
  MdgSelector members_of;
  int        members_where;     /* expr index, -1: true */
  gboolean   members_required;
  gboolean   manual;            /* added by staff only, never by a rule */
  guint      n_reasons;
  MdgReason *reasons;
} MdgRule;

typedef struct
{
  GArray *exprs;                /* MdgExpr */
  GArray *kids;                 /* guint32 */
} MdgRules;

/* The rule of each procedure, in catalog order. */
const MdgRule  *_mdg_catalog_get_rule       (MdgCatalog *self,
                                             guint       index);
const MdgRules *_mdg_catalog_get_rules      (MdgCatalog *self);
/* The procedures in output order: department, then procedures.tsv order. */
const guint    *_mdg_catalog_get_order      (MdgCatalog *self);
/* The household questions of @event in the order staff ask them, then the
 * member questions: arrays of const MdgQuestionDef *. */
GPtrArray      *_mdg_catalog_get_household_questions (MdgCatalog *self,
                                                      MdgEvent    event);
GPtrArray      *_mdg_catalog_get_member_questions    (MdgCatalog *self);

G_END_DECLS
