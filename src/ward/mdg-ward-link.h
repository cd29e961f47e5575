/* mdg-ward-link.h: the workstation's live link to the ward database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Keeps a connection up (reconnecting with backoff), LISTENs for changes,
 * pushes the store's outbox whenever it grows, and pulls when the ward
 * notifies. After every (re)connect it LISTENs again and does a full pull,
 * since notifications sent while it was away are lost.
 */

#pragma once

#include "mdg-store.h"
#include "mdg-ward-connection.h"

G_BEGIN_DECLS

#define MDG_TYPE_WARD_LINK (mdg_ward_link_get_type ())

G_DECLARE_FINAL_TYPE (MdgWardLink, mdg_ward_link, MDG, WARD_LINK, GObject)

MdgWardLink *mdg_ward_link_new         (MdgStore    *store,
                                        const char  *conninfo) G_GNUC_WARN_UNUSED_RESULT;
void         mdg_ward_link_start       (MdgWardLink *self);
void         mdg_ward_link_stop        (MdgWardLink *self);
/* The "online" property: connected and listening. */
gboolean     mdg_ward_link_get_online  (MdgWardLink *self);
/* Returns: (transfer none) (nullable): the link's connection while it is
 * online, for the counter's own queries (they queue behind the link's). */
MdgWardConnection *mdg_ward_link_get_connection (MdgWardLink *self);
/* Rows pushed since the link was made. */
guint64      mdg_ward_link_get_pushed  (MdgWardLink *self);
/* Reconnect delays: from @min_ms, doubling up to @max_ms (defaults 250, 2000). */
void         mdg_ward_link_set_backoff (MdgWardLink *self,
                                        guint        min_ms,
                                        guint        max_ms);

G_END_DECLS
