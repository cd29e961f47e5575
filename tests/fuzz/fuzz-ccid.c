/* fuzz-ccid.c: libFuzzer target for what a USB reader sends us
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One input is read as every kind of reader reply at once: a bulk-IN CCID
 * message, the class descriptor, an interrupt-IN notification, an ATR, and
 * a series of T=1 blocks (each a length byte, then the block) answering a
 * VERIFY and a READ BINARY. Each parser must accept the input or refuse it
 * with an MDG_CARD_ERROR; nothing may read outside the input.
 */

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-ccid.h"
#include "mdg-t1.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

static void
assert_card_error (GError *error)
{
  g_assert_nonnull (error);
  g_assert_true (error->domain == MDG_CARD_ERROR);
  g_assert_null (strchr (error->message, '\n'));
  g_error_free (error);
}

typedef struct
{
  const guint8 *data;
  gsize         size;
  gsize         offset;
  guint         n_blocks;
} Replies;

/* The next reply: a length byte, then that many bytes (fewer at the end). */
static gboolean
next_reply_cb (gpointer       user_data,
               const guint8  *block,
               gsize          length,
               guint8         wtx,
               GByteArray    *reply,
               GError       **error)
{
  Replies *replies = user_data;
  gsize n;

  /* what we send is always a well-formed block */
  g_assert_cmpuint (length, >=, 4);
  g_assert_cmpuint (length, <=, MDG_T1_MAX_BLOCK);
  g_assert_cmpuint (length, ==, 4u + block[2]);
  replies->n_blocks++;

  if (replies->offset >= replies->size)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_TIMEOUT, "no more replies");
      return FALSE;
    }
  n = MIN (replies->data[replies->offset], replies->size - replies->offset - 1);
  g_byte_array_append (reply, replies->data + replies->offset + 1, n);
  replies->offset += 1 + n;
  return TRUE;
}

static void
fuzz_t1 (const guint8 *data,
         gsize         size,
         const guint8 *apdu,
         gsize         apdu_length,
         guint8        ifsc)
{
  const MdgAtr atr = { FALSE, 0x11, 0, 1 << 1, ifsc, 4, 5, FALSE };
  g_autoptr(GByteArray) response = g_byte_array_new ();
  Replies replies = { data, size, 0, 0 };
  GError *error = NULL;
  MdgT1 t1;

  g_assert_true (mdg_t1_init (&t1, &atr, NULL));
  if (mdg_t1_transceive (&t1, apdu, apdu_length, response, next_reply_cb, &replies, &error))
    {
      g_assert_cmpuint (response->len, >=, 2);
      g_assert_cmpuint (response->len, <=, MDG_T1_MAX_RESPONSE);
    }
  else
    assert_card_error (error);
  /* bounded: never more blocks than replies to read, plus the last attempt */
  g_assert_cmpuint (replies.n_blocks, <=, size + 1);
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  static const guint8 verify[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
  static const guint8 select[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31,
                                   0x00, 0x01, 0x01, 0x04, 0x08 };
  MdgCcidResponse response;
  MdgCcidDescriptor descriptor;
  MdgAtr atr;
  GError *error = NULL;
  gboolean present, changed;

  if (mdg_ccid_response_parse (data, size, &response, &error))
    {
      g_assert_true (response.data == data + MDG_CCID_HEADER_SIZE);
      g_assert_cmpuint (response.length, ==, size - MDG_CCID_HEADER_SIZE);
      g_assert_cmpuint (MDG_CCID_COMMAND_STATUS (response.status), <, 3);
      g_assert_cmpuint (MDG_CCID_ICC_STATUS (response.status), <, 3);
    }
  else
    assert_card_error (error);
  error = NULL;

  if (mdg_ccid_descriptor_parse (data, size, &descriptor, &error))
    g_assert_cmpuint (descriptor.max_message_length, >=, MDG_CCID_HEADER_SIZE + 5);
  else
    assert_card_error (error);
  error = NULL;

  for (guint slot = 0; slot < 3; slot++)
    {
      if (!mdg_ccid_notify_parse (data, size, slot * 3, &present, &changed, &error))
        assert_card_error (error);
      error = NULL;
    }

  if (mdg_atr_parse (data, size, &atr, &error))
    {
      g_assert_cmpuint (size, <=, MDG_ATR_MAX_SIZE);
      g_assert_cmpuint (atr.ifsc, >=, 1);
      g_assert_cmpuint (atr.ifsc, <=, 254);
    }
  else
    assert_card_error (error);

  fuzz_t1 (data, size, verify, sizeof verify, 254);
  /* a small IFSC: our command goes out as a chain */
  fuzz_t1 (data, size, select, sizeof select, 4);

  return 0;
}
