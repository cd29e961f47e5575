/* mdg-case.c: residents, households and the case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case"

#include "config.h"

#include <string.h>

#include "mdg-case-private.h"
#include "mdg-core-error.h"
#include "mdg-core-symbols-private.h"

G_DEFINE_BOXED_TYPE (MdgCase, mdg_case, mdg_case_ref, mdg_case_unref)

const char * const _mdg_case_member_field_names[MDG_N_MEMBER_FIELDS] = {
  [MDG_MEMBER_FIELD_NAME] = "name",
  [MDG_MEMBER_FIELD_KANA] = "kana",
  [MDG_MEMBER_FIELD_BIRTH_DATE] = "birth_date",
  [MDG_MEMBER_FIELD_SEX] = "sex",
  [MDG_MEMBER_FIELD_RELATION] = "relation",
  [MDG_MEMBER_FIELD_NATIONALITY] = "nationality",
  [MDG_MEMBER_FIELD_INSURANCE] = "insurance",
  [MDG_MEMBER_FIELD_MYNUMBER_CARD] = "mynumber_card",
  [MDG_MEMBER_FIELD_PUBLIC_SERVANT] = "public_servant",
  [MDG_MEMBER_FIELD_LTC_CERTIFIED] = "ltc_certified",
  [MDG_MEMBER_FIELD_HANDBOOKS] = "handbooks",
  [MDG_MEMBER_FIELD_BENEFITS] = "benefits",
  [MDG_MEMBER_FIELD_SCHOOL] = "school",
  [MDG_MEMBER_FIELD_MOVING] = "moving",
  [MDG_MEMBER_FIELD_DECEASED] = "deceased",
  [MDG_MEMBER_FIELD_RESIDENCE_STATUS] = "residence_status",
  [MDG_MEMBER_FIELD_PENSION] = "pension",
  [MDG_MEMBER_FIELD_INDIVIDUAL_NUMBER] = "individual_number",
  [MDG_MEMBER_FIELD_PREVIOUS_NAME] = "previous_name",
};

const char * const _mdg_case_answer_names[MDG_N_ANSWERS] = {
  [MDG_ANSWER_SCHOOL_DISTRICT_CHANGES] = "school_district_changes",
  [MDG_ANSWER_OWNS_LIGHT_VEHICLE] = "owns_light_vehicle",
  [MDG_ANSWER_REQUESTED_CERTIFICATES] = "requested_certificates",
  [MDG_ANSWER_SEAL_REGISTRATION] = "seal_registration",
  [MDG_ANSWER_OWNED_REAL_ESTATE] = "owned_real_estate",
  [MDG_ANSWER_FUNERAL_HOST] = "funeral_host",
  [MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT] = "child_allowance_recipient",
  [MDG_ANSWER_MOTHER] = "mother",
  [MDG_ANSWER_NAME_CHANGES] = "name_changes",
  [MDG_ANSWER_ADDED_PROCEDURES] = "added_procedures",
};

void
_mdg_case_member_clear (MdgMember *member)
{
  g_clear_pointer (&member->id, g_free);
  g_clear_pointer (&member->name, g_free);
  g_clear_pointer (&member->kana, g_free);
  g_clear_pointer (&member->previous_name, g_free);
  if (member->individual_number != NULL)
    {
      /* wipe, not only free */
      memset (member->individual_number, 0, strlen (member->individual_number));
      g_clear_pointer (&member->individual_number, g_free);
    }
}

MdgCase *
mdg_case_ref (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_case_unref (MdgCase *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->n_members; i++)
    _mdg_case_member_clear (&self->members[i]);
  g_free (self->members);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_clear_pointer (&self->added, g_array_unref);
  g_free (self);
}

MdgEvent
mdg_case_get_event (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->event;
}

MdgDay
mdg_case_get_event_date (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, MDG_DAY_INVALID);
  return self->event_date;
}

MdgDay
mdg_case_get_visit_date (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, MDG_DAY_INVALID);
  return self->visit_date;
}

MdgOrigin
mdg_case_get_origin (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, MDG_ORIGIN_NONE);
  return self->origin;
}

guint
mdg_case_get_n_members (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->n_members;
}

const MdgMember *
mdg_case_get_member (MdgCase *self,
                     guint    index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->n_members, NULL);

  return &self->members[index];
}

guint
mdg_case_get_n_added_procedures (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->added != NULL ? self->added->len : 0;
}

const char *
mdg_case_get_added_procedure (MdgCase *self,
                              guint    index,
                              guint64 *members)
{
  const MdgCaseAdded *added;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < mdg_case_get_n_added_procedures (self), NULL);

  added = &g_array_index (self->added, MdgCaseAdded, index);
  if (members != NULL)
    *members = added->members;
  return added->id;
}

gboolean
mdg_case_lookup_added_procedure (MdgCase    *self,
                                 const char *id,
                                 guint64    *members)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  for (guint i = 0; i < mdg_case_get_n_added_procedures (self); i++)
    {
      if (strcmp (g_array_index (self->added, MdgCaseAdded, i).id, id) == 0)
        {
          (void) mdg_case_get_added_procedure (self, i, members);
          return TRUE;
        }
    }

  return FALSE;
}

int
mdg_case_find_member (MdgCase    *self,
                      const char *id)
{
  g_return_val_if_fail (self != NULL, -1);
  g_return_val_if_fail (id != NULL, -1);

  for (guint i = 0; i < self->n_members; i++)
    {
      if (self->members[i].id != NULL && strcmp (self->members[i].id, id) == 0)
        return i;
    }

  return -1;
}

const MdgCaseAnswers *
mdg_case_get_answers (MdgCase *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->answers;
}

const char *
mdg_case_get_detail (MdgCase    *self,
                     const char *key)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (key != NULL, NULL);

  return self->details ? g_hash_table_lookup (self->details, key) : NULL;
}

/**
 * mdg_case_with_answer:
 * @fact: "answers.X" or "members.ID.X"
 * @value: (transfer none): the value as the case file would hold it; a
 *   JSON null removes the answer
 *
 * Returns: (transfer full) (nullable): a new case, or %NULL with @error set
 */
MdgCase *
mdg_case_with_answer (MdgCase     *self,
                      const char  *fact,
                      JsonNode    *value,
                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_auto(GStrv) parts = NULL;
  JsonObject *target = NULL;
  const char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (fact != NULL, NULL);
  g_return_val_if_fail (value != NULL, NULL);

  root = mdg_case_to_node (self);

  parts = g_strsplit (fact, ".", 3);
  if (g_strv_length (parts) == 2 && strcmp (parts[0], "answers") == 0)
    {
      target = json_object_get_object_member (json_node_get_object (root), "answers");
      key = parts[1];
    }
  else if (g_strv_length (parts) == 2 && strcmp (parts[0], "details") == 0)
    {
      JsonObject *object = json_node_get_object (root);

      if (!json_object_has_member (object, "details"))
        json_object_set_object_member (object, "details", json_object_new ());
      target = json_object_get_object_member (object, "details");
      key = parts[1];
    }
  else if (g_strv_length (parts) == 3 && strcmp (parts[0], "members") == 0)
    {
      int index = mdg_case_find_member (self, parts[1]);

      if (index >= 0)
        {
          JsonArray *members = json_object_get_array_member (json_node_get_object (root),
                                                             "members");
          target = json_array_get_object_element (members, index);
          key = parts[2];
        }
    }

  if (target == NULL)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "%s: not a fact of this case", fact);
      return NULL;
    }

  if (JSON_NODE_HOLDS_NULL (value))
    json_object_remove_member (target, key);
  else
    json_object_set_member (target, key, json_node_copy (value));

  return mdg_case_new_from_node (root, self->visit_date, error);
}

const char *
mdg_event_to_string (MdgEvent event)
{
  g_return_val_if_fail (event < MDG_N_EVENTS, NULL);
  return _mdg_symbol_name (mdg_event_symbols, event);
}

gboolean
mdg_event_from_string (const char *text,
                       MdgEvent   *event)
{
  int value;

  g_return_val_if_fail (text != NULL, FALSE);

  if (!_mdg_symbol_lookup (mdg_event_symbols, text, &value))
    return FALSE;
  if (event != NULL)
    *event = value;
  return TRUE;
}

gboolean
mdg_event_is_move (MdgEvent event)
{
  return event == MDG_EVENT_MOVE_IN ||
         event == MDG_EVENT_MOVE_WITHIN_WARD ||
         event == MDG_EVENT_MOVE_BETWEEN_WARDS ||
         event == MDG_EVENT_MOVE_OUT;
}
