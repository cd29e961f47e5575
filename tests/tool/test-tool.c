/* test-tool.c: madoguchi-tool as the spec's external tests drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <string.h>

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the tool with @stdin_text (nullable) and the NULL-terminated args. The
 * catalog comes from the one built into the program, as for an installed tool. */
static void
run_tool (Run        *run,
          const char *stdin_text,
          ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MADOGUCHI_TOOL"));
  va_start (args, stdin_text);
  while ((arg = va_arg (args, const char *)))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "MDG_CATALOG_DIR");
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, stdin_text ? stdin_text : "", NULL,
                                 &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static char *
data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", "case", name, NULL);
}

static void
assert_one_line_error (Run        *run,
                       const char *needle)
{
  g_assert_cmpint (run->status, ==, 2);
  g_assert_cmpstr (run->out, ==, "");
  /* exactly one line */
  g_assert_true (g_str_has_suffix (run->err, "\n"));
  g_assert_true (strchr (run->err, '\n') == run->err + strlen (run->err) - 1);
  if (strstr (run->err, needle) == NULL)
    g_error ("stderr \"%s\" does not name \"%s\"", run->err, needle);
}

static void
test_tool_help (void)
{
  static const char * const commands[] = { "guidance", "interview", "date", "bench" };
  g_auto(Run) run = { 0 };

  run_tool (&run, NULL, "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_assert_nonnull (strstr (run.out, commands[i]));
  run_clear (&run);

  run_tool (&run, NULL, "frobnicate", NULL);
  assert_one_line_error (&run, "unknown command");
}

static void
test_tool_date (void)
{
  static const struct {
    const char *arg;
    const char *out;   /* NULL: refused with exit 2 */
  } rows[] = {
    { "2026-01-05", "令和8年1月5日\n" },
    { "2019-05-01", "令和元年5月1日\n" },
    { "2019-04-30", "平成31年4月30日\n" },
    { "1989-01-07", "昭和64年1月7日\n" },
    { "1989-01-08", "平成元年1月8日\n" },
    { "1873-01-01", "明治6年1月1日\n" },
    { "2150-12-31", "令和132年12月31日\n" },
    { "1872-12-31", NULL },
    { "2026-02-29", NULL },
    { "2026-1-5", NULL },
    { "令和8年1月5日", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_auto(Run) run = { 0 };

      g_test_message ("%s", rows[i].arg);
      run_tool (&run, NULL, "date", rows[i].arg, NULL);
      if (rows[i].out != NULL)
        {
          g_assert_cmpint (run.status, ==, 0);
          g_assert_cmpstr (run.out, ==, rows[i].out);
        }
      else
        {
          assert_one_line_error (&run, "");
        }
    }
}

static void
test_tool_guidance (void)
{
  g_autofree char *path = data_path ("death.json");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonObject *root;
  JsonArray *procedures;
  gboolean saw_registration = FALSE;

  run_tool (&run, NULL, "guidance", "--case", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");

  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "event"), ==, "death");
  procedures = json_object_get_array_member (root, "procedures");
  g_assert_cmpuint (json_array_get_length (procedures), >, 5);

  for (guint i = 0; i < json_array_get_length (procedures); i++)
    {
      JsonObject *p = json_array_get_object_element (procedures, i);

      if (strcmp (json_object_get_string_member (p, "id"), "death_registration") == 0)
        {
          /* 2026-03-02 counts as day 1 of 7: 2026-03-08 is a Sunday → 03-09 */
          g_assert_cmpstr (json_object_get_string_member (p, "deadline"), ==, "2026-03-09");
          g_assert_cmpstr (json_object_get_string_member (p, "department"), ==, "区民課");
          saw_registration = TRUE;
        }
    }
  g_assert_true (saw_registration);
}

static void
test_tool_stdin (void)
{
  g_autofree char *path = data_path ("birth.json");
  g_autofree char *contents = NULL;
  g_auto(Run) from_file = { 0 };
  g_auto(Run) from_stdin = { 0 };

  g_file_get_contents (path, &contents, NULL, NULL);
  run_tool (&from_file, NULL, "guidance", "--case", path, "--json", NULL);
  run_tool (&from_stdin, contents, "guidance", "--case", "-", "--json", NULL);
  g_assert_cmpint (from_stdin.status, ==, 0);
  g_assert_cmpstr (from_stdin.out, ==, from_file.out);
}

static void
test_tool_interview (void)
{
  static const char case_json[] =
    "{\"event\":\"death\",\"event_date\":\"2026-03-02\",\"visit_date\":\"2026-03-04\","
    "\"members\":[{\"id\":\"m1\",\"birth_date\":\"1940-05-05\",\"relation\":\"head\",\"deceased\":true},"
    "{\"id\":\"m2\",\"birth_date\":\"1944-08-01\",\"relation\":\"spouse\"}]}";
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *questions;

  run_tool (&run, case_json, "interview", "--case", "-", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  json_parser_load_from_data (parser, run.out, -1, &error);
  g_assert_no_error (error);
  questions = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                            "questions");
  /* 喪主 first (the deceased was 75 or over: 後期高齢者医療 葬祭費), then land */
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 0), "fact"),
                   ==, "answers.funeral_host");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (questions, 1), "fact"),
                   ==, "answers.owned_real_estate");
  for (guint i = 0; i < json_array_get_length (questions); i++)
    g_assert_nonnull (json_object_get_string_member (json_array_get_object_element (questions, i), "text"));
}

static void
test_tool_bad_input (void)
{
  g_autofree char *broken = data_path ("broken.json");
  g_auto(Run) run = { 0 };

  run_tool (&run, NULL, "guidance", "--case", broken, "--json", NULL);
  assert_one_line_error (&run, "malformed case file");
  run_clear (&run);

  run_tool (&run, "{\"event\":\"death\",\"event_date\":\"2026-03-02\",\"members\":[{\"id\":\"a\"}]}",
            "guidance", "--case", "-", "--json", NULL);
  assert_one_line_error (&run, "members[0]: the field \"birth_date\" is required");
  run_clear (&run);

  run_tool (&run, "{\"event\":\"death\",\"event_date\":\"2026-03-02\",\"members\":[{\"id\":\"a\",\"birth_date\":\"1950-01-01\",\"deceased\":true,\"sex\":\"f\"}]}",
            "interview", "--case", "-", "--json", NULL);
  assert_one_line_error (&run, "members[0].sex: unknown value \"f\"");
  run_clear (&run);

  run_tool (&run, NULL, "guidance", "--case", "/nonexistent/case.json", "--json", NULL);
  assert_one_line_error (&run, "cannot read the case file");
  run_clear (&run);

  run_tool (&run, NULL, "guidance", "--json", NULL);
  assert_one_line_error (&run, "--case FILE is required");
}

static void
test_tool_catalog (void)
{
  g_auto(Run) run = { 0 };
  g_auto(GStrv) lines = NULL;

  run_tool (&run, NULL, "catalog", NULL);
  g_assert_cmpint (run.status, ==, 0);
  lines = g_strsplit (g_strchomp (run.out), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 58);
  g_assert_true (g_str_has_prefix (lines[0], "resident_move_in\t区民課\t1\tonestop\t転入届"));
}

static void
test_tool_bench (void)
{
  g_auto(Run) run = { 0 };

  run_tool (&run, NULL, "bench", "guidance", "--cases", "500", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "500 cases"));
  g_assert_nonnull (strstr (run.out, "cases/s"));
  g_assert_nonnull (strstr (run.out, "peak RSS"));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/tool/help", test_tool_help);
  g_test_add_func ("/mdg/tool/date", test_tool_date);
  g_test_add_func ("/mdg/tool/guidance", test_tool_guidance);
  g_test_add_func ("/mdg/tool/stdin", test_tool_stdin);
  g_test_add_func ("/mdg/tool/interview", test_tool_interview);
  g_test_add_func ("/mdg/tool/bad-input", test_tool_bad_input);
  g_test_add_func ("/mdg/tool/catalog", test_tool_catalog);
  g_test_add_func ("/mdg/tool/bench", test_tool_bench);

  return g_test_run ();
}
