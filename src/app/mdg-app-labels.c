/* mdg-app-labels.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-app-labels"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"

const char *
_mdg_event_get_label (MdgEvent event)
{
  switch (event)
    {
    case MDG_EVENT_MOVE_IN:
      /* Translators: 転入, moving into the city from outside it */
      return _("Moving in");
    case MDG_EVENT_MOVE_WITHIN_WARD:
      /* Translators: 転居, moving within the same ward */
      return _("Moving within the ward");
    case MDG_EVENT_MOVE_BETWEEN_WARDS:
      /* Translators: 区間異動, moving from one of the city's wards to another */
      return _("Moving between wards");
    case MDG_EVENT_MOVE_OUT:
      /* Translators: 転出, moving out of the city */
      return _("Moving out");
    case MDG_EVENT_DEATH:
      return _("Death");
    case MDG_EVENT_BIRTH:
      return _("Birth");
    case MDG_EVENT_MARRIAGE:
      return _("Marriage");
    case MDG_EVENT_DIVORCE:
      return _("Divorce");
    case MDG_N_EVENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
_mdg_origin_get_label (MdgOrigin origin)
{
  switch (origin)
    {
    case MDG_ORIGIN_SAME_PREFECTURE:
      /* Translators: 県内, from elsewhere in Kumamoto Prefecture */
      return _("Within the prefecture");
    case MDG_ORIGIN_OTHER_PREFECTURE:
      /* Translators: 県外 */
      return _("Another prefecture");
    case MDG_ORIGIN_ABROAD:
      /* Translators: 国外 */
      return _("Abroad");
    case MDG_ORIGIN_NONE:
    default:
      g_return_val_if_reached (NULL);
    }
}

const char *
_mdg_relation_get_label (MdgRelation relation)
{
  switch (relation)
    {
    case MDG_RELATION_HEAD:
      /* Translators: 世帯主, the head of the household */
      return _("Head of household");
    case MDG_RELATION_SPOUSE:
      return _("Spouse");
    case MDG_RELATION_CHILD:
      return _("Child");
    case MDG_RELATION_PARENT:
      return _("Parent");
    case MDG_RELATION_OTHER:
    default:
      /* Translators: a household member who is neither head, spouse, child nor parent */
      return C_("relation", "Other");
    }
}

const char *
_mdg_insurance_get_label (MdgInsurance insurance)
{
  switch (insurance)
    {
    case MDG_INSURANCE_NHI:
      return _("National Health Insurance");
    case MDG_INSURANCE_EMPLOYEE:
      /* Translators: 被用者保険, health insurance through an employer */
      return _("Employee health insurance");
    case MDG_INSURANCE_LEI:
      /* Translators: 後期高齢者医療 */
      return _("Medical care for the elderly");
    case MDG_INSURANCE_WELFARE:
      /* Translators: 生活保護, public assistance, which pays for medical care itself */
      return _("Public assistance");
    case MDG_INSURANCE_NONE:
    default:
      return _("No health insurance");
    }
}

const char *
_mdg_mode_get_label (MdgMode mode)
{
  switch (mode)
    {
    case MDG_MODE_ONESTOP:
      /* Translators: ワンストップ, done at this counter with a form filled for the resident */
      return _("One-stop");
    case MDG_MODE_WRITELESS:
      /* Translators: 書かない, the form is filled for the resident but handed in at the
       * department's own counter */
      return _("Write-less");
    case MDG_MODE_GUIDE:
    default:
      /* Translators: ご案内, information only, there is no form */
      return _("Information");
    }
}

char *
_mdg_member_dup_name (const MdgMember *member,
                      MdgCase         *kase)
{
  g_return_val_if_fail (member != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  if (member->name != NULL && member->name[0] != '\0')
    return g_strdup (member->name);

  if (mdg_case_get_event (kase) == MDG_EVENT_BIRTH &&
      member->birth == mdg_case_get_event_date (kase))
    /* Translators: a baby born on the day of the event, not yet named */
    return g_strdup (_("Newborn"));

  return g_strdup (member->id);
}

char *
_mdg_deadline_dup_label (MdgDay deadline)
{
  if (deadline == MDG_DAY_INVALID)
    /* Translators: 期限なし, the law sets no deadline for this procedure */
    return g_strdup (_("No deadline"));

  return mdg_date_format_wareki (deadline);
}

MdgDay
_mdg_today (void)
{
  return mdg_day_today ();
}

char *
_mdg_band_dup_title (const MdgBand *band)
{
  g_return_val_if_fail (band != NULL, NULL);

  /* Translators: a ticket band: its first number and its name, e.g.
   * "1001〜 ワンストップ" */
  return g_strdup_printf (_("From %d: %s"), band->first, band->name);
}
