/* mdg-input.h: limits on what comes from outside, checked before it is used
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Deeper than any file or payload of ours nests (a case file: 4). */
#define MDG_JSON_MAX_DEPTH 32

/* Checks JSON text before a parser sees it (json-glib recurses, so a deep
 * document would overflow the stack): no more than @max_depth nested
 * objects and lists, no U+0000 (the "\u0000" escape or a NUL byte: it
 * would cut a C string short). Does not validate the rest; the parser does.
 * On failure sets MDG_CORE_ERROR_INVALID_INPUT with "path: reason", where
 * path is the member's place ("members[0].name"; "(root)" for the top). */
gboolean mdg_json_check       (const char  *data,
                               gsize        length,
                               guint        max_depth,
                               GError     **error);

/* Checks a text field's length in characters against @max_chars (a caller's
 * per-field limit, which may come from data). On failure sets
 * MDG_CORE_ERROR_INVALID_INPUT with "path: reason". */
gboolean mdg_input_check_text (const char  *path,
                               const char  *text,
                               guint        max_chars,
                               GError     **error);

G_END_DECLS
