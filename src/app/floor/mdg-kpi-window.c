/* mdg-kpi-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The plan's three KPIs (施策9 効果測定指標) over a period, from the
 * tickets the local store holds (this workstation's and all the ward's it
 * pulled): 庁内滞在時間 for moving in, median and 90th percentile per day
 * against the fiscal year's target and the R6 baseline; 利用件数, visits
 * completed per day; 満足度, the share of satisfied ratings per day against
 * the target. Then the same per life event. The computing is core's
 * (mdg-kpi.h); every figure here can be checked with `madoguchi-tool kpi`.
 */

#define G_LOG_DOMAIN "mdg-kpi-window"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-app-labels-private.h"
#include "mdg-bands.h"
#include "mdg-kpi.h"
#include "mdg-kpi-chart.h"
#include "mdg-kpi-window.h"
#include "mdg-store-sync.h"

struct _MdgKpiWindow
{
  AdwApplicationWindow  parent_instance;

  /* template widgets */
  AdwWindowTitle       *window_title;
  GtkDropDown          *period_dropdown;
  GtkLabel             *stay_label;
  GtkLabel             *stay_detail;
  MdgKpiChart          *stay_chart;
  GtkLabel             *usage_label;
  GtkLabel             *usage_detail;
  MdgKpiChart          *usage_chart;
  GtkLabel             *satisfaction_label;
  GtkLabel             *satisfaction_detail;
  MdgKpiChart          *satisfaction_chart;
  AdwPreferencesGroup  *events_group;
  AdwPreferencesGroup  *bands_group;

  /* owned */
  MdgWorkstation       *workstation;
  MdgStore             *store;        /* the workstation's */
  GCancellable         *cancellable;
  GPtrArray            *event_rows;   /* GtkWidget in events_group */
  GPtrArray            *band_rows;    /* GtkWidget in bands_group */

  MdgDay                first;
  MdgDay                last;
  guint                 loaded : 1;
};

G_DEFINE_FINAL_TYPE (MdgKpiWindow, mdg_kpi_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_WORKSTATION,
  PROP_LOADED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static double
minutes (gint64 seconds)
{
  return seconds / 60.0;
}

static char *
dup_day_label (MdgDay day)
{
  int year, month, mday;

  mdg_day_to_ymd (day, &year, &month, &mday);
  return g_strdup_printf ("%d/%d", month, mday);
}

/* A group per day of the period, empty days included. */
static const MdgKpiGroup *
group_of_day (GPtrArray *groups,
              MdgDay     day)
{
  for (guint i = 0; i < groups->len; i++)
    {
      const MdgKpiGroup *group = g_ptr_array_index (groups, i);

      if (group->day == day)
        return group;
    }

  return NULL;
}

static void
update_charts (MdgKpiWindow         *self,
               GPtrArray            *days,
               GPtrArray            *stay_days,
               const MdgKpiTarget   *target,
               const MdgKpiTarget   *baseline)
{
  g_autofree char *target_label = NULL;
  g_autofree char *baseline_label = NULL;

  mdg_kpi_chart_clear (self->stay_chart);
  mdg_kpi_chart_clear (self->usage_chart);
  mdg_kpi_chart_clear (self->satisfaction_chart);
  /* Translators: the unit after the figures of a chart's scale: minutes */
  mdg_kpi_chart_set_unit (self->stay_chart, C_("chart unit", " min"));
  mdg_kpi_chart_set_unit (self->satisfaction_chart, "%");

  for (MdgDay day = self->first; day <= self->last; day++)
    {
      const MdgKpiGroup *all = group_of_day (days, day);
      const MdgKpiGroup *stay = group_of_day (stay_days, day);
      g_autofree char *label = dup_day_label (day);

      mdg_kpi_chart_add_bar (self->stay_chart, label,
                             stay != NULL ? minutes (stay->stay_median) : 0,
                             stay != NULL && stay->stay_samples > 0 ? minutes (stay->stay_p90) : -1);
      mdg_kpi_chart_add_bar (self->usage_chart, label, all != NULL ? all->completed : 0, -1);
      mdg_kpi_chart_add_bar (self->satisfaction_chart, label,
                             all != NULL ? all->satisfied_share * 100 : 0, -1);
    }

  if (target != NULL)
    {
      /* Translators: the line of the plan's target on a chart, e.g. "目標 99分" */
      target_label = g_strdup_printf (_("Target %g min"), target->stay_minutes);
      mdg_kpi_chart_add_line (self->stay_chart, target_label, target->stay_minutes, FALSE);
      g_clear_pointer (&target_label, g_free);
      /* Translators: the line of the plan's satisfaction target, e.g. "目標 82.0%" */
      target_label = g_strdup_printf (_("Target %.1f%%"), target->satisfied_percent);
      mdg_kpi_chart_add_line (self->satisfaction_chart, target_label, target->satisfied_percent, FALSE);
    }
  if (baseline != NULL)
    {
      /* Translators: the measured value before the system (令和6年度) on a chart */
      baseline_label = g_strdup_printf (_("Before: %g min"), baseline->stay_minutes);
      mdg_kpi_chart_add_line (self->stay_chart, baseline_label, baseline->stay_minutes, TRUE);
    }
}

/* "62,600": thousands grouped, as the plan writes its figures. */
static char *
dup_grouped (gint64 value)
{
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (value));
  GString *text = g_string_new (value < 0 ? "-" : "");
  gsize length = strlen (digits);

  for (gsize i = 0; i < length; i++)
    {
      if (i > 0 && (length - i) % 3 == 0)
        g_string_append_c (text, ',');
      g_string_append_c (text, digits[i]);
    }

  return g_string_free (text, FALSE);
}

static void
update_cards (MdgKpiWindow       *self,
              const MdgKpiGroup  *total,
              const MdgKpiGroup  *stay,
              const MdgKpiTarget *target)
{
  g_autofree char *text = NULL;
  g_autofree char *usage = NULL;

  if (stay != NULL && stay->stay_samples > 0)
    {
      /* Translators: the median stay time in minutes */
      text = g_strdup_printf (_("%.0f min"), minutes (stay->stay_median));
      gtk_label_set_label (self->stay_label, text);
      g_clear_pointer (&text, g_free);
      /* Translators: the stay time's 90th percentile, its number of visits
       * and the plan's target for the fiscal year */
      text = g_strdup_printf (ngettext ("Median of %u visit · 90%%: %.0f min · target %g min",
                                        "Median of %u visits · 90%%: %.0f min · target %g min",
                                        stay->stay_samples),
                              stay->stay_samples, minutes (stay->stay_p90),
                              target != NULL ? target->stay_minutes : 0);
    }
  else
    {
      gtk_label_set_label (self->stay_label, "—");
      text = g_strdup (_("No moving-in visit was completed in this period"));
    }
  gtk_label_set_label (self->stay_detail, text);
  g_clear_pointer (&text, g_free);

  /* Translators: visits completed with the system (利用件数) */
  text = g_strdup_printf (ngettext ("%u visit", "%u visits", total->completed), total->completed);
  gtk_label_set_label (self->usage_label, text);
  g_clear_pointer (&text, g_free);
  usage = dup_grouped (target != NULL ? target->usage : 0);
  /* Translators: tickets issued and no-shows in the period, and the
   * plan's usage target for the whole fiscal year ("62,600") */
  text = g_strdup_printf (_("%u tickets issued · %u no-shows · target %s a year"),
                          total->issued, total->no_show, usage);
  gtk_label_set_label (self->usage_detail, text);
  g_clear_pointer (&text, g_free);

  if (total->ratings > 0)
    {
      text = g_strdup_printf ("%.1f%%", total->satisfied_share * 100);
      gtk_label_set_label (self->satisfaction_label, text);
      g_clear_pointer (&text, g_free);
      /* Translators: the satisfied ratings (4 or 5 of 5) among all, the
       * mean rating and the plan's target */
      text = g_strdup_printf (ngettext ("%u of %u rating satisfied · mean %.1f · target %.1f%%",
                                        "%u of %u ratings satisfied · mean %.1f · target %.1f%%",
                                        total->ratings),
                              total->satisfied, total->ratings, total->rating_mean,
                              target != NULL ? target->satisfied_percent : 0);
    }
  else
    {
      gtk_label_set_label (self->satisfaction_label, "—");
      text = g_strdup (_("No resident rated a visit in this period"));
    }
  gtk_label_set_label (self->satisfaction_detail, text);
}

/* One row per life event or band: its visits, stay time and satisfaction. */
static void
update_groups (AdwPreferencesGroup *group,
               GPtrArray           *rows,
               GPtrArray           *groups)
{
  const GPtrArray *bands = mdg_bands_get_default (NULL);

  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);

  for (guint i = 0; i < groups->len; i++)
    {
      const MdgKpiGroup *kpis = g_ptr_array_index (groups, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *subtitle = NULL;
      g_autofree char *satisfied = NULL;
      g_autofree char *title = NULL;
      MdgEvent event;

      if (kpis->by == MDG_KPI_BY_BAND)
        {
          const MdgBand *band = bands != NULL ? mdg_bands_lookup (bands, kpis->band) : NULL;

          title = band != NULL ? _mdg_band_dup_title (band) : g_strdup_printf ("%d", kpis->band);
        }
      else
        title = g_strdup (kpis->event != NULL && mdg_event_from_string (kpis->event, &event)
                          ? _mdg_event_get_label (event)
                          : _("Other visits"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      satisfied = kpis->ratings > 0 ? g_strdup_printf ("%.0f%%", kpis->satisfied_share * 100)
                                    : g_strdup ("—");
      /* Translators: one life event's or band's KPIs: visits completed,
       * stay time median and 90th percentile (minutes), share of satisfied
       * ratings */
      subtitle = g_strdup_printf (ngettext ("%u visit · stay %.0f min (90%%: %.0f min) · satisfied %s",
                                            "%u visits · stay %.0f min (90%%: %.0f min) · satisfied %s",
                                            kpis->completed),
                                  kpis->completed, minutes (kpis->stay_median),
                                  minutes (kpis->stay_p90), satisfied);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_preferences_group_add (group, row);
      g_ptr_array_add (rows, row);
    }
}

static void
tickets_listed_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(MdgKpiWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) tickets = mdg_store_list_tickets_finish (MDG_STORE (object), result, &error);
  g_autoptr(GArray) queue = NULL;
  g_autoptr(GArray) stay_queue = NULL;
  g_autoptr(GPtrArray) total = NULL;
  g_autoptr(GPtrArray) days = NULL;
  g_autoptr(GPtrArray) stay_days = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(GPtrArray) by_band = NULL;
  const MdgKpiTarget *target;
  const MdgKpiTarget *baseline = NULL;
  const GArray *targets;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (tickets == NULL)
    {
      g_debug ("The tickets could not be read (store error %d)", error->code);
      gtk_label_set_label (self->usage_detail, _("The local store could not be read"));
      return;
    }

  queue = g_array_sized_new (FALSE, TRUE, sizeof (MdgQueueTicket), tickets->len);
  stay_queue = g_array_new (FALSE, TRUE, sizeof (MdgQueueTicket));
  for (guint i = 0; i < tickets->len; i++)
    {
      MdgQueueTicket t;

      mdg_ticket_to_queue (g_ptr_array_index (tickets, i), &t);
      g_array_append_val (queue, t);
      if (g_strcmp0 (t.event, MDG_KPI_STAY_EVENT) == 0)
        g_array_append_val (stay_queue, t);
    }

  total = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len, MDG_KPI_BY_TOTAL);
  days = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len, MDG_KPI_BY_DAY);
  stay_days = mdg_kpi_compute ((MdgQueueTicket *) stay_queue->data, stay_queue->len, MDG_KPI_BY_DAY);
  events = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len, MDG_KPI_BY_EVENT);
  by_band = mdg_kpi_compute ((MdgQueueTicket *) queue->data, queue->len, MDG_KPI_BY_BAND);

  target = mdg_kpi_targets_lookup (mdg_kpi_fiscal_year (self->last));
  if ((targets = mdg_kpi_targets_get_default (NULL)) != NULL)
    for (guint i = 0; i < targets->len && baseline == NULL; i++)
      if (g_array_index (targets, MdgKpiTarget, i).baseline)
        baseline = &g_array_index (targets, MdgKpiTarget, i);

  update_cards (self, g_ptr_array_index (total, 0), mdg_kpi_find_event (events, MDG_KPI_STAY_EVENT),
                target);
  update_charts (self, days, stay_days, target, baseline);
  update_groups (self->events_group, self->event_rows, events);
  update_groups (self->bands_group, self->band_rows, by_band);

  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOADED]);
    }
}

static void
load (MdgKpiWindow *self)
{
  char first[11], last[11];
  g_autofree char *subtitle = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  mdg_day_format_iso (self->first, first);
  mdg_day_format_iso (self->last, last);
  /* Translators: the period of the KPIs, two days YYYY-MM-DD */
  subtitle = self->first == self->last ? g_strdup (first) : g_strdup_printf (_("%s to %s"), first, last);
  adw_window_title_set_subtitle (self->window_title, subtitle);

  mdg_store_list_tickets_async (self->store, first, last, self->cancellable,
                                tickets_listed_cb, g_object_ref (self));
}

static void
on_period_dropdown_notify_selected_cb (MdgKpiWindow *self,
                                       GParamSpec   *pspec,
                                       GtkDropDown  *dropdown)
{
  mdg_kpi_window_set_period (self, gtk_drop_down_get_selected (dropdown));
}

static void
mdg_kpi_window_constructed (GObject *object)
{
  MdgKpiWindow *self = (MdgKpiWindow *)object;

  G_OBJECT_CLASS (mdg_kpi_window_parent_class)->constructed (object);

  g_assert (MDG_IS_WORKSTATION (self->workstation));

  self->store = g_object_ref (mdg_workstation_get_store (self->workstation));
  mdg_kpi_window_set_period (self, gtk_drop_down_get_selected (self->period_dropdown));
}

static void
mdg_kpi_window_dispose (GObject *object)
{
  MdgKpiWindow *self = (MdgKpiWindow *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->workstation);
  g_clear_pointer (&self->event_rows, g_ptr_array_unref);
  g_clear_pointer (&self->band_rows, g_ptr_array_unref);

  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_KPI_WINDOW);

  G_OBJECT_CLASS (mdg_kpi_window_parent_class)->dispose (object);
}

static void
mdg_kpi_window_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  MdgKpiWindow *self = MDG_KPI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      g_value_set_object (value, self->workstation);
      break;
    case PROP_LOADED:
      g_value_set_boolean (value, mdg_kpi_window_get_loaded (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_kpi_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  MdgKpiWindow *self = MDG_KPI_WINDOW (object);

  switch (prop_id)
    {
    case PROP_WORKSTATION:
      self->workstation = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_kpi_window_class_init (MdgKpiWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = mdg_kpi_window_constructed;
  object_class->dispose = mdg_kpi_window_dispose;
  object_class->get_property = mdg_kpi_window_get_property;
  object_class->set_property = mdg_kpi_window_set_property;

  /* the workstation's store (open) */
  properties [PROP_WORKSTATION] =
    g_param_spec_object ("workstation", NULL, NULL, MDG_TYPE_WORKSTATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties [PROP_LOADED] =
    g_param_spec_boolean ("loaded", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (MDG_TYPE_KPI_CHART);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/madoguchi/Madoguchi/ui/mdg-kpi-window.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, stay_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, stay_detail);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, stay_chart);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, usage_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, usage_detail);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, usage_chart);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, satisfaction_label);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, satisfaction_detail);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, satisfaction_chart);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, events_group);
  gtk_widget_class_bind_template_child (widget_class, MdgKpiWindow, bands_group);
  gtk_widget_class_bind_template_callback (widget_class, on_period_dropdown_notify_selected_cb);
}

static void
mdg_kpi_window_init (MdgKpiWindow *self)
{
  self->event_rows = g_ptr_array_new ();
  self->band_rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}

MdgKpiWindow *
mdg_kpi_window_new (GtkApplication *application,
                    MdgWorkstation *workstation)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (MDG_IS_WORKSTATION (workstation), NULL);
  g_return_val_if_fail (mdg_workstation_get_store (workstation) != NULL, NULL);

  return g_object_new (MDG_TYPE_KPI_WINDOW,
                       "application", application,
                       "workstation", workstation,
                       NULL);
}

void
mdg_kpi_window_set_period (MdgKpiWindow *self,
                           MdgKpiPeriod  period)
{
  MdgDay today = _mdg_today ();

  g_return_if_fail (MDG_IS_KPI_WINDOW (self));

  /* The drop-down's handler comes back here with the same period. */
  if (gtk_drop_down_get_selected (self->period_dropdown) != (guint) period)
    {
      gtk_drop_down_set_selected (self->period_dropdown, period);
      return;
    }

  self->last = today;
  switch (period)
    {
    case MDG_KPI_PERIOD_WEEK:
      self->first = today - 6;
      break;
    case MDG_KPI_PERIOD_MONTH:
      self->first = today - 29;
      break;
    case MDG_KPI_PERIOD_FISCAL_YEAR:
      self->first = mdg_day_new (mdg_kpi_fiscal_year (today), 4, 1);
      break;
    case MDG_KPI_PERIOD_TODAY:
    default:
      self->first = today;
      break;
    }

  load (self);
}

gboolean
mdg_kpi_window_get_loaded (MdgKpiWindow *self)
{
  g_return_val_if_fail (MDG_IS_KPI_WINDOW (self), FALSE);

  return self->loaded;
}
