/* mdg-guidance.h: which procedures a case needs, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-case.h"
#include "mdg-catalog.h"

G_BEGIN_DECLS

typedef struct
{
  const MdgProcedure *procedure;
  guint64             members;    /* 1 << member index of the case */
  const char         *reason;     /* Japanese, names the fact; owned by the catalog */
  MdgDay              deadline;   /* MDG_DAY_INVALID where the law sets none */
} MdgGuidanceItem;

typedef struct _MdgGuidance MdgGuidance;

#define MDG_TYPE_GUIDANCE (mdg_guidance_get_type ())

GType                  mdg_guidance_get_type    (void) G_GNUC_CONST;

/* Evaluates every rule of @catalog for @kase. The items come in the order of
 * the output: department, then the order of procedures.tsv. */
MdgGuidance           *mdg_guidance_evaluate    (MdgCatalog  *catalog,
                                                 MdgCase     *kase) G_GNUC_WARN_UNUSED_RESULT;
MdgGuidance           *mdg_guidance_ref         (MdgGuidance *self);
void                   mdg_guidance_unref       (MdgGuidance *self);

MdgCase               *mdg_guidance_get_case    (MdgGuidance *self);
guint                  mdg_guidance_get_n_items (MdgGuidance *self);
const MdgGuidanceItem *mdg_guidance_get_item    (MdgGuidance *self,
                                                 guint        index);
/* The item of procedure @id, or NULL when it does not apply. */
const MdgGuidanceItem *mdg_guidance_lookup      (MdgGuidance *self,
                                                 const char  *id);

/* The guidance object of ../shared/spec/guidance.md. */
JsonNode              *mdg_guidance_to_node     (MdgGuidance *self) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgGuidance, mdg_guidance_unref)

G_END_DECLS
