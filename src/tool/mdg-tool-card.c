/* mdg-tool-card.c: madoguchi-tool card status|read, and bench card
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command-line contract of ../shared/spec/mynumber-card.md §6. The PIN
 * is read without echo (or as one line of a non-terminal standard input),
 * kept in one buffer that is wiped, and never printed. The individual
 * number goes to standard output only with --with-number, never to stderr.
 */

#define G_LOG_DOMAIN "mdg-tool-card"

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mdg-card-error.h"
#include "mdg-card-reader.h"
#include "mdg-tool-private.h"

#ifdef MDG_HAVE_UMOCKDEV
#include "mdg-virtual-reader.h"
#endif

/* Exit statuses of `card` (§6) */
enum
{
  CARD_EXIT_OK = 0,
  CARD_EXIT_NO_CARD = 2,          /* no reader or card, reader removed, malformed reply */
  CARD_EXIT_WRONG_PIN = 3,
  CARD_EXIT_REFUSED = 4,          /* the safe PIN policy, or not four digits */
  CARD_EXIT_LOCKED = 5,
};

/* Enough for a line of any sane length; only four digits are accepted. */
#define PIN_LINE_MAX 64

static int
card_exit_status (const GError *error)
{
  if (error->domain != MDG_CARD_ERROR)
    return CARD_EXIT_NO_CARD;

  switch ((MdgCardError) error->code)
    {
    case MDG_CARD_ERROR_PIN_WRONG:
      return CARD_EXIT_WRONG_PIN;
    case MDG_CARD_ERROR_PIN_INVALID:
    case MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED:
    case MDG_CARD_ERROR_PIN_REFUSED:
      return CARD_EXIT_REFUSED;
    case MDG_CARD_ERROR_PIN_LOCKED:
      return CARD_EXIT_LOCKED;
    case MDG_CARD_ERROR_NO_READER:
    case MDG_CARD_ERROR_READER_BUSY:
    case MDG_CARD_ERROR_READER_REMOVED:
    case MDG_CARD_ERROR_READER_UNSUPPORTED:
    case MDG_CARD_ERROR_READER_FAILED:
    case MDG_CARD_ERROR_TIMEOUT:
    case MDG_CARD_ERROR_PROTOCOL:
    case MDG_CARD_ERROR_NO_CARD:
    case MDG_CARD_ERROR_NOT_MYNUMBER_CARD:
    case MDG_CARD_ERROR_CARD_FAILED:
    case MDG_CARD_ERROR_MALFORMED:
    default:
      return CARD_EXIT_NO_CARD;
    }
}

static int
card_fail (const GError *error)
{
  return mdg_tool_fail (card_exit_status (error), "%s", error->message);
}

static GPtrArray *
find_readers (GUsbContext **context_out,
              int          *status)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GUsbContext) context = g_usb_context_new (&error);
  g_autoptr(GPtrArray) readers = NULL;

  if (context == NULL)
    {
      *status = mdg_tool_fail (CARD_EXIT_NO_CARD, "USB is not available: %s", error->message);
      return NULL;
    }
  g_usb_context_enumerate (context);
  readers = mdg_card_reader_list (context);
  if (readers->len == 0)
    {
      *status = mdg_tool_fail (CARD_EXIT_NO_CARD, "no card reader found");
      return NULL;
    }

  *context_out = g_steal_pointer (&context);
  return g_steal_pointer (&readers);
}

static int
card_status (int    argc,
             char **argv)
{
  g_autoptr(GUsbContext) context = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  gboolean json = FALSE;
  int status = CARD_EXIT_OK;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (!(readers = find_readers (&context, &status)))
    return status;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "readers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < readers->len; i++)
    {
      g_autoptr(GError) error = NULL;
      MdgCardReader *reader = g_ptr_array_index (readers, i);
      gboolean present = FALSE;

      /* GetSlotStatus only: nothing reaches the card */
      if (!mdg_card_reader_get_slot_status (reader, &present, NULL, &error))
        fprintf (stderr, "madoguchi-tool: %s: %s\n", mdg_card_reader_get_name (reader),
                 error->message);
      mdg_card_reader_close (reader);

      if (!json)
        printf ("%s: %s level, %s\n", mdg_card_reader_get_name (reader),
                mdg_card_level_to_string (mdg_card_reader_get_level (reader)),
                present ? "card inserted" : "no card");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, mdg_card_reader_get_name (reader));
      json_builder_set_member_name (builder, "level");
      json_builder_add_string_value (builder,
                                     mdg_card_level_to_string (mdg_card_reader_get_level (reader)));
      json_builder_set_member_name (builder, "card");
      json_builder_add_boolean_value (builder, present);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  if (json)
    mdg_tool_print_json (root);
  return CARD_EXIT_OK;
}

static struct termios saved_termios;
static volatile sig_atomic_t echo_off;

static void
restore_echo (void)
{
  if (echo_off)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_termios);
      echo_off = 0;
    }
}

static void
on_signal (int signum)
{
  restore_echo ();
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line into @buffer (NUL-terminated, newline dropped), read byte by
 * byte so that no copy of it stays in a stdio buffer. Returns its length,
 * or -1 when the line does not fit. */
static gssize
read_line (char  *buffer,
           gsize  size)
{
  gsize n = 0;
  gboolean too_long = FALSE;

  for (;;)
    {
      char c;
      ssize_t r = read (STDIN_FILENO, &c, 1);

      if (r < 0 && errno == EINTR)
        continue;
      if (r <= 0 || c == '\n')
        break;
      if (n + 1 < size)
        buffer[n++] = c;
      else
        too_long = TRUE;
    }
  if (n > 0 && buffer[n - 1] == '\r')
    n--;
  buffer[n] = '\0';
  return too_long ? -1 : (gssize) n;
}

/* The PIN from the terminal without echo, or one line of standard input. */
static MdgCardPin *
read_pin (GError **error)
{
  char line[PIN_LINE_MAX];
  MdgCardPin *pin = NULL;
  gssize length;

  if (isatty (STDIN_FILENO))
    {
      struct termios quiet;

      if (tcgetattr (STDIN_FILENO, &saved_termios) == 0)
        {
          quiet = saved_termios;
          quiet.c_lflag &= ~(ECHO | ECHONL);
          signal (SIGINT, on_signal);
          signal (SIGTERM, on_signal);
          echo_off = 1;
          tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet);
        }
      fputs ("PIN (暗証番号, 4 digits): ", stderr);
      fflush (stderr);
      length = read_line (line, sizeof line);
      restore_echo ();
      fputc ('\n', stderr);
    }
  else
    length = read_line (line, sizeof line);

  pin = mdg_card_pin_new (line, length < 0 ? sizeof line : (gsize) length, error);
  explicit_bzero (line, sizeof line);
  return pin;
}

/* The first reader with a card in it. */
static MdgCardReader *
find_card (GPtrArray  *readers,
           GError    **error)
{
  g_autoptr(GError) first_error = NULL;

  for (guint i = 0; i < readers->len; i++)
    {
      g_autoptr(GError) local_error = NULL;
      MdgCardReader *reader = g_ptr_array_index (readers, i);
      gboolean present = FALSE;

      if (mdg_card_reader_get_slot_status (reader, &present, NULL, &local_error) && present)
        return reader;
      mdg_card_reader_close (reader);
      if (local_error != NULL && first_error == NULL)
        first_error = g_steal_pointer (&local_error);
    }

  if (first_error != NULL)
    g_propagate_error (error, g_steal_pointer (&first_error));
  else
    g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NO_CARD, "no card in the reader");
  return NULL;
}

static void
print_info (MdgCardInfo *info,
            int          tries,
            gboolean     json,
            gboolean     with_number)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  static const char * const sexes[] = {
    [MDG_SEX_UNKNOWN] = "unknown", [MDG_SEX_MALE] = "male", [MDG_SEX_FEMALE] = "female",
  };
  char birth[11];
  char *text;
  gsize length;

  mdg_day_format_iso (mdg_card_info_get_birth_date (info), birth);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, mdg_card_info_get_name (info));
  json_builder_set_member_name (builder, "address");
  json_builder_add_string_value (builder, mdg_card_info_get_address (info));
  json_builder_set_member_name (builder, "birth_date");
  json_builder_add_string_value (builder, birth);
  json_builder_set_member_name (builder, "sex");
  json_builder_add_string_value (builder, sexes[mdg_card_info_get_sex (info)]);
  json_builder_set_member_name (builder, "pin_tries_left");
  json_builder_add_int_value (builder, tries);
  if (with_number)
    {
      json_builder_set_member_name (builder, "individual_number");
      json_builder_add_string_value (builder, mdg_card_info_get_individual_number (info));
    }
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  if (json)
    {
      json_generator_set_root (generator, root);
      json_generator_set_pretty (generator, TRUE);
      text = json_generator_to_data (generator, &length);
    }
  else
    {
      text = g_strdup_printf ("name: %s\naddress: %s\nbirth date: %s\nsex: %s\n"
                              "PIN tries left: %d%s%s",
                              mdg_card_info_get_name (info), mdg_card_info_get_address (info),
                              birth, sexes[mdg_card_info_get_sex (info)], tries,
                              with_number ? "\nindividual number: " : "",
                              with_number ? mdg_card_info_get_individual_number (info) : "");
      length = strlen (text);
    }
  fwrite (text, 1, length, stdout);
  fputc ('\n', stdout);
  fflush (stdout);

  /* personal data: leave no copy behind */
  explicit_bzero (text, length);
  g_free (text);
}

static int
card_read (int    argc,
           char **argv)
{
  g_autoptr(GUsbContext) context = NULL;
  g_autoptr(GPtrArray) readers = NULL;
  g_autoptr(MdgCardPin) pin = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  MdgCardReadFlags flags = MDG_CARD_READ_NONE;
  MdgCardReader *reader;
  gboolean json = FALSE;
  gboolean with_number = FALSE;
  gboolean confirm = FALSE;
  int status = CARD_EXIT_OK;
  guint tries;
  int tries_after = -1;
  GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON", NULL },
    { "with-number", 0, 0, G_OPTION_ARG_NONE, &with_number,
      "Also read the individual number (個人番号)", NULL },
    { "confirm", 0, 0, G_OPTION_ARG_NONE, &confirm,
      "Allow one attempt when only 2 PIN tries are left", NULL },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (with_number)
    flags |= MDG_CARD_READ_WITH_NUMBER;
  if (confirm)
    flags |= MDG_CARD_READ_CONFIRMED;

  if (!(readers = find_readers (&context, &status)))
    return status;
  if (!(reader = find_card (readers, &error)))
    return card_fail (error);

  /* Refuse before asking for a PIN when the policy would; read_info()
   * counts the tries again right before its VERIFY in any case. */
  if (!mdg_card_reader_query_pin_tries (reader, &tries, NULL, &error) ||
      !mdg_card_pin_check_policy (tries, flags, &error))
    return card_fail (error);

  if (!(pin = read_pin (&error)))
    return card_fail (error);

  info = mdg_card_reader_read_info (reader, pin, flags, &tries_after, NULL, &error);
  mdg_card_reader_close (reader);
  if (info == NULL)
    {
      if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG))
        return mdg_tool_fail (CARD_EXIT_WRONG_PIN,
                              "wrong PIN, %d %s left (暗証番号が違います。残り%d回)",
                              tries_after, tries_after == 1 ? "try" : "tries", tries_after);
      return card_fail (error);
    }

  print_info (info, tries_after, json, with_number);
  return CARD_EXIT_OK;
}

int
mdg_tool_card (int    argc,
               char **argv)
{
  if (argc >= 2 && strcmp (argv[1], "status") == 0)
    return card_status (argc - 1, argv + 1);
  if (argc >= 2 && strcmp (argv[1], "read") == 0)
    return card_read (argc - 1, argv + 1);

  return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                        "usage: card status [--json] | card read [--json] [--with-number] "
                        "[--confirm]");
}

#ifdef MDG_HAVE_UMOCKDEV

#define PRELOAD "libumockdev-preload.so.0"

/* The virtual reader needs umockdev's preload library: start again with
 * it, with the same command line. Returns -1 when it is loaded already. */
static int
reexec_preloaded (void)
{
  const char *preload = g_getenv ("LD_PRELOAD");
  g_autofree char *cmdline = NULL;
  g_autofree char *value = NULL;
  g_autofree char *self = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  gsize length;

  if (preload != NULL && strstr (preload, "libumockdev-preload") != NULL)
    return -1;
  if (g_getenv ("MDG_BENCH_REEXEC") != NULL ||
      !g_file_get_contents ("/proc/self/cmdline", &cmdline, &length, NULL) ||
      !(self = g_file_read_link ("/proc/self/exe", NULL)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot load umockdev's preload library");

  for (gsize i = 0; i < length; i += strlen (cmdline + i) + 1)
    g_ptr_array_add (args, cmdline + i);
  g_ptr_array_add (args, NULL);

  value = preload != NULL && *preload != '\0' ? g_strconcat (PRELOAD, ":", preload, NULL)
                                              : g_strdup (PRELOAD);
  g_setenv ("LD_PRELOAD", value, TRUE);
  g_setenv ("MDG_BENCH_REEXEC", "1", TRUE);
  fflush (stdout);
  execv (self, (char **) args->pdata);
  return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot start again under umockdev: %s",
                        g_strerror (errno));
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static gboolean
bench_level (UMockdevTestbed   *testbed,
             MdgCardLevel       level,
             guint8             devnum,
             guint              n_reads,
             MdgCardReadFlags   flags,
             GError           **error)
{
  g_autoptr(MdgVirtualReader) vreader = NULL;
  g_autoptr(MdgVirtualCard) vcard = mdg_virtual_card_new ();
  g_autoptr(GUsbContext) context = NULL;
  g_autoptr(GUsbDevice) device = NULL;
  g_autoptr(MdgCardReader) reader = NULL;
  g_autofree gint64 *times = g_new0 (gint64, n_reads);
  MdgCardReaderStats before, after;
  MdgVirtualReaderConfig config;
  guint n_commands;
  gint64 total = 0;

  mdg_virtual_reader_config_init (&config);
  config.devnum = devnum;
  config.level = level;
  if (!(vreader = mdg_virtual_reader_new (testbed, &config, error)))
    return FALSE;
  mdg_virtual_reader_insert_card (vreader, vcard);

  if (!(context = g_usb_context_new (error)))
    return FALSE;
  g_usb_context_enumerate (context);
  if (!(device = g_usb_context_find_by_bus_address (context, 1, devnum, error)) ||
      !(reader = mdg_card_reader_new (device, error)) ||
      !mdg_card_reader_open (reader, error))
    return FALSE;

  mdg_card_reader_get_stats (reader, &before);
  n_commands = mdg_virtual_reader_get_n_commands (vreader);
  for (guint i = 0; i < n_reads; i++)
    {
      g_autoptr(MdgCardPin) pin = mdg_card_pin_new ("1234", 4, error);
      g_autoptr(MdgCardInfo) info = NULL;
      gint64 start = g_get_monotonic_time ();

      if (!(info = mdg_card_reader_read_info (reader, pin, flags, NULL, NULL, error)))
        return FALSE;
      times[i] = g_get_monotonic_time () - start;
      total += times[i];
    }
  mdg_card_reader_get_stats (reader, &after);
  n_commands = mdg_virtual_reader_get_n_commands (vreader) - n_commands;
  qsort (times, n_reads, sizeof times[0], compare_gint64);

  printf ("  %-5s level, %s: %u reads\n", mdg_card_level_to_string (level),
          flags & MDG_CARD_READ_WITH_NUMBER ? "four items + number" : "four items",
          n_reads);
  printf ("    per read: %.1f APDU round trips, %.1f CCID messages (power on/off included)\n",
          (double) (after.n_apdus - before.n_apdus) / n_reads, (double) n_commands / n_reads);
  printf ("    time per read: median %.2f ms, p95 %.2f ms, mean %.2f ms; %.3f ms per CCID "
          "round trip\n",
          times[n_reads / 2] / 1000.0, times[MIN (n_reads - 1, n_reads * 95 / 100)] / 1000.0,
          total / 1000.0 / n_reads, total / 1000.0 / MAX (n_commands, 1));

  mdg_card_reader_close (reader);
  mdg_virtual_reader_unplug (vreader);
  return TRUE;
}

int
mdg_tool_bench_card (int    argc,
                     char **argv)
{
  g_autoptr(UMockdevTestbed) testbed = NULL;
  g_autoptr(GError) error = NULL;
  int n_reads = 200;
  int status;
  GOptionEntry entries[] = {
    { "reads", 0, 0, G_OPTION_ARG_INT, &n_reads, "Reads per configuration (default 200)", "N" },
    { NULL }
  };
  const struct {
    MdgCardLevel level;
    MdgCardReadFlags flags;
  } runs[] = {
    { MDG_CARD_LEVEL_SHORT_APDU, MDG_CARD_READ_NONE },
    { MDG_CARD_LEVEL_TPDU, MDG_CARD_READ_NONE },
    { MDG_CARD_LEVEL_SHORT_APDU, MDG_CARD_READ_WITH_NUMBER },
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_reads < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--reads must be at least 1");

  if ((status = reexec_preloaded ()) >= 0)
    return status;

  testbed = umockdev_testbed_new ();
  printf ("bench card: the whole read (power on, SELECT, tries, VERIFY, tries, READ BINARY, "
          "power off)\nagainst the virtual reader and card under umockdev, through libgusb "
          "and libusb\n");
  for (guint i = 0; i < G_N_ELEMENTS (runs); i++)
    {
      if (!bench_level (testbed, runs[i].level, 2 + i, n_reads, runs[i].flags, &error))
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
    }
  return MDG_TOOL_EXIT_OK;
}

#else

int
mdg_tool_bench_card (int    argc,
                     char **argv)
{
  return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "built without umockdev: no virtual reader");
}

#endif
