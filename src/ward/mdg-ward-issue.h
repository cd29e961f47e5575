/* mdg-ward-issue.h: issuing a numbered ticket, online or from a lease
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one path by which the kiosk and `madoguchi-tool ticket issue` give a
 * resident a number. Online, the ward database numbers the ticket; when it
 * has no number left, or the link broke before its answer, or there is no
 * connection at all, the number comes from a block leased earlier (the
 * unanswered online issue is voided in the ward at the next sync, so
 * nobody holds two numbers). With no leased number left either, the issue
 * fails with MDG_STORE_ERROR_NO_NUMBER.
 *
 * The issue completes as soon as the number is durable, so the caller
 * announces it (prints, shows) at once; then, after an online issue, the
 * caller runs the follow-up that keeps a lease for the next outage.
 */

#pragma once

#include "mdg-store-sync.h"
#include "mdg-ward-connection.h"

G_BEGIN_DECLS

/* Lease another block of a band when fewer numbers than this are left. */
#define MDG_WARD_ISSUE_LEASE_LOW_WATER 5

/* Issues a ticket of @band: online through @connection (nullable: offline),
 * else from the leased numbers of @store. */
void          mdg_ward_issue_async              (MdgWardConnection   *connection,
                                                 MdgStore            *store,
                                                 int                  band,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* Returns: (transfer full) (nullable): the ticket; @offline (optional) is
 * set to whether it came from a lease. MDG_STORE_ERROR_NO_NUMBER when no
 * number could be issued at all. */
MdgTicket    *mdg_ward_issue_finish             (GAsyncResult        *result,
                                                 gboolean            *offline,
                                                 GError             **error)
                                                 G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (transfer none) (nullable): why an online issue of @result fell
 * back on the leased numbers (also when that failed too), or %NULL. */
const GError *mdg_ward_issue_get_fallback_error (GAsyncResult        *result);

/* After an online issue of @ticket: leases another block of its band when
 * fewer than MDG_WARD_ISSUE_LEASE_LOW_WATER numbers are left and, with
 * @sync, sends the voids, pushes the outbox and pulls (tickets issued
 * offline earlier reach the ward). For a connection of the caller's own;
 * an MdgWardLink pushes and pulls by itself, so pass @sync FALSE with its
 * connection. Failures are only logged: the ticket is issued already. */
void          mdg_ward_issue_follow_up_async    (MdgWardConnection   *connection,
                                                 MdgStore            *store,
                                                 const MdgTicket     *ticket,
                                                 gboolean             sync,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data);
/* FALSE only when cancelled. */
gboolean      mdg_ward_issue_follow_up_finish   (GAsyncResult        *result,
                                                 GError             **error);

G_END_DECLS
