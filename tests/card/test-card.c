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

  fixture->context = g_usb_context_new (&error);
  g_assert_no_error (error);
  g_usb_context_enumerate (fixture->context);
  device = g_usb_context_find_by_bus_address (fixture->context, 1, config->devnum, &error);
  g_assert_no_error (error);
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

  g_clear_object (&fixture->reader);

  /* gusb's hot-plug idles hold the context and unref a libusb device after
   * it: let them all run while the context is alive, the removal last */
  g_signal_connect_swapped (fixture->context, "device-removed",
                            G_CALLBACK (on_device_removed_cb), &removed);
  mdg_virtual_reader_unplug (fixture->vreader);
  test_card_wait_for (&removed);
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

  test_codec_register ();
  test_reader_register ();
  test_mynumber_register ();
  test_monitor_register ();
  test_tool_card_register ();

  status = g_test_run ();
  g_clear_object (&testbed);
  return status;
}
