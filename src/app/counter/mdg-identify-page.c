/* mdg-identify-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-identify-page"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-card-error.h"
#include "mdg-card-monitor.h"
#include "mdg-household.h"
#include "mdg-identify-page.h"
#include "mdg-search.h"
#include "mdg-ward.h"

/* Households a registry search shows at most; a longer list asks for a
 * closer search. */
#define REGISTRY_LIMIT 20

struct _MdgIdentifyPage
{
  AdwBin               parent_instance;

  /* template widgets */
  AdwActionRow        *reader_row;
  GtkImage            *reader_icon;
  AdwPasswordEntryRow *pin_row;
  AdwActionRow        *tries_row;
  GtkSearchEntry      *search_entry;
  GtkListBox          *results_list;

  /* owned */
  GListModel          *households;
  MdgStore            *store;
  MdgCardMonitor      *monitor;       /* NULL until started, or when USB is unusable */
  GCancellable        *cancellable;
  MdgWardLink         *link;          /* NULL without a ward database */
  GCancellable        *search_cancellable;
  GPtrArray           *registry;      /* MdgHousehold found in the ward's registry */

  guint                card_started : 1;
  guint                confirmed : 1; /* staff confirmed the attempt at two tries left */
  guint                reading : 1;
};

G_DEFINE_FINAL_TYPE (MdgIdentifyPage, mdg_identify_page, ADW_TYPE_BIN)

static void
set_reader_state (MdgIdentifyPage *self,
                  const char      *state,
                  const char      *icon_name)
{
  adw_action_row_set_subtitle (self->reader_row, state);
  gtk_image_set_from_icon_name (self->reader_icon, icon_name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reader_row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, state, -1);
}

static void
update_reader_state (MdgIdentifyPage *self)
{
  if (!self->card_started)
    set_reader_state (self, _("Not watched yet"), "media-removable-symbolic");
  else if (self->monitor == NULL)
    set_reader_state (self, _("Card reading is not available on this workstation"),
                      "action-unavailable-symbolic");
  else if (self->reading)
    set_reader_state (self, _("Reading the card… do not remove it"), "content-loading-symbolic");
  else if (g_list_model_get_n_items (G_LIST_MODEL (self->monitor)) == 0)
    set_reader_state (self, _("No card reader is connected"), "action-unavailable-symbolic");
  else if (mdg_card_monitor_get_card_reader (self->monitor) == NULL)
    set_reader_state (self, _("Reader ready: put the card on it"), "media-removable-symbolic");
  else
    set_reader_state (self, _("Card on the reader"), "emblem-ok-symbolic");

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "identify.read-card",
                                 self->monitor != NULL && !self->reading &&
                                 mdg_card_monitor_get_card_reader (self->monitor) != NULL);
}

static void
set_tries (MdgIdentifyPage *self,
           const char      *text)
{
  adw_action_row_set_subtitle (self->tries_row, text);
  gtk_widget_set_visible (GTK_WIDGET (self->tries_row), text != NULL);
}

/* A birth date as the registry writes it: 和暦 (昭和25年3月10日), or
 * 西暦 for a foreign resident, whose 住民票 gives it so. */
static char *
dup_birth_date (JsonObject *member)
{
  const char *birth = json_object_get_string_member_with_default (member, "birth_date", "");
  const char *nationality = json_object_get_string_member_with_default (member, "nationality",
                                                                       "JP");
  char *wareki = NULL;
  MdgDay day;
  int year, month, mday;

  if (!mdg_day_parse_iso (birth, &day, NULL))
    return g_strdup (birth);
  if (g_strcmp0 (nationality, "JP") == 0 && (wareki = mdg_date_format_wareki (day)))
    return wareki;

  mdg_day_to_ymd (day, &year, &month, &mday);
  /* Translators: a birth date in the Western calendar: year, month, day */
  return g_strdup_printf (_("%1$d-%2$02d-%3$02d"), year, month, mday);
}

static gboolean
is_local (MdgIdentifyPage *self,
          const char      *id)
{
  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      if (g_strcmp0 (mdg_household_get_id (household), id) == 0)
        return TRUE;
    }

  return FALSE;
}

/* A row for each member of @household that @query finds. */
static void
append_members (MdgIdentifyPage *self,
                MdgHousehold    *household,
                MdgSearchQuery  *query,
                gboolean         from_registry)
{
  JsonArray *members = mdg_household_get_members (household);

  for (guint j = 0; j < json_array_get_length (members); j++)
    {
      JsonObject *member = json_array_get_object_element (members, j);
      const char *name = json_object_get_string_member_with_default (member, "name", NULL);
      const char *kana = json_object_get_string_member_with_default (member, "kana", "");
      g_autofree char *birth = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (name == NULL || !mdg_search_query_matches_member (query, member))
        continue;

      birth = dup_birth_date (member);

      if (from_registry)
        /* Translators: a resident found in the ward's resident records:
         * kana, birth date, address */
        subtitle = g_strdup_printf (_("Ward records · %1$s · born %2$s · %3$s"), kana, birth,
                                    mdg_household_get_address (household));
      else
        /* Translators: a resident found: kana, birth date, address */
        subtitle = g_strdup_printf (_("%1$s · born %2$s · %3$s"), kana, birth,
                                    mdg_household_get_address (household));
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      g_object_set_data_full (G_OBJECT (row), "mdg-household-id",
                              g_strdup (mdg_household_get_id (household)), g_free);
      gtk_list_box_append (self->results_list, row);
    }
}

static void update_results (MdgIdentifyPage *self);

static void
registry_searched_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(MdgIdentifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = mdg_ward_search_registry_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (found == NULL)
    {
      /* the workstation's own residents are still found */
      g_debug ("The registry could not be searched (ward error %d)", error->code);
      return;
    }

  g_ptr_array_set_size (self->registry, 0);
  for (guint i = 0; i < found->len; i++)
    {
      const char *json = g_ptr_array_index (found, i);
      g_autoptr(GError) local_error = NULL;
      MdgHousehold *household = mdg_household_new_from_data (json, strlen (json),
                                                             "registry", &local_error);

      if (household == NULL)
        g_debug ("A household of the registry is malformed: %s", local_error->message);
      else
        g_ptr_array_add (self->registry, household);
    }
  update_results (self);
}

/* Name, kana or birth date in the ward's registry, while it is online. */
static void
search_registry (MdgIdentifyPage *self)
{
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  MdgWardConnection *connection;

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_ptr_array_set_size (self->registry, 0);

  /* two characters at least: a whole ward answers a single one */
  if (self->link == NULL || g_utf8_strlen (query, -1) < 2 ||
      !(connection = mdg_ward_link_get_connection (self->link)))
    return;

  self->search_cancellable = g_cancellable_new ();
  mdg_ward_search_registry_async (connection, query, REGISTRY_LIMIT, self->search_cancellable,
                                  registry_searched_cb, g_object_ref (self));
}

static void
update_results (MdgIdentifyPage *self)
{
  g_autoptr(MdgSearchQuery) query = NULL;
  GtkWidget *child;

  query = mdg_search_query_new (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->results_list))))
    gtk_list_box_remove (self->results_list, child);

  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);

      append_members (self, household, query, FALSE);
    }

  /* then what the ward's registry found, but not twice */
  for (guint i = 0; i < self->registry->len; i++)
    {
      MdgHousehold *household = g_ptr_array_index (self->registry, i);

      if (!is_local (self, mdg_household_get_id (household)))
        append_members (self, household, query, TRUE);
    }
}

static void
open_row (MdgIdentifyPage *self,
          GtkListBoxRow   *row)
{
  const char *id = g_object_get_data (G_OBJECT (row), "mdg-household-id");

  if (id != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-household", "s", id);
}

static void
on_search_entry_search_changed_cb (MdgIdentifyPage *self,
                                   GtkSearchEntry  *entry)
{
  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  search_registry (self);
  update_results (self);
}

/* Enter opens the first resident found. */
static void
on_search_entry_activate_cb (MdgIdentifyPage *self,
                             GtkSearchEntry  *entry)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->results_list, 0);

  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  if (row != NULL)
    open_row (self, row);
}

static void
on_results_list_row_activated_cb (MdgIdentifyPage *self,
                                  GtkListBoxRow   *row,
                                  GtkListBox      *list)
{
  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  open_row (self, row);
}

/* The card's holder among the residents: same name and birth date. */
static void
open_card_holder (MdgIdentifyPage *self,
                  MdgCardInfo     *info)
{
  g_autofree char *birth = mdg_day_dup_iso (mdg_card_info_get_birth_date (info));

  for (guint i = 0; self->households != NULL && i < g_list_model_get_n_items (self->households); i++)
    {
      g_autoptr(MdgHousehold) household = g_list_model_get_item (self->households, i);
      JsonArray *members = mdg_household_get_members (household);

      for (guint j = 0; j < json_array_get_length (members); j++)
        {
          JsonObject *member = json_array_get_object_element (members, j);

          if (g_strcmp0 (json_object_get_string_member_with_default (member, "name", NULL),
                         mdg_card_info_get_name (info)) == 0 &&
              g_strcmp0 (json_object_get_string_member_with_default (member, "birth_date", NULL),
                         birth) == 0)
            {
              gtk_widget_activate_action (GTK_WIDGET (self), "win.open-household", "s",
                                          mdg_household_get_id (household));
              return;
            }
        }
    }

  /* Not registered here: the search starts from the card's name. */
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), mdg_card_info_get_name (info));
  set_tries (self, _("The card was read; no resident of this workstation matches it"));
}

static void
card_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(MdgIdentifyPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(MdgCardInfo) info = NULL;
  g_autofree char *tries = NULL;
  int tries_left = -1;

  info = mdg_card_reader_read_info_finish (MDG_CARD_READER (object), result, &tries_left, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  self->reading = FALSE;
  update_reader_state (self);

  if (info != NULL)
    {
      self->confirmed = FALSE;
      set_tries (self, NULL);
      open_card_holder (self, info);
      return;
    }

  g_debug ("The card read failed (card error %d)", error->code);
  if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_WRONG))
    /* Translators: the card refused the PIN */
    tries = g_strdup_printf (ngettext ("Wrong PIN: %d try left", "Wrong PIN: %d tries left",
                                       tries_left), tries_left);
  else if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED))
    {
      self->confirmed = TRUE;
      tries = g_strdup (_("Only 2 tries left: check the PIN with the resident, then read again"));
    }
  else if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_REFUSED))
    tries = g_strdup (_("Only 1 try left: the PIN is not tried here; search the residents instead"));
  else if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_LOCKED))
    tries = g_strdup (_("The PIN is locked: only the ward office can reset it"));
  else if (g_error_matches (error, MDG_CARD_ERROR, MDG_CARD_ERROR_NOT_MYNUMBER_CARD))
    tries = g_strdup (_("This is not a My Number card"));
  else
    tries = g_strdup (_("The card could not be read: put it on the reader again"));
  set_tries (self, tries);
}

static void
read_card_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *param)
{
  MdgIdentifyPage *self = (MdgIdentifyPage *)widget;
  g_autoptr(MdgCardPin) pin = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->pin_row));
  MdgCardReader *reader;

  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  if (self->monitor == NULL || self->reading ||
      !(reader = mdg_card_monitor_get_card_reader (self->monitor)))
    return;

  pin = mdg_card_pin_new (text, strlen (text), &error);
  /* The PIN leaves the entry at once: it is good for one try only. */
  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  if (pin == NULL)
    {
      set_tries (self, _("The PIN is four digits; nothing was sent to the card"));
      return;
    }

  self->reading = TRUE;
  update_reader_state (self);
  mdg_card_reader_read_info_async (reader, pin,
                                   self->confirmed ? MDG_CARD_READ_CONFIRMED : MDG_CARD_READ_NONE,
                                   self->cancellable, card_read_cb, g_object_ref (self));
}

static void
on_pin_row_entry_activated_cb (MdgIdentifyPage     *self,
                               AdwPasswordEntryRow *row)
{
  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  gtk_widget_activate_action (GTK_WIDGET (self), "identify.read-card", NULL);
}

static void
store_audited_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = mdg_store_audit_finish (MDG_STORE (object), result, &error);

  if (id == NULL)
    g_debug ("The card read was not audited (store error %d)", error->code);
}

/* Every read, whatever its end, goes to the audit log: which fields left
 * the card, never their values. */
static void
on_monitor_card_read_cb (MdgIdentifyPage *self,
                         MdgCardReader   *reader,
                         MdgCardAudit    *audit,
                         MdgCardMonitor  *monitor)
{
  static const struct {
    MdgCardFields field;
    const char   *name;
  } names[] = {
    { MDG_CARD_FIELD_NAME, "card.name" },
    { MDG_CARD_FIELD_ADDRESS, "card.address" },
    { MDG_CARD_FIELD_BIRTH_DATE, "card.birth_date" },
    { MDG_CARD_FIELD_SEX, "card.sex" },
    { MDG_CARD_FIELD_INDIVIDUAL_NUMBER, "card.individual_number" },
  };
  const char *fields[G_N_ELEMENTS (names) + 1] = { NULL };
  g_autofree char *subject = NULL;
  MdgAuditEntry entry = { 0 };
  guint n = 0;

  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  if (self->store == NULL)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (mdg_card_audit_get_read (audit) & names[i].field)
      fields[n++] = names[i].name;

  subject = g_strdup_printf ("card-reader:%s", mdg_card_audit_get_reader_id (audit));
  entry.staff = NULL;  /* the store's: who is signed in */
  entry.action = MDG_AUDIT_READ;
  entry.subject = subject;
  entry.fields = fields;
  mdg_store_audit_async (self->store, &entry, self->cancellable, store_audited_cb, NULL);
}

static void
on_monitor_changed_cb (MdgIdentifyPage *self)
{
  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  update_reader_state (self);
}

static void
on_reader_items_changed_cb (MdgIdentifyPage *self,
                            guint            position,
                            guint            removed,
                            guint            added,
                            GListModel      *model)
{
  g_assert (MDG_IS_IDENTIFY_PAGE (self));

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(MdgCardReader) reader = g_list_model_get_item (model, i);

      g_signal_connect_object (reader, "notify::card-present",
                               G_CALLBACK (on_monitor_changed_cb), self, G_CONNECT_SWAPPED);
    }
  update_reader_state (self);
}

static void
mdg_identify_page_dispose (GObject *object)
{
  MdgIdentifyPage *self = (MdgIdentifyPage *)object;

  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->link);
  g_clear_pointer (&self->registry, g_ptr_array_unref);
  /* Unparent the bin\'s child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_IDENTIFY_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->monitor);
  g_clear_object (&self->store);
  g_clear_object (&self->households);

  G_OBJECT_CLASS (mdg_identify_page_parent_class)->dispose (object);
}

static void
mdg_identify_page_class_init (MdgIdentifyPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = mdg_identify_page_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "ui/mdg-identify-page.ui");
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, reader_row);
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, reader_icon);
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, pin_row);
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, tries_row);
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, MdgIdentifyPage, results_list);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_results_list_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_pin_row_entry_activated_cb);

  gtk_widget_class_install_action (widget_class, "identify.read-card", NULL, read_card_action);
}

static void
mdg_identify_page_init (MdgIdentifyPage *self)
{
  self->cancellable = g_cancellable_new ();
  self->registry = g_ptr_array_new_with_free_func (g_object_unref);

  gtk_widget_init_template (GTK_WIDGET (self));
  update_reader_state (self);
}

void
mdg_identify_page_set_households (MdgIdentifyPage *self,
                                  GListModel      *households)
{
  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));
  g_return_if_fail (G_IS_LIST_MODEL (households));

  g_set_object (&self->households, households);
  update_results (self);
}

void
mdg_identify_page_set_store (MdgIdentifyPage *self,
                             MdgStore        *store)
{
  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));

  g_set_object (&self->store, store);
}

void
mdg_identify_page_set_link (MdgIdentifyPage *self,
                            MdgWardLink     *link)
{
  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));
  g_return_if_fail (link == NULL || MDG_IS_WARD_LINK (link));

  g_set_object (&self->link, link);
  search_registry (self);
  update_results (self);
}

MdgHousehold *
mdg_identify_page_lookup_household (MdgIdentifyPage *self,
                                    const char      *id)
{
  g_return_val_if_fail (MDG_IS_IDENTIFY_PAGE (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < self->registry->len; i++)
    {
      MdgHousehold *household = g_ptr_array_index (self->registry, i);

      if (g_strcmp0 (mdg_household_get_id (household), id) == 0)
        return household;
    }

  return NULL;
}

static void
household_opened_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *json = mdg_ward_open_household_finish (result, &error);

  /* the workstation's own audit has the opening already */
  if (json == NULL)
    g_debug ("The ward did not record the opening (error %d)", error->code);
}

void
mdg_identify_page_record_opening (MdgIdentifyPage *self,
                                  const char      *id)
{
  MdgWardConnection *connection;

  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));
  g_return_if_fail (id != NULL);

  if (self->link == NULL || !(connection = mdg_ward_link_get_connection (self->link)))
    return;

  mdg_ward_open_household_async (connection, id, NULL, household_opened_cb, NULL);
}

void
mdg_identify_page_start_card (MdgIdentifyPage *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));

  if (self->card_started)
    return;

  self->card_started = TRUE;
  if ((self->monitor = mdg_card_monitor_new (&error)) == NULL)
    g_debug ("USB cannot be used: %s", error->message);
  else
    {
      g_signal_connect_object (self->monitor, "items-changed",
                               G_CALLBACK (on_reader_items_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (self->monitor, "card-read",
                               G_CALLBACK (on_monitor_card_read_cb), self, G_CONNECT_SWAPPED);
      on_reader_items_changed_cb (self, 0, 0,
                                  g_list_model_get_n_items (G_LIST_MODEL (self->monitor)),
                                  G_LIST_MODEL (self->monitor));
    }
  update_reader_state (self);
}

void
mdg_identify_page_reset (MdgIdentifyPage *self)
{
  g_return_if_fail (MDG_IS_IDENTIFY_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->pin_row), "");
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  g_ptr_array_set_size (self->registry, 0);
  self->confirmed = FALSE;
  set_tries (self, NULL);
  update_results (self);
}
