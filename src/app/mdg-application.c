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
#include "mdg-waiting-display.h"
#include "mdg-window.h"
#include "mdg-workstation.h"

/* Pages of help/C for the floor's windows (help/meson.build checks them). */
#define HELP_PAGE_MONITOR "queue-monitor"
#define HELP_PAGE_DISPLAY "waiting-display"
#define HELP_PAGE_KPI     "kpi"

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

  /* owned: the one context every window gets (settings, local store,
   * catalog, ward link, today's queue), made at startup */
  MdgWorkstation *workstation;

  Mode            mode;
  guint           opening : 1;  /* a floor screen waits for the store */
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

/* A floor screen on the workstation's store and queue. */
static GtkWindow *
make_window (MdgApplication *self,
             Mode            mode)
{
  switch (mode)
    {
    case MODE_MONITOR:
      return GTK_WINDOW (mdg_queue_monitor_new (GTK_APPLICATION (self), self->workstation));
    case MODE_DISPLAY:
      return GTK_WINDOW (mdg_waiting_display_new (GTK_APPLICATION (self), self->workstation,
                                                  self->mode == MODE_DISPLAY));
    case MODE_KIOSK:
      return GTK_WINDOW (mdg_kiosk_window_new (GTK_APPLICATION (self), self->workstation));
    case MODE_COUNTER:
    default:
      g_assert_not_reached ();
    }
}

static void
show_screen (MdgApplication *self,
             Mode            mode)
{
  /* Not before the store is open. */
  if (mdg_workstation_get_queue_source (self->workstation) == NULL)
    return;

  gtk_window_present (make_window (self, mode));
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

  if (mdg_workstation_get_store (self->workstation) == NULL)
    return;

  gtk_window_present (GTK_WINDOW (mdg_kpi_window_new (GTK_APPLICATION (self),
                                                      self->workstation)));
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
  GSettings *settings = mdg_workstation_get_settings (self->workstation);
  g_autofree char *conninfo = NULL;
  g_autofree char *user = NULL;
  g_autofree char *user_option = NULL;
  const char *key = NULL;

  if (settings == NULL)
    return g_strdup ("");

  conninfo = g_settings_get_string (settings, "ward-conninfo");
  if (self->mode == MODE_KIOSK)
    key = "kiosk-ward-user";
  else if (self->mode == MODE_DISPLAY)
    key = "display-ward-user";
  if (key == NULL || conninfo[0] == '\0')
    return g_steal_pointer (&conninfo);

  user = g_settings_get_string (settings, key);
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

/* A floor screen on its own: once the workstation's store is open, the
 * window; if it cannot be, a dialog saying so. */
static void
on_workstation_opened_cb (MdgApplication *self,
                          GParamSpec     *pspec,
                          MdgWorkstation *workstation)
{
  g_assert (MDG_IS_APPLICATION (self));

  if (!self->opening)
    return;
  self->opening = FALSE;
  g_signal_handlers_disconnect_by_func (workstation, on_workstation_opened_cb, self);

  if (mdg_workstation_get_store (workstation) == NULL)
    {
      AdwMessageDialog *dialog;

      dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (NULL, _("The Local Store Cannot Be Opened"),
                                                           _("Check the disk and the permissions, "
                                                             "then start Madoguchi again.")));
      adw_message_dialog_add_response (dialog, "close", _("_Close"));
      gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
      gtk_window_present (GTK_WINDOW (dialog));
    }
  else
    gtk_window_present (make_window (self, self->mode));

  /* the window (or the dialog) holds the application now */
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

  /* The counter window shows the store opening and its errors itself; it
   * sets the clerk's login once one signs in. */
  if (self->mode == MODE_COUNTER)
    {
      mdg_workstation_open (self->workstation);
      gtk_window_present (GTK_WINDOW (mdg_window_new (self, self->workstation)));
    }
  else if (mdg_workstation_get_queue_source (self->workstation) != NULL)
    gtk_window_present (make_window (self, self->mode));
  else if (!self->opening)
    {
      g_autofree char *conninfo = dup_conninfo (self);

      /* No window yet: the application waits for the store instead of
       * quitting; the window holds it then. The link logs in as this kind
       * of device, which reads no resident. */
      self->opening = TRUE;
      g_application_hold (app);
      mdg_workstation_set_conninfo (self->workstation, conninfo);
      g_signal_connect_object (self->workstation, "notify::store",
                               G_CALLBACK (on_workstation_opened_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->workstation, "notify::store-error",
                               G_CALLBACK (on_workstation_opened_cb), self, G_CONNECT_SWAPPED);
      mdg_workstation_open (self->workstation);
    }
}

static void
mdg_application_startup (GApplication *app)
{
  MdgApplication *self = (MdgApplication *)app;
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *close_accels[] = { "<Control>w", NULL };
  static const char *help_accels[] = { "F1", NULL };

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

  /* Nothing is opened yet: the first window asks for the store. */
  self->workstation = mdg_workstation_new (NULL);
}

static void
mdg_application_dispose (GObject *object)
{
  MdgApplication *self = (MdgApplication *)object;

  g_clear_object (&self->workstation);

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

MdgWorkstation *
mdg_application_get_workstation (MdgApplication *self)
{
  g_return_val_if_fail (MDG_IS_APPLICATION (self), NULL);

  return self->workstation;
}

void
mdg_application_set_workstation (MdgApplication *self,
                                 MdgWorkstation *workstation)
{
  g_return_if_fail (MDG_IS_APPLICATION (self));
  g_return_if_fail (workstation == NULL || MDG_IS_WORKSTATION (workstation));

  if (workstation != NULL)
    g_set_object (&self->workstation, workstation);
  else
    {
      g_clear_object (&self->workstation);
      self->workstation = mdg_workstation_new (NULL);
    }
}
