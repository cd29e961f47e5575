/* mdg-case-view-private.h: what the files of MdgCaseView share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-case-pages.h"
#include "mdg-case-view.h"
#include "mdg-store.h"

G_BEGIN_DECLS

struct _MdgCaseView
{
  AdwBin            parent_instance;

  /* template widgets */
  AdwToastOverlay  *toast_overlay;
  GtkStack         *view_stack;
  AdwStatusPage    *error_page;
  GtkStack         *step_stack;
  MdgEventPage     *event_page;
  MdgInterviewPage *interview_page;
  MdgGuidancePage  *guidance_page;
  MdgFormsPage     *forms_page;
  MdgSignPage      *sign_page;
  MdgCompletePage  *completion_page;

  /* owned */
  MdgCatalog       *catalog;
  MdgVisit         *visit;         /* NULL until the catalog is set */
  MdgStore         *store;         /* NULL until open */
  GCancellable     *cancellable;

  guint             refresh_id;
  guint             saving : 1;
  guint             save_again : 1;
  guint             completing : 1;
};

/* mdg-case-view-store.c: the store's part of the visit */
void _mdg_case_view_save_draft        (MdgCaseView *self);
void _mdg_case_view_update_completion (MdgCaseView *self);
void _mdg_case_view_audit_number      (MdgCaseView *self,
                                       const char  *member_id);
void _mdg_case_view_complete          (MdgCaseView *self);
/* mdg-case-view-actions.c: the answers, as actions */
void _mdg_case_view_install_answer_actions (GtkWidgetClass *widget_class);
/* mdg-case-view.c */
void _mdg_case_view_emit_completed    (MdgCaseView *self,
                                       const char  *case_id);

G_END_DECLS
