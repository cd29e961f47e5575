/* mdg-catalog-questions.c: the interview's questions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-catalog"

#include "config.h"

#include <string.h>

#include "mdg-catalog-load-private.h"
#include "mdg-core-symbols-private.h"

static const MdgSymbol answer_symbols[] = {
  { "school_district_changes", MDG_ANSWER_SCHOOL_DISTRICT_CHANGES },
  { "owns_light_vehicle", MDG_ANSWER_OWNS_LIGHT_VEHICLE },
  { "requested_certificates", MDG_ANSWER_REQUESTED_CERTIFICATES },
  { "seal_registration", MDG_ANSWER_SEAL_REGISTRATION },
  { "owned_real_estate", MDG_ANSWER_OWNED_REAL_ESTATE },
  { "funeral_host", MDG_ANSWER_FUNERAL_HOST },
  { "child_allowance_recipient", MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT },
  { "mother", MDG_ANSWER_MOTHER },
  { "name_changes", MDG_ANSWER_NAME_CHANGES },
  { NULL, 0 }
};

/* Member facts that have no default and so can be asked. */
static const MdgSymbol member_question_symbols[] = {
  { "sex", MDG_MEMBER_FIELD_SEX },
  { "residence_status", MDG_MEMBER_FIELD_RESIDENCE_STATUS },
  { NULL, 0 }
};

static const MdgSymbol question_kind_symbols[] = {
  { "boolean", MDG_QUESTION_BOOLEAN },
  { "choice", MDG_QUESTION_CHOICE },
  { "multi_choice", MDG_QUESTION_MULTI_CHOICE },
  { "member", MDG_QUESTION_MEMBER },
  { "members", MDG_QUESTION_MEMBERS },
  { NULL, 0 }
};

/* Questions ------------------------------------------------------------------- */

static void
choice_free (gpointer data)
{
  MdgChoice *choice = data;

  g_free (choice->value);
  g_free (choice->label);
  g_free (choice);
}

void
_mdg_catalog_question_free (gpointer data)
{
  MdgQuestionDef *question = data;

  g_free (question->fact);
  g_free (question->key);
  g_free (question->text);
  g_free (question->help);
  g_clear_pointer (&question->choices, g_ptr_array_unref);
  g_free (question);
}

static gboolean
load_question (MdgCatalog  *self,
               Source      *source,
               JsonNode    *node,
               guint        index,
               GError     **error)
{
  static const char * const known[] = { "fact", "kind", "text", "help", "choices", NULL };
  g_autofree char *path = g_strdup_printf ("questions[%u]", index);
  MdgQuestionDef *question;
  JsonObject *object;
  JsonNode *choices;
  const char *fact;
  const char *text;
  int value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _mdg_catalog_fail (error, source, NULL, NULL, path, "a question is an object");
  object = json_node_get_object (node);
  if (!_mdg_catalog_check_members (source, object, path, known, error) ||
      !_mdg_catalog_get_string (source, object, "fact", path, TRUE, &fact, error))
    return FALSE;

  question = g_new0 (MdgQuestionDef, 1);
  g_ptr_array_add (self->questions, question);
  question->fact = g_strdup (fact);

  if (g_str_has_prefix (fact, "answers."))
    {
      question->key = g_strdup (fact + strlen ("answers."));
      if (!_mdg_symbol_lookup (answer_symbols, question->key, &value))
        return _mdg_catalog_fail (error, source, object, "fact", path, "unknown answer \"%s\"", question->key);
    }
  else if (g_str_has_prefix (fact, "member."))
    {
      question->key = g_strdup (fact + strlen ("member."));
      question->per_member = TRUE;
      if (!_mdg_symbol_lookup (member_question_symbols, question->key, &value))
        return _mdg_catalog_fail (error, source, object, "fact", path,
                                  "\"%s\" is not a member fact that can be asked", question->key);
    }
  else
    {
      return _mdg_catalog_fail (error, source, object, "fact", path,
                                "a fact is \"answers.X\" or \"member.X\"");
    }
  question->field = value;

  if (mdg_catalog_lookup_question (self, question->per_member, question->field) != question)
    return _mdg_catalog_fail (error, source, object, "fact", path, "\"%s\" is asked twice", fact);

  if (!_mdg_catalog_get_symbol (source, object, "kind", path, question_kind_symbols, &value, error))
    return FALSE;
  question->kind = value;

  if (!_mdg_catalog_get_string (source, object, "text", path, TRUE, &text, error))
    return FALSE;
  question->text = g_strdup (text);
  if (!_mdg_catalog_get_string (source, object, "help", path, FALSE, &text, error))
    return FALSE;
  question->help = g_strdup (text);

  choices = json_object_get_member (object, "choices");
  if ((question->kind == MDG_QUESTION_CHOICE || question->kind == MDG_QUESTION_MULTI_CHOICE) !=
      (choices != NULL))
    return _mdg_catalog_fail (error, source, object, "choices", path,
                              "\"choices\" goes with the kinds choice and multi_choice, and only with them");

  if (choices != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (choices) || json_array_get_length (json_node_get_array (choices)) == 0)
        return _mdg_catalog_fail (error, source, object, "choices", path,
                                  "\"choices\" is a non-empty list of {\"value\": …, \"label\": …}");

      array = json_node_get_array (choices);
      question->choices = g_ptr_array_new_with_free_func (choice_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          static const char * const choice_known[] = { "value", "label", NULL };
          g_autofree char *choice_path = g_strdup_printf ("%s.choices[%u]", path, i);
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *choice_object;
          MdgChoice *choice;
          const char *choice_value;
          const char *label;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            return _mdg_catalog_fail (error, source, object, "choices", choice_path, "a choice is an object");
          choice_object = json_node_get_object (item);
          if (!_mdg_catalog_check_members (source, choice_object, choice_path, choice_known, error) ||
              !_mdg_catalog_get_string (source, choice_object, "value", choice_path, TRUE, &choice_value, error) ||
              !_mdg_catalog_get_string (source, choice_object, "label", choice_path, TRUE, &label, error))
            return FALSE;

          choice = g_new0 (MdgChoice, 1);
          choice->value = g_strdup (choice_value);
          choice->label = g_strdup (label);
          g_ptr_array_add (question->choices, choice);
        }
    }

  return TRUE;
}

static const MdgQuestionDef *
find_question (MdgCatalog *self,
               const char *fact)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      const MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

      if (strcmp (question->fact, fact) == 0)
        return question;
    }

  return NULL;
}

gboolean
_mdg_catalog_load_interview (MdgCatalog  *self,
                             Source      *source,
                             GError     **error)
{
  static const char * const known[] = { "questions", "events", NULL };
  JsonObject *root = json_node_get_object (json_parser_get_root (source->parser));
  JsonNode *node;
  JsonObject *events;
  JsonArray *array;

  if (!_mdg_catalog_check_members (source, root, "(file)", known, error))
    return FALSE;

  node = json_object_get_member (root, "questions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return _mdg_catalog_fail (error, source, root, NULL, "questions", "must be a list of questions");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!load_question (self, source, json_array_get_element (array, i), i, error))
        return FALSE;
    }

  /* Every answer and every member fact without a default must be askable,
   * or a rule could wait for a fact nobody asks. */
  for (guint i = 0; answer_symbols[i].name != NULL; i++)
    {
      if (mdg_catalog_lookup_question (self, FALSE, answer_symbols[i].value) == NULL)
        return _mdg_catalog_fail (error, source, root, "questions", "questions",
                                  "no question asks answers.%s", answer_symbols[i].name);
    }
  for (guint i = 0; member_question_symbols[i].name != NULL; i++)
    {
      const MdgQuestionDef *question;

      question = mdg_catalog_lookup_question (self, TRUE, member_question_symbols[i].value);
      if (question == NULL)
        return _mdg_catalog_fail (error, source, root, "questions", "questions",
                                  "no question asks member.%s", member_question_symbols[i].name);
      g_ptr_array_add (self->member_questions, (gpointer) question);
    }

  node = json_object_get_member (root, "events");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return _mdg_catalog_fail (error, source, root, NULL, "events",
                              "must map each life event to the order of its household questions");
  events = json_node_get_object (node);

  for (guint event = 0; event < MDG_N_EVENTS; event++)
    {
      const char *name = mdg_event_to_string (event);
      g_autofree char *path = g_strdup_printf ("events.%s", name);
      JsonNode *list = json_object_get_member (events, name);
      JsonArray *facts;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        return _mdg_catalog_fail (error, source, events, NULL, path,
                                  "every life event needs its list of household questions");

      self->event_questions[event] = g_ptr_array_new ();
      facts = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (facts); i++)
        {
          const char *fact = json_array_get_string_element (facts, i);
          const MdgQuestionDef *question = fact ? find_question (self, fact) : NULL;

          if (question == NULL || question->per_member)
            return _mdg_catalog_fail (error, source, events, name, path,
                                      "\"%s\" is not a household question of questions", fact ? fact : "?");
          g_ptr_array_add (self->event_questions[event], (gpointer) question);
        }

      /* A question the event's order forgot still gets asked, last. */
      for (guint i = 0; i < self->questions->len; i++)
        {
          MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

          if (!question->per_member &&
              !g_ptr_array_find (self->event_questions[event], question, NULL))
            g_ptr_array_add (self->event_questions[event], question);
        }
    }

  {
    JsonObjectIter iter;
    const char *key;

    json_object_iter_init (&iter, events);
    while (json_object_iter_next (&iter, &key, &node))
      {
        if (!mdg_event_from_string (key, NULL))
          return _mdg_catalog_fail (error, source, events, key, "events", "unknown life event \"%s\"", key);
      }
  }

  return TRUE;
}
