/* test-search.c: the search fold and the birth dates of a search
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "mdg-date.h"
#include "mdg-kana.h"
#include "mdg-search.h"
#include "test-core.h"

/* Every line of the corpus folds to its second column. */
static void
test_fold_corpus (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", "fold-corpus.tsv",
                                                 NULL);
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_assert_true (g_file_get_contents (path, &text, NULL, &error));
  g_assert_no_error (error);
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) columns = NULL;
      g_autofree char *folded = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;
      columns = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (columns), ==, 2);
      folded = mdg_kana_fold (columns[0]);
      if (strcmp (folded, columns[1]) != 0)
        g_error ("line %u: “%s” folds to “%s”, not “%s”", i + 1, columns[0], folded, columns[1]);
      n++;
    }
  g_assert_cmpuint (n, >=, 40);
}

/* The acceptance cases, and a fold is its own fold. */
static void
test_fold_equal (void)
{
  static const char * const same[][3] = {
    { "ひご", "ﾋｺﾞ", "ヒゴ" },
    { "髙", "高", "高" },
    { "﨑", "崎", "嵜" },
    { "邊", "邉", "辺" },
    { "濵", "浜", "濱" },
    { "齋", "齊", "斉" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *a = mdg_kana_fold (same[i][0]);
      g_autofree char *b = mdg_kana_fold (same[i][1]);
      g_autofree char *c = mdg_kana_fold (same[i][2]);
      g_autofree char *again = mdg_kana_fold (a);

      g_assert_cmpstr (a, ==, b);
      g_assert_cmpstr (a, ==, c);
      g_assert_cmpstr (again, ==, a);
    }

  /* not everything is equal */
  {
    g_autofree char *a = mdg_kana_fold ("ひご");
    g_autofree char *b = mdg_kana_fold ("ひこ");

    g_assert_cmpstr (a, !=, b);
  }

  /* invalid UTF-8 folds to nothing */
  {
    g_autofree char *bad = mdg_kana_fold ("\xff\xfe");

    g_assert_cmpstr (bad, ==, "");
  }
}

static void
test_date_query (void)
{
  static const struct {
    const char *text;
    const char *iso;   /* NULL: not a date */
  } cases[] = {
    { "S25.3.10", "1950-03-10" },
    { "s25.3.10", "1950-03-10" },
    { "Ｓ２５．３．１０", "1950-03-10" },
    { "昭和25年3月10日", "1950-03-10" },
    { "昭和 25年 3月 10日", "1950-03-10" },
    { "S250310", "1950-03-10" },
    { "3250310", "1950-03-10" },
    { "３２５０３１０", "1950-03-10" },
    { "1950-03-10", "1950-03-10" },
    { "1950/3/10", "1950-03-10" },
    { "19500310", "1950-03-10" },
    { "H1.1.8", "1989-01-08" },
    { "平成元年1月8日", "1989-01-08" },
    { "4010108", "1989-01-08" },
    { "R1.5.1", "2019-05-01" },
    { "5010501", "2019-05-01" },
    { "M6.1.1", "1873-01-01" },
    { "1060101", "1873-01-01" },
    { "T15.12.24", "1926-12-24" },
    { "2151224", "1926-12-24" },
    /* not dates */
    { "H1.1.7", NULL },         /* 昭和64年 */
    { "4010107", NULL },
    { "6250310", NULL },        /* no era 6 */
    { "S25.2.30", NULL },
    { "25.3.10", NULL },        /* no era */
    { "325031", NULL },
    { "32503100", NULL },       /* 3250-31-00 */
    { "ヒゴ", NULL },
    { "", NULL },
    { "1950", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      MdgDay day = MDG_DAY_INVALID;
      gboolean parsed = mdg_day_parse_query (cases[i].text, &day);

      if (cases[i].iso == NULL)
        {
          if (parsed)
            g_error ("“%s” is not a date, but was read as %s", cases[i].text,
                     mdg_day_dup_iso (day));
        }
      else
        {
          g_autofree char *iso = NULL;

          if (!parsed)
            g_error ("“%s” was not read as %s", cases[i].text, cases[i].iso);
          iso = mdg_day_dup_iso (day);
          g_assert_cmpstr (iso, ==, cases[i].iso);
        }
    }
}

static JsonObject *
member_new (const char *name,
            const char *kana,
            const char *birth)
{
  JsonObject *member = json_object_new ();

  json_object_set_string_member (member, "name", name);
  json_object_set_string_member (member, "kana", kana);
  json_object_set_string_member (member, "birth_date", birth);
  return member;
}

/* The four queries of issue 16 find 肥後 一郎; others do not. */
static void
test_query_member (void)
{
  static const char * const found[] = {
    "ひご", "ﾋｺﾞ", "S25.3.10", "3250310", "昭和25年3月10日", "S250310", "1950-03-10",
    "1950/3/10", "肥後", "肥後一郎", "ひご いちろう", "イチロー", "",
  };
  static const char * const missed[] = {
    "ひこ", "S25.3.11", "3250311", "熊本", "はなこ",
  };
  g_autoptr(JsonObject) ichiro = member_new ("肥後 一郎", "ヒゴ イチロウ", "1950-03-10");
  g_autoptr(JsonObject) saito = member_new ("齋藤 眞子", "サイトウ マコ", "1980-01-02");

  for (guint i = 0; i < G_N_ELEMENTS (found); i++)
    {
      g_autoptr(MdgSearchQuery) query = mdg_search_query_new (found[i]);

      if (!mdg_search_query_matches_member (query, ichiro))
        g_error ("“%s” does not find 肥後 一郎", found[i]);
    }
  for (guint i = 0; i < G_N_ELEMENTS (missed); i++)
    {
      g_autoptr(MdgSearchQuery) query = mdg_search_query_new (missed[i]);

      if (mdg_search_query_matches_member (query, ichiro))
        g_error ("“%s” finds 肥後 一郎", missed[i]);
    }

  {
    g_autoptr(MdgSearchQuery) query = mdg_search_query_new ("斉藤真子");
    g_autoptr(MdgSearchQuery) date = mdg_search_query_new ("S25.3.10");
    g_autoptr(MdgSearchQuery) name = mdg_search_query_new ("ヒゴ");

    g_assert_true (mdg_search_query_matches_member (query, saito));
    g_assert_cmpstr (mdg_search_query_get_ward_text (date), ==, "1950-03-10");
    g_assert_cmpstr (mdg_search_query_get_ward_text (name), ==, "ヒゴ");
    g_assert_cmpstr (mdg_search_query_get_folded (name), ==, "ヒゴ");
  }
}

void
test_search_register (void)
{
  g_test_add_func ("/mdg/core/search/fold-corpus", test_fold_corpus);
  g_test_add_func ("/mdg/core/search/fold-equal", test_fold_equal);
  g_test_add_func ("/mdg/core/search/date-query", test_date_query);
  g_test_add_func ("/mdg/core/search/query-member", test_query_member);
}
