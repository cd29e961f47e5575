/* mdg-phone.c: Japanese phone numbers as staff type them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-phone"

#include "config.h"

#include <string.h>

#include "mdg-phone.h"

/* Prefixes whose grouping is fixed: the lengths of the three parts. */
static const struct {
  const char *prefix;
  guint       n_digits;
  guint       a, b;      /* the third part takes the rest */
} plans[] = {
  { "050", 11, 3, 4 }, { "070", 11, 3, 4 }, { "080", 11, 3, 4 }, { "090", 11, 3, 4 },
  { "0120", 10, 4, 3 }, { "0570", 10, 4, 3 }, { "0800", 11, 4, 3 },
  { "03", 10, 2, 4 }, { "06", 10, 2, 4 },
  /* 熊本 (096) and the prefecture's four-digit areas */
  { "0964", 10, 4, 2 }, { "0965", 10, 4, 2 }, { "0966", 10, 4, 2 },
  { "0967", 10, 4, 2 }, { "0968", 10, 4, 2 }, { "0969", 10, 4, 2 },
  { "096", 10, 3, 3 },
};

char *
mdg_phone_format (const char *digits,
                  const char *typed)
{
  gsize n;
  g_autoptr(GString) grouped = NULL;
  guint runs = 0;

  g_return_val_if_fail (digits != NULL, NULL);

  n = strlen (digits);
  for (guint i = 0; i < G_N_ELEMENTS (plans); i++)
    {
      if (n == plans[i].n_digits && g_str_has_prefix (digits, plans[i].prefix))
        return g_strdup_printf ("%.*s-%.*s-%s", plans[i].a, digits, plans[i].b,
                                digits + plans[i].a, digits + plans[i].a + plans[i].b);
    }

  /* the grouping as typed: "0995 (12) 3456" → 0995-12-3456 */
  grouped = g_string_new (NULL);
  for (const char *p = typed != NULL ? typed : ""; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (grouped->len > 0 && !g_ascii_isdigit (p[-1]))
            {
              g_string_append_c (grouped, '-');
              runs++;
            }
          g_string_append_c (grouped, *p);
        }
    }
  if (runs == 2)
    {
      g_autoptr(GString) check = g_string_new (grouped->str);

      g_string_replace (check, "-", "", 0);
      if (g_str_equal (check->str, digits))
        return g_string_free (g_steal_pointer (&grouped), FALSE);
    }

  return g_strdup (digits);
}
