/* mdg-bands.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-bands"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mdg-bands.h"
#include "mdg-core-error.h"
#include "mdg-input.h"
#include "mdg-queue.h"

#define BANDS_RESOURCE "/io/github/madoguchi/Madoguchi/queue/bands.json"

void mdg_queue_register_resource (void);

static void
band_free (gpointer data)
{
  MdgBand *band = data;

  g_free (band->name);
  g_free (band);
}

static gboolean
read_int (JsonObject  *object,
          const char  *member,
          guint        index,
          int          min,
          int         *out,
          GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > G_MAXINT)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "bands.json: bands[%u].%s: an integer of at least %d is needed",
                   index, member, min);
      return FALSE;
    }

  *out = json_node_get_int (node);
  return TRUE;
}

GPtrArray *
mdg_bands_parse (GBytes  *bytes,
                 GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) bands = g_ptr_array_new_with_free_func (band_free);
  JsonNode *root;
  JsonArray *array;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!mdg_json_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       MDG_JSON_MAX_DEPTH, error) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    {
      g_prefix_error (error, "bands.json: ");
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "bands") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (root), "bands")))
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "bands.json: bands: a list of bands is needed");
      return NULL;
    }

  array = json_object_get_array_member (json_node_get_object (root), "bands");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(GError) local_error = NULL;
      MdgBand *band;
      JsonObject *object;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "bands.json: bands[%u]: an object is needed", i);
          return NULL;
        }
      object = json_node_get_object (node);
      band = g_new0 (MdgBand, 1);
      g_ptr_array_add (bands, band);

      if (!read_int (object, "band", i, 1, &band->band, error) ||
          !read_int (object, "first", i, 1, &band->first, error) ||
          !read_int (object, "last", i, band->first, &band->last, error) ||
          !read_int (object, "lease_size", i, 1, &band->lease_size, error) ||
          !read_int (object, "service_minutes", i, 1, &band->service_minutes, error))
        return NULL;
      if (band->band > MDG_QUEUE_MAX_BAND)
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "bands.json: bands[%u].band: at most %d", i, MDG_QUEUE_MAX_BAND);
          return NULL;
        }

      name = json_object_has_member (object, "name") &&
             JSON_NODE_HOLDS_VALUE (json_object_get_member (object, "name"))
             ? json_object_get_string_member (object, "name") : NULL;
      if (name == NULL || name[0] == '\0')
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "bands.json: bands[%u].name: a name is needed", i);
          return NULL;
        }
      band->name = g_strdup (name);

      for (guint j = 0; j + 1 < bands->len; j++)
        {
          const MdgBand *other = g_ptr_array_index (bands, j);

          if (other->band == band->band ||
              (band->first <= other->last && other->first <= band->last))
            {
              g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "bands.json: bands[%u]: band %d or its numbers overlap band %d",
                           i, band->band, other->band);
              return NULL;
            }
        }
    }

  return g_steal_pointer (&bands);
}

const GPtrArray *
mdg_bands_get_default (GError **error)
{
  static gsize once;
  static GPtrArray *bands;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;

      mdg_queue_register_resource ();
      bytes = g_resources_lookup_data (BANDS_RESOURCE, 0, &load_error);
      if (bytes != NULL)
        bands = mdg_bands_parse (bytes, &load_error);
      g_once_init_leave (&once, 1);
    }

  if (bands == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return bands;
}

const MdgBand *
mdg_bands_lookup (const GPtrArray *bands,
                  int              band)
{
  g_return_val_if_fail (bands != NULL, NULL);

  for (guint i = 0; i < bands->len; i++)
    {
      const MdgBand *b = g_ptr_array_index (bands, i);

      if (b->band == band)
        return b;
    }

  return NULL;
}

int
mdg_bands_band_of_number (const GPtrArray *bands,
                          int              number)
{
  g_return_val_if_fail (bands != NULL, 0);

  for (guint i = 0; i < bands->len; i++)
    {
      const MdgBand *b = g_ptr_array_index (bands, i);

      if (number >= b->first && number <= b->last)
        return b->band;
    }

  return 0;
}
