/* mdg-case-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-case-view.h"
#include "mdg-form-preview.h"
#include "mdg-guidance-view.h"
#include "mdg-interview-view.h"

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

  /* borrowed: rows owned by members_group and answers_group */
  GPtrArray           *member_rows;
  GPtrArray           *answer_rows;

  /* owned */
  MdgCatalog          *catalog;
  MdgHousehold        *household;
  MdgCase             *kase;
  GHashTable          *staying;       /* member ids who do not move */
  GPtrArray           *deceased_ids;  /* char *, one per item of deceased_row */
  GPtrArray           *answers;       /* Answer *, in the order given */

  MdgEvent             event;
  MdgOrigin            origin;
  MdgDay               event_date;
  MdgDay               today;
  char                *deceased_id;
  guint                refresh_id;
  guint                updating : 1;
};

G_DEFINE_FINAL_TYPE (MdgCaseView, mdg_case_view, ADW_TYPE_BIN)

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

static void
update_members (MdgCaseView *self)
{
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

  if (address != NULL)
    json_object_set_string_member (extras, "address", address);
  mdg_form_preview_set_case (self->form_preview, self->kase, guidance, extras);
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

static void
mdg_case_view_dispose (GObject *object)
{
  MdgCaseView *self = (MdgCaseView *)object;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  g_ptr_array_set_size (self->member_rows, 0);
  g_ptr_array_set_size (self->answer_rows, 0);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_CASE_VIEW);
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

  G_OBJECT_CLASS (mdg_case_view_parent_class)->finalize (object);
}

static void
mdg_case_view_class_init (MdgCaseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_case_view_dispose;
  object_class->finalize = mdg_case_view_finalize;

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
  gtk_widget_class_bind_template_callback (widget_class, on_event_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_origin_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deceased_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);

  gtk_widget_class_install_action (widget_class, "case.answer", "(ssss)", answer_action);
  gtk_widget_class_install_action (widget_class, "case.forget-answer", "s",
                                   forget_answer_action);
  gtk_widget_class_install_action (widget_class, "case.start-over", NULL, start_over_action);

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
  self->origin = MDG_ORIGIN_SAME_PREFECTURE;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->updating = TRUE;
  for (guint i = 0; i < MDG_N_EVENTS; i++)
    gtk_string_list_append (events, _mdg_event_get_label (i));
  adw_combo_row_set_model (self->event_row, G_LIST_MODEL (events));
  for (MdgOrigin origin = MDG_ORIGIN_SAME_PREFECTURE; origin <= MDG_ORIGIN_ABROAD; origin++)
    gtk_string_list_append (origins, _mdg_origin_get_label (origin));
  adw_combo_row_set_model (self->origin_row, G_LIST_MODEL (origins));
  self->updating = FALSE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", FALSE);
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
