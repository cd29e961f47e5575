/* mdg-interview-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-interview-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-boolean-question-row.h"
#include "mdg-choice-question-row.h"
#include "mdg-interview-view.h"
#include "mdg-multi-question-row.h"

struct _MdgInterviewView
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwPreferencesGroup *questions_group;
  AdwActionRow        *done_row;

  /* borrowed: the question rows, owned by questions_group */
  GPtrArray           *rows;
};

G_DEFINE_FINAL_TYPE (MdgInterviewView, mdg_interview_view, ADW_TYPE_BIN)

static GtkWidget *
create_row (const MdgQuestion *question,
            MdgCase           *kase)
{
  switch (question->def->kind)
    {
    case MDG_QUESTION_BOOLEAN:
      return mdg_boolean_question_row_new (question);
    case MDG_QUESTION_CHOICE:
    case MDG_QUESTION_MEMBER:
      return mdg_choice_question_row_new (question, kase);
    case MDG_QUESTION_MULTI_CHOICE:
    case MDG_QUESTION_MEMBERS:
      return mdg_multi_question_row_new (question, kase);
    default:
      g_return_val_if_reached (NULL);
    }
}

static void
mdg_interview_view_dispose (GObject *object)
{
  MdgInterviewView *self = (MdgInterviewView *)object;

  g_ptr_array_set_size (self->rows, 0);
  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_INTERVIEW_VIEW);

  G_OBJECT_CLASS (mdg_interview_view_parent_class)->dispose (object);
}

static void
mdg_interview_view_finalize (GObject *object)
{
  MdgInterviewView *self = (MdgInterviewView *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_interview_view_parent_class)->finalize (object);
}

static void
mdg_interview_view_class_init (MdgInterviewViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_interview_view_dispose;
  object_class->finalize = mdg_interview_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-interview-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgInterviewView, questions_group);
  gtk_widget_class_bind_template_child (widget_class, MdgInterviewView, done_row);
}

static void
mdg_interview_view_init (MdgInterviewView *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
mdg_interview_view_set_questions (MdgInterviewView *self,
                                  MdgCase          *kase,
                                  GPtrArray        *questions)
{
  g_return_if_fail (MDG_IS_INTERVIEW_VIEW (self));
  g_return_if_fail (kase != NULL);
  g_return_if_fail (questions != NULL);

  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->questions_group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < questions->len; i++)
    {
      const MdgQuestion *question = g_ptr_array_index (questions, i);
      GtkWidget *row = create_row (question, kase);

      if (row == NULL)
        continue;

      adw_preferences_group_add (self->questions_group, row);
      g_ptr_array_add (self->rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->done_row), self->rows->len == 0);
}
