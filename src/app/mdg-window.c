/* mdg-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-view.h"
#include "mdg-catalog.h"
#include "mdg-household.h"
#include "mdg-store.h"
#include "mdg-window.h"

struct _MdgWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *household_list;
  AdwWindowTitle       *content_title;
  MdgCaseView          *case_view;

  /* owned */
  GSettings            *settings;
  GListModel           *households;
  GCancellable         *cancellable;
  MdgStore             *store;        /* NULL until open */
};

G_DEFINE_FINAL_TYPE (MdgWindow, mdg_window, ADW_TYPE_APPLICATION_WINDOW)

/* Pages of help/C (help/meson.build checks that they exist). */
#define HELP_PAGE_COUNTER  "counter-window"
#define HELP_PAGE_PROBLEMS "counter-window#problems"

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

static GtkWidget *
create_household_row (gpointer item,
                      gpointer user_data)
{
  MdgHousehold *household = item;
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  guint n_members = mdg_household_get_n_members (household);

  /* Translators: a household in the list: how many members, then its address */
  subtitle = g_strdup_printf (ngettext ("%1$u member · %2$s", "%1$u members · %2$s", n_members),
                              n_members, mdg_household_get_address (household));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 mdg_household_get_head_name (household));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);

  avatar = adw_avatar_new (40, mdg_household_get_head_name (household), TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  return row;
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

static void
store_opened_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = mdg_store_open_finish (result, &error);
  g_autoptr(MdgHousehold) household = NULL;
  GtkListBoxRow *row;

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
  row = gtk_list_box_get_selected_row (self->household_list);
  if (row != NULL && self->households != NULL &&
      (household = g_list_model_get_item (self->households, gtk_list_box_row_get_index (row))))
    audit_household_read (self, household);
}

static void
on_household_list_row_selected_cb (MdgWindow     *self,
                                   GtkListBoxRow *row,
                                   GtkListBox    *list)
{
  g_autoptr(MdgHousehold) household = NULL;
  g_autofree char *title = NULL;

  g_assert (MDG_IS_WINDOW (self));

  if (row == NULL)
    return;

  household = g_list_model_get_item (self->households, gtk_list_box_row_get_index (row));
  if (household == NULL)
    return;

  /* Translators: the title of the counter pane; %s is the name of the head
   * of the household, e.g. "熊本 太郎さんの世帯" */
  title = g_strdup_printf (_("Household of %s"), mdg_household_get_head_name (household));
  adw_window_title_set_title (self->content_title, title);
  adw_window_title_set_subtitle (self->content_title, mdg_household_get_address (household));

  mdg_case_view_set_household (self->case_view, household);
  audit_household_read (self, household);

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-demo-household",
                           mdg_household_get_id (household));
}

static void
on_household_list_row_activated_cb (MdgWindow     *self,
                                    GtkListBoxRow *row,
                                    GtkListBox    *list)
{
  g_assert (MDG_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
load (MdgWindow *self)
{
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  g_autofree char *last = NULL;
  guint selected = 0;

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
  gtk_list_box_bind_model (self->household_list, self->households,
                           create_household_row, NULL, NULL);

  if (self->settings != NULL)
    last = g_settings_get_string (self->settings, "last-demo-household");
  for (guint i = 0; last != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      if (g_strcmp0 (mdg_household_get_id (household), last) == 0)
        selected = i;
    }

  gtk_list_box_select_row (self->household_list,
                           gtk_list_box_get_row_at_index (self->household_list, selected));
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_stack_set_visible_child_name (self->main_stack, "counter");
}

static void
show_households_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
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
  g_clear_object (&self->store);
  g_clear_object (&self->households);
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

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, content);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, household_list);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, MdgWindow, case_view);
  gtk_widget_class_bind_template_callback (widget_class, on_household_list_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_household_list_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "win.show-households", NULL,
                                   show_households_action);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, start_over_cb, NULL);

  g_type_ensure (MDG_TYPE_CASE_VIEW);
}

static void
mdg_window_init (MdgWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
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
    }

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
  g_return_val_if_fail (MDG_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "error") == 0)
    return HELP_PAGE_PROBLEMS;

  return HELP_PAGE_COUNTER;
}
