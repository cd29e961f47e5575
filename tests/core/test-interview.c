/* test-interview.c: what the interview asks, and that it asks exactly that
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-guidance.h"
#include "mdg-interview.h"
#include "test-core.h"
#include "test-util.h"

static char *
format_questions (GPtrArray *questions)
{
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < questions->len; i++)
    {
      const MdgQuestion *question = g_ptr_array_index (questions, i);

      g_string_append_printf (str, "%s%s", i ? "," : "", question->fact);
    }

  return g_string_free (str, FALSE);
}

/* A fingerprint of a guidance: ids, members, deadlines. */
static char *
format_guidance (MdgCatalog *catalog,
                 MdgCase    *kase)
{
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  GString *str = g_string_new (NULL);

  for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);
      g_autofree char *members = test_format_members (kase, item->members);

      g_string_append_printf (str, "%s[%s]@%u ", item->procedure->id, members, item->deadline);
    }

  return g_string_free (str, FALSE);
}

static void
test_interview_cases (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GPtrArray) files = test_load_data_dir ("interview");
  g_autoptr(GString) failures = g_string_new (NULL);

  for (guint i = 0; i < files->len; i++)
    {
      JsonObject *test = json_node_get_object (g_ptr_array_index (files, i));
      const char *name = json_object_get_string_member (test, "name");
      g_autoptr(MdgCase) kase = test_case_from_node (json_object_get_member (test, "case"), name);
      g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);
      g_autofree char *expected = test_format_string_list (json_object_get_array_member (test, "questions"));
      g_autofree char *got = format_questions (questions);

      if (strcmp (expected, got) != 0)
        g_string_append_printf (failures, "%s: asks [%s], expected [%s]\n", name, got, expected);

      for (guint q = 0; q < questions->len; q++)
        {
          const MdgQuestion *question = g_ptr_array_index (questions, q);

          /* the text is the catalog's, with the member's name filled in */
          g_assert_nonnull (question->text);
          g_assert_null (strstr (question->text, "{name}"));
        }
    }

  if (failures->len > 0)
    {
      g_test_message ("%s", failures->str);
      g_test_fail ();
    }
}

/* The values a fact can take in @kase, as JSON. */
static GPtrArray *
candidate_values (MdgCase    *kase,
                  const char *key)
{
  GPtrArray *values = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  static const char * const certificates[] = { "residence", "family_register", "tax", "seal" };

#define ADD_JSON(text) g_ptr_array_add (values, json_from_string ((text), NULL))

  if (strcmp (key, "requested_certificates") == 0)
    {
      ADD_JSON ("[]");
      for (guint i = 0; i < G_N_ELEMENTS (certificates); i++)
        {
          g_autofree char *text = g_strdup_printf ("[\"%s\"]", certificates[i]);
          ADD_JSON (text);
        }
    }
  else if (strcmp (key, "funeral_host") == 0 || strcmp (key, "child_allowance_recipient") == 0 ||
           strcmp (key, "mother") == 0 || strcmp (key, "name_changes") == 0)
    {
      gboolean list = strcmp (key, "name_changes") == 0;

      if (list)
        ADD_JSON ("[]");
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          g_autofree char *text = g_strdup_printf (list ? "[\"%s\"]" : "\"%s\"",
                                                   mdg_case_get_member (kase, i)->id);
          ADD_JSON (text);
        }
    }
  else if (strcmp (key, "sex") == 0)
    {
      ADD_JSON ("\"male\"");
      ADD_JSON ("\"female\"");
    }
  else if (strcmp (key, "residence_status") == 0)
    {
      ADD_JSON ("\"mid_long_term\"");
      ADD_JSON ("\"special_permanent\"");
    }
  else
    {
      ADD_JSON ("true");
      ADD_JSON ("false");
    }

#undef ADD_JSON

  return values;
}

/* The guidance fingerprints of @kase with @fact set to each value it can take
 * (values the case file refuses, such as a male mother, are left out). */
static GPtrArray *
outcomes (MdgCatalog *catalog,
          MdgCase    *kase,
          const char *fact)
{
  g_autoptr(GPtrArray) values = candidate_values (kase, strrchr (fact, '.') + 1);
  GPtrArray *results = g_ptr_array_new_with_free_func (g_free);

  for (guint v = 0; v < values->len; v++)
    {
      g_autoptr(MdgCase) answered = NULL;

      answered = mdg_case_with_answer (kase, fact, g_ptr_array_index (values, v), NULL);
      if (answered != NULL)
        g_ptr_array_add (results, format_guidance (catalog, answered));
    }

  return results;
}

static gboolean
all_equal (GPtrArray  *strings,
           const char *to)
{
  for (guint i = 0; i < strings->len; i++)
    {
      if (strcmp (g_ptr_array_index (strings, i), to) != 0)
        return FALSE;
    }

  return TRUE;
}

/* Over every case of the rule tests: (1) each question asked can change the
 * guidance; (2) no fact left unasked and unanswered can change it; (3)
 * answering what is asked, again and again, ends with nothing to ask. */
static void
test_interview_exact (void)
{
  static const char * const answers[] = {
    "school_district_changes", "owns_light_vehicle", "requested_certificates",
    "seal_registration", "owned_real_estate", "funeral_host", "child_allowance_recipient",
    "mother", "name_changes",
  };
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(GPtrArray) files = test_load_data_dir ("guidance");
  g_autoptr(GString) failures = g_string_new (NULL);
  guint n_cases = 0;
  guint n_asked = 0;

  for (guint i = 0; i < files->len; i++)
    {
      JsonObject *file = json_node_get_object (g_ptr_array_index (files, i));
      JsonArray *cases = json_object_get_array_member (file, "cases");

      for (guint c = 0; c < json_array_get_length (cases); c++)
        {
          JsonObject *test = json_array_get_object_element (cases, c);
          const char *name = json_object_get_string_member (test, "name");
          g_autoptr(MdgCase) kase = test_case_from_node (json_object_get_member (test, "case"), name);
          g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);
          g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);
          g_autofree char *baseline = format_guidance (catalog, kase);
          const MdgCaseAnswers *given = mdg_case_get_answers (kase);
          g_autoptr(MdgCase) walk = mdg_case_ref (kase);

          n_cases++;

          /* (1) */
          for (guint q = 0; q < questions->len; q++)
            {
              const MdgQuestion *question = g_ptr_array_index (questions, q);
              g_autoptr(GPtrArray) results = outcomes (catalog, kase, question->fact);

              g_hash_table_add (asked, question->fact);
              n_asked++;
              if (results->len > 0 && all_equal (results, g_ptr_array_index (results, 0)))
                g_string_append_printf (failures, "%s: asks %s, which changes nothing\n",
                                        name, question->fact);
            }

          /* (2) answers that are neither given nor asked; those with a
           * default (the head claims 児童手当, the female head or spouse is
           * the mother, no surname changes but at a marriage or divorce)
           * are settled by it and need no question */
          for (guint a = 0; a < G_N_ELEMENTS (answers); a++)
            {
              g_autofree char *fact = g_strdup_printf ("answers.%s", answers[a]);
              g_autoptr(GPtrArray) results = NULL;

              if ((given->given & (1u << a)) || g_hash_table_contains (asked, fact))
                continue;
              if (a == MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT || a == MDG_ANSWER_MOTHER)
                continue;
              /* unanswered outside a marriage or divorce: nobody's surname changes */
              if (a == MDG_ANSWER_NAME_CHANGES &&
                  mdg_case_get_event (kase) != MDG_EVENT_MARRIAGE &&
                  mdg_case_get_event (kase) != MDG_EVENT_DIVORCE)
                continue;

              results = outcomes (catalog, kase, fact);
              if (!all_equal (results, baseline))
                g_string_append_printf (failures, "%s: does not ask %s, which matters\n",
                                        name, fact);
            }

          /* (3) answer the first question with its first value until done */
          for (guint round = 0; round < 32; round++)
            {
              g_autoptr(GPtrArray) next = mdg_interview_next_questions (catalog, walk);
              g_autoptr(GPtrArray) values = NULL;
              const MdgQuestion *first;
              MdgCase *answered = NULL;

              if (next->len == 0)
                break;

              first = g_ptr_array_index (next, 0);
              values = candidate_values (walk, strrchr (first->fact, '.') + 1);
              for (guint v = 0; v < values->len && answered == NULL; v++)
                answered = mdg_case_with_answer (walk, first->fact, g_ptr_array_index (values, v), NULL);

              g_assert_nonnull (answered);
              mdg_case_unref (walk);
              walk = answered;
              g_assert_cmpuint (round, <, 31);
            }
        }
    }

  g_test_message ("%u cases, %u questions checked", n_cases, n_asked);
  g_assert_cmpuint (n_asked, >, 0);
  if (failures->len > 0)
    {
      g_test_message ("%s", failures->str);
      g_test_fail ();
    }
}

static void
test_interview_json (void)
{
  static const char case_json[] =
    "{\"event\": \"marriage\", \"event_date\": \"2026-06-06\","
    " \"members\": [{\"id\": \"a\", \"name\": \"肥後 花子\", \"birth_date\": \"1995-01-01\","
    "               \"relation\": \"head\"}]}";
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (case_json, -1, MDG_DAY_INVALID, NULL);
  g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);
  g_autoptr(JsonNode) node = mdg_interview_to_node (questions);
  JsonArray *array = json_object_get_array_member (json_node_get_object (node), "questions");

  g_assert_cmpuint (json_array_get_length (array), ==, questions->len);
  g_assert_cmpuint (questions->len, >, 0);
  /* name changes come first at a marriage */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "fact"),
                   ==, "answers.name_changes");
  g_assert_true (json_object_has_member (json_array_get_object_element (array, 0), "text"));
}

void
test_interview_register (void)
{
  g_test_add_func ("/mdg/core/interview/cases", test_interview_cases);
  g_test_add_func ("/mdg/core/interview/exact", test_interview_exact);
  g_test_add_func ("/mdg/core/interview/json", test_interview_json);
}
