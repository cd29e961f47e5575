/* mdg-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-preferences-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-app-labels-private.h"
#include "mdg-bands.h"
#include "mdg-preferences-window.h"
#include "mdg-ward-connection.h"
#include "mdg-ward-conninfo.h"
#include "mdg-ward-credentials.h"

struct _MdgPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  /* template widgets */
  GtkSpinButton        *counter_spin;
  AdwPreferencesGroup  *bands_group;
  AdwEntryRow          *conninfo_row;
  AdwPasswordEntryRow  *password_row;
  AdwActionRow         *status_row;

  /* owned */
  MdgWorkstation       *workstation;
  GSettings            *settings;     /* the workstation's */
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (MdgPreferencesWindow, mdg_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
on_band_switch_active_cb (MdgPreferencesWindow *self,
                          GParamSpec           *pspec,
                          GtkSwitch            *toggle)
{
  int band = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (toggle), "mdg-band"));
  g_autoptr(GVariant) current = g_settings_get_value (self->settings, "counter-bands");
  g_autoptr(GArray) bands = g_array_new (FALSE, FALSE, sizeof (gint32));
  gsize n;
  const gint32 *values = g_variant_get_fixed_array (current, &n, sizeof (gint32));
  gboolean active = gtk_switch_get_active (toggle);
  gboolean found = FALSE;

  g_assert (MDG_IS_PREFERENCES_WINDOW (self));

  for (gsize i = 0; i < n; i++)
    {
      if (values[i] == band)
        {
          found = TRUE;
          if (!active)
            continue;
        }
      g_array_append_val (bands, values[i]);
    }
  if (active && !found)
    g_array_append_val (bands, band);

  g_settings_set_value (self->settings, "counter-bands",
                        g_variant_new_fixed_array (G_VARIANT_TYPE_INT32, bands->data, bands->len,
                                                   sizeof (gint32)));
}

static void
create_band_rows (MdgPreferencesWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) current = g_settings_get_value (self->settings, "counter-bands");
  const GPtrArray *bands = mdg_bands_get_default (&error);
  gsize n;
  const gint32 *values = g_variant_get_fixed_array (current, &n, sizeof (gint32));

  if (bands == NULL)
    {
      g_debug ("The ticket bands cannot be read");
      return;
    }

  for (guint i = 0; i < bands->len; i++)
    {
      const MdgBand *band = g_ptr_array_index (bands, i);
      g_autofree char *title = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();
      gboolean active = FALSE;

      for (gsize j = 0; j < n; j++)
        active |= values[j] == band->band;

      title = _mdg_band_dup_title (band);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), active);
      gtk_accessible_update_property (GTK_ACCESSIBLE (toggle),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      g_object_set_data (G_OBJECT (toggle), "mdg-band", GINT_TO_POINTER (band->band));
      g_signal_connect_object (toggle, "notify::active", G_CALLBACK (on_band_switch_active_cb),
                               self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (self->bands_group, row);
    }
}

static void
set_status (MdgPreferencesWindow *self,
            const char           *text)
{
  adw_action_row_set_subtitle (self->status_row, text);
}

static void
connection_tested_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MdgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgWardConnection) connection = mdg_ward_connection_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.test-connection", TRUE);

  if (connection != NULL)
    {
      mdg_ward_connection_close (connection);
      set_status (self, _("Connected: the ward database answers"));
    }
  else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_CONNINFO) ||
           g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_PASSWORD_GIVEN))
    set_status (self, _("The connection string is malformed: check each keyword=value"));
  else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS))
    set_status (self, _("The ward database is on another machine: add sslmode=verify-full "
                        "and sslrootcert= (the ward's CA certificate) to the connection"));
  else
    {
      g_debug ("The connection test failed (ward error %d)", error->code);
      set_status (self, _("The ward database does not answer, or refused the user or the "
                          "password: check the network, the connection and the password"));
    }
}

static void
test_connection_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *param)
{
  MdgPreferencesWindow *self = (MdgPreferencesWindow *)widget;
  g_autofree char *conninfo = NULL;

  g_assert (MDG_IS_PREFERENCES_WINDOW (self));

  conninfo = g_settings_get_string (self->settings, "ward-conninfo");
  if (conninfo[0] == '\0')
    {
      set_status (self, _("No ward database: this workstation works on its own"));
      return;
    }

  set_status (self, _("Connecting…"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "preferences.test-connection", FALSE);
  mdg_ward_connection_new_async (conninfo, 5, self->cancellable, connection_tested_cb,
                                 g_object_ref (self));
}

static void
on_conninfo_row_apply_cb (MdgPreferencesWindow *self,
                          AdwEntryRow          *row)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(PQconninfoOption) options = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MDG_IS_PREFERENCES_WINDOW (self));

  /* The password belongs in the keyring, not in the settings; a remote
   * ward database proves who it is (ward-security.md). */
  if (text[0] != '\0' && !(options = mdg_ward_conninfo_check (text, NULL, &error)))
    {
      if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_PASSWORD_GIVEN))
        set_status (self, _("Type the password in the password row: it is kept in the keyring, "
                            "never in the connection string"));
      else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS))
        set_status (self, _("The ward database is on another machine: add sslmode=verify-full "
                            "and sslrootcert= (the ward's CA certificate) to the connection"));
      else
        set_status (self, _("The connection string is malformed: check each keyword=value"));
      return;
    }

  g_settings_set_string (self->settings, "ward-conninfo", text);
  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.test-connection", NULL);
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdgPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!mdg_ward_credentials_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("The password could not be stored (error %d)", error->code);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                        adw_toast_new (_("The keyring could not keep the "
                                                         "password: is it unlocked?")));
      return;
    }

  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                    adw_toast_new (_("The password is in the keyring")));
  gtk_widget_activate_action (GTK_WIDGET (self), "preferences.test-connection", NULL);
}

static void
on_password_row_apply_cb (MdgPreferencesWindow *self,
                          AdwPasswordEntryRow  *row)
{
  g_autofree char *conninfo = NULL;
  const char *password = gtk_editable_get_text (GTK_EDITABLE (row));

  g_assert (MDG_IS_PREFERENCES_WINDOW (self));

  conninfo = g_settings_get_string (self->settings, "ward-conninfo");
  if (conninfo[0] == '\0')
    {
      set_status (self, _("Enter the connection first: the password is kept for it"));
      return;
    }

  mdg_ward_credentials_store_for_conninfo_async (conninfo, password, self->cancellable,
                                                 password_stored_cb, g_object_ref (self));
  /* Not kept in the widget once it is on its way to the keyring. */
  gtk_editable_set_text (GTK_EDITABLE (row), "");
}

static void
mdg_preferences_window_constructed (GObject *object)
{
  MdgPreferencesWindow *self = (MdgPreferencesWindow *)object;
  g_autofree char *conninfo = NULL;

  G_OBJECT_CLASS (mdg_preferences_window_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  self->settings = g_object_ref (mdg_workstation_get_settings (self->workstation));
  g_settings_bind (self->settings, "counter-number",
                   gtk_spin_button_get_adjustment (self->counter_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  conninfo = g_settings_get_string (self->settings, "ward-conninfo");
  gtk_editable_set_text (GTK_EDITABLE (self->conninfo_row), conninfo);
  create_band_rows (self);
}

static void
mdg_preferences_window_dispose (GObject *object)
{
  MdgPreferencesWindow *self = (MdgPreferencesWindow *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->settings);
  g_clear_object (&self->workstation);

  G_OBJECT_CLASS (mdg_preferences_window_parent_class)->dispose (object);
}

static void
mdg_preferences_window_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  MdgPreferencesWindow *self = MDG_PREFERENCES_WINDOW (object);

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
mdg_preferences_window_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  MdgPreferencesWindow *self = MDG_PREFERENCES_WINDOW (object);

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
mdg_preferences_window_class_init (MdgPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mdg_preferences_window_constructed;
  object_class->dispose = mdg_preferences_window_dispose;
  object_class->get_property = mdg_preferences_window_get_property;
  object_class->set_property = mdg_preferences_window_set_property;

  /* the workstation whose settings these are (they exist) */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgPreferencesWindow, counter_spin);
  gtk_widget_class_bind_template_child (widget_class, MdgPreferencesWindow, bands_group);
  gtk_widget_class_bind_template_child (widget_class, MdgPreferencesWindow, conninfo_row);
  gtk_widget_class_bind_template_child (widget_class, MdgPreferencesWindow, password_row);
  gtk_widget_class_bind_template_child (widget_class, MdgPreferencesWindow, status_row);
  gtk_widget_class_bind_template_callback (widget_class, on_conninfo_row_apply_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_apply_cb);

  gtk_widget_class_install_action (widget_class, "preferences.test-connection", NULL,
                                   test_connection_action);
}

static void
mdg_preferences_window_init (MdgPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

MdgPreferencesWindow *
mdg_preferences_window_new (GtkWindow      *parent,
                            MdgWorkstation *workstation)
{
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);
  g_return_val_if_fail (mdg_workstation_get_settings (workstation) != NULL, NULL);

  return g_object_new (MDG_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", TRUE,
                       "workstation", workstation,
                       NULL);
}
