/* test-store.c: one binary for src/store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "mdg-store-retention.h"
#include "mdg-store-sync.h"

#define KILL_RUNS 200

typedef struct
{
  char     *dir;
  char     *path;
  MdgStore *store;
} Fixture;

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static MdgStore *
open_store (const char  *path,
            GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mdg_store_open_async (path, NULL, async_cb, &result);
  return mdg_store_open_finish (wait_for (&result), error);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)))
    {
      g_autofree char *file = g_build_filename (dir, name, NULL);

      g_unlink (file);
    }
  g_rmdir (dir);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("mdg-test-store-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "store.sqlite", NULL);
  fixture->store = open_store (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->store);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_object (&fixture->store);
  /* Let the worker's idle releases run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_dir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static MdgCase *
load_case (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *file = g_test_build_filename (G_TEST_DIST, "data", "store",
                                                 "case.json", NULL);
  g_autofree char *text = NULL;
  MdgCase *kase;

  g_file_get_contents (file, &text, NULL, &error);
  g_assert_no_error (error);
  kase = mdg_case_new_from_data (text, -1, MDG_DAY_INVALID, &error);
  g_assert_no_error (error);
  return kase;
}

static char *
save_case (MdgStore    *store,
           const char  *id,
           MdgCase     *kase,
           gboolean     completed,
           GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  mdg_store_save_case_async (store, id, kase, completed, NULL, NULL, async_cb, &result);
  return mdg_store_save_case_finish (store, wait_for (&result), error);
}

static gint64
sql_int (const char *path,
         const char *sql)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
sql_exec (const char *path,
          const char *sql)
{
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

static GPtrArray *
check_store (MdgStore *store)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *problems;

  mdg_store_check_async (store, NULL, async_cb, &result);
  problems = mdg_store_check_finish (store, wait_for (&result), &error);
  g_assert_no_error (error);
  return problems;
}

/* Open -------------------------------------------------------------------- */

static void
test_open_new (Fixture       *fixture,
               gconstpointer  data)
{
  g_assert_true (g_uuid_string_is_valid (mdg_store_get_workstation_id (fixture->store)));
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, MDG_STORE_SCHEMA_VERSION);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM pragma_journal_mode "
                                           "WHERE journal_mode = 'wal'"), ==, 1);
}

static guint
file_mode (const char *path)
{
  struct stat st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

/* In a folder that already exists (so not made 0700 by the store), under
 * the usual umask 022, the store, its WAL and its shared memory are 0600;
 * a store an older build left 0644 is tightened when opened. */
static void
test_open_modes (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(MdgStore) again = NULL;
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "shared.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  mode_t old_umask;

  g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
  old_umask = umask (022);
  store = open_store (path, &error);
  g_assert_no_error (error);
  /* a write, so that the WAL and the shared memory exist */
  id = save_case (store, NULL, kase, TRUE, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (wal), ==, 0600);
  g_assert_cmpuint (file_mode (shm), ==, 0600);

  g_clear_object (&store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_chmod (wal, 0644);
  g_chmod (shm, 0644);
  again = open_store (path, &error);
  umask (old_umask);
  g_assert_no_error (error);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  if (g_file_test (wal, G_FILE_TEST_EXISTS))
    g_assert_cmpuint (file_mode (wal), ==, 0600);
  if (g_file_test (shm, G_FILE_TEST_EXISTS))
    g_assert_cmpuint (file_mode (shm), ==, 0600);
}

static void
test_open_again (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) again = open_store (fixture->path, &error);

  /* A second open (another process's view) keeps the workstation id. */
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_store_get_workstation_id (again), ==,
                   mdg_store_get_workstation_id (fixture->store));
}

static void
test_open_too_new (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = NULL;

  g_clear_object (&fixture->store);
  sql_exec (fixture->path, "PRAGMA user_version = 99");
  store = open_store (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_TOO_NEW);
  /* never downgraded */
  g_assert_cmpint (sql_int (fixture->path, "PRAGMA user_version"), ==, 99);
}

static void
test_open_corrupt (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *garbage = g_build_filename (fixture->dir, "garbage.sqlite", NULL);
  gsize length;
  char *contents;

  /* Enough cases for several pages, then a damaged page in the middle. */
  for (guint i = 0; i < 200; i++)
    g_free (save_case (fixture->store, NULL, kase, TRUE, NULL));
  g_clear_object (&fixture->store);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  sql_exec (fixture->path, "PRAGMA wal_checkpoint (TRUNCATE)");

  g_file_get_contents (fixture->path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, 8 * 4096);
  memset (contents + 5 * 4096, 0xA5, 4096);
  g_file_set_contents (fixture->path, contents, length, &error);
  g_assert_no_error (error);
  g_free (contents);
  g_file_get_contents (fixture->path, &before, NULL, NULL);

  store = open_store (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT);
  g_clear_error (&error);

  /* Reported, never replaced: the file is as it was. */
  g_file_get_contents (fixture->path, &after, NULL, NULL);
  g_assert_true (memcmp (before, after, length) == 0);

  /* A file that is no database at all. */
  g_file_set_contents (garbage, "this is not a database, just text that is long enough to "
                       "fill the header of one ........................................", -1,
                       &error);
  g_assert_no_error (error);
  store = open_store (garbage, &error);
  g_assert_null (store);
  g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT);
}

/* Cases ------------------------------------------------------------------- */

static void
test_case_save (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = save_case (fixture->store, NULL, kase, TRUE, &error);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(MdgCase) loaded = NULL;
  g_autofree char *sql = NULL;
  gboolean completed = FALSE;

  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));

  /* the case and its outbox row, in one transaction */
  sql = g_strdup_printf ("SELECT count(*) FROM outbox WHERE kind = 'case' AND record_id = '%s'",
                         id);
  g_assert_cmpint (sql_int (fixture->path, sql), ==, 1);

  mdg_store_load_case_async (fixture->store, id, NULL, async_cb, &result);
  loaded = mdg_store_load_case_finish (fixture->store, wait_for (&result), &completed, &error);
  g_assert_no_error (error);
  g_assert_true (completed);
  g_assert_cmpint (mdg_case_get_n_members (loaded), ==, mdg_case_get_n_members (kase));

  /* completed is final */
  g_assert_null (save_case (fixture->store, id, kase, FALSE, &error));
  g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT);
}

static void
test_case_draft (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = g_bytes_new_static ("%PDF-1.7 test", 13);
  g_autoptr(GBytes) png = g_bytes_new_static ("\x89PNG", 4);
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autofree char *id = save_case (fixture->store, NULL, kase, FALSE, &error);
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM outbox"), ==, 0);

  mdg_store_save_form_async (fixture->store, id, "resident_move_in", pdf, TRUE, NULL, async_cb,
                             &r1);
  g_assert_true (mdg_store_save_form_finish (fixture->store, wait_for (&r1), &error));
  g_assert_no_error (error);
  mdg_store_set_signature_async (fixture->store, id, png, "image/png", NULL, async_cb, &r2);
  g_assert_true (mdg_store_set_signature_finish (fixture->store, wait_for (&r2), &error));
  g_assert_no_error (error);
  mdg_store_complete_case_async (fixture->store, id,
                                 "[{\"id\":\"6f1c7a4e-0a57-4c8e-9d0b-3a7d1f0e2b11\","
                                 "\"department\":\"区民課\",\"procedures\":[],\"forms\":[]}]",
                                 4, NULL, async_cb, &r3);
  g_assert_true (mdg_store_complete_case_finish (fixture->store, wait_for (&r3), &error));
  g_assert_no_error (error);

  /* the case first, then its form */
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM outbox"), ==, 2);
  /* the resident's rating, kept with the case */
  g_assert_cmpint (sql_int (fixture->path, "SELECT rating FROM cases"), ==, 4);
  /* the hand-off records, kept with the case */
  g_assert_cmpint (sql_int (fixture->path, "SELECT json_array_length (handoffs_json) FROM cases"),
                   ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT kind = 'case' FROM outbox ORDER BY seq"),
                   ==, 1);
  problems = check_store (fixture->store);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_audit_fields (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *fields[] = { "members.m1.name", "members.m1.address", NULL };
  MdgAuditEntry entry = { "clerk1", MDG_AUDIT_READ, "household-0001", NULL, fields };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  mdg_store_audit_async (fixture->store, &entry, NULL, async_cb, &result);
  id = mdg_store_audit_finish (fixture->store, wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_uuid_string_is_valid (id));
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit WHERE action = 'read' "
                                           "AND staff = 'clerk1' AND json_array_length (fields) = 2"),
                   ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM outbox WHERE kind = 'audit'"),
                   ==, 1);
}

static void
test_cancelled (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_cancellable_cancel (cancellable);
  mdg_store_save_case_async (fixture->store, NULL, kase, TRUE, NULL, cancellable, async_cb,
                             &result);
  id = mdg_store_save_case_finish (fixture->store, wait_for (&result), &error);
  g_assert_null (id);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM cases"), ==, 0);
}

/* Outbox, check ------------------------------------------------------------ */

static void
test_outbox_order (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GAsyncResult) peeked = NULL;
  g_autoptr(GAsyncResult) marked = NULL;
  g_autoptr(GAsyncResult) counted = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  const MdgOutboxItem *item;

  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (ids, save_case (fixture->store, NULL, kase, TRUE, NULL));

  mdg_store_peek_outbox_async (fixture->store, 3, 0, NULL, async_cb, &peeked);
  items = mdg_store_peek_outbox_finish (fixture->store, wait_for (&peeked), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  for (guint i = 0; i < items->len; i++)
    {
      item = g_ptr_array_index (items, i);
      g_assert_cmpstr (item->record_id, ==, g_ptr_array_index (ids, i));
      g_assert_true (strstr (item->payload, "\"case_file\"") != NULL);
    }

  mdg_store_mark_sent_async (fixture->store, item->seq, NULL, async_cb, &marked);
  g_assert_true (mdg_store_mark_sent_finish (fixture->store, wait_for (&marked), &error));
  mdg_store_count_outbox_async (fixture->store, NULL, async_cb, &counted);
  g_assert_cmpint (mdg_store_count_outbox_finish (fixture->store, wait_for (&counted), &error),
                   ==, 2);
}

static void
test_check_problems (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(MdgCase) kase = load_case ();
  g_autoptr(GPtrArray) problems = NULL;

  g_free (save_case (fixture->store, NULL, kase, TRUE, NULL));
  problems = check_store (fixture->store);
  g_assert_cmpuint (problems->len, ==, 0);
  g_clear_pointer (&problems, g_ptr_array_unref);

  /* A case whose outbox row vanished, and an outbox row without its case. */
  sql_exec (fixture->path, "DELETE FROM outbox;"
                           "INSERT INTO outbox (kind, record_id, created_at) "
                           "VALUES ('audit', 'nothing', 'now')");
  problems = check_store (fixture->store);
  g_assert_cmpuint (problems->len, ==, 2);
}

/* Tickets ------------------------------------------------------------------ */

static void
test_lease_issue (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *today = mdg_store_dup_today ();
  g_autoptr(GAsyncResult) leased = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  /* no lease: refused */
  {
    g_autoptr(GAsyncResult) result = NULL;

    mdg_store_issue_leased_async (fixture->store, 1, NULL, async_cb, &result);
    g_assert_null (mdg_store_issue_leased_finish (fixture->store, wait_for (&result), &error));
    g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_NO_NUMBER);
    g_clear_error (&error);
  }

  mdg_store_add_lease_async (fixture->store, "5d3f4a38-9d36-4f4a-9c39-0a9b5c1f8b11", today, 1,
                             1980, 1981, NULL, async_cb, &leased);
  g_assert_true (mdg_store_add_lease_finish (fixture->store, wait_for (&leased), &error));

  for (int expected = 1980; expected <= 1982; expected++)
    {
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(MdgTicket) ticket = NULL;

      mdg_store_issue_leased_async (fixture->store, 1, NULL, async_cb, &result);
      ticket = mdg_store_issue_leased_finish (fixture->store, wait_for (&result), &error);
      if (expected == 1982)
        {
          g_assert_null (ticket);
          g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_NO_NUMBER);
          break;
        }
      g_assert_no_error (error);
      g_assert_cmpint (ticket->number, ==, expected);
    }

  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM outbox WHERE kind = 'ticket'"),
                   ==, 2);
  problems = check_store (fixture->store);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
test_pending (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  g_autoptr(GAsyncResult) r3 = NULL;
  g_autoptr(GAsyncResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *next = NULL;

  /* The same open id until it is ended: a retry sends the same id. */
  mdg_store_begin_pending_async (fixture->store, MDG_PENDING_CALL, 3, NULL, async_cb, &r1);
  first = mdg_store_begin_pending_finish (fixture->store, wait_for (&r1), &error);
  mdg_store_begin_pending_async (fixture->store, MDG_PENDING_CALL, 3, NULL, async_cb, &r2);
  again = mdg_store_begin_pending_finish (fixture->store, wait_for (&r2), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (first, ==, again);

  mdg_store_end_pending_async (fixture->store, first, NULL, NULL, async_cb, &r3);
  g_assert_true (mdg_store_end_pending_finish (fixture->store, wait_for (&r3), &error));
  mdg_store_begin_pending_async (fixture->store, MDG_PENDING_CALL, 3, NULL, async_cb, &r4);
  next = mdg_store_begin_pending_finish (fixture->store, wait_for (&r4), &error);
  g_assert_cmpstr (first, !=, next);
}

/* Faults ------------------------------------------------------------------- */

/* kill -9 of `madoguchi-tool case save` at random points: afterwards the
 * store is sound and every id that was printed (acknowledged) is there. */
static void
test_kill_writers (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *tool = g_getenv ("MADOGUCHI_TOOL");
  g_autofree char *case_file = g_test_build_filename (G_TEST_DIST, "data", "store",
                                                      "case.json", NULL);
  g_autoptr(GPtrArray) acked = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  guint killed = 0;

  g_assert_nonnull (tool);
  g_clear_object (&fixture->store);

  for (guint run = 0; run < KILL_RUNS; run++)
    {
      GSubprocess *writers[2] = { NULL, NULL };

      /* Two writers at once, so that kills land inside commits of the other. */
      for (guint w = 0; w < 2; w++)
        {
          writers[w] = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                         G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error,
                                         tool, "case", "save", "--store", fixture->path,
                                         "--case", case_file, NULL);
          g_assert_no_error (error);
        }
      g_usleep (g_test_rand_int_range (0, 25000));
      g_subprocess_send_signal (writers[run % 2], SIGKILL);

      for (guint w = 0; w < 2; w++)
        {
          g_autofree char *out = NULL;

          g_subprocess_communicate_utf8 (writers[w], NULL, NULL, &out, NULL, &error);
          g_assert_no_error (error);
          if (g_subprocess_get_if_signaled (writers[w]))
            killed++;
          /* An id counts as acknowledged only when printed whole. */
          if (out != NULL && strlen (out) == 37 && out[36] == '\n')
            {
              out[36] = '\0';
              g_assert_true (g_uuid_string_is_valid (out));
              g_ptr_array_add (acked, g_steal_pointer (&out));
            }
          else if (!g_subprocess_get_if_signaled (writers[w]))
            g_assert_cmpint (g_subprocess_get_exit_status (writers[w]), ==, 0);
          g_clear_object (&writers[w]);
        }
    }

  g_test_message ("%u runs, %u writers killed, %u ids acknowledged", KILL_RUNS, killed,
                  acked->len);
  g_assert_cmpuint (killed, >, KILL_RUNS / 2);

  fixture->store = open_store (fixture->path, &error);
  g_assert_no_error (error);
  problems = check_store (fixture->store);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("%s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);

  for (guint i = 0; i < acked->len; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM cases c JOIN outbox o "
                                              "ON o.kind = 'case' AND o.record_id = c.id "
                                              "WHERE c.id = '%s'",
                                              (const char *) g_ptr_array_index (acked, i));

      g_assert_cmpint (sql_int (fixture->path, sql), ==, 1);
    }
}

/* Retention ---------------------------------------------------------------- */

#define PURGE_NAME "架空 退蔵"
#define PURGE_NUMBER "123456789018"
#define PURGE_PDF "%PDF-1.7 purge-test form bytes"
#define PURGE_SIGNATURE "\x89PNG purge-test signature"

static const char purge_case[] =
  "{\"event\": \"move_in\", \"event_date\": \"2026-01-15\", \"visit_date\": \"2026-01-20\","
  " \"from\": \"other_prefecture\", \"members\": [{\"id\": \"m1\", \"name\": \"" PURGE_NAME "\","
  " \"individual_number\": \"" PURGE_NUMBER "\", \"birth_date\": \"1984-05-02\","
  " \"relation\": \"head\", \"moving\": true}], \"answers\": {}}";

/* The store's file and its WAL, as another account would read them. */
static gboolean
store_files_contain (const char *path,
                     const char *needle)
{
  static const char * const suffixes[] = { "", "-wal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      g_autofree char *bytes = NULL;
      gsize length = 0;

      if (!g_file_get_contents (file, &bytes, &length, NULL))
        continue;
      for (gsize at = 0; at + strlen (needle) <= length; at++)
        if (memcmp (bytes + at, needle, strlen (needle)) == 0)
          return TRUE;
    }

  return FALSE;
}

static char *
save_purge_draft (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCase) kase = mdg_case_new_from_data (purge_case, -1, MDG_DAY_INVALID, &error);
  g_autoptr(GBytes) pdf = g_bytes_new_static (PURGE_PDF, strlen (PURGE_PDF));
  g_autoptr(GBytes) png = g_bytes_new_static (PURGE_SIGNATURE, strlen (PURGE_SIGNATURE));
  g_autoptr(GAsyncResult) r1 = NULL;
  g_autoptr(GAsyncResult) r2 = NULL;
  char *id;

  g_assert_no_error (error);
  id = save_case (fixture->store, NULL, kase, FALSE, &error);
  g_assert_no_error (error);
  mdg_store_save_form_async (fixture->store, id, "resident_move_in", pdf, TRUE, NULL, async_cb,
                             &r1);
  g_assert_true (mdg_store_save_form_finish (fixture->store, wait_for (&r1), &error));
  mdg_store_set_signature_async (fixture->store, id, png, "image/png", NULL, async_cb, &r2);
  g_assert_true (mdg_store_set_signature_finish (fixture->store, wait_for (&r2), &error));
  g_assert_no_error (error);
  return id;
}

static MdgStorePurge
purge (Fixture *fixture,
       guint    retain_hours)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  MdgStorePurge counts = { 0 };

  mdg_store_purge_async (fixture->store, retain_hours, NULL, async_cb, &result);
  g_assert_true (mdg_store_purge_finish (fixture->store, wait_for (&result), &counts, &error));
  g_assert_no_error (error);
  return counts;
}

/* A completed case the ward confirmed, and a draft left behind: after the
 * retention time, neither the file nor its WAL holds the name, the
 * individual number, the form or the signature; the rows keep their ids,
 * status, times and rating, and the store stays consistent. */
static void
test_retention_purge (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const needles[] = { PURGE_NAME, PURGE_NUMBER, PURGE_PDF,
                                          PURGE_SIGNATURE };
  static const char * const fields[] = { "members.m1.name", NULL };
  g_autofree char *done = save_purge_draft (fixture);
  g_autofree char *draft = save_purge_draft (fixture);
  g_autoptr(GAsyncResult) completed = NULL;
  g_autoptr(GAsyncResult) audited = NULL;
  g_autoptr(GAsyncResult) peeked = NULL;
  g_autoptr(GAsyncResult) marked = NULL;
  g_autoptr(GAsyncResult) loaded = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *audit_id = NULL;
  g_autofree char *sql = NULL;
  MdgAuditEntry entry = { "clerk1", MDG_AUDIT_READ, "household-purge-test", NULL, fields };
  MdgStorePurge counts;
  gboolean is_completed;

  mdg_store_complete_case_async (fixture->store, done, NULL, 5, NULL, async_cb, &completed);
  g_assert_true (mdg_store_complete_case_finish (fixture->store, wait_for (&completed), &error));
  entry.case_id = done;
  mdg_store_audit_async (fixture->store, &entry, NULL, async_cb, &audited);
  audit_id = mdg_store_audit_finish (fixture->store, wait_for (&audited), &error);
  g_assert_no_error (error);

  /* Not yet confirmed by the ward: the completed case stays whole. */
  counts = purge (fixture, 0);
  g_assert_cmpint (counts.cases, ==, 0);
  g_assert_cmpint (counts.drafts, ==, 1);
  g_assert_true (store_files_contain (fixture->path, PURGE_NAME));
  g_assert_true (store_files_contain (fixture->path, PURGE_PDF));

  /* The ward committed the outbox, as the sync marks it. */
  mdg_store_peek_outbox_async (fixture->store, 100, 0, NULL, async_cb, &peeked);
  items = mdg_store_peek_outbox_finish (fixture->store, wait_for (&peeked), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  mdg_store_mark_sent_async (fixture->store,
                             ((MdgOutboxItem *) g_ptr_array_index (items, items->len - 1))->seq,
                             NULL, async_cb, &marked);
  g_assert_true (mdg_store_mark_sent_finish (fixture->store, wait_for (&marked), &error));

  /* Confirmed, but within the retention time. */
  counts = purge (fixture, 24);
  g_assert_cmpint (counts.cases, ==, 0);
  g_assert_true (store_files_contain (fixture->path, PURGE_NUMBER));

  counts = purge (fixture, 0);
  g_assert_cmpint (counts.cases, ==, 1);
  g_assert_cmpint (counts.drafts, ==, 0);
  g_assert_cmpint (counts.audit, ==, 1);
  g_assert_true (counts.wal_reset);
  for (guint i = 0; i < G_N_ELEMENTS (needles); i++)
    if (store_files_contain (fixture->path, needles[i]))
      g_error ("The store still holds purged data (needle %u)", i);
  g_assert_false (store_files_contain (fixture->path, "household-purge-test"));

  /* What stays: the rows, their status, times, event and rating. */
  sql = g_strdup_printf ("SELECT count(*) FROM cases WHERE id = '%s' AND status = 'completed'"
                         " AND completed_at IS NOT NULL AND rating = 5"
                         " AND json_extract (case_json, '$.event') = 'move_in'"
                         " AND signature IS NULL AND answers_json IS NULL", done);
  g_assert_cmpint (sql_int (fixture->path, sql), ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM cases WHERE status = 'draft'"
                                           " AND visit_json IS NULL AND signature IS NULL"),
                   ==, 1);
  g_assert_cmpint (sql_int (fixture->path, "SELECT sum (length (pdf)) FROM case_forms"), ==, 0);
  g_assert_cmpint (sql_int (fixture->path, "SELECT count(*) FROM audit WHERE staff = 'clerk1'"),
                   ==, 1);
  problems = check_store (fixture->store);
  g_assert_cmpuint (problems->len, ==, 0);

  /* A purged case says why it cannot be opened. */
  mdg_store_load_case_async (fixture->store, done, NULL, async_cb, &loaded);
  g_assert_null (mdg_store_load_case_finish (fixture->store, wait_for (&loaded), &is_completed,
                                             &error));
  g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT);
  g_assert_nonnull (strstr (error->message, "retention"));
  g_clear_error (&error);

  /* The emptied draft cannot be completed: the ward would get no case. */
  {
    g_autoptr(GAsyncResult) refused = NULL;

    mdg_store_complete_case_async (fixture->store, draft, NULL, 3, NULL, async_cb, &refused);
    g_assert_false (mdg_store_complete_case_finish (fixture->store, wait_for (&refused), &error));
    g_assert_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT);
    g_clear_error (&error);
  }

  /* Nothing left to do the second time. */
  counts = purge (fixture, 0);
  g_assert_cmpint (counts.cases + counts.drafts + counts.audit, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/mdg/store/open/new", test_open_new);
  ADD ("/mdg/store/open/again", test_open_again);
  ADD ("/mdg/store/open/modes", test_open_modes);
  ADD ("/mdg/store/open/too-new", test_open_too_new);
  ADD ("/mdg/store/open/corrupt", test_open_corrupt);
  ADD ("/mdg/store/case/save", test_case_save);
  ADD ("/mdg/store/case/draft-forms-signature", test_case_draft);
  ADD ("/mdg/store/case/cancelled", test_cancelled);
  ADD ("/mdg/store/audit/fields", test_audit_fields);
  ADD ("/mdg/store/outbox/order", test_outbox_order);
  ADD ("/mdg/store/check/problems", test_check_problems);
  ADD ("/mdg/store/ticket/lease", test_lease_issue);
  ADD ("/mdg/store/ticket/pending", test_pending);
  ADD ("/mdg/store/retention/purge", test_retention_purge);
  ADD ("/mdg/store/fault/kill-writers", test_kill_writers);
#undef ADD

  return g_test_run ();
}
