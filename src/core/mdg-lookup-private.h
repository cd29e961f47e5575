/* mdg-lookup-private.h: shared by mdg-postal.c and mdg-banks.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MDG_LOOKUP_RESOURCE_PATH "/io/github/madoguchi/Madoguchi/lookup"

/* The bytes of a compiled-in look-up file ("postal/postal.tsv.gz"). */
GBytes *_mdg_lookup_get_resource (const char  *name,
                                  GError     **error);
/* A gzip stream, inflated. */
GBytes *_mdg_lookup_inflate      (GBytes      *gz,
                                  GError     **error);

G_END_DECLS
