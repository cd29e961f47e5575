/* mdg-ccid.h: USB CCID messages, the class descriptor, slot-change notifications
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure encoding and strict decoding of the CCID class (rev. 1.1) as read in
 * ../shared/spec/mynumber-card.md §1: no USB here, so the parsers can be
 * fuzzed. Parse errors are MDG_CARD_ERROR_PROTOCOL.
 */

#pragma once

#include <glib.h>

#include "mdg-card-types.h"

G_BEGIN_DECLS

#define MDG_CCID_HEADER_SIZE      10
#define MDG_CCID_DESCRIPTOR_TYPE  0x21
#define MDG_CCID_DESCRIPTOR_SIZE  54
#define MDG_CCID_INTERFACE_CLASS  0x0B

typedef enum
{
  MDG_CCID_PC_TO_RDR_SET_PARAMETERS  = 0x61,
  MDG_CCID_PC_TO_RDR_ICC_POWER_ON    = 0x62,
  MDG_CCID_PC_TO_RDR_ICC_POWER_OFF   = 0x63,
  MDG_CCID_PC_TO_RDR_GET_SLOT_STATUS = 0x65,
  MDG_CCID_PC_TO_RDR_XFR_BLOCK       = 0x6F,
  MDG_CCID_RDR_TO_PC_DATA_BLOCK      = 0x80,
  MDG_CCID_RDR_TO_PC_SLOT_STATUS     = 0x81,
  MDG_CCID_RDR_TO_PC_PARAMETERS      = 0x82,
  MDG_CCID_RDR_TO_PC_NOTIFY_SLOT_CHANGE = 0x50,
  MDG_CCID_RDR_TO_PC_HARDWARE_ERROR  = 0x51,
} MdgCcidMessageType;

/* bmICCStatus, bits 1..0 of bStatus */
typedef enum
{
  MDG_CCID_ICC_ACTIVE   = 0,
  MDG_CCID_ICC_INACTIVE = 1,
  MDG_CCID_ICC_ABSENT   = 2,
} MdgCcidIccStatus;

/* bmCommandStatus, bits 7..6 of bStatus */
typedef enum
{
  MDG_CCID_COMMAND_OK             = 0,
  MDG_CCID_COMMAND_FAILED         = 1,
  MDG_CCID_COMMAND_TIME_EXTENSION = 2,
} MdgCcidCommandStatus;

/* bError values the driver tells apart */
#define MDG_CCID_ERROR_ICC_MUTE        0xFE
#define MDG_CCID_ERROR_HW_ERROR        0xFB
#define MDG_CCID_ERROR_SLOT_BUSY       0xE0
#define MDG_CCID_ERROR_CMD_UNSUPPORTED 0x00

/* wLevelParameter / bChainParameter for extended-APDU readers */
#define MDG_CCID_CHAIN_WHOLE      0x00
#define MDG_CCID_CHAIN_BEGIN      0x01
#define MDG_CCID_CHAIN_END        0x02
#define MDG_CCID_CHAIN_MIDDLE     0x03
#define MDG_CCID_CHAIN_CONTINUE   0x10

#define MDG_CCID_FEATURE_AUTO_PARAMETERS 0x00000002
#define MDG_CCID_FEATURE_LEVEL_MASK      0x00070000
#define MDG_CCID_FEATURE_TPDU            0x00010000
#define MDG_CCID_FEATURE_SHORT_APDU      0x00020000
#define MDG_CCID_FEATURE_EXTENDED_APDU   0x00040000

typedef struct
{
  guint8        max_slot_index;
  guint8        voltage_support;
  guint32       protocols;            /* bit 0 T=0, bit 1 T=1 */
  guint32       max_ifsd;
  guint32       features;
  guint32       max_message_length;   /* header + payload */
  guint8        pin_support;
  guint8        max_busy_slots;
  MdgCardLevel  level;
} MdgCcidDescriptor;

typedef struct
{
  guint8        type;
  guint8        slot;
  guint8        seq;
  guint8        status;               /* bStatus */
  guint8        error;                /* bError */
  guint8        specific;             /* bChainParameter, bClockStatus or bProtocolNum */
  const guint8 *data;                 /* borrowed, after the header */
  gsize         length;
} MdgCcidResponse;

#define MDG_CCID_ICC_STATUS(status)     ((MdgCcidIccStatus) ((status) & 0x03))
#define MDG_CCID_COMMAND_STATUS(status) ((MdgCcidCommandStatus) (((status) >> 6) & 0x03))

/* Writes a PC_to_RDR message into @buffer, which holds at least
 * MDG_CCID_HEADER_SIZE + @length bytes. Returns the message size. */
gsize    mdg_ccid_command_build    (guint8              *buffer,
                                    MdgCcidMessageType   type,
                                    guint8               slot,
                                    guint8               seq,
                                    guint8               param0,
                                    guint16              param12,
                                    const guint8        *payload,
                                    gsize                length);
/* Decodes one RDR_to_PC bulk-IN message: a known type, a dwLength that
 * matches the bytes received exactly, defined status bits. Slot and bSeq
 * are the caller's to check. */
gboolean mdg_ccid_response_parse   (const guint8        *data,
                                    gsize                size,
                                    MdgCcidResponse     *response,
                                    GError             **error);
/* Finds the CCID class descriptor among the descriptors in @extra (an
 * interface's or an endpoint's extra bytes) and decodes it. */
gboolean mdg_ccid_descriptor_parse (const guint8        *extra,
                                    gsize                size,
                                    MdgCcidDescriptor   *descriptor,
                                    GError             **error);
/* Decodes an interrupt-IN message. For RDR_to_PC_NotifySlotChange, sets
 * the card state of @slot; a hardware-error message is an error. */
gboolean mdg_ccid_notify_parse     (const guint8        *data,
                                    gsize                size,
                                    guint8               slot,
                                    gboolean            *present,
                                    gboolean            *changed,
                                    GError             **error);

G_END_DECLS
