/* mdg-household.h: a fictional demo household and the life event it comes for
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mdg-case.h"

G_BEGIN_DECLS

/* The member id of the baby of a birth event. */
#define MDG_HOUSEHOLD_NEWBORN_ID "newborn"

#define MDG_TYPE_HOUSEHOLD (mdg_household_get_type ())

G_DECLARE_FINAL_TYPE (MdgHousehold, mdg_household, MDG, HOUSEHOLD, GObject)

MdgHousehold *mdg_household_new_from_file    (GFile         *file,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same from a JSON text (a household of the ward's registry); the
 * messages start with @what. */
MdgHousehold *mdg_household_new_from_data    (const char    *data,
                                              gsize          length,
                                              const char    *what,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Every *.json file of @dir, sorted by file name.
 * Returns: (transfer full): a GListModel of MdgHousehold, never empty. */
GListModel   *mdg_household_load_dir         (const char    *dir,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;

const char   *mdg_household_get_id           (MdgHousehold  *self);
const char   *mdg_household_get_address      (MdgHousehold  *self);
/* The name of the head (or of the first member). */
const char   *mdg_household_get_head_name    (MdgHousehold  *self);
guint         mdg_household_get_n_members    (MdgHousehold  *self);
/* The members as in the file: (transfer none), a JSON array of objects. */
JsonArray    *mdg_household_get_members      (MdgHousehold  *self);
const char   *mdg_household_get_default_deceased_id (MdgHousehold *self);

MdgCase      *mdg_household_build_case       (MdgHousehold  *self,
                                              MdgEvent       event,
                                              MdgOrigin      origin,
                                              MdgDay         event_date,
                                              MdgDay         visit_date,
                                              GHashTable    *staying,
                                              const char    *deceased,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* The life event of the demo scenario. */
MdgEvent      mdg_household_get_event        (MdgHousehold  *self);
MdgOrigin     mdg_household_get_origin       (MdgHousehold  *self);
int           mdg_household_get_event_offset (MdgHousehold  *self);

G_END_DECLS
