/* mdg-tool-form.c: madoguchi-tool form, forms and bench render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-tool-form"

#include "config.h"

#include <gio/gio.h>
#include <stdio.h>
#include <string.h>

#include "mdg-form.h"
#include "mdg-guidance.h"
#include "mdg-render.h"
#include "mdg-tool-private.h"

static MdgFormCatalog *
load_forms (int *status)
{
  g_autoptr(GError) error = NULL;
  MdgFormCatalog *forms = mdg_form_catalog_load_default (&error);

  if (forms == NULL)
    *status = mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);

  return forms;
}

static int
write_pdf (MdgFilledForm * const *forms,
           guint                  n_forms,
           const char            *output)
{
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (!(pdf = mdg_render_pdf (forms, n_forms, NULL, NULL, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
  if (!g_file_set_contents (output, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                            &error))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);

  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_form (int    argc,
               char **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *procedure_id = NULL;
  g_autofree char *output = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgFormCatalog) forms = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(MdgFilledForm) form = NULL;
  const MdgProcedure *procedure;
  MdgFormLayout *layout;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (- for standard input)", "FILE" },
    { "procedure", 0, 0, G_OPTION_ARG_STRING, &procedure_id, "The procedure id", "ID" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "Where to write the PDF", "OUT.pdf" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (file == NULL || procedure_id == NULL || output == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                          "usage: form --case FILE --procedure ID --output OUT.pdf");

  if (!(catalog = mdg_tool_load_catalog (&status)))
    return status;
  if (!(procedure = mdg_catalog_lookup_procedure (catalog, procedure_id)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--procedure: unknown procedure id \"%s\"",
                          procedure_id);
  if (procedure->mode == MDG_MODE_GUIDE)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT,
                          "--procedure: \"%s\" is information only (mode guide): it has no form",
                          procedure_id);
  if (!(forms = load_forms (&status)))
    return status;
  if (!(layout = mdg_form_catalog_lookup_procedure (forms, procedure_id)))
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--procedure: \"%s\" has no form layout",
                          procedure_id);
  if (!(kase = mdg_tool_load_case (file, &status)))
    return status;

  guidance = mdg_guidance_evaluate (catalog, kase);
  form = mdg_form_fill (layout, kase, guidance, procedure_id, NULL);
  g_debug ("Form %s: %u boxes still missing", mdg_form_layout_get_id (layout),
           mdg_filled_form_get_missing (form)->len);

  return write_pdf (&form, 1, output);
}

int
mdg_tool_forms (int    argc,
                char **argv)
{
  g_autofree char *file = NULL;
  g_autofree char *output = NULL;
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgFormCatalog) forms = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(GPtrArray) layouts = NULL;
  g_autoptr(GError) error = NULL;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "case", 0, 0, G_OPTION_ARG_FILENAME, &file, "The case file (- for standard input)", "FILE" },
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, "The directory for the PDFs", "DIR" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (file == NULL || output == NULL)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "usage: forms --case FILE --output DIR");

  if (!(catalog = mdg_tool_load_catalog (&status)) ||
      !(forms = load_forms (&status)) ||
      !(kase = mdg_tool_load_case (file, &status)))
    return status;
  if (g_mkdir_with_parents (output, 0755) != 0)
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "--output: cannot make the directory %s",
                          output);

  guidance = mdg_guidance_evaluate (catalog, kase);
  layouts = mdg_form_catalog_list_for_guidance (forms, guidance);
  for (guint i = 0; i < layouts->len; i++)
    {
      MdgFormLayout *layout = g_ptr_array_index (layouts, i);
      g_autoptr(MdgFilledForm) form = mdg_form_fill (layout, kase, guidance, NULL, NULL);
      g_autofree char *name = g_strconcat (mdg_form_layout_get_id (layout), ".pdf", NULL);
      g_autofree char *path = g_build_filename (output, name, NULL);

      if ((status = write_pdf (&form, 1, path)) != MDG_TOOL_EXIT_OK)
        return status;
      printf ("%s\n", path);
    }

  return MDG_TOOL_EXIT_OK;
}

/* bench render ------------------------------------------------------------ */

static const char bench_case[] =
  "{\"event\": \"move_in\", \"event_date\": \"2026-01-15\", \"visit_date\": \"2026-01-20\","
  " \"from\": \"other_prefecture\", \"members\": ["
  "  {\"id\": \"m1\", \"name\": \"見本 一郎\", \"kana\": \"ミホン イチロウ\","
  "   \"birth_date\": \"1980-04-02\", \"sex\": \"male\", \"relation\": \"head\","
  "   \"mynumber_card\": true, \"school\": \"none\"},"
  "  {\"id\": \"m2\", \"name\": \"見本 花子\", \"kana\": \"ミホン ハナコ\","
  "   \"birth_date\": \"1982-11-30\", \"sex\": \"female\", \"relation\": \"spouse\","
  "   \"school\": \"none\"},"
  "  {\"id\": \"m3\", \"name\": \"見本 次郎\", \"kana\": \"ミホン ジロウ\","
  "   \"birth_date\": \"2015-06-01\", \"sex\": \"male\", \"relation\": \"child\"},"
  "  {\"id\": \"m4\", \"name\": \"見本 三奈\", \"kana\": \"ミホン ミナ\","
  "   \"birth_date\": \"2019-09-09\", \"sex\": \"female\", \"relation\": \"child\"}"
  "], \"answers\": {}}";

/* Times one change of a field through to a new image of every page of the
 * forms: fill, PDF, Poppler, as the preview does it (its texture wraps the
 * image without a copy; GDK is the windows', not this tool's). */
static int
bench_forms (const char     *title,
             MdgFormLayout **layouts,
             guint           n_layouts,
             MdgCase        *kase,
             MdgGuidance    *guidance,
             guint           n_runs,
             double          dpi)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint n_pages = 0;

  for (guint run = 0; run < n_runs + 1; run++)
    {
      g_autoptr(JsonObject) extras = json_object_new ();
      g_autoptr(GPtrArray) filled = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                     mdg_filled_form_unref);
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *phone = g_strdup_printf ("096-328-%04u", run);
      gint64 start = g_get_monotonic_time ();
      gint64 elapsed;

      /* The field that changed: what staff typed last. */
      json_object_set_string_member (extras, "phone", phone);
      json_object_set_string_member (extras, "address", "熊本市中央区手取本町1番1号");
      for (guint i = 0; i < n_layouts; i++)
        g_ptr_array_add (filled, mdg_form_fill (layouts[i], kase, guidance, NULL, extras));
      if (filled->len == 1)
        {
          /* one form: the preview's own path (mdg_render_preview_async), up
           * to the pixels its texture wraps without a copy */
          cairo_surface_t *image = NULL;

          if (!(pdf = mdg_render_pdf ((MdgFilledForm * const *) filled->pdata, 1, NULL, NULL,
                                      &error)) ||
              !(image = mdg_render_pdf_to_image (pdf, 0, dpi, &error)))
            return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
          cairo_surface_destroy (image);
          n_pages = 1;
        }
      else
        {
          g_autoptr(GPtrArray) images = NULL;

          if (!(pdf = mdg_render_pdf ((MdgFilledForm * const *) filled->pdata, filled->len,
                                      NULL, NULL, &error)) ||
              !(images = mdg_render_pdf_to_images (pdf, dpi, NULL, &error)))
            return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
          n_pages = images->len;
        }
      elapsed = g_get_monotonic_time () - start;

      /* The first run loads the fonts: not a field change. */
      if (run > 0)
        g_array_append_val (times, elapsed);
    }

  g_array_sort (times, mdg_tool_compare_int64);
  printf ("  %-34s %u page%s, %u runs: p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
          title, n_pages, n_pages == 1 ? "" : "s", n_runs, mdg_tool_percentile_ms (times, 0.50),
          mdg_tool_percentile_ms (times, 0.99), mdg_tool_percentile_ms (times, 1.0));

  return MDG_TOOL_EXIT_OK;
}

int
mdg_tool_bench_render (int    argc,
                       char **argv)
{
  g_autoptr(MdgCatalog) catalog = NULL;
  g_autoptr(MdgFormCatalog) forms = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) set = g_ptr_array_new ();
  static const char * const set_ids[] = {
    "resident-move", "nhi-enroll-change", "child-allowance-claim", "child-medical-claim",
  };
  MdgFormLayout *one;
  int runs = 200;
  double dpi = 96;
  int status = MDG_TOOL_EXIT_OK;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Field changes to time (default 200)", "N" },
    { "dpi", 0, 0, G_OPTION_ARG_DOUBLE, &dpi, "Preview resolution (default 96)", "DPI" },
    { NULL }
  };

  if (!mdg_tool_parse_options (entries, NULL, &argc, &argv))
    return MDG_TOOL_EXIT_BAD_INPUT;
  if (argc != 1)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "unexpected argument \"%s\"", argv[1]);
  if (runs < 1 || dpi < 10 || dpi > 600)
    return mdg_tool_fail (MDG_TOOL_EXIT_BAD_INPUT, "--runs must be ≥ 1 and --dpi 10–600");

  if (!(catalog = mdg_tool_load_catalog (&status)) || !(forms = load_forms (&status)))
    return status;
  if (!(kase = mdg_case_new_from_data (bench_case, -1, MDG_DAY_INVALID, &error)))
    return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "%s", error->message);
  guidance = mdg_guidance_evaluate (catalog, kase);

  for (guint i = 0; i < G_N_ELEMENTS (set_ids); i++)
    {
      MdgFormLayout *layout = mdg_form_catalog_lookup (forms, set_ids[i]);

      if (layout == NULL)
        return mdg_tool_fail (MDG_TOOL_EXIT_FAILURE, "the form \"%s\" is missing", set_ids[i]);
      g_ptr_array_add (set, layout);
    }
  one = g_ptr_array_index (set, 1);

  printf ("bench render: a field change to new preview images (%.0f dpi, one thread)\n", dpi);
  if ((status = bench_forms ("one page (nhi-enroll-change)", &one, 1, kase, guidance, runs,
                             dpi)) != MDG_TOOL_EXIT_OK)
    return status;

  return bench_forms ("four-page set (move-in forms)", (MdgFormLayout **) set->pdata, set->len,
                      kase, guidance, runs, dpi);
}
