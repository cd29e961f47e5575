/* test-tool.c: madoguchi-tool as the spec's external tests drive it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "mdg-tool-postgres.h"

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
  run_clear (&run);

  /* Bad input caps: exit 2, one line naming the field. */
  {
    g_autoptr(GString) deep = g_string_new ("{\"event\":\"death\",\"answers\":");
    g_autoptr(GString) long_name = g_string_new (NULL);
    g_autofree char *long_case = NULL;

    for (guint i = 0; i < 80000; i++)
      g_string_append_c (deep, '[');
    for (guint i = 0; i < 80000; i++)
      g_string_append_c (deep, ']');
    g_string_append_c (deep, '}');
    run_tool (&run, deep->str, "guidance", "--case", "-", "--json", NULL);
    assert_one_line_error (&run, "nested deeper than 32 levels");
    run_clear (&run);

    run_tool (&run, "{\"event\":\"move_within_ward\",\"event_date\":\"2026-03-02\","
              "\"members\":[{\"id\":\"a\",\"name\":\"架空\\u0000一郎\","
              "\"birth_date\":\"1950-01-01\"}]}",
              "guidance", "--case", "-", "--json", NULL);
    assert_one_line_error (&run, "members[0].name: contains U+0000");
    run_clear (&run);

    run_tool (&run, "{\"event\":\"move_within_ward\",\"event_date\":\"9999-12-31\","
              "\"members\":[{\"id\":\"a\",\"birth_date\":\"1950-01-01\"}]}",
              "guidance", "--case", "-", "--json", NULL);
    assert_one_line_error (&run, "event_date: 9999-12-31 is outside 1873-01-01 to 2099-12-31");
    g_assert_null (strstr (run.err, "CRITICAL"));
    run_clear (&run);

    for (guint i = 0; i < 128 * 1024; i++)
      g_string_append_c (long_name, 'A');
    long_case = g_strdup_printf ("{\"event\":\"move_within_ward\",\"event_date\":\"2026-03-02\","
                                 "\"members\":[{\"id\":\"a\",\"name\":\"%s\","
                                 "\"birth_date\":\"1950-01-01\"}]}", long_name->str);
    run_tool (&run, long_case, "guidance", "--case", "-", "--json", NULL);
    assert_one_line_error (&run, "members[0].name: is longer than 100 characters");
  }
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

/* kpi ------------------------------------------------------------------------ */

/* Runs the tool, which must succeed; returns its stdout. */
static char *
run_ok (const char *first,
        ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("MADOGUCHI_TOOL"));
  va_start (args, first);
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process) || g_subprocess_get_exit_status (process) != 0)
    g_error ("madoguchi-tool %s failed: %s", first, err);
  return out;
}

/* Today ± @days in Japan, YYYY-MM-DD. */
static char *
dup_tokyo_day (int days)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Asia/Tokyo");
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) then = NULL;

  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 60 * 60);
  now = g_date_time_new_now (tz);
  then = g_date_time_add_days (now, days);
  return g_date_time_format (then, "%Y-%m-%d");
}

/* The CSV's lines, each with the header's 14 fields; returns the rows
 * without the header. */
static GPtrArray *
parse_csv (const char *text)
{
  static const char header[] =
    "group,key,issued,completed,no_show,stay_samples,stay_median_min,stay_p90_min,"
    "wait_samples,wait_median_min,wait_p90_min,ratings,rating_mean,satisfied_pct";
  g_auto(GStrv) lines = NULL;
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);

  g_assert_true (g_str_has_suffix (text, "\n"));
  lines = g_strsplit (text, "\n", -1);
  g_assert_cmpstr (lines[0], ==, header);
  for (guint i = 1; lines[i] != NULL && lines[i][0] != '\0'; i++)
    {
      char **fields = g_strsplit (lines[i], ",", -1);

      g_assert_cmpuint (g_strv_length (fields), ==, 14);
      g_ptr_array_add (rows, fields);
    }
  return rows;
}

/* Row @index is @group,@key; @counts are its "issued,completed,no_show",
 * @ratings its "ratings,rating_mean,satisfied_pct". */
static void
assert_csv_row (GPtrArray  *rows,
                guint       index,
                const char *group,
                const char *key,
                const char *counts,
                const char *ratings)
{
  /* stay_samples, stay_median_min, stay_p90_min, then the same for waits */
  static const guint samples[] = { 5, 8 };
  g_autofree char *counts_found = NULL;
  g_autofree char *ratings_found = NULL;
  char **fields;

  g_assert_cmpuint (index, <, rows->len);
  fields = g_ptr_array_index (rows, index);
  counts_found = g_strjoin (",", fields[2], fields[3], fields[4], NULL);
  ratings_found = g_strjoin (",", fields[11], fields[12], fields[13], NULL);
  g_assert_cmpstr (fields[0], ==, group);
  g_assert_cmpstr (fields[1], ==, key);
  g_assert_cmpstr (counts_found, ==, counts);
  g_assert_cmpstr (ratings_found, ==, ratings);

  /* minutes with one decimal, or empty without samples */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      for (guint j = samples[i] + 1; j <= samples[i] + 2; j++)
        {
          if (strcmp (fields[samples[i]], "0") == 0)
            g_assert_cmpstr (fields[j], ==, "");
          else
            g_assert_true (g_regex_match_simple ("^[0-9]+\\.[0-9]$", fields[j], 0, 0));
        }
    }
}

static void
ticket (const char *conninfo,
        const char *store,
        const char *op,
        const char *number,
        const char *extra1,
        const char *extra2)
{
  g_autofree char *number_arg = g_strdup_printf ("--number=%s", number);
  g_autofree char *out = run_ok ("ticket", op, "--store", store, number_arg,
                                 "--conninfo", conninfo, extra1, extra2, NULL);
}

/* A real day through the real commands (a ward database, a kiosk and two
 * counters), then `kpi` on a counter's store. The times are the clock's, so
 * only counts, ratings and the shape are asserted here; the arithmetic of
 * medians and percentiles is test-core's (/mdg/core/kpi). */
static void
test_tool_kpi (void)
{
  g_autoptr(MdgToolPostgres) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *kiosk = NULL;
  g_autofree char *counter = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *from = dup_tokyo_day (-1);
  g_autofree char *to = dup_tokyo_day (1);
  g_autofree char *today = dup_tokyo_day (0);
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_auto(Run) run = { 0 };
  int fiscal_year;

  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);
  conninfo = mdg_tool_postgres_dup_conninfo (server, "postgres");
  dir = g_dir_make_tmp ("mdg-test-tool-kpi-XXXXXX", &error);
  g_assert_no_error (error);
  kiosk = g_build_filename (dir, "kiosk.sqlite", NULL);
  counter = g_build_filename (dir, "counter.sqlite", NULL);
  missing = g_build_filename (dir, "missing.sqlite", NULL);

  g_free (run_ok ("ward", "setup", "--conninfo", conninfo, NULL));

  /* 1001, 1002, 1003 in band 1; 2001, 2002 in band 2 */
  for (guint i = 0; i < 5; i++)
    g_free (run_ok ("ticket", "issue", "--store", kiosk, "--band", i < 3 ? "1" : "2",
                    "--conninfo", conninfo, NULL));

  /* 1001 done (move_in, 5); 1002 done (death, 3); 1003 called and recalled
   * twice, then a no-show; 2001 done (move_in, rated 4 afterwards); 2002
   * waits. */
  for (guint i = 0; i < 3; i++)
    g_free (run_ok ("ticket", "call-next", "--store", counter, "--counter", "1", "--bands", "1",
                    "--conninfo", conninfo, NULL));
  g_free (run_ok ("ticket", "call-next", "--store", counter, "--counter", "2", "--bands", "2",
                  "--conninfo", conninfo, NULL));
  ticket (conninfo, counter, "close", "1001", "--event=move_in", "--rating=5");
  ticket (conninfo, counter, "close", "1002", "--event=death", "--rating=3");
  for (guint i = 0; i < 3; i++)
    ticket (conninfo, counter, "recall", "1003", "--max-recalls=2", NULL);
  ticket (conninfo, counter, "close", "2001", "--event=move_in", NULL);
  ticket (conninfo, counter, "rate", "2001", "--rating=4", NULL);
  /* the pull brings the kiosk's 2002, which this counter never saw */
  g_free (run_ok ("sync", "--store", counter, "--conninfo", conninfo, NULL));

  /* the total: 5 issued, 3 done, 1 no-show; ratings 5 3 4: mean 4, two of
   * three are 4 or 5 */
  out = run_ok ("kpi", "--store", counter, "--from", from, "--to", to, "--csv", NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 1);
  assert_csv_row (rows, 0, "total", "", "5,3,1", "3,4.00,66.7");
  /* three stays; waits of the done tickets (3) */
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[5], ==, "3");
  g_assert_cmpstr (((char **) g_ptr_array_index (rows, 0))[8], ==, "3");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);

  out = run_ok ("kpi", "--store", counter, "--from", from, "--to", to, "--csv", "--by", "band",
                NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 3);
  assert_csv_row (rows, 0, "total", "", "5,3,1", "3,4.00,66.7");
  assert_csv_row (rows, 1, "band", "1", "3,2,1", "2,4.00,50.0");
  assert_csv_row (rows, 2, "band", "2", "2,1,0", "1,4.00,100.0");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);

  out = run_ok ("kpi", "--store", counter, "--from", from, "--to", to, "--csv", "--by", "event",
                NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 4);
  assert_csv_row (rows, 1, "event", "death", "1,1,0", "1,3.00,0.0");
  assert_csv_row (rows, 2, "event", "move_in", "2,2,0", "2,4.50,100.0");
  /* no event: the no-show and the waiting ticket */
  assert_csv_row (rows, 3, "event", "", "2,0,1", "0,,");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);

  out = run_ok ("kpi", "--store", counter, "--from", from, "--to", to, "--csv", "--by", "day",
                NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 2);
  assert_csv_row (rows, 1, "day", today, "5,3,1", "3,4.00,66.7");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* days without tickets: zeros */
  out = run_ok ("kpi", "--store", counter, "--from", "2001-01-01", "--to", "2001-12-31",
                "--csv", "--by", "day", NULL);
  rows = parse_csv (out);
  g_assert_cmpuint (rows->len, ==, 1);
  assert_csv_row (rows, 0, "total", "", "0,0,0", "0,,");
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&rows, g_ptr_array_unref);

  /* the table: the total first, beside this fiscal year's numbers */
  out = run_ok ("kpi", "--store", counter, "--from", today, "--to", today, "--by", "band", NULL);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "usage: visits completed"));
  g_assert_nonnull (strstr (out, "stay time, move_in (median of visits)"));
  g_assert_nonnull (strstr (out, "satisfaction: ratings of 4 or 5 of 5"));
  g_assert_nonnull (strstr (out, "66.7%"));
  g_assert_true (strstr (out, "\ntotal ") < strstr (out, "\nband   1 "));
  fiscal_year = atoi (today) - (atoi (today + 5) < 4);
  if (fiscal_year >= 2024 && fiscal_year <= 2027)
    {
      static const char * const usage[] = { "0", "10,200", "62,600", "76,300" };
      static const char * const stay[] = { "129 min", "119 min", "99 min", "79 min" };
      static const char * const satisfied[] = { "76.6%", "79.0%", "82.0%", "85.0%" };
      g_autofree char *in_year = g_strdup_printf (" %s in the year", usage[fiscal_year - 2024]);

      g_assert_nonnull (strstr (out, in_year));
      g_assert_nonnull (strstr (out, stay[fiscal_year - 2024]));
      g_assert_nonnull (strstr (out, satisfied[fiscal_year - 2024]));
    }
  else
    {
      g_assert_nonnull (strstr (out, "(no targets: the plan has none"));
    }
  g_clear_pointer (&out, g_free);

  /* bad input: one line, exit 2, nothing on stdout */
  run_tool (&run, NULL, "kpi", "--store", missing, "--from", from, "--to", to, NULL);
  assert_one_line_error (&run, "there is no store there");
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--store", counter, "--from", to, "--to", from, NULL);
  assert_one_line_error (&run, "is after --to");
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--store", counter, "--from", "2026-02-30", "--to", to, NULL);
  assert_one_line_error (&run, "--from \"2026-02-30\"");
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--store", counter, "--from", from, "--to", "R8-01-20", NULL);
  assert_one_line_error (&run, "--to \"R8-01-20\"");
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--store", counter, "--to", to, NULL);
  assert_one_line_error (&run, "--from YYYY-MM-DD is required");
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--store", counter, "--from", from, "--to", to, "--by", "week",
            NULL);
  assert_one_line_error (&run, "--by \"week\"");
  run_clear (&run);
  run_tool (&run, NULL, "kpi", "--from", from, "--to", to, NULL);
  assert_one_line_error (&run, "--store PATH is required");

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)))
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
}

/* The shipped data/queue/march-day.json (found in the source tree), and a
 * malformed day named by its field. */
static void
test_tool_bench_queue (void)
{
  static const char broken[] =
    "{\"date\": \"2026-03-30\", \"opening\": \"08:30\", \"closing\": \"17:15\", "
    "\"seed\": 1, \"priority_share\": 0.03, \"bands\": [{\"band\": 1, "
    "\"arrivals_per_hour\": [1, 1, 1, 1, 1, 1, 1, 1, 1, 1], \"service_mean_minutes\": 35, "
    "\"service_cv\": \"high\"}], \"counters\": [{\"counter\": 1, \"bands\": [1]}]}";
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_auto(Run) run = { 0 };

  run_tool (&run, NULL, "bench", "queue", "--days", "1", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_nonnull (strstr (run.out, "march-day.json, 1 day"));
  g_assert_nonnull (strstr (run.out, "band 1 "));
  g_assert_nonnull (strstr (run.out, "kiosk estimate, counters as given: MAE "));
  g_assert_nonnull (strstr (run.out, "target MAE < 20% of the mean wait: "));
  g_assert_nonnull (strstr (run.out, "estimates/s"));
  run_clear (&run);

  dir = g_dir_make_tmp ("mdg-test-tool-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "day.json", NULL);
  g_file_set_contents (path, broken, -1, &error);
  g_assert_no_error (error);
  run_tool (&run, NULL, "bench", "queue", "--day", path, "--days", "1", NULL);
  assert_one_line_error (&run, "bands[0].service_cv");
  g_remove (path);
  g_rmdir (dir);
}

/* bench registry on a small city: every kind of query is timed, and every
 * query (drawn from the residents) finds its resident through the
 * counter's search. Timings are the benchmark's to report, not asserted. */
static void
test_tool_bench_registry (void)
{
  static const char * const labels[] = {
    "name, 1 character", "kana, 1 character", "name, 2 characters", "kana, 2 characters",
    "name, 3 characters", "kana, 3 characters", "name, 6 characters", "kana, 6 characters",
    "birth date (S25.3.10)",
  };
  g_auto(Run) run = { 0 };

  run_tool (&run, NULL, "bench", "registry", "--households", "2000", "--queries", "20",
            "--like-queries", "2", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "bench registry: 2000 households, "));
  for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
    {
      const char *line = strstr (run.out, labels[i]);
      guint n = 0, found = 0;
      double p50, p99;

      g_assert_nonnull (line);
      g_assert_cmpint (sscanf (line + strlen (labels[i]), "%u %lf %lf %u", &n, &p50, &p99, &found),
                       ==, 4);
      g_assert_cmpuint (n, >, 0);
      g_assert_cmpuint (found, ==, n);
      g_assert_cmpfloat (p50, <=, p99);
    }
}

/* store purge ---------------------------------------------------------------- */

static gboolean
file_contains (const char *file,
               const char *needle)
{
  g_autofree char *bytes = NULL;
  gsize length = 0;

  if (!g_file_get_contents (file, &bytes, &length, NULL))
    return FALSE;
  for (gsize at = 0; at + strlen (needle) <= length; at++)
    if (memcmp (bytes + at, needle, strlen (needle)) == 0)
      return TRUE;
  return FALSE;
}

/* A case synced to a real ward database, then `store purge`: the store and
 * its WAL no longer hold the name or the individual number, and `kpi` gives
 * the same figures. */
static void
test_tool_store_purge (void)
{
  static const char case_file[] =
    "{\"event\": \"death\", \"event_date\": \"2026-01-15\", \"visit_date\": \"2026-01-20\","
    " \"members\": [{\"id\": \"m1\", \"name\": \"架空 留置\", \"kana\": \"カクウ リュウチ\","
    " \"individual_number\": \"123456789018\", \"birth_date\": \"1950-02-03\","
    " \"relation\": \"head\", \"deceased\": true}], \"answers\": {}}";
  g_autoptr(MdgToolPostgres) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *conninfo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *store = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *case_path = NULL;
  g_autofree char *from = dup_tokyo_day (-1);
  g_autofree char *to = dup_tokyo_day (1);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *by_event_before = NULL;
  g_autofree char *by_event_after = NULL;
  g_auto(Run) run = { 0 };

  server = mdg_tool_postgres_start (FALSE, &error);
  g_assert_no_error (error);
  conninfo = mdg_tool_postgres_dup_conninfo (server, "postgres");
  dir = g_dir_make_tmp ("mdg-test-tool-purge-XXXXXX", &error);
  g_assert_no_error (error);
  store = g_build_filename (dir, "counter.sqlite", NULL);
  wal = g_strconcat (store, "-wal", NULL);
  case_path = g_build_filename (dir, "case.json", NULL);
  g_file_set_contents (case_path, case_file, -1, &error);
  g_assert_no_error (error);

  g_free (run_ok ("ward", "setup", "--conninfo", conninfo, NULL));
  g_free (run_ok ("ticket", "issue", "--store", store, "--band", "1", "--conninfo", conninfo,
                  NULL));
  g_free (run_ok ("ticket", "call-next", "--store", store, "--counter", "1", "--bands", "1",
                  "--conninfo", conninfo, NULL));
  ticket (conninfo, store, "close", "1001", "--event=death", "--rating=4");
  g_free (run_ok ("case", "save", "--store", store, "--case", case_path, "--rating", "4", NULL));
  g_free (run_ok ("sync", "--store", store, "--conninfo", conninfo, NULL));
  g_assert_true (file_contains (store, "123456789018") || file_contains (wal, "123456789018"));

  before = run_ok ("kpi", "--store", store, "--from", from, "--to", to, "--csv", NULL);
  by_event_before = run_ok ("kpi", "--store", store, "--from", from, "--to", to, "--csv",
                            "--by", "event", NULL);

  /* Within the retention time, nothing goes. */
  run_tool (&run, NULL, "store", "purge", "--store", store, NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (file_contains (store, "123456789018") || file_contains (wal, "123456789018"));
  run_clear (&run);

  run_tool (&run, NULL, "store", "purge", "--store", store, "--retain-hours", "0", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpstr (run.out, ==, "");
  g_assert_nonnull (strstr (run.err, "1 confirmed cases"));
  run_clear (&run);
  g_assert_false (file_contains (store, "123456789018"));
  g_assert_false (file_contains (wal, "123456789018"));
  g_assert_false (file_contains (store, "架空 留置"));
  g_assert_false (file_contains (wal, "架空 留置"));
  g_assert_false (file_contains (store, "カクウ"));

  after = run_ok ("kpi", "--store", store, "--from", from, "--to", to, "--csv", NULL);
  by_event_after = run_ok ("kpi", "--store", store, "--from", from, "--to", to, "--csv",
                           "--by", "event", NULL);
  g_assert_cmpstr (after, ==, before);
  g_assert_cmpstr (by_event_after, ==, by_event_before);
  g_free (run_ok ("store", "check", "--store", store, NULL));
  /* the ward keeps the case */
  g_free (run_ok ("sync", "--store", store, "--conninfo", conninfo, NULL));

  run_tool (&run, NULL, "store", "purge", "--store", store, "--retain-hours", "-1", NULL);
  assert_one_line_error (&run, "--retain-hours");

  {
    g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
    const char *name;

    while (listing != NULL && (name = g_dir_read_name (listing)))
      {
        g_autofree char *file = g_build_filename (dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (dir);
  }
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
  g_test_add_func ("/mdg/tool/bench-queue", test_tool_bench_queue);
  g_test_add_func ("/mdg/tool/bench-registry", test_tool_bench_registry);
  g_test_add_func ("/mdg/tool/kpi", test_tool_kpi);
  g_test_add_func ("/mdg/tool/store-purge", test_tool_store_purge);

  return g_test_run ();
}
