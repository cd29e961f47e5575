/* mdg-ward-private.h: what the pieces of mdg-ward*.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each operation is a small state machine: one task, its Op as task data,
 * and a step function that gets the result of the previous call.
 */

#pragma once

#include "mdg-ward.h"

G_BEGIN_DECLS

#define RESOURCE_PATH "/io/github/madoguchi/Madoguchi/ward/"

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

/* The columns of a ticket beyond its number and state, in the order
 * _mdg_ward_read_ticket_facts() reads them; times as ISO 8601 in UTC. */
#define TICKET_FACTS \
  "priority, recalls, " \
  "to_char (issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "to_char (called_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "to_char (closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"'), " \
  "case_id, event, rating"

void       _mdg_ward_op_cb             (GObject             *object,
                                        GAsyncResult        *result,
                                        gpointer             user_data);
GTask     *_mdg_ward_op_new            (MdgWardConnection   *connection,
                                        MdgStore            *store,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data,
                                        gpointer             source_tag,
                                        Op                 **out_op);
void       _mdg_ward_op_query          (GTask               *task,
                                        Op                  *op,
                                        OpStep               step,
                                        const char          *sql,
                                        guint                n_params,
                                        const char * const  *params);
void       _mdg_ward_op_exec           (GTask               *task,
                                        Op                  *op,
                                        OpStep               step,
                                        const char          *sql);
PGresult  *_mdg_ward_op_result         (Op                  *op,
                                        GAsyncResult        *result,
                                        GTask               *task);
const char *_mdg_ward_get_value        (PGresult            *result,
                                        int                  row,
                                        int                  column);
int        _mdg_ward_get_int           (PGresult            *result,
                                        int                  row,
                                        int                  column);
gint64     _mdg_ward_get_int64         (PGresult            *result,
                                        int                  row,
                                        int                  column);
void       _mdg_ward_read_ticket_facts (MdgTicket           *ticket,
                                        PGresult            *res,
                                        int                  row,
                                        int                  first);

G_END_DECLS
