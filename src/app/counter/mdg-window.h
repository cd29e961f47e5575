/* mdg-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-application.h"
#include "mdg-queue-source.h"

G_BEGIN_DECLS

#define MDG_TYPE_WINDOW (mdg_window_get_type ())

G_DECLARE_FINAL_TYPE (MdgWindow, mdg_window, MDG, WINDOW, AdwApplicationWindow)

/* The counter window: the demo households beside the case of the one
 * selected. Loads the catalog and the households; when either is broken
 * it shows what is wrong instead. */
MdgWindow  *mdg_window_new           (MdgApplication *application) G_GNUC_WARN_UNUSED_RESULT;
/* The manual's page about what the window shows now ("counter-window"),
 * for help:madoguchi/<page>. */
const char *mdg_window_get_help_page (MdgWindow      *self);
/* Today's queue as this workstation knows it, for the queue monitor and
 * the waiting-room display opened from here. Returns: (transfer full)
 * (nullable): %NULL until the local store is open */
MdgQueueSource *mdg_window_dup_queue_source (MdgWindow *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
