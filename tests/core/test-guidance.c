/* test-guidance.c: the rules, case by case, from tests/data/core/guidance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each file holds the cases of one procedure: where it must apply (with the
 * members it concerns, its deadline and a word of its reason) and where it
 * must not. Every procedure the rules can produce needs both kinds.
 */

#include "config.h"

#include <string.h>

#include "mdg-guidance.h"
#include "test-core.h"
#include "test-util.h"

static void
check_case (MdgCatalog *catalog,
            const char *procedure_id,
            JsonObject *test,
            GString    *failures)
{
  const char *name = json_object_get_string_member (test, "name");
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  const MdgGuidanceItem *item;
  gboolean applies = json_object_get_boolean_member (test, "applies");
  g_autofree char *what = g_strdup_printf ("%s: %s", procedure_id, name);

  kase = test_case_from_node (json_object_get_member (test, "case"), what);
  guidance = mdg_guidance_evaluate (catalog, kase);
  item = mdg_guidance_lookup (guidance, procedure_id);

  if (!applies)
    {
      if (item != NULL)
        g_string_append_printf (failures, "%s: applies, but must not\n", what);
      return;
    }

  if (item == NULL)
    {
      g_string_append_printf (failures, "%s: does not apply, but must\n", what);
      return;
    }

  if (json_object_has_member (test, "members"))
    {
      g_autofree char *expected = test_format_string_list (json_object_get_array_member (test, "members"));
      g_autofree char *got = test_format_members (kase, item->members);

      if (strcmp (expected, got) != 0)
        g_string_append_printf (failures, "%s: members [%s], expected [%s]\n", what, got, expected);
    }

  if (json_object_has_member (test, "deadline"))
    {
      const char *expected = json_object_get_string_member_with_default (test, "deadline", NULL);
      g_autofree char *got = item->deadline ? mdg_day_dup_iso (item->deadline) : NULL;

      if (g_strcmp0 (expected, got) != 0)
        g_string_append_printf (failures, "%s: deadline %s, expected %s\n", what,
                                got ? got : "null", expected ? expected : "null");
    }

  if (json_object_has_member (test, "reason_includes"))
    {
      const char *expected = json_object_get_string_member (test, "reason_includes");

      if (strstr (item->reason, expected) == NULL)
        g_string_append_printf (failures, "%s: reason 「%s」 does not name 「%s」\n", what,
                                item->reason, expected);
    }
}

static void
test_guidance_rules (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GPtrArray) files = test_load_data_dir ("guidance");
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_cases = 0;

  for (guint i = 0; i < files->len; i++)
    {
      JsonObject *file = json_node_get_object (g_ptr_array_index (files, i));
      const char *procedure_id = json_object_get_string_member (file, "procedure");
      JsonArray *cases = json_object_get_array_member (file, "cases");

      g_assert_nonnull (mdg_catalog_lookup_procedure (catalog, procedure_id));

      for (guint c = 0; c < json_array_get_length (cases); c++)
        {
          check_case (catalog, procedure_id, json_array_get_object_element (cases, c), failures);
          n_cases++;
        }
    }

  g_test_message ("%u rule cases in %u files", n_cases, files->len);
  if (failures->len > 0)
    {
      g_test_message ("%s", failures->str);
      g_test_fail ();
    }
}

/* Every procedure a rule can produce has a case where it applies and one
 * where it must not. */
static void
test_guidance_coverage (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GPtrArray) files = test_load_data_dir ("guidance");
  g_autoptr(GHashTable) fires = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) quiet = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < files->len; i++)
    {
      JsonObject *file = json_node_get_object (g_ptr_array_index (files, i));
      const char *procedure_id = json_object_get_string_member (file, "procedure");
      JsonArray *cases = json_object_get_array_member (file, "cases");

      for (guint c = 0; c < json_array_get_length (cases); c++)
        {
          JsonObject *test = json_array_get_object_element (cases, c);

          if (json_object_get_boolean_member (test, "applies"))
            g_hash_table_add (fires, (gpointer) procedure_id);
          else
            g_hash_table_add (quiet, (gpointer) procedure_id);
        }
    }

  for (guint i = 0; i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      const MdgProcedure *procedure = mdg_catalog_get_procedure (catalog, i);

      if (!g_hash_table_contains (fires, procedure->id))
        g_error ("%s: no test case where it applies", procedure->id);
      if (!g_hash_table_contains (quiet, procedure->id))
        g_error ("%s: no test case where it must not apply", procedure->id);
    }
}

/* Output order: department, then the order of procedures.tsv; each id once. */
static void
test_guidance_order (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GPtrArray) files = test_load_data_dir ("guidance");
  guint checked = 0;

  for (guint i = 0; i < files->len; i++)
    {
      JsonObject *file = json_node_get_object (g_ptr_array_index (files, i));
      JsonArray *cases = json_object_get_array_member (file, "cases");

      for (guint c = 0; c < json_array_get_length (cases); c++)
        {
          JsonObject *test = json_array_get_object_element (cases, c);
          g_autoptr(MdgCase) kase = test_case_from_node (json_object_get_member (test, "case"), "order");
          g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);

          for (guint n = 1; n < mdg_guidance_get_n_items (guidance); n++)
            {
              const MdgProcedure *a = mdg_guidance_get_item (guidance, n - 1)->procedure;
              const MdgProcedure *b = mdg_guidance_get_item (guidance, n)->procedure;

              g_assert_true (a->department < b->department ||
                             (a->department == b->department && a->index < b->index));
              checked++;
            }
        }
    }

  g_assert_cmpuint (checked, >, 100);
}

static void
test_guidance_json (void)
{
  static const char case_json[] =
    "{\"event\": \"death\", \"event_date\": \"2026-03-02\", \"visit_date\": \"2026-03-04\","
    " \"members\": ["
    "  {\"id\": \"m1\", \"birth_date\": \"1940-05-05\", \"relation\": \"head\", \"deceased\": true},"
    "  {\"id\": \"m2\", \"birth_date\": \"1944-08-01\", \"relation\": \"spouse\"}],"
    " \"answers\": {\"funeral_host\": \"m2\", \"owned_real_estate\": false,"
    "  \"requested_certificates\": []}}";
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (case_json, -1, MDG_DAY_INVALID, &error);
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *root;
  JsonArray *procedures;
  gboolean saw_null_deadline = FALSE;
  gboolean saw_funeral = FALSE;

  g_assert_no_error (error);
  guidance = mdg_guidance_evaluate (catalog, kase);
  node = mdg_guidance_to_node (guidance);
  root = json_node_get_object (node);

  g_assert_cmpstr (json_object_get_string_member (root, "event"), ==, "death");
  procedures = json_object_get_array_member (root, "procedures");
  g_assert_cmpuint (json_array_get_length (procedures), ==, mdg_guidance_get_n_items (guidance));

  for (guint i = 0; i < json_array_get_length (procedures); i++)
    {
      JsonObject *p = json_array_get_object_element (procedures, i);
      const MdgProcedure *procedure = mdg_catalog_lookup_procedure (catalog,
                                                                    json_object_get_string_member (p, "id"));

      g_assert_nonnull (procedure);
      g_assert_cmpstr (json_object_get_string_member (p, "department"), ==,
                       mdg_department_get_name (procedure->department));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (p, "members")));
      g_assert_true (JSON_NODE_HOLDS_ARRAY (json_object_get_member (p, "bring")));
      g_assert_cmpuint (strlen (json_object_get_string_member (p, "reason")), >, 0);
      saw_null_deadline |= JSON_NODE_HOLDS_NULL (json_object_get_member (p, "deadline"));

      if (strcmp (procedure->id, "lei_funeral_benefit") == 0)
        {
          g_autofree char *members = test_format_string_list (json_object_get_array_member (p, "members"));

          g_assert_cmpstr (members, ==, "m2");
          saw_funeral = TRUE;
        }
      if (strcmp (procedure->id, "death_registration") == 0)
        /* 2026-03-02 + 6 = 2026-03-08, a Sunday → Monday */
        g_assert_cmpstr (json_object_get_string_member (p, "deadline"), ==, "2026-03-09");
    }

  g_assert_true (saw_null_deadline);
  g_assert_true (saw_funeral);
}

void
test_guidance_register (void)
{
  g_test_add_func ("/mdg/core/guidance/rules", test_guidance_rules);
  g_test_add_func ("/mdg/core/guidance/coverage", test_guidance_coverage);
  g_test_add_func ("/mdg/core/guidance/order", test_guidance_order);
  g_test_add_func ("/mdg/core/guidance/json", test_guidance_json);
}
