/* mdg-card-reader-mynumber.c: the My Number card's 券面事項入力補助AP
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The APDUs of ../shared/spec/mynumber-card.md §2.3 and the safe PIN policy
 * of §3: a fresh count of tries (VERIFY without data, which costs none)
 * before every VERIFY, no VERIFY at one try left, at most one VERIFY per
 * call, the PIN wiped as soon as the APDU is built and sent. Logs carry
 * status words and byte counts only.
 */

#define G_LOG_DOMAIN "mdg-card-reader-mynumber"

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-card-private.h"
#include "mdg-card-reader-private.h"
#include "mdg-tlv.h"

#define EF_NUMBER      0x0001
#define EF_BASIC_FOUR  0x0002
#define EF_PIN         0x0011

/* Enough for tag FF20 and a four-byte length: the file size is known from it. */
#define HEAD_SIZE      8
#define MAX_READ       256

#define SW_OK                   0x9000
#define SW_END_OF_FILE          0x6282
#define SW_WRONG_LENGTH         0x6700
#define SW_SECURITY_NOT_MET     0x6982
#define SW_AUTH_BLOCKED         0x6983
#define SW_WRONG_OFFSET         0x6B00
#define SW_REFERENCE_UNUSABLE   0x6984
#define SW_FILE_NOT_FOUND       0x6A82
#define SW_IS_TRIES(sw)         (((sw) & 0xFFF0) == 0x63C0)
#define SW_IS_WRONG_LE(sw)      (((sw) & 0xFF00) == 0x6C00)

static const guint8 kenhojo_aid[] = { 0xD3, 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x08 };

/* What one read did, for the audit record and the caller. */
typedef struct
{
  MdgCardFields      read;
  MdgCardPinOutcome  pin;
  int                tries;
} ReadState;

/* One APDU; @data (nullable) gets the response data without SW. The
 * response buffer is wiped: it held personal data. */
static gboolean
apdu (MdgCardReader  *self,
      const guint8   *command,
      gsize           length,
      guint16        *sw,
      GByteArray     *data,
      GCancellable   *cancellable,
      GError        **error)
{
  g_autoptr(GByteArray) response = g_byte_array_sized_new (MAX_READ + 2);
  gboolean ok;

  ok = mdg_card_reader_transmit (self, command, length, response, cancellable, error);
  if (ok)
    {
      *sw = response->data[response->len - 2] << 8 | response->data[response->len - 1];
      if (data != NULL)
        g_byte_array_append (data, response->data, response->len - 2);
      g_debug ("%s: INS %02X -> SW %04X, %u bytes", self->id, command[1], *sw, response->len - 2);
    }
  explicit_bzero (response->data, response->len);
  return ok;
}

static gboolean
unexpected_sw (const char  *what,
               guint16      sw,
               GError     **error)
{
  if (sw == SW_FILE_NOT_FOUND)
    g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NOT_MYNUMBER_CARD,
                 "%s: not found (SW 6A82): not a My Number card?", what);
  else
    g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                 "%s: the card answered SW %04X", what, sw);
  return FALSE;
}

static gboolean
select_ap (MdgCardReader  *self,
           GCancellable   *cancellable,
           GError        **error)
{
  guint8 command[5 + sizeof kenhojo_aid] = { 0x00, 0xA4, 0x04, 0x0C, sizeof kenhojo_aid };
  guint16 sw;

  memcpy (command + 5, kenhojo_aid, sizeof kenhojo_aid);
  if (!apdu (self, command, sizeof command, &sw, NULL, cancellable, error))
    return FALSE;
  if (sw != SW_OK)
    return unexpected_sw ("SELECT 券面事項入力補助AP", sw, error);
  return TRUE;
}

static gboolean
select_ef (MdgCardReader  *self,
           guint16         ef,
           GCancellable   *cancellable,
           GError        **error)
{
  const guint8 command[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, ef >> 8, ef & 0xFF };
  guint16 sw;

  if (!apdu (self, command, sizeof command, &sw, NULL, cancellable, error))
    return FALSE;
  if (sw != SW_OK)
    {
      g_autofree char *what = g_strdup_printf ("SELECT EF %04X", ef);

      return unexpected_sw (what, sw, error);
    }
  return TRUE;
}

/* VERIFY without data: the tries left, using none. @verified is set when
 * the card says the PIN is already verified (9000) instead of counting. */
static gboolean
query_tries (MdgCardReader  *self,
             guint          *tries,
             gboolean       *verified,
             GCancellable   *cancellable,
             GError        **error)
{
  const guint8 command[] = { 0x00, 0x20, 0x00, 0x80 };
  guint16 sw;

  if (!apdu (self, command, sizeof command, &sw, NULL, cancellable, error))
    return FALSE;

  *verified = FALSE;
  if (SW_IS_TRIES (sw))
    *tries = sw & 0x0F;
  else if (sw == SW_AUTH_BLOCKED || sw == SW_REFERENCE_UNUSABLE)
    *tries = 0;
  else if (sw == SW_OK)
    {
      *verified = TRUE;
      *tries = MDG_CARD_PIN_MAX_TRIES;
    }
  else
    return unexpected_sw ("VERIFY (tries left)", sw, error);
  return TRUE;
}

/* Power on, select the AP and its PIN EF, count the tries. */
static gboolean
start_session (MdgCardReader  *self,
               guint          *tries,
               gboolean       *verified,
               GCancellable   *cancellable,
               GError        **error)
{
  return mdg_card_reader_power_on (self, cancellable, error) &&
         select_ap (self, cancellable, error) &&
         select_ef (self, EF_PIN, cancellable, error) &&
         query_tries (self, tries, verified, cancellable, error);
}

static gboolean
verify (MdgCardReader  *self,
        MdgCardPin     *pin,
        ReadState      *state,
        GCancellable   *cancellable,
        GError        **error)
{
  guint8 command[5 + MDG_CARD_PIN_LENGTH] = { 0x00, 0x20, 0x00, 0x80, MDG_CARD_PIN_LENGTH };
  gboolean ok;
  guint16 sw;

  if (!_mdg_card_pin_take (pin, command + 5))
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_INVALID,
                           "this PIN was used already; ask the resident to enter it again");
      return FALSE;
    }

  state->pin = MDG_CARD_PIN_UNKNOWN;
  ok = apdu (self, command, sizeof command, &sw, NULL, cancellable, error);
  explicit_bzero (command, sizeof command);
  if (!ok)
    return FALSE;

  if (sw == SW_OK)
    {
      state->pin = MDG_CARD_PIN_ACCEPTED;
      return TRUE;
    }
  if (SW_IS_TRIES (sw) && (sw & 0x0F) > 0)
    {
      state->pin = MDG_CARD_PIN_REJECTED;
      state->tries = sw & 0x0F;
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG,
                   "wrong PIN: %d %s left", state->tries, state->tries == 1 ? "try" : "tries");
      return FALSE;
    }
  if (SW_IS_TRIES (sw) || sw == SW_AUTH_BLOCKED || sw == SW_REFERENCE_UNUSABLE)
    {
      state->pin = MDG_CARD_PIN_REJECTED;
      state->tries = 0;
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_LOCKED,
                           "the PIN is locked; the resident must have it reset at the card counter");
      return FALSE;
    }
  return unexpected_sw ("VERIFY", sw, error);
}

/* READ BINARY at @offset, at most @want bytes, appended to @file. @eof is
 * set when the card says the file ends there (6282 with fewer bytes, or
 * 6B00 for an offset past the end). */
static gboolean
read_binary (MdgCardReader  *self,
             gsize           offset,
             gsize           want,
             GByteArray     *file,
             gboolean       *eof,
             GCancellable   *cancellable,
             GError        **error)
{
  *eof = FALSE;

  for (guint attempt = 0;; attempt++)
    {
      const guint8 command[] = { 0x00, 0xB0, (offset >> 8) & 0x7F, offset & 0xFF,
                                 want >= 256 ? 0x00 : want };
      guint before = file->len;
      guint16 sw;

      if (!apdu (self, command, sizeof command, &sw, file, cancellable, error))
        return FALSE;

      if (file->len - before > want)
        {
          g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED,
                               "READ BINARY returned more than asked for");
          return FALSE;
        }
      if (sw == SW_OK || sw == SW_END_OF_FILE)
        {
          /* fewer bytes with 9000 is not the end; none is */
          *eof = sw == SW_END_OF_FILE || file->len == before;
          return TRUE;
        }

      g_byte_array_set_size (file, before);
      if (sw == SW_WRONG_OFFSET && offset > 0)
        {
          *eof = TRUE;
          return TRUE;
        }
      /* 6Cxx: "ask for xx bytes"; once */
      if (SW_IS_WRONG_LE (sw) && attempt == 0 && (sw & 0xFF) != 0 && (sw & 0xFF) < want)
        {
          want = sw & 0xFF;
          continue;
        }
      if (sw == SW_SECURITY_NOT_MET)
        {
          g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                               "READ BINARY refused (SW 6982): the PIN state was lost");
          return FALSE;
        }
      return unexpected_sw ("READ BINARY", sw, error);
    }
}

/* Reads one EF whose content is a TLV: its head first, for the size, then
 * the rest in chunks; never more than the TLV says, never past the limit. */
static GByteArray *
read_tlv_file (MdgCardReader  *self,
               guint16         ef,
               GCancellable   *cancellable,
               GError        **error)
{
  g_autoptr(GByteArray) file = g_byte_array_sized_new (MAX_READ);
  gsize chunk = MAX_READ;
  gsize header_length, value_length, total;
  gboolean eof;
  guint32 tag;

  /* an APDU-level reader must carry the chunk and SW in one message */
  if (self->descriptor.level != MDG_CARD_LEVEL_TPDU)
    chunk = MIN (chunk, self->descriptor.max_message_length - MDG_CCID_HEADER_SIZE - 2);

  if (!select_ef (self, ef, cancellable, error) ||
      !read_binary (self, 0, HEAD_SIZE, file, &eof, cancellable, error))
    goto fail;

  if (!mdg_tlv_parse_header (file->data, file->len, &tag, &header_length, &value_length, error))
    {
      g_prefix_error (error, "EF %04X: ", ef);
      goto fail;
    }
  if (value_length > MDG_CARD_MAX_FILE_SIZE - MIN (header_length, MDG_CARD_MAX_FILE_SIZE))
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED,
                   "EF %04X says it holds %" G_GSIZE_FORMAT " bytes, more than any real one",
                   ef, value_length);
      goto fail;
    }
  total = header_length + value_length;

  while (file->len < total)
    {
      if (eof)
        {
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED,
                       "EF %04X ends after %u bytes, its TLV says %" G_GSIZE_FORMAT,
                       ef, file->len, total);
          goto fail;
        }
      if (!read_binary (self, file->len, MIN (chunk, total - file->len), file, &eof,
                        cancellable, error))
        goto fail;
    }
  g_byte_array_set_size (file, MIN (file->len, total));
  g_debug ("%s: EF %04X: %u bytes", self->id, ef, file->len);
  return g_steal_pointer (&file);

fail:
  explicit_bzero (file->data, file->len);
  return NULL;
}

static void
wipe_bytes (GByteArray *bytes)
{
  explicit_bzero (bytes->data, bytes->len);
  g_byte_array_unref (bytes);
}

typedef GByteArray GByteArrayWiped;
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GByteArrayWiped, wipe_bytes)

static MdgCardInfo *
read_info_locked (MdgCardReader     *self,
                  MdgCardPin        *pin,
                  MdgCardReadFlags   flags,
                  ReadState         *state,
                  GCancellable      *cancellable,
                  GError           **error)
{
  g_autoptr(GByteArrayWiped) basic_four = NULL;
  g_autoptr(GByteArrayWiped) number = NULL;
  gboolean verified;
  guint tries;

  if (!start_session (self, &tries, &verified, cancellable, error))
    return NULL;
  if (verified)
    {
      /* fresh after power-on, so this is a card we do not understand */
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                           "the card did not say how many PIN tries are left");
      return NULL;
    }
  state->tries = tries;
  if (!mdg_card_pin_check_policy (tries, flags, error) ||
      !verify (self, pin, state, cancellable, error))
    return NULL;

  /* the count the card reports now (a correct PIN resets it) */
  if (!query_tries (self, &tries, &verified, cancellable, error))
    return NULL;
  state->tries = tries;

  if (!(basic_four = read_tlv_file (self, EF_BASIC_FOUR, cancellable, error)))
    return NULL;
  state->read |= MDG_CARD_FIELDS_BASIC_FOUR;

  /* the individual number's file is read only when asked for */
  if (flags & MDG_CARD_READ_WITH_NUMBER)
    {
      if (!(number = read_tlv_file (self, EF_NUMBER, cancellable, error)))
        return NULL;
      state->read |= MDG_CARD_FIELD_INDIVIDUAL_NUMBER;
    }

  return mdg_card_info_new_from_files (basic_four->data, basic_four->len,
                                       number ? number->data : NULL, number ? number->len : 0,
                                       error);
}

/* After a read the card goes off, so no verified state outlives the call. */
static void
end_session (MdgCardReader *self)
{
  if (self->opened && !mdg_card_reader_get_removed (self))
    mdg_card_reader_power_off (self, NULL, NULL);
}

MdgCardInfo *
mdg_card_reader_read_info (MdgCardReader     *self,
                           MdgCardPin        *pin,
                           MdgCardReadFlags   flags,
                           int               *pin_tries_left,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(MdgCardAudit) audit = NULL;
  g_autoptr(GError) local_error = NULL;
  ReadState state = { MDG_CARD_FIELD_NONE, MDG_CARD_PIN_NOT_SENT, -1 };
  MdgCardFields requested = MDG_CARD_FIELDS_BASIC_FOUR;
  MdgCardInfo *info;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), NULL);
  g_return_val_if_fail (pin != NULL, NULL);

  if (flags & MDG_CARD_READ_WITH_NUMBER)
    requested |= MDG_CARD_FIELD_INDIVIDUAL_NUMBER;

  g_rec_mutex_lock (&self->io_lock);
  info = read_info_locked (self, pin, flags, &state, cancellable, &local_error);
  end_session (self);
  g_rec_mutex_unlock (&self->io_lock);

  /* whatever happened, the PIN is gone now */
  mdg_card_pin_wipe (pin);

  audit = mdg_card_audit_new (self->id, requested, state.read, state.pin, state.tries,
                              local_error);
  _mdg_card_reader_emit_audit (self, audit);

  if (pin_tries_left != NULL)
    *pin_tries_left = state.tries;
  if (info == NULL)
    {
      g_debug ("%s: read failed: %s", self->id, local_error->message);
      g_propagate_error (error, g_steal_pointer (&local_error));
    }
  return info;
}

gboolean
mdg_card_reader_query_pin_tries (MdgCardReader  *self,
                                 guint          *tries_left,
                                 GCancellable   *cancellable,
                                 GError        **error)
{
  gboolean verified;
  gboolean ok;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (tries_left != NULL, FALSE);

  g_rec_mutex_lock (&self->io_lock);
  ok = start_session (self, tries_left, &verified, cancellable, error);
  if (ok && verified)
    {
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_CARD_FAILED,
                           "the card did not say how many PIN tries are left");
      ok = FALSE;
    }
  end_session (self);
  g_rec_mutex_unlock (&self->io_lock);
  return ok;
}

/* The async pairs: the blocking calls on the reader's worker thread. */

typedef struct
{
  MdgCardPin        *pin;
  MdgCardReadFlags   flags;
  int                tries;
  gboolean           present;
} TaskData;

static void
task_data_free (TaskData *data)
{
  g_clear_pointer (&data->pin, mdg_card_pin_unref);
  g_free (data);
}

/* Runs @worker on the reader's worker thread for an _async call. */
static void
run_task (MdgCardReader       *self,
          MdgCardPin          *pin,
          MdgCardReadFlags     flags,
          GTaskThreadFunc      worker,
          gpointer             source_tag,
          GCancellable        *cancellable,
          GAsyncReadyCallback  callback,
          gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  TaskData *data = g_new0 (TaskData, 1);

  data->pin = pin != NULL ? mdg_card_pin_ref (pin) : NULL;
  data->flags = flags;
  data->tries = -1;
  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, data, (GDestroyNotify) task_data_free);
  _mdg_card_reader_run_in_worker (self, task, worker);
}

/* The _finish of a boolean pair: its data, or NULL and @error. */
static TaskData *
finish_task (MdgCardReader  *self,
             GAsyncResult   *result,
             GError        **error)
{
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  return g_task_get_task_data (G_TASK (result));
}

static void
query_pin_tries_worker (GTask        *task,
                        gpointer      source_object,
                        gpointer      task_data,
                        GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  guint tries;

  if (mdg_card_reader_query_pin_tries (source_object, &tries, cancellable, &error))
    {
      data->tries = tries;
      g_task_return_boolean (task, TRUE);
    }
  else
    g_task_return_error (task, error);
}

void
mdg_card_reader_query_pin_tries_async (MdgCardReader       *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));

  run_task (self, NULL, MDG_CARD_READ_NONE, query_pin_tries_worker,
            mdg_card_reader_query_pin_tries_async, cancellable, callback, user_data);
}

gboolean
mdg_card_reader_query_pin_tries_finish (MdgCardReader  *self,
                                        GAsyncResult   *result,
                                        guint          *tries_left,
                                        GError        **error)
{
  TaskData *data;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(data = finish_task (self, result, error)))
    return FALSE;
  if (tries_left != NULL)
    *tries_left = data->tries;
  return TRUE;
}

static void
read_info_worker (GTask        *task,
                  gpointer      source_object,
                  gpointer      task_data,
                  GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;
  MdgCardInfo *info;

  info = mdg_card_reader_read_info (source_object, data->pin, data->flags, &data->tries,
                                    cancellable, &error);
  if (info != NULL)
    g_task_return_pointer (task, info, (GDestroyNotify) mdg_card_info_unref);
  else
    g_task_return_error (task, error);
}

void
mdg_card_reader_read_info_async (MdgCardReader       *self,
                                 MdgCardPin          *pin,
                                 MdgCardReadFlags     flags,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));
  g_return_if_fail (pin != NULL);

  run_task (self, pin, flags, read_info_worker, mdg_card_reader_read_info_async,
            cancellable, callback, user_data);
}

MdgCardInfo *
mdg_card_reader_read_info_finish (MdgCardReader  *self,
                                  GAsyncResult   *result,
                                  int            *pin_tries_left,
                                  GError        **error)
{
  TaskData *data;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  data = g_task_get_task_data (G_TASK (result));
  if (pin_tries_left != NULL)
    *pin_tries_left = data->tries;
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
probe_worker (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  TaskData *data = task_data;
  GError *error = NULL;

  if (mdg_card_reader_get_slot_status (source_object, &data->present, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
mdg_card_reader_probe_async (MdgCardReader       *self,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (MDG_IS_CARD_READER (self));

  run_task (self, NULL, MDG_CARD_READ_NONE, probe_worker, mdg_card_reader_probe_async,
            cancellable, callback, user_data);
}

gboolean
mdg_card_reader_probe_finish (MdgCardReader  *self,
                              GAsyncResult   *result,
                              gboolean       *present,
                              GError        **error)
{
  TaskData *data;

  g_return_val_if_fail (MDG_IS_CARD_READER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!(data = finish_task (self, result, error)))
    return FALSE;
  if (present != NULL)
    *present = data->present;
  return TRUE;
}
