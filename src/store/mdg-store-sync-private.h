/* mdg-store-sync-private.h: the sync jobs' data, shared by mdg-store-sync*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-store-private.h"
#include "mdg-store-sync.h"

G_BEGIN_DECLS

/* Job data: whichever fields a job needs. */
typedef struct
{
  char      *id;
  char      *day;
  GPtrArray *tickets;
  GPtrArray *cases;
  MdgTicket *ticket;
  char      *key;
  gint64     value;
  gint64     value2;
  int        band;
  int        first;
  int        last;
  gsize      max_bytes;
} SyncData;

void     _mdg_store_run_sync_job (MdgStore            *self,
                                  gboolean             write,
                                  StoreJobFunc         func,
                                  SyncData            *data,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data,
                                  gpointer             source_tag);
gboolean _mdg_store_query_count  (MdgStore            *self,
                                  sqlite3_stmt        *stmt,
                                  gint64              *count,
                                  GError             **error);

G_END_DECLS
