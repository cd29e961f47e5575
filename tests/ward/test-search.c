/* test-search.c: the ward's folded registry search, on a real PostgreSQL 15
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `ward setup` and `ward registry-load` of the demo households (and one of
 * kanji variants) into a server started on loopback; then the counter's own
 * search (mdg_ward_search_registry_async) with what a clerk types, and the
 * ward's madoguchi.fold() against the C fold on one corpus.
 */

#include "config.h"

#include <libpq-fe.h>
#include <locale.h>
#include <string.h>

#include "mdg-kana.h"
#include "mdg-test-tool.h"
#include "mdg-tool-postgres.h"
#include "mdg-ward.h"

static MdgToolPostgres *server;
static char *conninfo;

static void
async_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **result)
{
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (*result == NULL && g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_nonnull (*result);
  return *result;
}

static MdgWardConnection *
connect_ward (void)
{
  g_autoptr(GAsyncResult) opened = NULL;
  g_autoptr(GError) error = NULL;
  MdgWardConnection *connection;

  mdg_ward_connection_new_async (conninfo, 0, NULL, async_cb, &opened);
  connection = mdg_ward_connection_new_finish (wait_for (&opened), &error);
  g_assert_no_error (error);
  return connection;
}

/* The ids of the households the counter's search finds, sorted, joined
 * by spaces. */
static char *
search (MdgWardConnection *connection,
        const char        *query)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);

  mdg_ward_search_registry_async (connection, query, 20, NULL, async_cb, &result);
  found = mdg_ward_search_registry_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  for (guint i = 0; i < found->len; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (g_ptr_array_index (found, i), &error);

      g_assert_no_error (error);
      if (ids->len > 0)
        g_string_append_c (ids, ' ');
      g_string_append (ids, json_object_get_string_member (json_node_get_object (node), "id"));
    }
  return g_string_free (g_steal_pointer (&ids), FALSE);
}

/* The four queries of issue 16 and the kanji variants, through the
 * counter's search; the ward's search is audited as before. */
static void
test_registry_search (void)
{
  static const struct {
    const char *query;
    const char *ids;
  } cases[] = {
    { "ひご", "higo" },
    { "ﾋｺﾞ", "higo" },
    { "ヒゴ", "higo" },
    { "ひご　いちろう", "higo" },
    { "S25.3.10", "higo" },
    { "3250310", "higo" },
    { "昭和25年3月10日", "higo" },
    { "S250310", "higo" },
    { "1950/3/10", "higo" },
    { "肥後一郎", "higo" },
    /* the registry holds 髙橋 and 﨑: the common forms find them, and the
     * variants find them as they are */
    { "高橋", "variants" },
    { "髙橋", "variants" },
    { "高橋崎子", "variants" },
    { "嵜子", "variants" },
    { "渡辺", "" },
    { "邉治", "variants" },
    { "たかはし", "variants" },
    { "ﾀｶﾊｼ", "variants" },
    /* one and two characters */
    { "髙", "variants" },
    { "ゴ", "higo" },
    /* not found */
    { "ひこ", "" },
    { "S25.3.11", "" },
    { "3250311", "" },
    { "%", "" },
    { "_", "" },
  };
  g_autoptr(MdgWardConnection) connection = connect_ward ();

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ids = search (connection, cases[i].query);

      if (g_strcmp0 (ids, cases[i].ids) != 0)
        g_error ("“%s” finds “%s”, not “%s”", cases[i].query, ids, cases[i].ids);
    }

  /* TRAN THI HOA, in upper, lower and full-width letters and in kana */
  for (guint i = 0; i < 4; i++)
    {
      static const char * const tran[] = { "tran thi", "THIHOA", "ｔｒａｎ", "ちゃん てぃ" };
      g_autofree char *ids = search (connection, tran[i]);

      g_assert_cmpstr (ids, ==, "tran");
    }
}

static PGconn *
connect_admin (void)
{
  PGconn *conn = PQconnectdb (conninfo);

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  return conn;
}

static char *
sql_fold (PGconn     *conn,
          const char *text)
{
  const char *params[] = { text };
  PGresult *res = PQexecParams (conn, "SELECT madoguchi.fold ($1)", 1, NULL, params, NULL, NULL,
                                0);
  char *folded;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    g_error ("madoguchi.fold failed: %s", PQresultErrorField (res, PG_DIAG_SQLSTATE));
  folded = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return folded;
}

static void
assert_same_fold (PGconn     *conn,
                  const char *text)
{
  g_autofree char *c = mdg_kana_fold (text);
  g_autofree char *sql = sql_fold (conn, text);

  if (strcmp (c, sql) != 0)
    g_error ("“%s” folds to “%s” in C but “%s” in the ward", text, c, sql);
}

/* madoguchi.fold() and mdg_kana_fold() agree: on the corpus of the core
 * test, on every character of ASCII, the kana and CJK symbols, the half-
 * and full-width forms, and on every pair of the kanji variants table. */
static void
test_fold_equals_c (void)
{
  g_autofree char *corpus_path = g_test_build_filename (G_TEST_DIST, "data", "core",
                                                        "fold-corpus.tsv", NULL);
  g_autofree char *variants_path = g_test_build_filename (G_TEST_DIST, "..", "data", "search",
                                                          "kanji-variants.tsv", NULL);
  static const gunichar ranges[][2] = {
    { 0x0020, 0x007E },   /* ASCII */
    { 0x00A0, 0x00A0 },   /* no-break space */
    { 0x3000, 0x30FF },   /* CJK symbols, hiragana, katakana */
    { 0x31F0, 0x31FF },   /* small katakana extensions */
    { 0xFE00, 0xFE0F },   /* variation selectors */
    { 0xFF01, 0xFFEE },   /* half- and full-width forms */
  };
  PGconn *conn = connect_admin ();
  g_autoptr(GError) error = NULL;
  guint n = 0;

  for (guint f = 0; f < 2; f++)
    {
      g_autofree char *text = NULL;
      g_auto(GStrv) lines = NULL;

      g_assert_true (g_file_get_contents (f == 0 ? corpus_path : variants_path, &text, NULL,
                                          &error));
      g_assert_no_error (error);
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_auto(GStrv) columns = g_strsplit (lines[i], "\t", -1);

          if (lines[i][0] == '#' || lines[i][0] == '\0')
            continue;
          assert_same_fold (conn, columns[0]);
          assert_same_fold (conn, columns[1]);
          n += 2;
        }
    }

  for (guint r = 0; r < G_N_ELEMENTS (ranges); r++)
    for (gunichar c = ranges[r][0]; c <= ranges[r][1]; c++)
      {
        char text[16] = { 'a' };
        int len = g_unichar_to_utf8 (c, text + 1);

        /* after a letter, so that a lone combining mark has a base */
        text[len + 1] = '\0';
        assert_same_fold (conn, text);
        n++;
      }

  /* half-width kana with their marks, composed by NFKC */
  for (gunichar c = 0xFF66; c <= 0xFF9D; c++)
    for (gunichar mark = 0xFF9E; mark <= 0xFF9F; mark++)
      {
        char text[16];
        int len = g_unichar_to_utf8 (c, text);

        len += g_unichar_to_utf8 (mark, text + len);
        text[len] = '\0';
        assert_same_fold (conn, text);
        n++;
      }

  g_assert_cmpuint (n, >, 800);
  PQfinish (conn);
}

/* A row the extract writes gets its folded columns from the ward itself. */
static void
test_generated_columns (void)
{
  PGconn *conn = connect_admin ();
  PGresult *res = PQexec (conn, "SELECT search_key, births::text FROM madoguchi.registry "
                                "WHERE id = 'variants'");

  g_assert_cmpint (PQresultStatus (res), ==, PGRES_TUPLES_OK);
  g_assert_cmpint (PQntuples (res), ==, 1);
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "高橋辺治\nタカハシヘンジ\n高橋崎子\nタカハシサキコ");
  g_assert_cmpstr (PQgetvalue (res, 0, 1), ==, "{1961-07-04,1963-11-20}");
  PQclear (res);
  PQfinish (conn);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *demo = NULL;
  g_autofree char *variants = NULL;
  g_autofree char *out = NULL;
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);
  conninfo = mdg_tool_postgres_dup_conninfo (server, "postgres");
  g_assert_cmpint (mdg_test_run_tool (NULL, "ward", "setup", "--conninfo", conninfo, NULL), ==, 0);
  demo = g_test_build_filename (G_TEST_DIST, "..", "data", "demo", NULL);
  g_assert_cmpint (mdg_test_run_tool (&out, "ward", "registry-load", "--conninfo", conninfo,
                                      "--dir", demo, NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  variants = g_test_build_filename (G_TEST_DIST, "data", "ward", NULL);
  g_assert_cmpint (mdg_test_run_tool (&out, "ward", "registry-load", "--conninfo", conninfo,
                                      "--dir", variants, NULL), ==, 0);

  g_test_add_func ("/mdg/ward/search/registry", test_registry_search);
  g_test_add_func ("/mdg/ward/search/fold-equals-c", test_fold_equals_c);
  g_test_add_func ("/mdg/ward/search/generated-columns", test_generated_columns);

  status = g_test_run ();
  g_clear_pointer (&conninfo, g_free);
  g_clear_pointer (&server, mdg_tool_postgres_free);
  return status;
}
