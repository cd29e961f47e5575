/* mdg-core-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-core-error.h"

G_DEFINE_QUARK (mdg-core-error-quark, mdg_core_error)
