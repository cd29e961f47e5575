/* test-case.c: the case file: defaults, strict validation, JSON in and out
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "test-core.h"
#include "test-util.h"

static const char example[] =
  "{\n"
  "  \"event\": \"move_in\",\n"
  "  \"event_date\": \"2026-01-15\",\n"
  "  \"visit_date\": \"2026-01-20\",\n"
  "  \"from\": \"other_prefecture\",\n"
  "  \"members\": [\n"
  "    {\"id\": \"m1\", \"name\": \"熊本 太郎\", \"kana\": \"クマモト タロウ\", \"birth_date\": \"1985-06-01\",\n"
  "     \"sex\": \"male\", \"relation\": \"head\", \"nationality\": \"JP\", \"insurance\": \"employee\",\n"
  "     \"mynumber_card\": true, \"public_servant\": false, \"ltc_certified\": false,\n"
  "     \"handbooks\": [\"physical\"], \"benefits\": [\"child_allowance\"], \"school\": \"public\",\n"
  "     \"moving\": true, \"deceased\": false},\n"
  "    {\"id\": \"m2\", \"birth_date\": \"1987-03-03\", \"relation\": \"spouse\", \"insurance\": \"employee\"},\n"
  "    {\"id\": \"m3\", \"birth_date\": \"1950-01-16\", \"relation\": \"parent\", \"moving\": false},\n"
  "    {\"id\": \"m4\", \"birth_date\": \"1951-01-15\", \"relation\": \"parent\", \"insurance\": \"welfare\"},\n"
  "    {\"id\": \"m5\", \"birth_date\": \"2020-02-29\"}\n"
  "  ],\n"
  "  \"answers\": {\"requested_certificates\": [\"residence\", \"tax\"], \"funeral_host\": \"m2\",\n"
  "              \"name_changes\": [\"m2\", \"m5\"]}\n"
  "}\n";

static void
test_case_example (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (example, -1, MDG_DAY_INVALID, &error);
  const MdgMember *m;
  const MdgCaseAnswers *answers;

  g_assert_no_error (error);
  g_assert_cmpint (mdg_case_get_event (kase), ==, MDG_EVENT_MOVE_IN);
  g_assert_cmpuint (mdg_case_get_event_date (kase), ==, mdg_day_new (2026, 1, 15));
  g_assert_cmpuint (mdg_case_get_visit_date (kase), ==, mdg_day_new (2026, 1, 20));
  g_assert_cmpint (mdg_case_get_origin (kase), ==, MDG_ORIGIN_OTHER_PREFECTURE);
  g_assert_cmpuint (mdg_case_get_n_members (kase), ==, 5);
  g_assert_cmpint (mdg_case_find_member (kase, "m4"), ==, 3);
  g_assert_cmpint (mdg_case_find_member (kase, "nobody"), ==, -1);

  m = mdg_case_get_member (kase, 0);
  g_assert_cmpstr (m->name, ==, "熊本 太郎");
  g_assert_cmpint (m->sex, ==, MDG_SEX_MALE);
  g_assert_cmpint (m->insurance, ==, MDG_INSURANCE_EMPLOYEE);
  g_assert_cmpuint (m->pension, ==, 2);     /* employee + head: 第2号 */
  g_assert_true (m->mynumber_card);
  g_assert_cmpuint (m->handbooks, ==, MDG_HANDBOOK_PHYSICAL);
  g_assert_cmpuint (m->benefits, ==, MDG_BENEFIT_CHILD_ALLOWANCE);

  m = mdg_case_get_member (kase, 1);
  g_assert_cmpuint (m->pension, ==, 3);     /* employee + spouse: 第3号 */
  g_assert_cmpint (m->sex, ==, MDG_SEX_UNKNOWN);
  g_assert_true (m->moving);                /* a move event: movers by default */

  /* 75th birthday is 2025-01-16: in 後期高齢者医療 whatever the file says */
  m = mdg_case_get_member (kase, 2);
  g_assert_cmpint (m->declared_insurance, ==, MDG_INSURANCE_NHI);
  g_assert_cmpint (m->insurance, ==, MDG_INSURANCE_LEI);
  g_assert_false (m->moving);

  /* … except 生活保護 */
  m = mdg_case_get_member (kase, 3);
  g_assert_cmpint (m->insurance, ==, MDG_INSURANCE_WELFARE);

  m = mdg_case_get_member (kase, 4);
  g_assert_cmpint (m->relation, ==, MDG_RELATION_OTHER);
  g_assert_cmpstr (m->nationality, ==, "JP");
  g_assert_cmpint (m->insurance, ==, MDG_INSURANCE_NHI);
  g_assert_cmpint (m->school, ==, MDG_SCHOOL_PUBLIC);
  g_assert_cmpuint (m->pension, ==, 1);

  answers = mdg_case_get_answers (kase);
  g_assert_cmpuint (answers->requested_certificates, ==, MDG_CERTIFICATE_RESIDENCE | MDG_CERTIFICATE_TAX);
  g_assert_cmpint (answers->funeral_host, ==, 1);
  g_assert_cmpint (answers->mother, ==, -1);
  g_assert_cmpuint (answers->name_changes, ==, (1 << 1) | (1 << 4));
  g_assert_true (answers->given & (1u << MDG_ANSWER_FUNERAL_HOST));
  g_assert_false (answers->given & (1u << MDG_ANSWER_SEAL_REGISTRATION));
}

static void
test_case_defaults (void)
{
  static const struct {
    const char *json;
    gboolean    moving;
    MdgInsurance insurance;
  } rows[] = {
    /* moving defaults to true for the four moves only */
    { "{\"event\":\"move_out\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      TRUE, MDG_INSURANCE_NHI },
    { "{\"event\":\"marriage\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      FALSE, MDG_INSURANCE_NHI },
    /* the day before the 75th birthday: not yet 後期高齢者医療 */
    { "{\"event\":\"marriage\",\"event_date\":\"2026-01-14\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1951-01-15\",\"insurance\":\"employee\"}]}",
      FALSE, MDG_INSURANCE_EMPLOYEE },
    { "{\"event\":\"marriage\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1951-01-15\",\"insurance\":\"employee\"}]}",
      FALSE, MDG_INSURANCE_LEI },
    /* born 29 February: the 75th birthday is 1 March in a common year */
    { "{\"event\":\"marriage\",\"event_date\":\"2023-02-28\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1948-02-29\"}]}",
      FALSE, MDG_INSURANCE_NHI },
    { "{\"event\":\"marriage\",\"event_date\":\"2023-03-01\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1948-02-29\"}]}",
      FALSE, MDG_INSURANCE_LEI },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCase) kase = mdg_case_new_from_data (rows[i].json, -1, MDG_DAY_INVALID, &error);
      const MdgMember *m;

      g_test_message ("row %u: %s", i, rows[i].json);
      g_assert_no_error (error);
      m = mdg_case_get_member (kase, 0);
      g_assert_cmpint (m->moving, ==, rows[i].moving);
      g_assert_cmpint (m->insurance, ==, rows[i].insurance);
    }
}

static MdgDay
tokyo_today (void)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);

  return mdg_day_new (g_date_time_get_year (now), g_date_time_get_month (now),
                      g_date_time_get_day_of_month (now));
}

static void
test_case_visit_date_default (void)
{
  static const char json[] =
    "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}";
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (json, -1, mdg_day_new (2026, 2, 3), NULL);
  g_autoptr(MdgCase) today = NULL;
  MdgDay before, after;

  g_assert_cmpuint (mdg_case_get_visit_date (kase), ==, mdg_day_new (2026, 2, 3));

  /* unsaid, the visit is today in Asia/Tokyo (read twice, in case midnight passes) */
  before = tokyo_today ();
  today = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, NULL);
  after = tokyo_today ();
  g_assert_true (mdg_case_get_visit_date (today) == before ||
                 mdg_case_get_visit_date (today) == after);
}

/* Every error names the field and the reason. */
static void
test_case_invalid (void)
{
  static const struct {
    const char *json;
    const char *message;
  } rows[] = {
    { "", "case: not valid JSON" },
    { "{\"event\": ", "case: not valid JSON" },
    { "[]", "case: must be a JSON object" },
    { "{\"event_date\":\"2026-01-15\",\"members\":[]}", "event: is required" },
    { "{\"event\":\"moving\",\"event_date\":\"2026-01-15\",\"members\":[]}",
      "event: unknown value \"moving\"" },
    { "{\"event\":\"death\",\"members\":[]}", "event_date: is required" },
    { "{\"event\":\"death\",\"event_date\":\"2026-02-30\",\"members\":[]}",
      "event_date: 2026-02-30 does not exist" },
    { "{\"event\":\"death\",\"event_date\":\"26-1-5\",\"members\":[]}",
      "event_date: not a date in the form YYYY-MM-DD" },
    { "{\"event\":\"death\",\"event_date\":20260105,\"members\":[]}",
      "event_date: must be a string, not a number" },
    { "{\"event\":\"move_in\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      "from: is required for move_in" },
    { "{\"event\":\"move_in\",\"from\":\"mars\",\"event_date\":\"2026-01-15\",\"members\":[]}",
      "from: unknown value \"mars\"" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[]}",
      "members: must list at least one member" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\"}", "members: is required" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"birth_date\":\"1980-01-01\"}]}",
      "members[0]: the field \"id\" is required" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\"}]}",
      "members[0]: the field \"birth_date\" is required" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"},{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      "members[1].id: \"a\" is the id of an earlier member too" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a.b\",\"birth_date\":\"1980-01-01\"}]}",
      "members[0].id: must not contain \".\"" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"insurence\":\"nhi\"}]}",
      "members[0].insurence: unknown field" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"2026-01-16\"}]}",
      "members[0].birth_date: is after event_date" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"nationality\":\"jp\"}]}",
      "members[0].nationality: must be a two-letter ISO 3166 code" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"pension\":4}]}",
      "members[0].pension: must be the category 1, 2 or 3" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"handbooks\":[\"mental\",\"mental\"]}]}",
      "members[0].handbooks[1]: \"mental\" is listed twice" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"benefits\":\"child_medical\"}]}",
      "members[0].benefits: must be a list, not a string" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"moving\":\"yes\"}]}",
      "members[0].moving: must be true or false, not a string" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"deceased\":true}]}",
      "members[0].deceased: only a death case has a deceased member" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"residence_status\":\"mid_long_term\"}]}",
      "members[0].residence_status: a Japanese national has no residence status" },
    { "{\"event\":\"death\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      "members: a death case needs the member who died" },
    { "{\"event\":\"birth\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}]}",
      "members: a birth case needs the newborn" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"answers\":{\"pets\":true}}",
      "answers.pets: unknown answer" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"answers\":{\"funeral_host\":\"b\"}}",
      "answers.funeral_host: no member has the id \"b\"" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"answers\":{\"name_changes\":[\"a\",\"a\"]}}",
      "answers.name_changes[1]: member \"a\" is listed twice" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"sex\":\"male\"}],\"answers\":{\"mother\":\"a\"}}",
      "answers.mother: names a member whose sex is male" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"answers\":{\"requested_certificates\":[\"passport\"]}}",
      "answers.requested_certificates[0]: unknown value \"passport\"" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"ward\":\"chuo\"}",
      "ward: unknown field" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"answers\":[]}",
      "answers: must be an object, not a list" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"details\":{\"shoe_size\":\"26\"}}",
      "details.shoe_size: unknown detail" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\"}],\"details\":{\"phone\":96}}",
      "details.phone: must be a string, not a number" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"individual_number\":\"123456789012\"}]}",
      "members[0].individual_number: not an individual number (12 digits with a valid check digit)" },
    { "{\"event\":\"divorce\",\"event_date\":\"2026-01-15\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"individual_number\":\"12345678901\"}]}",
      "members[0].individual_number: not an individual number" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCase) kase = mdg_case_new_from_data (rows[i].json, -1, MDG_DAY_INVALID, &error);

      g_test_message ("row %u: %s", i, rows[i].json);
      g_assert_null (kase);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
      if (!g_str_has_prefix (error->message, rows[i].message))
        g_error ("row %u: message \"%s\", expected it to start with \"%s\"", i, error->message,
                 rows[i].message);
      g_assert_null (strchr (error->message, '\n'));
      /* an individual number, right or wrong, is never quoted */
      g_assert_null (strstr (error->message, "12345678901"));
    }
}

/* The forms' facts beyond the rules, and the individual number (番号法施行令
 * 第8条 check digit). */
static void
test_case_details (void)
{
  static const char json[] =
    "{\"event\":\"move_in\",\"from\":\"abroad\",\"event_date\":\"2026-01-15\","
    " \"members\":[{\"id\":\"a\",\"birth_date\":\"1980-01-01\",\"individual_number\":\"123456789018\","
    "               \"previous_name\":\"旧姓 花子\"},"
    "              {\"id\":\"b\",\"birth_date\":\"1981-01-01\",\"individual_number\":\"987654321093\"}],"
    " \"details\":{\"address\":\"熊本市中央区手取本町1番1号\",\"phone\":\"096-000-0000\",\"bank_name\":\"\"}}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, &error);
  g_autoptr(MdgCase) again = NULL;
  g_autoptr(MdgCase) typed = NULL;
  g_autoptr(JsonNode) value = json_from_string ("\"熊本市北区植木町1番\"", NULL);
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (mdg_case_get_detail (kase, "address"), ==, "熊本市中央区手取本町1番1号");
  g_assert_cmpstr (mdg_case_get_detail (kase, "phone"), ==, "096-000-0000");
  /* an empty detail is no detail */
  g_assert_null (mdg_case_get_detail (kase, "bank_name"));
  g_assert_null (mdg_case_get_detail (kase, "destination"));
  /* the details are those data/forms/boxes.xml declares */
  g_assert_cmpstr (mdg_case_get_member (kase, 0)->individual_number, ==, "123456789018");
  g_assert_cmpstr (mdg_case_get_member (kase, 0)->previous_name, ==, "旧姓 花子");

  text = mdg_case_to_json (kase);
  again = mdg_case_new_from_data (text, -1, MDG_DAY_INVALID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_case_get_detail (again, "address"), ==, "熊本市中央区手取本町1番1号");
  g_assert_cmpstr (mdg_case_get_member (again, 1)->individual_number, ==, "987654321093");

  typed = mdg_case_with_answer (kase, "details.previous_address", value, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_case_get_detail (typed, "previous_address"), ==, "熊本市北区植木町1番");
}

static void
test_case_not_utf8 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = mdg_case_new_from_data ("{\"event\": \"\xff\"}", -1, MDG_DAY_INVALID, &error);

  g_assert_null (kase);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
}

static void
test_case_roundtrip (void)
{
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (example, -1, MDG_DAY_INVALID, NULL);
  g_autofree char *first = mdg_case_to_json (kase);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) again = mdg_case_new_from_data (first, -1, MDG_DAY_INVALID, &error);
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  second = mdg_case_to_json (again);
  g_assert_cmpstr (first, ==, second);

  /* what the file did not say is not written out as if it had */
  g_assert_null (strstr (first, "\"ltc_certified\" : false,\n          \"handbooks\""));
  g_assert_nonnull (strstr (first, "\"visit_date\" : \"2026-01-20\""));
  g_assert_cmpint (mdg_case_get_member (again, 2)->insurance, ==, MDG_INSURANCE_LEI);
}

static void
test_case_with_answer (void)
{
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (example, -1, MDG_DAY_INVALID, NULL);
  g_autoptr(MdgCase) answered = NULL;
  g_autoptr(MdgCase) member = NULL;
  g_autoptr(MdgCase) removed = NULL;
  g_autoptr(JsonNode) yes = json_from_string ("true", NULL);
  g_autoptr(JsonNode) female = json_from_string ("\"female\"", NULL);
  g_autoptr(JsonNode) null = json_node_new (JSON_NODE_NULL);
  g_autoptr(JsonNode) bad = json_from_string ("\"sometimes\"", NULL);
  g_autoptr(GError) error = NULL;

  answered = mdg_case_with_answer (kase, "answers.seal_registration", yes, &error);
  g_assert_no_error (error);
  g_assert_true (mdg_case_get_answers (answered)->seal_registration);
  g_assert_true (mdg_case_get_answers (answered)->given & (1u << MDG_ANSWER_SEAL_REGISTRATION));
  /* the original is untouched */
  g_assert_false (mdg_case_get_answers (kase)->given & (1u << MDG_ANSWER_SEAL_REGISTRATION));
  g_assert_cmpuint (mdg_case_get_visit_date (answered), ==, mdg_case_get_visit_date (kase));

  member = mdg_case_with_answer (kase, "members.m2.sex", female, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mdg_case_get_member (member, 1)->sex, ==, MDG_SEX_FEMALE);

  removed = mdg_case_with_answer (kase, "answers.funeral_host", null, &error);
  g_assert_no_error (error);
  g_assert_cmpint (mdg_case_get_answers (removed)->funeral_host, ==, -1);

  g_assert_null (mdg_case_with_answer (kase, "answers.seal_registration", bad, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
  g_assert_true (g_str_has_prefix (error->message, "answers.seal_registration: "));
  g_clear_error (&error);

  g_assert_null (mdg_case_with_answer (kase, "members.m9.sex", female, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
}

void
test_case_register (void)
{
  g_test_add_func ("/mdg/core/case/example", test_case_example);
  g_test_add_func ("/mdg/core/case/defaults", test_case_defaults);
  g_test_add_func ("/mdg/core/case/visit-date-default", test_case_visit_date_default);
  g_test_add_func ("/mdg/core/case/invalid", test_case_invalid);
  g_test_add_func ("/mdg/core/case/not-utf8", test_case_not_utf8);
  g_test_add_func ("/mdg/core/case/roundtrip", test_case_roundtrip);
  g_test_add_func ("/mdg/core/case/details", test_case_details);
  g_test_add_func ("/mdg/core/case/with-answer", test_case_with_answer);
}
