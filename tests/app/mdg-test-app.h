/* mdg-test-app.h: what every UI test process sets up
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-application.h"
#include "mdg-queue-source.h"
#include "mdg-tool-postgres.h"

G_BEGIN_DECLS

/* A private XDG_DATA_HOME (made from @home_template, returned in @home),
 * the language (English, or Japanese with MDG_TEST_LANGUAGE=ja, from this
 * build's translations), GTK and libadwaita for tests, and the
 * application, registered. Call first in main(). */
MdgApplication *mdg_test_app_init       (int          *argc,
                                         char       ***argv,
                                         const char   *home_template,
                                         char        **home);

/* A real PostgreSQL on loopback with an empty ward database set up by
 * `madoguchi-tool ward setup`. Returns: (transfer full): its conninfo */
char           *mdg_test_app_start_ward (MdgToolPostgres **server);

/* As a floor screen starts (`madoguchi --kiosk`, `--display`): the local
 * store at @store_path, a ward link to @conninfo (quick reconnects) and
 * today's queue from them. */
MdgQueueSource *mdg_test_app_open_source (const char    *store_path,
                                          const char    *conninfo,
                                          MdgStore     **store,
                                          MdgWardLink  **link);

/* The one value of @sql's one row, in the ward database of @conninfo.
 * Returns: (transfer full) */
char           *mdg_test_app_ward_value (const char    *conninfo,
                                         const char    *sql);

/* An async callback keeping its result in *@user_data (a GAsyncResult *),
 * and the test for it, for mdg_visit_driver_spin_until(). */
void            mdg_test_app_async_cb   (GObject       *object,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
gboolean        mdg_test_app_has_result (gpointer       data);

G_END_DECLS
