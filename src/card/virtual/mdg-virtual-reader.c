/* mdg-virtual-reader.c: a USB CCID reader in software, under umockdev
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The ioctl handler runs on umockdev's own thread; everything it touches is
 * under the mutex. URBs: bulk OUT is consumed at once (one CCID command),
 * bulk IN waits until a reply is queued, interrupt IN until a slot change.
 */

#define G_LOG_DOMAIN "mdg-virtual-reader"

#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>

#include "mdg-virtual-reader.h"

struct _MdgVirtualReader
{
  GObject                 parent_instance;

  /* owned */
  UMockdevTestbed        *testbed;
  UMockdevIoctlBase      *handler;
  char                   *sysfs_path;
  char                   *devnode;

  MdgVirtualReaderConfig  config;

  /* under mutex */
  GMutex                  mutex;
  MdgVirtualCard         *card;
  gboolean                powered;
  gboolean                unplugged;
  gboolean                removed;        /* from the testbed */
  GQueue                  reapable;       /* UMockdevIoctlData of finished URBs */
  GQueue                  pending_in;     /* bulk-IN URBs waiting for a reply */
  GQueue                  pending_int;    /* interrupt-IN URBs waiting for a slot change */
  GQueue                  replies;        /* GByteArray: RDR_to_PC messages */
  GQueue                  notifications;  /* GByteArray: interrupt messages */
  GByteArray             *held;           /* a late reply */
  GByteArray             *chain_rest;     /* extended level: rest of a long response */
  MdgVirtualFault         oneshot;
  guint                   time_extensions;
  int                     unplug_ins;
  int                     remove_ins;
  gboolean                busy;
  guint                   n_commands;
};

G_DEFINE_FINAL_TYPE (MdgVirtualReader, mdg_virtual_reader, G_TYPE_OBJECT)

void
mdg_virtual_reader_config_init (MdgVirtualReaderConfig *config)
{
  g_return_if_fail (config != NULL);

  config->vendor_id = 0x04e6;
  config->product_id = 0x5116;
  config->devnum = 2;
  config->level = MDG_CARD_LEVEL_SHORT_APDU;
  config->ep_bulk_out = 0x01;
  config->ep_bulk_in = 0x82;
  config->ep_interrupt = 0x83;
  config->interrupt_first = FALSE;
  config->max_message_length = 271;
  config->auto_parameters = TRUE;
}

static void
put_le16 (guint8  *p,
          guint16  v)
{
  p[0] = v & 0xFF;
  p[1] = v >> 8;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xFF;
  p[1] = (v >> 8) & 0xFF;
  p[2] = (v >> 16) & 0xFF;
  p[3] = v >> 24;
}

static guint32
features_for (const MdgVirtualReaderConfig *config)
{
  /* automatic activation, voltage, clock and baud rate in every case */
  guint32 features = 0x04 | 0x08 | 0x10 | 0x20;

  switch (config->level)
    {
    case MDG_CARD_LEVEL_EXTENDED_APDU:
      return features | 0x02 | 0x80 | 0x400 | 0x00040000;
    case MDG_CARD_LEVEL_SHORT_APDU:
      return features | 0x02 | 0x80 | 0x400 | 0x00020000;
    case MDG_CARD_LEVEL_TPDU:
      return features | (config->auto_parameters ? 0x02 | 0x80 : 0) | 0x00010000;
    case MDG_CARD_LEVEL_CHARACTER:
    default:
      return features;
    }
}

static void
append_endpoint (GByteArray *out,
                 guint8      address,
                 guint8      attributes,
                 guint16     size,
                 guint8      interval)
{
  guint8 ep[7] = { 7, 0x05, address, attributes, 0, 0, interval };

  put_le16 (ep + 4, size);
  g_byte_array_append (out, ep, sizeof ep);
}

/* Device descriptor + the whole configuration descriptor, as sysfs has them. */
static GByteArray *
build_descriptors (const MdgVirtualReaderConfig *config)
{
  GByteArray *out = g_byte_array_new ();
  guint8 device[18] = { 18, 0x01, 0x00, 0x02, 0, 0, 0, 64, 0, 0, 0, 0, 0x00, 0x01, 0, 0, 0, 1 };
  guint8 configuration[9] = { 9, 0x02, 0, 0, 1, 1, 0, 0x80, 50 };
  guint8 n_endpoints = config->ep_interrupt ? 3 : 2;
  guint8 interface[9] = { 9, 0x04, 0, 0, n_endpoints, 0x0B, 0, 0, 0 };
  guint8 ccid[54] = { 54, 0x21, 0x10, 0x01, 0x00, 0x07 };
  guint total_offset;

  put_le16 (device + 8, config->vendor_id);
  put_le16 (device + 10, config->product_id);
  g_byte_array_append (out, device, sizeof device);

  total_offset = out->len + 2;
  g_byte_array_append (out, configuration, sizeof configuration);
  g_byte_array_append (out, interface, sizeof interface);

  put_le32 (ccid + 6, 0x02);              /* dwProtocols: T=1 */
  put_le32 (ccid + 10, 4000);             /* dwDefaultClock */
  put_le32 (ccid + 14, 4000);             /* dwMaximumClock */
  put_le32 (ccid + 19, 10753);            /* dwDataRate */
  put_le32 (ccid + 23, 10753);            /* dwMaxDataRate */
  put_le32 (ccid + 28, 254);              /* dwMaxIFSD */
  put_le32 (ccid + 40, features_for (config));
  put_le32 (ccid + 44, config->max_message_length);
  ccid[48] = 0xFF;
  ccid[49] = 0xFF;
  ccid[53] = 1;
  g_byte_array_append (out, ccid, sizeof ccid);

  if (config->ep_interrupt && config->interrupt_first)
    append_endpoint (out, config->ep_interrupt, 0x03, 8, 16);
  append_endpoint (out, config->ep_bulk_out, 0x02, 64, 0);
  append_endpoint (out, config->ep_bulk_in, 0x02, 64, 0);
  if (config->ep_interrupt && !config->interrupt_first)
    append_endpoint (out, config->ep_interrupt, 0x03, 8, 16);

  put_le16 (out->data + total_offset, out->len - sizeof device);
  return out;
}

static void
queue_notification (MdgVirtualReader *self,
                    gboolean          present)
{
  GByteArray *message = g_byte_array_new ();
  const guint8 bytes[2] = { 0x50, present ? 0x03 : 0x02 };

  g_byte_array_append (message, bytes, sizeof bytes);
  g_queue_push_tail (&self->notifications, message);
}

static void
finish_urb (MdgVirtualReader  *self,
            UMockdevIoctlData *data,
            GByteArray        *message,
            int                status)
{
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *) data->data;

  if (message != NULL)
    {
      gsize n = MIN ((gsize) urb->buffer_length, message->len);

      memcpy (urb->buffer, message->data, n);
      urb->actual_length = n;
    }
  else
    urb->actual_length = 0;
  urb->status = status;
  g_queue_push_tail (&self->reapable, data);
}

static void
complete_pending (MdgVirtualReader *self)
{
  while (!g_queue_is_empty (&self->replies) && !g_queue_is_empty (&self->pending_in))
    {
      GByteArray *reply = g_queue_pop_head (&self->replies);

      finish_urb (self, g_queue_pop_head (&self->pending_in), reply, 0);
      g_byte_array_unref (reply);
    }
  while (!g_queue_is_empty (&self->notifications) && !g_queue_is_empty (&self->pending_int))
    {
      GByteArray *message = g_queue_pop_head (&self->notifications);

      finish_urb (self, g_queue_pop_head (&self->pending_int), message, 0);
      g_byte_array_unref (message);
    }
}

static guint8
icc_status (MdgVirtualReader *self)
{
  if (self->card == NULL)
    return 2;
  return self->powered ? 0 : 1;
}

static GByteArray *
build_reply (guint8        type,
             guint8        seq,
             guint8        status,
             guint8        error,
             guint8        specific,
             const guint8 *payload,
             gsize         length)
{
  GByteArray *reply = g_byte_array_sized_new (10 + length);
  guint8 header[10] = { type, 0, 0, 0, 0, 0, seq, status, error, specific };

  put_le32 (header + 1, length);
  g_byte_array_append (reply, header, sizeof header);
  if (length > 0)
    g_byte_array_append (reply, payload, length);
  return reply;
}

static int
peek_ins (MdgVirtualReader *self,
          const guint8     *payload,
          gsize             length)
{
  if (self->config.level == MDG_CARD_LEVEL_TPDU)
    {
      /* the first I-block of a command: NAD PCB LEN CLA INS … */
      if (length >= 5 && (payload[1] & 0x80) == 0 && payload[2] >= 2)
        return payload[4];
      return -1;
    }
  return length >= 2 ? payload[1] : -1;
}

/* XfrBlock: the card's answer, split for an extended-APDU reader when it
 * does not fit into one message. */
static GByteArray *
xfr_block (MdgVirtualReader *self,
           const guint8     *message,
           gsize             size,
           guint8           *status,
           guint8           *error,
           guint8           *chain)
{
  const guint8 *payload = message + 10;
  gsize length = size - 10;
  guint16 level_parameter = message[8] | message[9] << 8;
  g_autoptr(GByteArray) answer = NULL;
  gsize room = self->config.max_message_length - 10;
  int ins = peek_ins (self, payload, length);

  *status = icc_status (self);
  *error = 0;
  *chain = 0;

  if (self->remove_ins >= 0 && ins == self->remove_ins && self->card != NULL)
    {
      g_clear_object (&self->card);
      self->powered = FALSE;
      queue_notification (self, FALSE);
    }
  if (self->card == NULL || !self->powered)
    {
      *status = 0x40 | icc_status (self);
      *error = 0xFE;    /* ICC mute */
      return NULL;
    }

  if (self->config.level == MDG_CARD_LEVEL_EXTENDED_APDU && level_parameter == 0x10)
    {
      if (self->chain_rest == NULL)
        {
          *status = 0x40 | icc_status (self);
          *error = 0x08;  /* bad wLevelParameter */
          return NULL;
        }
      answer = g_steal_pointer (&self->chain_rest);
      *chain = answer->len > room ? 0x03 : 0x02;
    }
  else if (self->config.level == MDG_CARD_LEVEL_TPDU)
    return mdg_virtual_card_process_block (self->card, payload, length);
  else
    answer = mdg_virtual_card_process_apdu (self->card, payload, length);

  if (answer->len > room)
    {
      if (self->config.level != MDG_CARD_LEVEL_EXTENDED_APDU)
        {
          *status = 0x40 | icc_status (self);
          *error = 0xFC;  /* overrun */
          return NULL;
        }
      self->chain_rest = g_byte_array_new ();
      g_byte_array_append (self->chain_rest, answer->data + room, answer->len - room);
      g_byte_array_set_size (answer, room);
      if (*chain == 0)
        *chain = 0x01;
    }
  return g_steal_pointer (&answer);
}

/* One PC_to_RDR message in, its reply (and any time extensions) queued. */
static void
reader_command (MdgVirtualReader *self,
                const guint8     *message,
                gsize             size)
{
  g_autoptr(GByteArray) payload = NULL;
  GByteArray *reply;
  guint8 type = 0x81, status = 0, error = 0, specific = 0;
  guint8 seq;

  if (size < 10)
    return;
  self->n_commands++;
  seq = message[6];

  switch (message[0])
    {
    case 0x62:    /* IccPowerOn */
      type = 0x80;
      if (self->card == NULL)
        {
          status = 0x42;
          error = 0xFE;
          break;
        }
      self->powered = TRUE;
      mdg_virtual_card_reset (self->card);
      payload = g_byte_array_new ();
      g_byte_array_append (payload, mdg_virtual_card_atr, sizeof mdg_virtual_card_atr);
      break;

    case 0x63:    /* IccPowerOff */
      self->powered = FALSE;
      status = icc_status (self);
      break;

    case 0x65:    /* GetSlotStatus */
      status = icc_status (self);
      if (self->card == NULL)
        {
          status = 0x42;
          error = 0xFE;
        }
      break;

    case 0x61:    /* SetParameters */
      type = 0x82;
      if (self->config.level == MDG_CARD_LEVEL_TPDU && size == 17 && message[7] == 1)
        {
          status = icc_status (self);
          specific = 1;
          payload = g_byte_array_new ();
          g_byte_array_append (payload, message + 10, 7);
        }
      else
        {
          status = 0x40 | icc_status (self);
          error = 0x00;
        }
      break;

    case 0x6F:    /* XfrBlock */
      type = 0x80;
      if (self->unplug_ins >= 0 && peek_ins (self, message + 10, size - 10) == self->unplug_ins)
        {
          /* gone before it could answer */
          self->unplugged = TRUE;
          return;
        }
      payload = xfr_block (self, message, size, &status, &error, &specific);
      for (guint i = 0; i < self->time_extensions && (status & 0x40) == 0; i++)
        g_queue_push_tail (&self->replies, build_reply (0x80, seq, 0x80 | status, 1, 0, NULL, 0));
      break;

    default:
      status = 0x40 | icc_status (self);
      error = 0x00;  /* command not supported */
    }

  reply = build_reply (type, seq, status, error, specific,
                       payload ? payload->data : NULL, payload ? payload->len : 0);

  if (self->held != NULL)
    {
      g_queue_push_tail (&self->replies, self->held);
      self->held = NULL;
    }

  switch (self->oneshot)
    {
    case MDG_VIRTUAL_FAULT_STALL:
      g_byte_array_unref (reply);
      reply = NULL;
      break;
    case MDG_VIRTUAL_FAULT_LATE_REPLY:
      self->held = reply;
      reply = NULL;
      break;
    case MDG_VIRTUAL_FAULT_WRONG_SEQ:
      reply->data[6] = seq + 7;
      break;
    case MDG_VIRTUAL_FAULT_TRUNCATED_HEADER:
      g_byte_array_set_size (reply, 7);
      break;
    case MDG_VIRTUAL_FAULT_BAD_LENGTH:
      put_le32 (reply->data + 1, reply->len - 10 + 5);
      break;
    case MDG_VIRTUAL_FAULT_BAD_TYPE:
      reply->data[0] = 0x99;
      break;
    case MDG_VIRTUAL_FAULT_BAD_STATUS:
      reply->data[7] |= 0x10;
      break;
    case MDG_VIRTUAL_FAULT_NONE:
    case MDG_VIRTUAL_FAULT_TIME_EXTENSIONS:
    case MDG_VIRTUAL_FAULT_UNPLUG_ON_INS:
    case MDG_VIRTUAL_FAULT_REMOVE_CARD_ON_INS:
    case MDG_VIRTUAL_FAULT_BUSY:
    default:
      break;
    }
  self->oneshot = MDG_VIRTUAL_FAULT_NONE;

  if (reply != NULL)
    g_queue_push_tail (&self->replies, reply);
}

static void
fail_pending (MdgVirtualReader *self)
{
  while (!g_queue_is_empty (&self->pending_in))
    finish_urb (self, g_queue_pop_head (&self->pending_in), NULL, -ENODEV);
  while (!g_queue_is_empty (&self->pending_int))
    finish_urb (self, g_queue_pop_head (&self->pending_int), NULL, -ENODEV);
}

static gboolean
discard_urb (MdgVirtualReader *self,
             gulong            address)
{
  GQueue *queues[] = { &self->pending_in, &self->pending_int };

  for (guint i = 0; i < G_N_ELEMENTS (queues); i++)
    {
      for (GList *l = queues[i]->head; l != NULL; l = l->next)
        {
          UMockdevIoctlData *data = l->data;

          if (data->client_addr == address)
            {
              g_queue_delete_link (queues[i], l);
              finish_urb (self, data, NULL, -ENOENT);
              return TRUE;
            }
        }
    }
  return FALSE;
}

static void
submit_urb (MdgVirtualReader    *self,
            UMockdevIoctlClient *client,
            UMockdevIoctlData   *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(UMockdevIoctlData) buffer = NULL;
  struct usbdevfs_urb *urb = (struct usbdevfs_urb *) data->data;

  buffer = umockdev_ioctl_data_resolve (data, offsetof (struct usbdevfs_urb, buffer),
                                        urb->buffer_length, &error);
  if (buffer == NULL)
    {
      umockdev_ioctl_client_complete (client, -1, EINVAL);
      return;
    }

  g_object_ref (data);
  if (urb->endpoint == self->config.ep_bulk_out)
    {
      reader_command (self, buffer->data, urb->buffer_length);
      urb->actual_length = urb->buffer_length;
      urb->status = 0;
      g_queue_push_tail (&self->reapable, data);
    }
  else if (urb->endpoint == self->config.ep_bulk_in)
    g_queue_push_tail (&self->pending_in, data);
  else if (self->config.ep_interrupt != 0 && urb->endpoint == self->config.ep_interrupt)
    g_queue_push_tail (&self->pending_int, data);
  else
    finish_urb (self, data, NULL, -EPIPE);

  if (self->unplugged)
    fail_pending (self);
  complete_pending (self);
  umockdev_ioctl_client_complete (client, 0, 0);
}

static gboolean
on_handle_ioctl_cb (UMockdevIoctlBase   *handler,
                    UMockdevIoctlClient *client,
                    gpointer             user_data)
{
  MdgVirtualReader *self = user_data;
  gulong request = umockdev_ioctl_client_get_request (client);
  UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg (client);
  g_autoptr(UMockdevIoctlData) data = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = _IOC_SIZE (request);

  g_mutex_lock (&self->mutex);

  if (size > 0 && !(data = umockdev_ioctl_data_resolve (arg, 0, size, &error)))
    {
      g_mutex_unlock (&self->mutex);
      return FALSE;
    }

  /* unplugged: hand back what was in flight, then ENODEV for everything */
  if (self->unplugged && request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY &&
      request != USBDEVFS_DISCARDURB)
    {
      fail_pending (self);
      umockdev_ioctl_client_complete (client, -1, ENODEV);
      g_mutex_unlock (&self->mutex);
      return TRUE;
    }

  switch (request)
    {
    case USBDEVFS_GET_CAPABILITIES:
      *(guint32 *) data->data = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
      umockdev_ioctl_client_complete (client, 0, 0);
      break;

    case USBDEVFS_CLAIMINTERFACE:
      if (self->busy)
        umockdev_ioctl_client_complete (client, -1, EBUSY);
      else
        umockdev_ioctl_client_complete (client, 0, 0);
      break;

    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_SETINTERFACE:
      umockdev_ioctl_client_complete (client, 0, 0);
      break;

    case USBDEVFS_IOCTL:
    case USBDEVFS_GETDRIVER:
      /* no kernel driver is bound to the interface */
      umockdev_ioctl_client_complete (client, -1, ENODATA);
      break;

    case USBDEVFS_SUBMITURB:
      submit_urb (self, client, data);
      break;

    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
      {
        UMockdevIoctlData *done = g_queue_pop_head (&self->reapable);

        if (done != NULL)
          {
            umockdev_ioctl_data_set_ptr (data, 0, done);
            g_object_unref (done);
            umockdev_ioctl_client_complete (client, 0, 0);
          }
        else
          umockdev_ioctl_client_complete (client, -1, self->unplugged ? ENODEV : EAGAIN);
      }
      break;

    case USBDEVFS_DISCARDURB:
      if (discard_urb (self, *(gulong *) arg->data))
        umockdev_ioctl_client_complete (client, 0, 0);
      else
        umockdev_ioctl_client_complete (client, -1, EINVAL);
      break;

    default:
      umockdev_ioctl_client_complete (client, -1, ENOTTY);
    }

  g_mutex_unlock (&self->mutex);
  return TRUE;
}

static void
clear_queue (GQueue         *queue,
             GDestroyNotify  free_func)
{
  g_queue_clear_full (queue, free_func);
}

static void
mdg_virtual_reader_dispose (GObject *object)
{
  MdgVirtualReader *self = (MdgVirtualReader *)object;

  if (self->handler != NULL)
    {
      umockdev_testbed_detach_ioctl (self->testbed, self->devnode, NULL);
      g_clear_object (&self->handler);
    }

  G_OBJECT_CLASS (mdg_virtual_reader_parent_class)->dispose (object);
}

static void
mdg_virtual_reader_finalize (GObject *object)
{
  MdgVirtualReader *self = (MdgVirtualReader *)object;

  clear_queue (&self->reapable, g_object_unref);
  clear_queue (&self->pending_in, g_object_unref);
  clear_queue (&self->pending_int, g_object_unref);
  clear_queue (&self->replies, (GDestroyNotify) g_byte_array_unref);
  clear_queue (&self->notifications, (GDestroyNotify) g_byte_array_unref);
  g_clear_pointer (&self->held, g_byte_array_unref);
  g_clear_pointer (&self->chain_rest, g_byte_array_unref);
  g_clear_object (&self->card);
  g_clear_object (&self->testbed);
  g_free (self->sysfs_path);
  g_free (self->devnode);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (mdg_virtual_reader_parent_class)->finalize (object);
}

static void
mdg_virtual_reader_class_init (MdgVirtualReaderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = mdg_virtual_reader_dispose;
  object_class->finalize = mdg_virtual_reader_finalize;
}

static void
mdg_virtual_reader_init (MdgVirtualReader *self)
{
  g_mutex_init (&self->mutex);
  self->unplug_ins = -1;
  self->remove_ins = -1;
}

MdgVirtualReader *
mdg_virtual_reader_new (UMockdevTestbed               *testbed,
                        const MdgVirtualReaderConfig  *config,
                        GError                       **error)
{
  g_autoptr(MdgVirtualReader) self = NULL;
  g_autoptr(GByteArray) descriptors = NULL;
  g_autoptr(GString) hex = g_string_new (NULL);
  g_autofree char *description = NULL;

  g_return_val_if_fail (UMOCKDEV_IS_TESTBED (testbed), NULL);
  g_return_val_if_fail (config != NULL, NULL);
  g_return_val_if_fail (config->devnum >= 2 && config->devnum <= 127, NULL);

  self = g_object_new (MDG_TYPE_VIRTUAL_READER, NULL);
  self->testbed = g_object_ref (testbed);
  self->config = *config;
  self->sysfs_path = g_strdup_printf ("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-%u",
                                      config->devnum);
  self->devnode = g_strdup_printf ("/dev/bus/usb/001/%03u", config->devnum);

  descriptors = build_descriptors (config);
  for (guint i = 0; i < descriptors->len; i++)
    g_string_append_printf (hex, "%02x", descriptors->data[i]);
  description = g_strdup_printf ("P: /devices/pci0000:00/0000:00:14.0/usb1/1-%u\n"
                                 "N: bus/usb/001/%03u\n"
                                 "E: DEVNAME=/dev/bus/usb/001/%03u\n"
                                 "E: DEVTYPE=usb_device\n"
                                 "E: SUBSYSTEM=usb\n"
                                 "E: BUSNUM=001\n"
                                 "E: DEVNUM=%03u\n"
                                 "E: PRODUCT=%x/%x/100\n"
                                 "A: idVendor=%04x\n"
                                 "A: idProduct=%04x\n"
                                 "A: busnum=1\n"
                                 "A: devnum=%u\n"
                                 "A: speed=12\n"
                                 "A: bConfigurationValue=1\n"
                                 "A: bNumConfigurations=1\n"
                                 "A: dev=189:%u\n"
                                 "H: descriptors=%s\n",
                                 config->devnum, config->devnum, config->devnum, config->devnum,
                                 config->vendor_id, config->product_id,
                                 config->vendor_id, config->product_id,
                                 config->devnum, config->devnum - 1, hex->str);

  self->handler = umockdev_ioctl_base_new ();
  g_signal_connect (self->handler, "handle-ioctl", G_CALLBACK (on_handle_ioctl_cb), self);
  if (!umockdev_testbed_add_from_string (testbed, description, error) ||
      !umockdev_testbed_attach_ioctl (testbed, self->devnode, self->handler, error))
    {
      g_clear_object (&self->handler);
      return NULL;
    }

  return g_steal_pointer (&self);
}

void
mdg_virtual_reader_insert_card (MdgVirtualReader *self,
                                MdgVirtualCard   *card)
{
  g_return_if_fail (MDG_IS_VIRTUAL_READER (self));
  g_return_if_fail (card == NULL || MDG_IS_VIRTUAL_CARD (card));

  g_mutex_lock (&self->mutex);
  g_set_object (&self->card, card);
  self->powered = FALSE;
  queue_notification (self, card != NULL);
  complete_pending (self);
  g_mutex_unlock (&self->mutex);
}

void
mdg_virtual_reader_unplug (MdgVirtualReader *self)
{
  g_return_if_fail (MDG_IS_VIRTUAL_READER (self));

  if (self->removed)
    return;
  self->removed = TRUE;

  g_mutex_lock (&self->mutex);
  self->unplugged = TRUE;
  fail_pending (self);
  g_mutex_unlock (&self->mutex);

  umockdev_testbed_uevent (self->testbed, self->sysfs_path, "remove");
  umockdev_testbed_remove_device (self->testbed, self->sysfs_path);
}

void
mdg_virtual_reader_set_fault (MdgVirtualReader *self,
                              MdgVirtualFault   fault,
                              guint             param)
{
  g_return_if_fail (MDG_IS_VIRTUAL_READER (self));

  g_mutex_lock (&self->mutex);
  switch (fault)
    {
    case MDG_VIRTUAL_FAULT_NONE:
      self->oneshot = MDG_VIRTUAL_FAULT_NONE;
      self->time_extensions = 0;
      self->unplug_ins = -1;
      self->remove_ins = -1;
      self->busy = FALSE;
      break;
    case MDG_VIRTUAL_FAULT_TIME_EXTENSIONS:
      self->time_extensions = param;
      break;
    case MDG_VIRTUAL_FAULT_UNPLUG_ON_INS:
      self->unplug_ins = param;
      break;
    case MDG_VIRTUAL_FAULT_REMOVE_CARD_ON_INS:
      self->remove_ins = param;
      break;
    case MDG_VIRTUAL_FAULT_BUSY:
      self->busy = TRUE;
      break;
    case MDG_VIRTUAL_FAULT_STALL:
    case MDG_VIRTUAL_FAULT_LATE_REPLY:
    case MDG_VIRTUAL_FAULT_WRONG_SEQ:
    case MDG_VIRTUAL_FAULT_TRUNCATED_HEADER:
    case MDG_VIRTUAL_FAULT_BAD_LENGTH:
    case MDG_VIRTUAL_FAULT_BAD_TYPE:
    case MDG_VIRTUAL_FAULT_BAD_STATUS:
    default:
      self->oneshot = fault;
    }
  g_mutex_unlock (&self->mutex);
}

guint
mdg_virtual_reader_get_n_commands (MdgVirtualReader *self)
{
  guint n;

  g_return_val_if_fail (MDG_IS_VIRTUAL_READER (self), 0);

  g_mutex_lock (&self->mutex);
  n = self->n_commands;
  g_mutex_unlock (&self->mutex);
  return n;
}

const char *
mdg_virtual_reader_get_sysfs_path (MdgVirtualReader *self)
{
  g_return_val_if_fail (MDG_IS_VIRTUAL_READER (self), NULL);

  return self->sysfs_path;
}
