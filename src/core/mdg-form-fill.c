/* mdg-form-fill.c: a layout's bindings resolved against a case
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bindings:
 *   case:    visit_date, event_date, deadline, event, origin, procedures,
 *            procedure_names, concerned_count, census_year (the event falls in
 *            a 国勢調査 year: 1 April of a year ending in 0 or 5 to the next
 *            31 March), multiple_birth (true when a birth brought more than
 *            one newborn), answers.<requested_certificates | seal_registration |
 *            owned_real_estate | school_district_changes | owns_light_vehicle>
 *   details: the case file's "details", one per box that data/forms/boxes.xml
 *            declares (addresses, phone, bank account…); the @extras object
 *            of mdg_form_fill(), when given, overrides them (what staff are
 *            typing right now)
 *   members: <role>.<field> with role head, applicant (the layout's
 *            "applicant"), deceased, funeral_host, recipient, first (the
 *            first member the form concerns), husband / father and wife (the
 *            male and female of the head and the head's spouse), mother (the
 *            "mother" answer, else the wife), informant (on a death the
 *            funeral host, else the first survivor; otherwise the head),
 *            recipient_spouse (the claimant's 配偶者); in a member table
 *            member.<field> and row (the row number)
 *   derived: a box left empty that the household answers is proposed
 *            (mdg_form_propose_detail(): 続柄 長男・二女…, the account holder)
 *   "when":  a box prints only when its condition holds; a signature spot's
 *            signer is its role, and the applicant of a marriage or divorce
 *            is the party (husband or wife) who signs for every form
 *   fields:  name, kana, birth_date, sex, relation, nationality, insurance,
 *            residence_status, pension, age, grade, school_level,
 *            mynumber_card, moving, public_servant, ltc_certified, together
 *            (同居 after the event), mental_handbook (holds one), and the
 *            member boxes of boxes.xml (individual_number, previous_name)
 *   The vocabulary is mdg-form-bindings.c.
 */

#define G_LOG_DOMAIN "mdg-form-fill"

#include "config.h"

#include <string.h>

#include "mdg-form-bindings-private.h"
#include "mdg-form-roles-private.h"
#include "mdg-form-private.h"

typedef enum
{
  VALUE_NONE,
  VALUE_TEXT,
  VALUE_DAY,
  VALUE_SET,
} ValueKind;

typedef struct
{
  ValueKind             kind;
  char                 *text;     /* TEXT: the value ("male", "move_in", "true", "熊本 太郎") */
  MdgDay                day;
  GStrv                 set;
  MdgFormMissingReason  reason;   /* NONE */
} Value;

typedef struct
{
  MdgFormLayout     *layout;
  MdgCase           *kase;
  MdgGuidance       *guidance;
  const char        *procedure_id;
  JsonObject        *extras;
  guint64            concerned;
} Filler;

static void
value_clear (Value *value)
{
  g_clear_pointer (&value->text, g_free);
  g_clear_pointer (&value->set, g_strfreev);
}

static void
set_text (Value      *value,
          const char *text)
{
  if (text == NULL || text[0] == '\0')
    return;
  value->kind = VALUE_TEXT;
  value->text = g_strdup (text);
}

static void
set_bool (Value    *value,
          gboolean  yes)
{
  set_text (value, yes ? "true" : "false");
}

static void
set_day (Value  *value,
         MdgDay  day)
{
  if (day == MDG_DAY_INVALID)
    return;
  value->kind = VALUE_DAY;
  value->day = day;
}

static void
set_extra (Value      *value,
           JsonObject *object,
           const char *key)
{
  JsonNode *node;

  value->reason = MDG_FORM_MISSING_NOT_IN_CASE;
  if (object == NULL || !(node = json_object_get_member (object, key)) ||
      !JSON_NODE_HOLDS_VALUE (node))
    return;
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    set_text (value, json_node_get_string (node));
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));

      set_text (value, text);
    }
}

static int
find_role (Filler     *filler,
           const char *role)
{
  return _mdg_form_find_role (filler->layout, filler->kase, filler->concerned, role);
}

static const char *
enum_name (guint               value,
           const char * const *names,
           guint               n)
{
  return value < n ? names[value] : NULL;
}

#define ENUM_NAME(value, names) enum_name (value, names, G_N_ELEMENTS (names))

static void
resolve_member (Filler     *filler,
                int         index,
                const char *field,
                Value      *value)
{
  static const char * const sexes[] = { NULL, "male", "female" };
  static const char * const relations[] = { "head", "spouse", "child", "parent", "other" };
  static const char * const insurances[] = { "nhi", "employee", "lei", "welfare", "none" };
  static const char * const statuses[] = { NULL, "mid_long_term", "special_permanent" };
  const MdgMember *member;
  MdgDay at = mdg_case_get_event_date (filler->kase);

  value->reason = MDG_FORM_MISSING_UNANSWERED;
  if (index < 0 || index >= (int) mdg_case_get_n_members (filler->kase))
    return;
  member = mdg_case_get_member (filler->kase, index);

  /* a member's box typed at the counter (@extras) wins over the case */
  if (_mdg_form_binding_is_member_box (filler->layout->boxes, field))
    {
      JsonObject *members = NULL;
      JsonObject *object = NULL;

      if (filler->extras != NULL && json_object_has_member (filler->extras, "members") &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (filler->extras, "members")))
        members = json_object_get_object_member (filler->extras, "members");
      if (members != NULL && json_object_has_member (members, member->id) &&
          JSON_NODE_HOLDS_OBJECT (json_object_get_member (members, member->id)))
        object = json_object_get_object_member (members, member->id);
      set_extra (value, object, field);
      if (value->kind != VALUE_NONE)
        return;
    }

  if (strcmp (field, "individual_number") == 0)
    set_text (value, member->individual_number);
  else if (strcmp (field, "previous_name") == 0)
    set_text (value, member->previous_name);
  else if (strcmp (field, "name") == 0)
    set_text (value, member->name);
  else if (strcmp (field, "kana") == 0)
    set_text (value, member->kana);
  else if (strcmp (field, "birth_date") == 0)
    set_day (value, member->birth);
  else if (strcmp (field, "sex") == 0)
    set_text (value, ENUM_NAME (member->sex, sexes));
  else if (strcmp (field, "relation") == 0)
    set_text (value, ENUM_NAME (member->relation, relations));
  else if (strcmp (field, "nationality") == 0)
    set_text (value, member->nationality);
  else if (strcmp (field, "insurance") == 0)
    set_text (value, ENUM_NAME (member->insurance, insurances));
  else if (strcmp (field, "residence_status") == 0)
    set_text (value, ENUM_NAME (member->residence_status, statuses));
  else if (strcmp (field, "pension") == 0)
    {
      char text[2] = { '0' + member->pension, '\0' };

      set_text (value, text);
    }
  else if (strcmp (field, "age") == 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", MAX (mdg_date_age_at (member->birth, at), 0));

      set_text (value, text);
    }
  else if (strcmp (field, "grade") == 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", mdg_date_school_grade (member->birth, at));

      set_text (value, text);
    }
  else if (strcmp (field, "school_level") == 0)
    {
      int grade = mdg_date_school_grade (member->birth, at);

      set_text (value, grade >= 1 && grade <= 6 ? "elementary" :
                       grade >= 7 && grade <= 9 ? "junior_high" : NULL);
    }
  else if (strcmp (field, "mynumber_card") == 0)
    set_bool (value, member->mynumber_card);
  else if (strcmp (field, "moving") == 0)
    set_bool (value, member->moving);
  else if (strcmp (field, "public_servant") == 0)
    set_bool (value, member->public_servant);
  else if (strcmp (field, "ltc_certified") == 0)
    set_bool (value, member->ltc_certified);
  else if (strcmp (field, "mental_handbook") == 0)
    set_bool (value, (member->handbooks & MDG_HANDBOOK_MENTAL) != 0);
  else if (strcmp (field, "together") == 0)
    {
      /* 同居: living in the household after the event (a move: moving with it) */
      set_bool (value, !member->deceased &&
                       (!mdg_event_is_move (mdg_case_get_event (filler->kase)) || member->moving));
    }
  else
    g_assert_not_reached ();
}

/* The member a binding names: the row's in a member table, else its role's. */
static int
binding_member (Filler     *filler,
                const char *binding,
                int         row_member)
{
  const char *dot = strchr (binding, '.');
  g_autofree char *role = NULL;

  if (g_str_has_prefix (binding, "member."))
    return row_member;
  if (dot == NULL || _mdg_form_binding_is_case_fact (binding))
    return -1;

  role = g_strndup (binding, dot - binding);
  return find_role (filler, role);
}

static gboolean
item_counts (Filler                *filler,
             const MdgGuidanceItem *item)
{
  if (filler->procedure_id != NULL)
    return strcmp (item->procedure->id, filler->procedure_id) == 0;

  return mdg_form_layout_serves (filler->layout, item->procedure->id);
}

static void
resolve_case (Filler     *filler,
              const char *binding,
              Value      *value)
{
  static const char * const origins[] = {
    NULL, "same_prefecture", "other_prefecture", "abroad",
  };
  static const char * const certificates[] = { "residence", "family_register", "tax", "seal" };
  const MdgCaseAnswers *answers = mdg_case_get_answers (filler->kase);

  value->reason = MDG_FORM_MISSING_UNANSWERED;

  if (strcmp (binding, "visit_date") == 0)
    set_day (value, mdg_case_get_visit_date (filler->kase));
  else if (strcmp (binding, "event_date") == 0)
    set_day (value, mdg_case_get_event_date (filler->kase));
  else if (strcmp (binding, "event") == 0)
    set_text (value, mdg_event_to_string (mdg_case_get_event (filler->kase)));
  else if (strcmp (binding, "origin") == 0)
    set_text (value, ENUM_NAME (mdg_case_get_origin (filler->kase), origins));
  else if (strcmp (binding, "deadline") == 0 || strcmp (binding, "procedures") == 0 ||
           strcmp (binding, "procedure_names") == 0)
    {
      g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();
      g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
      MdgDay deadline = MDG_DAY_INVALID;

      for (guint i = 0; filler->guidance != NULL &&
                        i < mdg_guidance_get_n_items (filler->guidance); i++)
        {
          const MdgGuidanceItem *item = mdg_guidance_get_item (filler->guidance, i);

          if (!item_counts (filler, item))
            continue;
          g_strv_builder_add (ids, item->procedure->id);
          g_strv_builder_add (names, item->procedure->name);
          if (item->deadline != MDG_DAY_INVALID &&
              (deadline == MDG_DAY_INVALID || item->deadline < deadline))
            deadline = item->deadline;
        }
      if (binding[0] == 'd')
        set_day (value, deadline);
      else if (strcmp (binding, "procedure_names") == 0)
        {
          g_auto(GStrv) list = g_strv_builder_end (names);
          g_autofree char *text = g_strjoinv ("・", list);

          set_text (value, text);
        }
      else
        {
          value->kind = VALUE_SET;
          value->set = g_strv_builder_end (ids);
          if (value->set[0] == NULL && filler->procedure_id != NULL)
            {
              /* A form printed for a procedure the rules did not pick: it
               * is still that procedure's form. */
              g_strfreev (value->set);
              value->set = g_strdupv ((char *[]) { (char *) filler->procedure_id, NULL });
            }
        }
    }
  else if (strcmp (binding, "census_year") == 0)
    {
      MdgDay event = mdg_case_get_event_date (filler->kase);
      int year, month, day;

      if (event == MDG_DAY_INVALID)
        return;
      /* 国勢調査 is taken in years ending in 0 or 5 (統計法第5条第2項); the
       * notices of its year, 1 April to the next 31 March, add 職業・産業. */
      mdg_day_to_ymd (event, &year, &month, &day);
      if (month < 4)
        year--;
      set_bool (value, year % 5 == 0);
    }
  else if (strcmp (binding, "concerned_count") == 0)
    {
      guint n = 0;

      for (guint i = 0; i < 64; i++)
        n += (filler->concerned >> i) & 1;
      if (n > 0)
        {
          g_autofree char *text = g_strdup_printf ("%u", n);

          set_text (value, text);
        }
    }
  else if (strcmp (binding, "multiple_birth") == 0)
    {
      guint n = 0;

      /* 単胎・多胎: the household knows how many were born that day */
      for (guint i = 0; i < mdg_case_get_n_members (filler->kase); i++)
        n += _mdg_form_is_newborn (filler->kase, mdg_case_get_member (filler->kase, i));
      if (n > 0)
        set_bool (value, n > 1);
    }
  else if (strcmp (binding, "answers.requested_certificates") == 0)
    {
      g_autoptr(GStrvBuilder) set = g_strv_builder_new ();

      if (!(answers->given & (1u << MDG_ANSWER_REQUESTED_CERTIFICATES)))
        return;
      for (guint i = 0; i < G_N_ELEMENTS (certificates); i++)
        {
          if (answers->requested_certificates & (1u << i))
            g_strv_builder_add (set, certificates[i]);
        }
      value->kind = VALUE_SET;
      value->set = g_strv_builder_end (set);
    }
  else
    {
      static const struct {
        const char *binding;
        MdgAnswer   answer;
        gsize       offset;
      } flags[] = {
        { "answers.seal_registration", MDG_ANSWER_SEAL_REGISTRATION,
          G_STRUCT_OFFSET (MdgCaseAnswers, seal_registration) },
        { "answers.owned_real_estate", MDG_ANSWER_OWNED_REAL_ESTATE,
          G_STRUCT_OFFSET (MdgCaseAnswers, owned_real_estate) },
        { "answers.school_district_changes", MDG_ANSWER_SCHOOL_DISTRICT_CHANGES,
          G_STRUCT_OFFSET (MdgCaseAnswers, school_district_changes) },
        { "answers.owns_light_vehicle", MDG_ANSWER_OWNS_LIGHT_VEHICLE,
          G_STRUCT_OFFSET (MdgCaseAnswers, owns_light_vehicle) },
      };

      for (guint i = 0; i < G_N_ELEMENTS (flags); i++)
        {
          if (strcmp (binding, flags[i].binding) != 0)
            continue;
          if (answers->given & (1u << flags[i].answer))
            set_bool (value, G_STRUCT_MEMBER (gboolean, answers, flags[i].offset));
          return;
        }
      g_assert_not_reached ();
    }
}

/* A box nobody typed prints what the household proposes for it, if the box
 * declares a proposal (mdg_form_propose_detail()). */
static void
resolve (Filler     *filler,
         const char *binding,
         int         row_member,
         int         row,
         Value      *value)
{
  const char *dot = strchr (binding, '.');

  if (_mdg_form_binding_is_case_box (filler->layout->boxes, binding))
    {
      const MdgFormBox *box = mdg_form_boxes_lookup (filler->layout->boxes, binding);
      MdgDay day;

      set_extra (value, filler->extras, binding);
      if (value->kind == VALUE_NONE)
        set_text (value, mdg_case_get_detail (filler->kase, binding));
      if (value->kind == VALUE_NONE)
        {
          g_autofree char *proposed = mdg_form_propose_detail (filler->kase, box);

          set_text (value, proposed);
        }
      /* a date box keeps 2026-12-07: a day, printed as the cell's format says */
      if (value->kind == VALUE_TEXT && mdg_form_box_get_kind (box) == MDG_FORM_BOX_DATE &&
          mdg_day_parse_iso (value->text, &day, NULL))
        {
          g_clear_pointer (&value->text, g_free);
          set_day (value, day);
        }
    }
  else if (strcmp (binding, "row") == 0)
    {
      g_autofree char *text = g_strdup_printf ("%d", row + 1);

      set_text (value, text);
    }
  else if (_mdg_form_binding_is_case_fact (binding))
    resolve_case (filler, binding, value);
  else if (g_str_has_prefix (binding, "member."))
    resolve_member (filler, row_member, dot + 1, value);
  else
    {
      g_autofree char *role = g_strndup (binding, dot - binding);

      resolve_member (filler, find_role (filler, role), dot + 1, value);
    }
}

static const char *
nationality_name (const char *code)
{
  static const char * const names[][2] = {
    { "JP", "日本" }, { "CN", "中国" }, { "KR", "韓国" }, { "VN", "ベトナム" },
    { "PH", "フィリピン" }, { "BR", "ブラジル" }, { "NP", "ネパール" }, { "ID", "インドネシア" },
    { "US", "アメリカ合衆国" }, { "TW", "台湾" }, { "TH", "タイ" }, { "MM", "ミャンマー" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (strcmp (names[i][0], code) == 0)
        return names[i][1];
    }

  return code;
}

/* What a FIELD prints for a value: enums in the words of the paper form. */
static char *
format_value (const MdgFormCell *cell,
              const Value       *value)
{
  static const char * const words[][2] = {
    { "male", "男" }, { "female", "女" },
    { "head", "世帯主" }, { "spouse", "配偶者" }, { "child", "子" }, { "parent", "父母" },
    { "other", "その他" },
    { "nhi", "国民健康保険" }, { "employee", "被用者保険" }, { "lei", "後期高齢者医療" },
    { "welfare", "生活保護" }, { "none", "なし" },
    { "move_in", "転入" }, { "move_within_ward", "転居" }, { "move_between_wards", "区間異動" },
    { "move_out", "転出" }, { "death", "死亡" }, { "birth", "出生" }, { "marriage", "婚姻" },
    { "divorce", "離婚" },
    { "same_prefecture", "県内" }, { "other_prefecture", "県外" }, { "abroad", "国外" },
    { "mid_long_term", "中長期在留者" }, { "special_permanent", "特別永住者" },
    { "elementary", "小学校" }, { "junior_high", "中学校" },
    { "true", "有" }, { "false", "無" },
  };

  switch (value->kind)
    {
    case VALUE_NONE:
      return NULL;

    case VALUE_DAY:
      if (strcmp (cell->format, "iso") == 0)
        return mdg_day_dup_iso (value->day);
      return mdg_date_format_wareki (value->day);

    case VALUE_SET:
      return value->set[0] != NULL ? g_strjoinv ("、", value->set) : NULL;

    case VALUE_TEXT:
    default:
      break;
    }

  if (strcmp (cell->format, "wareki") == 0)
    {
      MdgDay day;

      /* a date box typed at the counter, kept as 2026-12-07 */
      if (mdg_day_parse_iso (value->text, &day, NULL))
        return mdg_date_format_wareki (day);
    }
  if (strcmp (cell->format, "nationality") == 0)
    return g_strdup (nationality_name (value->text));
  if (strcmp (cell->format, "age") == 0)
    return g_strdup_printf ("%s歳", value->text);
  if (strcmp (cell->format, "grade") == 0)
    {
      int grade = atoi (value->text);

      if (grade >= 1 && grade <= 6)
        return g_strdup_printf ("小学校%d年", grade);
      if (grade >= 7 && grade <= 9)
        return g_strdup_printf ("中学校%d年", grade - 6);
      return NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      if (strcmp (words[i][0], value->text) == 0)
        return g_strdup (words[i][1]);
    }

  return g_strdup (value->text);
}

/* An option's value may list alternatives: "move_within_ward|move_between_wards". */
static gboolean
value_matches (const Value *value,
               const char  *option)
{
  if (strchr (option, '|') != NULL)
    {
      g_auto(GStrv) alternatives = g_strsplit (option, "|", -1);

      for (guint i = 0; alternatives[i] != NULL; i++)
        {
          if (value_matches (value, alternatives[i]))
            return TRUE;
        }
      return FALSE;
    }

  switch (value->kind)
    {
    case VALUE_TEXT:
      return strcmp (value->text, option) == 0;
    case VALUE_SET:
      return g_strv_contains ((const char * const *) value->set, option);
    case VALUE_DAY:
    case VALUE_NONE:
    default:
      return FALSE;
    }
}

static guint64
table_members (Filler             *filler,
               const MdgFormTable *table)
{
  guint64 mask = 0;

  for (guint i = 0; i < mdg_case_get_n_members (filler->kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (filler->kase, i);
      gboolean in = FALSE;

      switch (table->rows)
        {
        case MDG_FORM_ROWS_CONCERNED:
          in = (filler->concerned >> i) & 1;
          break;
        case MDG_FORM_ROWS_HOUSEHOLD:
          in = TRUE;
          break;
        case MDG_FORM_ROWS_CHILDREN:
          /* 児童: up to the end of the school year in which they reach 18 */
          in = !member->deceased &&
               mdg_date_end_of_school_year_reaching (member->birth, 18) >=
               mdg_case_get_event_date (filler->kase);
          break;
        case MDG_FORM_ROWS_NEWBORNS:
          in = _mdg_form_is_newborn (filler->kase, member);
          break;
        case MDG_FORM_ROWS_REMAINING:
          in = !member->deceased &&
               !(mdg_event_is_move (mdg_case_get_event (filler->kase)) && member->moving);
          break;
        default:
          g_assert_not_reached ();
        }
      if (in)
        mask |= G_GUINT64_CONSTANT (1) << i;
    }

  return mask;
}

/* 氏名の振り仮名 (戸籍法第13条, from 2025-05-26): the notices print the
 * よみかた in hiragana. Katakana ァ (U+30A1) … ヶ (U+30F6) are 3 bytes in
 * UTF-8, as are their hiragana (U+3041 …), so this works in place. */
static void
to_hiragana (char *text)
{
  for (char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0x30A1 && c <= 0x30F6)
        g_unichar_to_utf8 (c - 0x60, p);
    }
}

/* A layout's "when": "binding", "binding=value" or "binding!=value". */
static gboolean
condition_holds (Filler     *filler,
                 const char *when)
{
  const char *op = strchr (when, '=');
  gboolean negate = op != NULL && op > when && op[-1] == '!';
  g_autofree char *binding = g_strndup (when, op == NULL ? strlen (when) :
                                              (gsize) (op - when - (negate ? 1 : 0)));
  Value value = { 0 };
  gboolean holds;

  resolve (filler, binding, -1, 0, &value);
  if (op == NULL)
    holds = value_matches (&value, "true");
  else if (negate)
    holds = !value_matches (&value, op + 1);
  else
    holds = value_matches (&value, op + 1);
  value_clear (&value);

  return holds;
}

/* Who signs a spot: its role, except that the applicant of a marriage or
 * divorce is one of the parties, who signs once for every form. */
static const char *
resolve_signer (Filler     *filler,
                const char *signer)
{
  MdgEvent event = mdg_case_get_event (filler->kase);
  int applicant;

  if (strcmp (signer, "applicant") != 0 ||
      (event != MDG_EVENT_MARRIAGE && event != MDG_EVENT_DIVORCE))
    return signer;
  applicant = find_role (filler, "applicant");
  if (applicant >= 0 && applicant == find_role (filler, "husband"))
    return "husband";
  if (applicant >= 0 && applicant == find_role (filler, "wife"))
    return "wife";

  return signer;
}

/* Fills one copy of the cells of the pages that @page_map maps (all pages
 * for the first copy, the pages holding member tables for continuations,
 * G_MAXUINT for the others). */
static void
fill_copy (Filler        *filler,
           MdgFilledForm *form,
           guint          copy,
           guint          n_copies,
           const guint   *page_map)
{
  MdgFormLayout *layout = filler->layout;
  g_autofree int *rows = NULL;
  guint max_rows = 1;

  for (guint t = 0; t < layout->tables->len; t++)
    max_rows = MAX (max_rows, g_array_index (layout->tables, MdgFormTable, t).n_rows);
  rows = g_new (int, (gsize) layout->tables->len * max_rows + 1);

  /* Which case member each table row shows in this copy. */
  for (guint t = 0; t < layout->tables->len; t++)
    {
      const MdgFormTable *table = &g_array_index (layout->tables, MdgFormTable, t);
      guint64 mask = table_members (filler, table);
      guint skip = copy * table->n_rows;
      guint r = 0;

      for (guint i = 0; i < 64 && r < table->n_rows; i++)
        {
          if (!(mask & (G_GUINT64_CONSTANT (1) << i)))
            continue;
          if (skip > 0)
            {
              skip--;
              continue;
            }
          rows[t * max_rows + r++] = i;
        }
      for (; r < table->n_rows; r++)
        rows[t * max_rows + r] = -1;
    }

  for (guint c = 0; c < layout->cells->len; c++)
    {
      const MdgFormCell *template = &g_array_index (layout->cells, MdgFormCell, c);
      MdgFormCell cell;
      Value value = { 0 };
      Value kana = { 0 };
      int member = -1;

      if (page_map[template->page] == G_MAXUINT)
        continue;
      if (template->when != NULL && !condition_holds (filler, template->when))
        continue;
      if (template->table >= 0)
        {
          member = rows[template->table * max_rows + template->member_slot];
          if (member < 0 && template->kind != MDG_FORM_CELL_TEXT)
            {
              /* An unused row: its boxes stay, empty. */
              _mdg_form_cell_copy (&cell, template);
              cell.page = page_map[template->page];
              g_clear_pointer (&cell.placeholder, g_free);
              cell.flags |= MDG_FORM_CELL_OPTIONAL;
              g_array_append_val (form->cells, cell);
              continue;
            }
        }

      _mdg_form_cell_copy (&cell, template);
      cell.page = page_map[template->page];
      if (template->kind == MDG_FORM_CELL_SIGNATURE)
        {
          g_free (cell.signer);
          cell.signer = g_strdup (resolve_signer (filler, template->signer));
        }

      if (template->bind != NULL)
        {
          int row = template->member_slot;

          if (template->table >= 0)
            row += copy * g_array_index (layout->tables, MdgFormTable, template->table).n_rows;
          resolve (filler, template->bind, member, row, &value);
          switch (template->kind)
            {
            case MDG_FORM_CELL_FIELD:
              g_free (cell.text);
              cell.text = format_value (template, &value);
              break;
            case MDG_FORM_CELL_CHOICE:
            case MDG_FORM_CELL_CHECK:
              for (guint o = 0; o < cell.options->len; o++)
                {
                  const MdgFormOption *option = g_ptr_array_index (cell.options, o);

                  if (value_matches (&value, option->value))
                    cell.chosen |= G_GUINT64_CONSTANT (1) << o;
                }
              break;
            case MDG_FORM_CELL_TEXT:
            case MDG_FORM_CELL_SIGNATURE:
            case MDG_FORM_CELL_STAFF:
            case MDG_FORM_CELL_FRAME:
            case MDG_FORM_CELL_LINE:
            default:
              break;
            }
        }
      if (template->kana_bind != NULL)
        {
          resolve (filler, template->kana_bind, member, template->member_slot, &kana);
          cell.kana = format_value (template, &kana);
          if (cell.kana != NULL && strcmp (template->format, "yomikata") == 0)
            to_hiragana (cell.kana);
        }

      if (template->kind == MDG_FORM_CELL_FIELD || template->kind == MDG_FORM_CELL_CHOICE)
        {
          gboolean empty = template->kind == MDG_FORM_CELL_FIELD ?
                           cell.text == NULL : value.kind == VALUE_NONE;

          if (empty && !(template->flags & MDG_FORM_CELL_OPTIONAL))
            {
              MdgFormMissing missing = { GUINT_TO_POINTER (form->cells->len + 1), value.reason,
                                         _mdg_form_binding_get_box (layout->boxes, template->bind),
                                         binding_member (filler, template->bind, member) };

              g_array_append_val (form->missing, missing);
            }
          else if (template->kana_bind != NULL && cell.kana == NULL &&
                   !(template->flags & MDG_FORM_CELL_OPTIONAL))
            {
              MdgFormMissing missing = { GUINT_TO_POINTER (form->cells->len + 1), kana.reason,
                                         _mdg_form_binding_get_box (layout->boxes, template->kana_bind),
                                         binding_member (filler, template->kana_bind, member) };

              g_array_append_val (form->missing, missing);
            }
        }

      value_clear (&value);
      value_clear (&kana);
      g_array_append_val (form->cells, cell);
    }

  if (n_copies > 1)
    {
      MdgFormCell cell = { 0 };

      for (guint p = 0; p < layout->n_pages; p++)
        {
          if (page_map[p] == G_MAXUINT)
            continue;
          cell.kind = MDG_FORM_CELL_TEXT;
          cell.page = page_map[p];
          cell.rect = (MdgFormRect) { layout->width - 50, 4, 40, 5 };
          cell.font_size = 8;
          cell.align = MDG_FORM_ALIGN_END;
          cell.member_slot = -1;
          cell.table = -1;
          cell.text = g_strdup_printf ("（%u枚中%u枚目）", n_copies, copy + 1);
          g_array_append_val (form->cells, cell);
        }
    }
}

MdgFilledForm *
mdg_form_fill (MdgFormLayout *layout,
               MdgCase       *kase,
               MdgGuidance   *guidance,
               const char    *procedure_id,
               JsonObject    *extras)
{
  MdgFilledForm *form;
  Filler filler = { layout, kase, guidance, procedure_id, extras, 0 };
  g_autofree guint *page_map = NULL;
  gboolean *table_pages;
  guint n_copies = 1;

  g_return_val_if_fail (layout != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  for (guint i = 0; guidance != NULL && i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);

      if (item_counts (&filler, item))
        filler.concerned |= item->members;
    }

  form = g_new0 (MdgFilledForm, 1);
  g_atomic_ref_count_init (&form->ref_count);
  form->layout = mdg_form_layout_ref (layout);
  form->cells = g_array_new (FALSE, TRUE, sizeof (MdgFormCell));
  form->missing = g_array_new (FALSE, TRUE, sizeof (MdgFormMissing));
  form->members = filler.concerned;

  page_map = g_new (guint, layout->n_pages);
  table_pages = g_newa (gboolean, layout->n_pages);
  memset (table_pages, 0, sizeof (gboolean) * layout->n_pages);
  for (guint t = 0; t < layout->tables->len; t++)
    {
      const MdgFormTable *table = &g_array_index (layout->tables, MdgFormTable, t);
      guint64 mask = table_members (&filler, table);
      guint n = 0;

      for (guint i = 0; i < 64; i++)
        n += (mask >> i) & 1;
      n_copies = MAX (n_copies, (n + table->n_rows - 1) / table->n_rows);
      table_pages[table->page] = TRUE;
    }

  for (guint p = 0; p < layout->n_pages; p++)
    page_map[p] = p;
  form->n_pages = layout->n_pages;
  fill_copy (&filler, form, 0, n_copies, page_map);

  for (guint copy = 1; copy < n_copies; copy++)
    {
      for (guint p = 0; p < layout->n_pages; p++)
        page_map[p] = table_pages[p] ? form->n_pages++ : G_MAXUINT;
      fill_copy (&filler, form, copy, n_copies, page_map);
    }

  /* The array no longer grows: cell indices become pointers. */
  for (guint i = 0; i < form->missing->len; i++)
    {
      MdgFormMissing *missing = &g_array_index (form->missing, MdgFormMissing, i);

      missing->cell = &g_array_index (form->cells, MdgFormCell,
                                      GPOINTER_TO_UINT (missing->cell) - 1);
    }

  return form;
}
