/* mdg-tlv.c: strict, bounded BER-TLV parsing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tlv"

#include "config.h"

#include "mdg-card-error.h"
#include "mdg-tlv.h"

#define MAX_TAG_BYTES 3
#define MAX_LENGTH_BYTES 4

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED, "TLV: %s", what);
  return FALSE;
}

gboolean
mdg_tlv_parse_header (const guint8  *data,
                      gsize          size,
                      guint32       *tag,
                      gsize         *header_length,
                      gsize         *value_length,
                      GError       **error)
{
  gsize offset = 0;
  guint32 t;
  guint8 first;
  gsize length;

  g_return_val_if_fail (data != NULL || size == 0, FALSE);
  g_return_val_if_fail (tag != NULL && header_length != NULL && value_length != NULL, FALSE);

  if (size < 2)
    return malformed (error, "truncated header");

  /* Tag: a 0x00 first byte is end-of-contents (or padding), which only
   * indefinite lengths use. Multi-byte tags: low five bits all set, then
   * base-128 digits with the high bit meaning "more", no leading zero digit. */
  t = first = data[offset++];
  if (first == 0x00)
    return malformed (error, "tag 00");
  if ((first & 0x1F) == 0x1F)
    {
      guint n = 1;

      for (;;)
        {
          guint8 b;

          if (offset >= size)
            return malformed (error, "truncated tag");
          b = data[offset++];
          if (n == 1 && b == 0x80)
            return malformed (error, "tag with a leading zero digit");
          t = (t << 8) | b;
          if (++n > MAX_TAG_BYTES)
            return malformed (error, "tag longer than three bytes");
          if ((b & 0x80) == 0)
            break;
        }
    }

  if (offset >= size)
    return malformed (error, "truncated length");
  first = data[offset++];
  if (first < 0x80)
    length = first;
  else if (first == 0x80)
    return malformed (error, "indefinite length");
  else
    {
      guint n = first & 0x7F;

      if (n > MAX_LENGTH_BYTES)
        return malformed (error, "length of more than four bytes");
      if (size - offset < n)
        return malformed (error, "truncated length");
      length = 0;
      for (guint i = 0; i < n; i++)
        length = (length << 8) | data[offset++];
    }

  if (length > G_MAXSIZE - offset)
    return malformed (error, "length out of range");

  *tag = t;
  *header_length = offset;
  *value_length = length;
  return TRUE;
}

gboolean
mdg_tlv_parse (const guint8  *data,
               gsize          size,
               MdgTlv        *tlv,
               gsize         *consumed,
               GError       **error)
{
  gsize header_length;
  gsize value_length;
  guint32 tag;

  g_return_val_if_fail (tlv != NULL, FALSE);

  if (!mdg_tlv_parse_header (data, size, &tag, &header_length, &value_length, error))
    return FALSE;
  if (value_length > size - header_length)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED,
                   "TLV: tag %X says %" G_GSIZE_FORMAT " bytes, %" G_GSIZE_FORMAT " are there",
                   tag, value_length, size - header_length);
      return FALSE;
    }

  /* the constructed bit is bit 6 of the first tag byte */
  tlv->tag = tag;
  tlv->constructed = (data[0] & 0x20) != 0;
  tlv->value = data + header_length;
  tlv->length = value_length;
  if (consumed != NULL)
    *consumed = header_length + value_length;
  return TRUE;
}

void
mdg_tlv_iter_init (MdgTlvIter   *iter,
                   const guint8 *data,
                   gsize         size)
{
  g_return_if_fail (iter != NULL);
  g_return_if_fail (data != NULL || size == 0);

  iter->data = data;
  iter->size = size;
  iter->offset = 0;
}

gboolean
mdg_tlv_iter_done (const MdgTlvIter *iter)
{
  g_return_val_if_fail (iter != NULL, TRUE);

  return iter->offset >= iter->size;
}

gboolean
mdg_tlv_iter_next (MdgTlvIter  *iter,
                   MdgTlv      *tlv,
                   GError     **error)
{
  gsize consumed;

  g_return_val_if_fail (iter != NULL, FALSE);
  g_return_val_if_fail (!mdg_tlv_iter_done (iter), FALSE);

  if (!mdg_tlv_parse (iter->data + iter->offset, iter->size - iter->offset, tlv, &consumed, error))
    {
      g_prefix_error (error, "at offset %" G_GSIZE_FORMAT ": ", iter->offset);
      return FALSE;
    }
  iter->offset += consumed;
  return TRUE;
}
