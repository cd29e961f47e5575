/* mdg-guidance.c: which procedures a case needs, and why
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-guidance"

#include "config.h"

#include <string.h>

#include "mdg-guidance.h"
#include "mdg-rules-private.h"

struct _MdgGuidance
{
  gatomicrefcount  ref_count;
  MdgCatalog      *catalog;
  MdgCase         *kase;
  GArray          *items;   /* MdgGuidanceItem */
};

G_DEFINE_BOXED_TYPE (MdgGuidance, mdg_guidance, mdg_guidance_ref, mdg_guidance_unref)

static MdgDay
deadline_of (const MdgProcedure *procedure,
             MdgDay              event_date)
{
  switch (procedure->deadline_kind)
    {
    case MDG_DEADLINE_AFTER_EVENT:
      return mdg_date_deadline (event_date, procedure->deadline_days);
    case MDG_DEADLINE_NONE:
    default:
      return MDG_DAY_INVALID;
    }
}

/**
 * mdg_guidance_evaluate:
 * @catalog: the catalog
 * @kase: the case
 *
 * Returns: (transfer full): the procedures that apply to @kase
 */
MdgGuidance *
mdg_guidance_evaluate (MdgCatalog *catalog,
                       MdgCase    *kase)
{
  MdgGuidance *self;
  const guint *order;
  MdgEval eval;

  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (kase != NULL, NULL);

  self = g_new0 (MdgGuidance, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->catalog = mdg_catalog_ref (catalog);
  self->kase = mdg_case_ref (kase);
  self->items = g_array_new (FALSE, FALSE, sizeof (MdgGuidanceItem));

  _mdg_eval_init (&eval, catalog, kase, NULL);
  order = _mdg_catalog_get_order (catalog);

  for (guint i = 0; i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      guint index = order[i];
      MdgGuidanceItem item;

      if (_mdg_eval_rule (&eval, index, &item.members) != MDG_TRI_TRUE)
        continue;

      item.procedure = mdg_catalog_get_procedure (catalog, index);
      item.reason = _mdg_eval_reason (&eval, index, item.members);
      item.deadline = deadline_of (item.procedure, eval.event_date);
      g_array_append_val (self->items, item);
    }

  return self;
}

MdgGuidance *
mdg_guidance_ref (MdgGuidance *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_guidance_unref (MdgGuidance *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_array_unref (self->items);
  mdg_case_unref (self->kase);
  mdg_catalog_unref (self->catalog);
  g_free (self);
}

MdgCase *
mdg_guidance_get_case (MdgGuidance *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->kase;
}

guint
mdg_guidance_get_n_items (MdgGuidance *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->items->len;
}

const MdgGuidanceItem *
mdg_guidance_get_item (MdgGuidance *self,
                       guint        index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->items->len, NULL);

  return &g_array_index (self->items, MdgGuidanceItem, index);
}

const MdgGuidanceItem *
mdg_guidance_lookup (MdgGuidance *self,
                     const char  *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      const MdgGuidanceItem *item = &g_array_index (self->items, MdgGuidanceItem, i);

      if (strcmp (item->procedure->id, id) == 0)
        return item;
    }

  return NULL;
}

JsonNode *
mdg_guidance_to_node (MdgGuidance *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  g_return_val_if_fail (self != NULL, NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, mdg_event_to_string (mdg_case_get_event (self->kase)));
  json_builder_set_member_name (builder, "procedures");
  json_builder_begin_array (builder);

  for (guint i = 0; i < self->items->len; i++)
    {
      const MdgGuidanceItem *item = &g_array_index (self->items, MdgGuidanceItem, i);
      const MdgProcedure *procedure = item->procedure;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, procedure->id);
      json_builder_set_member_name (builder, "department");
      json_builder_add_string_value (builder, mdg_department_get_name (procedure->department));
      json_builder_set_member_name (builder, "members");
      json_builder_begin_array (builder);
      for (guint m = 0; m < mdg_case_get_n_members (self->kase); m++)
        {
          if (item->members & (G_GUINT64_CONSTANT (1) << m))
            json_builder_add_string_value (builder, mdg_case_get_member (self->kase, m)->id);
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "reason");
      json_builder_add_string_value (builder, item->reason);
      json_builder_set_member_name (builder, "deadline");
      if (item->deadline != MDG_DAY_INVALID)
        {
          char date[11];

          mdg_day_format_iso (item->deadline, date);
          json_builder_add_string_value (builder, date);
        }
      else
        {
          json_builder_add_null_value (builder);
        }
      json_builder_set_member_name (builder, "bring");
      json_builder_begin_array (builder);
      for (guint b = 0; procedure->bring[b] != NULL; b++)
        json_builder_add_string_value (builder, procedure->bring[b]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
