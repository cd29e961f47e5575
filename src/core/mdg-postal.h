/* mdg-postal.h: addresses from the postal code, and the 丁目 of Kumamoto City
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/postal/ (build-aux/gen-postal-data.py): every 7-digit code of Japan Post
 * (KEN_ALL and the business codes) names a 都道府県, a 市区町村 and a 町域; inside
 * Kumamoto City, a 町域 with numbered 町丁目 lists its 丁目 (位置参照情報). The
 * index is immutable once loaded, so any thread may read it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MdgPostalIndex MdgPostalIndex;

#define MDG_TYPE_POSTAL_INDEX (mdg_postal_index_get_type ())

GType            mdg_postal_index_get_type            (void) G_GNUC_CONST;

/* @postal: postal.tsv.gz as the generator writes it; @chome: (nullable)
 * kumamoto-chome.tsv. */
MdgPostalIndex  *mdg_postal_index_new_from_bytes      (GBytes              *postal,
                                                       GBytes              *chome,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The compiled-in data. Inflates 3.5 MB: call it off the main loop, or
 * use the async pair. */
MdgPostalIndex  *mdg_postal_index_load_default        (GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void             mdg_postal_index_load_default_async  (GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MdgPostalIndex  *mdg_postal_index_load_default_finish (GAsyncResult        *result,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;
MdgPostalIndex  *mdg_postal_index_ref                 (MdgPostalIndex      *self);
void             mdg_postal_index_unref               (MdgPostalIndex      *self);

guint            mdg_postal_index_get_n_codes         (MdgPostalIndex      *self);
/* The data's first line: source, commit, date and licence. */
const char      *mdg_postal_index_get_source          (MdgPostalIndex      *self);

/* @code: 7 digits, with or without the hyphen, half or full width.
 * The strings are borrowed from @self; @town is "" when Japan Post lists
 * no 町域 for the code. */
gboolean         mdg_postal_index_lookup              (MdgPostalIndex      *self,
                                                       const char          *code,
                                                       const char         **prefecture,
                                                       const char         **city,
                                                       const char         **town);
/* The 丁目 of a 町域 of Kumamoto City ("一丁目", "二丁目"…).
 * Returns: (transfer none) (nullable): NULL when it has none listed. */
const char * const *mdg_postal_index_get_chome        (MdgPostalIndex      *self,
                                                       const char          *city,
                                                       const char          *town);

/* "860-0808", "８６００８０８", "〒860-0808" → "8600808"; NULL if not 7 digits.
 * When @rest is given, the code may be followed by more text (the 番地),
 * which it points to; else nothing may follow. */
char            *mdg_postal_code_parse                (const char          *text,
                                                       const char         **rest) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgPostalIndex, mdg_postal_index_unref)

G_END_DECLS
