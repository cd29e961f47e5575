/* mdg-card-reader.c: one USB CCID card reader, CCID over libgusb
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-card-reader"

#include "config.h"

#include <string.h>
#include <libusb.h>

#include "mdg-card-error.h"
#include "mdg-card-reader-private.h"

/* Room for a response APDU of 256 data bytes and SW at any level. */
#define MIN_IN_SIZE            (MDG_CCID_HEADER_SIZE + 256 + 2 + 16)
#define MAX_IN_SIZE            (MDG_CCID_HEADER_SIZE + MDG_T1_MAX_RESPONSE)

enum {
  PROP_0,
  PROP_CARD_PRESENT,
  PROP_REMOVED,
  N_PROPS
};

enum {
  CARD_READ,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (MdgCardReader, mdg_card_reader, G_TYPE_OBJECT)

typedef struct
{
  GTask           *task;
  GTaskThreadFunc  func;
} Job;

typedef struct
{
  MdgCardReader *self;
  GParamSpec    *pspec;
  MdgCardAudit  *audit;
} Emission;

static void
emission_free (Emission *emission)
{
  g_clear_pointer (&emission->audit, mdg_card_audit_unref);
  g_object_unref (emission->self);
  g_free (emission);
}

static gboolean
emit_cb (gpointer data)
{
  Emission *emission = data;

  if (emission->audit != NULL)
    g_signal_emit (emission->self, signals[CARD_READ], 0, emission->audit);
  else
    g_object_notify_by_pspec (G_OBJECT (emission->self), emission->pspec);
  return G_SOURCE_REMOVE;
}

/* Signals and notifications reach their handlers on the reader's main
 * context, whichever thread learnt the news (at once if that is us). */
static void
emit_on_main_context (MdgCardReader *self,
                      GParamSpec    *pspec,
                      MdgCardAudit  *audit)
{
  Emission *emission = g_new0 (Emission, 1);

  emission->self = g_object_ref (self);
  emission->pspec = pspec;
  emission->audit = audit != NULL ? mdg_card_audit_ref (audit) : NULL;
  g_main_context_invoke_full (self->main_context, G_PRIORITY_DEFAULT, emit_cb, emission,
                              (GDestroyNotify) emission_free);
}

void
_mdg_card_reader_emit_audit (MdgCardReader *self,
                             MdgCardAudit  *audit)
{
  emit_on_main_context (self, NULL, audit);
}

static void
pool_worker (gpointer data,
             gpointer user_data)
{
  Job *job = data;

  job->func (job->task,
             g_task_get_source_object (job->task),
             g_task_get_task_data (job->task),
             g_task_get_cancellable (job->task));
  g_object_unref (job->task);
  g_free (job);
}

void
_mdg_card_reader_run_in_worker (MdgCardReader   *self,
                                GTask           *task,
                                GTaskThreadFunc  func)
{
  Job *job = g_new0 (Job, 1);

  job->task = g_object_ref (task);
  job->func = func;
  g_thread_pool_push (self->pool, job, NULL);
}

static libusb_context *
get_libusb_context (void)
{
  static gsize initialized = 0;
  static libusb_context *context = NULL;

  /* gusb keeps its libusb context private, and 0.3.10 has no accessor for
   * an endpoint's transfer type: we read the configuration descriptor
   * through a libusb context of our own */
  if (g_once_init_enter (&initialized))
    {
      if (libusb_init (&context) != LIBUSB_SUCCESS)
        context = NULL;
      g_once_init_leave (&initialized, 1);
    }
  return context;
}

static gboolean
scan_interface (MdgCardReader                          *self,
                const struct libusb_interface_descriptor *alt,
                GError                                **error)
{
  g_autoptr(GError) local_error = NULL;
  guint8 bulk_in = 0, bulk_out = 0, interrupt = 0;
  guint16 interrupt_size = 0;

  if (!mdg_ccid_descriptor_parse (alt->extra, alt->extra_length, &self->descriptor, &local_error))
    {
      /* some readers hang the class descriptor on their last endpoint */
      for (int i = alt->bNumEndpoints - 1; i >= 0 && local_error != NULL; i--)
        {
          if (alt->endpoint[i].extra_length > 0 &&
              mdg_ccid_descriptor_parse (alt->endpoint[i].extra, alt->endpoint[i].extra_length,
                                         &self->descriptor, NULL))
            g_clear_error (&local_error);
        }
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }

  /* by transfer type and direction, in whatever order they are listed */
  for (guint i = 0; i < alt->bNumEndpoints; i++)
    {
      const struct libusb_endpoint_descriptor *ep = &alt->endpoint[i];
      guint8 type = ep->bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;
      gboolean in = (ep->bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN;

      if (type == LIBUSB_TRANSFER_TYPE_BULK && in && bulk_in == 0)
        bulk_in = ep->bEndpointAddress;
      else if (type == LIBUSB_TRANSFER_TYPE_BULK && !in && bulk_out == 0)
        bulk_out = ep->bEndpointAddress;
      else if (type == LIBUSB_TRANSFER_TYPE_INTERRUPT && in && interrupt == 0)
        {
          interrupt = ep->bEndpointAddress;
          interrupt_size = ep->wMaxPacketSize;
        }
    }
  if (bulk_in == 0 || bulk_out == 0)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED,
                           "the CCID interface lacks a bulk endpoint");
      return FALSE;
    }
  if (self->descriptor.level == MDG_CARD_LEVEL_CHARACTER)
    g_debug ("%s is a character-level reader, which is not supported", self->id);

  self->interface_number = alt->bInterfaceNumber;
  self->ep_bulk_in = bulk_in;
  self->ep_bulk_out = bulk_out;
  self->ep_interrupt = interrupt;
  self->interrupt_size = interrupt_size;
  return TRUE;
}

static gboolean
find_ccid_interface (MdgCardReader  *self,
                     GError        **error)
{
  libusb_context *context = get_libusb_context ();
  libusb_device **list = NULL;
  ssize_t n;
  gboolean found = FALSE;
  gboolean ok = FALSE;

  if (context == NULL || (n = libusb_get_device_list (context, &list)) < 0)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                           "libusb cannot list the USB devices");
      return FALSE;
    }

  for (ssize_t i = 0; i < n && !found; i++)
    {
      struct libusb_config_descriptor *config = NULL;

      if (libusb_get_bus_number (list[i]) != g_usb_device_get_bus (self->device) ||
          libusb_get_device_address (list[i]) != g_usb_device_get_address (self->device))
        continue;
      found = TRUE;

      if (libusb_get_active_config_descriptor (list[i], &config) != LIBUSB_SUCCESS &&
          libusb_get_config_descriptor (list[i], 0, &config) != LIBUSB_SUCCESS)
        break;

      for (guint j = 0; j < config->bNumInterfaces && !ok; j++)
        {
          const struct libusb_interface *interface = &config->interface[j];

          for (int k = 0; k < interface->num_altsetting && !ok; k++)
            {
              const struct libusb_interface_descriptor *alt = &interface->altsetting[k];

              if (alt->bInterfaceClass != MDG_CCID_INTERFACE_CLASS ||
                  alt->bInterfaceSubClass != 0 || alt->bInterfaceProtocol != 0)
                continue;
              ok = scan_interface (self, alt, error);
              if (!ok)
                break;
            }
          if (!ok && error != NULL && *error != NULL)
            break;
        }
      libusb_free_config_descriptor (config);
    }
  libusb_free_device_list (list, 1);

  if (!ok && (error == NULL || *error == NULL))
    g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED,
                         found ? "no CCID interface" : "the device is gone");
  return ok;
}

static void
mdg_card_reader_finalize (GObject *object)
{
  MdgCardReader *self = (MdgCardReader *)object;

  mdg_card_reader_close (self);
  /* not waiting: the last reference may go on the worker thread itself */
  g_thread_pool_free (self->pool, FALSE, FALSE);
  g_clear_object (&self->device);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  g_clear_pointer (&self->io_context, g_main_context_unref);
  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->out_buffer, g_free);
  g_clear_pointer (&self->in_buffer, g_free);
  g_rec_mutex_clear (&self->io_lock);

  G_OBJECT_CLASS (mdg_card_reader_parent_class)->finalize (object);
}

static void
mdg_card_reader_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  MdgCardReader *self = MDG_CARD_READER (object);

  switch (prop_id)
    {
    case PROP_CARD_PRESENT:
      g_value_set_boolean (value, mdg_card_reader_get_card_present (self));
      break;
    case PROP_REMOVED:
      g_value_set_boolean (value, mdg_card_reader_get_removed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_card_reader_class_init (MdgCardReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mdg_card_reader_finalize;
  object_class->get_property = mdg_card_reader_get_property;

  properties [PROP_CARD_PRESENT] =
    g_param_spec_boolean ("card-present", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties [PROP_REMOVED] =
    g_param_spec_boolean ("removed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* Fires on the reader's main context after every card read, successful
   * or not, with the audit record (mdg-card-audit.h). */
  signals [CARD_READ] =
    g_signal_new ("card-read",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, MDG_TYPE_CARD_AUDIT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
mdg_card_reader_init (MdgCardReader *self)
{
  g_rec_mutex_init (&self->io_lock);
  self->timeout_ms = MDG_CARD_READER_DEFAULT_TIMEOUT_MS;
  self->main_context = g_main_context_ref_thread_default ();
  self->io_context = g_main_context_new ();
  self->pool = g_thread_pool_new (pool_worker, NULL, 1, FALSE, NULL);
}

MdgCardReader *
mdg_card_reader_new (GUsbDevice  *device,
                     GError     **error)
{
  g_autoptr(MdgCardReader) self = NULL;

  g_return_val_if_fail (G_USB_IS_DEVICE (device), NULL);

  self = g_object_new (MDG_TYPE_CARD_READER, NULL);
  self->device = g_object_ref (device);
  self->id = g_strdup_printf ("%04x:%04x@%u.%u",
                              g_usb_device_get_vid (device), g_usb_device_get_pid (device),
                              g_usb_device_get_bus (device), g_usb_device_get_address (device));
  self->name = g_strdup_printf ("USB CCID reader %04x:%04x (bus %u, device %u)",
                                g_usb_device_get_vid (device), g_usb_device_get_pid (device),
                                g_usb_device_get_bus (device), g_usb_device_get_address (device));

  if (!find_ccid_interface (self, error))
    return NULL;

  self->out_size = MAX (self->descriptor.max_message_length, MDG_CCID_HEADER_SIZE + 5 + 255 + 1);
  self->out_size = MIN (self->out_size, MAX_IN_SIZE);
  self->in_size = CLAMP (self->descriptor.max_message_length, MIN_IN_SIZE, MAX_IN_SIZE);
  self->out_buffer = g_malloc0 (self->out_size);
  self->in_buffer = g_malloc0 (self->in_size);
  g_debug ("%s: CCID level %s, max message %u, interrupt endpoint %s",
           self->id, mdg_card_level_to_string (self->descriptor.level),
           self->descriptor.max_message_length, self->ep_interrupt ? "yes" : "no");

  return g_steal_pointer (&self);
}

GPtrArray *
mdg_card_reader_list (GUsbContext *context)
{
  g_autoptr(GPtrArray) devices = NULL;
  GPtrArray *readers = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (G_USB_IS_CONTEXT (context), readers);

  devices = g_usb_context_get_devices (context);
  for (guint i = 0; i < devices->len; i++)
    {
      g_autoptr(GError) error = NULL;
      MdgCardReader *reader = mdg_card_reader_new (g_ptr_array_index (devices, i), &error);

      if (reader != NULL)
        g_ptr_array_add (readers, reader);
    }
  return readers;
}

GUsbDevice *
mdg_card_reader_get_device (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), NULL);

  return self->device;
}

const char *
mdg_card_reader_get_name (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), NULL);

  return self->name;
}

const char *
mdg_card_reader_get_id (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), NULL);

  return self->id;
}

MdgCardLevel
mdg_card_reader_get_level (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), MDG_CARD_LEVEL_CHARACTER);

  return self->descriptor.level;
}

const char *
mdg_card_level_to_string (MdgCardLevel level)
{
  switch (level)
    {
    case MDG_CARD_LEVEL_TPDU:
      return "tpdu";
    case MDG_CARD_LEVEL_SHORT_APDU:
    case MDG_CARD_LEVEL_EXTENDED_APDU:
      return "apdu";
    case MDG_CARD_LEVEL_CHARACTER:
    default:
      return "character";
    }
}

gboolean
mdg_card_reader_has_interrupt (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  return self->ep_interrupt != 0;
}

guint8
_mdg_card_reader_get_interrupt_endpoint (MdgCardReader *self)
{
  return self->ep_interrupt;
}

gboolean
mdg_card_reader_get_opened (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  return g_atomic_int_get (&self->claimed) != 0;
}

gboolean
mdg_card_reader_get_card_present (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  return g_atomic_int_get (&self->card_present) != 0;
}

void
mdg_card_reader_set_card_present (MdgCardReader *self,
                                  gboolean       present)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));

  present = !!present;
  if (g_atomic_int_exchange (&self->card_present, present) != present)
    emit_on_main_context (self, properties[PROP_CARD_PRESENT], NULL);
}

gboolean
mdg_card_reader_get_removed (MdgCardReader *self)
{
  g_return_val_if_fail (MDG_IS_CARD_READER (self), TRUE);

  return g_atomic_int_get (&self->removed) != 0;
}

void
mdg_card_reader_set_removed (MdgCardReader *self)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));

  if (g_atomic_int_exchange (&self->removed, TRUE) == FALSE)
    {
      g_debug ("%s: removed", self->id);
      emit_on_main_context (self, properties[PROP_REMOVED], NULL);
    }
}

void
mdg_card_reader_set_timeout (MdgCardReader *self,
                             guint          timeout_ms)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));
  g_return_if_fail (timeout_ms > 0);

  g_rec_mutex_lock (&self->io_lock);
  self->timeout_ms = timeout_ms;
  g_rec_mutex_unlock (&self->io_lock);
}

void
mdg_card_reader_get_stats (MdgCardReader      *self,
                           MdgCardReaderStats *stats)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));
  g_return_if_fail (stats != NULL);

  g_rec_mutex_lock (&self->io_lock);
  *stats = self->stats;
  g_rec_mutex_unlock (&self->io_lock);
}
