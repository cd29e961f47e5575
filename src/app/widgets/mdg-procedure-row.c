/* mdg-procedure-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-procedure-row"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-procedure-row.h"

struct _MdgProcedureRow
{
  AdwExpanderRow  parent_instance;

  /* template widgets */
  GtkLabel       *mode_label;
  GtkLabel       *deadline_label;
  AdwActionRow   *summary_row;
  AdwActionRow   *members_row;
  AdwActionRow   *reason_row;
  AdwActionRow   *deadline_row;
  AdwActionRow   *basis_row;
  AdwActionRow   *bring_row;
};

G_DEFINE_FINAL_TYPE (MdgProcedureRow, mdg_procedure_row, ADW_TYPE_EXPANDER_ROW)

static char *
dup_member_names (const MdgGuidanceItem *item,
                  MdgCase               *kase)
{
  g_autoptr(GString) names = g_string_new (NULL);

  for (guint i = 0; i < mdg_case_get_n_members (kase) && i < 64; i++)
    {
      g_autofree char *name = NULL;

      if ((item->members & (G_GUINT64_CONSTANT (1) << i)) == 0)
        continue;

      name = _mdg_member_dup_name (mdg_case_get_member (kase, i), kase);
      if (names->len > 0)
        /* Translators: separates the names in a list of household members */
        g_string_append (names, C_("list separator", ", "));
      g_string_append (names, name);
    }

  if (names->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&names), FALSE);
}

static void
set_text_row (AdwActionRow *row,
              const char   *text)
{
  gboolean has_text = text != NULL && text[0] != '\0';

  adw_action_row_set_subtitle (row, has_text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (row), has_text);
}

static void
mdg_procedure_row_dispose (GObject *object)
{
  MdgProcedureRow *self = (MdgProcedureRow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_PROCEDURE_ROW);

  G_OBJECT_CLASS (mdg_procedure_row_parent_class)->dispose (object);
}

static void
mdg_procedure_row_class_init (MdgProcedureRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_procedure_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-procedure-row.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, mode_label);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, deadline_label);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, summary_row);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, members_row);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, reason_row);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, deadline_row);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, basis_row);
  gtk_widget_class_bind_template_child (widget_class, MdgProcedureRow, bring_row);
}

static void
mdg_procedure_row_init (MdgProcedureRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
mdg_procedure_row_new (const MdgGuidanceItem *item,
                       MdgCase               *kase)
{
  const MdgProcedure *procedure;
  g_autofree char *names = NULL;
  g_autofree char *deadline = NULL;
  g_autofree char *deadline_text = NULL;
  g_autofree char *due = NULL;
  g_autofree char *bring = NULL;
  MdgProcedureRow *self;

  g_return_val_if_fail (item != NULL, NULL);
  g_return_val_if_fail (item->procedure != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  procedure = item->procedure;
  names = dup_member_names (item, kase);
  deadline = _mdg_deadline_dup_label (item->deadline);

  self = g_object_new (MDG_TYPE_PROCEDURE_ROW,
                       "title", procedure->name,
                       "subtitle", names != NULL ? names : procedure->summary,
                       NULL);

  gtk_label_set_label (self->mode_label, _mdg_mode_get_label (procedure->mode));
  gtk_widget_add_css_class (GTK_WIDGET (self->mode_label), mdg_mode_to_string (procedure->mode));

  if (item->deadline != MDG_DAY_INVALID)
    {
      /* Translators: %s is a date in the Japanese calendar, 令和8年12月9日 */
      due = g_strdup_printf (_("Due %s"), deadline);
      gtk_label_set_label (self->deadline_label, due);
      gtk_widget_add_css_class (GTK_WIDGET (self->deadline_label), "deadline");
    }
  else
    {
      gtk_label_set_label (self->deadline_label, deadline);
      gtk_widget_add_css_class (GTK_WIDGET (self->deadline_label), "dim-label");
    }

  if (item->deadline != MDG_DAY_INVALID && procedure->deadline_note != NULL)
    /* Translators: a deadline date, then how the law counts it, on a new line */
    deadline_text = g_strdup_printf (_("%1$s\n%2$s"), deadline, procedure->deadline_note);
  else
    deadline_text = g_strdup (deadline);

  if (procedure->bring != NULL && procedure->bring[0] != NULL)
    bring = g_strjoinv ("\n", procedure->bring);

  set_text_row (self->summary_row, names != NULL ? procedure->summary : NULL);
  set_text_row (self->members_row, names);
  set_text_row (self->reason_row, item->reason);
  set_text_row (self->deadline_row, deadline_text);
  set_text_row (self->basis_row, procedure->legal_basis);
  set_text_row (self->bring_row, bring);

  /* staff added it, so staff can take it off again */
  if (procedure->manual)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-remove-symbolic");

      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Remove this procedure"));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.remove-procedure");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (procedure->id));
      adw_expander_row_add_action (ADW_EXPANDER_ROW (self), button);
    }

  return GTK_WIDGET (self);
}
