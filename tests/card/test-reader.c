/* test-reader.c: the CCID transport against virtual readers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every exchange goes through libgusb, libusb and usbfs ioctls answered by
 * the virtual reader: levels, endpoint layouts, time extensions, and the
 * faults of a real reader (stalls, late and malformed replies, a wrong
 * bSeq, unplugging, another program holding it).
 */

#include "config.h"

#include <string.h>

#include "test-card.h"

static const guint8 select_ap[] = { 0x00, 0xA4, 0x04, 0x0C, 0x0A, 0xD3, 0x92, 0x10, 0x00, 0x31,
                                    0x00, 0x01, 0x01, 0x04, 0x08 };

/* SELECT AP through a freshly powered card: 9000. */
static void
assert_select_works (CardFixture *fixture)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (mdg_card_reader_power_on (fixture->reader, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (mdg_card_reader_transmit (fixture->reader, select_ap, sizeof select_ap,
                                           response, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response->len, ==, 2);
  g_assert_cmphex (response->data[0], ==, 0x90);
  g_assert_cmphex (response->data[1], ==, 0x00);
}

static void
test_list (CardFixture   *fixture,
           gconstpointer  data)
{
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(GPtrArray) devices = NULL;
  g_autoptr(GUsbDevice) keyboard = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;
  guint8 devnum = test_card_next_devnum ();

  /* a keyboard (HID) beside the reader: not a reader */
  description = g_strdup_printf ("P: /devices/pci0000:00/0000:00:14.0/usb1/1-%u\n"
                                 "N: bus/usb/001/%03u\n"
                                 "E: DEVNAME=/dev/bus/usb/001/%03u\n"
                                 "E: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\n"
                                 "E: BUSNUM=001\nE: DEVNUM=%03u\n"
                                 "A: idVendor=046d\nA: idProduct=c31c\nA: busnum=1\n"
                                 "A: devnum=%u\nA: speed=12\nA: bConfigurationValue=1\n"
                                 "A: bNumConfigurations=1\nA: dev=189:%u\n"
                                 "H: descriptors=12010002000000086d041cc3000101020001"
                                 "0902220001010080320904000001030101000921100100012241000705810308000a\n",
                                 devnum, devnum, devnum, devnum, devnum, devnum - 1);
  g_assert_true (umockdev_testbed_add_from_string (test_card_get_testbed (), description, &error));
  g_assert_no_error (error);
  keyboard = test_card_wait_for_device (devnum);
  devices = g_usb_context_get_devices (fixture->context);
  g_assert_cmpuint (devices->len, ==, 2);

  readers = mdg_card_reader_list (fixture->context);
  g_assert_cmpuint (readers->len, ==, 1);
  g_assert_cmpstr (mdg_card_reader_get_id (g_ptr_array_index (readers, 0)), ==,
                   mdg_card_reader_get_id (fixture->reader));
  g_assert_cmpint (mdg_card_reader_get_level (fixture->reader), ==, MDG_CARD_LEVEL_SHORT_APDU);
  g_assert_true (mdg_card_reader_has_interrupt (fixture->reader));
  g_assert_true (g_str_has_prefix (mdg_card_reader_get_name (fixture->reader),
                                   "USB CCID reader 04e6:5116"));

  {
    g_autofree char *path = g_strdup_printf ("/sys/devices/pci0000:00/0000:00:14.0/usb1/1-%u",
                                             devnum);

    umockdev_testbed_uevent (test_card_get_testbed (), path, "remove");
    umockdev_testbed_remove_device (test_card_get_testbed (), path);
    test_card_wait_for_device_gone (devnum);
  }
}

static void
test_slot_status (CardFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trace = NULL;
  gboolean present = FALSE;

  g_assert_true (mdg_card_reader_get_slot_status (fixture->reader, &present, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (present);
  g_assert_true (mdg_card_reader_get_card_present (fixture->reader));

  mdg_virtual_reader_insert_card (fixture->vreader, NULL);
  g_assert_true (mdg_card_reader_get_slot_status (fixture->reader, &present, NULL, &error));
  g_assert_false (present);

  /* power-on without a card */
  g_assert_false (mdg_card_reader_power_on (fixture->reader, NULL, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD);

  /* nothing was sent to a card */
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_cmpstr (trace, ==, "");
}

static void
test_power_and_transmit (CardFixture   *fixture,
                         gconstpointer  data)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  MdgCardReaderStats stats;

  assert_select_works (fixture);
  mdg_card_reader_get_stats (fixture->reader, &stats);
  g_assert_cmpuint (stats.n_apdus, ==, 1);
  g_assert_cmpuint (stats.n_messages, ==, 2);

  g_assert_true (mdg_card_reader_power_off (fixture->reader, NULL, &error));
  g_assert_false (mdg_card_reader_transmit (fixture->reader, select_ap, sizeof select_ap,
                                            response, NULL, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD);
}

/* Other ids, other endpoint numbers, the interrupt endpoint listed first. */
static void
set_up_other_layout (CardFixture   *fixture,
                     gconstpointer  data)
{
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.vendor_id = 0x072f;
  config.product_id = 0x90cc;
  config.ep_bulk_out = 0x05;
  config.ep_bulk_in = 0x84;
  config.ep_interrupt = 0x81;
  config.interrupt_first = TRUE;
  config.max_message_length = 0x200;
  card_fixture_set_up_config (fixture, &config);
}

static void
test_other_layout (CardFixture   *fixture,
                   gconstpointer  data)
{
  g_assert_true (g_str_has_prefix (mdg_card_reader_get_id (fixture->reader), "072f:90cc"));
  assert_select_works (fixture);
}

static void
set_up_no_interrupt (CardFixture   *fixture,
                     gconstpointer  data)
{
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.ep_interrupt = 0;
  card_fixture_set_up_config (fixture, &config);
}

static void
test_no_interrupt (CardFixture   *fixture,
                   gconstpointer  data)
{
  g_assert_false (mdg_card_reader_has_interrupt (fixture->reader));
  assert_select_works (fixture);
}

static void
test_time_extensions (CardFixture   *fixture,
                      gconstpointer  data)
{
  MdgCardReaderStats stats;

  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_TIME_EXTENSIONS, 5);
  assert_select_works (fixture);
  mdg_card_reader_get_stats (fixture->reader, &stats);
  g_assert_cmpuint (stats.n_time_extensions, ==, 5);
}

typedef struct
{
  MdgVirtualFault fault;
  int             code;
} FaultCase;

/* A malformed or out-of-sequence reply is a clear error; a reader that
 * stops answering, a timeout (never a hang), and a reply that comes after
 * it is recognised by its bSeq and skipped. The next session works. */
static void
test_faults (CardFixture   *fixture,
             gconstpointer  data)
{
  static const FaultCase cases[] = {
    { MDG_VIRTUAL_FAULT_STALL, MDG_CARD_ERROR_TIMEOUT },
    { MDG_VIRTUAL_FAULT_LATE_REPLY, MDG_CARD_ERROR_TIMEOUT },
    { MDG_VIRTUAL_FAULT_WRONG_SEQ, MDG_CARD_ERROR_PROTOCOL },
    { MDG_VIRTUAL_FAULT_TRUNCATED_HEADER, MDG_CARD_ERROR_PROTOCOL },
    { MDG_VIRTUAL_FAULT_BAD_LENGTH, MDG_CARD_ERROR_PROTOCOL },
    { MDG_VIRTUAL_FAULT_BAD_TYPE, MDG_CARD_ERROR_PROTOCOL },
    { MDG_VIRTUAL_FAULT_BAD_STATUS, MDG_CARD_ERROR_PROTOCOL },
  };

  mdg_card_reader_set_timeout (fixture->reader, 300);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) response = g_byte_array_new ();
      g_autoptr(GError) error = NULL;
      gint64 start;

      g_assert_true (mdg_card_reader_power_on (fixture->reader, NULL, &error));
      mdg_virtual_reader_set_fault (fixture->vreader, cases[i].fault, 0);
      start = g_get_monotonic_time ();
      g_assert_false (mdg_card_reader_transmit (fixture->reader, select_ap, sizeof select_ap,
                                                response, NULL, &error));
      g_assert_error (error, MDG_CARD_ERROR, cases[i].code);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
      g_test_message ("fault %d: %s", cases[i].fault, error->message);

      /* the session is over: a fresh power-on is needed */
      g_clear_error (&error);
      g_assert_false (mdg_card_reader_transmit (fixture->reader, select_ap, sizeof select_ap,
                                                response, NULL, &error));
      g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD);
      assert_select_works (fixture);
    }
}

/* Unplugged in the middle of an exchange: a clear error at once. */
static void
test_unplug_mid_exchange (CardFixture   *fixture,
                          gconstpointer  data)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  gboolean present;
  gint64 start;

  g_assert_true (mdg_card_reader_power_on (fixture->reader, NULL, &error));
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_UNPLUG_ON_INS, 0xA4);
  start = g_get_monotonic_time ();
  g_assert_false (mdg_card_reader_transmit (fixture->reader, select_ap, sizeof select_ap,
                                            response, NULL, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_true (mdg_card_reader_get_removed (fixture->reader));

  g_clear_error (&error);
  g_assert_false (mdg_card_reader_get_slot_status (fixture->reader, &present, NULL, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED);
}

static void
test_busy (CardFixture   *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gboolean present;

  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_BUSY, 0);
  g_assert_false (mdg_card_reader_get_slot_status (fixture->reader, &present, NULL, &error));
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_BUSY);
  g_assert_false (mdg_card_reader_get_removed (fixture->reader));

  /* once the other program lets go */
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_NONE, 0);
  assert_select_works (fixture);
}

static void
test_cancelled (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  g_cancellable_cancel (cancellable);
  g_assert_false (mdg_card_reader_power_on (fixture->reader, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

/* TPDU level: T=1 run by us, through the reader's XfrBlock; SetParameters
 * for a reader that does not configure itself. */
static void
test_tpdu (CardFixture   *fixture,
           gconstpointer  data)
{
  MdgCardReaderStats stats;

  g_assert_cmpint (mdg_card_reader_get_level (fixture->reader), ==, MDG_CARD_LEVEL_TPDU);
  mdg_virtual_card_set_t1_wtx (fixture->vcard, 2);
  mdg_virtual_card_corrupt_next_block (fixture->vcard);
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_TIME_EXTENSIONS, 1);
  assert_select_works (fixture);
  mdg_card_reader_get_stats (fixture->reader, &stats);
  /* PowerOn, SetParameters; I-block, S(WTX)×2, the R-block after the bad LRC */
  g_assert_cmpuint (stats.n_messages, ==, 2 + 4);
  g_assert_cmpuint (stats.n_time_extensions, ==, 4);
}

/* An extended-APDU reader with small messages hands a long response over
 * in parts (bChainParameter). */
static void
set_up_extended (CardFixture   *fixture,
                 gconstpointer  data)
{
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.level = MDG_CARD_LEVEL_EXTENDED_APDU;
  config.max_message_length = 10 + 64;
  card_fixture_set_up_config (fixture, &config);
}

static void
test_extended_chaining (CardFixture   *fixture,
                        gconstpointer  data)
{
  g_autoptr(GByteArray) response = g_byte_array_new ();
  g_autoptr(GError) error = NULL;
  const guint8 select_pin[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x11 };
  const guint8 verify[] = { 0x00, 0x20, 0x00, 0x80, 0x04, '1', '2', '3', '4' };
  const guint8 select_basic[] = { 0x00, 0xA4, 0x02, 0x0C, 0x02, 0x00, 0x02 };
  const guint8 read[] = { 0x00, 0xB0, 0x00, 0x00, 0x00 };

  assert_select_works (fixture);
  g_assert_true (mdg_card_reader_transmit (fixture->reader, select_pin, sizeof select_pin,
                                           response, NULL, &error));
  g_assert_true (mdg_card_reader_transmit (fixture->reader, verify, sizeof verify,
                                           response, NULL, &error));
  g_assert_true (mdg_card_reader_transmit (fixture->reader, select_basic, sizeof select_basic,
                                           response, NULL, &error));
  g_byte_array_set_size (response, 0);
  g_assert_true (mdg_card_reader_transmit (fixture->reader, read, sizeof read, response, NULL,
                                           &error));
  g_assert_no_error (error);
  g_assert_cmpuint (response->len, >, 64);
  g_assert_cmphex (response->data[0], ==, 0xFF);
  g_assert_cmphex (response->data[1], ==, 0x20);
}

void
test_reader_register (void)
{
  g_test_add ("/mdg/card/reader/list", CardFixture, NULL,
              card_fixture_set_up, test_list, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/slot-status", CardFixture, NULL,
              card_fixture_set_up, test_slot_status, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/power-and-transmit", CardFixture, NULL,
              card_fixture_set_up, test_power_and_transmit, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/other-layout", CardFixture, NULL,
              set_up_other_layout, test_other_layout, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/no-interrupt", CardFixture, NULL,
              set_up_no_interrupt, test_no_interrupt, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/time-extensions", CardFixture, NULL,
              card_fixture_set_up, test_time_extensions, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/faults", CardFixture, NULL,
              card_fixture_set_up, test_faults, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/unplug-mid-exchange", CardFixture, NULL,
              card_fixture_set_up, test_unplug_mid_exchange, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/busy", CardFixture, NULL,
              card_fixture_set_up, test_busy, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/cancelled", CardFixture, NULL,
              card_fixture_set_up, test_cancelled, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/tpdu", CardFixture, NULL,
              card_fixture_set_up_tpdu, test_tpdu, card_fixture_tear_down);
  g_test_add ("/mdg/card/reader/extended-chaining", CardFixture, NULL,
              set_up_extended, test_extended_chaining, card_fixture_tear_down);
}
