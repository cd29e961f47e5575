/* mdg-card-reader.h: one USB CCID card reader and the My Number card in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CCID straight over libgusb (no pcscd): APDU-level readers (short or
 * extended) and TPDU-level readers (T=1 run here, mdg-t1.h). Slot 0 only.
 *
 * Threads: the blocking calls below may run on any one thread at a time
 * (they lock the reader) but never on the main thread of the application:
 * use the _async pairs, which run them on the reader's own worker thread,
 * one after the other. The command-line tool calls them directly.
 */

#pragma once

#include <gio/gio.h>
#include <gusb.h>

#include "mdg-card-audit.h"
#include "mdg-card-info.h"
#include "mdg-card-pin.h"
#include "mdg-card-types.h"

G_BEGIN_DECLS

/* How long one reply may take before the reader counts as stalled; every
 * time extension the reader or card asks for restarts it. */
#define MDG_CARD_READER_DEFAULT_TIMEOUT_MS 10000

/* Statistics of the exchanges since the reader was made, for benchmarks. */
typedef struct
{
  guint n_apdus;          /* command APDUs sent */
  guint n_messages;       /* CCID messages sent (bulk OUT) */
  guint n_time_extensions;
} MdgCardReaderStats;

#define MDG_TYPE_CARD_READER (mdg_card_reader_get_type ())

G_DECLARE_FINAL_TYPE (MdgCardReader, mdg_card_reader, MDG, CARD_READER, GObject)

/* The CCID readers among @context's devices, each an MdgCardReader, in bus
 * order; an empty array when there is none. Looks at descriptors only. */
GPtrArray     *mdg_card_reader_list                   (GUsbContext         *context) G_GNUC_WARN_UNUSED_RESULT;
/* MDG_CARD_ERROR_READER_UNSUPPORTED when @device has no usable CCID interface. */
MdgCardReader *mdg_card_reader_new                    (GUsbDevice          *device,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;

GUsbDevice    *mdg_card_reader_get_device             (MdgCardReader       *self);
/* "USB CCID reader 04e6:5116 (bus 1, device 2)" */
const char    *mdg_card_reader_get_name               (MdgCardReader       *self);
/* "04e6:5116@1.2", for logs and the audit record */
const char    *mdg_card_reader_get_id                 (MdgCardReader       *self);
MdgCardLevel   mdg_card_reader_get_level              (MdgCardReader       *self);
const char    *mdg_card_level_to_string               (MdgCardLevel         level);
gboolean       mdg_card_reader_has_interrupt          (MdgCardReader       *self);
/* Whether the USB interface is claimed (mdg_card_reader_open()). */
gboolean       mdg_card_reader_get_opened             (MdgCardReader       *self);
/* Whether a card sits in the slot, as last learnt (a slot status or a
 * slot-change notification); notified on the reader's main context. */
gboolean       mdg_card_reader_get_card_present       (MdgCardReader       *self);
void           mdg_card_reader_set_card_present       (MdgCardReader       *self,
                                                       gboolean             present);
/* TRUE once the reader was unplugged; every call then fails with
 * MDG_CARD_ERROR_READER_REMOVED. */
gboolean       mdg_card_reader_get_removed            (MdgCardReader       *self);
void           mdg_card_reader_set_removed            (MdgCardReader       *self);
void           mdg_card_reader_set_timeout            (MdgCardReader       *self,
                                                       guint                timeout_ms);
void           mdg_card_reader_get_stats              (MdgCardReader       *self,
                                                       MdgCardReaderStats  *stats);

/* Blocking. Open and close the USB interface (claim/release). Open fails
 * with MDG_CARD_ERROR_READER_BUSY when another program holds it. */
gboolean       mdg_card_reader_open                   (MdgCardReader       *self,
                                                       GError             **error);
void           mdg_card_reader_close                  (MdgCardReader       *self);
/* Blocking. GetSlotStatus: is a card in the slot? Sends nothing to the card. */
gboolean       mdg_card_reader_get_slot_status        (MdgCardReader       *self,
                                                       gboolean            *present,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
/* Blocking. Power the card on (a fresh session: the ATR, T=1 state reset)
 * and off (drops any verified PIN state on the card). */
gboolean       mdg_card_reader_power_on               (MdgCardReader       *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
gboolean       mdg_card_reader_power_off              (MdgCardReader       *self,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
/* Blocking. One command APDU to the powered card; the response APDU (data,
 * SW1, SW2; at least two bytes) is appended to @response. */
gboolean       mdg_card_reader_transmit               (MdgCardReader       *self,
                                                       const guint8        *apdu,
                                                       gsize                length,
                                                       GByteArray          *response,
                                                       GCancellable        *cancellable,
                                                       GError             **error);

/* Blocking. Powers the card on, selects the 券面事項入力補助AP and asks how
 * many PIN tries are left, without using one (VERIFY without data), then
 * powers it off. A locked PIN is not an error here: 0 tries. */
gboolean       mdg_card_reader_query_pin_tries        (MdgCardReader       *self,
                                                       guint               *tries_left,
                                                       GCancellable        *cancellable,
                                                       GError             **error);
/* Blocking. The whole read, with the safe PIN policy: power on, select,
 * ask for the tries left; refuse by mdg_card_pin_check_policy(); at most
 * one VERIFY with @pin (spent then, never retried); read the basic four
 * items and, with MDG_CARD_READ_WITH_NUMBER only, the individual number;
 * power off. @pin_tries_left (nullable) is set to the last count the card
 * reported, or -1, also on failure (MDG_CARD_ERROR_PIN_WRONG says how many
 * are left). Emits MdgCardReader::card-read. */
MdgCardInfo   *mdg_card_reader_read_info              (MdgCardReader       *self,
                                                       MdgCardPin          *pin,
                                                       MdgCardReadFlags     flags,
                                                       int                 *pin_tries_left,
                                                       GCancellable        *cancellable,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;

/* The same on the reader's worker thread. */
void           mdg_card_reader_query_pin_tries_async  (MdgCardReader       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       mdg_card_reader_query_pin_tries_finish (MdgCardReader       *self,
                                                       GAsyncResult        *result,
                                                       guint               *tries_left,
                                                       GError             **error);
void           mdg_card_reader_read_info_async        (MdgCardReader       *self,
                                                       MdgCardPin          *pin,
                                                       MdgCardReadFlags     flags,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
MdgCardInfo   *mdg_card_reader_read_info_finish       (MdgCardReader       *self,
                                                       GAsyncResult        *result,
                                                       int                 *pin_tries_left,
                                                       GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* Opens the reader if needed and asks for the slot status. */
void           mdg_card_reader_probe_async            (MdgCardReader       *self,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
gboolean       mdg_card_reader_probe_finish           (MdgCardReader       *self,
                                                       GAsyncResult        *result,
                                                       gboolean            *present,
                                                       GError             **error);

G_END_DECLS
