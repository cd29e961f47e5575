/* mdg-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mdg-app-labels-private.h"
#include "mdg-bands.h"
#include "mdg-case-view.h"
#include "mdg-catalog.h"
#include "mdg-counter-desk.h"
#include "mdg-date.h"
#include "mdg-household.h"
#include "mdg-identify-page.h"
#include "mdg-input.h"
#include "mdg-preferences-window.h"
#include "mdg-sign-in-page.h"
#include "mdg-store-sync.h"
#include "mdg-store.h"
#include "mdg-ward-error.h"
#include "mdg-ward-link.h"
#include "mdg-ward.h"
#include "mdg-window.h"

struct _MdgWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *steps_list;
  GtkLabel             *visit_label;
  AdwWindowTitle       *counter_title;
  AdwWindowTitle       *content_title;
  GtkRevealer          *resume_revealer;
  GtkLabel             *resume_label;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *page_stack;
  AdwPreferencesGroup  *bands_group;
  AdwPreferencesGroup  *held_group;
  AdwStatusPage        *queue_page;
  GtkMenuButton        *transfer_button;
  GtkWidget            *walk_in_button;
  MdgIdentifyPage      *identify_page;
  MdgCaseView          *case_view;
  MdgSignInPage        *sign_in_page;
  GtkWidget            *sign_out_button;

  /* owned */
  GSettings            *settings;
  GListModel           *households;
  GCancellable         *cancellable;
  MdgStore             *store;        /* NULL until open */
  MdgHousehold         *household;    /* the resident's, once identified */
  MdgWardLink          *link;         /* NULL: no ward database configured */
  MdgQueueSource       *queue_source; /* made for the monitor or the display */
  MdgCounterDesk       *desk;         /* the ticket protocol; NULL until the store is open */
  MdgDraft             *draft;        /* an unfinished visit offered for resuming */
  GPtrArray            *band_rows;    /* AdwActionRow, one per band served */
  GPtrArray            *held_rows;    /* AdwActionRow, one per ticket held here */

  guint                 step;         /* index in steps[] */
  guint                 drawn : 1;    /* the first frame is on the screen */
};

/* The steps of a visit, in order: the page of the window and, for the
 * case's steps, the page of the case view. */
static const struct {
  const char *name;
  const char *title;
  const char *page;
} steps[] = {
  { "queue", N_("Queue"), "queue" },
  { "identify", N_("Identify"), "identify" },
  { "event", N_("Life Event and Household"), "case" },
  { "interview", N_("Interview"), "case" },
  { "guidance", N_("Guidance"), "case" },
  { "forms", N_("Forms"), "case" },
  { "sign", N_("Sign"), "case" },
  { "complete", N_("Complete"), "case" },
};

#define STEP_IDENTIFY 1
#define STEP_EVENT    2

G_DEFINE_FINAL_TYPE (MdgWindow, mdg_window, ADW_TYPE_APPLICATION_WINDOW)

/* Pages of help/C (help/meson.build checks that they exist): one per step
 * of steps[], in its order, and the window's problems. */
#define HELP_PAGE_VISIT     "counter-window"
#define HELP_PAGE_QUEUE     "counter-queue"
#define HELP_PAGE_IDENTIFY  "counter-identify"
#define HELP_PAGE_EVENT     "counter-household"
#define HELP_PAGE_INTERVIEW "counter-interview"
#define HELP_PAGE_GUIDANCE  "counter-guidance"
#define HELP_PAGE_FORMS     "counter-forms"
#define HELP_PAGE_SIGN      "counter-sign"
#define HELP_PAGE_COMPLETE  "counter-complete"
#define HELP_PAGE_PROBLEMS  "counter-window#problems"
#define HELP_PAGE_SIGN_IN   "counter-sign-in"

static char *
find_demo_dir (void)
{
  g_autofree char *installed = NULL;
  const char *env;

  if ((env = g_getenv ("MDG_DEMO_DIR")) && env[0] != '\0')
    return g_strdup (env);

  installed = g_build_filename (PKGDATADIR, "demo", NULL);
  if (g_file_test (installed, G_FILE_TEST_IS_DIR))
    return g_steal_pointer (&installed);

  /* Running from the build tree. */
  return g_build_filename (SOURCE_DATADIR, "demo", NULL);
}

static void
show_error (MdgWindow  *self,
            const char *title,
            const char *description)
{
  /* The description is markup, and the message may quote the bad file. */
  g_autofree char *escaped = g_markup_escape_text (description, -1);

  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->main_stack, "error");
}

static void
store_audited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_audit_finish (MDG_STORE (object), result, &error);

  if (id == NULL)
    g_debug ("The audit entry was not recorded (store error %d)", error->code);
}

/* Opening a household shows its members' data: the audit log records who
 * read it (field names, never values). */
static void
audit_household_read (MdgWindow    *self,
                      MdgHousehold *household)
{
  static const char * const fields[] = { "members.name", "members.kana", "members.birth_date",
                                         "members.sex", "members.relation", "address", NULL };
  MdgAuditEntry entry = { NULL, MDG_AUDIT_READ, mdg_household_get_id (household), NULL, fields };

  if (self->store == NULL)
    return;

  mdg_store_audit_async (self->store, &entry, self->cancellable, store_audited_cb, NULL);
}

static void update_offline (MdgWindow *self);
static void offer_resume   (MdgWindow *self);
static void report_startup (MdgWindow *self);
static void start_link     (MdgWindow *self);
static void update_ticket  (MdgWindow *self);
static void desk_called_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);
static void update_actions (MdgWindow *self);
static const MdgTicket *get_ticket (MdgWindow *self);

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = mdg_store_open_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (store == NULL)
    {
      g_autofree char *path = mdg_store_dup_default_path ();
      g_autofree char *description = NULL;

      g_debug ("The local store could not be opened (error %d)", error->code);
      if (g_error_matches (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT))
        {
          /* Translators: %s is the path of the damaged database file */
          description = g_strdup_printf (_("The file %s is damaged. It has been left as it is "
                                           "so that nothing is lost: ask the administrator to "
                                           "restore it from a backup."), path);
          show_error (self, _("The Local Store Is Damaged"), description);
        }
      else if (g_error_matches (error, MDG_STORE_ERROR, MDG_STORE_ERROR_TOO_NEW))
        {
          /* Translators: %s is the path of the database file */
          description = g_strdup_printf (_("The file %s was written by a newer version of "
                                           "Madoguchi. Install that version to go on; the file "
                                           "has not been changed."), path);
          show_error (self, _("The Local Store Is Too New"), description);
        }
      else
        {
          /* Translators: %s is the path of the database file */
          description = g_strdup_printf (_("The file %s cannot be opened. Check the disk and "
                                           "the permissions, then start Madoguchi again."), path);
          show_error (self, _("The Local Store Cannot Be Opened"), description);
        }
      return;
    }

  self->store = g_steal_pointer (&store);
  self->desk = mdg_counter_desk_new (self->store);
  g_signal_connect_object (self->desk, "notify::busy", G_CALLBACK (update_actions), self,
                           G_CONNECT_SWAPPED);
  mdg_case_view_set_store (self->case_view, self->store);
  mdg_identify_page_set_store (self->identify_page, self->store);
  start_link (self);
  report_startup (self);
  offer_resume (self);
}

static void
outbox_counted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 count = mdg_store_count_outbox_finish (MDG_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (count < 0)
    {
      g_debug ("The outbox could not be counted (store error %d)", error->code);
      return;
    }

  if (self->link != NULL && mdg_ward_link_get_online (self->link))
    {
      gtk_revealer_set_reveal_child (self->offline_revealer, FALSE);
      return;
    }

  if (self->link != NULL)
    /* Translators: the offline banner when the ward database is configured
     * but cannot be reached; %d counts records not yet sent to it */
    text = g_strdup_printf (ngettext ("The ward database cannot be reached: work goes on here. "
                                      "%d record waits to sync.",
                                      "The ward database cannot be reached: work goes on here. "
                                      "%d records wait to sync.",
                                      count), (int) count);
  else
    /* Translators: the offline banner; %d counts records stored here and not
     * yet sent to the ward database */
    text = g_strdup_printf (ngettext ("No ward database: work goes on here. %d record waits to sync.",
                                      "No ward database: work goes on here. %d records wait to sync.",
                                      count), (int) count);
  gtk_label_set_label (self->offline_label, text);
  gtk_revealer_set_reveal_child (self->offline_revealer, TRUE);
}

/* The banner: hidden while the ward database is online; otherwise it says
 * that work goes on here, with what waits in the outbox. */
static void
update_offline (MdgWindow *self)
{
  if (self->store == NULL)
    return;

  mdg_store_count_outbox_async (self->store, self->cancellable, outbox_counted_cb,
                                g_object_ref (self));
}

static void
update_visit_label (MdgWindow *self)
{
  g_autofree char *text = NULL;

  if (self->household == NULL && get_ticket (self) != NULL)
    /* Translators: the ticket called to this counter, in the sidebar */
    text = g_strdup_printf (_("Ticket %d called"), get_ticket (self)->number);
  else if (self->household == NULL)
    text = g_strdup (_("No resident yet"));
  else if (get_ticket (self) != NULL)
    /* Translators: the resident served now and their ticket, in the sidebar */
    text = g_strdup_printf (_("Serving the household of %s (ticket %d)"),
                            mdg_household_get_head_name (self->household),
                            get_ticket (self)->number);
  else
    /* Translators: the resident served now, in the sidebar */
    text = g_strdup_printf (_("Serving the household of %s (walk-in)"),
                            mdg_household_get_head_name (self->household));
  gtk_label_set_label (self->visit_label, text);
}

static void
go_to_step (MdgWindow *self,
            guint      step)
{
  g_autofree char *subtitle = NULL;

  g_assert (step < G_N_ELEMENTS (steps));

  /* The case's steps need a resident. */
  if (step >= STEP_EVENT && self->household == NULL)
    step = STEP_IDENTIFY;

  self->step = step;
  gtk_stack_set_visible_child_name (self->page_stack, steps[step].page);
  if (g_strcmp0 (steps[step].page, "case") == 0)
    mdg_case_view_set_step (self->case_view, steps[step].name);
  if (step == STEP_IDENTIFY)
    mdg_identify_page_start_card (self->identify_page);

  gtk_list_box_select_row (self->steps_list, gtk_list_box_get_row_at_index (self->steps_list, step));
  adw_window_title_set_title (self->content_title, _(steps[step].title));
  if (self->household != NULL)
    /* Translators: the window's subtitle, e.g. "熊本 太郎さんの世帯" */
    subtitle = g_strdup_printf (_("Household of %s"), mdg_household_get_head_name (self->household));
  adw_window_title_set_subtitle (self->content_title, subtitle);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.previous-step", step > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.next-step",
                                 step + 1 < G_N_ELEMENTS (steps) &&
                                 (step + 1 < STEP_EVENT || self->household != NULL));
  update_offline (self);
}

static void
on_steps_list_row_activated_cb (MdgWindow     *self,
                                GtkListBoxRow *row,
                                GtkListBox    *list)
{
  g_assert (MDG_IS_WINDOW (self));

  go_to_step (self, gtk_list_box_row_get_index (row));
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
on_case_view_completed_cb (MdgWindow   *self,
                           const char  *case_id,
                           MdgCaseView *view)
{
  AdwToast *toast;

  g_assert (MDG_IS_WINDOW (self));

  g_debug ("Case %s completed", case_id);
  /* The stay time (ticket issued → visit completed) ends here. */
  if (get_ticket (self) != NULL)
    {
      MdgCase *kase = mdg_case_view_get_case (self->case_view);

      /* with the resident's satisfaction, if tapped on the sign page; the
       * desk is free at once */
      mdg_counter_desk_close_async (self->desk, case_id,
                                    kase != NULL ? mdg_event_to_string (mdg_case_get_event (kase))
                                                 : NULL,
                                    mdg_case_view_get_rating (self->case_view), self->cancellable,
                                    desk_called_cb, g_object_ref (self));
      mdg_case_view_set_ticket_id (self->case_view, NULL);
      update_ticket (self);
    }
  toast = adw_toast_new (_("The visit is complete and stored. Ctrl+N serves the next resident."));
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_clear_object (&self->household);
  mdg_identify_page_reset (self->identify_page);
  update_visit_label (self);
  go_to_step (self, 0);
  gtk_widget_grab_focus (self->walk_in_button);
}

static void
create_step_rows (MdgWindow *self)
{
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      g_autofree char *accel = g_strdup_printf ("Alt+%u", i + 1);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *label = gtk_label_new (number);
      GtkWidget *hint = gtk_label_new (accel);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(steps[i].title));
      gtk_widget_add_css_class (label, "step-number");
      gtk_widget_add_css_class (hint, "dim-label");
      gtk_widget_add_css_class (hint, "caption");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), label);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), hint);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_list_box_append (self->steps_list, row);
    }
}

/* The bands of the counter-bands setting, as rows of the queue page;
 * update_queue() fills in their waiting counts. */
static void
create_band_rows (MdgWindow *self)
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
static void
update_queue (MdgWindow *self)
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

static void
update_ticket (MdgWindow *self)
{
  g_autofree char *title = NULL;
  g_autofree char *description = NULL;
  const MdgTicket *ticket = get_ticket (self);

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

  update_visit_label (self);
  update_actions (self);
}

static void
update_actions (MdgWindow *self)
{
  gboolean online = self->link != NULL && mdg_ward_link_get_online (self->link) &&
                    self->desk != NULL;
  gboolean has_ticket = get_ticket (self) != NULL;
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
counter_registered_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The estimates fall back to the bands called today; nothing else needs it. */
  if (!mdg_ward_register_counter_finish (result, &error))
    g_debug ("The counter could not be registered: %s", error->message);
}

static gboolean dup_counter (MdgWindow *self,
                             int       *counter,
                             GArray   **bands);

/* The ward learns this counter's number and bands, for the wait estimates. */
static void
register_counter (MdgWindow *self)
{
  g_autoptr(GArray) bands = NULL;
  MdgWardConnection *connection;
  int counter;

  if (self->link == NULL || self->store == NULL ||
      !(connection = mdg_ward_link_get_connection (self->link)))
    return;

  dup_counter (self, &counter, &bands);
  mdg_ward_register_counter_async (connection, self->store, counter, (const int *) bands->data,
                                   bands->len, self->cancellable, counter_registered_cb, NULL);
}

static void
on_link_online_cb (MdgWindow   *self,
                   GParamSpec  *pspec,
                   MdgWardLink *link)
{
  g_assert (MDG_IS_WINDOW (self));

  register_counter (self);
  update_offline (self);
  update_queue (self);
  update_actions (self);
}

static void
on_link_pulled_cb (MdgWindow   *self,
                   MdgWardLink *link)
{
  g_assert (MDG_IS_WINDOW (self));

  update_queue (self);
  update_offline (self);
}

/* A ward database asks the clerk to sign in (the embedded default does
 * not): who is signed in shows in the sidebar's title. */
static void
update_session (MdgWindow  *self,
                const char *conninfo)
{
  const char *user = mdg_sign_in_page_get_user (self->sign_in_page);
  g_autofree char *signed_in = NULL;

  /* The local audit names the clerk, offline too; after a sign-out, the
   * last one until the next signs in. */
  if (user != NULL && self->store != NULL)
    mdg_store_set_staff (self->store, user);
  if (user != NULL)
    /* Translators: the sidebar's subtitle; %s is the clerk's ward login */
    signed_in = g_strdup_printf (_("Signed in as %s"), user);
  adw_window_title_set_subtitle (self->counter_title, signed_in);
  gtk_widget_set_visible (self->sign_out_button, user != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sign-out", user != NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack,
                                    conninfo[0] != '\0' && user == NULL ? "sign-in" : "counter");
}

/* The ward link of the ward-conninfo setting, for the clerk signed in:
 * none when the setting is empty (the embedded default) or nobody is
 * signed in, else made anew whenever either changes. */
static void
start_link (MdgWindow *self)
{
  g_autofree char *conninfo = self->settings != NULL
                               ? g_settings_get_string (self->settings, "ward-conninfo")
                               : g_strdup ("");
  g_autofree char *staff_conninfo = NULL;

  mdg_sign_in_page_set_conninfo (self->sign_in_page, conninfo[0] != '\0' ? conninfo : NULL);
  staff_conninfo = mdg_sign_in_page_dup_conninfo (self->sign_in_page);

  if (self->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->link, self);
      mdg_ward_link_stop (self->link);
      g_clear_object (&self->link);
    }

  if (self->store != NULL && staff_conninfo != NULL)
    {
      self->link = mdg_ward_link_new (self->store, staff_conninfo);
      g_signal_connect_object (self->link, "notify::online", G_CALLBACK (on_link_online_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->link, "pulled", G_CALLBACK (on_link_pulled_cb),
                               self, G_CONNECT_SWAPPED);
      mdg_ward_link_start (self->link);
    }

  mdg_identify_page_set_link (self->identify_page, self->link);
  if (self->desk != NULL)
    mdg_counter_desk_set_link (self->desk, self->link);
  update_session (self, conninfo);
  update_offline (self);
  update_queue (self);
  update_actions (self);
}

static void
on_sign_in_page_user_cb (MdgWindow     *self,
                         GParamSpec    *pspec,
                         MdgSignInPage *page)
{
  g_assert (MDG_IS_WINDOW (self));

  start_link (self);
}

static void
sign_out_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  mdg_sign_in_page_sign_out (MDG_WINDOW (widget)->sign_in_page);
}

static void
on_settings_changed_cb (MdgWindow  *self,
                        const char *key,
                        GSettings  *settings)
{
  g_assert (MDG_IS_WINDOW (self));

  if (g_str_equal (key, "ward-conninfo"))
    start_link (self);
  else if (g_str_equal (key, "counter-bands"))
    {
      create_band_rows (self);
      update_queue (self);
      update_actions (self);
      register_counter (self);
    }
  else if (g_str_equal (key, "counter-number"))
    register_counter (self);
}

static void
load (MdgWindow *self)
{
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;

  if (!(catalog = mdg_catalog_load_default (&error)))
    {
      g_autofree char *description = NULL;

      g_debug ("The procedure catalog could not be loaded");
      /* Translators: %s names the file, line and field that are wrong */
      description = g_strdup_printf (_("The counter cannot give guidance without it. "
                                       "Ask the administrator to check the catalog: %s"),
                                     error->message);
      show_error (self, _("The Procedure Catalog Is Broken"), description);
      return;
    }

  demo_dir = find_demo_dir ();
  if (!(self->households = mdg_household_load_dir (demo_dir, &error)))
    {
      g_autofree char *description = NULL;

      g_debug ("The demo households could not be loaded");
      /* Translators: %s names the file and the field that are wrong */
      description = g_strdup_printf (_("Check the demo household files: %s"), error->message);
      show_error (self, _("The Demo Households Cannot Be Read"), description);
      return;
    }

  mdg_case_view_set_catalog (self->case_view, catalog);
  mdg_identify_page_set_households (self->identify_page, self->households);

  update_visit_label (self);
  go_to_step (self, 0);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_stack_set_visible_child_name (self->main_stack, "counter");
}

static void
show_steps_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
go_to_step_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  const char *name = g_variant_get_string (param, NULL);

  g_assert (MDG_IS_WINDOW (self));

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    if (g_strcmp0 (steps[i].name, name) == 0)
      go_to_step (self, i);
}

static void
next_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->step + 1 < G_N_ELEMENTS (steps))
    go_to_step (self, self->step + 1);
}

static void
previous_step_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->step > 0)
    go_to_step (self, self->step - 1);
}

/* A resident without a ticket; also the one keystroke to the next
 * resident after a completed visit. */
static void
walk_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  g_clear_object (&self->household);
  /* The resident of a called ticket keeps it; otherwise none. */
  mdg_case_view_set_ticket_id (self->case_view, get_ticket (self) != NULL ? get_ticket (self)->id
                                                                           : NULL);
  mdg_identify_page_reset (self->identify_page);
  update_visit_label (self);
  go_to_step (self, STEP_IDENTIFY);
}

/* The resident's household, read (audited) and on to the life event. */
static void
open_household (MdgWindow    *self,
                MdgHousehold *household)
{
  g_set_object (&self->household, household);
  mdg_case_view_set_household (self->case_view, household);
  audit_household_read (self, household);
  update_visit_label (self);
  go_to_step (self, STEP_EVENT);
}

static void
open_household_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  const char *id = g_variant_get_string (param, NULL);
  MdgHousehold *found;

  g_assert (MDG_IS_WINDOW (self));

  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      if (g_strcmp0 (mdg_household_get_id (household), id) == 0)
        {
          open_household (self, household);
          return;
        }
    }

  /* one the ward's registry found */
  if ((found = mdg_identify_page_lookup_household (self->identify_page, id)))
    {
      mdg_identify_page_record_opening (self->identify_page, id);
      open_household (self, found);
      return;
    }

  g_debug ("No household with id %s", id);
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

static const MdgTicket *
get_ticket (MdgWindow *self)
{
  return self->desk != NULL ? mdg_counter_desk_get_ticket (self->desk) : NULL;
}

static gboolean
dup_counter (MdgWindow *self,
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

  dup_counter (self, &counter, &bands);
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

  update_ticket (self);
  update_queue (self);
  if (ticket == NULL)
    {
      show_ward_error (self, error);
      return;
    }

  /* The resident comes to the counter: identify them. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.walk-in", NULL);
}

static void
call_next_action (GtkWidget  *widget,
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
static void
desk_called_cb (GObject      *object,
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
  if (get_ticket (self) == NULL && self->household == NULL)
    mdg_case_view_set_ticket_id (self->case_view, NULL);

  update_ticket (self);
  update_queue (self);
}

static void
ticket_op_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->desk == NULL)
    return;

  sync_desk (self);
  if (g_str_equal (action_name, "win.recall"))
    mdg_counter_desk_recall_async (self->desk, FALSE, self->cancellable, desk_called_cb,
                                   g_object_ref (self));
  else if (g_str_equal (action_name, "win.no-show"))
    mdg_counter_desk_recall_async (self->desk, TRUE, self->cancellable, desk_called_cb,
                                   g_object_ref (self));
  else if (g_str_equal (action_name, "win.transfer"))
    mdg_counter_desk_transfer_async (self->desk, g_variant_get_int32 (param), self->cancellable,
                                     desk_called_cb, g_object_ref (self));
  else if (g_str_equal (action_name, "win.hold"))
    mdg_counter_desk_hold_async (self->desk, self->cancellable, desk_called_cb,
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

  update_ticket (self);
  update_queue (self);
  if (ticket == NULL)
    {
      show_ward_error (self, error);
      return;
    }

  /* a held ticket called again: its resident comes back to the counter */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.walk-in", NULL);
}

/* A held ticket of this counter, called again to it. */
static void
call_held_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->desk == NULL || get_ticket (self) != NULL)
    return;

  sync_desk (self);
  mdg_counter_desk_call_held_async (self->desk, g_variant_get_string (param, NULL),
                                    self->cancellable, held_called_cb, g_object_ref (self));
}

static void
show_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  MdgPreferencesWindow *preferences;

  g_assert (MDG_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  preferences = mdg_preferences_window_new (GTK_WINDOW (self), self->settings);
  gtk_window_present (GTK_WINDOW (preferences));
}

/* Resuming a visit ---------------------------------------------------------- */

/* Drafts older than this are a past day's visit, not one to take up. */
#define RESUME_WITHIN_HOURS 12

static MdgHousehold *
find_household (MdgWindow  *self,
                const char *id)
{
  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      if (g_strcmp0 (mdg_household_get_id (household), id) == 0)
        return g_steal_pointer (&household);
    }

  return NULL;
}

static char *
dup_draft_household_id (const MdgDraft *draft)
{
  g_autoptr(JsonNode) root = NULL;

  if (mdg_json_check (draft->visit_json, strlen (draft->visit_json), MDG_JSON_MAX_DEPTH, NULL))
    root = json_from_string (draft->visit_json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "household", NULL));
}

static void
drafts_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = mdg_store_list_drafts_finish (MDG_STORE (object), result, &error);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) changed = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(MdgHousehold) household = NULL;
  g_autofree char *household_id = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  MdgDraft *draft;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (drafts == NULL)
    {
      g_debug ("The unfinished visits could not be listed (store error %d)", error->code);
      return;
    }
  if (drafts->len == 0)
    return;

  /* The newest, if it is today's and its household is here. */
  draft = g_ptr_array_index (drafts, 0);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    since = g_date_time_add_hours (now, -RESUME_WITHIN_HOURS);
  }
  changed = g_date_time_new_from_iso8601 (draft->updated_at, NULL);
  household_id = dup_draft_household_id (draft);
  if (changed == NULL || g_date_time_compare (changed, since) < 0 || household_id == NULL ||
      !(household = find_household (self, household_id)))
    return;

  local = g_date_time_to_local (changed);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: an unfinished visit after a restart; %1$s is the head of
   * the household, %2$s the time of its last change (14:05) */
  text = g_strdup_printf (_("The visit of the household of %1$s was not completed (last change "
                            "at %2$s). Resume it where it stopped?"),
                          mdg_household_get_head_name (household), time);
  gtk_label_set_label (self->resume_label, text);
  g_clear_pointer (&self->draft, mdg_draft_free);
  self->draft = g_ptr_array_steal_index (drafts, 0);
  gtk_revealer_set_reveal_child (self->resume_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", TRUE);
}

/* After a crash or a power cut: offer the visit that was not completed. */
static void
offer_resume (MdgWindow *self)
{
  if (self->store == NULL)
    return;

  mdg_store_list_drafts_async (self->store, self->cancellable, drafts_listed_cb,
                               g_object_ref (self));
}

static void
close_resume_offer (MdgWindow *self)
{
  g_clear_pointer (&self->draft, mdg_draft_free);
  gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", FALSE);
}

static void
resume_draft_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  g_autoptr(MdgHousehold) household = NULL;
  g_autofree char *household_id = NULL;

  g_assert (MDG_IS_WINDOW (self));

  if (self->draft == NULL)
    return;

  household_id = dup_draft_household_id (self->draft);
  if (household_id == NULL || !(household = find_household (self, household_id)) ||
      !mdg_case_view_resume (self->case_view, household, self->draft->id,
                             self->draft->visit_json))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The unfinished visit cannot be resumed")));
      close_resume_offer (self);
      return;
    }

  g_set_object (&self->household, household);
  audit_household_read (self, household);
  update_visit_label (self);
  close_resume_offer (self);
  go_to_step (self, STEP_EVENT + 1);
}

static void
draft_discarded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mdg_store_discard_draft_finish (MDG_STORE (object), result, &error))
    g_debug ("The draft was not discarded (store error %d)", error->code);
}

static void
discard_draft_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->draft == NULL)
    return;

  mdg_store_discard_draft_async (self->store, self->draft->id, NULL, draft_discarded_cb, NULL);
  close_resume_offer (self);
}

static gboolean
start_over_cb (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  return gtk_widget_activate_action (GTK_WIDGET (self->case_view), "case.start-over", NULL);
}

static gboolean
step_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  go_to_step (self, g_variant_get_uint32 (args));
  return TRUE;
}

/* `madoguchi-tool bench startup`: with $MDG_STARTUP_T0 (the launcher's
 * g_get_real_time ()), prints the time to an interactive window (drawn,
 * with the local store open) and quits. */
static void
report_startup (MdgWindow *self)
{
  const char *t0 = g_getenv ("MDG_STARTUP_T0");

  if (t0 == NULL || !self->drawn || self->store == NULL)
    return;

  g_print ("interactive after %.1f ms\n",
           (g_get_real_time () - g_ascii_strtoll (t0, NULL, 10)) / 1000.0);
  g_application_quit (g_application_get_default ());
}

static gboolean
first_frame_cb (GtkWidget     *widget,
                GdkFrameClock *clock,
                gpointer       user_data)
{
  MdgWindow *self = (MdgWindow *)widget;

  self->drawn = TRUE;
  report_startup (self);
  return G_SOURCE_REMOVE;
}

static void
mdg_window_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (mdg_window_parent_class)->map (widget);

  if (g_getenv ("MDG_STARTUP_T0") != NULL)
    gtk_widget_add_tick_callback (widget, first_frame_cb, NULL, NULL);
}

static gboolean
mdg_window_close_request (GtkWindow *window)
{
  MdgWindow *self = (MdgWindow *)window;
  int width;
  int height;

  g_assert (MDG_IS_WINDOW (self));

  if (self->settings != NULL)
    {
      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
      if (!gtk_window_is_maximized (window))
        {
          g_settings_set_int (self->settings, "window-width", width);
          g_settings_set_int (self->settings, "window-height", height);
        }
    }

  return GTK_WINDOW_CLASS (mdg_window_parent_class)->close_request (window);
}

static void
mdg_window_dispose (GObject *object)
{
  MdgWindow *self = (MdgWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  if (self->link != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->link, self);
      mdg_ward_link_stop (self->link);
      g_clear_object (&self->link);
    }
  g_clear_object (&self->queue_source);
  g_clear_object (&self->desk);
  g_clear_pointer (&self->draft, mdg_draft_free);
  g_clear_pointer (&self->band_rows, g_ptr_array_unref);
  g_clear_pointer (&self->held_rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->households);
  g_clear_object (&self->household);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mdg_window_parent_class)->dispose (object);
}

static void
mdg_window_class_init (MdgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = mdg_window_dispose;

  window_class->close_request = mdg_window_close_request;
  widget_class->map = mdg_window_map;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, steps_list);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, visit_label);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, counter_title);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, resume_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, resume_label);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, offline_label);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, page_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, bands_group);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, held_group);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, queue_page);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, transfer_button);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, walk_in_button);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, identify_page);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, case_view);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, sign_in_page);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, sign_out_button);
  gtk_widget_class_bind_template_callback (widget_class, on_sign_in_page_user_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_steps_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_view_completed_cb);

  gtk_widget_class_install_action (widget_class, "win.show-steps", NULL, show_steps_action);
  gtk_widget_class_install_action (widget_class, "win.go-to-step", "s", go_to_step_action);
  gtk_widget_class_install_action (widget_class, "win.next-step", NULL, next_step_action);
  gtk_widget_class_install_action (widget_class, "win.previous-step", NULL,
                                   previous_step_action);
  gtk_widget_class_install_action (widget_class, "win.walk-in", NULL, walk_in_action);
  gtk_widget_class_install_action (widget_class, "win.open-household", "s",
                                   open_household_action);
  /* Ticket calls run in the ward database, atomically across counters. */
  gtk_widget_class_install_action (widget_class, "win.call-next", NULL, call_next_action);
  gtk_widget_class_install_action (widget_class, "win.recall", NULL, ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.no-show", NULL, ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.transfer", "i", ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.hold", NULL, ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.call-held", "s", call_held_action);
  gtk_widget_class_install_action (widget_class, "win.show-preferences", NULL,
                                   show_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.resume-draft", NULL, resume_draft_action);
  gtk_widget_class_install_action (widget_class, "win.discard-draft", NULL,
                                   discard_draft_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, sign_out_action);

  gtk_widget_class_add_binding (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, start_over_cb, NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.walk-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "win.next-step", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "win.previous-step", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    gtk_widget_class_add_binding (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                  step_shortcut_cb, "u", i);

  g_type_ensure (MDG_TYPE_CASE_VIEW);
  g_type_ensure (MDG_TYPE_IDENTIFY_PAGE);
  g_type_ensure (MDG_TYPE_SIGN_IN_PAGE);
}

static void
mdg_window_init (MdgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  self->band_rows = g_ptr_array_new ();
  self->held_rows = g_ptr_array_new ();

  create_step_rows (self);
  update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", FALSE);
}

MdgWindow *
mdg_window_new (MdgApplication *application)
{
  MdgWindow *self;

  g_return_val_if_fail (MDG_IS_APPLICATION (application), NULL);

  self = g_object_new (MDG_TYPE_WINDOW,
                       "application", application,
                       NULL);

  /* Without the schema (an uninstalled run without GSETTINGS_SCHEMA_DIR),
   * the window works and forgets its size and selection. */
  if ((self->settings = mdg_application_dup_settings (application)))
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (on_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  create_band_rows (self);
  update_queue (self);
  load (self);

  /* The embedded default: the local store in the user's data directory,
   * opened (and checked) on the store's worker thread. */
  {
    g_autofree char *path = mdg_store_dup_default_path ();

    mdg_store_open_async (path, self->cancellable, store_opened_cb, g_object_ref (self));
  }

  return self;
}

const char *
mdg_window_get_help_page (MdgWindow *self)
{
  /* The page of each step, by the step's name in steps[]. */
  static const struct {
    const char *step;
    const char *page;
  } pages[] = {
    { "queue", HELP_PAGE_QUEUE },
    { "identify", HELP_PAGE_IDENTIFY },
    { "event", HELP_PAGE_EVENT },
    { "interview", HELP_PAGE_INTERVIEW },
    { "guidance", HELP_PAGE_GUIDANCE },
    { "forms", HELP_PAGE_FORMS },
    { "sign", HELP_PAGE_SIGN },
    { "complete", HELP_PAGE_COMPLETE },
  };

  g_return_val_if_fail (MDG_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") == 0)
    return HELP_PAGE_PROBLEMS;
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "sign-in") == 0)
    return HELP_PAGE_SIGN_IN;

  for (guint i = 0; self->step < G_N_ELEMENTS (steps) && i < G_N_ELEMENTS (pages); i++)
    {
      if (g_str_equal (steps[self->step].name, pages[i].step))
        return pages[i].page;
    }

  return HELP_PAGE_VISIT;
}

MdgQueueSource *
mdg_window_dup_queue_source (MdgWindow *self)
{
  g_return_val_if_fail (MDG_IS_WINDOW (self), NULL);

  if (self->store == NULL)
    return NULL;

  /* A new link (the ward-conninfo setting changed) makes a new source. */
  if (self->queue_source == NULL || mdg_queue_source_get_link (self->queue_source) != self->link)
    {
      g_clear_object (&self->queue_source);
      self->queue_source = mdg_queue_source_new (self->store, self->link);
    }

  return g_object_ref (self->queue_source);
}
