/* mdg-queue-source.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-queue-source"

#include "config.h"

#include <gio/gio.h>

#include "mdg-app-labels-private.h"
#include "mdg-bands.h"
#include "mdg-queue-source.h"
#include "mdg-ward.h"

#define TICK_SECONDS 60

struct _MdgQueueSource
{
  GObject       parent_instance;

  /* owned */
  MdgStore     *store;
  MdgWardLink  *link;
  GCancellable *cancellable;
  GPtrArray    *tickets;    /* MdgTicket */
  GArray       *queue;      /* MdgQueueTicket, borrowing from tickets */
  GArray       *bands;      /* MdgQueueBandState */
  GArray       *counters;   /* MdgQueueCounter */
  GArray       *known;      /* MdgQueueCounter registered in the ward */
  guint         tick_id;

  gint64        clock_offset;
  gint64        now;
  guint         loading : 1;
  guint         reload : 1;  /* asked again while loading */
  guint         loaded : 1;
};

G_DEFINE_FINAL_TYPE (MdgQueueSource, mdg_queue_source, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ONLINE,
  PROP_LOADED,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void load (MdgQueueSource *self);

/* Recomputes the open counters and the estimates for the current time. */
static void
compute (MdgQueueSource *self)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);
  const MdgQueueTicket *queue = (const MdgQueueTicket *) self->queue->data;

  self->now = g_get_real_time () / G_USEC_PER_SEC + self->clock_offset;

  g_clear_pointer (&self->counters, g_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  self->counters = mdg_queue_open_counters (queue, self->queue->len, self->now);
  mdg_queue_counters_add_known (self->counters, (const MdgQueueCounter *) self->known->data,
                                self->known->len);
  if (bands != NULL)
    self->bands = mdg_queue_estimate (bands, queue, self->queue->len,
                                      (const MdgQueueCounter *) self->counters->data,
                                      self->counters->len, self->now);
  else
    self->bands = g_array_new (FALSE, TRUE, sizeof (MdgQueueBandState));

  g_signal_emit (self, signals [CHANGED], 0);
}

static void
tickets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MdgQueueSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = mdg_store_list_tickets_finish (MDG_STORE (object), result, &error);

  self->loading = FALSE;
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (tickets == NULL)
    /* The last figures stay on screen; the next pull tries again. */
    g_debug ("Today's tickets could not be read (store error %d)", error->code);
  else
    {
      g_clear_pointer (&self->tickets, g_ptr_array_unref);
      self->tickets = g_steal_pointer (&tickets);
      g_array_set_size (self->queue, self->tickets->len);
      for (guint i = 0; i < self->tickets->len; i++)
        mdg_ticket_to_queue (g_ptr_array_index (self->tickets, i),
                             &g_array_index (self->queue, MdgQueueTicket, i));
      if (!self->loaded)
        {
          self->loaded = TRUE;
          g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
        }
      compute (self);
    }

  if (self->reload)
    load (self);
}

static void
counters_listed_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(MdgQueueSource) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) known = mdg_ward_list_counters_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (known == NULL)
    {
      /* the bands called today still tell */
      g_debug ("The counters could not be read: %s", error->message);
      return;
    }

  g_array_unref (self->known);
  self->known = g_steal_pointer (&known);
  compute (self);
}

static void
load (MdgQueueSource *self)
{
  MdgWardConnection *connection;
  /* the ward's day, in Japan whatever the workstation's time zone */
  g_autofree char *today = mdg_day_dup_iso (_mdg_today ());

  if (self->loading)
    {
      self->reload = TRUE;
      return;
    }

  self->loading = TRUE;
  self->reload = FALSE;
  if (self->link != NULL && (connection = mdg_ward_link_get_connection (self->link)))
    mdg_ward_list_counters_async (connection, self->cancellable, counters_listed_cb,
                                  g_object_ref (self));
  mdg_store_list_tickets_async (self->store, today, today, self->cancellable,
                                tickets_listed_cb, g_object_ref (self));
}

static gboolean
tick_cb (gpointer data)
{
  MdgQueueSource *self = data;

  compute (self);
  return G_SOURCE_CONTINUE;
}

static void
on_link_pulled_cb (MdgQueueSource *self,
                   MdgWardLink    *link)
{
  load (self);
}

static void
on_link_online_cb (MdgQueueSource *self,
                   GParamSpec     *pspec,
                   MdgWardLink    *link)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  load (self);
}

static void
mdg_queue_source_dispose (GObject *object)
{
  MdgQueueSource *self = (MdgQueueSource *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_clear_object (&self->link);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (mdg_queue_source_parent_class)->dispose (object);
}

static void
mdg_queue_source_finalize (GObject *object)
{
  MdgQueueSource *self = (MdgQueueSource *)object;

  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->tickets, g_ptr_array_unref);
  g_clear_pointer (&self->bands, g_array_unref);
  g_clear_pointer (&self->counters, g_array_unref);
  g_clear_pointer (&self->known, g_array_unref);

  G_OBJECT_CLASS (mdg_queue_source_parent_class)->finalize (object);
}

static void
mdg_queue_source_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgQueueSource *self = MDG_QUEUE_SOURCE (object);

  switch (prop_id)
    {
    case PROP_ONLINE:
      g_value_set_boolean (value, mdg_queue_source_get_online (self));
      break;

    case PROP_LOADED:
      g_value_set_boolean (value, mdg_queue_source_get_loaded (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_queue_source_class_init (MdgQueueSourceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_queue_source_dispose;
  object_class->finalize = mdg_queue_source_finalize;
  object_class->get_property = mdg_queue_source_get_property;

  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * MdgQueueSource::changed:
   *
   * Emitted whenever the tickets, the counters or the estimates changed
   * (after a read of the store, and once a minute for the clock).
   */
  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mdg_queue_source_init (MdgQueueSource *self)
{
  self->cancellable = g_cancellable_new ();
  self->tickets = g_ptr_array_new ();
  self->queue = g_array_new (FALSE, TRUE, sizeof (MdgQueueTicket));
  self->bands = g_array_new (FALSE, TRUE, sizeof (MdgQueueBandState));
  self->counters = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
  self->known = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
}

static void
follow_link (MdgQueueSource *self,
             MdgWardLink    *link)
{
  if (self->link != NULL)
    g_signal_handlers_disconnect_by_data (self->link, self);
  g_set_object (&self->link, link);
  if (link != NULL)
    {
      g_signal_connect_object (link, "pulled", G_CALLBACK (on_link_pulled_cb),
                               self, G_CONNECT_SWAPPED);
      g_signal_connect_object (link, "notify::online", G_CALLBACK (on_link_online_cb),
                               self, G_CONNECT_SWAPPED);
    }
}

MdgQueueSource *
mdg_queue_source_new (MdgStore    *store,
                      MdgWardLink *link)
{
  MdgQueueSource *self;

  g_return_val_if_fail (MDG_IS_STORE (store), NULL);
  g_return_val_if_fail (link == NULL || MDG_IS_WARD_LINK (link), NULL);

  self = g_object_new (MDG_TYPE_QUEUE_SOURCE, NULL);
  self->store = g_object_ref (store);
  follow_link (self, link);
  self->tick_id = g_timeout_add_seconds (TICK_SECONDS, tick_cb, self);
  compute (self);
  load (self);

  return self;
}

void
mdg_queue_source_set_link (MdgQueueSource *self,
                           MdgWardLink    *link)
{
  g_return_if_fail (MDG_IS_QUEUE_SOURCE (self));
  g_return_if_fail (link == NULL || MDG_IS_WARD_LINK (link));

  if (link == self->link)
    return;

  follow_link (self, link);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
  load (self);
}

MdgStore *
mdg_queue_source_get_store (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->store;
}

MdgWardLink *
mdg_queue_source_get_link (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->link;
}

gboolean
mdg_queue_source_get_online (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), FALSE);

  return self->link != NULL && mdg_ward_link_get_online (self->link);
}

gboolean
mdg_queue_source_get_loaded (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), FALSE);

  return self->loaded;
}

void
mdg_queue_source_refresh (MdgQueueSource *self)
{
  g_return_if_fail (MDG_IS_QUEUE_SOURCE (self));

  load (self);
}

gint64
mdg_queue_source_get_now (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), 0);

  return self->now;
}

void
mdg_queue_source_set_clock_offset (MdgQueueSource *self,
                                   gint64          offset)
{
  g_return_if_fail (MDG_IS_QUEUE_SOURCE (self));

  self->clock_offset = offset;
  compute (self);
}

GPtrArray *
mdg_queue_source_get_tickets (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->tickets;
}

GArray *
mdg_queue_source_get_queue (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->queue;
}

GArray *
mdg_queue_source_get_bands (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->bands;
}

GArray *
mdg_queue_source_get_counters (MdgQueueSource *self)
{
  g_return_val_if_fail (MDG_IS_QUEUE_SOURCE (self), NULL);

  return self->counters;
}
