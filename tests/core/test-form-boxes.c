/* test-form-boxes.c: the form boxes declared as data, and a visit's boxes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-core-error.h"
#include "mdg-form.h"
#include "mdg-form-boxes.h"
#include "mdg-visit.h"
#include "test-core.h"

static MdgFormBoxes *
default_boxes (void)
{
  g_autoptr(GError) error = NULL;
  MdgFormBoxes *boxes = mdg_form_boxes_load_default (&error);

  g_assert_no_error (error);
  g_assert_nonnull (boxes);
  return boxes;
}

static void
test_boxes_declared (void)
{
  g_autoptr(MdgFormBoxes) boxes = default_boxes ();
  const MdgFormBox *box;

  /* the boxes the counter could not ask for before */
  for (guint i = 0; i < 3; i++)
    {
      const char *key = (const char *[]) { "doctor_name", "clinic_name", "support_reason" }[i];

      g_assert_nonnull ((box = mdg_form_boxes_lookup (boxes, key)));
      g_assert_false (mdg_form_box_is_member (box));
      g_assert_cmpstr (mdg_form_box_get_label (box), !=, key);
    }

  box = mdg_form_boxes_lookup (boxes, "death_cause");
  g_assert_cmpint (mdg_form_box_get_kind (box), ==, MDG_FORM_BOX_CHOICE);
  g_assert_cmpuint (mdg_form_box_get_n_options (box), ==, 2);
  g_assert_cmpstr (mdg_form_box_get_option_value (box, 1), ==, "third_party");
  g_assert_cmpstr (mdg_form_box_kind_to_string (MDG_FORM_BOX_ACCOUNT_NUMBER), ==, "account_number");

  box = mdg_form_boxes_lookup (boxes, "individual_number");
  g_assert_true (mdg_form_box_is_member (box));
  g_assert_null (mdg_form_boxes_lookup (boxes, "clinic"));
}

static char *
normalize (const char *key,
           const char *text,
           GError    **error)
{
  g_autoptr(MdgFormBoxes) boxes = default_boxes ();

  return mdg_form_box_normalize (mdg_form_boxes_lookup (boxes, key), text,
                                 mdg_day_new (2026, 12, 7), error);
}

static void
assert_normal (const char *key,
               const char *text,
               const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = normalize (key, text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, expected);
}

static void
assert_refused (const char *key,
                const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *value = normalize (key, text, &error);

  g_assert_null (value);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
  /* the message names the box by its label, never by its key */
  {
    g_autoptr(MdgFormBoxes) boxes = default_boxes ();
    const char *label = mdg_form_box_get_label (mdg_form_boxes_lookup (boxes, key));

    g_assert_true (g_str_has_prefix (error->message, label));
    g_assert_false (g_str_has_prefix (error->message, key));
  }
}

static void
test_boxes_typed (void)
{
  /* dates in 和暦 or 西暦, as counters type them */
  assert_normal ("funeral_date", "R8.12.7", "2026-12-07");
  assert_normal ("funeral_date", "令和8年12月7日", "2026-12-07");
  assert_normal ("funeral_date", "令和元年5月1日", "2019-05-01");
  assert_normal ("funeral_date", "8.12.7", "2026-12-07");
  assert_normal ("funeral_date", "h31.4.30", "2019-04-30");
  assert_normal ("funeral_date", "２０２６－１２－０７", "2026-12-07");
  assert_normal ("funeral_date", "2026/12/7", "2026-12-07");
  assert_refused ("funeral_date", "H31.5.1");       /* 令和元年 already */
  assert_refused ("funeral_date", "2026-02-30");
  assert_refused ("funeral_date", "9999-12-31");
  assert_refused ("funeral_date", "tomorrow");

  assert_normal ("phone", "０９６－３２８－２１１１", "096-328-2111");
  /* digits alone get the numbering plan's hyphens */
  assert_normal ("phone", "0963282111", "096-328-2111");
  assert_normal ("phone", "09012345678", "090-1234-5678");
  assert_normal ("phone", "(03) 1234 5678", "03-1234-5678");
  assert_normal ("phone", "0965123456", "0965-12-3456");
  assert_normal ("phone", "0120123456", "0120-123-456");
  /* elsewhere, the grouping as typed, or the digits */
  assert_normal ("phone", "0995 (12) 3456", "0995-12-3456");
  assert_normal ("phone", "0995123456", "0995123456");
  assert_refused ("phone", "096-328");
  assert_normal ("account_number", "１２３４５６７", "1234567");
  assert_refused ("account_number", "123456");
  assert_normal ("individual_number", "1234 5678 9018", "123456789018");
  assert_refused ("individual_number", "123456789012");
  assert_normal ("death_cause", "illness", "illness");
  assert_refused ("death_cause", "old_age");
  assert_refused ("doctor_name", "肥後\t一郎");
  assert_refused ("relation_to_deceased", "123456789012345678901");
  assert_normal ("doctor_name", "  肥後 一郎 ", "肥後 一郎");
}

static void
assert_malformed (const char *xml,
                  const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgFormBoxes) boxes = mdg_form_boxes_new_from_data (xml, -1, "boxes.xml", &error);

  g_assert_null (boxes);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
  g_assert_nonnull (strstr (error->message, fragment));
}

static void
test_boxes_malformed (void)
{
  assert_malformed ("<boxes><box key=\"a\" kind=\"text\"><label>A</label></box>"
                    "<box key=\"a\" kind=\"text\"><label>A</label></box></boxes>", "declared twice");
  assert_malformed ("<boxes><box key=\"a\" kind=\"colour\"><label>A</label></box></boxes>",
                    "unknown kind");
  assert_malformed ("<boxes><box key=\"a\" kind=\"choice\"><label>A</label></box></boxes>",
                    "needs options");
  assert_malformed ("<boxes><box key=\"a\" kind=\"text\"></box></boxes>", "no label");
  assert_malformed ("<boxes><box key=\"A-b\" kind=\"text\"><label>A</label></box></boxes>",
                    "lower_case");
  assert_malformed ("<boxes><box key=\"a\" kind=\"number\" pattern=\"[0-9\"><label>A</label>"
                    "</box></boxes>", "pattern");
  assert_malformed ("<boxes><box key=\"a\" kind=\"text\" propose=\"guess\"><label>A</label>"
                    "</box></boxes>", "unknown propose");
  assert_malformed ("<boxes></boxes>", "no box");
  assert_malformed ("<boxes><box", "boxes.xml");
}

/* A layout binding to a fact nobody declared fails, naming form and box. */
static void
test_boxes_layout_binding (void)
{
  static const char layout[] =
    "{\"id\": \"x\", \"title\": \"X\", \"layout_version\": 1, \"original\": \"test\","
    " \"procedures\": [\"ltc_certification_transfer\"], \"applicant\": \"first\","
    " \"page_size\": [210, 297], \"pages\": [["
    "  {\"field\": \"clinic_box\", \"bind\": \"clinic\", \"at\": [10, 10, 50, 8]}]]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgFormLayout) parsed = mdg_form_layout_new_from_data ("x.json", layout, -1, &error);

  g_assert_null (parsed);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
  g_assert_nonnull (strstr (error->message, "x.json"));
  g_assert_nonnull (strstr (error->message, "clinic_box"));
  g_assert_nonnull (strstr (error->message, "\"clinic\""));
}

/* 転入 with 要介護認定: the counter asks 主治医 and 医療機関 once. */
static void
test_visit_boxes_ltc (void)
{
  static const char case_file[] =
    "{\"event\": \"move_in\", \"event_date\": \"2026-12-01\", \"visit_date\": \"2026-12-07\","
    " \"from\": \"other_prefecture\", \"members\": ["
    "  {\"id\": \"m1\", \"name\": \"熊本 太郎\", \"kana\": \"クマモト タロウ\","
    "   \"birth_date\": \"1950-01-01\", \"sex\": \"male\", \"relation\": \"head\","
    "   \"ltc_certified\": true}], \"answers\": {},"
    " \"details\": {\"doctor_name\": \"肥後 一郎\"}}";
  g_autoptr(MdgCatalog) catalog = mdg_catalog_load_default (NULL);
  g_autoptr(MdgFormCatalog) forms = mdg_form_catalog_load_default (NULL);
  g_autoptr(MdgVisit) visit = NULL;
  g_autoptr(GPtrArray) boxes = NULL;
  g_autoptr(GError) error = NULL;
  gboolean clinic = FALSE, doctor = FALSE;

  visit = mdg_visit_new_from_case_file (catalog, forms, case_file, -1, &error);
  g_assert_no_error (error);
  boxes = mdg_visit_dup_boxes (visit);
  for (guint i = 0; i < boxes->len; i++)
    {
      const MdgVisitBox *box = g_ptr_array_index (boxes, i);

      clinic |= g_str_equal (mdg_form_box_get_key (box->box), "clinic_name");
      doctor |= g_str_equal (mdg_form_box_get_key (box->box), "doctor_name");
    }
  g_assert_true (clinic);
  g_assert_false (doctor);   /* typed already */

  g_assert_false (mdg_visit_check_boxes (visit, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
}

/* What the household proposes for a box nobody typed: a newborn's 続柄
 * after the children of the same sex, and the head as account holder; a
 * visit does not ask for either (the counter shows them to confirm). */
static void
test_boxes_proposed (void)
{
  static const char case_file[] =
    "{\"event\": \"birth\", \"event_date\": \"2026-03-10\", \"visit_date\": \"2026-03-16\","
    " \"members\": ["
    "  {\"id\": \"m1\", \"name\": \"菊池 大輔\", \"kana\": \"キクチ ダイスケ\","
    "   \"birth_date\": \"1990-05-20\", \"sex\": \"male\", \"relation\": \"head\"},"
    "  {\"id\": \"m2\", \"name\": \"菊池 美咲\", \"kana\": \"キクチ ミサキ\","
    "   \"birth_date\": \"1992-09-03\", \"sex\": \"female\", \"relation\": \"spouse\"},"
    "  {\"id\": \"m3\", \"name\": \"菊池 陽斗\", \"kana\": \"キクチ ハルト\","
    "   \"birth_date\": \"2022-07-01\", \"sex\": \"male\", \"relation\": \"child\"},"
    "  {\"id\": \"m4\", \"name\": \"菊池 蒼\", \"kana\": \"キクチ アオイ\","
    "   \"birth_date\": \"2026-03-10\", \"sex\": \"%s\", \"relation\": \"child\"}],"
    " \"answers\": {\"mother\": \"m2\", \"child_allowance_recipient\": \"m1\"}}";
  static const struct {
    const char *sex;
    const char *order;
  } births[] = { { "male", "二男" }, { "female", "長女" } };
  g_autoptr(MdgFormBoxes) declared = mdg_form_boxes_load_default (NULL);
  g_autoptr(MdgCatalog) catalog = mdg_catalog_load_default (NULL);
  g_autoptr(MdgFormCatalog) forms = mdg_form_catalog_load_default (NULL);

  for (guint b = 0; b < G_N_ELEMENTS (births); b++)
    {
      g_autofree char *json = g_strdup_printf (case_file, births[b].sex);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgVisit) visit = mdg_visit_new_from_case_file (catalog, forms, json, -1, &error);
      g_autoptr(GPtrArray) boxes = NULL;
      g_autofree char *order = NULL;
      g_autofree char *holder = NULL;

      g_assert_no_error (error);
      order = mdg_form_propose_detail (mdg_visit_get_case (visit),
                                       mdg_form_boxes_lookup (declared, "birth_order"));
      holder = mdg_form_propose_detail (mdg_visit_get_case (visit),
                                        mdg_form_boxes_lookup (declared, "account_holder"));
      g_assert_cmpstr (order, ==, births[b].order);
      g_assert_cmpstr (holder, ==, "キクチ ダイスケ");
      g_assert_null (mdg_form_propose_detail (mdg_visit_get_case (visit),
                                              mdg_form_boxes_lookup (declared, "phone")));

      boxes = mdg_visit_dup_boxes (visit);
      for (guint i = 0; i < boxes->len; i++)
        {
          const MdgVisitBox *box = g_ptr_array_index (boxes, i);
          const char *key = mdg_form_box_get_key (box->box);

          g_assert_cmpstr (key, !=, "birth_order");
          g_assert_cmpstr (key, !=, "account_holder");
        }
    }

  /* on a death, the account of whoever holds the funeral, not the deceased's */
  {
    static const char death[] =
      "{\"event\": \"death\", \"event_date\": \"2026-12-01\", \"visit_date\": \"2026-12-07\","
      " \"members\": ["
      "  {\"id\": \"m1\", \"name\": \"熊本 太郎\", \"kana\": \"クマモト タロウ\","
      "   \"birth_date\": \"1940-01-01\", \"sex\": \"male\", \"relation\": \"head\","
      "   \"deceased\": true},"
      "  {\"id\": \"m2\", \"name\": \"熊本 花子\", \"kana\": \"クマモト ハナコ\","
      "   \"birth_date\": \"1942-02-02\", \"sex\": \"female\", \"relation\": \"spouse\"}],"
      " \"answers\": {}}";
    g_autoptr(GError) error = NULL;
    g_autoptr(MdgVisit) visit = mdg_visit_new_from_case_file (catalog, forms, death, -1, &error);
    g_autofree char *holder = NULL;

    g_assert_no_error (error);
    holder = mdg_form_propose_detail (mdg_visit_get_case (visit),
                                      mdg_form_boxes_lookup (declared, "account_holder"));
    g_assert_cmpstr (holder, ==, "クマモト ハナコ");
  }
}

void
test_form_boxes_register (void)
{
  g_test_add_func ("/core/form-boxes/declared", test_boxes_declared);
  g_test_add_func ("/core/form-boxes/typed", test_boxes_typed);
  g_test_add_func ("/core/form-boxes/malformed", test_boxes_malformed);
  g_test_add_func ("/core/form-boxes/layout-binding", test_boxes_layout_binding);
  g_test_add_func ("/core/form-boxes/visit-ltc", test_visit_boxes_ltc);
  g_test_add_func ("/core/form-boxes/proposed", test_boxes_proposed);
}
