/* mdg-date.h: calendar facts of Japanese administration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Dates are MdgDay values: the Julian day number of GDate (1 = 0001-01-01,
 * proleptic Gregorian), so that day arithmetic is integer arithmetic.
 * Everything here is pure computation: no I/O, no locale, thread-safe.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef guint32 MdgDay;

#define MDG_DAY_INVALID ((MdgDay) 0)

/* The first day `madoguchi-tool date` and the wareki formatter accept:
 * 明治6年1月1日, the day Japan adopted the Gregorian calendar. */
#define MDG_DATE_MIN_YEAR 1873
/* The last year a case's dates may fall in (see mdg-case-parse.c). */
#define MDG_DATE_MAX_YEAR 2099

MdgDay    mdg_day_new              (int          year,
                                    int          month,
                                    int          day);
gboolean  mdg_day_is_valid_ymd     (int          year,
                                    int          month,
                                    int          day);
void      mdg_day_to_ymd           (MdgDay       day,
                                    int         *year,
                                    int         *month,
                                    int         *mday);
int       mdg_day_get_year         (MdgDay       day);
/* 0 = Monday … 6 = Sunday */
int       mdg_day_get_weekday      (MdgDay       day);

/* Strict "YYYY-MM-DD" (four-digit year ≥ 1, real calendar day). Returns
 * FALSE and sets @error (MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_DATE)
 * with a message naming the reason. */
gboolean  mdg_day_parse_iso        (const char  *text,
                                    MdgDay      *out_day,
                                    GError     **error);
/* Writes "YYYY-MM-DD" and a NUL into @buf (at least 11 bytes). */
void      mdg_day_format_iso       (MdgDay       day,
                                    char        *buf);
char     *mdg_day_dup_iso          (MdgDay       day) G_GNUC_WARN_UNUSED_RESULT;
/* A birth date as staff type it into a search (mdg-date-query.c):
 * S25.3.10, 昭和25年3月10日, S250310, 3250310 (the era digit of the 住基
 * codes: 1 明治 … 5 令和), 19500310, 1950-03-10, 1950/3/10, in full or half
 * width. FALSE for anything else, "25.3.10" included (no era). */
gboolean  mdg_day_parse_query      (const char  *text,
                                    MdgDay      *out_day);
/* Today in Japan (Asia/Tokyo), whatever the workstation's time zone: the
 * one function here that reads the clock. */
MdgDay    mdg_day_today            (void);

/* Ages under 年齢計算ニ関スル法律. The Nth birthday of someone born on
 * 29 February is 1 March in years without 29 February. */
MdgDay    mdg_date_nth_birthday    (MdgDay       birth,
                                    guint        n);
/* The day the person reaches (達する) age @n: the day before the Nth birthday. */
MdgDay    mdg_date_reach_day       (MdgDay       birth,
                                    guint        n);
/* Completed years at @on: the number of birthdays (as above) on or before @on;
 * -1 when @on is before @birth. */
int       mdg_date_age_at          (MdgDay       birth,
                                    MdgDay       on);
/* "aged N or over at @on": @on is on or after the Nth birthday. */
gboolean  mdg_date_is_aged_at_least (MdgDay      birth,
                                    guint        n,
                                    MdgDay       on);
/* "has reached N at @on": @on is on or after the reach day. */
gboolean  mdg_date_has_reached     (MdgDay       birth,
                                    guint        n,
                                    MdgDay       on);

/* School years run 1 April – 31 March; the school year of @day is named by the
 * calendar year of its 1 April. */
int       mdg_date_school_year     (MdgDay       day);
/* 1 April of the school year in which the child enters elementary school: the
 * first 1 April after the day the child reaches 6 (born 1 April: a year earlier
 * than born 2 April). */
MdgDay    mdg_date_school_entry    (MdgDay       birth);
/* Grade at @on: 1–6 小学校, 7–9 中学校, 10–12 高校相当; ≤ 0 before school. */
int       mdg_date_school_grade    (MdgDay       birth,
                                    MdgDay       on);
/* The first 31 March on or after the day the child reaches @n. */
MdgDay    mdg_date_end_of_school_year_reaching (MdgDay birth,
                                                guint  n);

/* 和暦 ------------------------------------------------------------------ */

typedef enum
{
  MDG_ERA_MEIJI,
  MDG_ERA_TAISHO,
  MDG_ERA_SHOWA,
  MDG_ERA_HEISEI,
  MDG_ERA_REIWA,
} MdgEra;

/* Returns FALSE for a day before 明治6年1月1日. Days after the last known
 * era stay in 令和. */
gboolean     mdg_date_to_wareki    (MdgDay       day,
                                    MdgEra      *era,
                                    int         *era_year,
                                    int         *month,
                                    int         *mday);
const char  *mdg_era_get_name      (MdgEra       era);   /* "令和" */
/* The day of 和暦 @era_year (1: 元年) @month @mday; MDG_DAY_INVALID when
 * there is no such day or it falls outside @era. */
MdgDay       mdg_date_from_wareki  (MdgEra       era,
                                    int          era_year,
                                    int          month,
                                    int          mday);
/* "令和8年1月5日", "令和元年5月1日"; NULL before 明治6年1月1日. */
char        *mdg_date_format_wareki (MdgDay      day) G_GNUC_WARN_UNUSED_RESULT;

/* Holidays and office days ------------------------------------------------ */

/* Years for which the holiday law is encoded. Outside, no day is a holiday. */
#define MDG_HOLIDAY_FIRST_YEAR 1980
#define MDG_HOLIDAY_LAST_YEAR  2099

/* The Japanese name of the national holiday on @day ("元日", "振替休日",
 * "国民の休日", "即位礼正殿の儀の行われる日" …), or NULL. */
const char  *mdg_date_holiday_name (MdgDay       day);
gboolean     mdg_date_is_holiday   (MdgDay       day);
/* Saturday, Sunday, a national holiday, or 29 December – 3 January. */
gboolean     mdg_date_is_office_closed (MdgDay   day);
/* The first day on or after @day on which the office is open. */
MdgDay       mdg_date_next_office_day  (MdgDay   day);

/* "Within @days days of @from": @from + @days, moved past closed days
 * (地方自治法第4条の2). For 戸籍 notices that count the day of the event,
 * pass @days - 1 (出生届 14 days: 13). */
MdgDay       mdg_date_deadline     (MdgDay       from,
                                    guint        days);

G_END_DECLS
