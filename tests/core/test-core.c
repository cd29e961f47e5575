/* test-core.c: one binary for src/core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <locale.h>

#include "test-core.h"

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  test_date_register ();
  test_form_boxes_register ();
  test_bands_register ();
  test_case_register ();
  test_catalog_register ();
  test_guidance_register ();
  test_handoff_register ();
  test_input_register ();
  test_interview_register ();
  test_kiosk_purposes_register ();
  test_kpi_register ();
  test_queue_register ();
  test_search_register ();
  test_visit_register ();

  return g_test_run ();
}
