/* mdg-tool-private.h: the commands of madoguchi-tool
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

#include <gio/gio.h>

#include "mdg-case.h"
#include "mdg-catalog.h"

G_BEGIN_DECLS

enum
{
  MDG_TOOL_EXIT_OK = 0,
  MDG_TOOL_EXIT_FAILURE = 1,
  MDG_TOOL_EXIT_BAD_INPUT = 2,
};

/* Each takes argv with the command name at argv[0]. */
int      mdg_tool_guidance  (int     argc,
                             char  **argv);
int      mdg_tool_interview (int     argc,
                             char  **argv);
int      mdg_tool_date      (int     argc,
                             char  **argv);
int      mdg_tool_catalog   (int     argc,
                             char  **argv);
int      mdg_tool_bench     (int     argc,
                             char  **argv);
int      mdg_tool_form      (int     argc,
                             char  **argv);
int      mdg_tool_forms     (int     argc,
                             char  **argv);

/* The store and ward commands (mdg-tool-store.c, mdg-tool-ward.c). */
int      mdg_tool_case      (int     argc,
                             char  **argv);
int      mdg_tool_store     (int     argc,
                             char  **argv);
int      mdg_tool_sync      (int     argc,
                             char  **argv);
int      mdg_tool_ward      (int     argc,
                             char  **argv);
int      mdg_tool_ticket    (int     argc,
                             char  **argv);
/* ward login --conninfo C (mdg-tool-ward-login.c) */
int      mdg_tool_ward_login (const char *conninfo);

/* A visit, on the counter's model (mdg-tool-visit.c); `store show` and
 * `store forms` too. */
int      mdg_tool_visit      (int     argc,
                              char  **argv);
int      mdg_tool_store_show  (int     argc,
                               char  **argv);
int      mdg_tool_store_forms (int     argc,
                               char  **argv);

/* The plan's KPIs from a store's tickets (mdg-tool-kpi.c). */
int      mdg_tool_kpi       (int     argc,
                             char  **argv);

/* The card commands (mdg-tool-card.c). */
int      mdg_tool_card      (int     argc,
                             char  **argv);

/* Benchmarks, each taking argv with its name at argv[0]. */
int      mdg_tool_bench_guidance (int     argc,
                                  char  **argv);
int      mdg_tool_bench_card     (int     argc,
                                  char  **argv);
int      mdg_tool_bench_render   (int     argc,
                                  char  **argv);
int      mdg_tool_bench_store    (int     argc,
                                  char  **argv);
int      mdg_tool_bench_sync     (int     argc,
                                  char  **argv);
int      mdg_tool_bench_startup  (int     argc,
                                  char  **argv);
int      mdg_tool_bench_visit    (int     argc,
                                  char  **argv);
int      mdg_tool_bench_queue    (int     argc,
                                  char  **argv);
int      mdg_tool_bench_registry (int     argc,
                                  char  **argv);

/* Helpers shared by the commands. */
gboolean mdg_tool_parse_options (GOptionEntry  *entries,
                                 const char    *parameter,
                                 int           *argc,
                                 char        ***argv);
int      mdg_tool_fail          (int            status,
                                 const char    *format,
                                 ...) G_GNUC_PRINTF (2, 3);
/* The bytes of FILE ("-": stdin). */
GBytes  *mdg_tool_read_all      (const char    *file,
                                 GError       **error);
/* Reads FILE ("-": stdin) as a case; prints the one-line error itself. */
MdgCase *mdg_tool_load_case     (const char    *file,
                                 int           *status);
MdgCatalog *mdg_tool_load_catalog (int         *status);
void     mdg_tool_print_json    (JsonNode      *node);

/* Waiting on async calls: pass mdg_tool_async_cb with &slot (a NULL
 * GAsyncResult *), then mdg_tool_wait (&slot) iterates the main context
 * until the result is there. */
void          mdg_tool_async_cb      (GObject       *object,
                                      GAsyncResult  *result,
                                      gpointer       user_data);
GAsyncResult *mdg_tool_wait          (GAsyncResult **slot);
/* Opens the store; prints the one-line error itself (corrupt: status 1). */
struct _MdgStore *mdg_tool_open_store (const char   *path,
                                      int           *status);
/* The ward commands' connection (mdg-tool-ward.c): prints the one-line
 * error itself and sets @status (2 for a refused conninfo, 1 otherwise). */
struct _MdgWardConnection *mdg_tool_ward_connect (const char    *conninfo,
                                                  int           *status);
int           mdg_tool_ward_setup    (const char    *conninfo);
gint64        mdg_tool_count_outbox  (struct _MdgStore *store,
                                      GError       **error);
/* For g_array_sort() of gint64 (microseconds). */
int           mdg_tool_compare_int64 (gconstpointer  a,
                                      gconstpointer  b);
/* The value at @fraction of sorted microseconds, in ms. */
double        mdg_tool_percentile_ms (GArray        *sorted_us,
                                      double         fraction);

G_END_DECLS
