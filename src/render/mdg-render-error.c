/* mdg-render-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-render-error"

#include "config.h"

#include "mdg-render-error.h"

G_DEFINE_QUARK (mdg-render-error-quark, mdg_render_error)
