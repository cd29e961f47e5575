/* mdg-window-resume.c: an unfinished visit, offered for resuming
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-window"

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "mdg-window-private.h"

/* Drafts older than this are a past day's visit, not one to take up. */
#define RESUME_WITHIN_HOURS 12

static MdgHousehold *
find_household (MdgWindow  *self,
                const char *id)
{
  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      if (g_strcmp0 (mdg_household_get_id (household), id) == 0)
        return g_steal_pointer (&household);
    }

  return NULL;
}

static char *
dup_draft_household_id (const MdgDraft *draft)
{
  g_autoptr(JsonNode) root = NULL;

  if (mdg_json_check (draft->visit_json, strlen (draft->visit_json), MDG_JSON_MAX_DEPTH, NULL))
    root = json_from_string (draft->visit_json, NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return g_strdup (json_object_get_string_member_with_default (json_node_get_object (root),
                                                               "household", NULL));
}

static void
drafts_listed_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(MdgWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) drafts = mdg_store_list_drafts_finish (MDG_STORE (object), result, &error);
  g_autoptr(GDateTime) since = NULL;
  g_autoptr(GDateTime) changed = NULL;
  g_autoptr(GDateTime) local = NULL;
  g_autoptr(MdgHousehold) household = NULL;
  g_autofree char *household_id = NULL;
  g_autofree char *time = NULL;
  g_autofree char *text = NULL;
  MdgDraft *draft;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (drafts == NULL)
    {
      g_debug ("The unfinished visits could not be listed (store error %d)", error->code);
      return;
    }
  if (drafts->len == 0)
    return;

  /* The newest, if it is today's and its household is here. */
  draft = g_ptr_array_index (drafts, 0);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now_utc ();

    since = g_date_time_add_hours (now, -RESUME_WITHIN_HOURS);
  }
  changed = g_date_time_new_from_iso8601 (draft->updated_at, NULL);
  household_id = dup_draft_household_id (draft);
  if (changed == NULL || g_date_time_compare (changed, since) < 0 || household_id == NULL ||
      !(household = find_household (self, household_id)))
    return;

  local = g_date_time_to_local (changed);
  time = g_date_time_format (local, "%H:%M");
  /* Translators: an unfinished visit after a restart; %1$s is the head of
   * the household, %2$s the time of its last change (14:05) */
  text = g_strdup_printf (_("The visit of the household of %1$s was not completed (last change "
                            "at %2$s). Resume it where it stopped?"),
                          mdg_household_get_head_name (household), time);
  gtk_label_set_label (self->resume_label, text);
  g_clear_pointer (&self->draft, mdg_draft_free);
  self->draft = g_ptr_array_steal_index (drafts, 0);
  gtk_revealer_set_reveal_child (self->resume_revealer, TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", TRUE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", TRUE);
}

/* After a crash or a power cut: offer the visit that was not completed. */
void
_mdg_window_offer_resume (MdgWindow *self)
{
  if (self->store == NULL)
    return;

  mdg_store_list_drafts_async (self->store, self->cancellable, drafts_listed_cb,
                               g_object_ref (self));
}

static void
close_resume_offer (MdgWindow *self)
{
  g_clear_pointer (&self->draft, mdg_draft_free);
  gtk_revealer_set_reveal_child (self->resume_revealer, FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.resume-draft", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.discard-draft", FALSE);
}

void
_mdg_window_resume_draft_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;
  g_autoptr(MdgHousehold) household = NULL;
  g_autofree char *household_id = NULL;

  g_assert (MDG_IS_WINDOW (self));

  if (self->draft == NULL)
    return;

  household_id = dup_draft_household_id (self->draft);
  if (household_id == NULL || !(household = find_household (self, household_id)) ||
      !mdg_case_view_resume (self->case_view, household, self->draft->id,
                             self->draft->visit_json))
    {
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The unfinished visit cannot be resumed")));
      close_resume_offer (self);
      return;
    }

  g_set_object (&self->household, household);
  _mdg_window_audit_household_read (self, household);
  _mdg_window_update_visit_label (self);
  close_resume_offer (self);
  _mdg_window_go_to_step (self, STEP_EVENT + 1);
}

static void
draft_discarded_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!mdg_store_discard_draft_finish (MDG_STORE (object), result, &error))
    g_debug ("The draft was not discarded (store error %d)", error->code);
}

void
_mdg_window_discard_draft_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *param)
{
  MdgWindow *self = (MdgWindow *)widget;

  g_assert (MDG_IS_WINDOW (self));

  if (self->draft == NULL)
    return;

  mdg_store_discard_draft_async (self->store, self->draft->id, NULL, draft_discarded_cb, NULL);
  close_resume_offer (self);
}
