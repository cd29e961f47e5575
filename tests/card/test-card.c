/* test-card.c: the card module against a virtual reader under umockdev
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Runs under umockdev-wrapper (LD_PRELOAD of umockdev's preload library):
 * the driver's real libgusb → libusb → usbfs path talks to virtual readers
 * (src/card/virtual) that answer its ioctls.
 */

#include "config.h"

#include "test-card.h"

static UMockdevTestbed *testbed;
static GUsbContext *usb_context;
static guint8 devnum = 2;
static GString *captured_log;

/* GLib allows one writer per process: this one, recording on demand. */
static GLogWriterOutput
log_writer_cb (GLogLevelFlags   level,
               const GLogField *fields,
               gsize            n_fields,
               gpointer         user_data)
{
  if (captured_log != NULL)
    {
      for (gsize i = 0; i < n_fields; i++)
        {
          if (g_str_equal (fields[i].key, "MESSAGE"))
            {
              g_string_append (captured_log, fields[i].value);
              g_string_append_c (captured_log, '\n');
            }
        }
      /* GLib prints debug messages on stdout, where TAP goes */
      if (level & (G_LOG_LEVEL_DEBUG | G_LOG_LEVEL_INFO))
        return G_LOG_WRITER_HANDLED;
    }
  return g_log_writer_default (level, fields, n_fields, user_data);
}

void
test_card_capture_log (GString *log)
{
  captured_log = log;
  g_log_set_debug_enabled (log != NULL);
}

UMockdevTestbed *
test_card_get_testbed (void)
{
  return testbed;
}

/* One context for the whole run, as in the application: gusb 0.3.10's
 * hot-plug idles hold the context and unref a libusb device after it, so a
 * context finalized from such an idle crashes in libusb. */
GUsbContext *
test_card_get_context (void)
{
  return usb_context;
}

GUsbDevice *
test_card_wait_for_device (guint8 address)
{
  GUsbDevice *device = NULL;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!(device = g_usb_context_find_by_bus_address (usb_context, 1, address, NULL)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return device;
}

void
test_card_wait_for_device_gone (guint8 address)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  for (;;)
    {
      g_autoptr(GUsbDevice) device = g_usb_context_find_by_bus_address (usb_context, 1, address,
                                                                       NULL);

      if (device == NULL)
        return;
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

guint8
test_card_next_devnum (void)
{
  g_assert_cmpuint (devnum, <, 127);
  return devnum++;
}

char *
test_card_data_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "card", name, NULL);
}

void
card_fixture_set_up_config (CardFixture            *fixture,
                            MdgVirtualReaderConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUsbDevice) device = NULL;
  MdgVirtualReaderConfig defaults;

  if (config == NULL)
    {
      mdg_virtual_reader_config_init (&defaults);
      config = &defaults;
    }
  config->devnum = test_card_next_devnum ();

  fixture->vreader = mdg_virtual_reader_new (testbed, config, &error);
  g_assert_no_error (error);
  fixture->vcard = mdg_virtual_card_new ();
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);

  fixture->context = g_object_ref (usb_context);
  device = test_card_wait_for_device (config->devnum);
  fixture->reader = mdg_card_reader_new (device, &error);
  g_assert_no_error (error);
}

void
card_fixture_set_up (CardFixture   *fixture,
                     gconstpointer  data)
{
  card_fixture_set_up_config (fixture, NULL);
}

void
card_fixture_set_up_tpdu (CardFixture   *fixture,
                          gconstpointer  data)
{
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.level = MDG_CARD_LEVEL_TPDU;
  config.auto_parameters = FALSE;
  card_fixture_set_up_config (fixture, &config);
}

static void
on_device_removed_cb (gboolean   *removed,
                      GUsbDevice *device)
{
  *removed = TRUE;
}

void
card_fixture_tear_down (CardFixture   *fixture,
                        gconstpointer  data)
{
  gboolean removed = FALSE;
  gulong id;

  g_clear_object (&fixture->reader);

  /* the next test must not see this reader */
  id = g_signal_connect_swapped (fixture->context, "device-removed",
                                 G_CALLBACK (on_device_removed_cb), &removed);
  mdg_virtual_reader_unplug (fixture->vreader);
  test_card_wait_for (&removed);
  g_signal_handler_disconnect (fixture->context, id);
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_clear_object (&fixture->context);
  g_clear_object (&fixture->vreader);
  g_clear_object (&fixture->vcard);
}

void
card_fixture_load_card (CardFixture *fixture,
                        const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = test_card_data_path (name);

  g_clear_object (&fixture->vcard);
  fixture->vcard = mdg_virtual_card_new_from_file (path, &error);
  g_assert_no_error (error);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
}

static gboolean
on_timeout_cb (gpointer data)
{
  gboolean *timed_out = data;

  *timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

void
test_card_wait_for (gboolean *flag)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, on_timeout_cb, &timed_out);

  while (!*flag && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer_cb, NULL, NULL);

  /* before anything opens libusb */
  testbed = umockdev_testbed_new ();
  g_assert_true (umockdev_in_mock_environment ());
  usb_context = g_usb_context_new (NULL);
  g_assert_nonnull (usb_context);
  g_usb_context_enumerate (usb_context);

  test_codec_register ();
  test_reader_register ();
  test_mynumber_register ();
  test_monitor_register ();
  test_tool_card_register ();

  status = g_test_run ();
  /* usb_context stays: see test_card_get_context() */
  g_clear_object (&testbed);
  return status;
}
