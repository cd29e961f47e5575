/* mdg-form-roles.c: the members a form names by their role, and what the
 * household proposes for a box nobody typed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form-fill"

#include "config.h"

#include <string.h>

#include "mdg-form-private.h"
#include "mdg-form-roles-private.h"

int
_mdg_form_first_member (guint64 mask)
{
  for (int i = 0; i < 64; i++)
    {
      if (mask & (G_GUINT64_CONSTANT (1) << i))
        return i;
    }

  return -1;
}

static int
find_head (MdgCase *kase)
{
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      if (mdg_case_get_member (kase, i)->relation == MDG_RELATION_HEAD)
        return i;
    }

  return mdg_case_get_n_members (kase) > 0 ? 0 : -1;
}

/* The party of a marriage or divorce, or a newborn's parent: the first
 * member of @sex who is the head or the head's spouse. */
static int
find_couple_member (MdgCase *kase,
                    MdgSex   sex)
{
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (kase, i);

      if (member->sex == sex &&
          (member->relation == MDG_RELATION_HEAD || member->relation == MDG_RELATION_SPOUSE))
        return i;
    }

  return -1;
}

int
_mdg_form_find_role (MdgFormLayout *layout,
                     MdgCase       *kase,
                     guint64        concerned,
                     const char    *role)
{
  const MdgCaseAnswers *answers = mdg_case_get_answers (kase);

  if (strcmp (role, "applicant") == 0)
    {
      switch (layout != NULL ? layout->applicant : MDG_FORM_ROLE_HEAD)
        {
        case MDG_FORM_ROLE_HEAD:
          role = "head";
          break;
        case MDG_FORM_ROLE_FUNERAL_HOST:
          role = "funeral_host";
          break;
        case MDG_FORM_ROLE_RECIPIENT:
          role = "recipient";
          break;
        case MDG_FORM_ROLE_DECEASED:
          role = "deceased";
          break;
        case MDG_FORM_ROLE_INFORMANT:
          role = "informant";
          break;
        case MDG_FORM_ROLE_FIRST:
        default:
          role = "first";
          break;
        }
    }

  if (strcmp (role, "head") == 0)
    return find_head (kase);
  if (strcmp (role, "funeral_host") == 0)
    return answers->funeral_host;
  if (strcmp (role, "recipient") == 0)
    return answers->child_allowance_recipient >= 0 ? answers->child_allowance_recipient :
           find_head (kase);
  if (strcmp (role, "first") == 0)
    return _mdg_form_first_member (concerned);
  if (strcmp (role, "husband") == 0 || strcmp (role, "father") == 0)
    return find_couple_member (kase, MDG_SEX_MALE);
  if (strcmp (role, "wife") == 0)
    return find_couple_member (kase, MDG_SEX_FEMALE);
  if (strcmp (role, "mother") == 0)
    return answers->mother >= 0 ? answers->mother : find_couple_member (kase, MDG_SEX_FEMALE);
  if (strcmp (role, "informant") == 0)
    {
      /* 届出人: on a death the funeral host, or (not asked) the first survivor */
      if (mdg_case_get_event (kase) != MDG_EVENT_DEATH)
        return find_head (kase);
      if (answers->funeral_host >= 0)
        return answers->funeral_host;
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          if (!mdg_case_get_member (kase, i)->deceased)
            return i;
        }
      return -1;
    }
  if (strcmp (role, "recipient_spouse") == 0)
    {
      /* 配偶者 of the child-allowance claimant: the head's spouse, or the head */
      int recipient = _mdg_form_find_role (layout, kase, concerned, "recipient");
      MdgRelation relation;
      MdgRelation wanted;

      if (recipient < 0)
        return -1;
      relation = mdg_case_get_member (kase, recipient)->relation;
      if (relation == MDG_RELATION_HEAD)
        wanted = MDG_RELATION_SPOUSE;
      else if (relation == MDG_RELATION_SPOUSE)
        wanted = MDG_RELATION_HEAD;
      else
        return -1;
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          const MdgMember *member = mdg_case_get_member (kase, i);

          if (member->relation == wanted && !member->deceased)
            return i;
        }
      return -1;
    }
  if (strcmp (role, "deceased") == 0)
    {
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          if (mdg_case_get_member (kase, i)->deceased)
            return i;
        }
    }

  return -1;
}

/* A birth's newborn: born on the event date. */
gboolean
_mdg_form_is_newborn (MdgCase         *kase,
                      const MdgMember *member)
{
  return mdg_case_get_event (kase) == MDG_EVENT_BIRTH &&
         member->birth == mdg_case_get_event_date (kase);
}

/* 続柄 of a birth's (first) newborn: 長男, 二女… after the children of the
 * same sex already in the household. */
static char *
propose_birth_order (MdgCase *kase)
{
  static const char * const numbers[] = { "長", "二", "三", "四", "五", "六", "七", "八", "九" };
  const MdgMember *newborn = NULL;
  guint n = 0;

  if (mdg_case_get_event (kase) != MDG_EVENT_BIRTH)
    return NULL;
  for (guint i = 0; newborn == NULL && i < mdg_case_get_n_members (kase); i++)
    {
      if (_mdg_form_is_newborn (kase, mdg_case_get_member (kase, i)))
        newborn = mdg_case_get_member (kase, i);
    }
  if (newborn == NULL || (newborn->sex != MDG_SEX_MALE && newborn->sex != MDG_SEX_FEMALE))
    return NULL;
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (kase, i);

      if (member != newborn && member->relation == MDG_RELATION_CHILD &&
          member->sex == newborn->sex && member->birth < newborn->birth)
        n++;
    }
  if (n >= G_N_ELEMENTS (numbers))
    return NULL;

  return g_strconcat (numbers[n], newborn->sex == MDG_SEX_MALE ? "男" : "女", NULL);
}

/**
 * mdg_form_propose_detail:
 * @kase: the visit's case
 * @box: a detail box of data/forms/boxes.xml
 *
 * What the household already answers for a box nobody typed, as the box
 * declares (its "propose"): "birth-order", the 続柄 of a birth's newborn
 * (長男, 二女…, from the children of the same sex); "payee", whose reading
 * an account is in (the head of household, as 児童手当 and the NHI
 * household pay the head; on a death the one who holds the funeral, or the
 * first survivor). The forms print it until staff type another; the
 * counter shows it in the box's row so that staff confirm it.
 *
 * Returns: (transfer full) (nullable): the proposal, or %NULL
 */
char *
mdg_form_propose_detail (MdgCase          *kase,
                         const MdgFormBox *box)
{
  const char *propose;

  g_return_val_if_fail (kase != NULL, NULL);
  g_return_val_if_fail (box != NULL, NULL);

  if (!(propose = mdg_form_box_get_proposal (box)))
    return NULL;
  if (strcmp (propose, "birth-order") == 0)
    return propose_birth_order (kase);
  if (strcmp (propose, "payee") == 0)
    {
      int who = _mdg_form_find_role (NULL, kase, 0, "informant");

      if (who >= 0 && mdg_case_get_member (kase, who)->kana != NULL)
        return g_strdup (mdg_case_get_member (kase, who)->kana);
    }

  return NULL;
}
