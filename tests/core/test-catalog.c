/* test-catalog.c: the procedure catalog as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "mdg-core-error.h"
#include "test-core.h"
#include "test-util.h"

/* The catalog holds exactly the procedures of the spec's procedures.tsv, in
 * its order, with its department, phase, mode and name. */
static void
test_catalog_matches_spec (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "core", "procedures.tsv", NULL);
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GError) error = NULL;
  guint n = 0;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (contents, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) fields = NULL;
      const MdgProcedure *procedure;
      g_autofree char *phase = NULL;

      if (lines[i][0] == '#' || lines[i][0] == '\0')
        continue;

      fields = g_strsplit (lines[i], "\t", -1);
      g_assert_cmpuint (g_strv_length (fields), ==, 5);

      procedure = mdg_catalog_get_procedure (catalog, n);
      g_assert_cmpstr (procedure->id, ==, fields[0]);
      g_assert_true (mdg_catalog_lookup_procedure (catalog, fields[0]) == procedure);
      g_assert_cmpstr (mdg_department_get_name (procedure->department), ==, fields[1]);
      phase = g_strdup_printf ("%u", procedure->phase);
      g_assert_cmpstr (phase, ==, fields[2]);
      g_assert_cmpstr (mdg_mode_to_string (procedure->mode), ==, fields[3]);
      g_assert_cmpstr (procedure->name, ==, fields[4]);
      g_assert_cmpuint (procedure->index, ==, n);

      /* what staff need at the counter */
      g_assert_cmpuint (strlen (procedure->legal_basis), >, 0);
      g_assert_cmpuint (strlen (procedure->summary), >, 0);
      g_assert_cmpuint (g_strv_length (procedure->bring), >, 0);
      if (procedure->mode == MDG_MODE_GUIDE)
        g_assert_cmpint (procedure->deadline_kind, ==, MDG_DEADLINE_NONE);
      n++;
    }

  g_assert_cmpuint (n, ==, 58);
  g_assert_cmpuint (mdg_catalog_get_n_procedures (catalog), ==, n);
  g_assert_null (mdg_catalog_lookup_procedure (catalog, "no_such_procedure"));
}

static void
test_catalog_deadlines (void)
{
  static const struct {
    const char *id;
    guint       days;   /* 0: none */
  } rows[] = {
    { "resident_move_in", 14 },
    { "resident_move_out", 14 },
    { "certificate_residence", 0 },
    { "child_allowance_new_move_in", 15 },
    { "death_registration", 6 },     /* 7 days counting the day of death */
    { "birth_registration", 13 },    /* 14 days counting the day of birth */
    { "nhi_funeral_benefit", 0 },
    { "ltc_death", 14 },
  };
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const MdgProcedure *procedure = mdg_catalog_lookup_procedure (catalog, rows[i].id);

      g_test_message ("%s", rows[i].id);
      g_assert_nonnull (procedure);
      if (rows[i].days == 0)
        {
          g_assert_cmpint (procedure->deadline_kind, ==, MDG_DEADLINE_NONE);
        }
      else
        {
          g_assert_cmpint (procedure->deadline_kind, ==, MDG_DEADLINE_AFTER_EVENT);
          g_assert_cmpuint (procedure->deadline_days, ==, rows[i].days);
        }
    }
}

static void
test_catalog_questions (void)
{
  g_autoptr(MdgCatalog) catalog = test_load_catalog ();
  const MdgQuestionDef *question;

  /* every answer is asked, but the procedures staff add, which no one asks */
  for (guint answer = 0; answer < MDG_N_ANSWERS; answer++)
    {
      if (answer == MDG_ANSWER_ADDED_PROCEDURES)
        g_assert_null (mdg_catalog_lookup_question (catalog, FALSE, answer));
      else
        g_assert_nonnull (mdg_catalog_lookup_question (catalog, FALSE, answer));
    }

  question = mdg_catalog_lookup_question (catalog, TRUE, MDG_MEMBER_FIELD_RESIDENCE_STATUS);
  g_assert_nonnull (question);
  g_assert_cmpint (question->kind, ==, MDG_QUESTION_CHOICE);
  g_assert_cmpuint (question->choices->len, ==, 2);
  g_assert_nonnull (strstr (question->text, "{name}"));

  question = mdg_catalog_lookup_question (catalog, FALSE, MDG_ANSWER_REQUESTED_CERTIFICATES);
  g_assert_cmpint (question->kind, ==, MDG_QUESTION_MULTI_CHOICE);
  g_assert_cmpuint (question->choices->len, ==, 4);
}

static char *
read_source (const char *name)
{
  g_autofree char *path = g_build_filename (g_getenv ("MDG_CATALOG_DIR"), name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

/* The line (1-based) of the first occurrence of @needle. */
static guint
line_of (const char *text,
         const char *needle)
{
  const char *at = strstr (text, needle);
  guint line = 1;

  g_assert_nonnull (at);
  for (const char *p = text; p < at; p++)
    line += *p == '\n';

  return line;
}

static char *
replace_once (const char *text,
              const char *from,
              const char *to)
{
  const char *at = strstr (text, from);

  g_assert_nonnull (at);
  return g_strdup_printf ("%.*s%s%s", (int) (at - text), text, to, at + strlen (from));
}

/* A broken catalog file is refused with file, line and field. */
static void
test_catalog_malformed (void)
{
  static const struct {
    const char *file;
    const char *from;
    const char *to;
    const char *mark;     /* the line the error must name: where this is */
    const char *field;    /* the field path the message names */
  } rows[] = {
    { "procedures.json", "\"department\": \"区民課\"", "\"department\": \"市民課\"",
      "\"department\": \"市民課\"", "resident_move_in: unknown value \"市民課\" for \"department\"" },
    { "procedures.json", "\"insurance\": \"nhi\"", "\"insurence\": \"nhi\"",
      "\"insurence\"", "nhi_enroll_move_in.members.where: unknown operator \"insurence\"" },
    { "procedures.json", "\"phase\": 1,", "\"phase\": 3,",
      "\"phase\": 3", "resident_move_in: \"phase\" must be 1 or 2" },
    { "procedures.json", "\"days\": 14", "\"days\": -1",
      "\"days\": -1", "resident_move_in.deadline: \"days\" must be a number of days" },
    { "procedures.json", "\"of\": \"movers\"", "\"of\": \"passengers\"",
      "\"of\": \"passengers\"", "resident_move_in.members: unknown value \"passengers\"" },
    { "procedures.json", "\"id\": \"resident_move_out\"", "\"id\": \"resident_move_in\"",
      "\"id\": \"resident_move_in\",\n      \"department\": \"区民課\",\n      \"phase\": 1,\n      \"mode\": \"onestop\",\n      \"name\": \"転出届\"",
      "the id \"resident_move_in\" is used twice" },
    { "procedures.json", "\"legal_basis\": \"住民基本台帳法第22条\",", "\"legal_basis\": \"住民基本台帳法第22条\", \"colour\": \"red\",",
      "\"colour\"", "resident_move_in: unknown field \"colour\"" },
    { "interview.json", "\"kind\": \"boolean\"", "\"kind\": \"yes_no\"",
      "\"kind\": \"yes_no\"", "questions[0]: unknown value \"yes_no\" for \"kind\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dir = g_dir_make_tmp ("mdg-catalog-XXXXXX", &error);
      g_autofree char *procedures = read_source ("procedures.json");
      g_autofree char *interview = read_source ("interview.json");
      g_autofree char *broken = NULL;
      g_autofree char *expected = NULL;
      g_autofree char *procedures_path = g_build_filename (dir, "procedures.json", NULL);
      g_autofree char *interview_path = g_build_filename (dir, "interview.json", NULL);
      g_autoptr(MdgCatalog) catalog = NULL;
      gboolean is_procedures = strcmp (rows[i].file, "procedures.json") == 0;

      g_test_message ("row %u: %s → %s", i, rows[i].from, rows[i].to);
      g_assert_no_error (error);
      broken = replace_once (is_procedures ? procedures : interview, rows[i].from, rows[i].to);
      g_file_set_contents (procedures_path, is_procedures ? broken : procedures, -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (interview_path, is_procedures ? interview : broken, -1, &error);
      g_assert_no_error (error);

      catalog = mdg_catalog_new_from_dir (dir, &error);
      g_assert_null (catalog);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);

      expected = g_strdup_printf ("%s:%u: ", rows[i].file, line_of (broken, rows[i].mark));
      if (!g_str_has_prefix (error->message, expected) || !strstr (error->message, rows[i].field))
        g_error ("row %u: \"%s\", expected \"%s… %s…\"", i, error->message, expected, rows[i].field);

      g_unlink (procedures_path);
      g_unlink (interview_path);
      g_rmdir (dir);
    }
}

static void
test_catalog_not_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("mdg-catalog-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "procedures.json", NULL);
  g_autoptr(MdgCatalog) catalog = NULL;

  g_file_set_contents (path, "{\n  \"procedures\": [\n    {,}\n  ]\n}\n", -1, &error);
  g_assert_no_error (error);
  catalog = mdg_catalog_new_from_dir (dir, &error);
  g_assert_null (catalog);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
  g_assert_true (g_str_has_prefix (error->message, "procedures.json: not valid JSON: "));
  /* json-glib names the line: 3 */
  g_assert_nonnull (strstr (error->message, ":3:"));
  g_clear_error (&error);

  g_unlink (path);
  catalog = mdg_catalog_new_from_dir (dir, &error);
  g_assert_null (catalog);
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
  g_assert_nonnull (strstr (error->message, "cannot read the catalog file"));
  g_rmdir (dir);
}

void
test_catalog_register (void)
{
  g_test_add_func ("/mdg/core/catalog/matches-spec", test_catalog_matches_spec);
  g_test_add_func ("/mdg/core/catalog/deadlines", test_catalog_deadlines);
  g_test_add_func ("/mdg/core/catalog/questions", test_catalog_questions);
  g_test_add_func ("/mdg/core/catalog/malformed", test_catalog_malformed);
  g_test_add_func ("/mdg/core/catalog/not-json", test_catalog_not_json);
}
