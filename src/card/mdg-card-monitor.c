/* mdg-card-monitor.c: the card readers as they come and go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-card-monitor"

#include "config.h"

#include "mdg-card-error.h"
#include "mdg-card-monitor.h"
#include "mdg-card-reader-private.h"

/* Room for a NotifySlotChange of any slot count, or a HardwareError. */
#define INTERRUPT_BUFFER 64

typedef struct _Watch Watch;

/* One interrupt-IN transfer; it outlives its watch if cancelled. */
typedef struct
{
  Watch          *watch;          /* NULL once the watch is gone */
  guint8          buffer[INTERRUPT_BUFFER];
} Transfer;

struct _Watch
{
  MdgCardMonitor *monitor;        /* borrowed: the monitor owns the watch */
  MdgCardReader  *reader;
  GCancellable   *cancellable;
  Transfer       *transfer;       /* the one in flight */
  guint           poll_id;
  gboolean        probing;
  gboolean        interrupt_running;
  gboolean        use_interrupt;
  gulong          card_read_id;
};

struct _MdgCardMonitor
{
  GObject       parent_instance;

  /* owned */
  GUsbContext  *context;
  GPtrArray    *watches;          /* Watch*, in list order */

  guint         poll_interval;
  gulong        added_id;
  gulong        removed_id;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

enum {
  CARD_READ,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (MdgCardMonitor, mdg_card_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void start_watching (Watch *watch);

static void
watch_free (Watch *watch)
{
  g_cancellable_cancel (watch->cancellable);
  if (watch->transfer != NULL)
    watch->transfer->watch = NULL;
  g_clear_handle_id (&watch->poll_id, g_source_remove);
  g_clear_signal_handler (&watch->card_read_id, watch->reader);
  g_clear_object (&watch->cancellable);
  g_clear_object (&watch->reader);
  g_free (watch);
}

static void
on_reader_card_read_cb (MdgCardReader *reader,
                        MdgCardAudit  *audit,
                        Watch         *watch)
{
  g_signal_emit (watch->monitor, signals[CARD_READ], 0, reader, audit);
}

static void
interrupt_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree Transfer *transfer = user_data;
  Watch *watch = transfer->watch;
  gboolean present, changed;
  gssize n;

  n = g_usb_device_interrupt_transfer_finish (G_USB_DEVICE (object), result, &error);
  if (watch == NULL)
    return;    /* the reader was removed or the monitor went away */

  watch->transfer = NULL;
  watch->interrupt_running = FALSE;
  if (n < 0)
    {
      if (g_error_matches (error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_NO_DEVICE))
        {
          mdg_card_reader_set_removed (watch->reader);
          return;
        }
      if (g_error_matches (error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_CANCELLED))
        return;
      /* fall back to asking for the slot status */
      watch->use_interrupt = FALSE;
      g_debug ("%s: interrupt endpoint failed (%s); polling instead",
               mdg_card_reader_get_id (watch->reader), error->message);
      start_watching (watch);
      return;
    }

  if (mdg_ccid_notify_parse (transfer->buffer, n, 0, &present, &changed, &error))
    {
      /* out and in again between two messages: still a new card */
      if (changed && present && mdg_card_reader_get_card_present (watch->reader))
        mdg_card_reader_set_card_present (watch->reader, FALSE);
      mdg_card_reader_set_card_present (watch->reader, present);
    }
  else
    g_debug ("%s: %s", mdg_card_reader_get_id (watch->reader), error->message);

  start_watching (watch);
}

static gboolean poll_cb (gpointer data);

static void
probe_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  Watch *watch = user_data;
  gboolean present;

  if (!mdg_card_reader_probe_finish (MDG_CARD_READER (object), result, &present, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      g_debug ("%s: %s", mdg_card_reader_get_id (watch->reader), error->message);
    }
  watch->probing = FALSE;
  if (mdg_card_reader_get_removed (watch->reader))
    return;
  start_watching (watch);
}

static gboolean
poll_cb (gpointer data)
{
  Watch *watch = data;

  watch->poll_id = 0;
  watch->probing = TRUE;
  mdg_card_reader_probe_async (watch->reader, watch->cancellable, probe_cb, watch);
  return G_SOURCE_REMOVE;
}

/* After the first probe: the interrupt endpoint if there is one (and the
 * reader is open), else a probe every poll interval. */
static void
start_watching (Watch *watch)
{
  MdgCardMonitor *self = watch->monitor;

  if (watch->probing || watch->interrupt_running || watch->poll_id != 0 ||
      mdg_card_reader_get_removed (watch->reader))
    return;

  if (watch->use_interrupt && mdg_card_reader_get_opened (watch->reader))
    {
      watch->interrupt_running = TRUE;
      watch->transfer = g_new0 (Transfer, 1);
      watch->transfer->watch = watch;
      g_usb_device_interrupt_transfer_async (mdg_card_reader_get_device (watch->reader),
                                             _mdg_card_reader_get_interrupt_endpoint (watch->reader),
                                             watch->transfer->buffer,
                                             sizeof watch->transfer->buffer,
                                             0, watch->cancellable, interrupt_cb,
                                             watch->transfer);
      return;
    }
  watch->poll_id = g_timeout_add (self->poll_interval, poll_cb, watch);
}

static guint
find_watch (MdgCardMonitor *self,
            GUsbDevice     *device)
{
  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (mdg_card_reader_get_device (watch->reader) == device)
        return i;
    }
  return G_MAXUINT;
}

static void
add_device (MdgCardMonitor *self,
            GUsbDevice     *device)
{
  g_autoptr(GError) error = NULL;
  MdgCardReader *reader;
  Watch *watch;

  if (find_watch (self, device) != G_MAXUINT)
    return;
  if (!(reader = mdg_card_reader_new (device, &error)))
    return;

  watch = g_new0 (Watch, 1);
  watch->monitor = self;
  watch->reader = reader;
  watch->cancellable = g_cancellable_new ();
  watch->use_interrupt = mdg_card_reader_has_interrupt (reader);
  watch->card_read_id = g_signal_connect (reader, "card-read",
                                          G_CALLBACK (on_reader_card_read_cb), watch);
  g_ptr_array_add (self->watches, watch);
  g_debug ("reader %s added", mdg_card_reader_get_id (reader));

  g_list_model_items_changed (G_LIST_MODEL (self), self->watches->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);

  /* open it and learn whether a card is in, then watch */
  poll_cb (watch);
}

static void
on_device_added_cb (MdgCardMonitor *self,
                    GUsbDevice     *device)
{
  add_device (self, device);
}

static void
on_device_removed_cb (MdgCardMonitor *self,
                      GUsbDevice     *device)
{
  guint index = find_watch (self, device);
  Watch *watch;

  if (index == G_MAXUINT)
    return;
  watch = g_ptr_array_steal_index (self->watches, index);
  g_cancellable_cancel (watch->cancellable);
  mdg_card_reader_set_removed (watch->reader);
  mdg_card_reader_set_card_present (watch->reader, FALSE);
  g_debug ("reader %s removed", mdg_card_reader_get_id (watch->reader));
  watch_free (watch);

  g_list_model_items_changed (G_LIST_MODEL (self), index, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static GType
list_model_get_item_type (GListModel *model)
{
  return MDG_TYPE_CARD_READER;
}

static guint
list_model_get_n_items (GListModel *model)
{
  return MDG_CARD_MONITOR (model)->watches->len;
}

static gpointer
list_model_get_item (GListModel *model,
                     guint       position)
{
  MdgCardMonitor *self = MDG_CARD_MONITOR (model);
  Watch *watch;

  if (position >= self->watches->len)
    return NULL;
  watch = g_ptr_array_index (self->watches, position);
  return g_object_ref (watch->reader);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_model_get_item_type;
  iface->get_n_items = list_model_get_n_items;
  iface->get_item = list_model_get_item;
}

static void
mdg_card_monitor_dispose (GObject *object)
{
  MdgCardMonitor *self = (MdgCardMonitor *)object;

  if (self->context != NULL)
    {
      g_clear_signal_handler (&self->added_id, self->context);
      g_clear_signal_handler (&self->removed_id, self->context);
    }
  if (self->watches != NULL)
    g_ptr_array_set_size (self->watches, 0);
  g_clear_object (&self->context);

  G_OBJECT_CLASS (mdg_card_monitor_parent_class)->dispose (object);
}

static void
mdg_card_monitor_finalize (GObject *object)
{
  MdgCardMonitor *self = (MdgCardMonitor *)object;

  g_clear_pointer (&self->watches, g_ptr_array_unref);

  G_OBJECT_CLASS (mdg_card_monitor_parent_class)->finalize (object);
}

static void
mdg_card_monitor_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  MdgCardMonitor *self = MDG_CARD_MONITOR (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->watches->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_card_monitor_class_init (MdgCardMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_card_monitor_dispose;
  object_class->finalize = mdg_card_monitor_finalize;
  object_class->get_property = mdg_card_monitor_get_property;

  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Fires after every card read on any of the readers, with the audit
   * record (mdg-card-audit.h): the store connects here. */
  signals [CARD_READ] =
    g_signal_new ("card-read",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, MDG_TYPE_CARD_READER,
                  MDG_TYPE_CARD_AUDIT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mdg_card_monitor_init (MdgCardMonitor *self)
{
  self->watches = g_ptr_array_new_with_free_func ((GDestroyNotify) watch_free);
  self->poll_interval = MDG_CARD_MONITOR_DEFAULT_POLL_MS;
}

MdgCardMonitor *
mdg_card_monitor_new_for_context (GUsbContext *context)
{
  g_autoptr(GPtrArray) devices = NULL;
  MdgCardMonitor *self;

  g_return_val_if_fail (G_USB_IS_CONTEXT (context), NULL);

  self = g_object_new (MDG_TYPE_CARD_MONITOR, NULL);
  self->context = g_object_ref (context);
  self->added_id = g_signal_connect_swapped (context, "device-added",
                                             G_CALLBACK (on_device_added_cb), self);
  self->removed_id = g_signal_connect_swapped (context, "device-removed",
                                               G_CALLBACK (on_device_removed_cb), self);

  g_usb_context_enumerate (context);
  devices = g_usb_context_get_devices (context);
  for (guint i = 0; i < devices->len; i++)
    add_device (self, g_ptr_array_index (devices, i));
  return self;
}

MdgCardMonitor *
mdg_card_monitor_new (GError **error)
{
  g_autoptr(GUsbContext) context = g_usb_context_new (error);

  if (context == NULL)
    {
      g_prefix_error (error, "USB: ");
      return NULL;
    }
  return mdg_card_monitor_new_for_context (context);
}

GUsbContext *
mdg_card_monitor_get_context (MdgCardMonitor *self)
{
  g_return_val_if_fail (MDG_IS_CARD_MONITOR (self), NULL);

  return self->context;
}

MdgCardReader *
mdg_card_monitor_get_card_reader (MdgCardMonitor *self)
{
  g_return_val_if_fail (MDG_IS_CARD_MONITOR (self), NULL);

  for (guint i = 0; i < self->watches->len; i++)
    {
      Watch *watch = g_ptr_array_index (self->watches, i);

      if (mdg_card_reader_get_card_present (watch->reader))
        return watch->reader;
    }
  return NULL;
}

void
mdg_card_monitor_set_poll_interval (MdgCardMonitor *self,
                                    guint           interval_ms)
{
  g_return_if_fail (MDG_IS_CARD_MONITOR (self));
  g_return_if_fail (interval_ms > 0);

  self->poll_interval = interval_ms;
}
