/* mdg-event-page.c: the visit's life event, its date and the members who move
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-event-page"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-app-labels-private.h"
#include "mdg-case-pages.h"

struct _MdgEventPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwPreferencesGroup *event_group;
  AdwComboRow         *event_row;
  AdwComboRow         *origin_row;
  AdwComboRow         *deceased_row;
  AdwActionRow        *date_row;
  GtkPopover          *date_popover;
  GtkCalendar         *calendar;
  AdwPreferencesGroup *members_group;

  /* borrowed: rows owned by members_group */
  GPtrArray           *member_rows;

  /* owned */
  MdgVisit            *visit;
  GPtrArray           *deceased_ids;  /* char *, one per item of deceased_row */
  char                *members_shown; /* what the member rows show */
  char                *event_shown;   /* what the event rows show */
  guint                updating : 1;
};

G_DEFINE_FINAL_TYPE (MdgEventPage, mdg_event_page, ADW_TYPE_BIN)

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
on_moves_toggled_cb (MdgEventPage   *self,
                     GtkCheckButton *check)
{
  const char *id = g_object_get_data (G_OBJECT (check), "mdg-member-id");

  g_assert (MDG_IS_EVENT_PAGE (self));
  g_assert (id != NULL);

  if (self->updating || self->visit == NULL)
    return;

  mdg_visit_set_moving (self->visit, id, gtk_check_button_get_active (check));
}

static GtkWidget *
create_member_row (MdgEventPage    *self,
                   MdgCase         *kase,
                   const MdgMember *member)
{
  g_autofree char *name = _mdg_member_dup_name (member, kase);
  g_autofree char *subtitle = NULL;
  GtkWidget *row;
  GtkWidget *avatar;
  int age = mdg_date_age_at (member->birth, mdg_visit_get_event_date (self->visit));

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

  if (mdg_event_is_move (mdg_visit_get_event (self->visit)))
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
update_members (MdgEventPage *self)
{
  MdgCase *kase = mdg_visit_get_case (self->visit);
  MdgHousehold *household = mdg_visit_get_household (self->visit);
  GString *shown = g_string_new (mdg_household_get_address (household));

  g_string_append_printf (shown, "|%d|%d\n", mdg_visit_get_event (self->visit),
                          mdg_visit_get_event_date (self->visit));
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      const MdgMember *member = mdg_case_get_member (kase, i);

      g_string_append_printf (shown, "%s|%s|%s|%d|%d|%d|%d|%d\n", member->id,
                              member->name != NULL ? member->name : "",
                              member->kana != NULL ? member->kana : "", member->relation,
                              member->birth, member->insurance, member->moving, member->deceased);
    }
  if (!_mdg_case_page_shown_changed (&self->members_shown, shown))
    return;

  _mdg_case_page_clear_rows (self->members_group, self->member_rows);
  for (guint i = 0; i < mdg_case_get_n_members (kase); i++)
    {
      GtkWidget *row = create_member_row (self, kase, mdg_case_get_member (kase, i));

      adw_preferences_group_add (self->members_group, row);
      g_ptr_array_add (self->member_rows, row);
    }

  adw_preferences_group_set_description (self->members_group,
                                         mdg_household_get_address (household));
}

static void
update_event_rows (MdgEventPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GDateTime) date = NULL;
  g_autofree char *date_label = NULL;
  g_autofree char *visit_label = NULL;
  g_autofree char *visit = NULL;
  MdgEvent event = mdg_visit_get_event (self->visit);
  MdgOrigin origin = mdg_visit_get_origin (self->visit);
  MdgDay event_date = mdg_visit_get_event_date (self->visit);
  const char *deceased = mdg_visit_get_deceased (self->visit);
  MdgHousehold *household = mdg_visit_get_household (self->visit);
  JsonArray *members;
  guint deceased_index = 0;
  int year, month, mday;
  GString *shown = g_string_new (NULL);

  /* made again only when the event changes, not on every answer */
  g_string_printf (shown, "%p|%d|%d|%u|%u|%s", household, event, origin, event_date,
                   mdg_visit_get_today (self->visit), deceased != NULL ? deceased : "");
  if (!_mdg_case_page_shown_changed (&self->event_shown, shown))
    return;

  adw_combo_row_set_selected (self->event_row, event);
  if (origin != MDG_ORIGIN_NONE)
    adw_combo_row_set_selected (self->origin_row, origin - MDG_ORIGIN_SAME_PREFECTURE);
  gtk_widget_set_visible (GTK_WIDGET (self->origin_row), event == MDG_EVENT_MOVE_IN);

  /* Who died: any member of the household as registered. */
  g_ptr_array_set_size (self->deceased_ids, 0);
  members = mdg_household_get_members (household);
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);
      const char *id = json_object_get_string_member_with_default (member, "id", NULL);
      const char *name = json_object_get_string_member_with_default (member, "name", id);

      if (id == NULL)
        continue;
      if (g_strcmp0 (id, deceased) == 0)
        deceased_index = self->deceased_ids->len;
      gtk_string_list_append (names, name != NULL ? name : id);
      g_ptr_array_add (self->deceased_ids, g_strdup (id));
    }
  adw_combo_row_set_model (self->deceased_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->deceased_row, deceased_index);
  gtk_widget_set_visible (GTK_WIDGET (self->deceased_row), event == MDG_EVENT_DEATH);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->date_row), get_date_title (event));
  date_label = dup_date_label (event_date);
  adw_action_row_set_subtitle (self->date_row, date_label);

  mdg_day_to_ymd (event_date, &year, &month, &mday);
  date = g_date_time_new_local (year, month, mday, 12, 0, 0);
  if (date != NULL)
    gtk_calendar_select_day (self->calendar, date);

  visit = dup_date_label (mdg_visit_get_today (self->visit));
  /* Translators: 来庁日, the day the resident comes to the counter; %s is a date */
  visit_label = g_strdup_printf (_("Visit on %s"), visit);
  adw_preferences_group_set_description (self->event_group, visit_label);
}

void
mdg_event_page_update (MdgEventPage *self)
{
  g_return_if_fail (MDG_IS_EVENT_PAGE (self));

  if (self->visit == NULL || mdg_visit_get_household (self->visit) == NULL ||
      mdg_visit_get_case (self->visit) == NULL)
    return;

  self->updating = TRUE;
  update_event_rows (self);
  update_members (self);
  self->updating = FALSE;
}

static void
on_event_row_notify_selected_cb (MdgEventPage *self,
                                 GParamSpec   *pspec,
                                 AdwComboRow  *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_EVENT_PAGE (self));

  if (self->updating || self->visit == NULL || selected >= MDG_N_EVENTS)
    return;

  mdg_visit_set_event (self->visit, selected);
}

static void
on_origin_row_notify_selected_cb (MdgEventPage *self,
                                  GParamSpec   *pspec,
                                  AdwComboRow  *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_EVENT_PAGE (self));

  if (self->updating || self->visit == NULL || selected == GTK_INVALID_LIST_POSITION)
    return;

  mdg_visit_set_origin (self->visit, MDG_ORIGIN_SAME_PREFECTURE + selected);
}

static void
on_deceased_row_notify_selected_cb (MdgEventPage *self,
                                    GParamSpec   *pspec,
                                    AdwComboRow  *row)
{
  guint selected = adw_combo_row_get_selected (row);

  g_assert (MDG_IS_EVENT_PAGE (self));

  if (self->updating || self->visit == NULL || selected >= self->deceased_ids->len)
    return;

  mdg_visit_set_deceased (self->visit, g_ptr_array_index (self->deceased_ids, selected));
}

static void
on_calendar_day_selected_cb (MdgEventPage *self,
                             GtkCalendar  *calendar)
{
  g_autoptr(GDateTime) date = NULL;

  g_assert (MDG_IS_EVENT_PAGE (self));

  if (self->updating || self->visit == NULL)
    return;

  date = gtk_calendar_get_date (calendar);
  gtk_popover_popdown (self->date_popover);
  mdg_visit_set_event_date (self->visit, mdg_day_new (g_date_time_get_year (date),
                                                      g_date_time_get_month (date),
                                                      g_date_time_get_day_of_month (date)));
}

static void
mdg_event_page_dispose (GObject *object)
{
  MdgEventPage *self = (MdgEventPage *)object;

  g_ptr_array_set_size (self->member_rows, 0);
  /* AdwBin (1.2) would unparent a dangling child after dispose_template. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_EVENT_PAGE);
  g_clear_object (&self->visit);

  G_OBJECT_CLASS (mdg_event_page_parent_class)->dispose (object);
}

static void
mdg_event_page_finalize (GObject *object)
{
  MdgEventPage *self = (MdgEventPage *)object;

  g_clear_pointer (&self->member_rows, g_ptr_array_unref);
  g_clear_pointer (&self->deceased_ids, g_ptr_array_unref);
  g_clear_pointer (&self->members_shown, g_free);
  g_clear_pointer (&self->event_shown, g_free);

  G_OBJECT_CLASS (mdg_event_page_parent_class)->finalize (object);
}

static void
mdg_event_page_class_init (MdgEventPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_event_page_dispose;
  object_class->finalize = mdg_event_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "ui/mdg-event-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, event_group);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, event_row);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, origin_row);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, deceased_row);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, date_row);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, date_popover);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, calendar);
  gtk_widget_class_bind_template_child (widget_class, MdgEventPage, members_group);
  gtk_widget_class_bind_template_callback (widget_class, on_event_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_origin_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_deceased_row_notify_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_calendar_day_selected_cb);
}

static void
mdg_event_page_init (MdgEventPage *self)
{
  g_autoptr(GtkStringList) events = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) origins = gtk_string_list_new (NULL);

  self->member_rows = g_ptr_array_new ();
  self->deceased_ids = g_ptr_array_new_with_free_func (g_free);

  self->updating = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  for (guint i = 0; i < MDG_N_EVENTS; i++)
    gtk_string_list_append (events, _mdg_event_get_label (i));
  adw_combo_row_set_model (self->event_row, G_LIST_MODEL (events));
  for (MdgOrigin origin = MDG_ORIGIN_SAME_PREFECTURE; origin <= MDG_ORIGIN_ABROAD; origin++)
    gtk_string_list_append (origins, _mdg_origin_get_label (origin));
  adw_combo_row_set_model (self->origin_row, G_LIST_MODEL (origins));
  self->updating = FALSE;
}

void
mdg_event_page_set_visit (MdgEventPage *self,
                          MdgVisit     *visit)
{
  g_return_if_fail (MDG_IS_EVENT_PAGE (self));
  g_return_if_fail (visit == NULL || MDG_IS_VISIT (visit));

  g_set_object (&self->visit, visit);
}
