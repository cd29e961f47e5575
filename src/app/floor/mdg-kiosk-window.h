/* mdg-kiosk-window.h: the ticket kiosk (番号発券機) by the entrance
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-workstation.h"

G_BEGIN_DECLS

#define MDG_TYPE_KIOSK_WINDOW (mdg_kiosk_window_get_type ())

G_DECLARE_FINAL_TYPE (MdgKioskWindow, mdg_kiosk_window, MDG, KIOSK_WINDOW, AdwApplicationWindow)

/* A full-screen kiosk on @workstation's store and queue (the store open;
 * the "workstation" construct property); it issues online through the
 * workstation's ward link while that is online, else from the leased
 * numbers. (The "fullscreen" construct property FALSE makes it a plain
 * window, for the tests.) */
MdgKioskWindow *mdg_kiosk_window_new                (GtkApplication *application,
                                                     MdgWorkstation *workstation)
                                                     G_GNUC_WARN_UNUSED_RESULT;
/* Every receipt goes to the PDF file @path (GTK_PRINT_OPERATION_ACTION_EXPORT)
 * instead of the printer of the kiosk-printer setting; %NULL to print
 * again. For the tests. */
void            mdg_kiosk_window_set_receipt_export (MdgKioskWindow *self,
                                                     const char     *path);
/* Receipts printed (or exported) since the window opened. */
guint           mdg_kiosk_window_get_receipts       (MdgKioskWindow *self);

G_END_DECLS
