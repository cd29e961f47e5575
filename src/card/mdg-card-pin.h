/* mdg-card-pin.h: the resident's PIN, held briefly and wiped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The 券面事項入力補助用暗証番号 is four ASCII digits; anything else is
 * refused here and never reaches the card (a malformed VERIFY still burns a
 * try). A PIN is good for one VERIFY: building the APDU spends it, and it is
 * wiped then, on mdg_card_pin_wipe() and on the last unref. It is never
 * logged, stored or compared by us.
 */

#pragma once

#include <glib-object.h>

#include "mdg-card-types.h"

G_BEGIN_DECLS

#define MDG_TYPE_CARD_PIN (mdg_card_pin_get_type ())

GType       mdg_card_pin_get_type     (void) G_GNUC_CONST;

/* @text need not be NUL-terminated; exactly @length bytes are looked at.
 * Errors: MDG_CARD_ERROR_PIN_INVALID. */
MdgCardPin *mdg_card_pin_new          (const char        *text,
                                       gsize              length,
                                       GError           **error) G_GNUC_WARN_UNUSED_RESULT;
MdgCardPin *mdg_card_pin_ref          (MdgCardPin        *self);
void        mdg_card_pin_unref        (MdgCardPin        *self);
void        mdg_card_pin_wipe         (MdgCardPin        *self);
/* TRUE once the PIN went into a VERIFY or was wiped. */
gboolean    mdg_card_pin_is_spent     (MdgCardPin        *self);

/* The safe PIN policy (../shared/spec/mynumber-card.md §3.2) for the tries
 * the card reported just now: 3 or more, go; 2, only with
 * MDG_CARD_READ_CONFIRMED (else MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED); 1,
 * never (MDG_CARD_ERROR_PIN_REFUSED); 0, locked (MDG_CARD_ERROR_PIN_LOCKED). */
gboolean    mdg_card_pin_check_policy (guint              tries_left,
                                       MdgCardReadFlags   flags,
                                       GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgCardPin, mdg_card_pin_unref)

G_END_DECLS
