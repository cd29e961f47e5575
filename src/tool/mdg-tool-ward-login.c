/* mdg-tool-ward-login.c: ward login, the password into the keyring
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The password is read without echo from a terminal, else as one line of
 * standard input (scripts, tests); never from the connection string, which
 * must follow the rules of a connection (ward-security.md) before anything
 * is kept for it.
 */

#define G_LOG_DOMAIN "mdg-tool-ward-login"

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "mdg-tool-private.h"
#include "mdg-ward-conninfo.h"
#include "mdg-ward-credentials.h"
#include "mdg-ward-error.h"

/* The terminal as it was, put back when an interrupt ends the command
 * while its echo is off. */
static struct termios saved_terminal;

static void
restore_terminal_handler (int signum)
{
  tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved_terminal);
  if (write (STDERR_FILENO, "\n", 1) < 0)
    {
      /* nothing more to do in a signal handler */
    }
  signal (signum, SIG_DFL);
  raise (signum);
}

/* One line of standard input, without echo when it is a terminal.
 * Returns: (transfer full) (nullable) */
static char *
read_password (void)
{
  g_autoptr(GString) line = g_string_new (NULL);
  struct termios saved;
  gboolean tty = isatty (STDIN_FILENO);
  gboolean silenced = FALSE;
  int c;

  if (tty)
    {
      /* Echo off before the prompt: nothing typed after it shows. */
      if (tcgetattr (STDIN_FILENO, &saved) == 0)
        {
          struct termios quiet = saved;

          quiet.c_lflag &= ~(ECHO | ECHONL);
          quiet.c_lflag |= ICANON;
          saved_terminal = saved;
          signal (SIGINT, restore_terminal_handler);
          signal (SIGTERM, restore_terminal_handler);
          signal (SIGHUP, restore_terminal_handler);
          silenced = tcsetattr (STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
        }
      if (!silenced)
        {
          mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "cannot turn off the terminal's echo");
          return NULL;
        }
      fprintf (stderr, "Password for the ward database: ");
      fflush (stderr);
    }

  while ((c = getchar ()) != EOF && c != '\n')
    {
      if (c != '\r')
        g_string_append_c (line, c);
    }

  if (silenced)
    {
      tcsetattr (STDIN_FILENO, TCSAFLUSH, &saved);
      signal (SIGINT, SIG_DFL);
      signal (SIGTERM, SIG_DFL);
      signal (SIGHUP, SIG_DFL);
      fprintf (stderr, "\n");
    }

  if (c == EOF && line->len == 0)
    return NULL;

  {
    char *password = g_strndup (line->str, line->len);

    memset (line->str, 0, line->len);
    return password;
  }
}

int
mdg_tool_ward_login (const char *conninfo)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(PQconninfoOption) options = NULL;
  g_autofree char *password = NULL;

  if (conninfo == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--conninfo C is required");
  /* The rules of a connection (no password in the string, TLS to a remote
   * host): a password is kept only for a string that may connect. */
  if (!(options = mdg_ward_conninfo_check (conninfo, NULL, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "ward login: %s", error->message);

  if (!(password = read_password ()))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "no password on standard input");

  mdg_ward_credentials_store_for_conninfo_async (conninfo, password, NULL, mdg_tool_async_cb,
                                                 &result);
  memset (password, 0, strlen (password));
  if (!mdg_ward_credentials_store_finish (mdg_tool_wait (&result), &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "cannot store the password in the keyring: %s",
                          error->message);

  fprintf (stderr, "madoguchi-tool: the password is in the keyring\n");
  return MDG_TOOL_EXIT_OK;
}
