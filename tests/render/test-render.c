/* test-render.c: one binary for the form model and src/render
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every form is filled for every case of tests/data/render/cases and
 * rendered; Poppler's text extraction must find each bound value inside
 * its box, no box may overflow, chosen options must be circled, and three
 * forms must match their golden images at 150 dpi.
 */

#include "config.h"

#include <locale.h>
#include <poppler.h>
#include <string.h>

#include "mdg-core-error.h"
#include "mdg-form.h"
#include "mdg-form-signature.h"
#include "mdg-guidance.h"
#include "mdg-render.h"

#define MM (72.0 / 25.4)
#define GOLDEN_DPI 150

static const char * const case_files[] = {
  "move-in.json", "death.json", "move-out.json", "abroad.json", "elderly-move.json",
  "big-household.json",
};

static MdgCatalog *
load_catalog (void)
{
  g_autoptr(GError) error = NULL;
  MdgCatalog *catalog = mdg_catalog_load_default (&error);

  g_assert_no_error (error);
  return catalog;
}

static MdgFormCatalog *
load_forms (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "data", "forms", NULL);
  MdgFormCatalog *forms = mdg_form_catalog_new_from_dir (dir, catalog, &error);

  g_assert_no_error (error);
  return forms;
}

static MdgCase *
load_case (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render", "cases", name,
                                                 NULL);
  g_autofree char *data = NULL;
  g_autoptr(GError) error = NULL;
  MdgCase *kase;
  gsize length;

  g_file_get_contents (path, &data, &length, &error);
  g_assert_no_error (error);
  kase = mdg_case_new_from_data (data, length, mdg_day_new (2026, 1, 1), &error);
  g_assert_no_error (error);

  return kase;
}

static JsonObject *
load_extras (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render", "extras.json",
                                                 NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);

  return json_object_ref (json_node_get_object (json_parser_get_root (parser)));
}

static char *
strip_spaces (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

static PopplerDocument *
open_pdf (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  return document;
}

/* The characters of the page whose centre lies in @rect, in the order of
 * Poppler's text (a selection would follow the reading order instead). */
typedef struct
{
  char             *text;
  PopplerRectangle *rects;
  guint             n_rects;
} PageText;

static void
page_text_init (PageText    *page_text,
                PopplerPage *page)
{
  page_text->text = poppler_page_get_text (page);
  poppler_page_get_text_layout (page, &page_text->rects, &page_text->n_rects);
  g_assert_cmpuint (page_text->n_rects, ==, g_utf8_strlen (page_text->text, -1));
}

static void
page_text_clear (PageText *page_text)
{
  g_clear_pointer (&page_text->text, g_free);
  g_clear_pointer (&page_text->rects, g_free);
}

static char *
text_in_rect (const PageText    *page_text,
              const MdgFormRect *rect)
{
  GString *out = g_string_new (NULL);
  const char *p = page_text->text;

  for (guint i = 0; i < page_text->n_rects; i++, p = g_utf8_next_char (p))
    {
      const PopplerRectangle *r = &page_text->rects[i];
      double cx = (r->x1 + r->x2) / 2 / MM;
      double cy = (r->y1 + r->y2) / 2 / MM;
      gunichar c = g_utf8_get_char (p);

      if (cx >= rect->x && cx <= rect->x + rect->width && cy >= rect->y &&
          cy <= rect->y + rect->height && !g_unichar_isspace (c) && c != 0x3000)
        g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* The form model ----------------------------------------------------------- */

static void
test_form_catalog (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgFormCatalog) builtin = NULL;
  g_autoptr(GError) error = NULL;

  /* The layouts built into the program are the files of data/forms. */
  g_unsetenv ("MDG_FORMS_DIR");
  builtin = mdg_form_catalog_load_default (&error);
  g_assert_no_error (error);
  g_assert_cmpuint (mdg_form_catalog_get_n_layouts (builtin), ==,
                    mdg_form_catalog_get_n_layouts (forms));

  for (guint i = 0; i < mdg_catalog_get_n_procedures (catalog); i++)
    {
      const MdgProcedure *procedure = mdg_catalog_get_procedure (catalog, i);
      MdgFormLayout *layout = mdg_form_catalog_lookup_procedure (forms, procedure->id);

      if (procedure->mode == MDG_MODE_GUIDE)
        {
          g_assert_null (layout);
          continue;
        }
      g_assert_nonnull (layout);
      /* Every phase-1 one-stop procedure has a form of its own paper original. */
      if (procedure->phase == 1 && procedure->mode == MDG_MODE_ONESTOP)
        g_assert_cmpstr (mdg_form_layout_get_id (layout), !=, "general-application");
    }

  for (guint i = 0; i < mdg_form_catalog_get_n_layouts (forms); i++)
    {
      MdgFormLayout *layout = mdg_form_catalog_get_layout (forms, i);
      gboolean has_signature = FALSE;
      gboolean has_visit_date = FALSE;

      g_assert_cmpuint (mdg_form_layout_get_version (layout), >=, 1);
      for (guint c = 0; c < mdg_form_layout_get_n_cells (layout); c++)
        {
          const MdgFormCell *cell = mdg_form_layout_get_cell (layout, c);

          has_signature |= cell->kind == MDG_FORM_CELL_SIGNATURE;
          has_visit_date |= g_strcmp0 (cell->bind, "visit_date") == 0 &&
                            g_strcmp0 (cell->format, "wareki") == 0;
        }
      g_assert_true (has_signature);
      g_assert_true (has_visit_date);
    }
}

static void
test_form_invalid (void)
{
  static const struct {
    const char *json;
    const char *message;
  } cases[] = {
    { "[]", "bad.json: a layout must be a JSON object" },
    { "{\"id\": \"x\", \"title\": \"t\", \"original\": \"o\", \"layout_version\": 1,"
      " \"procedures\": [\"p\"], \"page_size\": [210, 297],"
      " \"pages\": [[{\"field\": \"a\", \"at\": [0, 0, 10, 10], \"bind\": \"member.salary\"}]]}",
      "bad.json: pages[0][0]: box \"a\" binds to \"member.salary\", which boxes.xml does not "
      "declare and the case does not derive" },
    { "{\"id\": \"x\", \"title\": \"t\", \"original\": \"o\", \"layout_version\": 1,"
      " \"procedures\": [\"p\"], \"page_size\": [210, 297],"
      " \"pages\": [[{\"text\": \"a\", \"at\": [200, 0, 20, 10]}]]}",
      "bad.json: pages[0][0]: the box [200, 0, 20, 10] leaves the page" },
    { "{\"id\": \"x\", \"title\": \"t\", \"original\": \"o\", \"layout_version\": 1,"
      " \"procedures\": [\"p\"], \"page_size\": [210, 297], \"colour\": 1, \"pages\": [[]]}",
      "bad.json: unknown key \"colour\"" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MdgFormLayout) layout = mdg_form_layout_new_from_data ("bad.json", cases[i].json,
                                                                       -1, &error);

      g_assert_null (layout);
      g_assert_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG);
      g_assert_cmpstr (error->message, ==, cases[i].message);
    }
}

static void
test_form_missing (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("move-in.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(JsonObject) extras = load_extras ();
  g_autoptr(MdgFilledForm) bare = NULL;
  g_autoptr(MdgFilledForm) full = NULL;
  MdgFormLayout *layout = mdg_form_catalog_lookup (forms, "nhi-enroll-change");
  const GArray *missing;
  gboolean address_missing = FALSE;

  bare = mdg_form_fill (layout, kase, guidance, NULL, NULL);
  missing = mdg_filled_form_get_missing (bare);
  for (guint i = 0; i < missing->len; i++)
    {
      const MdgFormMissing *entry = &g_array_index (missing, MdgFormMissing, i);

      if (g_strcmp0 (entry->cell->bind, "address") == 0)
        {
          address_missing = TRUE;
          g_assert_cmpint (entry->reason, ==, MDG_FORM_MISSING_NOT_IN_CASE);
        }
      /* The case knows names and birth dates: never missing. */
      g_assert_cmpstr (entry->cell->bind, !=, "member.name");
      g_assert_cmpstr (entry->cell->bind, !=, "member.birth_date");
    }
  g_assert_true (address_missing);

  full = mdg_form_fill (layout, kase, guidance, NULL, extras);
  g_assert_cmpuint (mdg_filled_form_get_missing (full)->len, <, missing->len);
  g_assert_cmpstr (mdg_filled_form_lookup_cell (full, "address")->text, ==,
                   "熊本市中央区手取本町1番1号 見本ハイツ101号");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (full, "members.0.name")->text, ==, "熊本 太郎");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (full, "members.0.birth_date")->text, ==,
                   "昭和60年6月1日");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (full, "visit_date")->text, ==, "令和8年1月20日");
  /* 1. 転入 is circled for a move-in, and no other reason. */
  g_assert_cmpuint (mdg_filled_form_lookup_cell (full, "members.0.reason")->chosen, ==, 1);
  g_assert_cmpuint (mdg_filled_form_lookup_cell (full, "members.3.reason")->chosen, ==, 0);
  g_assert_true (mdg_filled_form_uses_binding (full, "kana"));
  g_assert_false (mdg_filled_form_uses_binding (full, "funeral_date"));
  g_assert_cmpuint (mdg_filled_form_get_members (full), ==, 0x7);
}

static void
test_form_continuation (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("big-household.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(MdgFilledForm) form = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  PopplerDocument *document;

  form = mdg_form_fill (mdg_form_catalog_lookup (forms, "resident-move"), kase, guidance, NULL,
                        NULL);
  /* Eight movers, six rows: a second sheet. */
  g_assert_cmpuint (mdg_filled_form_get_n_pages (form), ==, 2);
  pdf = mdg_render_pdf (&form, 1, NULL, NULL, &error);
  g_assert_no_error (error);
  document = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==, 2);
  for (int p = 0; p < 2; p++)
    {
      PopplerPage *page = poppler_document_get_page (document, p);
      g_autofree char *text = poppler_page_get_text (page);
      g_autofree char *stripped = strip_spaces (text);

      g_string_append (all, stripped);
      g_object_unref (page);
    }
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      g_autofree char *name = strip_spaces (mdg_case_get_member (kase, i)->name);

      g_assert_nonnull (strstr (all->str, name));
    }
  g_assert_nonnull (strstr (all->str, "（2枚中2枚目）"));
  g_object_unref (document);
}

static void
test_form_signed_set (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("move-in.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(GPtrArray) strokes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autoptr(MdgSignature) signature = NULL;
  g_autoptr(MdgSignature) again = NULL;
  g_autoptr(MdgSignedSet) set = NULL;
  g_autoptr(MdgFilledForm) form = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) audit = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 20, 1, 2, 3);
  g_autofree char *audit_json = NULL;
  g_autofree char *expected = NULL;
  GArray *stroke = g_array_new (FALSE, FALSE, sizeof (MdgSignaturePoint));
  const char *ids[] = { "nhi-enroll-change" };
  guint versions[] = { 1 };

  for (int i = 0; i < 40; i++)
    {
      MdgSignaturePoint point = { 10 + i * 5, 30 + 20 * (i % 3), 0.5 };

      g_array_append_val (stroke, point);
    }
  g_ptr_array_add (strokes, stroke);
  signature = mdg_signature_new (220, 80, strokes);
  node = mdg_signature_to_node (signature);
  again = mdg_signature_new_from_node (node, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (mdg_signature_get_n_strokes (again), ==, 1);

  form = mdg_form_fill (mdg_form_catalog_lookup (forms, "nhi-enroll-change"), kase, guidance,
                        NULL, NULL);
  pdf = mdg_render_pdf (&form, 1, signature, NULL, &error);
  g_assert_no_error (error);
  set = mdg_signed_set_new (signature, now, ids, versions, &pdf, 1);
  expected = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_assert_cmpstr (mdg_signed_set_get_sha256 (set, 0), ==, expected);

  audit = mdg_signed_set_to_audit_node (set);
  audit_json = json_to_string (audit, FALSE);
  g_assert_nonnull (strstr (audit_json, expected));
  /* The audit holds hashes and ids, never a name. */
  g_assert_null (strstr (audit_json, "熊本"));
}

/* Rendering ------------------------------------------------------------------ */

/* The words of an option as they stand on the page (without "1. "). */
static const char *
option_words (const char *label)
{
  const char *space = strrchr (label, ' ');

  return space != NULL ? space + 1 : label;
}

/* Dark pixels in a ring around @box (points), inside @limit (points). */
static guint
count_ring (cairo_surface_t        *image,
            const PopplerRectangle *box,
            const PopplerRectangle *limit)
{
  double scale = GOLDEN_DPI / 72.0;
  int stride = cairo_image_surface_get_stride (image);
  const guint8 *data = cairo_image_surface_get_data (image);
  double outer = 1.6 * MM;
  double inner = 0.25 * MM;
  guint count = 0;

  for (double y = MAX (box->y1 - outer, limit->y1); y < MIN (box->y2 + outer, limit->y2);
       y += 1 / scale)
    {
      for (double x = MAX (box->x1 - outer, limit->x1); x < MIN (box->x2 + outer, limit->x2);
           x += 1 / scale)
        {
          const guint32 *pixel;

          if (x > box->x1 - inner && x < box->x2 + inner && y > box->y1 - inner &&
              y < box->y2 + inner)
            continue;
          pixel = (const guint32 *) (data + (int) (y * scale) * stride) + (int) (x * scale);
          if (((*pixel >> 8) & 0xff) < 128)
            count++;
        }
    }

  return count;
}

static void
check_circles (const PageText    *page_text,
               cairo_surface_t   *image,
               const MdgFormCell *cell)
{
  PopplerRectangle limit = {
    (cell->rect.x + 0.4) * MM, (cell->rect.y + 0.4) * MM,
    (cell->rect.x + cell->rect.width - 0.4) * MM, (cell->rect.y + cell->rect.height - 0.4) * MM,
  };
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (PopplerRectangle));
  const char *p = page_text->text;
  guint chosen_ring = 0;
  guint other_ring = 0;

  if (cell->chosen == 0 || cell->mark != MDG_FORM_MARK_CIRCLE)
    return;

  /* The characters inside the box, each with its rectangle. */
  for (guint i = 0; i < page_text->n_rects; i++, p = g_utf8_next_char (p))
    {
      const PopplerRectangle *r = &page_text->rects[i];
      double cx = (r->x1 + r->x2) / 2 / MM;
      double cy = (r->y1 + r->y2) / 2 / MM;

      if (cx >= cell->rect.x && cx <= cell->rect.x + cell->rect.width && cy >= cell->rect.y &&
          cy <= cell->rect.y + cell->rect.height && !g_unichar_isspace (g_utf8_get_char (p)) &&
          g_utf8_get_char (p) != 0x3000)
        {
          g_string_append_unichar (text, g_utf8_get_char (p));
          g_array_append_val (rects, *r);
        }
    }

  for (guint o = 0; o < cell->options->len; o++)
    {
      const MdgFormOption *option = g_ptr_array_index (cell->options, o);
      g_autofree char *words = strip_spaces (option_words (option->label));
      const char *found = strstr (text->str, words);
      PopplerRectangle box = { G_MAXDOUBLE, G_MAXDOUBLE, -G_MAXDOUBLE, -G_MAXDOUBLE };
      glong start;
      guint ring;

      if (found == NULL)
        g_error ("%s: the option %s is not inside its box", cell->id, option->label);
      start = g_utf8_pointer_to_offset (text->str, found);
      for (glong i = start; i < start + g_utf8_strlen (words, -1); i++)
        {
          const PopplerRectangle *r = &g_array_index (rects, PopplerRectangle, i);

          box.x1 = MIN (box.x1, r->x1);
          box.y1 = MIN (box.y1, r->y1);
          box.x2 = MAX (box.x2, r->x2);
          box.y2 = MAX (box.y2, r->y2);
        }
      ring = count_ring (image, &box, &limit);
      if ((cell->chosen >> o) & 1)
        chosen_ring = MAX (chosen_ring, ring);
      else
        other_ring = MAX (other_ring, ring);
    }

  if (chosen_ring < other_ring + 15)
    g_error ("%s: the chosen option is not circled (ring %u px, others up to %u px)",
             cell->id, chosen_ring, other_ring);
}

static void
check_form (MdgFilledForm *form,
            MdgCase       *kase,
            gboolean       with_images)
{
  g_autoptr(GPtrArray) overflows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) all = g_string_new (NULL);
  g_autofree char *visit = mdg_date_format_wareki (mdg_case_get_visit_date (kase));
  PopplerDocument *document;
  guint64 members = mdg_filled_form_get_members (form);
  const char *id = mdg_form_layout_get_id (mdg_filled_form_get_layout (form));

  pdf = mdg_render_pdf (&form, 1, NULL, overflows, &error);
  g_assert_no_error (error);
  if (overflows->len > 0)
    g_error ("%s: box %s overflows", id, (const char *) g_ptr_array_index (overflows, 0));

  document = open_pdf (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (document), ==,
                   mdg_filled_form_get_n_pages (form));

  for (guint p = 0; p < mdg_filled_form_get_n_pages (form); p++)
    {
      PopplerPage *page = poppler_document_get_page (document, p);
      g_autofree char *stripped = NULL;
      cairo_surface_t *image = NULL;
      PageText page_text;

      page_text_init (&page_text, page);
      stripped = strip_spaces (page_text.text);
      g_string_append (all, stripped);
      if (with_images)
        {
          image = mdg_render_pdf_to_image (pdf, p, GOLDEN_DPI, &error);
          g_assert_no_error (error);
        }

      for (guint i = 0; i < mdg_filled_form_get_n_cells (form); i++)
        {
          const MdgFormCell *cell = mdg_filled_form_get_cell (form, i);
          g_autofree char *found = NULL;

          if (cell->page != p)
            continue;
          if (cell->kind == MDG_FORM_CELL_FIELD && (cell->text != NULL || cell->kana != NULL))
            {
              found = text_in_rect (&page_text, &cell->rect);
              if (cell->text != NULL)
                {
                  g_autofree char *value = strip_spaces (cell->text);

                  if (strstr (found, value) == NULL)
                    g_error ("%s: %s is not inside its box (found \"%s\")", id, cell->id, found);
                }
              if (cell->kana != NULL)
                {
                  g_autofree char *kana = strip_spaces (cell->kana);

                  if (strstr (found, kana) == NULL)
                    g_error ("%s: the furigana of %s is not inside its box", id, cell->id);
                }
            }
          else if (cell->kind == MDG_FORM_CELL_CHOICE && image != NULL)
            check_circles (&page_text, image, cell);
        }

      g_clear_pointer (&image, cairo_surface_destroy);
      page_text_clear (&page_text);
      g_object_unref (page);
    }
  g_object_unref (document);

  /* The visit date in 和暦 and the names of the members it concerns. */
  g_assert_nonnull (strstr (all->str, visit));
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      g_autofree char *name = strip_spaces (mdg_case_get_member (kase, i)->name);

      if ((members >> i) & 1 && strstr (all->str, name) == NULL)
        g_error ("%s: the name of member %s is missing", id, mdg_case_get_member (kase, i)->id);
    }
}

static void
test_render_every_form (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(JsonObject) extras = load_extras ();
  guint n_checked = 0;

  for (guint c = 0; c < G_N_ELEMENTS (case_files); c++)
    {
      g_autoptr(MdgCase) kase = load_case (case_files[c]);
      g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);

      /* Every form, as `madoguchi-tool form` makes it for each procedure it
       * serves, and as the guidance set (with the extras) for the others. */
      for (guint i = 0; i < mdg_form_catalog_get_n_layouts (forms); i++)
        {
          MdgFormLayout *layout = mdg_form_catalog_get_layout (forms, i);
          const char *procedure = mdg_form_layout_get_procedures (layout)[0];
          g_autoptr(MdgFilledForm) bare = mdg_form_fill (layout, kase, guidance, procedure, NULL);
          g_autoptr(MdgFilledForm) full = mdg_form_fill (layout, kase, guidance, NULL, extras);

          g_test_message ("%s × %s", case_files[c], mdg_form_layout_get_id (layout));
          check_form (bare, kase, FALSE);
          check_form (full, kase, TRUE);
          n_checked += 2;
        }
    }

  g_assert_cmpuint (n_checked, >=, 2 * G_N_ELEMENTS (case_files) * 20);
}

static void
test_render_individual_number (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("abroad.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(JsonObject) extras = load_extras ();

  for (guint i = 0; i < mdg_form_catalog_get_n_layouts (forms); i++)
    {
      MdgFormLayout *layout = mdg_form_catalog_get_layout (forms, i);
      g_autoptr(MdgFilledForm) form = mdg_form_fill (layout, kase, guidance, NULL, extras);
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *text = NULL;
      gboolean has_field = FALSE;
      PopplerDocument *document;
      PopplerPage *page;

      for (guint c = 0; c < mdg_filled_form_get_n_cells (form); c++)
        {
          const char *bind = mdg_filled_form_get_cell (form, c)->bind;

          has_field |= bind != NULL && g_str_has_suffix (bind, ".individual_number");
        }

      pdf = mdg_render_pdf (&form, 1, NULL, NULL, &error);
      g_assert_no_error (error);
      document = open_pdf (pdf);
      page = poppler_document_get_page (document, 0);
      text = poppler_page_get_text (page);
      if (!has_field)
        g_assert_null (strstr (text, "123456789010"));
      else if (mdg_filled_form_uses_binding (form, "individual_number") &&
               mdg_filled_form_get_members (form) & 1)
        g_assert_nonnull (strstr (text, "123456789010"));
      g_object_unref (page);
      g_object_unref (document);
    }
}

static gboolean
compare_images (cairo_surface_t *actual,
                cairo_surface_t *expected,
                double          *share)
{
  int width = cairo_image_surface_get_width (actual);
  int height = cairo_image_surface_get_height (actual);
  guint64 differing = 0;

  if (cairo_image_surface_get_width (expected) != width ||
      cairo_image_surface_get_height (expected) != height)
    return FALSE;

  cairo_surface_flush (expected);
  for (int y = 0; y < height; y++)
    {
      const guint8 *a = cairo_image_surface_get_data (actual) +
                        y * cairo_image_surface_get_stride (actual);
      const guint8 *b = cairo_image_surface_get_data (expected) +
                        y * cairo_image_surface_get_stride (expected);

      for (int x = 0; x < width * 4; x += 4)
        {
          for (int ch = 0; ch < 3; ch++)
            {
              if (ABS (a[x + ch] - b[x + ch]) > 64)
                {
                  differing++;
                  break;
                }
            }
        }
    }

  *share = (double) differing / ((double) width * height);
  return *share <= 0.005;
}

/* A text far too long for its box (128k characters from the registry) is
 * reported as overflowing and drawn once at the smallest size, not laid out
 * again at every size: it took 38 s. */
static void
test_render_huge_text (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("move-in.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(JsonObject) extras = load_extras ();
  g_autoptr(MdgFilledForm) form = NULL;
  g_autoptr(GPtrArray) overflows = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) address = g_string_new (NULL);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  gint64 started;
  gint64 elapsed;

  for (guint i = 0; i < 128 * 1024; i++)
    g_string_append (address, i % 2 ? "町" : "a");
  json_object_set_string_member (extras, "address", address->str);
  form = mdg_form_fill (mdg_form_catalog_lookup (forms, "nhi-enroll-change"), kase, guidance,
                        NULL, extras);

  started = g_get_monotonic_time ();
  pdf = mdg_render_pdf (&form, 1, NULL, overflows, &error);
  elapsed = g_get_monotonic_time () - started;
  g_assert_no_error (error);
  g_assert_nonnull (pdf);
  g_assert_cmpuint (overflows->len, >=, 1);
  g_test_message ("128k characters rendered in %" G_GINT64_FORMAT " ms", elapsed / 1000);
  /* a normal form takes well under a second here; before: 38 s */
  g_assert_cmpint (elapsed, <, 5 * G_USEC_PER_SEC);
}

/* What a birth's forms derive from the household: the newborns' rows,
 * 単胎・多胎 from how many were born that day, 同居 children, the mother, the
 * 出産予定日 in 和暦; and a death's informant, the funeral host. */
static void
test_form_birth_facts (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) one = load_case ("birth.json");
  g_autoptr(MdgCase) twins = load_case ("birth-recipient.json");
  g_autoptr(MdgCase) death = load_case ("welfare-death.json");
  g_autoptr(MdgGuidance) one_guidance = mdg_guidance_evaluate (catalog, one);
  g_autoptr(MdgGuidance) twins_guidance = mdg_guidance_evaluate (catalog, twins);
  g_autoptr(MdgGuidance) death_guidance = mdg_guidance_evaluate (catalog, death);
  MdgFormLayout *perinatal = mdg_form_catalog_lookup (forms, "nhi-perinatal-exemption");
  MdgFormLayout *enroll_layout = mdg_form_catalog_lookup (forms, "nhi-enroll-birth");
  MdgFormLayout *claim_layout = mdg_form_catalog_lookup (forms, "child-allowance-new");
  MdgFormLayout *return_layout = mdg_form_catalog_lookup (forms, "physical-handbook-return");
  g_autoptr(MdgFilledForm) single = mdg_form_fill (perinatal, one, one_guidance, NULL, NULL);
  g_autoptr(MdgFilledForm) multiple = mdg_form_fill (perinatal, twins, twins_guidance, NULL, NULL);
  g_autoptr(MdgFilledForm) enroll = mdg_form_fill (enroll_layout, one, one_guidance, NULL, NULL);
  g_autoptr(MdgFilledForm) claim = mdg_form_fill (claim_layout, one, one_guidance, NULL, NULL);
  g_autoptr(MdgFilledForm) handbook = mdg_form_fill (return_layout, death, death_guidance, NULL,
                                                     NULL);

  /* options: [単胎, 多胎] */
  g_assert_cmpuint (mdg_filled_form_lookup_cell (single, "multiple_birth")->chosen, ==, 1);
  g_assert_cmpuint (mdg_filled_form_lookup_cell (multiple, "multiple_birth")->chosen, ==, 2);
  g_assert_cmpstr (mdg_filled_form_lookup_cell (single, "mother_name")->text, ==, "菊池 美咲");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (single, "due_date")->text, ==, "令和8年11月25日");

  g_assert_cmpstr (mdg_filled_form_lookup_cell (enroll, "newborns.0.name")->text, ==, "菊池 蒼");
  g_assert_null (mdg_filled_form_lookup_cell (enroll, "newborns.1.name")->text);
  g_assert_cmpstr (mdg_filled_form_lookup_cell (enroll, "mother_name")->text, ==, "菊池 美咲");

  /* the older child and the newborn, both living with the claimant: [同居, 別居] */
  g_assert_cmpstr (mdg_filled_form_lookup_cell (claim, "children.0.name")->text, ==, "菊池 陽菜");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (claim, "children.1.name")->text, ==, "菊池 蒼");
  g_assert_cmpuint (mdg_filled_form_lookup_cell (claim, "children.0.together")->chosen, ==, 1);
  g_assert_cmpuint (mdg_filled_form_lookup_cell (claim, "children.1.together")->chosen, ==, 1);
  /* the claimant (the head) and his spouse */
  g_assert_cmpstr (mdg_filled_form_lookup_cell (claim, "claimant_name")->text, ==, "菊池 大輔");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (claim, "spouse_name")->text, ==, "菊池 美咲");

  g_assert_cmpstr (mdg_filled_form_lookup_cell (handbook, "holder_name")->text, ==, "天草 勝男");
  g_assert_cmpstr (mdg_filled_form_lookup_cell (handbook, "applicant_name")->text, ==, "天草 節子");
}

static void
test_render_golden (void)
{
  static const char * const golden[][2] = {
    { "nhi-enroll-change", "move-in.json" },
    { "resident-move", "move-in.json" },
    { "child-allowance-claim", "move-in.json" },
    { "lei-notice", "elderly-move.json" },
    { "birth-registration", "koseki-birth.json" },
    { "marriage-registration", "koseki-marriage.json" },
    { "divorce-registration", "koseki-divorce.json" },
    { "death-registration", "koseki-death.json" },
    { "maternal-handbook-birth", "birth.json" },
    { "childbirth-lump-sum", "birth.json" },
    { "nhi-enroll-birth", "birth.json" },
    { "nhi-perinatal-exemption", "birth.json" },
    { "child-allowance-new", "birth.json" },
    { "child-allowance-amount-change", "birth-recipient.json" },
    { "mental-handbook-move-in", "welfare-move-in.json" },
    { "ryoiku-handbook-other-pref", "welfare-move-in.json" },
    { "ryoiku-handbook-same-pref", "welfare-move-in-same-pref.json" },
    { "intractable-disease-move-in", "welfare-move-in.json" },
    { "mental-outpatient-move-in", "welfare-move-in.json" },
    { "special-child-allowance-move-in", "welfare-move-in.json" },
    { "physical-handbook-return", "welfare-death.json" },
    { "special-disability-allowance-loss", "welfare-death.json" },
    { "severe-disability-medical-loss", "welfare-death.json" },
  };
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(JsonObject) extras = load_extras ();
  gboolean update = g_getenv ("MDG_UPDATE_GOLDEN") != NULL;

  /* a snapshot holds no individual number, not even a made-up one: the
   * number boxes stay empty in the golden images */
  json_object_remove_member (extras, "members");

  for (guint i = 0; i < G_N_ELEMENTS (golden); i++)
    {
      g_autoptr(MdgCase) kase = load_case (golden[i][1]);
      g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
      g_autoptr(MdgFilledForm) form = NULL;
      g_autoptr(GBytes) pdf = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *name = g_strconcat (golden[i][0], ".png", NULL);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "render", "golden",
                                                     name, NULL);
      cairo_surface_t *actual;
      cairo_surface_t *expected;
      double share = 1;

      form = mdg_form_fill (mdg_form_catalog_lookup (forms, golden[i][0]), kase, guidance, NULL,
                            extras);
      pdf = mdg_render_pdf (&form, 1, NULL, NULL, &error);
      g_assert_no_error (error);
      actual = mdg_render_pdf_to_image (pdf, 0, GOLDEN_DPI, &error);
      g_assert_no_error (error);

      if (update)
        {
          g_assert_cmpint (cairo_surface_write_to_png (actual, path), ==, CAIRO_STATUS_SUCCESS);
          g_test_message ("wrote %s", path);
        }
      expected = cairo_image_surface_create_from_png (path);
      g_assert_cmpint (cairo_surface_status (expected), ==, CAIRO_STATUS_SUCCESS);
      if (!compare_images (actual, expected, &share))
        g_error ("%s differs from its golden image (%.2f %% of the pixels); see "
                 "tests/data/render/README.md", golden[i][0], share * 100);
      cairo_surface_destroy (expected);
      cairo_surface_destroy (actual);
    }
}

static void
preview_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GPtrArray *results = user_data;
  GError *error = NULL;
  GdkTexture *texture = mdg_render_preview_finish (result, &error);

  g_ptr_array_add (results, texture != NULL ? (gpointer) texture : (gpointer) error);
}

static void
test_render_preview (void)
{
  g_autoptr(MdgCatalog) catalog = load_catalog ();
  g_autoptr(MdgFormCatalog) forms = load_forms ();
  g_autoptr(MdgCase) kase = load_case ("move-in.json");
  g_autoptr(MdgGuidance) guidance = mdg_guidance_evaluate (catalog, kase);
  g_autoptr(MdgFilledForm) form = NULL;
  g_autoptr(GCancellable) stale = g_cancellable_new ();
  g_autoptr(GPtrArray) results = g_ptr_array_new ();
  GdkTexture *texture;

  form = mdg_form_fill (mdg_form_catalog_lookup (forms, "nhi-enroll-change"), kase, guidance,
                        NULL, NULL);

  /* A superseded request is cancelled and never yields a texture. */
  g_cancellable_cancel (stale);
  mdg_render_preview_async (form, NULL, 0, 72, stale, preview_cb, results);
  mdg_render_preview_async (form, NULL, 0, 72, NULL, preview_cb, results);
  while (results->len < 2)
    g_main_context_iteration (NULL, TRUE);

  g_assert_error ((GError *) g_ptr_array_index (results, 0), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_error_free (g_ptr_array_index (results, 0));
  texture = g_ptr_array_index (results, 1);
  g_assert_true (GDK_IS_TEXTURE (texture));
  /* A4 landscape at 72 dpi */
  g_assert_cmpint (gdk_texture_get_width (texture), ==, 842);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, 596);
  g_object_unref (texture);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mdg/render/form/catalog", test_form_catalog);
  g_test_add_func ("/mdg/render/form/invalid", test_form_invalid);
  g_test_add_func ("/mdg/render/form/missing", test_form_missing);
  g_test_add_func ("/mdg/render/form/continuation", test_form_continuation);
  g_test_add_func ("/mdg/render/form/signed-set", test_form_signed_set);
  g_test_add_func ("/mdg/render/form/birth-facts", test_form_birth_facts);
  g_test_add_func ("/mdg/render/pdf/every-form", test_render_every_form);
  g_test_add_func ("/mdg/render/pdf/individual-number", test_render_individual_number);
  g_test_add_func ("/mdg/render/pdf/huge-text", test_render_huge_text);
  g_test_add_func ("/mdg/render/pdf/golden", test_render_golden);
  g_test_add_func ("/mdg/render/preview/latest-wins", test_render_preview);

  return g_test_run ();
}
