/* mdg-store-sync.h: what the ward link needs from the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The outbox (pushed in order, marked sent only after the ward database
 * committed), tickets, leased blocks of ticket numbers, pending ward calls
 * and what the pull brings back. Used by src/ward and madoguchi-tool; the
 * application reaches these through MdgWardLink.
 */

#pragma once

#include "mdg-queue.h"
#include "mdg-store.h"

G_BEGIN_DECLS

/* One unsent outbox row. @payload is the record as a JSON object, ready for
 * the ward database (binary columns in hex). */
typedef struct
{
  gint64  seq;
  char   *kind;       /* "case", "form", "ticket", "audit" */
  char   *record_id;
  char   *payload;
} MdgOutboxItem;

void            mdg_outbox_item_free     (MdgOutboxItem *item);

/* A ticket as the workstation knows it (its own, or pulled from the ward). */
typedef struct
{
  char   *id;
  char   *day;        /* YYYY-MM-DD in Asia/Tokyo */
  int     band;
  int     number;
  char   *status;     /* an MdgQueueState as text (mdg_queue_state_to_string) */
  int     counter;    /* 0 when not called */
  gint64  ward_seq;   /* 0 when not from the ward */
  /* What the ticket operations and the KPIs need (see MdgTicketOp). The
   * times are ISO 8601, NULL when unknown or not yet. */
  gboolean priority;  /* 高齢者・障がい者 support: called first */
  int     recalls;
  char   *issued_at;
  char   *called_at;
  char   *closed_at;  /* visit completed (done) or given up (no_show) */
  char   *case_id;    /* the visit's case, once closed */
  char   *event;      /* the visit's life event (catalog id), once closed */
  int     rating;     /* satisfaction 1…5, 0 when not given */
} MdgTicket;

MdgTicket      *mdg_ticket_copy          (const MdgTicket *ticket) G_GNUC_WARN_UNUSED_RESULT;
void            mdg_ticket_free          (MdgTicket       *ticket);
/* The ticket's status; an unknown one reads as waiting. */
MdgQueueState   mdg_ticket_get_state     (const MdgTicket *ticket);
/* Fills @out, the ticket as the queue logic and the KPIs see it (@out's
 * event is borrowed from @ticket); a time that does not parse is 0. */
void            mdg_ticket_to_queue      (const MdgTicket *ticket,
                                          MdgQueueTicket  *out);

/* An operation on a called or waiting ticket, run atomically in the ward
 * database (mdg_ward_ticket_op_async) under a client-made id stored first
 * (mdg_store_begin_ticket_op_async), so a retry is never applied twice. */
typedef enum
{
  MDG_TICKET_OP_RECALL,    /* announce again; a no-show after @value recalls;
                            * a held ticket is called again at @counter */
  MDG_TICKET_OP_HOLD,      /* set a called ticket aside */
  MDG_TICKET_OP_TRANSFER,  /* back to waiting in @band, for @counter if > 0 */
  MDG_TICKET_OP_PRIORITY,  /* @value 1: called first; 0: not any more */
  MDG_TICKET_OP_CLOSE,     /* visit completed: @case_id, @event, @value rating or 0 */
  MDG_TICKET_OP_RATE,      /* @value 1…5 after the close */
} MdgTicketOpKind;

typedef struct
{
  MdgTicketOpKind  kind;
  char            *ticket_id;  /* or NULL and @number: today's ticket of that number */
  int              number;
  int              counter;
  int              band;
  int              value;
  char            *case_id;
  char            *event;
} MdgTicketOp;

MdgTicketOp    *mdg_ticket_op_copy       (const MdgTicketOp *op) G_GNUC_WARN_UNUSED_RESULT;
void            mdg_ticket_op_free       (MdgTicketOp       *op);
const char     *mdg_ticket_op_kind_to_string (MdgTicketOpKind kind);

/* A case's state in the ward database, as pulled (no personal data). */
typedef struct
{
  char   *id;
  char   *status;
  char   *workstation;
  gint64  ward_seq;
} MdgWardCaseState;

void            mdg_ward_case_state_free (MdgWardCaseState *state);

typedef enum
{
  MDG_PENDING_ISSUE,  /* key: the band */
  MDG_PENDING_CALL,   /* key: the counter */
} MdgPendingKind;

/* Today in Asia/Tokyo, YYYY-MM-DD: the day of tickets issued offline. */
char           *mdg_store_dup_today      (void) G_GNUC_WARN_UNUSED_RESULT;

/* The first @limit unsent rows (at most about @max_bytes of payload, at
 * least one row), in outbox order. */
void            mdg_store_peek_outbox_async   (MdgStore            *self,
                                               guint                limit,
                                               gsize                max_bytes,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
/* Returns: (transfer full) (element-type MdgOutboxItem) (nullable) */
GPtrArray      *mdg_store_peek_outbox_finish  (MdgStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* Marks the rows with seq ≤ @up_to as sent: call only once the ward database
 * has committed them. */
void            mdg_store_mark_sent_async     (MdgStore            *self,
                                               gint64               up_to,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean        mdg_store_mark_sent_finish    (MdgStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* The number of unsent rows. */
void            mdg_store_count_outbox_async  (MdgStore            *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gint64          mdg_store_count_outbox_finish (MdgStore            *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Pending ward calls: the id of an online ticket issue (per band) or of a
 * "call next" (per counter) is stored durably before it is sent, so that a
 * run after a lost answer sends the same id and the ward database answers
 * with what it already did. Returns the open id for (@kind, @key), made
 * when there is none. */
void            mdg_store_begin_pending_async  (MdgStore           *self,
                                                MdgPendingKind      kind,
                                                int                 key,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
/* Returns: (transfer full) (nullable): the pending id */
char           *mdg_store_begin_pending_finish (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Closes the pending id; @ticket (nullable) is what the ward answered and
 * is stored in the same transaction. */
void            mdg_store_end_pending_async    (MdgStore           *self,
                                                const char         *pending_id,
                                                const MdgTicket    *ticket,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean        mdg_store_end_pending_finish   (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Marks the open issue of @band void: its answer was lost and the ticket was
 * issued offline instead, so the ward must void it (see list_void). */
void            mdg_store_void_pending_async   (MdgStore           *self,
                                                int                 band,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean        mdg_store_void_pending_finish  (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Returns: (transfer full) (element-type utf8): "ID BAND" of void issues still
 * to be voided in the ward; end each with end_pending once the ward did. */
void            mdg_store_list_void_async      (MdgStore           *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
GPtrArray      *mdg_store_list_void_finish     (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Ticket operations: returns the id of the open operation (@op's kind on
 * @op's ticket), made and stored durably when there is none, so that a run
 * after a lost answer sends the same id. */
void            mdg_store_begin_ticket_op_async  (MdgStore           *self,
                                                  const MdgTicketOp  *op,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
/* Returns: (transfer full) (nullable): the operation's id */
char           *mdg_store_begin_ticket_op_finish (MdgStore           *self,
                                                  GAsyncResult       *result,
                                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Closes the operation @op_id; @ticket (nullable) is the ward's answer,
 * stored in the same transaction. */
void            mdg_store_end_ticket_op_async    (MdgStore           *self,
                                                  const char         *op_id,
                                                  const MdgTicket    *ticket,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
gboolean        mdg_store_end_ticket_op_finish   (MdgStore           *self,
                                                  GAsyncResult       *result,
                                                  GError            **error);

/* The tickets of the days @first_day to @last_day (YYYY-MM-DD), as this workstation knows them (its own and what the pull brought), in
 * the order of issue. */
void            mdg_store_list_tickets_async     (MdgStore           *self,
                                                  const char         *first_day,
                                                  const char         *last_day,
                                                  GCancellable       *cancellable,
                                                  GAsyncReadyCallback callback,
                                                  gpointer            user_data);
/* Returns: (transfer full) (element-type MdgTicket) (nullable) */
GPtrArray      *mdg_store_list_tickets_finish    (MdgStore           *self,
                                                  GAsyncResult       *result,
                                                  GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Leases: blocks of numbers the ward reserved for this workstation. */
void            mdg_store_add_lease_async      (MdgStore           *self,
                                                const char         *lease_id,
                                                const char         *day,
                                                int                 band,
                                                int                 first_number,
                                                int                 last_number,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean        mdg_store_add_lease_finish     (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* How many leased numbers of @band are left for @day. */
void            mdg_store_count_leased_async   (MdgStore           *self,
                                                const char         *day,
                                                int                 band,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gint64          mdg_store_count_leased_finish  (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Issues a ticket of @band from today's leases, with its outbox row.
 * MDG_STORE_ERROR_NO_NUMBER when no leased number is left. */
void            mdg_store_issue_leased_async   (MdgStore           *self,
                                                int                 band,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
/* Returns: (transfer full) (nullable): the ticket */
MdgTicket      *mdg_store_issue_leased_finish  (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Pull: the last ward sequence seen, and what a pull brought. */
void            mdg_store_get_cursor_async     (MdgStore           *self,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gint64          mdg_store_get_cursor_finish    (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

/* Stores @tickets (MdgTicket) and @cases (MdgWardCaseState) and moves the
 * cursor to @cursor, in one transaction. Both arrays are taken. */
void            mdg_store_apply_pull_async     (MdgStore           *self,
                                                GPtrArray          *tickets,
                                                GPtrArray          *cases,
                                                gint64              cursor,
                                                GCancellable       *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer            user_data);
gboolean        mdg_store_apply_pull_finish    (MdgStore           *self,
                                                GAsyncResult       *result,
                                                GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgOutboxItem, mdg_outbox_item_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgTicket, mdg_ticket_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgTicketOp, mdg_ticket_op_free)

G_END_DECLS
