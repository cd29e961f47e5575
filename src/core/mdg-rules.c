/* mdg-rules.c: the rules engine
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-rules"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mdg-rules-private.h"

#define NO_MEMBER     (-1)
#define UNKNOWN_MEMBER (-2)

static inline MdgTri
tri (gboolean value)
{
  return value ? MDG_TRI_TRUE : MDG_TRI_FALSE;
}

static inline guint
facts_mark (MdgEval *eval)
{
  return eval->facts ? eval->facts->len : 0;
}

static inline void
facts_rewind (MdgEval *eval,
              guint    mark)
{
  if (eval->facts)
    g_array_set_size (eval->facts, mark);
}

static inline void
facts_add (MdgEval *eval,
           guint32  fact)
{
  if (eval->facts)
    g_array_append_val (eval->facts, fact);
}

void
_mdg_eval_init (MdgEval    *eval,
                MdgCatalog *catalog,
                MdgCase    *kase,
                GArray     *facts)
{
  memset (eval, 0, sizeof *eval);
  eval->rules = _mdg_catalog_get_rules (catalog);
  eval->catalog = catalog;
  eval->kase = kase;
  eval->n_members = mdg_case_get_n_members (kase);
  eval->members = mdg_case_get_member (kase, 0);
  eval->answers = mdg_case_get_answers (kase);
  eval->event = mdg_case_get_event (kase);
  eval->origin = mdg_case_get_origin (kase);
  eval->event_date = mdg_case_get_event_date (kase);
  eval->facts = facts;
  eval->head = NO_MEMBER;

  for (guint i = 0; i < eval->n_members; i++)
    {
      if (eval->members[i].relation == MDG_RELATION_HEAD)
        {
          eval->head = i;
          break;
        }
    }
}

/* The one member a single selector names: an index, NO_MEMBER, or
 * UNKNOWN_MEMBER (after adding the fact that would tell). */
static int
resolve_single (MdgEval     *eval,
                MdgSelector  selector)
{
  const MdgCaseAnswers *answers = eval->answers;

  switch (selector)
    {
    case MDG_SELECTOR_HEAD:
      return eval->head;

    case MDG_SELECTOR_RECIPIENT:
      /* 児童手当: unanswered, the head claims it. */
      if (answers->given & (1u << MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT))
        return answers->child_allowance_recipient;
      if (eval->head >= 0)
        return eval->head;
      facts_add (eval, MDG_FACT_ANSWER (MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT));
      return UNKNOWN_MEMBER;

    case MDG_SELECTOR_MOTHER:
      /* Unanswered, the first female member who is head or spouse. With
       * none, the clerk names her when another member could be the mother
       * (a daughter in a three-generation household, a member whose sex is
       * not recorded); a household with no such member has no mother to
       * serve, and nothing is asked. */
      if (answers->given & (1u << MDG_ANSWER_MOTHER))
        return answers->mother;
      for (guint i = 0; i < eval->n_members; i++)
        {
          const MdgMember *member = &eval->members[i];

          if ((member->relation == MDG_RELATION_HEAD || member->relation == MDG_RELATION_SPOUSE) &&
              member->sex == MDG_SEX_FEMALE)
            return i;
        }
      for (guint i = 0; i < eval->n_members; i++)
        {
          const MdgMember *member = &eval->members[i];

          if (member->sex != MDG_SEX_MALE && !member->deceased &&
              member->birth != eval->event_date)
            {
              facts_add (eval, MDG_FACT_ANSWER (MDG_ANSWER_MOTHER));
              return UNKNOWN_MEMBER;
            }
        }
      return NO_MEMBER;

    case MDG_SELECTOR_FUNERAL_HOST:
      if (answers->given & (1u << MDG_ANSWER_FUNERAL_HOST))
        return answers->funeral_host;
      facts_add (eval, MDG_FACT_ANSWER (MDG_ANSWER_FUNERAL_HOST));
      return UNKNOWN_MEMBER;

    case MDG_SELECTOR_ALL:
    case MDG_SELECTOR_MOVERS:
    case MDG_SELECTOR_DECEASED:
    case MDG_SELECTOR_NEWBORNS:
    case MDG_SELECTOR_REMAINING:
    default:
      g_assert_not_reached ();
    }

  return NO_MEMBER;
}

static inline gboolean
in_set (MdgEval     *eval,
        MdgSelector  selector,
        guint        i)
{
  const MdgMember *member = &eval->members[i];

  switch (selector)
    {
    case MDG_SELECTOR_ALL:
      return TRUE;
    case MDG_SELECTOR_MOVERS:
      return member->moving;
    case MDG_SELECTOR_DECEASED:
      return member->deceased;
    case MDG_SELECTOR_NEWBORNS:
      return member->birth == eval->event_date;
    case MDG_SELECTOR_REMAINING:
      return !member->moving && !member->deceased;
    case MDG_SELECTOR_HEAD:
    case MDG_SELECTOR_RECIPIENT:
    case MDG_SELECTOR_MOTHER:
    case MDG_SELECTOR_FUNERAL_HOST:
    default:
      g_assert_not_reached ();
    }

  return FALSE;
}

static MdgTri eval_expr (MdgEval *eval,
                         guint    index,
                         int      member);

static inline guint
kid (MdgEval       *eval,
     const MdgExpr *expr,
     guint          n)
{
  return g_array_index (eval->rules->kids, guint32, expr->kids + n);
}

static MdgTri
eval_member_fact (MdgEval       *eval,
                  const MdgExpr *expr,
                  int            index)
{
  const MdgMember *member = &eval->members[index];
  MdgDay on = eval->event_date;

  switch ((MdgOp) expr->op)
    {
    case MDG_OP_INSURANCE:
      return tri (expr->value & (1u << member->insurance));

    case MDG_OP_IS:
      switch ((MdgFlag) expr->arg)
        {
        case MDG_FLAG_MYNUMBER_CARD:
          return tri (member->mynumber_card);
        case MDG_FLAG_PUBLIC_SERVANT:
          return tri (member->public_servant);
        case MDG_FLAG_LTC_CERTIFIED:
          return tri (member->ltc_certified);
        case MDG_FLAG_MOVING:
          return tri (member->moving);
        case MDG_FLAG_DECEASED:
          return tri (member->deceased);
        case MDG_FLAG_NEWBORN:
          return tri (member->birth == on);
        case MDG_FLAG_REMAINING:
          return tri (!member->moving && !member->deceased);
        case MDG_FLAG_FOREIGN:
          return tri (strcmp (member->nationality, "JP") != 0);
        case MDG_FLAG_HAS_RESIDENCE_STATUS:
          if (member->residence_status != MDG_RESIDENCE_STATUS_NONE)
            return MDG_TRI_TRUE;
          if (strcmp (member->nationality, "JP") == 0)
            return MDG_TRI_FALSE;
          facts_add (eval, MDG_FACT_MEMBER (index, MDG_MEMBER_FIELD_RESIDENCE_STATUS));
          return MDG_TRI_UNKNOWN;
        default:
          g_assert_not_reached ();
        }
      break;

    case MDG_OP_HANDBOOK:
      return tri (member->handbooks & expr->value);

    case MDG_OP_BENEFIT:
      return tri (member->benefits & expr->value);

    case MDG_OP_SCHOOL:
      return tri (expr->value & (1u << member->school));

    case MDG_OP_RELATION:
      return tri (expr->value & (1u << member->relation));

    case MDG_OP_SEX:
      if (member->sex == MDG_SEX_UNKNOWN)
        {
          facts_add (eval, MDG_FACT_MEMBER (index, MDG_MEMBER_FIELD_SEX));
          return MDG_TRI_UNKNOWN;
        }
      return tri (expr->value & (1u << member->sex));

    case MDG_OP_PENSION:
      return tri (expr->value & (1u << member->pension));

    case MDG_OP_AGED_AT_LEAST:
      return tri (mdg_date_is_aged_at_least (member->birth, expr->value, on));

    case MDG_OP_REACHED:
      return tri (mdg_date_has_reached (member->birth, expr->value, on));

    case MDG_OP_SCHOOL_STAGE:
      {
        int grade = mdg_date_school_grade (member->birth, on);

        switch ((MdgSchoolStage) expr->arg)
          {
          case MDG_SCHOOL_STAGE_PRESCHOOL:
            return tri (grade <= 0);
          case MDG_SCHOOL_STAGE_ELEMENTARY:
            return tri (grade >= 1 && grade <= 6);
          case MDG_SCHOOL_STAGE_JUNIOR_HIGH:
            return tri (grade >= 7 && grade <= 9);
          default:
            g_assert_not_reached ();
          }
      }
      break;

    case MDG_OP_CHILD_UNTIL:
      return tri (member->birth <= on &&
                  on <= mdg_date_end_of_school_year_reaching (member->birth, expr->value));

    case MDG_OP_IN_ANSWER:
      /* Surnames change at a marriage or a divorce, and that is when it is
       * asked; at any other event, unanswered means nobody's does. */
      if (!(eval->answers->given & (1u << MDG_ANSWER_NAME_CHANGES)))
        {
          if (eval->event != MDG_EVENT_MARRIAGE && eval->event != MDG_EVENT_DIVORCE)
            return MDG_TRI_FALSE;
          facts_add (eval, MDG_FACT_ANSWER (MDG_ANSWER_NAME_CHANGES));
          return MDG_TRI_UNKNOWN;
        }
      return tri (eval->answers->name_changes & (G_GUINT64_CONSTANT (1) << index));

    case MDG_OP_TRUE:
    case MDG_OP_ALL:
    case MDG_OP_ANY:
    case MDG_OP_NOT:
    case MDG_OP_EVENT:
    case MDG_OP_FROM:
    case MDG_OP_ANSWER:
    case MDG_OP_ANSWER_INCLUDES:
    case MDG_OP_EXISTS:
    case MDG_OP_COUNT_AT_LEAST:
    case MDG_OP_MEMBER:
    default:
      g_assert_not_reached ();
    }

  return MDG_TRI_FALSE;
}

static MdgTri
eval_quantifier (MdgEval       *eval,
                 const MdgExpr *expr)
{
  MdgSelector selector = expr->arg;
  guint where = kid (eval, expr, 0);
  guint mark = facts_mark (eval);
  guint n_true = 0;
  guint n_unknown = 0;
  MdgTri result;

  if (MDG_SELECTOR_IS_SINGLE (selector))
    {
      int member = resolve_single (eval, selector);

      if (member == UNKNOWN_MEMBER)
        return MDG_TRI_UNKNOWN;
      if (member == NO_MEMBER)
        return MDG_TRI_FALSE;

      result = eval_expr (eval, where, member);
      n_true = result == MDG_TRI_TRUE;
      n_unknown = result == MDG_TRI_UNKNOWN;
    }
  else
    {
      for (guint i = 0; i < eval->n_members; i++)
        {
          if (!in_set (eval, selector, i))
            continue;

          result = eval_expr (eval, where, i);
          if (result == MDG_TRI_TRUE)
            {
              n_true++;
              if (expr->op == MDG_OP_EXISTS)
                break;
            }
          else if (result == MDG_TRI_UNKNOWN)
            {
              n_unknown++;
            }
        }
    }

  switch ((MdgOp) expr->op)
    {
    case MDG_OP_EXISTS:
    case MDG_OP_MEMBER:
      result = n_true > 0 ? MDG_TRI_TRUE : n_unknown > 0 ? MDG_TRI_UNKNOWN : MDG_TRI_FALSE;
      break;

    case MDG_OP_COUNT_AT_LEAST:
      result = n_true >= expr->value ? MDG_TRI_TRUE :
               n_true + n_unknown < expr->value ? MDG_TRI_FALSE : MDG_TRI_UNKNOWN;
      break;

    case MDG_OP_TRUE:
    case MDG_OP_ALL:
    case MDG_OP_ANY:
    case MDG_OP_NOT:
    case MDG_OP_EVENT:
    case MDG_OP_FROM:
    case MDG_OP_ANSWER:
    case MDG_OP_ANSWER_INCLUDES:
    case MDG_OP_INSURANCE:
    case MDG_OP_IS:
    case MDG_OP_HANDBOOK:
    case MDG_OP_BENEFIT:
    case MDG_OP_SCHOOL:
    case MDG_OP_RELATION:
    case MDG_OP_SEX:
    case MDG_OP_PENSION:
    case MDG_OP_AGED_AT_LEAST:
    case MDG_OP_REACHED:
    case MDG_OP_SCHOOL_STAGE:
    case MDG_OP_CHILD_UNTIL:
    case MDG_OP_IN_ANSWER:
    default:
      g_assert_not_reached ();
    }

  if (result != MDG_TRI_UNKNOWN)
    facts_rewind (eval, mark);

  return result;
}

static MdgTri
eval_expr (MdgEval *eval,
           guint    index,
           int      member)
{
  const MdgExpr *expr = &g_array_index (eval->rules->exprs, MdgExpr, index);

  switch ((MdgOp) expr->op)
    {
    case MDG_OP_TRUE:
      return MDG_TRI_TRUE;

    case MDG_OP_ALL:
    case MDG_OP_ANY:
      {
        /* all: FALSE wins; any: TRUE wins */
        MdgTri decisive = expr->op == MDG_OP_ALL ? MDG_TRI_FALSE : MDG_TRI_TRUE;
        guint mark = facts_mark (eval);
        gboolean unknown = FALSE;

        for (guint i = 0; i < expr->n_kids; i++)
          {
            MdgTri result = eval_expr (eval, kid (eval, expr, i), member);

            if (result == decisive)
              {
                facts_rewind (eval, mark);
                return decisive;
              }
            unknown |= result == MDG_TRI_UNKNOWN;
          }

        if (!unknown)
          return decisive == MDG_TRI_FALSE ? MDG_TRI_TRUE : MDG_TRI_FALSE;
        return MDG_TRI_UNKNOWN;
      }

    case MDG_OP_NOT:
      {
        MdgTri result = eval_expr (eval, kid (eval, expr, 0), member);

        if (result == MDG_TRI_UNKNOWN)
          return MDG_TRI_UNKNOWN;
        return result == MDG_TRI_TRUE ? MDG_TRI_FALSE : MDG_TRI_TRUE;
      }

    case MDG_OP_EVENT:
      return tri (expr->value & (1u << eval->event));

    case MDG_OP_FROM:
      return tri (expr->value & (1u << eval->origin));

    case MDG_OP_ANSWER:
      if (!(eval->answers->given & (1u << expr->arg)))
        {
          facts_add (eval, MDG_FACT_ANSWER (expr->arg));
          return MDG_TRI_UNKNOWN;
        }
      switch ((MdgAnswer) expr->arg)
        {
        case MDG_ANSWER_SCHOOL_DISTRICT_CHANGES:
          return tri (eval->answers->school_district_changes);
        case MDG_ANSWER_OWNS_LIGHT_VEHICLE:
          return tri (eval->answers->owns_light_vehicle);
        case MDG_ANSWER_SEAL_REGISTRATION:
          return tri (eval->answers->seal_registration);
        case MDG_ANSWER_OWNED_REAL_ESTATE:
          return tri (eval->answers->owned_real_estate);
        case MDG_ANSWER_REQUESTED_CERTIFICATES:
        case MDG_ANSWER_FUNERAL_HOST:
        case MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT:
        case MDG_ANSWER_MOTHER:
        case MDG_ANSWER_NAME_CHANGES:
        case MDG_ANSWER_ADDED_PROCEDURES:
        case MDG_N_ANSWERS:
        default:
          g_assert_not_reached ();
        }
      break;

    case MDG_OP_ANSWER_INCLUDES:
      if (!(eval->answers->given & (1u << expr->arg)))
        {
          facts_add (eval, MDG_FACT_ANSWER (expr->arg));
          return MDG_TRI_UNKNOWN;
        }
      return tri (eval->answers->requested_certificates & expr->value);

    case MDG_OP_EXISTS:
    case MDG_OP_COUNT_AT_LEAST:
    case MDG_OP_MEMBER:
      return eval_quantifier (eval, expr);

    case MDG_OP_INSURANCE:
    case MDG_OP_IS:
    case MDG_OP_HANDBOOK:
    case MDG_OP_BENEFIT:
    case MDG_OP_SCHOOL:
    case MDG_OP_RELATION:
    case MDG_OP_SEX:
    case MDG_OP_PENSION:
    case MDG_OP_AGED_AT_LEAST:
    case MDG_OP_REACHED:
    case MDG_OP_SCHOOL_STAGE:
    case MDG_OP_CHILD_UNTIL:
    case MDG_OP_IN_ANSWER:
      /* a member fact asked of the case as a whole (a reason with no member) */
      if (member < 0)
        return MDG_TRI_FALSE;
      return eval_member_fact (eval, expr, member);

    default:
      g_assert_not_reached ();
    }

  return MDG_TRI_FALSE;
}

/* A procedure only staff add applies when they added it, to the members
 * they chose or else to the applicant: the head, as the forms'
 * "applicant" is, or the first living member when the head died or the
 * household has none. */
static MdgTri
eval_added (MdgEval *eval,
            guint    index,
            guint64 *members)
{
  const MdgProcedure *procedure = mdg_catalog_get_procedure (eval->catalog, index);
  int applicant = eval->head;

  if (!mdg_case_lookup_added_procedure (eval->kase, procedure->id, members))
    return MDG_TRI_FALSE;
  if (*members != 0 || eval->n_members == 0)
    return MDG_TRI_TRUE;

  if (applicant < 0 || eval->members[applicant].deceased)
    {
      applicant = 0;
      for (guint i = 0; i < eval->n_members; i++)
        {
          if (!eval->members[i].deceased)
            {
              applicant = i;
              break;
            }
        }
    }
  *members = G_GUINT64_CONSTANT (1) << applicant;

  return MDG_TRI_TRUE;
}

MdgTri
_mdg_eval_rule (MdgEval *eval,
                guint    index,
                guint64 *members)
{
  const MdgRule *rule = _mdg_catalog_get_rule (eval->catalog, index);
  guint mark = facts_mark (eval);
  MdgTri when = MDG_TRI_TRUE;
  MdgTri part = MDG_TRI_TRUE;
  MdgTri result;

  *members = 0;

  if (rule->manual)
    return eval_added (eval, index, members);
  if (rule->events != 0 && !(rule->events & (1u << eval->event)))
    return MDG_TRI_FALSE;

  if (rule->when >= 0)
    {
      when = eval_expr (eval, rule->when, -1);
      if (when == MDG_TRI_FALSE)
        return MDG_TRI_FALSE;
    }

  if (rule->has_members)
    {
      gboolean unknown = FALSE;

      if (MDG_SELECTOR_IS_SINGLE (rule->members_of))
        {
          int member = resolve_single (eval, rule->members_of);

          if (member == UNKNOWN_MEMBER)
            {
              unknown = TRUE;
            }
          else if (member >= 0)
            {
              MdgTri r = rule->members_where < 0 ? MDG_TRI_TRUE :
                         eval_expr (eval, rule->members_where, member);

              if (r == MDG_TRI_TRUE)
                *members |= G_GUINT64_CONSTANT (1) << member;
              unknown = r == MDG_TRI_UNKNOWN;
            }
        }
      else
        {
          for (guint i = 0; i < eval->n_members; i++)
            {
              MdgTri r;

              if (!in_set (eval, rule->members_of, i))
                continue;

              r = rule->members_where < 0 ? MDG_TRI_TRUE :
                  eval_expr (eval, rule->members_where, i);
              if (r == MDG_TRI_TRUE)
                *members |= G_GUINT64_CONSTANT (1) << i;
              else if (r == MDG_TRI_UNKNOWN)
                unknown = TRUE;
            }
        }

      if (rule->members_required)
        part = *members != 0 ? MDG_TRI_TRUE : unknown ? MDG_TRI_UNKNOWN : MDG_TRI_FALSE;
    }

  result = when == MDG_TRI_FALSE || part == MDG_TRI_FALSE ? MDG_TRI_FALSE :
           when == MDG_TRI_TRUE && part == MDG_TRI_TRUE ? MDG_TRI_TRUE : MDG_TRI_UNKNOWN;

  /* Unknown members of a rule that cannot apply change nothing. */
  if (result == MDG_TRI_FALSE)
    {
      facts_rewind (eval, mark);
      *members = 0;
    }

  return result;
}

const char *
_mdg_eval_reason (MdgEval *eval,
                  guint    index,
                  guint64  members)
{
  const MdgRule *rule = _mdg_catalog_get_rule (eval->catalog, index);
  GArray *facts = eval->facts;

  /* a procedure staff added says so: in the catalog's words, as every
   * reason is Japanese (guidance.md), or in the interface's */
  if (rule->manual && rule->n_reasons == 0)
    return _("Added at the counter");

  /* a reason explains; it asks nothing */
  eval->facts = NULL;

  for (guint i = 0; i < rule->n_reasons; i++)
    {
      const MdgReason *reason = &rule->reasons[i];

      if (reason->cond < 0)
        {
          eval->facts = facts;
          return reason->text;
        }

      if (members == 0)
        {
          if (eval_expr (eval, reason->cond, -1) == MDG_TRI_TRUE)
            {
              eval->facts = facts;
              return reason->text;
            }
          continue;
        }

      for (guint m = 0; m < eval->n_members; m++)
        {
          if ((members & (G_GUINT64_CONSTANT (1) << m)) &&
              eval_expr (eval, reason->cond, m) == MDG_TRI_TRUE)
            {
              eval->facts = facts;
              return reason->text;
            }
        }
    }

  eval->facts = facts;
  g_assert_not_reached ();
  return NULL;
}
