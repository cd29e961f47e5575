/* mdg-sign-in-page.h: a member of counter staff signs in for a shift
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each clerk signs in with a ward login of their own (user name and
 * password). The ward database checks the password; when it cannot be
 * reached, the copy the keyring kept at the last sign-in on this counter
 * does. The password goes to the keyring, keyed by the ward connection and
 * the user, so that the counter's link reconnects on its own during the
 * shift. Signing out, or the screen locking (org.gnome.ScreenSaver
 * ActiveChanged), ends the session.
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define MDG_TYPE_SIGN_IN_PAGE (mdg_sign_in_page_get_type ())

G_DECLARE_FINAL_TYPE (MdgSignInPage, mdg_sign_in_page, MDG, SIGN_IN_PAGE, AdwBin)

/* The ward connection of the settings (its user is replaced by the clerk's). */
void        mdg_sign_in_page_set_conninfo (MdgSignInPage *self,
                                           const char    *conninfo);
/* The "user" property: who is signed in, NULL when nobody is. */
const char *mdg_sign_in_page_get_user     (MdgSignInPage *self);
/* Whether the ward database itself checked the password (FALSE: the
 * keyring's copy did, offline). */
gboolean    mdg_sign_in_page_get_verified (MdgSignInPage *self);
/* The ward connection for the signed-in user. Returns: (transfer full)
 * (nullable): NULL when nobody is signed in */
char       *mdg_sign_in_page_dup_conninfo (MdgSignInPage *self) G_GNUC_WARN_UNUSED_RESULT;
/* Ends the session: "user" becomes NULL; the user name stays filled in. */
void        mdg_sign_in_page_sign_out     (MdgSignInPage *self);

G_END_DECLS
