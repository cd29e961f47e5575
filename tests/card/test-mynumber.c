/* test-mynumber.c: the 券面事項入力補助AP and the safe PIN policy
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The rules of ../shared/spec/mynumber-card.md §3 are asserted on what the
 * virtual card received: the tries are counted before every VERIFY, a
 * count of 2 sends no VERIFY without confirmation, a count of 1 never, a
 * wrong PIN is never retried, the card is never locked by us.
 */

#include "config.h"

#include <string.h>

#include "test-card.h"

static MdgCardPin *
pin_new (const char *text)
{
  g_autoptr(GError) error = NULL;
  MdgCardPin *pin = mdg_card_pin_new (text, strlen (text), &error);

  g_assert_no_error (error);
  return pin;
}

static MdgCardInfo *
read_info (CardFixture       *fixture,
           const char        *pin_text,
           MdgCardReadFlags   flags,
           int               *tries,
           GError           **error)
{
  g_autoptr(MdgCardPin) pin = pin_new (pin_text);
  MdgCardInfo *info;

  info = mdg_card_reader_read_info (fixture->reader, pin, flags, tries, NULL, error);
  /* used or not, the PIN is wiped */
  g_assert_true (mdg_card_pin_is_spent (pin));
  return info;
}

static void
test_read_four (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autofree char *trace = NULL;
  int tries = -1;

  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, &tries, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_card_info_get_name (info), ==, "窓口 花子");
  g_assert_cmpstr (mdg_card_info_get_address (info), ==,
                   "熊本県熊本市中央区見本町一丁目2番3号 見本ハイツ405号");
  g_assert_cmpuint (mdg_card_info_get_birth_date (info), ==, mdg_day_new (1985, 4, 12));
  g_assert_cmpint (mdg_card_info_get_sex (info), ==, MDG_SEX_FEMALE);
  g_assert_null (mdg_card_info_get_individual_number (info));
  g_assert_cmpint (mdg_card_info_get_fields (info), ==, MDG_CARD_FIELDS_BASIC_FOUR);
  g_assert_cmpint (tries, ==, 3);

  /* the count first, one VERIFY with data, the number's file never selected */
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_true (g_str_has_prefix (trace, "A4:AP A4:0011 20? 20! 20? A4:0002 B0:0002@0+8"));
  g_assert_null (strstr (trace, "A4:0001"));
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
}

static void
test_read_with_number (CardFixture   *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;

  card_fixture_load_card (fixture, "resident-male.json");
  info = read_info (fixture, "9876", MDG_CARD_READ_WITH_NUMBER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_card_info_get_individual_number (info), ==, "987654321018");
  g_assert_true (mdg_card_info_number_check_digit_ok (info));
  g_assert_cmpuint (strlen (mdg_card_info_get_address (info)), >, 127);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "A4:0001"), ==, 1);
}

/* A wrong PIN: one VERIFY, the tries left reported, no retry. */
static void
test_wrong_pin (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autofree char *trace = NULL;
  int tries = -1;

  info = read_info (fixture, "4321", MDG_CARD_READ_NONE, &tries, &error);
  g_assert_null (info);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG);
  g_assert_cmpint (tries, ==, 2);
  g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 2);
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_cmpstr (trace, ==, "A4:AP A4:0011 20? 20!");
}

/* Two tries left: no VERIFY without confirmation; with it, one. */
static void
test_two_tries (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) refused = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  int tries = -1;

  mdg_virtual_card_set_tries (fixture->vcard, 2);
  refused = read_info (fixture, "1234", MDG_CARD_READ_NONE, &tries, &error);
  g_assert_null (refused);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED);
  g_assert_cmpint (tries, ==, 2);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20?"), ==, 1);
  g_clear_error (&error);

  info = read_info (fixture, "1234", MDG_CARD_READ_CONFIRMED, &tries, &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpint (tries, ==, 3);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
}

/* One try left: never a VERIFY, even confirmed. */
static void
test_one_try (CardFixture   *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  int tries = -1;

  mdg_virtual_card_set_tries (fixture->vcard, 1);
  info = read_info (fixture, "1234", MDG_CARD_READ_CONFIRMED, &tries, &error);
  g_assert_null (info);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_REFUSED);
  g_assert_cmpint (tries, ==, 1);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
  g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 1);
}

/* However often a wrong PIN is typed, the card keeps its last try. */
static void
test_never_locked_by_us (CardFixture   *fixture,
                         gconstpointer  data)
{
  const char *pins[] = { "0000", "1111", "2222", "3333", "4444" };

  for (guint i = 0; i < G_N_ELEMENTS (pins); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCardInfo) info = read_info (fixture, pins[i], MDG_CARD_READ_CONFIRMED, NULL,
                                               &error);

      g_assert_null (info);
      g_assert_true (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG) ||
                     g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_REFUSED));
    }
  g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 1);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 2);
}

static void
test_locked (CardFixture   *fixture,
             gconstpointer  data)
{
  const char *cards[] = { "locked-6983.json", "locked-6984.json", "locked-63c0.json" };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCardInfo) info = NULL;
      int tries = -1;

      card_fixture_load_card (fixture, cards[i]);
      info = read_info (fixture, "1234", MDG_CARD_READ_CONFIRMED, &tries, &error);
      g_assert_null (info);
      g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_LOCKED);
      g_assert_cmpint (tries, ==, 0);
      g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
    }
}

/* A PIN goes to the card once: the same object cannot be sent again. */
static void
test_pin_spent (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(MdgCardPin) pin = pin_new ("4321");
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) first = NULL;
  g_autoptr(MdgCardInfo) second = NULL;

  first = mdg_card_reader_read_info (fixture->reader, pin, MDG_CARD_READ_CONFIRMED, NULL, NULL,
                                     &error);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG);
  g_clear_error (&error);
  second = mdg_card_reader_read_info (fixture->reader, pin, MDG_CARD_READ_CONFIRMED, NULL, NULL,
                                      &error);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_INVALID);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
}

static void
test_query_tries (CardFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *trace = NULL;
  guint tries = 0;

  mdg_virtual_card_set_tries (fixture->vcard, 2);
  g_assert_true (mdg_card_reader_query_pin_tries (fixture->reader, &tries, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tries, ==, 2);
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_cmpstr (trace, ==, "A4:AP A4:0011 20?");
}

/* Some cards answer the count with 9000 once the PIN is verified. */
static void
test_verified_query (CardFixture   *fixture,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  int tries = -1;

  card_fixture_load_card (fixture, "verified-query-9000.json");
  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, &tries, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tries, ==, 3);
}

static void
test_not_mynumber (CardFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;

  card_fixture_load_card (fixture, "not-mynumber.json");
  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NOT_MYNUMBER_CARD);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20"), ==, 0);
}

/* Hostile files: a clear error, never a crash or an over-read. */
static void
test_hostile_files (CardFixture   *fixture,
                    gconstpointer  data)
{
  const char *cards[] = {
    "truncated-tlv.json", "oversized-tlv.json", "indefinite-length.json", "child-overrun.json",
    "bad-utf8.json", "bad-birth-date.json", "missing-sex.json", "duplicate-name.json",
    "wrong-container.json",
  };

  for (guint i = 0; i < G_N_ELEMENTS (cards); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgCardInfo) info = NULL;

      card_fixture_load_card (fixture, cards[i]);
      info = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
      g_test_message ("%s: %s", cards[i], error ? error->message : "read");
      g_assert_null (info);
      g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MdgCardInfo) info = NULL;

    /* 4 GiB claimed: refused after the 8-byte head, nothing more read */
    card_fixture_load_card (fixture, "oversized-tlv.json");
    info = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
    g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "B0"), ==, 1);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(MdgCardInfo) info = NULL;

    card_fixture_load_card (fixture, "number-short.json");
    info = read_info (fixture, "1234", MDG_CARD_READ_WITH_NUMBER, NULL, &error);
    g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED);
  }
}

/* Pulled out in the middle of the read. */
static void
test_card_removed (CardFixture   *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autoptr(MdgCardInfo) again = NULL;
  g_autofree char *trace = NULL;

  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_REMOVE_CARD_ON_INS, 0xB0);
  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD);
  g_clear_error (&error);

  /* put back: a fresh session, a fresh count */
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_NONE, 0);
  mdg_virtual_reader_insert_card (fixture->vreader, fixture->vcard);
  mdg_virtual_card_clear_trace (fixture->vcard);
  again = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
  g_assert_no_error (error);
  trace = mdg_virtual_card_dup_trace (fixture->vcard);
  g_assert_true (g_str_has_prefix (trace, "A4:AP A4:0011 20?"));
}

/* Unplugged in the middle of the read: a clear error, no hang. */
static void
test_reader_unplugged (CardFixture   *fixture,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  gint64 start = g_get_monotonic_time ();

  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_UNPLUG_ON_INS, 0xB0);
  info = read_info (fixture, "1234", MDG_CARD_READ_NONE, NULL, &error);
  g_assert_null (info);
  g_assert_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_READER_REMOVED);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
}

/* TPDU level, with the card asking for more time, and a slow reader. */
static void
test_tpdu_read (CardFixture   *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;

  card_fixture_load_card (fixture, "resident-male.json");
  mdg_virtual_card_set_t1_wtx (fixture->vcard, 1);
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_TIME_EXTENSIONS, 2);
  info = read_info (fixture, "9876", MDG_CARD_READ_WITH_NUMBER, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (mdg_card_info_get_name (info), ==, "見本 太郎");
  g_assert_cmpstr (mdg_card_info_get_individual_number (info), ==, "987654321018");
}

typedef struct
{
  GPtrArray *audits;
  gboolean   done;
  MdgCardInfo *info;
  GError    *error;
  int        tries;
} AsyncState;

static void
on_card_read_cb (MdgCardReader *reader,
                 MdgCardAudit  *audit,
                 AsyncState    *state)
{
  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  g_ptr_array_add (state->audits, mdg_card_audit_ref (audit));
}

static void
read_info_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncState *state = user_data;

  state->info = mdg_card_reader_read_info_finish (MDG_CARD_READER (object), result,
                                                  &state->tries, &state->error);
  state->done = TRUE;
}

/* The async pair on the worker thread; the audit record on the main
 * context, with the fields read and the PIN's fate, never a value. */
static void
test_async_and_audit (CardFixture   *fixture,
                      gconstpointer  data)
{
  AsyncState state = { g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_card_audit_unref) };
  g_autoptr(MdgCardPin) good = pin_new ("1234");
  g_autoptr(MdgCardPin) bad = pin_new ("0000");
  MdgCardAudit *audit;

  g_signal_connect (fixture->reader, "card-read", G_CALLBACK (on_card_read_cb), &state);

  mdg_card_reader_read_info_async (fixture->reader, good, MDG_CARD_READ_WITH_NUMBER, NULL,
                                   read_info_cb, &state);
  test_card_wait_for (&state.done);
  while (state.audits->len < 1)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (state.error);
  g_assert_nonnull (state.info);
  g_assert_cmpint (state.tries, ==, 3);
  g_assert_cmpstr (mdg_card_info_get_individual_number (state.info), ==, "123456789018");
  g_clear_pointer (&state.info, mdg_card_info_unref);

  audit = g_ptr_array_index (state.audits, 0);
  g_assert_cmpstr (mdg_card_audit_get_reader_id (audit), ==,
                   mdg_card_reader_get_id (fixture->reader));
  g_assert_cmpint (mdg_card_audit_get_requested (audit), ==,
                   MDG_CARD_FIELDS_BASIC_FOUR | MDG_CARD_FIELD_INDIVIDUAL_NUMBER);
  g_assert_cmpint (mdg_card_audit_get_read (audit), ==,
                   MDG_CARD_FIELDS_BASIC_FOUR | MDG_CARD_FIELD_INDIVIDUAL_NUMBER);
  g_assert_cmpint (mdg_card_audit_get_pin_outcome (audit), ==, MDG_CARD_PIN_ACCEPTED);
  g_assert_cmpint (mdg_card_audit_get_pin_tries_left (audit), ==, 3);
  g_assert_cmpuint (mdg_card_audit_get_error_domain (audit), ==, 0);
  g_assert_cmpint (mdg_card_audit_get_time (audit), >, 0);
  {
    g_auto(GStrv) names = mdg_card_audit_dup_field_names (audit);
    const char * const expected[] = {
      "name", "address", "birth_date", "sex", "individual_number", NULL
    };

    g_assert_true (g_strv_equal ((const char * const *) names, expected));
  }

  state.done = FALSE;
  mdg_card_reader_read_info_async (fixture->reader, bad, MDG_CARD_READ_NONE, NULL,
                                   read_info_cb, &state);
  test_card_wait_for (&state.done);
  while (state.audits->len < 2)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (state.error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG);
  g_assert_cmpint (state.tries, ==, 2);
  g_clear_error (&state.error);

  audit = g_ptr_array_index (state.audits, 1);
  g_assert_cmpint (mdg_card_audit_get_read (audit), ==, MDG_CARD_FIELD_NONE);
  {
    g_auto(GStrv) names = mdg_card_audit_dup_field_names (audit);

    g_assert_cmpuint (g_strv_length (names), ==, 0);
  }
  g_assert_cmpint (mdg_card_audit_get_pin_outcome (audit), ==, MDG_CARD_PIN_REJECTED);
  g_assert_cmpint (mdg_card_audit_get_pin_tries_left (audit), ==, 2);
  g_assert_cmpuint (mdg_card_audit_get_error_domain (audit), ==, MDG_CARD_ERROR);
  g_assert_cmpint (mdg_card_audit_get_error_code (audit), ==, MDG_CARD_ERROR_PIN_WRONG);

  g_ptr_array_unref (state.audits);
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  AsyncState *state = user_data;
  guint tries = 0;

  g_assert_true (mdg_card_reader_query_pin_tries_finish (MDG_CARD_READER (object), result,
                                                         &tries, &state->error));
  state->tries = tries;
  state->done = TRUE;
}

static void
test_async_query (CardFixture   *fixture,
                  gconstpointer  data)
{
  AsyncState state = { NULL };

  mdg_card_reader_query_pin_tries_async (fixture->reader, NULL, query_cb, &state);
  test_card_wait_for (&state.done);
  g_assert_no_error (state.error);
  g_assert_cmpint (state.tries, ==, 3);
}

/* With every debug message on, none holds personal data. */
static void
test_log_privacy (CardFixture   *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autoptr(MdgCardInfo) wrong = NULL;
  const char *personal[] = { "9876", "見本", "太郎", "熊本", "987654321018", "1952", "19520229" };

  card_fixture_load_card (fixture, "resident-male.json");
  test_card_capture_log (log);
  info = read_info (fixture, "9876", MDG_CARD_READ_WITH_NUMBER, NULL, &error);
  wrong = read_info (fixture, "1952", MDG_CARD_READ_NONE, NULL, NULL);
  test_card_capture_log (NULL);

  g_assert_no_error (error);
  g_assert_nonnull (strstr (log->str, "SW 9000"));
  for (guint i = 0; i < G_N_ELEMENTS (personal); i++)
    g_assert_null (strstr (log->str, personal[i]));
}

void
test_mynumber_register (void)
{
  const struct {
    const char *path;
    void (*test) (CardFixture *, gconstpointer);
  } tests[] = {
    { "/mdg/card/mynumber/read-four", test_read_four },
    { "/mdg/card/mynumber/read-with-number", test_read_with_number },
    { "/mdg/card/mynumber/wrong-pin", test_wrong_pin },
    { "/mdg/card/mynumber/two-tries", test_two_tries },
    { "/mdg/card/mynumber/one-try", test_one_try },
    { "/mdg/card/mynumber/never-locked-by-us", test_never_locked_by_us },
    { "/mdg/card/mynumber/locked", test_locked },
    { "/mdg/card/mynumber/pin-spent", test_pin_spent },
    { "/mdg/card/mynumber/query-tries", test_query_tries },
    { "/mdg/card/mynumber/verified-query", test_verified_query },
    { "/mdg/card/mynumber/not-mynumber", test_not_mynumber },
    { "/mdg/card/mynumber/hostile-files", test_hostile_files },
    { "/mdg/card/mynumber/card-removed", test_card_removed },
    { "/mdg/card/mynumber/reader-unplugged", test_reader_unplugged },
    { "/mdg/card/mynumber/async-and-audit", test_async_and_audit },
    { "/mdg/card/mynumber/async-query", test_async_query },
    { "/mdg/card/mynumber/log-privacy", test_log_privacy },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, CardFixture, NULL,
                card_fixture_set_up, tests[i].test, card_fixture_tear_down);
  g_test_add ("/mdg/card/mynumber/tpdu-read", CardFixture, NULL,
              card_fixture_set_up_tpdu, test_tpdu_read, card_fixture_tear_down);
}
