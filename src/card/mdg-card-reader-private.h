/* mdg-card-reader-private.h: MdgCardReader's instance, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-card-reader.h"
#include "mdg-ccid.h"
#include "mdg-t1.h"

G_BEGIN_DECLS

struct _MdgCardReader
{
  GObject             parent_instance;

  /* owned */
  GUsbDevice         *device;
  char               *name;
  char               *id;
  GMainContext       *main_context;   /* signals and notifications go there */
  GMainContext       *io_context;     /* runs the transfers of the blocking calls */
  GThreadPool        *pool;           /* the worker thread: one job at a time */
  guint8             *out_buffer;
  guint8             *in_buffer;
  gsize               out_size;
  gsize               in_size;

  /* fixed at construction */
  MdgCcidDescriptor   descriptor;
  guint8              interface_number;
  guint8              ep_bulk_in;
  guint8              ep_bulk_out;
  guint8              ep_interrupt;   /* 0 when the reader has none */
  guint16             interrupt_size;

  /* under io_lock: one exchange at a time */
  GRecMutex           io_lock;
  gboolean            opened;
  gboolean            powered;
  guint8              seq;
  guint8              abandoned[4];   /* bSeq of commands whose reply may still come */
  guint               n_abandoned;
  MdgT1               t1;
  guint               timeout_ms;
  MdgCardReaderStats  stats;

  /* atomic */
  gint                card_present;
  gint                removed;
  gint                claimed;        /* mirrors opened, for other threads */
};

void _mdg_card_reader_run_in_worker (MdgCardReader   *self,
                                     GTask           *task,
                                     GTaskThreadFunc  func);
void _mdg_card_reader_emit_audit    (MdgCardReader   *self,
                                     MdgCardAudit    *audit);
guint8 _mdg_card_reader_get_interrupt_endpoint (MdgCardReader *self);

G_END_DECLS
