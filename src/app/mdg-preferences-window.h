/* mdg-preferences-window.h: the counter's settings
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_PREFERENCES_WINDOW (mdg_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (MdgPreferencesWindow, mdg_preferences_window, MDG, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

/* The settings of @workstation (it has them; the "workstation" construct
 * property). */
MdgPreferencesWindow *mdg_preferences_window_new (GtkWindow      *parent,
                                                  MdgWorkstation *workstation) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
