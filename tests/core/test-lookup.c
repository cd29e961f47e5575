/* test-lookup.c: the postal and bank data of data/ and their look-ups
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "mdg-banks.h"
#include "mdg-postal.h"

static MdgPostalIndex *postal;
static MdgBankIndex *banks;

/* The compiled-in files parse, whole, and say where they come from. */
static void
test_data_parse (void)
{
  g_autoptr(GError) error = NULL;

  postal = mdg_postal_index_load_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (postal);
  /* KEN_ALL has about 120,000 codes, the business codes 20,000 more */
  g_assert_cmpuint (mdg_postal_index_get_n_codes (postal), >, 140000);
  g_assert_nonnull (strstr (mdg_postal_index_get_source (postal), "jquery.jpostal.js"));
  g_assert_nonnull (strstr (mdg_postal_index_get_source (postal), "licence: MIT"));
  g_assert_true (g_regex_match_simple ("\\(20[0-9]{2}-[0-9]{2}-[0-9]{2}\\)",
                                       mdg_postal_index_get_source (postal), 0, 0));

  banks = mdg_bank_index_load_default (&error);
  g_assert_no_error (error);
  g_assert_nonnull (banks);
  g_assert_cmpuint (mdg_bank_index_get_n_banks (banks), >, 1000);
  g_assert_cmpuint (mdg_bank_index_get_n_branches (banks), >, 25000);
  g_assert_nonnull (strstr (mdg_bank_index_get_source (banks), "zengin-code"));
  g_assert_nonnull (strstr (mdg_bank_index_get_source (banks), "licence: MIT"));
}

static void
assert_address (const char *code,
                const char *prefecture,
                const char *city,
                const char *town)
{
  const char *p = NULL, *c = NULL, *t = NULL;

  g_assert_true (mdg_postal_index_lookup (postal, code, &p, &c, &t));
  g_assert_cmpstr (p, ==, prefecture);
  g_assert_cmpstr (c, ==, city);
  g_assert_cmpstr (t, ==, town);
}

static void
test_postal_lookup (void)
{
  const char * const *chome;

  g_assert_nonnull (postal);

  /* 熊本市中央区手取本町 (the city hall's block); typed every way a clerk types it */
  assert_address ("860-0808", "熊本県", "熊本市中央区", "手取本町");
  assert_address ("8600808", "熊本県", "熊本市中央区", "手取本町");
  assert_address ("８６０－０８０８", "熊本県", "熊本市中央区", "手取本町");
  assert_address ("〒860-0808", "熊本県", "熊本市中央区", "手取本町");
  /* the city hall's own business code names its 町域 */
  assert_address ("860-8601", "熊本県", "熊本市中央区", "手取本町");
  /* the other wards, and elsewhere in Japan */
  assert_address ("862-0950", "熊本県", "熊本市中央区", "水前寺");
  assert_address ("100-0001", "東京都", "千代田区", "千代田");
  assert_address ("060-0042", "北海道", "札幌市中央区", "大通西");

  g_assert_false (mdg_postal_index_lookup (postal, "000-0000", NULL, NULL, NULL));
  g_assert_false (mdg_postal_index_lookup (postal, "860-080", NULL, NULL, NULL));
  g_assert_false (mdg_postal_index_lookup (postal, "86000808", NULL, NULL, NULL));

  /* Kumamoto City: 水前寺 has six 丁目, 手取本町 none */
  chome = mdg_postal_index_get_chome (postal, "熊本市中央区", "水前寺");
  g_assert_nonnull (chome);
  g_assert_cmpuint (g_strv_length ((char **) chome), ==, 6);
  g_assert_cmpstr (chome[0], ==, "一丁目");
  g_assert_cmpstr (chome[5], ==, "六丁目");
  g_assert_null (mdg_postal_index_get_chome (postal, "熊本市中央区", "手取本町"));
}

static void
test_postal_parse (void)
{
  const char *rest = NULL;
  g_autofree char *a = mdg_postal_code_parse ("860-0808", NULL);
  g_autofree char *b = mdg_postal_code_parse ("８６００８０８ 1-1", &rest);
  g_autofree char *c = mdg_postal_code_parse ("860-0808 1-1", NULL);
  g_autofree char *d = mdg_postal_code_parse ("86-00808", NULL);

  g_assert_cmpstr (a, ==, "8600808");
  g_assert_cmpstr (b, ==, "8600808");
  g_assert_cmpstr (rest, ==, "1-1");
  g_assert_null (c);
  g_assert_null (d);
}

static void
test_bank_lookup (void)
{
  const MdgBank *bank;
  const MdgBankBranch *branch;

  g_assert_nonnull (banks);

  bank = mdg_bank_index_lookup (banks, "0001");
  g_assert_nonnull (bank);
  g_assert_cmpstr (bank->name, ==, "みずほ");
  g_assert_cmpstr (bank->kana, ==, "ミズホ");

  bank = mdg_bank_index_lookup (banks, "0182");
  g_assert_nonnull (bank);
  g_assert_cmpstr (bank->name, ==, "肥後");
  branch = mdg_bank_index_lookup_branch (banks, bank, "101");
  g_assert_nonnull (branch);
  g_assert_cmpstr (branch->name, ==, "本店営業部");
  g_assert_null (mdg_bank_index_lookup_branch (banks, bank, "999"));
  g_assert_null (mdg_bank_index_lookup (banks, "0000"));
}

static void
test_bank_search (void)
{
  g_autoptr(GPtrArray) by_code = mdg_bank_index_search (banks, "018", 10);
  g_autoptr(GPtrArray) by_hiragana = mdg_bank_index_search (banks, "ひご", 10);
  g_autoptr(GPtrArray) by_half = mdg_bank_index_search (banks, "ﾋｺﾞ", 10);
  g_autoptr(GPtrArray) by_name = mdg_bank_index_search (banks, "肥後", 10);
  g_autoptr(GPtrArray) nothing = mdg_bank_index_search (banks, "ｚｚｚ", 10);
  g_autoptr(GPtrArray) branches = NULL;
  const MdgBank *higo = mdg_bank_index_lookup (banks, "0182");

  /* the code's digits first: 0180–0189 */
  g_assert_cmpuint (by_code->len, >, 0);
  for (guint i = 0; i < by_code->len; i++)
    g_assert_true (g_str_has_prefix (((const MdgBank *) by_code->pdata[i])->code, "018"));
  g_assert_true (g_ptr_array_find (by_code, higo, NULL));
  /* the kana in hiragana or half-width katakana, the name as printed */
  g_assert_true (by_hiragana->pdata[0] == higo);
  g_assert_true (by_half->pdata[0] == higo);
  g_assert_true (by_name->pdata[0] == higo);
  g_assert_cmpuint (nothing->len, ==, 0);

  /* 肥後銀行 水前寺支店 by a few kana */
  branches = mdg_bank_index_search_branches (banks, higo, "すいぜんじ", 10);
  g_assert_cmpuint (branches->len, >=, 1);
  g_assert_nonnull (strstr (((const MdgBankBranch *) branches->pdata[0])->name, "水前寺"));
}

static void
test_bank_fold (void)
{
  struct { const char *in, *out; } cases[] = {
    { "ひご", "ヒゴ" },
    { "ﾋｺﾞ", "ヒゴ" },
    { "ゆうちょ", "ユウチヨ" },
    { "ミツビシユ－エフジエイ", "ミツビシユエフジエイ" },
    { "スーパー ", "スパ" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *folded = mdg_bank_fold_kana (cases[i].in);

      g_assert_cmpstr (folded, ==, cases[i].out);
    }
}

static void
test_yucho (void)
{
  char branch[4], account[8];
  const MdgBank *yucho = mdg_bank_index_lookup (banks, MDG_BANK_YUCHO);

  /* 記号 17020 番号 12345671 → 店番 708 (七〇八), 口座番号 1234567 */
  g_assert_true (mdg_yucho_to_zengin ("17020", "12345671", branch, account));
  g_assert_cmpstr (branch, ==, "708");
  g_assert_cmpstr (account, ==, "1234567");
  g_assert_nonnull (yucho);
  g_assert_nonnull (mdg_bank_index_lookup_branch (banks, yucho, branch));
  /* a short 番号 is zero-padded */
  g_assert_true (mdg_yucho_to_zengin ("17020", "2341", branch, account));
  g_assert_cmpstr (account, ==, "0000234");

  g_assert_false (mdg_yucho_to_zengin ("27020", "12345671", branch, account));
  g_assert_false (mdg_yucho_to_zengin ("1702", "12345671", branch, account));
  g_assert_false (mdg_yucho_to_zengin ("17020", "12345670", branch, account));
  g_assert_false (mdg_yucho_to_zengin ("17020", "123456781", branch, account));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/lookup/data-parse", test_data_parse);
  g_test_add_func ("/lookup/postal", test_postal_lookup);
  g_test_add_func ("/lookup/postal-parse", test_postal_parse);
  g_test_add_func ("/lookup/bank", test_bank_lookup);
  g_test_add_func ("/lookup/bank-search", test_bank_search);
  g_test_add_func ("/lookup/bank-fold", test_bank_fold);
  g_test_add_func ("/lookup/yucho", test_yucho);

  status = g_test_run ();
  g_clear_pointer (&postal, mdg_postal_index_unref);
  g_clear_pointer (&banks, mdg_bank_index_unref);
  return status;
}
