/* mdg-guidance-sheet.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-guidance-sheet"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "mdg-app-labels-private.h"
#include "mdg-guidance-sheet.h"

#define SHEET_FONT "Noto Sans CJK JP 10"
#define SHEET_MARGIN 36.0

char *
mdg_guidance_sheet_dup_text (MdgGuidance *guidance)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *visit = NULL;
  MdgCase *kase;
  int department = -1;

  g_return_val_if_fail (guidance != NULL, NULL);

  kase = mdg_guidance_get_case (guidance);
  visit = _mdg_deadline_dup_label (mdg_case_get_visit_date (kase));

  g_string_append_printf (text, "%s\n", _("Guidance Sheet"));
  /* Translators: on the printed guidance sheet; %s is the visit date in 和暦 */
  g_string_append_printf (text, _("Visit on %s"), visit);
  g_string_append (text, "\n");

  for (guint i = 0; i < mdg_guidance_get_n_items (guidance); i++)
    {
      const MdgGuidanceItem *item = mdg_guidance_get_item (guidance, i);
      const MdgProcedure *procedure = item->procedure;
      g_autofree char *deadline = _mdg_deadline_dup_label (item->deadline);

      if ((int) procedure->department != department)
        {
          department = procedure->department;
          g_string_append_printf (text, "\n■ %s\n", mdg_department_get_name (department));
        }

      /* Translators: a procedure on the guidance sheet and where it is done */
      g_string_append_printf (text, _("□ %1$s (%2$s)"), procedure->name,
                              _mdg_mode_get_label (procedure->mode));
      g_string_append (text, "\n");
      g_string_append_printf (text, "    %s\n", item->reason);
      if (item->deadline != MDG_DAY_INVALID)
        {
          int days = item->deadline - mdg_case_get_visit_date (kase);

          g_string_append (text, "    ");
          if (days >= 0)
            /* Translators: a deadline in 和暦 and the days left from the visit */
            g_string_append_printf (text, ngettext ("Deadline: %1$s (%2$d day left)",
                                                    "Deadline: %1$s (%2$d days left)", days),
                                    deadline, days);
          else
            /* Translators: a deadline in 和暦 that has passed */
            g_string_append_printf (text, _("Deadline: %s (passed)"), deadline);
          g_string_append (text, "\n");
        }
      if (procedure->bring != NULL && procedure->bring[0] != NULL)
        {
          g_autofree char *bring = g_strjoinv ("、", procedure->bring);

          g_string_append (text, "    ");
          /* Translators: what to bring, on the guidance sheet */
          g_string_append_printf (text, _("Bring: %s"), bring);
          g_string_append (text, "\n");
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static PangoLayout *
create_layout (GtkPrintContext *context,
               const char      *text)
{
  PangoLayout *layout = gtk_print_context_create_pango_layout (context);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (SHEET_FONT);

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, pango_units_from_double (gtk_print_context_get_width (context)
                                                           - 2 * SHEET_MARGIN));
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_text (layout, text, -1);

  return layout;
}

static void
begin_print_cb (GtkPrintOperation *operation,
                GtkPrintContext   *context,
                const char        *text)
{
  g_autoptr(PangoLayout) layout = create_layout (context, text);
  double page_height = gtk_print_context_get_height (context) - 2 * SHEET_MARGIN;
  int height;

  pango_layout_get_size (layout, NULL, &height);
  gtk_print_operation_set_n_pages (operation,
                                   MAX (1, (int) ceil (pango_units_to_double (height) / page_height)));
}

static void
draw_page_cb (GtkPrintOperation *operation,
              GtkPrintContext   *context,
              int                page,
              const char        *text)
{
  g_autoptr(PangoLayout) layout = create_layout (context, text);
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double page_height = gtk_print_context_get_height (context) - 2 * SHEET_MARGIN;

  cairo_rectangle (cr, SHEET_MARGIN, SHEET_MARGIN,
                   gtk_print_context_get_width (context) - 2 * SHEET_MARGIN, page_height);
  cairo_clip (cr);
  cairo_move_to (cr, SHEET_MARGIN, SHEET_MARGIN - page * page_height);
  pango_cairo_show_layout (cr, layout);
}

void
mdg_guidance_sheet_print (MdgGuidance *guidance,
                          GtkWindow   *parent)
{
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GError) error = NULL;
  char *text;

  g_return_if_fail (guidance != NULL);

  text = mdg_guidance_sheet_dup_text (guidance);
  g_object_set_data_full (G_OBJECT (operation), "mdg-sheet-text", text, g_free);
  gtk_print_operation_set_job_name (operation, _("Guidance Sheet"));
  g_signal_connect (operation, "begin-print", G_CALLBACK (begin_print_cb), text);
  g_signal_connect (operation, "draw-page", G_CALLBACK (draw_page_cb), text);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, parent,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    g_debug ("The guidance sheet was not printed (error %d)", error->code);
}
