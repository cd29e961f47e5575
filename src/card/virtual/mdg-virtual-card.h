/* mdg-virtual-card.h: a My Number card in software, for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers APDUs the way the card's 券面事項入力補助AP does (SELECT, VERIFY
 * with and without data, READ BINARY with its status words) and speaks T=1
 * for TPDU-level readers (chaining with the default IFSD of 32, S(WTX)).
 * Its holder is fictional. Thread-safe: the virtual reader calls it from
 * umockdev's thread while a test looks at it from its own.
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define MDG_TYPE_VIRTUAL_CARD (mdg_virtual_card_get_type ())

G_DECLARE_FINAL_TYPE (MdgVirtualCard, mdg_virtual_card, MDG, VIRTUAL_CARD, GObject)

/* The My Number card's ATR (T=1 only, IFSC 254). */
extern const guint8 mdg_virtual_card_atr[9];

/* A card with the built-in fictional holder, PIN "1234", 3 tries. */
MdgVirtualCard *mdg_virtual_card_new              (void) G_GNUC_WARN_UNUSED_RESULT;
/* A card described by a JSON file: "name", "address", "birth_date"
 * (8 digits as on the card), "sex" ("1"/"2"/…), "individual_number", "pin",
 * "tries"; or "basic_four_hex" / "number_hex" with raw file contents for
 * hostile cards; "applet": false for a card without the AP; "locked_sw"
 * (hex) for what a blocked PIN answers; "verified_query_sw" (hex) for what
 * VERIFY without data answers once the PIN is verified. */
MdgVirtualCard *mdg_virtual_card_new_from_file    (const char      *path,
                                                   GError         **error) G_GNUC_WARN_UNUSED_RESULT;

void            mdg_virtual_card_set_tries        (MdgVirtualCard  *self,
                                                   guint            tries);
guint           mdg_virtual_card_get_tries        (MdgVirtualCard  *self);
/* The card asks for this many S(WTX) before each T=1 response. */
void            mdg_virtual_card_set_t1_wtx       (MdgVirtualCard  *self,
                                                   guint            n_requests);
/* The next T=1 block the card sends has a bad LRC (once). */
void            mdg_virtual_card_corrupt_next_block (MdgVirtualCard *self);

/* Every APDU the card got, as a space-separated trace: "A4:AP" (SELECT AP),
 * "A4:0011" (SELECT EF), "20?" (VERIFY without data, costs no try), "20!"
 * (VERIFY with data), "B0:0002@0+8" (READ BINARY of EF 0002 at 0, Le 8),
 * other INS as hex. Never holds the PIN. */
char           *mdg_virtual_card_dup_trace        (MdgVirtualCard  *self) G_GNUC_WARN_UNUSED_RESULT;
guint           mdg_virtual_card_count            (MdgVirtualCard  *self,
                                                   const char      *trace_item);
void            mdg_virtual_card_clear_trace      (MdgVirtualCard  *self);

/* Reader side. Power-on resets the card's session (selection, verified
 * state, T=1 sequence numbers). */
void            mdg_virtual_card_reset            (MdgVirtualCard  *self);
GByteArray     *mdg_virtual_card_process_apdu     (MdgVirtualCard  *self,
                                                   const guint8    *apdu,
                                                   gsize            length);
GByteArray     *mdg_virtual_card_process_block    (MdgVirtualCard  *self,
                                                   const guint8    *block,
                                                   gsize            length);

G_END_DECLS
