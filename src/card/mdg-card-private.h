/* mdg-card-private.h: shared inside src/card only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-card-pin.h"

G_BEGIN_DECLS

/* Copies the digits into @digits and spends the PIN. FALSE if it was
 * already spent: a PIN never goes to the card twice. */
gboolean _mdg_card_pin_take (MdgCardPin *self,
                             guint8      digits[MDG_CARD_PIN_LENGTH]);

G_END_DECLS
