/* mdg-card-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-card-error.h"

G_DEFINE_QUARK (mdg-card-error-quark, mdg_card_error)
