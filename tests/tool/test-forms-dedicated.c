/* test-forms-dedicated.c: `madoguchi-tool forms` prints each birth and
 * 福祉課 procedure on its own paper form, not on the common one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For a birth (a first child-allowance claim, and a recipient's amount
 * change), a 転入 from another prefecture and from within Kumamoto, and a
 * death, whose members hold the handbooks and certificates the rules look
 * for (tests/data/render/cases), the tool writes one PDF per form. What
 * pdftotext reads from each is what the clerk and the resident check: the
 * title of the paper original, the names of the members the procedure
 * concerns, and the visit date in 和暦.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mdg-test-tool.h"

#define VISIT_DATE "令和8年11月27日"

typedef struct
{
  const char *procedure;
  const char *name;               /* as the catalog names it */
  const char *form;               /* the layout id, and the PDF's name */
  const char *title;              /* as on the paper original */
  const char *names[4];           /* the members the form concerns */
} Expected;

typedef struct
{
  const char *case_file;
  Expected    forms[6];
} Scenario;

static const Scenario scenarios[] = {
  { "birth.json", {
    { "maternal_handbook_birth", "母子健康手帳への出生証明",
      "maternal-handbook-birth", "母子健康手帳 出生届出済証明",
      { "菊池 蒼", "菊池 美咲" } },
    { "childbirth_lump_sum", "出産育児一時金 支給申請",
      "childbirth-lump-sum", "国民健康保険 出産育児一時金支給申請書",
      { "菊池 美咲", "菊池 蒼", "菊池 大輔" } },
    { "nhi_enroll_birth", "国民健康保険 加入手続(出生)",
      "nhi-enroll-birth", "国民健康保険 被保険者資格取得届（出生）",
      { "菊池 蒼", "菊池 大輔" } },
    { "nhi_perinatal_exemption", "国民健康保険 産前産後期間の保険料免除",
      "nhi-perinatal-exemption", "国民健康保険 産前産後期間保険料免除届出書",
      { "菊池 美咲", "菊池 大輔" } },
    { "child_allowance_new", "児童手当 認定請求",
      "child-allowance-new", "児童手当 認定請求書",
      { "菊池 大輔", "菊池 陽菜", "菊池 蒼", "菊池 美咲" } },
  } },
  { "birth-recipient.json", {
    { "child_allowance_amount_change", "児童手当 額改定請求",
      "child-allowance-amount-change", "児童手当 額改定認定請求書",
      { "菊池 大輔", "菊池 蒼", "菊池 紬", "菊池 陽菜" } },
  } },
  { "welfare-move-in.json", {
    { "mental_handbook_move_in", "精神障害者保健福祉手帳 市外からの転入",
      "mental-handbook-move-in", "精神障害者保健福祉手帳 記載事項変更届（居住地変更）",
      { "宇土 誠" } },
    { "ryoiku_handbook_move_in_other_pref", "療育手帳 県外からの転入",
      "ryoiku-handbook-other-pref", "療育手帳交付申請書（県外からの転入）",
      { "宇土 翔太" } },
    { "intractable_disease_move_in", "特定医療費(指定難病)支給認定 転入",
      "intractable-disease-move-in", "特定医療費（指定難病）支給認定申請書",
      { "宇土 由美" } },
    { "mental_outpatient_move_in", "自立支援医療(精神通院医療) 転入",
      "mental-outpatient-move-in", "自立支援医療（精神通院）支給認定申請書",
      { "宇土 誠" } },
    { "special_child_allowance_move_in", "特別児童扶養手当 転入",
      "special-child-allowance-move-in", "特別児童扶養手当 住所変更届",
      { "宇土 誠", "宇土 翔太" } },
  } },
  { "welfare-move-in-same-pref.json", {
    { "ryoiku_handbook_move_in_same_pref", "療育手帳 県内からの転入",
      "ryoiku-handbook-same-pref", "療育手帳 居住地変更届（県内からの転入）",
      { "山鹿 愛" } },
  } },
  { "welfare-death.json", {
    { "physical_handbook_return", "身体障害者手帳の返還",
      "physical-handbook-return", "身体障害者手帳返還届",
      { "天草 勝男", "天草 節子" } },
    { "special_disability_allowance_loss", "特別障害者手当・障害児福祉手当・経過的福祉手当 資格喪失",
      "special-disability-allowance-loss", "特別障害者手当・障害児福祉手当・経過的福祉手当 資格喪失届",
      { "天草 勝男", "天草 節子" } },
    { "severe_disability_medical_loss", "重度心身障害者医療費助成 受給資格喪失",
      "severe-disability-medical-loss", "重度心身障害者医療費受給資格喪失届",
      { "天草 勝男", "天草 節子" } },
  } },
};

/* Text without its spaces: pdftotext spaces a name as the page lays it out. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static char *
pdf_text (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status;

  g_spawn_sync (NULL, (char *[]) { (char *) "pdftotext", (char *) path, (char *) "-", NULL },
                NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out, &err, &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  return squeeze (out);
}

/* The ids of the procedures the guidance lists for @case_path. */
static GPtrArray *
guidance_ids (const char *case_path)
{
  g_autofree char *out = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  JsonNode *root;
  JsonArray *items;

  g_assert_cmpint (mdg_test_run_tool (&out, "guidance", "--case", case_path, "--json", NULL), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  items = JSON_NODE_HOLDS_ARRAY (root) ? json_node_get_array (root)
                                       : json_object_get_array_member (json_node_get_object (root),
                                                                       "procedures");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *item = json_array_get_object_element (items, i);

      g_ptr_array_add (ids, g_strdup (json_object_get_string_member (item, "id")));
    }

  return ids;
}

static void
test_forms_dedicated (gconstpointer data)
{
  const Scenario *scenario = data;
  g_autofree char *case_path = g_test_build_filename (G_TEST_DIST, "data", "render", "cases",
                                                      scenario->case_file, NULL);
  g_autofree char *dir = g_dir_make_tmp ("mdg-forms-XXXXXX", NULL);
  g_autofree char *written = NULL;
  g_autofree char *common = NULL;
  g_autoptr(GPtrArray) ids = guidance_ids (case_path);

  g_assert_nonnull (dir);
  g_assert_cmpint (mdg_test_run_tool (&written, "forms", "--case", case_path, "--output", dir,
                                      NULL), ==, 0);

  /* the common form is gone: every procedure prints its own */
  common = g_build_filename (dir, "general-application.pdf", NULL);
  g_assert_false (g_file_test (common, G_FILE_TEST_EXISTS));

  for (guint i = 0; i < G_N_ELEMENTS (scenario->forms) && scenario->forms[i].procedure; i++)
    {
      const Expected *expected = &scenario->forms[i];
      g_autofree char *name = g_strconcat (expected->form, ".pdf", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;
      g_autofree char *title = squeeze (expected->title);

      g_test_message ("%s: %s", scenario->case_file, expected->procedure);
      /* the case touches the procedure, and its own form is written */
      g_assert_true (g_ptr_array_find_with_equal_func (ids, expected->procedure, g_str_equal, NULL));
      g_assert_nonnull (strstr (written, path));
      text = pdf_text (path);

      g_assert_nonnull (strstr (text, title));
      g_assert_nonnull (strstr (text, VISIT_DATE));
      for (guint n = 0; n < G_N_ELEMENTS (expected->names) && expected->names[n]; n++)
        {
          g_autofree char *member = squeeze (expected->names[n]);

          if (strstr (text, member) == NULL)
            g_error ("%s does not name %s", name, expected->names[n]);
        }
    }

  /* each PDF is one form: no two procedures of these share a file */
  for (guint i = 0; i < G_N_ELEMENTS (scenario->forms) && scenario->forms[i].procedure; i++)
    {
      for (guint j = i + 1; j < G_N_ELEMENTS (scenario->forms) && scenario->forms[j].procedure; j++)
        g_assert_cmpstr (scenario->forms[i].form, !=, scenario->forms[j].form);
    }

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *entry;

    while (listing != NULL && (entry = g_dir_read_name (listing)) != NULL)
      {
        g_autofree char *path = g_build_filename (dir, entry, NULL);

        g_unlink (path);
      }
    g_rmdir (dir);
  }
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (scenarios); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mdg/tool/forms-dedicated/%s",
                                               scenarios[i].case_file);

      g_test_add_data_func (path, &scenarios[i], test_forms_dedicated);
    }

  return g_test_run ();
}
