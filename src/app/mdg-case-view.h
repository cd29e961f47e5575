/* mdg-case-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-catalog.h"
#include "mdg-household.h"

G_BEGIN_DECLS

#define MDG_TYPE_CASE_VIEW (mdg_case_view_get_type ())

G_DECLARE_FINAL_TYPE (MdgCaseView, mdg_case_view, MDG, CASE_VIEW, AdwBin)

/* The counter's case for one household: its life event and date, its
 * members, the open interview questions, the answers given and the
 * guidance, re-evaluated on every change. Installs the actions
 * case.answer ((ssss): fact, question, JSON value, label shown),
 * case.forget-answer (s: fact) and case.start-over. */
void          mdg_case_view_set_catalog   (MdgCaseView  *self,
                                           MdgCatalog   *catalog);
/* Starts the household's demo scenario with no answers. */
void          mdg_case_view_set_household (MdgCaseView  *self,
                                           MdgHousehold *household);
MdgHousehold *mdg_case_view_get_household (MdgCaseView  *self);

G_END_DECLS
