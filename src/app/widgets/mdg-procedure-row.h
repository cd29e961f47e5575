/* mdg-procedure-row.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-guidance.h"

G_BEGIN_DECLS

#define MDG_TYPE_PROCEDURE_ROW (mdg_procedure_row_get_type ())

G_DECLARE_FINAL_TYPE (MdgProcedureRow, mdg_procedure_row, MDG, PROCEDURE_ROW, AdwExpanderRow)

/* One procedure of the guidance: its name, the members it concerns, the
 * reason, the deadline in 和暦, the legal basis and what to bring. */
GtkWidget *mdg_procedure_row_new (const MdgGuidanceItem *item,
                                  MdgCase               *kase) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
