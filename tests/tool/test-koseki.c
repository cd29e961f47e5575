/* test-koseki.c: the four 戸籍 notices from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `madoguchi-tool forms` writes a dedicated PDF for 出生届, 婚姻届, 離婚届 and
 * 死亡届 (never the common form), each showing its members' names, its title
 * as on the paper original and the visit date in 和暦; the 職業・産業 boxes
 * print only in a 国勢調査 year; a 婚姻届 visit completes only with the four
 * signatures of both parties and two witnesses, each on the 婚姻届, and the
 * other form of the visit carries only its applicant's.
 */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

/* Runs a program; its stderr goes to the test log. Returns the exit status. */
static int
run (char       **out,
     const char  *const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);
  if (stderr_text != NULL && stderr_text[0] != '\0')
    g_test_message ("%s: %s", argv[1], stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);

  return g_subprocess_get_exit_status (process);
}

static char *
case_path (const char *name)
{
  g_autofree char *file = g_strconcat (name, ".json", NULL);

  return g_test_build_filename (G_TEST_DIST, "data", "tool", "koseki", file, NULL);
}

static char *
pdf_text (const char *path)
{
  char *text = NULL;

  g_assert_cmpint (run (&text, (const char *[]) { "pdftotext", "-layout", path, "-", NULL }),
                   ==, 0);
  return text;
}

/* The number of images on each page of @path, as "1 4". */
static guint
count_images (const char *path)
{
  g_autofree char *list = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpint (run (&list, (const char *[]) { "pdfimages", "-list", path, NULL }), ==, 0);
  lines = g_strsplit (list, "\n", -1);
  /* two header lines, then one line per image */
  for (guint i = 2; lines[i] != NULL; i++)
    n += lines[i][0] != '\0';

  return n;
}

static guint
count (const char *text,
       const char *word)
{
  guint n = 0;

  for (const char *at = strstr (text, word); at != NULL; at = strstr (at + 1, word))
    n++;

  return n;
}

static char *
write_forms (const char *case_file)
{
  g_autofree char *dir = g_dir_make_tmp ("mdg-koseki-XXXXXX", NULL);

  g_assert_nonnull (dir);
  g_assert_cmpint (run (NULL, (const char *[]) { g_getenv ("MADOGUCHI_TOOL"), "forms", "--case",
                                                 case_file, "--output", dir, NULL }), ==, 0);
  return g_steal_pointer (&dir);
}

static void
remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_koseki_forms (void)
{
  static const struct {
    const char *name;
    const char *form;
    const char *title;
    const char *visit_date;
    const char *members[3];
  } cases[] = {
    { "birth", "birth-registration", "出生届", "令和8年3月16日",
      { "菊池 蒼", "菊池 大輔", "菊池 美咲" } },
    { "marriage", "marriage-registration", "婚姻届", "令和8年6月1日",
      { "天草 翔太", "玉名 結衣", "山鹿 正人" } },
    { "divorce", "divorce-registration", "離婚届", "令和8年9月15日",
      { "八代 隆", "八代 真理", "八代 咲良" } },
    { "death", "death-registration", "死亡届", "令和7年11月5日",
      { "阿蘇 源一郎", "阿蘇 健", NULL } },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *file = case_path (cases[i].name);
      g_autofree char *dir = write_forms (file);
      g_autofree char *name = g_strconcat (cases[i].form, ".pdf", NULL);
      g_autofree char *pdf = g_build_filename (dir, name, NULL);
      g_autofree char *text = NULL;

      g_test_message ("%s", cases[i].name);
      g_assert_true (g_file_test (pdf, G_FILE_TEST_IS_REGULAR));
      text = pdf_text (pdf);
      g_assert_nonnull (strstr (text, cases[i].title));
      g_assert_nonnull (strstr (text, cases[i].visit_date));
      for (guint m = 0; m < G_N_ELEMENTS (cases[i].members) && cases[i].members[m] != NULL; m++)
        g_assert_nonnull (strstr (text, cases[i].members[m]));
      g_assert_null (strstr (text, "共通様式"));
      remove_dir (dir);
    }
}

/* The hospital's sheet received: its half prints "確認用"; the 離婚届 of a
 * 協議離婚 carries the 2026 boxes (親権者 双方, 真意の合意). */
static void
test_koseki_contents (void)
{
  g_autofree char *birth = case_path ("birth");
  g_autofree char *divorce = case_path ("divorce");
  g_autofree char *birth_dir = write_forms (birth);
  g_autofree char *divorce_dir = write_forms (divorce);
  g_autofree char *birth_pdf = g_build_filename (birth_dir, "birth-registration.pdf", NULL);
  g_autofree char *divorce_pdf = g_build_filename (divorce_dir, "divorce-registration.pdf", NULL);
  g_autofree char *text = pdf_text (birth_pdf);
  g_autofree char *divorce_text = pdf_text (divorce_pdf);

  g_assert_nonnull (strstr (text, "出生証明書"));
  g_assert_nonnull (strstr (text, "確認用"));
  /* a second son: the household already has one */
  g_assert_nonnull (strstr (text, "二男"));
  g_assert_nonnull (strstr (text, "きくち あおい"));
  /* not received yet: no draft "for checking" */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(GError) error = NULL;
    g_autofree char *json = NULL;
    g_autofree char *path = NULL;
    g_autofree char *dir = NULL;
    g_autofree char *pdf = NULL;
    g_autofree char *pending = NULL;
    JsonObject *details;
    int fd;

    json_parser_load_from_file (parser, birth, &error);
    g_assert_no_error (error);
    details = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                             "details");
    json_object_set_string_member (details, "medical_certificate", "pending");
    json = json_to_string (json_parser_get_root (parser), FALSE);
    fd = g_file_open_tmp ("mdg-koseki-XXXXXX.json", &path, &error);
    g_assert_no_error (error);
    close (fd);
    g_file_set_contents (path, json, -1, &error);
    g_assert_no_error (error);
    dir = write_forms (path);
    pdf = g_build_filename (dir, "birth-registration.pdf", NULL);
    pending = pdf_text (pdf);
    g_assert_nonnull (strstr (pending, "出生証明書"));
    /* the stamp is gone; the note that explains it stays */
    g_assert_cmpuint (count (pending, "確認用") + 1, ==, count (text, "確認用"));
    remove_dir (dir);
    g_unlink (path);
  }
  g_assert_nonnull (strstr (divorce_text, "真意に基づいて合意"));
  g_assert_nonnull (strstr (divorce_text, "双方"));
  g_assert_nonnull (strstr (divorce_text, "宇土 光男"));
  remove_dir (birth_dir);
  remove_dir (divorce_dir);
}

/* 職業・産業 only for events from 1 April of a census year (2025) to the
 * next 31 March. */
static void
test_koseki_census_year (void)
{
  static const struct {
    const char *event_date;
    gboolean    census;
  } dates[] = {
    { "2025-04-01", TRUE }, { "2026-03-31", TRUE }, { "2025-03-31", FALSE },
    { "2026-04-01", FALSE },
  };
  g_autofree char *file = case_path ("death");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, file, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      JsonObject *root = json_node_get_object (json_parser_get_root (parser));
      g_autofree char *json = NULL;
      g_autofree char *path = NULL;
      g_autofree char *dir = NULL;
      g_autofree char *pdf = NULL;
      g_autofree char *text = NULL;
      int fd;

      json_object_set_string_member (root, "event_date", dates[i].event_date);
      json_object_set_string_member (root, "visit_date", dates[i].event_date);
      json = json_to_string (json_parser_get_root (parser), FALSE);
      fd = g_file_open_tmp ("mdg-koseki-XXXXXX.json", &path, &error);
      g_assert_no_error (error);
      close (fd);
      g_file_set_contents (path, json, -1, &error);
      g_assert_no_error (error);

      dir = write_forms (path);
      pdf = g_build_filename (dir, "death-registration.pdf", NULL);
      text = pdf_text (pdf);
      g_test_message ("%s: %s", dates[i].event_date, dates[i].census ? "census" : "none");
      g_assert_cmpint (strstr (text, "死亡した人の職業・産業") != NULL, ==, dates[i].census);
      g_assert_cmpint (strstr (text, "無職") != NULL, ==, dates[i].census);
      remove_dir (dir);
      g_unlink (path);
    }
}

static char *
write_png (const char *dir,
           const char *name,
           double      shade)
{
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  char *path = g_build_filename (dir, file, NULL);
  /* a tiny grey image of its own for each signer: 1x1 8-bit grey */
  static const guint8 header[] = {
    0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
  };
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *command = NULL;

  (void) header;
  command = g_strdup_printf ("%g", shade);
  /* written by cairo would need the library; pdftoppm's own output is simpler */
  g_assert_cmpint (run (NULL, (const char *[]) { "python3", "-c",
                   "import sys,zlib,struct\n"
                   "w,h,v=40,12,int(float(sys.argv[2])*255)\n"
                   "raw=b''.join(b'\\x00'+bytes([v if (x+y)%3 else 255 for x in range(w)]) for y in range(h))\n"
                   "ch=lambda t,d:struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)\n"
                   "open(sys.argv[1],'wb').write(b'\\x89PNG\\r\\n\\x1a\\n'+ch(b'IHDR',struct.pack('>IIBBBBB',w,h,8,0,0,0,0))+ch(b'IDAT',zlib.compress(raw))+ch(b'IEND',b''))\n",
                   path, command, NULL }), ==, 0);
  (void) png;
  return path;
}

/* A 婚姻届 visit: four signers (夫になる人, 妻になる人, 証人1, 証人2); the
 * visit's other form (国民健康保険) is signed by its applicant, the husband,
 * and carries no witness's signature. */
static void
test_koseki_marriage_signers (void)
{
  static const char * const roles[] = { "husband", "wife", "witness1", "witness2" };
  g_autofree char *dir = g_dir_make_tmp ("mdg-koseki-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "store.db", NULL);
  g_autofree char *out = g_build_filename (dir, "forms", NULL);
  g_autofree char *file = case_path ("marriage");
  g_autofree char *paths[G_N_ELEMENTS (roles)] = { NULL };
  g_autofree char *args[G_N_ELEMENTS (roles)] = { NULL };
  g_autofree char *id = NULL;
  g_autofree char *marriage = g_build_filename (out, "marriage_registration.pdf", NULL);
  g_autofree char *nhi = NULL;
  const char *tool = g_getenv ("MADOGUCHI_TOOL");

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    {
      paths[i] = write_png (dir, roles[i], 0.1 + 0.2 * i);
      args[i] = g_strconcat (roles[i], "=", paths[i], NULL);
    }

  /* three of four: refused, nothing stored */
  g_assert_cmpint (run (NULL, (const char *[]) { tool, "visit", "complete", "--store", store,
                                                 "--case", file, "--signature", args[0],
                                                 "--signature", args[1], "--signature", args[2],
                                                 NULL }), ==, 2);
  /* an applicant beside the four: no form has a spot for one */
  g_assert_cmpint (run (NULL, (const char *[]) { tool, "visit", "complete", "--store", store,
                                                 "--case", file, "--signature", args[0],
                                                 "--signature", args[1], "--signature", args[2],
                                                 "--signature", args[3], "--signature",
                                                 "applicant=/dev/null", NULL }), ==, 2);
  /* the four */
  g_assert_cmpint (run (&id, (const char *[]) { tool, "visit", "complete", "--store", store,
                                                "--case", file, "--signature", args[0],
                                                "--signature", args[1], "--signature", args[2],
                                                "--signature", args[3], NULL }), ==, 0);
  g_strstrip (id);
  g_assert_cmpuint (strlen (id), ==, 36);
  g_assert_cmpint (run (NULL, (const char *[]) { tool, "store", "forms", "--store", store,
                                                 "--case", id, "--output", out, NULL }), ==, 0);

  g_assert_true (g_file_test (marriage, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_images (marriage), ==, 4);
  {
    g_autoptr(GDir) handle = g_dir_open (out, 0, NULL);
    const char *name;
    guint n = 0;

    while ((name = g_dir_read_name (handle)) != NULL)
      {
        g_autofree char *path = g_build_filename (out, name, NULL);

        n++;
        if (strcmp (name, "marriage_registration.pdf") != 0)
          g_assert_cmpuint (count_images (path), ==, 1);
      }
    g_assert_cmpuint (n, ==, 2);
  }

  remove_dir (out);
  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    g_unlink (paths[i]);
  remove_dir (dir);
  (void) nhi;
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/koseki/forms", test_koseki_forms);
  g_test_add_func ("/mdg/koseki/contents", test_koseki_contents);
  g_test_add_func ("/mdg/koseki/census-year", test_koseki_census_year);
  g_test_add_func ("/mdg/koseki/marriage-signers", test_koseki_marriage_signers);

  return g_test_run ();
}
