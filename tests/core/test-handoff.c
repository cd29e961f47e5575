/* test-handoff.c: what a completed visit hands to each department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-handoff.h"
#include "test-core.h"

static JsonObject *
find_department (JsonArray  *records,
                 const char *department)
{
  for (guint i = 0; i < json_array_get_length (records); i++)
    {
      JsonObject *record = json_array_get_object_element (records, i);

      if (g_strcmp0 (json_object_get_string_member (record, "department"), department) == 0)
        return record;
    }

  return NULL;
}

static gboolean
has_string (JsonArray  *array,
            const char *member,
            const char *value)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      const char *text = JSON_NODE_HOLDS_OBJECT (node)
                         ? json_object_get_string_member (json_node_get_object (node), member)
                         : json_node_get_string (node);

      if (g_strcmp0 (text, value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The 転入 of a family (tests/data/render/cases/move-in.json): 区民課 and
 * 保健子ども課 get their procedures with members and deadlines, each form
 * named once; information-only procedures are not handed off. */
static void
test_handoff_move_in (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render", "cases",
                                                 "move-in.json", NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = mdg_catalog_load_default (&error);
  g_autoptr(MdgFormCatalog) forms = mdg_form_catalog_load_default (&error);
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(JsonNode) handoffs = NULL;
  JsonArray *records;
  JsonObject *kumin;
  JsonArray *procedures;

  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &data, NULL, &error));
  kase = mdg_case_new_from_data (data, -1, MDG_DAY_INVALID, &error);
  g_assert_no_error (error);
  guidance = mdg_guidance_evaluate (catalog, kase);
  handoffs = mdg_handoffs_build (guidance, forms);

  g_assert_true (JSON_NODE_HOLDS_ARRAY (handoffs));
  records = json_node_get_array (handoffs);
  g_assert_nonnull (find_department (records, "保健子ども課"));
  g_assert_null (find_department (records, "福祉課"));

  kumin = find_department (records, "区民課");
  g_assert_nonnull (kumin);
  g_assert_true (g_uuid_string_is_valid (json_object_get_string_member (kumin, "id")));
  procedures = json_object_get_array_member (kumin, "procedures");
  g_assert_true (has_string (procedures, "id", "resident_move_in"));
  /* the light-vehicle notice is information only */
  for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);

      if (item->procedure->mode == MDG_MODE_GUIDE)
        g_assert_false (has_string (procedures, "id", item->procedure->id));
    }
  /* 転入届: every member who moves, and its deadline (14 days, ISO) */
  {
    JsonObject *move_in = NULL;

    for (guint i = 0; i < json_array_get_length (procedures); i++)
      {
        JsonObject *p = json_array_get_object_element (procedures, i);

        if (g_str_equal (json_object_get_string_member (p, "id"), "resident_move_in"))
          move_in = p;
      }
    g_assert_nonnull (move_in);
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (move_in, "members")),
                      ==, mdg_case_get_n_members (kase));
    g_assert_cmpstr (json_object_get_string_member (move_in, "deadline"), ==, "2026-01-29");
  }
  g_assert_true (has_string (json_object_get_array_member (kumin, "forms"), NULL,
                             "resident-move"));
  {
    JsonArray *kumin_forms = json_object_get_array_member (kumin, "forms");

    for (guint i = 0; i < json_array_get_length (kumin_forms); i++)
      for (guint j = i + 1; j < json_array_get_length (kumin_forms); j++)
        g_assert_cmpstr (json_array_get_string_element (kumin_forms, i), !=,
                         json_array_get_string_element (kumin_forms, j));
  }
}

/* The hand-off records of a birth and of 福祉課 visits name each
 * procedure's own form, never the common one. */
static void
test_handoff_dedicated_forms (void)
{
  static const struct {
    const char *case_file;
    const char *department;
    const char *forms[6];
  } expected[] = {
    { "birth.json", "区民課",
      { "maternal-handbook-birth", "childbirth-lump-sum", "nhi-enroll-birth",
        "nhi-perinatal-exemption" } },
    { "birth.json", "保健子ども課", { "child-allowance-new" } },
    { "birth-recipient.json", "保健子ども課", { "child-allowance-amount-change" } },
    { "welfare-move-in.json", "福祉課",
      { "mental-handbook-move-in", "ryoiku-handbook-other-pref", "intractable-disease-move-in",
        "mental-outpatient-move-in", "special-child-allowance-move-in" } },
    { "welfare-move-in-same-pref.json", "福祉課", { "ryoiku-handbook-same-pref" } },
    { "welfare-death.json", "福祉課",
      { "physical-handbook-return", "special-disability-allowance-loss",
        "severe-disability-medical-loss" } },
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = mdg_catalog_load_default (&error);
  g_autoptr(MdgFormCatalog) forms = mdg_form_catalog_load_default (&error);

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render", "cases",
                                                     expected[i].case_file, NULL);
      g_autofree char *data = NULL;
      g_autoptr(MdgCase) kase = NULL;
      g_autoptr(MdgGuidance) guidance = NULL;
      g_autoptr(JsonNode) handoffs = NULL;
      JsonObject *record;
      JsonArray *named;

      g_assert_true (g_file_get_contents (path, &data, NULL, &error));
      kase = mdg_case_new_from_data (data, -1, MDG_DAY_INVALID, &error);
      g_assert_no_error (error);
      guidance = mdg_guidance_evaluate (catalog, kase);
      handoffs = mdg_handoffs_build (guidance, forms);
      record = find_department (json_node_get_array (handoffs), expected[i].department);
      g_assert_nonnull (record);
      named = json_object_get_array_member (record, "forms");
      for (guint f = 0; f < G_N_ELEMENTS (expected[i].forms) && expected[i].forms[f]; f++)
        {
          if (!has_string (named, NULL, expected[i].forms[f]))
            g_error ("%s: the %s record does not name %s", expected[i].case_file,
                     expected[i].department, expected[i].forms[f]);
        }
      /* 福祉課 and 保健子ども課 have no procedure left on the common form */
      if (!g_str_equal (expected[i].department, "区民課"))
        g_assert_false (has_string (named, NULL, "general-application"));
    }
}

void
test_handoff_register (void)
{
  g_test_add_func ("/mdg/core/handoff/move-in", test_handoff_move_in);
  g_test_add_func ("/mdg/core/handoff/dedicated-forms", test_handoff_dedicated_forms);
}
