/* mdg-handoff.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-handoff"

#include "config.h"

#include "mdg-date.h"
#include "mdg-handoff.h"

static void
add_procedure (JsonBuilder           *builder,
               MdgCase               *kase,
               const MdgGuidanceItem *item)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, item->procedure->id);
  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint j = 0; j < mdg_case_get_n_members (kase); j++)
    {
      if (item->members & (G_GUINT64_CONSTANT (1) << j))
        json_builder_add_string_value (builder, mdg_case_get_member (kase, j)->id);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "deadline");
  if (item->deadline != MDG_DAY_INVALID)
    {
      g_autofree char *deadline = mdg_day_dup_iso (item->deadline);

      json_builder_add_string_value (builder, deadline);
    }
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
}

JsonNode *
mdg_handoffs_build (MdgGuidance    *guidance,
                    MdgFormCatalog *forms)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  MdgCase *kase;

  g_return_val_if_fail (guidance != NULL, NULL);

  kase = mdg_guidance_get_case (guidance);
  json_builder_begin_array (builder);

  for (MdgDepartment department = 0; department < MDG_N_DEPARTMENTS; department++)
    {
      g_autoptr(GPtrArray) form_ids = g_ptr_array_new ();
      g_autofree char *id = NULL;
      gboolean any = FALSE;

      for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
        {
          const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);

          any |= item->procedure->department == department &&
                 item->procedure->mode != MDG_MODE_GUIDE;
        }
      if (!any)
        continue;

      id = g_uuid_string_random ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, id);
      json_builder_set_member_name (builder, "department");
      json_builder_add_string_value (builder, mdg_department_get_name (department));
      json_builder_set_member_name (builder, "procedures");
      json_builder_begin_array (builder);
      for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
        {
          const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);
          MdgFormLayout *layout;

          if (item->procedure->department != department || item->procedure->mode == MDG_MODE_GUIDE)
            continue;
          add_procedure (builder, kase, item);

          /* one form may serve several procedures: named once */
          layout = forms != NULL ? mdg_form_catalog_lookup_procedure (forms, item->procedure->id)
                                 : NULL;
          if (layout != NULL &&
              !g_ptr_array_find_with_equal_func (form_ids, mdg_form_layout_get_id (layout),
                                                 g_str_equal, NULL))
            g_ptr_array_add (form_ids, (gpointer) mdg_form_layout_get_id (layout));
        }
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "forms");
      json_builder_begin_array (builder);
      for (guint i = 0; i < form_ids->len; i++)
        json_builder_add_string_value (builder, g_ptr_array_index (form_ids, i));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }

  json_builder_end_array (builder);
  return json_builder_get_root (builder);
}
