/* mdg-visit-driver.h: drives the counter window as a clerk would
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For the UI tests (tests/app) and `madoguchi-tool bench visit`: finds the
 * window's widgets by their template ids, activates its actions, types into
 * its rows and signs on its pad, and counts the clerk's inputs (a click or
 * a key that acts, the fields typed and their characters) on the way. Not used by the
 * application itself.
 */

#pragma once

#include <adwaita.h>

#include "mdg-case-view.h"
#include "mdg-catalog.h"
#include "mdg-form-boxes.h"
#include "mdg-interview.h"
#include "mdg-window.h"

G_BEGIN_DECLS

typedef struct
{
  MdgWindow   *window;      /* borrowed */
  MdgCaseView *case_view;   /* borrowed */
  MdgCatalog  *catalog;     /* borrowed */
  guint        n_actions;   /* clicks and keys that act (Enter, a button, a switch) */
  guint        n_fields;    /* fields the clerk typed */
  guint        n_chars;     /* characters typed into them */
  GArray      *responses;   /* gint64 µs: each input until the main loop was idle */
} MdgVisitDriver;

/* Picks the answer to @question (a new node). */
typedef JsonNode *(*MdgVisitChoose) (const MdgQuestion *question,
                                     MdgCase           *kase);

void        mdg_visit_driver_init              (MdgVisitDriver  *self,
                                                MdgWindow       *window,
                                                MdgCatalog      *catalog);
void        mdg_visit_driver_clear             (MdgVisitDriver  *self);

/* Widgets and what the clerk reads. */
GtkWidget  *mdg_visit_driver_find_by_id        (GtkWidget       *root,
                                                const char      *id);
GtkWidget  *mdg_visit_driver_find_by_type      (GtkWidget       *root,
                                                GType            type);
/* Returns: (transfer full): every mapped label under @root, one a line */
char       *mdg_visit_driver_dup_visible_text  (GtkWidget       *root);

/* The main loop, for @ms; or until @done (FALSE: @timeout_s passed). */
/* With MDG_SCREENSHOTS=DIR, saves @window as DIR/@name.png once its
 * content settled (the screenshots of data/screenshots); else nothing. */
void        mdg_visit_driver_screenshot        (GtkWidget       *window,
                                                const char      *name);
void        mdg_visit_driver_spin              (guint            ms);
gboolean    mdg_visit_driver_spin_until        (gboolean       (*done) (gpointer data),
                                                gpointer         data,
                                                guint            timeout_s);

/* One click or key: a window action (win.…), @param nullable. */
void        mdg_visit_driver_activate          (MdgVisitDriver  *self,
                                                const char      *action,
                                                GVariant        *param);
/* The identify page: types @query into the search, Enter opens the first
 * resident found. */
void        mdg_visit_driver_search            (MdgVisitDriver  *self,
                                                const char      *query);
/* The Guidance page: opens 手続を追加 and picks the procedure whose name
 * is @name (two clicks); FALSE when the list has no such procedure. */
gboolean    mdg_visit_driver_add_procedure     (MdgVisitDriver  *self,
                                                const char      *name);
/* Answers every open question with @choose; returns how many. */
guint       mdg_visit_driver_interview         (MdgVisitDriver  *self,
                                                MdgVisitChoose   choose);
/* The first choice, yes, or the first member, for every question. */
JsonNode   *mdg_visit_driver_choose_first      (const MdgQuestion *question,
                                                MdgCase           *kase);
/* What a clerk types into a box of this kind (data/forms/boxes.xml). */
const char *mdg_visit_driver_sample_value      (const MdgFormBox *box);
/* Types a value into every detail the forms still need, the rows in red
 * (Enter after each); returns how many. */
guint       mdg_visit_driver_fill_details      (MdgVisitDriver  *self);
/* One stroke of the resident's pen, "Sign Every Form", and identity
 * confirmed; waits for the signed set. FALSE if it did not come. */
gboolean    mdg_visit_driver_sign              (MdgVisitDriver  *self);

G_END_DECLS
