/* mdg-visit-private.h: what the files of MdgVisit share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-household.h"
#include "mdg-visit.h"

G_BEGIN_DECLS

struct _MdgVisit
{
  GObject          parent_instance;

  /* owned */
  MdgCatalog      *catalog;
  MdgFormCatalog  *form_catalog;
  MdgCase         *kase;
  MdgGuidance     *guidance;
  GPtrArray       *forms;        /* MdgFilledForm */
  GHashTable      *signatures;   /* role → MdgSignature */
  char            *id;
  char            *ticket_id;
  int              rating;

  /* the household's visit (mdg-visit-draft.c) */
  MdgHousehold    *household;    /* nullable: a visit from a case file has none */
  GHashTable      *staying;      /* member ids who do not move */
  GPtrArray       *answers;      /* MdgVisitAnswer, in the order given */
  char            *deceased_id;
  char            *step;
  GError          *error;        /* why the household makes no case, or NULL */
  MdgEvent         event;
  MdgOrigin        origin;
  MdgDay           event_date;
  MdgDay           today;
};

enum {
  MDG_VISIT_PROP_0,
  MDG_VISIT_PROP_CASE,
  MDG_VISIT_PROP_ID,
  MDG_VISIT_PROP_HOUSEHOLD,
  MDG_VISIT_PROP_EVENT,
  MDG_VISIT_PROP_ORIGIN,
  MDG_VISIT_PROP_EVENT_DATE,
  MDG_VISIT_PROP_DECEASED,
  MDG_VISIT_PROP_ANSWERS,
  MDG_VISIT_PROP_ERROR,
  MDG_VISIT_PROP_TICKET_ID,
  MDG_VISIT_PROP_RATING,
  MDG_VISIT_PROP_STEP,
  MDG_VISIT_N_PROPS
};

enum {
  MDG_VISIT_SIGNAL_CHANGED,
  MDG_VISIT_N_SIGNALS
};

extern GParamSpec *_mdg_visit_properties [MDG_VISIT_N_PROPS];
extern guint _mdg_visit_signals [MDG_VISIT_N_SIGNALS];

void _mdg_visit_init_draft     (MdgVisit *self);
void _mdg_visit_finalize_draft (MdgVisit *self);

G_END_DECLS
