/* mdg-choice-question-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-choice-question-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-choice-question-row.h"

struct _MdgChoiceQuestionRow
{
  AdwComboRow  parent_instance;

  /* owned */
  char        *fact;
  GPtrArray   *values;   /* char *, one per item of the model */
};

G_DEFINE_FINAL_TYPE (MdgChoiceQuestionRow, mdg_choice_question_row, ADW_TYPE_COMBO_ROW)

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgChoiceQuestionRow *self = (MdgChoiceQuestionRow *)widget;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *json = NULL;
  GtkStringObject *item;
  guint selected;

  g_assert (MDG_IS_CHOICE_QUESTION_ROW (self));

  selected = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  item = adw_combo_row_get_selected_item (ADW_COMBO_ROW (self));
  if (item == NULL || selected >= self->values->len)
    return;

  node = json_node_init_string (json_node_alloc (), g_ptr_array_index (self->values, selected));
  json = json_to_string (node, FALSE);

  gtk_widget_activate_action (widget, "case.answer", "(ssss)",
                              self->fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                              json,
                              gtk_string_object_get_string (item));
}

static void
mdg_choice_question_row_dispose (GObject *object)
{
  MdgChoiceQuestionRow *self = (MdgChoiceQuestionRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_CHOICE_QUESTION_ROW);

  G_OBJECT_CLASS (mdg_choice_question_row_parent_class)->dispose (object);
}

static void
mdg_choice_question_row_finalize (GObject *object)
{
  MdgChoiceQuestionRow *self = (MdgChoiceQuestionRow *)object;

  g_clear_pointer (&self->fact, g_free);
  g_clear_pointer (&self->values, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_choice_question_row_parent_class)->finalize (object);
}

static void
mdg_choice_question_row_class_init (MdgChoiceQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_choice_question_row_dispose;
  object_class->finalize = mdg_choice_question_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-choice-question-row.ui");

  gtk_widget_class_install_action (widget_class, "question.record", NULL, record_action);
}

static void
mdg_choice_question_row_init (MdgChoiceQuestionRow *self)
{
  self->values = g_ptr_array_new_with_free_func (g_free);

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mdg_choice_question_row_new (const MdgQuestion *question,
                             MdgCase           *kase)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  MdgChoiceQuestionRow *self;

  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);
  g_return_val_if_fail (question->def->kind == MDG_QUESTION_CHOICE ||
                        question->def->kind == MDG_QUESTION_MEMBER, NULL);

  self = g_object_new (MDG_TYPE_CHOICE_QUESTION_ROW,
                       "title", question->text,
                       "subtitle", question->def->help,
                       NULL);
  self->fact = g_strdup (question->fact);

  if (question->def->kind == MDG_QUESTION_MEMBER)
    {
      /* Only the living can receive, host a funeral or give birth. */
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          const MdgMember *member = mdg_case_get_member (kase, i);
          g_autofree char *name = NULL;

          if (member->deceased)
            continue;

          name = _mdg_member_dup_name (member, kase);
          gtk_string_list_append (labels, name);
          g_ptr_array_add (self->values, g_strdup (member->id));
        }
    }
  else if (question->def->choices != NULL)
    {
      for (guint i = 0; i < question->def->choices->len; i++)
        {
          const MdgChoice *choice = g_ptr_array_index (question->def->choices, i);

          gtk_string_list_append (labels, choice->label);
          g_ptr_array_add (self->values, g_strdup (choice->value));
        }
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (self), G_LIST_MODEL (labels));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "question.record", self->values->len > 0);

  return GTK_WIDGET (self);
}
