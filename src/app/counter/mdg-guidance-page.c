/* mdg-guidance-page.c: the procedures the visit's case needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-guidance-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-pages.h"
#include "mdg-guidance-view.h"

struct _MdgGuidancePage
{
  AdwBin           parent_instance;

  /* template widgets */
  MdgGuidanceView *guidance_view;
  GtkMenuButton   *add_procedure_button;
  GtkPopover      *add_procedure_popover;
  GtkListBox      *manual_list;

  /* owned */
  MdgVisit        *visit;
};

G_DEFINE_FINAL_TYPE (MdgGuidancePage, mdg_guidance_page, ADW_TYPE_BIN)

void
mdg_guidance_page_update (MdgGuidancePage *self)
{
  g_return_if_fail (MDG_IS_GUIDANCE_PAGE (self));

  if (self->visit != NULL && mdg_visit_get_guidance (self->visit) != NULL)
    mdg_guidance_view_set_guidance (self->guidance_view, mdg_visit_get_guidance (self->visit));
}

/* The procedures only staff add (the catalog's "manual" ones), by name
 * and summary. */
static void
fill_manual_list (MdgGuidancePage *self)
{
  MdgCatalog *catalog = self->visit != NULL ? mdg_visit_get_catalog (self->visit) : NULL;
  GtkWidget *child;
  guint n = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->manual_list))) != NULL)
    gtk_list_box_remove (self->manual_list, child);

  for (guint i = 0; catalog != NULL && i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      const MdgProcedure *procedure = mdg_catalog_get_procedure (catalog, i);
      GtkWidget *row;

      if (!procedure->manual)
        continue;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      /* the catalog's own names and summaries (Japanese) */
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), procedure->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), procedure->summary);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("list-add-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "mdg-procedure-id", g_strdup (procedure->id), g_free);
      gtk_list_box_append (self->manual_list, row);
      n++;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->add_procedure_button), n > 0);
}

static void
on_manual_list_row_activated_cb (MdgGuidancePage *self,
                                 GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "mdg-procedure-id");

  g_assert (MDG_IS_GUIDANCE_PAGE (self));

  gtk_popover_popdown (self->add_procedure_popover);
  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "case.add-procedure", "s", id);
}

static void
mdg_guidance_page_dispose (GObject *object)
{
  MdgGuidancePage *self = (MdgGuidancePage *)object;

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_GUIDANCE_PAGE);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (mdg_guidance_page_parent_class)->dispose (object);
}

static void
mdg_guidance_page_class_init (MdgGuidancePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_guidance_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-guidance-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgGuidancePage, guidance_view);
  gtk_widget_class_bind_template_child (widget_class, MdgGuidancePage, add_procedure_button);
  gtk_widget_class_bind_template_child (widget_class, MdgGuidancePage, add_procedure_popover);
  gtk_widget_class_bind_template_child (widget_class, MdgGuidancePage, manual_list);
  gtk_widget_class_bind_template_callback (widget_class, on_manual_list_row_activated_cb);

  g_type_ensure (MDG_TYPE_GUIDANCE_VIEW);
}

static void
mdg_guidance_page_init (MdgGuidancePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
mdg_guidance_page_set_visit (MdgGuidancePage *self,
                             MdgVisit        *visit)
{
  g_return_if_fail (MDG_IS_GUIDANCE_PAGE (self));
  g_return_if_fail (visit == NULL || MDG_IS_VISIT (visit));

  if (g_set_object (&self->visit, visit))
    fill_manual_list (self);
}
