/* mdg-test-tool.h: runs madoguchi-tool ($MADOGUCHI_TOOL) from a test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Runs the tool with the arguments (NULL-terminated); its stderr goes to
 * the test log, its stdout to @out (nullable). Returns the exit status. */
int mdg_test_run_tool (char       **out,
                       const char  *first,
                       ...) G_GNUC_NULL_TERMINATED;

/* The keyring of the private session bus (DBUS_SESSION_BUS_ADDRESS):
 * gnome-keyring, its data in @dir, unlocked, answering once this returns.
 * Returns: (transfer full): the daemon (force_exit it at the end) */
GSubprocess *mdg_test_start_keyring (const char *dir);

G_END_DECLS
