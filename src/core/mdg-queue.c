/* mdg-queue.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-queue"

#include "config.h"

#include "mdg-bands.h"
#include "mdg-queue.h"

static const char * const state_names[] = {
  [MDG_QUEUE_STATE_WAITING] = "waiting",
  [MDG_QUEUE_STATE_CALLED] = "called",
  [MDG_QUEUE_STATE_HELD] = "held",
  [MDG_QUEUE_STATE_DONE] = "done",
  [MDG_QUEUE_STATE_NO_SHOW] = "no_show",
};

const char *
mdg_queue_state_to_string (MdgQueueState state)
{
  g_return_val_if_fail ((guint) state < G_N_ELEMENTS (state_names), NULL);

  return state_names[state];
}

gboolean
mdg_queue_state_from_string (const char    *text,
                             MdgQueueState *state)
{
  g_return_val_if_fail (state != NULL, FALSE);

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (state_names); i++)
    {
      if (g_str_equal (text, state_names[i]))
        {
          *state = i;
          return TRUE;
        }
    }

  return FALSE;
}

int
mdg_queue_ticket_compare (const MdgQueueTicket *a,
                          const MdgQueueTicket *b)
{
  if (a->priority != b->priority)
    return a->priority ? -1 : 1;
  if (a->issued_at != b->issued_at)
    return a->issued_at < b->issued_at ? -1 : 1;
  return (a->number > b->number) - (a->number < b->number);
}

static int
compare_ticket_ptr (gconstpointer a,
                    gconstpointer b)
{
  return mdg_queue_ticket_compare (*(const MdgQueueTicket * const *)a,
                                   *(const MdgQueueTicket * const *)b);
}

double
mdg_queue_service_time (const MdgQueueTicket *tickets,
                        guint                 n_tickets,
                        int                   band,
                        gint64                now,
                        double                fallback_seconds)
{
  /* The last MDG_QUEUE_SERVICE_SAMPLES closes: a small ring of the latest. */
  gint64 closed[MDG_QUEUE_SERVICE_SAMPLES];
  gint64 length[MDG_QUEUE_SERVICE_SAMPLES];
  guint n = 0;
  double sum = 0;

  g_return_val_if_fail (tickets != NULL || n_tickets == 0, fallback_seconds);

  for (guint i = 0; i < n_tickets; i++)
    {
      const MdgQueueTicket *t = &tickets[i];
      guint slot;

      if (t->band != band || t->state != MDG_QUEUE_STATE_DONE ||
          t->called_at == 0 || t->closed_at < t->called_at ||
          t->closed_at > now || now - t->closed_at > MDG_QUEUE_SERVICE_WINDOW)
        continue;

      if (n < MDG_QUEUE_SERVICE_SAMPLES)
        slot = n++;
      else
        {
          /* Replace the oldest close if this one is later. */
          slot = 0;
          for (guint j = 1; j < n; j++)
            if (closed[j] < closed[slot])
              slot = j;
          if (closed[slot] >= t->closed_at)
            continue;
        }
      closed[slot] = t->closed_at;
      length[slot] = t->closed_at - t->called_at;
    }

  if (n < MDG_QUEUE_SERVICE_MIN_SAMPLES)
    return fallback_seconds;

  for (guint i = 0; i < n; i++)
    sum += length[i];

  return sum / n;
}

static int
compare_counter (gconstpointer a,
                 gconstpointer b)
{
  const MdgQueueCounter *ca = a;
  const MdgQueueCounter *cb = b;

  return (ca->counter > cb->counter) - (ca->counter < cb->counter);
}

GArray *
mdg_queue_open_counters (const MdgQueueTicket *tickets,
                         guint                 n_tickets,
                         gint64                now)
{
  g_autoptr(GArray) counters = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
  g_autoptr(GHashTable) index = g_hash_table_new (NULL, NULL);
  /* The latest call or close of each counter: is it still open? */
  g_autoptr(GArray) last_call = g_array_new (FALSE, TRUE, sizeof (gint64));

  g_return_val_if_fail (tickets != NULL || n_tickets == 0, NULL);

  for (guint i = 0; i < n_tickets; i++)
    {
      const MdgQueueTicket *t = &tickets[i];
      MdgQueueCounter *c;
      gpointer found;
      guint at;

      gint64 active;

      if (t->counter <= 0 || t->called_at == 0 || t->called_at > now ||
          t->band <= 0 || t->band > MDG_QUEUE_MAX_BAND)
        continue;
      /* a long visit closed a minute ago leaves the counter open */
      active = t->closed_at > t->called_at && t->closed_at <= now ? t->closed_at : t->called_at;

      if (g_hash_table_lookup_extended (index, GINT_TO_POINTER (t->counter), NULL, &found))
        at = GPOINTER_TO_UINT (found);
      else
        {
          MdgQueueCounter blank = { .counter = t->counter };
          gint64 never = 0;

          at = counters->len;
          g_array_append_val (counters, blank);
          g_array_append_val (last_call, never);
          g_hash_table_insert (index, GINT_TO_POINTER (t->counter), GUINT_TO_POINTER (at));
        }

      c = &g_array_index (counters, MdgQueueCounter, at);
      c->band_mask |= G_GUINT64_CONSTANT (1) << t->band;
      g_array_index (last_call, gint64, at) = MAX (g_array_index (last_call, gint64, at), active);
      if (t->state == MDG_QUEUE_STATE_CALLED && t->called_at >= c->serving_since)
        {
          c->serving_band = t->band;
          c->serving_since = t->called_at;
        }
    }

  for (guint i = counters->len; i > 0; i--)
    {
      const MdgQueueCounter *c = &g_array_index (counters, MdgQueueCounter, i - 1);

      if (c->serving_band == 0 && now - g_array_index (last_call, gint64, i - 1) > MDG_QUEUE_OPEN_WINDOW)
        g_array_remove_index (counters, i - 1);
    }

  g_array_sort (counters, compare_counter);

  return g_steal_pointer (&counters);
}

void
mdg_queue_counters_add_known (GArray                *open,
                              const MdgQueueCounter *known,
                              guint                  n_known)
{
  g_return_if_fail (open != NULL);
  g_return_if_fail (known != NULL || n_known == 0);

  for (guint i = 0; i < open->len; i++)
    {
      MdgQueueCounter *c = &g_array_index (open, MdgQueueCounter, i);

      for (guint j = 0; j < n_known; j++)
        if (known[j].counter == c->counter)
          c->band_mask |= known[j].band_mask;
    }
}

static double
band_service (const GPtrArray *bands,
              const double    *service,
              int              band)
{
  for (guint i = 0; i < bands->len; i++)
    if (((const MdgBand *)g_ptr_array_index (bands, i))->band == band)
      return service[i];

  return 15 * 60;
}

/* Plays the queue forward from @now and returns how long after @now
 * @phantom (the ticket issued now, in @waiting) is called, or -1 if no
 * counter calls it. @waiting is in call order. */
static gint64
project_ticket (const GPtrArray       *bands,
                const double          *service,
                GPtrArray             *waiting,
                const MdgQueueTicket  *phantom,
                const MdgQueueCounter *counters,
                guint                  n_counters,
                gint64                 now)
{
  g_autofree double *free_at = g_new (double, MAX (n_counters, 1));
  g_autofree gboolean *taken = g_new0 (gboolean, waiting->len);
  g_autofree gboolean *done = g_new0 (gboolean, MAX (n_counters, 1));

  for (guint i = 0; i < n_counters; i++)
    {
      const MdgQueueCounter *c = &counters[i];

      free_at[i] = now;
      if (c->serving_band != 0)
        free_at[i] = MAX (c->serving_since + band_service (bands, service, c->serving_band),
                          now + MDG_QUEUE_MIN_REMAINING);
    }

  for (;;)
    {
      int next = -1;

      /* The counter that is free first (the lower number on a tie). */
      for (guint i = 0; i < n_counters; i++)
        if (!done[i] && (next < 0 || free_at[i] < free_at[next]))
          next = i;
      if (next < 0)
        return -1;

      done[next] = TRUE;
      for (guint j = 0; j < waiting->len; j++)
        {
          const MdgQueueTicket *t = g_ptr_array_index (waiting, j);

          if (taken[j] ||
              !(counters[next].band_mask & (G_GUINT64_CONSTANT (1) << t->band)) ||
              (t->target_counter != 0 && t->target_counter != counters[next].counter))
            continue;

          if (t == phantom)
            return (gint64) (free_at[next] + 0.5) - now;

          taken[j] = TRUE;
          free_at[next] += band_service (bands, service, t->band);
          done[next] = FALSE;
          break;
        }
    }
}

GArray *
mdg_queue_estimate (const GPtrArray       *bands,
                    const MdgQueueTicket  *tickets,
                    guint                  n_tickets,
                    const MdgQueueCounter *counters,
                    guint                  n_counters,
                    gint64                 now)
{
  g_autoptr(GArray) states = NULL;
  g_autoptr(GPtrArray) waiting = NULL;
  g_autofree double *service = NULL;

  g_return_val_if_fail (bands != NULL, NULL);
  g_return_val_if_fail (tickets != NULL || n_tickets == 0, NULL);
  g_return_val_if_fail (counters != NULL || n_counters == 0, NULL);

  states = g_array_sized_new (FALSE, TRUE, sizeof (MdgQueueBandState), bands->len);
  waiting = g_ptr_array_sized_new (n_tickets + 1);
  service = g_new (double, MAX (bands->len, 1));

  for (guint i = 0; i < n_tickets; i++)
    if (tickets[i].state == MDG_QUEUE_STATE_WAITING &&
        tickets[i].band > 0 && tickets[i].band <= MDG_QUEUE_MAX_BAND)
      g_ptr_array_add (waiting, (gpointer) &tickets[i]);
  g_ptr_array_sort (waiting, compare_ticket_ptr);

  for (guint b = 0; b < bands->len; b++)
    {
      const MdgBand *band = g_ptr_array_index (bands, b);

      service[b] = mdg_queue_service_time (tickets, n_tickets, band->band, now,
                                           band->service_minutes * 60.0);
    }

  for (guint b = 0; b < bands->len; b++)
    {
      const MdgBand *band = g_ptr_array_index (bands, b);
      guint64 bit = G_GUINT64_CONSTANT (1) << band->band;
      MdgQueueTicket phantom = { .band = band->band, .issued_at = now, .number = G_MAXINT };
      MdgQueueBandState state = {
        .band = band->band,
        .service_time = service[b],
        .estimate = -1,
      };

      for (guint i = 0; i < waiting->len; i++)
        {
          const MdgQueueTicket *t = g_ptr_array_index (waiting, i);

          if (t->band != band->band)
            continue;
          state.waiting++;
          if (t->issued_at > 0 && t->issued_at <= now)
            state.longest_wait = MAX (state.longest_wait, now - t->issued_at);
        }

      for (guint i = 0; i < n_counters; i++)
        if (counters[i].band_mask & bit)
          state.counters++;

      state.estimate_priority = -1;
      if (state.counters > 0)
        {
          guint last_priority = 0;

          g_ptr_array_add (waiting, &phantom);
          state.estimate = project_ticket (bands, service, waiting, &phantom,
                                           counters, n_counters, now);
          g_ptr_array_remove_index (waiting, waiting->len - 1);

          /* a priority ticket goes after the priority tickets waiting */
          while (last_priority < waiting->len &&
                 ((const MdgQueueTicket *) g_ptr_array_index (waiting, last_priority))->priority)
            last_priority++;
          phantom.priority = TRUE;
          g_ptr_array_insert (waiting, last_priority, &phantom);
          state.estimate_priority = project_ticket (bands, service, waiting, &phantom,
                                                    counters, n_counters, now);
          g_ptr_array_remove_index (waiting, last_priority);
        }

      g_array_append_val (states, state);
    }

  return g_steal_pointer (&states);
}

const MdgQueueBandState *
mdg_queue_band_state (GArray *states,
                      int     band)
{
  g_return_val_if_fail (states != NULL, NULL);

  for (guint i = 0; i < states->len; i++)
    if (g_array_index (states, MdgQueueBandState, i).band == band)
      return &g_array_index (states, MdgQueueBandState, i);

  return NULL;
}
