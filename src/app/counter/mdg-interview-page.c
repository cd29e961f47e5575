/* mdg-interview-page.c: the visit's open questions and the answers given
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-interview-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-pages.h"
#include "mdg-interview-view.h"

struct _MdgInterviewPage
{
  AdwBin               parent_instance;

  /* template widgets */
  MdgInterviewView    *interview_view;
  AdwPreferencesGroup *answers_group;

  /* borrowed: rows owned by answers_group */
  GPtrArray           *answer_rows;

  /* owned */
  MdgVisit            *visit;
  char                *answers_shown; /* what the answer rows show */
};

G_DEFINE_FINAL_TYPE (MdgInterviewPage, mdg_interview_page, ADW_TYPE_BIN)

static void
update_answers (MdgInterviewPage *self)
{
  GPtrArray *answers = mdg_visit_get_answers (self->visit);
  GString *shown = g_string_new (NULL);

  for (guint i = 0; i < answers->len; i++)
    {
      const MdgVisitAnswer *answer = g_ptr_array_index (answers, i);

      g_string_append_printf (shown, "%s|%s|%s\n", answer->fact, answer->question, answer->label);
    }
  if (!_mdg_case_page_shown_changed (&self->answers_shown, shown))
    return;

  _mdg_case_page_clear_rows (self->answers_group, self->answer_rows);
  for (guint i = 0; i < answers->len; i++)
    {
      const MdgVisitAnswer *answer = g_ptr_array_index (answers, i);
      GtkWidget *row;
      GtkWidget *button;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), answer->question);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer->label);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Ask this question again"));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.forget-answer");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (answer->fact));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->answers_group, row);
      g_ptr_array_add (self->answer_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->answers_group), answers->len > 0);
}

void
mdg_interview_page_update (MdgInterviewPage *self)
{
  g_autoptr(GPtrArray) questions = NULL;
  MdgCase *kase;

  g_return_if_fail (MDG_IS_INTERVIEW_PAGE (self));

  if (self->visit == NULL || (kase = mdg_visit_get_case (self->visit)) == NULL)
    return;

  questions = mdg_interview_next_questions (mdg_visit_get_catalog (self->visit), kase);
  mdg_interview_view_set_questions (self->interview_view, kase, questions);
  update_answers (self);
}

static void
mdg_interview_page_dispose (GObject *object)
{
  MdgInterviewPage *self = (MdgInterviewPage *)object;

  g_ptr_array_set_size (self->answer_rows, 0);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_INTERVIEW_PAGE);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (mdg_interview_page_parent_class)->dispose (object);
}

static void
mdg_interview_page_finalize (GObject *object)
{
  MdgInterviewPage *self = (MdgInterviewPage *)object;

  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->answers_shown, g_free);

  G_OBJECT_CLASS (mdg_interview_page_parent_class)->finalize (object);
}

static void
mdg_interview_page_class_init (MdgInterviewPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_interview_page_dispose;
  object_class->finalize = mdg_interview_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-interview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgInterviewPage, interview_view);
  gtk_widget_class_bind_template_child (widget_class, MdgInterviewPage, answers_group);

  g_type_ensure (MDG_TYPE_INTERVIEW_VIEW);
}

static void
mdg_interview_page_init (MdgInterviewPage *self)
{
  self->answer_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
mdg_interview_page_set_visit (MdgInterviewPage *self,
                              MdgVisit         *visit)
{
  g_return_if_fail (MDG_IS_INTERVIEW_PAGE (self));
  g_return_if_fail (visit == NULL || MDG_IS_VISIT (visit));

  g_set_object (&self->visit, visit);
}
