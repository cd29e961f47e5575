/* mdg-search.h: a resident search as staff type it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A search is a birth date (mdg_day_parse_query()) or a part of a name or
 * kana, compared folded (mdg_kana_fold()). The ward's search_registry reads
 * a query the same way (data/ward-db/0010-search-fold.sql).
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-date.h"

G_BEGIN_DECLS

#define MDG_TYPE_SEARCH_QUERY (mdg_search_query_get_type ())

typedef struct _MdgSearchQuery MdgSearchQuery;

GType           mdg_search_query_get_type       (void) G_GNUC_CONST;
/* Immutable: safe to hand to another thread. */
MdgSearchQuery *mdg_search_query_new            (const char     *text) G_GNUC_WARN_UNUSED_RESULT;
MdgSearchQuery *mdg_search_query_ref            (MdgSearchQuery *self);
void            mdg_search_query_unref          (MdgSearchQuery *self);

/* Nothing to search for: no date, and nothing left once folded. */
gboolean        mdg_search_query_is_empty       (MdgSearchQuery *self);
/* The birth date searched for, or MDG_DAY_INVALID for a name search. */
MdgDay          mdg_search_query_get_day        (MdgSearchQuery *self);
/* The folded name or kana ("" for a date). */
const char     *mdg_search_query_get_folded     (MdgSearchQuery *self);
/* What the ward's search_registry is sent: the day as YYYY-MM-DD, or the
 * text as typed (the ward folds it). */
const char     *mdg_search_query_get_ward_text  (MdgSearchQuery *self);
/* A member (the shape of data/demo/) born on the day, or whose name or kana
 * contains the folded text. An empty query matches every member. */
gboolean        mdg_search_query_matches_member (MdgSearchQuery *self,
                                                 JsonObject     *member);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgSearchQuery, mdg_search_query_unref)

G_END_DECLS
