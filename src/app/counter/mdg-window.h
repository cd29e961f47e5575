/* mdg-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-application.h"
#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_WINDOW (mdg_window_get_type ())

G_DECLARE_FINAL_TYPE (MdgWindow, mdg_window, MDG, WINDOW, AdwApplicationWindow)

/* The counter window on @workstation (the "workstation" construct
 * property): the demo households beside the case of the one selected. It
 * takes the workstation's catalog and store (opened by whoever opens the
 * workstation) and loads the households; when one is broken it shows what
 * is wrong instead. The clerk who signs in here sets the workstation's ward
 * login; signing out, or closing the window, clears it. */
MdgWindow  *mdg_window_new           (MdgApplication *application,
                                      MdgWorkstation *workstation) G_GNUC_WARN_UNUSED_RESULT;
/* The manual's page about what the window shows now ("counter-window"),
 * for help:madoguchi/<page>. */
const char *mdg_window_get_help_page (MdgWindow      *self);
/* Returns: (transfer none): the workstation the window works on */
MdgWorkstation *mdg_window_get_workstation (MdgWindow *self);

G_END_DECLS
