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

/* As a floor screen starts (`madoguchi --kiosk`, `--display`): a
 * workstation with the local store at @store_path, open, a ward link to
 * @conninfo (quick reconnects; none for %NULL) and today's queue from them. */
MdgWorkstation *mdg_test_app_open_workstation (const char *store_path,
                                               const char *conninfo);

/* The one value of @sql's one row, in the ward database of @conninfo.
 * Returns: (transfer full) */
char           *mdg_test_app_ward_value (const char    *conninfo,
                                         const char    *sql);

/* An async callback keeping its result in *@user_data (a GAsyncResult *),
 * and the test for it, for mdg_test_wait(). */
void            mdg_test_app_async_cb   (GObject       *object,
                                         GAsyncResult  *result,
                                         gpointer       user_data);
gboolean        mdg_test_app_has_result (gpointer       data);

/* Waiting: no test asserts after a fixed sleep. Iterates the main context
 * until @condition (@data) holds; after @timeout_ms the test fails, naming
 * the condition it awaited and where. MDG_TEST_TIMEOUT_MS is generous: a
 * cold font cache or a busy machine makes renders many times slower. */
typedef gboolean (*MdgTestCondition) (gpointer data);

#define MDG_TEST_TIMEOUT_MS 30000

void            mdg_test_wait_until_full (MdgTestCondition  condition,
                                          gpointer          data,
                                          guint             timeout_ms,
                                          const char       *what,
                                          const char       *file,
                                          int               line,
                                          const char       *func);
#define mdg_test_wait_until(condition, data, timeout_ms) \
  mdg_test_wait_until_full ((MdgTestCondition) (condition), (data), (timeout_ms), #condition, \
                            __FILE__, __LINE__, G_STRFUNC)
#define mdg_test_wait(condition, data) \
  mdg_test_wait_until (condition, data, MDG_TEST_TIMEOUT_MS)

/* Runs what is ready in the main context now, without waiting for more. */
void            mdg_test_drain           (void);

/* Waits until *@pointer is NULL: a weak pointer to an object whose work
 * ends with its finalization (a destroyed window, its store closed). */
gboolean        mdg_test_is_null         (gpointer          pointer);
#define mdg_test_wait_finalized(pointer) \
  mdg_test_wait_until_full (mdg_test_is_null, (pointer), MDG_TEST_TIMEOUT_MS, \
                            "the finalization of " #pointer, __FILE__, __LINE__, G_STRFUNC)

G_END_DECLS
