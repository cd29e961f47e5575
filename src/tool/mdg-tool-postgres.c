/* mdg-tool-postgres.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-postgres"

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <pwd.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "mdg-tool-postgres.h"

#define DEFAULT_BINDIR "/usr/lib/postgresql/15/bin"

struct _MdgToolPostgres
{
  char    *dir;
  char    *data;
  char    *port;
  char    *password;
  char    *passfile;
  char    *bindir;
  char    *tls_options;
  gboolean fsync;
  gboolean running;
  uid_t    uid;
  gid_t    gid;
};

static void
child_setup (gpointer user_data)
{
  MdgToolPostgres *self = user_data;

  /* PostgreSQL refuses to run as root. */
  if (getuid () == 0)
    {
      if (setgid (self->gid) != 0 || setuid (self->uid) != 0)
        _exit (127);
    }
}

static gboolean
run (MdgToolPostgres     *self,
     GError             **error,
     const char * const  *argv)
{
  g_autofree char *output = NULL;
  g_autofree char *program = g_build_filename (self->bindir, argv[0], NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  int wait_status;

  g_ptr_array_add (args, program);
  for (guint i = 1; argv[i] != NULL; i++)
    g_ptr_array_add (args, (char *) argv[i]);
  g_ptr_array_add (args, NULL);

  if (!g_spawn_sync (self->dir, (char **) args->pdata, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                     child_setup, self, NULL, &output, &wait_status, error))
    return FALSE;

  if (!g_spawn_check_wait_status (wait_status, error))
    {
      g_prefix_error (error, "%s: %s: ", argv[0], output != NULL ? output : "");
      return FALSE;
    }

  return TRUE;
}

static char *
find_free_port (GError **error)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  if (!(socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM,
                               G_SOCKET_PROTOCOL_TCP, error)) ||
      !g_socket_bind (socket, address, FALSE, error) ||
      !(bound = g_socket_get_local_address (socket, error)))
    return NULL;

  return g_strdup_printf ("%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
}

static gboolean
start_server (MdgToolPostgres  *self,
              GError          **error)
{
  g_autofree char *options = NULL;
  g_autofree char *log = g_build_filename (self->dir, "postgres.log", NULL);
  const char *argv[] = { "pg_ctl", "-D", self->data, "-l", log, "-w", "-t", "60", "-o", NULL,
                         "start", NULL };

  options = g_strdup_printf ("-p %s -k %s -c listen_addresses=127.0.0.1 -c fsync=%s "
                             "-c max_connections=100 -c shared_buffers=32MB%s",
                             self->port, self->dir, self->fsync ? "on" : "off",
                             self->tls_options != NULL ? self->tls_options : "");
  argv[9] = options;
  if (!run (self, error, argv))
    return FALSE;

  self->running = TRUE;
  return TRUE;
}

MdgToolPostgres *
mdg_tool_postgres_start (gboolean   fsync,
                         GError   **error)
{
  g_autoptr(MdgToolPostgres) self = g_new0 (MdgToolPostgres, 1);
  g_autofree char *pwfile = NULL;
  const char *env = g_getenv ("MDG_PG_BINDIR");

  self->bindir = g_strdup (env != NULL && env[0] != '\0' ? env : DEFAULT_BINDIR);
  self->fsync = fsync;
  self->uid = getuid ();
  self->gid = getgid ();
  if (getuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "Running as root needs the postgres user (package postgresql-15)");
          return NULL;
        }
      self->uid = pw->pw_uid;
      self->gid = pw->pw_gid;
    }

  if (!(self->dir = g_dir_make_tmp ("mdg-pg-XXXXXX", error)))
    return NULL;
  if (chown (self->dir, self->uid, self->gid) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Cannot chown %s", self->dir);
      return NULL;
    }

  self->data = g_build_filename (self->dir, "data", NULL);
  self->password = g_uuid_string_random ();
  pwfile = g_build_filename (self->dir, "pwfile", NULL);
  if (!g_file_set_contents (pwfile, self->password, -1, error) ||
      chown (pwfile, self->uid, self->gid) != 0)
    return NULL;

  {
    g_autofree char *pwfile_arg = g_strconcat ("--pwfile=", pwfile, NULL);
    const char *argv[] = { "initdb", "-D", self->data, "-U", "postgres", "-E", "UTF8",
                           "--locale=C", "--no-sync", "--auth-local=trust",
                           "--auth-host=scram-sha-256", pwfile_arg, NULL };

    if (!run (self, error, argv))
      return NULL;
  }
  g_unlink (pwfile);

  /* Clients take the password from a libpq password file, never from the
   * connection string (ward-security.md). */
  self->passfile = g_build_filename (self->dir, "pgpass", NULL);
  if (!mdg_tool_postgres_add_password (self, "postgres", self->password, error))
    return NULL;

  if (!(self->port = find_free_port (error)) || !start_server (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

gboolean
mdg_tool_postgres_stop (MdgToolPostgres  *self,
                        GError          **error)
{
  const char *argv[] = { "pg_ctl", "-D", self->data, "-m", "fast", "-w", "-t", "60", "stop",
                         NULL };

  if (!self->running)
    return TRUE;
  if (!run (self, error, argv))
    return FALSE;

  self->running = FALSE;
  return TRUE;
}

gboolean
mdg_tool_postgres_restart (MdgToolPostgres  *self,
                           GError          **error)
{
  return mdg_tool_postgres_stop (self, error) && start_server (self, error);
}

char *
mdg_tool_postgres_dup_conninfo (MdgToolPostgres *self,
                                const char      *dbname)
{
  return g_strdup_printf ("host=127.0.0.1 port=%s dbname=%s user=postgres passfile='%s'",
                          self->port, dbname, self->passfile);
}

const char *
mdg_tool_postgres_get_password (MdgToolPostgres *self)
{
  return self->password;
}

gboolean
mdg_tool_postgres_add_password (MdgToolPostgres  *self,
                                const char       *user,
                                const char       *password,
                                GError          **error)
{
  g_autofree char *contents = NULL;
  g_autofree char *line = g_strdup_printf ("*:*:*:%s:%s\n", user, password);

  g_return_val_if_fail (strchr (user, ':') == NULL && strchr (password, ':') == NULL, FALSE);

  if (!g_file_get_contents (self->passfile, &contents, NULL, NULL))
    contents = g_strdup ("");
  contents = g_strconcat (contents, line, NULL);
  /* libpq ignores a password file others can read. */
  if (!g_file_set_contents_full (self->passfile, contents, -1, G_FILE_SET_CONTENTS_CONSISTENT,
                                 0600, error))
    return FALSE;
  return TRUE;
}

gboolean
mdg_tool_postgres_set_tls (MdgToolPostgres  *self,
                           const char       *cert_file,
                           const char       *key_file,
                           GError          **error)
{
  const char *names[] = { "server.crt", "server.key" };
  const char *sources[] = { cert_file, key_file };
  g_autofree char *cert = g_build_filename (self->dir, names[0], NULL);
  g_autofree char *key = g_build_filename (self->dir, names[1], NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *target = g_build_filename (self->dir, names[i], NULL);
      gsize length;

      /* The server refuses a key others can read, or that it does not own. */
      if (!g_file_get_contents (sources[i], &contents, &length, error) ||
          !g_file_set_contents_full (target, contents, length, G_FILE_SET_CONTENTS_CONSISTENT,
                                     0600, error))
        return FALSE;
      if (chown (target, self->uid, self->gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "Cannot chown %s",
                       target);
          return FALSE;
        }
    }

  g_free (self->tls_options);
  self->tls_options = g_strdup_printf (" -c ssl=on -c ssl_cert_file=%s -c ssl_key_file=%s",
                                       cert, key);
  return !self->running || mdg_tool_postgres_restart (self, error);
}

const char *
mdg_tool_postgres_get_port (MdgToolPostgres *self)
{
  return self->port;
}

char *
mdg_tool_postgres_dup_socket_conninfo (MdgToolPostgres *self,
                                       const char      *dbname,
                                       const char      *user)
{
  return g_strdup_printf ("host=%s port=%s dbname=%s user=%s", self->dir, self->port, dbname,
                          user);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)))
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
mdg_tool_postgres_free (MdgToolPostgres *self)
{
  if (self == NULL)
    return;

  if (self->running)
    mdg_tool_postgres_stop (self, NULL);
  if (self->dir != NULL)
    remove_tree (self->dir);
  g_free (self->dir);
  g_free (self->data);
  g_free (self->port);
  g_free (self->password);
  g_free (self->passfile);
  g_free (self->tls_options);
  g_free (self->bindir);
  g_free (self);
}
