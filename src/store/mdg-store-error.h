/* mdg-store-error.h: the error domain of the local store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_STORE_ERROR (mdg_store_error_quark ())

typedef enum
{
  /* Any other SQLite failure (I/O, disk full, a lock held too long). */
  MDG_STORE_ERROR_FAILED,
  /* The file is not a database or a page is damaged. The file is left as it is. */
  MDG_STORE_ERROR_CORRUPT,
  /* The schema is newer than this build knows; it is never downgraded. */
  MDG_STORE_ERROR_TOO_NEW,
  /* A constraint refused the write (a completed case changed, an unknown case). */
  MDG_STORE_ERROR_CONSTRAINT,
  /* No leased ticket number is left for the band today. */
  MDG_STORE_ERROR_NO_NUMBER,
  /* No such record (a case id the store does not hold). */
  MDG_STORE_ERROR_NOT_FOUND,
} MdgStoreError;

GQuark mdg_store_error_quark (void);

G_END_DECLS
