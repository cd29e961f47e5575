/* mdg-guidance-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-guidance-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-guidance-view.h"
#include "mdg-procedure-row.h"

struct _MdgGuidanceView
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwPreferencesGroup *summary_group;
  AdwPreferencesGroup *empty_group;
  GtkBox              *departments_box;

  /* borrowed: one group per department, owned by departments_box */
  AdwPreferencesGroup *groups[MDG_N_DEPARTMENTS];

  /* borrowed: the procedure rows, owned by their groups */
  GPtrArray           *rows;

  /* what the rows show, to rebuild them only when it changes */
  char                *shown;

  /* owned */
  MdgGuidance         *guidance;
};

G_DEFINE_FINAL_TYPE (MdgGuidanceView, mdg_guidance_view, ADW_TYPE_BIN)

static void
clear_rows (MdgGuidanceView *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->rows, i);
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);
}

static void
mdg_guidance_view_dispose (GObject *object)
{
  MdgGuidanceView *self = (MdgGuidanceView *)object;

  g_ptr_array_set_size (self->rows, 0);
  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_GUIDANCE_VIEW);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);

  G_OBJECT_CLASS (mdg_guidance_view_parent_class)->dispose (object);
}

static void
mdg_guidance_view_finalize (GObject *object)
{
  MdgGuidanceView *self = (MdgGuidanceView *)object;

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->shown, g_free);

  G_OBJECT_CLASS (mdg_guidance_view_parent_class)->finalize (object);
}

static void
mdg_guidance_view_class_init (MdgGuidanceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_guidance_view_dispose;
  object_class->finalize = mdg_guidance_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-guidance-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgGuidanceView, summary_group);
  gtk_widget_class_bind_template_child (widget_class, MdgGuidanceView, empty_group);
  gtk_widget_class_bind_template_child (widget_class, MdgGuidanceView, departments_box);
}

static void
mdg_guidance_view_init (MdgGuidanceView *self)
{
  self->rows = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < MDG_N_DEPARTMENTS; i++)
    {
      self->groups[i] = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
      /* The department names are the catalog's own (区民課 …). */
      adw_preferences_group_set_title (self->groups[i], mdg_department_get_name (i));
      gtk_widget_set_visible (GTK_WIDGET (self->groups[i]), FALSE);
      gtk_box_append (self->departments_box, GTK_WIDGET (self->groups[i]));
    }
}

/* Everything the procedure rows show of @guidance, as one string. */
static char *
dup_shown (MdgGuidance *guidance)
{
  MdgCase *kase = mdg_guidance_get_case (guidance);
  GString *shown = g_string_new (NULL);

  g_string_append_printf (shown, "%d|", mdg_case_get_visit_date (kase));
  for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);

      g_string_append_printf (shown, "%s|%s|%d|", item->procedure->id,
                              item->reason != NULL ? item->reason : "", item->deadline);
      for (guint j = 0; j < mdg_case_get_n_members (kase); j++)
        {
          const MdgMember *member = mdg_case_get_member (kase, j);

          if (item->members & (G_GUINT64_CONSTANT (1) << j))
            g_string_append_printf (shown, "%s/%s/%s,", member->id,
                                    member->name != NULL ? member->name : "",
                                    member->kana != NULL ? member->kana : "");
        }
      g_string_append_c (shown, '\n');
    }

  return g_string_free (shown, FALSE);
}

void
mdg_guidance_view_set_guidance (MdgGuidanceView *self,
                                MdgGuidance     *guidance)
{
  guint counts[MDG_N_DEPARTMENTS] = { 0 };
  g_autofree char *summary = NULL;
  g_autofree char *shown = NULL;
  MdgCase *kase;
  guint n_items;

  g_return_if_fail (MDG_IS_GUIDANCE_VIEW (self));
  g_return_if_fail (guidance != NULL);

  /* Most answers change nothing here: keep the rows (and the clerk's place
   * in them) unless what they show changed. */
  shown = dup_shown (guidance);
  if (g_strcmp0 (shown, self->shown) == 0)
    {
      g_clear_pointer (&self->guidance, mdg_guidance_unref);
      self->guidance = mdg_guidance_ref (guidance);
      return;
    }
  g_free (self->shown);
  self->shown = g_steal_pointer (&shown);

  clear_rows (self);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);
  self->guidance = mdg_guidance_ref (guidance);

  kase = mdg_guidance_get_case (guidance);
  n_items = mdg_guidance_get_n_items (guidance);

  for (guint i = 0; i < n_items; i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);
      MdgDepartment department = item->procedure->department;
      GtkWidget *row;

      g_assert (department < MDG_N_DEPARTMENTS);

      row = mdg_procedure_row_new (item, kase);
      adw_preferences_group_add (self->groups[department], row);
      g_ptr_array_add (self->rows, row);
      counts[department]++;
    }

  for (guint i = 0; i < MDG_N_DEPARTMENTS; i++)
    {
      g_autofree char *description = NULL;

      /* Translators: the number of procedures at one department's counter */
      description = g_strdup_printf (ngettext ("%u procedure", "%u procedures", counts[i]),
                                     counts[i]);
      adw_preferences_group_set_description (self->groups[i], description);
      gtk_widget_set_visible (GTK_WIDGET (self->groups[i]), counts[i] > 0);
    }

  summary = g_strdup_printf (ngettext ("%u procedure applies to this household",
                                       "%u procedures apply to this household",
                                       n_items),
                             n_items);
  adw_preferences_group_set_description (self->summary_group, summary);
  gtk_widget_set_visible (GTK_WIDGET (self->empty_group), n_items == 0);
}
