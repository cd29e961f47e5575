/* mdg-test-tool.h: runs madoguchi-tool ($MADOGUCHI_TOOL) from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Runs the tool with the arguments (NULL-terminated); its stderr goes to
 * the test log, its stdout to @out (nullable). Returns the exit status. */
int mdg_test_run_tool (char       **out,
                       const char  *first,
                       ...) G_GNUC_NULL_TERMINATED;

G_END_DECLS
