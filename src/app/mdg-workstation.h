/* mdg-workstation.h: what every window of this workstation shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The one context the application owns and hands to each window
 * (ARCHITECTURE.md, "Two objects every screen shares"): the settings, the
 * local store (opened once, on the store's worker), the procedure catalog
 * (loaded once, when first asked for), the ward link of the current login
 * and today's queue. Windows never open these themselves and never borrow
 * them from one another, so closing one window leaves the others working.
 */

#pragma once

#include <gio/gio.h>

#include "mdg-catalog.h"
#include "mdg-queue-source.h"
#include "mdg-store.h"
#include "mdg-ward-link.h"

G_BEGIN_DECLS

#define MDG_TYPE_WORKSTATION (mdg_workstation_get_type ())

G_DECLARE_FINAL_TYPE (MdgWorkstation, mdg_workstation, MDG, WORKSTATION, GObject)

/* @store_path: the local store's file; %NULL for the user's default one.
 * The settings are the application's schema, %NULL when it is not
 * installed. Nothing is opened before mdg_workstation_open(). */
MdgWorkstation *mdg_workstation_new              (const char      *store_path) G_GNUC_WARN_UNUSED_RESULT;
/* Starts opening the local store (once; later calls do nothing). The
 * "store" property follows when it is open, or "store-error" when it
 * cannot be. Once open, resident data past the retain-hours setting is
 * purged soon after and then every quarter of an hour. */
void            mdg_workstation_open             (MdgWorkstation  *self);
/* Returns: (transfer none) (nullable): the application's settings */
GSettings      *mdg_workstation_get_settings     (MdgWorkstation  *self);
const char     *mdg_workstation_get_store_path   (MdgWorkstation  *self);
/* The "store" property. Returns: (transfer none) (nullable): %NULL until
 * the store is open */
MdgStore       *mdg_workstation_get_store        (MdgWorkstation  *self);
/* The "store-error" property: why the store cannot be opened (an
 * MDG_STORE_ERROR or a G_IO_ERROR). Returns: (transfer none) (nullable) */
const GError   *mdg_workstation_get_store_error  (MdgWorkstation  *self);
/* The catalog, loaded on the first call. Returns: (transfer none)
 * (nullable): %NULL with @error set when the catalog is broken */
MdgCatalog     *mdg_workstation_get_catalog      (MdgWorkstation  *self,
                                                  GError         **error);
/* The "conninfo" property: the ward login the link uses (the clerk's, or
 * this kind of device's), %NULL for none: the link closes, the store and
 * the queue stay. Setting the same login again keeps the link. */
const char     *mdg_workstation_get_conninfo     (MdgWorkstation  *self);
void            mdg_workstation_set_conninfo     (MdgWorkstation  *self,
                                                  const char      *conninfo);
/* The "link" property. Returns: (transfer none) (nullable): %NULL without
 * a login or before the store is open */
MdgWardLink    *mdg_workstation_get_link         (MdgWorkstation  *self);
/* The "queue-source" property: today's queue, made once with the store and
 * following the link. Returns: (transfer none) (nullable): %NULL until the
 * store is open */
MdgQueueSource *mdg_workstation_get_queue_source (MdgWorkstation  *self);
/* Reconnect delays of the links made from now on (mdg_ward_link_set_backoff()). */
void            mdg_workstation_set_link_backoff (MdgWorkstation  *self,
                                                  guint            min_ms,
                                                  guint            max_ms);

G_END_DECLS
