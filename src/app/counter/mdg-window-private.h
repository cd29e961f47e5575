/* mdg-window-private.h: what the counter window's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * mdg-window.c (steps, navigation, the class), mdg-window-session.c (the
 * store, the ward link, the clerk's session, settings), mdg-window-tickets.c
 * (the queue, the ticket protocol's buttons, held tickets) and
 * mdg-window-resume.c (an unfinished visit offered for resuming).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-app-labels-private.h"
#include "mdg-bands.h"
#include "mdg-case-view.h"
#include "mdg-catalog.h"
#include "mdg-counter-desk.h"
#include "mdg-date.h"
#include "mdg-household.h"
#include "mdg-identify-page.h"
#include "mdg-input.h"
#include "mdg-preferences-window.h"
#include "mdg-sign-in-page.h"
#include "mdg-store-sync.h"
#include "mdg-store.h"
#include "mdg-ward-error.h"
#include "mdg-ward-link.h"
#include "mdg-ward.h"
#include "mdg-window.h"
#include "mdg-workstation.h"

G_BEGIN_DECLS

struct _MdgWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  GtkStack             *main_stack;
  AdwStatusPage        *error_page;
  AdwLeaflet           *leaflet;
  GtkWidget            *content;
  GtkListBox           *steps_list;
  GtkLabel             *visit_label;
  AdwWindowTitle       *counter_title;
  AdwWindowTitle       *content_title;
  GtkRevealer          *resume_revealer;
  GtkLabel             *resume_label;
  GtkRevealer          *offline_revealer;
  GtkLabel             *offline_label;
  AdwToastOverlay      *toast_overlay;
  GtkStack             *page_stack;
  AdwPreferencesGroup  *bands_group;
  AdwPreferencesGroup  *held_group;
  AdwStatusPage        *queue_page;
  GtkMenuButton        *transfer_button;
  GtkWidget            *walk_in_button;
  MdgIdentifyPage      *identify_page;
  MdgCaseView          *case_view;
  MdgSignInPage        *sign_in_page;
  GtkWidget            *sign_out_button;

  /* owned */
  MdgWorkstation       *workstation;  /* settings, store, catalog, link: shared */
  GSettings            *settings;     /* the workstation's; NULL without the schema */
  GListModel           *households;
  GCancellable         *cancellable;
  MdgStore             *store;        /* the workstation's; NULL until open */
  MdgHousehold         *household;    /* the resident's, once identified */
  MdgWardLink          *link;         /* the workstation's; NULL: nobody signed in,
                                       * or no ward database configured */
  MdgCounterDesk       *desk;         /* the ticket protocol; NULL until the store is open */
  MdgDraft             *draft;        /* an unfinished visit offered for resuming */
  GPtrArray            *band_rows;    /* AdwActionRow, one per band served */
  GPtrArray            *held_rows;    /* AdwActionRow, one per ticket held here */

  guint                 step;         /* index in steps[] */
  guint                 drawn : 1;    /* the first frame is on the screen */
  guint                 signed_in : 1; /* the workstation's login is this clerk's */
};

#define STEP_IDENTIFY 1
#define STEP_EVENT    2

char *_mdg_window_find_demo_dir (void);
void _mdg_window_show_error (MdgWindow  *self,
                             const char *title,
                             const char *description);
void _mdg_window_audit_household_read (MdgWindow    *self,
                                       MdgHousehold *household);
void _mdg_window_update_offline (MdgWindow *self);
void _mdg_window_update_visit_label (MdgWindow *self);
void _mdg_window_go_to_step (MdgWindow *self,
                             guint      step);
void _mdg_window_create_band_rows (MdgWindow *self);
void _mdg_window_update_queue (MdgWindow *self);
void _mdg_window_update_ticket (MdgWindow *self);
void _mdg_window_update_actions (MdgWindow *self);
void _mdg_window_start_link (MdgWindow *self);
void _mdg_window_on_workstation_link_cb (MdgWindow      *self,
                                         GParamSpec     *pspec,
                                         MdgWorkstation *workstation);
void _mdg_window_on_sign_in_page_user_cb (MdgWindow     *self,
                                          GParamSpec    *pspec,
                                          MdgSignInPage *page);
void _mdg_window_sign_out_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param);
void _mdg_window_on_settings_changed_cb (MdgWindow  *self,
                                         const char *key,
                                         GSettings  *settings);
void _mdg_window_load (MdgWindow *self);
const MdgTicket *_mdg_window_get_ticket (MdgWindow *self);
gboolean _mdg_window_dup_counter (MdgWindow *self,
                                  int       *counter,
                                  GArray   **bands);
void _mdg_window_call_next_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param);
void _mdg_window_desk_called_cb (GObject      *object,
                                 GAsyncResult *result,
                                 gpointer      user_data);
void _mdg_window_ticket_op_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param);
void _mdg_window_call_held_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *param);
void _mdg_window_offer_resume (MdgWindow *self);
void _mdg_window_resume_draft_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *param);
void _mdg_window_discard_draft_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *param);

G_END_DECLS
