/* mdg-postal.c: addresses from the postal code
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-postal"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mdg-core-error.h"
#include "mdg-lookup-private.h"
#include "mdg-postal.h"

void mdg_lookup_register_resource (void);

typedef struct
{
  guint32     code;  /* 8600808 */
  guint32     city;  /* index into cities */
  const char *town;  /* in strings */
} Entry;

typedef struct
{
  const char *prefecture;
  const char *city;
} City;

struct _MdgPostalIndex
{
  gatomicrefcount  ref_count;
  GStringChunk    *strings;
  GArray          *cities;   /* City */
  GArray          *entries;  /* Entry, sorted by code */
  GHashTable      *chome;    /* "市区町村\t町域" → NULL-terminated strv */
  char            *source;
};

G_DEFINE_BOXED_TYPE (MdgPostalIndex, mdg_postal_index, mdg_postal_index_ref, mdg_postal_index_unref)

GBytes *
_mdg_lookup_get_resource (const char  *name,
                          GError     **error)
{
  static gsize once;
  g_autofree char *path = NULL;

  if (g_once_init_enter (&once))
    {
      mdg_lookup_register_resource ();
      g_once_init_leave (&once, 1);
    }

  path = g_strconcat (MDG_LOOKUP_RESOURCE_PATH "/", name, NULL);
  return g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
}

GBytes *
_mdg_lookup_inflate (GBytes  *gz,
                     GError **error)
{
  g_autoptr(GZlibDecompressor) decompressor = NULL;
  g_autoptr(GInputStream) raw = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) out = NULL;

  decompressor = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  raw = g_memory_input_stream_new_from_bytes (gz);
  stream = g_converter_input_stream_new (raw, G_CONVERTER (decompressor));
  out = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (out, stream,
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE | G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                              NULL, error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

static int
compare_entry (gconstpointer a,
               gconstpointer b)
{
  const Entry *x = a;
  const Entry *y = b;

  return x->code < y->code ? -1 : x->code > y->code;
}

static gboolean
parse_fail (GError     **error,
            const char  *what,
            guint        line)
{
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT,
               "%s: line %u is malformed", what, line);
  return FALSE;
}

static gboolean
parse_postal (MdgPostalIndex  *self,
              GBytes          *bytes,
              GError         **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  char *save = NULL;
  guint line = 0;

  for (char *l = strtok_r (text, "\n", &save); l != NULL; l = strtok_r (NULL, "\n", &save))
    {
      g_auto(GStrv) fields = NULL;

      line++;
      if (l[0] == '#')
        {
          if (self->source == NULL)
            self->source = g_strdup (g_strstrip (l + 1));
          continue;
        }
      fields = g_strsplit (l, "\t", 4);
      if (g_strv_length (fields) != 3)
        return parse_fail (error, "postal.tsv", line);
      if (g_str_equal (fields[0], "C"))
        {
          City city = { g_string_chunk_insert_const (self->strings, fields[1]),
                        g_string_chunk_insert_const (self->strings, fields[2]) };

          g_array_append_val (self->cities, city);
        }
      else
        {
          guint64 code, city;
          Entry entry;

          if (strlen (fields[0]) != 7 ||
              !g_ascii_string_to_unsigned (fields[0], 10, 0, 9999999, &code, NULL) ||
              !g_ascii_string_to_unsigned (fields[1], 10, 0, self->cities->len - 1, &city, NULL))
            return parse_fail (error, "postal.tsv", line);
          entry.code = code;
          entry.city = city;
          entry.town = g_string_chunk_insert_const (self->strings, fields[2]);
          g_array_append_val (self->entries, entry);
        }
    }

  if (self->entries->len == 0)
    return parse_fail (error, "postal.tsv", line);
  g_array_sort (self->entries, compare_entry);
  return TRUE;
}

static gboolean
parse_chome (MdgPostalIndex  *self,
             GBytes          *bytes,
             GError         **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  char *save = NULL;
  guint line = 0;

  for (char *l = strtok_r (text, "\n", &save); l != NULL; l = strtok_r (NULL, "\n", &save))
    {
      g_auto(GStrv) fields = NULL;

      line++;
      if (l[0] == '#')
        continue;
      fields = g_strsplit (l, "\t", 4);
      if (g_strv_length (fields) != 3 || fields[2][0] == '\0')
        return parse_fail (error, "kumamoto-chome.tsv", line);
      g_hash_table_insert (self->chome, g_strconcat (fields[0], "\t", fields[1], NULL),
                           g_strsplit (fields[2], ",", -1));
    }

  return TRUE;
}

MdgPostalIndex *
mdg_postal_index_new_from_bytes (GBytes  *postal,
                                 GBytes  *chome,
                                 GError **error)
{
  g_autoptr(MdgPostalIndex) self = NULL;
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (postal != NULL, NULL);

  self = g_new0 (MdgPostalIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (64 * 1024);
  self->cities = g_array_new (FALSE, FALSE, sizeof (City));
  self->entries = g_array_sized_new (FALSE, FALSE, sizeof (Entry), 150000);
  self->chome = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);

  if (!(text = _mdg_lookup_inflate (postal, error)) ||
      !parse_postal (self, text, error) ||
      (chome != NULL && !parse_chome (self, chome, error)))
    return NULL;

  g_debug ("%u postal codes, %u cities, %u 町域 with 丁目", self->entries->len,
           self->cities->len, g_hash_table_size (self->chome));
  return g_steal_pointer (&self);
}

MdgPostalIndex *
mdg_postal_index_load_default (GError **error)
{
  g_autoptr(GBytes) postal = NULL;
  g_autoptr(GBytes) chome = NULL;

  if (!(postal = _mdg_lookup_get_resource ("postal/postal.tsv.gz", error)) ||
      !(chome = _mdg_lookup_get_resource ("postal/kumamoto-chome.tsv", error)))
    return NULL;

  return mdg_postal_index_new_from_bytes (postal, chome, error);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  MdgPostalIndex *index = mdg_postal_index_load_default (&error);

  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) mdg_postal_index_unref);
}

void
mdg_postal_index_load_default_async (GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mdg_postal_index_load_default_async);
  g_task_run_in_thread (task, load_worker);
}

MdgPostalIndex *
mdg_postal_index_load_default_finish (GAsyncResult  *result,
                                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

MdgPostalIndex *
mdg_postal_index_ref (MdgPostalIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_postal_index_unref (MdgPostalIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_string_chunk_free (self->strings);
  g_array_unref (self->cities);
  g_array_unref (self->entries);
  g_hash_table_unref (self->chome);
  g_free (self->source);
  g_free (self);
}

guint
mdg_postal_index_get_n_codes (MdgPostalIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->entries->len;
}

const char *
mdg_postal_index_get_source (MdgPostalIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

char *
mdg_postal_code_parse (const char  *text,
                       const char **rest)
{
  GString *digits = g_string_new (NULL);
  const char *p = text;

  g_return_val_if_fail (text != NULL, NULL);

  while (g_unichar_isspace (g_utf8_get_char (p)) || g_utf8_get_char (p) == 0x3012 /* 〒 */)
    p = g_utf8_next_char (p);

  while (*p != '\0' && digits->len < 7)
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= '0' && c <= '9')
        g_string_append_c (digits, c);
      else if (c >= 0xFF10 && c <= 0xFF19)
        g_string_append_c (digits, '0' + (c - 0xFF10));
      else if (!(digits->len == 3 && (c == '-' || c == 0xFF0D || c == 0x2212 || c == 0x30FC)))
        break;
      p = g_utf8_next_char (p);
    }

  if (digits->len != 7 || g_unichar_isdigit (g_utf8_get_char (p)) ||
      (rest == NULL && *p != '\0'))
    {
      g_string_free (digits, TRUE);
      return NULL;
    }

  if (rest != NULL)
    {
      while (g_unichar_isspace (g_utf8_get_char (p)))
        p = g_utf8_next_char (p);
      *rest = p;
    }

  return g_string_free (digits, FALSE);
}

gboolean
mdg_postal_index_lookup (MdgPostalIndex  *self,
                         const char      *code,
                         const char     **prefecture,
                         const char     **city,
                         const char     **town)
{
  g_autofree char *digits = NULL;
  Entry key = { 0 };
  const Entry *found;
  const City *c;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  if (!(digits = mdg_postal_code_parse (code, NULL)))
    return FALSE;
  key.code = strtoul (digits, NULL, 10);
  found = bsearch (&key, self->entries->data, self->entries->len, sizeof (Entry), compare_entry);
  if (found == NULL)
    return FALSE;

  c = &g_array_index (self->cities, City, found->city);
  if (prefecture != NULL)
    *prefecture = c->prefecture;
  if (city != NULL)
    *city = c->city;
  if (town != NULL)
    *town = found->town;
  return TRUE;
}

const char * const *
mdg_postal_index_get_chome (MdgPostalIndex *self,
                            const char     *city,
                            const char     *town)
{
  g_autofree char *key = NULL;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (city != NULL && town != NULL, NULL);

  key = g_strconcat (city, "\t", town, NULL);
  return g_hash_table_lookup (self->chome, key);
}
