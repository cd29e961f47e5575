/* mdg-tool-postgres.h: a private PostgreSQL on loopback for benchmarks and tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * initdb into a temporary directory (owned by the postgres user when run as
 * root), a random free port on 127.0.0.1, the socket in the directory, a
 * password for TCP (scram-sha-256). Blocking: for the tool and tests only.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdgToolPostgres MdgToolPostgres;

/* @fsync FALSE speeds up tests; benchmarks keep it on. */
MdgToolPostgres *mdg_tool_postgres_start        (gboolean          fsync,
                                                 GError          **error);
gboolean         mdg_tool_postgres_stop         (MdgToolPostgres  *self,
                                                 GError          **error);
/* Starts again after a stop, on the same port and data. */
gboolean         mdg_tool_postgres_restart      (MdgToolPostgres  *self,
                                                 GError          **error);
/* "host=127.0.0.1 port=… dbname=@dbname user=postgres passfile=…": the
 * password is in a libpq password file, not in the string. */
char            *mdg_tool_postgres_dup_conninfo (MdgToolPostgres  *self,
                                                 const char       *dbname);
/* The password of the postgres role. */
const char      *mdg_tool_postgres_get_password (MdgToolPostgres  *self);
/* Adds @user's password to the password file of the conninfo. */
gboolean         mdg_tool_postgres_add_password (MdgToolPostgres  *self,
                                                 const char       *user,
                                                 const char       *password,
                                                 GError          **error);
/* Serves TLS (ssl=on) with this certificate and key (PEM files, copied),
 * restarting the server when it runs. */
gboolean         mdg_tool_postgres_set_tls      (MdgToolPostgres  *self,
                                                 const char       *cert_file,
                                                 const char       *key_file,
                                                 GError          **error);
const char      *mdg_tool_postgres_get_port     (MdgToolPostgres  *self);
/* "host=<socket directory> port=… dbname=@dbname user=@user": local
 * connections are trusted, so any login the test made connects with no
 * password. */
char            *mdg_tool_postgres_dup_socket_conninfo (MdgToolPostgres *self,
                                                        const char      *dbname,
                                                        const char      *user);
/* Stops the server and removes the directory. */
void             mdg_tool_postgres_free         (MdgToolPostgres  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgToolPostgres, mdg_tool_postgres_free)

G_END_DECLS
