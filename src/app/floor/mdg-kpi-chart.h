/* mdg-kpi-chart.h: a bar chart of one KPI per day, against its target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define MDG_TYPE_KPI_CHART (mdg_kpi_chart_get_type ())

G_DECLARE_FINAL_TYPE (MdgKpiChart, mdg_kpi_chart, MDG, KPI_CHART, GtkWidget)

GtkWidget *mdg_kpi_chart_new         (void);
/* Removes the bars and the lines. */
void       mdg_kpi_chart_clear       (MdgKpiChart *self);
/* A bar: @value, and a thin mark at @high (the 90th percentile), or a
 * negative @high for none. @label goes under it ("12/5"). */
void       mdg_kpi_chart_add_bar     (MdgKpiChart *self,
                                      const char  *label,
                                      double       value,
                                      double       high);
/* A horizontal line across the chart: the target (solid) or the
 * baseline (dashed), with its @label. */
void       mdg_kpi_chart_add_line    (MdgKpiChart *self,
                                      const char  *label,
                                      double       value,
                                      gboolean     dashed);
/* The unit written after the values of the scale (" min", "%"). */
void       mdg_kpi_chart_set_unit    (MdgKpiChart *self,
                                      const char  *unit);
guint      mdg_kpi_chart_get_n_bars  (MdgKpiChart *self);

G_END_DECLS
