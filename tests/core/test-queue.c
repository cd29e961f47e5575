/* test-queue.c: service times, open counters and wait estimates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every expected figure is worked out by hand in the comment above it.
 */

#include "config.h"

#include "mdg-bands.h"
#include "mdg-queue.h"

#include "test-core.h"

#define NOW   G_GINT64_CONSTANT (1796000000)  /* any moment */
#define MINUTE 60

/* Band 1: 30 min a visit; band 2: 10 min; band 3: 5 min. */
static GPtrArray *
make_bands (void)
{
  static MdgBand bands[] = {
    { .band = 1, .first = 1001, .last = 1999, .lease_size = 20, .service_minutes = 30, .name = (char *) "one" },
    { .band = 2, .first = 2001, .last = 2999, .lease_size = 20, .service_minutes = 10, .name = (char *) "two" },
    { .band = 3, .first = 3001, .last = 3999, .lease_size = 20, .service_minutes = 5, .name = (char *) "three" },
  };
  GPtrArray *array = g_ptr_array_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bands); i++)
    g_ptr_array_add (array, &bands[i]);

  return array;
}

static MdgQueueTicket
done_ticket (int    band,
             gint64 called_ago,
             gint64 length)
{
  return (MdgQueueTicket) {
    .band = band,
    .state = MDG_QUEUE_STATE_DONE,
    .counter = 9,
    .issued_at = NOW - called_ago - 10 * MINUTE,
    .called_at = NOW - called_ago,
    .closed_at = NOW - called_ago + length,
  };
}

static void
test_queue_service_time (void)
{
  MdgQueueTicket tickets[] = {
    /* four visits of band 1 within the last four hours: 10, 20, 30 and 40
     * minutes, mean 25 minutes */
    done_ticket (1, 100 * MINUTE, 10 * MINUTE),
    done_ticket (1, 80 * MINUTE, 20 * MINUTE),
    done_ticket (1, 60 * MINUTE, 30 * MINUTE),
    done_ticket (1, 45 * MINUTE, 40 * MINUTE),
    /* closed five hours ago: too old to count */
    done_ticket (1, 310 * MINUTE, 5 * MINUTE),
    /* another band */
    done_ticket (2, 30 * MINUTE, 2 * MINUTE),
    /* still at the counter */
    { .band = 1, .state = MDG_QUEUE_STATE_CALLED, .counter = 1, .issued_at = NOW - 50 * MINUTE, .called_at = NOW - MINUTE },
  };

  g_assert_cmpfloat_with_epsilon (mdg_queue_service_time (tickets, G_N_ELEMENTS (tickets), 1, NOW, 99),
                                  25 * MINUTE, 0.001);
  /* band 2 has one visit, fewer than MDG_QUEUE_SERVICE_MIN_SAMPLES: the fallback */
  g_assert_cmpfloat (mdg_queue_service_time (tickets, G_N_ELEMENTS (tickets), 2, NOW, 99), ==, 99);
  g_assert_cmpfloat (mdg_queue_service_time (NULL, 0, 1, NOW, 42), ==, 42);
}

static void
test_queue_service_time_latest (void)
{
  g_autofree MdgQueueTicket *tickets = g_new0 (MdgQueueTicket, 60);

  /* 60 visits: 10 of 10 minutes closed 220 to 202 minutes ago, then 50 of
   * 6 minutes closed 194 to 47 minutes ago. Only the latest
   * MDG_QUEUE_SERVICE_SAMPLES (50) count: the mean is 6 minutes. */
  for (guint i = 0; i < 60; i++)
    tickets[i] = i < 10 ? done_ticket (3, (230 - i * 2) * MINUTE, 10 * MINUTE)
                        : done_ticket (3, (200 - (i - 10) * 3) * MINUTE, 6 * MINUTE);
  /* shuffle the order: the latest are found wherever they are */
  for (guint i = 0; i < 30; i++)
    {
      MdgQueueTicket t = tickets[i];

      tickets[i] = tickets[59 - i];
      tickets[59 - i] = t;
    }

  g_assert_cmpint (MDG_QUEUE_SERVICE_SAMPLES, ==, 50);
  g_assert_cmpfloat_with_epsilon (mdg_queue_service_time (tickets, 60, 3, NOW, 0),
                                  6 * MINUTE, 0.001);
}

static void
test_queue_open_counters (void)
{
  MdgQueueTicket tickets[] = {
    /* counter 3 called band 2 forty minutes ago and is done since: closed */
    { .band = 2, .state = MDG_QUEUE_STATE_DONE, .counter = 3, .issued_at = NOW - 50 * MINUTE,
      .called_at = NOW - 40 * MINUTE, .closed_at = NOW - 35 * MINUTE },
    /* counter 7 called band 1 fifty minutes ago and closed it two minutes
     * ago: a long visit, still open */
    { .band = 1, .state = MDG_QUEUE_STATE_DONE, .counter = 7, .issued_at = NOW - 60 * MINUTE,
      .called_at = NOW - 50 * MINUTE, .closed_at = NOW - 2 * MINUTE },
    /* counter 4 serves band 1 since five minutes, and called band 4 this morning */
    { .band = 1, .state = MDG_QUEUE_STATE_CALLED, .counter = 4, .issued_at = NOW - 30 * MINUTE,
      .called_at = NOW - 5 * MINUTE },
    { .band = 4, .state = MDG_QUEUE_STATE_DONE, .counter = 4, .issued_at = NOW - 300 * MINUTE,
      .called_at = NOW - 290 * MINUTE, .closed_at = NOW - 280 * MINUTE },
    /* counter 2 called band 3 twenty minutes ago, done: open and free */
    { .band = 3, .state = MDG_QUEUE_STATE_DONE, .counter = 2, .issued_at = NOW - 25 * MINUTE,
      .called_at = NOW - 20 * MINUTE, .closed_at = NOW - 15 * MINUTE },
    /* waiting tickets open nothing */
    { .band = 1, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - MINUTE },
  };
  g_autoptr(GArray) counters = mdg_queue_open_counters (tickets, G_N_ELEMENTS (tickets), NOW);
  const MdgQueueCounter *c;

  g_assert_cmpuint (counters->len, ==, 3);
  c = &g_array_index (counters, MdgQueueCounter, 0);
  g_assert_cmpint (c->counter, ==, 2);
  g_assert_cmpuint (c->band_mask, ==, 1 << 3);
  g_assert_cmpint (c->serving_band, ==, 0);
  c = &g_array_index (counters, MdgQueueCounter, 1);
  g_assert_cmpint (c->counter, ==, 4);
  g_assert_cmpuint (c->band_mask, ==, (1 << 1) | (1 << 4));
  g_assert_cmpint (c->serving_band, ==, 1);
  g_assert_cmpint (c->serving_since, ==, NOW - 5 * MINUTE);
  c = &g_array_index (counters, MdgQueueCounter, 2);
  g_assert_cmpint (c->counter, ==, 7);
  g_assert_cmpint (c->serving_band, ==, 0);
}

static void
test_queue_estimate_two_counters (void)
{
  g_autoptr(GPtrArray) bands = make_bands ();
  MdgQueueTicket tickets[] = {
    { .band = 1, .number = 1003, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 5 * MINUTE },
    { .band = 1, .number = 1001, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 20 * MINUTE },
    { .band = 1, .number = 1002, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 10 * MINUTE },
    /* held tickets are not waiting */
    { .band = 1, .number = 1000, .state = MDG_QUEUE_STATE_HELD, .issued_at = NOW - 60 * MINUTE },
  };
  MdgQueueCounter counters[] = {
    { .counter = 1, .band_mask = 1 << 1 },
    { .counter = 2, .band_mask = 1 << 1, .serving_band = 1, .serving_since = NOW - 10 * MINUTE },
  };
  g_autoptr(GArray) states = mdg_queue_estimate (bands, tickets, G_N_ELEMENTS (tickets),
                                                 counters, G_N_ELEMENTS (counters), NOW);
  const MdgQueueBandState *s;

  /* 30 minutes a visit. Counter 1 is free now and calls 1001 (free at
   * +30); counter 2 is free at −10 + 30 = +20 and calls 1002 (free at +50);
   * counter 1 at +30 calls 1003 (free at +60); counter 2 at +50 calls the
   * new ticket: 50 minutes. */
  g_assert_cmpuint (states->len, ==, 3);
  s = mdg_queue_band_state (states, 1);
  g_assert_nonnull (s);
  g_assert_cmpuint (s->waiting, ==, 3);
  g_assert_cmpint (s->longest_wait, ==, 20 * MINUTE);
  g_assert_cmpuint (s->counters, ==, 2);
  g_assert_cmpfloat (s->service_time, ==, 30 * MINUTE);
  g_assert_cmpint (s->estimate, ==, 50 * MINUTE);
  /* a priority ticket goes first: counter 1 calls it now */
  g_assert_cmpint (s->estimate_priority, ==, 0);

  /* no counter calls bands 2 and 3: no estimate */
  s = mdg_queue_band_state (states, 2);
  g_assert_cmpuint (s->waiting, ==, 0);
  g_assert_cmpuint (s->counters, ==, 0);
  g_assert_cmpint (s->estimate, ==, -1);
  g_assert_cmpint (s->estimate_priority, ==, -1);
  g_assert_null (mdg_queue_band_state (states, 7));
}

static void
test_queue_estimate_shared_counter (void)
{
  g_autoptr(GPtrArray) bands = make_bands ();
  MdgQueueTicket tickets[] = {
    { .band = 1, .number = 1001, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 20 * MINUTE },
    { .band = 2, .number = 2001, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 10 * MINUTE,
      .priority = TRUE },
    /* transferred to counter 5, which is not open: nobody here calls it */
    { .band = 2, .number = 2002, .state = MDG_QUEUE_STATE_WAITING, .issued_at = NOW - 30 * MINUTE,
      .target_counter = 5 },
  };
  MdgQueueCounter counters[] = {
    { .counter = 1, .band_mask = (1 << 1) | (1 << 2) },
    { .counter = 2, .band_mask = 1 << 3, .serving_band = 3, .serving_since = NOW - 30 * MINUTE },
  };
  g_autoptr(GArray) states = mdg_queue_estimate (bands, tickets, G_N_ELEMENTS (tickets),
                                                 counters, G_N_ELEMENTS (counters), NOW);

  /* Counter 1 calls 2001 first (priority, 10 min), then 1001 (30 min):
   * a new ticket of band 1 or 2 is called at 40 minutes; 2002 waits for
   * counter 5 and is skipped. */
  g_assert_cmpint (mdg_queue_band_state (states, 1)->estimate, ==, 40 * MINUTE);
  g_assert_cmpint (mdg_queue_band_state (states, 2)->estimate, ==, 40 * MINUTE);
  /* A priority ticket goes after 2001 (priority too) and before 1001: it
   * is called when 2001 is done, at 10 minutes. */
  g_assert_cmpint (mdg_queue_band_state (states, 1)->estimate_priority, ==, 10 * MINUTE);
  g_assert_cmpint (mdg_queue_band_state (states, 2)->estimate_priority, ==, 10 * MINUTE);
  g_assert_cmpuint (mdg_queue_band_state (states, 2)->waiting, ==, 2);
  g_assert_cmpint (mdg_queue_band_state (states, 2)->longest_wait, ==, 30 * MINUTE);
  /* Counter 2 has served its 5-minute visit for 30 minutes: it is expected
   * free no sooner than a minute from now. */
  g_assert_cmpint (mdg_queue_band_state (states, 3)->estimate, ==, MDG_QUEUE_MIN_REMAINING);
}

static void
test_queue_counters_known (void)
{
  g_autoptr(GArray) open = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));
  MdgQueueCounter inferred[] = {
    { .counter = 1, .band_mask = 1 << 1 },
    { .counter = 5, .band_mask = 1 << 1, .serving_band = 1, .serving_since = NOW },
  };
  MdgQueueCounter known[] = {
    { .counter = 5, .band_mask = (1 << 1) | (1 << 4) },
    /* registered but not open: not added */
    { .counter = 7, .band_mask = 1 << 2 },
  };

  g_array_append_vals (open, inferred, G_N_ELEMENTS (inferred));
  mdg_queue_counters_add_known (open, known, G_N_ELEMENTS (known));

  /* counter 5 serves band 4 too, as registered, before it called one */
  g_assert_cmpuint (open->len, ==, 2);
  g_assert_cmpuint (g_array_index (open, MdgQueueCounter, 0).band_mask, ==, 1 << 1);
  g_assert_cmpuint (g_array_index (open, MdgQueueCounter, 1).band_mask, ==, (1 << 1) | (1 << 4));
  g_assert_cmpint (g_array_index (open, MdgQueueCounter, 1).serving_band, ==, 1);
}

static void
test_queue_call_order (void)
{
  MdgQueueTicket a = { .number = 1005, .issued_at = NOW };
  MdgQueueTicket b = { .number = 1002, .issued_at = NOW + 1 };
  MdgQueueTicket c = { .number = 1009, .issued_at = NOW + 5, .priority = TRUE };
  MdgQueueTicket d = { .number = 1001, .issued_at = NOW };

  g_assert_cmpint (mdg_queue_ticket_compare (&a, &b), <, 0);
  g_assert_cmpint (mdg_queue_ticket_compare (&c, &a), <, 0);
  g_assert_cmpint (mdg_queue_ticket_compare (&d, &a), <, 0);
  g_assert_cmpint (mdg_queue_ticket_compare (&a, &a), ==, 0);
}

/* The states have one spelling each, both ways; unknown text names none. */
static void
test_queue_state_strings (void)
{
  static const struct { MdgQueueState state; const char *text; } cases[] = {
    { MDG_QUEUE_STATE_WAITING, "waiting" },
    { MDG_QUEUE_STATE_CALLED, "called" },
    { MDG_QUEUE_STATE_HELD, "held" },
    { MDG_QUEUE_STATE_DONE, "done" },
    { MDG_QUEUE_STATE_NO_SHOW, "no_show" },
  };
  MdgQueueState state;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_assert_cmpstr (mdg_queue_state_to_string (cases[i].state), ==, cases[i].text);
      state = MDG_QUEUE_STATE_DONE + MDG_QUEUE_STATE_NO_SHOW;
      g_assert_true (mdg_queue_state_from_string (cases[i].text, &state));
      g_assert_cmpint (state, ==, cases[i].state);
    }

  state = MDG_QUEUE_STATE_HELD;
  g_assert_false (mdg_queue_state_from_string ("no-show", &state));
  g_assert_false (mdg_queue_state_from_string ("", &state));
  g_assert_false (mdg_queue_state_from_string (NULL, &state));
  g_assert_cmpint (state, ==, MDG_QUEUE_STATE_HELD);
}

void
test_queue_register (void)
{
  g_test_add_func ("/queue/state-strings", test_queue_state_strings);
  g_test_add_func ("/queue/service-time", test_queue_service_time);
  g_test_add_func ("/queue/service-time-latest", test_queue_service_time_latest);
  g_test_add_func ("/queue/open-counters", test_queue_open_counters);
  g_test_add_func ("/queue/estimate-two-counters", test_queue_estimate_two_counters);
  g_test_add_func ("/queue/estimate-shared-counter", test_queue_estimate_shared_counter);
  g_test_add_func ("/queue/counters-known", test_queue_counters_known);
  g_test_add_func ("/queue/call-order", test_queue_call_order);
}
