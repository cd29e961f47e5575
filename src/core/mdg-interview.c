/* mdg-interview.c: what staff still have to ask
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-interview"

#include "config.h"

#include <string.h>

#include "mdg-interview.h"
#include "mdg-rules-private.h"

static void
question_free (gpointer data)
{
  MdgQuestion *question = data;

  g_free (question->fact);
  g_free (question->text);
  g_free (question);
}

static char *
fill_text (const char      *text,
           const MdgMember *member)
{
  g_autoptr(GString) str = g_string_new (text);

  if (member != NULL)
    g_string_replace (str, "{name}", member->name ? member->name : member->id, 0);

  return g_string_free (g_steal_pointer (&str), FALSE);
}

static gboolean
fact_needed (GArray  *facts,
             guint32  fact)
{
  for (guint i = 0; i < facts->len; i++)
    {
      if (g_array_index (facts, guint32, i) == fact)
        return TRUE;
    }

  return FALSE;
}

/**
 * mdg_interview_next_questions:
 *
 * Returns: (transfer full) (element-type MdgQuestion): what is left to ask
 */
GPtrArray *
mdg_interview_next_questions (MdgCatalog *catalog,
                              MdgCase    *kase)
{
  g_autoptr(GArray) facts = g_array_new (FALSE, FALSE, sizeof (guint32));
  GPtrArray *questions = g_ptr_array_new_with_free_func (question_free);
  GPtrArray *household;
  GPtrArray *per_member;
  MdgEval eval;

  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  _mdg_eval_init (&eval, catalog, kase, facts);
  for (guint i = 0; i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      guint64 members;

      (void) _mdg_eval_rule (&eval, i, &members);
    }

  if (facts->len == 0)
    return questions;

  household = _mdg_catalog_get_household_questions (catalog, mdg_case_get_event (kase));
  for (guint i = 0; i < household->len; i++)
    {
      const MdgQuestionDef *def = g_ptr_array_index (household, i);
      MdgQuestion *question;

      if (!fact_needed (facts, MDG_FACT_ANSWER (def->field)))
        continue;

      question = g_new0 (MdgQuestion, 1);
      question->def = def;
      question->member = -1;
      question->fact = g_strdup (def->fact);
      question->text = fill_text (def->text, NULL);
      g_ptr_array_add (questions, question);
    }

  per_member = _mdg_catalog_get_member_questions (catalog);
  for (guint m = 0; m < mdg_case_get_n_members (kase); m++)
    {
      const MdgMember *member = mdg_case_get_member (kase, m);

      for (guint i = 0; i < per_member->len; i++)
        {
          const MdgQuestionDef *def = g_ptr_array_index (per_member, i);
          MdgQuestion *question;

          if (!fact_needed (facts, MDG_FACT_MEMBER (m, def->field)))
            continue;

          question = g_new0 (MdgQuestion, 1);
          question->def = def;
          question->member = m;
          question->fact = g_strdup_printf ("members.%s.%s", member->id, def->key);
          question->text = fill_text (def->text, member);
          g_ptr_array_add (questions, question);
        }
    }

  return questions;
}

JsonNode *
mdg_interview_to_node (GPtrArray *questions)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (questions != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "questions");
  json_builder_begin_array (builder);
  for (guint i = 0; i < questions->len; i++)
    {
      const MdgQuestion *question = g_ptr_array_index (questions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fact");
      json_builder_add_string_value (builder, question->fact);
      json_builder_set_member_name (builder, "text");
      json_builder_add_string_value (builder, question->text);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
