/* mdg-window-tickets.c: the queue at the counter: bands, held tickets, the ticket protocol's buttons
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mdg-window-private.h"

/* The bands of the counter-bands setting, as rows of the queue page;
 * _mdg_window_update_queue() fills in their waiting counts. */
void
_mdg_window_create_band_rows (MdgWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) served = NULL;
  g_autoptr(GMenu) transfer_menu = g_menu_new ();
  const GPtrArray *bands = mdg_bands_get_default (&error);
  static const gint32 first_band[] = { 1 };
  const gint32 *values = first_band;
  gsize n = G_N_ELEMENTS (first_band);

  /* Without the schema (an uninstalled run), the first band. */
  if (self->settings != NULL)
    {
      served = g_settings_get_value (self->settings, "counter-bands");
      values = g_variant_get_fixed_array (served, &n, sizeof (gint32));
    }

  for (guint i = 0; i < self->band_rows->len; i++)
    adw_preferences_group_remove (self->bands_group, g_ptr_array_index (self->band_rows, i));
  g_ptr_array_set_size (self->band_rows, 0);

  if (bands == NULL)
    {
      g_debug ("The ticket bands cannot be read");
      return;
    }

  for (guint i = 0; i < bands->len; i++)
    {
      const MdgBand *band = g_ptr_array_index (bands, i);
      g_autofree char *title = NULL;
      g_autofree char *action = NULL;
      gboolean serves = FALSE;

      title = _mdg_band_dup_title (band);
      action = g_strdup_printf ("win.transfer(%d)", band->band);
      g_menu_append (transfer_menu, title, action);

      for (gsize j = 0; j < n; j++)
        serves |= values[j] == band->band;
      if (serves)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          g_object_set_data (G_OBJECT (row), "mdg-band", GINT_TO_POINTER (band->band));
          adw_preferences_group_add (self->bands_group, row);
          g_ptr_array_add (self->band_rows, row);
        }
    }

  gtk_menu_button_set_menu_model (self->transfer_button, G_MENU_MODEL (transfer_menu));
}

/* The tickets this counter set aside, each with "call again". */
static void
update_held (MdgWindow *self,
             GPtrArray *tickets)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  int counter = self->settings != NULL ? g_settings_get_int (self->settings, "counter-number") : 1;

  for (guint i = 0; i < self->held_rows->len; i++)
    adw_preferences_group_remove (self->held_group, g_ptr_array_index (self->held_rows, i));
  g_ptr_array_set_size (self->held_rows, 0);

  for (guint i = 0; tickets != NULL && i < tickets->len; i++)
    {
      const MdgTicket *ticket = g_ptr_array_index (tickets, i);
      const MdgBand *band = bands != NULL ? mdg_bands_lookup (bands, ticket->band) : NULL;
      GtkWidget *row;
      GtkWidget *button;
      g_autofree char *title = NULL;

      if (mdg_ticket_get_state (ticket) != MDG_QUEUE_STATE_HELD || ticket->counter != counter)
        continue;

      row = adw_action_row_new ();
      /* Translators: a ticket by its number, e.g. "1001番の方" */
      title = g_strdup_printf (_("Ticket %d"), ticket->number);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), band != NULL ? band->name : "");
      button = gtk_button_new_with_mnemonic (_("Call _Again"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.call-held");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (ticket->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->held_group, row);
      g_ptr_array_add (self->held_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->held_group), self->held_rows->len > 0);
}

static void
tickets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = mdg_store_list_tickets_finish (MDG_STORE (object), result,
                                                                &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (tickets == NULL)
    {
      g_debug ("Today's tickets could not be listed (store error %d)", error->code);
      return;
    }

  for (guint i = 0; i < self->band_rows->len; i++)
    {
      GtkWidget *row = g_ptr_array_index (self->band_rows, i);
      int band = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "mdg-band"));
      g_autofree char *subtitle = NULL;
      guint waiting = 0;

      for (guint j = 0; j < tickets->len; j++)
        {
          const MdgTicket *ticket = g_ptr_array_index (tickets, j);

          waiting += ticket->band == band &&
                     mdg_ticket_get_state (ticket) == MDG_QUEUE_STATE_WAITING;
        }

      /* Translators: tickets of a band waiting to be called */
      subtitle = g_strdup_printf (ngettext ("%u waiting", "%u waiting", waiting), waiting);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }

  update_held (self, tickets);
}

/* The waiting counts of the bands served, from what the link pulled. */
void
_mdg_window_update_queue (MdgWindow *self)
{
  /* the ward's day, in Japan whatever the workstation's time zone */
  g_autofree char *today = mdg_day_dup_iso (_mdg_today ());

  if (self->link == NULL || !mdg_ward_link_get_online (self->link) || self->store == NULL)
    {
      for (guint i = 0; i < self->band_rows->len; i++)
        adw_action_row_set_subtitle (g_ptr_array_index (self->band_rows, i),
                                     self->link == NULL
                                     ? _("Waiting count unknown without the ward database")
                                     : _("Waiting count unknown while the ward database cannot "
                                         "be reached"));
      return;
    }

  mdg_store_list_tickets_async (self->store, today, today, self->cancellable,
                                tickets_listed_cb, g_object_ref (self));
}

void
_mdg_window_update_ticket (MdgWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const MdgTicket *ticket = _mdg_window_get_ticket (self);

  if (ticket != NULL)
    {
      const MdgBand *band = NULL;
      const GPtrArray *bands = mdg_bands_get_default (NULL);

      if (bands != NULL)
        band = mdg_bands_lookup (bands, ticket->band);
      /* Translators: the ticket called to this counter, e.g. "1001番の方" */
      title = g_strdup_printf (_("Ticket %d"), ticket->number);
      /* Translators: the state of the called ticket: its band and the
       * recalls made */
      description = g_strdup_printf (ngettext ("%s · called, %d recall", "%s · called, %d recalls",
                                               ticket->recalls),
                                     band != NULL ? band->name : "", ticket->recalls);
      adw_status_page_set_title (self->queue_page, title);
      adw_status_page_set_description (self->queue_page, description);
    }
  else
    {
      adw_status_page_set_title (self->queue_page, _("Next Resident"));
      adw_status_page_set_description (self->queue_page, NULL);
    }

  _mdg_window_update_visit_label (self);
  _mdg_window_update_actions (self);
}

void
_mdg_window_update_actions (MdgWindow *self)
{
  gboolean online = self->link != NULL && mdg_ward_link_get_online (self->link) &&
                    self->desk != NULL;
  gboolean has_ticket = _mdg_window_get_ticket (self) != NULL;
  /* one call at a time: the buttons come back with the answer */
  gboolean idle = online && !mdg_counter_desk_get_busy (self->desk);

  /* One ticket at a time: the called one is completed, a no-show or
   * transferred before the next. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.call-next",
                                 idle && self->band_rows->len > 0 && !has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.recall", online && has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.no-show", online && has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.transfer", online && has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.hold", online && has_ticket);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.call-held", idle && !has_ticket);
  gtk_widget_set_sensitive (GTK_WIDGET (self->transfer_button), online && has_ticket);
}

static void
show_ward_error (MdgWindow    *self,
                 const GError *error)
{
  const char *text;

  if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING))
    text = _("Nobody is waiting in the bands this counter serves");
  else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET) ||
           g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE))
    text = _("Another counter has changed this ticket: the queue is shown as it is now");
  else
    {
      g_debug ("A ticket call failed (ward error %d)", error->code);
      text = _("The ward database did not answer: try again; nothing was called twice");
    }

  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

const MdgTicket *
_mdg_window_get_ticket (MdgWindow *self)
{
  return self->desk != NULL ? mdg_counter_desk_get_ticket (self->desk) : NULL;
}

gboolean
_mdg_window_dup_counter (MdgWindow *self,
                         int       *counter,
                         GArray   **bands)
{
  *counter = self->settings != NULL ? g_settings_get_int (self->settings, "counter-number") : 1;
  *bands = g_array_new (FALSE, FALSE, sizeof (int));
  for (guint i = 0; i < self->band_rows->len; i++)
    {
      int band = GPOINTER_TO_INT (g_object_get_data (g_ptr_array_index (self->band_rows, i),
                                                     "mdg-band"));

      g_array_append_val (*bands, band);
    }

  return (*bands)->len > 0;
}

/* The desk calls for the counter and the bands of the settings now. */
static void
sync_desk (MdgWindow *self)
{
  g_autoptr(GArray) bands = NULL;
  int counter;

  _mdg_window_dup_counter (self, &counter, &bands);
  mdg_counter_desk_set_counter (self->desk, MAX (counter, 1), (const int *) bands->data,
                                bands->len);
}

static void
called_next_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = mdg_counter_desk_call_finish (MDG_COUNTER_DESK (object), result,
                                                              &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _mdg_window_update_ticket (self);
  _mdg_window_update_queue (self);
  if (ticket == NULL)
    {
      show_ward_error (self, error);
      return;
    }

  /* The resident comes to the counter: identify them. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.walk-in", NULL);
}

void
_mdg_window_call_next_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  sync_desk (self);
  mdg_counter_desk_call_next_async (self->desk, self->cancellable, called_next_cb,
                                    g_object_ref (self));
}

/* Recall, no-show, hold, transfer, close: the desk's ticket as it is now. */
void
_mdg_window_desk_called_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = mdg_counter_desk_call_finish (MDG_COUNTER_DESK (object), result,
                                                              &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ticket == NULL)
    show_ward_error (self, error);
  /* no-show, transferred or set aside before the resident was identified:
   * the visit to come has no ticket */
  if (_mdg_window_get_ticket (self) == NULL && self->household == NULL)
    mdg_case_view_set_ticket_id (self->case_view, NULL);

  _mdg_window_update_ticket (self);
  _mdg_window_update_queue (self);
}

void
_mdg_window_ticket_op_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  sync_desk (self);
  if (g_str_equal (action_name, "win.recall"))
    mdg_counter_desk_recall_async (self->desk, FALSE, self->cancellable, _mdg_window_desk_called_cb,
                                   g_object_ref (self));
  else if (g_str_equal (action_name, "win.no-show"))
    mdg_counter_desk_recall_async (self->desk, TRUE, self->cancellable, _mdg_window_desk_called_cb,
                                   g_object_ref (self));
  else if (g_str_equal (action_name, "win.transfer"))
    mdg_counter_desk_transfer_async (self->desk, g_variant_get_int32 (param), self->cancellable,
                                     _mdg_window_desk_called_cb, g_object_ref (self));
  else if (g_str_equal (action_name, "win.hold"))
    mdg_counter_desk_hold_async (self->desk, self->cancellable, _mdg_window_desk_called_cb,
                                 g_object_ref (self));
}

static void
held_called_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = mdg_counter_desk_call_finish (MDG_COUNTER_DESK (object), result,
                                                              &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  _mdg_window_update_ticket (self);
  _mdg_window_update_queue (self);
  if (ticket == NULL)
    {
      show_ward_error (self, error);
      return;
    }

  /* a held ticket called again: its resident comes back to the counter */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.walk-in", NULL);
}

/* A held ticket of this counter, called again to it. */
void
_mdg_window_call_held_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->desk == NULL || _mdg_window_get_ticket (self) != NULL)
    return;

  sync_desk (self);
  mdg_counter_desk_call_held_async (self->desk, g_variant_get_string (param, NULL),
                                    self->cancellable, held_called_cb, g_object_ref (self));
}
