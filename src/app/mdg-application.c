/* mdg-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-application"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-application.h"
#include "mdg-window.h"

/* The schema keeps the released id when the application id gains .Devel. */
#define SCHEMA_ID "io.github.madoguchi.Madoguchi"

struct _MdgApplication
{
  AdwApplication  parent_instance;

  /* owned */
  GSettings      *settings;
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

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "help", help_action },
  { "quit", quit_action },
};

static void
mdg_application_activate (GApplication *app)
{
  MdgApplication *self = (MdgApplication *)app;
  GtkWindow *window;

  g_assert (MDG_IS_APPLICATION (self));

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window == NULL)
    window = GTK_WINDOW (mdg_window_new (self));

  gtk_window_present (window);
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

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.help", help_accels);

  source = g_settings_schema_source_get_default ();
  if (source != NULL && (schema = g_settings_schema_source_lookup (source, SCHEMA_ID, TRUE)))
    self->settings = g_settings_new_full (schema, NULL, NULL);
  else
    g_debug ("Schema %s is not installed; settings will not be kept", SCHEMA_ID);
}

static void
mdg_application_dispose (GObject *object)
{
  MdgApplication *self = (MdgApplication *)object;

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (mdg_application_parent_class)->dispose (object);
}

static void
mdg_application_class_init (MdgApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = mdg_application_dispose;

  app_class->activate = mdg_application_activate;
  app_class->startup = mdg_application_startup;
}

static void
mdg_application_init (MdgApplication *self)
{
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
