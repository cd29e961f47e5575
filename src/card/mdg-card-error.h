/* mdg-card-error.h: the error domain of the card reader module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_CARD_ERROR (mdg_card_error_quark ())

/* Messages are English, name no personal data, and are for logs and the
 * tool; the application words its own text from the code. Cancellation is
 * G_IO_ERROR_CANCELLED. */
typedef enum
{
  MDG_CARD_ERROR_NO_READER,             /* no CCID reader is connected */
  MDG_CARD_ERROR_READER_BUSY,           /* another program (pcscd) holds the reader */
  MDG_CARD_ERROR_READER_REMOVED,        /* the reader was unplugged, maybe mid-exchange */
  MDG_CARD_ERROR_READER_UNSUPPORTED,    /* character level, no T=1, no usable endpoints */
  MDG_CARD_ERROR_READER_FAILED,         /* a USB error or a hardware error of the reader */
  MDG_CARD_ERROR_TIMEOUT,               /* the reader stopped answering */
  MDG_CARD_ERROR_PROTOCOL,              /* a malformed or out-of-sequence CCID or T=1 reply */
  MDG_CARD_ERROR_NO_CARD,               /* no card in the slot, or it was taken out */
  MDG_CARD_ERROR_NOT_MYNUMBER_CARD,     /* the card has no 券面事項入力補助AP */
  MDG_CARD_ERROR_CARD_FAILED,           /* the card answered an unexpected status word */
  MDG_CARD_ERROR_MALFORMED,             /* a corrupt or hostile file on the card (TLV, field) */
  MDG_CARD_ERROR_PIN_INVALID,           /* not four ASCII digits: never sent to the card */
  MDG_CARD_ERROR_PIN_WRONG,             /* the card refused the PIN; tries are left */
  MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED,  /* two tries left: one attempt needs staff confirmation */
  MDG_CARD_ERROR_PIN_REFUSED,           /* one try left: we never verify; card counter */
  MDG_CARD_ERROR_PIN_LOCKED,            /* no tries left: only the ward office can reset it */
} MdgCardError;

GQuark mdg_card_error_quark (void);

G_END_DECLS
