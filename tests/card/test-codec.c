/* test-codec.c: TLV, CCID messages, ATR, T=1 blocks, card files, PIN policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "mdg-ccid.h"
#include "mdg-t1.h"
#include "mdg-tlv.h"
#include "test-card.h"

static GBytes *
hex (const char *text)
{
  GByteArray *bytes = g_byte_array_new ();

  for (const char *p = text; *p != '\0';)
    {
      guint8 b;

      if (*p == ' ')
        {
          p++;
          continue;
        }
      b = g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (bytes, &b, 1);
      p += 2;
    }
  return g_byte_array_free_to_bytes (bytes);
}

typedef struct
{
  const char *hex;
  guint32     tag;          /* 0: must fail */
  gboolean    constructed;
  gsize       length;
} TlvCase;

static void
test_tlv_parse (void)
{
  static const TlvCase cases[] = {
    { "DF22 03 414243", 0xDF22, FALSE, 3 },
    { "FF20 00", 0xFF20, TRUE, 0 },
    { "FF20 81 01 00", 0xFF20, TRUE, 1 },
    { "04 82 0001 00", 0x04, FALSE, 1 },                 /* non-minimal length */
    { "DF10 0C 313233343536373839303138 0000", 0xDF10, FALSE, 12 },
    { "30 80 0000", 0, FALSE, 0 },                    /* indefinite */
    { "DF22 05 4142", 0, FALSE, 0 },                  /* truncated value */
    { "DF22", 0, FALSE, 0 },                          /* no length */
    { "DF", 0, FALSE, 0 },                            /* truncated tag */
    { "1F 80 01 00", 0, FALSE, 0 },                   /* leading zero digit */
    { "1F 81 82 83 01 00", 0, FALSE, 0 },             /* four-byte tag */
    { "DF22 85 0000000001 00", 0, FALSE, 0 },         /* five length bytes */
    { "DF22 84 FFFFFFFF 00", 0, FALSE, 0 },           /* 4 GiB */
    { "DF22 82 01", 0, FALSE, 0 },                    /* truncated length */
    { "00 00", 0, FALSE, 0 },                         /* end-of-contents */
    { "", 0, FALSE, 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = hex (cases[i].hex);
      g_autoptr(GError) error = NULL;
      MdgTlv tlv;
      gsize size;
      const guint8 *data;
      gboolean ok;

      data = g_bytes_get_data (bytes, &size);
      ok = mdg_tlv_parse (data, size, &tlv, NULL, &error);
      if (cases[i].tag == 0)
        {
          g_assert_false (ok);
          g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
          continue;
        }
      g_assert_no_error (error);
      g_assert_cmphex (tlv.tag, ==, cases[i].tag);
      g_assert_cmpint (tlv.constructed, ==, cases[i].constructed);
      g_assert_cmpuint (tlv.length, ==, cases[i].length);
      g_assert_true (tlv.value + tlv.length <= data + size);
    }
}

static void
test_tlv_header (void)
{
  g_autoptr(GBytes) bytes = hex ("FF20 82 0123");
  g_autoptr(GError) error = NULL;
  gsize header, value;
  guint32 tag;

  /* the file's size from its first bytes, before the value is there */
  g_assert_true (mdg_tlv_parse_header (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                       &tag, &header, &value, &error));
  g_assert_no_error (error);
  g_assert_cmphex (tag, ==, 0xFF20);
  g_assert_cmpuint (header, ==, 5);
  g_assert_cmpuint (value, ==, 0x123);
}

static void
test_tlv_iter (void)
{
  g_autoptr(GBytes) good = hex ("DF21 01 00 DF22 02 4142 DF23 00");
  g_autoptr(GBytes) bad = hex ("DF21 01 00 DF22 05 4142");
  g_autoptr(GError) error = NULL;
  MdgTlvIter iter;
  MdgTlv tlv;
  guint n = 0;

  mdg_tlv_iter_init (&iter, g_bytes_get_data (good, NULL), g_bytes_get_size (good));
  while (!mdg_tlv_iter_done (&iter))
    {
      g_assert_true (mdg_tlv_iter_next (&iter, &tlv, &error));
      g_assert_no_error (error);
      n++;
    }
  g_assert_cmpuint (n, ==, 3);

  mdg_tlv_iter_init (&iter, g_bytes_get_data (bad, NULL), g_bytes_get_size (bad));
  g_assert_true (mdg_tlv_iter_next (&iter, &tlv, &error));
  g_assert_false (mdg_tlv_iter_next (&iter, &tlv, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "offset 4"));
}

typedef struct
{
  const char *hex;
  gboolean    ok;
} HexCase;

static void
test_ccid_response (void)
{
  static const HexCase cases[] = {
    { "80 02000000 00 07 00 00 00 9000", TRUE },
    { "81 00000000 00 01 42 FE 00", TRUE },           /* failed, no card, ICC mute */
    { "80 00000000 00 01 80 01 00", TRUE },           /* time extension */
    { "82 07000000 00 01 00 00 01 11 10 00 45 00 FE 00", TRUE },
    { "80 02000000 00 07 00 00", FALSE },             /* shorter than dwLength */
    { "80 01000000 00 07 00 00 00 9000", FALSE },     /* longer than dwLength */
    { "80 FFFFFFFF 00 07 00 00 00 9000", FALSE },
    { "99 00000000 00 07 00 00 00", FALSE },          /* unknown type */
    { "81 01000000 00 07 00 00 00 00", FALSE },       /* slot status with data */
    { "81 00000000 00 07 03 00 00", FALSE },          /* ICC status 3 */
    { "81 00000000 00 07 C0 00 00", FALSE },          /* command status 3 */
    { "81 00000000 00 07 10 00 00", FALSE },          /* reserved bits */
    { "80 00000000 00", FALSE },                      /* truncated header */
    { "", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = hex (cases[i].hex);
      g_autoptr(GError) error = NULL;
      MdgCcidResponse response;
      gsize size;
      const guint8 *data = g_bytes_get_data (bytes, &size);
      gboolean ok = mdg_ccid_response_parse (data, size, &response, &error);

      g_assert_cmpint (ok, ==, cases[i].ok);
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpuint (response.length, ==, size - MDG_CCID_HEADER_SIZE);
          g_assert_true (response.data == data + MDG_CCID_HEADER_SIZE);
        }
      else
        g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
    }
}

static void
test_ccid_command (void)
{
  const guint8 apdu[] = { 0x00, 0xA4, 0x04, 0x0C };
  const guint8 expected[] = { 0x6F, 4, 0, 0, 0, 0, 0x2A, 0x05, 0x10, 0x00, 0x00, 0xA4, 0x04, 0x0C };
  guint8 buffer[32];
  gsize size;

  size = mdg_ccid_command_build (buffer, MDG_CCID_PC_TO_RDR_XFR_BLOCK, 0, 0x2A, 5, 0x0010,
                                 apdu, sizeof apdu);
  g_assert_cmpmem (buffer, size, expected, sizeof expected);
}

static GBytes *
ccid_descriptor (guint32 features,
                 guint32 max_message)
{
  guint8 d[54] = { 54, 0x21, 0x10, 0x01, 0x00, 0x07, 0x02 };

  d[28] = 254;
  d[40] = features & 0xFF;
  d[41] = (features >> 8) & 0xFF;
  d[42] = (features >> 16) & 0xFF;
  d[44] = max_message & 0xFF;
  d[45] = (max_message >> 8) & 0xFF;
  return g_bytes_new (d, sizeof d);
}

static void
test_ccid_descriptor (void)
{
  const struct {
    guint32 features;
    MdgCardLevel level;
  } levels[] = {
    { 0x000204BE, MDG_CARD_LEVEL_SHORT_APDU },
    { 0x000404BE, MDG_CARD_LEVEL_EXTENDED_APDU },
    { 0x0001003C, MDG_CARD_LEVEL_TPDU },
    { 0x0000003C, MDG_CARD_LEVEL_CHARACTER },
  };
  g_autoptr(GError) error = NULL;
  MdgCcidDescriptor descriptor;

  for (guint i = 0; i < G_N_ELEMENTS (levels); i++)
    {
      g_autoptr(GBytes) bytes = ccid_descriptor (levels[i].features, 271);

      g_assert_true (mdg_ccid_descriptor_parse (g_bytes_get_data (bytes, NULL), 54,
                                                &descriptor, &error));
      g_assert_no_error (error);
      g_assert_cmpint (descriptor.level, ==, levels[i].level);
      g_assert_cmpuint (descriptor.max_message_length, ==, 271);
      g_assert_cmpuint (descriptor.protocols, ==, 2);
    }

  {
    /* after another class descriptor; then truncated; then too small a message */
    g_autoptr(GBytes) bytes = ccid_descriptor (0x000204BE, 271);
    g_autoptr(GByteArray) extra = g_byte_array_new ();
    const guint8 other[] = { 4, 0x24, 0x01, 0x02 };

    g_byte_array_append (extra, other, sizeof other);
    g_byte_array_append (extra, g_bytes_get_data (bytes, NULL), 54);
    g_assert_true (mdg_ccid_descriptor_parse (extra->data, extra->len, &descriptor, &error));
    g_assert_no_error (error);
    g_assert_false (mdg_ccid_descriptor_parse (extra->data, extra->len - 1, &descriptor, &error));
    g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
    g_clear_error (&error);
    g_assert_false (mdg_ccid_descriptor_parse (other, sizeof other, &descriptor, &error));
    g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_UNSUPPORTED);
    g_clear_error (&error);
  }
  {
    g_autoptr(GBytes) bytes = ccid_descriptor (0x000204BE, 12);

    g_assert_false (mdg_ccid_descriptor_parse (g_bytes_get_data (bytes, NULL), 54,
                                               &descriptor, &error));
    g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
  }
}

static void
test_ccid_notify (void)
{
  const guint8 inserted[] = { 0x50, 0x03 };
  const guint8 removed[] = { 0x50, 0x02 };
  const guint8 slot1[] = { 0x50, 0x0C };
  const guint8 hardware[] = { 0x51, 0x00, 0x01, 0x02 };
  g_autoptr(GError) error = NULL;
  gboolean present, changed;

  g_assert_true (mdg_ccid_notify_parse (inserted, 2, 0, &present, &changed, &error));
  g_assert_true (present && changed);
  g_assert_true (mdg_ccid_notify_parse (removed, 2, 0, &present, &changed, &error));
  g_assert_true (!present && changed);
  g_assert_true (mdg_ccid_notify_parse (slot1, 2, 0, &present, &changed, &error));
  g_assert_true (!present && !changed);
  g_assert_true (mdg_ccid_notify_parse (slot1, 2, 1, &present, &changed, &error));
  g_assert_true (present && changed);
  g_assert_false (mdg_ccid_notify_parse (slot1, 2, 4, &present, &changed, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (mdg_ccid_notify_parse (inserted, 1, 0, &present, &changed, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_false (mdg_ccid_notify_parse (hardware, 4, 0, &present, &changed, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_FAILED);
}

static void
test_atr (void)
{
  static const HexCase cases[] = {
    { "3B E0 00 FF 81 31 FE 45 14", TRUE },       /* the My Number card */
    { "3B E0 00 FF 81 31 FE 45 15", FALSE },      /* bad TCK */
    { "3B E0 00 FF 81 31 FE 45", FALSE },         /* no TCK */
    { "3B E0 00 FF 81 31 FE 45 14 00", FALSE },   /* trailing byte */
    { "3B E0 00 FF 81 31", FALSE },               /* truncated */
    { "3B 02 14 50", TRUE },                      /* T=0 only, historical bytes, no TCK */
    { "3B 81 80 01 80 80", TRUE },
    { "3C E0 00 FF 81 31 FE 45 14", FALSE },      /* bad TS */
    { "3B", FALSE },
  };
  g_autoptr(GError) error = NULL;
  MdgAtr atr;
  MdgT1 t1;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = hex (cases[i].hex);

      g_assert_cmpint (mdg_atr_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                      &atr, &error), ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  g_assert_true (mdg_atr_parse (mdg_virtual_card_atr, sizeof mdg_virtual_card_atr, &atr, &error));
  g_assert_cmpuint (atr.protocols, ==, 1 << 1);
  g_assert_cmpuint (atr.ifsc, ==, 254);
  g_assert_cmpuint (atr.bwi, ==, 4);
  g_assert_cmpuint (atr.cwi, ==, 5);
  g_assert_false (atr.crc);
  g_assert_true (mdg_t1_init (&t1, &atr, &error));
  g_assert_no_error (error);

  /* a T=0 card is refused at T=1 */
  {
    g_autoptr(GBytes) t0 = hex ("3B 02 14 50");

    g_assert_true (mdg_atr_parse (g_bytes_get_data (t0, NULL), 4, &atr, &error));
    g_assert_false (mdg_t1_init (&t1, &atr, &error));
    g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED);
  }
}

static void
test_t1_blocks (void)
{
  static const HexCase cases[] = {
    { "00 00 02 9000 92", TRUE },       /* I(0), LRC */
    { "00 00 02 9000 93", FALSE },      /* bad LRC */
    { "00 00 03 9000 92", FALSE },      /* LEN says more */
    { "00 91 00 91", TRUE },            /* R(1), EDC error */
    { "00 93 00 93", FALSE },           /* R with error 3 */
    { "00 90 01 00 91", FALSE },        /* R with data */
    { "00 C3 01 02 C0", TRUE },         /* S(WTX request) */
    { "00 C3 00 C3", FALSE },           /* S(WTX) without its byte */
    { "00 C5 00 C5", FALSE },           /* unknown S */
    { "00 01 00 01", FALSE },           /* I with reserved bits */
    { "12 00 00 12", FALSE },           /* a node address */
    { "00 00 FF", FALSE },
  };
  guint8 block[MDG_T1_MAX_BLOCK];
  const guint8 sw[] = { 0x90, 0x00 };
  g_autoptr(GError) error = NULL;
  const guint8 *inf;
  gsize length, size;
  guint8 pcb;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = hex (cases[i].hex);

      g_assert_cmpint (mdg_t1_block_parse (g_bytes_get_data (bytes, NULL),
                                           g_bytes_get_size (bytes), &pcb, &inf, &length,
                                           &error), ==, cases[i].ok);
      g_clear_error (&error);
    }

  size = mdg_t1_block_build (block, 0, MDG_T1_I (1, TRUE), sw, sizeof sw);
  g_assert_true (mdg_t1_block_parse (block, size, &pcb, &inf, &length, &error));
  g_assert_cmphex (pcb, ==, 0x60);
  g_assert_cmpmem (inf, length, sw, sizeof sw);
}

/* The block layer against the virtual card's own T=1 (written separately). */
static gboolean
card_xfr_cb (gpointer       user_data,
             const guint8  *block,
             gsize          length,
             guint8         wtx,
             GByteArray    *reply,
             GError       **error)
{
  g_autoptr(GByteArray) answer = mdg_virtual_card_process_block (user_data, block, length);

  g_byte_array_append (reply, answer->data, answer->len);
  return TRUE;
}

static void
test_t1_exchange (void)
{
  g_autoptr(MdgVirtualCard) card = mdg_virtual_card_new ();
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 select[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00,
                            0x01, 0x01, 0x04, 0x08 };
  const guint8 select_ef[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
  const guint8 verify[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
  const guint8 select_basic[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
  const guint8 read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
  MdgAtr atr;
  MdgT1 t1;

  g_assert_true (mdg_atr_parse (mdg_virtual_card_atr, sizeof mdg_virtual_card_atr, &atr, NULL));
  g_assert_true (mdg_t1_init (&t1, &atr, NULL));
  /* a small IFSC: the command goes in a chain of 4-byte blocks */
  t1.ifsc = 4;
  mdg_virtual_card_reset (card);
  g_assert_true (mdg_t1_transceive (&t1, select, sizeof select, response, card_xfr_cb, card,
                                    &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response->len, ==, 2);
  g_assert_cmphex (response->data[0], ==, 0x90);

  t1.ifsc = 254;
  mdg_virtual_card_set_t1_wtx (card, 2);
  mdg_virtual_card_corrupt_next_block (card);
  g_byte_array_set_size (response, 0);
  g_assert_true (mdg_t1_transceive (&t1, select_ef, sizeof select_ef, response, card_xfr_cb,
                                    card, &error));
  g_byte_array_set_size (response, 0);
  g_assert_true (mdg_t1_transceive (&t1, verify, sizeof verify, response, card_xfr_cb, card,
                                    &error));
  g_assert_cmphex (response->data[0], ==, 0x90);
  mdg_virtual_card_set_t1_wtx (card, 0);
  g_byte_array_set_size (response, 0);
  g_assert_true (mdg_t1_transceive (&t1, select_basic, sizeof select_basic, response,
                                    card_xfr_cb, card, &error));
  /* a response of 256 + 2 bytes in blocks of at most 32 (the default IFSD) */
  g_byte_array_set_size (response, 0);
  g_assert_true (mdg_t1_transceive (&t1, read, sizeof read, response, card_xfr_cb, card, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response->len, >, 100);
  g_assert_cmphex (response->data[response->len - 2], ==, 0x62);
  g_assert_cmpuint (t1.n_blocks, >, 10);
}

/* A peer that keeps sending S(WTX) or garbage: bounded, then an error. */
static gboolean
hostile_xfr_cb (gpointer       user_data,
                const guint8  *block,
                gsize          length,
                guint8         wtx,
                GByteArray    *reply,
                GError       **error)
{
  const char *kind = user_data;
  guint8 out[8];
  const guint8 one = 1;

  if (g_str_equal (kind, "wtx"))
    g_byte_array_append (reply, out, mdg_t1_block_build (out, 0, MDG_T1_S_WTX, &one, 1));
  else if (g_str_equal (kind, "resend"))
    g_byte_array_append (reply, out, mdg_t1_block_build (out, 0, MDG_T1_R (0, 2), NULL, 0));
  else
    g_byte_array_append (reply, (const guint8 *) "\x00\x00\x05\x01", 4);
  return TRUE;
}

static void
test_t1_hostile (void)
{
  const char *kinds[] = { "wtx", "resend", "garbage" };
  const guint8 apdu[] = { 0x00, 0x20, 0x00, 0x80 };
  MdgAtr atr;
  MdgT1 t1;

  g_assert_true (mdg_atr_parse (mdg_virtual_card_atr, sizeof mdg_virtual_card_atr, &atr, NULL));
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      g_autoptr(GByteArray) response = g_byte_array_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (mdg_t1_init (&t1, &atr, NULL));
      g_assert_false (mdg_t1_transceive (&t1, apdu, sizeof apdu, response, hostile_xfr_cb,
                                         (gpointer) kinds[i], &error));
      g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL);
      g_assert_cmpuint (t1.n_blocks, <=, 70);
    }
}

static MdgCardInfo *
info_from_card_file (const char  *name,
                     gboolean     with_number,
                     GError     **error)
{
  g_autoptr(MdgVirtualCard) card = NULL;
  g_autofree char *path = test_card_data_path (name);
  g_autoptr(GByteArray) basic = g_byte_array_new ();
  g_autoptr(GByteArray) number = g_byte_array_new ();
  const guint8 select[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00,
                            0x01, 0x01, 0x04, 0x08 };
  const guint8 select_pin[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
  guint8 verify[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
  const guint8 select_basic[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
  const guint8 select_number[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x01 };
  const guint8 read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };
  GByteArray *r;

  card = mdg_virtual_card_new_from_file (path, NULL);
  g_assert_nonnull (card);
  /* the one fictional holder with another PIN */
  if (g_str_has_prefix (name, "resident-male"))
    memcpy (verify + 5, "9876", 4);
  g_byte_array_unref (mdg_virtual_card_process_apdu (card, select, sizeof select));
  g_byte_array_unref (mdg_virtual_card_process_apdu (card, select_pin, sizeof select_pin));
  g_byte_array_unref (mdg_virtual_card_process_apdu (card, verify, sizeof verify));
  g_byte_array_unref (mdg_virtual_card_process_apdu (card, select_basic, sizeof select_basic));
  r = mdg_virtual_card_process_apdu (card, read, sizeof read);
  g_byte_array_append (basic, r->data, r->len - 2);
  g_byte_array_unref (r);
  g_byte_array_unref (mdg_virtual_card_process_apdu (card, select_number, sizeof select_number));
  r = mdg_virtual_card_process_apdu (card, read, sizeof read);
  g_byte_array_append (number, r->data, r->len - 2);
  g_byte_array_unref (r);

  return mdg_card_info_new_from_files (basic->data, basic->len,
                                       with_number ? number->data : NULL, number->len, error);
}

static void
test_info_files (void)
{
  const struct {
    const char *file;
    gboolean ok;
  } cases[] = {
    { "resident-male.json", TRUE },
    { "resident-unknown-sex.json", TRUE },
    { "number-bad-check-digit.json", TRUE },
    { "truncated-tlv.json", FALSE },
    { "oversized-tlv.json", FALSE },
    { "indefinite-length.json", FALSE },
    { "child-overrun.json", FALSE },
    { "bad-utf8.json", FALSE },
    { "bad-birth-date.json", FALSE },
    { "missing-sex.json", FALSE },
    { "duplicate-name.json", FALSE },
    { "wrong-container.json", FALSE },
    { "number-short.json", FALSE },
    { "number-wrong-tag.json", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCardInfo) info = info_from_card_file (cases[i].file, TRUE, &error);

      g_test_message ("%s", cases[i].file);
      g_assert_cmpint (info != NULL, ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
    }
}

static void
test_info_fields (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) male = info_from_card_file ("resident-male.json", TRUE, &error);
  g_autoptr(MdgCardInfo) unknown = info_from_card_file ("resident-unknown-sex.json", FALSE, &error);
  g_autoptr(MdgCardInfo) bad_check = info_from_card_file ("number-bad-check-digit.json", TRUE,
                                                          &error);

  g_assert_no_error (error);
  g_assert_cmpstr (mdg_card_info_get_name (male), ==, "見本 太郎");
  g_assert_cmpuint (strlen (mdg_card_info_get_address (male)), >, 127);
  g_assert_cmpuint (mdg_card_info_get_birth_date (male), ==, mdg_day_new (1952, 2, 29));
  g_assert_cmpint (mdg_card_info_get_sex (male), ==, MDG_SEX_MALE);
  g_assert_cmpstr (mdg_card_info_get_individual_number (male), ==, "987654321018");
  g_assert_true (mdg_card_info_number_check_digit_ok (male));
  g_assert_cmpint (mdg_card_info_get_fields (male), ==,
                   MDG_CARD_FIELDS_BASIC_FOUR | MDG_CARD_FIELD_INDIVIDUAL_NUMBER);

  g_assert_cmpint (mdg_card_info_get_sex (unknown), ==, MDG_SEX_UNKNOWN);
  g_assert_null (mdg_card_info_get_individual_number (unknown));
  g_assert_cmpint (mdg_card_info_get_fields (unknown), ==, MDG_CARD_FIELDS_BASIC_FOUR);

  g_assert_false (mdg_card_info_number_check_digit_ok (bad_check));
  g_assert_cmpint (mdg_card_number_check_digit ("12345678901"), ==, 8);
  g_assert_cmpint (mdg_card_number_check_digit ("98765432101"), ==, 8);
  g_assert_cmpint (mdg_card_number_check_digit ("20230401000"), ==, 4);
}

/* The card's holder goes into the core's resident model. */
static void
test_info_member (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) male = info_from_card_file ("resident-male.json", FALSE, &error);
  g_autoptr(MdgCardInfo) unknown = info_from_card_file ("resident-unknown-sex.json", FALSE, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(MdgCase) kase = NULL;
  const MdgMember *member;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, "move_within_ward");
  json_builder_set_member_name (builder, "event_date");
  json_builder_add_string_value (builder, "2026-04-01");
  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  json_builder_add_value (builder, mdg_card_info_to_member_node (male, "m1"));
  json_builder_add_value (builder, mdg_card_info_to_member_node (unknown, "m2"));
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  kase = mdg_case_new_from_node (root, mdg_day_new (2026, 4, 2), &error);
  g_assert_no_error (error);
  member = mdg_case_get_member (kase, 0);
  g_assert_cmpstr (member->name, ==, "見本 太郎");
  g_assert_cmpuint (member->birth, ==, mdg_day_new (1952, 2, 29));
  g_assert_cmpint (member->sex, ==, MDG_SEX_MALE);
  g_assert_true (member->mynumber_card);
  member = mdg_case_get_member (kase, 1);
  g_assert_cmpint (member->sex, ==, MDG_SEX_UNKNOWN);
}

static void
test_pin_validation (void)
{
  const struct {
    const char *text;
    gboolean ok;
  } cases[] = {
    { "1234", TRUE }, { "0000", TRUE }, { "123", FALSE }, { "12345", FALSE }, { "", FALSE },
    { "12a4", FALSE }, { "12 4", FALSE }, { "１２３４", FALSE }, { "-123", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCardPin) pin = mdg_card_pin_new (cases[i].text, strlen (cases[i].text), &error);

      g_assert_cmpint (pin != NULL, ==, cases[i].ok);
      if (!cases[i].ok)
        {
          g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_INVALID);
          /* the message never quotes what was typed */
          g_assert_null (strstr (error->message, cases[i].text[0] ? cases[i].text : "\x01"));
        }
      else
        {
          g_assert_false (mdg_card_pin_is_spent (pin));
          mdg_card_pin_wipe (pin);
          g_assert_true (mdg_card_pin_is_spent (pin));
        }
    }
}

static void
test_pin_policy (void)
{
  const struct {
    guint tries;
    MdgCardReadFlags flags;
    int error;      /* -1: allowed */
  } cases[] = {
    { 3, MDG_CARD_READ_NONE, -1 },
    { 5, MDG_CARD_READ_NONE, -1 },
    { 2, MDG_CARD_READ_NONE, MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED },
    { 2, MDG_CARD_READ_CONFIRMED, -1 },
    { 1, MDG_CARD_READ_NONE, MDG_CARD_ERROR_PIN_REFUSED },
    { 1, MDG_CARD_READ_CONFIRMED, MDG_CARD_ERROR_PIN_REFUSED },
    { 0, MDG_CARD_READ_CONFIRMED, MDG_CARD_ERROR_PIN_LOCKED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok = mdg_card_pin_check_policy (cases[i].tries, cases[i].flags, &error);

      g_assert_cmpint (ok, ==, cases[i].error < 0);
      if (cases[i].error >= 0)
        g_assert_error (error, MDG_CARD_ERROR, cases[i].error);
    }
}

void
test_codec_register (void)
{
  g_test_add_func ("/mdg/card/tlv/parse", test_tlv_parse);
  g_test_add_func ("/mdg/card/tlv/header", test_tlv_header);
  g_test_add_func ("/mdg/card/tlv/iter", test_tlv_iter);
  g_test_add_func ("/mdg/card/ccid/response", test_ccid_response);
  g_test_add_func ("/mdg/card/ccid/command", test_ccid_command);
  g_test_add_func ("/mdg/card/ccid/descriptor", test_ccid_descriptor);
  g_test_add_func ("/mdg/card/ccid/notify", test_ccid_notify);
  g_test_add_func ("/mdg/card/t1/atr", test_atr);
  g_test_add_func ("/mdg/card/t1/blocks", test_t1_blocks);
  g_test_add_func ("/mdg/card/t1/exchange", test_t1_exchange);
  g_test_add_func ("/mdg/card/t1/hostile", test_t1_hostile);
  g_test_add_func ("/mdg/card/info/files", test_info_files);
  g_test_add_func ("/mdg/card/info/fields", test_info_fields);
  g_test_add_func ("/mdg/card/info/member", test_info_member);
  g_test_add_func ("/mdg/card/pin/validation", test_pin_validation);
  g_test_add_func ("/mdg/card/pin/policy", test_pin_policy);
}
