/* mdg-date.c: calendar facts of Japanese administration
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-date"

#include "config.h"

#include "mdg-core-error.h"
#include "mdg-date.h"

/* MdgDay covers 0001-01-01 … 9999-12-31, so that every day has a
 * four-digit "YYYY-MM-DD" form. */
#define MAX_YEAR 9999
#define MAX_DAY  ((MdgDay) 3652059)

/* Weekdays as mdg_day_get_weekday() numbers them (0 = Monday). */
#define WEEKDAY_SATURDAY 5
#define WEEKDAY_SUNDAY   6

/* Holidays ---------------------------------------------------------------- */

typedef enum
{
  HOLIDAY_NONE,
  HOLIDAY_GANJITSU,
  HOLIDAY_SEIJIN,
  HOLIDAY_KENKOKU,
  HOLIDAY_TENNO_TANJOBI,
  HOLIDAY_SHUNBUN,
  HOLIDAY_MIDORI,
  HOLIDAY_SHOWA,
  HOLIDAY_KENPO,
  HOLIDAY_KODOMO,
  HOLIDAY_UMI,
  HOLIDAY_YAMA,
  HOLIDAY_KEIRO,
  HOLIDAY_SHUBUN,
  HOLIDAY_TAIIKU,
  HOLIDAY_SPORTS,
  HOLIDAY_BUNKA,
  HOLIDAY_KINRO_KANSHA,
  HOLIDAY_TAISO_NO_REI,
  HOLIDAY_SOKUIREI_SEIDEN_NO_GI,
  HOLIDAY_KEKKON_NO_GI,
  HOLIDAY_SOKUI_NO_HI,
  /* The two 休日 that are not 国民の祝日; keep them last, see is_shukujitsu(). */
  HOLIDAY_FURIKAE,
  HOLIDAY_KOKUMIN,
  N_HOLIDAYS
} Holiday;

static const char * const holiday_names[N_HOLIDAYS] = {
  [HOLIDAY_NONE] = NULL,
  [HOLIDAY_GANJITSU] = "元日",
  [HOLIDAY_SEIJIN] = "成人の日",
  [HOLIDAY_KENKOKU] = "建国記念の日",
  [HOLIDAY_TENNO_TANJOBI] = "天皇誕生日",
  [HOLIDAY_SHUNBUN] = "春分の日",
  [HOLIDAY_MIDORI] = "みどりの日",
  [HOLIDAY_SHOWA] = "昭和の日",
  [HOLIDAY_KENPO] = "憲法記念日",
  [HOLIDAY_KODOMO] = "こどもの日",
  [HOLIDAY_UMI] = "海の日",
  [HOLIDAY_YAMA] = "山の日",
  [HOLIDAY_KEIRO] = "敬老の日",
  [HOLIDAY_SHUBUN] = "秋分の日",
  [HOLIDAY_TAIIKU] = "体育の日",
  [HOLIDAY_SPORTS] = "スポーツの日",
  [HOLIDAY_BUNKA] = "文化の日",
  [HOLIDAY_KINRO_KANSHA] = "勤労感謝の日",
  [HOLIDAY_TAISO_NO_REI] = "昭和天皇の大喪の礼の行われる日",
  [HOLIDAY_SOKUIREI_SEIDEN_NO_GI] = "即位礼正殿の儀の行われる日",
  [HOLIDAY_KEKKON_NO_GI] = "皇太子徳仁親王の結婚の儀の行われる日",
  [HOLIDAY_SOKUI_NO_HI] = "天皇の即位の日",
  [HOLIDAY_FURIKAE] = "振替休日",
  [HOLIDAY_KOKUMIN] = "国民の休日",
};

/* One byte per day from 1980-01-01 to 2099-12-31: the Holiday in the low
 * bits, and whether the office is closed. Built once, on first use, and
 * read-only afterwards, so lookups need no lock. */
#define TABLE_FIRST_DAY ((MdgDay) 722815)   /* 1980-01-01 */
#define TABLE_N_DAYS    43830               /* up to 2100-01-01 */
#define TABLE_HOLIDAY_MASK 0x3f
#define TABLE_CLOSED       0x80

G_STATIC_ASSERT (N_HOLIDAYS <= TABLE_HOLIDAY_MASK);

static guint8 day_table[TABLE_N_DAYS];
static gsize day_table_ready;

/* 和暦 -------------------------------------------------------------------- */

typedef struct
{
  const char *name;
  int         year;
  int         month;
  int         mday;
} EraStart;

static const EraStart eras[] = {
  [MDG_ERA_MEIJI] = { "明治", 1868, 10, 23 },
  [MDG_ERA_TAISHO] = { "大正", 1912, 7, 30 },
  [MDG_ERA_SHOWA] = { "昭和", 1926, 12, 25 },
  [MDG_ERA_HEISEI] = { "平成", 1989, 1, 8 },
  [MDG_ERA_REIWA] = { "令和", 2019, 5, 1 },
};

/* Civil date arithmetic --------------------------------------------------- */

static inline gboolean
is_leap_year (int year)
{
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static inline int
days_in_month (int year,
               int month)
{
  static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

  if (month == 2 && is_leap_year (year))
    return 29;

  return days[month - 1];
}

static inline gboolean
day_is_valid (MdgDay day)
{
  return day >= 1 && day <= MAX_DAY;
}

/* Days are counted in 400-year cycles of the Gregorian calendar that start on
 * 1 March, so that a leap day is the last day of its year (H. Hinnant,
 * "chrono-compatible low-level date algorithms"). Year 0 starts on 0000-03-01,
 * day 306 before 0001-01-01. */
static inline MdgDay
day_from_ymd (int year,
              int month,
              int mday)
{
  int y = month <= 2 ? year - 1 : year;
  int era = y / 400;
  int yoe = y - era * 400;
  int doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + mday - 1;
  int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;

  return (MdgDay) (era * 146097 + doe - 305);
}

static inline void
ymd_from_day (MdgDay  day,
              int    *year,
              int    *month,
              int    *mday)
{
  int z = (int) day + 305;
  int era = z / 146097;
  int doe = z - era * 146097;
  int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int mp = (5 * doy + 2) / 153;
  int m = mp < 10 ? mp + 3 : mp - 9;

  *year = yoe + era * 400 + (m <= 2 ? 1 : 0);
  *month = m;
  *mday = doy - (153 * mp + 2) / 5 + 1;
}

static inline int
weekday_of (MdgDay day)
{
  /* 0001-01-01 was a Monday. */
  return (int) ((day - 1) % 7);
}

/* The @nth (1-based) @weekday of @month, e.g. the 2nd Monday of January. */
static MdgDay
nth_weekday_of_month (int year,
                      int month,
                      int weekday,
                      int nth)
{
  MdgDay first = day_from_ymd (year, month, 1);
  int offset = (weekday - weekday_of (first) + 7) % 7;

  return first + (MdgDay) (offset + 7 * (nth - 1));
}

/* The @n-th birthday of someone born on @by-@bm-@bd: in years without
 * 29 February, a 29 February birthday is 1 March (年齢計算ニ関スル法律 and
 * 民法第143条: a period counted in years ends on the day before the
 * anniversary, or at the end of the month when there is no such day).
 * MDG_DAY_INVALID past 9999. */
static MdgDay
birthday_in_year (int by,
                  int bm,
                  int bd,
                  int year)
{
  if (year > MAX_YEAR)
    return MDG_DAY_INVALID;

  if (bm == 2 && bd == 29 && !is_leap_year (year))
    return day_from_ymd (year, 3, 1);

  return day_from_ymd (year, bm, bd);
}

static MdgDay
nth_birthday (MdgDay birth,
              guint  n)
{
  int by, bm, bd;

  ymd_from_day (birth, &by, &bm, &bd);

  if (n > (guint) (MAX_YEAR - by))
    return MDG_DAY_INVALID;

  return birthday_in_year (by, bm, bd, by + (int) n);
}

static MdgDay
reach_day (MdgDay birth,
           guint  n)
{
  MdgDay birthday = nth_birthday (birth, n);

  /* The day before 0001-01-01 is not a day either. */
  return birthday == MDG_DAY_INVALID ? MDG_DAY_INVALID : birthday - 1;
}

/* Days ------------------------------------------------------------------- */

gboolean
mdg_day_is_valid_ymd (int year,
                      int month,
                      int day)
{
  return year >= 1 && year <= MAX_YEAR &&
         month >= 1 && month <= 12 &&
         day >= 1 && day <= days_in_month (year, month);
}

/**
 * mdg_day_new:
 * @year: 1 – 9999
 * @month: 1 – 12
 * @day: day of the month
 *
 * Returns: the day, or %MDG_DAY_INVALID (with a critical) when the date
 *   does not exist; check user input with mdg_day_is_valid_ymd() first.
 */
MdgDay
mdg_day_new (int year,
             int month,
             int day)
{
  g_return_val_if_fail (mdg_day_is_valid_ymd (year, month, day), MDG_DAY_INVALID);

  return day_from_ymd (year, month, day);
}

void
mdg_day_to_ymd (MdgDay  day,
                int    *year,
                int    *month,
                int    *mday)
{
  int y = 0, m = 0, d = 0;

  g_return_if_fail (day_is_valid (day));

  ymd_from_day (day, &y, &m, &d);

  if (year != NULL)
    *year = y;
  if (month != NULL)
    *month = m;
  if (mday != NULL)
    *mday = d;
}

int
mdg_day_get_year (MdgDay day)
{
  int y, m, d;

  g_return_val_if_fail (day_is_valid (day), 0);

  ymd_from_day (day, &y, &m, &d);

  return y;
}

int
mdg_day_get_weekday (MdgDay day)
{
  g_return_val_if_fail (day_is_valid (day), -1);

  return weekday_of (day);
}

static inline int
digit_at (const char *text,
          guint       pos,
          guint       len)
{
  int value = 0;

  for (guint i = pos; i < pos + len; i++)
    value = value * 10 + (text[i] - '0');

  return value;
}

gboolean
mdg_day_parse_iso (const char  *text,
                   MdgDay      *out_day,
                   GError     **error)
{
  static const char pattern[] = "dddd-dd-dd";
  int year, month, mday;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  /* Byte by byte, without the C library's isdigit(), strtol() or sscanf(),
   * which accept locale digits, signs, blanks and short fields. */
  for (guint i = 0; i < sizeof pattern; i++)
    {
      gboolean ok;

      if (pattern[i] == 'd')
        ok = text[i] >= '0' && text[i] <= '9';
      else
        ok = text[i] == pattern[i];   /* '-', then the final NUL */

      if (!ok)
        {
          g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_DATE,
                               "not a date in the form YYYY-MM-DD");
          return FALSE;
        }
    }

  year = digit_at (text, 0, 4);
  month = digit_at (text, 5, 2);
  mday = digit_at (text, 8, 2);

  if (!mdg_day_is_valid_ymd (year, month, mday))
    {
      /* The text is ten ASCII characters here, so it is safe to quote. */
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_DATE,
                   "%s does not exist", text);
      return FALSE;
    }

  if (out_day != NULL)
    *out_day = day_from_ymd (year, month, mday);

  return TRUE;
}

void
mdg_day_format_iso (MdgDay  day,
                    char   *buf)
{
  int y, m, d;

  g_return_if_fail (buf != NULL);
  g_return_if_fail (day_is_valid (day));

  ymd_from_day (day, &y, &m, &d);
  g_snprintf (buf, 11, "%04d-%02d-%02d", y, m, d);
}

char *
mdg_day_dup_iso (MdgDay day)
{
  char buf[11];

  g_return_val_if_fail (day_is_valid (day), NULL);

  mdg_day_format_iso (day, buf);

  return g_strdup (buf);
}

MdgDay
mdg_day_today (void)
{
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) now = NULL;

  /* The office keeps Japanese time even on a workstation set to UTC. */
  tz = g_time_zone_new_identifier ("Asia/Tokyo");
  if (tz == NULL)
    tz = g_time_zone_new_offset (9 * 60 * 60);
  now = g_date_time_new_now (tz);

  return mdg_day_new (g_date_time_get_year (now),
                      g_date_time_get_month (now),
                      g_date_time_get_day_of_month (now));
}

/* Ages ------------------------------------------------------------------- */

MdgDay
mdg_date_nth_birthday (MdgDay birth,
                       guint  n)
{
  MdgDay result;

  g_return_val_if_fail (day_is_valid (birth), MDG_DAY_INVALID);

  result = nth_birthday (birth, n);
  g_return_val_if_fail (result != MDG_DAY_INVALID, MDG_DAY_INVALID);

  return result;
}

MdgDay
mdg_date_reach_day (MdgDay birth,
                    guint  n)
{
  MdgDay result;

  g_return_val_if_fail (day_is_valid (birth), MDG_DAY_INVALID);

  result = reach_day (birth, n);
  g_return_val_if_fail (result != MDG_DAY_INVALID, MDG_DAY_INVALID);

  return result;
}

int
mdg_date_age_at (MdgDay birth,
                 MdgDay on)
{
  int by, bm, bd;
  int oy, om, od;
  int age;

  g_return_val_if_fail (day_is_valid (birth), -1);
  g_return_val_if_fail (day_is_valid (on), -1);

  if (on < birth)
    return -1;

  ymd_from_day (birth, &by, &bm, &bd);
  ymd_from_day (on, &oy, &om, &od);

  age = oy - by;
  if (on < birthday_in_year (by, bm, bd, oy))
    age--;

  return age;
}

gboolean
mdg_date_is_aged_at_least (MdgDay birth,
                           guint  n,
                           MdgDay on)
{
  MdgDay birthday;

  g_return_val_if_fail (day_is_valid (birth), FALSE);
  g_return_val_if_fail (day_is_valid (on), FALSE);

  /* A birthday after 9999 is later than any @on. */
  birthday = nth_birthday (birth, n);

  return birthday != MDG_DAY_INVALID && on >= birthday;
}

gboolean
mdg_date_has_reached (MdgDay birth,
                      guint  n,
                      MdgDay on)
{
  MdgDay birthday;

  g_return_val_if_fail (day_is_valid (birth), FALSE);
  g_return_val_if_fail (day_is_valid (on), FALSE);

  birthday = nth_birthday (birth, n);

  return birthday != MDG_DAY_INVALID && on >= birthday - 1;
}

/* School ----------------------------------------------------------------- */

int
mdg_date_school_year (MdgDay day)
{
  int y, m, d;

  g_return_val_if_fail (day_is_valid (day), 0);

  ymd_from_day (day, &y, &m, &d);

  return m >= 4 ? y : y - 1;
}

/* The first 1 April strictly after @day, or MDG_DAY_INVALID past 9999. */
static MdgDay
april_first_after (MdgDay day)
{
  int y, m, d;

  ymd_from_day (day, &y, &m, &d);
  if (m >= 4)
    y++;

  return y <= MAX_YEAR ? day_from_ymd (y, 4, 1) : MDG_DAY_INVALID;
}

MdgDay
mdg_date_school_entry (MdgDay birth)
{
  MdgDay reach6;
  MdgDay entry;

  g_return_val_if_fail (day_is_valid (birth), MDG_DAY_INVALID);

  reach6 = reach_day (birth, 6);
  g_return_val_if_fail (reach6 != MDG_DAY_INVALID, MDG_DAY_INVALID);

  entry = april_first_after (reach6);
  g_return_val_if_fail (entry != MDG_DAY_INVALID, MDG_DAY_INVALID);

  return entry;
}

int
mdg_date_school_grade (MdgDay birth,
                       MdgDay on)
{
  MdgDay entry;

  g_return_val_if_fail (day_is_valid (birth), 0);
  g_return_val_if_fail (day_is_valid (on), 0);

  entry = mdg_date_school_entry (birth);
  if (entry == MDG_DAY_INVALID)
    return 0;

  return mdg_date_school_year (on) - mdg_day_get_year (entry) + 1;
}

MdgDay
mdg_date_end_of_school_year_reaching (MdgDay birth,
                                      guint  n)
{
  MdgDay reach;
  int y, m, d;

  g_return_val_if_fail (day_is_valid (birth), MDG_DAY_INVALID);

  reach = reach_day (birth, n);
  g_return_val_if_fail (reach != MDG_DAY_INVALID, MDG_DAY_INVALID);

  ymd_from_day (reach, &y, &m, &d);
  if (m >= 4)
    y++;
  g_return_val_if_fail (y <= MAX_YEAR, MDG_DAY_INVALID);

  return day_from_ymd (y, 3, 31);
}

/* 和暦 -------------------------------------------------------------------- */

gboolean
mdg_date_to_wareki (MdgDay  day,
                    MdgEra *era,
                    int    *era_year,
                    int    *month,
                    int    *mday)
{
  int y, m, d;
  guint i;

  g_return_val_if_fail (day_is_valid (day), FALSE);

  ymd_from_day (day, &y, &m, &d);
  if (y < MDG_DATE_MIN_YEAR)
    return FALSE;

  for (i = G_N_ELEMENTS (eras) - 1; i > 0; i--)
    {
      if (day >= day_from_ymd (eras[i].year, eras[i].month, eras[i].mday))
        break;
    }

  if (era != NULL)
    *era = (MdgEra) i;
  if (era_year != NULL)
    *era_year = y - eras[i].year + 1;
  if (month != NULL)
    *month = m;
  if (mday != NULL)
    *mday = d;

  return TRUE;
}

MdgDay
mdg_date_from_wareki (MdgEra era,
                      int    era_year,
                      int    month,
                      int    mday)
{
  MdgDay day;
  int year;

  if ((guint) era >= G_N_ELEMENTS (eras) || era_year < 1 || era_year > 200)
    return MDG_DAY_INVALID;

  year = eras[era].year + era_year - 1;
  if (!mdg_day_is_valid_ymd (year, month, mday))
    return MDG_DAY_INVALID;

  day = day_from_ymd (year, month, mday);
  if (day < day_from_ymd (eras[era].year, eras[era].month, eras[era].mday))
    return MDG_DAY_INVALID;
  if ((guint) era + 1 < G_N_ELEMENTS (eras) &&
      day >= day_from_ymd (eras[era + 1].year, eras[era + 1].month, eras[era + 1].mday))
    return MDG_DAY_INVALID;

  return day;
}

const char *
mdg_era_get_name (MdgEra era)
{
  g_return_val_if_fail ((guint) era < G_N_ELEMENTS (eras), NULL);

  return eras[era].name;
}

char *
mdg_date_format_wareki (MdgDay day)
{
  MdgEra era;
  int era_year, month, mday;

  g_return_val_if_fail (day_is_valid (day), NULL);

  if (!mdg_date_to_wareki (day, &era, &era_year, &month, &mday))
    return NULL;

  /* The first year of an era is 元年, never 1年. */
  if (era_year == 1)
    return g_strdup_printf ("%s元年%d月%d日", eras[era].name, month, mday);

  return g_strdup_printf ("%s%d年%d月%d日", eras[era].name, era_year, month, mday);
}

/* Holidays ---------------------------------------------------------------- */

/* A 国民の祝日 proper, or a one-off day that a separate law made one. Only
 * these count for the 振替休日 and 国民の休日 rules; those two are 休日, not
 * 祝日. */
static inline gboolean
is_shukujitsu (guint8 entry)
{
  Holiday h = (Holiday) (entry & TABLE_HOLIDAY_MASK);

  return h != HOLIDAY_NONE && h < HOLIDAY_FURIKAE;
}

static void
table_set (MdgDay  day,
           Holiday holiday)
{
  guint index = day - TABLE_FIRST_DAY;

  g_assert (index < TABLE_N_DAYS);
  /* Two 祝日 never share a day; a clash means a typo in the rules below. */
  g_assert (day_table[index] == HOLIDAY_NONE);

  day_table[index] = (guint8) holiday;
}

static void
table_set_ymd (int     year,
               int     month,
               int     mday,
               Holiday holiday)
{
  table_set (day_from_ymd (year, month, mday), holiday);
}

/* 春分日 and 秋分日 are fixed each February for the next year from the
 * National Astronomical Observatory's ephemeris; for 1980–2099 this is the
 * usual approximation, floor (20.8431 + 0.242194 (y − 1980) − floor ((y − 1980) / 4)),
 * here in millionths of a day so that no floating point rounding can move a
 * day. */
static int
equinox_day (int year,
             int base_millionths)
{
  int n = year - 1980;

  g_assert (n >= 0);

  return (base_millionths + 242194 * n - 1000000 * (n / 4)) / 1000000;
}

/* The 国民の祝日 of @year under 国民の祝日に関する法律 as it stood that year,
 * with the one-off days of separate laws. */
static void
add_shukujitsu (int year)
{
  const int monday = 0;

  table_set_ymd (year, 1, 1, HOLIDAY_GANJITSU);

  /* Happy Monday system (平成10年法律第141号), from 2000. */
  if (year < 2000)
    table_set_ymd (year, 1, 15, HOLIDAY_SEIJIN);
  else
    table_set (nth_weekday_of_month (year, 1, monday, 2), HOLIDAY_SEIJIN);

  table_set_ymd (year, 2, 11, HOLIDAY_KENKOKU);

  /* The reigning Emperor's birthday. None in 2019: the law moved it from
   * 12/23 to 2/23 with the abdication on 2019-04-30, after that year's 2/23
   * and before its 12/23. */
  if (year <= 1988)
    table_set_ymd (year, 4, 29, HOLIDAY_TENNO_TANJOBI);
  else if (year <= 2018)
    table_set_ymd (year, 12, 23, HOLIDAY_TENNO_TANJOBI);
  else if (year >= 2020)
    table_set_ymd (year, 2, 23, HOLIDAY_TENNO_TANJOBI);

  table_set_ymd (year, 3, equinox_day (year, 20843100), HOLIDAY_SHUNBUN);

  /* 平成元年法律第5号 renamed 4/29 みどりの日; 平成17年法律第43号 made it
   * 昭和の日 and moved みどりの日 to 5/4 from 2007. */
  if (year >= 1989 && year <= 2006)
    table_set_ymd (year, 4, 29, HOLIDAY_MIDORI);
  else if (year >= 2007)
    table_set_ymd (year, 4, 29, HOLIDAY_SHOWA);

  table_set_ymd (year, 5, 3, HOLIDAY_KENPO);
  if (year >= 2007)
    table_set_ymd (year, 5, 4, HOLIDAY_MIDORI);
  table_set_ymd (year, 5, 5, HOLIDAY_KODOMO);

  /* 海の日 from 1996, 3rd Monday from 2003; moved for the Tokyo Olympics in
   * 2020 and 2021, as were 山の日 and スポーツの日. */
  if (year == 2020)
    table_set_ymd (year, 7, 23, HOLIDAY_UMI);
  else if (year == 2021)
    table_set_ymd (year, 7, 22, HOLIDAY_UMI);
  else if (year >= 2003)
    table_set (nth_weekday_of_month (year, 7, monday, 3), HOLIDAY_UMI);
  else if (year >= 1996)
    table_set_ymd (year, 7, 20, HOLIDAY_UMI);

  if (year == 2020)
    table_set_ymd (year, 8, 10, HOLIDAY_YAMA);
  else if (year == 2021)
    table_set_ymd (year, 8, 8, HOLIDAY_YAMA);
  else if (year >= 2016)
    table_set_ymd (year, 8, 11, HOLIDAY_YAMA);

  if (year >= 2003)
    table_set (nth_weekday_of_month (year, 9, monday, 3), HOLIDAY_KEIRO);
  else
    table_set_ymd (year, 9, 15, HOLIDAY_KEIRO);

  table_set_ymd (year, 9, equinox_day (year, 23248800), HOLIDAY_SHUBUN);

  if (year == 2020)
    table_set_ymd (year, 7, 24, HOLIDAY_SPORTS);
  else if (year == 2021)
    table_set_ymd (year, 7, 23, HOLIDAY_SPORTS);
  else if (year >= 2020)
    table_set (nth_weekday_of_month (year, 10, monday, 2), HOLIDAY_SPORTS);
  else if (year >= 2000)
    table_set (nth_weekday_of_month (year, 10, monday, 2), HOLIDAY_TAIIKU);
  else
    table_set_ymd (year, 10, 10, HOLIDAY_TAIIKU);

  table_set_ymd (year, 11, 3, HOLIDAY_BUNKA);
  table_set_ymd (year, 11, 23, HOLIDAY_KINRO_KANSHA);

  /* Days made holidays by their own laws. The 2019 law also made 5/1 and
   * 10/22 count as 国民の祝日, which is what turns 4/30 and 5/2 into
   * 国民の休日 below. */
  switch (year)
    {
    case 1989:
      table_set_ymd (year, 2, 24, HOLIDAY_TAISO_NO_REI);
      break;

    case 1990:
      table_set_ymd (year, 11, 12, HOLIDAY_SOKUIREI_SEIDEN_NO_GI);
      break;

    case 1993:
      table_set_ymd (year, 6, 9, HOLIDAY_KEKKON_NO_GI);
      break;

    case 2019:
      table_set_ymd (year, 5, 1, HOLIDAY_SOKUI_NO_HI);
      table_set_ymd (year, 10, 22, HOLIDAY_SOKUIREI_SEIDEN_NO_GI);
      break;

    default:
      break;
    }
}

/* 地方自治法第4条の2: Saturdays, Sundays, national holidays and
 * 29 December – 3 January. */
static gboolean
is_closed_by_rule (MdgDay  day,
                   Holiday holiday)
{
  int y, m, d;

  if (holiday != HOLIDAY_NONE || weekday_of (day) >= WEEKDAY_SATURDAY)
    return TRUE;

  ymd_from_day (day, &y, &m, &d);

  return (m == 12 && d >= 29) || (m == 1 && d <= 3);
}

static void
build_day_table (void)
{
  const MdgDay law_2007 = day_from_ymd (2007, 1, 1);
  const MdgDay law_1985 = day_from_ymd (1985, 12, 27);

  g_assert (day_from_ymd (MDG_HOLIDAY_FIRST_YEAR, 1, 1) == TABLE_FIRST_DAY);
  g_assert (day_from_ymd (MDG_HOLIDAY_LAST_YEAR + 1, 1, 1) == TABLE_FIRST_DAY + TABLE_N_DAYS);

  for (int year = MDG_HOLIDAY_FIRST_YEAR; year <= MDG_HOLIDAY_LAST_YEAR; year++)
    add_shukujitsu (year);

  /* 振替休日 (第3条第2項, since 1973-04-12). Until 2006: the day after a
   * 祝日 that falls on a Sunday, unless that day is itself a 祝日. From 2007:
   * the first day after it that is not a 祝日. */
  for (guint i = 0; i < TABLE_N_DAYS; i++)
    {
      MdgDay day = TABLE_FIRST_DAY + i;
      guint j = i + 1;

      if (!is_shukujitsu (day_table[i]) || weekday_of (day) != WEEKDAY_SUNDAY)
        continue;

      if (day >= law_2007)
        {
          while (j < TABLE_N_DAYS && is_shukujitsu (day_table[j]))
            j++;
        }

      if (j < TABLE_N_DAYS && day_table[j] == HOLIDAY_NONE)
        day_table[j] = HOLIDAY_FURIKAE;
    }

  /* 国民の休日 (第3条第3項, since 1985-12-27): a day between two 祝日.
   * Until 2006 not on a Sunday nor on a 振替休日; from 2007 any day that is
   * not a 祝日. A 振替休日 that is also sandwiched keeps that name. */
  for (guint i = 1; i + 1 < TABLE_N_DAYS; i++)
    {
      MdgDay day = TABLE_FIRST_DAY + i;

      if (day_table[i] != HOLIDAY_NONE || day < law_1985)
        continue;
      if (!is_shukujitsu (day_table[i - 1]) || !is_shukujitsu (day_table[i + 1]))
        continue;
      if (day < law_2007 && weekday_of (day) == WEEKDAY_SUNDAY)
        continue;

      day_table[i] = HOLIDAY_KOKUMIN;
    }

  for (guint i = 0; i < TABLE_N_DAYS; i++)
    {
      Holiday holiday = (Holiday) day_table[i];

      if (is_closed_by_rule (TABLE_FIRST_DAY + i, holiday))
        day_table[i] |= TABLE_CLOSED;
    }
}

static inline const guint8 *
get_day_table (void)
{
  if (g_once_init_enter (&day_table_ready))
    {
      build_day_table ();
      g_once_init_leave (&day_table_ready, 1);
    }

  return day_table;
}

const char *
mdg_date_holiday_name (MdgDay day)
{
  guint index = day - TABLE_FIRST_DAY;

  g_return_val_if_fail (day_is_valid (day), NULL);

  if (index >= TABLE_N_DAYS)
    return NULL;

  return holiday_names[get_day_table ()[index] & TABLE_HOLIDAY_MASK];
}

gboolean
mdg_date_is_holiday (MdgDay day)
{
  guint index = day - TABLE_FIRST_DAY;

  g_return_val_if_fail (day_is_valid (day), FALSE);

  if (index >= TABLE_N_DAYS)
    return FALSE;

  return (get_day_table ()[index] & TABLE_HOLIDAY_MASK) != HOLIDAY_NONE;
}

gboolean
mdg_date_is_office_closed (MdgDay day)
{
  guint index = day - TABLE_FIRST_DAY;

  g_return_val_if_fail (day_is_valid (day), FALSE);

  if (index < TABLE_N_DAYS)
    return (get_day_table ()[index] & TABLE_CLOSED) != 0;

  return is_closed_by_rule (day, HOLIDAY_NONE);
}

MdgDay
mdg_date_next_office_day (MdgDay day)
{
  g_return_val_if_fail (day_is_valid (day), MDG_DAY_INVALID);

  while (mdg_date_is_office_closed (day))
    {
      g_return_val_if_fail (day < MAX_DAY, MDG_DAY_INVALID);
      day++;
    }

  return day;
}

MdgDay
mdg_date_deadline (MdgDay from,
                   guint  days)
{
  g_return_val_if_fail (day_is_valid (from), MDG_DAY_INVALID);
  g_return_val_if_fail (days <= MAX_DAY - from, MDG_DAY_INVALID);

  return mdg_date_next_office_day (from + days);
}
