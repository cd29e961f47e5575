/* fuzz-tlv.c: libFuzzer target for the card's files (BER-TLV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is walked as a TLV and as a sequence of TLVs, and is parsed as
 * the card's EF 0002 (基本4情報) with, from a split point given by its first
 * byte, EF 0001 (個人番号). Either it parses, and what comes out is
 * consistent, or it is refused with MDG_CARD_ERROR_MALFORMED; nothing may
 * read outside the input.
 */

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-card-info.h"
#include "mdg-tlv.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
assert_malformed (GError *error)
{
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
  g_assert_null (strchr (error->message, '\n'));
  g_error_free (error);
}

/* Walks nested TLVs down to a bounded depth. */
static void
walk (const guint8 *data,
      gsize         size,
      guint         depth)
{
  MdgTlvIter iter;
  MdgTlv tlv;
  GError *error = NULL;

  mdg_tlv_iter_init (&iter, data, size);
  while (!mdg_tlv_iter_done (&iter))
    {
      if (!mdg_tlv_iter_next (&iter, &tlv, &error))
        {
          assert_malformed (error);
          return;
        }
      g_assert_true (tlv.value >= data && tlv.value + tlv.length <= data + size);
      if (tlv.constructed && depth < 8)
        walk (tlv.value, tlv.length, depth + 1);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(MdgCardInfo) info = NULL;
  GError *error = NULL;
  gsize split, header, value;
  guint32 tag;
  MdgTlv tlv;

  if (mdg_tlv_parse_header (data, size, &tag, &header, &value, &error))
    {
      g_assert_cmpuint (header, <=, size);
      g_assert_cmpuint (value, <=, G_MAXSIZE - header);
    }
  else
    assert_malformed (error);
  error = NULL;

  if (mdg_tlv_parse (data, size, &tlv, NULL, &error))
    g_assert_true (tlv.value + tlv.length <= data + size);
  else
    assert_malformed (error);
  error = NULL;

  walk (data, size, 0);

  split = size > 0 ? MIN ((gsize) data[0] + 1, size) : 0;
  info = mdg_card_info_new_from_files (data + split, size - split,
                                       split > 1 ? data + 1 : NULL, split > 1 ? split - 1 : 0,
                                       &error);
  if (info != NULL)
    {
      const char *number = mdg_card_info_get_individual_number (info);
      g_autoptr(JsonNode) member = mdg_card_info_to_member_node (info, "m1");
      char birth[11];

      g_assert_true (g_utf8_validate (mdg_card_info_get_name (info), -1, NULL));
      g_assert_true (g_utf8_validate (mdg_card_info_get_address (info), -1, NULL));
      mdg_day_format_iso (mdg_card_info_get_birth_date (info), birth);
      g_assert_cmpuint (strlen (birth), ==, 10);
      g_assert_cmpint (mdg_card_info_get_sex (info), <=, MDG_SEX_FEMALE);
      if (number != NULL)
        g_assert_cmpuint (strlen (number), ==, 12);
      g_assert_nonnull (member);
    }
  else
    assert_malformed (error);

  return 0;
}
