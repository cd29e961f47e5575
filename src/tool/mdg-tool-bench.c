/* mdg-tool-bench.c: madoguchi-tool bench
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-bench"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "mdg-guidance.h"
#include "mdg-tool-private.h"

/* Households are generated in batches and evaluated batch by batch, so that
 * only evaluation is timed and memory stays that of one batch. */
#define BATCH 1000

static const char * const events[] = {
  "move_in", "move_within_ward", "move_between_wards", "move_out",
  "death", "birth", "marriage", "divorce",
};
static const char * const insurances[] = { "nhi", "nhi", "nhi", "employee", "employee", "welfare" };
static const char * const origins[] = { "same_prefecture", "other_prefecture", "abroad" };
static const char * const benefits[] = {
  "special_disability_allowance", "intractable_disease", "mental_outpatient",
  "severe_disability_medical", "special_child_allowance", "child_allowance", "child_medical",
};
static const char * const handbooks[] = { "physical", "mental", "ryoiku" };

static void
add_date (JsonBuilder *builder,
          MdgDay       day)
{
  char text[11];

  mdg_day_format_iso (day, text);
  json_builder_add_string_value (builder, text);
}

static MdgDay
years_before (GRand  *rand,
              MdgDay  on,
              int     min_years,
              int     max_years)
{
  return on - g_rand_int_range (rand, min_years * 365, max_years * 365 + 365);
}

static void
add_member (JsonBuilder *builder,
            GRand       *rand,
            guint        index,
            const char  *relation,
            MdgDay       birth,
            const char  *event,
            gboolean     deceased)
{
  char id[8];

  g_snprintf (id, sizeof id, "m%u", index + 1);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "birth_date");
  add_date (builder, birth);
  json_builder_set_member_name (builder, "relation");
  json_builder_add_string_value (builder, relation);
  json_builder_set_member_name (builder, "sex");
  json_builder_add_string_value (builder, g_rand_boolean (rand) ? "male" : "female");
  json_builder_set_member_name (builder, "insurance");
  json_builder_add_string_value (builder,
                                 insurances[g_rand_int_range (rand, 0, G_N_ELEMENTS (insurances))]);
  json_builder_set_member_name (builder, "mynumber_card");
  json_builder_add_boolean_value (builder, g_rand_int_range (rand, 0, 10) < 7);
  json_builder_set_member_name (builder, "ltc_certified");
  json_builder_add_boolean_value (builder, g_rand_int_range (rand, 0, 10) == 0);
  json_builder_set_member_name (builder, "public_servant");
  json_builder_add_boolean_value (builder, g_rand_int_range (rand, 0, 20) == 0);
  if (g_rand_int_range (rand, 0, 20) == 0)
    {
      json_builder_set_member_name (builder, "nationality");
      json_builder_add_string_value (builder, "VN");
      json_builder_set_member_name (builder, "residence_status");
      json_builder_add_string_value (builder, "mid_long_term");
    }
  json_builder_set_member_name (builder, "benefits");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (benefits); i++)
    {
      if (g_rand_int_range (rand, 0, 12) == 0)
        json_builder_add_string_value (builder, benefits[i]);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "handbooks");
  json_builder_begin_array (builder);
  for (guint i = 0; i < G_N_ELEMENTS (handbooks); i++)
    {
      if (g_rand_int_range (rand, 0, 15) == 0)
        json_builder_add_string_value (builder, handbooks[i]);
    }
  json_builder_end_array (builder);
  if (g_str_has_prefix (event, "move"))
    {
      json_builder_set_member_name (builder, "moving");
      json_builder_add_boolean_value (builder, g_rand_int_range (rand, 0, 6) != 0);
    }
  if (deceased)
    {
      json_builder_set_member_name (builder, "deceased");
      json_builder_add_boolean_value (builder, TRUE);
    }
  json_builder_end_object (builder);
}

/* One household of 1–8 members for a random life event. */
static JsonNode *
generate_case (GRand *rand)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  const char *event = events[g_rand_int_range (rand, 0, G_N_ELEMENTS (events))];
  MdgDay event_date = mdg_day_new (2024, 1, 1) + g_rand_int_range (rand, 0, 4 * 365);
  guint n_members = g_rand_int_range (rand, 1, 9);
  gboolean is_birth = strcmp (event, "birth") == 0;
  gboolean is_death = strcmp (event, "death") == 0;
  guint deceased = g_rand_int_range (rand, 0, n_members);
  MdgDay head_birth = years_before (rand, event_date, 20, 90);

  if (is_birth && n_members < 2)
    n_members = 2;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "event");
  json_builder_add_string_value (builder, event);
  json_builder_set_member_name (builder, "event_date");
  add_date (builder, event_date);
  json_builder_set_member_name (builder, "visit_date");
  add_date (builder, event_date + g_rand_int_range (rand, 0, 10));
  if (strcmp (event, "move_in") == 0)
    {
      json_builder_set_member_name (builder, "from");
      json_builder_add_string_value (builder, origins[g_rand_int_range (rand, 0, 3)]);
    }

  json_builder_set_member_name (builder, "members");
  json_builder_begin_array (builder);
  for (guint i = 0; i < n_members; i++)
    {
      const char *relation;
      MdgDay birth;

      if (i == 0)
        relation = "head", birth = head_birth;
      else if (i == 1 && g_rand_int_range (rand, 0, 4) != 0)
        relation = "spouse", birth = years_before (rand, event_date, 20, 90);
      else if (i >= 6)
        relation = "parent", birth = years_before (rand, event_date, 60, 99);
      else
        relation = "child", birth = years_before (rand, event_date, 0, 22);

      if (is_birth && i == n_members - 1)
        relation = "child", birth = event_date;
      if (birth > event_date)
        birth = event_date;

      add_member (builder, rand, i, relation, birth, event, is_death && i == deceased);
    }
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "answers");
  json_builder_begin_object (builder);
  if (g_rand_boolean (rand))
    {
      json_builder_set_member_name (builder, "requested_certificates");
      json_builder_begin_array (builder);
      json_builder_add_string_value (builder, "residence");
      json_builder_end_array (builder);
    }
  if (g_rand_boolean (rand))
    {
      json_builder_set_member_name (builder, "school_district_changes");
      json_builder_add_boolean_value (builder, g_rand_boolean (rand));
    }
  if (g_rand_boolean (rand))
    {
      json_builder_set_member_name (builder, "owns_light_vehicle");
      json_builder_add_boolean_value (builder, g_rand_boolean (rand));
    }
  if (is_death && g_rand_boolean (rand))
    {
      json_builder_set_member_name (builder, "owned_real_estate");
      json_builder_add_boolean_value (builder, TRUE);
      json_builder_set_member_name (builder, "funeral_host");
      json_builder_add_string_value (builder, deceased == 0 && n_members > 1 ? "m2" : "m1");
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  if (getrusage (RUSAGE_SELF, &usage) != 0)
    return -1;
  return usage.ru_maxrss;
}

static int
bench_guidance (guint   n_cases,
                guint32 seed)
{
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  MdgCase *batch[BATCH];
  gint64 eval_us = 0;
  gint64 parse_us = 0;
  guint64 n_items = 0;
  guint done = 0;
  int status = MDG_TOOL_EXIT_OK;

  if (!(catalog = mdg_tool_load_catalog (&status)))
    return status;

  while (done < n_cases)
    {
      guint n = MIN (BATCH, n_cases - done);
      gint64 start;

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(JsonNode) node = generate_case (rand);
          g_autoptr(GError) error = NULL;

          batch[i] = mdg_case_new_from_node (node, MDG_DAY_INVALID, &error);
          if (batch[i] == NULL)
            return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "generated case %u is invalid: %s",
                                  done + i, error->message);
        }
      parse_us += g_get_monotonic_time () - start;

      start = g_get_monotonic_time ();
      for (guint i = 0; i < n; i++)
        {
          MdgGuidance *guidance = mdg_guidance_evaluate (catalog, batch[i]);

          n_items += mdg_guidance_get_n_items (guidance);
          mdg_guidance_unref (guidance);
        }
      eval_us += g_get_monotonic_time () - start;

      for (guint i = 0; i < n; i++)
        mdg_case_unref (batch[i]);
      done += n;
    }

  printf ("bench guidance: %u cases (1–8 members, all 8 events, seed %u)\n", n_cases, seed);
  printf ("  evaluate: %.3f s, %.0f cases/s (one core), %.1f procedures per case\n",
          eval_us / 1e6, n_cases / (eval_us / 1e6), (double) n_items / n_cases);
  printf ("  parse and validate (not in cases/s): %.3f s, %.0f cases/s\n",
          parse_us / 1e6, n_cases / (parse_us / 1e6));
  printf ("  peak RSS: %ld KiB\n", peak_rss_kib ());

  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_bench_guidance (int    argc,
                         char **argv)
{
  int n_cases = 100000;
  int seed = 1;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &n_cases, "Number of households (default 100000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, "Random seed (default 1)", "S" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (n_cases < 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--cases must be at least 1");

  return bench_guidance (n_cases, seed);
}

/* Every benchmark: `madoguchi-tool bench NAME [OPTIONS]`. */
static const struct {
  const char *name;
  const char *summary;
  int       (*run) (int argc, char **argv);
} benches[] = {
  { "guidance", "evaluate generated households: cases/s, peak RSS", mdg_tool_bench_guidance },
  { "render", "a field change to new preview images: p50/p99 ms", mdg_tool_bench_render },
  { "store", "case commits/s with their outbox rows, p50/p99 ms", mdg_tool_bench_store },
  { "sync", "rows/s pushed; drain time after an outage", mdg_tool_bench_sync },
  { "card", "the four items from the virtual card: ms per read, APDU round trips",
    mdg_tool_bench_card },
  { "startup", "the counter application to an interactive window on a full store",
    mdg_tool_bench_startup },
  { "visit", "the 転入 visit through the counter window: time per step, clicks and keys",
    mdg_tool_bench_visit },
  { "queue", "a busy March day at the counters: the kiosk's wait estimate against the real wait",
    mdg_tool_bench_queue },
  { "registry", "the resident search over a generated city: p50/p99 ms beside LIKE",
    mdg_tool_bench_registry },
};

int
mdg_tool_bench (int    argc,
                char **argv)
{
  if (argc >= 2)
    {
      for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
        {
          if (strcmp (argv[1], benches[i].name) == 0)
            return benches[i].run (argc - 1, argv + 1);
        }
    }

  fprintf (stderr, "Usage: madoguchi-tool bench NAME [OPTIONS…] (NAME --help for options)\n\n");
  for (guint i = 0; i < G_N_ELEMENTS (benches); i++)
    fprintf (stderr, "  %-10s %s\n", benches[i].name, benches[i].summary);

  return MDG_TOOL_EXIT_BAD_INPUT;
}
