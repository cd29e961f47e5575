/* mdg-store.c: the store object, its worker thread, the schema and migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mdg-store-private.h"
#include "mdg-store-sync.h"

/* Writes queued together share one transaction (one fsync), up to this many. */
#define MAX_GROUP 256
/* Another process (a kiosk, madoguchi-tool) may hold the write lock. */
#define BUSY_TIMEOUT_MS 30000

struct _MdgStore
{
  GObject       parent_instance;

  /* owned */
  char         *path;
  char         *workstation_id;
  char         *staff;          /* signed in at the counter; NULL: the OS login */
  GMainContext *context;
  GThreadPool  *pool;
  GAsyncQueue  *queue;

  /* owned by the worker thread */
  sqlite3      *db;
  GHashTable   *statements;
};

G_DEFINE_FINAL_TYPE (MdgStore, mdg_store, G_TYPE_OBJECT)

enum {
  OUTBOX_CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Numbered migrations: migrations[N - 1] brings a store from version N - 1
 * to N. They run in one transaction at open; never edit a released one. */
static const char * const migrations[] = {
  /* 1: the first schema */
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE leases ("
  "  id TEXT PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  band INTEGER NOT NULL,"
  "  first_number INTEGER NOT NULL,"
  "  last_number INTEGER NOT NULL,"
  "  next_number INTEGER NOT NULL,"
  "  leased_at TEXT NOT NULL,"
  "  CHECK (first_number <= next_number AND next_number <= last_number + 1)"
  ");"

  "CREATE TABLE tickets ("
  "  id TEXT PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  band INTEGER NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'waiting'"
  "    CHECK (status IN ('waiting', 'called', 'done')),"
  "  counter INTEGER,"
  "  issued_at TEXT NOT NULL,"
  "  lease_id TEXT REFERENCES leases (id),"   /* set for tickets issued offline */
  "  ward_seq INTEGER,"
  "  UNIQUE (day, band, number)"
  ");"
  "CREATE INDEX tickets_lease ON tickets (lease_id) WHERE lease_id IS NOT NULL;"

  /* The id of a ward call is stored before it is sent (see begin_pending). */
  "CREATE TABLE pending_ops ("
  "  id TEXT PRIMARY KEY,"
  "  kind TEXT NOT NULL CHECK (kind IN ('issue', 'call')),"
  "  key INTEGER NOT NULL,"
  "  state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'void')),"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX pending_ops_open ON pending_ops (kind, key) WHERE state = 'open';"

  "CREATE TABLE cases ("
  "  id TEXT PRIMARY KEY,"
  "  status TEXT NOT NULL CHECK (status IN ('draft', 'completed')),"
  "  case_json TEXT NOT NULL CHECK (json_valid (case_json)),"
  "  answers_json TEXT CHECK (answers_json IS NULL OR json_valid (answers_json)),"
  "  ticket_id TEXT REFERENCES tickets (id),"
  "  signature BLOB,"
  "  signature_type TEXT,"
  "  created_at TEXT NOT NULL,"
  "  updated_at TEXT NOT NULL,"
  "  completed_at TEXT,"
  "  CHECK ((status = 'completed') = (completed_at IS NOT NULL))"
  ");"

  "CREATE TABLE case_forms ("
  "  id TEXT PRIMARY KEY,"
  "  case_id TEXT NOT NULL REFERENCES cases (id) ON DELETE CASCADE,"
  "  procedure TEXT NOT NULL,"
  "  pdf BLOB NOT NULL,"
  "  signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),"
  "  created_at TEXT NOT NULL,"
  "  UNIQUE (case_id, procedure)"
  ");"

  /* Who read or changed which resident's data: field names, never values. */
  "CREATE TABLE audit ("
  "  id TEXT PRIMARY KEY,"
  "  at TEXT NOT NULL,"
  "  workstation TEXT NOT NULL,"
  "  staff TEXT NOT NULL,"
  "  action TEXT NOT NULL CHECK (action IN ('read', 'change')),"
  "  subject TEXT NOT NULL,"
  "  case_id TEXT,"
  "  fields TEXT NOT NULL CHECK (json_valid (fields))"
  ");"

  /* One row per record to push, in order; sent_at only after the ward committed. */
  "CREATE TABLE outbox ("
  "  seq INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  kind TEXT NOT NULL CHECK (kind IN ('case', 'form', 'ticket', 'audit')),"
  "  record_id TEXT NOT NULL,"
  "  created_at TEXT NOT NULL,"
  "  sent_at TEXT,"
  "  UNIQUE (kind, record_id)"
  ");"
  "CREATE INDEX outbox_unsent ON outbox (seq) WHERE sent_at IS NULL;"

  /* The ward's view of every workstation's cases, as pulled. */
  "CREATE TABLE ward_cases ("
  "  id TEXT PRIMARY KEY,"
  "  status TEXT NOT NULL,"
  "  workstation TEXT,"
  "  ward_seq INTEGER NOT NULL"
  ");",

  /* 2: ticket operations (recall, no-show, hold, transfer, priority, close)
   * and the visit's facts for the KPIs; the status CHECK changes, so the
   * table is rebuilt (foreign keys are off during migrations). */
  "CREATE TABLE tickets_2 ("
  "  id TEXT PRIMARY KEY,"
  "  day TEXT NOT NULL,"
  "  band INTEGER NOT NULL,"
  "  number INTEGER NOT NULL,"
  "  status TEXT NOT NULL DEFAULT 'waiting'"
  "    CHECK (status IN ('waiting', 'called', 'held', 'done', 'no_show')),"
  "  counter INTEGER,"
  "  issued_at TEXT NOT NULL,"
  "  lease_id TEXT REFERENCES leases (id),"
  "  ward_seq INTEGER,"
  "  priority INTEGER NOT NULL DEFAULT 0 CHECK (priority IN (0, 1)),"
  "  recalls INTEGER NOT NULL DEFAULT 0,"
  "  called_at TEXT,"
  "  closed_at TEXT,"
  "  case_id TEXT,"
  "  event TEXT,"
  "  rating INTEGER CHECK (rating IS NULL OR rating BETWEEN 1 AND 5),"
  "  UNIQUE (day, band, number)"
  ");"
  "INSERT INTO tickets_2 (id, day, band, number, status, counter, issued_at, lease_id, ward_seq)"
  "  SELECT id, day, band, number, status, counter, issued_at, lease_id, ward_seq FROM tickets;"
  "DROP TABLE tickets;"
  "ALTER TABLE tickets_2 RENAME TO tickets;"
  "CREATE INDEX tickets_lease ON tickets (lease_id) WHERE lease_id IS NOT NULL;"
  "CREATE INDEX tickets_day ON tickets (day, band);"

  /* The id of a ticket operation is stored before it is sent. */
  "CREATE TABLE ticket_ops ("
  "  id TEXT PRIMARY KEY,"
  "  ticket TEXT NOT NULL,"    /* the ticket's id, or '#' and today's number */
  "  kind TEXT NOT NULL,"
  "  created_at TEXT NOT NULL"
  ");"
  "CREATE UNIQUE INDEX ticket_ops_open ON ticket_ops (ticket, kind);",

  /* 3: a draft keeps the counter's state of the visit, to be resumed after
   * a crash or a power cut */
  "ALTER TABLE cases ADD COLUMN visit_json TEXT"
  "  CHECK (visit_json IS NULL OR json_valid (visit_json));",

  /* 4: a completed case's hand-off records, one per department, pushed
   * with the case */
  "ALTER TABLE cases ADD COLUMN handoffs_json TEXT"
  "  CHECK (handoffs_json IS NULL OR json_valid (handoffs_json));",

  /* 5: the resident's satisfaction (1…5), tapped on the sign page, pushed
   * with the case: it reaches the ward even when the ticket's close did not */
  "ALTER TABLE cases ADD COLUMN rating INTEGER"
  "  CHECK (rating IS NULL OR rating BETWEEN 1 AND 5);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == MDG_STORE_SCHEMA_VERSION);

static gboolean
release_task_cb (gpointer data)
{
  g_object_unref (data);
  return G_SOURCE_REMOVE;
}

/* Always through an idle source: g_main_context_invoke() would run @func
 * right here on the worker when the context is free to acquire. */
static void
run_in_context (GMainContext   *context,
                GSourceFunc     func,
                gpointer        data,
                GDestroyNotify  destroy)
{
  g_autoptr(GSource) source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, data, destroy);
  g_source_set_static_name (source, "[mdg-store] main-context callback");
  g_source_attach (source, context);
}

/* The job's reference on its task is dropped in the store's main context:
 * dropped here on the worker, it could be the last one on the store, whose
 * finalize waits for the worker. */
static void
store_job_free (StoreJob *job)
{
  MdgStore *self = g_task_get_source_object (job->task);

  if (job->result != NULL && job->result_free != NULL)
    job->result_free (job->result);
  run_in_context (self->context, release_task_cb, g_steal_pointer (&job->task), NULL);
  g_free (job);
}

char *
_mdg_store_now (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

  return g_date_time_format (now, "%Y-%m-%dT%H:%M:%S.%fZ");
}

gboolean
_mdg_store_set_error (MdgStore    *self,
                      int          rc,
                      const char  *what,
                      GError     **error)
{
  MdgStoreError code;

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      code = MDG_STORE_ERROR_CORRUPT;
      break;
    case SQLITE_CONSTRAINT:
      code = MDG_STORE_ERROR_CONSTRAINT;
      break;
    default:
      code = MDG_STORE_ERROR_FAILED;
      break;
    }

  /* SQLite's messages name tables and constraints, never values. */
  g_set_error (error, MDG_STORE_ERROR, code, "%s: %s", what,
               self->db != NULL && rc == sqlite3_errcode (self->db)
                 ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc));
  g_debug ("%s failed: SQLite %d", what, rc);
  return FALSE;
}

sqlite3_stmt *
_mdg_store_prepare (MdgStore    *self,
                    const char  *sql,
                    GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _mdg_store_set_error (self, rc, "Preparing a statement", error);
      return NULL;
    }

  g_hash_table_insert (self->statements, (gpointer) sql, stmt);
  return stmt;
}

gboolean
_mdg_store_step_done (MdgStore      *self,
                      sqlite3_stmt  *stmt,
                      const char    *what,
                      GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    ;
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, what, error);

  return TRUE;
}

gboolean
_mdg_store_exec (MdgStore    *self,
                 const char  *sql,
                 GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _mdg_store_set_error (self, rc, "Executing a statement", error);

  return TRUE;
}

sqlite3 *
_mdg_store_get_db (MdgStore *self)
{
  return self->db;
}

int
_mdg_store_changes (MdgStore *self)
{
  return sqlite3_changes (self->db);
}

gboolean
_mdg_store_add_outbox (MdgStore    *self,
                       StoreJob    *job,
                       const char  *kind,
                       const char  *record_id,
                       GError     **error)
{
  g_autofree char *now = _mdg_store_now ();
  sqlite3_stmt *stmt;

  stmt = _mdg_store_prepare (self,
                             "INSERT INTO outbox (kind, record_id, created_at) VALUES (?, ?, ?)",
                             error);
  if (stmt == NULL)
    return FALSE;

  store_bind_text (stmt, 1, kind);
  store_bind_text (stmt, 2, record_id);
  store_bind_text (stmt, 3, now);
  if (!_mdg_store_step_done (self, stmt, "Adding to the outbox", error))
    return FALSE;

  job->outbox_changed = TRUE;
  return TRUE;
}

/* Worker ------------------------------------------------------------------ */

static gboolean
emit_outbox_changed_cb (gpointer data)
{
  MdgStore *self = data;

  g_signal_emit (self, signals [OUTBOX_CHANGED], 0);
  return G_SOURCE_REMOVE;
}

static void
return_job (StoreJob *job,
            GError   *error)
{
  if (error != NULL)
    g_task_return_error (job->task, error);
  else
    {
      g_task_return_pointer (job->task, g_steal_pointer (&job->result), job->result_free);
      job->result_free = NULL;
    }
  store_job_free (job);
}

static gboolean open_job (MdgStore  *self,
                          StoreJob  *job,
                          GError   **error);

static void
run_read (MdgStore *self,
          StoreJob *job)
{
  GError *error = NULL;

  if (self->db == NULL && job->func != open_job)
    g_set_error_literal (&error, MDG_STORE_ERROR, MDG_STORE_ERROR_FAILED, "The store is not open");
  else if (!job->func (self, job, &error))
    g_assert (error != NULL);
  else
    g_assert (job->result != NULL);

  return_job (job, error);
}

/* The queued writes, each in a savepoint of one transaction; every result is
 * returned only after COMMIT, so an acknowledged write is durable. */
static void
run_writes (MdgStore  *self,
            StoreJob **jobs,
            guint      n_jobs)
{
  g_autoptr(GError) group_error = NULL;
  GError **errors = g_newa (GError *, n_jobs);
  GMainContext *context = self->context;
  MdgStore *keep = NULL;
  gboolean outbox_changed = FALSE;
  gboolean light = TRUE;

  memset (errors, 0, sizeof (GError *) * n_jobs);

  if (n_jobs == 0)
    return;

  if (self->db == NULL)
    g_set_error_literal (&group_error, MDG_STORE_ERROR, MDG_STORE_ERROR_FAILED,
                         "The store is not open");
  else
    {
      for (guint i = 0; i < n_jobs; i++)
        light &= jobs[i]->light;
      if (light)
        sqlite3_exec (self->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
    }

  if (group_error == NULL && _mdg_store_exec (self, "BEGIN IMMEDIATE", &group_error))
    {
      for (guint i = 0; i < n_jobs; i++)
        {
          if (!_mdg_store_exec (self, "SAVEPOINT job", &errors[i]))
            continue;
          if (jobs[i]->func (self, jobs[i], &errors[i]))
            g_assert (jobs[i]->result != NULL);
          else
            {
              g_assert (errors[i] != NULL);
              jobs[i]->outbox_changed = FALSE;
              sqlite3_exec (self->db, "ROLLBACK TO job", NULL, NULL, NULL);
            }
          sqlite3_exec (self->db, "RELEASE job", NULL, NULL, NULL);
          outbox_changed |= jobs[i]->outbox_changed;
        }

      if (!_mdg_store_exec (self, "COMMIT", &group_error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          outbox_changed = FALSE;
        }
    }
  if (light && self->db != NULL)
    sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);

  /* Referenced while the jobs' tasks still hold the store: once they are
   * returned, the last reference may go at any moment in the main context
   * (a store closed right after a save). The source drops it there. */
  if (outbox_changed)
    keep = g_object_ref (self);

  for (guint i = 0; i < n_jobs; i++)
    {
      GError *error = errors[i];

      if (error == NULL && group_error != NULL)
        error = g_error_copy (group_error);
      else if (error != NULL && group_error != NULL)
        g_prefix_error (&error, "%s; ", group_error->message);
      return_job (jobs[i], error);
    }

  if (keep != NULL)
    run_in_context (context, emit_outbox_changed_cb, keep, g_object_unref);
}

static void
worker (gpointer data,
        gpointer user_data)
{
  MdgStore *self = user_data;
  StoreJob *writes[MAX_GROUP];
  guint n_writes = 0;
  StoreJob *job;

  /* The pool's items only wake the worker; the jobs wait in self->queue so
   * that all the writes queued meanwhile can share one commit. */
  while (n_writes < MAX_GROUP && (job = g_async_queue_try_pop (self->queue)))
    {
      if (g_task_return_error_if_cancelled (job->task))
        {
          store_job_free (job);
          continue;
        }

      if (job->write)
        {
          writes[n_writes++] = job;
          continue;
        }

      /* A read sees every write queued before it. */
      run_writes (self, writes, n_writes);
      n_writes = 0;
      run_read (self, job);
    }

  run_writes (self, writes, n_writes);
}

void
_mdg_store_run (MdgStore            *self,
                gboolean             write,
                StoreJobFunc         func,
                gpointer             task_data,
                GDestroyNotify       task_data_free,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data,
                gpointer             source_tag)
{
  StoreJob *job = g_new0 (StoreJob, 1);

  job->task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (job->task, source_tag);
  g_task_set_task_data (job->task, task_data, task_data_free);
  /* A write that ran reports its outcome, even if cancelled meanwhile. */
  g_task_set_check_cancellable (job->task, !write);
  job->func = func;
  job->write = !!write;
  job->light = write == STORE_WRITE_LIGHT;

  g_async_queue_push (self->queue, job);
  g_thread_pool_push (self->pool, GINT_TO_POINTER (1), NULL);
}

gpointer
_mdg_store_finish (MdgStore      *self,
                   GAsyncResult  *result,
                   gpointer       source_tag,
                   GError       **error)
{
  g_return_val_if_fail (MDG_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
_mdg_store_job_set_int (StoreJob *job,
                        gint64    value)
{
  gint64 *result = g_new (gint64, 1);

  *result = value;
  job->result = result;
  job->result_free = g_free;
}

gint64
_mdg_store_finish_int (MdgStore      *self,
                       GAsyncResult  *result,
                       gpointer       source_tag,
                       GError       **error)
{
  g_autofree gint64 *value = _mdg_store_finish (self, result, source_tag, error);

  return value != NULL ? *value : -1;
}

/* Open -------------------------------------------------------------------- */

/* Tightens one file of the store to 0600 if it exists (@must_exist: the
 * database itself, created here first so that SQLite never creates it with
 * 0644 & ~umask; SQLite gives its -wal and -shm the database's mode). */
static gboolean
restrict_file (const char  *path,
               gboolean     must_exist,
               GError     **error)
{
  struct stat st;
  int flags = O_RDWR | O_CLOEXEC | O_NOFOLLOW | (must_exist ? O_CREAT : 0);
  int fd;

  fd = g_open (path, flags, S_IRUSR | S_IWUSR);
  if (fd < 0 && errno == ENOENT && !must_exist)
    return TRUE;
  if (fd < 0 || fstat (fd, &st) != 0 ||
      ((st.st_mode & 0077) != 0 && fchmod (fd, st.st_mode & 0700) != 0))
    {
      int saved_errno = errno;

      if (fd >= 0)
        close (fd);
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot make %s private to its owner: %s", path, g_strerror (saved_errno));
      return FALSE;
    }

  close (fd);
  return TRUE;
}

/* The store and its WAL hold personal data: readable by their owner only,
 * whatever the umask or the folder, and tightened if an older build left
 * them wider. */
static gboolean
restrict_store_files (const char  *path,
                      GError     **error)
{
  static const char * const suffixes[] = { "-wal", "-shm", "-journal" };

  if (!restrict_file (path, TRUE, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *sibling = g_strconcat (path, suffixes[i], NULL);

      if (!restrict_file (sibling, FALSE, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (MdgStore    *self,
           const char  *sql,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  if (!(stmt = _mdg_store_prepare (self, sql, error)))
    return FALSE;

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return _mdg_store_set_error (self, rc, "Reading the store", error);

  return TRUE;
}

static gboolean
check_version (MdgStore  *self,
               gint64     version,
               GError   **error)
{
  if (version > MDG_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_TOO_NEW,
                   "The store %s has schema version %" G_GINT64_FORMAT "; this build knows "
                   "version %d at most. Use a newer Madoguchi; the store is left as it is.",
                   self->path, version, MDG_STORE_SCHEMA_VERSION);
      return FALSE;
    }

  return TRUE;
}

static gboolean
quick_check (MdgStore  *self,
             GError   **error)
{
  sqlite3_stmt *stmt;
  gboolean sound = FALSE;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA quick_check (1)", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _mdg_store_set_error (self, rc, "Checking the store", error);

  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    sound = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);

  if (rc != SQLITE_ROW)
    return _mdg_store_set_error (self, rc, "Checking the store", error);
  if (!sound)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CORRUPT,
                   "The store %s is damaged (quick_check failed); it is left as it is",
                   self->path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
check_foreign_keys (MdgStore  *self,
                    GError   **error)
{
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "PRAGMA foreign_key_check", -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    return _mdg_store_set_error (self, rc, "Checking the foreign keys", error);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_CONSTRAINT,
                   "A migration left a foreign key unresolved; nothing was changed");
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _mdg_store_set_error (self, rc, "Checking the foreign keys", error);
  return TRUE;
}

static gboolean
migrate (MdgStore  *self,
         GError   **error)
{
  g_autofree char *workstation_id = g_uuid_string_random ();
  sqlite3_stmt *stmt;
  gint64 version;

  /* A migration may rebuild a table that others reference (SQLite cannot
   * change a CHECK in place): foreign keys are off until the check below. */
  if (!_mdg_store_exec (self, "PRAGMA foreign_keys = OFF", error) ||
      !_mdg_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;

  /* Read again under the write lock: another process may have migrated. */
  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !check_version (self, version, error))
    goto fail;

  for (gint64 v = version; v < MDG_STORE_SCHEMA_VERSION; v++)
    {
      g_autofree char *set_version = g_strdup_printf ("PRAGMA user_version = %" G_GINT64_FORMAT,
                                                      v + 1);

      g_debug ("Migrating the store to version %" G_GINT64_FORMAT, v + 1);
      if (!_mdg_store_exec (self, migrations[v], error) ||
          !_mdg_store_exec (self, set_version, error))
        {
          g_prefix_error (error, "Migrating to version %" G_GINT64_FORMAT ": ", v + 1);
          goto fail;
        }
    }

  if (!(stmt = _mdg_store_prepare (self, "INSERT OR IGNORE INTO meta (key, value) "
                                         "VALUES ('workstation_id', ?)", error)))
    goto fail;
  store_bind_text (stmt, 1, workstation_id);
  if (!_mdg_store_step_done (self, stmt, "Naming the workstation", error) ||
      !check_foreign_keys (self, error) ||
      !_mdg_store_exec (self, "COMMIT", error))
    goto fail;

  return _mdg_store_exec (self, "PRAGMA foreign_keys = ON", error);

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_exec (self->db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
  return FALSE;
}

static gboolean
open_job (MdgStore  *self,
          StoreJob  *job,
          GError   **error)
{
  g_autofree char *dir = g_path_get_dirname (self->path);
  sqlite3_stmt *stmt;
  gint64 version;
  int rc;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot create the directory of the store %s: %s", self->path,
                   g_strerror (saved_errno));
      return FALSE;
    }

  if (!restrict_store_files (self->path, error))
    return FALSE;

  rc = sqlite3_open_v2 (self->path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, MDG_STORE_ERROR, MDG_STORE_ERROR_FAILED,
                   "Cannot open the store %s: %s", self->path, sqlite3_errstr (rc));
      g_clear_pointer (&self->db, sqlite3_close);
      return FALSE;
    }

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, BUSY_TIMEOUT_MS);
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);

  /* Reading the header finds a file that is not a database; quick_check
   * finds damaged pages. Nothing is written before both passed. */
  if (!query_int (self, "PRAGMA user_version", &version, error) ||
      !check_version (self, version, error) ||
      (version > 0 && !quick_check (self, error)))
    goto fail;

  if (!_mdg_store_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_mdg_store_exec (self, "PRAGMA synchronous = FULL", error) ||
      !_mdg_store_exec (self, "PRAGMA foreign_keys = ON", error) ||
      !_mdg_store_exec (self, "PRAGMA cell_size_check = ON", error) ||
      /* Deleted and overwritten rows (a purged case: mdg-store-retention.c)
       * are zeroed, not left in free pages. */
      !_mdg_store_exec (self, "PRAGMA secure_delete = ON", error) ||
      !migrate (self, error))
    goto fail;

  if (!(stmt = _mdg_store_prepare (self, "SELECT value FROM meta WHERE key = 'workstation_id'",
                                   error)))
    goto fail;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    self->workstation_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (self->workstation_id == NULL)
    {
      _mdg_store_set_error (self, rc == SQLITE_ROW ? SQLITE_CORRUPT : rc,
                            "Reading the workstation id", error);
      goto fail;
    }

  g_debug ("Opened the store, schema version %d", MDG_STORE_SCHEMA_VERSION);
  job->result = g_object_ref (self);
  job->result_free = g_object_unref;
  return TRUE;

fail:
  g_prefix_error (error, "%s: ", self->path);
  g_hash_table_remove_all (self->statements);
  g_clear_pointer (&self->db, sqlite3_close);
  return FALSE;
}

/* GObject ----------------------------------------------------------------- */

static void
mdg_store_finalize (GObject *object)
{
  MdgStore *self = (MdgStore *)object;

  /* Waits for the jobs already queued; none holds a reference, so none is left. */
  g_thread_pool_free (self->pool, FALSE, TRUE);
  g_async_queue_unref (self->queue);
  g_hash_table_destroy (self->statements);
  g_clear_pointer (&self->db, sqlite3_close);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->path);
  g_free (self->workstation_id);
  g_free (self->staff);

  G_OBJECT_CLASS (mdg_store_parent_class)->finalize (object);
}

static void
mdg_store_class_init (MdgStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mdg_store_finalize;

  /**
   * MdgStore::outbox-changed:
   *
   * Emitted in the main context that opened the store, after a commit that
   * added rows to the outbox (the ward link pushes then).
   */
  signals [OUTBOX_CHANGED] =
    g_signal_new ("outbox-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
mdg_store_init (MdgStore *self)
{
  self->queue = g_async_queue_new ();
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                            (GDestroyNotify) sqlite3_finalize);
  /* One thread owns the connection: max_threads 1, exclusive. */
  self->pool = g_thread_pool_new (worker, self, 1, TRUE, NULL);
  self->context = g_main_context_ref_thread_default ();
}

/* Public API -------------------------------------------------------------- */

char *
mdg_store_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "madoguchi", "store.sqlite", NULL);
}

void
mdg_store_open_async (const char          *path,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(MdgStore) self = NULL;

  g_return_if_fail (path != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  self = g_object_new (MDG_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  _mdg_store_run (self, FALSE, open_job, NULL, NULL, cancellable, callback, user_data,
                  mdg_store_open_async);
}

MdgStore *
mdg_store_open_finish (GAsyncResult  *result,
                       GError       **error)
{
  GObject *self = g_task_get_source_object (G_TASK (result));

  g_return_val_if_fail (MDG_IS_STORE (self), NULL);

  return _mdg_store_finish (MDG_STORE (self), result, mdg_store_open_async, error);
}

const char *
mdg_store_get_path (MdgStore *self)
{
  g_return_val_if_fail (MDG_IS_STORE (self), NULL);

  return self->path;
}

const char *
mdg_store_get_workstation_id (MdgStore *self)
{
  g_return_val_if_fail (MDG_IS_STORE (self), NULL);

  return self->workstation_id;
}

void
mdg_store_set_staff (MdgStore   *self,
                     const char *staff)
{
  g_return_if_fail (MDG_IS_STORE (self));

  g_free (self->staff);
  self->staff = g_strdup (staff);
}

const char *
mdg_store_get_staff (MdgStore *self)
{
  g_return_val_if_fail (MDG_IS_STORE (self), NULL);

  return self->staff != NULL ? self->staff : g_get_user_name ();
}
