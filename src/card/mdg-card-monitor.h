/* mdg-card-monitor.h: the card readers as they come and go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A GListModel of MdgCardReader, kept current from GUsbContext's hot-plug
 * signals. Each reader is opened on the worker thread and watched for
 * cards: through its interrupt endpoint (RDR_to_PC_NotifySlotChange) where
 * it has one, else by asking for the slot status every poll interval. All
 * signals and notifications arrive on the main context the monitor was
 * made in.
 */

#pragma once

#include <gio/gio.h>
#include <gusb.h>

#include "mdg-card-reader.h"

G_BEGIN_DECLS

#define MDG_CARD_MONITOR_DEFAULT_POLL_MS 1000

#define MDG_TYPE_CARD_MONITOR (mdg_card_monitor_get_type ())

G_DECLARE_FINAL_TYPE (MdgCardMonitor, mdg_card_monitor, MDG, CARD_MONITOR, GObject)

/* Fails only when USB cannot be used at all (no libusb context). */
MdgCardMonitor *mdg_card_monitor_new                (GError          **error) G_GNUC_WARN_UNUSED_RESULT;
MdgCardMonitor *mdg_card_monitor_new_for_context    (GUsbContext      *context) G_GNUC_WARN_UNUSED_RESULT;
GUsbContext    *mdg_card_monitor_get_context        (MdgCardMonitor   *self);
/* The first reader with a card in it, or NULL. */
MdgCardReader  *mdg_card_monitor_get_card_reader    (MdgCardMonitor   *self);
void            mdg_card_monitor_set_poll_interval  (MdgCardMonitor   *self,
                                                     guint             interval_ms);

G_END_DECLS
