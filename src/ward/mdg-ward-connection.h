/* mdg-ward-connection.h: one non-blocking libpq connection in the main loop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * PQconnectStartParams/PQconnectPoll and PQsendQueryParams driven by a
 * g_unix_fd_add() watch on PQsocket: no thread ever waits on the network.
 * The connect has its own timeout (a GSource timer; libpq's connect_timeout
 * does not apply to non-blocking connects), TCP keepalives are on, and a
 * conninfo without a password takes it from the keyring when the server asks
 * for one. Queries queue and run one at a time, in order.
 */

#pragma once

#include <gio/gio.h>
#include <libpq-fe.h>

#include "mdg-ward-error.h"

G_BEGIN_DECLS

#define MDG_TYPE_WARD_CONNECTION (mdg_ward_connection_get_type ())

G_DECLARE_FINAL_TYPE (MdgWardConnection, mdg_ward_connection, MDG, WARD_CONNECTION, GObject)

/* Connects; @timeout_seconds bounds the whole connect (0: 10 s). The
 * string is checked first (mdg-ward-conninfo.h): nothing is sent when it
 * fails. Errors: MDG_WARD_ERROR_CONNINFO, _PASSWORD_GIVEN, _NEEDS_TLS,
 * _UNREACHABLE, _LOGIN (the server refused the password). */
void               mdg_ward_connection_new_async    (const char          *conninfo,
                                                     guint                timeout_seconds,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* The same with @password (a member of staff signing in), never looked up
 * in the keyring. MDG_WARD_ERROR_LOGIN when the server refuses it. Finish
 * with mdg_ward_connection_new_finish(). */
void               mdg_ward_connection_new_with_password_async (const char          *conninfo,
                                                                const char          *password,
                                                                guint                timeout_seconds,
                                                                GCancellable        *cancellable,
                                                                GAsyncReadyCallback  callback,
                                                                gpointer             user_data);
/* Returns: (transfer full) (nullable) */
MdgWardConnection *mdg_ward_connection_new_finish   (GAsyncResult        *result,
                                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* One statement with @n_params text parameters (each may be NULL). The
 * result is the statement's PGresult (tuples or command status). Errors:
 * MDG_WARD_ERROR_SERVER (the message starts with the SQLSTATE), _BROKEN. */
void               mdg_ward_connection_query_async  (MdgWardConnection   *self,
                                                     const char          *sql,
                                                     guint                n_params,
                                                     const char * const  *params,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Several statements without parameters (simple protocol); the result is
 * the last one that returned rows, else the last one. */
void               mdg_ward_connection_exec_async   (MdgWardConnection   *self,
                                                     const char          *sql,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
/* Returns: (transfer full) (nullable): for both query and exec */
PGresult          *mdg_ward_connection_query_finish (MdgWardConnection   *self,
                                                     GAsyncResult        *result,
                                                     GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* FALSE once the connection broke or closed; every queued query then fails. */
gboolean           mdg_ward_connection_is_open      (MdgWardConnection   *self);
void               mdg_ward_connection_close        (MdgWardConnection   *self);

/* The SQLSTATE of a MDG_WARD_ERROR_SERVER error, or NULL. */
const char        *mdg_ward_error_get_sqlstate      (const GError        *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PGresult, PQclear)

G_END_DECLS
