/* mdg-kpi-chart.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Drawn with cairo into the widget's snapshot: the bars in the accent
 * blue, the 90th percentile as a tick above each, the lines in orange.
 * The colours follow the light or dark style.
 */

#define G_LOG_DOMAIN "mdg-kpi-chart"

#include "config.h"

#include <adwaita.h>
#include <math.h>

#include "mdg-kpi-chart.h"

#define AXIS_WIDTH   56
#define LABEL_HEIGHT 22
#define TOP_MARGIN   10

typedef struct
{
  char   *label;
  double  value;
  double  high;
} Bar;

typedef struct
{
  char     *label;
  double    value;
  gboolean  dashed;
} Line;

struct _MdgKpiChart
{
  GtkWidget  parent_instance;

  /* owned */
  GArray    *bars;    /* Bar */
  GArray    *lines;   /* Line */
  char      *unit;
};

G_DEFINE_FINAL_TYPE (MdgKpiChart, mdg_kpi_chart, GTK_TYPE_WIDGET)

static void
bar_clear (gpointer data)
{
  g_free (((Bar *) data)->label);
}

static void
line_clear (gpointer data)
{
  g_free (((Line *) data)->label);
}

/* A round top of the scale: 1, 2 or 5 times a power of ten. */
static double
nice_ceiling (double value)
{
  double power;
  double fraction;

  if (value <= 0)
    return 1;
  power = pow (10, floor (log10 (value)));
  fraction = value / power;
  if (fraction <= 1)
    return power;
  if (fraction <= 2)
    return 2 * power;
  if (fraction <= 5)
    return 5 * power;
  return 10 * power;
}

static void
show_text (MdgKpiChart *self,
           cairo_t     *cr,
           const char  *text,
           double       x,
           double       y,
           double       xalign)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (GTK_WIDGET (self), text);
  int width, height;

  pango_layout_get_pixel_size (layout, &width, &height);
  cairo_move_to (cr, x - width * xalign, y - height / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static char *
dup_value_text (MdgKpiChart *self,
                double       value)
{
  return g_strdup_printf ("%g%s", value, self->unit != NULL ? self->unit : "");
}

static void
mdg_kpi_chart_snapshot (GtkWidget   *widget,
                        GtkSnapshot *snapshot)
{
  MdgKpiChart *self = (MdgKpiChart *)widget;
  gboolean dark = adw_style_manager_get_dark (adw_style_manager_get_default ());
  double fg = dark ? 1.0 : 0.0;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double plot_w = width - AXIS_WIDTH - 8;
  double plot_h = height - LABEL_HEIGHT - TOP_MARGIN;
  double top = 0;
  double step;
  cairo_t *cr;

  if (width <= AXIS_WIDTH + 16 || height <= LABEL_HEIGHT + TOP_MARGIN + 8)
    return;

  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);

      top = MAX (top, MAX (bar->value, bar->high));
    }
  for (guint i = 0; i < self->lines->len; i++)
    top = MAX (top, g_array_index (self->lines, Line, i).value);
  top = nice_ceiling (top * 1.05);

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));

  /* the scale: four steps, faint rules */
  cairo_set_line_width (cr, 1);
  for (int i = 0; i <= 4; i++)
    {
      double y = TOP_MARGIN + plot_h - plot_h * i / 4.0;
      g_autofree char *text = dup_value_text (self, top * i / 4.0);

      cairo_set_source_rgba (cr, fg, fg, fg, 0.12);
      cairo_move_to (cr, AXIS_WIDTH, floor (y) + 0.5);
      cairo_line_to (cr, width - 8, floor (y) + 0.5);
      cairo_stroke (cr);
      cairo_set_source_rgba (cr, fg, fg, fg, 0.6);
      show_text (self, cr, text, AXIS_WIDTH - 6, y, 1.0);
    }

  /* the bars, and the 90th percentile above each */
  step = self->bars->len > 0 ? plot_w / self->bars->len : plot_w;
  for (guint i = 0; i < self->bars->len; i++)
    {
      const Bar *bar = &g_array_index (self->bars, Bar, i);
      double bar_w = MIN (step * 0.6, 48);
      double x = AXIS_WIDTH + step * i + (step - bar_w) / 2;
      double h = plot_h * bar->value / top;

      cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);   /* @accent_bg_color */
      cairo_rectangle (cr, x, TOP_MARGIN + plot_h - h, bar_w, h);
      cairo_fill (cr);

      if (bar->high >= 0)
        {
          double y = TOP_MARGIN + plot_h - plot_h * bar->high / top;

          cairo_set_source_rgba (cr, fg, fg, fg, 0.7);
          cairo_set_line_width (cr, 2);
          cairo_move_to (cr, x, y);
          cairo_line_to (cr, x + bar_w, y);
          cairo_move_to (cr, x + bar_w / 2, y);
          cairo_line_to (cr, x + bar_w / 2, TOP_MARGIN + plot_h - h);
          cairo_stroke (cr);
        }

      /* every label when there is room, else every few */
      if (step >= 36 || i % (guint) ceil (36 / step) == 0)
        {
          cairo_set_source_rgba (cr, fg, fg, fg, 0.6);
          show_text (self, cr, bar->label, x + bar_w / 2, height - LABEL_HEIGHT / 2.0, 0.5);
        }
    }

  /* the target and the baseline */
  for (guint i = 0; i < self->lines->len; i++)
    {
      const Line *line = &g_array_index (self->lines, Line, i);
      double y = TOP_MARGIN + plot_h - plot_h * line->value / top;
      double dash[] = { 6, 4 };

      cairo_set_source_rgb (cr, 0.90, 0.38, 0.0);    /* @orange_4 */
      cairo_set_line_width (cr, 2);
      cairo_set_dash (cr, dash, line->dashed ? 2 : 0, 0);
      cairo_move_to (cr, AXIS_WIDTH, y);
      cairo_line_to (cr, width - 8, y);
      cairo_stroke (cr);
      cairo_set_dash (cr, NULL, 0, 0);
      show_text (self, cr, line->label, width - 12, y - 10, 1.0);
    }

  cairo_destroy (cr);
}

static void
mdg_kpi_chart_measure (GtkWidget      *widget,
                       GtkOrientation  orientation,
                       int             for_size,
                       int            *minimum,
                       int            *natural,
                       int            *minimum_baseline,
                       int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 240;
  else
    *minimum = *natural = 180;
}

static void
mdg_kpi_chart_finalize (GObject *object)
{
  MdgKpiChart *self = (MdgKpiChart *)object;

  g_clear_pointer (&self->bars, g_array_unref);
  g_clear_pointer (&self->lines, g_array_unref);
  g_clear_pointer (&self->unit, g_free);

  G_OBJECT_CLASS (mdg_kpi_chart_parent_class)->finalize (object);
}

static void
mdg_kpi_chart_class_init (MdgKpiChartClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = mdg_kpi_chart_finalize;
  widget_class->snapshot = mdg_kpi_chart_snapshot;
  widget_class->measure = mdg_kpi_chart_measure;
  gtk_widget_class_set_css_name (widget_class, "kpichart");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
on_dark_changed_cb (MdgKpiChart *self)
{
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

static void
mdg_kpi_chart_init (MdgKpiChart *self)
{
  self->bars = g_array_new (FALSE, TRUE, sizeof (Bar));
  g_array_set_clear_func (self->bars, bar_clear);
  self->lines = g_array_new (FALSE, TRUE, sizeof (Line));
  g_array_set_clear_func (self->lines, line_clear);
  g_signal_connect_object (adw_style_manager_get_default (), "notify::dark",
                           G_CALLBACK (on_dark_changed_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
mdg_kpi_chart_new (void)
{
  return g_object_new (MDG_TYPE_KPI_CHART, NULL);
}

void
mdg_kpi_chart_clear (MdgKpiChart *self)
{
  g_return_if_fail (MDG_IS_KPI_CHART (self));

  g_array_set_size (self->bars, 0);
  g_array_set_size (self->lines, 0);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mdg_kpi_chart_add_bar (MdgKpiChart *self,
                       const char  *label,
                       double       value,
                       double       high)
{
  Bar bar = { g_strdup (label), MAX (value, 0), high };

  g_return_if_fail (MDG_IS_KPI_CHART (self));

  g_array_append_val (self->bars, bar);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mdg_kpi_chart_add_line (MdgKpiChart *self,
                        const char  *label,
                        double       value,
                        gboolean     dashed)
{
  Line line = { g_strdup (label), value, dashed };

  g_return_if_fail (MDG_IS_KPI_CHART (self));

  g_array_append_val (self->lines, line);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
mdg_kpi_chart_set_unit (MdgKpiChart *self,
                        const char  *unit)
{
  g_return_if_fail (MDG_IS_KPI_CHART (self));

  g_free (self->unit);
  self->unit = g_strdup (unit);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
mdg_kpi_chart_get_n_bars (MdgKpiChart *self)
{
  g_return_val_if_fail (MDG_IS_KPI_CHART (self), 0);

  return self->bars->len;
}
