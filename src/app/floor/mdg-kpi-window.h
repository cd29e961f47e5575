/* mdg-kpi-window.h: the plan's KPIs, measured by the system, against its targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_KPI_WINDOW (mdg_kpi_window_get_type ())

G_DECLARE_FINAL_TYPE (MdgKpiWindow, mdg_kpi_window, MDG, KPI_WINDOW, AdwApplicationWindow)

typedef enum
{
  MDG_KPI_PERIOD_TODAY,
  MDG_KPI_PERIOD_WEEK,         /* the last 7 days */
  MDG_KPI_PERIOD_MONTH,        /* the last 30 days */
  MDG_KPI_PERIOD_FISCAL_YEAR,  /* since 1 April */
} MdgKpiPeriod;

/* On @workstation's store (open; the "workstation" construct property). */
MdgKpiWindow *mdg_kpi_window_new        (GtkApplication *application,
                                         MdgWorkstation *workstation) G_GNUC_WARN_UNUSED_RESULT;
void          mdg_kpi_window_set_period (MdgKpiWindow   *self,
                                         MdgKpiPeriod    period);
/* The "loaded" property: the figures of the period are on screen. */
gboolean      mdg_kpi_window_get_loaded (MdgKpiWindow   *self);

G_END_DECLS
