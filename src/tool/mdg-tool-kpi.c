/* mdg-tool-kpi.c: kpi, the plan's KPIs from the tickets of a store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The store holds the workstation's own tickets and everything the ward
 * pull brought, so on a synced workstation this is the ward's day. What
 * each figure means is in src/core/mdg-kpi.h; the targets are those of
 * data/queue/kpi-targets.json.
 */

#define G_LOG_DOMAIN "mdg-tool-kpi"

#include "config.h"

#include <stdio.h>
#include <string.h>

#include "mdg-date.h"
#include "mdg-kpi.h"
#include "mdg-store-sync.h"
#include "mdg-tool-private.h"

/* The --by groupings, as named on the command line and in the CSV. */
static const struct
{
  const char     *name;
  MdgKpiGrouping  by;
} groupings[] = {
  { "total", MDG_KPI_BY_TOTAL },
  { "day", MDG_KPI_BY_DAY },
  { "band", MDG_KPI_BY_BAND },
  { "event", MDG_KPI_BY_EVENT },
};

static const char *
grouping_name (MdgKpiGrouping by)
{
  for (guint i = 0; i < G_N_ELEMENTS (groupings); i++)
    {
      if (groupings[i].by == by)
        return groupings[i].name;
    }

  g_assert_not_reached ();
}

/* The group's key: "2026-01-20", "1", "move_in"; "" when it has none (the
 * total, tickets without an event or a time of issue). */
static char *
dup_key (const MdgKpiGroup *group)
{
  switch (group->by)
    {
    case MDG_KPI_BY_DAY:
      return group->day != MDG_DAY_INVALID ? mdg_day_dup_iso (group->day) : g_strdup ("");
    case MDG_KPI_BY_BAND:
      return g_strdup_printf ("%d", group->band);
    case MDG_KPI_BY_EVENT:
      return g_strdup (group->event != NULL ? group->event : "");
    case MDG_KPI_BY_TOTAL:
    default:
      return g_strdup ("");
    }
}

/* Numbers in the C locale whatever LC_NUMERIC says: "12.5", or @none. */
static const char *
format_number (char       *buf,
               double      value,
               const char *format,
               gboolean    present,
               const char *none)
{
  if (!present)
    return none;

  return g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, format, value);
}

/* 62600 → "62,600" */
static char *
dup_grouped (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (value));
  GString *out = g_string_new (value < 0 ? "-" : "");
  gsize n = strlen (digits);

  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (out, ',');
      g_string_append_c (out, digits[i]);
    }

  return g_string_free (out, FALSE);
}

/* "令和7年度" */
static char *
dup_fiscal_year_name (int fiscal_year)
{
  MdgEra era;
  int era_year, month, mday;

  if (!mdg_day_is_valid_ymd (fiscal_year, 4, 1) ||
      !mdg_date_to_wareki (mdg_day_new (fiscal_year, 4, 1), &era, &era_year, &month, &mday))
    return g_strdup_printf ("%d", fiscal_year);

  if (era_year == 1)
    return g_strdup_printf ("%s元年度", mdg_era_get_name (era));
  return g_strdup_printf ("%s%d年度", mdg_era_get_name (era), era_year);
}

/* CSV ------------------------------------------------------------------------ */

static void
print_csv_header (void)
{
  printf ("group,key,issued,completed,no_show,"
          "stay_samples,stay_median_min,stay_p90_min,"
          "wait_samples,wait_median_min,wait_p90_min,"
          "ratings,rating_mean,satisfied_pct\n");
}

static void
print_csv_row (const MdgKpiGroup *group)
{
  g_autofree char *key = dup_key (group);
  char stay_median[G_ASCII_DTOSTR_BUF_SIZE], stay_p90[G_ASCII_DTOSTR_BUF_SIZE];
  char wait_median[G_ASCII_DTOSTR_BUF_SIZE], wait_p90[G_ASCII_DTOSTR_BUF_SIZE];
  char mean[G_ASCII_DTOSTR_BUF_SIZE], satisfied[G_ASCII_DTOSTR_BUF_SIZE];

  /* keys are dates, numbers and catalog ids: nothing to quote */
  printf ("%s,%s,%u,%u,%u,%u,%s,%s,%u,%s,%s,%u,%s,%s\n",
          grouping_name (group->by), key,
          group->issued, group->completed, group->no_show,
          group->stay_samples,
          format_number (stay_median, group->stay_median / 60.0, "%.1f",
                         group->stay_samples > 0, ""),
          format_number (stay_p90, group->stay_p90 / 60.0, "%.1f", group->stay_samples > 0, ""),
          group->wait_samples,
          format_number (wait_median, group->wait_median / 60.0, "%.1f",
                         group->wait_samples > 0, ""),
          format_number (wait_p90, group->wait_p90 / 60.0, "%.1f", group->wait_samples > 0, ""),
          group->ratings,
          format_number (mean, group->rating_mean, "%.2f", group->ratings > 0, ""),
          format_number (satisfied, group->satisfied_share * 100, "%.1f", group->ratings > 0, ""));
}

/* Table ---------------------------------------------------------------------- */

#define TABLE_ROW "%-6s %-18s %6s %9s %7s %8s %8s %8s %8s %7s %5s %9s\n"

static void
print_table_row (const MdgKpiGroup *group)
{
  g_autofree char *key = dup_key (group);
  char issued[16], completed[16], no_show[16], ratings[16];
  char stay_median[G_ASCII_DTOSTR_BUF_SIZE], stay_p90[G_ASCII_DTOSTR_BUF_SIZE];
  char wait_median[G_ASCII_DTOSTR_BUF_SIZE], wait_p90[G_ASCII_DTOSTR_BUF_SIZE];
  char mean[G_ASCII_DTOSTR_BUF_SIZE], share[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *satisfied = NULL;

  g_snprintf (issued, sizeof issued, "%u", group->issued);
  g_snprintf (completed, sizeof completed, "%u", group->completed);
  g_snprintf (no_show, sizeof no_show, "%u", group->no_show);
  g_snprintf (ratings, sizeof ratings, "%u", group->ratings);
  satisfied = group->ratings > 0
              ? g_strdup_printf ("%s%%", format_number (share, group->satisfied_share * 100,
                                                        "%.1f", TRUE, "-"))
              : g_strdup ("-");

  printf (TABLE_ROW,
          grouping_name (group->by),
          key[0] != '\0' ? key : group->by == MDG_KPI_BY_TOTAL ? "" : "(none)",
          issued, completed, no_show,
          format_number (stay_median, group->stay_median / 60.0, "%.1f",
                         group->stay_samples > 0, "-"),
          format_number (stay_p90, group->stay_p90 / 60.0, "%.1f", group->stay_samples > 0, "-"),
          format_number (wait_median, group->wait_median / 60.0, "%.1f",
                         group->wait_samples > 0, "-"),
          format_number (wait_p90, group->wait_p90 / 60.0, "%.1f", group->wait_samples > 0, "-"),
          ratings,
          format_number (mean, group->rating_mean, "%.2f", group->ratings > 0, "-"),
          satisfied);
}

/* The three KPIs of the plan beside the fiscal year's numbers. */
static void
print_summary (const MdgKpiGroup *total,
               const MdgKpiGroup *stay,
               MdgDay             from,
               MdgDay             to)
{
  int first_year = mdg_kpi_fiscal_year (from);
  int last_year = mdg_kpi_fiscal_year (to);
  const MdgKpiTarget *target = first_year == last_year
                               ? mdg_kpi_targets_lookup (first_year) : NULL;
  g_autofree char *from_text = mdg_day_dup_iso (from);
  g_autofree char *to_text = mdg_day_dup_iso (to);
  g_autofree char *year_name = dup_fiscal_year_name (first_year);
  g_autofree char *usage = dup_grouped (total->completed);
  g_autofree char *usage_target = NULL;
  g_autofree char *stay_target = NULL;
  g_autofree char *satisfied_target = NULL;
  char stay_buf[G_ASCII_DTOSTR_BUF_SIZE], satisfied_buf[G_ASCII_DTOSTR_BUF_SIZE];
  char number[G_ASCII_DTOSTR_BUF_SIZE];
  g_autofree char *stay_text = NULL;
  g_autofree char *satisfied_text = NULL;
  const char *column = target != NULL && target->baseline ? "baseline" : "target";

  if (first_year == last_year)
    printf ("KPIs from %s to %s, fiscal year %d (%s)\n\n", from_text, to_text, first_year,
            year_name);
  else
    printf ("KPIs from %s to %s, fiscal years %d to %d\n\n", from_text, to_text, first_year,
            last_year);

  if (target != NULL)
    {
      g_autofree char *grouped = dup_grouped (target->usage);

      usage_target = g_strdup_printf ("%s in the year", grouped);
      stay_target = g_strdup_printf ("%s min", g_ascii_formatd (number, sizeof number, "%.0f",
                                                                target->stay_minutes));
      satisfied_target = g_strdup_printf ("%s%%", g_ascii_formatd (number, sizeof number,
                                                                   "%.1f",
                                                                   target->satisfied_percent));
    }

  if (stay != NULL && stay->stay_samples > 0)
    stay_text = g_strdup_printf ("%s min", format_number (stay_buf, stay->stay_median / 60.0,
                                                          "%.1f", TRUE, "-"));
  if (total->ratings > 0)
    satisfied_text = g_strdup_printf ("%s%%", format_number (satisfied_buf,
                                                             total->satisfied_share * 100,
                                                             "%.1f", TRUE, "-"));

  printf ("%-40s %12s   %s\n", "", "measured", column);
  printf ("%-40s %12s   %s\n", "usage: visits completed", usage,
          usage_target != NULL ? usage_target : "-");
  printf ("%-40s %12s   %s\n", "stay time, " MDG_KPI_STAY_EVENT " (median of visits)",
          stay_text != NULL ? stay_text : "-", stay_target != NULL ? stay_target : "-");
  printf ("%-40s %12s   %s\n", "satisfaction: ratings of 4 or 5 of 5",
          satisfied_text != NULL ? satisfied_text : "-",
          satisfied_target != NULL ? satisfied_target : "-");

  if (first_year != last_year)
    printf ("(no targets: the days span fiscal years %d to %d; ask for days within one)\n",
            first_year, last_year);
  else if (target == NULL)
    printf ("(no targets: the plan has none for fiscal year %d)\n", first_year);
  printf ("\n");
}

static void
print_table (GPtrArray *total,
             GPtrArray *groups,
             GPtrArray *events,
             MdgDay     from,
             MdgDay     to)
{
  const MdgKpiGroup *sum = g_ptr_array_index (total, 0);

  print_summary (sum, mdg_kpi_find_event (events, MDG_KPI_STAY_EVENT), from, to);

  printf ("times in minutes: stay = issued to closed (visits completed), "
          "wait = issued to called\n");
  printf (TABLE_ROW, "group", "key", "issued", "completed", "no-show", "stay med", "stay p90",
          "wait med", "wait p90", "ratings", "mean", "satisfied");
  print_table_row (sum);
  for (guint i = 0; groups != NULL && i < groups->len; i++)
    print_table_row (g_ptr_array_index (groups, i));
}

/* kpi ----------------------------------------------------------------------- */

static gboolean
parse_day (const char  *option,
           const char  *text,
           MdgDay      *day,
           int         *status)
{
  g_autoptr(GError) error = NULL;

  if (text == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s YYYY-MM-DD is required", option);
      return FALSE;
    }
  if (!mdg_day_parse_iso (text, day, &error))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s \"%s\": %s", option, text,
                               error->message);
      return FALSE;
    }

  return TRUE;
}

int
mdg_tool_kpi (int    argc,
              char **argv)
{
  g_autofree char *store_path = NULL;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  g_autofree char *by_text = NULL;
  g_autofree char *first_day = NULL;
  g_autofree char *last_day = NULL;
  g_autoptr(MdgStore) store = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = NULL;
  g_autoptr(GArray) queue = g_array_new (FALSE, FALSE, sizeof (MdgQueueTicket));
  g_autoptr(GPtrArray) total = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  gboolean csv = FALSE;
  MdgKpiGrouping by = MDG_KPI_BY_TOTAL;
  MdgDay from, to;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "store", 0, 0, G_OPTION_ARG_FILENAME, &store_path, "The local store", "PATH" },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from_text, "The first day", "YYYY-MM-DD" },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to_text, "The last day", "YYYY-MM-DD" },
    { "by", 0, 0, G_OPTION_ARG_STRING, &by_text,
      "After the total, one row per day, band or life event", "day|band|event" },
    { "csv", 0, 0, G_OPTION_ARG_NONE, &csv, "CSV with a header row instead of the table", NULL },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (store_path == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store PATH is required");
  if (!parse_day ("--from", from_text, &from, &status) ||
      !parse_day ("--to", to_text, &to, &status))
    return status;
  if (from > to)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--from %s is after --to %s", from_text,
                          to_text);
  if (by_text != NULL)
    {
      gboolean known = FALSE;

      for (guint i = 1; i < G_N_ELEMENTS (groupings) && !known; i++)
        {
          if (strcmp (by_text, groupings[i].name) == 0)
            {
              by = groupings[i].by;
              known = TRUE;
            }
        }
      if (!known)
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--by \"%s\": day, band or event is "
                              "needed", by_text);
    }
  /* Unlike the commands that write, this one must not make an empty store
   * out of a mistyped path and report zeros from it. */
  if (!g_file_test (store_path, G_FILE_TEST_IS_REGULAR))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--store %s: there is no store there",
                          store_path);

  if (!(store = mdg_tool_open_store (store_path, &status)))
    return status;

  first_day = mdg_day_dup_iso (from);
  last_day = mdg_day_dup_iso (to);
  mdg_store_list_tickets_async (store, first_day, last_day, NULL, mdg_tool_async_cb, &result);
  if (!(tickets = mdg_store_list_tickets_finish (store, mdg_tool_wait (&result), &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot read the tickets: %s", error->message);

  /* the events stay borrowed from @tickets */
  g_array_set_size (queue, tickets->len);
  for (guint i = 0; i < tickets->len; i++)
    mdg_ticket_to_queue (g_ptr_array_index (tickets, i),
                         &g_array_index (queue, MdgQueueTicket, i));
  g_debug ("%u tickets from %s to %s", tickets->len, first_day, last_day);

  total = mdg_kpi_compute ((const MdgQueueTicket *) (gpointer) queue->data, queue->len,
                           MDG_KPI_BY_TOTAL);
  events = mdg_kpi_compute ((const MdgQueueTicket *) (gpointer) queue->data, queue->len,
                            MDG_KPI_BY_EVENT);
  if (by == MDG_KPI_BY_EVENT)
    groups = g_ptr_array_ref (events);
  else if (by != MDG_KPI_BY_TOTAL)
    groups = mdg_kpi_compute ((const MdgQueueTicket *) (gpointer) queue->data, queue->len, by);

  if (csv)
    {
      print_csv_header ();
      print_csv_row (g_ptr_array_index (total, 0));
      for (guint i = 0; groups != NULL && i < groups->len; i++)
        print_csv_row (g_ptr_array_index (groups, i));
    }
  else
    {
      /* the targets are built in: malformed, they are a bug of this build */
      if (mdg_kpi_targets_get_default (&error) == NULL)
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
      print_table (total, groups, events, from, to);
    }

  fflush (stdout);
  return MDG_TOOL_EXIT_OK;
}
