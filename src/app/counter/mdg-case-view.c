/* mdg-case-view.c: the counter's visit, step by step
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The view coordinates the pages of the visit (mdg-case-pages.h): it owns
 * the MdgVisit they show and edit, shows them again after each change of
 * the visit, saves the visit's draft on every change and completes it.
 */

#define G_LOG_DOMAIN "mdg-case-view"

#include "config.h"

#include <glib/gi18n.h>

#include "mdg-case-pages.h"
#include "mdg-case-view-private.h"
#include "mdg-guidance-sheet.h"
#include "mdg-store.h"
#include "mdg-visit.h"

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

/* Showing the visit ---------------------------------------------------------- */

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

/* Shows the visit as it stands on every page. */
/* The pages staff only read (event, interview, guidance) follow the case
 * while they are shown: a box typed on the Forms page does not rebuild the
 * rows of every hidden step. The Forms and Sign pages always follow it,
 * since the completion reads them (the boxes still empty, the signature of
 * these very forms). */
static void
update_shown_page (MdgCaseView *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->step_stack);

  if (g_strcmp0 (step, "event") == 0)
    mdg_event_page_update (self->event_page);
  else if (g_strcmp0 (step, "interview") == 0)
    mdg_interview_page_update (self->interview_page);
  else if (g_strcmp0 (step, "guidance") == 0)
    mdg_guidance_page_update (self->guidance_page);
}

static void
on_step_stack_notify_visible_child_cb (MdgCaseView *self)
{
  if (self->visit != NULL && mdg_visit_get_error (self->visit) == NULL &&
      mdg_visit_get_case (self->visit) != NULL)
    update_shown_page (self);
}

static void
refresh (MdgCaseView *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  if (self->visit == NULL)
    return;
  if (mdg_visit_get_error (self->visit) != NULL)
    {
      show_error (self, mdg_visit_get_error (self->visit));
      return;
    }
  if (mdg_visit_get_case (self->visit) == NULL)
    return;

  update_shown_page (self);
  mdg_forms_page_update (self->forms_page);
  mdg_sign_page_update (self->sign_page);
  _mdg_case_view_update_completion (self);

  gtk_stack_set_visible_child_name (self->view_stack, "case");
}

static gboolean
refresh_idle_cb (gpointer user_data)
{
  MdgCaseView *self = user_data;

  self->refresh_id = 0;
  refresh (self);

  return G_SOURCE_REMOVE;
}

/* After the visit changed: not while the "clicked" of a row that the
 * refresh destroys is still running. */
static void
queue_refresh (MdgCaseView *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, refresh_idle_cb, self, NULL);
}

/* Following the visit -------------------------------------------------------- */

static void
on_visit_notify_case_cb (MdgCaseView *self)
{
  queue_refresh (self);
}

static void
on_visit_notify_id_cb (MdgCaseView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CASE_ID]);
}

static void
on_visit_notify_rating_cb (MdgCaseView *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RATING]);
}

/* A new visit: nothing typed, identity not yet confirmed. */
static void
reset_pages (MdgCaseView *self)
{
  self->completing = FALSE;
  mdg_forms_page_reset (self->forms_page);
  mdg_sign_page_reset (self->sign_page);
}

/* Actions -------------------------------------------------------------------- */

static void
start_over_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;

  g_assert (MDG_IS_CASE_VIEW (self));

  if (self->visit == NULL || mdg_visit_get_household (self->visit) == NULL)
    return;

  reset_pages (self);
  mdg_visit_start (self->visit, mdg_visit_get_household (self->visit), MDG_DAY_INVALID);
  refresh (self);
}

static void
complete_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *param)
{
  _mdg_case_view_complete (MDG_CASE_VIEW (widget));
}

void
_mdg_case_view_emit_completed (MdgCaseView *self,
                               const char  *case_id)
{
  g_signal_emit (self, signals [COMPLETED], 0, case_id);
}

static void
print_guidance_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *param)
{
  MdgCaseView *self = (MdgCaseView *)widget;
  GtkRoot *root = gtk_widget_get_root (widget);
  MdgGuidance *guidance = mdg_case_view_get_guidance (self);

  g_assert (MDG_IS_CASE_VIEW (self));

  if (guidance != NULL)
    mdg_guidance_sheet_print (guidance, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL);
}

/* The view ------------------------------------------------------------------- */

static void
mdg_case_view_dispose (GObject *object)
{
  MdgCaseView *self = (MdgCaseView *)object;

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->visit != NULL)
    g_signal_handlers_disconnect_by_data (self->visit, self);
  /* Unparent the bin's child first: dispose_template would leave AdwBin
   * (1.2) a dangling child to unparent in its own dispose. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), MDG_TYPE_CASE_VIEW);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->visit);
  g_clear_pointer (&self->catalog, mdg_catalog_unref);

  G_OBJECT_CLASS (mdg_case_view_parent_class)->dispose (object);
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
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, step_stack);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, event_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, interview_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, guidance_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, forms_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, sign_page);
  gtk_widget_class_bind_template_child (widget_class, MdgCaseView, completion_page);

  _mdg_case_view_install_answer_actions (widget_class);
  gtk_widget_class_install_action (widget_class, "case.start-over", NULL, start_over_action);
  gtk_widget_class_install_action (widget_class, "case.complete", NULL, complete_action);
  gtk_widget_class_install_action (widget_class, "case.print-guidance", NULL,
                                   print_guidance_action);

  g_type_ensure (MDG_TYPE_EVENT_PAGE);
  g_type_ensure (MDG_TYPE_INTERVIEW_PAGE);
  g_type_ensure (MDG_TYPE_GUIDANCE_PAGE);
  g_type_ensure (MDG_TYPE_FORMS_PAGE);
  g_type_ensure (MDG_TYPE_SIGN_PAGE);
  g_type_ensure (MDG_TYPE_COMPLETE_PAGE);
}

static void
mdg_case_view_init (MdgCaseView *self)
{
  self->cancellable = g_cancellable_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->sign_page, "changed",
                           G_CALLBACK (_mdg_case_view_update_completion), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->forms_page, "number-shown",
                           G_CALLBACK (_mdg_case_view_audit_number), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->step_stack, "notify::visible-child",
                           G_CALLBACK (on_step_stack_notify_visible_child_cb), self,
                           G_CONNECT_SWAPPED);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", FALSE);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.complete", FALSE);
}

/**
 * mdg_case_view_set_catalog:
 *
 * Sets the catalog whose rules and questions the visit evaluates.
 */
void
mdg_case_view_set_catalog (MdgCaseView *self,
                           MdgCatalog  *catalog)
{
  g_autoptr(MdgFormCatalog) forms = NULL;
  g_autoptr(MdgVisit) old = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (catalog != NULL);

  if (self->catalog == catalog)
    return;

  g_clear_pointer (&self->catalog, mdg_catalog_unref);
  self->catalog = mdg_catalog_ref (catalog);
  if (!(forms = mdg_form_catalog_load_default (&error)))
    {
      show_error (self, error);
      return;
    }

  if ((old = g_steal_pointer (&self->visit)) != NULL)
    g_signal_handlers_disconnect_by_data (old, self);
  self->visit = mdg_visit_new (catalog, forms);
  g_signal_connect_object (self->visit, "notify::case",
                           G_CALLBACK (on_visit_notify_case_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::error",
                           G_CALLBACK (on_visit_notify_case_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::id",
                           G_CALLBACK (on_visit_notify_id_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "notify::rating",
                           G_CALLBACK (on_visit_notify_rating_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->visit, "changed",
                           G_CALLBACK (_mdg_case_view_save_draft), self, G_CONNECT_SWAPPED);
  mdg_event_page_set_visit (self->event_page, self->visit);
  mdg_interview_page_set_visit (self->interview_page, self->visit);
  mdg_guidance_page_set_visit (self->guidance_page, self->visit);
  mdg_forms_page_set_visit (self->forms_page, self->visit);
  mdg_sign_page_set_visit (self->sign_page, self->visit);

  /* the visit under way goes on with the new catalog's rules */
  if (old != NULL && mdg_visit_get_household (old) != NULL)
    {
      g_autofree char *draft = mdg_visit_dup_draft_json (old);

      mdg_visit_resume (self->visit, mdg_visit_get_household (old), mdg_visit_get_id (old),
                        draft, NULL);
    }
  refresh (self);
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
  g_return_if_fail (self->visit != NULL);

  if (mdg_visit_get_household (self->visit) == household)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", TRUE);
  reset_pages (self);
  mdg_visit_start (self->visit, household, MDG_DAY_INVALID);
  refresh (self);
}

MdgHousehold *
mdg_case_view_get_household (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->visit != NULL ? mdg_visit_get_household (self->visit) : NULL;
}

/* Returns: (transfer none) (nullable): the visit the pages show */
MdgVisit *
mdg_case_view_get_visit (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->visit;
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

  _mdg_case_view_update_completion (self);
  _mdg_case_view_save_draft (self);
}

int
mdg_case_view_get_rating (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), 0);

  return self->visit != NULL ? mdg_visit_get_rating (self->visit) : 0;
}

void
mdg_case_view_set_rating (MdgCaseView *self,
                          int          rating)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));
  g_return_if_fail (rating >= 0 && rating <= 5);

  if (self->visit != NULL)
    mdg_visit_set_rating (self->visit, rating);
}

/* The ticket of the visit (NULL for a walk-in), linked to its case. */
void
mdg_case_view_set_ticket_id (MdgCaseView *self,
                             const char  *ticket_id)
{
  g_return_if_fail (MDG_IS_CASE_VIEW (self));

  if (self->visit != NULL)
    mdg_visit_set_ticket_id (self->visit, ticket_id);
}

const char *
mdg_case_view_get_case_id (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->visit != NULL && mdg_visit_get_household (self->visit) != NULL
         ? mdg_visit_get_id (self->visit) : NULL;
}

/* Returns: (transfer none) (nullable): the case as it stands */
MdgCase *
mdg_case_view_get_case (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->visit != NULL ? mdg_visit_get_case (self->visit) : NULL;
}

/* Returns: (transfer none) (nullable): the guidance of the case as it stands */
MdgGuidance *
mdg_case_view_get_guidance (MdgCaseView *self)
{
  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), NULL);

  return self->visit != NULL ? mdg_visit_get_guidance (self->visit) : NULL;
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
  if (self->visit != NULL)
    mdg_visit_set_step (self->visit, step);
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
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MDG_IS_CASE_VIEW (self), FALSE);
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (household), FALSE);
  g_return_val_if_fail (case_id != NULL && visit_json != NULL, FALSE);

  if (self->visit == NULL)
    return FALSE;

  reset_pages (self);
  if (!mdg_visit_resume (self->visit, household, case_id, visit_json, &error))
    {
      g_debug ("The draft cannot be resumed: %s", error->message);
      return FALSE;
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.start-over", TRUE);
  refresh (self);
  return TRUE;
}
