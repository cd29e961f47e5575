/* mdg-store.h: the local store of one workstation
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The workstation's source of truth: one SQLite file (WAL, synchronous=FULL)
 * with cases, generated forms, the signature, tickets, leased ticket numbers,
 * the audit log and the outbox that the ward link pushes. Every write and its
 * outbox row are committed in one transaction, and an _async call completes
 * only after that commit is durable. Every record has a client-generated id
 * (UUID), so a replay to the ward database never duplicates anything.
 *
 * All SQLite work runs on one worker thread that owns the only connection;
 * callbacks run in the thread-default main context of the caller. Writes
 * queued together are committed together (one fsync for the group), each in
 * its own savepoint, so one refused write does not fail the others.
 *
 * A cancellable stops a job that has not started; a write that has started
 * reports what really happened (it is not turned into a cancellation after
 * its commit).
 */

#pragma once

#include <gio/gio.h>

#include "mdg-case.h"
#include "mdg-store-error.h"

G_BEGIN_DECLS

/* The schema version this build writes; a newer file is refused (TOO_NEW). */
#define MDG_STORE_SCHEMA_VERSION 5

#define MDG_TYPE_STORE (mdg_store_get_type ())

G_DECLARE_FINAL_TYPE (MdgStore, mdg_store, MDG, STORE, GObject)

typedef enum
{
  MDG_AUDIT_READ,
  MDG_AUDIT_CHANGE,
} MdgAuditAction;

/* One audit entry: who read or changed which resident's data. @fields names
 * the fields ("members.m1.address", "answers.funeral_host"), never their
 * values. The store adds the id, the time and the workstation. */
typedef struct
{
  const char         *staff;     /* the member of staff (login name) */
  MdgAuditAction      action;
  const char         *subject;   /* opaque id of the household or resident */
  const char         *case_id;   /* nullable */
  const char * const *fields;    /* NULL-terminated; may be NULL or empty */
} MdgAuditEntry;

/* Returns: (transfer full): g_get_user_data_dir()/madoguchi/store.sqlite */
char       *mdg_store_dup_default_path   (void) G_GNUC_WARN_UNUSED_RESULT;

/* Opens @path (created with its directory when missing), applies the pending
 * migrations in one transaction and checks the file (quick_check). Errors:
 * MDG_STORE_ERROR_CORRUPT (the file is left untouched), _TOO_NEW, _FAILED. */
void        mdg_store_open_async         (const char           *path,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (nullable): the store */
MdgStore   *mdg_store_open_finish        (GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

const char *mdg_store_get_path           (MdgStore             *self);
/* The workstation's UUID, made when the store was created. */
const char *mdg_store_get_workstation_id (MdgStore             *self);
/* Who the local audit names when an entry names nobody: the member of
 * staff signed in at the counter (its ward login), else the OS login.
 * Main thread only. */
void        mdg_store_set_staff          (MdgStore             *self,
                                          const char           *staff);
const char *mdg_store_get_staff          (MdgStore             *self);

/* Cases -------------------------------------------------------------------- */

/* Saves @kase under @id (NULL: a new UUID) as a draft, or as a completed case
 * with @completed, in which case the outbox rows for the case and its forms
 * are written in the same transaction. A completed case can no longer change
 * (MDG_STORE_ERROR_CONSTRAINT). @ticket_id (nullable) links the visit's ticket.
 * The finish function returns the case id once the commit is durable. */
void        mdg_store_save_case_async    (MdgStore             *self,
                                          const char           *id,
                                          MdgCase              *kase,
                                          gboolean              completed,
                                          const char           *ticket_id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (nullable): the case id */
char       *mdg_store_save_case_finish   (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Saves @kase under @id as a draft, with @visit_json (the application's
 * state of the visit, to resume it after a crash) in the same transaction. */
void        mdg_store_save_draft_async   (MdgStore             *self,
                                          const char           *id,
                                          MdgCase              *kase,
                                          const char           *ticket_id,
                                          const char           *visit_json,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (nullable): the case id */
char       *mdg_store_save_draft_finish  (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* A visit that was not completed, as its draft left it. */
typedef struct
{
  char *id;
  char *visit_json;
  char *updated_at;   /* ISO 8601, UTC */
} MdgDraft;

void        mdg_draft_free               (MdgDraft             *draft);

/* The drafts that can be resumed (those with a visit state), the newest
 * first. */
void        mdg_store_list_drafts_async  (MdgStore             *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (element-type MdgDraft) (nullable) */
GPtrArray  *mdg_store_list_drafts_finish (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Forgets a draft the clerk will not resume (a completed case stays). */
void        mdg_store_discard_draft_async  (MdgStore           *self,
                                            const char         *id,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean    mdg_store_discard_draft_finish (MdgStore           *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* Reads a case back (MDG_STORE_ERROR_CONSTRAINT: no such case). */
void        mdg_store_load_case_async    (MdgStore             *self,
                                          const char           *id,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (nullable): the case */
MdgCase    *mdg_store_load_case_finish   (MdgStore             *self,
                                          GAsyncResult         *result,
                                          gboolean             *completed,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Stores the generated form of @procedure_id for a draft case (replacing an
 * earlier one); @signed_form says whether the signature is on it. */
void        mdg_store_save_form_async    (MdgStore             *self,
                                          const char           *case_id,
                                          const char           *procedure_id,
                                          GBytes               *pdf,
                                          gboolean              signed_form,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
gboolean    mdg_store_save_form_finish   (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error);

/* Stores the resident's one signature (e.g. "image/png") on a draft case. */
void        mdg_store_set_signature_async  (MdgStore           *self,
                                            const char         *case_id,
                                            GBytes             *image,
                                            const char         *media_type,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean    mdg_store_set_signature_finish (MdgStore           *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* Marks a draft completed: case, forms and outbox rows in one transaction,
 * with @handoffs_json (nullable: the hand-off records, mdg_handoffs_build)
 * and the resident's @rating (1…5; 0: none), which travel to the ward
 * database with the case. */
void        mdg_store_complete_case_async  (MdgStore           *self,
                                            const char         *case_id,
                                            const char         *handoffs_json,
                                            int                 rating,
                                            GCancellable       *cancellable,
                                            GAsyncReadyCallback callback,
                                            gpointer            user_data);
gboolean    mdg_store_complete_case_finish (MdgStore           *self,
                                            GAsyncResult       *result,
                                            GError            **error);

/* Audit --------------------------------------------------------------------- */

/* Records @entry (copied) with its outbox row. Returns the entry's id. */
void        mdg_store_audit_async        (MdgStore             *self,
                                          const MdgAuditEntry  *entry,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (nullable): the entry id */
char       *mdg_store_audit_finish       (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Checks -------------------------------------------------------------------- */

/* integrity_check, foreign keys and the outbox (every row names a record
 * that exists; every completed case, form, lease ticket and audit entry has
 * its row). Returns one line per problem; an empty array when sound. */
void        mdg_store_check_async        (MdgStore             *self,
                                          GCancellable         *cancellable,
                                          GAsyncReadyCallback   callback,
                                          gpointer              user_data);
/* Returns: (transfer full) (element-type utf8) (nullable): the problems */
GPtrArray  *mdg_store_check_finish       (MdgStore             *self,
                                          GAsyncResult         *result,
                                          GError              **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgDraft, mdg_draft_free)

G_END_DECLS
