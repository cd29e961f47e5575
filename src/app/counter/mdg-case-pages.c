/* mdg-case-pages.c: what the pages of the counter's visit share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "mdg-case-pages.h"

/* Sets *@shown to @text and returns TRUE when it changed: rows are made
 * again only then, so an answer does not lay out every row anew. */
gboolean
_mdg_case_page_shown_changed (char    **shown,
                              GString  *text)
{
  if (g_strcmp0 (*shown, text->str) == 0)
    {
      g_string_free (text, TRUE);
      return FALSE;
    }

  g_free (*shown);
  *shown = g_string_free (text, FALSE);
  return TRUE;
}

GtkWidget *
_mdg_case_page_plain_row_new (const char *title,
                              const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

void
_mdg_case_page_clear_rows (AdwPreferencesGroup *group,
                           GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

void
_mdg_case_page_toast (GtkWidget  *page,
                      const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (page, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

