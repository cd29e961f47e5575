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
/* "host=127.0.0.1 port=… dbname=@dbname user=postgres password=…" */
char            *mdg_tool_postgres_dup_conninfo (MdgToolPostgres  *self,
                                                 const char       *dbname);
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
