/* mdg-kiosk-purposes.h: the purposes of a visit on the kiosk (data/queue/kiosk.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each purpose is a button of the kiosk (番号発券機): a Japanese label, the
 * same in English, Chinese (simplified), Korean and Vietnamese, and the
 * band (mdg-bands.h) whose ticket it issues. The purposes are data,
 * compiled in with the bands.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *id;     /* [a-z0-9-]+, unique: the kiosk.issue action's parameter */
  int   band;
  char *ja;     /* the large label */
  char *en;
  char *zh;     /* 简体中文 */
  char *ko;
  char *vi;
} MdgKioskPurpose;

/* Parses a purposes file (the shape of data/queue/kiosk.json). With @bands
 * (the MdgBand of mdg_bands_get_default(), nullable) every purpose's band
 * must be one of them. Returns: (transfer full) (element-type
 * MdgKioskPurpose) (nullable): in file order; NULL and @error
 * (MDG_CORE_ERROR_INVALID_CATALOG) naming the field. */
GPtrArray             *mdg_kiosk_purposes_parse       (GBytes           *bytes,
                                                       const GPtrArray  *bands,
                                                       GError          **error)
                                                       G_GNUC_WARN_UNUSED_RESULT;
/* Returns: (transfer none) (nullable): the compiled-in purposes, loaded
 * once and checked against the default bands; NULL and @error when the
 * data is malformed. */
const GPtrArray       *mdg_kiosk_purposes_get_default (GError          **error);
/* Returns: (transfer none) (nullable): the purpose of that id */
const MdgKioskPurpose *mdg_kiosk_purposes_lookup      (const GPtrArray  *purposes,
                                                       const char       *id);

G_END_DECLS
