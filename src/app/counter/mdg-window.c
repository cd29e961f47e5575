/* mdg-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mdg-window-private.h"

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

G_DEFINE_FINAL_TYPE (MdgWindow, mdg_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

char *
_mdg_window_find_demo_dir (void)
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

void
_mdg_window_show_error (MdgWindow  *self,
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
void
_mdg_window_audit_household_read (MdgWindow    *self,
                                  MdgHousehold *household)
{
  static const char * const fields[] = { "members.name", "members.kana", "members.birth_date",
                                         "members.sex", "members.relation", "address", NULL };
  MdgAuditEntry entry = { NULL, MDG_AUDIT_READ, mdg_household_get_id (household), NULL, fields };

  if (self->store == NULL)
    return;

  mdg_store_audit_async (self->store, &entry, self->cancellable, store_audited_cb, NULL);
}

static void report_startup (MdgWindow *self);

/* The workstation's store, once open: the counter's desk and pages use it;
 * if it cannot be opened, the window says why. */
static void
on_workstation_store_cb (MdgWindow      *self,
                         GParamSpec     *pspec,
                         MdgWorkstation *workstation)
{
  const GError *error = mdg_workstation_get_store_error (workstation);

  g_assert (MDG_IS_WINDOW (self));

  if (self->store != NULL)
    return;

  if (error != NULL)
    {
      const char *path = mdg_workstation_get_store_path (workstation);
      g_autofree char *description = NULL;

      if (g_error_matches (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT))
        {
          /* Translators: %s is the path of the damaged database file */
          description = g_strdup_printf (_("The file %s is damaged. It has been left as it is "
                                           "so that nothing is lost: ask the administrator to "
                                           "restore it from a backup."), path);
          _mdg_window_show_error (self, _("The Local Store Is Damaged"), description);
        }
      else if (g_error_matches (error, MDG_STORE_ERROR, MDG_STORE_ERROR_TOO_NEW))
        {
          /* Translators: %s is the path of the database file */
          description = g_strdup_printf (_("The file %s was written by a newer version of "
                                           "Madoguchi. Install that version to go on; the file "
                                           "has not been changed."), path);
          _mdg_window_show_error (self, _("The Local Store Is Too New"), description);
        }
      else
        {
          /* Translators: %s is the path of the database file */
          description = g_strdup_printf (_("The file %s cannot be opened. Check the disk and "
                                           "the permissions, then start Madoguchi again."), path);
          _mdg_window_show_error (self, _("The Local Store Cannot Be Opened"), description);
        }
      return;
    }

  if (mdg_workstation_get_store (workstation) == NULL)
    return;

  self->store = g_object_ref (mdg_workstation_get_store (workstation));
  self->desk = mdg_counter_desk_new (self->store);
  g_signal_connect_object (self->desk, "notify::busy", G_CALLBACK (_mdg_window_update_actions), self,
                           G_CONNECT_SWAPPED);
  mdg_case_view_set_store (self->case_view, self->store);
  mdg_identify_page_set_store (self->identify_page, self->store);
  _mdg_window_start_link (self);
  report_startup (self);
  _mdg_window_offer_resume (self);
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
void
_mdg_window_update_offline (MdgWindow *self)
{
  if (self->store == NULL)
    return;

  mdg_store_count_outbox_async (self->store, self->cancellable, outbox_counted_cb,
                                g_object_ref (self));
}

void
_mdg_window_update_visit_label (MdgWindow *self)
{
  g_autofree char *text = NULL;

  if (self->household == NULL && _mdg_window_get_ticket (self) != NULL)
    /* Translators: the ticket called to this counter, in the sidebar */
    text = g_strdup_printf (_("Ticket %d called"), _mdg_window_get_ticket (self)->number);
  else if (self->household == NULL)
    text = g_strdup (_("No resident yet"));
  else if (_mdg_window_get_ticket (self) != NULL)
    /* Translators: the resident served now and their ticket, in the sidebar */
    text = g_strdup_printf (_("Serving the household of %s (ticket %d)"),
                            mdg_household_get_head_name (self->household),
                            _mdg_window_get_ticket (self)->number);
  else
    /* Translators: the resident served now, in the sidebar */
    text = g_strdup_printf (_("Serving the household of %s (walk-in)"),
                            mdg_household_get_head_name (self->household));
  gtk_label_set_label (self->visit_label, text);
}

void
_mdg_window_go_to_step (MdgWindow *self,
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
  _mdg_window_update_offline (self);
}

static void
on_steps_list_row_activated_cb (MdgWindow     *self,
                                GtkListBoxRow *row,
                                GtkListBox    *list)
{
  g_assert (MDG_IS_WINDOW (self));

  _mdg_window_go_to_step (self, gtk_list_box_row_get_index (row));
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
  if (_mdg_window_get_ticket (self) != NULL)
    {
      MdgCase *kase = mdg_case_view_get_case (self->case_view);

      /* with the resident's satisfaction, if tapped on the sign page; the
       * desk is free at once */
      mdg_counter_desk_close_async (self->desk, case_id,
                                    kase != NULL ? mdg_event_to_string (mdg_case_get_event (kase))
                                                 : NULL,
                                    mdg_case_view_get_rating (self->case_view), self->cancellable,
                                    _mdg_window_desk_called_cb, g_object_ref (self));
      mdg_case_view_set_ticket_id (self->case_view, NULL);
      _mdg_window_update_ticket (self);
    }
  toast = adw_toast_new (_("The visit is complete and stored. Ctrl+N serves the next resident."));
  adw_toast_set_timeout (toast, 4);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  g_clear_object (&self->household);
  mdg_identify_page_reset (self->identify_page);
  _mdg_window_update_visit_label (self);
  _mdg_window_go_to_step (self, 0);
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
      _mdg_window_go_to_step (self, i);
}

static void
next_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->step + 1 < G_N_ELEMENTS (steps))
    _mdg_window_go_to_step (self, self->step + 1);
}

static void
previous_step_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->step > 0)
    _mdg_window_go_to_step (self, self->step - 1);
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
  mdg_case_view_set_ticket_id (self->case_view, _mdg_window_get_ticket (self) != NULL ? _mdg_window_get_ticket (self)->id
                                                                           : NULL);
  mdg_identify_page_reset (self->identify_page);
  _mdg_window_update_visit_label (self);
  _mdg_window_go_to_step (self, STEP_IDENTIFY);
}

/* The resident's household, read (audited) and on to the life event. */
static void
open_household (MdgWindow    *self,
                MdgHousehold *household)
{
  g_set_object (&self->household, household);
  mdg_case_view_set_household (self->case_view, household);
  _mdg_window_audit_household_read (self, household);
  _mdg_window_update_visit_label (self);
  _mdg_window_go_to_step (self, STEP_EVENT);
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
show_preferences_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  MdgPreferencesWindow *preferences;

  g_assert (MDG_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  preferences = mdg_preferences_window_new (GTK_WINDOW (self), self->workstation);
  gtk_window_present (GTK_WINDOW (preferences));
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

  _mdg_window_go_to_step (self, g_variant_get_uint32 (args));
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
mdg_window_constructed (GObject *object)
{
  MdgWindow *self = (MdgWindow *)object;

  G_OBJECT_CLASS (mdg_window_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  /* Without the schema (an uninstalled run without GSETTINGS_SCHEMA_DIR),
   * the window works and forgets its size and selection. */
  if (g_set_object (&self->settings, mdg_workstation_get_settings (self->workstation)))
    {
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (self->settings, "window-width"),
                                   g_settings_get_int (self->settings, "window-height"));
      if (g_settings_get_boolean (self->settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
      g_signal_connect_object (self->settings, "changed", G_CALLBACK (_mdg_window_on_settings_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }

  _mdg_window_create_band_rows (self);
  _mdg_window_update_queue (self);
  _mdg_window_load (self);

  /* The workstation opens the store (once, for every window); its link
   * follows the clerk signed in here. */
  g_signal_connect_object (self->workstation, "notify::link",
                           G_CALLBACK (_mdg_window_on_workstation_link_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workstation, "notify::store",
                           G_CALLBACK (on_workstation_store_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workstation, "notify::store-error",
                           G_CALLBACK (on_workstation_store_cb), self, G_CONNECT_SWAPPED);
  on_workstation_store_cb (self, NULL, self->workstation);
}

static void
mdg_window_dispose (GObject *object)
{
  MdgWindow *self = (MdgWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_WINDOW);
  g_clear_object (&self->cancellable);
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_clear_object (&self->link);
  /* The clerk's session ends with the counter window: their login closes,
   * the workstation's store and queue stay for the other windows. */
  if (self->workstation != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->workstation, self);
      if (self->signed_in)
        mdg_workstation_set_conninfo (self->workstation, NULL);
    }
  g_clear_object (&self->desk);
  g_clear_pointer (&self->draft, mdg_draft_free);
  g_clear_pointer (&self->band_rows, g_ptr_array_unref);
  g_clear_pointer (&self->held_rows, g_ptr_array_unref);
  g_clear_object (&self->store);
  g_clear_object (&self->households);
  g_clear_object (&self->household);
  g_clear_object (&self->settings);
  g_clear_object (&self->workstation);

  G_OBJECT_CLASS (mdg_window_parent_class)->dispose (object);
}

static void
mdg_window_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  MdgWindow *self = MDG_WINDOW (object);

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
mdg_window_set_property (GObject      *object,
                         guint         prop_id,
                         const GValue *value,
                         GParamSpec   *pspec)
{
  MdgWindow *self = MDG_WINDOW (object);

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
mdg_window_class_init (MdgWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = mdg_window_constructed;
  object_class->dispose = mdg_window_dispose;
  object_class->get_property = mdg_window_get_property;
  object_class->set_property = mdg_window_set_property;

  /* the settings, the store, the catalog and the ward link it works with */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_callback_full (widget_class, "on_sign_in_page_user_cb",
                                                G_CALLBACK (_mdg_window_on_sign_in_page_user_cb));
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
  gtk_widget_class_install_action (widget_class, "win.call-next", NULL, _mdg_window_call_next_action);
  gtk_widget_class_install_action (widget_class, "win.recall", NULL, _mdg_window_ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.no-show", NULL, _mdg_window_ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.transfer", "i", _mdg_window_ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.hold", NULL, _mdg_window_ticket_op_action);
  gtk_widget_class_install_action (widget_class, "win.call-held", "s", _mdg_window_call_held_action);
  gtk_widget_class_install_action (widget_class, "win.show-preferences", NULL,
                                   show_preferences_action);
  gtk_widget_class_install_action (widget_class, "win.resume-draft", NULL, _mdg_window_resume_draft_action);
  gtk_widget_class_install_action (widget_class, "win.discard-draft", NULL,
                                   _mdg_window_discard_draft_action);
  gtk_widget_class_install_action (widget_class, "win.sign-out", NULL, _mdg_window_sign_out_action);

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
  _mdg_window_update_actions (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", FALSE);
}

MdgWindow *
mdg_window_new (MdgApplication *application,
                MdgWorkstation *workstation)
{
  g_return_val_if_fail (MDG_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);

  return g_object_new (MDG_TYPE_WINDOW,
                       "application", application,
                       "workstation", workstation,
                       NULL);
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

MdgWorkstation *
mdg_window_get_workstation (MdgWindow *self)
{
  g_return_val_if_fail (MDG_IS_WINDOW (self), NULL);

  return self->workstation;
}
