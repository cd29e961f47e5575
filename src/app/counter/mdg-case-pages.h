/* mdg-case-pages.h: the steps of the counter's visit, one page each
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each page shows and edits the visit (MdgVisit) the case view gives it;
 * the case view (mdg-case-view.c) calls their update functions after each
 * change of the visit, and owns the actions they activate (case.answer,
 * case.forget-answer, case.start-over, case.print-guidance, case.rating,
 * case.complete).
 */

#pragma once

#include <adwaita.h>

#include "mdg-form-signature.h"
#include "mdg-visit.h"

G_BEGIN_DECLS

#define MDG_TYPE_EVENT_PAGE (mdg_event_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgEventPage, mdg_event_page, MDG, EVENT_PAGE, AdwBin)

/* The event, its origin and date, who died, the members and who moves. */
void          mdg_event_page_set_visit       (MdgEventPage     *self,
                                              MdgVisit         *visit);
void          mdg_event_page_update          (MdgEventPage     *self);

#define MDG_TYPE_INTERVIEW_PAGE (mdg_interview_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgInterviewPage, mdg_interview_page, MDG, INTERVIEW_PAGE, AdwBin)

/* The open questions and the answers given. */
void          mdg_interview_page_set_visit   (MdgInterviewPage *self,
                                              MdgVisit         *visit);
void          mdg_interview_page_update      (MdgInterviewPage *self);

#define MDG_TYPE_GUIDANCE_PAGE (mdg_guidance_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgGuidancePage, mdg_guidance_page, MDG, GUIDANCE_PAGE, AdwBin)

void          mdg_guidance_page_set_visit    (MdgGuidancePage  *self,
                                              MdgVisit         *visit);
void          mdg_guidance_page_update       (MdgGuidancePage  *self);

#define MDG_TYPE_FORMS_PAGE (mdg_forms_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgFormsPage, mdg_forms_page, MDG, FORMS_PAGE, AdwBin)

/* The form previews, a row per box the forms print (data/forms/boxes.xml)
 * and per member's individual number (masked; "Show" emits
 * ::number-shown with the member id, for the audit), and the boxes still
 * empty. */
void          mdg_forms_page_set_visit       (MdgFormsPage     *self,
                                              MdgVisit         *visit);
void          mdg_forms_page_update          (MdgFormsPage     *self);
/* A new visit: no row keeps what was typed. */
void          mdg_forms_page_reset           (MdgFormsPage     *self);
guint         mdg_forms_page_get_n_missing   (MdgFormsPage     *self);

#define MDG_TYPE_SIGN_PAGE (mdg_sign_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgSignPage, mdg_sign_page, MDG, SIGN_PAGE, AdwBin)

/* The forms to sign, the identity document and its confirmation, the
 * rating; ::changed when the signature or the confirmation changes. */
void          mdg_sign_page_set_visit        (MdgSignPage      *self,
                                              MdgVisit         *visit);
void          mdg_sign_page_update           (MdgSignPage      *self);
/* A new visit: identity not yet confirmed. */
void          mdg_sign_page_reset            (MdgSignPage      *self);
MdgSignedSet *mdg_sign_page_get_signed_set   (MdgSignPage      *self);
GHashTable   *mdg_sign_page_get_signatures   (MdgSignPage      *self);
gboolean      mdg_sign_page_get_identity_confirmed (MdgSignPage *self);
/* The document shown: "mynumber_card", "driving_licence", … */
const char   *mdg_sign_page_get_identity_document  (MdgSignPage *self);

#define MDG_TYPE_COMPLETE_PAGE (mdg_complete_page_get_type ())
G_DECLARE_FINAL_TYPE (MdgCompletePage, mdg_complete_page, MDG, COMPLETE_PAGE, AdwBin)

/* @blockers: (element-type utf8): what still blocks completion. */
void          mdg_complete_page_set_blockers (MdgCompletePage  *self,
                                              GPtrArray        *blockers);

/* Shared by the pages */
gboolean      _mdg_case_page_shown_changed   (char            **shown,
                                              GString          *text);
GtkWidget    *_mdg_case_page_plain_row_new   (const char       *title,
                                              const char       *subtitle);
void          _mdg_case_page_clear_rows      (AdwPreferencesGroup *group,
                                              GPtrArray        *rows);
void          _mdg_case_page_toast           (GtkWidget        *page,
                                              const char       *message);

G_END_DECLS
