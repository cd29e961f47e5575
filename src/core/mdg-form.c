/* mdg-form.c: form layouts as data (the layout file: mdg-form-parse.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form"

#include "config.h"

#include "mdg-form-private.h"

G_DEFINE_BOXED_TYPE (MdgFormLayout, mdg_form_layout, mdg_form_layout_ref, mdg_form_layout_unref)

void
_mdg_form_cell_clear (MdgFormCell *cell)
{
  g_clear_pointer (&cell->id, g_free);
  g_clear_pointer (&cell->label, g_free);
  g_clear_pointer (&cell->bind, g_free);
  g_clear_pointer (&cell->kana_bind, g_free);
  g_clear_pointer (&cell->format, g_free);
  g_clear_pointer (&cell->text, g_free);
  g_clear_pointer (&cell->kana, g_free);
  g_clear_pointer (&cell->placeholder, g_free);
  g_clear_pointer (&cell->options, g_ptr_array_unref);
  g_clear_pointer (&cell->when, g_free);
  g_clear_pointer (&cell->signer, g_free);
}

void
_mdg_form_cell_copy (MdgFormCell       *dest,
                     const MdgFormCell *src)
{
  *dest = *src;
  dest->id = g_strdup (src->id);
  dest->label = g_strdup (src->label);
  dest->bind = g_strdup (src->bind);
  dest->kana_bind = g_strdup (src->kana_bind);
  dest->format = g_strdup (src->format);
  dest->text = g_strdup (src->text);
  dest->kana = g_strdup (src->kana);
  dest->placeholder = g_strdup (src->placeholder);
  if (src->options != NULL)
    dest->options = g_ptr_array_ref (src->options);
  dest->when = g_strdup (src->when);
  dest->signer = g_strdup (src->signer);
}

void
_mdg_form_layout_free (MdgFormLayout *self)
{
  for (guint i = 0; i < self->cells->len; i++)
    _mdg_form_cell_clear (&g_array_index (self->cells, MdgFormCell, i));
  g_array_unref (self->cells);
  g_array_unref (self->tables);
  g_free (self->id);
  g_free (self->title);
  g_strfreev (self->procedures);
  g_clear_pointer (&self->boxes, mdg_form_boxes_unref);
  g_free (self);
}

MdgFormLayout *
mdg_form_layout_ref (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_form_layout_unref (MdgFormLayout *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    _mdg_form_layout_free (self);
}

const char *
mdg_form_layout_get_id (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

const char *
mdg_form_layout_get_title (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->title;
}

MdgFormBoxes *
mdg_form_layout_get_boxes (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->boxes;
}

guint
mdg_form_layout_get_version (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->version;
}

const char * const *
mdg_form_layout_get_procedures (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return (const char * const *) self->procedures;
}

gboolean
mdg_form_layout_serves (MdgFormLayout *self,
                        const char    *procedure_id)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (procedure_id != NULL, FALSE);

  return g_strv_contains ((const char * const *) self->procedures, procedure_id);
}

void
mdg_form_layout_get_page_size (MdgFormLayout *self,
                               double        *width,
                               double        *height)
{
  g_return_if_fail (self != NULL);

  if (width != NULL)
    *width = self->width;
  if (height != NULL)
    *height = self->height;
}

guint
mdg_form_layout_get_n_pages (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_pages;
}

guint
mdg_form_layout_get_n_cells (MdgFormLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->cells->len;
}

const MdgFormCell *
mdg_form_layout_get_cell (MdgFormLayout *self,
                          guint          index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->cells->len, NULL);

  return &g_array_index (self->cells, MdgFormCell, index);
}
