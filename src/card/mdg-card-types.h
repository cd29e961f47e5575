/* mdg-card-types.h: the types and public enums of the card module
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct _MdgCardAudit   MdgCardAudit;
typedef struct _MdgCardInfo    MdgCardInfo;
typedef struct _MdgCardMonitor MdgCardMonitor;
typedef struct _MdgCardPin     MdgCardPin;
typedef struct _MdgCardReader  MdgCardReader;

/* The exchange level a CCID reader offers (dwFeatures). */
typedef enum
{
  MDG_CARD_LEVEL_CHARACTER,      /* not supported */
  MDG_CARD_LEVEL_TPDU,           /* the host runs T=1 (mdg-t1.h) */
  MDG_CARD_LEVEL_SHORT_APDU,
  MDG_CARD_LEVEL_EXTENDED_APDU,
} MdgCardLevel;

/* The fields of the 券面事項入力補助AP, as flags: what a read asked for or
 * got. The audit record carries these, never the values. */
typedef enum /*< flags >*/
{
  MDG_CARD_FIELD_NONE              = 0,
  MDG_CARD_FIELD_NAME              = 1 << 0,
  MDG_CARD_FIELD_ADDRESS           = 1 << 1,
  MDG_CARD_FIELD_BIRTH_DATE        = 1 << 2,
  MDG_CARD_FIELD_SEX               = 1 << 3,
  MDG_CARD_FIELD_INDIVIDUAL_NUMBER = 1 << 4,
} MdgCardFields;

#define MDG_CARD_FIELDS_BASIC_FOUR \
  (MDG_CARD_FIELD_NAME | MDG_CARD_FIELD_ADDRESS | MDG_CARD_FIELD_BIRTH_DATE | MDG_CARD_FIELD_SEX)

typedef enum /*< flags >*/
{
  MDG_CARD_READ_NONE        = 0,
  /* also read the individual number (個人番号); only when a procedure needs it */
  MDG_CARD_READ_WITH_NUMBER = 1 << 0,
  /* staff confirmed the one attempt allowed when only two tries are left */
  MDG_CARD_READ_CONFIRMED   = 1 << 1,
} MdgCardReadFlags;

/* What became of the PIN in one read, for the audit record. */
typedef enum
{
  MDG_CARD_PIN_NOT_SENT,         /* refused before VERIFY, or never got that far */
  MDG_CARD_PIN_ACCEPTED,
  MDG_CARD_PIN_REJECTED,         /* a wrong PIN: the card took one try */
  MDG_CARD_PIN_UNKNOWN,          /* VERIFY sent, but no answer came (reader gone, timeout) */
} MdgCardPinOutcome;

/* The 券面事項入力補助用暗証番号 locks after this many wrong entries in a row. */
#define MDG_CARD_PIN_MAX_TRIES 3
#define MDG_CARD_PIN_LENGTH    4

G_END_DECLS
