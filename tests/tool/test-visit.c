/* test-visit.c: a visit from the command line (../shared/spec/visit.md)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * `visit boxes` lists what the counter asks for, with Japanese labels;
 * `visit complete` refuses while a required box is empty and commits the
 * whole case otherwise; killed with SIGKILL at random moments, it leaves
 * the whole case or nothing, and running it again completes it.
 */

#include "config.h"

#include <cairo.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
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

static GSubprocessLauncher *
new_launcher (void)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                             G_SUBPROCESS_FLAGS_STDERR_PIPE);

  /* labels and messages as a Japanese counter sees them */
  g_subprocess_launcher_setenv (launcher, "LANG", "ja_JP.UTF-8", TRUE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "ja_JP.UTF-8", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "LANGUAGE");
  return launcher;
}

static GPtrArray *
tool_argv (const char *first,
           va_list     args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("MADOGUCHI_TOOL"));
  for (const char *arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  g_ptr_array_add (argv, NULL);
  return argv;
}

static void
run_tool (Run        *run,
          const char *first,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GError) error = NULL;
  va_list args;

  va_start (args, first);
  argv = tool_argv (first, args);
  va_end (args);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_if_exited (process))
    g_error ("madoguchi-tool %s %s died of signal %d: %s", first, (const char *) argv->pdata[2],
             g_subprocess_get_term_sig (process), run->err);
  run->status = g_subprocess_get_exit_status (process);
  if (run->err != NULL && run->err[0] != '\0')
    g_test_message ("stderr: %s", run->err);
}

static char *
write_temp (const char *dir,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* A signature as another device captures it: a PNG with a stroke. */
static char *
write_signature (const char *dir)
{
  char *path = g_build_filename (dir, "applicant.png", NULL);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 300, 100);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0, 0, 0.3);
  cairo_set_line_width (cr, 4);
  cairo_move_to (cr, 20, 70);
  cairo_curve_to (cr, 80, 10, 160, 90, 280, 30);
  cairo_stroke (cr);
  cairo_destroy (cr);
  g_assert_cmpint (cairo_surface_write_to_png (surface, path), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

/* A 転入 from another prefecture of a head with 要介護認定 and his wife. */
static char *
dup_case_json (gboolean    filled,
               const char *phone)
{
  g_autoptr(GString) json = g_string_new (
    "{\"event\": \"move_in\", \"event_date\": \"2026-12-01\", \"visit_date\": \"2026-12-07\","
    " \"from\": \"other_prefecture\","
    " \"members\": ["
    "  {\"id\": \"m1\", \"name\": \"熊本 太郎\", \"kana\": \"クマモト タロウ\","
    "   \"birth_date\": \"1950-01-01\", \"sex\": \"male\", \"relation\": \"head\","
    "   \"insurance\": \"nhi\", \"ltc_certified\": true},"
    "  {\"id\": \"m2\", \"name\": \"熊本 花子\", \"kana\": \"クマモト ハナコ\","
    "   \"birth_date\": \"1952-01-01\", \"sex\": \"female\", \"relation\": \"spouse\","
    "   \"insurance\": \"nhi\"}],"
    " \"answers\": {}");

  if (filled)
    g_string_append_printf (json,
      ", \"details\": {\"address\": \"熊本市中央区手取本町1番1号\", \"phone\": \"%s\","
      "  \"previous_address\": \"福岡県福岡市中央区天神1丁目1番1号\","
      "  \"doctor_name\": \"肥後 一郎\", \"clinic_name\": \"水前寺クリニック\"},"
      " \"individual_numbers\": {\"m1\": \"123456789018\", \"m2\": \"234567890121\"}",
      phone);
  g_string_append (json, "}");

  return g_string_free (g_steal_pointer (&json), FALSE);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static JsonObject *
find_box (JsonArray  *boxes,
          const char *key)
{
  for (guint i = 0; i < json_array_get_length (boxes); i++)
    {
      JsonObject *box = json_array_get_object_element (boxes, i);

      if (g_strcmp0 (json_object_get_string_member (box, "key"), key) == 0)
        return box;
    }

  return NULL;
}

static void
test_visit_boxes (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mdg-visit-XXXXXX", NULL);
  g_autofree char *json = dup_case_json (FALSE, NULL);
  g_autofree char *path = write_temp (dir, "case.json", json);
  g_autoptr(JsonObject) root = NULL;
  g_auto(Run) run = { 0 };
  JsonArray *boxes;
  JsonObject *box;

  run_tool (&run, "visit", "boxes", "--case", path, "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  boxes = json_object_get_array_member (root, "boxes");

  /* 要介護認定の引き継ぎ: 主治医 and 医療機関, in Japanese */
  g_assert_nonnull ((box = find_box (boxes, "doctor_name")));
  g_assert_cmpstr (json_object_get_string_member (box, "label"), ==, "主治医");
  g_assert_true (json_object_get_boolean_member (box, "required"));
  g_assert_nonnull ((box = find_box (boxes, "clinic_name")));
  g_assert_cmpstr (json_object_get_string_member (box, "label"), ==, "医療機関");
  g_assert_cmpstr (json_object_get_string_member (box, "kind"), ==, "text");

  /* once each, even when four forms print the address */
  box = find_box (boxes, "address");
  g_assert_nonnull (box);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (box, "forms")), >=, 2);

  /* a member's 個人番号 names the member; no label is a key */
  for (guint i = 0; i < json_array_get_length (boxes); i++)
    {
      JsonObject *each = json_array_get_object_element (boxes, i);
      const char *key = json_object_get_string_member (each, "key");

      g_assert_cmpstr (json_object_get_string_member (each, "label"), !=, key);
      if (g_strcmp0 (key, "individual_number") == 0)
        g_assert_false (json_object_get_null_member (each, "member"));
      else
        g_assert_true (json_object_get_null_member (each, "member"));
    }

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
}

static void
remove_tree (const char *dir)
{
  g_autoptr(GDir) handle = g_dir_open (dir, 0, NULL);
  const char *name;

  while (handle != NULL && (name = g_dir_read_name (handle)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);

      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        remove_tree (path);
      else
        g_unlink (path);
    }
  g_rmdir (dir);
}

static void
test_visit_complete (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mdg-visit-XXXXXX", NULL);
  g_autofree char *empty_json = dup_case_json (FALSE, NULL);
  g_autofree char *json = dup_case_json (TRUE, "096-000-0000");
  g_autofree char *empty = write_temp (dir, "empty.json", empty_json);
  g_autofree char *path = write_temp (dir, "case.json", json);
  g_autofree char *store = g_build_filename (dir, "store.sqlite", NULL);
  g_autofree char *forms_dir = g_build_filename (dir, "forms", NULL);
  g_autofree char *png = write_signature (dir);
  g_autofree char *signature = g_strdup_printf ("applicant=%s", png);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_auto(Run) refused = { 0 };
  g_auto(Run) unsigned_run = { 0 };
  g_auto(Run) done = { 0 };
  g_auto(Run) again = { 0 };
  g_auto(Run) show = { 0 };
  g_auto(Run) written = { 0 };
  g_auto(Run) missing = { 0 };
  JsonArray *forms;

  /* a required box still empty: refused, naming its label */
  run_tool (&refused, "visit", "complete", "--store", store, "--case", empty,
            "--signature", signature, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "が未記入です"));
  g_assert_null (strstr (refused.err, "doctor_name"));

  /* a signer missing: refused, naming the signer */
  run_tool (&unsigned_run, "visit", "complete", "--store", store, "--case", path, NULL);
  g_assert_cmpint (unsigned_run.status, ==, 2);
  g_assert_nonnull (strstr (unsigned_run.err, "applicant"));

  run_tool (&done, "visit", "complete", "--store", store, "--case", path,
            "--signature", signature, NULL);
  g_assert_cmpint (done.status, ==, 0);
  id = g_strstrip (g_strdup (done.out));
  g_assert_true (g_uuid_string_is_valid (id));

  /* the same visit again: the same case, nothing doubled */
  run_tool (&again, "visit", "complete", "--store", store, "--case", path,
            "--signature", signature, NULL);
  g_assert_cmpint (again.status, ==, 0);
  g_assert_cmpstr (g_strstrip (again.out), ==, id);

  run_tool (&show, "store", "show", "--store", store, "--case", id, "--json", NULL);
  g_assert_cmpint (show.status, ==, 0);
  shown = parse_object (show.out);
  g_assert_cmpstr (json_object_get_string_member (shown, "status"), ==, "completed");
  forms = json_object_get_array_member (shown, "forms");
  /* 住民異動届, 国保, 後期高齢者医療, 要介護認定 at least */
  g_assert_cmpuint (json_array_get_length (forms), >=, 4);
  for (guint i = 0; i < json_array_get_length (forms); i++)
    {
      JsonObject *form = json_array_get_object_element (forms, i);

      g_assert_true (json_object_get_boolean_member (form, "signed"));
      g_assert_cmpint (json_object_get_int_member (form, "pages"), >=, 1);
    }
  g_assert_cmpint (json_object_get_int_member (shown, "handoffs"), >=, 1);
  g_assert_nonnull (strstr (show.out, "ltc_certification_transfer"));

  run_tool (&written, "store", "forms", "--store", store, "--case", id, "--output", forms_dir, NULL);
  g_assert_cmpint (written.status, ==, 0);
  {
    g_autofree char *ltc = g_build_filename (forms_dir, "ltc_certification_transfer.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (ltc, &contents, &length, NULL));
    g_assert_true (length > 1000 && memcmp (contents, "%PDF", 4) == 0);
  }

  run_tool (&missing, "store", "show", "--store", store, "--case",
            "00000000-0000-4000-8000-000000000000", "--json", NULL);
  g_assert_cmpint (missing.status, ==, 1);

  remove_tree (dir);
}

/* What the store holds: completed cases, drafts, and completed cases whose
 * forms are not all there. */
static void
count_cases (const char *store,
             guint       n_forms,
             int        *completed,
             int        *drafts,
             int        *partial)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  g_autofree char *sql = g_strdup_printf (
    "SELECT (SELECT count(*) FROM cases WHERE status = 'completed'),"
    "       (SELECT count(*) FROM cases WHERE status = 'draft'),"
    "       (SELECT count(*) FROM cases c WHERE c.status = 'completed' AND"
    "          ((SELECT count(*) FROM case_forms f WHERE f.case_id = c.id AND f.signed = 1) != %u"
    "           OR c.signature IS NULL OR c.handoffs_json IS NULL"
    "           OR NOT EXISTS (SELECT 1 FROM audit a WHERE a.case_id = c.id)"
    "           OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.kind = 'case' AND o.record_id = c.id)))",
    n_forms);

  *completed = *drafts = *partial = 0;
  if (!g_file_test (store, G_FILE_TEST_EXISTS))
    return;
  g_assert_cmpint (sqlite3_open_v2 (store, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 10000);
  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      *completed = sqlite3_column_int (stmt, 0);
      *drafts = sqlite3_column_int (stmt, 1);
      *partial = sqlite3_column_int (stmt, 2);
    }
  else if (sqlite3_errcode (db) != SQLITE_ERROR)
    /* a store killed before its schema was made has no tables: nothing */
    g_error ("cannot read the store: %s", sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static gboolean
kill_cb (gpointer user_data)
{
  g_subprocess_send_signal (user_data, SIGKILL);
  return G_SOURCE_REMOVE;
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *done = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *done = TRUE;
}

static void
test_visit_complete_killed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("mdg-visit-XXXXXX", NULL);
  g_autofree char *store = g_build_filename (dir, "store.sqlite", NULL);
  g_autofree char *png = write_signature (dir);
  g_autofree char *signature = g_strdup_printf ("applicant=%s", png);
  g_autoptr(GRand) rand = g_rand_new_with_seed (g_test_rand_int ());
  guint n_runs = g_test_slow () ? 300 : 100;
  guint n_forms = 0;
  guint killed_before = 0, killed_after = 0;
  gint64 full_us;

  /* how long a whole run takes here, to kill within it */
  {
    g_autofree char *json = dup_case_json (TRUE, "096-111-0000");
    g_autofree char *path = write_temp (dir, "first.json", json);
    g_autoptr(JsonObject) shown = NULL;
    g_autofree char *id = NULL;
    g_auto(Run) run = { 0 };
    g_auto(Run) show = { 0 };
    gint64 start = g_get_monotonic_time ();

    run_tool (&run, "visit", "complete", "--store", store, "--case", path,
              "--signature", signature, NULL);
    full_us = g_get_monotonic_time () - start;
    g_assert_cmpint (run.status, ==, 0);
    id = g_strstrip (g_strdup (run.out));
    run_tool (&show, "store", "show", "--store", store, "--case", id, "--json", NULL);
    shown = parse_object (show.out);
    n_forms = json_array_get_length (json_object_get_array_member (shown, "forms"));
    g_assert_cmpuint (n_forms, >=, 4);
  }

  for (guint i = 1; i <= n_runs; i++)
    {
      g_autofree char *phone = g_strdup_printf ("096-222-%04u", i);
      g_autofree char *json = dup_case_json (TRUE, phone);
      g_autofree char *name = g_strdup_printf ("case-%u.json", i);
      g_autofree char *path = write_temp (dir, name, json);
      g_autoptr(GSubprocessLauncher) launcher = new_launcher ();
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(Run) check = { 0 };
      g_auto(Run) again = { 0 };
      const char *argv[] = { g_getenv ("MADOGUCHI_TOOL"), "visit", "complete", "--store", store,
                             "--case", path, "--signature", signature, NULL };
      guint delay_ms = g_rand_int_range (rand, 0, (int) (full_us * 11 / 10 / 1000) + 1);
      gboolean done = FALSE;
      int completed, drafts, partial;
      int before = i;   /* the first case, and one per earlier run */
      int after = i + 1;

      g_subprocess_launcher_set_flags (launcher, G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                 G_SUBPROCESS_FLAGS_STDERR_SILENCE);
      process = g_subprocess_launcher_spawnv (launcher, argv, &error);
      g_assert_no_error (error);
      g_timeout_add (delay_ms, kill_cb, process);
      g_subprocess_wait_async (process, NULL, wait_cb, &done);
      while (!done)
        g_main_context_iteration (NULL, TRUE);
      /* a run that ended before its kill leaves the timeout behind */
      g_source_remove_by_user_data (process);

      /* the whole case or nothing of it */
      count_cases (store, n_forms, &completed, &drafts, &partial);
      g_assert_cmpint (partial, ==, 0);
      g_assert_cmpint (drafts, ==, 0);
      g_assert_true (completed == before || completed == after);
      if (completed == after)
        killed_after++;
      else
        killed_before++;

      run_tool (&check, "store", "check", "--store", store, NULL);
      g_assert_cmpint (check.status, ==, 0);

      /* and run again, it completes */
      run_tool (&again, "visit", "complete", "--store", store, "--case", path,
                "--signature", signature, NULL);
      g_assert_cmpint (again.status, ==, 0);
      count_cases (store, n_forms, &completed, &drafts, &partial);
      g_assert_cmpint (completed, ==, after);
      g_assert_cmpint (partial, ==, 0);
    }

  g_test_message ("%u runs killed: %u before the commit, %u after (a run takes %.0f ms)",
                  n_runs, killed_before, killed_after, full_us / 1000.0);
  /* the kills fell on both sides of the commit */
  g_assert_cmpuint (killed_before, >, 0);

  remove_tree (dir);
}

/* The case of dup_case_json() (@filled) with 支援措置申出 added by staff
 * for the wife, and (@support) the boxes of its form typed. */
static char *
dup_added_case_json (gboolean    filled,
                     gboolean    support,
                     const char *procedure)
{
  g_autofree char *base = dup_case_json (filled, "096-000-0000");
  g_autoptr(JsonObject) root = parse_object (base);
  JsonObject *answers = json_object_get_object_member (root, "answers");
  JsonObject *details = filled ? json_object_get_object_member (root, "details") : NULL;
  JsonObject *added = json_object_new ();
  JsonArray *members = json_array_new ();
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);

  json_array_add_string_element (members, "m2");
  json_object_set_array_member (added, procedure, members);
  json_object_set_object_member (answers, "added_procedures", added);
  if (support)
    {
      g_assert_nonnull (details);
      json_object_set_string_member (details, "support_reason", "dv");
      json_object_set_string_member (details, "offender_name", "阿蘇 次郎");
      json_object_set_string_member (details, "offender_relation", "元配偶者");
      json_object_set_string_member (details, "offender_address", "福岡県福岡市博多区1番1号");
    }
  json_node_set_object (node, root);
  return json_to_string (node, FALSE);
}

/* A procedure staff added (支援措置申出, which no rule proposes) is in the
 * guidance with its reason, its form's boxes are asked for, and the visit
 * completes with its form signed. Only procedures staff may add can be. */
static void
test_visit_added_procedure (void)
{
  static const char * const support_keys[] = {
    "support_reason", "offender_name", "offender_relation", "offender_address", NULL
  };
  g_autofree char *dir = g_dir_make_tmp ("mdg-visit-XXXXXX", NULL);
  g_autofree char *guide_json = dup_added_case_json (FALSE, FALSE, "support_measure_request");
  g_autofree char *empty_json = dup_added_case_json (TRUE, FALSE, "support_measure_request");
  g_autofree char *json = dup_added_case_json (TRUE, TRUE, "support_measure_request");
  g_autofree char *wrong_json = dup_added_case_json (TRUE, TRUE, "nhi_enroll_move_in");
  g_autofree char *guide_path = write_temp (dir, "guide.json", guide_json);
  g_autofree char *empty = write_temp (dir, "empty.json", empty_json);
  g_autofree char *path = write_temp (dir, "case.json", json);
  g_autofree char *wrong = write_temp (dir, "wrong.json", wrong_json);
  g_autofree char *store = g_build_filename (dir, "store.sqlite", NULL);
  g_autofree char *png = write_signature (dir);
  g_autofree char *signature = g_strdup_printf ("applicant=%s", png);
  g_autofree char *id = NULL;
  g_autoptr(JsonObject) guidance = NULL;
  g_autoptr(JsonObject) listed = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_auto(Run) guide = { 0 };
  g_auto(Run) boxes = { 0 };
  g_auto(Run) refused = { 0 };
  g_auto(Run) rejected = { 0 };
  g_auto(Run) done = { 0 };
  g_auto(Run) show = { 0 };
  JsonArray *array;
  JsonObject *item = NULL;
  gboolean signed_support = FALSE;

  run_tool (&guide, "guidance", "--case", guide_path, "--json", NULL);
  g_assert_cmpint (guide.status, ==, 0);
  guidance = parse_object (guide.out);
  array = json_object_get_array_member (guidance, "procedures");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *each = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (each, "id"), "support_measure_request") == 0)
        item = each;
    }
  g_assert_nonnull (item);
  g_assert_cmpstr (json_object_get_string_member (item, "reason"), ==, "ご本人からの相談を受けて、職員が窓口で追加したため");
  g_assert_cmpstr (json_object_get_string_member (item, "department"), ==, "区民課");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "members")), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (item, "members"), 0),
                   ==, "m2");
  g_assert_true (json_object_get_null_member (item, "deadline"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (item, "bring")), >=, 1);

  /* its form's boxes, for that form only */
  run_tool (&boxes, "visit", "boxes", "--case", empty, "--json", NULL);
  g_assert_cmpint (boxes.status, ==, 0);
  listed = parse_object (boxes.out);
  array = json_object_get_array_member (listed, "boxes");
  for (guint i = 0; support_keys[i] != NULL; i++)
    {
      JsonObject *box = find_box (array, support_keys[i]);
      JsonArray *forms;

      g_assert_nonnull (box);
      g_assert_true (json_object_get_boolean_member (box, "required"));
      forms = json_object_get_array_member (box, "forms");
      g_assert_cmpuint (json_array_get_length (forms), ==, 1);
      g_assert_cmpstr (json_array_get_string_element (forms, 0), ==,
                       "住民基本台帳事務における支援措置申出書");
    }
  g_assert_cmpstr (json_object_get_string_member (find_box (array, "support_reason"), "kind"), ==,
                   "choice");

  /* refused while they are empty; a procedure the rules propose cannot be added */
  run_tool (&refused, "visit", "complete", "--store", store, "--case", empty,
            "--signature", signature, NULL);
  g_assert_cmpint (refused.status, ==, 2);
  g_assert_nonnull (strstr (refused.err, "が未記入です"));
  run_tool (&rejected, "visit", "complete", "--store", store, "--case", wrong,
            "--signature", signature, NULL);
  g_assert_cmpint (rejected.status, ==, 2);
  g_assert_nonnull (strstr (rejected.err, "added_procedures"));

  run_tool (&done, "visit", "complete", "--store", store, "--case", path,
            "--signature", signature, NULL);
  g_assert_cmpint (done.status, ==, 0);
  id = g_strstrip (g_strdup (done.out));
  g_assert_true (g_uuid_string_is_valid (id));

  run_tool (&show, "store", "show", "--store", store, "--case", id, "--json", NULL);
  g_assert_cmpint (show.status, ==, 0);
  shown = parse_object (show.out);
  g_assert_cmpstr (json_object_get_string_member (shown, "status"), ==, "completed");
  array = json_object_get_array_member (shown, "forms");
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *form = json_array_get_object_element (array, i);

      if (g_strcmp0 (json_object_get_string_member (form, "procedure"), "support_measure_request") == 0)
        signed_support = json_object_get_boolean_member (form, "signed");
    }
  g_assert_true (signed_support);

  remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/visit/boxes", test_visit_boxes);
  g_test_add_func ("/mdg/visit/complete", test_visit_complete);
  g_test_add_func ("/mdg/visit/added-procedure", test_visit_added_procedure);
  g_test_add_func ("/mdg/visit/complete-killed", test_visit_complete_killed);

  return g_test_run ();
}
