/* mdg-tool-bench-queue.c: bench queue, the wait estimate against a simulated day
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A discrete-event simulation of one counter day (data/queue/march-day.json
 * by default): visitors arrive (Poisson, per band and hour), take a ticket,
 * and the counters call them by the real order (mdg_queue_ticket_compare)
 * for a lognormal service time. The tickets are kept as the app would see
 * them, and at each arrival, before the new ticket joins, the kiosk's
 * estimate (mdg_queue_estimate) is taken for its band: once with the
 * counters as they are, once as the ward sees them: open by their calls
 * (mdg_queue_open_counters), with the bands each registered. When the ticket is called, its real wait is
 * known, and the estimate's error too.
 */

#define G_LOG_DOMAIN "mdg-tool-bench-queue"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdg-bands.h"
#include "mdg-date.h"
#include "mdg-input.h"
#include "mdg-queue.h"
#include "mdg-tool-bench-queue-private.h"
#include "mdg-tool-private.h"

/* The estimate misses its target beyond this share of the mean wait. */
#define TARGET_MAE_SHARE 0.20

/* A visitor, before the day is played. */
typedef struct
{
  gint64   at;
  guint    seq;
  guint    band_index;
  gboolean priority;
  gint64   service;         /* seconds at the counter */
} Arrival;

/* Waits and estimate errors of a group of tickets; times in seconds. */
typedef struct
{
  guint   n;
  double  wait_sum;
  GArray *waits_us;         /* gint64 µs, for mdg_tool_percentile_ms() */
  double  abs_error;        /* the estimate with the counters as given */
  double  error;
  guint   n_inferred;       /* tickets with an estimate from the inferred counters */
  double  inferred_abs_error;
  double  inferred_error;
} Stats;

/* One simulated day's results. */
typedef struct
{
  double  mean_wait;
  double  mae;
  double  bias;
  gint64  last_close;       /* seconds since the epoch */
  gint64  sim_us;
} DayResult;

static void
stats_init (Stats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->waits_us = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
stats_clear (Stats *stats)
{
  g_clear_pointer (&stats->waits_us, g_array_unref);
}

static void
stats_add (Stats  *stats,
           gint64  wait,
           gint64  estimate,
           gint64  inferred)
{
  gint64 wait_us = wait * G_USEC_PER_SEC;

  stats->n++;
  stats->wait_sum += wait;
  g_array_append_val (stats->waits_us, wait_us);
  stats->abs_error += ABS (estimate - wait);
  stats->error += estimate - wait;
  if (inferred >= 0)
    {
      stats->n_inferred++;
      stats->inferred_abs_error += ABS (inferred - wait);
      stats->inferred_error += inferred - wait;
    }
}

static double
stats_mean_wait (const Stats *stats)
{
  return stats->n > 0 ? stats->wait_sum / stats->n : 0;
}

static double
stats_mae (const Stats *stats)
{
  return stats->n > 0 ? stats->abs_error / stats->n : 0;
}

/* The MAE as a share of the mean wait (0 when nobody waited). */
static double
stats_mae_share (const Stats *stats)
{
  return stats->wait_sum > 0 ? stats->abs_error / stats->wait_sum : 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static int
compare_arrivals (gconstpointer a,
                  gconstpointer b)
{
  const Arrival *x = a;
  const Arrival *y = b;

  if (x->at != y->at)
    return x->at < y->at ? -1 : 1;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

static char *
format_clock (gint64 at)
{
  gint64 of_day = ((at + JST_OFFSET) % 86400 + 86400) % 86400;

  return g_strdup_printf ("%02d:%02d", (int) (of_day / 3600), (int) (of_day % 3600 / 60));
}

static double
rand_normal (GRand *rand)
{
  /* Box–Muller; 1 − u keeps the logarithm finite. */
  double u = 1.0 - g_rand_double (rand);
  double v = g_rand_double (rand);

  return sqrt (-2 * log (u)) * cos (2 * G_PI * v);
}

/* The day's visitors, in order of arrival: a Poisson process per band,
 * its rate constant within each clock hour. */
static GArray *
generate_arrivals (const Day *day,
                   GRand     *rand)
{
  g_autoptr(GArray) arrivals = g_array_new (FALSE, FALSE, sizeof (Arrival));

  for (guint b = 0; b < day->bands->len; b++)
    {
      const DayBand *band = &g_array_index (day->bands, DayBand, b);

      for (guint h = 0; h < band->rates->len; h++)
        {
          double rate = g_array_index (band->rates, double, h) / 3600;
          double t = MAX (day->opening, day->first_hour + h * 3600);
          double end = MIN (day->closing, day->first_hour + (h + 1) * 3600);

          if (rate <= 0)
            continue;
          for (;;)
            {
              Arrival arrival = { .band_index = b, .seq = arrivals->len };
              double service;

              t += -log (1.0 - g_rand_double (rand)) / rate;
              if (t >= end)
                break;
              arrival.at = (gint64) t;
              arrival.priority = g_rand_double (rand) < day->priority_share;
              service = exp (band->mu + band->sigma * rand_normal (rand));
              arrival.service = MAX (1, (gint64) (service + 0.5));
              g_array_append_val (arrivals, arrival);
            }
        }
    }

  g_array_sort (arrivals, compare_arrivals);
  return g_steal_pointer (&arrivals);
}

typedef struct
{
  const Day        *day;
  const GPtrArray  *bands;
  GArray           *tickets;        /* MdgQueueTicket, as the app sees them */
  GArray           *estimates;      /* gint64 per ticket, with the given counters */
  GArray           *inferred;       /* gint64 per ticket, with the inferred counters; -1 none */
  GArray           *waiting;        /* guint: indices of waiting tickets */
  MdgQueueCounter  *counters;       /* the state mdg_queue_estimate sees */
  int              *serving;        /* per counter: its ticket's index, or -1 */
  gint64           *busy_until;
  gint64           *free_since;
  guint             n_estimates;
  gint64            estimate_us;
} Sim;

/* The first waiting ticket of @counter's bands in the call order, as an
 * index into sim->waiting, or -1. */
static int
first_waiting (Sim   *sim,
               guint  counter)
{
  const MdgQueueTicket *best = NULL;
  int at = -1;

  for (guint w = 0; w < sim->waiting->len; w++)
    {
      const MdgQueueTicket *t = &g_array_index (sim->tickets, MdgQueueTicket,
                                                g_array_index (sim->waiting, guint, w));

      if ((sim->counters[counter].band_mask & (G_GUINT64_CONSTANT (1) << t->band)) &&
          (best == NULL || mdg_queue_ticket_compare (t, best) < 0))
        {
          best = t;
          at = w;
        }
    }

  return at;
}

/* Each free counter, the longest free first, calls the first waiting
 * ticket of its bands. */
static void
dispatch (Sim    *sim,
          GArray *arrivals,
          gint64  now)
{
  for (;;)
    {
      MdgQueueTicket *t;
      int counter = -1;
      int at = -1;
      guint index;

      for (guint c = 0; c < sim->day->counters->len; c++)
        {
          int first;

          if (sim->serving[c] >= 0 ||
              (counter >= 0 && sim->free_since[c] >= sim->free_since[counter]) ||
              (first = first_waiting (sim, c)) < 0)
            continue;
          counter = c;
          at = first;
        }
      if (counter < 0)
        return;

      index = g_array_index (sim->waiting, guint, at);
      t = &g_array_index (sim->tickets, MdgQueueTicket, index);
      t->state = MDG_QUEUE_STATE_CALLED;
      t->counter = sim->counters[counter].counter;
      t->called_at = now;
      sim->counters[counter].serving_band = t->band;
      sim->counters[counter].serving_since = now;
      sim->serving[counter] = index;
      sim->busy_until[counter] = now + g_array_index (arrivals, Arrival, index).service;
      g_array_remove_index_fast (sim->waiting, at);
    }
}

static void
estimate_arrival (Sim           *sim,
                  const Arrival *arrival,
                  gint64         now)
{
  const MdgQueueTicket *tickets = (const MdgQueueTicket *) (gpointer) sim->tickets->data;
  const DayBand *band = &g_array_index (sim->day->bands, DayBand, arrival->band_index);
  g_autoptr(GArray) states = NULL;
  g_autoptr(GArray) open = NULL;
  g_autoptr(GArray) inferred_states = NULL;
  gint64 start = g_get_monotonic_time ();
  gint64 estimate;
  gint64 inferred;

  states = mdg_queue_estimate (sim->bands, tickets, sim->tickets->len,
                               sim->counters, sim->day->counters->len, now);
  /* as the ward does: open by their calls, bands by their registration */
  open = mdg_queue_open_counters (tickets, sim->tickets->len, now);
  mdg_queue_counters_add_known (open, sim->counters, sim->day->counters->len);
  inferred_states = mdg_queue_estimate (sim->bands, tickets, sim->tickets->len,
                                        (const MdgQueueCounter *) (gpointer) open->data,
                                        open->len, now);
  sim->estimate_us += g_get_monotonic_time () - start;
  sim->n_estimates += 2;

  /* a priority ticket (support marked at issue) is given its own estimate */
  if (arrival->priority)
    {
      estimate = mdg_queue_band_state (states, band->info->band)->estimate_priority;
      inferred = mdg_queue_band_state (inferred_states, band->info->band)->estimate_priority;
    }
  else
    {
      estimate = mdg_queue_band_state (states, band->info->band)->estimate;
      inferred = mdg_queue_band_state (inferred_states, band->info->band)->estimate;
    }
  g_array_append_val (sim->estimates, estimate);
  g_array_append_val (sim->inferred, inferred);
}

/* Plays one day with @seed; adds each ticket to @stats (per band, then the
 * total, then the priority tickets). */
static void
simulate_day (const Day       *day,
              const GPtrArray *bands,
              guint32          seed,
              Stats           *stats,
              DayResult       *result,
              guint           *n_estimates,
              gint64          *estimate_us)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GArray) arrivals = NULL;
  g_autoptr(GArray) tickets = NULL;
  g_autoptr(GArray) estimates = NULL;
  g_autoptr(GArray) inferred = NULL;
  g_autoptr(GArray) waiting = NULL;
  g_autofree MdgQueueCounter *counters = NULL;
  g_autofree int *serving = NULL;
  g_autofree gint64 *busy_until = NULL;
  g_autofree gint64 *free_since = NULL;
  g_autofree guint *issued = NULL;
  guint n_counters = day->counters->len;
  guint n_bands = day->bands->len;
  Stats day_stats;
  gint64 start = g_get_monotonic_time ();
  guint next = 0;
  Sim sim;

  arrivals = generate_arrivals (day, rand);
  tickets = g_array_sized_new (FALSE, TRUE, sizeof (MdgQueueTicket), arrivals->len);
  estimates = g_array_sized_new (FALSE, FALSE, sizeof (gint64), arrivals->len);
  inferred = g_array_sized_new (FALSE, FALSE, sizeof (gint64), arrivals->len);
  waiting = g_array_new (FALSE, FALSE, sizeof (guint));
  counters = g_memdup2 (day->counters->data, n_counters * sizeof (MdgQueueCounter));
  serving = g_new (int, n_counters);
  busy_until = g_new0 (gint64, n_counters);
  free_since = g_new (gint64, n_counters);
  issued = g_new0 (guint, n_bands);
  for (guint c = 0; c < n_counters; c++)
    {
      serving[c] = -1;
      free_since[c] = day->opening;
    }

  sim = (Sim) {
    .day = day,
    .bands = bands,
    .tickets = tickets,
    .estimates = estimates,
    .inferred = inferred,
    .waiting = waiting,
    .counters = counters,
    .serving = serving,
    .busy_until = busy_until,
    .free_since = free_since,
  };

  for (;;)
    {
      gint64 next_end = G_MAXINT64;
      gint64 now;

      for (guint c = 0; c < n_counters; c++)
        {
          if (serving[c] >= 0)
            next_end = MIN (next_end, busy_until[c]);
        }
      if (next_end == G_MAXINT64 && next >= arrivals->len)
        break;

      if (next < arrivals->len && g_array_index (arrivals, Arrival, next).at < next_end)
        {
          const Arrival *arrival = &g_array_index (arrivals, Arrival, next);
          const DayBand *band = &g_array_index (day->bands, DayBand, arrival->band_index);
          MdgQueueTicket ticket = {
            .band = band->info->band,
            .number = band->info->first + issued[arrival->band_index]++,
            .state = MDG_QUEUE_STATE_WAITING,
            .priority = arrival->priority,
            .issued_at = arrival->at,
          };
          guint index = tickets->len;

          now = arrival->at;
          /* The tickets are indexed as the arrivals. */
          g_assert (index == next);
          estimate_arrival (&sim, arrival, now);
          g_array_append_val (tickets, ticket);
          g_array_append_val (waiting, index);
          next++;
        }
      else
        {
          now = next_end;
          for (guint c = 0; c < n_counters; c++)
            {
              if (serving[c] >= 0 && busy_until[c] == now)
                {
                  MdgQueueTicket *t = &g_array_index (tickets, MdgQueueTicket, serving[c]);

                  t->state = MDG_QUEUE_STATE_DONE;
                  t->closed_at = now;
                  result->last_close = MAX (result->last_close, now);
                  counters[c].serving_band = 0;
                  counters[c].serving_since = 0;
                  serving[c] = -1;
                  free_since[c] = now;
                }
            }
        }

      dispatch (&sim, arrivals, now);
    }

  result->sim_us = g_get_monotonic_time () - start;
  *n_estimates += sim.n_estimates;
  *estimate_us += sim.estimate_us;

  stats_init (&day_stats);
  for (guint i = 0; i < tickets->len; i++)
    {
      const MdgQueueTicket *t = &g_array_index (tickets, MdgQueueTicket, i);
      guint b = g_array_index (arrivals, Arrival, i).band_index;
      gint64 wait = t->called_at - t->issued_at;
      gint64 estimate = g_array_index (estimates, gint64, i);
      gint64 by_inferred = g_array_index (inferred, gint64, i);

      g_assert (t->state == MDG_QUEUE_STATE_DONE);
      stats_add (&stats[b], wait, estimate, by_inferred);
      stats_add (&stats[n_bands], wait, estimate, by_inferred);
      if (t->priority)
        stats_add (&stats[n_bands + 1], wait, estimate, by_inferred);
      stats_add (&day_stats, wait, estimate, by_inferred);
    }
  result->mean_wait = stats_mean_wait (&day_stats);
  result->mae = stats_mae (&day_stats);
  result->bias = day_stats.n > 0 ? day_stats.error / day_stats.n : 0;
  stats_clear (&day_stats);
}

/* Output */

static void
print_row (const char *label,
           Stats      *stats,
           guint       n_days)
{
  g_array_sort (stats->waits_us, mdg_tool_compare_int64);
  printf ("  %-9s %8.1f %9.1f %9.1f %8.1f %7.1f %+8.1f\n", label,
          (double) stats->n / n_days, stats_mean_wait (stats) / 60,
          mdg_tool_percentile_ms (stats->waits_us, 0.90) / 60000, stats_mae (stats) / 60,
          100 * stats_mae_share (stats),
          stats->n > 0 ? stats->error / stats->n / 60 : 0);
}

/* min / median / max of @values. */
static void
spread (GArray *values,
        double *min,
        double *median,
        double *max)
{
  g_array_sort (values, compare_doubles);
  *min = g_array_index (values, double, 0);
  *median = g_array_index (values, double, (values->len - 1) / 2);
  *max = g_array_index (values, double, values->len - 1);
}

static int
bench_queue (const Day       *day,
             const GPtrArray *bands,
             guint32          seed,
             guint            n_days)
{
  g_autoptr(GArray) shares = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) means = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) closes = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree Stats *stats = NULL;
  g_autofree char *opening = format_clock (day->opening);
  g_autofree char *closing = format_clock (day->closing);
  g_autofree char *date = mdg_day_dup_iso (day->date);
  guint n_bands = day->bands->len;
  Stats *total;
  Stats *priority;
  guint n_estimates = 0;
  gint64 estimate_us = 0;
  gint64 sim_us = 0;
  double min, median, max;
  double share;

  /* Per band, then the total, then the priority tickets. */
  stats = g_new (Stats, n_bands + 2);
  for (guint b = 0; b < n_bands + 2; b++)
    stats_init (&stats[b]);
  total = &stats[n_bands];
  priority = &stats[n_bands + 1];

  for (guint d = 0; d < n_days; d++)
    {
      DayResult result = { 0 };
      double day_share;
      double close_minutes;

      simulate_day (day, bands, seed + d, stats, &result, &n_estimates, &estimate_us);
      sim_us += result.sim_us;
      day_share = result.mean_wait > 0 ? result.mae / result.mean_wait : 0;
      close_minutes = (result.last_close - day->closing) / 60.0;
      g_array_append_val (shares, day_share);
      g_array_append_val (means, result.mean_wait);
      g_array_append_val (closes, close_minutes);
    }

  printf ("bench queue: %s, %u day%s (%s, %s–%s JST, %u counters, seed %u",
          day->name, n_days, n_days == 1 ? "" : "s", date, opening, closing,
          day->counters->len, seed);
  if (n_days > 1)
    printf ("…%u", seed + n_days - 1);
  printf (")\n");
  printf ("  visitors: %.1f a day, %.1f with priority; times in minutes\n",
          (double) total->n / n_days, (double) priority->n / n_days);
  printf ("  %-9s %8s %9s %9s %8s %7s %8s\n",
          "", "per day", "mean wait", "p90 wait", "MAE", "MAE %", "bias");
  for (guint b = 0; b < n_bands; b++)
    {
      g_autofree char *label = g_strdup_printf ("band %d", g_array_index (day->bands, DayBand,
                                                                         b).info->band);

      print_row (label, &stats[b], n_days);
    }
  print_row ("all", total, n_days);
  if (priority->n > 0)
    print_row ("priority", priority, n_days);

  share = stats_mae_share (total);
  printf ("  kiosk estimate, counters as given: MAE %.1f min = %.1f%% of the mean wait "
          "%.1f min, bias %+.1f min\n",
          stats_mae (total) / 60, 100 * share, stats_mean_wait (total) / 60,
          total->n > 0 ? total->error / total->n / 60 : 0);
  printf ("  kiosk estimate, counters open by their calls, bands registered (as the ward sees them): MAE %.1f min = "
          "%.1f%%, bias %+.1f min; no estimate for %u of %u tickets\n",
          total->n_inferred > 0 ? total->inferred_abs_error / total->n_inferred / 60 : 0,
          total->n_inferred > 0 && total->wait_sum > 0
          ? 100 * (total->inferred_abs_error / total->n_inferred) / stats_mean_wait (total) : 0,
          total->n_inferred > 0 ? total->inferred_error / total->n_inferred / 60 : 0,
          total->n - total->n_inferred, total->n);
  if (n_days > 1)
    {
      spread (shares, &min, &median, &max);
      printf ("  per day: MAE %% of the mean wait %.1f / %.1f / %.1f (min / median / max)",
              100 * min, 100 * median, 100 * max);
      spread (means, &min, &median, &max);
      printf (", mean wait %.1f / %.1f / %.1f min\n", min / 60, median / 60, max / 60);
    }
  spread (closes, &min, &median, &max);
  if (n_days > 1)
    printf ("  last visit ends %.0f min after closing (median of the days; max %.0f)\n",
            median, max);
  else
    printf ("  last visit ends %.0f min after closing\n", median);
  printf ("  target MAE < %.0f%% of the mean wait: %s\n", 100 * TARGET_MAE_SHARE,
          share < TARGET_MAE_SHARE ? "met" : "missed");
  printf ("  simulation: %.2f ms per day; %u estimates (2 per ticket), %.1f µs each, "
          "%.0f estimates/s\n",
          sim_us / 1e3 / n_days, n_estimates,
          n_estimates > 0 ? (double) estimate_us / n_estimates : 0,
          estimate_us > 0 ? n_estimates / (estimate_us / 1e6) : 0);

  for (guint b = 0; b < n_bands + 2; b++)
    stats_clear (&stats[b]);

  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_bench_queue (int    argc,
                      char **argv)
{
  g_autofree char *day_path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(Day) day = NULL;
  const GPtrArray *bands;
  gint64 seed = -1;
  int n_days = 100;
  GOptionEntry entries[] = {
    { "day", 0, 0, G_OPTION_ARG_FILENAME, &day_path,
      "The day to simulate (default: the installed or source data/queue/" DAY_FILE ")", "FILE" },
    { "days", 0, 0, G_OPTION_ARG_INT, &n_days,
      "Days to simulate, with the seeds SEED, SEED+1 … (default 100: one day's MAE "
      "varies by ±6 points)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Random seed (default: the day file's)", "SEED" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_days < 1 || n_days > 10000)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--days must be from 1 to 10000");
  if (seed != -1 && (seed < 0 || seed > G_MAXUINT32))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--seed must be from 0 to %u", G_MAXUINT32);

  if (!(bands = mdg_bands_get_default (&error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the ticket bands are broken: %s",
                          error->message);
  if (day_path == NULL)
    day_path = _mdg_tool_find_day_file ();
  if (!(day = _mdg_tool_day_load (day_path, bands, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);

  return bench_queue (day, bands, seed >= 0 ? (guint32) seed : day->seed, n_days);
}
