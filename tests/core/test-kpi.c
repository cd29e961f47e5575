/* test-kpi.c: the plan's KPIs from the tickets, and its targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected figure is worked out by hand in the comment above it.
 * Percentiles are nearest-rank: of n sorted samples, the p-th is the
 * ⌈p·n/100⌉-th.
 */

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-kpi.h"

#include "test-core.h"

/* 2026-01-20 00:00 in Asia/Tokyo (2026-01-19 15:00 UTC) */
#define DAY0   G_GINT64_CONSTANT (1768834800)
#define MINUTE 60
/* hh:mm on 2026-01-20, Japan time */
#define AT(h, m) (DAY0 + (h) * 60 * MINUTE + (m) * MINUTE)

static MdgQueueTicket
make_ticket (int            band,
             int            number,
             MdgQueueState  state,
             gint64         issued_at,
             gint64         called_at,
             gint64         closed_at,
             const char    *event,
             int            rating)
{
  return (MdgQueueTicket) {
    .band = band,
    .number = number,
    .state = state,
    .counter = called_at != 0 ? 1 : 0,
    .issued_at = issued_at,
    .called_at = called_at,
    .closed_at = closed_at,
    .event = event,
    .rating = rating,
  };
}

/* One day at the counter, 2026-01-20. Per ticket: wait (called − issued)
 * and stay (closed − issued), in minutes.
 *
 *  #     band state    event    issued called closed  wait stay rating
 *  1001  1    done     move_in  08:30  08:40  10:10    10  100   5
 *  1002  1    done     move_in  08:35  08:55  10:35    20  120   4
 *  1003  1    done     death    08:50  09:20  10:50    30  120   3
 *  1004  1    done     move_in  09:00  09:45  11:30    45  150   5
 *  1005  1    done     death    09:10  10:10  11:00    60  110   -
 *  1006  1    no_show  -        09:30  10:40  10:50     -    -   -  (no-show: no wait)
 *  1007  1    called   -        10:00  11:30  -        90    -   -
 *  1008  1    waiting  -        11:00  -      -         -    -   -
 *  2001  2    done     move_in  08:45  08:50  09:15     5   30   2
 *  2002  2    done     death    09:05  09:20  09:40    15   35   5
 *  2003  2    held     -        09:50  10:00  -         -    -   -  (held: no wait)
 */
static GArray *
make_day (void)
{
  const MdgQueueTicket tickets[] = {
    make_ticket (1, 1001, MDG_QUEUE_STATE_DONE, AT (8, 30), AT (8, 40), AT (10, 10), "move_in", 5),
    make_ticket (1, 1002, MDG_QUEUE_STATE_DONE, AT (8, 35), AT (8, 55), AT (10, 35), "move_in", 4),
    make_ticket (1, 1003, MDG_QUEUE_STATE_DONE, AT (8, 50), AT (9, 20), AT (10, 50), "death", 3),
    make_ticket (1, 1004, MDG_QUEUE_STATE_DONE, AT (9, 0), AT (9, 45), AT (11, 30), "move_in", 5),
    make_ticket (1, 1005, MDG_QUEUE_STATE_DONE, AT (9, 10), AT (10, 10), AT (11, 0), "death", 0),
    make_ticket (1, 1006, MDG_QUEUE_STATE_NO_SHOW, AT (9, 30), AT (10, 40), AT (10, 50), NULL, 0),
    make_ticket (1, 1007, MDG_QUEUE_STATE_CALLED, AT (10, 0), AT (11, 30), 0, NULL, 0),
    make_ticket (1, 1008, MDG_QUEUE_STATE_WAITING, AT (11, 0), 0, 0, NULL, 0),
    make_ticket (2, 2001, MDG_QUEUE_STATE_DONE, AT (8, 45), AT (8, 50), AT (9, 15), "move_in", 2),
    make_ticket (2, 2002, MDG_QUEUE_STATE_DONE, AT (9, 5), AT (9, 20), AT (9, 40), "death", 5),
    make_ticket (2, 2003, MDG_QUEUE_STATE_HELD, AT (9, 50), AT (10, 0), 0, NULL, 0),
  };
  GArray *array = g_array_new (FALSE, FALSE, sizeof (MdgQueueTicket));

  g_array_append_vals (array, tickets, G_N_ELEMENTS (tickets));
  return array;
}

typedef struct
{
  guint  issued, completed, no_show;
  guint  stay_samples;
  gint64 stay_median, stay_p90;    /* minutes */
  guint  wait_samples;
  gint64 wait_median, wait_p90;    /* minutes */
  guint  ratings, satisfied;
  double rating_mean, satisfied_share;
} Expected;

static void
assert_group (const MdgKpiGroup *group,
              const Expected    *e)
{
  g_assert_nonnull (group);
  g_assert_cmpuint (group->issued, ==, e->issued);
  g_assert_cmpuint (group->completed, ==, e->completed);
  g_assert_cmpuint (group->no_show, ==, e->no_show);
  g_assert_cmpuint (group->stay_samples, ==, e->stay_samples);
  g_assert_cmpint (group->stay_median, ==, e->stay_median * MINUTE);
  g_assert_cmpint (group->stay_p90, ==, e->stay_p90 * MINUTE);
  g_assert_cmpuint (group->wait_samples, ==, e->wait_samples);
  g_assert_cmpint (group->wait_median, ==, e->wait_median * MINUTE);
  g_assert_cmpint (group->wait_p90, ==, e->wait_p90 * MINUTE);
  g_assert_cmpuint (group->ratings, ==, e->ratings);
  g_assert_cmpuint (group->satisfied, ==, e->satisfied);
  g_assert_cmpfloat_with_epsilon (group->rating_mean, e->rating_mean, 1e-9);
  g_assert_cmpfloat_with_epsilon (group->satisfied_share, e->satisfied_share, 1e-9);
}

static void
test_kpi_total (void)
{
  g_autoptr(GArray) day = make_day ();
  g_autoptr(GPtrArray) total = mdg_kpi_compute ((MdgQueueTicket *) (gpointer) day->data,
                                                day->len, MDG_KPI_BY_TOTAL);
  /* 11 issued; done: 1001–1005, 2001, 2002 = 7; no-show: 1006.
   * stays (7): 30 35 100 110 120 120 150 → median rank ⌈3.5⌉ = 4: 110,
   *   p90 rank ⌈6.3⌉ = 7: 150.
   * waits (8, done and called): 5 10 15 20 30 45 60 90 → median rank 4: 20,
   *   p90 rank ⌈7.2⌉ = 8: 90.
   * ratings (6): 5 4 3 5 2 5 → mean 24 / 6 = 4; 4 or 5: four → 4 / 6. */
  const Expected expected = {
    .issued = 11, .completed = 7, .no_show = 1,
    .stay_samples = 7, .stay_median = 110, .stay_p90 = 150,
    .wait_samples = 8, .wait_median = 20, .wait_p90 = 90,
    .ratings = 6, .satisfied = 4, .rating_mean = 4.0, .satisfied_share = 4.0 / 6.0,
  };

  g_assert_cmpuint (total->len, ==, 1);
  g_assert_cmpint (((MdgKpiGroup *) g_ptr_array_index (total, 0))->by, ==, MDG_KPI_BY_TOTAL);
  assert_group (g_ptr_array_index (total, 0), &expected);
}

static void
test_kpi_by_band (void)
{
  g_autoptr(GArray) day = make_day ();
  g_autoptr(GPtrArray) bands = mdg_kpi_compute ((MdgQueueTicket *) (gpointer) day->data,
                                                day->len, MDG_KPI_BY_BAND);
  /* Band 1: 1001–1008. Done 1001–1005; no-show 1006.
   * stays (5): 100 110 120 120 150 → median rank ⌈2.5⌉ = 3: 120; p90 rank ⌈4.5⌉ = 5: 150.
   * waits (6, with the called 1007): 10 20 30 45 60 90 → median rank 3: 30;
   *   p90 rank ⌈5.4⌉ = 6: 90.
   * ratings (4): 5 4 3 5 → mean 17 / 4 = 4.25; three of 4 or 5 → 0.75. */
  const Expected one = {
    .issued = 8, .completed = 5, .no_show = 1,
    .stay_samples = 5, .stay_median = 120, .stay_p90 = 150,
    .wait_samples = 6, .wait_median = 30, .wait_p90 = 90,
    .ratings = 4, .satisfied = 3, .rating_mean = 4.25, .satisfied_share = 0.75,
  };
  /* Band 2: 2001–2003. Done 2001, 2002; 2003 held (no wait sample).
   * stays (2): 30 35 → median rank 1: 30; p90 rank ⌈1.8⌉ = 2: 35.
   * waits (2): 5 15 → median 5; p90 15.
   * ratings (2): 2 5 → mean 3.5; one of 4 or 5 → 0.5. */
  const Expected two = {
    .issued = 3, .completed = 2, .no_show = 0,
    .stay_samples = 2, .stay_median = 30, .stay_p90 = 35,
    .wait_samples = 2, .wait_median = 5, .wait_p90 = 15,
    .ratings = 2, .satisfied = 1, .rating_mean = 3.5, .satisfied_share = 0.5,
  };

  g_assert_cmpuint (bands->len, ==, 2);
  g_assert_cmpint (((MdgKpiGroup *) g_ptr_array_index (bands, 0))->band, ==, 1);
  g_assert_cmpint (((MdgKpiGroup *) g_ptr_array_index (bands, 1))->band, ==, 2);
  assert_group (g_ptr_array_index (bands, 0), &one);
  assert_group (g_ptr_array_index (bands, 1), &two);
}

static void
test_kpi_by_event (void)
{
  g_autoptr(GArray) day = make_day ();
  g_autoptr(GPtrArray) events = mdg_kpi_compute ((MdgQueueTicket *) (gpointer) day->data,
                                                 day->len, MDG_KPI_BY_EVENT);
  /* death: 1003, 1005, 2002, all done.
   * stays: 35 110 120 → median rank ⌈1.5⌉ = 2: 110; p90 rank ⌈2.7⌉ = 3: 120.
   * waits: 15 30 60 → median 30; p90 60.
   * ratings: 3 5 → mean 4; one of 4 or 5 → 0.5. */
  const Expected death = {
    .issued = 3, .completed = 3,
    .stay_samples = 3, .stay_median = 110, .stay_p90 = 120,
    .wait_samples = 3, .wait_median = 30, .wait_p90 = 60,
    .ratings = 2, .satisfied = 1, .rating_mean = 4.0, .satisfied_share = 0.5,
  };
  /* move_in (the plan's 庁内滞在時間): 1001, 1002, 1004, 2001, all done.
   * stays: 30 100 120 150 → median rank 2: 100; p90 rank ⌈3.6⌉ = 4: 150.
   * waits: 5 10 20 45 → median rank 2: 10; p90 rank 4: 45.
   * ratings: 5 4 5 2 → mean 16 / 4 = 4; three of 4 or 5 → 0.75. */
  const Expected move_in = {
    .issued = 4, .completed = 4,
    .stay_samples = 4, .stay_median = 100, .stay_p90 = 150,
    .wait_samples = 4, .wait_median = 10, .wait_p90 = 45,
    .ratings = 4, .satisfied = 3, .rating_mean = 4.0, .satisfied_share = 0.75,
  };
  /* no event: 1006 (no-show), 1007 (called: wait 90), 1008, 2003 */
  const Expected none = {
    .issued = 4, .no_show = 1,
    .wait_samples = 1, .wait_median = 90, .wait_p90 = 90,
  };

  /* by id, the tickets without an event last */
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (((MdgKpiGroup *) g_ptr_array_index (events, 0))->event, ==, "death");
  g_assert_cmpstr (((MdgKpiGroup *) g_ptr_array_index (events, 1))->event, ==, "move_in");
  g_assert_null (((MdgKpiGroup *) g_ptr_array_index (events, 2))->event);
  assert_group (g_ptr_array_index (events, 0), &death);
  assert_group (g_ptr_array_index (events, 1), &move_in);
  assert_group (g_ptr_array_index (events, 2), &none);

  g_assert_true (mdg_kpi_find_event (events, MDG_KPI_STAY_EVENT) == g_ptr_array_index (events, 1));
  g_assert_true (mdg_kpi_find_event (events, NULL) == g_ptr_array_index (events, 2));
  g_assert_null (mdg_kpi_find_event (events, "birth"));
}

/* Days are Japan's: 23:30 and 00:10 JST fall on one UTC day (14:30 and
 * 15:10 UTC on 2026-01-20) but on two days at the counter. */
static void
test_kpi_by_day (void)
{
  const MdgQueueTicket tickets[] = {
    /* 00:10 JST on the 21st, listed first: the groups come out by day */
    make_ticket (1, 1001, MDG_QUEUE_STATE_WAITING, AT (24, 10), 0, 0, NULL, 0),
    make_ticket (1, 1042, MDG_QUEUE_STATE_DONE, AT (23, 30), AT (23, 40), AT (23, 55),
                 "move_in", 4),
    /* 00:00 JST sharp is the new day; 23:59:59 is not */
    make_ticket (2, 2001, MDG_QUEUE_STATE_WAITING, AT (24, 0), 0, 0, NULL, 0),
    make_ticket (2, 2050, MDG_QUEUE_STATE_WAITING, AT (24, 0) - 1, 0, 0, NULL, 0),
    /* no time of issue: its own group, last */
    make_ticket (3, 3001, MDG_QUEUE_STATE_WAITING, 0, 0, 0, NULL, 0),
  };
  g_autoptr(GPtrArray) days = mdg_kpi_compute (tickets, G_N_ELEMENTS (tickets), MDG_KPI_BY_DAY);
  const MdgKpiGroup *first, *second, *unknown;

  g_assert_cmpuint (mdg_kpi_day_of_time (AT (23, 30)), ==, mdg_day_new (2026, 1, 20));
  g_assert_cmpuint (mdg_kpi_day_of_time (AT (24, 10)), ==, mdg_day_new (2026, 1, 21));
  g_assert_cmpuint (mdg_kpi_day_of_time (DAY0 - 1), ==, mdg_day_new (2026, 1, 19));
  g_assert_cmpuint (mdg_kpi_day_of_time (0), ==, MDG_DAY_INVALID);

  g_assert_cmpuint (days->len, ==, 3);
  first = g_ptr_array_index (days, 0);
  second = g_ptr_array_index (days, 1);
  unknown = g_ptr_array_index (days, 2);

  /* the 20th: 1042 (23:30) and 2050 (23:59:59); 1042 stayed 25 minutes */
  g_assert_cmpint (first->by, ==, MDG_KPI_BY_DAY);
  g_assert_cmpuint (first->day, ==, mdg_day_new (2026, 1, 20));
  g_assert_cmpuint (first->issued, ==, 2);
  g_assert_cmpuint (first->completed, ==, 1);
  g_assert_cmpint (first->stay_median, ==, 25 * MINUTE);
  g_assert_cmpint (first->wait_median, ==, 10 * MINUTE);
  /* the 21st: 1001 (00:10) and 2001 (00:00) */
  g_assert_cmpuint (second->day, ==, mdg_day_new (2026, 1, 21));
  g_assert_cmpuint (second->issued, ==, 2);
  g_assert_cmpuint (second->completed, ==, 0);
  g_assert_cmpuint (second->stay_samples, ==, 0);

  g_assert_cmpuint (unknown->day, ==, MDG_DAY_INVALID);
  g_assert_cmpuint (unknown->issued, ==, 1);
}

/* Without tzdata, the fixed +09:00 gives the same days. */
static void
test_kpi_no_tzdata (void)
{
  if (g_test_subprocess ())
    {
      /* before anything in this process looks up the zone */
      g_setenv ("TZDIR", "/nonexistent", TRUE);
      g_assert_null (g_time_zone_new_identifier ("Asia/Tokyo"));

      g_assert_cmpuint (mdg_kpi_day_of_time (AT (23, 59)), ==, mdg_day_new (2026, 1, 20));
      g_assert_cmpuint (mdg_kpi_day_of_time (AT (24, 0)), ==, mdg_day_new (2026, 1, 21));
      g_assert_cmpuint (mdg_kpi_day_of_time (DAY0 - 1), ==, mdg_day_new (2026, 1, 19));
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();
}

/* Nothing issued: zeros, one total group, no other groups. */
static void
test_kpi_empty (void)
{
  const Expected zeros = { 0 };

  for (MdgKpiGrouping by = MDG_KPI_BY_TOTAL; by <= MDG_KPI_BY_EVENT; by++)
    {
      g_autoptr(GPtrArray) groups = mdg_kpi_compute (NULL, 0, by);

      g_assert_nonnull (groups);
      if (by == MDG_KPI_BY_TOTAL)
        {
          g_assert_cmpuint (groups->len, ==, 1);
          assert_group (g_ptr_array_index (groups, 0), &zeros);
        }
      else
        {
          g_assert_cmpuint (groups->len, ==, 0);
        }
    }
}

/* Times that are missing or out of order give no sample (not zero), but
 * the ticket still counts as issued and completed. */
static void
test_kpi_bad_times (void)
{
  const MdgQueueTicket tickets[] = {
    /* closed before it was issued (a clock set wrong) */
    make_ticket (1, 1001, MDG_QUEUE_STATE_DONE, AT (10, 0), AT (9, 0), AT (9, 30), "move_in", 5),
    /* done, but without a time of issue */
    make_ticket (1, 1002, MDG_QUEUE_STATE_DONE, 0, AT (9, 0), AT (9, 30), "move_in", 0),
    /* done without closed_at: not completed */
    make_ticket (1, 1003, MDG_QUEUE_STATE_DONE, AT (8, 0), AT (8, 10), 0, NULL, 0),
    /* a rating out of 1…5 is no rating */
    make_ticket (1, 1004, MDG_QUEUE_STATE_WAITING, AT (8, 0), 0, 0, NULL, 7),
  };
  g_autoptr(GPtrArray) total = mdg_kpi_compute (tickets, G_N_ELEMENTS (tickets),
                                                MDG_KPI_BY_TOTAL);
  const MdgKpiGroup *group = g_ptr_array_index (total, 0);

  g_assert_cmpuint (group->issued, ==, 4);
  g_assert_cmpuint (group->completed, ==, 2);
  g_assert_cmpuint (group->stay_samples, ==, 0);
  g_assert_cmpint (group->stay_median, ==, 0);
  /* only 1003's wait (10 minutes) is a sample */
  g_assert_cmpuint (group->wait_samples, ==, 1);
  g_assert_cmpint (group->wait_median, ==, 10 * MINUTE);
  g_assert_cmpuint (group->ratings, ==, 1);
  g_assert_cmpfloat (group->rating_mean, ==, 5.0);
}

static void
test_kpi_percentile (void)
{
  const gint64 ten[] = { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 };
  const gint64 one[] = { 42 };
  static const struct {
    guint  n;
    guint  percent;
    gint64 value;
  } rows[] = {
    /* ⌈p·n/100⌉-th of 10, 20, … */
    { 10, 50, 50 },    /* rank 5 */
    { 10, 90, 90 },    /* rank 9, exactly: no rounding up past it */
    { 10, 91, 100 },   /* rank ⌈9.1⌉ = 10 */
    { 10, 100, 100 },
    { 10, 1, 10 },     /* rank ⌈0.1⌉ = 1 */
    { 9, 50, 50 },     /* rank ⌈4.5⌉ = 5 */
    { 4, 50, 20 },     /* rank 2: the lower middle */
    { 3, 90, 30 },     /* rank ⌈2.7⌉ = 3 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (mdg_kpi_percentile (ten, rows[i].n, rows[i].percent), ==, rows[i].value);

  g_assert_cmpint (mdg_kpi_percentile (one, 1, 50), ==, 42);
  g_assert_cmpint (mdg_kpi_percentile (one, 1, 90), ==, 42);
  g_assert_cmpint (mdg_kpi_percentile (NULL, 0, 50), ==, 0);
}

static void
test_kpi_fiscal_year (void)
{
  static const struct {
    int year, month, day;
    int fiscal_year;
  } rows[] = {
    { 2024, 4, 1, 2024 },     /* 令和6年度 begins */
    { 2025, 3, 31, 2024 },
    { 2025, 4, 1, 2025 },     /* 令和7年度 */
    { 2026, 1, 20, 2025 },    /* the first stage opens in R8.1: still R7 */
    { 2026, 4, 1, 2026 },
    { 2028, 3, 31, 2027 },    /* the plan's last day */
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    g_assert_cmpint (mdg_kpi_fiscal_year (mdg_day_new (rows[i].year, rows[i].month, rows[i].day)),
                     ==, rows[i].fiscal_year);
}

static void
test_kpi_targets_default (void)
{
  g_autoptr(GError) error = NULL;
  const GArray *targets = mdg_kpi_targets_get_default (&error);
  const MdgKpiTarget *r6, *r7, *r8, *r9;

  g_assert_no_error (error);
  g_assert_nonnull (targets);
  g_assert_cmpuint (targets->len, ==, 4);

  /* 検証指標 (KPI): R6 0件 129分 76.6%; R7 10,200件 119分 79.0%;
   * R8 62,600件 99分 82.0%; R9 76,300件 79分 85.0% */
  r6 = mdg_kpi_targets_lookup (2024);
  g_assert_nonnull (r6);
  g_assert_true (r6->baseline);
  g_assert_cmpint (r6->usage, ==, 0);
  g_assert_cmpfloat (r6->stay_minutes, ==, 129);
  g_assert_cmpfloat_with_epsilon (r6->satisfied_percent, 76.6, 1e-9);

  r7 = mdg_kpi_targets_lookup (2025);
  g_assert_nonnull (r7);
  g_assert_false (r7->baseline);
  g_assert_cmpint (r7->usage, ==, 10200);
  g_assert_cmpfloat (r7->stay_minutes, ==, 119);
  g_assert_cmpfloat (r7->satisfied_percent, ==, 79.0);

  r8 = mdg_kpi_targets_lookup (2026);
  g_assert_nonnull (r8);
  g_assert_cmpint (r8->usage, ==, 62600);
  g_assert_cmpfloat (r8->stay_minutes, ==, 99);
  g_assert_cmpfloat (r8->satisfied_percent, ==, 82.0);

  r9 = mdg_kpi_targets_lookup (2027);
  g_assert_nonnull (r9);
  g_assert_cmpint (r9->usage, ==, 76300);
  g_assert_cmpfloat (r9->stay_minutes, ==, 79);
  g_assert_cmpfloat (r9->satisfied_percent, ==, 85.0);

  g_assert_null (mdg_kpi_targets_lookup (2023));
  g_assert_null (mdg_kpi_targets_lookup (2028));
}

static void
test_kpi_targets_malformed (void)
{
#define YEAR(fy, rest) "{\"fiscal_year\": " #fy ", \"usage\": 10, \"stay_minutes\": 99, " rest "}"
  static const struct {
    const char *json;
    const char *field;  /* the message names it */
  } cases[] = {
    { "[]", "fiscal_years" },
    { "{\"comment\": \"x\"}", "fiscal_years" },
    { "{\"fiscal_years\": []}", "fiscal_years" },
    { "{\"fiscal_years\": {}}", "fiscal_years" },
    { "{\"fiscal_years\": [], \"target\": 1}", "target" },
    { "{\"fiscal_years\": [1]}", "fiscal_years[0]" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied_percent\": 79.0") ", 2]}",
      "fiscal_years[1]" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied_percent\": 120") "]}",
      "fiscal_years[0].satisfied_percent" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied_percent\": \"79%\"") "]}",
      "fiscal_years[0].satisfied_percent" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied\": 79") "]}",
      "fiscal_years[0].satisfied: unknown field" },
    { "{\"fiscal_years\": [{\"fiscal_year\": 2025, \"usage\": 10, \"satisfied_percent\": 79}]}",
      "fiscal_years[0].stay_minutes" },
    { "{\"fiscal_years\": [{\"fiscal_year\": 2025, \"usage\": 10, \"stay_minutes\": 0, "
      "\"satisfied_percent\": 79}]}", "fiscal_years[0].stay_minutes" },
    { "{\"fiscal_years\": [{\"fiscal_year\": 2025, \"usage\": 10.5, \"stay_minutes\": 99, "
      "\"satisfied_percent\": 79}]}", "fiscal_years[0].usage" },
    { "{\"fiscal_years\": [{\"fiscal_year\": 2025, \"usage\": -1, \"stay_minutes\": 99, "
      "\"satisfied_percent\": 79}]}", "fiscal_years[0].usage" },
    { "{\"fiscal_years\": [{\"fiscal_year\": \"R7\", \"usage\": 10, \"stay_minutes\": 99, "
      "\"satisfied_percent\": 79}]}", "fiscal_years[0].fiscal_year" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied_percent\": 79, \"baseline\": \"yes\"") "]}",
      "fiscal_years[0].baseline" },
    { "{\"fiscal_years\": [" YEAR (2025, "\"satisfied_percent\": 79") ", "
      YEAR (2025, "\"satisfied_percent\": 82") "]}", "fiscal_years[1].fiscal_year" },
  };
#undef YEAR

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (cases[i].json, strlen (cases[i].json));
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) targets = mdg_kpi_targets_parse (bytes, &error);

      g_test_message ("%s", cases[i].json);
      g_assert_null (targets);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
      if (strstr (error->message, cases[i].field) == NULL)
        g_error ("\"%s\" does not name \"%s\"", error->message, cases[i].field);
      g_assert_true (g_str_has_prefix (error->message, "kpi-targets.json: "));
    }
}

/* Not JSON at all: the parser's error, naming the file. */
static void
test_kpi_targets_not_json (void)
{
  static const char text[] = "{\"fiscal_years\": [";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) targets = mdg_kpi_targets_parse (bytes, &error);

  g_assert_null (targets);
  g_assert_nonnull (error);
  g_assert_true (g_str_has_prefix (error->message, "kpi-targets.json: "));
}

/* A valid file, out of order: sorted by fiscal year. */
static void
test_kpi_targets_parse (void)
{
  static const char text[] =
    "{\"comment\": \"test\", \"fiscal_years\": ["
    " {\"fiscal_year\": 2026, \"usage\": 5, \"stay_minutes\": 90.5, \"satisfied_percent\": 80},"
    " {\"fiscal_year\": 2025, \"usage\": 0, \"stay_minutes\": 100, \"satisfied_percent\": 70.25,"
    "  \"baseline\": true}]}";
  g_autoptr(GBytes) bytes = g_bytes_new_static (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) targets = mdg_kpi_targets_parse (bytes, &error);
  const MdgKpiTarget *first, *second;

  g_assert_no_error (error);
  g_assert_cmpuint (targets->len, ==, 2);
  first = &g_array_index (targets, MdgKpiTarget, 0);
  second = &g_array_index (targets, MdgKpiTarget, 1);
  g_assert_cmpint (first->fiscal_year, ==, 2025);
  g_assert_true (first->baseline);
  g_assert_cmpfloat (first->satisfied_percent, ==, 70.25);
  g_assert_cmpint (second->fiscal_year, ==, 2026);
  g_assert_false (second->baseline);
  g_assert_cmpint (second->usage, ==, 5);
  g_assert_cmpfloat (second->stay_minutes, ==, 90.5);
}

void
test_kpi_register (void)
{
  g_test_add_func ("/mdg/core/kpi/total", test_kpi_total);
  g_test_add_func ("/mdg/core/kpi/by-band", test_kpi_by_band);
  g_test_add_func ("/mdg/core/kpi/by-event", test_kpi_by_event);
  g_test_add_func ("/mdg/core/kpi/by-day", test_kpi_by_day);
  g_test_add_func ("/mdg/core/kpi/no-tzdata", test_kpi_no_tzdata);
  g_test_add_func ("/mdg/core/kpi/empty", test_kpi_empty);
  g_test_add_func ("/mdg/core/kpi/bad-times", test_kpi_bad_times);
  g_test_add_func ("/mdg/core/kpi/percentile", test_kpi_percentile);
  g_test_add_func ("/mdg/core/kpi/fiscal-year", test_kpi_fiscal_year);
  g_test_add_func ("/mdg/core/kpi/targets/default", test_kpi_targets_default);
  g_test_add_func ("/mdg/core/kpi/targets/parse", test_kpi_targets_parse);
  g_test_add_func ("/mdg/core/kpi/targets/malformed", test_kpi_targets_malformed);
  g_test_add_func ("/mdg/core/kpi/targets/not-json", test_kpi_targets_not_json);
}
