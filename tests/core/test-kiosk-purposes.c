/* test-kiosk-purposes.c: the purposes of the kiosk (data/queue/kiosk.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-bands.h"
#include "mdg-core-error.h"
#include "mdg-kiosk-purposes.h"
#include "test-core.h"

static void
test_kiosk_purposes_default (void)
{
  static const struct {
    const char *id;
    int         band;
    const char *ja;
  } expected[] = {
    { "move", 1, "転入・転居・区間異動" },
    { "bereavement", 1, "おくやみ（亡くなられた方の手続）" },
    { "family", 1, "出生・婚姻・離婚" },
    { "move-out", 2, "転出" },
    { "certificate", 3, "証明書（住民票・印鑑登録証明など）" },
    { "welfare", 4, "福祉・介護" },
  };
  g_autoptr(GError) error = NULL;
  const GPtrArray *purposes = mdg_kiosk_purposes_get_default (&error);
  const GPtrArray *bands = mdg_bands_get_default (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (purposes);
  g_assert_cmpuint (purposes->len, ==, G_N_ELEMENTS (expected));

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      const MdgKioskPurpose *purpose = g_ptr_array_index (purposes, i);

      g_assert_cmpstr (purpose->id, ==, expected[i].id);
      g_assert_cmpint (purpose->band, ==, expected[i].band);
      g_assert_cmpstr (purpose->ja, ==, expected[i].ja);
      g_assert_true (mdg_kiosk_purposes_lookup (purposes, expected[i].id) == purpose);
      g_assert_nonnull (mdg_bands_lookup (bands, purpose->band));
      /* every other language, and no Japanese kana in them by mistake */
      g_assert_true (purpose->en[0] != '\0' && g_utf8_validate (purpose->en, -1, NULL));
      g_assert_true (purpose->zh[0] != '\0' && purpose->ko[0] != '\0' && purpose->vi[0] != '\0');
      g_assert_null (strstr (purpose->en, "の"));
      g_assert_null (strstr (purpose->zh, "の"));
    }

  g_assert_null (mdg_kiosk_purposes_lookup (purposes, "parking"));
}

static void
test_kiosk_purposes_malformed (void)
{
#define LABELS "\"ja\": \"転出\", \"en\": \"Moving out\", \"zh\": \"迁出\", \"ko\": \"전출\", " \
               "\"vi\": \"Chuyển đi\""
  static const struct {
    const char *json;
    const char *field;  /* the message names it */
  } cases[] = {
    { "{\"purposes\": ", "kiosk.json" },
    { "[]", "purposes" },
    { "{\"purposes\": {}}", "purposes" },
    { "{\"purposes\": []}", "purposes" },
    { "{\"purposes\": [3]}", "purposes[0]" },
    { "{\"purposes\": [{\"band\": 2, " LABELS "}]}", "purposes[0].id" },
    { "{\"purposes\": [{\"id\": \"\", \"band\": 2, " LABELS "}]}", "purposes[0].id" },
    { "{\"purposes\": [{\"id\": \"Move Out\", \"band\": 2, " LABELS "}]}", "purposes[0].id" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, " LABELS "},"
      " {\"id\": \"a\", \"band\": 2, " LABELS "}]}", "purposes[1].id" },
    { "{\"purposes\": [{\"id\": \"a\", " LABELS "}]}", "purposes[0].band" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": \"2\", " LABELS "}]}", "purposes[0].band" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 0, " LABELS "}]}", "purposes[0].band" },
    /* not a band of bands.json */
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 9, " LABELS "}]}", "purposes[0].band" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, \"en\": \"x\", \"zh\": \"x\", \"ko\": \"x\","
      " \"vi\": \"x\"}]}", "purposes[0].ja" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, \"ja\": \"転出\", \"en\": \" \", \"zh\": \"x\","
      " \"ko\": \"x\", \"vi\": \"x\"}]}", "purposes[0].en" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, \"ja\": \"転出\", \"en\": \"x\", \"ko\": \"x\","
      " \"vi\": \"x\"}]}", "purposes[0].zh" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, \"ja\": \"転出\", \"en\": \"x\", \"zh\": \"x\","
      " \"ko\": 3, \"vi\": \"x\"}]}", "purposes[0].ko" },
    { "{\"purposes\": [{\"id\": \"a\", \"band\": 2, \"ja\": \"転出\", \"en\": \"x\", \"zh\": \"x\","
      " \"ko\": \"x\", \"vi\": null}]}", "purposes[0].vi" },
  };
#undef LABELS
  const GPtrArray *bands = mdg_bands_get_default (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) purposes = mdg_kiosk_purposes_parse (bytes, bands, &error);

      g_assert_null (purposes);
      g_assert_nonnull (error);
      if (i > 0)
        g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
      if (strstr (error->message, cases[i].field) == NULL)
        g_error ("case %u: \"%s\" does not name %s", i, error->message, cases[i].field);
    }

  /* without the bands, any positive band is taken */
  {
    static const char json[] = "{\"purposes\": [{\"id\": \"a\", \"band\": 9, \"ja\": \"x\","
                               " \"en\": \"x\", \"zh\": \"x\", \"ko\": \"x\", \"vi\": \"x\"}]}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
    g_autoptr(GError) error = NULL;
    g_autoptr(GPtrArray) purposes = mdg_kiosk_purposes_parse (bytes, NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (purposes->len, ==, 1);
  }
}

void
test_kiosk_purposes_register (void)
{
  g_test_add_func ("/mdg/core/kiosk-purposes/default", test_kiosk_purposes_default);
  g_test_add_func ("/mdg/core/kiosk-purposes/malformed", test_kiosk_purposes_malformed);
}
