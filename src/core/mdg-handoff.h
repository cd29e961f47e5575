/* mdg-handoff.h: what a completed visit hands to each department
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The hand-off records of a visit: one per department with something to
 * carry out (information-only procedures are not handed off), naming its
 * procedures, the members each concerns, their deadlines and the forms that
 * serve them. They travel with the completed case to the ward database,
 * where the departments' core systems (基幹系, RPA) take them up.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-form.h"
#include "mdg-guidance.h"

G_BEGIN_DECLS

/* Returns: (transfer full): a JSON array of records
 * {id, department, procedures: [{id, members, deadline}], forms: [form id]};
 * each record gets a new UUID. @forms may be NULL (no form ids). */
JsonNode *mdg_handoffs_build (MdgGuidance    *guidance,
                              MdgFormCatalog *forms) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
