/* mdg-form-bindings.c: the vocabulary of a form layout's bindings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A binding names either a fact the case derives (the lists below: they
 * are computed, never typed) or a box declared in data/forms/boxes.xml (a
 * fact staff type at the counter). The layout parser (mdg-form-parse.c) checks
 * bindings here; the filler (mdg-form-fill.c) resolves them.
 */

#define G_LOG_DOMAIN "mdg-form"

#include "config.h"

#include <string.h>

#include "mdg-form-bindings-private.h"

static const char * const case_facts[] = {
  "visit_date", "event_date", "deadline", "event", "origin", "procedures", "procedure_names",
  "concerned_count", "census_year", "multiple_birth",
  "answers.requested_certificates", "answers.seal_registration", "answers.owned_real_estate",
  "answers.school_district_changes", "answers.owns_light_vehicle",
};

/* <role>.<field>: the members a form names by their role. */
static const char * const role_names[] = {
  "head", "applicant", "deceased", "funeral_host", "recipient", "first",
  "husband", "wife", "mother", "father", "informant", "recipient_spouse",
};

/* What the case knows of each member. */
static const char * const member_facts[] = {
  "name", "kana", "birth_date", "sex", "relation", "nationality", "insurance",
  "residence_status", "pension", "age", "grade", "school_level", "mynumber_card", "moving",
  "public_servant", "ltc_certified", "together", "mental_handbook",
};

static gboolean
in_list (const char * const *list,
         guint               n,
         const char         *name)
{
  for (guint i = 0; i < n; i++)
    {
      if (strcmp (list[i], name) == 0)
        return TRUE;
    }

  return FALSE;
}

#define IN_LIST(list, name) in_list (list, G_N_ELEMENTS (list), name)

gboolean
_mdg_form_binding_is_case_fact (const char *binding)
{
  return IN_LIST (case_facts, binding);
}

gboolean
_mdg_form_binding_is_case_box (MdgFormBoxes *boxes,
                               const char   *binding)
{
  const MdgFormBox *box = mdg_form_boxes_lookup (boxes, binding);

  return box != NULL && !mdg_form_box_is_member (box);
}

gboolean
_mdg_form_binding_is_member_box (MdgFormBoxes *boxes,
                                 const char   *field)
{
  const MdgFormBox *box = mdg_form_boxes_lookup (boxes, field);

  return box != NULL && mdg_form_box_is_member (box);
}

static gboolean
split_member_binding (const char  *binding,
                      gboolean     in_member_table,
                      const char **field)
{
  const char *dot = strchr (binding, '.');
  g_autofree char *prefix = NULL;

  if (dot == NULL)
    return FALSE;

  prefix = g_strndup (binding, dot - binding);
  if (!(IN_LIST (role_names, prefix) || (in_member_table && strcmp (prefix, "member") == 0)))
    return FALSE;

  *field = dot + 1;
  return TRUE;
}

gboolean
_mdg_form_binding_is_known (MdgFormBoxes *boxes,
                            const char   *binding,
                            gboolean      in_member_table)
{
  const char *field;

  g_return_val_if_fail (boxes != NULL, FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);

  if (_mdg_form_binding_is_case_fact (binding) || _mdg_form_binding_is_case_box (boxes, binding))
    return TRUE;
  if (in_member_table && strcmp (binding, "row") == 0)
    return TRUE;
  if (!split_member_binding (binding, in_member_table, &field))
    return FALSE;

  return IN_LIST (member_facts, field) || _mdg_form_binding_is_member_box (boxes, field);
}

const MdgFormBox *
_mdg_form_binding_get_box (MdgFormBoxes *boxes,
                           const char   *binding)
{
  const char *field;

  g_return_val_if_fail (boxes != NULL, NULL);

  if (binding == NULL)
    return NULL;
  if (_mdg_form_binding_is_case_box (boxes, binding))
    return mdg_form_boxes_lookup (boxes, binding);
  if (split_member_binding (binding, TRUE, &field) && _mdg_form_binding_is_member_box (boxes, field))
    return mdg_form_boxes_lookup (boxes, field);

  return NULL;
}
