/* mdg-waiting-display.h: the waiting room's large screen
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_WAITING_DISPLAY (mdg_waiting_display_get_type ())

G_DECLARE_FINAL_TYPE (MdgWaitingDisplay, mdg_waiting_display, MDG, WAITING_DISPLAY, AdwApplicationWindow)

/* On @workstation's queue (its store open; the "workstation" construct
 * property). @fullscreen: the display's own screen; FALSE for a window (a
 * preview on the monitor's workstation, the tests). */
MdgWaitingDisplay *mdg_waiting_display_new        (GtkApplication    *application,
                                                   MdgWorkstation    *workstation,
                                                   gboolean           fullscreen) G_GNUC_WARN_UNUSED_RESULT;
/* The chimes played (or, without sound, due) since the window opened: one
 * for each number called or called again. */
guint              mdg_waiting_display_get_chimes (MdgWaitingDisplay *self);

G_END_DECLS
