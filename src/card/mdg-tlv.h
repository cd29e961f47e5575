/* mdg-tlv.h: strict, bounded BER-TLV parsing (ISO/IEC 7816-4, X.690)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing here allocates or copies: a parsed MdgTlv points into the
 * caller's bytes. Every length is checked against the bytes that are
 * really there, so a corrupt or hostile file is an MDG_CARD_ERROR_MALFORMED
 * error, never an over-read. Indefinite lengths, tags longer than three
 * bytes and lengths of more than four bytes are refused.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  guint32       tag;          /* the tag bytes, big-endian: 0xFF20, 0xDF22 */
  gboolean      constructed;
  const guint8 *value;        /* borrowed: points into the parsed bytes */
  gsize         length;
} MdgTlv;

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
} MdgTlvIter;

/* Parses the tag and length at the start of @data. The value need not be
 * there yet (so a file's size can be learnt from its first bytes), but
 * @header_length + @value_length is known not to overflow. */
gboolean mdg_tlv_parse_header (const guint8  *data,
                               gsize          size,
                               guint32       *tag,
                               gsize         *header_length,
                               gsize         *value_length,
                               GError       **error);
/* Parses one whole TLV at the start of @data; @consumed (nullable) is its
 * size. Bytes after it are not looked at. */
gboolean mdg_tlv_parse        (const guint8  *data,
                               gsize          size,
                               MdgTlv        *tlv,
                               gsize         *consumed,
                               GError       **error);

/* Walks a sequence of TLVs (the value of a constructed one) to the end:
 *   while (!mdg_tlv_iter_done (&iter))
 *     if (!mdg_tlv_iter_next (&iter, &child, error))
 *       return FALSE;
 * The sequence must be made of whole TLVs, with no padding. */
void     mdg_tlv_iter_init    (MdgTlvIter    *iter,
                               const guint8  *data,
                               gsize          size);
gboolean mdg_tlv_iter_done    (const MdgTlvIter *iter);
gboolean mdg_tlv_iter_next    (MdgTlvIter    *iter,
                               MdgTlv        *tlv,
                               GError       **error);

G_END_DECLS
