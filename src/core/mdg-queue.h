/* mdg-queue.h: the waiting queue as data, and how long a new ticket waits
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The model behind every wait the kiosk prints and the displays show (the
 * help page "待ち時間の見込み" explains it to staff):
 *
 * 1. A band's service time is the mean of its last visits (called to
 *    closed), at most MDG_QUEUE_SERVICE_SAMPLES of them, closed within the
 *    last MDG_QUEUE_SERVICE_WINDOW seconds; with fewer than
 *    MDG_QUEUE_SERVICE_MIN_SAMPLES it is the band's service_minutes from
 *    bands.json.
 * 2. The open counters are those given by the caller (the simulation) or,
 *    in the ward, those that called or closed a ticket within the last
 *    MDG_QUEUE_OPEN_WINDOW seconds or serve one now; a counter calls the
 *    bands it registered (its preferences) and the bands it called today.
 * 3. The queue is played forward: each counter, when it becomes free (a
 *    busy one after its visit's service time, at least a minute from now),
 *    calls the first waiting ticket of its bands in the call order
 *    (priority first, then the time of issue); each visit takes its band's
 *    service time. The estimate of a band is when a ticket issued now, last
 *    in that order, would be called; for a priority ticket, last among the
 *    priority tickets.
 *
 * Times are seconds since the epoch (UTC); 0 means "not yet" or "unknown".
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* 50 visits within 4 hours: a mean of 12 drifted ±14 % at the spread of
 * real visits, and the estimates with it (`madoguchi-tool bench queue`). */
#define MDG_QUEUE_SERVICE_SAMPLES     50
#define MDG_QUEUE_SERVICE_MIN_SAMPLES 3
#define MDG_QUEUE_SERVICE_WINDOW      (4 * 60 * 60)
#define MDG_QUEUE_OPEN_WINDOW         (30 * 60)
/* A busy counter is expected to be free no sooner than this from now. */
#define MDG_QUEUE_MIN_REMAINING       60
/* Band numbers are below this (a counter's bands are a bit mask). */
#define MDG_QUEUE_MAX_BAND            63

typedef enum
{
  MDG_QUEUE_STATE_WAITING,
  MDG_QUEUE_STATE_CALLED,   /* at a counter now */
  MDG_QUEUE_STATE_HELD,     /* set aside by the counter */
  MDG_QUEUE_STATE_DONE,
  MDG_QUEUE_STATE_NO_SHOW,
} MdgQueueState;

/* A ticket's state as the store, the ward database and the tool write it:
 * "waiting", "called", "held", "done", "no_show". The one list of them. */
const char *mdg_queue_state_to_string   (MdgQueueState  state);
/* FALSE (and @state untouched) for text that names no state. */
gboolean    mdg_queue_state_from_string (const char    *text,
                                         MdgQueueState *state);

/* One ticket, as the queue logic and the KPIs see it. */
typedef struct
{
  int            band;
  int            number;
  MdgQueueState  state;
  gboolean       priority;        /* 高齢者・障がい者 support: called first */
  int            counter;         /* the counter that called it; 0: none */
  int            target_counter;  /* transferred to one counter; 0: any */
  gint64         issued_at;
  gint64         called_at;       /* the last call */
  gint64         closed_at;       /* done or no-show */
  const char    *event;           /* the visit's life event (catalog id) or NULL */
  int            rating;          /* satisfaction 1…5; 0: not given */
} MdgQueueTicket;

/* A counter that calls tickets. */
typedef struct
{
  int     counter;
  guint64 band_mask;      /* 1 << band for each band it calls */
  int     serving_band;   /* the band of the ticket it serves now; 0: free */
  gint64  serving_since;  /* when it called that ticket */
} MdgQueueCounter;

/* One band's queue now. */
typedef struct
{
  int     band;
  guint   waiting;        /* waiting tickets (held ones not counted) */
  gint64  longest_wait;   /* seconds the oldest waiting ticket has waited */
  guint   counters;       /* open counters that call the band */
  double  service_time;   /* seconds, the mean the estimate used */
  gint64  estimate;       /* seconds a ticket issued now would wait; -1: no open counter calls it */
  gint64  estimate_priority;  /* the same for a priority ticket */
} MdgQueueBandState;

/* The call order: priority first, then issued_at, then number. */
int     mdg_queue_ticket_compare      (const MdgQueueTicket *a,
                                       const MdgQueueTicket *b);

/* The mean service time of @band at @now (step 1 above), or
 * @fallback_seconds. */
double  mdg_queue_service_time        (const MdgQueueTicket *tickets,
                                       guint                 n_tickets,
                                       int                   band,
                                       gint64                now,
                                       double                fallback_seconds);

/* The counters open at @now (step 2 above). Returns: (transfer full)
 * (element-type MdgQueueCounter): ordered by counter number. */
GArray *mdg_queue_open_counters       (const MdgQueueTicket *tickets,
                                       guint                 n_tickets,
                                       gint64                now);

/* Adds to the @open counters (from mdg_queue_open_counters()) the bands
 * each calls by the @known counters' registration (madoguchi.counters):
 * a counter calls its registered bands before it called each today. */
void    mdg_queue_counters_add_known  (GArray                *open,
                                       const MdgQueueCounter *known,
                                       guint                  n_known);

/* Each band's state and estimate at @now (step 3 above). @bands are the
 * MdgBand of bands.json (service_minutes is the fallback service time).
 * Returns: (transfer full) (element-type MdgQueueBandState): in the order
 * of @bands. */
GArray *mdg_queue_estimate            (const GPtrArray       *bands,
                                       const MdgQueueTicket  *tickets,
                                       guint                  n_tickets,
                                       const MdgQueueCounter *counters,
                                       guint                  n_counters,
                                       gint64                 now);

/* Returns: (transfer none) (nullable): @band's state in @states */
const MdgQueueBandState *mdg_queue_band_state (GArray *states,
                                               int     band);

G_END_DECLS
