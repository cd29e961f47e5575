/* mdg-suggest-popover.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-suggest-popover"

#include "config.h"

#include "mdg-suggest-popover.h"

struct _MdgSuggestPopover
{
  GtkPopover     parent_instance;

  /* owned */
  GtkStringList *labels;

  /* borrowed: children */
  GtkListView   *list_view;
};

G_DEFINE_FINAL_TYPE (MdgSuggestPopover, mdg_suggest_popover, GTK_TYPE_POPOVER)

enum {
  PICKED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *item,
             gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 4);
  gtk_widget_set_margin_bottom (label, 4);
  gtk_list_item_set_child (item, label);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            gpointer                  user_data)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       gtk_string_object_get_string (string));
}

static void
on_list_view_activate_cb (MdgSuggestPopover *self,
                          guint              position,
                          GtkListView       *list_view)
{
  mdg_suggest_popover_pick (self, position);
}

static void
on_row_destroy_cb (GtkWidget *popover)
{
  gtk_widget_unparent (popover);
}

static void
mdg_suggest_popover_dispose (GObject *object)
{
  MdgSuggestPopover *self = (MdgSuggestPopover *)object;

  g_clear_object (&self->labels);

  G_OBJECT_CLASS (mdg_suggest_popover_parent_class)->dispose (object);
}

static void
mdg_suggest_popover_class_init (MdgSuggestPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_suggest_popover_dispose;

  /* The clerk picked the suggestion at this index. */
  signals [PICKED] =
    g_signal_new ("picked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);
}

static void
mdg_suggest_popover_init (MdgSuggestPopover *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
  GtkSingleSelection *selection;
  GtkWidget *scrolled;

  self->labels = gtk_string_list_new (NULL);
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->labels)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), NULL);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (selection),
                                                      g_steal_pointer (&factory)));
  gtk_list_view_set_single_click_activate (self->list_view, TRUE);
  g_signal_connect_object (self->list_view, "activate", G_CALLBACK (on_list_view_activate_cb),
                           self, G_CONNECT_SWAPPED);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 280);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_widget_set_size_request (scrolled, 320, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));

  gtk_popover_set_child (GTK_POPOVER (self), scrolled);
  gtk_popover_set_autohide (GTK_POPOVER (self), FALSE);
  gtk_popover_set_has_arrow (GTK_POPOVER (self), FALSE);
  gtk_popover_set_position (GTK_POPOVER (self), GTK_POS_BOTTOM);
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_START);
  gtk_widget_set_can_focus (GTK_WIDGET (self), FALSE);
}

MdgSuggestPopover *
mdg_suggest_popover_new_for (GtkWidget *row)
{
  MdgSuggestPopover *self;

  g_return_val_if_fail (GTK_IS_WIDGET (row), NULL);

  self = g_object_new (MDG_TYPE_SUGGEST_POPOVER, NULL);
  gtk_widget_set_parent (GTK_WIDGET (self), row);
  g_signal_connect_object (row, "destroy", G_CALLBACK (on_row_destroy_cb), self,
                           G_CONNECT_SWAPPED);
  return self;
}

void
mdg_suggest_popover_show (MdgSuggestPopover  *self,
                          const char * const *labels)
{
  guint n;

  g_return_if_fail (MDG_IS_SUGGEST_POPOVER (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->labels));
  gtk_string_list_splice (self->labels, 0, n, labels);

  if (labels != NULL && labels[0] != NULL)
    {
      if (gtk_widget_get_mapped (gtk_widget_get_parent (GTK_WIDGET (self))))
        gtk_popover_popup (GTK_POPOVER (self));
    }
  else
    gtk_popover_popdown (GTK_POPOVER (self));
}

guint
mdg_suggest_popover_get_n_items (MdgSuggestPopover *self)
{
  g_return_val_if_fail (MDG_IS_SUGGEST_POPOVER (self), 0);

  return g_list_model_get_n_items (G_LIST_MODEL (self->labels));
}

const char *
mdg_suggest_popover_get_label (MdgSuggestPopover *self,
                               guint              index)
{
  g_return_val_if_fail (MDG_IS_SUGGEST_POPOVER (self), NULL);

  return gtk_string_list_get_string (self->labels, index);
}

void
mdg_suggest_popover_pick (MdgSuggestPopover *self,
                          guint              index)
{
  g_return_if_fail (MDG_IS_SUGGEST_POPOVER (self));
  g_return_if_fail (index < mdg_suggest_popover_get_n_items (self));

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals [PICKED], 0, index);
}
