/* mdg-render.c: filled forms to PDF, and PDF pages to images
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-render"

#include "config.h"

#include <cairo-pdf.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <poppler.h>
#include <string.h>

#include "mdg-render-private.h"
#include "mdg-render.h"

/* Points per millimetre. */
#define MM (72.0 / 25.4)
/* Inner margins of a box, mm. */
#define PAD_X 0.8
#define PAD_Y 0.4
/* A single line may shrink to this share of its size before it wraps. */
#define SHRINK_BEFORE_WRAP 0.7
/* The narrowest glyph's advance, in ems, and a line's height: no text of
 * more characters than these allow at the smallest size can fit a box. */
#define NARROWEST_GLYPH 0.2
#define LINE_HEIGHT 1.0
#define SHADE_GRAY 0.92
#define LINE_WIDTH 0.5

typedef struct
{
  cairo_t      *cr;
  PangoContext *context;
  GPtrArray    *overflows;
  GHashTable   *signers;    /* nullable: role → MdgSignature, each in its own spots */
} Painter;

void
_mdg_render_job_free (gpointer data)
{
  MdgRenderJob *render = data;

  g_clear_pointer (&render->forms, g_ptr_array_unref);
  g_clear_pointer (&render->signature, mdg_signature_unref);
  g_clear_pointer (&render->signers, g_hash_table_unref);
  g_free (render);
}

static PangoLayout *
make_layout (Painter    *painter,
             const char *text,
             double      size,
             gboolean    bold)
{
  PangoLayout *layout = pango_layout_new (painter->context);
  PangoFontDescription *description = pango_font_description_new ();

  pango_font_description_set_family_static (description, MDG_RENDER_FONT_FAMILY);
  pango_font_description_set_absolute_size (description, size * PANGO_SCALE);
  if (bold)
    pango_font_description_set_weight (description, PANGO_WEIGHT_BOLD);
  pango_layout_set_font_description (layout, description);
  pango_font_description_free (description);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

/* Stacks the characters of @text one per line, for 縦書き labels; the long
 * vowel mark and dashes turn with the line. */
static char *
dup_vertical (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (out->len > 0)
        g_string_append_c (out, '\n');
      if (c == 0x30FC || c == 0x2015 || c == 0x2014 || c == 0xFF0D)
        c = 0xFF5C;
      g_string_append_unichar (out, c);
    }

  return g_string_free (out, FALSE);
}

/* Sets @text into @rect (mm): shrunk, then wrapped, never cut. Returns
 * FALSE when it overflows even at the smallest size (it is drawn anyway,
 * at that size). A text too long to fit at any size is not laid out at
 * each size: it is drawn once, at the smallest, cut to what the box could
 * hold (a 128k-character name took 38 s). */
static gboolean
draw_text (Painter           *painter,
           const char        *text,
           const MdgFormRect *rect,
           double             size,
           MdgFormAlign       align,
           gboolean           bold,
           gboolean           vertical,
           double             pad_x)
{
  g_autofree char *stacked = NULL;
  g_autofree char *cut = NULL;
  PangoLayout *layout = NULL;
  double avail_w = (rect->width - 2 * pad_x) * MM;
  double avail_h = (rect->height - 2 * PAD_Y) * MM;
  gboolean fits = FALSE;
  gboolean hopeless;
  PangoRectangle logical;
  double x, y, s;
  glong max_chars;

  if (text == NULL || text[0] == '\0')
    return TRUE;
  if (avail_w <= 0 || avail_h <= 0)
    return FALSE;

  max_chars = (glong) (avail_w / (MDG_RENDER_MIN_FONT_SIZE * NARROWEST_GLYPH) + 1) *
              (glong) (avail_h / (MDG_RENDER_MIN_FONT_SIZE * LINE_HEIGHT) + 1);
  hopeless = g_utf8_strlen (text, MIN ((gsize) max_chars * 4 + 4, strlen (text))) > max_chars;
  if (hopeless)
    {
      g_autofree char *head = g_utf8_substring (text, 0, max_chars);

      text = cut = g_strconcat (head, "…", NULL);
    }
  if (vertical)
    stacked = dup_vertical (text);

  /* One line, shrinking a little. */
  for (s = size; !fits && !hopeless && s >= MAX (size * SHRINK_BEFORE_WRAP, MDG_RENDER_MIN_FONT_SIZE);
       s -= 0.25)
    {
      g_clear_object (&layout);
      layout = make_layout (painter, stacked != NULL ? stacked : text, s, bold);
      if (vertical)
        pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
      pango_layout_get_extents (layout, NULL, &logical);
      fits = logical.width / (double) PANGO_SCALE <= avail_w &&
             logical.height / (double) PANGO_SCALE <= avail_h;
    }

  /* Then wrapped, shrinking down to the smallest size. */
  for (s = hopeless ? MDG_RENDER_MIN_FONT_SIZE : size; !fits && s >= MDG_RENDER_MIN_FONT_SIZE;
       s -= 0.25)
    {
      g_clear_object (&layout);
      layout = make_layout (painter, stacked != NULL ? stacked : text, s, bold);
      pango_layout_set_width (layout, avail_w * PANGO_SCALE);
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
      pango_layout_get_extents (layout, NULL, &logical);
      fits = logical.width / (double) PANGO_SCALE <= avail_w &&
             logical.height / (double) PANGO_SCALE <= avail_h;
    }

  pango_layout_set_alignment (layout, align == MDG_FORM_ALIGN_END ? PANGO_ALIGN_RIGHT :
                                      align == MDG_FORM_ALIGN_CENTER || vertical ?
                                      PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
  pango_layout_get_extents (layout, NULL, &logical);

  x = (rect->x + pad_x) * MM;
  if (pango_layout_get_width (layout) < 0)
    {
      double w = logical.width / (double) PANGO_SCALE;

      if (align == MDG_FORM_ALIGN_CENTER || vertical)
        x += (avail_w - w) / 2;
      else if (align == MDG_FORM_ALIGN_END)
        x += avail_w - w;
      x -= logical.x / (double) PANGO_SCALE;
    }
  y = (rect->y + PAD_Y) * MM + (avail_h - logical.height / (double) PANGO_SCALE) / 2;

  cairo_move_to (painter->cr, x, y);
  pango_cairo_show_layout (painter->cr, layout);
  g_object_unref (layout);

  return fits && !hopeless;
}

static void
report_overflow (Painter           *painter,
                 const MdgFormCell *cell)
{
  if (painter->overflows != NULL)
    g_ptr_array_add (painter->overflows,
                     g_strdup (cell->id != NULL ? cell->id :
                               cell->label != NULL ? cell->label :
                               cell->text != NULL ? cell->text : "?"));
}

static void
stroke_rect (cairo_t           *cr,
             const MdgFormRect *rect,
             double             width)
{
  cairo_set_line_width (cr, width);
  cairo_rectangle (cr, rect->x * MM, rect->y * MM, rect->width * MM, rect->height * MM);
  cairo_stroke (cr);
}

static void
draw_box (Painter           *painter,
          const MdgFormCell *cell)
{
  cairo_t *cr = painter->cr;

  if (cell->flags & MDG_FORM_CELL_SHADED)
    {
      cairo_set_source_rgb (cr, SHADE_GRAY, SHADE_GRAY, SHADE_GRAY);
      cairo_rectangle (cr, cell->rect.x * MM, cell->rect.y * MM,
                       cell->rect.width * MM, cell->rect.height * MM);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }
  if (cell->flags & MDG_FORM_CELL_FRAMED)
    stroke_rect (cr, &cell->rect, LINE_WIDTH);
}

static void
draw_field (Painter           *painter,
            const MdgFormCell *cell)
{
  MdgFormRect value = cell->rect;
  gboolean vertical = (cell->flags & MDG_FORM_CELL_VERTICAL) != 0;
  gboolean fits = TRUE;

  if (cell->flags & MDG_FORM_CELL_HAS_KANA)
    {
      MdgFormRect band = cell->rect;
      double dash = 0.8;

      band.height = MIN (cell->rect.height * 0.35, 4.5);
      value.y += band.height;
      value.height -= band.height;

      cairo_save (painter->cr);
      cairo_set_line_width (painter->cr, 0.3);
      cairo_set_dash (painter->cr, &dash, 1, 0);
      cairo_move_to (painter->cr, cell->rect.x * MM, value.y * MM);
      cairo_line_to (painter->cr, (cell->rect.x + cell->rect.width) * MM, value.y * MM);
      cairo_stroke (painter->cr);
      cairo_restore (painter->cr);

      if (cell->kana != NULL)
        fits &= draw_text (painter, cell->kana, &band, MIN (7, band.height * MM * 0.75),
                           cell->align, FALSE, FALSE, PAD_X);
    }

  if (cell->text != NULL)
    fits &= draw_text (painter, cell->text, &value, cell->font_size, cell->align,
                       (cell->flags & MDG_FORM_CELL_BOLD) != 0, vertical, PAD_X);
  else if (cell->placeholder != NULL)
    draw_text (painter, cell->placeholder, &value, MIN (cell->font_size, 9),
               MDG_FORM_ALIGN_END, FALSE, vertical, PAD_X + 2);

  if (!fits)
    report_overflow (painter, cell);
}

static void
draw_check_box (cairo_t  *cr,
                double    x,
                double    y,
                double    side,
                gboolean  checked)
{
  cairo_set_line_width (cr, 0.6);
  cairo_rectangle (cr, x, y, side, side);
  cairo_stroke (cr);
  if (checked)
    {
      cairo_set_line_width (cr, 1.2);
      cairo_move_to (cr, x + side * 0.18, y + side * 0.52);
      cairo_line_to (cr, x + side * 0.42, y + side * 0.8);
      cairo_line_to (cr, x + side * 0.85, y + side * 0.15);
      cairo_stroke (cr);
    }
}

/* Options in a grid of equal slots; the chosen ones circled (〇 drawn
 * around the words, as staff do on paper) or ticked. */
static void
draw_choice (Painter           *painter,
             const MdgFormCell *cell)
{
  cairo_t *cr = painter->cr;
  guint n = cell->options->len;
  guint columns = cell->columns > 0 ? MIN (cell->columns, n) : n;
  guint rows = (n + columns - 1) / columns;
  double slot_w = (cell->rect.width - 2 * PAD_X) / columns;
  double slot_h = (cell->rect.height - 2 * PAD_Y) / rows;
  gboolean fits = TRUE;

  for (guint i = 0; i < n; i++)
    {
      const MdgFormOption *option = g_ptr_array_index (cell->options, i);
      gboolean chosen = (cell->chosen >> i) & 1;
      MdgFormRect slot = {
        cell->rect.x + PAD_X + (i % columns) * slot_w,
        cell->rect.y + PAD_Y + (i / columns) * slot_h,
        slot_w, slot_h,
      };
      PangoLayout *layout;
      PangoRectangle ink;
      double size = MIN (cell->font_size, slot_h * MM * 0.7);

      if (cell->mark == MDG_FORM_MARK_CHECK)
        {
          double side = MIN (size, slot_h * MM * 0.8);

          draw_check_box (cr, slot.x * MM + 0.5, (slot.y + slot.height / 2) * MM - side / 2, side,
                          chosen);
          slot.x += side / MM + 0.8;
          slot.width -= side / MM + 0.8;
          fits &= draw_text (painter, option->label, &slot, size, MDG_FORM_ALIGN_START,
                             FALSE, FALSE, 0.3);
          continue;
        }

      /* Room for the circle around the words. */
      slot.x += 0.6;
      slot.width -= 1.2;
      fits &= draw_text (painter, option->label, &slot, size,
                         cell->align == MDG_FORM_ALIGN_START && columns > 1 ?
                         MDG_FORM_ALIGN_START : MDG_FORM_ALIGN_CENTER,
                         FALSE, FALSE, 0.3);
      if (!chosen)
        continue;

      /* The circle follows the words as they were set. */
      layout = make_layout (painter, option->label, size, FALSE);
      pango_layout_get_extents (layout, NULL, &ink);
      g_object_unref (layout);
      {
        double w = MIN (ink.width / (double) PANGO_SCALE, (slot.width - 0.6) * MM);
        double h = MIN (ink.height / (double) PANGO_SCALE, (slot.height - 0.8) * MM);
        double cx;
        double cy = (slot.y + slot.height / 2) * MM;
        /* An ellipse through the corners of the words' box, within the slot. */
        double rx = MIN (w / 2 * 1.25 + 1.5, slot.width * MM / 2 + 1.2);
        double ry = MIN (h / 2 * 1.3 + 1.2, slot.height * MM / 2 + 0.8);

        if (cell->align == MDG_FORM_ALIGN_START && columns > 1)
          cx = (slot.x + 0.3) * MM + w / 2;
        else
          cx = (slot.x + slot.width / 2) * MM;

        cairo_save (cr);
        cairo_translate (cr, cx, cy);
        cairo_scale (cr, rx, ry);
        cairo_arc (cr, 0, 0, 1, 0, 2 * G_PI);
        cairo_restore (cr);
        cairo_set_line_width (cr, 0.8);
        cairo_stroke (cr);
      }
    }

  if (!fits)
    report_overflow (painter, cell);
}

typedef struct
{
  const guchar *data;
  gsize         left;
} PngReader;

static cairo_status_t
read_png_cb (void          *closure,
             unsigned char *data,
             unsigned int   length)
{
  PngReader *reader = closure;

  if (length > reader->left)
    return CAIRO_STATUS_READ_ERROR;
  memcpy (data, reader->data, length);
  reader->data += length;
  reader->left -= length;
  return CAIRO_STATUS_SUCCESS;
}

/* A signature captured as a PNG image, scaled into the spot. */
static void
draw_signature_image (cairo_t *cr,
                      GBytes  *png,
                      double   ox,
                      double   oy,
                      double   scale)
{
  PngReader reader;
  cairo_surface_t *image;

  reader.data = g_bytes_get_data (png, &reader.left);
  image = cairo_image_surface_create_from_png_stream (read_png_cb, &reader);
  if (cairo_surface_status (image) == CAIRO_STATUS_SUCCESS)
    {
      cairo_save (cr);
      cairo_translate (cr, ox, oy);
      cairo_scale (cr, scale, scale);
      cairo_set_source_surface (cr, image, 0, 0);
      cairo_paint (cr);
      cairo_restore (cr);
    }
  else
    g_debug ("A signature image could not be decoded: %s",
             cairo_status_to_string (cairo_surface_status (image)));
  cairo_surface_destroy (image);
}

static void
draw_signature (Painter           *painter,
                const MdgFormCell *cell,
                MdgSignature      *signature)
{
  cairo_t *cr = painter->cr;
  double width, height, scale, ox, oy;
  double box_w = (cell->rect.width - 4) * MM;
  double box_h = (cell->rect.height - 2) * MM;

  if (signature == NULL || mdg_signature_is_empty (signature))
    return;

  mdg_signature_get_size (signature, &width, &height);
  scale = MIN (box_w / width, box_h / height);
  ox = (cell->rect.x + 2) * MM + (box_w - width * scale) / 2;
  oy = (cell->rect.y + 1) * MM + (box_h - height * scale) / 2;

  if (mdg_signature_get_png (signature) != NULL)
    {
      draw_signature_image (cr, mdg_signature_get_png (signature), ox, oy, scale);
      return;
    }

  cairo_save (cr);
  cairo_set_source_rgb (cr, 0.05, 0.05, 0.2);
  cairo_set_line_cap (cr, CAIRO_LINE_CAP_ROUND);
  cairo_set_line_join (cr, CAIRO_LINE_JOIN_ROUND);
  for (guint s = 0; s < mdg_signature_get_n_strokes (signature); s++)
    {
      guint n_points;
      const MdgSignaturePoint *points = mdg_signature_get_stroke (signature, s, &n_points);

      if (n_points == 1)
        {
          cairo_arc (cr, ox + points[0].x * scale, oy + points[0].y * scale, 0.5, 0, 2 * G_PI);
          cairo_fill (cr);
          continue;
        }
      for (guint p = 1; p < n_points; p++)
        {
          cairo_set_line_width (cr, 0.4 + 0.8 * points[p].pressure);
          cairo_move_to (cr, ox + points[p - 1].x * scale, oy + points[p - 1].y * scale);
          cairo_line_to (cr, ox + points[p].x * scale, oy + points[p].y * scale);
          cairo_stroke (cr);
        }
    }
  cairo_restore (cr);
}

static void
draw_cell (Painter           *painter,
           const MdgFormCell *cell,
           MdgSignature      *signature)
{
  cairo_t *cr = painter->cr;

  switch (cell->kind)
    {
    case MDG_FORM_CELL_FRAME:
      stroke_rect (cr, &cell->rect, cell->font_size);
      break;

    case MDG_FORM_CELL_LINE:
      cairo_set_line_width (cr, cell->font_size);
      cairo_move_to (cr, cell->rect.x * MM, cell->rect.y * MM);
      cairo_line_to (cr, (cell->rect.x + cell->rect.width) * MM,
                     (cell->rect.y + cell->rect.height) * MM);
      cairo_stroke (cr);
      break;

    case MDG_FORM_CELL_TEXT:
      draw_box (painter, cell);
      if (!draw_text (painter, cell->text, &cell->rect, cell->font_size, cell->align,
                      (cell->flags & MDG_FORM_CELL_BOLD) != 0,
                      (cell->flags & MDG_FORM_CELL_VERTICAL) != 0, PAD_X))
        report_overflow (painter, cell);
      break;

    case MDG_FORM_CELL_STAFF:
      {
        MdgFormRect top = cell->rect;

        draw_box (painter, cell);
        top.height = MIN (top.height, 4);
        cairo_set_source_rgb (cr, 0.3, 0.3, 0.3);
        if (!draw_text (painter, cell->text, &top, cell->font_size, MDG_FORM_ALIGN_CENTER,
                        FALSE, FALSE, PAD_X))
          report_overflow (painter, cell);
        cairo_set_source_rgb (cr, 0, 0, 0);
      }
      break;

    case MDG_FORM_CELL_FIELD:
      draw_box (painter, cell);
      draw_field (painter, cell);
      break;

    case MDG_FORM_CELL_CHOICE:
    case MDG_FORM_CELL_CHECK:
      draw_box (painter, cell);
      draw_choice (painter, cell);
      break;

    case MDG_FORM_CELL_SIGNATURE:
      draw_box (painter, cell);
      if (painter->signers != NULL)
        signature = g_hash_table_lookup (painter->signers,
                                         cell->signer != NULL ? cell->signer : "applicant");
      draw_signature (painter, cell, signature);
      break;

    default:
      g_assert_not_reached ();
    }
}

static cairo_status_t
write_to_array_cb (void                *closure,
                   const unsigned char *data,
                   unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

static GBytes *
render_pdf (MdgFilledForm * const *forms,
            guint                  n_forms,
            MdgSignature          *signature,
            GHashTable            *signers,
            GPtrArray             *overflows,
            GError               **error);

GBytes *
mdg_render_pdf (MdgFilledForm * const *forms,
                guint                  n_forms,
                MdgSignature          *signature,
                GPtrArray             *overflows,
                GError               **error)
{
  return render_pdf (forms, n_forms, signature, NULL, overflows, error);
}

GBytes *
mdg_render_pdf_signed (MdgFilledForm * const *forms,
                       guint                  n_forms,
                       GHashTable            *signers,
                       GPtrArray             *overflows,
                       GError               **error)
{
  g_return_val_if_fail (signers != NULL, NULL);

  return render_pdf (forms, n_forms, NULL, signers, overflows, error);
}

static GBytes *
render_pdf (MdgFilledForm * const *forms,
            guint                  n_forms,
            MdgSignature          *signature,
            GHashTable            *signers,
            GPtrArray             *overflows,
            GError               **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  cairo_surface_t *surface;
  cairo_status_t status;
  Painter painter = { NULL, NULL, overflows, signers };
  gboolean subset;
  gint64 start = g_get_monotonic_time ();

  g_return_val_if_fail (forms != NULL || n_forms == 0, NULL);
  g_return_val_if_fail (n_forms > 0, NULL);

  if (!mdg_render_check_font (error))
    return NULL;

  surface = cairo_pdf_surface_create_for_stream (write_to_array_cb, bytes, 595, 842);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE,
                                  mdg_form_layout_get_title (mdg_filled_form_get_layout (forms[0])));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Madoguchi");
  painter.cr = cairo_create (surface);
  painter.context = _mdg_render_fonts_get_context (forms, n_forms, &subset);
  pango_cairo_update_context (painter.cr, painter.context);

  for (guint f = 0; f < n_forms; f++)
    {
      MdgFilledForm *form = forms[f];
      double width, height;

      mdg_form_layout_get_page_size (mdg_filled_form_get_layout (form), &width, &height);
      for (guint page = 0; page < mdg_filled_form_get_n_pages (form); page++)
        {
          cairo_pdf_surface_set_size (surface, width * MM, height * MM);
          cairo_set_source_rgb (painter.cr, 0, 0, 0);
          for (guint i = 0; i < mdg_filled_form_get_n_cells (form); i++)
            {
              const MdgFormCell *cell = mdg_filled_form_get_cell (form, i);

              if (cell->page == page)
                draw_cell (&painter, cell, signature);
            }
          cairo_show_page (painter.cr);
        }
    }

  cairo_destroy (painter.cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, MDG_RENDER_ERROR, MDG_RENDER_ERROR_PDF,
                   "cannot write the PDF: %s", cairo_status_to_string (status));
      return NULL;
    }

  g_debug ("Rendered %u forms in the %s fonts, %u bytes, in %" G_GINT64_FORMAT " µs",
           n_forms, subset ? "subset" : "system", bytes->len, g_get_monotonic_time () - start);

  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}

/* One render at a time in the whole process: cairo 1.16 (Debian 12) can
 * deadlock between threads that create and destroy scaled fonts at once
 * (seen with the form thumbnails: eight Poppler renders, every thread
 * waiting on cairo's font-map mutex). The renders queue here instead. */
GMutex _mdg_render_lock;

static void
render_pdf_worker (GTask        *task,
                   gpointer      source_object,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  MdgRenderJob *render = task_data;
  GError *error = NULL;
  GBytes *pdf;

  if (g_task_return_error_if_cancelled (task))
    return;

  g_mutex_lock (&_mdg_render_lock);
  pdf = render_pdf ((MdgFilledForm * const *) render->forms->pdata, render->forms->len,
                    render->signature, render->signers, NULL, &error);
  g_mutex_unlock (&_mdg_render_lock);
  if (pdf == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
mdg_render_pdf_async (GPtrArray           *forms,
                      MdgSignature        *signature,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MdgRenderJob *render;

  g_return_if_fail (forms != NULL && forms->len > 0);

  render = g_new0 (MdgRenderJob, 1);
  render->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_filled_form_unref);
  for (guint i = 0; i < forms->len; i++)
    g_ptr_array_add (render->forms, mdg_filled_form_ref (g_ptr_array_index (forms, i)));
  render->signature = signature != NULL ? mdg_signature_ref (signature) : NULL;

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mdg_render_pdf_async);
  g_task_set_task_data (task, render, _mdg_render_job_free);
  g_task_run_in_thread (task, render_pdf_worker);
}

void
mdg_render_pdf_signed_async (GPtrArray           *forms,
                             GHashTable          *signers,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  MdgRenderJob *render;

  g_return_if_fail (forms != NULL && forms->len > 0);
  g_return_if_fail (signers != NULL);

  render = g_new0 (MdgRenderJob, 1);
  render->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_filled_form_unref);
  for (guint i = 0; i < forms->len; i++)
    g_ptr_array_add (render->forms, mdg_filled_form_ref (g_ptr_array_index (forms, i)));
  render->signers = g_hash_table_ref (signers);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, mdg_render_pdf_async);
  g_task_set_task_data (task, render, _mdg_render_job_free);
  g_task_run_in_thread (task, render_pdf_worker);
}

GBytes *
mdg_render_pdf_finish (GAsyncResult  *result,
                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static PopplerDocument *
open_pdf (GBytes  *pdf,
          GError **error)
{
  g_autoptr(GError) local_error = NULL;
  PopplerDocument *document = poppler_document_new_from_bytes (pdf, NULL, &local_error);

  if (document == NULL)
    g_set_error (error, MDG_RENDER_ERROR, MDG_RENDER_ERROR_POPPLER,
                 "cannot read the PDF: %s", local_error->message);

  return document;
}

static PopplerPage *
open_page (GBytes  *pdf,
           guint    index,
           GError **error)
{
  PopplerDocument *document = open_pdf (pdf, error);
  PopplerPage *page = NULL;

  if (document == NULL)
    return NULL;
  if (index >= (guint) poppler_document_get_n_pages (document) ||
      !(page = poppler_document_get_page (document, index)))
    g_set_error (error, MDG_RENDER_ERROR, MDG_RENDER_ERROR_NO_PAGE,
                 "the document has no page %u", index + 1);

  /* The page keeps its document alive. */
  g_object_unref (document);
  return page;
}

guint
mdg_render_pdf_count_pages (GBytes  *pdf,
                            GError **error)
{
  PopplerDocument *document;
  guint n_pages;

  g_return_val_if_fail (pdf != NULL, 0);

  if (!(document = open_pdf (pdf, error)))
    return 0;
  n_pages = poppler_document_get_n_pages (document);
  g_object_unref (document);

  return n_pages;
}

static cairo_surface_t *
page_to_image (PopplerPage *page,
               double       dpi)
{
  cairo_surface_t *surface;
  cairo_t *cr;
  double width, height;
  double scale = dpi / 72.0;

  poppler_page_get_size (page, &width, &height);
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, ceil (width * scale),
                                        ceil (height * scale));
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, scale, scale);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);

  return surface;
}

cairo_surface_t *
mdg_render_pdf_to_image (GBytes  *pdf,
                         guint    index,
                         double   dpi,
                         GError **error)
{
  PopplerPage *page;
  cairo_surface_t *surface;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (dpi > 0, NULL);

  if (!(page = open_page (pdf, index, error)))
    return NULL;

  surface = page_to_image (page, dpi);
  g_object_unref (page);

  return surface;
}

gboolean
mdg_render_pdf_page_to_cairo (GBytes   *pdf,
                              guint     index,
                              cairo_t  *cr,
                              GError  **error)
{
  PopplerPage *page;

  g_return_val_if_fail (pdf != NULL, FALSE);
  g_return_val_if_fail (cr != NULL, FALSE);

  if (!(page = open_page (pdf, index, error)))
    return FALSE;

  poppler_page_render_for_printing (page, cr);
  g_object_unref (page);
  return TRUE;
}

GPtrArray *
mdg_render_pdf_to_images (GBytes        *pdf,
                          double         dpi,
                          GCancellable  *cancellable,
                          GError       **error)
{
  g_autoptr(GPtrArray) images =
    g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  PopplerDocument *document;
  int n_pages;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (dpi > 0, NULL);

  if (!(document = open_pdf (pdf, error)))
    return NULL;

  n_pages = poppler_document_get_n_pages (document);
  for (int i = 0; i < n_pages; i++)
    {
      PopplerPage *page;

      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        break;
      if (!(page = poppler_document_get_page (document, i)))
        {
          g_set_error (error, MDG_RENDER_ERROR, MDG_RENDER_ERROR_NO_PAGE,
                       "the document has no page %d", i + 1);
          break;
        }
      g_ptr_array_add (images, page_to_image (page, dpi));
      g_object_unref (page);
    }
  g_object_unref (document);

  if (images->len < (guint) n_pages)
    return NULL;

  return g_steal_pointer (&images);
}
