/* mdg-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_APPLICATION (mdg_application_get_type ())

G_DECLARE_FINAL_TYPE (MdgApplication, mdg_application, MDG, APPLICATION, AdwApplication)

MdgApplication *mdg_application_new           (void) G_GNUC_WARN_UNUSED_RESULT;
/* The workstation every window of the application shares, made at startup
 * (its store opens when the first window asks). Returns: (transfer none)
 * (nullable): %NULL before startup */
MdgWorkstation *mdg_application_get_workstation (MdgApplication *self);
/* Replaces the workstation, by @workstation or, for %NULL, by a new one
 * (nothing opened): a fresh start without a restart, for the tests. The
 * windows already open keep theirs. */
void            mdg_application_set_workstation (MdgApplication *self,
                                                 MdgWorkstation *workstation);

G_END_DECLS
