/* mdg-ward.c: setup, push, pull, tickets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation is a small state machine: one task, its Op as task data,
 * and a step function that gets the result of the previous call.
 */

#define G_LOG_DOMAIN "mdg-ward"

#include "config.h"

#include <json-glib/json-glib.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-ward.h"
#include "mdg-ward-resources.h"

#define RESOURCE_PATH "/io/github/madoguchi/Madoguchi/ward/"
#define PUSH_ROWS 500
#define PUSH_BYTES (4 * 1024 * 1024)
#define PULL_ROWS 1000
/* Serialises concurrent `ward setup` runs. */
#define SETUP_LOCK "7135624981"

typedef struct _Op Op;
typedef void (*OpStep) (GTask        *task,
                        Op           *op,
                        GAsyncResult *result);

struct _Op
{
  MdgWardConnection *connection;
  MdgStore          *store;
  OpStep             step;
  GError            *error;     /* the first error of a pipelined batch */
  GPtrArray         *items;
  GArray            *bands;
  GStrv              migrations;
  char              *pending_id;
  MdgTicket         *ticket;
  MdgTicketOp       *ticket_op;
  gint64             value;
  gint64             cursor;
  int                band;
  int                counter;
  guint              index;
  guint              n_pipelined;
  gboolean           full;
};

static void
op_free (Op *op)
{
  g_clear_object (&op->connection);
  g_clear_object (&op->store);
  g_clear_error (&op->error);
  g_clear_pointer (&op->items, g_ptr_array_unref);
  g_clear_pointer (&op->bands, g_array_unref);
  g_clear_pointer (&op->migrations, g_strfreev);
  g_free (op->pending_id);
  g_clear_pointer (&op->ticket, mdg_ticket_free);
  g_clear_pointer (&op->ticket_op, mdg_ticket_op_free);
  g_free (op);
}

static void
op_cb (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);

  op->step (task, op, result);
}

static GTask *
op_new (MdgWardConnection   *connection,
        MdgStore            *store,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data,
        gpointer             source_tag,
        Op                 **out_op)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  Op *op = g_new0 (Op, 1);

  op->connection = g_object_ref (connection);
  op->store = store != NULL ? g_object_ref (store) : NULL;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  *out_op = op;
  return task;
}

/* Runs @sql with its parameters; @step gets the result. */
static void
op_query (GTask              *task,
          Op                 *op,
          OpStep              step,
          const char         *sql,
          guint               n_params,
          const char * const *params)
{
  op->step = step;
  mdg_ward_connection_query_async (op->connection, sql, n_params, params,
                                   g_task_get_cancellable (task), op_cb, g_object_ref (task));
}

static void
op_exec (GTask      *task,
         Op         *op,
         OpStep      step,
         const char *sql)
{
  op->step = step;
  mdg_ward_connection_exec_async (op->connection, sql, g_task_get_cancellable (task), op_cb,
                                  g_object_ref (task));
}

static PGresult *
op_result (Op           *op,
           GAsyncResult *result,
           GTask        *task)
{
  GError *error = NULL;
  PGresult *res = mdg_ward_connection_query_finish (op->connection, result, &error);

  if (res == NULL)
    g_task_return_error (task, error);
  return res;
}

static const char *
get_value (PGresult *result,
           int       row,
           int       column)
{
  return PQgetisnull (result, row, column) ? NULL : PQgetvalue (result, row, column);
}

static int
get_int (PGresult *result,
         int       row,
         int       column)
{
  const char *value = get_value (result, row, column);

  return value != NULL ? atoi (value) : 0;
}

static gint64
get_int64 (PGresult *result,
           int       row,
           int       column)
{
  const char *value = get_value (result, row, column);

  return value != NULL ? g_ascii_strtoll (value, NULL, 10) : 0;
}

/* The columns of a ticket beyond its number and state, in the order
 * read_ticket_facts() reads them; times as ISO 8601 in UTC. */
#define TICKET_FACTS \
  "priority, recalls, " \
  "to_char (issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "to_char (called_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "to_char (closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "case_id, event, rating"

static void
read_ticket_facts (MdgTicket *ticket,
                   PGresult  *res,
                   int        row,
                   int        first)
{
  ticket->priority = g_strcmp0 (get_value (res, row, first), "t") == 0;
  ticket->recalls = get_int (res, row, first + 1);
  ticket->issued_at = g_strdup (get_value (res, row, first + 2));
  ticket->called_at = g_strdup (get_value (res, row, first + 3));
  ticket->closed_at = g_strdup (get_value (res, row, first + 4));
  ticket->case_id = g_strdup (get_value (res, row, first + 5));
  ticket->event = g_strdup (get_value (res, row, first + 6));
  ticket->rating = get_int (res, row, first + 7);
}

/* Setup -------------------------------------------------------------------- */

static void
ensure_resources (void)
{
  static gsize registered = 0;

  if (g_once_init_enter (&registered))
    {
      mdg_ward_register_resource ();
      g_once_init_leave (&registered, 1);
    }
}

static int
compare_names (const void *a,
               const void *b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static GStrv
list_migrations (void)
{
  g_auto(GStrv) names = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) sorted = NULL;

  ensure_resources ();
  names = g_resources_enumerate_children (RESOURCE_PATH "ward-db/", 0, NULL);
  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      if (g_str_has_suffix (names[i], ".sql"))
        g_strv_builder_add (builder, names[i]);
    }

  sorted = g_strv_builder_end (builder);
  qsort (sorted, g_strv_length (sorted), sizeof (char *), compare_names);
  /* Numbered 0001, 0002 … without gaps: the version is the position. */
  for (guint i = 0; sorted[i] != NULL; i++)
    g_assert (atoi (sorted[i]) == (int) i + 1);

  return g_steal_pointer (&sorted);
}

int
mdg_ward_get_schema_version (void)
{
  g_auto(GStrv) migrations = list_migrations ();

  return g_strv_length (migrations);
}

static GBytes *
lookup_resource (const char *name)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, NULL);
  GBytes *bytes;

  ensure_resources ();
  bytes = g_resources_lookup_data (path, 0, NULL);

  g_assert (bytes != NULL);
  return bytes;
}

static void setup_migrate (GTask *task, Op *op, GAsyncResult *result);

static void
setup_done (GTask        *task,
            Op           *op,
            GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res == NULL)
    return;

  if (g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                               "The ward schema could not be set up (rolled back)");
      return;
    }

  g_task_return_boolean (task, TRUE);
}

static void
setup_bands (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res == NULL)
    return;

  op_exec (task, op, setup_done, "COMMIT");
}

static void
setup_migrate_next (GTask *task,
                    Op    *op)
{
  g_autoptr(GBytes) bytes = NULL;

  if (op->migrations[op->index] == NULL)
    {
      g_autoptr(GBytes) bands = lookup_resource ("queue/bands.json");
      const char *params[] = { g_bytes_get_data (bands, NULL) };

      /* Upserts that change nothing when the bands are the same. */
      op_query (task, op, setup_bands,
                "INSERT INTO madoguchi.bands (band, first_number, last_number, lease_size, name) "
                "SELECT (b->>'band')::integer, (b->>'first')::integer, (b->>'last')::integer,"
                "       (b->>'lease_size')::integer, b->>'name' "
                "FROM jsonb_array_elements (($1::jsonb)->'bands') b "
                "ON CONFLICT (band) DO UPDATE SET"
                "  first_number = excluded.first_number, last_number = excluded.last_number,"
                "  lease_size = excluded.lease_size, name = excluded.name "
                "WHERE (bands.first_number, bands.last_number, bands.lease_size, bands.name)"
                "  IS DISTINCT FROM (excluded.first_number, excluded.last_number,"
                "                    excluded.lease_size, excluded.name)",
                1, params);
      return;
    }

  {
    g_autofree char *name = g_strconcat ("ward-db/", op->migrations[op->index], NULL);
    g_autofree char *version = g_strdup_printf ("%u", op->index + 1);
    g_autoptr(GString) sql = NULL;

    bytes = lookup_resource (name);
    sql = g_string_new_len (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    /* The migration and its record, in the setup's transaction. */
    g_string_append_printf (sql, ";\nINSERT INTO public.madoguchi_migrations (version, name) "
                                 "VALUES (%s, '%s');", version, op->migrations[op->index]);
    g_debug ("Applying ward migration %s", version);
    op->index++;
    op_exec (task, op, setup_migrate, sql->str);
  }
}

static void
setup_migrate (GTask        *task,
               Op           *op,
               GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res != NULL)
    setup_migrate_next (task, op);
}

static void
setup_versioned (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  guint known = g_strv_length (op->migrations);
  int version;

  if (res == NULL)
    return;

  version = get_int (res, 0, 0);
  if (version > (int) known)
    {
      mdg_ward_connection_exec_async (op->connection, "ROLLBACK", NULL, NULL, NULL);
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SCHEMA,
                               "The ward schema is version %d; this build knows version %u at "
                               "most. Use a newer Madoguchi; nothing was changed.",
                               version, known);
      return;
    }

  op->index = version;
  setup_migrate_next (task, op);
}

void
mdg_ward_setup_async (MdgWardConnection   *connection,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, NULL, cancellable, callback, user_data,
                        mdg_ward_setup_async, &op);

  op->migrations = list_migrations ();
  op_exec (task, op, setup_versioned,
           "BEGIN;"
           "SELECT pg_advisory_xact_lock (" SETUP_LOCK ");"
           "CREATE TABLE IF NOT EXISTS public.madoguchi_migrations ("
           "  version integer PRIMARY KEY,"
           "  name text NOT NULL,"
           "  applied_at timestamptz NOT NULL DEFAULT now ());"
           "SELECT coalesce (max (version), 0) FROM public.madoguchi_migrations;");
  g_object_unref (task);
}

gboolean
mdg_ward_setup_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Cases -------------------------------------------------------------------- */

static void
list_cases_done (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  GStrv ids;

  if (res == NULL)
    return;

  ids = g_new0 (char *, PQntuples (res) + 1);
  for (int i = 0; i < PQntuples (res); i++)
    ids[i] = g_strdup (PQgetvalue (res, i, 0));
  g_task_return_pointer (task, ids, (GDestroyNotify) g_strfreev);
}

void
mdg_ward_list_cases_async (MdgWardConnection   *connection,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, NULL, cancellable, callback, user_data,
                        mdg_ward_list_cases_async, &op);

  op_query (task, op, list_cases_done, "SELECT id FROM madoguchi.cases ORDER BY seq", 0, NULL);
  g_object_unref (task);
}

GStrv
mdg_ward_list_cases_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Push --------------------------------------------------------------------- */

/* One INSERT per kind of record; a replay is harmless. */
static const struct {
  const char *kind;
  const char *sql;
} push_sql[] = {
  /* The case and, in the same statement, its hand-off records. */
  { "case",
    "WITH handoffs AS ("
    "  INSERT INTO madoguchi.handoffs (id, case_id, department, procedures, forms) "
    "  SELECT (h->>'id')::uuid, (r->>'id')::uuid, h->>'department', h->'procedures', h->'forms' "
    "  FROM jsonb_array_elements ($1::jsonb) r,"
    "       jsonb_array_elements (coalesce (r->'handoffs', '[]'::jsonb)) h "
    "  ON CONFLICT (id) DO NOTHING) "
    "INSERT INTO madoguchi.cases (id, workstation, status, case_file, answers, ticket_id,"
    "                             signature, signature_type, completed_at, rating) "
    "SELECT (r->>'id')::uuid, (r->>'workstation')::uuid, r->>'status', r->'case_file',"
    "       r->'answers', (r->>'ticket_id')::uuid, decode (r->>'signature', 'hex'),"
    "       r->>'signature_type', (r->>'completed_at')::timestamptz, (r->>'rating')::smallint "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "form",
    "INSERT INTO madoguchi.case_forms (id, case_id, procedure, pdf, signed) "
    "SELECT (r->>'id')::uuid, (r->>'case_id')::uuid, r->>'procedure',"
    "       decode (r->>'pdf', 'hex'), (r->>'signed')::boolean "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "ticket",
    "INSERT INTO madoguchi.tickets (id, day, band, number, workstation, lease_id, issued_at) "
    "SELECT (r->>'id')::uuid, (r->>'day')::date, (r->>'band')::integer,"
    "       (r->>'number')::integer, (r->>'workstation')::uuid, (r->>'lease_id')::uuid,"
    "       (r->>'issued_at')::timestamptz "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
  { "audit",
    "INSERT INTO madoguchi.audit (id, at, workstation, staff, action, subject, case_id,"
    "                             fields) "
    "SELECT (r->>'id')::uuid, (r->>'at')::timestamptz, (r->>'workstation')::uuid,"
    "       r->>'staff', r->>'action', r->>'subject', (r->>'case_id')::uuid, r->'fields' "
    "FROM jsonb_array_elements ($1::jsonb) r ON CONFLICT (id) DO NOTHING" },
};

static void push_peek (GTask *task, Op *op);

static void
push_marked (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_mark_sent_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op->value += op->items->len;
  g_clear_pointer (&op->items, g_ptr_array_unref);
  push_peek (task, op);
}

static void
push_committed (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  const MdgOutboxItem *last;

  if (res == NULL)
    return;

  if (op->error != NULL || g_strcmp0 (PQcmdStatus (res), "COMMIT") != 0)
    {
      g_task_return_error (task, op->error != NULL
                           ? g_steal_pointer (&op->error)
                           : g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                                          "The ward database rolled the batch back"));
      return;
    }

  /* Committed and acknowledged: only now is the batch sent. */
  last = g_ptr_array_index (op->items, op->items->len - 1);
  g_debug ("Pushed %u rows up to %" G_GINT64_FORMAT, op->items->len, last->seq);
  op->step = push_marked;
  mdg_store_mark_sent_async (op->store, last->seq, NULL, op_cb, g_object_ref (task));
}

/* Statements of the batch before COMMIT: remember the first failure. */
static void
push_statement_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Op *op = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (MDG_WARD_CONNECTION (object),
                                                              result, &error);

  if (res == NULL && op->error == NULL)
    op->error = g_steal_pointer (&error);
}

static void
push_peeked (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;
  GCancellable *cancellable = g_task_get_cancellable (task);

  if (!(op->items = mdg_store_peek_outbox_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->items->len == 0)
    {
      g_task_return_int (task, op->value);
      return;
    }

  /* One transaction: each kind's rows as one JSON array, cases before forms. */
  mdg_ward_connection_exec_async (op->connection, "BEGIN", cancellable, push_statement_cb,
                                  g_object_ref (task));
  for (guint k = 0; k < G_N_ELEMENTS (push_sql); k++)
    {
      g_autoptr(GString) json = g_string_new ("[");
      const char *params[1];

      for (guint i = 0; i < op->items->len; i++)
        {
          const MdgOutboxItem *item = g_ptr_array_index (op->items, i);

          if (strcmp (item->kind, push_sql[k].kind) != 0)
            continue;
          if (json->len > 1)
            g_string_append_c (json, ',');
          g_string_append (json, item->payload);
        }
      if (json->len == 1)
        continue;

      g_string_append_c (json, ']');
      params[0] = json->str;
      mdg_ward_connection_query_async (op->connection, push_sql[k].sql, 1, params, cancellable,
                                       push_statement_cb, g_object_ref (task));
    }
  op_exec (task, op, push_committed, "COMMIT");
}

static void
push_peek (GTask *task,
           Op    *op)
{
  op->step = push_peeked;
  mdg_store_peek_outbox_async (op->store, PUSH_ROWS, PUSH_BYTES, NULL, op_cb,
                               g_object_ref (task));
}

void
mdg_ward_push_async (MdgWardConnection   *connection,
                     MdgStore            *store,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_push_async, &op);

  push_peek (task, op);
  g_object_unref (task);
}

gint64
mdg_ward_push_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* Pull --------------------------------------------------------------------- */

static void pull_batch (GTask *task, Op *op);

static void
pull_applied (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_apply_pull_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->value < PULL_ROWS)
    g_task_return_boolean (task, TRUE);
  else
    pull_batch (task, op);
}

static void
pull_rows (GTask        *task,
           Op           *op,
           GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  GPtrArray *tickets;
  GPtrArray *cases;

  if (res == NULL)
    return;

  tickets = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_ticket_free);
  cases = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_ward_case_state_free);
  for (int i = 0; i < PQntuples (res); i++)
    {
      gint64 seq = get_int64 (res, i, 2);
      const char *status = get_value (res, i, 6);

      op->cursor = MAX (op->cursor, seq);
      if (strcmp (PQgetvalue (res, i, 0), "t") == 0)
        {
          MdgTicket *ticket;

          if (g_strcmp0 (status, "void") == 0)
            continue;
          ticket = g_new0 (MdgTicket, 1);
          ticket->id = g_strdup (get_value (res, i, 1));
          ticket->ward_seq = seq;
          ticket->day = g_strdup (get_value (res, i, 3));
          ticket->band = get_int (res, i, 4);
          ticket->number = get_int (res, i, 5);
          ticket->status = g_strdup (status);
          ticket->counter = get_int (res, i, 7);
          read_ticket_facts (ticket, res, i, 9);
          g_ptr_array_add (tickets, ticket);
        }
      else
        {
          MdgWardCaseState *state = g_new0 (MdgWardCaseState, 1);

          state->id = g_strdup (get_value (res, i, 1));
          state->ward_seq = seq;
          state->status = g_strdup (status);
          state->workstation = g_strdup (get_value (res, i, 8));
          g_ptr_array_add (cases, state);
        }
    }

  op->value = PQntuples (res);
  g_debug ("Pulled %" G_GINT64_FORMAT " changes up to %" G_GINT64_FORMAT, op->value, op->cursor);
  op->step = pull_applied;
  mdg_store_apply_pull_async (op->store, tickets, cases, op->cursor, NULL, op_cb,
                              g_object_ref (task));
}

static void
pull_batch (GTask *task,
            Op    *op)
{
  g_autofree char *sql = NULL;

  /* SHARE mode waits for every transaction writing these tables and holds
   * new ones off, so no change with a smaller sequence can commit after
   * this read: the cursor never passes over a change. The tables are taken
   * in the order a push writes them (cases, then tickets): the other order
   * deadlocks with a push that holds cases and waits for tickets. */
  sql = g_strdup_printf ("BEGIN;"
                         "LOCK TABLE madoguchi.cases, madoguchi.tickets IN SHARE MODE;"
                         "SELECT 't', id, seq, day, band, number, status, counter, workstation,"
                         "       " TICKET_FACTS
                         "  FROM madoguchi.tickets WHERE seq > %" G_GINT64_FORMAT
                         " UNION ALL "
                         "SELECT 'c', id, seq, NULL, NULL, NULL, status, NULL, workstation,"
                         "       NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
                         "  FROM madoguchi.cases WHERE seq > %" G_GINT64_FORMAT
                         " ORDER BY 3 LIMIT %d;"
                         "COMMIT;", op->cursor, op->cursor, PULL_ROWS);
  op_exec (task, op, pull_rows, sql);
}

static void
pull_sequence (GTask        *task,
               Op           *op,
               GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res == NULL)
    return;

  /* A ward database restored from an older copy is behind the cursor. */
  if (op->full || get_int64 (res, 0, 0) < op->cursor)
    op->cursor = 0;
  pull_batch (task, op);
}

static void
pull_cursor (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if ((op->cursor = mdg_store_get_cursor_finish (op->store, result, &error)) < 0)
    {
      g_task_return_error (task, error);
      return;
    }

  op_query (task, op, pull_sequence, "SELECT last_value FROM madoguchi.change_seq", 0, NULL);
}

void
mdg_ward_pull_async (MdgWardConnection   *connection,
                     MdgStore            *store,
                     gboolean             full,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_pull_async, &op);

  op->full = full;
  op->step = pull_cursor;
  mdg_store_get_cursor_async (store, NULL, op_cb, task);
}

gboolean
mdg_ward_pull_finish (GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Voids -------------------------------------------------------------------- */

static void voids_next (GTask *task, Op *op);

static void
voids_ended (GTask        *task,
             Op           *op,
             GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_pending_finish (op->store, result, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  op->index++;
  voids_next (task, op);
}

static void
voids_sent (GTask        *task,
            Op           *op,
            GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  const char *line;

  if (res == NULL)
    return;

  line = g_ptr_array_index (op->items, op->index);
  g_free (op->pending_id);
  op->pending_id = g_strndup (line, strcspn (line, " "));
  op->step = voids_ended;
  mdg_store_end_pending_async (op->store, op->pending_id, NULL, NULL, op_cb, g_object_ref (task));
}

static void
voids_next (GTask *task,
            Op    *op)
{
  g_auto(GStrv) parts = NULL;

  if (op->index >= op->items->len)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }

  parts = g_strsplit (g_ptr_array_index (op->items, op->index), " ", 2);
  op_query (task, op, voids_sent, "SELECT madoguchi.void_ticket ($1, $2)", 2,
            (const char * const *) parts);
}

static void
voids_listed (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!(op->items = mdg_store_list_void_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  voids_next (task, op);
}

void
mdg_ward_send_voids_async (MdgWardConnection   *connection,
                           MdgStore            *store,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_send_voids_async, &op);

  op->step = voids_listed;
  mdg_store_list_void_async (store, NULL, op_cb, task);
}

gboolean
mdg_ward_send_voids_finish (GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Tickets ------------------------------------------------------------------ */

static MdgTicket *
ticket_from_row (PGresult *res,
                 int       counter_column)
{
  MdgTicket *ticket = g_new0 (MdgTicket, 1);

  /* id, day, band, number, status[, counter], seq */
  ticket->id = g_strdup (get_value (res, 0, 0));
  ticket->day = g_strdup (get_value (res, 0, 1));
  ticket->band = get_int (res, 0, 2);
  ticket->number = get_int (res, 0, 3);
  ticket->status = g_strdup (get_value (res, 0, 4));
  ticket->counter = counter_column > 0 ? get_int (res, 0, counter_column) : 0;
  ticket->ward_seq = get_int64 (res, 0, PQnfields (res) - 1);
  return ticket;
}

/* The pending call is closed (nothing was taken), then @error returned. */
static void
ticket_ended (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_pending_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_error (task, g_steal_pointer (&op->error));
}

static void
ticket_answered (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (op->connection, result, &error);
  const char *sqlstate = mdg_ward_error_get_sqlstate (error);

  if (res != NULL && PQntuples (res) == 1 && !PQgetisnull (res, 0, 3))
    {
      op->ticket = ticket_from_row (res, op->counter > 0 ? 5 : 0);
      g_task_return_pointer (task, g_steal_pointer (&op->ticket), (GDestroyNotify) mdg_ticket_free);
      return;
    }

  if (res != NULL && op->counter > 0 && PQntuples (res) == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NOTHING_WAITING,
                             "No ticket of those bands is waiting");
  else if (res != NULL)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                             "The ward database gave no ticket for the call");
  else if (g_strcmp0 (sqlstate, "MDG01") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d is not a band of the ward", op->band);
  else if (g_strcmp0 (sqlstate, "MDG02") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d has no number left today", op->band);
  else
    {
      /* Broken link or another failure: the pending id stays for the retry. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ward certainly took nothing: close the pending id. */
  op->step = ticket_ended;
  mdg_store_end_pending_async (op->store, op->pending_id, NULL, NULL, op_cb, g_object_ref (task));
}

static void
ticket_pending (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  GError *error = NULL;
  g_autofree char *bands = NULL;
  g_autofree char *key = NULL;

  if (!(op->pending_id = mdg_store_begin_pending_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  if (op->counter > 0)
    {
      g_autoptr(GString) list = g_string_new ("{");
      const char *params[3];

      for (guint i = 0; i < op->bands->len; i++)
        g_string_append_printf (list, "%s%d", i > 0 ? "," : "", g_array_index (op->bands, int, i));
      g_string_append_c (list, '}');
      bands = g_string_free (g_steal_pointer (&list), FALSE);
      key = g_strdup_printf ("%d", op->counter);
      params[0] = op->pending_id;
      params[1] = key;
      params[2] = bands;
      op_query (task, op, ticket_answered,
                "SELECT id, day, band, number, status, counter, seq "
                "FROM madoguchi.call_next ($1, $2, $3)", 3, params);
    }
  else
    {
      const char *params[3];

      key = g_strdup_printf ("%d", op->band);
      params[0] = op->pending_id;
      params[1] = key;
      params[2] = mdg_store_get_workstation_id (op->store);
      op_query (task, op, ticket_answered,
                "SELECT id, day, band, number, status, seq "
                "FROM madoguchi.issue_ticket ($1, $2, $3)", 3, params);
    }
}

static MdgTicket *
ticket_finish (GAsyncResult  *result,
               char         **pending_id,
               GError       **error)
{
  Op *op = g_task_get_task_data (G_TASK (result));
  MdgTicket *ticket = g_task_propagate_pointer (G_TASK (result), error);

  if (pending_id != NULL)
    *pending_id = ticket != NULL ? g_strdup (op->pending_id) : NULL;
  return ticket;
}

void
mdg_ward_issue_ticket_async (MdgWardConnection   *connection,
                             MdgStore            *store,
                             int                  band,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  Op *op;
  GTask *task = op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_issue_ticket_async, &op);

  op->band = band;
  op->step = ticket_pending;
  mdg_store_begin_pending_async (store, MDG_PENDING_ISSUE, band, NULL, op_cb, task);
}

MdgTicket *
mdg_ward_issue_ticket_finish (GAsyncResult  *result,
                              char         **pending_id,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return ticket_finish (result, pending_id, error);
}

void
mdg_ward_call_next_async (MdgWardConnection   *connection,
                          MdgStore            *store,
                          int                  counter,
                          const int           *bands,
                          guint                n_bands,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (counter > 0);
  g_return_if_fail (n_bands > 0);

  task = op_new (connection, store, cancellable, callback, user_data, mdg_ward_call_next_async,
                 &op);
  op->counter = counter;
  op->bands = g_array_new (FALSE, FALSE, sizeof (int));
  g_array_append_vals (op->bands, bands, n_bands);
  op->step = ticket_pending;
  mdg_store_begin_pending_async (store, MDG_PENDING_CALL, counter, NULL, op_cb, task);
}

MdgTicket *
mdg_ward_call_next_finish (GAsyncResult  *result,
                           char         **pending_id,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return ticket_finish (result, pending_id, error);
}

/* Ticket operations -------------------------------------------------------- */

static void
ticket_op_ended (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_end_ticket_op_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else if (op->error != NULL)
    g_task_return_error (task, g_steal_pointer (&op->error));
  else
    g_task_return_pointer (task, g_steal_pointer (&op->ticket), (GDestroyNotify) mdg_ticket_free);
}

static void
ticket_op_answered (GTask        *task,
                    Op           *op,
                    GAsyncResult *result)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PGresult) res = mdg_ward_connection_query_finish (op->connection, result, &error);
  const char *sqlstate = mdg_ward_error_get_sqlstate (error);
  const char *kind = mdg_ticket_op_kind_to_string (op->ticket_op->kind);

  if (res != NULL && PQntuples (res) == 1)
    {
      /* id, day, band, number, status, counter, seq, facts… */
      op->ticket = g_new0 (MdgTicket, 1);
      op->ticket->id = g_strdup (get_value (res, 0, 0));
      op->ticket->day = g_strdup (get_value (res, 0, 1));
      op->ticket->band = get_int (res, 0, 2);
      op->ticket->number = get_int (res, 0, 3);
      op->ticket->status = g_strdup (get_value (res, 0, 4));
      op->ticket->counter = get_int (res, 0, 5);
      op->ticket->ward_seq = get_int64 (res, 0, 6);
      read_ticket_facts (op->ticket, res, 0, 7);
      g_debug ("Ticket %d: %s done, now %s", op->ticket->number, kind, op->ticket->status);
    }
  else if (res != NULL)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                             "The ward database gave no ticket for the %s", kind);
  else if (g_strcmp0 (sqlstate, "MDG03") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_TICKET,
                             "No such ticket today");
  else if (g_strcmp0 (sqlstate, "MDG04") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_TICKET_STATE,
                             "The ticket's state does not allow a %s", kind);
  else if (g_strcmp0 (sqlstate, "MDG01") == 0)
    op->error = g_error_new (MDG_WARD_ERROR, MDG_WARD_ERROR_NO_NUMBER,
                             "Band %d is not a band of the ward", op->ticket_op->band);
  else
    {
      /* Broken link or another failure: the operation's id stays for the retry. */
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The ward answered: the operation is over, applied or refused. */
  op->step = ticket_op_ended;
  mdg_store_end_ticket_op_async (op->store, op->pending_id, op->ticket, NULL, op_cb,
                                 g_object_ref (task));
}

static void
ticket_op_begun (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  GError *error = NULL;
  const MdgTicketOp *t = op->ticket_op;
  g_autofree char *number = g_strdup_printf ("%d", t->number);
  g_autofree char *counter = g_strdup_printf ("%d", t->counter);
  g_autofree char *band = g_strdup_printf ("%d", t->band);
  g_autofree char *value = g_strdup_printf ("%d", t->value);
  const char *params[9];

  if (!(op->pending_id = mdg_store_begin_ticket_op_finish (op->store, result, &error)))
    {
      g_task_return_error (task, error);
      return;
    }

  params[0] = op->pending_id;
  params[1] = mdg_ticket_op_kind_to_string (t->kind);
  params[2] = t->ticket_id;
  params[3] = t->ticket_id == NULL ? number : NULL;
  params[4] = t->counter > 0 ? counter : NULL;
  params[5] = t->band > 0 ? band : NULL;
  params[6] = value;
  params[7] = t->case_id;
  params[8] = t->event;
  op_query (task, op, ticket_op_answered,
            "SELECT id, day, band, number, status, counter, seq, " TICKET_FACTS " "
            "FROM madoguchi.ticket_op ($1, $2, $3, $4, $5, $6, $7, $8, $9)", 9, params);
}

void
mdg_ward_ticket_op_async (MdgWardConnection   *connection,
                          MdgStore            *store,
                          const MdgTicketOp   *ticket_op,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (ticket_op != NULL);
  g_return_if_fail (ticket_op->ticket_id != NULL || ticket_op->number > 0);

  task = op_new (connection, store, cancellable, callback, user_data, mdg_ward_ticket_op_async,
                 &op);
  op->ticket_op = mdg_ticket_op_copy (ticket_op);
  op->step = ticket_op_begun;
  mdg_store_begin_ticket_op_async (store, ticket_op, NULL, op_cb, task);
}

MdgTicket *
mdg_ward_ticket_op_finish (GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Leases ------------------------------------------------------------------- */

static void
lease_stored (GTask        *task,
              Op           *op,
              GAsyncResult *result)
{
  GError *error = NULL;

  if (!mdg_store_add_lease_finish (op->store, result, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
lease_answered (GTask        *task,
                Op           *op,
                GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res == NULL)
    return;

  if (PQntuples (res) != 1)
    {
      g_task_return_new_error (task, MDG_WARD_ERROR, MDG_WARD_ERROR_SERVER,
                               "The ward database gave no lease");
      return;
    }

  /* id, day, band, first_number, last_number */
  op->step = lease_stored;
  mdg_store_add_lease_async (op->store, PQgetvalue (res, 0, 0), PQgetvalue (res, 0, 1),
                             get_int (res, 0, 2), get_int (res, 0, 3), get_int (res, 0, 4),
                             NULL, op_cb, g_object_ref (task));
}

void
mdg_ward_lease_async (MdgWardConnection   *connection,
                      MdgStore            *store,
                      int                  band,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autofree char *lease_id = g_uuid_string_random ();
  g_autofree char *key = g_strdup_printf ("%d", band);
  const char *params[3] = { lease_id, key, mdg_store_get_workstation_id (store) };
  Op *op;
  GTask *task = op_new (connection, store, cancellable, callback, user_data,
                        mdg_ward_lease_async, &op);

  op->band = band;
  op_query (task, op, lease_answered,
            "SELECT id, day, band, first_number, last_number "
            "FROM madoguchi.lease_numbers ($1, $2, $3)", 3, params);
  g_object_unref (task);
}

gboolean
mdg_ward_lease_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Counters ------------------------------------------------------------------ */

static void
counter_registered (GTask        *task,
                    Op           *op,
                    GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);

  if (res != NULL)
    g_task_return_boolean (task, TRUE);
}

void
mdg_ward_register_counter_async (MdgWardConnection   *connection,
                                 MdgStore            *store,
                                 int                  counter,
                                 const int           *bands,
                                 guint                n_bands,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GString) array = g_string_new ("{");
  g_autofree char *key = g_strdup_printf ("%d", counter);
  const char *params[3];
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (MDG_IS_STORE (store));
  g_return_if_fail (counter > 0);
  g_return_if_fail (bands != NULL || n_bands == 0);

  for (guint i = 0; i < n_bands; i++)
    g_string_append_printf (array, "%s%d", i > 0 ? "," : "", bands[i]);
  g_string_append_c (array, '}');
  params[0] = key;
  params[1] = array->str;
  params[2] = mdg_store_get_workstation_id (store);

  task = op_new (connection, store, cancellable, callback, user_data,
                 mdg_ward_register_counter_async, &op);
  op_query (task, op, counter_registered,
            "INSERT INTO madoguchi.counters (counter, bands, workstation) "
            "VALUES ($1::integer, $2::integer[], $3::uuid) "
            "ON CONFLICT (counter) DO UPDATE SET bands = excluded.bands, "
            "  workstation = excluded.workstation, updated_at = now () "
            "WHERE counters.bands IS DISTINCT FROM excluded.bands "
            "   OR counters.workstation IS DISTINCT FROM excluded.workstation", 3, params);
  g_object_unref (task);
}

gboolean
mdg_ward_register_counter_finish (GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
counters_listed (GTask        *task,
                 Op           *op,
                 GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  g_autoptr(GArray) counters = NULL;

  if (res == NULL)
    return;

  counters = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
  for (int row = 0; row < PQntuples (res); row++)
    {
      MdgQueueCounter counter = { .counter = get_int (res, row, 0) };
      g_auto(GStrv) bands = g_strsplit (get_value (res, row, 1) != NULL ? get_value (res, row, 1) : "", ",", -1);

      for (guint i = 0; bands[i] != NULL; i++)
        {
          guint64 band;

          if (g_ascii_string_to_unsigned (bands[i], 10, 1, MDG_QUEUE_MAX_BAND, &band, NULL))
            counter.band_mask |= G_GUINT64_CONSTANT (1) << band;
        }
      g_array_append_val (counters, counter);
    }

  g_task_return_pointer (task, g_steal_pointer (&counters), (GDestroyNotify) g_array_unref);
}

void
mdg_ward_list_counters_async (MdgWardConnection   *connection,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));

  task = op_new (connection, NULL, cancellable, callback, user_data,
                 mdg_ward_list_counters_async, &op);
  op_query (task, op, counters_listed,
            "SELECT counter, array_to_string (bands, ',') FROM madoguchi.counters "
            "ORDER BY counter", 0, NULL);
  g_object_unref (task);
}

GArray *
mdg_ward_list_counters_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* Registry ------------------------------------------------------------------ */

static void
registry_searched (GTask        *task,
                   Op           *op,
                   GAsyncResult *result)
{
  g_autoptr(PGresult) res = op_result (op, result, task);
  g_autoptr(GPtrArray) households = NULL;

  if (res == NULL)
    return;

  households = g_ptr_array_new_with_free_func (g_free);
  for (int row = 0; row < PQntuples (res); row++)
    g_ptr_array_add (households, g_strdup (get_value (res, row, 0)));

  g_task_return_pointer (task, g_steal_pointer (&households), (GDestroyNotify) g_ptr_array_unref);
}

void
mdg_ward_search_registry_async (MdgWardConnection   *connection,
                                const char          *query,
                                guint                limit,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autofree char *folded = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *count = NULL;
  g_autoptr(GString) escaped = NULL;
  const char *params[2];
  Op *op;
  GTask *task;

  g_return_if_fail (MDG_IS_WARD_CONNECTION (connection));
  g_return_if_fail (query != NULL);

  /* LIKE's own characters are searched for as they are */
  folded = g_utf8_strdown (query, -1);
  escaped = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (escaped, '\\');
      g_string_append_c (escaped, *p);
    }
  pattern = g_strdup_printf ("%%%s%%", escaped->str);
  count = g_strdup_printf ("%u", limit);
  params[0] = pattern;
  params[1] = count;

  task = op_new (connection, NULL, cancellable, callback, user_data,
                 mdg_ward_search_registry_async, &op);
  op_query (task, op, registry_searched,
            "SELECT household::text FROM madoguchi.registry WHERE search LIKE $1 "
            "ORDER BY id LIMIT $2::integer", 2, params);
  g_object_unref (task);
}

GPtrArray *
mdg_ward_search_registry_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
