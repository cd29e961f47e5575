/* mdg-ward-conninfo.h: the rules a ward connection string must follow
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * ../shared/spec/ward-security.md: a connection string whose host is not
 * loopback (127.0.0.0/8, ::1, localhost) or a Unix-socket directory must
 * carry sslmode=verify-full and sslrootcert; no connection string holds a
 * password. Checked before anything connects, with libpq's environment
 * defaults (PGHOST, PGHOSTADDR, PGSSLMODE, PGSSLROOTCERT, PGSERVICE)
 * applied as libpq would apply them. No message quotes the string: it may
 * hold a password.
 */

#pragma once

#include <glib.h>
#include <libpq-fe.h>

G_BEGIN_DECLS

/* Parses and checks @conninfo (keyword=value pairs or a postgresql:// URI).
 * Returns: (transfer full) (nullable): the options the string gives (free
 * with PQconninfoFree()); @local (nullable) tells whether every host it
 * reaches is on this machine. Errors: MDG_WARD_ERROR_CONNINFO (malformed,
 * or a service= it cannot check), _PASSWORD_GIVEN, _NEEDS_TLS. */
PQconninfoOption *mdg_ward_conninfo_check        (const char  *conninfo,
                                                  gboolean    *local,
                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @host (one entry of a host= list) is loopback or a socket
 * directory. An empty entry counts as local (libpq's default socket). */
gboolean          mdg_ward_conninfo_host_is_local (const char *host);

/* The value @conninfo gives for @keyword, or NULL (also when malformed).
 * Returns: (transfer full) (nullable) */
char             *mdg_ward_conninfo_dup_value    (const char  *conninfo,
                                                  const char  *keyword) G_GNUC_WARN_UNUSED_RESULT;

/* @conninfo as keyword=value pairs with user=@user, after the same checks
 * as mdg_ward_conninfo_check() (a counter's link for its signed-in staff).
 * Returns: (transfer full) (nullable) */
char             *mdg_ward_conninfo_dup_for_user (const char  *conninfo,
                                                  const char  *user,
                                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PQconninfoOption, PQconninfoFree)

G_END_DECLS
