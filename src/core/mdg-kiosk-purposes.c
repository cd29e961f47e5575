/* mdg-kiosk-purposes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-kiosk-purposes"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "mdg-bands.h"
#include "mdg-core-error.h"
#include "mdg-input.h"
#include "mdg-kiosk-purposes.h"

#define PURPOSES_RESOURCE "/io/github/madoguchi/Madoguchi/queue/kiosk.json"

static void
purpose_free (gpointer data)
{
  MdgKioskPurpose *purpose = data;

  g_free (purpose->id);
  g_free (purpose->ja);
  g_free (purpose->en);
  g_free (purpose->zh);
  g_free (purpose->ko);
  g_free (purpose->vi);
  g_free (purpose);
}

static gboolean
is_valid_id (const char *id)
{
  if (id[0] == '\0')
    return FALSE;

  for (const char *p = id; *p != '\0'; p++)
    {
      if (!g_ascii_islower (*p) && !g_ascii_isdigit (*p) && *p != '-')
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

/* A non-empty string member, copied into @out. */
static gboolean
read_string (JsonObject  *object,
             const char  *member,
             guint        index,
             char       **out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  const char *value = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_STRING)
    value = json_node_get_string (node);

  if (value == NULL || is_blank (value))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "kiosk.json: purposes[%u].%s: a text is needed", index, member);
      return FALSE;
    }

  *out = g_strdup (value);
  return TRUE;
}

GPtrArray *
mdg_kiosk_purposes_parse (GBytes           *bytes,
                          const GPtrArray  *bands,
                          GError          **error)
{
  static const char * const labels[] = { "ja", "en", "zh", "ko", "vi" };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) purposes = g_ptr_array_new_with_free_func (purpose_free);
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!mdg_json_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       MDG_JSON_MAX_DEPTH, error) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    {
      g_prefix_error (error, "kiosk.json: ");
      return NULL;
    }

  root = json_parser_get_root (parser);
  list = JSON_NODE_HOLDS_OBJECT (root)
         ? json_object_get_member (json_node_get_object (root), "purposes") : NULL;
  if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list) ||
      json_array_get_length (json_node_get_array (list)) == 0)
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "kiosk.json: purposes: a list of at least one purpose is needed");
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonNode *band;
      JsonObject *object;
      MdgKioskPurpose *purpose;
      char **fields[G_N_ELEMENTS (labels)];

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "kiosk.json: purposes[%u]: an object is needed", i);
          return NULL;
        }
      object = json_node_get_object (node);
      purpose = g_new0 (MdgKioskPurpose, 1);
      g_ptr_array_add (purposes, purpose);

      if (!read_string (object, "id", i, &purpose->id, error))
        return NULL;
      if (!is_valid_id (purpose->id))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "kiosk.json: purposes[%u].id: lower-case letters, digits and - only", i);
          return NULL;
        }
      for (guint j = 0; j + 1 < purposes->len; j++)
        {
          const MdgKioskPurpose *other = g_ptr_array_index (purposes, j);

          if (g_str_equal (other->id, purpose->id))
            {
              g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "kiosk.json: purposes[%u].id: \"%s\" is also purposes[%u]",
                           i, purpose->id, j);
              return NULL;
            }
        }

      band = json_object_get_member (object, "band");
      if (band == NULL || json_node_get_value_type (band) != G_TYPE_INT64 ||
          json_node_get_int (band) < 1 || json_node_get_int (band) > G_MAXINT ||
          (bands != NULL && mdg_bands_lookup (bands, json_node_get_int (band)) == NULL))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "kiosk.json: purposes[%u].band: the number of a band of bands.json "
                       "is needed", i);
          return NULL;
        }
      purpose->band = json_node_get_int (band);

      fields[0] = &purpose->ja;
      fields[1] = &purpose->en;
      fields[2] = &purpose->zh;
      fields[3] = &purpose->ko;
      fields[4] = &purpose->vi;
      for (guint k = 0; k < G_N_ELEMENTS (labels); k++)
        {
          if (!read_string (object, labels[k], i, fields[k], error))
            return NULL;
        }
    }

  return g_steal_pointer (&purposes);
}

const GPtrArray *
mdg_kiosk_purposes_get_default (GError **error)
{
  static gsize once;
  static GPtrArray *purposes;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;
      /* Registers the queue resource (once) and checks the bands. */
      const GPtrArray *bands = mdg_bands_get_default (&load_error);

      if (bands != NULL)
        bytes = g_resources_lookup_data (PURPOSES_RESOURCE, 0, &load_error);
      if (bytes != NULL)
        purposes = mdg_kiosk_purposes_parse (bytes, bands, &load_error);
      g_once_init_leave (&once, 1);
    }

  if (purposes == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return purposes;
}

const MdgKioskPurpose *
mdg_kiosk_purposes_lookup (const GPtrArray *purposes,
                           const char      *id)
{
  g_return_val_if_fail (purposes != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < purposes->len; i++)
    {
      const MdgKioskPurpose *purpose = g_ptr_array_index (purposes, i);

      if (g_str_equal (purpose->id, id))
        return purpose;
    }

  return NULL;
}
