/* mdg-case-serialise.c: an MdgCase, written as a case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case"

#include "config.h"

#include "mdg-case-private.h"
#include "mdg-core-symbols-private.h"

static void
add_flags (JsonBuilder  *builder,
           const MdgSymbol *table,
           guint         flags)
{
  json_builder_begin_array (builder);
  for (guint i = 0; table[i].name != NULL; i++)
    {
      if (flags & table[i].value)
        json_builder_add_string_value (builder, table[i].name);
    }
  json_builder_end_array (builder);
}

static void
add_member (JsonBuilder     *builder,
            const MdgMember *member)
{
  char date[11];

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, member->id);

  for (guint field = 0; field < MDG_N_MEMBER_FIELDS; field++)
    {
      if (!(member->given & (1u << field)))
        continue;

      json_builder_set_member_name (builder, _mdg_case_member_field_names[field]);

      switch ((MdgMemberField) field)
        {
        case MDG_MEMBER_FIELD_NAME:
          json_builder_add_string_value (builder, member->name);
          break;
        case MDG_MEMBER_FIELD_KANA:
          json_builder_add_string_value (builder, member->kana);
          break;
        case MDG_MEMBER_FIELD_INDIVIDUAL_NUMBER:
          json_builder_add_string_value (builder, member->individual_number);
          break;
        case MDG_MEMBER_FIELD_PREVIOUS_NAME:
          json_builder_add_string_value (builder, member->previous_name);
          break;
        case MDG_MEMBER_FIELD_BIRTH_DATE:
          mdg_day_format_iso (member->birth, date);
          json_builder_add_string_value (builder, date);
          break;
        case MDG_MEMBER_FIELD_SEX:
          json_builder_add_string_value (builder, _mdg_symbol_name (mdg_sex_symbols, member->sex));
          break;
        case MDG_MEMBER_FIELD_RELATION:
          json_builder_add_string_value (builder, _mdg_symbol_name (mdg_relation_symbols, member->relation));
          break;
        case MDG_MEMBER_FIELD_NATIONALITY:
          json_builder_add_string_value (builder, member->nationality);
          break;
        case MDG_MEMBER_FIELD_INSURANCE:
          json_builder_add_string_value (builder,
                                         _mdg_symbol_name (mdg_insurance_symbols, member->declared_insurance));
          break;
        case MDG_MEMBER_FIELD_MYNUMBER_CARD:
          json_builder_add_boolean_value (builder, member->mynumber_card);
          break;
        case MDG_MEMBER_FIELD_PUBLIC_SERVANT:
          json_builder_add_boolean_value (builder, member->public_servant);
          break;
        case MDG_MEMBER_FIELD_LTC_CERTIFIED:
          json_builder_add_boolean_value (builder, member->ltc_certified);
          break;
        case MDG_MEMBER_FIELD_HANDBOOKS:
          add_flags (builder, mdg_handbook_symbols, member->handbooks);
          break;
        case MDG_MEMBER_FIELD_BENEFITS:
          add_flags (builder, mdg_benefit_symbols, member->benefits);
          break;
        case MDG_MEMBER_FIELD_SCHOOL:
          json_builder_add_string_value (builder, _mdg_symbol_name (mdg_school_symbols, member->school));
          break;
        case MDG_MEMBER_FIELD_MOVING:
          json_builder_add_boolean_value (builder, member->moving);
          break;
        case MDG_MEMBER_FIELD_DECEASED:
          json_builder_add_boolean_value (builder, member->deceased);
          break;
        case MDG_MEMBER_FIELD_RESIDENCE_STATUS:
          json_builder_add_string_value (builder,
                                         _mdg_symbol_name (mdg_residence_status_symbols, member->residence_status));
          break;
        case MDG_MEMBER_FIELD_PENSION:
          json_builder_add_string_value (builder, (const char[]) { '0' + member->pension, 0 });
          break;
        case MDG_N_MEMBER_FIELDS:
        default:
          g_assert_not_reached ();
        }
    }

  json_builder_end_object (builder);
}

static void
add_answers (JsonBuilder *builder,
             MdgCase     *self)
{
  const MdgCaseAnswers *answers = &self->answers;

  json_builder_begin_object (builder);
  for (guint answer = 0; answer < MDG_N_ANSWERS; answer++)
    {
      if (!(answers->given & (1u << answer)))
        continue;

      json_builder_set_member_name (builder, _mdg_case_answer_names[answer]);

      switch ((MdgAnswer) answer)
        {
        case MDG_ANSWER_SCHOOL_DISTRICT_CHANGES:
          json_builder_add_boolean_value (builder, answers->school_district_changes);
          break;
        case MDG_ANSWER_OWNS_LIGHT_VEHICLE:
          json_builder_add_boolean_value (builder, answers->owns_light_vehicle);
          break;
        case MDG_ANSWER_SEAL_REGISTRATION:
          json_builder_add_boolean_value (builder, answers->seal_registration);
          break;
        case MDG_ANSWER_OWNED_REAL_ESTATE:
          json_builder_add_boolean_value (builder, answers->owned_real_estate);
          break;
        case MDG_ANSWER_REQUESTED_CERTIFICATES:
          add_flags (builder, mdg_certificate_symbols, answers->requested_certificates);
          break;
        case MDG_ANSWER_FUNERAL_HOST:
          json_builder_add_string_value (builder, self->members[answers->funeral_host].id);
          break;
        case MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT:
          json_builder_add_string_value (builder,
                                         self->members[answers->child_allowance_recipient].id);
          break;
        case MDG_ANSWER_MOTHER:
          json_builder_add_string_value (builder, self->members[answers->mother].id);
          break;
        case MDG_ANSWER_NAME_CHANGES:
          json_builder_begin_array (builder);
          for (guint i = 0; i < self->n_members; i++)
            {
              if (answers->name_changes & (G_GUINT64_CONSTANT (1) << i))
                json_builder_add_string_value (builder, self->members[i].id);
            }
          json_builder_end_array (builder);
          break;
        case MDG_ANSWER_ADDED_PROCEDURES:
          json_builder_begin_object (builder);
          for (guint i = 0; i < mdg_case_get_n_added_procedures (self); i++)
            {
              guint64 members;
              const char *id = mdg_case_get_added_procedure (self, i, &members);

              json_builder_set_member_name (builder, id);
              json_builder_begin_array (builder);
              for (guint m = 0; m < self->n_members; m++)
                {
                  if (members & (G_GUINT64_CONSTANT (1) << m))
                    json_builder_add_string_value (builder, self->members[m].id);
                }
              json_builder_end_array (builder);
            }
          json_builder_end_object (builder);
          break;
        case MDG_N_ANSWERS:
        default:
          g_assert_not_reached ();
        }
    }
  json_builder_end_object (builder);
}

JsonNode *
mdg_case_to_node (MdgCase *self)
{
  /* mutable, so that mdg_case_with_answer() can edit it */
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char date[11];

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, _mdg_symbol_name (mdg_event_symbols, self->event));
  json_builder_set_member_name (builder, "event_date");
  mdg_day_format_iso (self->event_date, date);
  json_builder_add_string_value (builder, date);
  json_builder_set_member_name (builder, "visit_date");
  mdg_day_format_iso (self->visit_date, date);
  json_builder_add_string_value (builder, date);
  if (self->origin != MDG_ORIGIN_NONE)
    {
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, _mdg_symbol_name (mdg_origin_symbols, self->origin));
    }
  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->n_members; i++)
    add_member (builder, &self->members[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "answers");
  add_answers (builder, self);
  if (self->details != NULL && g_hash_table_size (self->details) > 0)
    {
      /* in a stable order: the same case, the same text */
      GList *keys = g_list_sort (g_hash_table_get_keys (self->details), (GCompareFunc) strcmp);

      json_builder_set_member_name (builder, "details");
      json_builder_begin_object (builder);
      for (GList *l = keys; l != NULL; l = l->next)
        {
          const char *key = l->data;

          json_builder_set_member_name (builder, key);
          json_builder_add_string_value (builder, g_hash_table_lookup (self->details, key));
        }
      json_builder_end_object (builder);
      g_list_free (keys);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

char *
mdg_case_to_json (MdgCase *self)
{
  g_autoptr(JsonNode) node = NULL;

  g_return_val_if_fail (self != NULL, NULL);

  node = mdg_case_to_node (self);
  return json_to_string (node, TRUE);
}
