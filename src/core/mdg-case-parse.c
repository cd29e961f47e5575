/* mdg-case-parse.c: the case file, read into an MdgCase
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case"

#include "config.h"

#include <string.h>

#include "mdg-case-private.h"
#include "mdg-core-error.h"
#include "mdg-core-symbols-private.h"
#include "mdg-form-boxes.h"
#include "mdg-input.h"

/* The longest a form's box prints, in characters: the narrowest name box
 * (46 mm, data/forms) holds about two lines of 65 Latin letters at the
 * smallest size (MDG_RENDER_MIN_FONT_SIZE, 4 pt); kana have their own band. */
#define MDG_NAME_MAX_CHARS   100
#define MDG_KANA_MAX_CHARS   200
#define MDG_ID_MAX_CHARS     64
#define MDG_DETAIL_MAX_CHARS 300

/* Messages quote what the file said (keys, values, json-glib's account of a
 * syntax error), which may hold control characters: keep them one printable
 * line. */
static void
set_case_error (GError     **error,
                const char  *text)
{
  g_autoptr(GString) message = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p++)
    {
      guchar c = *p;

      if (c < 0x20 || c == 0x7f)
        g_string_append_printf (message, "\\x%02x", c);
      else
        g_string_append_c (message, c);
    }

  g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE, message->str);
}

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (GError     **error,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  g_autofree char *message = NULL;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  message = g_strdup_printf ("%s: %s", path, reason);
  set_case_error (error, message);
  return FALSE;
}

static const char *
node_kind (JsonNode *node)
{
  if (JSON_NODE_HOLDS_NULL (node))
    return "null";
  if (JSON_NODE_HOLDS_OBJECT (node))
    return "an object";
  if (JSON_NODE_HOLDS_ARRAY (node))
    return "a list";

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return "true/false";
    case G_TYPE_STRING:
      return "a string";
    default:
      return "a number";
    }
}

static gboolean
read_string (JsonNode    *node,
             const char  *path,
             const char **out,
             GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (error, path, "must be a string, not %s", node_kind (node));

  *out = json_node_get_string (node);
  return TRUE;
}

/* A string of at most @max_chars characters (the field's own limit). */
static gboolean
read_text (JsonNode    *node,
           const char  *path,
           guint        max_chars,
           const char **out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!read_string (node, path, out, error))
    return FALSE;
  if (!mdg_input_check_text (path, *out, max_chars, &local_error))
    {
      set_case_error (error, local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_bool (JsonNode    *node,
           const char  *path,
           gboolean    *out,
           GError     **error)
{
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (error, path, "must be true or false, not %s", node_kind (node));

  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
read_symbol (JsonNode      *node,
             const char    *path,
             const MdgSymbol  *table,
             int           *out,
             GError       **error)
{
  g_autofree char *allowed = NULL;
  const char *text;

  if (!read_string (node, path, &text, error))
    return FALSE;

  for (guint i = 0; table[i].name != NULL; i++)
    {
      if (strcmp (table[i].name, text) == 0)
        {
          *out = table[i].value;
          return TRUE;
        }
    }

  allowed = _mdg_symbol_list (table);
  return fail (error, path, "unknown value \"%s\" (one of: %s)", text, allowed);
}

static gboolean
read_flags (JsonNode      *node,
            const char    *path,
            const MdgSymbol  *table,
            guint         *out,
            GError       **error)
{
  JsonArray *array;
  guint flags = 0;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, path, "must be a list, not %s", node_kind (node));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
      int value;

      if (!read_symbol (json_array_get_element (array, i), item_path, table, &value, error))
        return FALSE;
      if (flags & value)
        return fail (error, item_path, "\"%s\" is listed twice", _mdg_symbol_name (table, value));
      flags |= value;
    }

  *out = flags;
  return TRUE;
}

static gboolean
read_date (JsonNode    *node,
           const char  *path,
           MdgDay      *out,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *text;

  if (!read_string (node, path, &text, error))
    return FALSE;

  if (!mdg_day_parse_iso (text, out, &local_error))
    return fail (error, path, "%s", local_error->message);
  /* From 明治6年1月1日 (the Gregorian calendar in Japan) to the last day
   * the forms' era and age arithmetic is meant for. */
  if (*out < mdg_day_new (MDG_DATE_MIN_YEAR, 1, 1) || *out > mdg_day_new (MDG_DATE_MAX_YEAR, 12, 31))
    return fail (error, path, "%s is outside %d-01-01 to %d-12-31", text, MDG_DATE_MIN_YEAR,
                 MDG_DATE_MAX_YEAR);

  return TRUE;
}

static gboolean
read_member_ref (MdgCase     *self,
                 JsonNode    *node,
                 const char  *path,
                 int         *out,
                 GError     **error)
{
  const char *id;

  if (!read_string (node, path, &id, error))
    return FALSE;

  *out = mdg_case_find_member (self, id);
  if (*out < 0)
    return fail (error, path, "no member has the id \"%s\"", id);

  return TRUE;
}

static int
lookup_name (const char * const *names,
             guint               n_names,
             const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    {
      if (strcmp (names[i], name) == 0)
        return i;
    }

  return -1;
}

/* 個人番号 check digit (番号法施行令第8条): with P(n) the nth digit from the
 * right excluding the check digit and Q(n) = n + 1 for n ≤ 6, n − 5 for
 * n ≥ 7, the check digit is 11 − Σ P(n)Q(n) mod 11, or 0 when the
 * remainder is 0 or 1. */

static gboolean
parse_member (MdgCase     *self,
              guint        index,
              JsonNode    *node,
              GError     **error)
{
  g_autofree char *path = g_strdup_printf ("members[%u]", index);
  MdgMember *member = &self->members[index];
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, path, "must be an object, not %s", node_kind (node));

  object = json_node_get_object (node);

  member->relation = MDG_RELATION_OTHER;
  memcpy (member->nationality, "JP", 3);
  member->declared_insurance = MDG_INSURANCE_NHI;
  member->school = MDG_SCHOOL_PUBLIC;
  member->moving = mdg_event_is_move (self->event);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *field_path = g_strdup_printf ("%s.%s", path, key);
      int field = lookup_name (_mdg_case_member_field_names, MDG_N_MEMBER_FIELDS, key);
      const char *text = NULL;
      gboolean flag = FALSE;
      int symbol = 0;

      if (strcmp (key, "id") == 0)
        {
          if (!read_text (value, field_path, MDG_ID_MAX_CHARS, &text, error))
            return FALSE;
          if (text[0] == '\0')
            return fail (error, field_path, "must not be empty");
          if (strchr (text, '.') != NULL)
            return fail (error, field_path, "must not contain \".\"");
          if (mdg_case_find_member (self, text) >= 0)
            return fail (error, field_path, "\"%s\" is the id of an earlier member too", text);
          member->id = g_strdup (text);
          continue;
        }

      if (field < 0)
        return fail (error, field_path, "unknown field");

      member->given |= 1u << field;

      switch ((MdgMemberField) field)
        {
        case MDG_MEMBER_FIELD_NAME:
        case MDG_MEMBER_FIELD_KANA:
        case MDG_MEMBER_FIELD_PREVIOUS_NAME:
          if (!read_text (value, field_path,
                          field == MDG_MEMBER_FIELD_KANA ? MDG_KANA_MAX_CHARS : MDG_NAME_MAX_CHARS,
                          &text, error))
            return FALSE;
          if (field == MDG_MEMBER_FIELD_NAME)
            member->name = g_strdup (text);
          else if (field == MDG_MEMBER_FIELD_KANA)
            member->kana = g_strdup (text);
          else
            member->previous_name = g_strdup (text);
          break;

        case MDG_MEMBER_FIELD_INDIVIDUAL_NUMBER:
          /* the message never quotes the number */
          if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_STRING)
            return fail (error, field_path, "must be a string of 12 digits, not %s",
                         node_kind (value));
          if (!mdg_individual_number_is_valid (json_node_get_string (value)))
            return fail (error, field_path,
                         "not an individual number (12 digits with a valid check digit)");
          member->individual_number = g_strdup (json_node_get_string (value));
          break;

        case MDG_MEMBER_FIELD_BIRTH_DATE:
          if (!read_date (value, field_path, &member->birth, error))
            return FALSE;
          break;

        case MDG_MEMBER_FIELD_SEX:
          if (!read_symbol (value, field_path, mdg_sex_symbols, &symbol, error))
            return FALSE;
          member->sex = symbol;
          break;

        case MDG_MEMBER_FIELD_RELATION:
          if (!read_symbol (value, field_path, mdg_relation_symbols, &symbol, error))
            return FALSE;
          member->relation = symbol;
          break;

        case MDG_MEMBER_FIELD_NATIONALITY:
          if (!read_string (value, field_path, &text, error))
            return FALSE;
          if (strlen (text) != 2 || !g_ascii_isupper (text[0]) || !g_ascii_isupper (text[1]))
            return fail (error, field_path,
                         "must be a two-letter ISO 3166 code in capitals, such as \"JP\"");
          memcpy (member->nationality, text, 3);
          break;

        case MDG_MEMBER_FIELD_INSURANCE:
          if (!read_symbol (value, field_path, mdg_insurance_symbols, &symbol, error))
            return FALSE;
          member->declared_insurance = symbol;
          break;

        case MDG_MEMBER_FIELD_MYNUMBER_CARD:
          if (!read_bool (value, field_path, &flag, error))
            return FALSE;
          member->mynumber_card = flag;
          break;

        case MDG_MEMBER_FIELD_PUBLIC_SERVANT:
          if (!read_bool (value, field_path, &flag, error))
            return FALSE;
          member->public_servant = flag;
          break;

        case MDG_MEMBER_FIELD_LTC_CERTIFIED:
          if (!read_bool (value, field_path, &flag, error))
            return FALSE;
          member->ltc_certified = flag;
          break;

        case MDG_MEMBER_FIELD_HANDBOOKS:
          if (!read_flags (value, field_path, mdg_handbook_symbols, &member->handbooks, error))
            return FALSE;
          break;

        case MDG_MEMBER_FIELD_BENEFITS:
          if (!read_flags (value, field_path, mdg_benefit_symbols, &member->benefits, error))
            return FALSE;
          break;

        case MDG_MEMBER_FIELD_SCHOOL:
          if (!read_symbol (value, field_path, mdg_school_symbols, &symbol, error))
            return FALSE;
          member->school = symbol;
          break;

        case MDG_MEMBER_FIELD_MOVING:
          if (!read_bool (value, field_path, &flag, error))
            return FALSE;
          member->moving = flag;
          break;

        case MDG_MEMBER_FIELD_DECEASED:
          if (!read_bool (value, field_path, &flag, error))
            return FALSE;
          if (flag && self->event != MDG_EVENT_DEATH)
            return fail (error, field_path, "only a death case has a deceased member");
          member->deceased = flag;
          break;

        case MDG_MEMBER_FIELD_RESIDENCE_STATUS:
          if (!read_symbol (value, field_path, mdg_residence_status_symbols, &symbol, error))
            return FALSE;
          member->residence_status = symbol;
          break;

        case MDG_MEMBER_FIELD_PENSION:
          {
            gint64 number = 0;

            if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_INT64)
              number = json_node_get_int (value);
            else if (JSON_NODE_HOLDS_VALUE (value) &&
                     json_node_get_value_type (value) == G_TYPE_STRING &&
                     strlen (json_node_get_string (value)) == 1)
              number = json_node_get_string (value)[0] - '0';

            if (number < 1 || number > 3)
              return fail (error, field_path, "must be the category 1, 2 or 3");
            member->pension = number;
          }
          break;

        case MDG_N_MEMBER_FIELDS:
        default:
          g_assert_not_reached ();
        }
    }

  if (member->id == NULL)
    return fail (error, path, "the field \"id\" is required");
  if (!(member->given & (1u << MDG_MEMBER_FIELD_BIRTH_DATE)))
    return fail (error, path, "the field \"birth_date\" is required");
  if (member->birth > self->event_date)
    {
      g_autofree char *field_path = g_strdup_printf ("%s.birth_date", path);
      return fail (error, field_path, "is after event_date");
    }

  if (strcmp (member->nationality, "JP") == 0 &&
      member->residence_status != MDG_RESIDENCE_STATUS_NONE)
    {
      g_autofree char *field_path = g_strdup_printf ("%s.residence_status", path);
      return fail (error, field_path, "a Japanese national has no residence status");
    }

  /* 高齢者の医療の確保に関する法律第50条: everyone aged 75 or over is in
   * 後期高齢者医療, except 生活保護 recipients (第51条). */
  member->insurance = member->declared_insurance;
  if (member->declared_insurance != MDG_INSURANCE_WELFARE &&
      mdg_date_is_aged_at_least (member->birth, 75, self->event_date))
    member->insurance = MDG_INSURANCE_LEI;

  if (!(member->given & (1u << MDG_MEMBER_FIELD_PENSION)))
    {
      if (member->declared_insurance == MDG_INSURANCE_EMPLOYEE &&
          member->relation == MDG_RELATION_HEAD)
        member->pension = 2;
      else if (member->declared_insurance == MDG_INSURANCE_EMPLOYEE &&
               member->relation == MDG_RELATION_SPOUSE)
        member->pension = 3;
      else
        member->pension = 1;
    }

  return TRUE;
}

static void
added_clear (gpointer data)
{
  g_free (((MdgCaseAdded *) data)->id);
}

/* {"support_measure_request": ["m1"]}: which ids may be added is the
 * catalog's to say, not the file's. */
static gboolean
parse_added_procedures (MdgCase     *self,
                        JsonNode    *value,
                        const char  *path,
                        GError     **error)
{
  JsonObjectIter iter;
  const char *id;
  JsonNode *members;

  if (!JSON_NODE_HOLDS_OBJECT (value))
    return fail (error, path, "must be an object (procedure id: list of member ids), not %s",
                 node_kind (value));

  self->added = g_array_new (FALSE, TRUE, sizeof (MdgCaseAdded));
  g_array_set_clear_func (self->added, added_clear);
  json_object_iter_init (&iter, json_node_get_object (value));
  while (json_object_iter_next (&iter, &id, &members))
    {
      g_autofree char *item_path = g_strdup_printf ("%s.%s", path, id);
      MdgCaseAdded added = { NULL, 0 };
      JsonArray *array;

      if (id[0] == '\0')
        return fail (error, item_path, "is not a procedure id");
      if (!JSON_NODE_HOLDS_ARRAY (members))
        return fail (error, item_path, "must be a list of member ids, not %s", node_kind (members));

      array = json_node_get_array (members);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *member_path = g_strdup_printf ("%s[%u]", item_path, i);
          int member;

          if (!read_member_ref (self, json_array_get_element (array, i), member_path, &member, error))
            return FALSE;
          if (added.members & (G_GUINT64_CONSTANT (1) << member))
            return fail (error, member_path, "member \"%s\" is listed twice",
                         self->members[member].id);
          added.members |= G_GUINT64_CONSTANT (1) << member;
        }

      added.id = g_strdup (id);
      g_array_append_val (self->added, added);
    }

  return TRUE;
}

static gboolean
parse_answers (MdgCase   *self,
               JsonNode  *node,
               GError   **error)
{
  MdgCaseAnswers *answers = &self->answers;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "answers", "must be an object, not %s", node_kind (node));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_strdup_printf ("answers.%s", key);
      int answer = lookup_name (_mdg_case_answer_names, MDG_N_ANSWERS, key);

      if (answer < 0)
        return fail (error, path, "unknown answer");

      answers->given |= 1u << answer;

      switch ((MdgAnswer) answer)
        {
        case MDG_ANSWER_SCHOOL_DISTRICT_CHANGES:
          if (!read_bool (value, path, &answers->school_district_changes, error))
            return FALSE;
          break;

        case MDG_ANSWER_OWNS_LIGHT_VEHICLE:
          if (!read_bool (value, path, &answers->owns_light_vehicle, error))
            return FALSE;
          break;

        case MDG_ANSWER_SEAL_REGISTRATION:
          if (!read_bool (value, path, &answers->seal_registration, error))
            return FALSE;
          break;

        case MDG_ANSWER_OWNED_REAL_ESTATE:
          if (!read_bool (value, path, &answers->owned_real_estate, error))
            return FALSE;
          break;

        case MDG_ANSWER_REQUESTED_CERTIFICATES:
          if (!read_flags (value, path, mdg_certificate_symbols, &answers->requested_certificates, error))
            return FALSE;
          break;

        case MDG_ANSWER_FUNERAL_HOST:
          if (!read_member_ref (self, value, path, &answers->funeral_host, error))
            return FALSE;
          break;

        case MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT:
          if (!read_member_ref (self, value, path, &answers->child_allowance_recipient, error))
            return FALSE;
          break;

        case MDG_ANSWER_MOTHER:
          if (!read_member_ref (self, value, path, &answers->mother, error))
            return FALSE;
          if (self->members[answers->mother].sex == MDG_SEX_MALE)
            return fail (error, path, "names a member whose sex is male");
          break;

        case MDG_ANSWER_NAME_CHANGES:
          {
            JsonArray *array;

            if (!JSON_NODE_HOLDS_ARRAY (value))
              return fail (error, path, "must be a list of member ids, not %s", node_kind (value));

            array = json_node_get_array (value);
            for (guint i = 0; i < json_array_get_length (array); i++)
              {
                g_autofree char *item_path = g_strdup_printf ("%s[%u]", path, i);
                int member;

                if (!read_member_ref (self, json_array_get_element (array, i), item_path,
                                      &member, error))
                  return FALSE;
                if (answers->name_changes & (G_GUINT64_CONSTANT (1) << member))
                  return fail (error, item_path, "member \"%s\" is listed twice",
                               self->members[member].id);
                answers->name_changes |= G_GUINT64_CONSTANT (1) << member;
              }
          }
          break;

        case MDG_ANSWER_ADDED_PROCEDURES:
          if (!parse_added_procedures (self, value, path, error))
            return FALSE;
          break;

        case MDG_N_ANSWERS:
        default:
          g_assert_not_reached ();
        }
    }

  return TRUE;
}

static gboolean
parse_details (MdgCase   *self,
               JsonNode  *node,
               GError   **error)
{
  g_autoptr(MdgFormBoxes) boxes = NULL;
  g_autoptr(GError) boxes_error = NULL;
  JsonObjectIter iter;
  const char *key;
  JsonNode *value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "details", "must be an object, not %s", node_kind (node));
  if (!(boxes = mdg_form_boxes_load_default (&boxes_error)))
    return fail (error, "details", "%s", boxes_error->message);

  self->details = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &key, &value))
    {
      g_autofree char *path = g_strdup_printf ("details.%s", key);
      const char *text;

      const MdgFormBox *box = mdg_form_boxes_lookup (boxes, key);

      if (box == NULL || mdg_form_box_is_member (box))
        return fail (error, path, "unknown detail (data/forms/boxes.xml declares the details)");
      if (!read_text (value, path, MIN (MDG_DETAIL_MAX_CHARS, mdg_form_box_get_max_length (box)),
                      &text, error))
        return FALSE;
      if (!g_utf8_validate (text, -1, NULL))
        return fail (error, path, "is not valid UTF-8");
      if (g_utf8_strlen (text, -1) > mdg_form_box_get_max_length (box))
        return fail (error, path, "is longer than %u characters", mdg_form_box_get_max_length (box));
      if (text[0] != '\0')
        g_hash_table_insert (self->details, g_strdup (key), g_strdup (text));
    }

  return TRUE;
}

static MdgDay
today_in_tokyo (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 3600);

  now = g_date_time_new_now (tz);
  return mdg_day_new (g_date_time_get_year (now),
                      g_date_time_get_month (now),
                      g_date_time_get_day_of_month (now));
}

static gboolean
parse_case (MdgCase   *self,
            JsonNode  *root,
            MdgDay     today,
            GError   **error)
{
  static const char * const known[] = {
    "event", "event_date", "visit_date", "from", "members", "answers", "details", NULL
  };
  JsonObject *object;
  JsonNode *node;
  JsonArray *members;
  JsonObjectIter iter;
  const char *key;
  int symbol;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return fail (error, "case", "must be a JSON object");

  object = json_node_get_object (root);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (!g_strv_contains (known, key))
        return fail (error, key, "unknown field");
    }

  if (!(node = json_object_get_member (object, "event")))
    return fail (error, "event", "is required");
  if (!read_symbol (node, "event", mdg_event_symbols, &symbol, error))
    return FALSE;
  self->event = symbol;

  if (!(node = json_object_get_member (object, "event_date")))
    return fail (error, "event_date", "is required");
  if (!read_date (node, "event_date", &self->event_date, error))
    return FALSE;

  if ((node = json_object_get_member (object, "visit_date")))
    {
      if (!read_date (node, "visit_date", &self->visit_date, error))
        return FALSE;
      self->has_visit_date = TRUE;
    }
  else
    {
      self->visit_date = today != MDG_DAY_INVALID ? today : today_in_tokyo ();
    }

  if ((node = json_object_get_member (object, "from")))
    {
      if (!read_symbol (node, "from", mdg_origin_symbols, &symbol, error))
        return FALSE;
      self->origin = symbol;
    }
  else if (self->event == MDG_EVENT_MOVE_IN)
    {
      return fail (error, "from", "is required for move_in (same_prefecture, other_prefecture or abroad)");
    }

  if (!(node = json_object_get_member (object, "members")))
    return fail (error, "members", "is required");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, "members", "must be a list, not %s", node_kind (node));

  members = json_node_get_array (node);
  if (json_array_get_length (members) == 0)
    return fail (error, "members", "must list at least one member");
  if (json_array_get_length (members) > MDG_CASE_MAX_MEMBERS)
    return fail (error, "members", "lists more than %d members", MDG_CASE_MAX_MEMBERS);

  self->members = g_new0 (MdgMember, json_array_get_length (members));
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      /* count only members that parsed, so that unref frees exactly those */
      self->n_members = i + 1;
      if (!parse_member (self, i, json_array_get_element (members, i), error))
        return FALSE;
    }

  self->answers.funeral_host = -1;
  self->answers.child_allowance_recipient = -1;
  self->answers.mother = -1;
  if ((node = json_object_get_member (object, "answers")) && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!parse_answers (self, node, error))
        return FALSE;
    }

  if ((node = json_object_get_member (object, "details")) && !JSON_NODE_HOLDS_NULL (node))
    {
      if (!parse_details (self, node, error))
        return FALSE;
    }

  if (self->event == MDG_EVENT_DEATH)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < self->n_members; i++)
        any |= self->members[i].deceased;
      if (!any)
        return fail (error, "members", "a death case needs the member who died (\"deceased\": true)");
    }
  else if (self->event == MDG_EVENT_BIRTH)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < self->n_members; i++)
        any |= self->members[i].birth == self->event_date;
      if (!any)
        return fail (error, "members", "a birth case needs the newborn (birth_date equal to event_date)");
    }

  return TRUE;
}

/**
 * mdg_case_new_from_node:
 * @node: the case file's root
 * @today: the default visit date, or %MDG_DAY_INVALID for today in Asia/Tokyo
 * @error: set to %MDG_CORE_ERROR_INVALID_CASE with "field: reason"
 *
 * Returns: (transfer full) (nullable): the case
 */
MdgCase *
mdg_case_new_from_node (JsonNode  *node,
                        MdgDay     today,
                        GError   **error)
{
  MdgCase *self = g_new0 (MdgCase, 1);

  g_atomic_ref_count_init (&self->ref_count);

  if (!parse_case (self, node, today, error))
    {
      mdg_case_unref (self);
      return NULL;
    }

  return self;
}

/**
 * mdg_case_new_from_data:
 *
 * Returns: (transfer full) (nullable): the case, or %NULL with @error set.
 * A JSON syntax error names the line.
 */
MdgCase *
mdg_case_new_from_data (const char  *data,
                        gssize       length,
                        MdgDay       today,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  if (length < 0)
    length = strlen (data);

  /* Before the parser: json-glib recurses, and "\u0000" would cut a name. */
  if (!mdg_json_check (data, length, MDG_JSON_MAX_DEPTH, &local_error))
    {
      set_case_error (error, local_error->message);
      return NULL;
    }

  if (!g_utf8_validate (data, length, NULL))
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                           "case: not UTF-8 text");
      return NULL;
    }

  if (length == 0 || !json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_autofree char *message = g_strdup_printf ("case: not valid JSON: %s",
                                                  local_error ? local_error->message
                                                              : "the file is empty");
      set_case_error (error, message);
      return NULL;
    }

  return mdg_case_new_from_node (json_parser_get_root (parser), today, error);
}
