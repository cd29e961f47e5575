/* mdg-window-session.c: the store, the ward link, the clerk's session and the settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mdg-window-private.h"

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

  _mdg_window_dup_counter (self, &counter, &bands);
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
  _mdg_window_update_offline (self);
  _mdg_window_update_queue (self);
  _mdg_window_update_actions (self);
}

static void
on_link_pulled_cb (MdgWindow   *self,
                   MdgWardLink *link)
{
  g_assert (MDG_IS_WINDOW (self));

  _mdg_window_update_queue (self);
  _mdg_window_update_offline (self);
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

/* The workstation's ward link, whichever login made it: the counter's
 * pages and desk follow it. */
void
_mdg_window_on_workstation_link_cb (MdgWindow      *self,
                                    GParamSpec     *pspec,
                                    MdgWorkstation *workstation)
{
  MdgWardLink *link = mdg_workstation_get_link (workstation);

  g_assert (MDG_IS_WINDOW (self));

  if (link == self->link)
    return;

  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_set_object (&self->link, link);
  if (link != NULL)
    {
      g_signal_connect_object (link, "notify::online", G_CALLBACK (on_link_online_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (link, "pulled", G_CALLBACK (on_link_pulled_cb),
                               self, G_CONNECT_SWAPPED);
    }

  mdg_identify_page_set_link (self->identify_page, self->link);
  if (self->desk != NULL)
    mdg_counter_desk_set_link (self->desk, self->link);
  _mdg_window_update_offline (self);
  _mdg_window_update_queue (self);
  _mdg_window_update_actions (self);
}

/* The ward login of the ward-conninfo setting, for the clerk signed in:
 * none when the setting is empty (the embedded default) or nobody is
 * signed in. The workstation makes its link anew whenever it changes;
 * the visit in progress stays. The window clears only a login its clerk
 * set: a workstation given a login of its own keeps it. */
void
_mdg_window_start_link (MdgWindow *self)
{
  g_autofree char *conninfo = self->settings != NULL
                               ? g_settings_get_string (self->settings, "ward-conninfo")
                               : g_strdup ("");
  g_autofree char *staff_conninfo = NULL;

  mdg_sign_in_page_set_conninfo (self->sign_in_page, conninfo[0] != '\0' ? conninfo : NULL);
  staff_conninfo = mdg_sign_in_page_dup_conninfo (self->sign_in_page);

  if (staff_conninfo != NULL || self->signed_in)
    mdg_workstation_set_conninfo (self->workstation, staff_conninfo);
  self->signed_in = staff_conninfo != NULL;
  _mdg_window_on_workstation_link_cb (self, NULL, self->workstation);
  update_session (self, conninfo);
  _mdg_window_update_offline (self);
  _mdg_window_update_queue (self);
  _mdg_window_update_actions (self);
}

void
_mdg_window_on_sign_in_page_user_cb (MdgWindow     *self,
                                     GParamSpec    *pspec,
                                     MdgSignInPage *page)
{
  g_assert (MDG_IS_WINDOW (self));

  _mdg_window_start_link (self);
}

void
_mdg_window_sign_out_action (GtkWidget  *widget,
                             const char *action_name,
                             GVariant   *param)
{
  mdg_sign_in_page_sign_out (MDG_WINDOW (widget)->sign_in_page);
}

void
_mdg_window_on_settings_changed_cb (MdgWindow  *self,
                                    const char *key,
                                    GSettings  *settings)
{
  g_assert (MDG_IS_WINDOW (self));

  if (g_str_equal (key, "ward-conninfo"))
    _mdg_window_start_link (self);
  else if (g_str_equal (key, "counter-bands"))
    {
      _mdg_window_create_band_rows (self);
      _mdg_window_update_queue (self);
      _mdg_window_update_actions (self);
      register_counter (self);
    }
  else if (g_str_equal (key, "counter-number"))
    register_counter (self);
}

void
_mdg_window_load (MdgWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo_dir = NULL;
  MdgCatalog *catalog;

  if (!(catalog = mdg_workstation_get_catalog (self->workstation, &error)))
    {
      g_autofree char *description = NULL;

      g_debug ("The procedure catalog could not be loaded");
      /* Translators: %s names the file, line and field that are wrong */
      description = g_strdup_printf (_("The counter cannot give guidance without it. "
                                       "Ask the administrator to check the catalog: %s"),
                                     error->message);
      _mdg_window_show_error (self, _("The Procedure Catalog Is Broken"), description);
      return;
    }

  demo_dir = _mdg_window_find_demo_dir ();
  if (!(self->households = mdg_household_load_dir (demo_dir, &error)))
    {
      g_autofree char *description = NULL;

      g_debug ("The demo households could not be loaded");
      /* Translators: %s names the file and the field that are wrong */
      description = g_strdup_printf (_("Check the demo household files: %s"), error->message);
      _mdg_window_show_error (self, _("The Demo Households Cannot Be Read"), description);
      return;
    }

  mdg_case_view_set_catalog (self->case_view, catalog);
  mdg_identify_page_set_households (self->identify_page, self->households);

  _mdg_window_update_visit_label (self);
  _mdg_window_go_to_step (self, 0);
  adw_leaflet_set_visible_child (self->leaflet, self->content);
  gtk_stack_set_visible_child_name (self->main_stack, "counter");
}
