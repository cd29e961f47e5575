/* mdg-queue-source.h: today's queue for the monitor, the display and the kiosk
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Today's tickets as the local store knows them (this workstation's own and
 * everything the ward link pulled), with each band's waiting count and wait
 * estimate (mdg-queue.h). Reloads when the link pulls (the ward NOTIFYs on
 * every ticket change), when the link goes on- or offline, and when asked;
 * once a minute it only recomputes the waits with the new time. Nothing
 * polls faster than that.
 */

#pragma once

#include <glib-object.h>

#include "mdg-queue.h"
#include "mdg-store-sync.h"
#include "mdg-ward-link.h"

G_BEGIN_DECLS

#define MDG_TYPE_QUEUE_SOURCE (mdg_queue_source_get_type ())

G_DECLARE_FINAL_TYPE (MdgQueueSource, mdg_queue_source, MDG, QUEUE_SOURCE, GObject)

/* @link is %NULL without a ward database (the embedded default). */
MdgQueueSource *mdg_queue_source_new           (MdgStore       *store,
                                                MdgWardLink    *link) G_GNUC_WARN_UNUSED_RESULT;
MdgStore       *mdg_queue_source_get_store     (MdgQueueSource *self);
/* Returns: (transfer none) (nullable) */
MdgWardLink    *mdg_queue_source_get_link      (MdgQueueSource *self);
/* Follows another link (the login changed), %NULL for none; reads again. */
void            mdg_queue_source_set_link      (MdgQueueSource *self,
                                                MdgWardLink    *link);
/* The "online" property: the link is up (always FALSE without a link). */
gboolean        mdg_queue_source_get_online    (MdgQueueSource *self);
/* The "loaded" property: today's tickets were read at least once. */
gboolean        mdg_queue_source_get_loaded    (MdgQueueSource *self);
/* Reads the store again (the "changed" signal follows). */
void            mdg_queue_source_refresh       (MdgQueueSource *self);
/* The moment the figures were computed for (seconds since the epoch). */
gint64          mdg_queue_source_get_now       (MdgQueueSource *self);
/* Moves the source's clock by @offset seconds from the real time: the
 * tests show a scripted hour of the day. */
void            mdg_queue_source_set_clock_offset (MdgQueueSource *self,
                                                   gint64          offset);
/* Returns: (transfer none) (element-type MdgTicket): today's tickets, in
 * the order of issue */
GPtrArray      *mdg_queue_source_get_tickets   (MdgQueueSource *self);
/* Returns: (transfer none) (element-type MdgQueueTicket): the same, as the
 * queue logic sees them (index for index) */
GArray         *mdg_queue_source_get_queue     (MdgQueueSource *self);
/* Returns: (transfer none) (element-type MdgQueueBandState): every band of
 * bands.json, in order */
GArray         *mdg_queue_source_get_bands     (MdgQueueSource *self);
/* Returns: (transfer none) (element-type MdgQueueCounter): the open counters */
GArray         *mdg_queue_source_get_counters  (MdgQueueSource *self);

G_END_DECLS
