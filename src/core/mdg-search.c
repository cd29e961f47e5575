/* mdg-search.c: a resident search as staff type it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-search"

#include "config.h"

#include <string.h>

#include "mdg-kana.h"
#include "mdg-search.h"

struct _MdgSearchQuery
{
  MdgDay  day;
  char   *folded;
  char   *ward_text;
};

G_DEFINE_BOXED_TYPE (MdgSearchQuery, mdg_search_query, mdg_search_query_ref,
                     mdg_search_query_unref)

static void
search_query_clear (MdgSearchQuery *self)
{
  g_free (self->folded);
  g_free (self->ward_text);
}

MdgSearchQuery *
mdg_search_query_new (const char *text)
{
  MdgSearchQuery *self;

  g_return_val_if_fail (text != NULL, NULL);

  self = g_atomic_rc_box_new0 (MdgSearchQuery);
  if (mdg_day_parse_query (text, &self->day))
    {
      self->folded = g_strdup ("");
      self->ward_text = mdg_day_dup_iso (self->day);
    }
  else
    {
      self->day = MDG_DAY_INVALID;
      self->folded = mdg_kana_fold (text);
      self->ward_text = g_strdup (text);
    }

  return self;
}

MdgSearchQuery *
mdg_search_query_ref (MdgSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return g_atomic_rc_box_acquire (self);
}

void
mdg_search_query_unref (MdgSearchQuery *self)
{
  g_return_if_fail (self != NULL);

  g_atomic_rc_box_release_full (self, (GDestroyNotify) search_query_clear);
}

gboolean
mdg_search_query_is_empty (MdgSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->day == MDG_DAY_INVALID && self->folded[0] == '\0';
}

MdgDay
mdg_search_query_get_day (MdgSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, MDG_DAY_INVALID);

  return self->day;
}

const char *
mdg_search_query_get_folded (MdgSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->folded;
}

const char *
mdg_search_query_get_ward_text (MdgSearchQuery *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->ward_text;
}

gboolean
mdg_search_query_matches_member (MdgSearchQuery *self,
                                 JsonObject     *member)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (member != NULL, FALSE);

  if (mdg_search_query_is_empty (self))
    return TRUE;

  if (self->day != MDG_DAY_INVALID)
    {
      const char *birth = json_object_get_string_member_with_default (member, "birth_date", NULL);
      MdgDay born;

      return birth != NULL && mdg_day_parse_iso (birth, &born, NULL) && born == self->day;
    }

  return mdg_kana_fold_contains (json_object_get_string_member_with_default (member, "name", NULL),
                                 self->folded) ||
         mdg_kana_fold_contains (json_object_get_string_member_with_default (member, "kana", NULL),
                                 self->folded);
}
