/* mdg-visit-driver.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-visit-driver"

#include "config.h"

#include "mdg-box-assist.h"
#include "mdg-card-info.h"
#include "mdg-form-boxes.h"
#include "mdg-form-preview.h"
#include "mdg-signature-pad.h"
#include "mdg-visit-driver.h"

void
mdg_visit_driver_init (MdgVisitDriver *self,
                       MdgWindow      *window,
                       MdgCatalog     *catalog)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (MDG_IS_WINDOW (window));

  self->window = window;
  self->case_view = MDG_CASE_VIEW (mdg_visit_driver_find_by_type (GTK_WIDGET (window),
                                                                  MDG_TYPE_CASE_VIEW));
  self->catalog = catalog;
  self->n_actions = 0;
  self->n_fields = 0;
  self->n_chars = 0;
  self->responses = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_assert (self->case_view != NULL);
}

void
mdg_visit_driver_clear (MdgVisitDriver *self)
{
  g_return_if_fail (self != NULL);

  g_clear_pointer (&self->responses, g_array_unref);
}

/* After an input at @start: the time until the main loop has nothing left
 * to do (what the clerk waits for before the screen answers), then a pause
 * of @ms for the work on other threads. */
static void
settle (MdgVisitDriver *self,
        gint64          start,
        guint           ms)
{
  gint64 elapsed;

  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
  elapsed = g_get_monotonic_time () - start;
  g_array_append_val (self->responses, elapsed);
  mdg_visit_driver_spin (ms);
}

GtkWidget *
mdg_visit_driver_find_by_id (GtkWidget  *root,
                             const char *id)
{
  const char *own = GTK_IS_BUILDABLE (root) ? gtk_buildable_get_buildable_id (GTK_BUILDABLE (root))
                                            : NULL;

  if (g_strcmp0 (own, id) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mdg_visit_driver_find_by_id (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkWidget *
mdg_visit_driver_find_by_type (GtkWidget *root,
                               GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = mdg_visit_driver_find_by_type (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_text (GtkWidget *root,
              GString   *text)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_mapped (root))
    g_string_append_printf (text, "%s\n", gtk_label_get_label (GTK_LABEL (root)));

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

char *
mdg_visit_driver_dup_visible_text (GtkWidget *root)
{
  GString *text = g_string_new (NULL);

  collect_text (root, text);
  return g_string_free (text, FALSE);
}

void
mdg_visit_driver_spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

gboolean
mdg_visit_driver_spin_until (gboolean (*done) (gpointer data),
                             gpointer   data,
                             guint      timeout_s)
{
  gint64 end = g_get_monotonic_time () + timeout_s * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (500);
    }

  return TRUE;
}

void
mdg_visit_driver_activate (MdgVisitDriver *self,
                           const char     *action,
                           GVariant       *param)
{
  g_autoptr(GVariant) owned = param != NULL ? g_variant_ref_sink (param) : NULL;
  gint64 start = g_get_monotonic_time ();

  g_return_if_fail (self != NULL);

  self->n_actions++;
  if (!gtk_widget_activate_action_variant (GTK_WIDGET (self->window), action, owned))
    g_error ("The window has no action %s", action);
  settle (self, start, 50);
}

void
mdg_visit_driver_search (MdgVisitDriver *self,
                         const char     *query)
{
  GtkWidget *entry = mdg_visit_driver_find_by_id (GTK_WIDGET (self->window), "search_entry");
  gint64 start;

  g_assert (entry != NULL);

  self->n_fields++;
  self->n_chars += g_utf8_strlen (query, -1);
  gtk_editable_set_text (GTK_EDITABLE (entry), query);
  g_signal_emit_by_name (entry, "search-changed");
  mdg_visit_driver_spin (50);
  self->n_actions++;
  start = g_get_monotonic_time ();
  g_signal_emit_by_name (entry, "activate");
  settle (self, start, 100);
}

gboolean
mdg_visit_driver_add_procedure (MdgVisitDriver *self,
                                const char     *name)
{
  GtkWidget *button = mdg_visit_driver_find_by_id (GTK_WIDGET (self->window),
                                                   "add_procedure_button");
  GtkWidget *list;
  gint64 start;

  g_assert (GTK_IS_MENU_BUTTON (button));

  self->n_actions++;
  start = g_get_monotonic_time ();
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  settle (self, start, 50);

  list = mdg_visit_driver_find_by_id (GTK_WIDGET (self->window), "manual_list");
  g_assert (GTK_IS_LIST_BOX (list));
  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (ADW_IS_PREFERENCES_ROW (row) && gtk_widget_get_mapped (row) &&
          g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), name) == 0)
        {
          self->n_actions++;
          start = g_get_monotonic_time ();
          gtk_widget_activate (row);
          settle (self, start, 50);
          return TRUE;
        }
    }

  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));
  return FALSE;
}

guint
mdg_visit_driver_interview (MdgVisitDriver *self,
                            MdgVisitChoose  choose)
{
  guint n = 0;

  for (;;)
    {
      MdgCase *kase = mdg_case_view_get_case (self->case_view);
      g_autoptr(GPtrArray) questions = mdg_interview_next_questions (self->catalog, kase);
      const MdgQuestion *question;
      g_autoptr(JsonNode) value = NULL;
      g_autofree char *json = NULL;
      gint64 start;

      if (questions->len == 0)
        return n;

      /* One answer: a switch or a choice, and Enter. */
      question = g_ptr_array_index (questions, 0);
      value = choose (question, kase);
      json = json_to_string (value, FALSE);
      self->n_actions++;
      start = g_get_monotonic_time ();
      if (!gtk_widget_activate_action (GTK_WIDGET (self->case_view), "case.answer", "(ssss)",
                                       question->fact, question->text, json, json))
        g_error ("The case view has no answer action");
      settle (self, start, 50);
      if (++n >= 50)
        g_error ("The interview does not end: %s is asked again", question->fact);
    }
}

JsonNode *
mdg_visit_driver_choose_first (const MdgQuestion *question,
                               MdgCase           *kase)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  switch (question->def->kind)
    {
    case MDG_QUESTION_BOOLEAN:
      json_node_set_boolean (node, TRUE);
      break;
    case MDG_QUESTION_CHOICE:
      json_node_set_string (node, ((MdgChoice *) g_ptr_array_index (question->def->choices, 0))->value);
      break;
    case MDG_QUESTION_MEMBER:
      json_node_set_string (node, mdg_case_get_member (kase, 0)->id);
      break;
    case MDG_QUESTION_MULTI_CHOICE:
    case MDG_QUESTION_MEMBERS:
    default:
      json_node_unref (node);
      node = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (node, json_array_new ());
      break;
    }

  return node;
}

static GtkWidget *
find_empty_detail (MdgVisitDriver *self)
{
  GtkWidget *group = mdg_visit_driver_find_by_id (GTK_WIDGET (self->case_view), "details_group");
  GtkWidget *list = mdg_visit_driver_find_by_type (group, GTK_TYPE_LIST_BOX);

  for (GtkWidget *row = gtk_widget_get_first_child (list);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      if (!gtk_widget_get_visible (row))
        continue;
      /* what the forms still miss, in red; not the optional boxes, nor
       * those the household fills (its address) */
      if (!gtk_widget_has_css_class (row, "error"))
        continue;
      if (ADW_IS_ENTRY_ROW (row) && g_str_equal (gtk_editable_get_text (GTK_EDITABLE (row)), ""))
        return row;
      /* a choice (死亡の原因): its first item is "not chosen" */
      if (ADW_IS_COMBO_ROW (row) && adw_combo_row_get_selected (ADW_COMBO_ROW (row)) == 0)
        return row;
    }

  return NULL;
}

const char *
mdg_visit_driver_sample_value (const MdgFormBox *box)
{
  switch (mdg_form_box_get_kind (box))
    {
    case MDG_FORM_BOX_DATE:
      return "8.1.10";              /* in the era of the visit */
    case MDG_FORM_BOX_PHONE:
      return "0963282111";          /* the hyphens come by themselves */
    case MDG_FORM_BOX_POSTAL_CODE:
      return "860-8601";
    case MDG_FORM_BOX_ACCOUNT_NUMBER:
      return "1234567";
    case MDG_FORM_BOX_NUMBER:
      return "123456789018";
    case MDG_FORM_BOX_ADDRESS:
      return "8600808 1-1";         /* 熊本県熊本市中央区手取本町 1-1 */
    case MDG_FORM_BOX_BANK:
      return "0182-101";            /* 肥後銀行 本店営業部, both boxes */
    case MDG_FORM_BOX_BRANCH:
      return "101";
    case MDG_FORM_BOX_TEXT:
    case MDG_FORM_BOX_CHOICE:
    default:
      return "見本";
    }
}

guint
mdg_visit_driver_fill_details (MdgVisitDriver *self)
{
  g_autoptr(MdgBoxAssist) assist = mdg_box_assist_new ();
  GtkWidget *row;
  guint n;

  /* the postal and bank data, loading since the window opened */
  if (!mdg_visit_driver_spin_until ((gboolean (*) (gpointer)) mdg_box_assist_is_ready, assist, 30))
    g_error ("The postal and bank data did not load");

  for (n = 0; (row = find_empty_detail (self)) != NULL; n++)
    {
      const MdgFormBox *box = g_object_get_data (G_OBJECT (row), "mdg-detail-box");
      const char *key = box != NULL ? mdg_form_box_get_key (box) : NULL;
      g_autofree char *number = g_strdup_printf ("12345678901%d",
                                                 mdg_card_number_check_digit ("12345678901"));
      const char *value = g_object_get_data (G_OBJECT (row), "mdg-member-id") ? number
                          : box != NULL ? mdg_visit_driver_sample_value (box) : "見本";

      gint64 start = g_get_monotonic_time ();

      if (n >= 40)
        g_error ("The forms keep asking for %s", key != NULL ? key : "a detail");
      self->n_actions++;
      if (ADW_IS_COMBO_ROW (row))
        adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
      else
        {
          self->n_fields++;
          self->n_chars += g_utf8_strlen (value, -1);
          gtk_editable_set_text (GTK_EDITABLE (row), value);
          g_signal_emit_by_name (row, "entry-activated");
        }
      settle (self, start, 80);
    }

  return n;
}

static gboolean
has_signed_set (gpointer data)
{
  return mdg_form_preview_get_signed_set (MDG_FORM_PREVIEW (data)) != NULL;
}

gboolean
mdg_visit_driver_sign (MdgVisitDriver *self)
{
  GtkWidget *preview = mdg_visit_driver_find_by_id (GTK_WIDGET (self->case_view), "sign_preview");
  GtkWidget *pad = mdg_visit_driver_find_by_type (preview, MDG_TYPE_SIGNATURE_PAD);
  GtkWidget *area = mdg_visit_driver_find_by_type (pad, GTK_TYPE_DRAWING_AREA);
  GtkWidget *identity = mdg_visit_driver_find_by_id (GTK_WIDGET (self->case_view),
                                                     "identity_switch");
  g_autoptr(GListModel) controllers = NULL;
  GtkGesture *drag = NULL;
  GtkWidget *signers;
  guint n_signers;
  gint64 start;

  controllers = gtk_widget_observe_controllers (area != NULL ? area : pad);
  for (guint i = 0; i < g_list_model_get_n_items (controllers) && drag == NULL; i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (GTK_IS_GESTURE_DRAG (controller))
        drag = GTK_GESTURE (controller);
    }
  g_assert (drag != NULL);

  /* One stroke of each signer's pen (the resident's, not the clerk's): with
   * several signers (婚姻届) the drop-down above the pad says who signs. */
  signers = mdg_visit_driver_find_by_id (preview, "signer_dropdown");
  n_signers = signers != NULL && gtk_widget_get_visible (signers) ?
              g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (signers))) : 1;
  for (guint s = 0; s < n_signers; s++)
    {
      if (n_signers > 1)
        {
          self->n_actions++;
          gtk_drop_down_set_selected (GTK_DROP_DOWN (signers), s);
        }
      g_signal_emit_by_name (drag, "drag-begin", 20.0, 40.0 + s);
      for (int i = 1; i <= 20; i++)
        g_signal_emit_by_name (drag, "drag-update", i * 10.0, (i % 5) * 6.0 + s);
      g_signal_emit_by_name (drag, "drag-end", 200.0, 0.0);
    }

  self->n_actions++;
  if (!gtk_widget_activate_action_variant (preview, "forms.sign", NULL))
    g_error ("The preview has no sign action");
  if (!mdg_visit_driver_spin_until (has_signed_set, preview, 60))
    return FALSE;

  /* 本人確認, once for every procedure */
  self->n_actions++;
  start = g_get_monotonic_time ();
  gtk_switch_set_active (GTK_SWITCH (identity), TRUE);
  settle (self, start, 50);

  return TRUE;
}

void
mdg_visit_driver_screenshot (GtkWidget  *window,
                             const char *name)
{
  const char *dir = g_getenv ("MDG_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  g_return_if_fail (GTK_IS_WINDOW (window));
  g_return_if_fail (name != NULL);

  if (dir == NULL || dir[0] == '\0')
    return;

  /* Let the previews render and the layout settle. */
  mdg_visit_driver_spin (1500);

  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_return_if_fail (node != NULL);
  renderer = gtk_native_get_renderer (GTK_NATIVE (window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  path = g_strdup_printf ("%s/%s.png", dir, name);
  if (!gdk_texture_save_to_png (texture, path))
    g_warning ("The screenshot %s could not be saved", path);
}
