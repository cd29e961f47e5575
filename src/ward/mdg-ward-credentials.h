/* mdg-ward-credentials.h: the ward database password in the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password lives in the Secret Service (libsecret), keyed by host, port,
 * database and user; never in GSettings or a file.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

void      mdg_ward_credentials_store_async   (const char          *host,
                                              const char          *port,
                                              const char          *dbname,
                                              const char          *user,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  mdg_ward_credentials_store_finish  (GAsyncResult        *result,
                                              GError             **error);

/* The same, keyed by the host, port, database and user of @conninfo (a
 * libpq connection string), once it passed mdg_ward_conninfo_check().
 * Finish with mdg_ward_credentials_store_finish(). */
void      mdg_ward_credentials_store_for_conninfo_async (const char          *conninfo,
                                                         const char          *password,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);

/* Returns: (transfer full) (nullable): the password, NULL when none is
 * stored (without an error). */
void      mdg_ward_credentials_lookup_async  (const char          *host,
                                              const char          *port,
                                              const char          *dbname,
                                              const char          *user,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
/* The same, keyed by @conninfo as mdg_ward_credentials_store_for_conninfo_async()
 * keys it. Finish with mdg_ward_credentials_lookup_finish(). */
void      mdg_ward_credentials_lookup_for_conninfo_async (const char          *conninfo,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
char     *mdg_ward_credentials_lookup_finish (GAsyncResult        *result,
                                              GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
