/* test-monitor.c: readers and cards coming and going
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Hot-plug through umockdev's uevents and GUsbContext's signals; cards
 * through the interrupt endpoint (RDR_to_PC_NotifySlotChange) or, for a
 * reader without one, by polling the slot status.
 */

#include "config.h"

#include "mdg-card-monitor.h"
#include "test-card.h"

typedef struct
{
  GUsbContext      *context;
  MdgCardMonitor   *monitor;
  MdgVirtualReader *vreader;
  MdgVirtualCard   *vcard;
  guint             n_changes;
} MonitorFixture;

static void
on_items_changed_cb (GListModel     *model,
                     guint           position,
                     guint           removed,
                     guint           added,
                     MonitorFixture *fixture)
{
  fixture->n_changes++;
}

static gboolean
on_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
monitor_set_up (MonitorFixture *fixture,
                gconstpointer   data)
{
  fixture->context = g_object_ref (test_card_get_context ());
  fixture->monitor = mdg_card_monitor_new_for_context (fixture->context);
  mdg_card_monitor_set_poll_interval (fixture->monitor, 50);
  g_signal_connect (fixture->monitor, "items-changed", G_CALLBACK (on_items_changed_cb), fixture);
  fixture->vcard = mdg_virtual_card_new ();
}

static void
monitor_tear_down (MonitorFixture *fixture,
                   gconstpointer   data)
{
  gboolean timed_out = FALSE;
  guint id;

  /* the removal must reach gusb while its context lives (see test-card.c) */
  if (fixture->vreader != NULL)
    mdg_virtual_reader_unplug (fixture->vreader);
  id = g_timeout_add (5000, on_timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor)) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);

  g_clear_object (&fixture->monitor);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_object (&fixture->context);
  g_clear_object (&fixture->vreader);
  g_clear_object (&fixture->vcard);
}

static MdgCardReader *
wait_for_reader (MonitorFixture *fixture)
{
  gboolean added = FALSE;

  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor)) == 0)
    {
      g_main_context_iteration (NULL, TRUE);
      added = TRUE;
    }
  g_assert_true (added || fixture->n_changes == 0);
  return g_list_model_get_item (G_LIST_MODEL (fixture->monitor), 0);
}

static void
wait_for_card_present (MdgCardReader *reader,
                       gboolean       present)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add (5000, on_timeout_cb, &timed_out);

  while (mdg_card_reader_get_card_present (reader) != present && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static void
add_reader (MonitorFixture *fixture,
            gboolean        interrupt)
{
  g_autoptr(GError) error = NULL;
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.devnum = test_card_next_devnum ();
  if (!interrupt)
    config.ep_interrupt = 0;
  fixture->vreader = mdg_virtual_reader_new (test_card_get_testbed (), &config, &error);
  g_assert_no_error (error);
}

static void
on_notify_cb (GObject    *object,
              GParamSpec *pspec,
              guint      *n)
{
  (*n)++;
}

/* A reader plugged in while the monitor runs, cards in and out through its
 * interrupt endpoint, then the reader pulled out. */
static void
test_hotplug (MonitorFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(MdgCardReader) reader = NULL;
  guint n_notify = 0;
  gboolean timed_out = FALSE;
  guint id;

  /* only the interrupt endpoint can tell in time */
  mdg_card_monitor_set_poll_interval (fixture->monitor, 60000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor)), ==, 0);
  add_reader (fixture, TRUE);
  reader = wait_for_reader (fixture);
  g_assert_true (mdg_card_reader_has_interrupt (reader));
  g_assert_false (mdg_card_reader_get_card_present (reader));
  g_assert_null (mdg_card_monitor_get_card_reader (fixture->monitor));
  g_signal_connect (reader, "notify::card-present", G_CALLBACK (on_notify_cb), &n_notify);

  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  wait_for_card_present (reader, TRUE);
  g_assert_true (mdg_card_monitor_get_card_reader (fixture->monitor) == reader);
  mdg_virtual_reader_insert_card (fixture->vreader, NULL);
  wait_for_card_present (reader, FALSE);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  wait_for_card_present (reader, TRUE);
  g_assert_cmpuint (n_notify, >=, 3);

  /* no APDU went to the card while watching */
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, ""), ==, 0);

  mdg_virtual_reader_unplug (fixture->vreader);
  id = g_timeout_add (5000, on_timeout_cb, &timed_out);
  while (g_list_model_get_n_items (G_LIST_MODEL (fixture->monitor)) > 0 && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
  g_assert_true (mdg_card_reader_get_removed (reader));
  g_assert_false (mdg_card_reader_get_card_present (reader));
  g_assert_cmpuint (fixture->n_changes, ==, 2);
}

/* No interrupt endpoint: the slot status is polled. */
static void
test_polling (MonitorFixture *fixture,
              gconstpointer   data)
{
  g_autoptr(MdgCardReader) reader = NULL;

  add_reader (fixture, FALSE);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  reader = wait_for_reader (fixture);
  g_assert_false (mdg_card_reader_has_interrupt (reader));
  wait_for_card_present (reader, TRUE);
  mdg_virtual_reader_insert_card (fixture->vreader, NULL);
  wait_for_card_present (reader, FALSE);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  wait_for_card_present (reader, TRUE);
  mdg_virtual_reader_unplug (fixture->vreader);
}

typedef struct
{
  MdgCardAudit *audit;
  MdgCardInfo  *info;
  gboolean      done;
} ReadState;

static void
on_card_read_cb (MdgCardMonitor *monitor,
                 MdgCardReader  *reader,
                 MdgCardAudit   *audit,
                 ReadState      *state)
{
  state->audit = mdg_card_audit_ref (audit);
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  ReadState *state = user_data;

  state->info = mdg_card_reader_read_info_finish (MDG_CARD_READER (object), result, NULL, &error);
  g_assert_no_error (error);
  state->done = TRUE;
}

/* A read while the monitor watches; its audit record through the monitor. */
static void
test_read_while_watching (MonitorFixture *fixture,
                          gconstpointer   data)
{
  g_autoptr(MdgCardReader) reader = NULL;
  g_autoptr(MdgCardPin) pin = mdg_card_pin_new ("1234", 4, NULL);
  ReadState state = { NULL };

  add_reader (fixture, TRUE);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  reader = wait_for_reader (fixture);
  wait_for_card_present (reader, TRUE);

  g_signal_connect (fixture->monitor, "card-read", G_CALLBACK (on_card_read_cb), &state);
  mdg_card_reader_read_info_async (reader, pin, MDG_CARD_READ_NONE, NULL, read_cb, &state);
  test_card_wait_for (&state.done);
  while (state.audit == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (mdg_card_info_get_name (state.info), ==, "窓口 花子");
  g_assert_cmpint (mdg_card_audit_get_read (state.audit), ==, MDG_CARD_FIELDS_BASIC_FOUR);
  g_assert_true (mdg_card_reader_get_card_present (reader));

  g_clear_pointer (&state.audit, mdg_card_audit_unref);
  g_clear_pointer (&state.info, mdg_card_info_unref);
  mdg_virtual_reader_unplug (fixture->vreader);
}

void
test_monitor_register (void)
{
  g_test_add ("/mdg/card/monitor/hotplug", MonitorFixture, NULL,
              monitor_set_up, test_hotplug, monitor_tear_down);
  g_test_add ("/mdg/card/monitor/polling", MonitorFixture, NULL,
              monitor_set_up, test_polling, monitor_tear_down);
  g_test_add ("/mdg/card/monitor/read-while-watching", MonitorFixture, NULL,
              monitor_set_up, test_read_while_watching, monitor_tear_down);
}
