/* mdg-core-symbols-private.h: the names of the case file's values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One table per enumeration, shared by the case-file parser and the
 * catalog's rule compiler, so that both spell every value the same way.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *name;
  int         value;
} MdgSymbol;

/* Each table ends with { NULL, 0 }. */
extern const MdgSymbol mdg_event_symbols[];
extern const MdgSymbol mdg_origin_symbols[];
extern const MdgSymbol mdg_sex_symbols[];
extern const MdgSymbol mdg_relation_symbols[];
extern const MdgSymbol mdg_insurance_symbols[];
extern const MdgSymbol mdg_school_symbols[];
extern const MdgSymbol mdg_residence_status_symbols[];
extern const MdgSymbol mdg_handbook_symbols[];
extern const MdgSymbol mdg_benefit_symbols[];
extern const MdgSymbol mdg_certificate_symbols[];

gboolean     _mdg_symbol_lookup (const MdgSymbol *table,
                                 const char      *name,
                                 int             *value);
const char  *_mdg_symbol_name   (const MdgSymbol *table,
                                 int              value);
/* "a, b, c", for messages. */
char        *_mdg_symbol_list   (const MdgSymbol *table) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
