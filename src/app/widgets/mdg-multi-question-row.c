/* mdg-multi-question-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-multi-question-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-multi-question-row.h"

struct _MdgMultiQuestionRow
{
  AdwExpanderRow  parent_instance;

  /* owned */
  char           *fact;
  GPtrArray      *values;   /* char *, one per check button */
  GPtrArray      *labels;   /* char *, one per check button */

  /* borrowed: the check buttons, owned by their rows */
  GPtrArray      *checks;
};

G_DEFINE_FINAL_TYPE (MdgMultiQuestionRow, mdg_multi_question_row, ADW_TYPE_EXPANDER_ROW)

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgMultiQuestionRow *self = (MdgMultiQuestionRow *)widget;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GString) label = g_string_new (NULL);
  g_autofree char *json = NULL;

  g_assert (MDG_IS_MULTI_QUESTION_ROW (self));

  json_builder_begin_array (builder);
  for (guint i = 0; i < self->checks->len; i++)
    {
      if (!gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
        continue;

      json_builder_add_string_value (builder, g_ptr_array_index (self->values, i));
      if (label->len > 0)
        /* Translators: separates the items of a list of answers */
        g_string_append (label, C_("list separator", ", "));
      g_string_append (label, g_ptr_array_index (self->labels, i));
    }
  json_builder_end_array (builder);
  node = json_builder_get_root (builder);
  json = json_to_string (node, FALSE);

  if (label->len == 0)
    /* Translators: the answer when no item of a list was chosen */
    g_string_append (label, C_("answer", "None"));

  gtk_widget_activate_action (widget, "case.answer", "(ssss)",
                              self->fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                              json,
                              label->str);
}

static void
add_choice (MdgMultiQuestionRow *self,
            const char          *value,
            const char          *label)
{
  GtkWidget *row;
  GtkWidget *check;

  check = gtk_check_button_new ();
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);

  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);

  g_ptr_array_add (self->checks, check);
  g_ptr_array_add (self->values, g_strdup (value));
  g_ptr_array_add (self->labels, g_strdup (label));
}

static void
mdg_multi_question_row_dispose (GObject *object)
{
  MdgMultiQuestionRow *self = (MdgMultiQuestionRow *)object;

  g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_MULTI_QUESTION_ROW);

  G_OBJECT_CLASS (mdg_multi_question_row_parent_class)->dispose (object);
}

static void
mdg_multi_question_row_finalize (GObject *object)
{
  MdgMultiQuestionRow *self = (MdgMultiQuestionRow *)object;

  g_clear_pointer (&self->fact, g_free);
  g_clear_pointer (&self->values, g_ptr_array_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_multi_question_row_parent_class)->finalize (object);
}

static void
mdg_multi_question_row_class_init (MdgMultiQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_multi_question_row_dispose;
  object_class->finalize = mdg_multi_question_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-multi-question-row.ui");

  gtk_widget_class_install_action (widget_class, "question.record", NULL, record_action);
}

static void
mdg_multi_question_row_init (MdgMultiQuestionRow *self)
{
  self->values = g_ptr_array_new_with_free_func (g_free);
  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->checks = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mdg_multi_question_row_new (const MdgQuestion *question,
                            MdgCase           *kase)
{
  MdgMultiQuestionRow *self;

  g_return_val_if_fail (question != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);
  g_return_val_if_fail (question->def->kind == MDG_QUESTION_MULTI_CHOICE ||
                        question->def->kind == MDG_QUESTION_MEMBERS, NULL);

  self = g_object_new (MDG_TYPE_MULTI_QUESTION_ROW,
                       "title", question->text,
                       "subtitle", question->def->help,
                       NULL);
  self->fact = g_strdup (question->fact);

  if (question->def->kind == MDG_QUESTION_MEMBERS)
    {
      for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
        {
          const MdgMember *member = mdg_case_get_member (kase, i);
          g_autofree char *name = NULL;

          if (member->deceased)
            continue;

          name = _mdg_member_dup_name (member, kase);
          add_choice (self, member->id, name);
        }
    }
  else if (question->def->choices != NULL)
    {
      for (guint i = 0; i < question->def->choices->len; i++)
        {
          const MdgChoice *choice = g_ptr_array_index (question->def->choices, i);

          add_choice (self, choice->value, choice->label);
        }
    }

  return GTK_WIDGET (self);
}
