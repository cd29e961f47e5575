/* mdg-ward-error.h: the error domain of the ward database link
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define MDG_WARD_ERROR (mdg_ward_error_quark ())

typedef enum
{
  /* The connection string is malformed. */
  MDG_WARD_ERROR_CONNINFO,
  /* The server could not be reached, refused us, or did not answer in time. */
  MDG_WARD_ERROR_UNREACHABLE,
  /* The connection broke during an exchange: whether the server committed is
   * unknown, so the caller retries with the same ids. */
  MDG_WARD_ERROR_BROKEN,
  /* The server refused a statement (the message carries the SQLSTATE). */
  MDG_WARD_ERROR_SERVER,
  /* The ward schema is missing or newer than this build knows. */
  MDG_WARD_ERROR_SCHEMA,
  /* No ticket number is left for the band today, or the band is unknown. */
  MDG_WARD_ERROR_NO_NUMBER,
  /* "Call next": no ticket of those bands is waiting. */
  MDG_WARD_ERROR_NOTHING_WAITING,
  /* A ticket operation: no ticket of that id or number today. */
  MDG_WARD_ERROR_NO_TICKET,
  /* A ticket operation the ticket's state does not allow (a recall of a
   * ticket not called, a close of a waiting one…). */
  MDG_WARD_ERROR_TICKET_STATE,
  /* The login's group role may not do this (SQLSTATE 42501): the device
   * uses a login of the wrong role. Retrying does not help. */
  MDG_WARD_ERROR_DENIED,
  /* The connection string holds a password (it belongs in the keyring). */
  MDG_WARD_ERROR_PASSWORD_GIVEN,
  /* The connection string reaches a host that is not on this machine
   * without sslmode=verify-full and sslrootcert (ward-security.md). */
  MDG_WARD_ERROR_NEEDS_TLS,
  /* The ward database refused the user name or the password. */
  MDG_WARD_ERROR_LOGIN,
} MdgWardError;

GQuark mdg_ward_error_quark (void);

G_END_DECLS
