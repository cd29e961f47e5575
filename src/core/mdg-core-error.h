/* mdg-core-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_CORE_ERROR (mdg_core_error_quark ())

typedef enum
{
  MDG_CORE_ERROR_INVALID_DATE,
  MDG_CORE_ERROR_INVALID_CASE,
  MDG_CORE_ERROR_INVALID_CATALOG,
  MDG_CORE_ERROR_UNKNOWN_PROCEDURE,
  /* too deep, too long, U+0000 (mdg-input.h) */
  MDG_CORE_ERROR_INVALID_INPUT,
} MdgCoreError;

GQuark mdg_core_error_quark (void);

G_END_DECLS
