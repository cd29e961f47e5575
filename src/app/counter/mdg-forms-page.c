/* mdg-forms-page.c: the visit's forms, the boxes to type and those still empty
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-forms-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-app-labels-private.h"
#include "mdg-box-assist.h"
#include "mdg-case-pages.h"
#include "mdg-form-preview.h"

struct _MdgFormsPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *missing_group;
  MdgFormPreview      *form_preview;

  /* borrowed: rows owned by details_group and missing_group */
  GHashTable          *detail_rows;   /* box key or "number:ID" → row */
  GPtrArray           *missing_rows;

  /* owned */
  MdgVisit            *visit;
  MdgFormBoxes        *boxes;
  MdgBoxAssist        *assist;        /* postal codes, banks */
  GHashTable          *derived;       /* keys filled from the household once */
  char                *missing_shown; /* what the missing rows show */
  guint                n_missing;
  guint                derive_id;
  guint                updating : 1;
};

G_DEFINE_FINAL_TYPE (MdgFormsPage, mdg_forms_page, ADW_TYPE_BIN)

enum {
  NUMBER_SHOWN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* Details ------------------------------------------------------------------ */

/* The fact a row types: a member's box (members.ID.KEY) or a detail. */
static char *
dup_box_fact (gpointer          row,
              const MdgFormBox *box)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "mdg-box-member");

  if (member_id != NULL)
    return g_strdup_printf ("members.%s.%s", member_id, mdg_form_box_get_key (box));

  return g_strconcat ("details.", mdg_form_box_get_key (box), NULL);
}

/* Whose box a row is: the member as the household names it, so that a
 * newborn's rows keep their title while the name is typed. */
static char *
dup_box_member_name (MdgCase         *kase,
                     const MdgMember *member)
{
  if (g_str_equal (member->id, MDG_HOUSEHOLD_NEWBORN_ID))
    return g_strdup (_("Newborn"));

  return _mdg_member_dup_name (member, kase);
}

/* "Label (member)", as the list of empty boxes names a member's box. */
static char *
dup_member_box_title (const MdgFormBox *box,
                      MdgCase          *kase,
                      const MdgMember  *member)
{
  g_autofree char *name = dup_box_member_name (kase, member);

  /* Translators: an empty box of a member, "個人番号（熊本 太郎）" */
  return g_strdup_printf (_("%s (%s)"), mdg_form_box_get_label (box), name);
}

static void
on_detail_row_apply_cb (MdgFormsPage *self,
                        AdwEntryRow  *row)
{
  const MdgFormBox *box = g_object_get_data (G_OBJECT (row), "mdg-detail-box");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GPtrArray) answers = NULL;

  g_assert (MDG_IS_FORMS_PAGE (self));
  g_assert (box != NULL);

  if (self->updating || self->visit == NULL)
    return;

  fact = dup_box_fact (row, box);
  if (text[0] == '\0')
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "case.forget-answer", "s", fact);
      return;
    }

  /* a postal code, a bank by its code or kana, a ゆうちょ 記号・番号: the
   * values the forms print, maybe in other boxes too */
  answers = mdg_box_assist_resolve (self->assist, box, text, mdg_visit_get_case (self->visit),
                                    &error);
  if (answers == NULL && error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _mdg_case_page_toast (GTK_WIDGET (self), error->message);
      return;
    }
  /* each as its own box checks it (its length), before any is kept */
  for (guint i = 0; answers != NULL && i < answers->len; i++)
    {
      MdgBoxAnswer *answer = g_ptr_array_index (answers, i);
      const MdgFormBox *filled = mdg_form_boxes_lookup (self->boxes, answer->key);
      char *checked;

      g_assert (filled != NULL);
      if (!(checked = mdg_form_box_normalize (filled, answer->value,
                                              mdg_visit_get_today (self->visit), &error)))
        {
          gtk_widget_add_css_class (GTK_WIDGET (row), "error");
          _mdg_case_page_toast (GTK_WIDGET (self), error->message);
          return;
        }
      g_free (answer->value);
      answer->value = checked;
    }
  for (guint i = 0; answers != NULL && i < answers->len; i++)
    {
      const MdgBoxAnswer *answer = g_ptr_array_index (answers, i);
      const MdgFormBox *filled = mdg_form_boxes_lookup (self->boxes, answer->key);
      g_autoptr(JsonNode) filled_node = json_node_new (JSON_NODE_VALUE);
      g_autofree char *filled_fact = g_strconcat ("details.", answer->key, NULL);
      g_autofree char *filled_json = NULL;

      json_node_set_string (filled_node, answer->value);
      filled_json = json_to_string (filled_node, FALSE);
      gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", filled_fact,
                                  mdg_form_box_get_label (filled), filled_json, answer->value);
    }
  if (answers != NULL)
    return;

  /* as the box declares it: a date typed in 和暦 is kept as YYYY-MM-DD */
  if (!(value = mdg_form_box_normalize (box, text, mdg_visit_get_today (self->visit), &error)))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      _mdg_case_page_toast (GTK_WIDGET (self), error->message);
      return;
    }

  json_node_set_string (node, value);
  json = json_to_string (node, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, value);
}

static void
on_detail_choice_selected_cb (MdgFormsPage *self,
                              GParamSpec   *pspec,
                              AdwComboRow  *row)
{
  const MdgFormBox *box = g_object_get_data (G_OBJECT (row), "mdg-detail-box");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;

  g_assert (MDG_IS_FORMS_PAGE (self));
  g_assert (box != NULL);

  if (self->updating)
    return;

  fact = dup_box_fact (row, box);
  /* The first item is "not chosen yet". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "case.forget-answer", "s", fact);
      return;
    }

  json_node_set_string (node, mdg_form_box_get_option_value (box, selected - 1));
  json = json_to_string (node, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, mdg_form_box_get_option_label (box, selected - 1));
}

static GtkWidget *
create_detail_choice_row (MdgFormsPage     *self,
                          const MdgFormBox *box)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  /* Translators: a choice on the forms that staff have not made yet */
  gtk_string_list_append (labels, _("Not Chosen"));
  for (guint i = 0; i < mdg_form_box_get_n_options (box); i++)
    gtk_string_list_append (labels, mdg_form_box_get_option_label (box, i));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mdg_form_box_get_label (box));
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "mdg-detail-box", (gpointer) box);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_detail_choice_selected_cb),
                           self, G_CONNECT_SWAPPED);

  return row;
}

static GtkWidget *
create_detail_entry_row (MdgFormsPage     *self,
                         const MdgFormBox *box)
{
  GtkWidget *row = adw_entry_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), mdg_form_box_get_label (box));
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, mdg_form_box_get_kind (box) == MDG_FORM_BOX_DATE
                                    ? _("Type the date in Japanese era or Western form, e.g. R8.12.7 or 2026-12-07") : NULL);
  g_object_set_data (G_OBJECT (row), "mdg-detail-box", (gpointer) box);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_detail_row_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_detail_row_apply_cb),
                           self, G_CONNECT_SWAPPED);
  mdg_box_assist_attach (self->assist, ADW_ENTRY_ROW (row), box, self->visit);

  return row;
}

static void
sync_detail_choice_row (AdwComboRow      *row,
                        const MdgFormBox *box,
                        const char       *value)
{
  guint position = 0;

  for (guint i = 0; value != NULL && i < mdg_form_box_get_n_options (box); i++)
    if (g_str_equal (mdg_form_box_get_option_value (box, i), value))
      position = i + 1;

  if (adw_combo_row_get_selected (row) != position)
    adw_combo_row_set_selected (row, position);
}

/* Whether @test holds for @binding on any of the visit's forms. */
static gboolean
any_form (MdgFormsPage *self,
          gboolean    (*test) (MdgFilledForm *form, const char *binding),
          const char   *binding)
{
  GPtrArray *forms = mdg_visit_get_forms (self->visit);

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    if (test (g_ptr_array_index (forms, i), binding))
      return TRUE;

  return FALSE;
}

#define forms_use_binding(self, binding) \
  any_form ((self), mdg_filled_form_uses_binding, (binding))
#define forms_miss_binding(self, binding) \
  any_form ((self), mdg_filled_form_misses_binding, (binding))

/* Individual numbers -------------------------------------------------------- */

static void
on_number_row_apply_cb (MdgFormsPage *self,
                        AdwEntryRow  *row)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "mdg-member-id");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;

  g_assert (MDG_IS_FORMS_PAGE (self));

  if (self->updating || text[0] == '\0')
    return;

  fact = mdg_visit_dup_number_fact (member_id);
  json_node_set_string (node, text);
  json = json_to_string (node, FALSE);
  /* The answer's label is shown in the answers list: never the number. */
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, "••••••••••••");
}

/* "Show": the number in clear; the case view writes who saw it to the audit. */
static void
on_number_show_toggled_cb (MdgFormsPage    *self,
                           GtkToggleButton *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  gboolean shown = gtk_toggle_button_get_active (button);

  g_assert (MDG_IS_FORMS_PAGE (self));

  gtk_text_set_visibility (GTK_TEXT (text), shown);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            shown ? "view-conceal-symbolic" : "view-reveal-symbolic");
  if (shown)
    g_signal_emit (self, signals [NUMBER_SHOWN], 0,
                   g_object_get_data (G_OBJECT (row), "mdg-member-id"));
}

/* An entry for a member's 個人番号, masked; "Show" reveals it, audited. */
static GtkWidget *
create_number_row (MdgFormsPage    *self,
                   MdgCase         *kase,
                   const MdgMember *member)
{
  /* the member's box as the list of empty boxes names it */
  const MdgFormBox *box = mdg_form_boxes_lookup (self->boxes, "individual_number");
  g_autofree char *title = box != NULL ? dup_member_box_title (box, kase, member)
                                       : g_strdup (member->id);
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *show = gtk_toggle_button_new ();
  GtkText *text = GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (row)));

  gtk_text_set_visibility (text, FALSE);
  gtk_text_set_input_purpose (text, GTK_INPUT_PURPOSE_DIGITS);
  gtk_button_set_icon_name (GTK_BUTTON (show), "view-reveal-symbolic");
  gtk_widget_set_valign (show, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (show, "flat");
  gtk_widget_set_tooltip_text (show, _("Show the individual number (recorded in the audit log)"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (show), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Show the individual number"), -1);
  g_object_set_data (G_OBJECT (show), "mdg-number-show", GINT_TO_POINTER (TRUE));
  g_signal_connect_object (show, "toggled", G_CALLBACK (on_number_show_toggled_cb), self,
                           G_CONNECT_SWAPPED);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), show);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "mdg-member-id", g_strdup (member->id), g_free);
  g_signal_connect_object (row, "apply", G_CALLBACK (on_number_row_apply_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_number_row_apply_cb),
                           self, G_CONNECT_SWAPPED);

  return row;
}

/* 個人番号: a masked entry per member, only when a form prints it. */
static void
update_number_rows (MdgFormsPage *self)
{
  MdgCase *kase = mdg_visit_get_case (self->visit);
  gboolean needed = forms_use_binding (self, "member.individual_number") ||
                    forms_use_binding (self, "head.individual_number") ||
                    forms_use_binding (self, "applicant.individual_number");

  /* The deceased's number too: the forms that end a coverage print it. */
  for (guint i = 0; needed && i < mdg_case_get_n_members (kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (kase, i);
      g_autofree char *key = g_strconcat ("number:", member->id, NULL);
      GtkWidget *row = g_hash_table_lookup (self->detail_rows, key);

      if (row == NULL)
        {
          row = create_number_row (self, kase, member);
          adw_preferences_group_add (self->details_group, row);
          g_hash_table_insert (self->detail_rows, g_steal_pointer (&key), row);
        }

      /* masked: the number known (typed, or a resumed visit's) is in place */
      if (member->individual_number != NULL && !gtk_widget_has_focus (row) &&
          g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), member->individual_number) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), member->individual_number);

      if (member->individual_number == NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

/* The value of a member's box as the case holds it. */
static const char *
get_member_value (const MdgMember *member,
                  const char      *key)
{
  static const char * const sexes[] = { NULL, "male", "female" };

  if (g_str_equal (key, "name"))
    return member->name;
  if (g_str_equal (key, "kana"))
    return member->kana;
  if (g_str_equal (key, "sex"))
    return member->sex < G_N_ELEMENTS (sexes) ? sexes[member->sex] : NULL;
  if (g_str_equal (key, "previous_name"))
    return member->previous_name;

  return NULL;
}

/* A member's box the household does not know (a newborn's name, reading
 * and sex): one row per member while a form lacks it, typed into the case
 * as members.ID.KEY. The 個人番号 has its own masked rows. */
static void
update_member_box_rows (MdgFormsPage *self)
{
  MdgCase *kase = mdg_visit_get_case (self->visit);
  GPtrArray *forms = mdg_visit_get_forms (self->visit);
  GHashTableIter iter;
  gpointer key, value;

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      const GArray *missing = mdg_filled_form_get_missing (g_ptr_array_index (forms, i));

      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *gap = &g_array_index (missing, MdgFormMissing, j);
          const MdgMember *member;
          g_autofree char *row_key = NULL;
          g_autofree char *title = NULL;
          GtkWidget *row;

          if (gap->box == NULL || !mdg_form_box_is_member (gap->box) || gap->member < 0 ||
              mdg_form_box_get_kind (gap->box) == MDG_FORM_BOX_NUMBER)
            continue;
          member = mdg_case_get_member (kase, gap->member);
          row_key = g_strdup_printf ("member:%s:%s", member->id, mdg_form_box_get_key (gap->box));
          if (g_hash_table_contains (self->detail_rows, row_key))
            continue;

          title = dup_member_box_title (gap->box, kase, member);
          row = mdg_form_box_get_kind (gap->box) == MDG_FORM_BOX_CHOICE
                ? create_detail_choice_row (self, gap->box)
                : create_detail_entry_row (self, gap->box);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          g_object_set_data_full (G_OBJECT (row), "mdg-box-member", g_strdup (member->id), g_free);
          adw_preferences_group_add (self->details_group, row);
          g_hash_table_insert (self->detail_rows, g_steal_pointer (&row_key), row);
        }
    }

  /* rows stay for the visit, showing what the case holds now */
  g_hash_table_iter_init (&iter, self->detail_rows);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      GtkWidget *row = value;
      const char *member_id = g_object_get_data (G_OBJECT (row), "mdg-box-member");
      const MdgFormBox *box = g_object_get_data (G_OBJECT (row), "mdg-detail-box");
      const char *text;
      int index;

      if (member_id == NULL || box == NULL)
        continue;
      if ((index = mdg_case_find_member (kase, member_id)) < 0)
        {
          adw_preferences_group_remove (self->details_group, row);
          g_hash_table_iter_remove (&iter);
          continue;
        }
      text = get_member_value (mdg_case_get_member (kase, index), mdg_form_box_get_key (box));
      if (ADW_IS_COMBO_ROW (row))
        sync_detail_choice_row (ADW_COMBO_ROW (row), box, text);
      else if (!gtk_widget_has_focus (row) && text != NULL &&
               g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), text) != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), text);
      if (text == NULL)
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }
}

static gboolean
derive_cb (gpointer data)
{
  MdgFormsPage *self = data;

  self->derive_id = 0;

  for (guint i = 0; self->boxes != NULL && i < mdg_form_boxes_get_n_boxes (self->boxes); i++)
    {
      const MdgFormBox *box = mdg_form_boxes_get_box (self->boxes, i);
      const char *key = mdg_form_box_get_key (box);
      g_autofree char *value = NULL;
      g_autofree char *fact = NULL;
      g_autofree char *json = NULL;
      g_autoptr(JsonNode) node = NULL;
      MdgCase *kase;

      /* each answer below makes the visit a new case: ask for it each time */
      if (self->visit == NULL || (kase = mdg_visit_get_case (self->visit)) == NULL)
        break;

      /* what the household proposes (続柄, account holder), once per visit,
       * typed into its row so that staff see and confirm it */
      if (mdg_form_box_is_member (box) || g_hash_table_contains (self->derived, key) ||
          mdg_case_get_detail (kase, key) != NULL || !forms_use_binding (self, key) ||
          !(value = mdg_form_propose_detail (kase, box)))
        continue;

      g_hash_table_add (self->derived, g_strdup (key));
      node = json_node_new (JSON_NODE_VALUE);
      json_node_set_string (node, value);
      json = json_to_string (node, FALSE);
      fact = g_strconcat ("details.", key, NULL);
      gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                                  mdg_form_box_get_label (box), json, value);
    }

  return G_SOURCE_REMOVE;
}

/* One entry per detail the forms print; rows stay while they are needed,
 * so that typing is never interrupted by a refresh. */
static void
update_details (MdgFormsPage *self)
{
  MdgCase *kase = mdg_visit_get_case (self->visit);

  for (guint i = 0; self->boxes != NULL && i < mdg_form_boxes_get_n_boxes (self->boxes); i++)
    {
      const MdgFormBox *box = mdg_form_boxes_get_box (self->boxes, i);
      const char *key = mdg_form_box_get_key (box);
      GtkWidget *row = g_hash_table_lookup (self->detail_rows, key);
      const char *value = mdg_case_get_detail (kase, key);
      gboolean choice = mdg_form_box_get_kind (box) == MDG_FORM_BOX_CHOICE;
      gboolean needed;

      /* a member's boxes (個人番号) have a row per member, below */
      if (mdg_form_box_is_member (box))
        continue;

      needed = forms_use_binding (self, key);
      if (!needed && row != NULL)
        {
          adw_preferences_group_remove (self->details_group, row);
          g_hash_table_remove (self->detail_rows, key);
          continue;
        }
      if (!needed)
        continue;

      if (row == NULL)
        {
          row = choice ? create_detail_choice_row (self, box) : create_detail_entry_row (self, box);
          adw_preferences_group_add (self->details_group, row);
          g_hash_table_insert (self->detail_rows, g_strdup (key), row);
        }

      if (choice)
        sync_detail_choice_row (ADW_COMBO_ROW (row), box, value);
      else if (!gtk_widget_has_focus (row) &&
               g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (row)), value != NULL ? value : "") != 0)
        gtk_editable_set_text (GTK_EDITABLE (row), value != NULL ? value : "");

      /* red only while a form still has the box empty (the household's
       * address fills the forms until another is typed) */
      if (value == NULL && forms_miss_binding (self, key))
        gtk_widget_add_css_class (row, "error");
      else
        gtk_widget_remove_css_class (row, "error");
    }

  update_number_rows (self);
  update_member_box_rows (self);

  /* answers are given outside the update they would start again */
  if (self->derive_id == 0)
    self->derive_id = g_idle_add (derive_cb, self);

  gtk_widget_set_visible (GTK_WIDGET (self->details_group),
                          g_hash_table_size (self->detail_rows) > 0);
}

/* Missing boxes ------------------------------------------------------------- */

/* The title of an empty box: its declared label (with the member's name),
 * else its caption on paper; never its key. */
static char *
dup_missing_title (MdgCase              *kase,
                   const MdgFormMissing *gap)
{
  g_autofree char *name = NULL;

  if (gap->member >= 0 && gap->member < (int) mdg_case_get_n_members (kase))
    name = dup_box_member_name (kase, mdg_case_get_member (kase, gap->member));

  if (gap->box != NULL && name != NULL)
    /* Translators: an empty box of a member, "個人番号（熊本 太郎）" */
    return g_strdup_printf (_("%s (%s)"), mdg_form_box_get_label (gap->box), name);
  if (gap->box != NULL)
    return g_strdup (mdg_form_box_get_label (gap->box));
  if (gap->cell->label != NULL && name != NULL)
    return g_strdup_printf (_("%s (%s)"), gap->cell->label, name);
  if (gap->cell->label != NULL)
    return g_strdup (gap->cell->label);

  /* Translators: an empty box the paper form gives no caption */
  return g_strdup (_("A box without a caption"));
}

static void
free_gstring (gpointer data)
{
  g_string_free (data, TRUE);
}

/* Whether the rows shown are @titles with some taken away, in order: each
 * title has a row, and the rows of the titles come in their order. */
static gboolean
keeps_order (GPtrArray *rows,
             GPtrArray *titles)
{
  guint r = 0;

  for (guint i = 0; i < titles->len; i++)
    {
      while (r < rows->len &&
             g_strcmp0 (adw_preferences_row_get_title (g_ptr_array_index (rows, r)),
                        g_ptr_array_index (titles, i)) != 0)
        r++;
      if (r == rows->len)
        return FALSE;
      r++;
    }

  return TRUE;
}

/* Every empty box the forms still need, once each with the forms that print
 * it, highlighted: they block completion. */
static void
update_missing_boxes (MdgFormsPage *self)
{
  MdgCase *kase = mdg_visit_get_case (self->visit);
  GPtrArray *forms = mdg_visit_get_forms (self->visit);
  g_autoptr(GHashTable) subtitles = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                           free_gstring);
  g_autoptr(GPtrArray) titles = g_ptr_array_new_with_free_func (g_free);
  GString *shown = g_string_new (NULL);

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (forms, i);
      const GArray *missing = mdg_filled_form_get_missing (form);

      g_string_append_printf (shown, "%s:", mdg_form_layout_get_id (mdg_filled_form_get_layout (form)));
      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *gap = &g_array_index (missing, MdgFormMissing, j);

          /* the same box may lack its kana once its text is typed */
          g_string_append_printf (shown, "%s/%s/%d,", gap->cell->id,
                                  gap->box != NULL ? mdg_form_box_get_key (gap->box) : "",
                                  gap->member);
        }
      g_string_append_c (shown, '\n');
    }
  if (!_mdg_case_page_shown_changed (&self->missing_shown, shown))
    return;

  /* the rows as they should be: title → the forms that print the box */
  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (forms, i);
      const GArray *missing = mdg_filled_form_get_missing (form);
      const char *title = mdg_form_layout_get_title (mdg_filled_form_get_layout (form));

      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *gap = &g_array_index (missing, MdgFormMissing, j);
          g_autofree char *box_title = dup_missing_title (kase, gap);
          GString *subtitle = g_hash_table_lookup (subtitles, box_title);

          /* a box several forms print is one row, naming them all */
          if (subtitle != NULL)
            {
              if (strstr (subtitle->str, title) == NULL)
                {
                  /* Translators: the forms that print a box, "住民異動届、国民健康保険…" */
                  g_autofree char *more = g_strdup_printf (_("%s, %s"), subtitle->str, title);

                  g_string_assign (subtitle, more);
                }
              continue;
            }

          g_ptr_array_add (titles, g_strdup (box_title));
          g_hash_table_insert (subtitles, g_steal_pointer (&box_title), g_string_new (title));
        }
    }

  /* Typing a box takes rows away: the rows left keep their widgets (and
   * their layout), and only a list that grew or reordered is made anew. */
  if (!keeps_order (self->missing_rows, titles))
    {
      _mdg_case_page_clear_rows (self->missing_group, self->missing_rows);
      for (guint i = 0; i < titles->len; i++)
        {
          GString *subtitle = g_hash_table_lookup (subtitles, g_ptr_array_index (titles, i));
          GtkWidget *row = _mdg_case_page_plain_row_new (g_ptr_array_index (titles, i),
                                                         subtitle->str);

          gtk_widget_add_css_class (row, "error");
          adw_preferences_group_add (self->missing_group, row);
          g_ptr_array_add (self->missing_rows, row);
        }
    }
  else
    {
      for (guint i = 0; i < self->missing_rows->len;)
        {
          GtkWidget *row = g_ptr_array_index (self->missing_rows, i);
          GString *subtitle = g_hash_table_lookup (subtitles,
                                                   adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));

          if (subtitle == NULL)
            {
              adw_preferences_group_remove (self->missing_group, row);
              g_ptr_array_remove_index (self->missing_rows, i);
              continue;
            }
          if (g_strcmp0 (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), subtitle->str) != 0)
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);
          i++;
        }
    }
  self->n_missing = self->missing_rows->len;

  gtk_widget_set_visible (GTK_WIDGET (self->missing_group), self->n_missing > 0);
}

void
mdg_forms_page_update (MdgFormsPage *self)
{
  g_return_if_fail (MDG_IS_FORMS_PAGE (self));

  if (self->visit == NULL || mdg_visit_get_case (self->visit) == NULL)
    return;

  mdg_form_preview_set_forms (self->form_preview, mdg_visit_get_forms (self->visit));
  self->updating = TRUE;
  update_details (self);
  self->updating = FALSE;
  update_missing_boxes (self);
}

void
mdg_forms_page_reset (MdgFormsPage *self)
{
  GHashTableIter iter;
  gpointer row;

  g_return_if_fail (MDG_IS_FORMS_PAGE (self));

  g_hash_table_iter_init (&iter, self->detail_rows);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    adw_preferences_group_remove (self->details_group, row);
  g_hash_table_remove_all (self->detail_rows);
  g_hash_table_remove_all (self->derived);
}

guint
mdg_forms_page_get_n_missing (MdgFormsPage *self)
{
  g_return_val_if_fail (MDG_IS_FORMS_PAGE (self), 0);

  return self->n_missing;
}

static void
mdg_forms_page_dispose (GObject *object)
{
  MdgFormsPage *self = (MdgFormsPage *)object;

  g_clear_handle_id (&self->derive_id, g_source_remove);
  g_hash_table_remove_all (self->detail_rows);
  g_ptr_array_set_size (self->missing_rows, 0);
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_FORMS_PAGE);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (mdg_forms_page_parent_class)->dispose (object);
}

static void
mdg_forms_page_finalize (GObject *object)
{
  MdgFormsPage *self = (MdgFormsPage *)object;

  g_clear_pointer (&self->detail_rows, g_hash_table_unref);
  g_clear_pointer (&self->missing_rows, g_ptr_array_unref);
  g_clear_pointer (&self->missing_shown, g_free);
  g_clear_pointer (&self->boxes, mdg_form_boxes_unref);
  g_clear_object (&self->assist);
  g_clear_pointer (&self->derived, g_hash_table_unref);

  G_OBJECT_CLASS (mdg_forms_page_parent_class)->finalize (object);
}

static void
mdg_forms_page_class_init (MdgFormsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_forms_page_dispose;
  object_class->finalize = mdg_forms_page_finalize;

  /* Staff revealed a member's individual number (its member id). */
  signals [NUMBER_SHOWN] =
    g_signal_new ("number-shown", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-forms-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgFormsPage, details_group);
  gtk_widget_class_bind_template_child (widget_class, MdgFormsPage, missing_group);
  gtk_widget_class_bind_template_child (widget_class, MdgFormsPage, form_preview);

  g_type_ensure (MDG_TYPE_FORM_PREVIEW);
}

static void
mdg_forms_page_init (MdgFormsPage *self)
{
  self->detail_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->missing_rows = g_ptr_array_new ();
  self->boxes = mdg_form_boxes_load_default (NULL);
  self->assist = mdg_box_assist_new ();
  self->derived = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
}

void
mdg_forms_page_set_visit (MdgFormsPage *self,
                          MdgVisit     *visit)
{
  g_return_if_fail (MDG_IS_FORMS_PAGE (self));
  g_return_if_fail (visit == NULL || MDG_IS_VISIT (visit));

  g_set_object (&self->visit, visit);
}
