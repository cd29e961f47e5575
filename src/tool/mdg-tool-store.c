/* mdg-tool-store.c: case save, store check and purge, bench store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-store"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-store-retention.h"
#include "mdg-store-sync.h"
#include "mdg-tool-private.h"

void
mdg_tool_async_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  *slot = g_object_ref (result);
}

GAsyncResult *
mdg_tool_wait (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *slot;
}

MdgStore *
mdg_tool_open_store (const char *path,
                     int        *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MdgStore *store;

  if (path == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store PATH is required");
      return NULL;
    }

  mdg_store_open_async (path, NULL, mdg_tool_async_cb, &result);
  if (!(store = mdg_store_open_finish (mdg_tool_wait (&result), &error)))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s%s",
                               g_error_matches (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT)
                                 ? "the store is corrupt: " : "", error->message);
      return NULL;
    }

  return store;
}

/* case save ---------------------------------------------------------------- */

static int
case_save (int    argc,
           char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *file = NULL;
  g_autofree char *ticket_id = NULL;
  int rating = 0;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (JSON; - for stdin)", "FILE" },
    { "ticket", 0, 0, G_OPTION_ARG_STRING, &ticket_id, "The visit's ticket (its id)", "ID" },
    { "rating", 0, 0, G_OPTION_ARG_INT, &rating, "The resident's satisfaction, 1…5", "R" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (store_path == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store PATH is required");
  if (rating < 0 || rating > 5)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--rating: 1 to 5");
  if (ticket_id != NULL && !g_uuid_string_is_valid (ticket_id))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--ticket: \"%s\" is not a ticket id", ticket_id);

  if (!(kase = mdg_tool_load_case (file, &status)))
    return status;
  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  /* With a rating, as the counter does: a draft, then completed with it. */
  mdg_store_save_case_async (store, NULL, kase, rating == 0, ticket_id, NULL, mdg_tool_async_cb,
                             &result);
  if (!(id = mdg_store_save_case_finish (store, mdg_tool_wait (&result), &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot save the case: %s", error->message);
  if (rating > 0)
    {
      g_autoptr(GAsyncResult) completed = NULL;

      mdg_store_complete_case_async (store, id, NULL, rating, NULL, mdg_tool_async_cb, &completed);
      if (!mdg_store_complete_case_finish (store, mdg_tool_wait (&completed), &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot complete the case: %s", error->message);
    }

  /* The commit is durable (WAL, synchronous=FULL) when the finish returns. */
  printf ("%s\n", id);
  fflush (stdout);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_case (int    argc,
               char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "save") == 0)
    return case_save (argc - 1, argv + 1);

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: madoguchi-tool case save --store PATH --case FILE");
}

/* store check -------------------------------------------------------------- */

static int
store_check (int    argc,
             char **argv)
{
  g_autofree char *store_path = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  /* As every command: a missing store is created (a `case save` killed
   * before it made the file left nothing to check, and nothing is wrong). */
  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  mdg_store_check_async (store, NULL, mdg_tool_async_cb, &result);
  if (!(problems = mdg_store_check_finish (store, mdg_tool_wait (&result), &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot check the store: %s", error->message);

  for (guint i = 0; i < problems->len; i++)
    mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s: %s", store_path,
                   (const char *) g_ptr_array_index (problems, i));

  return problems->len == 0 ? MDG_TOOL_EXIT_OK : MDG_TOOL_EXIT_FAILURE;
}

/* store purge -------------------------------------------------------------- */

static int
store_purge (int    argc,
             char **argv)
{
  g_autofree char *store_path = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MdgStorePurge purge = { 0 };
  int retain_hours = MDG_STORE_RETAIN_HOURS_DEFAULT;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "retain-hours", 0, 0, G_OPTION_ARG_INT, &retain_hours,
      "Keep resident data this many hours after the ward confirmed it (default 24)", "N" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (retain_hours < 0 || retain_hours > 24 * 366)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--retain-hours: 0 to 8784");
  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  mdg_store_purge_async (store, retain_hours, NULL, mdg_tool_async_cb, &result);
  if (!mdg_store_purge_finish (store, mdg_tool_wait (&result), &purge, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot purge the store: %s", error->message);

  g_printerr ("%s: removed the resident data of %" G_GINT64_FORMAT " confirmed cases and %"
              G_GINT64_FORMAT " abandoned drafts\n", store_path, purge.cases, purge.drafts);
  if (!purge.wal_reset)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s: another process is reading the store; "
                          "its WAL could not be emptied yet (run it again)", store_path);

  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_store (int    argc,
                char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "check") == 0)
    return store_check (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "show") == 0)
    return mdg_tool_store_show (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "forms") == 0)
    return mdg_tool_store_forms (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "purge") == 0)
    return store_purge (argc - 1, argv + 1);

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: madoguchi-tool store check|show|forms|purge --store PATH "
                        "[--case ID --json | --case ID --output DIR | --retain-hours N]");
}

/* bench store -------------------------------------------------------------- */

typedef struct
{
  MdgStore *store;
  MdgCase  *kase;
  GArray   *latencies;  /* gint64 µs, one per commit */
  guint     to_start;
  guint     in_flight;
  GError   *error;
} Bench;

typedef struct
{
  Bench  *bench;
  gint64  started;
} BenchCall;

static void bench_save_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data);

static void
bench_start_one (Bench *bench)
{
  BenchCall *call = g_new (BenchCall, 1);

  bench->to_start--;
  bench->in_flight++;
  call->bench = bench;
  call->started = g_get_monotonic_time ();
  mdg_store_save_case_async (bench->store, NULL, bench->kase, TRUE, NULL, NULL, bench_save_cb,
                             call);
}

static void
bench_save_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autofree BenchCall *call = user_data;
  g_autofree char *id = NULL;
  Bench *bench = call->bench;
  gint64 latency = g_get_monotonic_time () - call->started;

  bench->in_flight--;
  if (!(id = mdg_store_save_case_finish (MDG_STORE (object), result,
                                         bench->error == NULL ? &bench->error : NULL)))
    return;

  g_array_append_val (bench->latencies, latency);
  if (bench->to_start > 0 && bench->error == NULL)
    bench_start_one (bench);
}

int
mdg_tool_compare_int64 (gconstpointer a,
                        gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

double
mdg_tool_percentile_ms (GArray *sorted_us,
                        double  fraction)
{
  guint index;

  if (sorted_us->len == 0)
    return 0;
  index = MIN (sorted_us->len - 1, (guint) (fraction * sorted_us->len));
  return g_array_index (sorted_us, gint64, index) / 1000.0;
}

static const char bench_case[] =
  "{\"event\": \"move_in\", \"event_date\": \"2026-01-15\", \"visit_date\": \"2026-01-20\","
  " \"from\": \"other_prefecture\", \"members\": ["
  "  {\"id\": \"m1\", \"name\": \"試験 一郎\", \"kana\": \"シケン イチロウ\","
  "   \"birth_date\": \"1985-06-01\", \"sex\": \"male\", \"relation\": \"head\","
  "   \"insurance\": \"nhi\", \"mynumber_card\": true, \"moving\": true},"
  "  {\"id\": \"m2\", \"name\": \"試験 花子\", \"birth_date\": \"1987-02-11\", \"sex\": \"female\","
  "   \"relation\": \"spouse\", \"moving\": true},"
  "  {\"id\": \"m3\", \"birth_date\": \"2019-09-30\", \"relation\": \"child\", \"moving\": true}],"
  " \"answers\": {\"owns_light_vehicle\": true, \"requested_certificates\": [\"residence\"]}}";

int
mdg_tool_bench_store (int    argc,
                      char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *tmpdir = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(GArray) latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  int n_cases = 20000;
  int concurrency = 16;
  int status = MDG_TOOL_EXIT_OK;
  Bench bench = { 0 };
  gint64 start;
  double seconds;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Cases to commit (default 20000)", "N" },
    { "concurrency", 0, 0, G_OPTION_ARG_INT, &concurrency,
      "Saves in flight at once, as from several windows (default 16; 1 = one after another)",
      "N" },
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path,
      "The store to write (default: a new one in a temporary directory)", "PATH" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_cases < 1 || concurrency < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--cases and --concurrency must be at least 1");

  if (store_path == NULL)
    {
      if (!(tmpdir = g_dir_make_tmp ("mdg-bench-store-XXXXXX", &error)))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
      store_path = g_build_filename (tmpdir, "store.sqlite", NULL);
    }

  if (!(kase = mdg_case_new_from_data (bench_case, -1, MDG_DAY_INVALID, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the bench case is invalid: %s", error->message);
  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  bench.store = store;
  bench.kase = kase;
  bench.latencies = latencies;
  bench.to_start = n_cases;

  start = g_get_monotonic_time ();
  for (int i = 0; i < concurrency && bench.to_start > 0; i++)
    bench_start_one (&bench);
  while (bench.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  seconds = (g_get_monotonic_time () - start) / 1e6;

  if (bench.error != NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "a save failed: %s", bench.error->message);

  g_array_sort (latencies, mdg_tool_compare_int64);
  printf ("bench store: %u completed cases, each with its outbox row "
          "(WAL, synchronous=FULL, %d in flight)\n", latencies->len, concurrency);
  printf ("  commits: %.0f cases/s (%.2f s)\n", latencies->len / seconds, seconds);
  printf ("  latency: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n",
          mdg_tool_percentile_ms (latencies, 0.50), mdg_tool_percentile_ms (latencies, 0.99),
          mdg_tool_percentile_ms (latencies, 1.0));

  g_clear_object (&store);
  if (tmpdir != NULL)
    {
      const char *suffixes[] = { "", "-wal", "-shm" };

      for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
        {
          g_autofree char *file = g_strconcat (store_path, suffixes[i], NULL);

          g_unlink (file);
        }
      g_rmdir (tmpdir);
    }

  return MDG_TOOL_EXIT_OK;
}
