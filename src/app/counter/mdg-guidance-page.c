/* mdg-guidance-page.c: the procedures the visit's case needs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-guidance-page"

#include "config.h"

#include "mdg-case-pages.h"
#include "mdg-guidance-view.h"

struct _MdgGuidancePage
{
  AdwBin           parent_instance;

  /* template widgets */
  MdgGuidanceView *guidance_view;

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

  g_set_object (&self->visit, visit);
}
