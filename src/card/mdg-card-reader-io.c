/* mdg-card-reader-io.c: the reader's bulk transfers and CCID commands
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

/* libusb 1.0.26's LIBUSB_ERROR_BUSY; gusb 0.3.10 reports it as "no device"
 * but keeps the number in its message. */
#define LIBUSB_BUSY_TAG "[-6]"

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
