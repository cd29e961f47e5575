/* mdg-tool-bench-queue-day.c: bench queue's day file (data/queue/march-day.json)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-bench-queue"

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "mdg-bands.h"
#include "mdg-date.h"
#include "mdg-input.h"
#include "mdg-queue.h"
#include "mdg-tool-bench-queue-private.h"
#include "mdg-tool-private.h"

static void
day_band_clear (gpointer data)
{
  DayBand *band = data;

  g_clear_pointer (&band->rates, g_array_unref);
}

void
_mdg_tool_day_free (Day *day)
{
  g_free (day->name);
  g_clear_pointer (&day->bands, g_array_unref);
  g_clear_pointer (&day->counters, g_array_unref);
  g_free (day);
}

/* The day file */

static gboolean
fail_field (GError     **error,
            const Day   *day,
            const char  *field,
            const char  *need)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: %s: %s", day->name, field, need);
  return FALSE;
}

static gboolean
read_number (JsonObject  *object,
             const char  *member,
             const char  *field,
             double       min,
             double       max,
             double      *out,
             const Day   *day,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *need = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      (json_node_get_value_type (node) == G_TYPE_INT64 ||
       json_node_get_value_type (node) == G_TYPE_DOUBLE))
    {
      double value = json_node_get_double (node);

      if (value >= min && value <= max)
        {
          *out = value;
          return TRUE;
        }
    }

  need = g_strdup_printf ("a number from %g to %g is needed", min, max);
  return fail_field (error, day, field, need);
}

static gboolean
read_integer (JsonObject  *object,
              const char  *member,
              const char  *field,
              gint64       min,
              gint64       max,
              gint64      *out,
              const Day   *day,
              GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autofree char *need = NULL;

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
      json_node_get_value_type (node) == G_TYPE_INT64 &&
      json_node_get_int (node) >= min && json_node_get_int (node) <= max)
    {
      *out = json_node_get_int (node);
      return TRUE;
    }

  need = g_strdup_printf ("an integer from %" G_GINT64_FORMAT " to %" G_GINT64_FORMAT
                          " is needed", min, max);
  return fail_field (error, day, field, need);
}

static const char *
get_string (JsonObject *object,
            const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static JsonArray *
get_array (JsonObject *object,
           const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* "HH:MM" on the day, as seconds since the epoch. */
static gboolean
read_time (JsonObject  *object,
           const char  *member,
           Day         *day,
           gint64      *out,
           GError     **error)
{
  const char *text = get_string (object, member);
  guint hour;
  guint minute;
  char end;

  if (text == NULL || strlen (text) != 5 ||
      sscanf (text, "%2u:%2u%c", &hour, &minute, &end) != 2 || hour > 23 || minute > 59)
    return fail_field (error, day, member, "a time \"HH:MM\" (JST) is needed");

  *out = ((gint64) (day->date - mdg_day_new (1970, 1, 1)) * 86400) - JST_OFFSET +
         hour * 3600 + minute * 60;
  return TRUE;
}

static gboolean
parse_band (JsonNode         *node,
            guint             index,
            const GPtrArray  *bands,
            Day              *day,
            DayBand          *band,
            GError          **error)
{
  g_autofree char *field = g_strdup_printf ("bands[%u]", index);
  g_autofree char *member = NULL;
  guint n_hours = (day->closing - day->first_hour + 3599) / 3600;
  JsonObject *object;
  JsonArray *rates;
  gint64 number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_field (error, day, field, "an object is needed");
  object = json_node_get_object (node);

  member = g_strconcat (field, ".band", NULL);
  if (!read_integer (object, "band", member, 1, MDG_QUEUE_MAX_BAND, &number, day, error))
    return FALSE;
  if (!(band->info = mdg_bands_lookup (bands, number)))
    return fail_field (error, day, member, "no such band in bands.json");
  for (guint i = 0; i < index; i++)
    {
      if (g_array_index (day->bands, DayBand, i).info == band->info)
        return fail_field (error, day, member, "the band is listed twice");
    }

  g_free (member);
  member = g_strconcat (field, ".arrivals_per_hour", NULL);
  rates = get_array (object, "arrivals_per_hour");
  if (rates == NULL || json_array_get_length (rates) != n_hours)
    {
      g_autofree char *need = g_strdup_printf ("a list of %u numbers is needed, visitors per hour "
                                               "for each clock hour the office is open in",
                                               n_hours);

      return fail_field (error, day, member, need);
    }
  band->rates = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint h = 0; h < n_hours; h++)
    {
      JsonNode *rate = json_array_get_element (rates, h);
      double value;

      if (!JSON_NODE_HOLDS_VALUE (rate) ||
          (json_node_get_value_type (rate) != G_TYPE_INT64 &&
           json_node_get_value_type (rate) != G_TYPE_DOUBLE) ||
          (value = json_node_get_double (rate)) < 0 || value > 1000)
        {
          g_autofree char *element = g_strdup_printf ("%s[%u]", member, h);

          return fail_field (error, day, element, "a number from 0 to 1000 is needed");
        }
      g_array_append_val (band->rates, value);
    }

  g_free (member);
  member = g_strconcat (field, ".service_mean_minutes", NULL);
  if (!read_number (object, "service_mean_minutes", member, 0.1, 600, &band->mean_minutes,
                    day, error))
    return FALSE;

  g_free (member);
  member = g_strconcat (field, ".service_cv", NULL);
  if (!read_number (object, "service_cv", member, 0.01, 5, &band->cv, day, error))
    return FALSE;

  band->sigma = sqrt (log (1 + band->cv * band->cv));
  band->mu = log (band->mean_minutes * 60) - band->sigma * band->sigma / 2;
  return TRUE;
}

static gboolean
parse_counter (JsonNode  *node,
               guint      index,
               Day       *day,
               GError   **error)
{
  g_autofree char *field = g_strdup_printf ("counters[%u]", index);
  g_autofree char *member = NULL;
  MdgQueueCounter counter = { 0 };
  JsonObject *object;
  JsonArray *list;
  gint64 number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail_field (error, day, field, "an object is needed");
  object = json_node_get_object (node);

  member = g_strconcat (field, ".counter", NULL);
  if (!read_integer (object, "counter", member, 1, G_MAXINT, &number, day, error))
    return FALSE;
  counter.counter = number;
  for (guint i = 0; i < day->counters->len; i++)
    {
      if (g_array_index (day->counters, MdgQueueCounter, i).counter == counter.counter)
        return fail_field (error, day, member, "the counter is listed twice");
    }

  g_free (member);
  member = g_strconcat (field, ".bands", NULL);
  list = get_array (object, "bands");
  if (list == NULL || json_array_get_length (list) == 0)
    return fail_field (error, day, member, "a list of the bands the counter calls is needed");
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *element = json_array_get_element (list, i);
      gboolean known = FALSE;
      gint64 band = 0;

      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_INT64)
        band = json_node_get_int (element);
      for (guint b = 0; b < day->bands->len; b++)
        known |= g_array_index (day->bands, DayBand, b).info->band == band;
      if (!known)
        {
          g_autofree char *item = g_strdup_printf ("%s[%u]", member, i);

          return fail_field (error, day, item, "a band of the day's bands is needed");
        }
      counter.band_mask |= G_GUINT64_CONSTANT (1) << band;
    }

  g_array_append_val (day->counters, counter);
  return TRUE;
}

Day *
_mdg_tool_day_load (const char       *path,
                    const GPtrArray  *bands,
                    GError          **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(Day) day = g_new0 (Day, 1);
  g_autofree char *contents = NULL;
  JsonObject *root;
  JsonArray *list;
  const char *date;
  gsize length;
  gint64 seed;

  day->name = g_path_get_basename (path);
  day->bands = g_array_new (FALSE, TRUE, sizeof (DayBand));
  g_array_set_clear_func (day->bands, day_band_clear);
  day->counters = g_array_new (FALSE, TRUE, sizeof (MdgQueueCounter));

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot read the day file: %s",
                   local_error->message);
      return NULL;
    }
  if (!mdg_json_check (contents, length, MDG_JSON_MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: malformed JSON: %s",
                   day->name, local_error->message);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      fail_field (error, day, "(top)", "an object is needed");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  date = get_string (root, "date");
  if (date == NULL || !mdg_day_parse_iso (date, &day->date, NULL))
    {
      fail_field (error, day, "date", "a date \"YYYY-MM-DD\" is needed");
      return NULL;
    }
  if (mdg_date_is_office_closed (day->date))
    {
      fail_field (error, day, "date", "the office is closed that day");
      return NULL;
    }
  if (!read_time (root, "opening", day, &day->opening, error) ||
      !read_time (root, "closing", day, &day->closing, error))
    return NULL;
  if (day->closing <= day->opening)
    {
      fail_field (error, day, "closing", "a time after the opening is needed");
      return NULL;
    }
  day->first_hour = day->opening - ((day->opening + JST_OFFSET) % 3600);

  if (!read_integer (root, "seed", "seed", 0, G_MAXUINT32, &seed, day, error) ||
      !read_number (root, "priority_share", "priority_share", 0, 1, &day->priority_share,
                    day, error))
    return NULL;
  day->seed = seed;

  list = get_array (root, "bands");
  if (list == NULL || json_array_get_length (list) == 0)
    {
      fail_field (error, day, "bands", "a list of bands is needed");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      g_array_set_size (day->bands, i + 1);
      if (!parse_band (json_array_get_element (list, i), i, bands, day,
                       &g_array_index (day->bands, DayBand, i), error))
        return NULL;
    }

  list = get_array (root, "counters");
  if (list == NULL || json_array_get_length (list) == 0)
    {
      fail_field (error, day, "counters", "a list of counters is needed");
      return NULL;
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      if (!parse_counter (json_array_get_element (list, i), i, day, error))
        return NULL;
    }

  /* A band no counter calls would wait for ever. */
  for (guint b = 0; b < day->bands->len; b++)
    {
      const DayBand *band = &g_array_index (day->bands, DayBand, b);
      guint64 bit = G_GUINT64_CONSTANT (1) << band->info->band;
      gboolean called = FALSE;

      for (guint i = 0; i < day->counters->len; i++)
        called |= (g_array_index (day->counters, MdgQueueCounter, i).band_mask & bit) != 0;
      if (!called)
        {
          g_autofree char *field = g_strdup_printf ("bands[%u].band", b);

          fail_field (error, day, field, "no counter calls the band");
          return NULL;
        }
    }

  return g_steal_pointer (&day);
}

/* The data directory: installed, else the source tree's. */
char *
_mdg_tool_find_day_file (void)
{
  g_autofree char *installed = g_build_filename (PKGDATADIR, "queue", DAY_FILE, NULL);

  if (g_file_test (installed, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&installed);

  return g_build_filename (SOURCE_DATADIR, "queue", DAY_FILE, NULL);
}

/* The simulation */
