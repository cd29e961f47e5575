/* test-tool-card.c: madoguchi-tool card, as §6 of the card spec says
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The tool runs as a child of this test's umockdev testbed (it inherits the
 * preload library and the testbed), against the virtual readers here, the
 * way tests outside the project run it.
 */

#include "config.h"

#include <string.h>

#include "test-card.h"

typedef struct
{
  int   status;
  char *out;
  char *err;
} ToolRun;

static void
tool_run_clear (ToolRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (ToolRun, tool_run_clear)

/* Runs madoguchi-tool with @args (NULL-terminated) and @input on stdin. */
static void
run_tool (ToolRun     *run,
          const char  *input,
          const char  *first_arg,
          ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *tool = g_getenv ("MADOGUCHI_TOOL");
  va_list args;

  g_assert_nonnull (tool);
  g_ptr_array_add (argv, (gpointer) tool);
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, input, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
  g_test_message ("exit %d; stderr: %s", run->status, run->err);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));
  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static void
assert_one_line (const char *text)
{
  g_assert_nonnull (text);
  g_assert_true (g_str_has_suffix (text, "\n"));
  g_assert_null (memchr (text, '\n', strlen (text) - 1));
}

/* Two readers, one TPDU-level with no card: levels and cards; nothing is
 * sent to any card, not even the count of tries. */
static void
test_status (CardFixture   *fixture,
             gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;
  g_autoptr(MdgVirtualReader) tpdu = NULL;
  g_autoptr(GError) error = NULL;
  MdgVirtualReaderConfig config;
  JsonArray *readers;
  gboolean seen_apdu = FALSE, seen_tpdu = FALSE;

  mdg_virtual_reader_config_init (&config);
  config.devnum = test_card_next_devnum ();
  config.level = MDG_CARD_LEVEL_TPDU;
  config.vendor_id = 0x076b;
  config.product_id = 0x3021;
  tpdu = mdg_virtual_reader_new (test_card_get_testbed (), &config, &error);
  g_assert_no_error (error);

  run_tool (&run, NULL, "card", "status", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  readers = json_object_get_array_member (root, "readers");
  g_assert_cmpuint (json_array_get_length (readers), ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      JsonObject *reader = json_array_get_object_element (readers, i);
      const char *level = json_object_get_string_member (reader, "level");

      g_assert_nonnull (json_object_get_string_member (reader, "name"));
      if (g_str_equal (level, "apdu"))
        {
          g_assert_true (json_object_get_boolean_member (reader, "card"));
          seen_apdu = TRUE;
        }
      else
        {
          g_assert_cmpstr (level, ==, "tpdu");
          g_assert_false (json_object_get_boolean_member (reader, "card"));
          seen_tpdu = TRUE;
        }
    }
  g_assert_true (seen_apdu && seen_tpdu);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, ""), ==, 0);

  mdg_virtual_reader_unplug (tpdu);
}

static void
test_status_no_reader (void)
{
  g_auto(ToolRun) run = { 0 };

  run_tool (&run, NULL, "card", "status", "--json", NULL);
  g_assert_cmpint (run.status, ==, 2);
  assert_one_line (run.err);
}

static void
test_read (CardFixture   *fixture,
           gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  run_tool (&run, "1234\n", "card", "read", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "窓口 花子");
  g_assert_cmpstr (json_object_get_string_member (root, "address"), ==,
                   "熊本県熊本市中央区見本町一丁目2番3号 見本ハイツ405号");
  g_assert_cmpstr (json_object_get_string_member (root, "birth_date"), ==, "1985-04-12");
  g_assert_cmpstr (json_object_get_string_member (root, "sex"), ==, "female");
  g_assert_cmpint (json_object_get_int_member (root, "pin_tries_left"), ==, 3);
  g_assert_false (json_object_has_member (root, "individual_number"));
  g_assert_cmpuint (json_object_get_size (root), ==, 5);

  /* without --with-number the number's file is not even selected */
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "A4:0001"), ==, 0);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
  g_assert_null (strstr (run.out, "1234"));
  g_assert_null (strstr (run.err, "1234"));
}

static void
test_read_with_number (CardFixture   *fixture,
                       gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  card_fixture_load_card (fixture, "resident-male.json");
  /* no newline at the end of the input */
  run_tool (&run, "9876", "card", "read", "--json", "--with-number", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "individual_number"), ==, "987654321018");
  g_assert_cmpstr (json_object_get_string_member (root, "sex"), ==, "male");
  g_assert_cmpstr (json_object_get_string_member (root, "birth_date"), ==, "1952-02-29");
  g_assert_null (strstr (run.err, "987654321018"));
  g_assert_null (strstr (run.out, "9876\""));
}

static void
test_read_unknown_sex (CardFixture   *fixture,
                       gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  card_fixture_load_card (fixture, "resident-unknown-sex.json");
  run_tool (&run, "1234\r\n", "card", "read", "--json", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "sex"), ==, "unknown");
}

static void
test_wrong_pin (CardFixture   *fixture,
                gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };

  run_tool (&run, "4321\n", "card", "read", "--json", NULL);
  g_assert_cmpint (run.status, ==, 3);
  assert_one_line (run.err);
  g_assert_nonnull (strstr (run.err, "2"));
  g_assert_null (strstr (run.err, "4321"));
  g_assert_cmpstr (run.out, ==, "");
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 1);
  g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 2);
}

static void
test_policy (CardFixture   *fixture,
             gconstpointer  data)
{
  /* two tries: refused without --confirm, allowed with it */
  {
    g_auto(ToolRun) run = { 0 };

    mdg_virtual_card_set_tries (fixture->vcard, 2);
    run_tool (&run, "1234\n", "card", "read", "--json", NULL);
    g_assert_cmpint (run.status, ==, 4);
    assert_one_line (run.err);
    g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
  }
  {
    g_auto(ToolRun) run = { 0 };
    g_autoptr(JsonObject) root = NULL;

    run_tool (&run, "1234\n", "card", "read", "--json", "--confirm", NULL);
    g_assert_cmpint (run.status, ==, 0);
    root = parse_object (run.out);
    g_assert_cmpint (json_object_get_int_member (root, "pin_tries_left"), ==, 3);
  }
  /* one try: never */
  {
    g_auto(ToolRun) run = { 0 };

    mdg_virtual_card_set_tries (fixture->vcard, 1);
    mdg_virtual_card_clear_trace (fixture->vcard);
    run_tool (&run, "1234\n", "card", "read", "--json", "--confirm", NULL);
    g_assert_cmpint (run.status, ==, 4);
    g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
    g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 1);
  }
}

static void
test_bad_pins (CardFixture   *fixture,
               gconstpointer  data)
{
  const char *inputs[] = { "123\n", "12345\n", "12a4\n", "\n", "", "１２３４\n",
                           "1234567890123456789012345678901234567890123456789012345678901234567890\n" };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_auto(ToolRun) run = { 0 };

      run_tool (&run, inputs[i], "card", "read", "--json", NULL);
      g_assert_cmpint (run.status, ==, 4);
      assert_one_line (run.err);
    }
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
  g_assert_cmpuint (mdg_virtual_card_get_tries (fixture->vcard), ==, 3);
}

static void
test_locked (CardFixture   *fixture,
             gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };

  card_fixture_load_card (fixture, "locked-6983.json");
  run_tool (&run, "1234\n", "card", "read", "--json", "--confirm", NULL);
  g_assert_cmpint (run.status, ==, 5);
  assert_one_line (run.err);
  g_assert_cmpuint (mdg_virtual_card_count (fixture->vcard, "20!"), ==, 0);
}

/* Exit 2: no card, a reader gone mid-exchange, a malformed reply. */
static void
test_failures (CardFixture   *fixture,
               gconstpointer  data)
{
  {
    g_auto(ToolRun) run = { 0 };

    card_fixture_load_card (fixture, "truncated-tlv.json");
    run_tool (&run, "1234\n", "card", "read", "--json", NULL);
    g_assert_cmpint (run.status, ==, 2);
    assert_one_line (run.err);
  }
  {
    g_auto(ToolRun) run = { 0 };

    mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_TIME_EXTENSIONS, 0);
    card_fixture_load_card (fixture, "not-mynumber.json");
    run_tool (&run, "1234\n", "card", "read", "--json", NULL);
    g_assert_cmpint (run.status, ==, 2);
  }
  {
    g_auto(ToolRun) run = { 0 };

    mdg_virtual_reader_insert_card (fixture->vreader, NULL);
    run_tool (&run, "1234\n", "card", "read", "--json", NULL);
    g_assert_cmpint (run.status, ==, 2);
    assert_one_line (run.err);
  }
  {
    g_auto(ToolRun) run = { 0 };

    card_fixture_load_card (fixture, "resident-male.json");
    mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_UNPLUG_ON_INS, 0xB0);
    run_tool (&run, "9876\n", "card", "read", "--json", "--with-number", NULL);
    g_assert_cmpint (run.status, ==, 2);
    assert_one_line (run.err);
    g_assert_nonnull (strstr (run.err, "removed"));
  }
}

/* A TPDU reader with other ids and endpoints, time extensions from reader
 * and card. */
static void
set_up_tpdu_other (CardFixture   *fixture,
                   gconstpointer  data)
{
  MdgVirtualReaderConfig config;

  mdg_virtual_reader_config_init (&config);
  config.level = MDG_CARD_LEVEL_TPDU;
  config.vendor_id = 0x08e6;
  config.product_id = 0x3437;
  config.ep_bulk_out = 0x02;
  config.ep_bulk_in = 0x81;
  config.ep_interrupt = 0x83;
  config.interrupt_first = TRUE;
  card_fixture_set_up_config (fixture, &config);
}

static void
test_read_tpdu (CardFixture   *fixture,
                gconstpointer  data)
{
  g_auto(ToolRun) run = { 0 };
  g_autoptr(JsonObject) root = NULL;

  card_fixture_load_card (fixture, "resident-male.json");
  mdg_virtual_card_set_t1_wtx (fixture->vcard, 2);
  mdg_virtual_reader_set_fault (fixture->vreader, MDG_VIRTUAL_FAULT_TIME_EXTENSIONS, 3);
  run_tool (&run, "9876\n", "card", "read", "--json", "--with-number", NULL);
  g_assert_cmpint (run.status, ==, 0);
  root = parse_object (run.out);
  g_assert_cmpstr (json_object_get_string_member (root, "name"), ==, "見本 太郎");
  g_assert_cmpstr (json_object_get_string_member (root, "individual_number"), ==, "987654321018");
}

/* `bench card` runs (its numbers are for the report, not asserted). */
static void
test_bench (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  /* a clean environment: the tool loads umockdev itself */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_unsetenv (launcher, "LD_PRELOAD");
  g_subprocess_launcher_unsetenv (launcher, "UMOCKDEV_DIR");
  process = g_subprocess_launcher_spawn (launcher, &error, g_getenv ("MADOGUCHI_TOOL"),
                                         "bench", "card", "--reads", "3", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "APDU round trips"));
  g_assert_nonnull (strstr (out, "tpdu"));
}

void
test_tool_card_register (void)
{
  const struct {
    const char *path;
    void (*set_up) (CardFixture *, gconstpointer);
    void (*test) (CardFixture *, gconstpointer);
  } tests[] = {
    { "/mdg/card/tool/status", card_fixture_set_up, test_status },
    { "/mdg/card/tool/read", card_fixture_set_up, test_read },
    { "/mdg/card/tool/read-with-number", card_fixture_set_up, test_read_with_number },
    { "/mdg/card/tool/read-unknown-sex", card_fixture_set_up, test_read_unknown_sex },
    { "/mdg/card/tool/wrong-pin", card_fixture_set_up, test_wrong_pin },
    { "/mdg/card/tool/policy", card_fixture_set_up, test_policy },
    { "/mdg/card/tool/bad-pins", card_fixture_set_up, test_bad_pins },
    { "/mdg/card/tool/locked", card_fixture_set_up, test_locked },
    { "/mdg/card/tool/failures", card_fixture_set_up, test_failures },
    { "/mdg/card/tool/read-tpdu", set_up_tpdu_other, test_read_tpdu },
  };

  g_test_add_func ("/mdg/card/tool/status-no-reader", test_status_no_reader);
  for (guint i = 0; i < G_N_ELEMENTS (tests); i++)
    g_test_add (tests[i].path, CardFixture, NULL, tests[i].set_up, tests[i].test,
                card_fixture_tear_down);
  g_test_add_func ("/mdg/card/tool/bench", test_bench);
}
