/* mdg-t1.h: the answer to reset and the ISO/IEC 7816-3 T=1 block protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For TPDU-level CCID readers the host speaks T=1 itself (the My Number card
 * is T=1 only on its contacts). The block layer is independent of USB: it
 * sends each block through an MdgT1XfrFunc and gets the card's block back,
 * so it can be driven by the reader and by a fuzzer alike. Every block is
 * checked (LEN, LRC, PCB, sequence numbers); every loop is bounded.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_ATR_MAX_SIZE 33
#define MDG_T1_MAX_INF   254
#define MDG_T1_MAX_BLOCK (3 + MDG_T1_MAX_INF + 2)
/* The most response bytes (data + SW) one exchange accepts. */
#define MDG_T1_MAX_RESPONSE (65536 + 2)

typedef struct
{
  gboolean inverse;     /* TS 3F: inverse convention */
  guint8   fi_di;       /* TA1 (default 0x11) */
  guint8   guard_time;  /* TC1 (default 0) */
  guint8   protocols;   /* 1 << T for every protocol the ATR offers */
  guint8   ifsc;        /* the card's information field size (default 32) */
  guint8   bwi;
  guint8   cwi;
  gboolean crc;         /* the card wants CRC, not LRC, as T=1 checksum */
} MdgAtr;

typedef struct
{
  guint8   ns;          /* N(S) of our next I-block */
  guint8   nr;          /* N(S) we expect in the card's next I-block */
  guint8   ifsc;
  guint    n_blocks;    /* blocks sent, for statistics */
} MdgT1;

/* Sends @block (@length bytes) to the card and puts the card's reply block
 * into @reply. @wtx is the waiting-time multiplier the card asked for in a
 * just-answered S(WTX) request, or 0. */
typedef gboolean (*MdgT1XfrFunc) (gpointer       user_data,
                                  const guint8  *block,
                                  gsize          length,
                                  guint8         wtx,
                                  GByteArray    *reply,
                                  GError       **error);

/* Decodes an ATR (ISO/IEC 7816-3 §8): bounded, TCK checked. Errors are
 * MDG_CARD_ERROR_PROTOCOL. */
gboolean mdg_atr_parse      (const guint8  *atr,
                             gsize          size,
                             MdgAtr        *result,
                             GError       **error);

/* Resets the block layer after a power-on with the card's ATR. Refuses a
 * card that wants CRC (MDG_CARD_ERROR_CARD_FAILED). */
gboolean mdg_t1_init        (MdgT1         *t1,
                             const MdgAtr  *atr,
                             GError       **error);
/* One command APDU in, one response APDU (data + SW1 SW2) out, appended to
 * @response. Chains in both directions and answers S(WTX) and S(IFS).
 * After an error the card's state is unknown: power it off and on again.
 * The block buffers are wiped before returning (a VERIFY carries the PIN). */
gboolean mdg_t1_transceive  (MdgT1         *t1,
                             const guint8  *apdu,
                             gsize          length,
                             GByteArray    *response,
                             MdgT1XfrFunc   xfr,
                             gpointer       user_data,
                             GError       **error);

/* Block codec, public for the fuzzer and the virtual card. */
gsize    mdg_t1_block_build (guint8        *buffer,
                             guint8         nad,
                             guint8         pcb,
                             const guint8  *inf,
                             gsize          length);
gboolean mdg_t1_block_parse (const guint8  *block,
                             gsize          size,
                             guint8        *pcb,
                             const guint8 **inf,
                             gsize         *length,
                             GError       **error);

#define MDG_T1_PCB_IS_I(pcb)  (((pcb) & 0x80) == 0x00)
#define MDG_T1_PCB_IS_R(pcb)  (((pcb) & 0xC0) == 0x80)
#define MDG_T1_PCB_IS_S(pcb)  (((pcb) & 0xC0) == 0xC0)
#define MDG_T1_I(ns, more)    ((guint8) (((ns) ? 0x40 : 0) | ((more) ? 0x20 : 0)))
#define MDG_T1_I_NS(pcb)      (((pcb) >> 6) & 1)
#define MDG_T1_I_MORE(pcb)    (((pcb) & 0x20) != 0)
#define MDG_T1_R(nr, err)     ((guint8) (0x80 | ((nr) ? 0x10 : 0) | ((err) & 0x0F)))
#define MDG_T1_R_NR(pcb)      (((pcb) >> 4) & 1)
#define MDG_T1_S_RESPONSE     0x20
#define MDG_T1_S_RESYNCH      0xC0
#define MDG_T1_S_IFS          0xC1
#define MDG_T1_S_ABORT        0xC2
#define MDG_T1_S_WTX          0xC3

G_END_DECLS
