/* mdg-tool-ward.c: ward setup/cases/registry-load, sync, ticket issue/call-next
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Exit statuses follow ../shared/spec/sync.md: 1 when the ward database
 * cannot be reached or the link broke (run the command again: ids stored
 * before sending make the retry harmless), 3 when no ticket waits.
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

enum
{
  MDG_TOOL_EXIT_NOTHING_WAITING = 3,
  /* a ticket operation: no such ticket, or not in its state */
  MDG_TOOL_EXIT_TICKET_STATE = 4,
};

static gboolean
watchdog_cb (gpointer user_data)
{
  mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the ward database stopped answering");
  exit (MDG_TOOL_EXIT_FAILURE);
  return G_SOURCE_REMOVE;
}

/* The connection string itself is wrong (ward-security.md: exit 2). */
static gboolean
conninfo_refused (const GError *error)
{
  return g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_CONNINFO) ||
         g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_PASSWORD_GIVEN) ||
         g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS);
}

MdgWardConnection *
mdg_tool_ward_connect (const char *conninfo,
              int        *status)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MdgWardConnection *connection;

  if (conninfo == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--conninfo C is required");
      return NULL;
    }

  g_timeout_add_seconds (WATCHDOG_SECONDS, watchdog_cb, NULL);
  mdg_ward_connection_new_async (conninfo, CONNECT_TIMEOUT_SECONDS, NULL, mdg_tool_async_cb,
                                 &result);
  if (!(connection = mdg_ward_connection_new_finish (mdg_tool_wait (&result), &error)))
    {
      *status = mdg_tool_fail (conninfo_refused (error) ? MDG_TOOL_EXIT_BAD_INPUT
                                                       : MDG_TOOL_EXIT_FAILURE,
                               "%s", error->message);
      return NULL;
    }

  return connection;
}

/* ward setup | login | cases ----------------------------------------------- */

int
mdg_tool_ward_setup (const char *conninfo)
{
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  int status = MDG_TOOL_EXIT_OK;

  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  mdg_ward_setup_async (connection, NULL, mdg_tool_async_cb, &result);
  if (!mdg_ward_setup_finish (mdg_tool_wait (&result), &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ward setup: %s", error->message);

  fprintf (stderr, "madoguchi-tool: the ward schema is at version %d\n",
           mdg_ward_get_schema_version ());
  return MDG_TOOL_EXIT_OK;
}

static int
ward_cases (const char *conninfo)
{
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ids = NULL;
  int status = MDG_TOOL_EXIT_OK;

  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  mdg_ward_list_cases_async (connection, NULL, mdg_tool_async_cb, &result);
  if (!(ids = mdg_ward_list_cases_finish (mdg_tool_wait (&result), &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ward cases: %s", error->message);

  for (guint i = 0; ids[i] != NULL; i++)
    printf ("%s\n", ids[i]);
  fflush (stdout);
  return MDG_TOOL_EXIT_OK;
}

/* What a registry search matches for one member: the name and the kana,
 * with and without their spaces, and the birth date; lower case. */
static void
append_search (GString    *search,
               JsonObject *member)
{
  static const char * const keys[] = { "name", "kana", "birth_date" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      const char *value = json_object_get_string_member_with_default (member, keys[i], NULL);
      g_autofree char *folded = NULL;
      g_auto(GStrv) parts = NULL;
      g_autofree char *compact = NULL;

      if (value == NULL)
        continue;
      folded = g_utf8_strdown (value, -1);
      parts = g_strsplit (folded, " ", -1);
      compact = g_strjoinv ("", parts);
      g_string_append_printf (search, "%s\n%s\n", folded, compact);
    }
}

static gboolean
run_sql (MdgWardConnection  *connection,
         const char         *sql,
         guint               n_params,
         const char * const *params,
         GError            **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(PGresult) res = NULL;

  if (n_params == 0)
    mdg_ward_connection_exec_async (connection, sql, NULL, mdg_tool_async_cb, &result);
  else
    mdg_ward_connection_query_async (connection, sql, n_params, params, NULL,
                                     mdg_tool_async_cb, &result);
  res = mdg_ward_connection_query_finish (connection, mdg_tool_wait (&result), error);
  return res != NULL;
}

/* Loads the households of @dir (the shape of data/demo/) into the ward's
 * registry, as the resident records system's extract does: every file is
 * checked first, then all are written in one transaction. */
static int
ward_registry_load (const char *conninfo,
                    const char *dir)
{
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GListModel) households = NULL;
  g_autoptr(GError) error = NULL;
  guint n;
  int status = MDG_TOOL_EXIT_OK;

  if (dir == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--dir DIR is required");
  if (!(households = mdg_household_load_dir (dir, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "ward registry-load: %s", error->message);
  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  if (!run_sql (connection, "BEGIN", 0, NULL, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ward registry-load: %s", error->message);

  n = g_list_model_get_n_items (households);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (households, i);
      JsonArray *members = mdg_household_get_members (household);
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GString) search = g_string_new (NULL);
      g_autofree char *json = NULL;
      const char *params[3];

      for (guint j = 0; j < json_array_get_length (members); j++)
        append_search (search, json_array_get_object_element (members, j));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, mdg_household_get_id (household));
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, mdg_household_get_address (household));
      json_builder_set_member_name (builder, "members");
      json_builder_add_value (builder, json_node_init_array (json_node_alloc (),
                                                             json_array_ref (members)));
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      json = json_to_string (node, FALSE);

      params[0] = mdg_household_get_id (household);
      params[1] = json;
      params[2] = search->str;
      if (!run_sql (connection,
                    "INSERT INTO madoguchi.registry (id, household, search) "
                    "VALUES ($1, $2::jsonb, $3) ON CONFLICT (id) DO UPDATE SET "
                    "household = excluded.household, search = excluded.search, "
                    "updated_at = now ()", 3, params, &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ward registry-load: %s", error->message);
    }

  if (!run_sql (connection, "COMMIT", 0, NULL, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ward registry-load: %s", error->message);

  printf ("%u households\n", n);
  fflush (stdout);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_ward (int    argc,
               char **argv)
{
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  const char *command = argc >= 2 ? argv[1] : "";
  GOptionEntry entries[] = {
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo, "libpq connection string", "C" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &dir, "registry-load: a folder of households", "DIR" },
    { NULL }
  };

  argc--, argv++;
  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);

  if (strcmp (command, "setup") == 0)
    return mdg_tool_ward_setup (conninfo);
  if (strcmp (command, "cases") == 0)
    return ward_cases (conninfo);
  if (strcmp (command, "login") == 0)
    return mdg_tool_ward_login (conninfo);
  if (strcmp (command, "registry-load") == 0)
    return ward_registry_load (conninfo, dir);

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: madoguchi-tool ward setup|cases|login|registry-load --conninfo C");
}

/* sync ----------------------------------------------------------------------- */

static gboolean
sync_store (MdgWardConnection  *connection,
            MdgStore           *store,
            gint64             *pushed,
            GError            **error)
{
  g_autoptr(GAsyncResult) voided = NULL;
  g_autoptr(GAsyncResult) push = NULL;
  g_autoptr(GAsyncResult) pull = NULL;

  mdg_ward_send_voids_async (connection, store, NULL, mdg_tool_async_cb, &voided);
  if (!mdg_ward_send_voids_finish (mdg_tool_wait (&voided), error))
    return FALSE;

  mdg_ward_push_async (connection, store, NULL, mdg_tool_async_cb, &push);
  if ((*pushed = mdg_ward_push_finish (mdg_tool_wait (&push), error)) < 0)
    return FALSE;

  mdg_ward_pull_async (connection, store, FALSE, NULL, mdg_tool_async_cb, &pull);
  return mdg_ward_pull_finish (mdg_tool_wait (&pull), error);
}

gint64
mdg_tool_count_outbox (MdgStore  *store,
              GError   **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mdg_store_count_outbox_async (store, NULL, mdg_tool_async_cb, &result);
  return mdg_store_count_outbox_finish (store, mdg_tool_wait (&result), error);
}

int
mdg_tool_sync (int    argc,
               char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gint64 pushed = 0;
  gint64 left;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo, "libpq connection string", "C" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (conninfo == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--conninfo C is required");

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;
  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  /* A deadlock or a serialization failure rolled the transaction back, and
   * a push is idempotent: try again, a few times, after a short pause. */
  for (guint attempt = 1; !sync_store (connection, store, &pushed, &error); attempt++)
    {
      const char *sqlstate = mdg_ward_error_get_sqlstate (error);

      if (attempt >= 4 || !mdg_ward_connection_is_open (connection) ||
          (g_strcmp0 (sqlstate, "40P01") != 0 && g_strcmp0 (sqlstate, "40001") != 0))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "sync: %s (run it again: nothing is "
                              "lost or doubled)", error->message);

      g_debug ("Sync: %s, trying again", sqlstate);
      g_clear_error (&error);
      /* out of a transaction the error left open (queued before the retry) */
      mdg_ward_connection_exec_async (connection, "ROLLBACK", NULL, NULL, NULL);
      g_usleep (g_random_int_range (50, 250) * 1000);
    }

  if ((left = mdg_tool_count_outbox (store, &error)) != 0)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "sync: %" G_GINT64_FORMAT " rows are still "
                          "in the outbox%s%s", left, error != NULL ? ": " : "",
                          error != NULL ? error->message : "");

  fprintf (stderr, "madoguchi-tool: pushed %" G_GINT64_FORMAT " rows; the outbox is empty\n",
           pushed);
  return MDG_TOOL_EXIT_OK;
}

/* ticket issue | call-next ------------------------------------------------- */

static void
announce (const MdgTicket *ticket)
{
  printf ("%d\n", ticket->number);
  fflush (stdout);
}

static int
ticket_issue (int    argc,
              char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *conninfo = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) followed = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = NULL;
  const GError *fallback;
  gboolean offline = FALSE;
  int band = 0;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "band", 0, 0, G_OPTION_ARG_INT, &band, "The band (data/queue)", "B" },
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo, "libpq connection string", "C" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (band < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--band B (1 or more) is required");

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  /* Without --conninfo, or unreachable: from the leased numbers. */
  if (conninfo != NULL && !(connection = mdg_tool_ward_connect (conninfo, &status)))
    {
      if (status == MDG_TOOL_EXIT_BAD_INPUT)
        return status;
      fprintf (stderr, "madoguchi-tool: offline; issuing from the leased numbers\n");
    }

  /* The engine closes an online issue's pending id, durably, before it
   * answers: a kill after the print below never prints the number again
   * (a kill in the few microseconds between that commit and the print
   * loses the print instead). */
  mdg_ward_issue_async (connection, store, band, NULL, mdg_tool_async_cb, &result);
  ticket = mdg_ward_issue_finish (mdg_tool_wait (&result), &offline, &error);
  if ((fallback = mdg_ward_issue_get_fallback_error (result)) != NULL)
    fprintf (stderr, "madoguchi-tool: %s; trying the leased numbers\n", fallback->message);
  if (ticket == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ticket issue: %s", error->message);

  announce (ticket);

  /* Online extras after the number is out; their failures change nothing. */
  if (!offline)
    {
      mdg_ward_issue_follow_up_async (connection, store, ticket, TRUE, NULL, mdg_tool_async_cb,
                                      &followed);
      mdg_ward_issue_follow_up_finish (mdg_tool_wait (&followed), NULL);
    }
  return MDG_TOOL_EXIT_OK;
}

static gboolean
parse_bands (const char  *text,
             GArray      *bands)
{
  g_auto(GStrv) parts = g_strsplit (text != NULL ? text : "", ",", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint64 band;

      if (!g_ascii_string_to_unsigned (g_strstrip (parts[i]), 10, 1, G_MAXINT, &band, NULL))
        return FALSE;
      g_array_append_vals (bands, &(int) { band }, 1);
    }

  return bands->len > 0;
}

static int
ticket_call_next (int    argc,
                  char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *bands_text = NULL;
  g_autoptr(GArray) bands = g_array_new (FALSE, FALSE, sizeof (int));
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(MdgCounterDesk) desk = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = NULL;
  int counter = 0;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "counter", 0, 0, G_OPTION_ARG_INT, &counter, "The counter", "N" },
    { "bands", 0, 0, G_OPTION_ARG_STRING, &bands_text, "The bands it serves", "B[,B…]" },
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo, "libpq connection string", "C" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (counter < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--counter N (1 or more) is required");
  if (!parse_bands (bands_text, bands))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--bands B[,B…] needs band numbers");

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;
  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  /* The counter's protocol, as the window runs it: the desk closes the
   * pending call, durably, before it hands the ticket over. A kill before
   * that makes the next run take up the same call and print its number,
   * once; a number already printed is never printed again (a kill in the
   * few microseconds between that commit and the print loses the print). */
  desk = mdg_counter_desk_new (store);
  mdg_counter_desk_set_connection (desk, connection);
  mdg_counter_desk_set_counter (desk, counter, (const int *) bands->data, bands->len);
  mdg_counter_desk_call_next_async (desk, NULL, mdg_tool_async_cb, &result);
  if (!(ticket = mdg_counter_desk_call_finish (desk, mdg_tool_wait (&result), &error)))
    {
      if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING))
        {
          fprintf (stderr, "madoguchi-tool: %s\n", error->message);
          return MDG_TOOL_EXIT_NOTHING_WAITING;
        }
      return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ticket call-next: %s", error->message);
    }

  announce (ticket);
  return MDG_TOOL_EXIT_OK;
}

/* ticket recall | hold | transfer | priority | close | rate: prints the
 * number, the state and the recalls ("1001 called 1"). */
static int
ticket_operate (MdgTicketOpKind   kind,
                int               argc,
                char            **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *case_id = NULL;
  g_autofree char *event = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgWardConnection) connection = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgTicket) ticket = NULL;
  MdgTicketOp op = { .kind = kind };
  int max_recalls = 2;
  int rating = 0;
  gboolean off = FALSE;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "number", 0, 0, G_OPTION_ARG_INT, &op.number, "Today's ticket number", "N" },
    { "counter", 0, 0, G_OPTION_ARG_INT, &op.counter, "The counter", "N" },
    { "band", 0, 0, G_OPTION_ARG_INT, &op.band, "transfer: the new band", "B" },
    { "max-recalls", 0, 0, G_OPTION_ARG_INT, &max_recalls,
      "recall: a no-show after this many recalls (2)", "N" },
    { "off", 0, 0, G_OPTION_ARG_NONE, &off, "priority: take the priority away", NULL },
    { "case", 0, 0, G_OPTION_ARG_STRING, &case_id, "close: the visit's case id", "ID" },
    { "event", 0, 0, G_OPTION_ARG_STRING, &event, "close: the life event", "ID" },
    { "rating", 0, 0, G_OPTION_ARG_INT, &rating, "close, rate: satisfaction 1…5", "R" },
    { "conninfo", 0, 0, G_OPTION_ARG_STRING, &conninfo, "libpq connection string", "C" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (op.number < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--number N is required");
  if (kind == MDG_TICKET_OP_TRANSFER && op.band < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--band B is required");
  if (rating < 0 || rating > 5 || (kind == MDG_TICKET_OP_RATE && rating < 1))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--rating R must be 1 to 5");

  op.value = kind == MDG_TICKET_OP_RECALL ? max_recalls
             : kind == MDG_TICKET_OP_PRIORITY ? !off
             : rating;
  op.case_id = case_id;
  op.event = event;

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;
  if (!(connection = mdg_tool_ward_connect (conninfo, &status)))
    return status;

  mdg_ward_ticket_op_async (connection, store, &op, NULL, mdg_tool_async_cb, &result);
  if (!(ticket = mdg_ward_ticket_op_finish (mdg_tool_wait (&result), &error)))
    {
      if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET) ||
          g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE))
        return mdg_tool_fail (MDG_TOOL_EXIT_TICKET_STATE, "ticket %s: %s",
                              mdg_ticket_op_kind_to_string (kind), error->message);
      if (g_error_matches (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER))
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "ticket transfer: %s", error->message);
      return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "ticket %s: %s",
                            mdg_ticket_op_kind_to_string (kind), error->message);
    }

  printf ("%d %s %d\n", ticket->number, ticket->status, ticket->recalls);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_ticket (int    argc,
                 char **argv)
{
  static const MdgTicketOpKind ops[] = {
    MDG_TICKET_OP_RECALL, MDG_TICKET_OP_HOLD, MDG_TICKET_OP_TRANSFER,
    MDG_TICKET_OP_PRIORITY, MDG_TICKET_OP_CLOSE, MDG_TICKET_OP_RATE,
  };

  if (argc >= 2 && strcmp (argv[1], "issue") == 0)
    return ticket_issue (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "call-next") == 0)
    return ticket_call_next (argc - 1, argv + 1);
  for (guint i = 0; argc >= 2 && i < G_N_ELEMENTS (ops); i++)
    {
      if (strcmp (argv[1], mdg_ticket_op_kind_to_string (ops[i])) == 0)
        return ticket_operate (ops[i], argc - 1, argv + 1);
    }

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: madoguchi-tool ticket issue|call-next|recall|hold|transfer|"
                        "priority|close|rate --store PATH …");
}
