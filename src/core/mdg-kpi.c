/* mdg-kpi.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-kpi"

#include "config.h"

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "mdg-bands.h"
#include "mdg-core-error.h"
#include "mdg-input.h"
#include "mdg-kpi.h"

#define TARGETS_RESOURCE "/io/github/madoguchi/Madoguchi/queue/kpi-targets.json"

/* A group while the tickets are counted. */
typedef struct
{
  MdgKpiGroup *group;
  GArray      *stays;       /* gint64 seconds */
  GArray      *waits;       /* gint64 seconds */
  guint64      rating_sum;
} Accumulator;

static void
accumulator_free (gpointer data)
{
  Accumulator *acc = data;

  g_clear_pointer (&acc->group, mdg_kpi_group_free);
  g_array_unref (acc->stays);
  g_array_unref (acc->waits);
  g_free (acc);
}

void
mdg_kpi_group_free (MdgKpiGroup *group)
{
  if (group == NULL)
    return;

  g_free (group->event);
  g_free (group);
}

static GTimeZone *
get_tokyo (void)
{
  static GTimeZone *tz;

  if (g_once_init_enter (&tz))
    {
      GTimeZone *zone = g_time_zone_new_identifier ("Asia/Tokyo");

      if (zone == NULL)
        {
          g_debug ("No tzdata for Asia/Tokyo; using +09:00");
          zone = g_time_zone_new_offset (9 * 60 * 60);
        }
      g_once_init_leave (&tz, zone);
    }

  return tz;
}

MdgDay
mdg_kpi_day_of_time (gint64 time)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (time <= 0 || !(utc = g_date_time_new_from_unix_utc (time)) ||
      !(local = g_date_time_to_timezone (utc, get_tokyo ())))
    return MDG_DAY_INVALID;

  return mdg_day_new (g_date_time_get_year (local),
                      g_date_time_get_month (local),
                      g_date_time_get_day_of_month (local));
}

int
mdg_kpi_fiscal_year (MdgDay day)
{
  g_return_val_if_fail (day != MDG_DAY_INVALID, 0);

  return mdg_date_school_year (day);
}

gint64
mdg_kpi_percentile (const gint64 *sorted,
                    guint         n,
                    guint         percent)
{
  guint64 rank;

  g_return_val_if_fail (sorted != NULL || n == 0, 0);
  g_return_val_if_fail (percent >= 1 && percent <= 100, 0);

  if (n == 0)
    return 0;

  /* ⌈percent·n/100⌉, in integers so that 90·10/100 is exactly 9 */
  rank = ((guint64) percent * n + 99) / 100;
  rank = CLAMP (rank, 1, n);

  return sorted[rank - 1];
}

static int
compare_seconds (gconstpointer a,
                 gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static int
compare_groups (gconstpointer a,
                gconstpointer b)
{
  const MdgKpiGroup *x = *(const MdgKpiGroup * const *) a;
  const MdgKpiGroup *y = *(const MdgKpiGroup * const *) b;

  switch (x->by)
    {
    case MDG_KPI_BY_DAY:
      /* the tickets of no known day last */
      if ((x->day == MDG_DAY_INVALID) != (y->day == MDG_DAY_INVALID))
        return x->day == MDG_DAY_INVALID ? 1 : -1;
      return (x->day > y->day) - (x->day < y->day);

    case MDG_KPI_BY_BAND:
      return (x->band > y->band) - (x->band < y->band);

    case MDG_KPI_BY_EVENT:
      if ((x->event == NULL) != (y->event == NULL))
        return x->event == NULL ? 1 : -1;
      return g_strcmp0 (x->event, y->event);

    case MDG_KPI_BY_TOTAL:
    default:
      return 0;
    }
}

/* The hash key of @ticket's group: a day, a band or an event. */
static char *
group_key (const MdgQueueTicket *ticket,
           MdgKpiGrouping        by,
           MdgDay               *day)
{
  switch (by)
    {
    case MDG_KPI_BY_DAY:
      *day = mdg_kpi_day_of_time (ticket->issued_at);
      return g_strdup_printf ("%u", *day);

    case MDG_KPI_BY_BAND:
      return g_strdup_printf ("%d", ticket->band);

    case MDG_KPI_BY_EVENT:
      /* "" cannot be an event id, so it stands for none */
      return g_strdup (ticket->event != NULL ? ticket->event : "");

    case MDG_KPI_BY_TOTAL:
    default:
      return g_strdup ("");
    }
}

static Accumulator *
accumulator_new (const MdgQueueTicket *ticket,
                 MdgKpiGrouping        by,
                 MdgDay                day)
{
  Accumulator *acc = g_new0 (Accumulator, 1);

  acc->group = g_new0 (MdgKpiGroup, 1);
  acc->group->by = by;
  acc->stays = g_array_new (FALSE, FALSE, sizeof (gint64));
  acc->waits = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (by == MDG_KPI_BY_DAY)
    acc->group->day = day;
  else if (by == MDG_KPI_BY_BAND)
    acc->group->band = ticket->band;
  else if (by == MDG_KPI_BY_EVENT)
    acc->group->event = g_strdup (ticket->event);

  return acc;
}

static void
accumulator_add (Accumulator          *acc,
                 const MdgQueueTicket *ticket)
{
  MdgKpiGroup *group = acc->group;

  group->issued++;

  if (ticket->state == MDG_QUEUE_STATE_DONE && ticket->closed_at != 0)
    {
      group->completed++;
      if (ticket->issued_at != 0 && ticket->closed_at >= ticket->issued_at)
        {
          gint64 stay = ticket->closed_at - ticket->issued_at;

          g_array_append_val (acc->stays, stay);
        }
    }
  else if (ticket->state == MDG_QUEUE_STATE_NO_SHOW)
    {
      group->no_show++;
    }

  if ((ticket->state == MDG_QUEUE_STATE_CALLED || ticket->state == MDG_QUEUE_STATE_DONE) &&
      ticket->issued_at != 0 && ticket->called_at != 0 && ticket->called_at >= ticket->issued_at)
    {
      gint64 wait = ticket->called_at - ticket->issued_at;

      g_array_append_val (acc->waits, wait);
    }

  if (ticket->rating >= 1 && ticket->rating <= 5)
    {
      group->ratings++;
      group->satisfied += ticket->rating >= 4;
      acc->rating_sum += ticket->rating;
    }
}

/* Returns: (transfer full): the finished group */
static MdgKpiGroup *
accumulator_finish (Accumulator *acc)
{
  MdgKpiGroup *group = acc->group;

  g_array_sort (acc->stays, compare_seconds);
  g_array_sort (acc->waits, compare_seconds);

  group->stay_samples = acc->stays->len;
  group->stay_median = mdg_kpi_percentile ((const gint64 *) (gpointer) acc->stays->data,
                                           acc->stays->len, 50);
  group->stay_p90 = mdg_kpi_percentile ((const gint64 *) (gpointer) acc->stays->data,
                                        acc->stays->len, 90);
  group->wait_samples = acc->waits->len;
  group->wait_median = mdg_kpi_percentile ((const gint64 *) (gpointer) acc->waits->data,
                                           acc->waits->len, 50);
  group->wait_p90 = mdg_kpi_percentile ((const gint64 *) (gpointer) acc->waits->data,
                                        acc->waits->len, 90);

  if (group->ratings > 0)
    {
      group->rating_mean = (double) acc->rating_sum / group->ratings;
      group->satisfied_share = (double) group->satisfied / group->ratings;
    }

  return g_steal_pointer (&acc->group);
}

GPtrArray *
mdg_kpi_compute (const MdgQueueTicket *tickets,
                 guint                 n_tickets,
                 MdgKpiGrouping        by)
{
  g_autoptr(GHashTable) accumulators = NULL;
  g_autoptr(GPtrArray) order = NULL;
  GPtrArray *groups;

  g_return_val_if_fail (tickets != NULL || n_tickets == 0, NULL);
  g_return_val_if_fail (by >= MDG_KPI_BY_TOTAL && by <= MDG_KPI_BY_EVENT, NULL);

  accumulators = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, accumulator_free);
  /* borrowed from the table, in the order of first appearance */
  order = g_ptr_array_new ();

  if (by == MDG_KPI_BY_TOTAL)
    {
      static const MdgQueueTicket none = { 0 };
      Accumulator *acc = accumulator_new (&none, by, MDG_DAY_INVALID);

      g_hash_table_insert (accumulators, g_strdup (""), acc);
      g_ptr_array_add (order, acc);
    }

  for (guint i = 0; i < n_tickets; i++)
    {
      const MdgQueueTicket *ticket = &tickets[i];
      MdgDay day = MDG_DAY_INVALID;
      g_autofree char *key = group_key (ticket, by, &day);
      Accumulator *acc = g_hash_table_lookup (accumulators, key);

      if (acc == NULL)
        {
          acc = accumulator_new (ticket, by, day);
          g_hash_table_insert (accumulators, g_steal_pointer (&key), acc);
          g_ptr_array_add (order, acc);
        }
      accumulator_add (acc, ticket);
    }

  groups = g_ptr_array_new_full (order->len, (GDestroyNotify) mdg_kpi_group_free);
  for (guint i = 0; i < order->len; i++)
    g_ptr_array_add (groups, accumulator_finish (g_ptr_array_index (order, i)));
  g_ptr_array_sort (groups, compare_groups);

  return groups;
}

const MdgKpiGroup *
mdg_kpi_find_event (GPtrArray  *groups,
                    const char *event)
{
  g_return_val_if_fail (groups != NULL, NULL);

  for (guint i = 0; i < groups->len; i++)
    {
      const MdgKpiGroup *group = g_ptr_array_index (groups, i);

      if (group->by == MDG_KPI_BY_EVENT && g_strcmp0 (group->event, event) == 0)
        return group;
    }

  return NULL;
}

/* Targets ------------------------------------------------------------------ */

static gboolean
fail (GError     **error,
      guint        index,
      const char  *member,
      const char  *what)
{
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
               "kpi-targets.json: fiscal_years[%u].%s: %s", index, member, what);
  return FALSE;
}

/* A number in [@min, @max] (an integer if @integer); else the message
 * "@needed is needed". */
static gboolean
read_number (JsonObject  *object,
             const char  *member,
             guint        index,
             gboolean     integer,
             double       min,
             double       max,
             const char  *needed,
             double      *out,
             GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);
  GType type = node != NULL && JSON_NODE_HOLDS_VALUE (node)
               ? json_node_get_value_type (node) : G_TYPE_INVALID;
  g_autofree char *what = NULL;

  if ((type == G_TYPE_INT64 || (!integer && type == G_TYPE_DOUBLE)) &&
      json_node_get_double (node) >= min && json_node_get_double (node) <= max)
    {
      *out = json_node_get_double (node);
      return TRUE;
    }

  what = g_strdup_printf ("%s is needed", needed);
  return fail (error, index, member, what);
}

static int
compare_targets (gconstpointer a,
                 gconstpointer b)
{
  const MdgKpiTarget *x = a;
  const MdgKpiTarget *y = b;

  return (x->fiscal_year > y->fiscal_year) - (x->fiscal_year < y->fiscal_year);
}

static gboolean
parse_target (JsonNode      *node,
              guint          index,
              MdgKpiTarget  *target,
              GError       **error)
{
  static const char * const known[] = {
    "fiscal_year", "baseline", "usage", "stay_minutes", "satisfied_percent", NULL
  };
  JsonObject *object;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  double number;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "kpi-targets.json: fiscal_years[%u]: an object is needed", index);
      return FALSE;
    }
  object = json_node_get_object (node);

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (!g_strv_contains (known, member))
        return fail (error, index, member, "unknown field");
    }

  if (!read_number (object, "fiscal_year", index, TRUE, 1, 9998,
                    "the year of its 1 April (an integer, 2024 for 令和6年度)", &number, error))
    return FALSE;
  target->fiscal_year = (int) number;

  if (!read_number (object, "usage", index, TRUE, 0, G_MAXINT32,
                    "a count of visits (an integer, 0 or more)", &number, error))
    return FALSE;
  target->usage = (gint64) number;

  if (!read_number (object, "stay_minutes", index, FALSE, 1, 24 * 60,
                    "a number of minutes from 1 to 1440", &number, error))
    return FALSE;
  target->stay_minutes = number;

  if (!read_number (object, "satisfied_percent", index, FALSE, 0, 100,
                    "a percentage from 0 to 100", &number, error))
    return FALSE;
  target->satisfied_percent = number;

  value = json_object_get_member (object, "baseline");
  if (value != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (value) || json_node_get_value_type (value) != G_TYPE_BOOLEAN)
        return fail (error, index, "baseline", "true or false is needed");
      target->baseline = json_node_get_boolean (value);
    }

  return TRUE;
}

GArray *
mdg_kpi_targets_parse (GBytes  *bytes,
                       GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GArray) targets = g_array_new (FALSE, TRUE, sizeof (MdgKpiTarget));
  JsonObject *root;
  JsonObjectIter iter;
  const char *member;
  JsonNode *value;
  JsonArray *years;

  g_return_val_if_fail (bytes != NULL, NULL);

  if (!mdg_json_check (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                       MDG_JSON_MAX_DEPTH, error) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL),
                                   g_bytes_get_size (bytes), error))
    {
      g_prefix_error (error, "kpi-targets.json: ");
      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "kpi-targets.json: fiscal_years: an object holding the list "
                           "of fiscal years is needed");
      return NULL;
    }
  root = json_node_get_object (json_parser_get_root (parser));

  json_object_iter_init (&iter, root);
  while (json_object_iter_next (&iter, &member, &value))
    {
      if (strcmp (member, "comment") != 0 && strcmp (member, "fiscal_years") != 0)
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                       "kpi-targets.json: %s: unknown field", member);
          return NULL;
        }
    }

  value = json_object_get_member (root, "fiscal_years");
  if (value == NULL || !JSON_NODE_HOLDS_ARRAY (value) ||
      json_array_get_length (json_node_get_array (value)) == 0)
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                           "kpi-targets.json: fiscal_years: a list of fiscal years is needed");
      return NULL;
    }
  years = json_node_get_array (value);

  for (guint i = 0; i < json_array_get_length (years); i++)
    {
      MdgKpiTarget target = { 0 };

      if (!parse_target (json_array_get_element (years, i), i, &target, error))
        return NULL;

      for (guint j = 0; j < targets->len; j++)
        {
          if (g_array_index (targets, MdgKpiTarget, j).fiscal_year == target.fiscal_year)
            {
              g_autofree char *what = g_strdup_printf ("%d is also fiscal_years[%u]",
                                                       target.fiscal_year, j);

              fail (error, i, "fiscal_year", what);
              return NULL;
            }
        }
      g_array_append_val (targets, target);
    }

  g_array_sort (targets, compare_targets);

  return g_steal_pointer (&targets);
}

const GArray *
mdg_kpi_targets_get_default (GError **error)
{
  static gsize once;
  static GArray *targets;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      g_autoptr(GBytes) bytes = NULL;

      /* The queue resource (bands.json and this file) is registered once,
       * by the bands loader: registering a static resource twice breaks
       * GLib's list of them. Whether the bands parse is not our concern. */
      (void) mdg_bands_get_default (NULL);

      bytes = g_resources_lookup_data (TARGETS_RESOURCE, 0, &load_error);
      if (bytes != NULL)
        targets = mdg_kpi_targets_parse (bytes, &load_error);
      g_once_init_leave (&once, 1);
    }

  if (targets == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return targets;
}

const MdgKpiTarget *
mdg_kpi_targets_lookup (int fiscal_year)
{
  const GArray *targets = mdg_kpi_targets_get_default (NULL);

  if (targets == NULL)
    return NULL;

  for (guint i = 0; i < targets->len; i++)
    {
      const MdgKpiTarget *target = &g_array_index (targets, MdgKpiTarget, i);

      if (target->fiscal_year == fiscal_year)
        return target;
    }

  return NULL;
}
