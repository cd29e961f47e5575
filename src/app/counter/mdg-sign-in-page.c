/* mdg-sign-in-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-sign-in-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-sign-in-page.h"
#include "mdg-ward-connection.h"
#include "mdg-ward-conninfo.h"
#include "mdg-ward-credentials.h"

#define CONNECT_TIMEOUT_SECONDS 10

struct _MdgSignInPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwEntryRow         *user_row;
  AdwPasswordEntryRow *password_row;
  GtkLabel            *error_label;
  GtkSpinner          *spinner;

  /* owned */
  GCancellable        *cancellable;
  GDBusConnection     *bus;
  char                *conninfo;          /* the settings' */
  char                *user;              /* signed in; NULL: nobody */
  char                *pending_user;      /* while signing in */
  char                *pending_conninfo;
  char                *password;          /* while signing in, wiped after */

  guint                screensaver_id;
  guint                verified : 1;
  guint                busy : 1;
};

G_DEFINE_FINAL_TYPE (MdgSignInPage, mdg_sign_in_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_USER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
wipe_password (MdgSignInPage *self)
{
  if (self->password != NULL)
    memset (self->password, 0, strlen (self->password));
  g_clear_pointer (&self->password, g_free);
}

static void
set_error (MdgSignInPage *self,
           const char    *message)
{
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
set_busy (MdgSignInPage *self,
          gboolean       busy)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  /* The rows stay sensitive: a focused entry made insensitive keeps its
   * cursor blinking without focus (GTK 4.8 warns). The action waits. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sign-in.sign-in", !busy);
}

/* The end of a failed attempt: the message, an empty password row. */
static void
fail (MdgSignInPage *self,
      const char    *message)
{
  wipe_password (self);
  g_clear_pointer (&self->pending_user, g_free);
  g_clear_pointer (&self->pending_conninfo, g_free);
  set_busy (self, FALSE);
  set_error (self, message);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

/* What staff can do about a connection string the settings hold. */
static const char *
describe_conninfo_error (const GError *error)
{
  if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS))
    return _("The ward database is on another machine, and the connection in the preferences "
             "does not ask it to prove who it is (sslmode=verify-full): ask the administrator.");
  if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_PASSWORD_GIVEN))
    return _("The connection in the preferences holds a password: ask the administrator to "
             "remove it.");
  return _("The connection in the preferences is malformed: ask the administrator.");
}

static void
finish_sign_in (MdgSignInPage *self,
                gboolean       verified)
{
  wipe_password (self);
  g_free (self->user);
  self->user = g_steal_pointer (&self->pending_user);
  self->verified = verified;
  set_busy (self, FALSE);
  set_error (self, NULL);
  g_debug ("Signed in (%s)", verified ? "checked by the ward" : "offline, checked by the keyring");
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER]);
}

static gboolean
same_password (const char *a,
               const char *b)
{
  gsize length = strlen (a);
  guint8 differ = length != strlen (b);

  /* Every byte compared, whatever the first difference. */
  for (gsize i = 0; i < length; i++)
    differ |= (guint8) a[i] ^ (guint8) (i < strlen (b) ? b[i] : 0);

  return differ == 0;
}

static void
password_stored_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mdg_ward_credentials_store_finish (result, &error))
    g_debug ("The keyring did not keep the password (%s %d)", g_quark_to_string (error->domain),
             error->code);
}

static void
password_looked_up_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(MdgSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = mdg_ward_credentials_lookup_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->password == NULL)
    return;

  if (error != NULL)
    g_debug ("The keyring could not be read (%s %d)", g_quark_to_string (error->domain),
             error->code);
  if (stored != NULL && same_password (stored, self->password))
    finish_sign_in (self, FALSE);
  else if (stored != NULL)
    fail (self, _("The ward database cannot be reached, and this is not the password last "
                  "used on this counter."));
  else
    fail (self, _("The ward database cannot be reached, and this login has not signed in on "
                  "this counter before: sign in once the counter is online."));

  if (stored != NULL)
    memset (stored, 0, strlen (stored));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MdgSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgWardConnection) connection = mdg_ward_connection_new_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->password == NULL)
    return;

  if (connection != NULL)
    {
      /* The counter's link makes its own connection, with the password
       * the keyring now keeps. */
      mdg_ward_connection_close (connection);
      mdg_ward_credentials_store_for_conninfo_async (self->pending_conninfo, self->password,
                                                     self->cancellable, password_stored_cb,
                                                     NULL);
      finish_sign_in (self, TRUE);
    }
  else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_LOGIN))
    fail (self, _("The ward database refused this user name or password."));
  else if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_UNREACHABLE) ||
           g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_BROKEN))
    {
      /* Offline: the keyring's copy from the last sign-in here decides. */
      g_debug ("The ward database cannot be reached; checking the keyring");
      mdg_ward_credentials_lookup_for_conninfo_async (self->pending_conninfo, self->cancellable,
                                                      password_looked_up_cb,
                                                      g_object_ref (self));
    }
  else
    fail (self, describe_conninfo_error (error));
}

static void
sign_in_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *param)
{
  MdgSignInPage *self = (MdgSignInPage *)widget;
  g_autofree char *user = NULL;
  g_autoptr(GError) error = NULL;
  const char *password;

  g_assert (MDG_IS_SIGN_IN_PAGE (self));

  if (self->busy)
    return;

  user = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->user_row))));
  password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  if (user[0] == '\0')
    {
      set_error (self, _("Type your user name."));
      gtk_widget_grab_focus (GTK_WIDGET (self->user_row));
      return;
    }
  if (password[0] == '\0')
    {
      set_error (self, _("Type your password."));
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
      return;
    }
  if (self->conninfo == NULL ||
      !(self->pending_conninfo = mdg_ward_conninfo_dup_for_user (self->conninfo, user, &error)))
    {
      set_error (self, describe_conninfo_error (error));
      return;
    }

  self->pending_user = g_steal_pointer (&user);
  self->password = g_strdup (password);
  gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
  set_error (self, NULL);
  set_busy (self, TRUE);
  mdg_ward_connection_new_with_password_async (self->pending_conninfo, self->password,
                                               CONNECT_TIMEOUT_SECONDS, self->cancellable,
                                               connected_cb, g_object_ref (self));
}

static void
on_user_row_activated_cb (MdgSignInPage *self,
                          AdwEntryRow   *row)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}

static void
on_password_row_activated_cb (MdgSignInPage       *self,
                              AdwPasswordEntryRow *row)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "sign-in.sign-in", NULL);
}

/* The screen locked: the session ends. */
static void
on_screensaver_active_changed_cb (GDBusConnection *connection,
                                  const char      *sender_name,
                                  const char      *object_path,
                                  const char      *interface_name,
                                  const char      *signal_name,
                                  GVariant        *parameters,
                                  gpointer         user_data)
{
  MdgSignInPage *self = user_data;
  gboolean active = FALSE;

  if (g_variant_is_of_type (parameters, G_VARIANT_TYPE ("(b)")))
    g_variant_get (parameters, "(b)", &active);
  if (active && self->user != NULL)
    {
      g_debug ("The screen locked: signing out");
      mdg_sign_in_page_sign_out (self);
    }
}

static void
bus_got_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MdgSignInPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusConnection) bus = g_bus_get_finish (result, &error);

  if (bus == NULL)
    {
      g_debug ("No session bus: the screen lock is not watched");
      return;
    }
  if (g_cancellable_is_cancelled (self->cancellable))
    return;

  self->bus = g_steal_pointer (&bus);
  self->screensaver_id = g_dbus_connection_signal_subscribe (self->bus, "org.gnome.ScreenSaver",
                                                             "org.gnome.ScreenSaver",
                                                             "ActiveChanged",
                                                             "/org/gnome/ScreenSaver", NULL,
                                                             G_DBUS_SIGNAL_FLAGS_NONE,
                                                             on_screensaver_active_changed_cb,
                                                             self, NULL);
}

static void
mdg_sign_in_page_dispose (GObject *object)
{
  MdgSignInPage *self = (MdgSignInPage *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->bus != NULL && self->screensaver_id != 0)
    g_dbus_connection_signal_unsubscribe (self->bus, self->screensaver_id);
  self->screensaver_id = 0;
  g_clear_object (&self->bus);
  wipe_password (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_SIGN_IN_PAGE);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (mdg_sign_in_page_parent_class)->dispose (object);
}

static void
mdg_sign_in_page_finalize (GObject *object)
{
  MdgSignInPage *self = (MdgSignInPage *)object;

  g_free (self->conninfo);
  g_free (self->user);
  g_free (self->pending_user);
  g_free (self->pending_conninfo);

  G_OBJECT_CLASS (mdg_sign_in_page_parent_class)->finalize (object);
}

static void
mdg_sign_in_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgSignInPage *self = MDG_SIGN_IN_PAGE (object);

  switch (prop_id)
    {
    case PROP_USER:
      g_value_set_string (value, mdg_sign_in_page_get_user (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_sign_in_page_class_init (MdgSignInPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_sign_in_page_dispose;
  object_class->finalize = mdg_sign_in_page_finalize;
  object_class->get_property = mdg_sign_in_page_get_property;

  properties [PROP_USER] =
    g_param_spec_string ("user", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/madoguchi/Madoguchi/ui/mdg-sign-in-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgSignInPage, user_row);
  gtk_widget_class_bind_template_child (widget_class, MdgSignInPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, MdgSignInPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, MdgSignInPage, spinner);
  gtk_widget_class_bind_template_callback (widget_class, on_user_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_password_row_activated_cb);

  gtk_widget_class_install_action (widget_class, "sign-in.sign-in", NULL, sign_in_action);
}

static void
mdg_sign_in_page_init (MdgSignInPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  g_bus_get (G_BUS_TYPE_SESSION, self->cancellable, bus_got_cb, g_object_ref (self));
}

void
mdg_sign_in_page_set_conninfo (MdgSignInPage *self,
                               const char    *conninfo)
{
  g_return_if_fail (MDG_IS_SIGN_IN_PAGE (self));

  if (g_strcmp0 (self->conninfo, conninfo) == 0)
    return;

  g_free (self->conninfo);
  self->conninfo = g_strdup (conninfo);
  /* A session was for the old ward database. */
  if (self->user != NULL)
    mdg_sign_in_page_sign_out (self);
}

const char *
mdg_sign_in_page_get_user (MdgSignInPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_IN_PAGE (self), NULL);

  return self->user;
}

gboolean
mdg_sign_in_page_get_verified (MdgSignInPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_IN_PAGE (self), FALSE);

  return self->user != NULL && self->verified;
}

char *
mdg_sign_in_page_dup_conninfo (MdgSignInPage *self)
{
  g_return_val_if_fail (MDG_IS_SIGN_IN_PAGE (self), NULL);

  if (self->user == NULL || self->conninfo == NULL)
    return NULL;

  return mdg_ward_conninfo_dup_for_user (self->conninfo, self->user, NULL);
}

void
mdg_sign_in_page_sign_out (MdgSignInPage *self)
{
  g_return_if_fail (MDG_IS_SIGN_IN_PAGE (self));

  if (self->user == NULL)
    return;

  /* The name stays in its row: the same clerk back from a locked screen
   * types only the password. */
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), self->user);
  g_clear_pointer (&self->user, g_free);
  self->verified = FALSE;
  set_error (self, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER]);
  gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
}
