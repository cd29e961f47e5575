/* mdg-form-catalog.c: the catalog of forms
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form"

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-form-private.h"
#include "mdg-form-resources.h"

#define FORMS_RESOURCE_PATH MDG_FORMS_RESOURCE_PATH

G_DEFINE_BOXED_TYPE (MdgFormCatalog, mdg_form_catalog, mdg_form_catalog_ref,
                     mdg_form_catalog_unref)

struct _MdgFormCatalog
{
  gatomicrefcount  ref_count;
  GPtrArray       *layouts;        /* MdgFormLayout */
  GHashTable      *by_id;          /* char * → MdgFormLayout, borrowed */
  GHashTable      *by_procedure;   /* char * → MdgFormLayout, borrowed */
  MdgFormBoxes    *boxes;
};

/* The catalog ------------------------------------------------------------- */

static void
catalog_free (MdgFormCatalog *self)
{
  g_clear_pointer (&self->by_id, g_hash_table_unref);
  g_clear_pointer (&self->by_procedure, g_hash_table_unref);
  g_clear_pointer (&self->layouts, g_ptr_array_unref);
  g_clear_pointer (&self->boxes, mdg_form_boxes_unref);
  g_free (self);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static MdgFormCatalog *
catalog_new (const char    *dir,
             GPtrArray     *names,
             GBytes      *(*load) (const char *dir, const char *name, GError **error),
             MdgCatalog    *catalog,
             MdgFormBoxes  *boxes,
             GError       **error)
{
  MdgFormCatalog *self = g_new0 (MdgFormCatalog, 1);

  self->boxes = mdg_form_boxes_ref (boxes);

  g_atomic_ref_count_init (&self->ref_count);
  self->layouts = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_form_layout_unref);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->by_procedure = g_hash_table_new (g_str_hash, g_str_equal);

  g_ptr_array_sort (names, compare_names);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      g_autoptr(GBytes) bytes = NULL;
      MdgFormLayout *layout;
      gsize length;
      const char *data;

      if (!(bytes = load (dir, name, error)))
        goto failed;
      data = g_bytes_get_data (bytes, &length);
      if (!(layout = _mdg_form_layout_new (name, data, length, boxes, error)))
        goto failed;
      g_ptr_array_add (self->layouts, layout);

      if (g_hash_table_contains (self->by_id, layout->id))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "%s: id: \"%s\" is used by another form", name, layout->id);
          goto failed;
        }
      g_hash_table_insert (self->by_id, layout->id, layout);

      for (guint p = 0; layout->procedures[p] != NULL; p++)
        {
          const char *procedure = layout->procedures[p];
          const MdgProcedure *entry;

          if (g_hash_table_contains (self->by_procedure, procedure))
            {
              g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "%s: procedures: \"%s\" already has a form", name, procedure);
              goto failed;
            }
          if (catalog != NULL &&
              (!(entry = mdg_catalog_lookup_procedure (catalog, procedure)) ||
               entry->mode == MDG_MODE_GUIDE))
            {
              g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "%s: procedures: \"%s\" is no procedure with a form", name,
                           procedure);
              goto failed;
            }
          g_hash_table_insert (self->by_procedure, (gpointer) procedure, layout);
        }
    }

  return self;

failed:
  catalog_free (self);
  return NULL;
}

static GBytes *
load_from_dir (const char  *dir,
               const char  *name,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: cannot read the form layout: %s", name, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static GBytes *
load_from_resource (const char  *dir,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_build_path ("/", FORMS_RESOURCE_PATH, name, NULL);

  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

MdgFormCatalog *
mdg_form_catalog_new_from_dir (const char  *dir,
                               MdgCatalog  *catalog,
                               GError     **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) handle = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MdgFormBoxes) boxes = NULL;
  g_autofree char *boxes_path = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);

  /* A directory of layouts may bring its own boxes.xml. */
  boxes_path = g_build_filename (dir, "boxes.xml", NULL);
  if (g_file_test (boxes_path, G_FILE_TEST_EXISTS))
    boxes = _mdg_form_boxes_load_file (boxes_path, error);
  else
    boxes = mdg_form_boxes_load_default (error);
  if (boxes == NULL)
    return NULL;

  if (!(handle = g_dir_open (dir, 0, &local_error)))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: cannot read the form layouts: %s", dir, local_error->message);
      return NULL;
    }
  while ((name = g_dir_read_name (handle)) != NULL)
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }

  return catalog_new (dir, names, load_from_dir, catalog, boxes, error);
}

void
_mdg_form_ensure_resource (void)
{
  static gsize once;

  if (g_once_init_enter (&once))
    {
      mdg_form_register_resource ();
      g_once_init_leave (&once, 1);
    }
}

MdgFormBoxes *
mdg_form_catalog_get_boxes (MdgFormCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->boxes;
}

MdgFormCatalog *
mdg_form_catalog_load_default (GError **error)
{
  static gsize once;
  static MdgFormCatalog *forms;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      const char *dir = g_getenv ("MDG_FORMS_DIR");
      g_autoptr(MdgCatalog) catalog = mdg_catalog_load_default (NULL);

      if (dir != NULL && dir[0] != '\0')
        {
          forms = mdg_form_catalog_new_from_dir (dir, catalog, &load_error);
        }
      else
        {
          g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
          g_auto(GStrv) children = NULL;

          g_autoptr(MdgFormBoxes) boxes = mdg_form_boxes_load_default (&load_error);

          _mdg_form_ensure_resource ();
          children = g_resources_enumerate_children (FORMS_RESOURCE_PATH "/",
                                                     G_RESOURCE_LOOKUP_FLAGS_NONE, &load_error);
          for (guint i = 0; children != NULL && children[i] != NULL; i++)
            {
              if (g_str_has_suffix (children[i], ".json"))
                g_ptr_array_add (names, g_strdup (children[i]));
            }
          if (children != NULL && boxes != NULL)
            forms = catalog_new (NULL, names, load_from_resource, catalog, boxes, &load_error);
        }

      g_once_init_leave (&once, 1);
    }

  if (forms == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return mdg_form_catalog_ref (forms);
}

MdgFormCatalog *
mdg_form_catalog_ref (MdgFormCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_form_catalog_unref (MdgFormCatalog *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    catalog_free (self);
}

guint
mdg_form_catalog_get_n_layouts (MdgFormCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->layouts->len;
}

MdgFormLayout *
mdg_form_catalog_get_layout (MdgFormCatalog *self,
                             guint           index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->layouts->len, NULL);

  return g_ptr_array_index (self->layouts, index);
}

MdgFormLayout *
mdg_form_catalog_lookup (MdgFormCatalog *self,
                         const char     *form_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (form_id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, form_id);
}

MdgFormLayout *
mdg_form_catalog_lookup_procedure (MdgFormCatalog *self,
                                   const char     *procedure_id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (procedure_id != NULL, NULL);

  return g_hash_table_lookup (self->by_procedure, procedure_id);
}

GPtrArray *
mdg_form_catalog_list_for_guidance (MdgFormCatalog *self,
                                    MdgGuidance    *guidance)
{
  GPtrArray *layouts = g_ptr_array_new ();

  g_return_val_if_fail (self != NULL, layouts);
  g_return_val_if_fail (guidance != NULL, layouts);

  for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);
      MdgFormLayout *layout = g_hash_table_lookup (self->by_procedure, item->procedure->id);

      if (layout != NULL && !g_ptr_array_find (layouts, layout, NULL))
        g_ptr_array_add (layouts, layout);
    }

  return layouts;
}
