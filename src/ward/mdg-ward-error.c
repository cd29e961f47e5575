/* mdg-ward-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-ward-error.h"

G_DEFINE_QUARK (mdg-ward-error-quark, mdg_ward_error)
