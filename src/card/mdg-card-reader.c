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

/* Late replies of abandoned commands that may be skipped in one wait, the
 * time extensions one command may get, and how long they may go on. */
#define MAX_STALE_REPLIES      4
#define MAX_TIME_EXTENSIONS    1000
#define MAX_EXTENDED_WAIT_US   (120 * G_USEC_PER_SEC)
/* Room for a response APDU of 256 data bytes and SW at any level. */
#define MIN_IN_SIZE            (MDG_CCID_HEADER_SIZE + 256 + 2 + 16)
#define MAX_IN_SIZE            (MDG_CCID_HEADER_SIZE + MDG_T1_MAX_RESPONSE)

/* libusb 1.0.26's LIBUSB_ERROR_BUSY; gusb 0.3.10 reports it as "no device"
 * but keeps the number in its message. */
#define LIBUSB_BUSY_TAG "[-6]"

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

/* gusb's errors into ours; takes @usb_error */
static gboolean
usb_error (MdgCardReader  *self,
           GError         *usb_error,
           GError        **error)
{
  if (g_error_matches (usb_error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_NO_DEVICE))
    {
      mdg_card_reader_set_removed (self);
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED,
                           "the card reader was removed");
    }
  else if (g_error_matches (usb_error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_TIMED_OUT))
    g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_TIMEOUT,
                 "the card reader did not answer within %u ms", self->timeout_ms);
  else if (g_error_matches (usb_error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_CANCELLED))
    g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");
  else
    g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                 "USB transfer failed: %s", usb_error->message);
  g_error_free (usb_error);
  return FALSE;
}

static void
transfer_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* A bulk transfer that waits in our own context, not in gusb's (the
 * application's main context, which must never wait for a card). */
static gboolean
bulk_transfer (MdgCardReader  *self,
               guint8          endpoint,
               guint8         *data,
               gsize           length,
               gsize          *actual,
               GCancellable   *cancellable,
               GError        **error)
{
  GAsyncResult *result = NULL;
  GError *local_error = NULL;
  gssize n;

  g_main_context_push_thread_default (self->io_context);
  g_usb_device_bulk_transfer_async (self->device, endpoint, data, length, self->timeout_ms,
                                    cancellable, transfer_cb, &result);
  while (result == NULL)
    g_main_context_iteration (self->io_context, TRUE);
  g_main_context_pop_thread_default (self->io_context);

  n = g_usb_device_bulk_transfer_finish (self->device, result, &local_error);
  g_object_unref (result);
  if (n < 0)
    return usb_error (self, local_error, error);

  *actual = n;
  return TRUE;
}

static void
abandon (MdgCardReader *self,
         guint8         seq)
{
  /* a reply to it may still come: skip it then */
  memmove (self->abandoned + 1, self->abandoned,
           sizeof self->abandoned - sizeof self->abandoned[0]);
  self->abandoned[0] = seq;
  self->n_abandoned = MIN (self->n_abandoned + 1, G_N_ELEMENTS (self->abandoned));
}

static gboolean
forget_abandoned (MdgCardReader *self,
                  guint8         seq)
{
  for (guint i = 0; i < self->n_abandoned; i++)
    {
      if (self->abandoned[i] == seq)
        {
          memmove (self->abandoned + i, self->abandoned + i + 1,
                   (self->n_abandoned - i - 1) * sizeof self->abandoned[0]);
          self->n_abandoned--;
          return TRUE;
        }
    }
  return FALSE;
}

/* One PC_to_RDR message and its RDR_to_PC reply (bSeq and slot checked,
 * time extensions waited out). A reply with a failed command status is
 * returned too: the caller says what the failure means. */
static gboolean
command (MdgCardReader       *self,
         MdgCcidMessageType   type,
         guint8               param0,
         guint16              param12,
         const guint8        *payload,
         gsize                length,
         MdgCcidMessageType   reply_type,
         MdgCcidResponse     *reply,
         GCancellable        *cancellable,
         GError             **error)
{
  gint64 deadline;
  guint n_stale = 0;
  guint n_extensions = 0;
  gsize actual = 0;
  gsize size;
  gboolean ok;
  guint8 seq;

  if (mdg_card_reader_get_removed (self))
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED,
                           "the card reader was removed");
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  if (length > self->out_size - MDG_CCID_HEADER_SIZE)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED,
                   "a message of %" G_GSIZE_FORMAT " bytes is more than the reader takes",
                   MDG_CCID_HEADER_SIZE + length);
      return FALSE;
    }

  seq = self->seq++;
  size = mdg_ccid_command_build (self->out_buffer, type, 0, seq, param0, param12, payload, length);
  ok = bulk_transfer (self, self->ep_bulk_out, self->out_buffer, size, &actual, cancellable, error);
  /* a VERIFY carries the PIN */
  explicit_bzero (self->out_buffer, size);
  if (!ok)
    {
      abandon (self, seq);
      return FALSE;
    }
  if (actual != size)
    {
      abandon (self, seq);
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                   "the reader took %" G_GSIZE_FORMAT " of %" G_GSIZE_FORMAT " bytes", actual, size);
      return FALSE;
    }
  self->stats.n_messages++;

  deadline = g_get_monotonic_time () + MAX_EXTENDED_WAIT_US;
  for (;;)
    {
      if (!bulk_transfer (self, self->ep_bulk_in, self->in_buffer, self->in_size, &actual,
                          cancellable, error) ||
          !mdg_ccid_response_parse (self->in_buffer, actual, reply, error))
        {
          abandon (self, seq);
          return FALSE;
        }

      if (reply->seq != seq)
        {
          if (forget_abandoned (self, reply->seq) && ++n_stale <= MAX_STALE_REPLIES)
            {
              g_debug ("%s: skipping a late reply (bSeq %u)", self->id, reply->seq);
              continue;
            }
          abandon (self, seq);
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                       "the reader answered out of sequence (bSeq %u, %u expected)",
                       reply->seq, seq);
          return FALSE;
        }
      if (reply->slot != 0)
        {
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                       "the reader answered for slot %u", reply->slot);
          return FALSE;
        }

      if (MDG_CCID_COMMAND_STATUS (reply->status) == MDG_CCID_COMMAND_TIME_EXTENSION)
        {
          /* same bSeq, read again with a fresh timeout */
          self->stats.n_time_extensions++;
          if (++n_extensions > MAX_TIME_EXTENSIONS || g_get_monotonic_time () > deadline)
            {
              abandon (self, seq);
              g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_TIMEOUT,
                                   "the card kept asking for more time");
              return FALSE;
            }
          continue;
        }

      if (MDG_CCID_COMMAND_STATUS (reply->status) == MDG_CCID_COMMAND_OK &&
          reply->type != reply_type)
        {
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                       "the reader answered command 0x%02X with message 0x%02X",
                       type, reply->type);
          return FALSE;
        }
      return TRUE;
    }
}

static gboolean
command_failed (MdgCardReader         *self,
                const MdgCcidResponse *reply,
                GError               **error)
{
  if (MDG_CCID_ICC_STATUS (reply->status) == MDG_CCID_ICC_ABSENT)
    {
      mdg_card_reader_set_card_present (self, FALSE);
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD,
                           "no card in the reader");
    }
  else if (reply->error == MDG_CCID_ERROR_ICC_MUTE)
    g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD,
                         "the card did not answer (taken out?)");
  else
    g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                 "the reader reports error 0x%02X", reply->error);
  return FALSE;
}

static gboolean
ensure_open (MdgCardReader  *self,
             GError        **error)
{
  return self->opened || mdg_card_reader_open (self, error);
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

gboolean
mdg_card_reader_open (MdgCardReader  *self,
                      GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  gboolean ok = FALSE;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  g_rec_mutex_lock (&self->io_lock);
  if (self->opened)
    {
      ok = TRUE;
      goto out;
    }
  if (mdg_card_reader_get_removed (self))
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED,
                           "the card reader was removed");
      goto out;
    }
  if (self->descriptor.level == MDG_CARD_LEVEL_CHARACTER)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED,
                           "character-level CCID readers are not supported");
      goto out;
    }

  if (!g_usb_device_open (self->device, &local_error) &&
      !g_error_matches (local_error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_ALREADY_OPEN))
    {
      if (g_error_matches (local_error, G_USB_DEVICE_ERROR, G_USB_DEVICE_ERROR_PERMISSION_DENIED))
        g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                             "no permission to use the card reader");
      else
        usb_error (self, g_steal_pointer (&local_error), error);
      goto out;
    }
  g_clear_error (&local_error);

  if (!g_usb_device_claim_interface (self->device, self->interface_number,
                                     G_USB_DEVICE_CLAIM_INTERFACE_BIND_KERNEL_DRIVER,
                                     &local_error))
    {
      g_usb_device_close (self->device, NULL);
      if (strstr (local_error->message, LIBUSB_BUSY_TAG) != NULL)
        g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_BUSY,
                             "another program (pcscd?) is using the card reader");
      else
        usb_error (self, g_steal_pointer (&local_error), error);
      goto out;
    }

  self->opened = TRUE;
  g_atomic_int_set (&self->claimed, TRUE);
  self->powered = FALSE;
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}

void
mdg_card_reader_close (MdgCardReader *self)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));

  g_rec_mutex_lock (&self->io_lock);
  if (self->opened)
    {
      if (self->powered && !mdg_card_reader_get_removed (self))
        mdg_card_reader_power_off (self, NULL, NULL);
      g_usb_device_release_interface (self->device, self->interface_number,
                                      G_USB_DEVICE_CLAIM_INTERFACE_BIND_KERNEL_DRIVER, NULL);
      g_usb_device_close (self->device, NULL);
      self->opened = FALSE;
      g_atomic_int_set (&self->claimed, FALSE);
      self->powered = FALSE;
    }
  g_rec_mutex_unlock (&self->io_lock);
}

gboolean
mdg_card_reader_get_slot_status (MdgCardReader  *self,
                                 gboolean       *present,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  MdgCcidResponse reply;
  gboolean ok = FALSE;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (present != NULL, FALSE);

  g_rec_mutex_lock (&self->io_lock);
  if (!ensure_open (self, error) ||
      !command (self, MDG_CCID_PC_TO_RDR_GET_SLOT_STATUS, 0, 0, NULL, 0,
                MDG_CCID_RDR_TO_PC_SLOT_STATUS, &reply, cancellable, error))
    goto out;

  /* "no card" usually comes as a failed command with ICC mute */
  if (MDG_CCID_COMMAND_STATUS (reply.status) == MDG_CCID_COMMAND_FAILED &&
      MDG_CCID_ICC_STATUS (reply.status) != MDG_CCID_ICC_ABSENT &&
      reply.error != MDG_CCID_ERROR_ICC_MUTE)
    {
      command_failed (self, &reply, error);
      goto out;
    }
  *present = MDG_CCID_ICC_STATUS (reply.status) != MDG_CCID_ICC_ABSENT;
  if (MDG_CCID_ICC_STATUS (reply.status) != MDG_CCID_ICC_ACTIVE)
    self->powered = FALSE;
  mdg_card_reader_set_card_present (self, *present);
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}

/* For TPDU readers that do not configure themselves from the ATR. */
static void
set_t1_parameters (MdgCardReader *self,
                   const MdgAtr  *atr,
                   GCancellable  *cancellable)
{
  g_autoptr(GError) error = NULL;
  MdgCcidResponse reply;
  const guint8 parameters[7] = {
    atr->fi_di,
    0x10 | (atr->inverse ? 0x02 : 0x00),      /* bmTCCKST1: LRC, convention */
    atr->guard_time,
    (guint8) (atr->bwi << 4 | atr->cwi),
    0x00,                                     /* bClockStop */
    atr->ifsc,
    0x00,                                     /* bNadValue */
  };

  if (!command (self, MDG_CCID_PC_TO_RDR_SET_PARAMETERS, 1 /* T=1 */, 0,
                parameters, sizeof parameters, MDG_CCID_RDR_TO_PC_PARAMETERS,
                &reply, cancellable, &error))
    g_debug ("%s: SetParameters failed: %s", self->id, error->message);
  else if (MDG_CCID_COMMAND_STATUS (reply.status) != MDG_CCID_COMMAND_OK)
    g_debug ("%s: SetParameters refused (error 0x%02X)", self->id, reply.error);
}

gboolean
mdg_card_reader_power_on (MdgCardReader  *self,
                          GCancellable   *cancellable,
                          GError        **error)
{
  g_autoptr(GError) atr_error = NULL;
  MdgCcidResponse reply;
  MdgAtr atr;
  gboolean ok = FALSE;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  g_rec_mutex_lock (&self->io_lock);
  self->powered = FALSE;
  if (!ensure_open (self, error) ||
      !command (self, MDG_CCID_PC_TO_RDR_ICC_POWER_ON, 0 /* automatic voltage */, 0, NULL, 0,
                MDG_CCID_RDR_TO_PC_DATA_BLOCK, &reply, cancellable, error))
    goto out;
  if (MDG_CCID_COMMAND_STATUS (reply.status) != MDG_CCID_COMMAND_OK)
    {
      command_failed (self, &reply, error);
      goto out;
    }
  mdg_card_reader_set_card_present (self, TRUE);

  if (!mdg_atr_parse (reply.data, reply.length, &atr, &atr_error))
    {
      /* an APDU-level reader runs the protocol itself; we only need the ATR at TPDU level */
      if (self->descriptor.level == MDG_CARD_LEVEL_TPDU)
        {
          g_propagate_error (error, g_steal_pointer (&atr_error));
          goto out;
        }
      g_debug ("%s: %s", self->id, atr_error->message);
    }
  else if (self->descriptor.level == MDG_CARD_LEVEL_TPDU)
    {
      if (!mdg_t1_init (&self->t1, &atr, error))
        goto out;
      if ((self->descriptor.features & MDG_CCID_FEATURE_AUTO_PARAMETERS) == 0)
        set_t1_parameters (self, &atr, cancellable);
    }

  self->powered = TRUE;
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}

gboolean
mdg_card_reader_power_off (MdgCardReader  *self,
                           GCancellable   *cancellable,
                           GError        **error)
{
  MdgCcidResponse reply;
  gboolean ok = FALSE;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);

  g_rec_mutex_lock (&self->io_lock);
  self->powered = FALSE;
  if (!ensure_open (self, error) ||
      !command (self, MDG_CCID_PC_TO_RDR_ICC_POWER_OFF, 0, 0, NULL, 0,
                MDG_CCID_RDR_TO_PC_SLOT_STATUS, &reply, cancellable, error))
    goto out;
  if (MDG_CCID_COMMAND_STATUS (reply.status) != MDG_CCID_COMMAND_OK &&
      MDG_CCID_ICC_STATUS (reply.status) != MDG_CCID_ICC_ABSENT)
    {
      command_failed (self, &reply, error);
      goto out;
    }
  ok = TRUE;

out:
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}

/* One XfrBlock; the reply's data is appended to @out. */
static gboolean
xfr_block (MdgCardReader  *self,
           const guint8   *payload,
           gsize           length,
           guint16         level_parameter,
           guint8          bwi,
           GByteArray     *out,
           guint8         *chain,
           GCancellable   *cancellable,
           GError        **error)
{
  MdgCcidResponse reply;

  if (!command (self, MDG_CCID_PC_TO_RDR_XFR_BLOCK, bwi, level_parameter, payload, length,
                MDG_CCID_RDR_TO_PC_DATA_BLOCK, &reply, cancellable, error))
    return FALSE;
  if (MDG_CCID_COMMAND_STATUS (reply.status) != MDG_CCID_COMMAND_OK)
    return command_failed (self, &reply, error);
  if (reply.length > MDG_T1_MAX_RESPONSE - MIN (out->len, MDG_T1_MAX_RESPONSE))
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                           "response longer than any APDU");
      return FALSE;
    }
  g_byte_array_append (out, reply.data, reply.length);
  *chain = reply.specific;
  return TRUE;
}

/* APDU level: the reader speaks the card protocol. Extended-APDU readers may
 * hand a long response over in parts (bChainParameter). */
static gboolean
exchange_apdu (MdgCardReader  *self,
               const guint8   *apdu,
               gsize           length,
               GByteArray     *response,
               GCancellable   *cancellable,
               GError        **error)
{
  guint8 chain = 0;

  if (!xfr_block (self, apdu, length, MDG_CCID_CHAIN_WHOLE, 0, response, &chain,
                  cancellable, error))
    return FALSE;

  for (guint n = 0; chain == MDG_CCID_CHAIN_BEGIN || chain == MDG_CCID_CHAIN_MIDDLE; n++)
    {
      if (self->descriptor.level != MDG_CARD_LEVEL_EXTENDED_APDU || n >= 1024)
        {
          g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                               "unexpected response chaining");
          return FALSE;
        }
      if (!xfr_block (self, NULL, 0, MDG_CCID_CHAIN_CONTINUE, 0, response, &chain,
                      cancellable, error))
        return FALSE;
    }
  if (chain != MDG_CCID_CHAIN_WHOLE && chain != MDG_CCID_CHAIN_END)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "bad bChainParameter 0x%02X", chain);
      return FALSE;
    }
  return TRUE;
}

typedef struct
{
  MdgCardReader *self;
  GCancellable  *cancellable;
} T1Call;

static gboolean
t1_xfr_cb (gpointer       user_data,
           const guint8  *block,
           gsize          length,
           guint8         wtx,
           GByteArray    *reply,
           GError       **error)
{
  T1Call *call = user_data;
  guint8 chain;

  return xfr_block (call->self, block, length, 0, wtx, reply, &chain, call->cancellable, error);
}

gboolean
mdg_card_reader_transmit (MdgCardReader  *self,
                          const guint8   *apdu,
                          gsize           length,
                          GByteArray     *response,
                          GCancellable   *cancellable,
                          GError        **error)
{
  guint start;
  gboolean ok = FALSE;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (apdu != NULL && length >= 4, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  g_rec_mutex_lock (&self->io_lock);
  start = response->len;
  if (!self->powered)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD,
                           "the card session was lost; start again");
      goto out;
    }

  self->stats.n_apdus++;
  if (self->descriptor.level == MDG_CARD_LEVEL_TPDU)
    {
      T1Call call = { self, cancellable };

      ok = mdg_t1_transceive (&self->t1, apdu, length, response, t1_xfr_cb, &call, error);
    }
  else
    ok = exchange_apdu (self, apdu, length, response, cancellable, error);

  if (ok && response->len - start < 2)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                           "response APDU without a status word");
      ok = FALSE;
    }
  /* after any failure the card's state is unknown: a new session starts
   * with a power-on (and a fresh count of PIN tries) */
  if (!ok)
    self->powered = FALSE;

out:
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}
