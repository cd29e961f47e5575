/* mdg-tool-core.c: guidance, interview, date and catalog commands
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-core"

#include "config.h"

#include <gio/gio.h>
#include <gio/gunixinputstream.h>
#include <stdio.h>
#include <string.h>

#include "mdg-core-error.h"
#include "mdg-date.h"
#include "mdg-form.h"
#include "mdg-guidance.h"
#include "mdg-interview.h"
#include "mdg-tool-private.h"

int
mdg_tool_fail (int         status,
               const char *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  /* one line, whatever the message holds */
  g_strdelimit (message, "\n\r", ' ');
  fprintf (stderr, "madoguchi-tool: %s\n", message);
  return status;
}

gboolean
mdg_tool_parse_options (GOptionEntry   *entries,
                        const char     *parameter,
                        int            *argc,
                        char         ***argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameter);
  g_autoptr(GError) error = NULL;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);
      return FALSE;
    }

  return TRUE;
}

GBytes *
mdg_tool_read_all (const char  *file,
          GError     **error)
{
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GOutputStream) memory = NULL;

  if (strcmp (file, "-") != 0)
    {
      char *contents;
      gsize length;

      if (!g_file_get_contents (file, &contents, &length, error))
        return NULL;
      return g_bytes_new_take (contents, length);
    }

  stream = g_unix_input_stream_new (0, FALSE);
  memory = g_memory_output_stream_new_resizable ();
  if (g_output_stream_splice (memory, stream, G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL,
                              error) < 0)
    return NULL;

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));
}

MdgCase *
mdg_tool_load_case (const char *file,
                    int        *status)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  MdgCase *kase;
  gsize length;
  const char *data;

  if (file == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--case FILE is required");
      return NULL;
    }

  if (!(bytes = mdg_tool_read_all (file, &error)))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "cannot read the case file %s: %s",
                               file, error->message);
      return NULL;
    }

  data = g_bytes_get_data (bytes, &length);
  kase = mdg_case_new_from_data (data ? data : "", length, MDG_DAY_INVALID, &error);
  if (kase == NULL)
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "malformed case file: %s", error->message);
      return NULL;
    }
  /* the catalog says which procedures staff may add; a broken catalog is
   * reported by whoever loads it next */
  if ((catalog = mdg_catalog_load_default (NULL)) != NULL &&
      !mdg_catalog_check_case (catalog, kase, &error))
    {
      *status = mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "malformed case file: %s", error->message);
      mdg_case_unref (kase);
      return NULL;
    }

  return kase;
}

MdgCatalog *
mdg_tool_load_catalog (int *status)
{
  g_autoptr(GError) error = NULL;
  MdgCatalog *catalog = mdg_catalog_load_default (&error);

  if (catalog == NULL)
    *status = mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the procedure catalog is broken: %s",
                             error->message);

  return catalog;
}

void
mdg_tool_print_json (JsonNode *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_root (generator, node);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);
  fputc ('\n', stdout);
  fflush (stdout);
}

typedef enum
{
  CASE_GUIDANCE,
  CASE_INTERVIEW,
} CaseCommand;

static int
run_case_command (CaseCommand   command,
                  int           argc,
                  char        **argv)
{
  g_autofree char *file = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(JsonNode) node = NULL;
  gboolean json = FALSE;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (JSON; - for stdin)", "FILE" },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print JSON (the only output format)", NULL },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc > 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);

  if (!(catalog = mdg_tool_load_catalog (&status)))
    return status;
  if (!(kase = mdg_tool_load_case (file, &status)))
    return status;

  if (command == CASE_GUIDANCE)
    {
      g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);

      node = mdg_guidance_to_node (guidance);
    }
  else
    {
      g_autoptr(GPtrArray) questions = mdg_interview_next_questions (catalog, kase);

      node = mdg_interview_to_node (questions);
    }

  mdg_tool_print_json (node);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_guidance (int    argc,
                   char **argv)
{
  return run_case_command (CASE_GUIDANCE, argc, argv);
}

int
mdg_tool_interview (int    argc,
                    char **argv)
{
  return run_case_command (CASE_INTERVIEW, argc, argv);
}

int
mdg_tool_date (int    argc,
               char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *wareki = NULL;
  MdgDay day;

  if (argc != 2)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "usage: madoguchi-tool date YYYY-MM-DD");

  if (!mdg_day_parse_iso (argv[1], &day, &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);

  if (!(wareki = mdg_date_format_wareki (day)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                          "%s is before 明治6年1月1日 (1873-01-01), the first day of the "
                          "Gregorian calendar in Japan", argv[1]);

  printf ("%s\n", wareki);
  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_catalog (int    argc,
                  char **argv)
{
  g_autofree char *check = NULL;
  g_autofree char *forms_dir = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(GError) error = NULL;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "check", 0, 0, G_OPTION_ARG_FILENAME, &check,
      "Load and validate the catalog files of DIR", "DIR" },
    { "forms", 0, 0, G_OPTION_ARG_FILENAME, &forms_dir,
      "With --check: the form layouts and boxes.xml to check against it (default: DIR/../forms)",
      "FORMS" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;

  if (check != NULL)
    {
      g_autoptr(MdgFormCatalog) forms = NULL;

      if (!(catalog = mdg_catalog_new_from_dir (check, &error)))
        return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);
      fprintf (stderr, "%s: %u procedures, sound\n", check, mdg_catalog_get_n_procedures (catalog));

      /* the layouts bind only to declared boxes and serve known procedures */
      if (forms_dir == NULL)
        {
          g_autofree char *parent = g_path_get_dirname (check);
          g_autofree char *sibling = g_build_filename (parent, "forms", NULL);

          if (g_file_test (sibling, G_FILE_TEST_IS_DIR))
            forms_dir = g_steal_pointer (&sibling);
        }
      if (forms_dir != NULL)
        {
          if (!(forms = mdg_form_catalog_new_from_dir (forms_dir, catalog, &error)))
            return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "%s", error->message);
          fprintf (stderr, "%s: %u form layouts, %u boxes, sound\n", forms_dir,
                   mdg_form_catalog_get_n_layouts (forms),
                   mdg_form_boxes_get_n_boxes (mdg_form_catalog_get_boxes (forms)));
        }
      return MDG_TOOL_EXIT_OK;
    }

  if (!(catalog = mdg_tool_load_catalog (&status)))
    return status;

  for (guint i = 0; i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      const MdgProcedure *procedure = mdg_catalog_get_procedure (catalog, i);

      printf ("%s\t%s\t%u\t%s\t%s\n", procedure->id,
              mdg_department_get_name (procedure->department), procedure->phase,
              mdg_mode_to_string (procedure->mode), procedure->name);
    }

  return MDG_TOOL_EXIT_OK;
}
