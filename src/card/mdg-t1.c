/* mdg-t1.c: the answer to reset and the ISO/IEC 7816-3 T=1 block protocol
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-t1"

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-t1.h"

/* Bounds of one exchange: invalid blocks answered with an R-block, blocks
 * sent again on request, S-requests (WTX, IFS) answered, I-blocks received. */
#define MAX_ERRORS      3
#define MAX_RESENDS     3
#define MAX_S_REQUESTS  64
#define MAX_BLOCKS      1024

#define DEFAULT_IFSC 32
#define DEFAULT_BWI  4
#define DEFAULT_CWI  13

static gboolean
protocol_error (GError     **error,
                const char  *what)
{
  g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PROTOCOL, "%s", what);
  return FALSE;
}

gboolean
mdg_atr_parse (const guint8  *atr,
               gsize          size,
               MdgAtr        *result,
               GError       **error)
{
  MdgAtr parsed = { FALSE, 0x11, 0, 0, DEFAULT_IFSC, DEFAULT_BWI, DEFAULT_CWI, FALSE };
  gboolean t1_done = FALSE;
  guint group_protocol = 0;
  gsize pos = 2;
  guint8 y;
  guint group = 1;

  g_return_val_if_fail (atr != NULL || size == 0, FALSE);
  g_return_val_if_fail (result != NULL, FALSE);

  if (size < 2 || size > MDG_ATR_MAX_SIZE)
    return protocol_error (error, "ATR of impossible length");
  if (atr[0] != 0x3B && atr[0] != 0x3F)
    return protocol_error (error, "ATR with a bad TS");
  parsed.inverse = atr[0] == 0x3F;

  y = atr[1] >> 4;
  for (;;)
    {
      guint8 ta = 0, tb = 0, tc = 0;
      gboolean has_ta = FALSE, has_tb = FALSE, has_tc = FALSE;

      if (pos + !!(y & 1) + !!(y & 2) + !!(y & 4) + !!(y & 8) > size)
        return protocol_error (error, "ATR truncated in its interface bytes");
      if (y & 1)
        ta = atr[pos++], has_ta = TRUE;
      if (y & 2)
        tb = atr[pos++], has_tb = TRUE;
      if (y & 4)
        tc = atr[pos++], has_tc = TRUE;

      /* from the third group on, bytes after a TD naming T=1 are T=1's own;
       * only the first such group counts */
      if (group == 1)
        {
          if (has_ta)
            parsed.fi_di = ta;
          if (has_tc)
            parsed.guard_time = tc;
        }
      else if (group >= 3 && group_protocol == 1 && !t1_done)
        {
          if (has_ta)
            {
              if (ta == 0x00 || ta == 0xFF)
                return protocol_error (error, "ATR with an invalid IFSC");
              parsed.ifsc = ta;
            }
          if (has_tb)
            {
              parsed.bwi = tb >> 4;
              parsed.cwi = tb & 0x0F;
            }
          if (has_tc)
            parsed.crc = (tc & 0x01) != 0;
          t1_done = TRUE;
        }

      if ((y & 8) == 0)
        break;
      group_protocol = atr[pos] & 0x0F;
      y = atr[pos] >> 4;
      pos++;
      parsed.protocols |= 1u << MIN (group_protocol, 7u);
      group++;
    }

  if (parsed.protocols == 0)
    parsed.protocols = 1 << 0;

  /* historical bytes */
  if ((atr[1] & 0x0F) > size - pos)
    return protocol_error (error, "ATR truncated in its historical bytes");
  pos += atr[1] & 0x0F;

  /* TCK is there unless only T=0 is offered; T0 … TCK XOR to zero */
  if (parsed.protocols != (1 << 0))
    {
      guint8 x = 0;

      if (pos >= size)
        return protocol_error (error, "ATR without its TCK");
      pos++;
      for (gsize i = 1; i < pos; i++)
        x ^= atr[i];
      if (x != 0)
        return protocol_error (error, "ATR with a bad TCK");
    }
  if (pos != size)
    return protocol_error (error, "ATR with trailing bytes");

  *result = parsed;
  return TRUE;
}

gboolean
mdg_t1_init (MdgT1         *t1,
             const MdgAtr  *atr,
             GError       **error)
{
  g_return_val_if_fail (t1 != NULL && atr != NULL, FALSE);

  if ((atr->protocols & (1 << 1)) == 0)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                           "the card does not offer T=1");
      return FALSE;
    }
  if (atr->crc)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                           "the card asks for a CRC checksum (T=1), which is not supported");
      return FALSE;
    }

  t1->ns = 0;
  t1->nr = 0;
  t1->ifsc = atr->ifsc;
  t1->n_blocks = 0;
  return TRUE;
}

static guint8
lrc (const guint8 *data,
     gsize         size)
{
  guint8 x = 0;

  for (gsize i = 0; i < size; i++)
    x ^= data[i];
  return x;
}

gsize
mdg_t1_block_build (guint8       *buffer,
                    guint8        nad,
                    guint8        pcb,
                    const guint8 *inf,
                    gsize         length)
{
  g_return_val_if_fail (buffer != NULL, 0);
  g_return_val_if_fail (length <= MDG_T1_MAX_INF, 0);
  g_return_val_if_fail (inf != NULL || length == 0, 0);

  buffer[0] = nad;
  buffer[1] = pcb;
  buffer[2] = length;
  if (length > 0)
    memcpy (buffer + 3, inf, length);
  buffer[3 + length] = lrc (buffer, 3 + length);
  return 4 + length;
}

gboolean
mdg_t1_block_parse (const guint8  *block,
                    gsize          size,
                    guint8        *pcb,
                    const guint8 **inf,
                    gsize         *length,
                    GError       **error)
{
  guint8 p;
  guint8 len;

  g_return_val_if_fail (block != NULL || size == 0, FALSE);
  g_return_val_if_fail (pcb != NULL && inf != NULL && length != NULL, FALSE);

  if (size < 4)
    return protocol_error (error, "T=1 block too short");
  len = block[2];
  if (len > MDG_T1_MAX_INF || size != 4u + len)
    return protocol_error (error, "T=1 block whose LEN does not match its size");
  if (lrc (block, size) != 0)
    return protocol_error (error, "T=1 block with a bad LRC");
  if (block[0] != 0x00)
    return protocol_error (error, "T=1 block with a node address");

  p = block[1];
  if (MDG_T1_PCB_IS_I (p))
    {
      if ((p & 0x1F) != 0)
        return protocol_error (error, "T=1 I-block with reserved bits set");
    }
  else if (MDG_T1_PCB_IS_R (p))
    {
      if ((p & 0x20) != 0 || (p & 0x0F) > 2 || len != 0)
        return protocol_error (error, "malformed T=1 R-block");
    }
  else
    {
      guint8 kind = p & ~MDG_T1_S_RESPONSE;

      if (kind > MDG_T1_S_WTX)
        return protocol_error (error, "unknown T=1 S-block");
      if ((kind == MDG_T1_S_IFS || kind == MDG_T1_S_WTX) ? len != 1 : len != 0)
        return protocol_error (error, "T=1 S-block of a wrong length");
    }

  *pcb = p;
  *inf = block + 3;
  *length = len;
  return TRUE;
}

typedef struct
{
  MdgT1         *t1;
  MdgT1XfrFunc   xfr;
  gpointer       user_data;
  guint8         send[MDG_T1_MAX_BLOCK];  /* the block to (re)send */
  gsize          send_length;
  guint8         answer[MDG_T1_MAX_BLOCK]; /* our R- or S-block answers */
  GByteArray    *reply;
  guint8         pcb;                      /* of the reply, once valid */
  const guint8  *inf;                      /* points into reply */
  gsize          inf_length;
  guint          n_errors;
  guint          n_resends;
  guint          n_s_requests;
} Exchange;

/* Sends x->send and receives the card's next I- or R-block, answering its
 * S-requests and asking again (R-block with an error) after invalid blocks. */
static gboolean
exchange (Exchange  *x,
          GError   **error)
{
  const guint8 *out = x->send;
  gsize out_length = x->send_length;
  guint8 wtx = 0;

  for (;;)
    {
      g_autoptr(GError) local_error = NULL;

      g_byte_array_set_size (x->reply, 0);
      if (!x->xfr (x->user_data, out, out_length, wtx, x->reply, error))
        return FALSE;
      x->t1->n_blocks++;
      wtx = 0;

      if (!mdg_t1_block_parse (x->reply->data, x->reply->len,
                               &x->pcb, &x->inf, &x->inf_length, &local_error))
        {
          if (++x->n_errors > MAX_ERRORS)
            {
              g_propagate_error (error, g_steal_pointer (&local_error));
              return FALSE;
            }
          g_debug ("invalid T=1 block (%s); asking again", local_error->message);
          out_length = mdg_t1_block_build (x->answer, 0, MDG_T1_R (x->t1->nr, 2), NULL, 0);
          out = x->answer;
          continue;
        }

      if (!MDG_T1_PCB_IS_S (x->pcb))
        return TRUE;

      if (++x->n_s_requests > MAX_S_REQUESTS)
        return protocol_error (error, "the card sent too many T=1 S-requests");
      switch (x->pcb)
        {
        case MDG_T1_S_WTX:
          /* the card needs more time; the multiplier goes with our answer */
          wtx = x->inf[0];
          g_debug ("card asks for a waiting time extension ×%u", wtx);
          break;
        case MDG_T1_S_IFS:
          if (x->inf[0] == 0x00 || x->inf[0] == 0xFF)
            return protocol_error (error, "the card asked for an invalid IFSC");
          x->t1->ifsc = x->inf[0];
          break;
        case MDG_T1_S_ABORT:
          return protocol_error (error, "the card aborted the T=1 exchange");
        default:
          return protocol_error (error, "unexpected T=1 S-block");
        }
      out_length = mdg_t1_block_build (x->answer, 0, x->pcb | MDG_T1_S_RESPONSE,
                                       x->inf, x->inf_length);
      out = x->answer;
    }
}

/* The card asked for our last block again (an R-block): send it again. */
static gboolean
resend (Exchange  *x,
        GError   **error)
{
  if (++x->n_resends > MAX_RESENDS)
    return protocol_error (error, "the card keeps asking for a T=1 block again");
  return exchange (x, error);
}

gboolean
mdg_t1_transceive (MdgT1         *t1,
                   const guint8  *apdu,
                   gsize          length,
                   GByteArray    *response,
                   MdgT1XfrFunc   xfr,
                   gpointer       user_data,
                   GError       **error)
{
  Exchange *x;
  gsize offset = 0;
  gsize received = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (t1 != NULL, FALSE);
  g_return_val_if_fail (apdu != NULL && length > 0, FALSE);
  g_return_val_if_fail (response != NULL && xfr != NULL, FALSE);

  x = g_new0 (Exchange, 1);
  x->t1 = t1;
  x->xfr = xfr;
  x->user_data = user_data;
  x->reply = g_byte_array_sized_new (MDG_T1_MAX_BLOCK);

  /* the command, chained in blocks of at most IFSC bytes */
  for (;;)
    {
      gsize chunk = MIN (t1->ifsc, length - offset);
      gboolean more = offset + chunk < length;

      x->send_length = mdg_t1_block_build (x->send, 0, MDG_T1_I (t1->ns, more),
                                           apdu + offset, chunk);
      if (!exchange (x, error))
        goto out;

      /* an R-block acknowledges a chained block when N(R) moves on;
       * any other R-block asks for our block again */
      while (MDG_T1_PCB_IS_R (x->pcb) &&
             !(more && (x->pcb & 0x0F) == 0 && MDG_T1_R_NR (x->pcb) != t1->ns))
        {
          if (!resend (x, error))
            goto out;
        }

      if (!more)
        break;
      if (!MDG_T1_PCB_IS_R (x->pcb))
        {
          protocol_error (error, "the card answered a T=1 chain before its end");
          goto out;
        }
      t1->ns ^= 1;
      offset += chunk;
      x->n_resends = 0;
    }

  /* the card's I-block acknowledges our last one; now collect its chain */
  t1->ns ^= 1;
  for (guint n_blocks = 0;; n_blocks++)
    {
      if (n_blocks >= MAX_BLOCKS)
        {
          protocol_error (error, "T=1 response chain too long");
          goto out;
        }
      if (MDG_T1_I_NS (x->pcb) != t1->nr)
        {
          /* a repeat of a block we have (our acknowledgement got lost):
           * acknowledge again; never send the command block again here */
          x->send_length = mdg_t1_block_build (x->send, 0, MDG_T1_R (t1->nr, 0), NULL, 0);
          if (!resend (x, error))
            goto out;
        }
      else
        {
          if (x->inf_length > MDG_T1_MAX_RESPONSE - received)
            {
              protocol_error (error, "T=1 response too long");
              goto out;
            }
          if (MDG_T1_I_MORE (x->pcb) && x->inf_length == 0)
            {
              protocol_error (error, "empty T=1 block in a chain");
              goto out;
            }
          g_byte_array_append (response, x->inf, x->inf_length);
          received += x->inf_length;
          t1->nr ^= 1;
          if (!MDG_T1_I_MORE (x->pcb))
            break;

          x->send_length = mdg_t1_block_build (x->send, 0, MDG_T1_R (t1->nr, 0), NULL, 0);
          x->n_resends = 0;
          if (!exchange (x, error))
            goto out;
        }

      while (MDG_T1_PCB_IS_R (x->pcb))
        {
          if (!resend (x, error))
            goto out;
        }
    }

  if (received < 2)
    {
      protocol_error (error, "T=1 response without a status word");
      goto out;
    }
  ok = TRUE;

out:
  explicit_bzero (x->send, sizeof x->send);
  explicit_bzero (x->reply->data, x->reply->len);
  g_byte_array_unref (x->reply);
  g_free (x);
  return ok;
}
