/* mdg-case.c: residents, households and the case file
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case"

#include "config.h"

#include <string.h>

#include "mdg-case.h"
#include "mdg-core-error.h"
#include "mdg-core-symbols-private.h"
#include "mdg-form-boxes.h"
#include "mdg-input.h"

struct _MdgCase
{
  gatomicrefcount  ref_count;
  MdgEvent         event;
  MdgDay           event_date;
  MdgDay           visit_date;
  MdgOrigin        origin;
  guint            n_members;
  MdgMember       *members;
  MdgCaseAnswers   answers;
  GHashTable      *details;      /* key -> value, nullable */
  guint            has_visit_date : 1;
};

/* The longest a form's box prints, in characters: the narrowest name box
 * (46 mm, data/forms) holds about two lines of 65 Latin letters at the
 * smallest size (MDG_RENDER_MIN_FONT_SIZE, 4 pt); kana have their own band. */
#define MDG_NAME_MAX_CHARS   100
#define MDG_KANA_MAX_CHARS   200
#define MDG_ID_MAX_CHARS     64
#define MDG_DETAIL_MAX_CHARS 300

G_DEFINE_BOXED_TYPE (MdgCase, mdg_case, mdg_case_ref, mdg_case_unref)

static const char * const member_field_names[MDG_N_MEMBER_FIELDS] = {
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

static const char * const answer_names[MDG_N_ANSWERS] = {
  [MDG_ANSWER_SCHOOL_DISTRICT_CHANGES] = "school_district_changes",
  [MDG_ANSWER_OWNS_LIGHT_VEHICLE] = "owns_light_vehicle",
  [MDG_ANSWER_REQUESTED_CERTIFICATES] = "requested_certificates",
  [MDG_ANSWER_SEAL_REGISTRATION] = "seal_registration",
  [MDG_ANSWER_OWNED_REAL_ESTATE] = "owned_real_estate",
  [MDG_ANSWER_FUNERAL_HOST] = "funeral_host",
  [MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT] = "child_allowance_recipient",
  [MDG_ANSWER_MOTHER] = "mother",
  [MDG_ANSWER_NAME_CHANGES] = "name_changes",
};

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

static void
member_clear (MdgMember *member)
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
      int field = lookup_name (member_field_names, MDG_N_MEMBER_FIELDS, key);
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
      int answer = lookup_name (answer_names, MDG_N_ANSWERS, key);

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
    member_clear (&self->members[i]);
  g_free (self->members);
  g_clear_pointer (&self->details, g_hash_table_unref);
  g_free (self);
}

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

      json_builder_set_member_name (builder, member_field_names[field]);

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

      json_builder_set_member_name (builder, answer_names[answer]);

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
