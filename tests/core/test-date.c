/* test-date.c: days, ages, school years, 和暦, holidays and deadlines
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every table row is checked on its own; a wrong row fails the test with a
 * message naming the row, and the other rows are still checked.
 */

#define G_LOG_DOMAIN "test-date"

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-date.h"
#include "test-core.h"

/* Helpers ---------------------------------------------------------------- */

static MdgDay
day_from_iso (const char *iso)
{
  g_autoptr(GError) error = NULL;
  MdgDay day = MDG_DAY_INVALID;

  if (!mdg_day_parse_iso (iso, &day, &error))
    g_error ("Bad date “%s” in a test table: %s", iso, error->message);

  return day;
}

static char *
dup_day (MdgDay day)
{
  if (day == MDG_DAY_INVALID)
    return g_strdup ("MDG_DAY_INVALID");

  return mdg_day_dup_iso (day);
}

static void row_failed (const char *row,
                        const char *format,
                        ...) G_GNUC_PRINTF (2, 3);

static void
row_failed (const char *row,
            const char *format,
            ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* g_test_fail_printf() keeps only the last message; log them all. */
  g_test_message ("FAILED %s: %s", row, what);
  g_test_fail_printf ("%s: %s", row, what);
}

static void
check_day (const char *row,
           MdgDay      got,
           MdgDay      expected)
{
  if (got != expected)
    {
      g_autofree char *got_iso = dup_day (got);
      g_autofree char *expected_iso = dup_day (expected);

      row_failed (row, "got %s, expected %s", got_iso, expected_iso);
    }
}

static void
check_int (const char *row,
           int         got,
           int         expected)
{
  if (got != expected)
    row_failed (row, "got %d, expected %d", got, expected);
}

static void
check_bool (const char *row,
            gboolean    got,
            gboolean    expected)
{
  if (!got != !expected)
    row_failed (row, "got %s, expected %s",
                got ? "TRUE" : "FALSE", expected ? "TRUE" : "FALSE");
}

static void
check_str (const char *row,
           const char *got,
           const char *expected)
{
  if (g_strcmp0 (got, expected) != 0)
    row_failed (row, "got “%s”, expected “%s”",
                got ? got : "(null)", expected ? expected : "(null)");
}

/* Days ------------------------------------------------------------------- */

static void
test_ymd (void)
{
  static const struct {
    int year, month, day;
    gboolean valid;
  } rows[] = {
    { 1, 1, 1, TRUE },
    { 9999, 12, 31, TRUE },
    { 0, 12, 31, FALSE },
    { -1, 1, 1, FALSE },
    { 10000, 1, 1, FALSE },
    { 2026, 0, 1, FALSE },
    { 2026, 13, 1, FALSE },
    { 2026, 1, 0, FALSE },
    { 2026, 1, 31, TRUE },
    { 2026, 1, 32, FALSE },
    { 2026, 4, 30, TRUE },
    { 2026, 4, 31, FALSE },
    { 2026, 2, 28, TRUE },
    { 2026, 2, 29, FALSE },
    { 2024, 2, 29, TRUE },
    { 2024, 2, 30, FALSE },
    { 2000, 2, 29, TRUE },
    { 1900, 2, 29, FALSE },
    { 2100, 2, 29, FALSE },
    { 1600, 2, 29, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_day_is_valid_ymd (%d, %d, %d)",
                                              rows[i].year, rows[i].month, rows[i].day);
      MdgDay day;
      int y = 0, m = 0, d = 0;

      check_bool (row, mdg_day_is_valid_ymd (rows[i].year, rows[i].month, rows[i].day),
                  rows[i].valid);
      if (!rows[i].valid)
        continue;

      day = mdg_day_new (rows[i].year, rows[i].month, rows[i].day);
      mdg_day_to_ymd (day, &y, &m, &d);
      check_int (row, y, rows[i].year);
      check_int (row, m, rows[i].month);
      check_int (row, d, rows[i].day);
      check_int (row, mdg_day_get_year (day), rows[i].year);
    }

  /* The out-parameters may be NULL. */
  mdg_day_to_ymd (mdg_day_new (2026, 1, 5), NULL, NULL, NULL);
}

/* MdgDay promises GDate's Julian numbering; compare day by day over the
 * years we care about, and with a prime stride over all the rest. */
static void
test_gdate (void)
{
  const MdgDay last = mdg_day_new (9999, 12, 31);
  const MdgDay dense_first = mdg_day_new (1868, 1, 1);
  const MdgDay dense_last = mdg_day_new (2101, 12, 31);
  guint n_checked = 0;

  g_assert_cmpuint (mdg_day_new (1, 1, 1), ==, 1);
  g_assert_cmpuint (mdg_day_new (1970, 1, 1), ==, 719163);

  for (MdgDay day = 1; day <= last; day += (day >= dense_first && day < dense_last) ? 1 : 13)
    {
      GDate date;
      int y, m, d;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day);
      mdg_day_to_ymd (day, &y, &m, &d);

      if (y != g_date_get_year (&date) || m != (int) g_date_get_month (&date) ||
          d != g_date_get_day (&date) ||
          mdg_day_get_weekday (day) + 1 != (int) g_date_get_weekday (&date) ||
          mdg_day_new (y, m, d) != day)
        {
          g_autofree char *row = g_strdup_printf ("Julian day %u", day);

          row_failed (row, "is %04d-%02d-%02d, ISO weekday %d; GDate: %04u-%02u-%02u, %u",
                      y, m, d, mdg_day_get_weekday (day) + 1,
                      g_date_get_year (&date), g_date_get_month (&date),
                      g_date_get_day (&date), g_date_get_weekday (&date));
          return;
        }

      n_checked++;
    }

  /* Make sure the loop did not stop early. */
  g_assert_cmpuint (n_checked, >, 300000);
  g_assert_cmpuint (mdg_day_new (9999, 12, 31) - mdg_day_new (1, 1, 1), ==, 3652058);
}

static void
test_weekday (void)
{
  static const struct {
    const char *day;
    int weekday;
  } rows[] = {
    { "0001-01-01", 0 },
    { "1970-01-01", 3 },
    { "2000-01-01", 5 },
    { "2000-02-29", 1 },
    { "2026-01-05", 0 },
    { "2026-05-03", 6 },
    { "2026-12-31", 3 },
    { "9999-12-31", 4 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_day_get_weekday (%s)", rows[i].day);

      check_int (row, mdg_day_get_weekday (day_from_iso (rows[i].day)), rows[i].weekday);
    }
}

static void
test_parse (void)
{
  static const struct {
    const char *text;
    int year, month, day;     /* 0 when the text must be refused */
    const char *message;      /* the exact error message */
  } rows[] = {
    { "2026-01-05", 2026, 1, 5, NULL },
    { "0001-01-01", 1, 1, 1, NULL },
    { "9999-12-31", 9999, 12, 31, NULL },
    { "2024-02-29", 2024, 2, 29, NULL },
    { "2000-02-29", 2000, 2, 29, NULL },
    { "1873-01-01", 1873, 1, 1, NULL },
    /* Calendar days that do not exist */
    { "2026-02-30", 0, 0, 0, "2026-02-30 does not exist" },
    { "2026-02-29", 0, 0, 0, "2026-02-29 does not exist" },
    { "1900-02-29", 0, 0, 0, "1900-02-29 does not exist" },
    { "2026-04-31", 0, 0, 0, "2026-04-31 does not exist" },
    { "2026-13-01", 0, 0, 0, "2026-13-01 does not exist" },
    { "2026-00-10", 0, 0, 0, "2026-00-10 does not exist" },
    { "2026-01-00", 0, 0, 0, "2026-01-00 does not exist" },
    { "2026-01-32", 0, 0, 0, "2026-01-32 does not exist" },
    { "0000-01-01", 0, 0, 0, "0000-01-01 does not exist" },
    /* Not the form YYYY-MM-DD */
    { "", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-1-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-01-5", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "26-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "02026-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026/01/05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026.01.05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "20260105", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { " 2026-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-01-05 ", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-01-05\n", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-01-05T00:00:00", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "+026-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "-026-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-+1-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "2026-01-0a", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "２０２６-01-05", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
    { "令和8年1月5日", 0, 0, 0, "not a date in the form YYYY-MM-DD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *row = g_strdup_printf ("mdg_day_parse_iso (\"%s\")", rows[i].text);
      MdgDay day = 12345;
      gboolean ok;

      ok = mdg_day_parse_iso (rows[i].text, &day, &error);
      check_bool (row, ok, rows[i].year != 0);

      if (rows[i].year != 0)
        {
          check_day (row, day, mdg_day_new (rows[i].year, rows[i].month, rows[i].day));
          check_bool (row, error == NULL, TRUE);
        }
      else if (error == NULL)
        {
          row_failed (row, "no error set");
        }
      else
        {
          check_bool (row, g_error_matches (error, MDG_CORE_ERROR,
                                            MDG_CORE_ERROR_INVALID_DATE), TRUE);
          check_str (row, error->message, rows[i].message);
          /* Refused input leaves the result alone. */
          check_int (row, (int) day, 12345);
        }
    }

  /* A NULL @out_day just validates. */
  g_assert_true (mdg_day_parse_iso ("2026-01-05", NULL, NULL));
  g_assert_false (mdg_day_parse_iso ("2026-02-30", NULL, NULL));
}

static void
test_format_iso (void)
{
  static const struct {
    int year, month, day;
    const char *iso;
  } rows[] = {
    { 1, 1, 1, "0001-01-01" },
    { 999, 9, 9, "0999-09-09" },
    { 2026, 1, 5, "2026-01-05" },
    { 2024, 2, 29, "2024-02-29" },
    { 9999, 12, 31, "9999-12-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_day_format_iso (%s)", rows[i].iso);
      g_autofree char *dup = NULL;
      MdgDay day = mdg_day_new (rows[i].year, rows[i].month, rows[i].day);
      char buf[11];

      memset (buf, 'x', sizeof buf);
      mdg_day_format_iso (day, buf);
      check_str (row, buf, rows[i].iso);

      dup = mdg_day_dup_iso (day);
      check_str (row, dup, rows[i].iso);
      check_day (row, day_from_iso (dup), day);
    }
}

/* Ages ------------------------------------------------------------------- */

static void
test_birthday (void)
{
  static const struct {
    const char *birth;
    guint n;
    const char *birthday;
    const char *reach;
  } rows[] = {
    /* 29 February births: 1 March in common years, so 28 February to reach */
    { "2000-02-29", 0, "2000-02-29", "2000-02-28" },
    { "2000-02-29", 1, "2001-03-01", "2001-02-28" },
    { "2000-02-29", 4, "2004-02-29", "2004-02-28" },
    { "2000-02-29", 100, "2100-03-01", "2100-02-28" },
    { "2004-02-29", 18, "2022-03-01", "2022-02-28" },
    { "2004-02-29", 20, "2024-02-29", "2024-02-28" },
    { "1960-02-29", 65, "2025-03-01", "2025-02-28" },
    { "1952-02-29", 75, "2027-03-01", "2027-02-28" },
    /* 1 March births reach the age on 29 February in leap years */
    { "1990-03-01", 1, "1991-03-01", "1991-02-28" },
    { "1991-03-01", 1, "1992-03-01", "1992-02-29" },
    { "1959-03-01", 65, "2024-03-01", "2024-02-29" },
    /* 1 April: reaches the age on 31 March */
    { "1961-04-01", 65, "2026-04-01", "2026-03-31" },
    { "2008-04-01", 18, "2026-04-01", "2026-03-31" },
    { "2008-04-02", 18, "2026-04-02", "2026-04-01" },
    /* Across the year */
    { "1990-01-01", 30, "2020-01-01", "2019-12-31" },
    { "1999-12-31", 1, "2000-12-31", "2000-12-30" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row1 = g_strdup_printf ("mdg_date_nth_birthday (%s, %u)",
                                               rows[i].birth, rows[i].n);
      g_autofree char *row2 = g_strdup_printf ("mdg_date_reach_day (%s, %u)",
                                               rows[i].birth, rows[i].n);
      MdgDay birth = day_from_iso (rows[i].birth);

      check_day (row1, mdg_date_nth_birthday (birth, rows[i].n), day_from_iso (rows[i].birthday));
      check_day (row2, mdg_date_reach_day (birth, rows[i].n), day_from_iso (rows[i].reach));
    }
}

static void
test_age (void)
{
  static const struct {
    const char *birth;
    const char *on;
    int age;
  } rows[] = {
    { "2000-02-29", "2000-02-28", -1 },
    { "2000-02-29", "2000-02-29", 0 },
    { "2000-02-29", "2001-02-28", 0 },
    { "2000-02-29", "2001-03-01", 1 },
    { "2000-02-29", "2004-02-28", 3 },
    { "2000-02-29", "2004-02-29", 4 },
    { "2000-02-29", "2100-02-28", 99 },
    { "2000-02-29", "2100-03-01", 100 },
    { "1990-05-15", "2026-05-14", 35 },
    { "1990-05-15", "2026-05-15", 36 },
    { "1961-04-01", "2026-03-31", 64 },
    { "1961-04-01", "2026-04-01", 65 },
    { "1990-12-31", "1991-01-01", 0 },
    { "1990-12-31", "1991-12-31", 1 },
    { "1991-01-01", "1990-12-31", -1 },
    { "0001-01-01", "9999-12-31", 9998 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_age_at (%s, %s)",
                                              rows[i].birth, rows[i].on);

      check_int (row, mdg_date_age_at (day_from_iso (rows[i].birth), day_from_iso (rows[i].on)),
                 rows[i].age);
    }
}

static void
test_aged_reached (void)
{
  static const struct {
    const char *birth;
    guint n;
    const char *on;
    gboolean aged;      /* on or after the Nth birthday */
    gboolean reached;   /* on or after the day before it */
  } rows[] = {
    /* 介護保険 第1号: reaches 65; born 1 April */
    { "1961-04-01", 65, "2026-03-30", FALSE, FALSE },
    { "1961-04-01", 65, "2026-03-31", FALSE, TRUE },
    { "1961-04-01", 65, "2026-04-01", TRUE, TRUE },
    /* 後期高齢者医療: the 75th birthday itself, born on 29 February */
    { "1952-02-29", 75, "2027-02-27", FALSE, FALSE },
    { "1952-02-29", 75, "2027-02-28", FALSE, TRUE },
    { "1952-02-29", 75, "2027-03-01", TRUE, TRUE },
    { "1956-02-29", 70, "2026-02-28", FALSE, TRUE },
    { "1956-02-29", 70, "2026-03-01", TRUE, TRUE },
    /* 29 February birth, Nth birthday in a leap year */
    { "1960-02-29", 64, "2024-02-27", FALSE, FALSE },
    { "1960-02-29", 64, "2024-02-28", FALSE, TRUE },
    { "1960-02-29", 64, "2024-02-29", TRUE, TRUE },
    /* n = 0 */
    { "2026-01-05", 0, "2026-01-04", FALSE, TRUE },
    { "2026-01-05", 0, "2026-01-05", TRUE, TRUE },
    /* A birthday past 9999 is never reached */
    { "2026-01-05", 9000, "9999-12-31", FALSE, FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row1 = g_strdup_printf ("mdg_date_is_aged_at_least (%s, %u, %s)",
                                               rows[i].birth, rows[i].n, rows[i].on);
      g_autofree char *row2 = g_strdup_printf ("mdg_date_has_reached (%s, %u, %s)",
                                               rows[i].birth, rows[i].n, rows[i].on);
      MdgDay birth = day_from_iso (rows[i].birth);
      MdgDay on = day_from_iso (rows[i].on);

      check_bool (row1, mdg_date_is_aged_at_least (birth, rows[i].n, on), rows[i].aged);
      check_bool (row2, mdg_date_has_reached (birth, rows[i].n, on), rows[i].reached);
    }
}

/* School ----------------------------------------------------------------- */

static void
test_school_year (void)
{
  static const struct {
    const char *day;
    int school_year;
  } rows[] = {
    { "2026-01-01", 2025 },
    { "2026-03-31", 2025 },
    { "2026-04-01", 2026 },
    { "2026-12-31", 2026 },
    { "2024-02-29", 2023 },
    { "0001-04-01", 1 },
    { "0001-03-31", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_school_year (%s)", rows[i].day);

      check_int (row, mdg_date_school_year (day_from_iso (rows[i].day)), rows[i].school_year);
    }
}

static void
test_school_entry (void)
{
  static const struct {
    const char *birth;
    const char *entry;
  } rows[] = {
    /* Born 1 April: reaches 6 on 31 March, enters the next day */
    { "2019-04-01", "2025-04-01" },
    /* Born 2 April: reaches 6 on 1 April itself, so a year later */
    { "2019-04-02", "2026-04-01" },
    { "2019-03-31", "2025-04-01" },
    { "2018-04-02", "2025-04-01" },
    { "2019-01-01", "2025-04-01" },
    { "2019-12-31", "2026-04-01" },
    /* 29 February: reaches 6 on 28 February */
    { "2020-02-29", "2026-04-01" },
    { "2016-02-29", "2022-04-01" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_school_entry (%s)", rows[i].birth);

      check_day (row, mdg_date_school_entry (day_from_iso (rows[i].birth)),
                 day_from_iso (rows[i].entry));
    }
}

static void
test_school_grade (void)
{
  static const struct {
    const char *birth;
    const char *on;
    int grade;
  } rows[] = {
    { "2019-04-01", "2025-03-31", 0 },
    { "2019-04-01", "2025-04-01", 1 },
    { "2019-04-01", "2026-03-31", 1 },
    { "2019-04-01", "2026-04-01", 2 },
    { "2019-04-01", "2031-03-31", 6 },
    { "2019-04-01", "2031-04-01", 7 },
    { "2019-04-01", "2034-03-31", 9 },
    { "2019-04-01", "2034-04-01", 10 },
    { "2019-04-02", "2025-04-01", 0 },
    { "2019-04-02", "2026-03-31", 0 },
    { "2019-04-02", "2026-04-01", 1 },
    { "2019-04-02", "2032-04-01", 7 },
    { "2019-04-02", "2020-01-01", -6 },
    { "2020-02-29", "2026-04-01", 1 },
    { "2020-02-29", "2026-03-01", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_school_grade (%s, %s)",
                                              rows[i].birth, rows[i].on);

      check_int (row, mdg_date_school_grade (day_from_iso (rows[i].birth),
                                             day_from_iso (rows[i].on)),
                 rows[i].grade);
    }
}

static void
test_school_end_of_year_reaching (void)
{
  static const struct {
    const char *birth;
    guint n;
    const char *end;
  } rows[] = {
    /* Born 1 April: reaches 18 on 31 March, which ends that school year */
    { "2008-04-01", 18, "2026-03-31" },
    /* Born 2 April: reaches 18 on 1 April, a new school year */
    { "2008-04-02", 18, "2027-03-31" },
    { "2008-03-31", 18, "2026-03-31" },
    { "2008-01-01", 18, "2026-03-31" },
    { "2008-01-02", 18, "2026-03-31" },
    { "2007-12-31", 18, "2026-03-31" },
    { "2008-02-29", 18, "2026-03-31" },
    { "2008-12-31", 18, "2027-03-31" },
    /* 中学校 ends in the school year of reaching 15 */
    { "2011-04-01", 15, "2026-03-31" },
    { "2011-04-02", 15, "2027-03-31" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_end_of_school_year_reaching (%s, %u)",
                                              rows[i].birth, rows[i].n);

      check_day (row, mdg_date_end_of_school_year_reaching (day_from_iso (rows[i].birth),
                                                            rows[i].n),
                 day_from_iso (rows[i].end));
    }
}

/* 和暦 -------------------------------------------------------------------- */

static void
test_wareki (void)
{
  static const struct {
    const char *day;
    const char *wareki;   /* NULL: before 明治6年1月1日 */
    MdgEra era;
    int era_year;
  } rows[] = {
    { "0001-01-01", NULL, 0, 0 },
    { "1868-10-23", NULL, 0, 0 },
    { "1872-12-31", NULL, 0, 0 },
    { "1873-01-01", "明治6年1月1日", MDG_ERA_MEIJI, 6 },
    { "1912-07-29", "明治45年7月29日", MDG_ERA_MEIJI, 45 },
    { "1912-07-30", "大正元年7月30日", MDG_ERA_TAISHO, 1 },
    { "1912-12-31", "大正元年12月31日", MDG_ERA_TAISHO, 1 },
    { "1913-01-01", "大正2年1月1日", MDG_ERA_TAISHO, 2 },
    { "1926-12-24", "大正15年12月24日", MDG_ERA_TAISHO, 15 },
    { "1926-12-25", "昭和元年12月25日", MDG_ERA_SHOWA, 1 },
    { "1926-12-31", "昭和元年12月31日", MDG_ERA_SHOWA, 1 },
    { "1927-01-01", "昭和2年1月1日", MDG_ERA_SHOWA, 2 },
    { "1989-01-07", "昭和64年1月7日", MDG_ERA_SHOWA, 64 },
    { "1989-01-08", "平成元年1月8日", MDG_ERA_HEISEI, 1 },
    { "1989-12-31", "平成元年12月31日", MDG_ERA_HEISEI, 1 },
    { "1990-01-01", "平成2年1月1日", MDG_ERA_HEISEI, 2 },
    { "2000-02-29", "平成12年2月29日", MDG_ERA_HEISEI, 12 },
    { "2019-04-30", "平成31年4月30日", MDG_ERA_HEISEI, 31 },
    { "2019-05-01", "令和元年5月1日", MDG_ERA_REIWA, 1 },
    { "2019-12-31", "令和元年12月31日", MDG_ERA_REIWA, 1 },
    { "2020-01-01", "令和2年1月1日", MDG_ERA_REIWA, 2 },
    { "2026-01-05", "令和8年1月5日", MDG_ERA_REIWA, 8 },
    { "2099-12-31", "令和81年12月31日", MDG_ERA_REIWA, 81 },
    { "9999-12-31", "令和7981年12月31日", MDG_ERA_REIWA, 7981 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_format_wareki (%s)", rows[i].day);
      g_autofree char *wareki = NULL;
      MdgDay day = day_from_iso (rows[i].day);
      MdgEra era = (MdgEra) 99;
      int era_year = -1, month = -1, mday = -1;
      int y, m, d;
      gboolean ok;

      wareki = mdg_date_format_wareki (day);
      check_str (row, wareki, rows[i].wareki);

      ok = mdg_date_to_wareki (day, &era, &era_year, &month, &mday);
      check_bool (row, ok, rows[i].wareki != NULL);
      if (!ok)
        continue;

      mdg_day_to_ymd (day, &y, &m, &d);
      check_str (row, mdg_era_get_name (era), mdg_era_get_name (rows[i].era));
      check_int (row, era_year, rows[i].era_year);
      check_int (row, month, m);
      check_int (row, mday, d);
    }
}

static void
test_wareki_names (void)
{
  static const struct {
    MdgEra era;
    const char *name;
  } rows[] = {
    { MDG_ERA_MEIJI, "明治" },
    { MDG_ERA_TAISHO, "大正" },
    { MDG_ERA_SHOWA, "昭和" },
    { MDG_ERA_HEISEI, "平成" },
    { MDG_ERA_REIWA, "令和" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_era_get_name (%d)", rows[i].era);

      check_str (row, mdg_era_get_name (rows[i].era), rows[i].name);
    }
}

/* Day by day from 明治6年 to 2100: the era year goes up by one on 1 January,
 * and drops to 元年 only on the first day of the next era. */
static void
test_wareki_continuity (void)
{
  static const char * const era_starts[] = {
    NULL, "1912-07-30", "1926-12-25", "1989-01-08", "2019-05-01",
  };
  const MdgDay first = mdg_day_new (MDG_DATE_MIN_YEAR, 1, 1);
  const MdgDay last = mdg_day_new (2100, 12, 31);
  MdgEra prev_era = MDG_ERA_MEIJI;
  int prev_year = 0;

  g_assert_true (mdg_date_to_wareki (first, &prev_era, &prev_year, NULL, NULL));
  g_assert_false (mdg_date_to_wareki (first - 1, NULL, NULL, NULL, NULL));

  for (MdgDay day = first + 1; day <= last; day++)
    {
      g_autofree char *iso = mdg_day_dup_iso (day);
      MdgEra era;
      int era_year, month, mday;

      g_assert_true (mdg_date_to_wareki (day, &era, &era_year, &month, &mday));

      if (era != prev_era)
        {
          if (era != prev_era + 1 || era_year != 1 ||
              day != day_from_iso (era_starts[era]))
            row_failed (iso, "era changes from %s%d年 to %s%d年",
                        mdg_era_get_name (prev_era), prev_year,
                        mdg_era_get_name (era), era_year);
        }
      else if (era_year != prev_year + (month == 1 && mday == 1 ? 1 : 0))
        {
          row_failed (iso, "%s%d年 follows %s%d年", mdg_era_get_name (era), era_year,
                      mdg_era_get_name (prev_era), prev_year);
        }

      prev_era = era;
      prev_year = era_year;
    }
}

/* Holidays ---------------------------------------------------------------- */

static void
test_holiday_names (void)
{
  static const struct {
    const char *day;
    const char *name;   /* NULL: not a holiday */
  } rows[] = {
    /* Outside 1980–2099 nothing is a holiday */
    { "1979-01-01", NULL },
    { "1979-12-31", NULL },
    { "2100-01-01", NULL },
    { "1980-01-01", "元日" },
    { "1980-01-15", "成人の日" },
    { "1980-11-23", "勤労感謝の日" },
    { "1980-11-24", "振替休日" },
    /* 1985/1986: 国民の休日 from the law of 1985-12-27, never on a Sunday
     * nor on a 振替休日 until 2006 */
    { "1985-05-04", NULL },
    { "1985-05-06", "振替休日" },
    { "1986-05-04", NULL },
    { "1987-05-04", "振替休日" },
    { "1988-05-04", "国民の休日" },
    { "1991-05-04", "国民の休日" },
    { "1992-05-04", "振替休日" },
    { "1993-05-04", "国民の休日" },
    { "1997-05-04", NULL },
    { "2003-05-04", NULL },
    { "2006-05-04", "国民の休日" },
    /* 1988/1989: 天皇誕生日 moves, みどりの日, 大喪の礼 */
    { "1988-04-29", "天皇誕生日" },
    { "1988-12-23", NULL },
    { "1988-03-21", "振替休日" },
    { "1989-01-02", "振替休日" },
    { "1989-01-16", "振替休日" },
    { "1989-02-24", "昭和天皇の大喪の礼の行われる日" },
    { "1989-04-29", "みどりの日" },
    { "1989-12-23", "天皇誕生日" },
    { "1990-11-12", "即位礼正殿の儀の行われる日" },
    { "1990-12-24", "振替休日" },
    { "1993-06-09", "皇太子徳仁親王の結婚の儀の行われる日" },
    /* 1995/1996: 海の日 */
    { "1995-07-20", NULL },
    { "1996-07-20", "海の日" },
    { "1997-07-20", "海の日" },
    { "1997-07-21", "振替休日" },
    /* 1999/2000: Happy Monday for 成人の日 and 体育の日 */
    { "1999-01-15", "成人の日" },
    { "1999-10-10", "体育の日" },
    { "1999-10-11", "振替休日" },
    { "2000-01-10", "成人の日" },
    { "2000-01-15", NULL },
    { "2000-10-09", "体育の日" },
    { "2000-10-10", NULL },
    /* 2002/2003: Happy Monday for 海の日 and 敬老の日 */
    { "2002-07-20", "海の日" },
    { "2002-09-15", "敬老の日" },
    { "2002-09-16", "振替休日" },
    { "2003-07-20", NULL },
    { "2003-07-21", "海の日" },
    { "2003-09-15", "敬老の日" },
    { "2004-09-15", NULL },
    { "2004-09-20", "敬老の日" },
    /* 2006/2007: 昭和の日, みどりの日 on 5/4, the new 振替休日 rule */
    { "2006-01-02", "振替休日" },
    { "2006-04-29", "みどりの日" },
    { "2007-04-29", "昭和の日" },
    { "2007-04-30", "振替休日" },
    { "2007-05-04", "みどりの日" },
    { "2008-05-04", "みどりの日" },
    { "2008-05-05", "こどもの日" },
    { "2008-05-06", "振替休日" },
    { "2009-09-22", "国民の休日" },
    { "2014-05-06", "振替休日" },
    /* 2015/2016: 山の日 */
    { "2015-08-11", NULL },
    { "2015-09-22", "国民の休日" },
    { "2016-08-11", "山の日" },
    { "2018-12-23", "天皇誕生日" },
    { "2018-12-24", "振替休日" },
    /* 2019: the accession; no 天皇誕生日 at all */
    { "2019-02-23", NULL },
    { "2019-04-30", "国民の休日" },
    { "2019-05-01", "天皇の即位の日" },
    { "2019-05-02", "国民の休日" },
    { "2019-05-06", "振替休日" },
    { "2019-08-12", "振替休日" },
    { "2019-10-14", "体育の日" },
    { "2019-10-22", "即位礼正殿の儀の行われる日" },
    { "2019-11-04", "振替休日" },
    { "2019-12-23", NULL },
    /* 2020 and 2021: the Olympic moves, スポーツの日 */
    { "2020-02-23", "天皇誕生日" },
    { "2020-02-24", "振替休日" },
    { "2020-07-20", NULL },
    { "2020-07-23", "海の日" },
    { "2020-07-24", "スポーツの日" },
    { "2020-08-10", "山の日" },
    { "2020-08-11", NULL },
    { "2020-10-12", NULL },
    { "2021-07-19", NULL },
    { "2021-07-22", "海の日" },
    { "2021-07-23", "スポーツの日" },
    { "2021-08-08", "山の日" },
    { "2021-08-09", "振替休日" },
    { "2021-08-11", NULL },
    { "2021-10-11", NULL },
    { "2022-10-10", "スポーツの日" },
    { "2023-01-02", "振替休日" },
    { "2024-09-22", "秋分の日" },
    { "2024-09-23", "振替休日" },
    { "2025-11-24", "振替休日" },
    { "2026-09-22", "国民の休日" },
    { "2032-09-21", "国民の休日" },
    { "2099-09-22", "国民の休日" },
    { "2099-12-23", NULL },
    { "2099-12-31", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_holiday_name (%s)", rows[i].day);
      MdgDay day = day_from_iso (rows[i].day);

      check_str (row, mdg_date_holiday_name (day), rows[i].name);
      check_bool (row, mdg_date_is_holiday (day), rows[i].name != NULL);
    }
}

static void
test_holiday_equinox (void)
{
  static const struct {
    int year;
    int shunbun;   /* March */
    int shubun;    /* September */
  } rows[] = {
    { 1980, 20, 23 },
    { 1981, 21, 23 },
    { 1984, 20, 23 },
    { 1988, 20, 23 },
    { 1992, 20, 23 },
    { 2000, 20, 23 },
    { 2010, 21, 23 },
    { 2012, 20, 22 },
    { 2016, 20, 22 },
    { 2019, 21, 23 },
    { 2020, 20, 22 },
    { 2023, 21, 23 },
    { 2024, 20, 22 },
    { 2025, 20, 23 },
    { 2026, 20, 23 },
    { 2027, 21, 23 },
    { 2028, 20, 22 },
    { 2030, 20, 23 },
    { 2044, 20, 22 },
    { 2092, 19, 22 },
    { 2096, 19, 22 },
    { 2099, 20, 23 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row1 = g_strdup_printf ("March day of 春分の日 %d", rows[i].year);
      g_autofree char *row2 = g_strdup_printf ("September day of 秋分の日 %d", rows[i].year);
      int y = rows[i].year;
      int shunbun = 0, shubun = 0;

      /* 0 if there is none, -1 if there are two */
      for (int d = 18; d <= 24; d++)
        {
          if (g_strcmp0 (mdg_date_holiday_name (mdg_day_new (y, 3, d)), "春分の日") == 0)
            shunbun = shunbun ? -1 : d;
          if (g_strcmp0 (mdg_date_holiday_name (mdg_day_new (y, 9, d)), "秋分の日") == 0)
            shubun = shubun ? -1 : d;
        }

      check_int (row1, shunbun, rows[i].shunbun);
      check_int (row2, shubun, rows[i].shubun);
    }
}

static char *
dup_holidays_of_year (int year)
{
  g_autoptr(GString) list = g_string_new (NULL);
  const MdgDay last = mdg_day_new (year, 12, 31);

  for (MdgDay day = mdg_day_new (year, 1, 1); day <= last; day++)
    {
      const char *name = mdg_date_holiday_name (day);
      int m, d;

      if (name == NULL)
        continue;

      mdg_day_to_ymd (day, NULL, &m, &d);
      g_string_append_printf (list, "%s%d/%d %s", list->len ? ", " : "", m, d, name);
    }

  return g_string_free (g_steal_pointer (&list), FALSE);
}

static void
test_holiday_years (void)
{
  static const struct {
    int year;
    const char *holidays;
  } rows[] = {
    { 1985, "1/1 元日, 1/15 成人の日, 2/11 建国記念の日, 3/21 春分の日, 4/29 天皇誕生日, "
            "5/3 憲法記念日, 5/5 こどもの日, 5/6 振替休日, 9/15 敬老の日, 9/16 振替休日, "
            "9/23 秋分の日, 10/10 体育の日, 11/3 文化の日, 11/4 振替休日, 11/23 勤労感謝の日" },
    { 1986, "1/1 元日, 1/15 成人の日, 2/11 建国記念の日, 3/21 春分の日, 4/29 天皇誕生日, "
            "5/3 憲法記念日, 5/5 こどもの日, 9/15 敬老の日, 9/23 秋分の日, 10/10 体育の日, "
            "11/3 文化の日, 11/23 勤労感謝の日, 11/24 振替休日" },
    { 1988, "1/1 元日, 1/15 成人の日, 2/11 建国記念の日, 3/20 春分の日, 3/21 振替休日, "
            "4/29 天皇誕生日, 5/3 憲法記念日, 5/4 国民の休日, 5/5 こどもの日, 9/15 敬老の日, "
            "9/23 秋分の日, 10/10 体育の日, 11/3 文化の日, 11/23 勤労感謝の日" },
    { 1989, "1/1 元日, 1/2 振替休日, 1/15 成人の日, 1/16 振替休日, 2/11 建国記念の日, "
            "2/24 昭和天皇の大喪の礼の行われる日, 3/21 春分の日, 4/29 みどりの日, "
            "5/3 憲法記念日, 5/4 国民の休日, 5/5 こどもの日, 9/15 敬老の日, 9/23 秋分の日, "
            "10/10 体育の日, 11/3 文化の日, 11/23 勤労感謝の日, 12/23 天皇誕生日" },
    { 2006, "1/1 元日, 1/2 振替休日, 1/9 成人の日, 2/11 建国記念の日, 3/21 春分の日, "
            "4/29 みどりの日, 5/3 憲法記念日, 5/4 国民の休日, 5/5 こどもの日, 7/17 海の日, "
            "9/18 敬老の日, 9/23 秋分の日, 10/9 体育の日, 11/3 文化の日, 11/23 勤労感謝の日, "
            "12/23 天皇誕生日" },
    { 2007, "1/1 元日, 1/8 成人の日, 2/11 建国記念の日, 2/12 振替休日, 3/21 春分の日, "
            "4/29 昭和の日, 4/30 振替休日, 5/3 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, "
            "7/16 海の日, 9/17 敬老の日, 9/23 秋分の日, 9/24 振替休日, 10/8 体育の日, "
            "11/3 文化の日, 11/23 勤労感謝の日, 12/23 天皇誕生日, 12/24 振替休日" },
    { 2019, "1/1 元日, 1/14 成人の日, 2/11 建国記念の日, 3/21 春分の日, 4/29 昭和の日, "
            "4/30 国民の休日, 5/1 天皇の即位の日, 5/2 国民の休日, 5/3 憲法記念日, "
            "5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日, 7/15 海の日, 8/11 山の日, "
            "8/12 振替休日, 9/16 敬老の日, 9/23 秋分の日, 10/14 体育の日, "
            "10/22 即位礼正殿の儀の行われる日, 11/3 文化の日, 11/4 振替休日, "
            "11/23 勤労感謝の日" },
    { 2020, "1/1 元日, 1/13 成人の日, 2/11 建国記念の日, 2/23 天皇誕生日, 2/24 振替休日, "
            "3/20 春分の日, 4/29 昭和の日, 5/3 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, "
            "5/6 振替休日, 7/23 海の日, 7/24 スポーツの日, 8/10 山の日, 9/21 敬老の日, "
            "9/22 秋分の日, 11/3 文化の日, 11/23 勤労感謝の日" },
    { 2021, "1/1 元日, 1/11 成人の日, 2/11 建国記念の日, 2/23 天皇誕生日, 3/20 春分の日, "
            "4/29 昭和の日, 5/3 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, 7/22 海の日, "
            "7/23 スポーツの日, 8/8 山の日, 8/9 振替休日, 9/20 敬老の日, 9/23 秋分の日, "
            "11/3 文化の日, 11/23 勤労感謝の日" },
    { 2026, "1/1 元日, 1/12 成人の日, 2/11 建国記念の日, 2/23 天皇誕生日, 3/20 春分の日, "
            "4/29 昭和の日, 5/3 憲法記念日, 5/4 みどりの日, 5/5 こどもの日, 5/6 振替休日, "
            "7/20 海の日, 8/11 山の日, 9/21 敬老の日, 9/22 国民の休日, 9/23 秋分の日, "
            "10/12 スポーツの日, 11/3 文化の日, 11/23 勤労感謝の日" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("holidays of %d", rows[i].year);
      g_autofree char *holidays = dup_holidays_of_year (rows[i].year);

      check_str (row, holidays, rows[i].holidays);
    }
}

static int
count_holidays (int year)
{
  const MdgDay last = mdg_day_new (year, 12, 31);
  int n = 0;

  for (MdgDay day = mdg_day_new (year, 1, 1); day <= last; day++)
    {
      if (mdg_date_is_holiday (day))
        n++;
    }

  return n;
}

static void
test_holiday_counts (void)
{
  static const struct {
    int year;
    int count;
  } rows[] = {
    { 1979, 0 },
    { 1980, 13 },
    { 1985, 15 },
    { 1986, 13 },
    { 1988, 14 },
    { 1989, 17 },
    { 1990, 19 },
    { 1995, 16 },
    { 1996, 19 },
    { 1999, 17 },
    { 2000, 15 },
    { 2002, 18 },
    { 2003, 15 },
    { 2006, 16 },
    { 2007, 19 },
    { 2009, 17 },
    { 2015, 17 },
    { 2016, 17 },
    { 2018, 20 },
    { 2019, 22 },
    { 2020, 18 },
    { 2021, 17 },
    { 2024, 21 },
    { 2025, 19 },
    { 2026, 18 },
    { 2099, 18 },
    { 2100, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("number of holidays in %d", rows[i].year);

      check_int (row, count_holidays (rows[i].year), rows[i].count);
    }
}

/* Rules that must hold in every year, checked against the table as a whole. */
static void
test_holiday_rules (void)
{
  const MdgDay first = mdg_day_new (MDG_HOLIDAY_FIRST_YEAR, 1, 1);
  const MdgDay last = mdg_day_new (MDG_HOLIDAY_LAST_YEAR, 12, 31);
  const MdgDay law_1985 = mdg_day_new (1985, 12, 27);
  const MdgDay law_2007 = mdg_day_new (2007, 1, 1);

  for (MdgDay day = first; day <= last; day++)
    {
      g_autofree char *iso = mdg_day_dup_iso (day);
      const char *name = mdg_date_holiday_name (day);
      const char *prev = mdg_date_holiday_name (day - 1);
      const char *next = mdg_date_holiday_name (day + 1);
      gboolean prev_shukujitsu = prev != NULL && g_strcmp0 (prev, "振替休日") != 0 &&
                                 g_strcmp0 (prev, "国民の休日") != 0;
      gboolean next_shukujitsu = next != NULL && g_strcmp0 (next, "振替休日") != 0 &&
                                 g_strcmp0 (next, "国民の休日") != 0;

      if (g_strcmp0 (name, "振替休日") == 0)
        {
          /* Walk back over the 祝日 to the Sunday that caused it. */
          MdgDay back = day - 1;

          while (mdg_date_holiday_name (back) != NULL && mdg_day_get_weekday (back) != 6)
            back--;

          if (mdg_date_holiday_name (back) == NULL || (day < law_2007 && back != day - 1))
            row_failed (iso, "振替休日 without a 祝日 on the Sunday before");
        }
      else if (g_strcmp0 (name, "国民の休日") == 0)
        {
          if (!prev_shukujitsu || !next_shukujitsu)
            row_failed (iso, "国民の休日 not between two 祝日");
          if (day < law_2007 && mdg_day_get_weekday (day) == 6)
            row_failed (iso, "国民の休日 on a Sunday before 2007");
        }
      else if (name == NULL && prev_shukujitsu && next_shukujitsu && day >= law_1985 &&
               (day >= law_2007 || mdg_day_get_weekday (day) != 6))
        {
          row_failed (iso, "a day between two 祝日 is not a holiday");
        }

      /* From 2007 a Sunday 祝日 is always followed, after any further 祝日,
       * by a 振替休日. */
      if (day >= law_2007 && name != NULL && mdg_day_get_weekday (day) == 6 &&
          g_strcmp0 (name, "国民の休日") != 0)
        {
          MdgDay after = day + 1;

          while (mdg_date_holiday_name (after) != NULL &&
                 g_strcmp0 (mdg_date_holiday_name (after), "振替休日") != 0)
            after++;

          if (g_strcmp0 (mdg_date_holiday_name (after), "振替休日") != 0)
            row_failed (iso, "Sunday 祝日 without a 振替休日");
        }
    }

  for (int year = MDG_HOLIDAY_FIRST_YEAR; year <= MDG_HOLIDAY_LAST_YEAR; year++)
    {
      g_autofree char *row = g_strdup_printf ("number of holidays in %d", year);
      int n = count_holidays (year);

      if (n < 12 || n > 22)
        row_failed (row, "%d is implausible", n);
    }
}

static gpointer
count_all_holidays_worker (gpointer data)
{
  int n = 0;

  for (int year = MDG_HOLIDAY_FIRST_YEAR; year <= MDG_HOLIDAY_LAST_YEAR; year++)
    n += count_holidays (year);

  return GINT_TO_POINTER (n);
}

/* The table is built on first use; in a fresh process, let several threads
 * race to be first. */
static void
test_holiday_threads (void)
{
  if (g_test_subprocess ())
    {
      GThread *threads[8];
      int expected;

      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        threads[i] = g_thread_new ("holidays", count_all_holidays_worker, NULL);

      expected = GPOINTER_TO_INT (count_all_holidays_worker (NULL));
      for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
        g_assert_cmpint (GPOINTER_TO_INT (g_thread_join (threads[i])), ==, expected);

      g_assert_cmpint (count_holidays (2019), ==, 22);
      return;
    }

  g_test_trap_subprocess (NULL, 0, 0);
  g_test_trap_assert_passed ();
}

/* Office days and deadlines ----------------------------------------------- */

static void
test_office_closed (void)
{
  static const struct {
    const char *day;
    gboolean closed;
  } rows[] = {
    { "2026-01-05", FALSE },   /* Monday */
    { "2026-01-09", FALSE },   /* Friday */
    { "2026-01-10", TRUE },    /* Saturday */
    { "2026-01-11", TRUE },    /* Sunday */
    { "2026-01-12", TRUE },    /* 成人の日 */
    { "2026-01-13", FALSE },
    { "2026-09-22", TRUE },    /* 国民の休日 */
    { "2026-05-06", TRUE },    /* 振替休日 */
    { "2026-12-28", FALSE },   /* 仕事納め */
    { "2026-12-29", TRUE },
    { "2026-12-31", TRUE },
    { "2027-01-01", TRUE },
    { "2027-01-03", TRUE },
    { "2027-01-04", FALSE },   /* 仕事始め */
    /* Outside the holiday table: weekends and the year end only */
    { "1979-05-03", FALSE },
    { "1979-12-28", FALSE },
    { "1979-12-29", TRUE },
    { "2100-01-01", TRUE },
    { "2100-01-04", FALSE },
    { "2100-05-03", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_is_office_closed (%s)", rows[i].day);

      check_bool (row, mdg_date_is_office_closed (day_from_iso (rows[i].day)), rows[i].closed);
    }
}

static void
test_deadline (void)
{
  static const struct {
    const char *from;
    guint days;
    const char *deadline;
  } rows[] = {
    /* Open days stay */
    { "2026-01-05", 0, "2026-01-05" },
    { "2026-12-14", 14, "2026-12-28" },
    { "2026-03-01", 60, "2026-04-30" },
    { "2026-01-05", 365, "2027-01-05" },
    /* Weekend */
    { "2026-01-16", 1, "2026-01-19" },
    /* Year end: 29 December – 3 January */
    { "2026-12-20", 14, "2027-01-04" },
    { "2026-12-15", 14, "2027-01-04" },
    { "2026-01-03", 0, "2026-01-05" },
    { "1999-12-31", 0, "2000-01-04" },
    { "2019-12-28", 0, "2020-01-06" },
    { "1979-12-28", 1, "1980-01-04" },
    { "2099-12-28", 0, "2099-12-28" },
    { "2099-12-28", 4, "2100-01-04" },
    /* Golden Week */
    { "2026-04-15", 14, "2026-04-30" },
    { "2026-04-18", 14, "2026-05-07" },
    { "2019-04-13", 14, "2019-05-07" },
    /* 出生届: 14 days counting the birth date */
    { "2026-04-20", 13, "2026-05-07" },
    /* Three-day weekends and Silver Week */
    { "2025-12-27", 14, "2026-01-13" },
    { "2026-09-05", 14, "2026-09-24" },
    { "2021-08-06", 1, "2021-08-10" },
    /* 2020: 海の日 had moved away from its Monday */
    { "2020-07-18", 2, "2020-07-20" },
    { "2020-07-20", 2, "2020-07-22" },
    { "2020-07-21", 2, "2020-07-27" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *row = g_strdup_printf ("mdg_date_deadline (%s, %u)",
                                              rows[i].from, rows[i].days);
      MdgDay from = day_from_iso (rows[i].from);
      MdgDay deadline = day_from_iso (rows[i].deadline);

      check_day (row, mdg_date_deadline (from, rows[i].days), deadline);
      check_day (row, mdg_date_next_office_day (from + rows[i].days), deadline);
    }
}

/* Programmer errors ------------------------------------------------------- */

static void
test_preconditions (void)
{
  char buf[11] = "unchanged";

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpuint (mdg_day_new (2026, 2, 30), ==, MDG_DAY_INVALID);
  g_test_assert_expected_messages ();

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpint (mdg_day_get_weekday (MDG_DAY_INVALID), ==, -1);
  g_test_assert_expected_messages ();

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  mdg_day_format_iso (MDG_DAY_INVALID, buf);
  g_test_assert_expected_messages ();
  g_assert_cmpstr (buf, ==, "unchanged");

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_null (mdg_era_get_name ((MdgEra) 99));
  g_test_assert_expected_messages ();

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpuint (mdg_date_nth_birthday (day_from_iso ("9999-01-01"), 1), ==,
                    MDG_DAY_INVALID);
  g_test_assert_expected_messages ();

  /* No office day after 9999-12-28 */
  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpuint (mdg_date_deadline (day_from_iso ("9999-12-28"), 1), ==, MDG_DAY_INVALID);
  g_test_assert_expected_messages ();

  g_test_expect_message ("mdg-date", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_assert_cmpuint (mdg_date_deadline (day_from_iso ("2026-01-05"), G_MAXUINT), ==,
                    MDG_DAY_INVALID);
  g_test_assert_expected_messages ();
}

void
test_date_register (void)
{
  g_test_add_func ("/mdg/core/date/day/ymd", test_ymd);
  g_test_add_func ("/mdg/core/date/day/gdate", test_gdate);
  g_test_add_func ("/mdg/core/date/day/weekday", test_weekday);
  g_test_add_func ("/mdg/core/date/parse", test_parse);
  g_test_add_func ("/mdg/core/date/format-iso", test_format_iso);
  g_test_add_func ("/mdg/core/date/age/birthday", test_birthday);
  g_test_add_func ("/mdg/core/date/age/age-at", test_age);
  g_test_add_func ("/mdg/core/date/age/aged-reached", test_aged_reached);
  g_test_add_func ("/mdg/core/date/school/year", test_school_year);
  g_test_add_func ("/mdg/core/date/school/entry", test_school_entry);
  g_test_add_func ("/mdg/core/date/school/grade", test_school_grade);
  g_test_add_func ("/mdg/core/date/school/end-of-year-reaching",
                   test_school_end_of_year_reaching);
  g_test_add_func ("/mdg/core/date/wareki/format", test_wareki);
  g_test_add_func ("/mdg/core/date/wareki/era-names", test_wareki_names);
  g_test_add_func ("/mdg/core/date/wareki/continuity", test_wareki_continuity);
  g_test_add_func ("/mdg/core/date/holidays/names", test_holiday_names);
  g_test_add_func ("/mdg/core/date/holidays/equinox", test_holiday_equinox);
  g_test_add_func ("/mdg/core/date/holidays/years", test_holiday_years);
  g_test_add_func ("/mdg/core/date/holidays/counts", test_holiday_counts);
  g_test_add_func ("/mdg/core/date/holidays/rules", test_holiday_rules);
  g_test_add_func ("/mdg/core/date/holidays/threads", test_holiday_threads);
  g_test_add_func ("/mdg/core/date/deadline/office-closed", test_office_closed);
  g_test_add_func ("/mdg/core/date/deadline/deadline", test_deadline);
  g_test_add_func ("/mdg/core/date/preconditions", test_preconditions);
}
