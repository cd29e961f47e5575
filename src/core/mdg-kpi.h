/* mdg-kpi.h: the plan's KPIs, computed from the tickets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan (熊本市区役所 窓口DX推進計画, chapter 9 効果測定指標) measures
 * three things each fiscal year; data/queue/kpi-targets.json holds its
 * numbers:
 *
 * - 窓口DXSaaS 利用件数 (usage): here the visits completed with the
 *   system, i.e. the tickets closed as done.
 * - 庁内滞在時間 (stay time, from arrival to leaving): a ticket's
 *   closed_at − issued_at, for completed tickets. The plan measures it for
 *   市外からの転入, the life event MDG_KPI_STAY_EVENT; its target is
 *   compared with that event's median.
 * - 窓口利用者の満足度 (satisfaction): the plan's figure is the share of
 *   satisfied answers on a five-point scale, so here it is the share of
 *   ratings of 4 or 5 among all ratings given (1…5; 0 is "not given").
 *
 * Groups: the total, and per day (the Asia/Tokyo calendar day of
 * issued_at), per band or per life event. In each group:
 *
 * - issued: every ticket; completed: state DONE with a closed_at;
 *   no_show: state NO_SHOW.
 * - stay: closed_at − issued_at of the completed tickets.
 * - wait: called_at − issued_at of tickets in state CALLED or DONE.
 *   called_at is the last call, so a recalled ticket's wait runs to the
 *   recall.
 * - A time whose ends are missing (0) or out of order is left out of the
 *   samples, not counted as zero.
 *
 * Percentiles are nearest-rank: of n samples sorted ascending x[1] … x[n],
 * the p-th percentile is x[⌈p·n/100⌉] (at least x[1]). So the median is
 * the lower of the two middle samples when n is even, and it is always a
 * sample, in whole seconds. Everything here is pure computation on the
 * caller's data; the targets are loaded once, thread-safely.
 */

#pragma once

#include <glib.h>

#include "mdg-date.h"
#include "mdg-queue.h"

G_BEGIN_DECLS

/* The life event for which the plan measures 庁内滞在時間 (市外からの転入). */
#define MDG_KPI_STAY_EVENT "move_in"

typedef enum
{
  MDG_KPI_BY_TOTAL,
  MDG_KPI_BY_DAY,
  MDG_KPI_BY_BAND,
  MDG_KPI_BY_EVENT,
} MdgKpiGrouping;

/* One group's KPIs. Times are seconds; a median or p90 is 0 when its
 * samples count is 0, rating_mean and satisfied_share when ratings is 0. */
typedef struct
{
  MdgKpiGrouping  by;
  MdgDay          day;              /* BY_DAY; MDG_DAY_INVALID: issued_at unknown */
  int             band;             /* BY_BAND */
  char           *event;            /* BY_EVENT; NULL: tickets without one */

  guint           issued;
  guint           completed;
  guint           no_show;

  guint           stay_samples;
  gint64          stay_median;
  gint64          stay_p90;

  guint           wait_samples;
  gint64          wait_median;
  gint64          wait_p90;

  guint           ratings;          /* ratings 1…5 given */
  guint           satisfied;        /* of those, 4 or 5 */
  double          rating_mean;
  double          satisfied_share;  /* satisfied / ratings, 0…1 */
} MdgKpiGroup;

void         mdg_kpi_group_free        (MdgKpiGroup          *group);

/* The KPIs of @tickets grouped @by. Returns: (transfer full) (element-type
 * MdgKpiGroup): for MDG_KPI_BY_TOTAL exactly one group (zeros when there are
 * no tickets); otherwise one group per day, band or event that has tickets,
 * ordered by day, band, or event id (the group without an event last). */
GPtrArray   *mdg_kpi_compute           (const MdgQueueTicket *tickets,
                                        guint                 n_tickets,
                                        MdgKpiGrouping        by) G_GNUC_WARN_UNUSED_RESULT;

/* Returns: (transfer none) (nullable): the group of @event in @groups (as
 * from mdg_kpi_compute() with MDG_KPI_BY_EVENT) */
const MdgKpiGroup *mdg_kpi_find_event  (GPtrArray            *groups,
                                        const char           *event);

/* The nearest-rank @percent-th percentile (1…100) of @n sorted samples;
 * 0 when @n is 0. */
gint64       mdg_kpi_percentile        (const gint64         *sorted,
                                        guint                 n,
                                        guint                 percent);

/* The calendar day in Asia/Tokyo of @time (seconds since the epoch). The
 * zone comes from tzdata; without it, the fixed offset +09:00 (Japan has
 * had no daylight saving time since 1951). */
MdgDay       mdg_kpi_day_of_time       (gint64                time);

/* The fiscal year (年度) of @day: April – March, named by the calendar year
 * of its 1 April (2024 = 令和6年度). The same rule as the school year, so
 * this is mdg_date_school_year(). */
int          mdg_kpi_fiscal_year       (MdgDay                day);

/* Targets --------------------------------------------------------------- */

typedef struct
{
  int       fiscal_year;        /* 2024 = 令和6年度 */
  gboolean  baseline;           /* measured before the system, not a target */
  gint64    usage;              /* 窓口DXSaaS 利用件数 in the year */
  double    stay_minutes;       /* 庁内滞在時間 for MDG_KPI_STAY_EVENT */
  double    satisfied_percent;  /* 窓口利用者の満足度 */
} MdgKpiTarget;

/* Parses a targets file (the shape of data/queue/kpi-targets.json).
 * Returns: (transfer full) (element-type MdgKpiTarget) (nullable): ordered
 * by fiscal year; NULL and @error (MDG_CORE_ERROR_INVALID_CATALOG) naming
 * the field. */
GArray             *mdg_kpi_targets_parse       (GBytes   *bytes,
                                                 GError  **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (transfer none) (element-type MdgKpiTarget): the plan's targets,
 * loaded once; NULL and @error when the data is malformed. */
const GArray       *mdg_kpi_targets_get_default (GError  **error);
/* Returns: (transfer none) (nullable): the plan's numbers for @fiscal_year,
 * or NULL outside the plan's years. */
const MdgKpiTarget *mdg_kpi_targets_lookup      (int       fiscal_year);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgKpiGroup, mdg_kpi_group_free)

G_END_DECLS
