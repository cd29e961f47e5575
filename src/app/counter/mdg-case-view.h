/* mdg-case-view.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-catalog.h"
#include "mdg-guidance.h"
#include "mdg-household.h"
#include "mdg-store.h"
#include "mdg-visit.h"

G_BEGIN_DECLS

#define MDG_TYPE_CASE_VIEW (mdg_case_view_get_type ())

G_DECLARE_FINAL_TYPE (MdgCaseView, mdg_case_view, MDG, CASE_VIEW, AdwBin)

/* The counter's case for one household: its life event and date, its
 * members, the open interview questions, the answers given and the
 * guidance, re-evaluated on every change. Installs the actions
 * case.answer ((ssss): fact, question, JSON value, label shown),
 * case.forget-answer (s: fact), case.start-over, case.print-guidance and
 * case.complete (enabled once nothing blocks completion). */
void          mdg_case_view_set_catalog   (MdgCaseView  *self,
                                           MdgCatalog   *catalog);
/* Starts the household's demo scenario with no answers. */
void          mdg_case_view_set_household (MdgCaseView  *self,
                                           MdgHousehold *household);
MdgHousehold *mdg_case_view_get_household (MdgCaseView  *self);
/* The visit the pages show and edit. */
MdgVisit     *mdg_case_view_get_visit     (MdgCaseView  *self);
void          mdg_case_view_set_store     (MdgCaseView  *self,
                                           MdgStore     *store);
/* The resident's satisfaction (1…5) tapped on the sign page; 0: none. */
int           mdg_case_view_get_rating    (MdgCaseView  *self);
void          mdg_case_view_set_rating    (MdgCaseView  *self,
                                           int           rating);
void          mdg_case_view_set_ticket_id (MdgCaseView  *self,
                                           const char   *ticket_id);
const char   *mdg_case_view_get_case_id   (MdgCaseView  *self);
MdgCase      *mdg_case_view_get_case      (MdgCaseView  *self);
MdgGuidance  *mdg_case_view_get_guidance  (MdgCaseView  *self);
void          mdg_case_view_set_step      (MdgCaseView  *self,
                                           const char   *step);
const char   *mdg_case_view_get_step      (MdgCaseView  *self);

gboolean      mdg_case_view_resume        (MdgCaseView  *self,
                                           MdgHousehold *household,
                                           const char   *case_id,
                                           const char   *visit_json);

G_END_DECLS
