/* mdg-render-fonts.c: which fonts a document is set in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Noto Sans CJK JP is a 19 MB collection; cairo reads and cuts it for every
 * PDF it writes, which was most of the time a preview took. The build cuts
 * it down once to the characters forms use (data/fonts/forms-jp.unicodes,
 * about 9,100) with hb-subset, and documents are set in that through a
 * private fontconfig configuration that holds nothing else. A document with
 * a character outside it (a rare kanji in a name) is set in the system's
 * full font instead, so that nothing prints as an empty box.
 */

#define G_LOG_DOMAIN "mdg-render-fonts"

#include "config.h"

#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>

#include "mdg-render-config.h"
#include "mdg-render-private.h"
#include "mdg-render.h"

static const char * const subset_files[] = {
  "forms-jp-regular.otf",
  "forms-jp-bold.otf",
};

typedef struct
{
  FcConfig  *config;    /* the subset fonts and nothing else */
  FcCharSet *coverage;  /* the characters every one of them has */
} SubsetFonts;

/* Font maps and contexts are not thread-safe: each thread that renders
 * keeps its own, for as long as it lives. */
typedef struct
{
  PangoFontMap *subset_map;
  PangoContext *subset_context;
  PangoContext *system_context;
} ThreadFonts;

static void
thread_fonts_free (gpointer data)
{
  ThreadFonts *fonts = data;

  g_clear_object (&fonts->subset_context);
  g_clear_object (&fonts->system_context);
  g_clear_object (&fonts->subset_map);
  g_free (fonts);
}

static GPrivate thread_fonts = G_PRIVATE_INIT (thread_fonts_free);

/* $MDG_FONTS_DIR, the installed fonts, or those of the build tree. */
static char *
find_subset_dir (void)
{
  const char *env = g_getenv ("MDG_FONTS_DIR");
  const char * const dirs[] = {
#ifdef MDG_RENDER_FONTS_DIR
    MDG_RENDER_FONTS_DIR,
    MDG_RENDER_BUILD_FONTS_DIR,
#endif
    NULL,
  };

  if (env != NULL && env[0] != '\0')
    return g_strdup (env);

  for (guint i = 0; dirs[i] != NULL; i++)
    {
      g_autofree char *path = g_build_filename (dirs[i], subset_files[0], NULL);

      if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
        return g_strdup (dirs[i]);
    }

  return NULL;
}

static gboolean
is_form_family (FcPattern *pattern)
{
  FcChar8 *family;

  for (int i = 0; FcPatternGetString (pattern, FC_FAMILY, i, &family) == FcResultMatch; i++)
    {
      if (g_strcmp0 ((const char *) family, MDG_RENDER_FONT_FAMILY) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Loads the subset fonts of @dir into a configuration of their own; NULL
 * (and the reason in the debug log) when they are not usable. */
static FcConfig *
load_subset (const char  *dir,
             FcCharSet  **coverage)
{
  FcConfig *config = FcConfigCreate ();
  FcFontSet *set;

  *coverage = NULL;
  /* Nothing to rescan: the configuration has no directories. */
  FcConfigSetRescanInterval (config, 0);

  for (guint i = 0; i < G_N_ELEMENTS (subset_files); i++)
    {
      g_autofree char *path = g_build_filename (dir, subset_files[i], NULL);

      if (!FcConfigAppFontAddFile (config, (const FcChar8 *) path))
        {
          g_debug ("The forms' font %s cannot be read", subset_files[i]);
          FcConfigDestroy (config);
          return NULL;
        }
    }

  set = FcConfigGetFonts (config, FcSetApplication);
  for (int i = 0; set != NULL && i < set->nfont; i++)
    {
      FcCharSet *charset;

      if (!is_form_family (set->fonts[i]) ||
          FcPatternGetCharSet (set->fonts[i], FC_CHARSET, 0, &charset) != FcResultMatch)
        {
          g_debug ("The forms' fonts are not %s", MDG_RENDER_FONT_FAMILY);
          g_clear_pointer (coverage, FcCharSetDestroy);
          FcConfigDestroy (config);
          return NULL;
        }

      if (*coverage == NULL)
        {
          *coverage = FcCharSetCopy (charset);
        }
      else
        {
          FcCharSet *both = FcCharSetIntersect (*coverage, charset);

          FcCharSetDestroy (*coverage);
          *coverage = both;
        }
    }

  if (set == NULL || set->nfont != G_N_ELEMENTS (subset_files))
    {
      g_debug ("The forms' fonts hold %d faces, not %u", set != NULL ? set->nfont : 0,
               (guint) G_N_ELEMENTS (subset_files));
      g_clear_pointer (coverage, FcCharSetDestroy);
      FcConfigDestroy (config);
      return NULL;
    }

  return config;
}

static const SubsetFonts *
get_subset_fonts (void)
{
  static SubsetFonts fonts;
  static gsize once;

  if (g_once_init_enter (&once))
    {
      g_autofree char *dir = find_subset_dir ();

      if (dir != NULL)
        fonts.config = load_subset (dir, &fonts.coverage);
      if (fonts.config != NULL)
        g_debug ("Forms are set in the subset fonts (%u characters)",
                 FcCharSetCount (fonts.coverage));
      else
        g_debug ("No subset fonts: forms are set in the system's fonts");
      g_once_init_leave (&once, 1);
    }

  return &fonts;
}

static gboolean
system_has_family (void)
{
  PangoFontMap *map = pango_cairo_font_map_new ();
  PangoContext *context = pango_font_map_create_context (map);
  PangoFontDescription *description = pango_font_description_from_string (MDG_RENDER_FONT_FAMILY
                                                                          " 10");
  PangoFont *font = pango_font_map_load_font (map, context, description);
  gboolean found = FALSE;

  if (font != NULL)
    {
      PangoFontDescription *loaded = pango_font_describe (font);

      found = g_strcmp0 (pango_font_description_get_family (loaded),
                         MDG_RENDER_FONT_FAMILY) == 0;
      pango_font_description_free (loaded);
      g_object_unref (font);
    }
  pango_font_description_free (description);
  g_object_unref (context);
  g_object_unref (map);

  return found;
}

gboolean
mdg_render_check_font (GError **error)
{
  static gsize once;
  static gboolean found;

  if (g_once_init_enter (&once))
    {
      found = system_has_family ();
      g_once_init_leave (&once, 1);
    }

  if (!found)
    g_set_error (error, MDG_RENDER_ERROR, MDG_RENDER_ERROR_NO_FONT,
                 "the font \"%s\" is not installed (Debian: fonts-noto-cjk)",
                 MDG_RENDER_FONT_FAMILY);

  return found;
}

static gboolean
covers_text (const FcCharSet *coverage,
             const char      *text)
{
  if (text == NULL)
    return TRUE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* Line breaks (vertical labels are stacked with them) draw nothing. */
      if (g_unichar_type (c) == G_UNICODE_CONTROL)
        continue;
      if (!FcCharSetHasChar (coverage, c))
        return FALSE;
    }

  return TRUE;
}

/* Whether the subset has every character the forms print: values, furigana,
 * placeholders, printed text and options. */
static gboolean
covers_forms (const FcCharSet       *coverage,
              MdgFilledForm * const *forms,
              guint                  n_forms)
{
  for (guint f = 0; f < n_forms; f++)
    {
      for (guint i = 0; i < mdg_filled_form_get_n_cells (forms[f]); i++)
        {
          const MdgFormCell *cell = mdg_filled_form_get_cell (forms[f], i);

          if (!covers_text (coverage, cell->text) || !covers_text (coverage, cell->kana) ||
              !covers_text (coverage, cell->placeholder))
            return FALSE;
          for (guint o = 0; cell->options != NULL && o < cell->options->len; o++)
            {
              const MdgFormOption *option = g_ptr_array_index (cell->options, o);

              if (!covers_text (coverage, option->label))
                return FALSE;
            }
        }
    }

  return TRUE;
}

/* Metrics unhinted, so that the layout is the same at any scale. */
static PangoContext *
create_context (PangoFontMap *map)
{
  PangoContext *context = pango_font_map_create_context (map);
  cairo_font_options_t *options = cairo_font_options_create ();

  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  return context;
}

PangoContext *
_mdg_render_fonts_get_context (MdgFilledForm * const *forms,
                               guint                  n_forms,
                               gboolean              *uses_subset)
{
  const SubsetFonts *subset = get_subset_fonts ();
  ThreadFonts *fonts = g_private_get (&thread_fonts);
  gboolean use_subset;

  if (fonts == NULL)
    {
      fonts = g_new0 (ThreadFonts, 1);
      g_private_set (&thread_fonts, fonts);
    }

  use_subset = subset->config != NULL && covers_forms (subset->coverage, forms, n_forms);
  if (uses_subset != NULL)
    *uses_subset = use_subset;

  if (!use_subset)
    {
      /* Pango's default font map is already one per thread. */
      if (fonts->system_context == NULL)
        fonts->system_context = create_context (pango_cairo_font_map_get_default ());
      return fonts->system_context;
    }

  if (fonts->subset_context == NULL)
    {
      fonts->subset_map = pango_cairo_font_map_new ();
      pango_fc_font_map_set_config (PANGO_FC_FONT_MAP (fonts->subset_map), subset->config);
      fonts->subset_context = create_context (fonts->subset_map);
    }

  return fonts->subset_context;
}
