/* test-core.h: the areas of test-core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

void test_bands_register     (void);
void test_case_register      (void);
void test_catalog_register   (void);
void test_date_register      (void);
void test_form_boxes_register (void);
void test_guidance_register  (void);
void test_handoff_register   (void);
void test_input_register     (void);
void test_interview_register (void);
void test_kiosk_purposes_register (void);
void test_kpi_register       (void);
void test_queue_register     (void);
void test_search_register    (void);
void test_visit_register     (void);

G_END_DECLS
