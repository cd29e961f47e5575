/* mdg-ccid.c: USB CCID messages, the class descriptor, slot-change notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ccid"

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-ccid.h"

static guint32
get_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

gsize
mdg_ccid_command_build (guint8             *buffer,
                        MdgCcidMessageType  type,
                        guint8              slot,
                        guint8              seq,
                        guint8              param0,
                        guint16             param12,
                        const guint8       *payload,
                        gsize               length)
{
  g_return_val_if_fail (buffer != NULL, 0);
  g_return_val_if_fail (payload != NULL || length == 0, 0);
  g_return_val_if_fail (length <= G_MAXUINT32, 0);

  buffer[0] = type;
  buffer[1] = length & 0xFF;
  buffer[2] = (length >> 8) & 0xFF;
  buffer[3] = (length >> 16) & 0xFF;
  buffer[4] = (length >> 24) & 0xFF;
  buffer[5] = slot;
  buffer[6] = seq;
  buffer[7] = param0;
  buffer[8] = param12 & 0xFF;
  buffer[9] = param12 >> 8;
  if (length > 0)
    memcpy (buffer + MDG_CCID_HEADER_SIZE, payload, length);

  return MDG_CCID_HEADER_SIZE + length;
}

gboolean
mdg_ccid_response_parse (const guint8     *data,
                         gsize             size,
                         MdgCcidResponse  *response,
                         GError          **error)
{
  guint32 length;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (response != NULL, FALSE);

  if (size < MDG_CCID_HEADER_SIZE)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "CCID reply of %" G_GSIZE_FORMAT " bytes is shorter than its header", size);
      return FALSE;
    }

  switch (data[0])
    {
    case MDG_CCID_RDR_TO_PC_DATA_BLOCK:
    case MDG_CCID_RDR_TO_PC_SLOT_STATUS:
    case MDG_CCID_RDR_TO_PC_PARAMETERS:
      break;
    default:
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "CCID reply of unknown type 0x%02X", data[0]);
      return FALSE;
    }

  length = get_le32 (data + 1);
  if (length != size - MDG_CCID_HEADER_SIZE)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "CCID reply says %u data bytes, %" G_GSIZE_FORMAT " arrived",
                   length, size - MDG_CCID_HEADER_SIZE);
      return FALSE;
    }
  if (data[0] == MDG_CCID_RDR_TO_PC_SLOT_STATUS && length != 0)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "CCID slot status carries %u data bytes", length);
      return FALSE;
    }
  if (MDG_CCID_ICC_STATUS (data[7]) == 3 || MDG_CCID_COMMAND_STATUS (data[7]) == 3 ||
      (data[7] & 0x3C) != 0)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "CCID reply with undefined status 0x%02X", data[7]);
      return FALSE;
    }

  response->type = data[0];
  response->slot = data[5];
  response->seq = data[6];
  response->status = data[7];
  response->error = data[8];
  response->specific = data[9];
  response->data = data + MDG_CCID_HEADER_SIZE;
  response->length = length;
  return TRUE;
}

static MdgCardLevel
level_from_features (guint32 features)
{
  guint32 level = features & MDG_CCID_FEATURE_LEVEL_MASK;

  if (level & MDG_CCID_FEATURE_EXTENDED_APDU)
    return MDG_CARD_LEVEL_EXTENDED_APDU;
  if (level & MDG_CCID_FEATURE_SHORT_APDU)
    return MDG_CARD_LEVEL_SHORT_APDU;
  if (level & MDG_CCID_FEATURE_TPDU)
    return MDG_CARD_LEVEL_TPDU;
  return MDG_CARD_LEVEL_CHARACTER;
}

gboolean
mdg_ccid_descriptor_parse (const guint8       *extra,
                           gsize               size,
                           MdgCcidDescriptor  *descriptor,
                           GError            **error)
{
  gsize offset = 0;

  g_return_val_if_fail (extra != NULL || size == 0, FALSE);
  g_return_val_if_fail (descriptor != NULL, FALSE);

  /* the extra bytes are a sequence of descriptors: bLength, bDescriptorType, … */
  while (size - offset >= 2)
    {
      const guint8 *d = extra + offset;
      guint8 length = d[0];

      if (length < 2 || length > size - offset)
        {
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                       "descriptor at offset %" G_GSIZE_FORMAT " has a bad length %u",
                       offset, length);
          return FALSE;
        }

      if (d[1] == MDG_CCID_DESCRIPTOR_TYPE)
        {
          if (length < MDG_CCID_DESCRIPTOR_SIZE)
            {
              g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                           "CCID class descriptor of %u bytes, %u expected",
                           length, MDG_CCID_DESCRIPTOR_SIZE);
              return FALSE;
            }

          descriptor->max_slot_index = d[4];
          descriptor->voltage_support = d[5];
          descriptor->protocols = get_le32 (d + 6);
          descriptor->max_ifsd = get_le32 (d + 28);
          descriptor->features = get_le32 (d + 40);
          descriptor->max_message_length = get_le32 (d + 44);
          descriptor->pin_support = d[52];
          descriptor->max_busy_slots = d[53];
          descriptor->level = level_from_features (descriptor->features);

          /* the header plus a short command APDU must fit */
          if (descriptor->max_message_length < MDG_CCID_HEADER_SIZE + 5 + 12)
            {
              g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                           "CCID maximum message length %u is too small",
                           descriptor->max_message_length);
              return FALSE;
            }
          return TRUE;
        }
      offset += length;
    }

  g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED,
                       "no CCID class descriptor");
  return FALSE;
}

gboolean
mdg_ccid_notify_parse (const guint8  *data,
                       gsize          size,
                       guint8         slot,
                       gboolean      *present,
                       gboolean      *changed,
                       GError       **error)
{
  guint8 bits;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (present != NULL && changed != NULL, FALSE);

  if (size >= 1 && data[0] == MDG_CCID_RDR_TO_PC_HARDWARE_ERROR)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED,
                   "reader reports hardware error 0x%02X", size >= 4 ? data[3] : 0);
      return FALSE;
    }
  /* two bits per slot, slot 0 in the low bits of the second byte */
  if (size < 2 || data[0] != MDG_CCID_RDR_TO_PC_NOTIFY_SLOT_CHANGE ||
      size < 1 + (slot / 4u) + 1)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL,
                   "bad slot-change notification (%" G_GSIZE_FORMAT " bytes)", size);
      return FALSE;
    }

  bits = data[1 + slot / 4] >> ((slot % 4) * 2);
  *present = (bits & 0x01) != 0;
  *changed = (bits & 0x02) != 0;
  return TRUE;
}
