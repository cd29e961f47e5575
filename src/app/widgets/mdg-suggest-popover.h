/* mdg-suggest-popover.h: what the clerk may pick for a typed box
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A popover under an entry row listing suggestions (banks by code or kana,
 * the 丁目 of a 町域); it never takes the keyboard, so typing goes on in the
 * row. A click on a suggestion emits "picked" with its index.
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MDG_TYPE_SUGGEST_POPOVER (mdg_suggest_popover_get_type ())

G_DECLARE_FINAL_TYPE (MdgSuggestPopover, mdg_suggest_popover, MDG, SUGGEST_POPOVER, GtkPopover)

/* A popover parented to @row (and unparented when the row goes). */
MdgSuggestPopover *mdg_suggest_popover_new_for   (GtkWidget          *row) G_GNUC_WARN_UNUSED_RESULT;
/* Shows @labels (pops up), or hides when there are none. */
void               mdg_suggest_popover_show      (MdgSuggestPopover  *self,
                                                  const char * const *labels);
guint              mdg_suggest_popover_get_n_items (MdgSuggestPopover *self);
const char        *mdg_suggest_popover_get_label (MdgSuggestPopover  *self,
                                                  guint               index);
/* As a click on the suggestion: emits "picked" and hides. */
void               mdg_suggest_popover_pick      (MdgSuggestPopover  *self,
                                                  guint               index);

G_END_DECLS
