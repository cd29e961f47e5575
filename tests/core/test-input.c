/* test-input.c: limits on outside input (depth, U+0000, lengths, dates)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-case.h"
#include "mdg-core-error.h"
#include "mdg-input.h"
#include "test-core.h"

/* @depth nested lists, one string in the innermost. */
static char *
dup_nested (guint depth)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, '[');
  g_string_append (text, "\"x\"");
  for (guint i = 0; i < depth; i++)
    g_string_append_c (text, ']');
  return g_string_free (text, FALSE);
}

static void
assert_json_error (const char *json,
                   const char *message)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (mdg_json_check (json, strlen (json), 8, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT);
  g_assert_cmpstr (error->message, ==, message);
}

static void
test_input_json (void)
{
  g_autofree char *deep = dup_nested (80000);
  g_autofree char *eight = dup_nested (8);
  g_autoptr(GError) error = NULL;

  g_assert_true (mdg_json_check (eight, strlen (eight), 8, &error));
  g_assert_no_error (error);
  /* brackets and escapes inside strings are text, not structure */
  {
    static const char brackets[] = "{\"a\": \"[[[[[[[[[[\\\"{{{{{{{{{\"}";
    static const char backslash[] = "[\"\\\\u0000 is text after an escaped backslash\"]";

    g_assert_true (mdg_json_check (brackets, strlen (brackets), 2, &error));
    g_assert_true (mdg_json_check (backslash, strlen (backslash), 2, &error));
  }
  g_assert_no_error (error);

  assert_json_error (deep, "[0][0][0][0][0][0][0][0]: nested deeper than 8 levels");
  assert_json_error ("{\"members\": [{\"id\": \"m1\"}, {\"name\": \"a\\u0000b\"}]}",
                     "members[1].name: contains U+0000 (\\u0000)");
  assert_json_error ("{\"answers\": {\"ok\": true, \"a\\u0000\": 1}}",
                     "answers: a key contains U+0000 (\\u0000)");
  assert_json_error ("\"\\u0000\"", "(root): contains U+0000 (\\u0000)");
  g_assert_false (mdg_json_check ("[\"a\0b\"]", 7, 8, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT);
}

static void
test_input_text (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (mdg_input_check_text ("name", "熊本 太郎", 5, &error));
  g_assert_no_error (error);
  g_assert_false (mdg_input_check_text ("members[0].name", "熊本 太郎!", 5, &error));
  g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT);
  g_assert_nonnull (strstr (error->message, "members[0].name: is longer than 5 characters"));
}

/* A case with one member whose "name" is @name (JSON text, quoted) and
 * whose event_date is @date. */
static char *
dup_case (const char *name,
          const char *date)
{
  return g_strdup_printf ("{\"event\": \"move_within_ward\", \"event_date\": \"%s\","
                          " \"visit_date\": \"2026-01-20\", \"members\": [{\"id\": \"m1\","
                          " \"name\": %s, \"birth_date\": \"1873-01-01\"}]}", date, name);
}

static void
test_input_case (void)
{
  static const struct {
    const char *name;
    const char *date;
    const char *message;   /* NULL: accepted */
  } cases[] = {
    { "\"熊本 太郎\"", "2026-01-15", NULL },
    { "\"熊本\\u0000太郎\"", "2026-01-15", "members[0].name: contains U+0000 (\\u0000)" },
    { "\"熊本 太郎\"", "9999-12-31", "event_date: 9999-12-31 is outside 1873-01-01 to 2099-12-31" },
    { "\"熊本 太郎\"", "2099-12-31", NULL },
    { "\"熊本 太郎\"", "2100-01-01", "event_date: 2100-01-01 is outside 1873-01-01 to 2099-12-31" },
    { "\"熊本 太郎\"", "1872-12-31", "event_date: 1872-12-31 is outside 1873-01-01 to 2099-12-31" },
  };
  g_autoptr(GString) longest = g_string_new ("\"");
  g_autofree char *too_long = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *deep = dup_nested (80000);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = dup_case (cases[i].name, cases[i].date);
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCase) kase = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, &error);

      if (cases[i].message == NULL)
        {
          g_assert_no_error (error);
          g_assert_nonnull (kase);
          continue;
        }
      g_assert_null (kase);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }

  /* 100 characters print; 101 are refused, naming the field */
  for (guint i = 0; i < 100; i++)
    g_string_append (longest, "熊");
  g_string_append_c (longest, '"');
  {
    g_autofree char *json = dup_case (longest->str, "2026-01-15");
    g_autoptr(GError) error = NULL;
    g_autoptr(MdgCase) kase = mdg_case_new_from_data (json, -1, MDG_DAY_INVALID, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_utf8_strlen (mdg_case_get_member (kase, 0)->name, -1), ==, 100);
  }
  g_string_insert (longest, 1, "本");
  too_long = dup_case (longest->str, "2026-01-15");
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (mdg_case_new_from_data (too_long, -1, MDG_DAY_INVALID, &error));
    g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
    g_assert_cmpstr (error->message, ==,
                     "members[0].name: is longer than 100 characters, the most a form can print");
  }

  /* 80 000 levels: refused before the parser, which would overflow its stack */
  nested = g_strdup_printf ("{\"event\": \"death\", \"answers\": %s}", deep);
  {
    g_autoptr(GError) error = NULL;

    g_assert_null (mdg_case_new_from_data (nested, -1, MDG_DAY_INVALID, &error));
    g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE);
    g_assert_true (g_str_has_suffix (error->message, ": nested deeper than 32 levels"));
    g_assert_true (g_str_has_prefix (error->message, "answers[0][0]"));
  }
}

void
test_input_register (void)
{
  g_test_add_func ("/mdg/core/input/json", test_input_json);
  g_test_add_func ("/mdg/core/input/text", test_input_text);
  g_test_add_func ("/mdg/core/input/case", test_input_case);
}
