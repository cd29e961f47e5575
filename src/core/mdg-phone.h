/* mdg-phone.h: Japanese phone numbers as staff type them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* @digits: only the number's digits (10 or 11). Hyphens where the
 * numbering plan says for mobile, IP, free-dial and navi-dial numbers,
 * Tokyo and Osaka (03, 06) and Kumamoto (096, 0964–0969); otherwise
 * @typed's own grouping (its digit runs), or the digits alone.
 * Returns: (transfer full): "090-1234-5678", "096-328-2111"… */
char *mdg_phone_format (const char *digits,
                        const char *typed) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
