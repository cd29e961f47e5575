/* mdg-complete-page.c: what still blocks the visit's completion, and 受付を完了
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-complete-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-pages.h"

struct _MdgCompletePage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwStatusPage       *complete_page;
  AdwPreferencesGroup *blockers_group;

  /* borrowed: rows owned by blockers_group */
  GPtrArray           *blocker_rows;
};

G_DEFINE_FINAL_TYPE (MdgCompletePage, mdg_complete_page, ADW_TYPE_BIN)

static gboolean
same_blockers (GPtrArray *rows,
               GPtrArray *blockers)
{
  if (rows->len != blockers->len || rows->len == 0)
    return FALSE;

  for (guint i = 0; i < rows->len; i++)
    {
      if (g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, i)),
                     g_ptr_array_index (blockers, i)) != 0)
        return FALSE;
    }

  return TRUE;
}

void
mdg_complete_page_set_blockers (MdgCompletePage *self,
                                GPtrArray       *blockers)
{
  g_return_if_fail (MDG_IS_COMPLETE_PAGE (self));
  g_return_if_fail (blockers != NULL);

  /* every box typed asks again; most times nothing changed */
  if (same_blockers (self->blocker_rows, blockers))
    return;

  _mdg_case_page_clear_rows (self->blockers_group, self->blocker_rows);
  for (guint i = 0; i < blockers->len; i++)
    {
      GtkWidget *row = _mdg_case_page_plain_row_new (g_ptr_array_index (blockers, i), NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->blockers_group, row);
      g_ptr_array_add (self->blocker_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->blockers_group), blockers->len > 0);

  if (blockers->len == 0)
    {
      adw_status_page_set_title (self->complete_page, _("Ready to Complete"));
      adw_status_page_set_description (self->complete_page,
                                       _("The case, the signed forms and the audit entries are "
                                         "stored together, and the ticket closes."));
    }
  else
    {
      adw_status_page_set_title (self->complete_page, _("Not Ready Yet"));
      adw_status_page_set_description (self->complete_page, NULL);
    }
}

static void
mdg_complete_page_dispose (GObject *object)
{
  MdgCompletePage *self = (MdgCompletePage *)object;

  g_ptr_array_set_size (self->blocker_rows, 0);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_COMPLETE_PAGE);

  G_OBJECT_CLASS (mdg_complete_page_parent_class)->dispose (object);
}

static void
mdg_complete_page_finalize (GObject *object)
{
  MdgCompletePage *self = (MdgCompletePage *)object;

  g_clear_pointer (&self->blocker_rows, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_complete_page_parent_class)->finalize (object);
}

static void
mdg_complete_page_class_init (MdgCompletePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_complete_page_dispose;
  object_class->finalize = mdg_complete_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-complete-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgCompletePage, complete_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCompletePage, blockers_group);
}

static void
mdg_complete_page_init (MdgCompletePage *self)
{
  self->blocker_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
