/* mdg-bands.h: the ticket bands (番号帯) of data/queue/bands.json
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each band numbers its tickets in its own range (band 1: 1001, 1002 …),
 * restarting each day. The bands are data, compiled in as a GResource; the
 * ward database holds the same rows (`madoguchi-tool ward setup`).
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  int   band;
  int   first;
  int   last;
  int   lease_size;
  int   service_minutes;  /* the mean visit before the day gives its own */
  char *name;   /* Japanese, as the counter and the kiosk show it */
} MdgBand;

/* Parses a bands file (the shape of data/queue/bands.json): bands with
 * their number ranges, none overlapping. Returns: (transfer full)
 * (element-type MdgBand) (nullable): NULL and @error naming the field. */
GPtrArray       *mdg_bands_parse       (GBytes  *bytes,
                                        GError **error) G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (transfer none): the bands in order, loaded once; NULL and
 * @error when the data is malformed (naming the field). */
const GPtrArray *mdg_bands_get_default (GError **error);
/* Returns: (transfer none) (nullable): the band of that number */
const MdgBand   *mdg_bands_lookup      (const GPtrArray *bands,
                                        int              band);
/* The band a ticket number belongs to, or 0. */
int              mdg_bands_band_of_number (const GPtrArray *bands,
                                           int              number);

G_END_DECLS
