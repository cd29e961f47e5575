/* test-card.h: shared by the card tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gusb.h>

#include "mdg-card-error.h"
#include "mdg-card-reader.h"
#include "mdg-virtual-reader.h"

G_BEGIN_DECLS

/* One virtual reader (and a card in it) in the process-wide testbed, seen
 * through a fresh GUsbContext, as the application would see it. */
typedef struct
{
  MdgVirtualReader *vreader;
  MdgVirtualCard   *vcard;
  GUsbContext      *context;
  MdgCardReader    *reader;
} CardFixture;

UMockdevTestbed *test_card_get_testbed      (void);
GUsbContext     *test_card_get_context      (void);
/* The device at bus 1, @address, once gusb has seen it arrive. */
GUsbDevice      *test_card_wait_for_device  (guint8                   address);
void             test_card_wait_for_device_gone (guint8               address);
/* A device number no earlier test used: libusb remembers removed ones. */
guint8           test_card_next_devnum      (void);
char            *test_card_data_path        (const char              *name);

/* Sets up a reader with @config (NULL: the defaults) and the default card. */
void             card_fixture_set_up_config (CardFixture             *fixture,
                                             MdgVirtualReaderConfig  *config);
void             card_fixture_set_up        (CardFixture             *fixture,
                                             gconstpointer            data);
void             card_fixture_set_up_tpdu   (CardFixture             *fixture,
                                             gconstpointer            data);
void             card_fixture_tear_down     (CardFixture             *fixture,
                                             gconstpointer            data);
/* Replaces the card with the one in tests/data/card/@name. */
void             card_fixture_load_card     (CardFixture             *fixture,
                                             const char              *name);
/* Appends every log message (debug ones too) to @log; NULL stops. */
void             test_card_capture_log      (GString                 *log);
/* Spins the default main context until *@flag or 5 s (then fails). */
void             test_card_wait_for         (gboolean                *flag);

void             test_codec_register        (void);
void             test_reader_register       (void);
void             test_mynumber_register     (void);
void             test_monitor_register      (void);
void             test_tool_card_register    (void);

G_END_DECLS
