/* mdg-store-retention.h: no resident data kept past the retention time
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-store.h"

G_BEGIN_DECLS

/* The default of the retain-hours setting. */
#define MDG_STORE_RETAIN_HOURS_DEFAULT 24

typedef struct
{
  gint64   cases;       /* completed cases the ward confirmed, emptied now */
  gint64   drafts;      /* drafts never completed, emptied now */
  gint64   audit;       /* audit entries the ward confirmed, their subject removed */
  gboolean wal_reset;   /* FALSE: another connection was reading; the WAL is
                         * truncated at a later purge */
} MdgStorePurge;

/* Removes the resident data (case file, answers, visit state, hand-offs,
 * signature, forms' PDFs, the audit's subject) of every completed case the
 * ward confirmed more than @retain_hours ago, and of every draft untouched
 * for that long; keeps each case's id, status, times, event and rating (the
 * tickets, which the KPIs read, hold no resident data). The rows are zeroed
 * (secure_delete), then the WAL is checkpointed and truncated. */
void     mdg_store_purge_async  (MdgStore             *self,
                                 guint                 retain_hours,
                                 GCancellable         *cancellable,
                                 GAsyncReadyCallback   callback,
                                 gpointer              user_data);
gboolean mdg_store_purge_finish (MdgStore             *self,
                                 GAsyncResult         *result,
                                 MdgStorePurge        *purge,
                                 GError              **error);

G_END_DECLS
