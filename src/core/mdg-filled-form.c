/* mdg-filled-form.c: a form filled from a case, as the renderer and the
 * counter read it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form-fill"

#include "config.h"

#include <string.h>

#include "mdg-form-private.h"

G_DEFINE_BOXED_TYPE (MdgFilledForm, mdg_filled_form, mdg_filled_form_ref, mdg_filled_form_unref)

MdgFilledForm *
mdg_filled_form_ref (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_filled_form_unref (MdgFilledForm *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  for (guint i = 0; i < self->cells->len; i++)
    _mdg_form_cell_clear (&g_array_index (self->cells, MdgFormCell, i));
  g_array_unref (self->cells);
  g_array_unref (self->missing);
  mdg_form_layout_unref (self->layout);
  g_free (self);
}

MdgFormLayout *
mdg_filled_form_get_layout (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->layout;
}

guint
mdg_filled_form_get_n_pages (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pages;
}

guint
mdg_filled_form_get_n_cells (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cells->len;
}

const MdgFormCell *
mdg_filled_form_get_cell (MdgFilledForm *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cells->len, NULL);

  return &g_array_index (self->cells, MdgFormCell, index);
}

const MdgFormCell *
mdg_filled_form_lookup_cell (MdgFilledForm *self,
                             const char    *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->cells->len; i++)
    {
      const MdgFormCell *cell = &g_array_index (self->cells, MdgFormCell, i);

      if (g_strcmp0 (cell->id, id) == 0)
        return cell;
    }

  return NULL;
}

guint64
mdg_filled_form_get_members (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->members;
}

const GArray *
mdg_filled_form_get_missing (MdgFilledForm *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->missing;
}

GPtrArray *
mdg_filled_form_dup_signature_spots (MdgFilledForm *self)
{
  GPtrArray *spots = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, spots);

  for (guint i = 0; i < self->cells->len; i++)
    {
      const MdgFormCell *cell = &g_array_index (self->cells, MdgFormCell, i);

      if (cell->kind == MDG_FORM_CELL_SIGNATURE)
        g_ptr_array_add (spots, (gpointer) cell);
    }

  return spots;
}

static gboolean
binding_matches (const char *bind,
                 const char *binding)
{
  const char *dot;

  if (bind == NULL)
    return FALSE;
  if (strcmp (bind, binding) == 0)
    return TRUE;

  return (dot = strchr (bind, '.')) != NULL && strcmp (dot + 1, binding) == 0;
}

gboolean
mdg_filled_form_uses_binding (MdgFilledForm *self,
                              const char    *binding)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);

  for (guint i = 0; i < self->cells->len; i++)
    {
      const MdgFormCell *cell = &g_array_index (self->cells, MdgFormCell, i);

      if (binding_matches (cell->bind, binding) || binding_matches (cell->kana_bind, binding))
        return TRUE;
    }

  return FALSE;
}

gboolean
mdg_filled_form_misses_binding (MdgFilledForm *self,
                                const char    *binding)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (binding != NULL, FALSE);

  for (guint i = 0; i < self->missing->len; i++)
    {
      const MdgFormMissing *box = &g_array_index (self->missing, MdgFormMissing, i);

      if (binding_matches (box->cell->bind, binding) ||
          binding_matches (box->cell->kana_bind, binding))
        return TRUE;
    }

  return FALSE;
}
