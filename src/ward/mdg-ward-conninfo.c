/* mdg-ward-conninfo.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-ward-conninfo"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mdg-ward-conninfo.h"
#include "mdg-ward-error.h"

static const char *
find_value (const PQconninfoOption *options,
            const char             *keyword)
{
  for (const PQconninfoOption *option = options; option != NULL && option->keyword != NULL;
       option++)
    {
      if (strcmp (option->keyword, keyword) == 0)
        return option->val;
    }

  return NULL;
}

/* What libpq will use: the string's value, else its default (the service
 * of PGSERVICE, then the environment, then the built-in default). */
static const char *
effective_value (const PQconninfoOption *options,
                 const PQconninfoOption *defaults,
                 const char             *keyword)
{
  const char *value = find_value (options, keyword);

  return value != NULL ? value : find_value (defaults, keyword);
}

static gboolean
address_is_loopback (const char *text)
{
  g_autoptr(GInetAddress) address = g_inet_address_new_from_string (text);

  return address != NULL && g_inet_address_get_is_loopback (address);
}

gboolean
mdg_ward_conninfo_host_is_local (const char *host)
{
  if (host == NULL || host[0] == '\0')
    return TRUE;
  /* A socket directory, or an abstract socket (libpq 14+) */
  if (host[0] == '/' || host[0] == '@')
    return TRUE;
  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  return address_is_loopback (host);
}

/* Every entry of the host and hostaddr lists must be on this machine: a
 * hostaddr decides where libpq connects, a host what it calls the server. */
static gboolean
reaches_only_local (const char  *hosts,
                    const char  *addresses,
                    char       **remote)
{
  g_auto(GStrv) host_list = g_strsplit (hosts != NULL ? hosts : "", ",", -1);
  g_auto(GStrv) address_list = g_strsplit (addresses != NULL ? addresses : "", ",", -1);

  for (guint i = 0; host_list[i] != NULL; i++)
    {
      if (!mdg_ward_conninfo_host_is_local (host_list[i]))
        {
          *remote = g_strdup (host_list[i]);
          return FALSE;
        }
    }

  for (guint i = 0; address_list[i] != NULL; i++)
    {
      if (address_list[i][0] != '\0' && !address_is_loopback (address_list[i]))
        {
          *remote = g_strdup (address_list[i]);
          return FALSE;
        }
    }

  return TRUE;
}

PQconninfoOption *
mdg_ward_conninfo_check (const char  *conninfo,
                         gboolean    *local,
                         GError     **error)
{
  g_autoptr(PQconninfoOption) options = NULL;
  g_autoptr(PQconninfoOption) defaults = NULL;
  g_autofree char *remote = NULL;
  const char *sslmode;
  const char *sslrootcert;
  char *message = NULL;

  g_return_val_if_fail (conninfo != NULL, NULL);

  /* libpq's message quotes the string, and with it any password. */
  if (!(options = PQconninfoParse (conninfo, &message)))
    {
      PQfreemem (message);
      g_set_error_literal (error, MDG_WARD_ERROR, MDG_WARD_ERROR_CONNINFO,
                           "The connection string is malformed: write keyword=value pairs "
                           "(host=… port=… dbname=… user=… sslmode=…) or a postgresql:// URI "
                           "(the string is not repeated here: it may hold a password)");
      return NULL;
    }

  if (find_value (options, "password") != NULL)
    {
      g_set_error_literal (error, MDG_WARD_ERROR, MDG_WARD_ERROR_PASSWORD_GIVEN,
                           "The connection string holds a password: take it out, and keep "
                           "the password in the keyring (madoguchi-tool ward login)");
      return NULL;
    }

  /* A service file would give host and sslmode that could not be checked
   * here (PGSERVICE, in the defaults, is checked). */
  if (find_value (options, "service") != NULL)
    {
      g_set_error_literal (error, MDG_WARD_ERROR, MDG_WARD_ERROR_CONNINFO,
                           "The connection string names a service: write its host, port, "
                           "dbname, sslmode and sslrootcert in the string instead");
      return NULL;
    }

  if (!(defaults = PQconndefaults ()))
    {
      g_set_error_literal (error, MDG_WARD_ERROR, MDG_WARD_ERROR_CONNINFO,
                           "The defaults of the connection cannot be read (out of memory)");
      return NULL;
    }

  if (reaches_only_local (effective_value (options, defaults, "host"),
                          effective_value (options, defaults, "hostaddr"), &remote))
    {
      if (local != NULL)
        *local = TRUE;
      return g_steal_pointer (&options);
    }

  sslmode = effective_value (options, defaults, "sslmode");
  sslrootcert = effective_value (options, defaults, "sslrootcert");
  if (g_strcmp0 (sslmode, "verify-full") != 0 || sslrootcert == NULL || sslrootcert[0] == '\0')
    {
      g_set_error (error, MDG_WARD_ERROR, MDG_WARD_ERROR_NEEDS_TLS,
                   "The ward database at %s is not on this machine: the connection string "
                   "needs sslmode=verify-full and sslrootcert=FILE (the ward's CA "
                   "certificate), so that no password goes to a server that has not proved "
                   "who it is (sslmode is %s)", remote, sslmode != NULL ? sslmode : "prefer");
      return NULL;
    }

  if (local != NULL)
    *local = FALSE;
  return g_steal_pointer (&options);
}

char *
mdg_ward_conninfo_dup_value (const char *conninfo,
                             const char *keyword)
{
  g_autoptr(PQconninfoOption) options = NULL;

  g_return_val_if_fail (keyword != NULL, NULL);

  if (conninfo == NULL || !(options = PQconninfoParse (conninfo, NULL)))
    return NULL;

  return g_strdup (find_value (options, keyword));
}

static void
append_quoted (GString    *out,
               const char *keyword,
               const char *value)
{
  if (out->len > 0)
    g_string_append_c (out, ' ');
  g_string_append_printf (out, "%s='", keyword);
  for (const char *p = value; *p != '\0'; p++)
    {
      if (*p == '\'' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '\'');
}

char *
mdg_ward_conninfo_dup_for_user (const char  *conninfo,
                                const char  *user,
                                GError     **error)
{
  g_autoptr(PQconninfoOption) options = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (conninfo != NULL, NULL);
  g_return_val_if_fail (user != NULL, NULL);

  if (!(options = mdg_ward_conninfo_check (conninfo, NULL, error)))
    return NULL;

  for (PQconninfoOption *option = options; option->keyword != NULL; option++)
    {
      if (option->val != NULL && strcmp (option->keyword, "user") != 0)
        append_quoted (out, option->keyword, option->val);
    }
  append_quoted (out, "user", user);

  return g_string_free (g_steal_pointer (&out), FALSE);
}
