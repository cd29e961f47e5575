/* test-bands.c: the ticket bands of data/queue
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-bands.h"
#include "mdg-core-error.h"
#include "test-core.h"

static void
test_bands_default (void)
{
  g_autoptr(GError) error = NULL;
  const GPtrArray *bands = mdg_bands_get_default (&error);
  const MdgBand *one;

  g_assert_no_error (error);
  g_assert_nonnull (bands);
  g_assert_cmpuint (bands->len, ==, 4);

  one = mdg_bands_lookup (bands, 1);
  g_assert_nonnull (one);
  g_assert_cmpint (one->first, ==, 1001);
  g_assert_true (g_str_has_prefix (one->name, "ワンストップ"));
  g_assert_null (mdg_bands_lookup (bands, 9));

  /* the edges of each range */
  g_assert_cmpint (mdg_bands_band_of_number (bands, 1000), ==, 0);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 1001), ==, 1);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 1999), ==, 1);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 2000), ==, 0);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 2001), ==, 2);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 4999), ==, 4);
  g_assert_cmpint (mdg_bands_band_of_number (bands, 5000), ==, 0);
}

static void
test_bands_malformed (void)
{
  static const struct {
    const char *json;
    const char *field;  /* the message names it */
  } cases[] = {
    { "[]", "bands" },
    { "{\"bands\": 3}", "bands" },
    { "{\"bands\": [1]}", "bands[0]" },
    { "{\"bands\": [{\"band\": 1, \"first\": 1001, \"last\": 1999, \"lease_size\": 20, \"service_minutes\": 10}]}",
      "bands[0].name" },
    { "{\"bands\": [{\"band\": 1, \"first\": 1001, \"last\": 1999, \"lease_size\": 20, \"name\": \"x\"}]}",
      "bands[0].service_minutes" },
    { "{\"bands\": [{\"band\": 64, \"first\": 1001, \"last\": 1999, \"lease_size\": 20, \"service_minutes\": 10, \"name\": \"x\"}]}",
      "bands[0].band" },
    { "{\"bands\": [{\"band\": 1, \"first\": 1001, \"last\": 1000, \"lease_size\": 20, \"name\": \"x\"}]}",
      "bands[0].last" },
    { "{\"bands\": [{\"band\": 1, \"first\": 1001, \"last\": 1999, \"lease_size\": 0, \"name\": \"x\"}]}",
      "bands[0].lease_size" },
    { "{\"bands\": [{\"band\": 1, \"first\": 1001, \"last\": 1999, \"lease_size\": 20, \"service_minutes\": 10, \"name\": \"x\"},"
      "{\"band\": 2, \"first\": 1500, \"last\": 2999, \"lease_size\": 20, \"service_minutes\": 10, \"name\": \"y\"}]}",
      "bands[1]" },
    { "{\"bands\": [{\"band\": \"1\", \"first\": 1001, \"last\": 1999, \"lease_size\": 20, \"name\": \"x\"}]}",
      "bands[0].band" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) bands = mdg_bands_parse (bytes, &error);

      g_assert_null (bands);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
      g_assert_nonnull (strstr (error->message, cases[i].field));
    }
}

void
test_bands_register (void)
{
  g_test_add_func ("/mdg/core/bands/default", test_bands_default);
  g_test_add_func ("/mdg/core/bands/malformed", test_bands_malformed);
}
