/* mdg-date-query.c: a birth date as staff type it into a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Apart from mdg-date.c, which is near its size limit. The separated forms
 * are mdg_day_parse_typed()'s; this adds the compact forms of the 住基
 * codes and refuses what a name search could mean.
 */

#define G_LOG_DOMAIN "mdg-date-query"

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mdg-date.h"
#include "mdg-form-boxes.h"

/* The era letters of the compact forms, in MdgEra order. */
static const char era_letters[] = "MTSHR";

static gboolean
all_digits (const char *text,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static int
two_digits (const char *text)
{
  return (text[0] - '0') * 10 + (text[1] - '0');
}

/* "250310" of era @era */
static MdgDay
from_compact_wareki (int         era,
                     const char *yymmdd)
{
  return mdg_date_from_wareki ((MdgEra) era, two_digits (yymmdd), two_digits (yymmdd + 2),
                               two_digits (yymmdd + 4));
}

gboolean
mdg_day_parse_query (const char *text,
                     MdgDay     *out_day)
{
  g_autofree char *nfkc = NULL;
  g_autoptr(GString) plain = NULL;
  const char *letter;
  MdgDay day = MDG_DAY_INVALID;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_day != NULL, FALSE);

  /* full-width digits and letters, ㍼ and spaces */
  if (!(nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC)))
    return FALSE;
  plain = g_string_new (NULL);
  for (const char *p = nfkc; *p != '\0'; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (plain, *p);

  if (plain->len == 8 && all_digits (plain->str, 8))
    {
      /* 19500310 */
      int year = atoi (plain->str) / 10000;
      int month = two_digits (plain->str + 4);
      int mday = two_digits (plain->str + 6);

      if (mdg_day_is_valid_ymd (year, month, mday))
        day = mdg_day_new (year, month, mday);
    }
  else if (plain->len == 7 && all_digits (plain->str, 7) && plain->str[0] >= '1' &&
           plain->str[0] <= '5')
    /* 3250310: the era digit of the 住基 codes, 1 明治 … 5 令和 */
    day = from_compact_wareki (plain->str[0] - '1', plain->str + 1);
  else if (plain->len == 7 && all_digits (plain->str + 1, 6) &&
           (letter = strchr (era_letters, g_ascii_toupper (plain->str[0]))) != NULL &&
           *letter != '\0')
    /* S250310 */
    day = from_compact_wareki (letter - era_letters, plain->str + 1);
  else if (!mdg_day_parse_typed (plain->str, MDG_DAY_INVALID, &day))
    /* S25.3.10, 昭和25年3月10日, 1950-03-10, 1950/3/10: with no era and
     * no today, "25.3.10" is not a date, so a search for digits stays one */
    day = MDG_DAY_INVALID;

  if (day == MDG_DAY_INVALID || mdg_day_get_year (day) < MDG_DATE_MIN_YEAR ||
      mdg_day_get_year (day) > MDG_DATE_MAX_YEAR)
    return FALSE;

  *out_day = day;
  return TRUE;
}
