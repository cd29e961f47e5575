/* mdg-tool.c: madoguchi-tool, the engine from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool"

#include "config.h"

#include <glib/gi18n.h>

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "mdg-tool-private.h"

typedef struct
{
  const char *name;
  const char *usage;
  const char *summary;
  int       (*run) (int argc, char **argv);
} Command;

static const Command commands[] = {
  { "guidance", "guidance --case FILE --json",
    "the procedures a case needs, with reason, deadline and what to bring", mdg_tool_guidance },
  { "interview", "interview --case FILE --json",
    "the questions still to ask for a case, in order", mdg_tool_interview },
  { "date", "date YYYY-MM-DD",
    "the date in 和暦 (Japanese era)", mdg_tool_date },
  { "catalog", "catalog [--check DIR]",
    "list the procedure catalog, or check a catalog directory", mdg_tool_catalog },
  { "form", "form --case FILE --procedure ID --output OUT.pdf",
    "the filled application form of a procedure, as PDF", mdg_tool_form },
  { "forms", "forms --case FILE --output DIR",
    "every form the guidance needs, one PDF each, into DIR", mdg_tool_forms },
  { "case", "case save --store PATH --case FILE",
    "store a case as completed, with its outbox row; prints its id", mdg_tool_case },
  { "visit", "visit boxes|complete --case FILE …",
    "the boxes a visit's forms still need, or complete it as the counter does", mdg_tool_visit },
  { "store", "store check|show|forms|purge --store PATH …",
    "check the local store, show one case, write its stored forms, or remove the resident "
    "data the ward confirmed more than N hours ago (--retain-hours, default 24)", mdg_tool_store },
  { "sync", "sync --store PATH --conninfo C",
    "push the whole outbox to the ward database, then pull", mdg_tool_sync },
  { "ward", "ward setup|cases|login --conninfo C",
    "set up the ward schema, list its cases, or keep the password in the keyring", mdg_tool_ward },
  { "ticket", "ticket issue|call-next|recall|hold|transfer|priority|close|rate --store PATH …",
    "issue a numbered ticket, call the next one for a counter, or act on one", mdg_tool_ticket },
  { "kpi", "kpi --store PATH --from DAY --to DAY [--csv] [--by day|band|event]",
    "the plan's KPIs (usage, stay time, satisfaction) from the store's tickets", mdg_tool_kpi },
  { "card", "card status|read [--json] [--with-number] [--confirm]",
    "the card readers, or the My Number card's four items (PIN from stdin)", mdg_tool_card },
  { "bench", "bench NAME [OPTIONS]",
    "benchmarks (bench alone lists them)", mdg_tool_bench },
};

static void
print_help (FILE *stream)
{
  fprintf (stream,
           "Usage: madoguchi-tool COMMAND [OPTIONS…]\n"
           "\n"
           "Madoguchi (窓口) from the command line: the same engine as the counter application.\n"
           "Output goes to standard output; messages go to standard error. FILE may be - for\n"
           "standard input.\n"
           "\n"
           "Commands:\n");
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %-40s %s\n", commands[i].usage, commands[i].summary);
  fprintf (stream,
           "\n"
           "Exit status: 0 success; 1 a failure of the system (unreachable, I/O);\n"
           "2 bad input (the message names the field).\n");
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  /* labels and messages in the language of LANG; MDG_LOCALEDIR: a build tree's */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("MDG_LOCALEDIR") != NULL ? g_getenv ("MDG_LOCALEDIR")
                                                                     : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (argc < 2 || strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
      strcmp (argv[1], "help") == 0)
    {
      print_help (argc < 2 ? stderr : stdout);
      return argc < 2 ? MDG_TOOL_EXIT_BAD_INPUT : MDG_TOOL_EXIT_OK;
    }

  if (strcmp (argv[1], "--version") == 0)
    {
      printf ("madoguchi-tool %s\n", PACKAGE_VERSION);
      return MDG_TOOL_EXIT_OK;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (strcmp (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  fprintf (stderr, "madoguchi-tool: unknown command \"%s\" (see madoguchi-tool --help)\n", argv[1]);
  return MDG_TOOL_EXIT_BAD_INPUT;
}
