/* test-mynumber.c: the 券面事項入力補助AP and the safe PIN policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "test-card.h"

static MdgCardPin *
pin_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  MdgCardPin *pin = mdg_card_pin_new (text, strlen (text), &error);

  g_assert_no_error (error);
  return pin;
}

static MdgCardInfo *
read_info (CardFixture       *fixture,
           const char        *pin_text,
           MdgCardReadFlags   flags,
           int               *tries,
           GError           **error)
{
  g_autoptr(MdgCardPin) pin = pin_new (pin_text);

  return mdg_card_reader_read_info (fixture->reader, pin, flags, tries, NULL, error);
}

static void
test_read_four (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autofree char *trace = NULL;
  int tries = -1;

  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, &tries, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_card_info_get_name (info), ==, "窓口 花子");
  g_assert_cmpstr (mdg_card_info_get_address (info), ==,
                   "熊本県熊本市中央区見本町一丁目2番3号 見本ハイツ405号");
  g_assert_cmpuint (mdg_card_info_get_birth_date (info), ==, mdg_day_new (1985, 4, 12));
  g_assert_cmpint (mdg_card_info_get_sex (info), ==, MDG_SEX_FEMALE);
  g_assert_null (mdg_card_info_get_individual_number (info));
  g_assert_cmpint (mdg_card_info_get_fields (info), ==, MDG_CARD_FIELDS_BASIC_FOUR);
  g_assert_cmpint (tries, ==, 3);

  /* the number's file was never selected, one VERIFY with data, the query first */
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_null (strstr (trace, "A4:0001"));
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
  g_assert_true (g_str_has_prefix (trace, "A4:AP A4:0011 20? 20! 20? A4:0002 B0:0002@0+8"));
}

void
test_mynumber_register (void)
{
  g_test_add ("/mdg/card/mynumber/read-four", CardFixture, NULL,
              card_fixture_set_up, test_read_four, card_fixture_tear_down);
}
