/* mdg-core-symbols.c: the names of the case file's values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-core-symbols"

#include "config.h"

#include <string.h>

#include "mdg-case.h"
#include "mdg-core-symbols-private.h"

const MdgSymbol mdg_event_symbols[] = {
  { "move_in", MDG_EVENT_MOVE_IN },
  { "move_within_ward", MDG_EVENT_MOVE_WITHIN_WARD },
  { "move_between_wards", MDG_EVENT_MOVE_BETWEEN_WARDS },
  { "move_out", MDG_EVENT_MOVE_OUT },
  { "death", MDG_EVENT_DEATH },
  { "birth", MDG_EVENT_BIRTH },
  { "marriage", MDG_EVENT_MARRIAGE },
  { "divorce", MDG_EVENT_DIVORCE },
  { NULL, 0 }
};

const MdgSymbol mdg_origin_symbols[] = {
  { "same_prefecture", MDG_ORIGIN_SAME_PREFECTURE },
  { "other_prefecture", MDG_ORIGIN_OTHER_PREFECTURE },
  { "abroad", MDG_ORIGIN_ABROAD },
  { NULL, 0 }
};

const MdgSymbol mdg_sex_symbols[] = {
  { "male", MDG_SEX_MALE },
  { "female", MDG_SEX_FEMALE },
  { NULL, 0 }
};

const MdgSymbol mdg_relation_symbols[] = {
  { "head", MDG_RELATION_HEAD },
  { "spouse", MDG_RELATION_SPOUSE },
  { "child", MDG_RELATION_CHILD },
  { "parent", MDG_RELATION_PARENT },
  { "other", MDG_RELATION_OTHER },
  { NULL, 0 }
};

const MdgSymbol mdg_insurance_symbols[] = {
  { "nhi", MDG_INSURANCE_NHI },
  { "employee", MDG_INSURANCE_EMPLOYEE },
  { "lei", MDG_INSURANCE_LEI },
  { "welfare", MDG_INSURANCE_WELFARE },
  { "none", MDG_INSURANCE_NONE },
  { NULL, 0 }
};

const MdgSymbol mdg_school_symbols[] = {
  { "public", MDG_SCHOOL_PUBLIC },
  { "private", MDG_SCHOOL_PRIVATE },
  { "none", MDG_SCHOOL_NONE },
  { NULL, 0 }
};

const MdgSymbol mdg_residence_status_symbols[] = {
  { "mid_long_term", MDG_RESIDENCE_STATUS_MID_LONG_TERM },
  { "special_permanent", MDG_RESIDENCE_STATUS_SPECIAL_PERMANENT },
  { NULL, 0 }
};

const MdgSymbol mdg_handbook_symbols[] = {
  { "physical", MDG_HANDBOOK_PHYSICAL },
  { "mental", MDG_HANDBOOK_MENTAL },
  { "ryoiku", MDG_HANDBOOK_RYOIKU },
  { NULL, 0 }
};

const MdgSymbol mdg_benefit_symbols[] = {
  { "special_disability_allowance", MDG_BENEFIT_SPECIAL_DISABILITY_ALLOWANCE },
  { "intractable_disease", MDG_BENEFIT_INTRACTABLE_DISEASE },
  { "mental_outpatient", MDG_BENEFIT_MENTAL_OUTPATIENT },
  { "severe_disability_medical", MDG_BENEFIT_SEVERE_DISABILITY_MEDICAL },
  { "special_child_allowance", MDG_BENEFIT_SPECIAL_CHILD_ALLOWANCE },
  { "child_allowance", MDG_BENEFIT_CHILD_ALLOWANCE },
  { "child_medical", MDG_BENEFIT_CHILD_MEDICAL },
  { NULL, 0 }
};

const MdgSymbol mdg_certificate_symbols[] = {
  { "residence", MDG_CERTIFICATE_RESIDENCE },
  { "family_register", MDG_CERTIFICATE_FAMILY_REGISTER },
  { "tax", MDG_CERTIFICATE_TAX },
  { "seal", MDG_CERTIFICATE_SEAL },
  { NULL, 0 }
};

gboolean
_mdg_symbol_lookup (const MdgSymbol *table,
                    const char      *name,
                    int             *value)
{
  for (guint i = 0; table[i].name != NULL; i++)
    {
      if (strcmp (table[i].name, name) == 0)
        {
          *value = table[i].value;
          return TRUE;
        }
    }

  return FALSE;
}

const char *
_mdg_symbol_name (const MdgSymbol *table,
                  int              value)
{
  for (guint i = 0; table[i].name != NULL; i++)
    {
      if (table[i].value == value)
        return table[i].name;
    }

  g_return_val_if_reached (NULL);
}

char *
_mdg_symbol_list (const MdgSymbol *table)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; table[i].name != NULL; i++)
    g_string_append_printf (str, "%s%s", i ? ", " : "", table[i].name);

  return g_string_free (str, FALSE);
}
