/* mdg-queue-monitor.h: the floor manager's window over the whole queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_QUEUE_MONITOR (mdg_queue_monitor_get_type ())

G_DECLARE_FINAL_TYPE (MdgQueueMonitor, mdg_queue_monitor, MDG, QUEUE_MONITOR, AdwApplicationWindow)

/* On @workstation's queue (its store open); the "workstation" construct
 * property. */
MdgQueueMonitor *mdg_queue_monitor_new (GtkApplication *application,
                                        MdgWorkstation *workstation) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
