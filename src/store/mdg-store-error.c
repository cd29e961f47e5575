/* mdg-store-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-store-error.h"

G_DEFINE_QUARK (mdg-store-error-quark, mdg_store_error)
