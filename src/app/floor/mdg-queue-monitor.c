/* mdg-queue-monitor.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every band's waiting count, longest wait and estimate; each open
 * counter's ticket; the waiting tickets in call order, those waiting
 * longer than the long-wait setting highlighted, each with "priority" and
 * "move to another band" a click away. Live from the queue source (the
 * ward's NOTIFY); the operations go to the ward database like the
 * counter's own.
 */

#define G_LOG_DOMAIN "mdg-queue-monitor"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-application.h"
#include "mdg-bands.h"
#include "mdg-kpi.h"
#include "mdg-queue-monitor.h"
#include "mdg-waiting-display.h"
#include "mdg-ward.h"

#define DEFAULT_LONG_WAIT_MINUTES 60

struct _MdgQueueMonitor
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  GtkBox               *bands_box;
  GtkListBox           *counters_list;
  GtkListBox           *waiting_list;
  GtkLabel             *waiting_title;
  GtkLabel             *kpi_label;

  /* owned */
  MdgWorkstation       *workstation;
  MdgQueueSource       *source;       /* the workstation's */
  GSettings            *settings;     /* the workstation's, if any */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (MdgQueueMonitor, mdg_queue_monitor, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static int
long_wait_minutes (MdgQueueMonitor *self)
{
  return self->settings != NULL ? g_settings_get_int (self->settings, "long-wait-minutes")
                                : DEFAULT_LONG_WAIT_MINUTES;
}

static const char *
band_name (int band)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  const MdgBand *b = bands != NULL ? mdg_bands_lookup (bands, band) : NULL;

  return b != NULL ? b->name : "";
}

static void
clear_container (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else
        gtk_box_remove (GTK_BOX (container), child);
    }
}

static char *
dup_estimate_label (gint64 estimate)
{
  if (estimate < 0)
    /* Translators: no open counter calls the band, so no wait can be estimated */
    return g_strdup (_("No counter open"));
  /* Translators: the estimated wait of a ticket issued now, in minutes */
  return g_strdup_printf (ngettext ("About %d minute", "About %d minutes",
                                    (int) ((estimate + 59) / 60)),
                          (int) ((estimate + 59) / 60));
}

static GtkWidget *
make_band_card (const MdgQueueBandState *state)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label;
  g_autofree char *count = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *estimate = dup_estimate_label (state->estimate);

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "band-card");

  label = gtk_label_new (band_name (state->band));
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (card), label);

  /* Translators: tickets of a band waiting to be called */
  count = g_strdup_printf (ngettext ("%u waiting", "%u waiting", state->waiting), state->waiting);
  label = gtk_label_new (count);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "title-1");
  gtk_box_append (GTK_BOX (card), label);

  /* Translators: the band's longest wait now (minutes), its estimate for a
   * ticket issued now, and the counters that call it */
  detail = g_strdup_printf (ngettext ("Longest %d min · %s · %u counter",
                                      "Longest %d min · %s · %u counters", state->counters),
                            (int) (state->longest_wait / 60), estimate, state->counters);
  label = gtk_label_new (detail);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (card), label);

  return card;
}

static GtkWidget *
make_counter_row (MdgQueueMonitor       *self,
                  const MdgQueueCounter *counter)
{
  GArray *queue = mdg_queue_source_get_queue (self->source);
  gint64 now = mdg_queue_source_get_now (self->source);
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a counter (窓口) by its number */
  title = g_strdup_printf (_("Counter %d"), counter->counter);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);

  for (guint i = 0; i < queue->len; i++)
    {
      const MdgQueueTicket *t = &g_array_index (queue, MdgQueueTicket, i);

      if (t->state == MDG_QUEUE_STATE_CALLED && t->counter == counter->counter)
        /* Translators: the ticket a counter serves and for how many minutes */
        subtitle = g_strdup_printf (_("Serving %d · %d min"), t->number,
                                    (int) (MAX (now - t->called_at, 0) / 60));
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle != NULL ? subtitle : _("Free"));

  return row;
}

/* Another band, or one open counter of the ticket's band. */
static GMenuModel *
make_transfer_menu (MdgQueueMonitor      *self,
                    const MdgQueueTicket *ticket,
                    const char           *ticket_id)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  GArray *counters = mdg_queue_source_get_counters (self->source);
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) to_bands = g_menu_new ();
  g_autoptr(GMenu) to_counters = g_menu_new ();

  for (guint i = 0; bands != NULL && i < bands->len; i++)
    {
      const MdgBand *band = g_ptr_array_index (bands, i);
      g_autoptr(GMenuItem) item = NULL;

      if (band->band == ticket->band)
        continue;
      item = g_menu_item_new (band->name, NULL);
      g_menu_item_set_action_and_target_value (item, "monitor.transfer",
                                               g_variant_new ("(sii)", ticket_id, band->band, 0));
      g_menu_append_item (to_bands, item);
    }

  for (guint i = 0; i < counters->len; i++)
    {
      const MdgQueueCounter *counter = &g_array_index (counters, MdgQueueCounter, i);
      g_autoptr(GMenuItem) item = NULL;
      g_autofree char *label = NULL;

      if (!(counter->band_mask & (G_GUINT64_CONSTANT (1) << ticket->band)))
        continue;
      /* Translators: a menu item: the ticket waits for that counter only */
      label = g_strdup_printf (_("Only Counter %d"), counter->counter);
      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "monitor.transfer",
                                               g_variant_new ("(sii)", ticket_id, ticket->band,
                                                              counter->counter));
      g_menu_append_item (to_counters, item);
    }

  g_menu_append_section (menu, _("Another Band"), G_MENU_MODEL (to_bands));
  if (g_menu_model_get_n_items (G_MENU_MODEL (to_counters)) > 0)
    g_menu_append_section (menu, _("One Counter"), G_MENU_MODEL (to_counters));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

static GtkWidget *
make_waiting_row (MdgQueueMonitor      *self,
                  const MdgTicket      *ticket,
                  const MdgQueueTicket *t,
                  gboolean              long_wait)
{
  gint64 now = mdg_queue_source_get_now (self->source);
  gboolean online = mdg_queue_source_get_online (self->source);
  int waited = (int) (MAX (now - t->issued_at, 0) / 60);
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autoptr(GMenuModel) menu = NULL;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  /* Translators: a ticket by its number, as the monitor lists it */
  title = g_strdup_printf (_("Ticket %d"), t->number);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (t->state == MDG_QUEUE_STATE_HELD)
    /* Translators: a ticket set aside at a counter; %s is its band */
    subtitle = g_strdup_printf (_("%s · held at counter %d"), band_name (t->band), t->counter);
  else
    /* Translators: a waiting ticket's band and how long it has waited */
    subtitle = g_strdup_printf (ngettext ("%s · waiting %d minute", "%s · waiting %d minutes", waited),
                                band_name (t->band), waited);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  if (t->priority)
    {
      GtkWidget *tag = gtk_label_new (_("Priority"));

      gtk_widget_add_css_class (tag, "priority-tag");
      gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), tag);
    }
  if (long_wait)
    gtk_widget_add_css_class (row, "long-wait");

  if (t->state == MDG_QUEUE_STATE_WAITING)
    {
      button = gtk_button_new_with_label (t->priority ? _("Normal Order") : _("Call First"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "monitor.prioritise");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new ("(sb)", ticket->id, !t->priority));
      gtk_widget_set_tooltip_text (button, t->priority
                                   ? _("Back to the order of issue")
                                   : _("Support for an elderly or disabled resident: called before the others"));
      gtk_widget_set_sensitive (button, online);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      menu = make_transfer_menu (self, t, ticket->id);
      button = gtk_menu_button_new ();
      gtk_menu_button_set_label (GTK_MENU_BUTTON (button), _("Move To…"));
      gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Move the ticket to another band, or keep it for one counter"));
      gtk_widget_set_sensitive (button, online);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
    }

  return row;
}

static int
compare_index_by_order (gconstpointer a,
                        gconstpointer b,
                        gpointer      data)
{
  GArray *queue = data;
  const MdgQueueTicket *ta = &g_array_index (queue, MdgQueueTicket, *(const guint *)a);
  const MdgQueueTicket *tb = &g_array_index (queue, MdgQueueTicket, *(const guint *)b);

  /* held tickets after the waiting ones */
  if ((ta->state == MDG_QUEUE_STATE_HELD) != (tb->state == MDG_QUEUE_STATE_HELD))
    return ta->state == MDG_QUEUE_STATE_HELD ? 1 : -1;
  return mdg_queue_ticket_compare (ta, tb);
}

static void
update_offline (MdgQueueMonitor *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (mdg_queue_source_get_now (self->source));
  g_autofree char *time = g_date_time_format (now, "%H:%M");
  g_autofree char *subtitle = NULL;
  gboolean online = mdg_queue_source_get_online (self->source);

  if (mdg_queue_source_get_link (self->source) == NULL)
    gtk_label_set_label (self->offline_label,
                         _("No ward database: only the tickets of this workstation are shown, "
                           "and tickets cannot be moved or called first."));
  else
    gtk_label_set_label (self->offline_label,
                         _("The ward database cannot be reached: the figures are those last "
                           "received; they come back by themselves."));
  gtk_revealer_set_reveal_child (self->offline_revealer, !online);

  /* Translators: the monitor's subtitle, %s is the time of the figures */
  subtitle = g_strdup_printf (_("As of %s"), time);
  adw_window_title_set_subtitle (self->window_title, subtitle);
}

/* Today's KPIs in one line; the KPI window has the rest. */
static void
update_kpis (MdgQueueMonitor *self)
{
  GArray *queue = mdg_queue_source_get_queue (self->source);
  g_autoptr(GPtrArray) total = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len,
                                                MDG_KPI_BY_TOTAL);
  g_autoptr(GPtrArray) events = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len,
                                                 MDG_KPI_BY_EVENT);
  const MdgKpiGroup *all = g_ptr_array_index (total, 0);
  const MdgKpiGroup *stay = mdg_kpi_find_event (events, MDG_KPI_STAY_EVENT);
  g_autofree char *text = NULL;

  /* Translators: the monitor's line of today's KPIs: visits completed,
   * median stay time of moving in (minutes), share of satisfied ratings */
  text = g_strdup_printf (_("Today: %u visits completed · stay %.0f min (moving in, median) · %.0f%% satisfied"),
                          all->completed, stay != NULL ? stay->stay_median / 60.0 : 0,
                          all->satisfied_share * 100);
  gtk_label_set_label (self->kpi_label, text);
}

static void
update (MdgQueueMonitor *self)
{
  GArray *bands = mdg_queue_source_get_bands (self->source);
  GArray *counters = mdg_queue_source_get_counters (self->source);
  GArray *queue = mdg_queue_source_get_queue (self->source);
  GPtrArray *tickets = mdg_queue_source_get_tickets (self->source);
  gint64 now = mdg_queue_source_get_now (self->source);
  gint64 threshold = (gint64) long_wait_minutes (self) * 60;
  g_autoptr(GArray) order = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autofree char *title = NULL;
  guint waiting = 0;
  guint long_waits = 0;

  update_offline (self);
  update_kpis (self);

  clear_container (GTK_WIDGET (self->bands_box));
  for (guint i = 0; i < bands->len; i++)
    gtk_box_append (self->bands_box, make_band_card (&g_array_index (bands, MdgQueueBandState, i)));

  clear_container (GTK_WIDGET (self->counters_list));
  for (guint i = 0; i < counters->len; i++)
    gtk_list_box_append (self->counters_list,
                         make_counter_row (self, &g_array_index (counters, MdgQueueCounter, i)));
  if (counters->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No counter has called a ticket in the last 30 minutes"));
      gtk_list_box_append (self->counters_list, row);
    }

  for (guint i = 0; i < queue->len; i++)
    {
      const MdgQueueTicket *t = &g_array_index (queue, MdgQueueTicket, i);

      if (t->state == MDG_QUEUE_STATE_WAITING || t->state == MDG_QUEUE_STATE_HELD)
        g_array_append_val (order, i);
    }
  g_array_sort_with_data (order, compare_index_by_order, queue);

  clear_container (GTK_WIDGET (self->waiting_list));
  for (guint i = 0; i < order->len; i++)
    {
      guint at = g_array_index (order, guint, i);
      const MdgQueueTicket *t = &g_array_index (queue, MdgQueueTicket, at);
      gboolean long_wait = t->state == MDG_QUEUE_STATE_WAITING && now - t->issued_at > threshold;

      if (t->state == MDG_QUEUE_STATE_WAITING)
        waiting++;
      if (long_wait)
        long_waits++;
      gtk_list_box_append (self->waiting_list,
                           make_waiting_row (self, g_ptr_array_index (tickets, at), t, long_wait));
    }
  if (order->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Nobody is waiting"));
      gtk_list_box_append (self->waiting_list, row);
    }

  if (long_waits > 0)
    /* Translators: the title of the waiting list; the second count are the
     * tickets waiting longer than the long-wait setting (%d minutes) */
    title = g_strdup_printf (ngettext ("Waiting: %u · %u longer than %d minutes",
                                       "Waiting: %u · %u longer than %d minutes", long_waits),
                             waiting, long_waits, long_wait_minutes (self));
  else
    /* Translators: the title of the waiting list */
    title = g_strdup_printf (_("Waiting: %u"), waiting);
  gtk_label_set_label (self->waiting_title, title);
}

static void
ticket_operated_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdgQueueMonitor) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = mdg_ward_ticket_op_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (ticket == NULL)
    {
      AdwMessageDialog *dialog;

      g_debug ("A ticket operation failed: %s", error->message);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                           _("The Ticket Was Not Changed"),
                                                           _("The ward database did not take the "
                                                             "change; the ticket may have been "
                                                             "called meanwhile. The list shows "
                                                             "its state now.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  mdg_queue_source_refresh (self->source);
}

static void
run_ticket_op (MdgQueueMonitor *self,
               MdgTicketOpKind  kind,
               const char      *ticket_id,
               int              band,
               int              counter,
               int              value)
{
  MdgWardLink *link = mdg_queue_source_get_link (self->source);
  MdgWardConnection *connection = link != NULL ? mdg_ward_link_get_connection (link) : NULL;
  MdgTicketOp op = {
    .kind = kind,
    .ticket_id = (char *) ticket_id,
    .band = band,
    .counter = counter,
    .value = value,
  };

  if (connection == NULL)
    return;

  mdg_ward_ticket_op_async (connection, mdg_queue_source_get_store (self->source), &op,
                            self->cancellable, ticket_operated_cb, g_object_ref (self));
}

static void
prioritise_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)widget;
  const char *ticket_id;
  gboolean priority;

  g_assert (MDG_IS_QUEUE_MONITOR (self));

  g_variant_get (param, "(&sb)", &ticket_id, &priority);
  run_ticket_op (self, MDG_TICKET_OP_PRIORITY, ticket_id, 0, 0, priority ? 1 : 0);
}

static void
transfer_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)widget;
  const char *ticket_id;
  int band;
  int counter;

  g_assert (MDG_IS_QUEUE_MONITOR (self));

  g_variant_get (param, "(&sii)", &ticket_id, &band, &counter);
  run_ticket_op (self, MDG_TICKET_OP_TRANSFER, ticket_id, band, counter, 0);
}

static void
show_display_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)widget;
  MdgWaitingDisplay *display;

  g_assert (MDG_IS_QUEUE_MONITOR (self));

  display = mdg_waiting_display_new (gtk_window_get_application (GTK_WINDOW (self)),
                                     self->workstation, FALSE);
  gtk_window_present (GTK_WINDOW (display));
}

static void
show_kpi_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)widget;

  g_assert (MDG_IS_QUEUE_MONITOR (self));

  g_action_group_activate_action (G_ACTION_GROUP (gtk_window_get_application (GTK_WINDOW (self))),
                                  "kpi", NULL);
}

static void
on_settings_changed_cb (MdgQueueMonitor *self,
                        const char      *key,
                        GSettings       *settings)
{
  update (self);
}

static void
mdg_queue_monitor_constructed (GObject *object)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)object;

  G_OBJECT_CLASS (mdg_queue_monitor_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  self->source = g_object_ref (mdg_workstation_get_queue_source (self->workstation));
  g_set_object (&self->settings, mdg_workstation_get_settings (self->workstation));
  if (self->settings != NULL)
    g_signal_connect_object (self->settings, "changed::long-wait-minutes",
                             G_CALLBACK (on_settings_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->source, "notify::online", G_CALLBACK (update), self,
                           G_CONNECT_SWAPPED);
  update (self);
}

static void
mdg_queue_monitor_dispose (GObject *object)
{
  MdgQueueMonitor *self = (MdgQueueMonitor *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  g_clear_object (&self->settings);
  g_clear_object (&self->workstation);
  g_clear_object (&self->cancellable);

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_QUEUE_MONITOR);

  G_OBJECT_CLASS (mdg_queue_monitor_parent_class)->dispose (object);
}

static void
mdg_queue_monitor_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  MdgQueueMonitor *self = MDG_QUEUE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      g_value_set_object (value, self->workstation);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_queue_monitor_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  MdgQueueMonitor *self = MDG_QUEUE_MONITOR (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      self->workstation = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_queue_monitor_class_init (MdgQueueMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mdg_queue_monitor_constructed;
  object_class->dispose = mdg_queue_monitor_dispose;
  object_class->get_property = mdg_queue_monitor_get_property;
  object_class->set_property = mdg_queue_monitor_set_property;

  /* the workstation's queue, store, link and settings; its store is open */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/madoguchi/Madoguchi/ui/mdg-queue-monitor.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, window_title);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, offline_label);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, bands_box);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, counters_list);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, waiting_list);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, waiting_title);
  gtk_widget_class_bind_template_child (widget_class, MdgQueueMonitor, kpi_label);

  gtk_widget_class_install_action (widget_class, "monitor.prioritise", "(sb)", prioritise_action);
  /* (ticket id, band, counter or 0 for any) */
  gtk_widget_class_install_action (widget_class, "monitor.transfer", "(sii)", transfer_action);
  gtk_widget_class_install_action (widget_class, "monitor.show-display", NULL, show_display_action);
  gtk_widget_class_install_action (widget_class, "monitor.show-kpi", NULL, show_kpi_action);
}

static void
mdg_queue_monitor_init (MdgQueueMonitor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
}

MdgQueueMonitor *
mdg_queue_monitor_new (GtkApplication *application,
                       MdgWorkstation *workstation)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);
  g_return_val_if_fail (mdg_workstation_get_queue_source (workstation) != NULL, NULL);

  return g_object_new (MDG_TYPE_QUEUE_MONITOR,
                       "application", application,
                       "workstation", workstation,
                       NULL);
}
