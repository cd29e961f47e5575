/* mdg-ward.h: what a workstation does with the ward database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation runs on an open MdgWardConnection in the main loop. Ids are
 * made by the client and stored before they are sent, so an operation whose
 * answer was lost (MDG_WARD_ERROR_BROKEN) is simply run again: the ward
 * database answers with what it already did, and nothing is doubled.
 */

#pragma once

#include "mdg-store-sync.h"
#include "mdg-ward-connection.h"

G_BEGIN_DECLS

/* The ward schema version this build brings (data/ward-db). */
int        mdg_ward_get_schema_version    (void);

/* Creates or upgrades the ward schema and loads the bands of data/queue, in
 * one transaction; running it again changes nothing. A newer schema is
 * refused (MDG_WARD_ERROR_SCHEMA). */
void       mdg_ward_setup_async           (MdgWardConnection   *connection,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   mdg_ward_setup_finish          (GAsyncResult        *result,
                                           GError             **error);

/* Returns: (transfer full): the ids of the cases in the ward database. */
void       mdg_ward_list_cases_async      (MdgWardConnection   *connection,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
GStrv      mdg_ward_list_cases_finish     (GAsyncResult        *result,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Pushes the outbox in order, a batch per transaction, until it is empty;
 * a batch is marked sent only after its COMMIT was acknowledged. Returns
 * the number of rows pushed, -1 on error. */
void       mdg_ward_push_async            (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gint64     mdg_ward_push_finish           (GAsyncResult        *result,
                                           GError             **error);

/* Pulls the tickets and case states changed since the store's cursor (the
 * ward's change sequence), until caught up. @full starts from the beginning
 * (after a reconnect, or when the ward's sequence is behind the cursor). */
void       mdg_ward_pull_async            (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           gboolean             full,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   mdg_ward_pull_finish           (GAsyncResult        *result,
                                           GError             **error);

/* Voids in the ward the tickets whose online issue was given up (see
 * mdg_store_void_pending_async). */
void       mdg_ward_send_voids_async      (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   mdg_ward_send_voids_finish     (GAsyncResult        *result,
                                           GError             **error);

/* Issues a ticket of @band online. The store keeps the call's id until the
 * caller has announced the ticket and called mdg_store_end_pending_async()
 * with @pending_id: a run after a lost answer gets the same ticket. */
void       mdg_ward_issue_ticket_async    (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           int                  band,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns: (transfer full) (nullable): the ticket */
MdgTicket *mdg_ward_issue_ticket_finish   (GAsyncResult        *result,
                                           char               **pending_id,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Takes the oldest waiting ticket of @bands for @counter (or the one an
 * earlier call of this counter took but never announced). As for issue,
 * end the pending id after announcing. MDG_WARD_ERROR_NOTHING_WAITING
 * when no ticket waits (the pending id is then already closed). */
void       mdg_ward_call_next_async       (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           int                  counter,
                                           const int           *bands,
                                           guint                n_bands,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
MdgTicket *mdg_ward_call_next_finish      (GAsyncResult        *result,
                                           char               **pending_id,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Runs @ticket_op on its ticket atomically in the ward database: recall
 * (a no-show after the allowed recalls), hold, transfer, priority, close,
 * rate (see MdgTicketOpKind). Its id is stored in @store before it is
 * sent and closed once the ward answered, so a run after a lost answer
 * (MDG_WARD_ERROR_BROKEN) is applied once. Returns the ticket as it is now;
 * MDG_WARD_ERROR_NO_TICKET, MDG_WARD_ERROR_TICKET_STATE when the ticket's
 * state does not allow it, MDG_WARD_ERROR_NO_NUMBER for an unknown band. */
void       mdg_ward_ticket_op_async       (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           const MdgTicketOp   *ticket_op,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
/* Returns: (transfer full) (nullable): the ticket */
MdgTicket *mdg_ward_ticket_op_finish      (GAsyncResult        *result,
                                           GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Leases a block of numbers of @band for offline issue and stores it. A
 * lease whose answer is lost is only a gap in the numbers. */
void       mdg_ward_lease_async           (MdgWardConnection   *connection,
                                           MdgStore            *store,
                                           int                  band,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean   mdg_ward_lease_finish          (GAsyncResult        *result,
                                           GError             **error);

/* Counters ------------------------------------------------------------------ */

/* Writes this workstation's counter @counter and the bands it calls. */
void       mdg_ward_register_counter_async  (MdgWardConnection   *connection,
                                             MdgStore            *store,
                                             int                  counter,
                                             const int           *bands,
                                             guint                n_bands,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
gboolean   mdg_ward_register_counter_finish (GAsyncResult        *result,
                                             GError             **error);

/* The registered counters, each with the bands it calls (band_mask).
 * Returns: (transfer full) (element-type MdgQueueCounter) (nullable) */
void       mdg_ward_list_counters_async     (MdgWardConnection   *connection,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GArray    *mdg_ward_list_counters_finish    (GAsyncResult        *result,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Registry ------------------------------------------------------------------ */

/* Households of the registry with a member born on the day @query names
 * (mdg_day_parse_query(): S25.3.10, 3250310 …), or whose folded name or
 * kana contains the folded @query (mdg_kana_fold()); at most @limit, in id
 * order. Returns: (transfer full) (element-type utf8): each
 * household as its JSON text */
void       mdg_ward_search_registry_async   (MdgWardConnection   *connection,
                                             const char          *query,
                                             guint                limit,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
GPtrArray *mdg_ward_search_registry_finish  (GAsyncResult        *result,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* One household of the registry, by id, as JSON (data/demo/'s shape); the
 * ward records the opening in its audit. G_IO_ERROR_NOT_FOUND when it is
 * not there. */
void       mdg_ward_open_household_async    (MdgWardConnection   *connection,
                                             const char          *id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data);
char      *mdg_ward_open_household_finish   (GAsyncResult        *result,
                                             GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
