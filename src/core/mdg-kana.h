/* mdg-kana.h: folding Japanese text for search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @text as a search compares it, so that what a clerk types finds what the
 * registry holds:
 *
 *  1. NFKC: half-width katakana become full width (ﾋｺﾞ → ヒゴ, the dakuten
 *     composed), full-width letters and digits become ASCII, U+3000 a space;
 *  2. ASCII letters lower case;
 *  3. dropped: spaces (tab, line feed, vertical tab, form feed, carriage
 *     return, space), 長音 ー, the middle dot ・ and variation selectors
 *     (U+FE00–FE0F, U+E0100–E01EF);
 *  4. hiragana become katakana (ひご → ヒゴ), small kana large
 *     (ァィゥェォッャュョヮヵヶ → アイウエオツヤユヨワカケ);
 *  5. old and variant kanji their common form, from the table of
 *     data/search/kanji-variants.tsv (髙 → 高, 﨑 → 崎, 邊 → 辺 …).
 *
 * The ward's madoguchi.fold() (data/ward-db/0010-search-fold.sql) folds the
 * same way; tests/ward checks both on one corpus.
 * Returns: (transfer full): the folded text, "" for invalid UTF-8. */
char       *mdg_kana_fold            (const char *text) G_GNUC_WARN_UNUSED_RESULT;

/* Whether the fold of @text contains @folded_query (already folded). */
gboolean    mdg_kana_fold_contains   (const char *text,
                                      const char *folded_query);

G_END_DECLS
