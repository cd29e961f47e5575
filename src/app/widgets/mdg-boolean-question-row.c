/* mdg-boolean-question-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-boolean-question-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-boolean-question-row.h"

struct _MdgBooleanQuestionRow
{
  AdwActionRow  parent_instance;

  /* template widgets */
  GtkSwitch    *answer_switch;

  /* owned */
  char         *fact;
};

G_DEFINE_FINAL_TYPE (MdgBooleanQuestionRow, mdg_boolean_question_row, ADW_TYPE_ACTION_ROW)

static void
record_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgBooleanQuestionRow *self = (MdgBooleanQuestionRow *)widget;
  gboolean value;

  g_assert (MDG_IS_BOOLEAN_QUESTION_ROW (self));

  value = gtk_switch_get_active (self->answer_switch);
  gtk_widget_activate_action (widget, "case.answer", "(ssss)",
                              self->fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (self)),
                              value ? "true" : "false",
                              value ? _("Yes") : _("No"));
}

static void
mdg_boolean_question_row_dispose (GObject *object)
{
  MdgBooleanQuestionRow *self = (MdgBooleanQuestionRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_BOOLEAN_QUESTION_ROW);

  G_OBJECT_CLASS (mdg_boolean_question_row_parent_class)->dispose (object);
}

static void
mdg_boolean_question_row_finalize (GObject *object)
{
  MdgBooleanQuestionRow *self = (MdgBooleanQuestionRow *)object;

  g_clear_pointer (&self->fact, g_free);

  G_OBJECT_CLASS (mdg_boolean_question_row_parent_class)->finalize (object);
}

static void
mdg_boolean_question_row_class_init (MdgBooleanQuestionRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_boolean_question_row_dispose;
  object_class->finalize = mdg_boolean_question_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-boolean-question-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgBooleanQuestionRow, answer_switch);

  gtk_widget_class_install_action (widget_class, "question.record", NULL, record_action);
}

static void
mdg_boolean_question_row_init (MdgBooleanQuestionRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mdg_boolean_question_row_new (const MdgQuestion *question)
{
  MdgBooleanQuestionRow *self;

  g_return_val_if_fail (question != NULL, NULL);

  self = g_object_new (MDG_TYPE_BOOLEAN_QUESTION_ROW,
                       "title", question->text,
                       "subtitle", question->def->help,
                       NULL);
  self->fact = g_strdup (question->fact);

  return GTK_WIDGET (self);
}
