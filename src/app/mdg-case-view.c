/* mdg-case-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-case-view.h"
#include "mdg-handoff.h"
#include "mdg-form-preview.h"
#include "mdg-guidance-sheet.h"
#include "mdg-guidance-view.h"
#include "mdg-interview-view.h"
#include "mdg-store.h"

typedef struct
{
  char     *fact;
  char     *question;
  char     *label;
  JsonNode *value;
} Answer;

struct _MdgCaseView
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwToastOverlay     *toast_overlay;
  GtkStack            *view_stack;
  AdwStatusPage       *error_page;
  AdwPreferencesGroup *event_group;
  AdwComboRow         *event_row;
  AdwComboRow         *origin_row;
  AdwComboRow         *deceased_row;
  AdwActionRow        *date_row;
  GtkPopover          *date_popover;
  GtkCalendar         *calendar;
  AdwPreferencesGroup *members_group;
  MdgInterviewView    *interview_view;
  AdwPreferencesGroup *answers_group;
  MdgGuidanceView     *guidance_view;
  MdgFormPreview      *form_preview;
  GtkStack            *step_stack;
  AdwPreferencesGroup *details_group;
  AdwPreferencesGroup *missing_group;
  MdgFormPreview      *sign_preview;
  AdwComboRow         *identity_row;
  GtkSwitch           *identity_switch;
  AdwStatusPage       *complete_page;
  AdwPreferencesGroup *blockers_group;

  /* borrowed: rows owned by members_group, answers_group, details_group,
   * missing_group and blockers_group */
  GPtrArray           *member_rows;
  GPtrArray           *answer_rows;
  GHashTable          *detail_rows;   /* detail key → AdwEntryRow */
  GPtrArray           *missing_rows;
  GPtrArray           *blocker_rows;

  /* what the member, answer and missing rows show: they are made again
   * only when it changes, so an answer does not lay out every row anew */
  char                *members_shown;
  char                *answers_shown;
  char                *missing_shown;

  /* owned */
  MdgCatalog          *catalog;
  MdgHousehold        *household;
  MdgCase             *kase;
  GHashTable          *staying;       /* member ids who do not move */
  GPtrArray           *deceased_ids;  /* char *, one per item of deceased_row */
  GPtrArray           *answers;       /* Answer *, in the order given */
  MdgGuidance         *guidance;
  MdgStore            *store;         /* NULL until open */
  GCancellable        *cancellable;
  char                *case_id;       /* the visit's draft, made at the start */
  char                *ticket_id;     /* nullable: a walk-in has none */

  MdgEvent             event;
  MdgOrigin            origin;
  MdgDay               event_date;
  MdgDay               today;
  char                *deceased_id;
  guint                refresh_id;
  guint                n_missing;
  guint                updating : 1;
  guint                saving : 1;
  guint                save_again : 1;
  int                  rating;        /* the resident's satisfaction 1…5; 0: none */
  guint                completing : 1;
  guint                resuming : 1;
};

G_DEFINE_FINAL_TYPE (MdgCaseView, mdg_case_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CASE_ID,
  PROP_RATING,
  N_PROPS
};

enum {
  COMPLETED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const char *weekdays[] = {
  /* Translators: the day of the week shown after a date, Monday */
  N_("Mon"),
  N_("Tue"),
  N_("Wed"),
  N_("Thu"),
  N_("Fri"),
  N_("Sat"),
  N_("Sun"),
};

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_free (answer->fact);
  g_free (answer->question);
  g_free (answer->label);
  g_clear_pointer (&answer->value, json_node_unref);
  g_free (answer);
}

static int
find_answer (MdgCaseView *self,
             const char  *fact)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      const Answer *answer = g_ptr_array_index (self->answers, i);

      if (g_strcmp0 (answer->fact, fact) == 0)
        return i;
    }

  return -1;
}

static const char *
get_date_title (MdgEvent event)
{
  switch (event)
    {
    case MDG_EVENT_MOVE_IN:
    case MDG_EVENT_MOVE_WITHIN_WARD:
    case MDG_EVENT_MOVE_BETWEEN_WARDS:
    case MDG_EVENT_MOVE_OUT:
      /* Translators: 異動日 */
      return _("Date of the Move");
    case MDG_EVENT_DEATH:
      return _("Date of Death");
    case MDG_EVENT_BIRTH:
      return _("Date of Birth");
    case MDG_EVENT_MARRIAGE:
    case MDG_EVENT_DIVORCE:
      /* Translators: the day the marriage or divorce is notified (届出日) */
      return _("Date of Notification");
    case MDG_N_EVENTS:
    default:
      g_return_val_if_reached (NULL);
    }
}

static char *
dup_date_label (MdgDay day)
{
  g_autofree char *wareki = mdg_date_format_wareki (day);

  if (wareki == NULL)
    return mdg_day_dup_iso (day);

  /* Translators: a date in the Japanese calendar and its day of the week,
   * 令和8年11月22日 (Sun) */
  return g_strdup_printf (_("%1$s (%2$s)"), wareki, _(weekdays[mdg_day_get_weekday (day)]));
}

static void
show_error (MdgCaseView  *self,
            const GError *error)
{
  g_autofree char *description = NULL;
  g_autofree char *escaped = NULL;

  /* Translators: %s is the reason given by the rules engine, naming the field */
  description = g_strdup_printf (_("The household’s data does not make a valid case for this "
                                   "event: %s"),
                                 error->message);
  /* The description is markup. */
  escaped = g_markup_escape_text (description, -1);
  adw_status_page_set_description (self->error_page, escaped);
  gtk_stack_set_visible_child_name (self->view_stack, "error");
}

static void refresh (MdgCaseView *self,
                     gboolean     rebuild_members);

static void
on_moves_toggled_cb (MdgCaseView    *self,
                     GtkCheckButton *check)
{
  const char *id = g_object_get_data (G_OBJECT (check), "mdg-member-id");

  g_assert (MDG_IS_CASE_VIEW (self));
  g_assert (id != NULL);

  if (self->updating)
    return;

  if (gtk_check_button_get_active (check))
    g_hash_table_remove (self->staying, id);
  else
    g_hash_table_add (self->staying, g_strdup (id));

  refresh (self, FALSE);
}

static GtkWidget *
create_member_row (MdgCaseView     *self,
                   const MdgMember *member)
{
  g_autofree char *name = _mdg_member_dup_name (member, self->kase);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  int age = mdg_date_age_at (member->birth, self->event_date);

  /* Translators: a household member: relation to the head, age at the
   * event and health insurance, e.g. "Child, 9 years old, National Health Insurance" */
  subtitle = g_strdup_printf (ngettext ("%1$s, %2$d year old, %3$s",
                                        "%1$s, %2$d years old, %3$s",
                                        MAX (age, 0)),
                              _mdg_relation_get_label (member->relation),
                              MAX (age, 0),
                              _mdg_insurance_get_label (member->insurance));

  row = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  avatar = adw_avatar_new (32, name, TRUE);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), avatar);

  if (mdg_event_is_move (self->event))
    {
      GtkWidget *check = gtk_check_button_new_with_label (_("Moves"));

      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (check, _("This member moves with the event"));
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check), member->moving);
      g_object_set_data_full (G_OBJECT (check), "mdg-member-id", g_strdup (member->id), g_free);
      g_signal_connect_object (check, "toggled",
                               G_CALLBACK (on_moves_toggled_cb), self, G_CONNECT_SWAPPED);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), check);
    }
  else if (member->deceased)
    {
      GtkWidget *label = gtk_label_new (_("Deceased"));

      gtk_widget_add_css_class (label, "dim-label");
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }

  return row;
}

/* Sets *@shown to @text and returns TRUE when it changed. */
static gboolean
shown_changed (char     **shown,
               GString   *text)
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

static void
update_members (MdgCaseView *self)
{
  GString *shown = g_string_new (mdg_household_get_address (self->household));

  g_string_append_printf (shown, "|%d|%d\n", self->event, self->event_date);
  for (guint i = 0; i < mdg_case_get_n_members (self->kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (self->kase, i);

      g_string_append_printf (shown, "%s|%s|%s|%d|%d|%d|%d|%d\n", member->id,
                              member->name != NULL ? member->name : "",
                              member->kana != NULL ? member->kana : "", member->relation,
                              member->birth, member->insurance, member->moving, member->deceased);
    }
  if (!shown_changed (&self->members_shown, shown))
    return;

  for (guint i = 0; i < self->member_rows->len; i++)
    adw_preferences_group_remove (self->members_group, g_ptr_array_index (self->member_rows, i));
  g_ptr_array_set_size (self->member_rows, 0);

  for (guint i = 0; i < mdg_case_get_n_members (self->kase); i++)
    {
      GtkWidget *row = create_member_row (self, mdg_case_get_member (self->kase, i));

      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->member_rows, row);
    }

  adw_preferences_group_set_description (self->members_group,
                                         mdg_household_get_address (self->household));
}

static void
update_answers (MdgCaseView *self)
{
  GString *shown = g_string_new (NULL);

  for (guint i = 0; i < self->answers->len; i++)
    {
      const Answer *answer = g_ptr_array_index (self->answers, i);

      g_string_append_printf (shown, "%s|%s|%s\n", answer->fact, answer->question, answer->label);
    }
  if (!shown_changed (&self->answers_shown, shown))
    return;

  for (guint i = 0; i < self->answer_rows->len; i++)
    adw_preferences_group_remove (self->answers_group, g_ptr_array_index (self->answer_rows, i));
  g_ptr_array_set_size (self->answer_rows, 0);

  for (guint i = 0; i < self->answers->len; i++)
    {
      const Answer *answer = g_ptr_array_index (self->answers, i);
      GtkWidget *row;
      GtkWidget *button;

      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), answer->question);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), answer->label);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

      button = gtk_button_new_from_icon_name ("edit-undo-symbolic");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, _("Ask this question again"));
      gtk_widget_add_css_class (button, "flat");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.forget-answer");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button),
                                              g_variant_new_string (answer->fact));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);

      adw_preferences_group_add (self->answers_group, row);
      g_ptr_array_add (self->answer_rows, row);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->answers_group), self->answers->len > 0);
}

static void
update_event_rows (MdgCaseView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_label = NULL;
  g_autofree char *visit_label = NULL;
  g_autofree char *visit = NULL;
  JsonArray *members;
  guint deceased_index = 0;
  int year, month, mday;

  self->updating = TRUE;

  adw_combo_row_set_selected (self->event_row, self->event);
  if (self->origin != MDG_ORIGIN_NONE)
    adw_combo_row_set_selected (self->origin_row, self->origin - MDG_ORIGIN_SAME_PREFECTURE);
  gtk_widget_set_visible (GTK_WIDGET (self->origin_row), self->event == MDG_EVENT_MOVE_IN);

  /* Who died: any member of the household as registered. */
  g_ptr_array_set_size (self->deceased_ids, 0);
  members = mdg_household_get_members (self->household);
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      const char *id = json_object_get_string_member_with_default (member, "id", NULL);
      const char *name = json_object_get_string_member_with_default (member, "name", id);

      if (id == NULL)
        continue;
      if (g_strcmp0 (id, self->deceased_id) == 0)
        deceased_index = self->deceased_ids->len;
      gtk_string_list_append (names, name != NULL ? name : id);
      g_ptr_array_add (self->deceased_ids, g_strdup (id));
    }
  adw_combo_row_set_model (self->deceased_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->deceased_row, deceased_index);
  gtk_widget_set_visible (GTK_WIDGET (self->deceased_row), self->event == MDG_EVENT_DEATH);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row),
                                 get_date_title (self->event));
  date_label = dup_date_label (self->event_date);
  adw_action_row_set_subtitle (self->date_row, date_label);

  mdg_day_to_ymd (self->event_date, &year, &month, &mday);
  date = g_date_time_new_local (year, month, mday, 12, 0, 0);
  if (date != NULL)
    gtk_calendar_select_day (self->calendar, date);

  visit = dup_date_label (self->today);
  /* Translators: 来庁日, the day the resident comes to the counter; %s is a date */
  visit_label = g_strdup_printf (_("Visit on %s"), visit);
  adw_preferences_group_set_description (self->event_group, visit_label);

  self->updating = FALSE;
}

/* The forms: the household's address is a fact the case file does not
 * carry yet, so it reaches the forms as an extra. */
static void
update_forms (MdgCaseView *self,
              MdgGuidance *guidance)
{
  g_autoptr(JsonObject) extras = json_object_new ();
  const char *address = mdg_household_get_address (self->household);

  if (address != NULL && mdg_case_get_detail (self->kase, "address") == NULL)
    json_object_set_string_member (extras, "address", address);
  mdg_form_preview_set_case (self->form_preview, self->kase, guidance, extras);
  mdg_form_preview_set_case (self->sign_preview, self->kase, guidance, extras);
}

/* Details ------------------------------------------------------------------ */

/* A detail staff choose rather than type: its values as the forms circle
 * them (data/forms), and their labels. */
typedef struct {
  const char *value;
  const char *label;
} DetailChoice;

static const DetailChoice death_causes[] = {
  /* Translators: 死亡の原因 on the 葬祭費 forms */
  { "illness", N_("Illness and Other Causes") },
  /* Translators: 死亡の原因: 交通事故等（第三者行為） */
  { "third_party", N_("Traffic Accident or Other Third-Party Act") },
  { NULL, NULL },
};

static const struct {
  const char         *key;
  const char         *title;
  const DetailChoice *choices;  /* NULL: typed */
} detail_titles[] = {
  /* Translators: 住所, the address the forms print */
  { "address", N_("Address") },
  /* Translators: 前住所 */
  { "previous_address", N_("Previous Address") },
  /* Translators: 転出先 */
  { "destination", N_("Destination") },
  { "phone", N_("Phone Number") },
  /* Translators: 送付先 */
  { "mailing_address", N_("Mailing Address") },
  /* Translators: 旧世帯主 */
  { "previous_head", N_("Previous Head of Household") },
  /* Translators: 前在籍校 */
  { "previous_school", N_("Previous School") },
  /* Translators: 葬祭を行った日, as YYYY-MM-DD */
  { "funeral_date", N_("Date of the Funeral (YYYY-MM-DD)") },
  /* Translators: 死亡者との続柄 */
  { "relation_to_deceased", N_("Relation to the Deceased") },
  { "occupation", N_("Occupation") },
  { "bank_name", N_("Bank") },
  { "bank_branch", N_("Branch") },
  /* Translators: 預金種目, e.g. 普通 */
  { "account_type", N_("Account Type") },
  { "account_number", N_("Account Number") },
  /* Translators: 口座名義 */
  { "account_holder", N_("Account Holder") },
  /* Translators: 死亡の原因 */
  { "death_cause", N_("Cause of Death"), death_causes },
};

static void
on_detail_row_apply_cb (MdgCaseView *self,
                        AdwEntryRow *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "mdg-detail-key");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;

  g_assert (MDG_IS_CASE_VIEW (self));
  g_assert (key != NULL);

  if (self->updating)
    return;

  fact = g_strconcat ("details.", key, NULL);
  if (text[0] == '\0')
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "case.forget-answer", "s", fact);
      return;
    }

  json_node_set_string (node, text);
  json = json_to_string (node, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, text);
}

static void
on_detail_choice_selected_cb (MdgCaseView *self,
                              GParamSpec  *pspec,
                              AdwComboRow *row)
{
  const char *key = g_object_get_data (G_OBJECT (row), "mdg-detail-key");
  const DetailChoice *choices = g_object_get_data (G_OBJECT (row), "mdg-detail-choices");
  guint selected = adw_combo_row_get_selected (row);
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;

  g_assert (MDG_IS_CASE_VIEW (self));
  g_assert (key != NULL && choices != NULL);

  if (self->updating)
    return;

  fact = g_strconcat ("details.", key, NULL);
  /* The first item is "not chosen yet". */
  if (selected == 0 || selected == GTK_INVALID_LIST_POSITION)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "case.forget-answer", "s", fact);
      return;
    }

  json_node_set_string (node, choices[selected - 1].value);
  json = json_to_string (node, FALSE);
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, _(choices[selected - 1].label));
}

static GtkWidget *
create_detail_choice_row (MdgCaseView        *self,
                          const char         *key,
                          const char         *title,
                          const DetailChoice *choices)
{
  g_autoptr(GtkStringList) labels = gtk_string_list_new (NULL);
  GtkWidget *row = adw_combo_row_new ();

  /* Translators: a choice on the forms that staff have not made yet */
  gtk_string_list_append (labels, _("Not Chosen"));
  for (guint i = 0; choices[i].value != NULL; i++)
    gtk_string_list_append (labels, _(choices[i].label));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (labels));
  g_object_set_data (G_OBJECT (row), "mdg-detail-key", (gpointer) key);
  g_object_set_data (G_OBJECT (row), "mdg-detail-choices", (gpointer) choices);
  g_signal_connect_object (row, "notify::selected", G_CALLBACK (on_detail_choice_selected_cb),
                           self, G_CONNECT_SWAPPED);

  return row;
}

static void
sync_detail_choice_row (AdwComboRow        *row,
                        const DetailChoice *choices,
                        const char         *value)
{
  guint position = 0;

  for (guint i = 0; value != NULL && choices[i].value != NULL; i++)
    if (g_str_equal (choices[i].value, value))
      position = i + 1;

  if (adw_combo_row_get_selected (row) != position)
    adw_combo_row_set_selected (row, position);
}

/* Whether @test holds for @binding on any of the visit's forms. */
static gboolean
any_form (MdgCaseView *self,
          gboolean   (*test) (MdgFilledForm *form, const char *binding),
          const char  *binding)
{
  GPtrArray *forms = mdg_form_preview_get_forms (self->form_preview);

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    if (test (g_ptr_array_index (forms, i), binding))
      return TRUE;

  return FALSE;
}

#define forms_use_binding(self, binding) \
  any_form ((self), mdg_filled_form_uses_binding, (binding))
#define forms_miss_binding(self, binding) \
  any_form ((self), mdg_filled_form_misses_binding, (binding))

static void
on_number_row_apply_cb (MdgCaseView *self,
                        AdwEntryRow *row)
{
  const char *member_id = g_object_get_data (G_OBJECT (row), "mdg-member-id");
  const char *text = gtk_editable_get_text (GTK_EDITABLE (row));
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *json = NULL;
  g_autofree char *fact = NULL;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->updating || text[0] == '\0')
    return;

  fact = g_strdup_printf ("members.%s.individual_number", member_id);
  json_node_set_string (node, text);
  json = json_to_string (node, FALSE);
  /* The answer's label is shown in the answers list: never the number. */
  gtk_widget_activate_action (GTK_WIDGET (self), "case.answer", "(ssss)", fact,
                              adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)),
                              json, "••••••••••••");
}

static void
number_shown_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_audit_finish (MDG_STORE (object), result, &error);

  if (id == NULL)
    g_debug ("The audit entry of a shown number was not recorded (store error %d)",
             error->code);
}

/* "Show": the number in clear, and who saw whose number in the audit log. */
static void
on_number_show_toggled_cb (MdgCaseView     *self,
                           GtkToggleButton *button)
{
  GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (button), ADW_TYPE_ENTRY_ROW);
  GtkEditable *text = gtk_editable_get_delegate (GTK_EDITABLE (row));
  const char *member_id = g_object_get_data (G_OBJECT (row), "mdg-member-id");
  gboolean shown = gtk_toggle_button_get_active (button);

  g_assert (MDG_IS_CASE_VIEW (self));

  gtk_text_set_visibility (GTK_TEXT (text), shown);
  gtk_button_set_icon_name (GTK_BUTTON (button),
                            shown ? "view-conceal-symbolic" : "view-reveal-symbolic");
  if (shown && self->store != NULL)
    {
      g_autofree char *field = g_strdup_printf ("members.%s.individual_number", member_id);
      const char * const fields[] = { field, NULL };
      MdgAuditEntry entry = { NULL, MDG_AUDIT_READ,
                              self->household != NULL ? mdg_household_get_id (self->household)
                                                      : self->case_id,
                              self->case_id, fields };

      mdg_store_audit_async (self->store, &entry, self->cancellable, number_shown_cb, NULL);
    }
}

/* An entry for a member's 個人番号, masked; "Show" reveals it, audited. */
static GtkWidget *
create_number_row (MdgCaseView     *self,
                   const MdgMember *member)
{
  GtkWidget *row = adw_entry_row_new ();
  GtkWidget *show = gtk_toggle_button_new ();

  gtk_text_set_visibility (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (row))), FALSE);
  gtk_text_set_input_purpose (GTK_TEXT (gtk_editable_get_delegate (GTK_EDITABLE (row))),
                              GTK_INPUT_PURPOSE_DIGITS);
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

  return row;
}

/* 個人番号: a masked entry per member, only when a form prints it. */
static void
update_number_rows (MdgCaseView *self)
{
  gboolean needed = forms_use_binding (self, "member.individual_number") ||
                    forms_use_binding (self, "head.individual_number") ||
                    forms_use_binding (self, "applicant.individual_number");

  for (guint i = 0; i < mdg_case_get_n_members (self->kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (self->kase, i);
      g_autofree char *key = g_strconcat ("number:", member->id, NULL);
      GtkWidget *row = g_hash_table_lookup (self->detail_rows, key);

      /* The deceased's number too: the forms that end a coverage print it. */
      if (!needed)
        continue;

      if (row == NULL)
        {
          g_autofree char *name = _mdg_member_dup_name (member, self->kase);
          /* Translators: 個人番号 of a member; %s is the member's name */
          g_autofree char *title = g_strdup_printf (_("Individual Number of %s"), name);

          row = create_number_row (self, member);
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
          g_object_set_data_full (G_OBJECT (row), "mdg-member-id", g_strdup (member->id), g_free);
          g_signal_connect_object (row, "apply", G_CALLBACK (on_number_row_apply_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_number_row_apply_cb),
                                   self, G_CONNECT_SWAPPED);
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

/* One entry per detail the forms print; rows stay while they are needed,
 * so that typing is never interrupted by a refresh. */
static void
update_details (MdgCaseView *self)
{
  self->updating = TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (detail_titles); i++)
    {
      const char *key = detail_titles[i].key;
      GtkWidget *row = g_hash_table_lookup (self->detail_rows, key);
      const char *value = mdg_case_get_detail (self->kase, key);
      gboolean needed = forms_use_binding (self, key);

      if (!needed && row != NULL)
        {
          adw_preferences_group_remove (self->details_group, row);
          g_hash_table_remove (self->detail_rows, key);
          continue;
        }
      if (!needed)
        continue;

      if (row == NULL && detail_titles[i].choices != NULL)
        {
          row = create_detail_choice_row (self, key, _(detail_titles[i].title),
                                          detail_titles[i].choices);
          adw_preferences_group_add (self->details_group, row);
          g_hash_table_insert (self->detail_rows, g_strdup (key), row);
        }
      else if (row == NULL)
        {
          row = adw_entry_row_new ();
          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(detail_titles[i].title));
          adw_entry_row_set_show_apply_button (ADW_ENTRY_ROW (row), TRUE);
          g_object_set_data (G_OBJECT (row), "mdg-detail-key", (gpointer) key);
          g_signal_connect_object (row, "apply", G_CALLBACK (on_detail_row_apply_cb),
                                   self, G_CONNECT_SWAPPED);
          g_signal_connect_object (row, "entry-activated", G_CALLBACK (on_detail_row_apply_cb),
                                   self, G_CONNECT_SWAPPED);
          adw_preferences_group_add (self->details_group, row);
          g_hash_table_insert (self->detail_rows, g_strdup (key), row);
        }

      if (detail_titles[i].choices != NULL)
        sync_detail_choice_row (ADW_COMBO_ROW (row), detail_titles[i].choices, value);
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

  gtk_widget_set_visible (GTK_WIDGET (self->details_group),
                          g_hash_table_size (self->detail_rows) > 0);
  self->updating = FALSE;
}

static GtkWidget *
create_plain_row (const char *title,
                  const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  return row;
}

static void
clear_rows (AdwPreferencesGroup *group,
            GPtrArray           *rows)
{
  for (guint i = 0; i < rows->len; i++)
    adw_preferences_group_remove (group, g_ptr_array_index (rows, i));
  g_ptr_array_set_size (rows, 0);
}

/* Every empty box any form still needs, highlighted: they block completion. */
static void
update_missing_boxes (MdgCaseView *self)
{
  GPtrArray *forms = mdg_form_preview_get_forms (self->form_preview);
  GString *shown = g_string_new (NULL);

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (forms, i);
      const GArray *missing = mdg_filled_form_get_missing (form);

      g_string_append_printf (shown, "%s:", mdg_form_layout_get_id (mdg_filled_form_get_layout (form)));
      for (guint j = 0; j < missing->len; j++)
        g_string_append_printf (shown, "%s,", g_array_index (missing, MdgFormMissing, j).cell->id);
      g_string_append_c (shown, '\n');
    }
  if (!shown_changed (&self->missing_shown, shown))
    return;

  clear_rows (self->missing_group, self->missing_rows);
  self->n_missing = 0;

  for (guint i = 0; forms != NULL && i < forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (forms, i);
      const GArray *missing = mdg_filled_form_get_missing (form);
      const char *title = mdg_form_layout_get_title (mdg_filled_form_get_layout (form));

      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *box = &g_array_index (missing, MdgFormMissing, j);
          GtkWidget *row = create_plain_row (box->cell->label != NULL ? box->cell->label
                                                                      : box->cell->id,
                                             title);

          gtk_widget_add_css_class (row, "error");
          adw_preferences_group_add (self->missing_group, row);
          g_ptr_array_add (self->missing_rows, row);
          self->n_missing++;
        }
    }

  gtk_widget_set_visible (GTK_WIDGET (self->missing_group), self->n_missing > 0);
}

/* Completion --------------------------------------------------------------- */

static void
update_completion (MdgCaseView *self)
{
  g_autoptr(GPtrArray) blockers = g_ptr_array_new_with_free_func (g_free);
  gboolean signed_forms = mdg_form_preview_get_signed_set (self->sign_preview) != NULL;
  GPtrArray *forms = mdg_form_preview_get_forms (self->form_preview);
  gboolean has_forms = forms != NULL && forms->len > 0;

  if (self->kase == NULL)
    return;

  if (self->n_missing > 0)
    /* Translators: boxes of the forms still empty, shown on the Complete page */
    g_ptr_array_add (blockers, g_strdup_printf (ngettext ("%u box of the forms is still empty",
                                                          "%u boxes of the forms are still empty",
                                                          self->n_missing), self->n_missing));
  if (has_forms && !signed_forms)
    g_ptr_array_add (blockers, g_strdup (_("The resident has not signed the forms")));
  if (!gtk_switch_get_active (self->identity_switch))
    g_ptr_array_add (blockers, g_strdup (_("Staff have not confirmed the resident’s identity")));
  if (self->store == NULL)
    g_ptr_array_add (blockers, g_strdup (_("The local store is not open yet")));

  clear_rows (self->blockers_group, self->blocker_rows);
  for (guint i = 0; i < blockers->len; i++)
    {
      GtkWidget *row = create_plain_row (g_ptr_array_index (blockers, i), NULL);
      GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

      gtk_widget_add_css_class (icon, "warning");
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
      adw_preferences_group_add (self->blockers_group, row);
      g_ptr_array_add (self->blocker_rows, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->blockers_group), blockers->len > 0);

  if (blockers->len == 0)
    {
      adw_status_page_set_title (self->complete_page, _("Ready to Complete"));
      adw_status_page_set_description (self->complete_page,
                                       _("The case, the signed forms and the audit entries are "
                                         "stored together, and the ticket closes."));
    }
  else
    {
      adw_status_page_set_title (self->complete_page, _("Not Ready Yet"));
      adw_status_page_set_description (self->complete_page, NULL);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.complete",
                                 blockers->len == 0 && !self->completing);
}

static void
on_sign_preview_notify_signed_set_cb (MdgCaseView    *self,
                                      GParamSpec     *pspec,
                                      MdgFormPreview *preview)
{
  g_assert (MDG_IS_CASE_VIEW (self));

  update_completion (self);
}

static void
on_identity_switch_notify_active_cb (MdgCaseView *self,
                                     GParamSpec  *pspec,
                                     GtkSwitch   *sw)
{
  g_assert (MDG_IS_CASE_VIEW (self));

  update_completion (self);
}

/* Autosave ------------------------------------------------------------------ */

static void save_draft (MdgCaseView *self);

static void
store_saved_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(MdgCaseView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_save_draft_finish (MDG_STORE (object), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->saving = FALSE;
  if (id == NULL)
    {
      g_debug ("The draft was not saved (store error %d)", error->code);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("The draft could not be saved")));
      return;
    }

  if (self->save_again)
    save_draft (self);
}

/* Every change is on disk before the next: a crash loses nothing typed. */
/* What the counter needs to resume this visit after a crash: the household,
 * the event, who stays and who died, and each answer as it was given. */
static char *
dup_visit_json (MdgCaseView *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer id;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "household");
  json_builder_add_string_value (builder, mdg_household_get_id (self->household));
  json_builder_set_member_name (builder, "event");
  json_builder_add_int_value (builder, self->event);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_int_value (builder, self->origin);
  json_builder_set_member_name (builder, "event_date");
  json_builder_add_int_value (builder, self->event_date);
  json_builder_set_member_name (builder, "deceased");
  if (self->deceased_id != NULL)
    json_builder_add_string_value (builder, self->deceased_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "ticket");
  if (self->ticket_id != NULL)
    json_builder_add_string_value (builder, self->ticket_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "staying");
  json_builder_begin_array (builder);
  g_hash_table_iter_init (&iter, self->staying);
  while (g_hash_table_iter_next (&iter, &id, NULL))
    json_builder_add_string_value (builder, id);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "answers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->answers->len; i++)
    {
      const Answer *answer = g_ptr_array_index (self->answers, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "fact");
      json_builder_add_string_value (builder, answer->fact);
      json_builder_set_member_name (builder, "question");
      json_builder_add_string_value (builder, answer->question);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, answer->label);
      json_builder_set_member_name (builder, "value");
      json_builder_add_value (builder, json_node_copy (answer->value));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static void
save_draft (MdgCaseView *self)
{
  g_autofree char *visit_json = NULL;

  if (self->store == NULL || self->kase == NULL || self->case_id == NULL || self->completing ||
      self->resuming)
    return;

  if (self->saving)
    {
      self->save_again = TRUE;
      return;
    }

  self->saving = TRUE;
  self->save_again = FALSE;
  visit_json = dup_visit_json (self);
  mdg_store_save_draft_async (self->store, self->case_id, self->kase, self->ticket_id, visit_json,
                              self->cancellable, store_saved_cb, g_object_ref (self));
}

/* Makes the case again from the household, the event and the answers, then
 * shows its members, open questions and guidance. An answer that no longer
 * fits the case (the newborn's, after the event changed) is dropped. */
static void
refresh (MdgCaseView *self,
         gboolean     rebuild_members)
{
  g_autoptr(GPtrArray) questions = NULL;
  g_autoptr(MdgGuidance) guidance = NULL;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(GError) error = NULL;

  g_assert (MDG_IS_CASE_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->household == NULL || self->catalog == NULL)
    return;

  kase = mdg_household_build_case (self->household, self->event, self->origin,
                                   self->event_date, self->today,
                                   self->staying, self->deceased_id, &error);
  if (kase == NULL)
    {
      g_debug ("The household makes no valid case for event %s",
               mdg_event_to_string (self->event));
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < self->answers->len;)
    {
      const Answer *answer = g_ptr_array_index (self->answers, i);
      g_autoptr(MdgCase) next = NULL;
      g_autoptr(GError) answer_error = NULL;

      next = mdg_case_with_answer (kase, answer->fact, answer->value, &answer_error);
      if (next == NULL)
        {
          g_debug ("Dropping the answer to %s: it no longer fits the case", answer->fact);
          g_ptr_array_remove_index (self->answers, i);
          continue;
        }

      g_clear_pointer (&kase, mdg_case_unref);
      kase = g_steal_pointer (&next);
      i++;
    }

  g_clear_pointer (&self->kase, mdg_case_unref);
  self->kase = g_steal_pointer (&kase);

  guidance = mdg_guidance_evaluate (self->catalog, self->kase);
  questions = mdg_interview_next_questions (self->catalog, self->kase);

  if (rebuild_members)
    update_members (self);
  mdg_interview_view_set_questions (self->interview_view, self->kase, questions);
  update_answers (self);
  mdg_guidance_view_set_guidance (self->guidance_view, guidance);
  update_forms (self, guidance);
  update_details (self);
  update_missing_boxes (self);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);
  self->guidance = g_steal_pointer (&guidance);
  update_completion (self);
  save_draft (self);

  gtk_stack_set_visible_child_name (self->view_stack, "case");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  MdgCaseView *self = user_data;

  self->refresh_id = 0;
  refresh (self, TRUE);

  return G_SOURCE_REMOVE;
}

/* For actions of rows that the refresh destroys: not while their own
 * "clicked" is still running. */
static void
queue_refresh (MdgCaseView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

static void
start_scenario (MdgCaseView *self)
{
  g_assert (MDG_IS_CASE_VIEW (self));

  g_ptr_array_set_size (self->answers, 0);
  g_hash_table_remove_all (self->staying);
  g_clear_pointer (&self->deceased_id, g_free);

  /* A new visit: a new draft, identity not yet confirmed, nothing typed. */
  {
    GHashTableIter iter;
    gpointer row;

    g_hash_table_iter_init (&iter, self->detail_rows);
    while (g_hash_table_iter_next (&iter, NULL, &row))
      adw_preferences_group_remove (self->details_group, row);
    g_hash_table_remove_all (self->detail_rows);
  }
  g_free (self->case_id);
  self->case_id = g_uuid_string_random ();
  self->completing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CASE_ID]);
  gtk_switch_set_active (self->identity_switch, FALSE);
  mdg_case_view_set_rating (self, 0);

  if (self->household == NULL)
    return;

  self->deceased_id = g_strdup (mdg_household_get_default_deceased_id (self->household));

  self->today = _mdg_today ();
  self->event = mdg_household_get_event (self->household);
  self->origin = mdg_household_get_origin (self->household);
  if (self->origin == MDG_ORIGIN_NONE)
    self->origin = MDG_ORIGIN_SAME_PREFECTURE;
  self->event_date = self->today + mdg_household_get_event_offset (self->household);

  update_event_rows (self);
  refresh (self, TRUE);
}

static void
on_event_row_notify_selected_cb (MdgCaseView *self,
                                 GParamSpec  *pspec,
                                 AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->updating || selected >= MDG_N_EVENTS || selected == self->event)
    return;

  self->event = selected;
  update_event_rows (self);
  refresh (self, TRUE);
}

static void
on_origin_row_notify_selected_cb (MdgCaseView *self,
                                  GParamSpec  *pspec,
                                  AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->updating || selected == GTK_INVALID_LIST_POSITION)
    return;

  self->origin = MDG_ORIGIN_SAME_PREFECTURE + selected;
  refresh (self, FALSE);
}

static void
on_deceased_row_notify_selected_cb (MdgCaseView *self,
                                    GParamSpec  *pspec,
                                    AdwComboRow *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->updating || selected >= self->deceased_ids->len)
    return;

  g_free (self->deceased_id);
  self->deceased_id = g_strdup (g_ptr_array_index (self->deceased_ids, selected));
  refresh (self, TRUE);
}

static void
on_calendar_day_selected_cb (MdgCaseView *self,
                             GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = NULL;
  MdgDay day;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->updating)
    return;

  date = gtk_calendar_get_date (calendar);
  day = mdg_day_new (g_date_time_get_year (date),
                     g_date_time_get_month (date),
                     g_date_time_get_day_of_month (date));
  gtk_popover_popdown (self->date_popover);

  if (day == MDG_DAY_INVALID || day == self->event_date)
    return;

  self->event_date = day;
  update_event_rows (self);
  refresh (self, TRUE);
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GError) error = NULL;
  const char *fact;
  const char *question;
  const char *json;
  const char *label;
  Answer *answer;
  int index;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->kase == NULL)
    return;

  g_variant_get (param, "(&s&s&s&s)", &fact, &question, &json, &label);

  if (!(value = json_from_string (json, &error)) ||
      !(kase = mdg_case_with_answer (self->kase, fact, value, &error)))
    {
      g_debug ("The answer to %s was refused", fact);
      adw_toast_overlay_add_toast (self->toast_overlay,
                                   adw_toast_new (_("This answer does not fit the case")));
      return;
    }

  answer = g_new0 (Answer, 1);
  answer->fact = g_strdup (fact);
  answer->question = g_strdup (question);
  answer->label = g_strdup (label);
  answer->value = g_steal_pointer (&value);

  if ((index = find_answer (self, fact)) >= 0)
    {
      answer_free (g_ptr_array_index (self->answers, index));
      g_ptr_array_index (self->answers, index) = answer;
    }
  else
    g_ptr_array_add (self->answers, answer);

  queue_refresh (self);
}

static void
forget_answer_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  int index;

  g_assert (MDG_IS_CASE_VIEW (self));

  if ((index = find_answer (self, g_variant_get_string (param, NULL))) < 0)
    return;

  g_ptr_array_remove_index (self->answers, index);
  queue_refresh (self);
}

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;

  g_assert (MDG_IS_CASE_VIEW (self));

  start_scenario (self);
}

/* The end of the visit: the latest case, the signed forms, the signature and
 * the audit entry are queued together (the store commits a queued group
 * with one fsync), then the completion marks case and forms completed with
 * their outbox rows in one transaction. */
typedef struct
{
  MdgCaseView *self;
  guint        pending;
  gboolean     failed;
} Completion;

static void
completion_step_done (Completion   *completion,
                      gboolean      ok,
                      const GError *error)
{
  MdgCaseView *self = completion->self;

  if (!ok)
    {
      completion->failed = TRUE;
      g_debug ("A completion step failed (%s %d)",
               g_quark_to_string (error->domain), error->code);
    }

  if (--completion->pending > 0)
    return;

  if (!g_cancellable_is_cancelled (self->cancellable))
    {
      if (completion->failed)
        {
          self->completing = FALSE;
          adw_toast_overlay_add_toast (self->toast_overlay,
                                       adw_toast_new (_("The visit could not be completed; "
                                                        "nothing was lost, try again")));
          update_completion (self);
        }
      else
        g_signal_emit (self, signals [COMPLETED], 0, self->case_id);
    }

  g_object_unref (completion->self);
  g_free (completion);
}

static void
complete_saved_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_save_case_finish (MDG_STORE (object), result, &error);

  completion_step_done (user_data, id != NULL, error);
}

static void
complete_form_saved_cb (GObject      *object,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = mdg_store_save_form_finish (MDG_STORE (object), result, &error);

  completion_step_done (user_data, ok, error);
}

static void
complete_signature_set_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = mdg_store_set_signature_finish (MDG_STORE (object), result, &error);

  completion_step_done (user_data, ok, error);
}

static void
complete_audited_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_audit_finish (MDG_STORE (object), result, &error);

  completion_step_done (user_data, id != NULL, error);
}

static void
complete_done_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = mdg_store_complete_case_finish (MDG_STORE (object), result, &error);

  completion_step_done (user_data, ok, error);
}

static const char *identity_documents[] = {
  "mynumber_card", "driving_licence", "residence_card", "passport", "two_documents",
};

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  MdgSignedSet *signed_set = mdg_form_preview_get_signed_set (self->sign_preview);
  MdgAuditEntry entry = { 0 };
  Completion *completion;
  guint identity = adw_combo_row_get_selected (self->identity_row);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->store == NULL || self->kase == NULL || self->completing)
    return;

  self->completing = TRUE;
  gtk_widget_action_set_enabled (widget, "case.complete", FALSE);

  completion = g_new0 (Completion, 1);
  completion->self = g_object_ref (self);
  completion->pending = 1;

  g_ptr_array_add (fields, g_strdup ("case"));
  g_ptr_array_add (fields, g_strdup_printf ("identity.%s",
                                            identity_documents[MIN (identity,
                                                                    G_N_ELEMENTS (identity_documents) - 1)]));

  completion->pending++;
  mdg_store_save_case_async (self->store, self->case_id, self->kase, FALSE, self->ticket_id,
                             self->cancellable, complete_saved_cb, completion);

  for (guint i = 0; signed_set != NULL && i < mdg_signed_set_get_n_documents (signed_set); i++)
    {
      const char *form_id = mdg_signed_set_get_form_id (signed_set, i);
      GPtrArray *forms = mdg_form_preview_get_forms (self->sign_preview);
      MdgFormLayout *layout = NULL;

      for (guint j = 0; forms != NULL && j < forms->len && layout == NULL; j++)
        {
          MdgFormLayout *candidate = mdg_filled_form_get_layout (g_ptr_array_index (forms, j));

          if (g_strcmp0 (mdg_form_layout_get_id (candidate), form_id) == 0)
            layout = candidate;
        }

      /* The store keeps forms by procedure: a form serving several keeps
       * its first procedure's id. */
      completion->pending++;
      mdg_store_save_form_async (self->store, self->case_id,
                                 layout != NULL ? mdg_form_layout_get_procedures (layout)[0]
                                                : form_id,
                                 mdg_signed_set_get_pdf (signed_set, i), TRUE,
                                 self->cancellable, complete_form_saved_cb, completion);
      /* The signed PDF's SHA-256 (not personal data): what was signed can
       * be proven against the stored document. */
      g_ptr_array_add (fields, g_strdup_printf ("forms.%s@sha256:%s", form_id,
                                                mdg_signed_set_get_sha256 (signed_set, i)));
    }

  if (signed_set != NULL)
    {
      g_autoptr(JsonNode) node = mdg_signature_to_node (mdg_signed_set_get_signature (signed_set));
      g_autofree char *json = json_to_string (node, FALSE);
      gsize length = strlen (json);
      g_autoptr(GBytes) image = g_bytes_new_take (g_steal_pointer (&json), length);

      completion->pending++;
      mdg_store_set_signature_async (self->store, self->case_id, image, "application/json",
                                     self->cancellable, complete_signature_set_cb, completion);
      g_ptr_array_add (fields, g_strdup ("signature"));
    }
  g_ptr_array_add (fields, NULL);

  entry.staff = NULL;  /* the store's: who is signed in */
  entry.action = MDG_AUDIT_CHANGE;
  entry.subject = self->household != NULL ? mdg_household_get_id (self->household) : self->case_id;
  entry.case_id = self->case_id;
  entry.fields = (const char * const *) fields->pdata;
  completion->pending++;
  mdg_store_audit_async (self->store, &entry, self->cancellable, complete_audited_cb, completion);

  /* What each department carries out, for its core systems. */
  {
    g_autoptr(MdgFormCatalog) forms = mdg_form_catalog_load_default (NULL);
    g_autoptr(JsonNode) handoffs = mdg_handoffs_build (self->guidance, forms);
    g_autofree char *handoffs_json = json_to_string (handoffs, FALSE);

    completion->pending++;
    mdg_store_complete_case_async (self->store, self->case_id, handoffs_json, self->rating,
                                   self->cancellable,
                                   complete_done_cb, completion);
  }

  /* The first count kept the completion alive while the calls were queued. */
  completion_step_done (completion, TRUE, NULL);
}

static void
print_guidance_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  GtkRoot *root = gtk_widget_get_root (widget);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->guidance != NULL)
    mdg_guidance_sheet_print (self->guidance, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

static void
mdg_case_view_dispose (GObject *object)
{
  MdgCaseView *self = (MdgCaseView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_ptr_array_set_size (self->member_rows, 0);
  g_ptr_array_set_size (self->answer_rows, 0);
  g_ptr_array_set_size (self->missing_rows, 0);
  g_ptr_array_set_size (self->blocker_rows, 0);
  g_hash_table_remove_all (self->detail_rows);
  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_CASE_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);
  g_clear_object (&self->household);
  g_clear_pointer (&self->kase, mdg_case_unref);
  g_clear_pointer (&self->catalog, mdg_catalog_unref);

  G_OBJECT_CLASS (mdg_case_view_parent_class)->dispose (object);
}

static void
mdg_case_view_finalize (GObject *object)
{
  MdgCaseView *self = (MdgCaseView *)object;

  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_pointer (&self->answer_rows, g_ptr_array_unref);
  g_clear_pointer (&self->staying, g_hash_table_unref);
  g_clear_pointer (&self->deceased_ids, g_ptr_array_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->deceased_id, g_free);
  g_clear_pointer (&self->missing_rows, g_ptr_array_unref);
  g_clear_pointer (&self->blocker_rows, g_ptr_array_unref);
  g_clear_pointer (&self->detail_rows, g_hash_table_unref);
  g_clear_pointer (&self->members_shown, g_free);
  g_clear_pointer (&self->answers_shown, g_free);
  g_clear_pointer (&self->missing_shown, g_free);
  g_clear_pointer (&self->case_id, g_free);
  g_clear_pointer (&self->ticket_id, g_free);

  G_OBJECT_CLASS (mdg_case_view_parent_class)->finalize (object);
}

static void
mdg_case_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  MdgCaseView *self = MDG_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_CASE_ID:
      g_value_set_string (value, mdg_case_view_get_case_id (self));
      break;
    case PROP_RATING:
      g_value_set_int (value, mdg_case_view_get_rating (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_case_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  MdgCaseView *self = MDG_CASE_VIEW (object);

  switch (prop_id)
    {
    case PROP_RATING:
      mdg_case_view_set_rating (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_case_view_class_init (MdgCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_case_view_dispose;
  object_class->finalize = mdg_case_view_finalize;
  object_class->get_property = mdg_case_view_get_property;
  object_class->set_property = mdg_case_view_set_property;

  /* The id of the visit's case in the store; a new one for each visit. */
  properties [PROP_CASE_ID] =
    g_param_spec_string ("case-id", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The satisfaction the resident tapped on the sign page (1…5), 0 for
   * none; it goes to the ward with the ticket's close. */
  properties [PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL, 0, 5, 0,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
  gtk_widget_class_install_property_action (widget_class, "case.rating", "rating");

  /* Emitted once the store committed the completed case (its id). */
  signals [COMPLETED] =
    g_signal_new ("completed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-case-view.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, error_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, event_group);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, event_row);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, origin_row);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, deceased_row);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, date_row);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, date_popover);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, calendar);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, members_group);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, interview_view);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, answers_group);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, guidance_view);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, form_preview);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, step_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, details_group);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, missing_group);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, sign_preview);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, identity_row);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, identity_switch);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, complete_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, blockers_group);
  gtk_widget_class_bind_template_callback (widget_class, on_identity_switch_notify_active_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_event_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_origin_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deceased_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "case.answer", "(ssss)", answer_action);
  gtk_widget_class_install_action (widget_class, "case.forget-answer", "s",
                                   forget_answer_action);
  gtk_widget_class_install_action (widget_class, "case.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "case.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "case.print-guidance", NULL,
                                   print_guidance_action);

  g_type_ensure (MDG_TYPE_GUIDANCE_VIEW);
  g_type_ensure (MDG_TYPE_INTERVIEW_VIEW);
  g_type_ensure (MDG_TYPE_FORM_PREVIEW);
}

static void
mdg_case_view_init (MdgCaseView *self)
{
  g_autoptr(GtkStringList) events = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) origins = gtk_string_list_new (NULL);

  self->member_rows = g_ptr_array_new ();
  self->answer_rows = g_ptr_array_new ();
  self->staying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->deceased_ids = g_ptr_array_new_with_free_func (g_free);
  self->answers = g_ptr_array_new_with_free_func (answer_free);
  self->missing_rows = g_ptr_array_new ();
  self->blocker_rows = g_ptr_array_new ();
  self->detail_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
  self->origin = MDG_ORIGIN_SAME_PREFECTURE;

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->sign_preview, "notify::signed-set",
                           G_CALLBACK (on_sign_preview_notify_signed_set_cb), self,
                           G_CONNECT_SWAPPED);

  self->updating = TRUE;
  for (guint i = 0; i < MDG_N_EVENTS; i++)
    gtk_string_list_append (events, _mdg_event_get_label (i));
  adw_combo_row_set_model (self->event_row, G_LIST_MODEL (events));
  for (MdgOrigin origin = MDG_ORIGIN_SAME_PREFECTURE; origin <= MDG_ORIGIN_ABROAD; origin++)
    gtk_string_list_append (origins, _mdg_origin_get_label (origin));
  adw_combo_row_set_model (self->origin_row, G_LIST_MODEL (origins));
  self->updating = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.complete", FALSE);
}

/**
 * mdg_case_view_set_catalog:
 *
 * Sets the catalog whose rules and questions the view evaluates.
 */
void
mdg_case_view_set_catalog (MdgCaseView *self,
                           MdgCatalog  *catalog)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (catalog != NULL);

  if (self->catalog == catalog)
    return;

  g_clear_pointer (&self->catalog, mdg_catalog_unref);
  self->catalog = mdg_catalog_ref (catalog);
  refresh (self, TRUE);
}

/**
 * mdg_case_view_set_household:
 *
 * Starts the demo scenario of @household: its life event and date, everyone
 * moving, no answers yet.
 */
void
mdg_case_view_set_household (MdgCaseView  *self,
                             MdgHousehold *household)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (MDG_IS_HOUSEHOLD (household));

  if (!g_set_object (&self->household, household))
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", TRUE);
  start_scenario (self);
}

MdgHousehold *
mdg_case_view_get_household (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->household;
}

/**
 * mdg_case_view_set_store:
 *
 * The local store the visit is saved in, on every change, and completed in.
 */
void
mdg_case_view_set_store (MdgCaseView *self,
                         MdgStore    *store)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (store == NULL || MDG_IS_STORE (store));

  if (!g_set_object (&self->store, store))
    return;

  update_completion (self);
  save_draft (self);
}

int
mdg_case_view_get_rating (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), 0);

  return self->rating;
}

void
mdg_case_view_set_rating (MdgCaseView *self,
                          int          rating)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (rating >= 0 && rating <= 5);

  if (self->rating == rating)
    return;
  self->rating = rating;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RATING]);
}

/* The ticket of the visit (NULL for a walk-in), linked to its case. */
void
mdg_case_view_set_ticket_id (MdgCaseView *self,
                             const char  *ticket_id)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));

  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket_id);
}

const char *
mdg_case_view_get_case_id (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->case_id;
}

/* Returns: (transfer none) (nullable): the case as it stands */
MdgCase *
mdg_case_view_get_case (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->kase;
}

/* Returns: (transfer none) (nullable): the guidance of the case as it stands */
MdgGuidance *
mdg_case_view_get_guidance (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->guidance;
}

/* Shows one step of the visit: "event", "interview", "guidance", "forms",
 * "sign" or "complete". */
void
mdg_case_view_set_step (MdgCaseView *self,
                        const char  *step)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (step != NULL);

  gtk_stack_set_visible_child_name (self->step_stack, step);
}

const char *
mdg_case_view_get_step (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return gtk_stack_get_visible_child_name (self->step_stack);
}

/**
 * mdg_case_view_resume:
 * @visit_json: the state a draft kept (mdg_store_list_drafts_async)
 *
 * Takes up the visit of draft @case_id of @household where it stopped: the
 * event, who moves and who died, and every answer. Returns FALSE, changing
 * nothing, when the state cannot be read.
 */
gboolean
mdg_case_view_resume (MdgCaseView  *self,
                      MdgHousehold *household,
                      const char   *case_id,
                      const char   *visit_json)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *state;
  JsonArray *answers;
  JsonArray *staying;

  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (household), FALSE);
  g_return_val_if_fail (case_id != NULL && visit_json != NULL, FALSE);

  if (!(root = json_from_string (visit_json, NULL)) || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  state = json_node_get_object (root);
  if (!(answers = json_object_get_array_member (state, "answers")) ||
      !(staying = json_object_get_array_member (state, "staying")) ||
      !json_object_has_member (state, "event") || !json_object_has_member (state, "event_date"))
    return FALSE;

  /* The household as a new visit (not saved as one), then the draft's own
   * state over it. */
  g_set_object (&self->household, household);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", TRUE);
  self->resuming = TRUE;
  start_scenario (self);
  self->resuming = FALSE;

  g_free (self->case_id);
  self->case_id = g_strdup (case_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CASE_ID]);
  g_free (self->ticket_id);
  self->ticket_id = g_strdup (json_object_get_string_member_with_default (state, "ticket", NULL));

  self->event = CLAMP (json_object_get_int_member (state, "event"), 0, MDG_N_EVENTS - 1);
  self->origin = json_object_get_int_member_with_default (state, "origin", self->origin);
  self->event_date = json_object_get_int_member (state, "event_date");
  g_free (self->deceased_id);
  self->deceased_id = g_strdup (json_object_get_string_member_with_default (state, "deceased",
                                                                            NULL));
  g_hash_table_remove_all (self->staying);
  for (guint i = 0; i < json_array_get_length (staying); i++)
    g_hash_table_add (self->staying, g_strdup (json_array_get_string_element (staying, i)));

  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *given = json_array_get_object_element (answers, i);
      Answer *answer;

      if (given == NULL || !json_object_has_member (given, "fact") ||
          !json_object_has_member (given, "value"))
        continue;

      answer = g_new0 (Answer, 1);
      answer->fact = g_strdup (json_object_get_string_member (given, "fact"));
      answer->question = g_strdup (json_object_get_string_member_with_default (given, "question",
                                                                               answer->fact));
      answer->label = g_strdup (json_object_get_string_member_with_default (given, "label", ""));
      answer->value = json_node_copy (json_object_get_member (given, "value"));
      g_ptr_array_add (self->answers, answer);
    }

  update_event_rows (self);
  refresh (self, TRUE);

  return TRUE;
}
