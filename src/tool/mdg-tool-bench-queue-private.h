/* mdg-tool-bench-queue-private.h: the day file of bench queue, shared by its files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-bands.h"
#include "mdg-date.h"
#include "mdg-queue.h"

G_BEGIN_DECLS

#define DAY_FILE "march-day.json"

#define JST_OFFSET (9 * 60 * 60)

/* One band of the day file. */
typedef struct
{
  const MdgBand *info;          /* borrowed from mdg_bands_get_default() */
  GArray        *rates;         /* double: visitors per hour, per clock hour */
  double         mean_minutes;
  double         cv;
  /* The lognormal's parameters: ln(service seconds) ~ N(mu, sigma²). */
  double         mu;
  double         sigma;
} DayBand;

/* The day file, parsed. */
typedef struct
{
  char    *name;            /* the file's base name, for messages */
  MdgDay   date;
  gint64   opening;         /* seconds since the epoch */
  gint64   closing;
  gint64   first_hour;      /* the start of the clock hour of opening */
  guint32  seed;
  double   priority_share;
  GArray  *bands;           /* DayBand */
  GArray  *counters;        /* MdgQueueCounter, all free */
} Day;

void   _mdg_tool_day_free      (Day              *day);
Day   *_mdg_tool_day_load      (const char       *path,
                                const GPtrArray  *bands,
                                GError          **error);
char  *_mdg_tool_find_day_file (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Day, _mdg_tool_day_free)

G_END_DECLS
