/* mdg-virtual-card.c: a My Number card in software, for tests and benchmarks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Written from the card's side and on purpose without the driver's codecs
 * (mdg-tlv.h, mdg-t1.h): a shared bug must not hide itself.
 */

#define G_LOG_DOMAIN "mdg-virtual-card"

#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "mdg-virtual-card.h"

#define MAX_TRIES     3
#define T1_MAX_INF    254
#define DEFAULT_IFSD  32

const guint8 mdg_virtual_card_atr[9] = { 0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14 };

static const guint8 kenhojo_aid[] = { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };

struct _MdgVirtualCard
{
  GObject      parent_instance;

  GMutex       mutex;

  /* the card's files and PIN */
  GBytes      *basic_four;      /* EF 0002 */
  GBytes      *number;          /* EF 0001 */
  guint8       pin[4];
  guint        tries;
  gboolean     applet;
  guint16      locked_sw;
  guint16      verified_query_sw;  /* 0: count as usual */

  /* the session */
  gboolean     selected;
  guint16      current_ef;
  gboolean     verified;
  GString     *trace;

  /* T=1, card side */
  guint8       t1_ns;
  guint8       t1_nr;
  guint8       ifsd;
  GByteArray  *t1_rx;
  GByteArray  *t1_tx;
  gsize        t1_tx_offset;
  guint8       t1_last[3 + T1_MAX_INF + 1];
  gsize        t1_last_length;
  guint        wtx_per_response;
  guint        wtx_pending;
  gboolean     corrupt_next;
};

G_DEFINE_FINAL_TYPE (MdgVirtualCard, mdg_virtual_card, G_TYPE_OBJECT)

static void
append_tlv (GByteArray   *out,
            guint16       tag,
            const void   *value,
            gsize         length)
{
  guint8 header[5];
  gsize n = 0;

  if (tag > 0xFF)
    header[n++] = tag >> 8;
  header[n++] = tag & 0xFF;
  if (length < 0x80)
    header[n++] = length;
  else if (length < 0x100)
    {
      header[n++] = 0x81;
      header[n++] = length;
    }
  else
    {
      header[n++] = 0x82;
      header[n++] = length >> 8;
      header[n++] = length & 0xFF;
    }
  g_byte_array_append (out, header, n);
  g_byte_array_append (out, value, length);
}

static GBytes *
build_basic_four (const char *name,
                  const char *address,
                  const char *birth_date,
                  const char *sex)
{
  g_autoptr(GByteArray) inner = g_byte_array_new ();
  g_autoptr(GByteArray) file = g_byte_array_new ();
  static const guint8 offsets[] = { 0x00, 0x10, 0x00, 0x20, 0x00, 0x80, 0x00, 0x90 };
  static const guint8 padding[24] = { 0 };

  append_tlv (inner, 0xDF21, offsets, sizeof offsets);
  append_tlv (inner, 0xDF22, name, strlen (name));
  append_tlv (inner, 0xDF23, address, strlen (address));
  append_tlv (inner, 0xDF24, birth_date, strlen (birth_date));
  append_tlv (inner, 0xDF25, sex, strlen (sex));
  append_tlv (file, 0xFF20, inner->data, inner->len);
  /* a fixed-size file: zeros after the data */
  g_byte_array_append (file, padding, sizeof padding);
  return g_byte_array_free_to_bytes (g_steal_pointer (&file));
}

static GBytes *
build_number (const char *digits)
{
  g_autoptr(GByteArray) file = g_byte_array_new ();
  static const guint8 padding[2] = { 0 };

  append_tlv (file, 0xDF10, digits, strlen (digits));
  g_byte_array_append (file, padding, sizeof padding);
  return g_byte_array_free_to_bytes (g_steal_pointer (&file));
}

static void
mdg_virtual_card_finalize (GObject *object)
{
  MdgVirtualCard *self = (MdgVirtualCard *)object;

  g_clear_pointer (&self->basic_four, g_bytes_unref);
  g_clear_pointer (&self->number, g_bytes_unref);
  g_clear_pointer (&self->t1_rx, g_byte_array_unref);
  g_clear_pointer (&self->t1_tx, g_byte_array_unref);
  g_string_free (self->trace, TRUE);
  g_mutex_clear (&self->mutex);

  G_OBJECT_CLASS (mdg_virtual_card_parent_class)->finalize (object);
}

static void
mdg_virtual_card_class_init (MdgVirtualCardClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = mdg_virtual_card_finalize;
}

static void
mdg_virtual_card_init (MdgVirtualCard *self)
{
  g_mutex_init (&self->mutex);
  self->trace = g_string_new (NULL);
  self->t1_rx = g_byte_array_new ();
  self->t1_tx = g_byte_array_new ();
  self->tries = MAX_TRIES;
  self->applet = TRUE;
  self->locked_sw = 0x6983;
  self->ifsd = DEFAULT_IFSD;
  memcpy (self->pin, "1234", 4);
}

MdgVirtualCard *
mdg_virtual_card_new (void)
{
  MdgVirtualCard *self = g_object_new (MDG_TYPE_VIRTUAL_CARD, NULL);

  /* fictional: no such person, no such street */
  self->basic_four = build_basic_four ("窓口 花子", "熊本県熊本市中央区見本町一丁目2番3号 見本ハイツ405号",
                                       "19850412", "2");
  self->number = build_number ("123456789018");
  return self;
}

static const char *
get_string (JsonObject *object,
            const char *member,
            const char *fallback)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return fallback;
  return json_node_get_string (node);
}

static GBytes *
bytes_from_hex (const char  *hex,
                GError     **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();

  for (const char *p = hex; *p != '\0';)
    {
      int hi, lo;
      guint8 b;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      hi = g_ascii_xdigit_value (p[0]);
      lo = p[1] != '\0' ? g_ascii_xdigit_value (p[1]) : -1;
      if (hi < 0 || lo < 0)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "bad hex");
          return NULL;
        }
      b = hi << 4 | lo;
      g_byte_array_append (bytes, &b, 1);
      p += 2;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

MdgVirtualCard *
mdg_virtual_card_new_from_file (const char  *path,
                                GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MdgVirtualCard) self = NULL;
  JsonObject *object;
  const char *hex;
  const char *pin;

  if (!json_parser_load_from_file (parser, path, error))
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: not an object", path);
      return NULL;
    }
  object = json_node_get_object (json_parser_get_root (parser));

  self = g_object_new (MDG_TYPE_VIRTUAL_CARD, NULL);
  if ((hex = get_string (object, "basic_four_hex", NULL)) != NULL)
    self->basic_four = bytes_from_hex (hex, error);
  else
    self->basic_four = build_basic_four (get_string (object, "name", ""),
                                         get_string (object, "address", ""),
                                         get_string (object, "birth_date", ""),
                                         get_string (object, "sex", ""));
  if ((hex = get_string (object, "number_hex", NULL)) != NULL)
    self->number = bytes_from_hex (hex, error);
  else
    self->number = build_number (get_string (object, "individual_number", ""));
  if (self->basic_four == NULL || self->number == NULL)
    return NULL;

  pin = get_string (object, "pin", "1234");
  if (strlen (pin) != 4)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: pin", path);
      return NULL;
    }
  memcpy (self->pin, pin, 4);
  if (json_object_has_member (object, "tries"))
    self->tries = json_object_get_int_member (object, "tries");
  if (json_object_has_member (object, "applet"))
    self->applet = json_object_get_boolean_member (object, "applet");
  if ((hex = get_string (object, "locked_sw", NULL)) != NULL)
    self->locked_sw = g_ascii_strtoull (hex, NULL, 16);
  if ((hex = get_string (object, "verified_query_sw", NULL)) != NULL)
    self->verified_query_sw = g_ascii_strtoull (hex, NULL, 16);

  return g_steal_pointer (&self);
}

void
mdg_virtual_card_set_tries (MdgVirtualCard *self,
                            guint           tries)
{
  g_return_if_fail (MDG_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->mutex);
  self->tries = tries;
  g_mutex_unlock (&self->mutex);
}

guint
mdg_virtual_card_get_tries (MdgVirtualCard *self)
{
  guint tries;

  g_return_val_if_fail (MDG_IS_VIRTUAL_CARD (self), 0);

  g_mutex_lock (&self->mutex);
  tries = self->tries;
  g_mutex_unlock (&self->mutex);
  return tries;
}

void
mdg_virtual_card_set_t1_wtx (MdgVirtualCard *self,
                             guint           n_requests)
{
  g_return_if_fail (MDG_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->mutex);
  self->wtx_per_response = n_requests;
  g_mutex_unlock (&self->mutex);
}

void
mdg_virtual_card_corrupt_next_block (MdgVirtualCard *self)
{
  g_return_if_fail (MDG_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->mutex);
  self->corrupt_next = TRUE;
  g_mutex_unlock (&self->mutex);
}

char *
mdg_virtual_card_dup_trace (MdgVirtualCard *self)
{
  char *trace;

  g_return_val_if_fail (MDG_IS_VIRTUAL_CARD (self), NULL);

  g_mutex_lock (&self->mutex);
  trace = g_strdup (self->trace->str);
  g_mutex_unlock (&self->mutex);
  return trace;
}

guint
mdg_virtual_card_count (MdgVirtualCard *self,
                        const char     *trace_item)
{
  g_auto(GStrv) items = NULL;
  guint n = 0;

  g_return_val_if_fail (MDG_IS_VIRTUAL_CARD (self), 0);

  g_mutex_lock (&self->mutex);
  items = g_strsplit (self->trace->str, " ", -1);
  g_mutex_unlock (&self->mutex);
  for (guint i = 0; items[i] != NULL; i++)
    {
      if (g_str_has_prefix (items[i], trace_item))
        n++;
    }
  return n;
}

void
mdg_virtual_card_clear_trace (MdgVirtualCard *self)
{
  g_return_if_fail (MDG_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->mutex);
  g_string_truncate (self->trace, 0);
  g_mutex_unlock (&self->mutex);
}

static void
reset_locked (MdgVirtualCard *self)
{
  self->selected = FALSE;
  self->current_ef = 0;
  self->verified = FALSE;
  self->t1_ns = 0;
  self->t1_nr = 0;
  self->ifsd = DEFAULT_IFSD;
  self->wtx_pending = 0;
  g_byte_array_set_size (self->t1_rx, 0);
  g_byte_array_set_size (self->t1_tx, 0);
  self->t1_tx_offset = 0;
  self->t1_last_length = 0;
}

void
mdg_virtual_card_reset (MdgVirtualCard *self)
{
  g_return_if_fail (MDG_IS_VIRTUAL_CARD (self));

  g_mutex_lock (&self->mutex);
  reset_locked (self);
  g_mutex_unlock (&self->mutex);
}

static void
trace (MdgVirtualCard *self,
       const char     *format,
       ...) G_GNUC_PRINTF (2, 3);

static void
trace (MdgVirtualCard *self,
       const char     *format,
       ...)
{
  va_list args;

  if (self->trace->len > 0)
    g_string_append_c (self->trace, ' ');
  va_start (args, format);
  g_string_append_vprintf (self->trace, format, args);
  va_end (args);
}

static guint16
do_select (MdgVirtualCard *self,
           const guint8   *apdu,
           gsize           length)
{
  gsize lc;

  if (length < 5 || (lc = apdu[4]) == 0 || length != 5 + lc)
    return 0x6700;

  if (apdu[2] == 0x04)
    {
      trace (self, "A4:AP");
      /* selecting any DF drops the verified state */
      self->verified = FALSE;
      self->current_ef = 0;
      self->selected = self->applet && lc == sizeof kenhojo_aid &&
                       memcmp (apdu + 5, kenhojo_aid, lc) == 0;
      return self->selected ? 0x9000 : 0x6A82;
    }
  if (apdu[2] == 0x02 && lc == 2)
    {
      guint16 ef = apdu[5] << 8 | apdu[6];

      trace (self, "A4:%04X", ef);
      if (!self->selected)
        return 0x6A82;
      switch (ef)
        {
        case 0x0001:
        case 0x0002:
        case 0x0011:
          self->current_ef = ef;
          return 0x9000;
        default:
          return 0x6A82;
        }
    }
  return 0x6A86;
}

static guint16
do_verify (MdgVirtualCard *self,
           const guint8   *apdu,
           gsize           length)
{
  if (apdu[2] != 0x00 || apdu[3] != 0x80)
    return 0x6A86;
  if (self->current_ef != 0x0011)
    return 0x6986;

  if (length == 4)
    {
      trace (self, "20?");
      if (self->tries == 0)
        return self->locked_sw;
      if (self->verified && self->verified_query_sw != 0)
        return self->verified_query_sw;
      return 0x63C0 | self->tries;
    }

  trace (self, "20!");
  if (length != 5 + 4 || apdu[4] != 4)
    return 0x6700;
  if (self->tries == 0)
    return self->locked_sw;
  if (memcmp (apdu + 5, self->pin, 4) == 0)
    {
      self->tries = MAX_TRIES;
      self->verified = TRUE;
      return 0x9000;
    }
  self->tries--;
  self->verified = FALSE;
  return 0x63C0 | self->tries;
}

static guint16
do_read_binary (MdgVirtualCard *self,
                const guint8   *apdu,
                gsize           length,
                GByteArray     *response)
{
  GBytes *file;
  gsize offset, le, size;
  const guint8 *data;

  if (length != 5)
    return 0x6700;
  if (apdu[2] & 0x80)
    return 0x6A86;
  offset = apdu[2] << 8 | apdu[3];
  le = apdu[4] == 0 ? 256 : apdu[4];
  trace (self, "B0:%04X@%" G_GSIZE_FORMAT "+%" G_GSIZE_FORMAT, self->current_ef, offset, le);

  switch (self->current_ef)
    {
    case 0x0001:
      file = self->number;
      break;
    case 0x0002:
      file = self->basic_four;
      break;
    default:
      return 0x6986;
    }
  if (!self->verified)
    return 0x6982;

  data = g_bytes_get_data (file, &size);
  if (offset >= size)
    return 0x6B00;
  if (size - offset < le)
    {
      g_byte_array_append (response, data + offset, size - offset);
      return 0x6282;
    }
  g_byte_array_append (response, data + offset, le);
  return 0x9000;
}

static GByteArray *
process_apdu_locked (MdgVirtualCard *self,
                     const guint8   *apdu,
                     gsize           length)
{
  GByteArray *response = g_byte_array_new ();
  guint16 sw;
  guint8 sw_bytes[2];

  if (length < 4)
    sw = 0x6700;
  else if (apdu[0] != 0x00)
    sw = 0x6E00;
  else
    {
      switch (apdu[1])
        {
        case 0xA4:
          sw = do_select (self, apdu, length);
          break;
        case 0x20:
          sw = do_verify (self, apdu, length);
          break;
        case 0xB0:
          sw = do_read_binary (self, apdu, length, response);
          break;
        default:
          trace (self, "%02X", apdu[1]);
          sw = 0x6D00;
        }
    }

  sw_bytes[0] = sw >> 8;
  sw_bytes[1] = sw & 0xFF;
  g_byte_array_append (response, sw_bytes, 2);
  return response;
}

GByteArray *
mdg_virtual_card_process_apdu (MdgVirtualCard *self,
                               const guint8   *apdu,
                               gsize           length)
{
  GByteArray *response;

  g_return_val_if_fail (MDG_IS_VIRTUAL_CARD (self), NULL);

  g_mutex_lock (&self->mutex);
  response = process_apdu_locked (self, apdu, length);
  g_mutex_unlock (&self->mutex);
  return response;
}

/* T=1, card side */

static GByteArray *
send_block (MdgVirtualCard *self,
            guint8          pcb,
            const guint8   *inf,
            gsize           length)
{
  GByteArray *out = g_byte_array_new ();
  guint8 lrc = 0;

  self->t1_last[0] = 0x00;
  self->t1_last[1] = pcb;
  self->t1_last[2] = length;
  if (length > 0)
    memcpy (self->t1_last + 3, inf, length);
  for (gsize i = 0; i < 3 + length; i++)
    lrc ^= self->t1_last[i];
  self->t1_last[3 + length] = lrc;
  self->t1_last_length = 4 + length;
  g_byte_array_append (out, self->t1_last, self->t1_last_length);

  if (self->corrupt_next)
    {
      /* this copy only: asked again, the card sends the good block */
      out->data[out->len - 1] ^= 0x5A;
      self->corrupt_next = FALSE;
    }
  return out;
}

static GByteArray *
send_next_chunk (MdgVirtualCard *self)
{
  gsize left = self->t1_tx->len - self->t1_tx_offset;
  gsize n = MIN (left, self->ifsd);
  gboolean more = n < left;
  GByteArray *out;

  out = send_block (self, (self->t1_ns ? 0x40 : 0x00) | (more ? 0x20 : 0x00),
                    self->t1_tx->data + self->t1_tx_offset, n);
  self->t1_tx_offset += n;
  self->t1_ns ^= 1;
  if (!more)
    {
      g_byte_array_set_size (self->t1_tx, 0);
      self->t1_tx_offset = 0;
    }
  return out;
}

static GByteArray *
respond (MdgVirtualCard *self)
{
  if (self->wtx_pending > 0)
    {
      const guint8 multiplier = 2;

      self->wtx_pending--;
      return send_block (self, 0xC3, &multiplier, 1);
    }
  return send_next_chunk (self);
}

static GByteArray *
process_block_locked (MdgVirtualCard *self,
                      const guint8   *block,
                      gsize           length)
{
  guint8 lrc = 0;
  guint8 pcb;
  const guint8 *inf;
  gsize len;

  for (gsize i = 0; i < length; i++)
    lrc ^= block[i];
  if (length < 4 || block[2] == 0xFF || length != 4u + block[2] || lrc != 0)
    return send_block (self, 0x81 | (self->t1_nr ? 0x10 : 0x00), NULL, 0);

  pcb = block[1];
  inf = block + 3;
  len = block[2];

  if ((pcb & 0x80) == 0)
    {
      /* I-block: a (part of a) command */
      if (((pcb >> 6) & 1) != self->t1_nr)
        return send_block (self, 0x82 | (self->t1_nr ? 0x10 : 0x00), NULL, 0);
      self->t1_nr ^= 1;
      g_byte_array_append (self->t1_rx, inf, len);
      if (pcb & 0x20)
        return send_block (self, 0x80 | (self->t1_nr ? 0x10 : 0x00), NULL, 0);

      g_byte_array_unref (self->t1_tx);
      self->t1_tx = process_apdu_locked (self, self->t1_rx->data, self->t1_rx->len);
      self->t1_tx_offset = 0;
      explicit_bzero (self->t1_rx->data, self->t1_rx->len);
      g_byte_array_set_size (self->t1_rx, 0);
      self->wtx_pending = self->wtx_per_response;
      return respond (self);
    }

  if ((pcb & 0xC0) == 0x80)
    {
      /* R-block: go on with our chain, or send the last block again */
      if (self->t1_tx->len > 0 && ((pcb >> 4) & 1) == self->t1_ns && (pcb & 0x0F) == 0)
        return send_next_chunk (self);
      return g_byte_array_append (g_byte_array_new (), self->t1_last, self->t1_last_length);
    }

  switch (pcb)
    {
    case 0xE3:    /* S(WTX response) */
      return respond (self);
    case 0xC1:    /* S(IFS request) */
      if (len == 1 && inf[0] > 0 && inf[0] < 0xFF)
        self->ifsd = inf[0];
      return send_block (self, 0xE1, inf, len);
    case 0xC0:    /* S(RESYNCH request) */
      self->t1_ns = 0;
      self->t1_nr = 0;
      return send_block (self, 0xE0, NULL, 0);
    default:
      return send_block (self, 0x82 | (self->t1_nr ? 0x10 : 0x00), NULL, 0);
    }
}

GByteArray *
mdg_virtual_card_process_block (MdgVirtualCard *self,
                                const guint8   *block,
                                gsize           length)
{
  GByteArray *response;

  g_return_val_if_fail (MDG_IS_VIRTUAL_CARD (self), NULL);

  g_mutex_lock (&self->mutex);
  response = process_block_locked (self, block, length);
  g_mutex_unlock (&self->mutex);
  return response;
}
