/* mdg-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-application.h"
#include "mdg-kiosk-window.h"
#include "mdg-kpi-window.h"
#include "mdg-queue-monitor.h"
#include "mdg-store-retention.h"
#include "mdg-waiting-display.h"
#include "mdg-window.h"

/* Pages of help/C for the floor's windows (help/meson.build checks them). */
#define HELP_PAGE_MONITOR "queue-monitor"
#define HELP_PAGE_DISPLAY "waiting-display"
#define HELP_PAGE_KPI     "kpi"

/* Resident data past the retain-hours setting leaves the store: first soon
 * after start (the counter window opens its store itself), then this often. */
#define PURGE_FIRST_SECONDS    30
#define PURGE_INTERVAL_SECONDS (15 * 60)

/* The schema keeps the released id when the application id gains .Devel. */
#define SCHEMA_ID "io.github.madoguchi.Madoguchi"

/* What this workstation is: a counter (the default), or one of the
 * floor's screens, chosen on the command line. */
typedef enum
{
  MODE_COUNTER,
  MODE_MONITOR,
  MODE_DISPLAY,
  MODE_KIOSK,
} Mode;

struct _MdgApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
  /* the floor's screens on their own: the local store, the ward link and
   * today's queue, made once */
  MdgStore       *store;
  MdgWardLink    *link;
  MdgQueueSource *source;
  GCancellable   *cancellable;

  guint           purge_id;

  Mode            mode;
  guint           opening : 1;
  guint           purging : 1;
};

G_DEFINE_FINAL_TYPE (MdgApplication, mdg_application, ADW_TYPE_APPLICATION)

static void
about_action (GSimpleAction *action,
              GVariant      *param,
              gpointer       user_data)
{
  MdgApplication *self = user_data;
  static const char *developers[] = { "The Madoguchi authors", NULL };
  GtkWindow *window;

  g_assert (MDG_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  adw_show_about_window (window,
                         "application-name", _("Madoguchi"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("The one-stop counter of the ward office: every procedure "
                                       "a life event needs, from one interview."),
                         "developer-name", developers[0],
                         "developers", developers,
                         "website", "https://github.com/madoguchi/madoguchi",
                         "issue-url", "https://github.com/madoguchi/madoguchi/issues",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         /* Translators: your names, one a line */
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
show_help_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  GtkWindow *window = GTK_WINDOW (object);
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  if (gtk_show_uri_full_finish (window, result, &error))
    return;

  g_debug ("The manual could not be opened: %s", error->message);
  dialog = adw_message_dialog_new (window,
                                   _("The Manual Cannot Be Opened"),
                                   _("Ask the administrator to install the Help application (Yelp)."));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Opens the manual at the page of the active window (F1, the menu). */
static void
help_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  MdgApplication *self = user_data;
  g_autofree char *uri = NULL;
  const char *page = "index";
  GtkWindow *window;

  g_assert (MDG_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (MDG_IS_WINDOW (window))
    page = mdg_window_get_help_page (MDG_WINDOW (window));
  else if (MDG_IS_QUEUE_MONITOR (window))
    page = HELP_PAGE_MONITOR;
  else if (MDG_IS_WAITING_DISPLAY (window))
    page = HELP_PAGE_DISPLAY;
  else if (MDG_IS_KPI_WINDOW (window))
    page = HELP_PAGE_KPI;

  uri = g_strdup_printf ("help:%s/%s", GETTEXT_PACKAGE, page);
  if (window != NULL)
    gtk_show_uri_full (window, uri, GDK_CURRENT_TIME, NULL, show_help_cb, NULL);
  else
    gtk_show_uri (NULL, uri, GDK_CURRENT_TIME);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *param,
             gpointer       user_data)
{
  MdgApplication *self = user_data;
  GList *windows;

  g_assert (MDG_IS_APPLICATION (self));

  /* Closing each window first saves its size. */
  windows = gtk_application_get_windows (GTK_APPLICATION (self));
  while (windows != NULL)
    {
      GtkWindow *window = windows->data;

      windows = windows->next;
      gtk_window_close (window);
    }

  g_application_quit (G_APPLICATION (self));
}

/* Today's queue: the standalone one, else the counter window's. */
static MdgQueueSource *
dup_queue_source (MdgApplication *self)
{
  if (self->source != NULL)
    return g_object_ref (self->source);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      MdgQueueSource *source;

      if (MDG_IS_WINDOW (l->data) && (source = mdg_window_dup_queue_source (l->data)))
        return source;
    }

  return NULL;
}

static GtkWindow *
make_window (MdgApplication *self,
             Mode            mode,
             MdgQueueSource *source)
{
  switch (mode)
    {
    case MODE_MONITOR:
      return GTK_WINDOW (mdg_queue_monitor_new (GTK_APPLICATION (self), source));
    case MODE_DISPLAY:
      return GTK_WINDOW (mdg_waiting_display_new (GTK_APPLICATION (self), source,
                                                  self->mode == MODE_DISPLAY));
    case MODE_KIOSK:
      return GTK_WINDOW (mdg_kiosk_window_new (GTK_APPLICATION (self), source));
    case MODE_COUNTER:
    default:
      g_assert_not_reached ();
    }
}

static void
show_screen (MdgApplication *self,
             Mode            mode)
{
  g_autoptr(MdgQueueSource) source = dup_queue_source (self);

  /* Not before the store is open: the counter window opens it. */
  if (source == NULL)
    return;

  gtk_window_present (make_window (self, mode, source));
}

static void
monitor_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  show_screen (user_data, MODE_MONITOR);
}

static void
display_action (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  show_screen (user_data, MODE_DISPLAY);
}

static void
kpi_action (GSimpleAction *action,
            GVariant      *param,
            gpointer       user_data)
{
  MdgApplication *self = user_data;
  g_autoptr(MdgQueueSource) source = dup_queue_source (self);

  if (source == NULL)
    return;

  gtk_window_present (GTK_WINDOW (mdg_kpi_window_new (GTK_APPLICATION (self),
                                                      mdg_queue_source_get_store (source))));
}

/* Retention ---------------------------------------------------------------- */

static void
store_purged_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  MdgStorePurge purge = { 0 };

  self->purging = FALSE;
  if (!mdg_store_purge_finish (MDG_STORE (object), result, &purge, &error))
    g_debug ("The store's purge failed (domain %s, code %d); tried again later",
             g_quark_to_string (error->domain), error->code);
  else
    g_debug ("Purged %" G_GINT64_FORMAT " cases and %" G_GINT64_FORMAT " drafts",
             purge.cases, purge.drafts);
}

/* Asynchronous on the store's worker: the main loop never waits for it. */
static void
purge_store (MdgApplication *self)
{
  g_autoptr(MdgQueueSource) source = NULL;
  MdgStore *store = self->store;
  guint hours = MDG_STORE_RETAIN_HOURS_DEFAULT;

  if (self->purging)
    return;
  if (store == NULL && (source = dup_queue_source (self)) != NULL)
    store = mdg_queue_source_get_store (source);
  if (store == NULL)
    return;

  if (self->settings != NULL)
    hours = MAX (g_settings_get_int (self->settings, "retain-hours"), 0);
  self->purging = TRUE;
  mdg_store_purge_async (store, hours, self->cancellable, store_purged_cb, g_object_ref (self));
}

static gboolean
purge_timeout_cb (gpointer user_data)
{
  purge_store (user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
first_purge_timeout_cb (gpointer user_data)
{
  MdgApplication *self = user_data;

  purge_store (self);
  self->purge_id = g_timeout_add_seconds (PURGE_INTERVAL_SECONDS, purge_timeout_cb, self);
  return G_SOURCE_REMOVE;
}

/* The kiosk and the waiting-room display stand in public: nothing typed on
 * their keyboard may quit, close, or open another window (help, about). */
static gboolean
mode_is_locked (Mode mode)
{
  return mode == MODE_KIOSK || mode == MODE_DISPLAY;
}

/* Removes every shortcut the toolkit gave the application (GtkApplication
 * adds Ctrl+? for the shortcuts window of gtk/help-overlay.ui). */
static void
clear_accels (MdgApplication *self)
{
  static const char * const none[] = { NULL };
  g_auto(GStrv) actions = gtk_application_list_action_descriptions (GTK_APPLICATION (self));

  for (guint i = 0; actions[i] != NULL; i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), actions[i], none);
}

/* "user=NAME" for libpq, quoted. */
static char *
dup_conninfo_user (const char *user)
{
  GString *value = g_string_new ("user='");

  for (const char *p = user; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (value, '\\');
      g_string_append_c (value, *p);
    }
  g_string_append_c (value, '\'');
  return g_string_free (value, FALSE);
}

/* The ward-conninfo setting, with the login of this kind of device when it
 * has one of its own (kiosk-ward-user, display-ward-user): its password
 * comes from the keyring, stored there by `madoguchi-tool ward login`. */
static char *
dup_conninfo (MdgApplication *self)
{
  g_autofree char *conninfo = NULL;
  g_autofree char *user = NULL;
  g_autofree char *user_option = NULL;
  const char *key = NULL;

  if (self->settings == NULL)
    return g_strdup ("");

  conninfo = g_settings_get_string (self->settings, "ward-conninfo");
  if (self->mode == MODE_KIOSK)
    key = "kiosk-ward-user";
  else if (self->mode == MODE_DISPLAY)
    key = "display-ward-user";
  if (key == NULL || conninfo[0] == '\0')
    return g_steal_pointer (&conninfo);

  user = g_settings_get_string (self->settings, key);
  if (user[0] == '\0')
    return g_steal_pointer (&conninfo);
  /* A URI takes no keyword after it; its own user stays. */
  if (g_str_has_prefix (conninfo, "postgresql://") || g_str_has_prefix (conninfo, "postgres://"))
    {
      g_debug ("%s is ignored: ward-conninfo is a URI", key);
      return g_steal_pointer (&conninfo);
    }

  /* libpq takes the last of a repeated keyword. */
  user_option = dup_conninfo_user (user);
  return g_strdup_printf ("%s %s", conninfo, user_option);
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "help", help_action },
  { "quit", quit_action },
  { "monitor", monitor_action },
  { "display", display_action },
  { "kpi", kpi_action },
};

/* A floor screen on its own: the local store, the link of the
 * ward-conninfo setting, then the window. */
static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;

  self->opening = FALSE;
  if (!(self->store = mdg_store_open_finish (result, &error)))
    {
      AdwMessageDialog *dialog;

      g_debug ("The local store could not be opened (error %d)", error->code);
      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("The Local Store Cannot Be Opened"),
                                                           _("Check the disk and the permissions, "
                                                             "then start Madoguchi again.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      gtk_window_present (GTK_WINDOW (dialog));
      /* the dialog holds the application now */
      g_application_release (G_APPLICATION (self));
      return;
    }

  conninfo = dup_conninfo (self);
  if (conninfo[0] != '\0')
    {
      self->link = mdg_ward_link_new (self->store, conninfo);
      mdg_ward_link_start (self->link);
    }
  self->source = mdg_queue_source_new (self->store, self->link);
  purge_store (self);

  gtk_window_present (make_window (self, self->mode, self->source));
  /* the window holds the application now */
  g_application_release (G_APPLICATION (self));
}

static void
mdg_application_activate (GApplication *app)
{
  MdgApplication *self = (MdgApplication *)app;
  GtkWindow *window;

  g_assert (MDG_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  if (self->mode == MODE_COUNTER)
    gtk_window_present (GTK_WINDOW (mdg_window_new (self)));
  else if (self->source != NULL)
    gtk_window_present (make_window (self, self->mode, self->source));
  else if (!self->opening)
    {
      g_autofree char *path = mdg_store_dup_default_path ();

      /* No window yet: the application waits for the store instead of
       * quitting; the window holds it then. */
      self->opening = TRUE;
      g_application_hold (app);
      mdg_store_open_async (path, self->cancellable, store_opened_cb, g_object_ref (self));
    }
}

static void
mdg_application_startup (GApplication *app)
{
  MdgApplication *self = (MdgApplication *)app;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "F1", NULL };
  GSettingsSchemaSource *source;
  g_autoptr(GSettingsSchema) schema = NULL;

  g_assert (MDG_IS_APPLICATION (self));

  G_APPLICATION_CLASS (mdg_application_parent_class)->startup (app);

  /* No quit, help, about or other screens, and no shortcut at all. */
  if (mode_is_locked (self->mode))
    clear_accels (self);
  else
    {
      g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                       G_N_ELEMENTS (app_actions), self);
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close",
                                             close_accels);
      gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);
    }

  source = g_settings_schema_source_get_default ();
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)))
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Schema %s is not installed; settings will not be kept", SCHEMA_ID);

  self->purge_id = g_timeout_add_seconds (PURGE_FIRST_SECONDS, first_purge_timeout_cb, self);
}

static void
mdg_application_dispose (GObject *object)
{
  MdgApplication *self = (MdgApplication *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->purge_id, g_source_remove);
  g_clear_object (&self->source);
  if (self->link != NULL)
    mdg_ward_link_stop (self->link);
  g_clear_object (&self->link);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mdg_application_parent_class)->dispose (object);
}

static int
mdg_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  MdgApplication *self = (MdgApplication *)app;

  if (g_variant_dict_contains (options, "monitor"))
    self->mode = MODE_MONITOR;
  else if (g_variant_dict_contains (options, "display"))
    self->mode = MODE_DISPLAY;
  else if (g_variant_dict_contains (options, "kiosk"))
    self->mode = MODE_KIOSK;

  /* Each screen is its own instance: a display beside a counter on one
   * machine keeps its own window. */
  if (self->mode != MODE_COUNTER)
    g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);

  return G_APPLICATION_CLASS (mdg_application_parent_class)->handle_local_options (app, options);
}

static void
mdg_application_class_init (MdgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mdg_application_dispose;

  app_class->activate = mdg_application_activate;
  app_class->startup = mdg_application_startup;
  app_class->handle_local_options = mdg_application_handle_local_options;
}

static void
mdg_application_init (MdgApplication *self)
{
  static const GOptionEntry options[] = {
    { "monitor", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the queue monitor for the floor manager"), NULL },
    { "display", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the waiting-room display, full screen"), NULL },
    { "kiosk", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Show the ticket kiosk for the entrance, full screen"), NULL },
    { NULL }
  };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

MdgApplication *
mdg_application_new (void)
{
  return g_object_new (MDG_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/madoguchi/Madoguchi",
                       NULL);
}

GSettings *
mdg_application_dup_settings (MdgApplication *self)
{
  g_return_val_if_fail (MDG_IS_APPLICATION (self), NULL);

  return self->settings != NULL ? g_object_ref (self->settings) : NULL;
}
