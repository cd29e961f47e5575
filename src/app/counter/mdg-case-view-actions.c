/* mdg-case-view-actions.c: the answers staff give, as actions of the case
 * view ("case.answer", "case.forget-answer", "case.add-procedure",
 * "case.remove-procedure"); the visit checks each one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-view-private.h"
#include "mdg-visit.h"

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  const char *fact, *question, *json, *label;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->visit == NULL || mdg_visit_get_case (self->visit) == NULL)
    return;

  g_variant_get (param, "(&s&s&s&s)", &fact, &question, &json, &label);
  if (!(value = json_from_string (json, &error)) ||
      !mdg_visit_answer (self->visit, fact, question, value, label, &error))
    {
      g_debug ("The answer to %s was refused", fact);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This answer does not fit the case")));
    }
}

static void
forget_answer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->visit != NULL)
    mdg_visit_forget_answer (self->visit, g_variant_get_string (param, NULL));
}

static void
add_procedure_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  g_autoptr(GError) error = NULL;
  const char *id = g_variant_get_string (param, NULL);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->visit == NULL || mdg_visit_get_case (self->visit) == NULL)
    return;

  if (!mdg_visit_add_procedure (self->visit, id, NULL, &error))
    {
      g_debug ("Adding procedure %s was refused", id);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This procedure cannot be added to this visit")));
    }
}

static void
remove_procedure_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->visit != NULL)
    mdg_visit_remove_procedure (self->visit, g_variant_get_string (param, NULL));
}

void
_mdg_case_view_install_answer_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "case.answer", "(ssss)", answer_action);
  gtk_widget_class_install_action (widget_class, "case.forget-answer", "s",
                                   forget_answer_action);
  gtk_widget_class_install_action (widget_class, "case.add-procedure", "s", add_procedure_action);
  gtk_widget_class_install_action (widget_class, "case.remove-procedure", "s",
                                   remove_procedure_action);
}
