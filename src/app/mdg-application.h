/* mdg-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MDG_TYPE_APPLICATION (mdg_application_get_type ())

G_DECLARE_FINAL_TYPE (MdgApplication, mdg_application, MDG, APPLICATION, AdwApplication)

MdgApplication *mdg_application_new           (void) G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (transfer full) (nullable): the application's settings, or %NULL
 * when the schema is not installed. */
GSettings      *mdg_application_dup_settings  (MdgApplication *self) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
