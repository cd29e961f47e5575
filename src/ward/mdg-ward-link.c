/* mdg-ward-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-link"

#include "config.h"

#include "mdg-ward.h"
#include "mdg-ward-link.h"

#define CONNECT_TIMEOUT_SECONDS 5
/* Other processes (a kiosk, madoguchi-tool) write to the same store. */
#define POLL_SECONDS 30

struct _MdgWardLink
{
  GObject            parent_instance;

  /* owned */
  MdgStore          *store;
  char              *conninfo;
  MdgWardConnection *connection;
  GCancellable      *cancellable;

  guint64            pushed;
  guint              backoff_min_ms;
  guint              backoff_max_ms;
  guint              backoff_ms;
  guint              reconnect_id;
  guint              poll_id;
  gulong             outbox_handler;
  guint              started : 1;
  guint              online : 1;
  guint              busy : 1;
  guint              want_push : 1;
  guint              want_pull : 1;
  guint              want_full_pull : 1;
};

G_DEFINE_FINAL_TYPE (MdgWardLink, mdg_ward_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  PULLED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static void connect_now (MdgWardLink *self);
static void run_next    (MdgWardLink *self);

static void
set_online (MdgWardLink *self,
            gboolean     online)
{
  if (self->online == !!online)
    return;
  self->online = !!online;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
}

static gboolean
reconnect_cb (gpointer user_data)
{
  MdgWardLink *self = user_data;

  self->reconnect_id = 0;
  connect_now (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (MdgWardLink *self)
{
  guint delay;

  if (!self->started || self->reconnect_id != 0)
    return;

  /* ±20 % so that the workstations of a ward do not come back in step. */
  delay = self->backoff_ms * g_random_double_range (0.8, 1.2);
  self->backoff_ms = MIN (self->backoff_ms * 2, self->backoff_max_ms);
  g_debug ("Reconnecting in %u ms", delay);
  self->reconnect_id = g_timeout_add (delay, reconnect_cb, self);
}

static void
drop_connection (MdgWardLink *self)
{
  if (self->connection != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->connection, self);
      mdg_ward_connection_close (self->connection);
      g_clear_object (&self->connection);
    }
  set_online (self, FALSE);
}

static void
on_failure (MdgWardLink  *self,
            const GError *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_debug ("Link failure: %s", error->message);
  drop_connection (self);
  self->busy = FALSE;
  schedule_reconnect (self);
}

static void
on_connection_closed_cb (MdgWardLink       *self,
                         MdgWardConnection *connection)
{
  drop_connection (self);
  if (!self->busy)
    schedule_reconnect (self);
}

static void
on_notification_cb (MdgWardLink       *self,
                    const char        *channel,
                    const char        *payload,
                    MdgWardConnection *connection)
{
  self->want_pull = TRUE;
  run_next (self);
}

static void
on_outbox_changed_cb (MdgWardLink *self,
                      MdgStore    *store)
{
  self->want_push = TRUE;
  run_next (self);
}

static void
op_done_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(MdgWardLink) self = user_data;
  g_autoptr(GError) error = NULL;
  gpointer tag = g_task_get_source_tag (G_TASK (result));
  gboolean ok;

  if (tag == mdg_ward_push_async)
    {
      gint64 pushed = mdg_ward_push_finish (result, &error);

      ok = pushed >= 0;
      if (ok)
        self->pushed += pushed;
    }
  else if (tag == mdg_ward_pull_async)
    {
      ok = mdg_ward_pull_finish (result, &error);
      if (ok)
        g_signal_emit (self, signals [PULLED], 0);
    }
  else
    ok = mdg_ward_send_voids_finish (result, &error);

  if (!ok)
    {
      on_failure (self, error);
      return;
    }

  self->busy = FALSE;
  run_next (self);
}

/* One operation at a time: voids and the push first, then the pull. */
static void
run_next (MdgWardLink *self)
{
  if (self->busy || self->connection == NULL || !self->online)
    return;

  if (self->want_push)
    {
      self->want_push = FALSE;
      self->busy = TRUE;
      mdg_ward_push_async (self->connection, self->store, self->cancellable, op_done_cb,
                           g_object_ref (self));
    }
  else if (self->want_pull || self->want_full_pull)
    {
      gboolean full = self->want_full_pull;

      self->want_pull = self->want_full_pull = FALSE;
      self->busy = TRUE;
      mdg_ward_pull_async (self->connection, self->store, full, self->cancellable, op_done_cb,
                           g_object_ref (self));
    }
}

static void
listened_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(MdgWardLink) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (MDG_WARD_CONNECTION (object),
                                                              result, &error);

  if (res == NULL)
    {
      on_failure (self, error);
      return;
    }

  g_debug ("Online and listening");
  self->backoff_ms = self->backoff_min_ms;
  set_online (self, TRUE);
  /* What others did while we were away: notifications were lost. */
  self->want_push = self->want_full_pull = TRUE;
  self->busy = TRUE;
  mdg_ward_send_voids_async (self->connection, self->store, self->cancellable, op_done_cb,
                             g_object_ref (self));
}

static void
connected_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MdgWardLink) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgWardConnection) connection = mdg_ward_connection_new_finish (result, &error);

  self->busy = FALSE;
  if (connection == NULL)
    {
      on_failure (self, error);
      return;
    }
  if (!self->started)
    return;

  self->connection = g_steal_pointer (&connection);
  g_signal_connect_object (self->connection, "closed", G_CALLBACK (on_connection_closed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->connection, "notification", G_CALLBACK (on_notification_cb),
                           self, G_CONNECT_SWAPPED);
  self->busy = TRUE;
  mdg_ward_connection_exec_async (self->connection, "LISTEN madoguchi", self->cancellable,
                                  listened_cb, g_object_ref (self));
}

static void
connect_now (MdgWardLink *self)
{
  if (!self->started || self->connection != NULL || self->busy)
    return;

  self->busy = TRUE;
  mdg_ward_connection_new_async (self->conninfo, CONNECT_TIMEOUT_SECONDS, self->cancellable,
                                 connected_cb, g_object_ref (self));
}

static gboolean
poll_cb (gpointer user_data)
{
  MdgWardLink *self = user_data;

  self->want_push = self->want_pull = TRUE;
  run_next (self);
  return G_SOURCE_CONTINUE;
}

static void
mdg_ward_link_dispose (GObject *object)
{
  MdgWardLink *self = (MdgWardLink *)object;

  mdg_ward_link_stop (self);
  if (self->outbox_handler != 0 && self->store != NULL)
    g_clear_signal_handler (&self->outbox_handler, self->store);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mdg_ward_link_parent_class)->dispose (object);
}

static void
mdg_ward_link_finalize (GObject *object)
{
  MdgWardLink *self = (MdgWardLink *)object;

  g_free (self->conninfo);

  G_OBJECT_CLASS (mdg_ward_link_parent_class)->finalize (object);
}

static void
mdg_ward_link_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MdgWardLink *self = MDG_WARD_LINK (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, mdg_ward_link_get_online (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_ward_link_class_init (MdgWardLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_ward_link_dispose;
  object_class->finalize = mdg_ward_link_finalize;
  object_class->get_property = mdg_ward_link_get_property;

  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* After each pull: what other workstations wrote (tickets, case status)
   * is in the store now. */
  signals [PULLED] =
    g_signal_new ("pulled", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mdg_ward_link_init (MdgWardLink *self)
{
  self->backoff_min_ms = self->backoff_ms = 250;
  self->backoff_max_ms = 2000;
}

MdgWardLink *
mdg_ward_link_new (MdgStore   *store,
                   const char *conninfo)
{
  MdgWardLink *self;

  g_return_val_if_fail (MDG_IS_STORE (store), NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  self = g_object_new (MDG_TYPE_WARD_LINK, NULL);
  self->store = g_object_ref (store);
  self->conninfo = g_strdup (conninfo);
  self->outbox_handler = g_signal_connect_swapped (store, "outbox-changed",
                                                   G_CALLBACK (on_outbox_changed_cb), self);
  return self;
}

void
mdg_ward_link_start (MdgWardLink *self)
{
  g_return_if_fail (MDG_IS_WARD_LINK (self));

  if (self->started)
    return;

  self->started = TRUE;
  self->cancellable = g_cancellable_new ();
  self->poll_id = g_timeout_add_seconds (POLL_SECONDS, poll_cb, self);
  connect_now (self);
}

void
mdg_ward_link_stop (MdgWardLink *self)
{
  g_return_if_fail (MDG_IS_WARD_LINK (self));

  self->started = FALSE;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  drop_connection (self);
  self->busy = FALSE;
}

gboolean
mdg_ward_link_get_online (MdgWardLink *self)
{
  g_return_val_if_fail (MDG_IS_WARD_LINK (self), FALSE);

  return self->online;
}

guint64
mdg_ward_link_get_pushed (MdgWardLink *self)
{
  g_return_val_if_fail (MDG_IS_WARD_LINK (self), 0);

  return self->pushed;
}

void
mdg_ward_link_set_backoff (MdgWardLink *self,
                           guint        min_ms,
                           guint        max_ms)
{
  g_return_if_fail (MDG_IS_WARD_LINK (self));
  g_return_if_fail (min_ms > 0 && min_ms <= max_ms);

  self->backoff_min_ms = self->backoff_ms = min_ms;
  self->backoff_max_ms = max_ms;
}

MdgWardConnection *
mdg_ward_link_get_connection (MdgWardLink *self)
{
  g_return_val_if_fail (MDG_IS_WARD_LINK (self), NULL);

  return self->online ? self->connection : NULL;
}
