/* mdg-store-private.h: the worker and SQL helpers shared by the store's files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "mdg-store.h"

G_BEGIN_DECLS

typedef struct _StoreJob StoreJob;

/* Runs on the worker thread. A write job runs inside the group transaction
 * (in its own savepoint); it sets job->result (never NULL on success). */
typedef gboolean (*StoreJobFunc) (MdgStore  *self,
                                  StoreJob  *job,
                                  GError   **error);

struct _StoreJob
{
  GTask          *task;
  StoreJobFunc    func;
  gpointer        result;
  GDestroyNotify  result_free;
  guint           write : 1;
  guint           light : 1;
  guint           outbox_changed : 1;
};

#define STORE_OK GINT_TO_POINTER (1)

/* For _mdg_store_run's @write: a write whose commit is durable against a
 * killed process but not a power cut (no fsync of its own), for records
 * that must be followed within microseconds by an outward effect (a ticket
 * number printed) and whose loss in a power cut only repeats that effect.
 * A group of only light writes commits without the fsync. */
#define STORE_WRITE_LIGHT 2

void          _mdg_store_run          (MdgStore            *self,
                                       gboolean             write,
                                       StoreJobFunc         func,
                                       gpointer             task_data,
                                       GDestroyNotify       task_data_free,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data,
                                       gpointer             source_tag);
gpointer      _mdg_store_finish       (MdgStore            *self,
                                       GAsyncResult        *result,
                                       gpointer             source_tag,
                                       GError             **error);
gint64        _mdg_store_finish_int   (MdgStore            *self,
                                       GAsyncResult        *result,
                                       gpointer             source_tag,
                                       GError             **error);
void          _mdg_store_job_set_int  (StoreJob            *job,
                                       gint64               value);

/* Worker-thread helpers. */
sqlite3      *_mdg_store_get_db       (MdgStore            *self);
gboolean      _mdg_store_set_error    (MdgStore            *self,
                                       int                  rc,
                                       const char          *what,
                                       GError             **error);
/* A cached statement, reset and unbound. */
sqlite3_stmt *_mdg_store_prepare      (MdgStore            *self,
                                       const char          *sql,
                                       GError             **error);
/* Steps @stmt to its end (no rows expected) and resets it. */
gboolean      _mdg_store_step_done    (MdgStore            *self,
                                       sqlite3_stmt        *stmt,
                                       const char          *what,
                                       GError             **error);
gboolean      _mdg_store_exec         (MdgStore            *self,
                                       const char          *sql,
                                       GError             **error);
int           _mdg_store_changes      (MdgStore            *self);
gboolean      _mdg_store_add_outbox   (MdgStore            *self,
                                       StoreJob            *job,
                                       const char          *kind,
                                       const char          *record_id,
                                       GError             **error);
/* Adds a completed case's outbox rows: the case, then each of its forms. */
gboolean      _mdg_store_enqueue_completed (MdgStore       *self,
                                            StoreJob       *job,
                                            const char     *case_id,
                                            GError        **error);
void          _mdg_store_bind_bytes   (sqlite3_stmt        *stmt,
                                       int                  index,
                                       GBytes              *bytes);
/* Now, as ISO 8601 in UTC with microseconds. */
char         *_mdg_store_now          (void) G_GNUC_WARN_UNUSED_RESULT;

/* Binds a string (NULL binds NULL); the text is copied. */
#define store_bind_text(stmt, i, text) \
  sqlite3_bind_text ((stmt), (i), (text), -1, SQLITE_TRANSIENT)

G_END_DECLS
