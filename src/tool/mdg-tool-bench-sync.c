/* mdg-tool-bench-sync.c: bench sync, the outbox pushed through a relay that
 * breaks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-ward"

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mdg-counter-desk.h"
#include "mdg-household.h"
#include "mdg-tool-postgres.h"
#include "mdg-tool-private.h"
#include "mdg-ward.h"
#include "mdg-ward-issue.h"
#include "mdg-ward-link.h"

#define CONNECT_TIMEOUT_SECONDS 10
/* A link that stalls without breaking must not hang a command forever. */
#define WATCHDOG_SECONDS 120

/* bench sync ------------------------------------------------------------- */

/* A TCP relay between the links and PostgreSQL that can play an outage:
 * while down, it cuts every connection and refuses new ones. */
typedef struct
{
  GSocketService *service;
  GSocketClient  *client;
  char           *upstream_host;
  guint16         upstream_port;
  guint16         port;
  GPtrArray      *streams;   /* GIOStream *, both ends of every relay */
  gboolean        down;
} Relay;

static void
relay_spliced_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_io_stream_splice_finish (result, NULL);
}

static void
relay_connected_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GSocketConnection) downstream = user_data;
  g_autoptr(GSocketConnection) upstream = NULL;
  Relay *relay = g_object_get_data (G_OBJECT (downstream), "relay");

  upstream = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (object), result, NULL);
  if (upstream == NULL || relay->down)
    {
      g_io_stream_close (G_IO_STREAM (downstream), NULL, NULL);
      return;
    }

  g_ptr_array_add (relay->streams, g_object_ref (downstream));
  g_ptr_array_add (relay->streams, g_object_ref (upstream));
  g_io_stream_splice_async (G_IO_STREAM (downstream), G_IO_STREAM (upstream),
                            G_IO_STREAM_SPLICE_CLOSE_STREAM1 | G_IO_STREAM_SPLICE_CLOSE_STREAM2,
                            G_PRIORITY_DEFAULT, NULL, relay_spliced_cb, NULL);
}

static gboolean
on_relay_incoming_cb (GSocketService    *service,
                      GSocketConnection *connection,
                      GObject           *source,
                      gpointer           user_data)
{
  Relay *relay = user_data;

  if (relay->down)
    {
      g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);
      return TRUE;
    }

  g_object_set_data (G_OBJECT (connection), "relay", relay);
  g_socket_client_connect_to_host_async (relay->client, relay->upstream_host,
                                         relay->upstream_port, NULL, relay_connected_cb,
                                         g_object_ref (connection));
  return TRUE;
}

static void
relay_set_down (Relay    *relay,
                gboolean  down)
{
  relay->down = down;
  if (!down)
    return;

  for (guint i = 0; i < relay->streams->len; i++)
    {
      GSocket *socket = g_socket_connection_get_socket (g_ptr_array_index (relay->streams, i));

      g_socket_shutdown (socket, TRUE, TRUE, NULL);
      g_socket_close (socket, NULL);
    }
  g_ptr_array_set_size (relay->streams, 0);
}

static gboolean
relay_start (Relay       *relay,
             const char  *host,
             guint16      port,
             GError     **error)
{
  relay->upstream_host = g_strdup (host);
  relay->upstream_port = port;
  relay->streams = g_ptr_array_new_with_free_func (g_object_unref);
  relay->client = g_socket_client_new ();
  relay->service = g_socket_service_new ();
  {
    g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
    g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
    g_autoptr(GSocketAddress) bound = NULL;

    if (!g_socket_listener_add_address (G_SOCKET_LISTENER (relay->service), address,
                                        G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                        &bound, error))
      return FALSE;
    relay->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  }
  g_signal_connect (relay->service, "incoming", G_CALLBACK (on_relay_incoming_cb), relay);
  g_socket_service_start (relay->service);
  return TRUE;
}

static void
relay_clear (Relay *relay)
{
  if (relay->service != NULL)
    g_socket_service_stop (relay->service);
  relay_set_down (relay, TRUE);
  g_clear_object (&relay->service);
  g_clear_object (&relay->client);
  g_clear_pointer (&relay->streams, g_ptr_array_unref);
  g_free (relay->upstream_host);
}

/* The conninfo with host and port replaced by the relay's. */
static char *
conninfo_via (const char *conninfo,
              guint16     port,
              char      **host,
              guint16    *upstream_port)
{
  g_autoptr(GString) out = g_string_new (NULL);
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  if (options == NULL)
    return NULL;

  *host = NULL;
  *upstream_port = 5432;
  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val == NULL)
        continue;
      if (strcmp (option->keyword, "host") == 0 || strcmp (option->keyword, "hostaddr") == 0)
        *host = g_strdup (option->val);
      else if (strcmp (option->keyword, "port") == 0)
        *upstream_port = atoi (option->val);
      else
        g_string_append_printf (out, "%s='%s' ", option->keyword, option->val);
    }
  PQconninfoFree (options);
  if (*host == NULL || (*host)[0] == '/')
    {
      g_free (*host);
      *host = g_strdup ("127.0.0.1");
    }

  g_string_append_printf (out, "host=127.0.0.1 port=%u", port);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static MdgStore *
open_temp_store (const char  *dir,
                 guint        index,
                 int         *status)
{
  g_autofree char *name = g_strdup_printf ("store-%u.sqlite", index);
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return mdg_tool_open_store (path, status);
}

static MdgCase *
bench_case_new (void)
{
  g_autoptr(GError) error = NULL;
  MdgCase *kase = mdg_case_new_from_data ("{\"event\": \"move_within_ward\","
                                          " \"event_date\": \"2026-02-02\","
                                          " \"visit_date\": \"2026-02-03\","
                                          " \"members\": [{\"id\": \"m1\","
                                          " \"birth_date\": \"1970-04-01\","
                                          " \"relation\": \"head\"}]}",
                                          -1, MDG_DAY_INVALID, &error);

  g_assert (kase != NULL);
  return kase;
}

typedef struct
{
  GPtrArray *stores;
  MdgCase   *kase;
  guint      in_flight;
  guint64    written;
} Writers;

static void
writer_saved_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Writers *writers = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_save_case_finish (MDG_STORE (object), result, &error);

  writers->in_flight--;
  if (id == NULL)
    mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "a save failed: %s", error->message);
  else
    writers->written++;
}

static gboolean
writers_tick_cb (gpointer user_data)
{
  Writers *writers = user_data;

  for (guint i = 0; i < writers->stores->len; i++)
    {
      writers->in_flight++;
      mdg_store_save_case_async (g_ptr_array_index (writers->stores, i), NULL, writers->kase,
                                 TRUE, NULL, NULL, writer_saved_cb, writers);
    }
  return G_SOURCE_CONTINUE;
}

static gint64
count_all_outboxes (GPtrArray *stores)
{
  gint64 total = 0;

  for (guint i = 0; i < stores->len; i++)
    total += mdg_tool_count_outbox (g_ptr_array_index (stores, i), NULL);
  return total;
}

static void
spin_for (double seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

int
mdg_tool_bench_sync (int    argc,
                     char **argv)
{
  g_autofree char *conninfo = NULL;
  g_autofree char *tmpdir = NULL;
  g_autofree char *relayed = NULL;
  g_autofree char *upstream_host = NULL;
  g_autoptr(MdgToolPostgres) postgres = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgCase) kase = bench_case_new ();
  g_autoptr(GPtrArray) stores = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) links = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  Relay relay = { 0 };
  Writers writers = { 0 };
  guint16 upstream_port;
  int n_rows = 20000;
  int outage = 30;
  int n_writers = 5;
  int rate = 50;
  int status = MDG_TOOL_EXIT_OK;
  gint64 start;
  gint64 pushed;
  gint64 backlog;
  double push_seconds;
  double drain_seconds;
  guint tick_id;
  GOptionEntry entries[] = {
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo,
      "The ward database (default: a PostgreSQL started on loopback)", "C" },
    { "rows", 0, 0, G_OPTION_ARG_INT, &n_rows, "Cases for the push rate (default 20000)", "N" },
    { "outage", 0, 0, G_OPTION_ARG_INT, &outage, "Seconds of outage (default 30)", "S" },
    { "writers", 0, 0, G_OPTION_ARG_INT, &n_writers, "Workstations writing (default 5)", "N" },
    { "rate", 0, 0, G_OPTION_ARG_INT, &rate, "Cases/s per writer (default 50)", "N" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_rows < 1 || outage < 0 || n_writers < 1 || rate < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "the counts must be positive");

  if (conninfo == NULL)
    {
      fprintf (stderr, "madoguchi-tool: starting PostgreSQL on loopback (fsync on)…\n");
      if (!(postgres = mdg_tool_postgres_start (TRUE, &error)))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot start PostgreSQL: %s",
                              error->message);
      conninfo = mdg_tool_postgres_dup_conninfo (postgres, "postgres");
    }
  if ((status = mdg_tool_ward_setup (conninfo)) != MDG_TOOL_EXIT_OK)
    return status;
  if (!(tmpdir = g_dir_make_tmp ("mdg-bench-sync-XXXXXX", &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);

  /* 1. Push rate: one workstation's outbox of n_rows cases. */
  if (!(store = open_temp_store (tmpdir, 0, &status)))
    return status;
  writers.stores = g_ptr_array_new ();
  g_ptr_array_add (writers.stores, store);
  writers.kase = kase;
  for (int i = 0; i < n_rows; i++)
    {
      writers_tick_cb (&writers);
      if (writers.in_flight >= 64)
        while (writers.in_flight > 0)
          g_main_context_iteration (NULL, TRUE);
    }
  while (writers.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  g_ptr_array_unref (writers.stores);

  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;
  start = g_get_monotonic_time ();
  {
    g_autoptr(GAsyncResult) result = NULL;

    mdg_ward_push_async (connection, store, NULL, mdg_tool_async_cb, &result);
    if ((pushed = mdg_ward_push_finish (mdg_tool_wait (&result), &error)) < 0)
      return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "push: %s", error->message);
  }
  push_seconds = (g_get_monotonic_time () - start) / 1e6;
  printf ("bench sync: push %" G_GINT64_FORMAT " cases, batches of up to 500 per transaction\n",
          pushed);
  printf ("  push: %.0f rows/s (%.2f s)\n", pushed / push_seconds, push_seconds);
  fflush (stdout);

  /* 2. Outage: n_writers workstations write through a relay that goes down. */
  if (!(relayed = conninfo_via (conninfo, 0, &upstream_host, &upstream_port)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "malformed connection string");
  if (!relay_start (&relay, upstream_host, upstream_port, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "relay: %s", error->message);
  g_free (relayed);
  relayed = conninfo_via (conninfo, relay.port, &upstream_host, &upstream_port);

  for (int i = 0; i < n_writers; i++)
    {
      MdgStore *writer_store = open_temp_store (tmpdir, i + 1, &status);
      MdgWardLink *link;

      if (writer_store == NULL)
        return status;
      g_ptr_array_add (stores, writer_store);
      link = mdg_ward_link_new (writer_store, relayed);
      g_ptr_array_add (links, link);
      mdg_ward_link_start (link);
    }

  writers = (Writers) { .stores = stores, .kase = kase };
  tick_id = g_timeout_add (MAX (1, 1000 / rate), writers_tick_cb, &writers);
  spin_for (2);
  relay_set_down (&relay, TRUE);
  fprintf (stderr, "madoguchi-tool: outage of %d s with %d writers at %d cases/s each…\n",
           outage, n_writers, rate);
  spin_for (outage);
  g_source_remove (tick_id);
  while (writers.in_flight > 0)
    g_main_context_iteration (NULL, TRUE);
  backlog = count_all_outboxes (stores);

  relay_set_down (&relay, FALSE);
  start = g_get_monotonic_time ();
  while (count_all_outboxes (stores) > 0)
    {
      spin_for (0.02);
      if (g_get_monotonic_time () - start > 120 * G_USEC_PER_SEC)
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the outboxes did not drain in 120 s");
    }
  drain_seconds = (g_get_monotonic_time () - start) / 1e6;

  printf ("  outage: %d s, %d writers, %" G_GUINT64_FORMAT " cases written, "
          "%" G_GINT64_FORMAT " queued at its end\n", outage, n_writers, writers.written, backlog);
  printf ("  drain after the outage: %.2f s (reconnect with backoff ≤ 2 s, then push)\n",
          drain_seconds);

  for (guint i = 0; i < links->len; i++)
    mdg_ward_link_stop (g_ptr_array_index (links, i));
  relay_clear (&relay);
  return MDG_TOOL_EXIT_OK;
}
