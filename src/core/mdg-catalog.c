/* mdg-catalog.c: the procedure catalog, loaded from data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-catalog"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mdg-catalog-load-private.h"
#include "mdg-core-error.h"
#include "mdg-core-symbols-private.h"
#include "mdg-input.h"
#include "mdg-core-resources.h"

#define CATALOG_RESOURCE_PATH APP_PATH "catalog/"

G_DEFINE_BOXED_TYPE (MdgCatalog, mdg_catalog, mdg_catalog_ref, mdg_catalog_unref)

/* Source files ------------------------------------------------------------ */

static void
on_object_member_cb (JsonParser *parser,
                     JsonObject *object,
                     const char *member_name,
                     Source     *source)
{
  char key[64];
  guint line = json_parser_get_current_line (parser);

  g_snprintf (key, sizeof key, "%p", (gpointer) object);
  if (!g_hash_table_contains (source->lines, key))
    g_hash_table_insert (source->lines, g_strdup (key), GUINT_TO_POINTER (line));

  g_hash_table_insert (source->lines,
                       g_strdup_printf ("%p/%s", (gpointer) object, member_name),
                       GUINT_TO_POINTER (line));
}

static void
source_clear (Source *source)
{
  g_clear_object (&source->parser);
  g_clear_pointer (&source->lines, g_hash_table_unref);
}

static guint
source_line (Source     *source,
             JsonObject *object,
             const char *member)
{
  g_autofree char *key = NULL;

  if (object == NULL)
    return 0;

  if (member != NULL)
    {
      key = g_strdup_printf ("%p/%s", (gpointer) object, member);
      if (g_hash_table_contains (source->lines, key))
        return GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
      g_clear_pointer (&key, g_free);
    }

  key = g_strdup_printf ("%p", (gpointer) object);
  return GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
}

gboolean
_mdg_catalog_fail (GError     **error,
                   Source      *source,
                   JsonObject  *object,
                   const char  *member,
                   const char  *path,
                   const char  *format,
                   ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
               "%s:%u: %s: %s",
               source->file, source_line (source, object, member), path, reason);
  return FALSE;
}

static gboolean
source_load (Source      *source,
             const char  *file,
             GBytes      *bytes,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  source->file = file;
  source->parser = json_parser_new ();
  source->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (source->parser, "object-member", G_CALLBACK (on_object_member_cb), source);

  if (!mdg_json_check (data, size, MDG_JSON_MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (source->parser, data, size, &local_error))
    {
      /* json-glib's message already starts with "<data>:line:col: …" */
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: not valid JSON: %s", file, local_error->message);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (source->parser)))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s:1: the file must hold a JSON object", file);
      return FALSE;
    }

  return TRUE;
}

/* Reading fields ------------------------------------------------------------ */

gboolean
_mdg_catalog_get_string (Source      *source,
                         JsonObject  *object,
                         const char  *member,
                         const char  *path,
                         gboolean     required,
                         const char **out,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      return _mdg_catalog_fail (error, source, object, NULL, path, "the field \"%s\" is required", member);
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return _mdg_catalog_fail (error, source, object, member, path, "\"%s\" must be a non-empty string", member);

  *out = json_node_get_string (node);
  return TRUE;
}

gboolean
_mdg_catalog_string_to_symbol (Source        *source,
                               JsonObject    *object,
                               const char    *member,
                               const char    *path,
                               const char    *text,
                               const MdgSymbol  *table,
                               int           *out,
                               GError       **error)
{
  g_autofree char *allowed = NULL;

  if (_mdg_symbol_lookup (table, text, out))
    return TRUE;

  allowed = _mdg_symbol_list (table);
  return _mdg_catalog_fail (error, source, object, member, path,
                            "unknown value \"%s\" for \"%s\" (one of: %s)", text, member, allowed);
}

gboolean
_mdg_catalog_get_symbol (Source        *source,
                         JsonObject    *object,
                         const char    *member,
                         const char    *path,
                         const MdgSymbol  *table,
                         int           *out,
                         GError       **error)
{
  const char *text;

  if (!_mdg_catalog_get_string (source, object, member, path, TRUE, &text, error))
    return FALSE;

  return _mdg_catalog_string_to_symbol (source, object, member, path, text, table, out, error);
}

/* A string or a list of strings of @table, as a mask: as_bits sets
 * 1 << value, otherwise value itself is a flag. */
gboolean
_mdg_catalog_node_to_mask (Source        *source,
                           JsonObject    *object,
                           const char    *member,
                           const char    *path,
                           JsonNode      *node,
                           const MdgSymbol  *table,
                           gboolean       as_bits,
                           guint32       *out,
                           GError       **error)
{
  guint32 mask = 0;
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      int value;

      if (!_mdg_catalog_string_to_symbol (source, object, member, path, json_node_get_string (node),
                                          table, &value, error))
        return FALSE;
      *out = as_bits ? 1u << value : (guint32) value;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return _mdg_catalog_fail (error, source, object, member, path,
                              "\"%s\" must be a string or a non-empty list of strings", member);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      int value;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return _mdg_catalog_fail (error, source, object, member, path, "\"%s\" must list strings", member);
      if (!_mdg_catalog_string_to_symbol (source, object, member, path, json_node_get_string (item),
                                          table, &value, error))
        return FALSE;
      mask |= as_bits ? 1u << value : (guint32) value;
    }

  *out = mask;
  return TRUE;
}

gboolean
_mdg_catalog_check_members (Source              *source,
                            JsonObject          *object,
                            const char          *path,
                            const char * const  *known,
                            GError             **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (!g_strv_contains (known, key))
        return _mdg_catalog_fail (error, source, object, key, path, "unknown field \"%s\"", key);
    }

  return TRUE;
}

/* Loading ---------------------------------------------------------------------- */

static int
compare_output_order (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  MdgCatalog *self = user_data;
  const MdgProcedure *pa = g_ptr_array_index (self->procedures, *(const guint *) a);
  const MdgProcedure *pb = g_ptr_array_index (self->procedures, *(const guint *) b);

  if (pa->department != pb->department)
    return (int) pa->department - (int) pb->department;
  return (int) pa->index - (int) pb->index;
}

typedef GBytes *(*LoadFunc) (const char  *dir,
                             const char  *name,
                             GError     **error);

static MdgCatalog *
catalog_new (void)
{
  MdgCatalog *self = g_new0 (MdgCatalog, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->procedures = g_ptr_array_new_with_free_func (_mdg_catalog_procedure_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->compiled.exprs = g_array_new (FALSE, FALSE, sizeof (MdgExpr));
  self->compiled.kids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->questions = g_ptr_array_new_with_free_func (_mdg_catalog_question_free);
  self->member_questions = g_ptr_array_new ();

  return self;
}

static MdgCatalog *
catalog_load (const char  *dir,
              LoadFunc     load,
              GError     **error)
{
  g_autoptr(MdgCatalog) self = catalog_new ();
  g_autoptr(GBytes) procedures = NULL;
  g_autoptr(GBytes) interview = NULL;
  Source source = { 0 };
  gboolean ok;

  if (!(procedures = load (dir, "procedures.json", error)))
    return NULL;

  ok = source_load (&source, "procedures.json", procedures, error) &&
       _mdg_catalog_load_procedures (self, &source, error);
  source_clear (&source);
  if (!ok)
    return NULL;

  if (!(interview = load (dir, "interview.json", error)))
    return NULL;

  ok = source_load (&source, "interview.json", interview, error) &&
       _mdg_catalog_load_interview (self, &source, error);
  source_clear (&source);
  if (!ok)
    return NULL;

  self->order = g_new (guint, self->procedures->len);
  for (guint i = 0; i < self->procedures->len; i++)
    self->order[i] = i;
  g_qsort_with_data (self->order, self->procedures->len, sizeof (guint), compare_output_order, self);

  return g_steal_pointer (&self);
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
                   "%s: cannot read the catalog file: %s", path, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static GBytes *
load_from_resource (const char  *dir,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (CATALOG_RESOURCE_PATH, name, NULL);
  GBytes *bytes;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                 "%s: the catalog built into the program is missing", name);

  return bytes;
}

MdgCatalog *
mdg_catalog_new_from_dir (const char  *dir,
                          GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return catalog_load (dir, load_from_dir, error);
}

MdgCatalog *
mdg_catalog_load_default (GError **error)
{
  static gsize once;
  static MdgCatalog *catalog;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      const char *dir = g_getenv ("MDG_CATALOG_DIR");

      if (dir != NULL && dir[0] != '\0')
        {
          catalog = catalog_load (dir, load_from_dir, &load_error);
        }
      else
        {
          mdg_core_register_resource ();
          catalog = catalog_load (NULL, load_from_resource, &load_error);
        }

      g_once_init_leave (&once, 1);
    }

  if (catalog == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return mdg_catalog_ref (catalog);
}

MdgCatalog *
mdg_catalog_ref (MdgCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_catalog_unref (MdgCatalog *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->rules != NULL)
    {
      for (guint i = 0; i < self->procedures->len; i++)
        {
          for (guint j = 0; j < self->rules[i].n_reasons; j++)
            g_free (self->rules[i].reasons[j].text);
          g_free (self->rules[i].reasons);
        }
    }
  g_free (self->rules);
  g_free (self->order);
  g_array_unref (self->compiled.exprs);
  g_array_unref (self->compiled.kids);
  for (guint i = 0; i < MDG_N_EVENTS; i++)
    g_clear_pointer (&self->event_questions[i], g_ptr_array_unref);
  g_ptr_array_unref (self->member_questions);
  g_ptr_array_unref (self->questions);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->procedures);
  g_free (self);
}

guint
mdg_catalog_get_n_procedures (MdgCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->procedures->len;
}

const MdgProcedure *
mdg_catalog_get_procedure (MdgCatalog *self,
                           guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->procedures->len, NULL);

  return g_ptr_array_index (self->procedures, index);
}

const MdgProcedure *
mdg_catalog_lookup_procedure (MdgCatalog *self,
                              const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

gboolean
mdg_catalog_check_case (MdgCatalog  *self,
                        MdgCase     *kase,
                        GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (kase != NULL, FALSE);

  for (guint i = 0; i < mdg_case_get_n_added_procedures (kase); i++)
    {
      const char *id = mdg_case_get_added_procedure (kase, i, NULL);
      const MdgProcedure *procedure = mdg_catalog_lookup_procedure (self, id);

      if (procedure == NULL || !procedure->manual)
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                       "answers.added_procedures.%s: %s", id,
                       procedure == NULL ? "no such procedure"
                                         : "the rules propose it; only procedures staff add by hand can be added");
          return FALSE;
        }
    }

  return TRUE;
}

const MdgQuestionDef *
mdg_catalog_lookup_question (MdgCatalog *self,
                             gboolean    per_member,
                             guint       field)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      const MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

      if (question->per_member == !!per_member && question->field == field)
        return question;
    }

  return NULL;
}

const MdgRule *
_mdg_catalog_get_rule (MdgCatalog *self,
                       guint       index)
{
  g_assert (index < self->procedures->len);
  return &self->rules[index];
}

const MdgRules *
_mdg_catalog_get_rules (MdgCatalog *self)
{
  return &self->compiled;
}

const guint *
_mdg_catalog_get_order (MdgCatalog *self)
{
  return self->order;
}

GPtrArray *
_mdg_catalog_get_household_questions (MdgCatalog *self,
                                      MdgEvent    event)
{
  g_assert (event < MDG_N_EVENTS);
  return self->event_questions[event];
}

GPtrArray *
_mdg_catalog_get_member_questions (MdgCatalog *self)
{
  return self->member_questions;
}
