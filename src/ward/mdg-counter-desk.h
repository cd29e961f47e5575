/* mdg-counter-desk.h: the ticket protocol of one counter
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a counter does with the numbered tickets, without a widget: call the
 * next ticket of its bands, announce it again (and record the no-show after
 * the allowed recalls), set it aside and call it back, send it to another
 * band, close it when the visit is completed. Each call runs atomically in
 * the ward database through the ward link, under an id stored first in the
 * local store, so that a run after a lost answer gets the same ticket and is
 * never applied twice; the desk ends a call's pending id once it holds the
 * ticket. The counter window shows the desk's ticket and starts its calls;
 * the "ticket" property says which ticket stands at the counter now.
 */

#pragma once

#include <gio/gio.h>

#include "mdg-store-sync.h"
#include "mdg-ward-link.h"

G_BEGIN_DECLS

/* Recalls before the next one records a no-show. */
#define MDG_COUNTER_DESK_ALLOWED_RECALLS 3

#define MDG_TYPE_COUNTER_DESK (mdg_counter_desk_get_type ())

G_DECLARE_FINAL_TYPE (MdgCounterDesk, mdg_counter_desk, MDG, COUNTER_DESK, GObject)

MdgCounterDesk  *mdg_counter_desk_new             (MdgStore            *store)
                                                  G_GNUC_WARN_UNUSED_RESULT;

/* The ward link the calls go through; NULL (or a link offline) fails them
 * with MDG_WARD_ERROR_UNREACHABLE. */
void             mdg_counter_desk_set_link        (MdgCounterDesk      *self,
                                                   MdgWardLink         *link);
/* Without a link (madoguchi-tool): the open connection the calls go
 * through. A link set takes precedence. */
void             mdg_counter_desk_set_connection  (MdgCounterDesk      *self,
                                                   MdgWardConnection   *connection);
/* This counter's number and the bands it calls. */
void             mdg_counter_desk_set_counter     (MdgCounterDesk      *self,
                                                   int                  counter,
                                                   const int           *bands,
                                                   guint                n_bands);
int              mdg_counter_desk_get_counter     (MdgCounterDesk      *self);

/* The ticket at this counter now, or NULL (borrowed; "notify::ticket"). */
const MdgTicket *mdg_counter_desk_get_ticket      (MdgCounterDesk      *self);
/* TRUE while a call is on its way to the ward ("notify::busy"). */
gboolean         mdg_counter_desk_get_busy        (MdgCounterDesk      *self);

/* Takes the oldest waiting ticket of the counter's bands (or the one an
 * earlier call of this counter took but never got the answer of); it
 * becomes the desk's ticket. MDG_WARD_ERROR_NOTHING_WAITING when nobody
 * waits. Refused while the desk holds a ticket (G_IO_ERROR_BUSY). */
void             mdg_counter_desk_call_next_async (MdgCounterDesk      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);

/* Announces the desk's ticket again; with @no_show, records that its
 * resident did not come (the desk is then free). */
void             mdg_counter_desk_recall_async    (MdgCounterDesk      *self,
                                                   gboolean             no_show,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Sets the desk's ticket aside (held at this counter); the desk is free. */
void             mdg_counter_desk_hold_async      (MdgCounterDesk      *self,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Calls back @ticket_id, held at this counter; it becomes the desk's ticket. */
void             mdg_counter_desk_call_held_async (MdgCounterDesk      *self,
                                                   const char          *ticket_id,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* Sends the desk's ticket back to waiting, in @band; the desk is free. */
void             mdg_counter_desk_transfer_async  (MdgCounterDesk      *self,
                                                   int                  band,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
/* The visit is completed: closes the desk's ticket with its case @case_id,
 * life event @event (nullable) and satisfaction @rating (1…5, 0 if none).
 * The desk is free at once; the ward is told in the background. */
void             mdg_counter_desk_close_async     (MdgCounterDesk      *self,
                                                   const char          *case_id,
                                                   const char          *event,
                                                   int                  rating,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);

/* Any of the calls above. Returns: (transfer full) (nullable): the ticket
 * as the ward has it after the call. MDG_WARD_ERROR_NO_TICKET or
 * MDG_WARD_ERROR_TICKET_STATE when another counter changed it first (the
 * desk then lets it go); MDG_WARD_ERROR_BROKEN when the answer was lost
 * (the desk keeps its ticket: run the call again). */
MdgTicket       *mdg_counter_desk_call_finish     (MdgCounterDesk      *self,
                                                   GAsyncResult        *result,
                                                   GError             **error)
                                                  G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
