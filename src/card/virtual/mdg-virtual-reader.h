/* mdg-virtual-reader.h: a USB CCID reader in software, under umockdev
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Adds a USB device with a CCID interface to a umockdev testbed and answers
 * its usbfs ioctls (../shared/spec/mynumber-card.md §5), so that the real
 * libgusb → libusb → usbfs path talks to it. The process (or its parent)
 * must run under umockdev's preload library. Faults can be injected to
 * test how the driver copes: a stalled reader, late replies, time
 * extensions, malformed headers, a wrong bSeq, a card pulled out or the
 * reader unplugged mid-exchange, a reader held by another program.
 */

#pragma once

#include <umockdev.h>

#include "mdg-card-types.h"
#include "mdg-virtual-card.h"

G_BEGIN_DECLS

typedef struct
{
  guint16       vendor_id;
  guint16       product_id;
  guint8        devnum;               /* bus 1, device @devnum (2–127) */
  MdgCardLevel  level;
  guint8        ep_bulk_out;
  guint8        ep_bulk_in;
  guint8        ep_interrupt;         /* 0: no interrupt endpoint */
  gboolean      interrupt_first;      /* list the interrupt endpoint first */
  guint32       max_message_length;
  gboolean      auto_parameters;      /* TPDU: configures T=1 from the ATR itself */
} MdgVirtualReaderConfig;

typedef enum
{
  MDG_VIRTUAL_FAULT_NONE,
  MDG_VIRTUAL_FAULT_STALL,              /* the next command is never answered */
  MDG_VIRTUAL_FAULT_LATE_REPLY,         /* the next reply comes only after the next command */
  MDG_VIRTUAL_FAULT_TIME_EXTENSIONS,    /* @param time extensions before every XfrBlock reply */
  MDG_VIRTUAL_FAULT_WRONG_SEQ,          /* the next reply has a wrong bSeq */
  MDG_VIRTUAL_FAULT_TRUNCATED_HEADER,   /* the next reply is 7 bytes long */
  MDG_VIRTUAL_FAULT_BAD_LENGTH,         /* the next reply's dwLength is too large */
  MDG_VIRTUAL_FAULT_BAD_TYPE,           /* the next reply has an unknown message type */
  MDG_VIRTUAL_FAULT_BAD_STATUS,         /* the next reply has reserved bStatus bits set */
  MDG_VIRTUAL_FAULT_UNPLUG_ON_INS,      /* unplugged when an APDU with INS @param arrives */
  MDG_VIRTUAL_FAULT_REMOVE_CARD_ON_INS, /* the card is pulled out when INS @param arrives */
  MDG_VIRTUAL_FAULT_BUSY,               /* claiming the interface fails (EBUSY) */
} MdgVirtualFault;

#define MDG_TYPE_VIRTUAL_READER (mdg_virtual_reader_get_type ())

G_DECLARE_FINAL_TYPE (MdgVirtualReader, mdg_virtual_reader, MDG, VIRTUAL_READER, GObject)

void              mdg_virtual_reader_config_init   (MdgVirtualReaderConfig        *config);

/* Adds the device to @testbed (which sends the "add" uevent). */
MdgVirtualReader *mdg_virtual_reader_new           (UMockdevTestbed               *testbed,
                                                    const MdgVirtualReaderConfig  *config,
                                                    GError                       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Puts @card in the slot (NULL: takes it out), with a slot-change notification. */
void              mdg_virtual_reader_insert_card   (MdgVirtualReader              *self,
                                                    MdgVirtualCard                *card);
/* Unplugs the reader: every request fails with ENODEV, the "remove" uevent
 * goes out and the device leaves the testbed. Call on the testbed's thread. */
void              mdg_virtual_reader_unplug        (MdgVirtualReader              *self);
void              mdg_virtual_reader_set_fault     (MdgVirtualReader              *self,
                                                    MdgVirtualFault                fault,
                                                    guint                          param);
/* CCID commands received (bulk OUT messages). */
guint             mdg_virtual_reader_get_n_commands (MdgVirtualReader             *self);
const char       *mdg_virtual_reader_get_sysfs_path (MdgVirtualReader             *self);

G_END_DECLS
