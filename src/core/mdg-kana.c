/* mdg-kana.c: folding Japanese text for search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-kana"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mdg-kana.h"

#define VARIANTS_RESOURCE "/io/github/madoguchi/Madoguchi/search/kanji-variants.tsv"

void mdg_search_register_resource (void);

/* Small katakana and the large kana they fold to (after hiragana became
 * katakana). */
static const struct {
  gunichar small;
  gunichar large;
} small_kana[] = {
  { 0x30A1, 0x30A2 }, /* ァ ア */
  { 0x30A3, 0x30A4 }, /* ィ イ */
  { 0x30A5, 0x30A6 }, /* ゥ ウ */
  { 0x30A7, 0x30A8 }, /* ェ エ */
  { 0x30A9, 0x30AA }, /* ォ オ */
  { 0x30C3, 0x30C4 }, /* ッ ツ */
  { 0x30E3, 0x30E4 }, /* ャ ヤ */
  { 0x30E5, 0x30E6 }, /* ュ ユ */
  { 0x30E7, 0x30E8 }, /* ョ ヨ */
  { 0x30EE, 0x30EF }, /* ヮ ワ */
  { 0x30F5, 0x30AB }, /* ヵ カ */
  { 0x30F6, 0x30B1 }, /* ヶ ケ */
};

/* gunichar variant -> gunichar common form, from the data file; read once. */
static GHashTable *
get_variants (void)
{
  static GHashTable *variants;

  if (g_once_init_enter (&variants))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_auto(GStrv) lines = NULL;
      GHashTable *table = g_hash_table_new (NULL, NULL);

      mdg_search_register_resource ();
      bytes = g_resources_lookup_data (VARIANTS_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
      /* built into the library: its absence is a broken build */
      if (bytes == NULL)
        g_error ("The kanji variants are missing: %s", error->message);

      lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) columns = NULL;

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          columns = g_strsplit (lines[i], "\t", 3);
          if (g_strv_length (columns) < 2 ||
              g_utf8_strlen (columns[0], -1) != 1 || g_utf8_strlen (columns[1], -1) != 1)
            g_error ("kanji-variants.tsv line %u: a variant, a tab and one character", i + 1);
          g_hash_table_insert (table, GUINT_TO_POINTER (g_utf8_get_char (columns[0])),
                               GUINT_TO_POINTER (g_utf8_get_char (columns[1])));
        }

      g_once_init_leave (&variants, table);
    }

  return variants;
}

static inline gboolean
is_dropped (gunichar c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r' ||
         c == 0x30FC ||                       /* ー */
         c == 0x30FB ||                       /* ・ */
         (c >= 0xFE00 && c <= 0xFE0F) ||
         (c >= 0xE0100 && c <= 0xE01EF);
}

char *
mdg_kana_fold (const char *text)
{
  g_autofree char *nfkc = NULL;
  GHashTable *variants;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  if (!(nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC)))
    return g_strdup ("");

  variants = get_variants ();
  out = g_string_sized_new (strlen (nfkc));
  for (const char *p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gpointer common;

      if (is_dropped (c))
        continue;
      if (c < 0x80)
        {
          g_string_append_c (out, g_ascii_tolower ((char) c));
          continue;
        }
      /* ぁ–ゖ and the iteration marks ゝゞ: the katakana 0x60 above */
      if ((c >= 0x3041 && c <= 0x3096) || c == 0x309D || c == 0x309E)
        c += 0x60;
      for (guint i = 0; i < G_N_ELEMENTS (small_kana); i++)
        if (small_kana[i].small == c)
          {
            c = small_kana[i].large;
            break;
          }
      if ((common = g_hash_table_lookup (variants, GUINT_TO_POINTER (c))))
        c = GPOINTER_TO_UINT (common);
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

gboolean
mdg_kana_fold_contains (const char *text,
                        const char *folded_query)
{
  g_autofree char *folded = NULL;

  g_return_val_if_fail (folded_query != NULL, FALSE);

  if (text == NULL)
    return FALSE;
  folded = mdg_kana_fold (text);
  return strstr (folded, folded_query) != NULL;
}
