/* mdg-visit-draft.c: the household's visit, its answers and its draft
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-visit"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "mdg-core-error.h"
#include "mdg-visit.h"
#include "mdg-visit-private.h"

#define properties _mdg_visit_properties

static void
answer_free (gpointer data)
{
  MdgVisitAnswer *answer = data;

  g_free (answer->fact);
  g_free (answer->question);
  g_free (answer->label);
  g_clear_pointer (&answer->value, json_node_unref);
  g_free (answer);
}

void
_mdg_visit_init_draft (MdgVisit *self)
{
  self->staying = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->answers = g_ptr_array_new_with_free_func (answer_free);
  self->origin = MDG_ORIGIN_SAME_PREFECTURE;
  self->step = g_strdup ("event");
}

void
_mdg_visit_finalize_draft (MdgVisit *self)
{
  g_clear_object (&self->household);
  g_clear_pointer (&self->staying, g_hash_table_unref);
  g_clear_pointer (&self->answers, g_ptr_array_unref);
  g_clear_pointer (&self->deceased_id, g_free);
  g_clear_pointer (&self->step, g_free);
  g_clear_error (&self->error);
}

static int
find_answer (MdgVisit   *self,
             const char *fact)
{
  for (guint i = 0; i < self->answers->len; i++)
    {
      const MdgVisitAnswer *answer = g_ptr_array_index (self->answers, i);

      if (g_strcmp0 (answer->fact, fact) == 0)
        return i;
    }

  return -1;
}

static void
set_error (MdgVisit *self,
           GError   *error)
{
  if (self->error == NULL && error == NULL)
    return;

  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ERROR]);
}

/* Makes the case again from the household, the event and the answers; an
 * answer that no longer fits is dropped. The household's address is a fact
 * the case file does not carry yet, so it reaches the forms as an extra
 * until one is typed. */
static void
rebuild (MdgVisit *self)
{
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(JsonObject) extras = NULL;
  GError *error = NULL;
  const char *address;
  gboolean dropped = FALSE;

  if (self->household == NULL)
    return;

  kase = mdg_household_build_case (self->household, self->event, self->origin,
                                   self->event_date, self->today,
                                   self->staying, self->deceased_id, &error);
  if (kase == NULL)
    {
      g_debug ("The household makes no valid case for event %s",
               mdg_event_to_string (self->event));
      set_error (self, error);
      return;
    }
  set_error (self, NULL);

  for (guint i = 0; i < self->answers->len;)
    {
      const MdgVisitAnswer *answer = g_ptr_array_index (self->answers, i);
      g_autoptr(MdgCase) next = NULL;
      g_autoptr(GError) answer_error = NULL;

      if (!(next = mdg_case_with_answer (kase, answer->fact, answer->value, &answer_error)))
        {
          /* the fact names the question, never the value */
          g_debug ("Dropping the answer to %s: it no longer fits the case", answer->fact);
          g_ptr_array_remove_index (self->answers, i);
          dropped = TRUE;
          continue;
        }

      g_clear_pointer (&kase, mdg_case_unref);
      kase = g_steal_pointer (&next);
      i++;
    }
  if (dropped)
    g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ANSWERS]);

  extras = json_object_new ();
  address = mdg_household_get_address (self->household);
  if (address != NULL && mdg_case_get_detail (kase, "address") == NULL)
    json_object_set_string_member (extras, "address", address);
  mdg_visit_set_case (self, kase, extras);

  g_signal_emit (self, _mdg_visit_signals [MDG_VISIT_SIGNAL_CHANGED], 0);
}

/* The household's scenario, without rebuilding the case. */
static void
reset (MdgVisit     *self,
       MdgHousehold *household,
       MdgDay        today)
{
  g_set_object (&self->household, household);
  g_ptr_array_set_size (self->answers, 0);
  g_hash_table_remove_all (self->staying);
  g_free (self->deceased_id);
  self->deceased_id = g_strdup (mdg_household_get_default_deceased_id (household));
  g_free (self->id);
  self->id = g_uuid_string_random ();
  self->rating = 0;

  self->today = today != MDG_DAY_INVALID ? today : mdg_day_today ();
  self->event = mdg_household_get_event (household);
  self->origin = mdg_household_get_origin (household);
  if (self->origin == MDG_ORIGIN_NONE)
    self->origin = MDG_ORIGIN_SAME_PREFECTURE;
  self->event_date = self->today + mdg_household_get_event_offset (household);

  for (guint i = MDG_VISIT_PROP_ID; i < MDG_VISIT_N_PROPS; i++)
    if (i != MDG_VISIT_PROP_ERROR && i != MDG_VISIT_PROP_TICKET_ID && i != MDG_VISIT_PROP_STEP)
      g_object_notify_by_pspec (G_OBJECT (self), properties [i]);
}

void
mdg_visit_start (MdgVisit     *self,
                 MdgHousehold *household,
                 MdgDay        today)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (MDG_IS_HOUSEHOLD (household));

  g_object_freeze_notify (G_OBJECT (self));
  reset (self, household, today);
  rebuild (self);
  g_object_thaw_notify (G_OBJECT (self));
}

MdgHousehold *
mdg_visit_get_household (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->household;
}

MdgDay
mdg_visit_get_today (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), MDG_DAY_INVALID);

  return self->today != MDG_DAY_INVALID ? self->today : mdg_day_today ();
}

MdgEvent
mdg_visit_get_event (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), 0);

  return self->event;
}

void
mdg_visit_set_event (MdgVisit *self,
                     MdgEvent  event)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (event < MDG_N_EVENTS);

  if (self->event == event)
    return;

  self->event = event;
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_EVENT]);
  rebuild (self);
}

MdgOrigin
mdg_visit_get_origin (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), MDG_ORIGIN_NONE);

  return self->origin;
}

void
mdg_visit_set_origin (MdgVisit  *self,
                      MdgOrigin  origin)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (origin <= MDG_ORIGIN_ABROAD);

  if (self->origin == origin)
    return;

  self->origin = origin;
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ORIGIN]);
  rebuild (self);
}

MdgDay
mdg_visit_get_event_date (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), MDG_DAY_INVALID);

  return self->event_date;
}

void
mdg_visit_set_event_date (MdgVisit *self,
                          MdgDay    day)
{
  g_return_if_fail (MDG_IS_VISIT (self));

  if (day == MDG_DAY_INVALID || self->event_date == day)
    return;

  self->event_date = day;
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_EVENT_DATE]);
  rebuild (self);
}

const char *
mdg_visit_get_deceased (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->deceased_id;
}

void
mdg_visit_set_deceased (MdgVisit   *self,
                        const char *member_id)
{
  g_return_if_fail (MDG_IS_VISIT (self));

  if (g_strcmp0 (self->deceased_id, member_id) == 0)
    return;

  g_free (self->deceased_id);
  self->deceased_id = g_strdup (member_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_DECEASED]);
  rebuild (self);
}

gboolean
mdg_visit_get_moving (MdgVisit   *self,
                      const char *member_id)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (member_id != NULL, FALSE);

  return !g_hash_table_contains (self->staying, member_id);
}

void
mdg_visit_set_moving (MdgVisit   *self,
                      const char *member_id,
                      gboolean    moving)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (member_id != NULL);

  if (mdg_visit_get_moving (self, member_id) == !!moving)
    return;

  if (moving)
    g_hash_table_remove (self->staying, member_id);
  else
    g_hash_table_add (self->staying, g_strdup (member_id));
  rebuild (self);
}

const char *
mdg_visit_get_step (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->step;
}

void
mdg_visit_set_step (MdgVisit   *self,
                    const char *step)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (step != NULL);

  if (g_strcmp0 (self->step, step) == 0)
    return;

  g_free (self->step);
  self->step = g_strdup (step);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_STEP]);
}

const GError *
mdg_visit_get_error (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->error;
}

/* Answers ------------------------------------------------------------------- */

GPtrArray *
mdg_visit_get_answers (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->answers;
}

const MdgVisitAnswer *
mdg_visit_find_answer (MdgVisit   *self,
                       const char *fact)
{
  int index;

  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);
  g_return_val_if_fail (fact != NULL, NULL);

  index = find_answer (self, fact);
  return index >= 0 ? g_ptr_array_index (self->answers, index) : NULL;
}

gboolean
mdg_visit_answer (MdgVisit    *self,
                  const char  *fact,
                  const char  *question,
                  JsonNode    *value,
                  const char  *label,
                  GError     **error)
{
  g_autoptr(MdgCase) kase = NULL;
  MdgVisitAnswer *answer;
  int index;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (fact != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (self->kase == NULL)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "%s: the visit has no case yet", fact);
      return FALSE;
    }
  if (!(kase = mdg_case_with_answer (self->kase, fact, value, error)))
    return FALSE;
  if (!mdg_catalog_check_case (self->catalog, kase, error))
    return FALSE;

  answer = g_new0 (MdgVisitAnswer, 1);
  answer->fact = g_strdup (fact);
  answer->question = g_strdup (question != NULL ? question : fact);
  answer->label = g_strdup (label != NULL ? label : "");
  answer->value = json_node_copy (value);

  if ((index = find_answer (self, fact)) >= 0)
    {
      answer_free (g_ptr_array_index (self->answers, index));
      g_ptr_array_index (self->answers, index) = answer;
    }
  else
    g_ptr_array_add (self->answers, answer);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ANSWERS]);

  if (self->household != NULL)
    rebuild (self);
  else
    mdg_visit_set_case (self, kase, NULL);

  return TRUE;
}

gboolean
mdg_visit_forget_answer (MdgVisit   *self,
                         const char *fact)
{
  int index;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (fact != NULL, FALSE);

  if ((index = find_answer (self, fact)) < 0)
    return FALSE;

  g_ptr_array_remove_index (self->answers, index);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ANSWERS]);
  rebuild (self);

  return TRUE;
}

/* Added procedures ---------------------------------------------------------- */

/* The answer that lists the added procedures, from @object (id -> member
 * ids), labelled with the procedures' names. */
static gboolean
set_added_procedures (MdgVisit    *self,
                      JsonObject  *object,
                      GError     **error)
{
  g_autoptr(JsonNode) value = NULL;
  g_autoptr(GString) label = g_string_new (NULL);
  JsonObjectIter iter;
  const char *id;
  JsonNode *members;

  if (json_object_get_size (object) == 0)
    {
      (void) mdg_visit_forget_answer (self, MDG_VISIT_ADDED_PROCEDURES_FACT);
      return TRUE;
    }

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &id, &members))
    {
      const MdgProcedure *procedure = mdg_catalog_lookup_procedure (self->catalog, id);

      if (label->len > 0)
        /* Translators: separates the names in a list of procedures */
        g_string_append (label, C_("list separator", ", "));
      g_string_append (label, procedure != NULL ? procedure->name : id);
    }

  value = json_node_new (JSON_NODE_OBJECT);
  json_node_set_object (value, object);
  return mdg_visit_answer (self, MDG_VISIT_ADDED_PROCEDURES_FACT,
                           _("Procedures added at the counter"), value, label->str, error);
}

/* A copy of the added procedures, or an empty object. */
static JsonObject *
dup_added_procedures (MdgVisit *self)
{
  const MdgVisitAnswer *answer = mdg_visit_find_answer (self, MDG_VISIT_ADDED_PROCEDURES_FACT);
  g_autoptr(JsonNode) copy = NULL;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer->value))
    return json_object_new ();

  copy = json_node_copy (answer->value);
  return json_object_ref (json_node_get_object (copy));
}

gboolean
mdg_visit_add_procedure (MdgVisit            *self,
                         const char          *id,
                         const char * const  *member_ids,
                         GError             **error)
{
  g_autoptr(JsonObject) object = NULL;
  JsonArray *members;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  members = json_array_new ();
  for (guint i = 0; member_ids != NULL && member_ids[i] != NULL; i++)
    json_array_add_string_element (members, member_ids[i]);

  object = dup_added_procedures (self);
  json_object_set_array_member (object, id, members);
  return set_added_procedures (self, object, error);
}

gboolean
mdg_visit_remove_procedure (MdgVisit   *self,
                            const char *id)
{
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  object = dup_added_procedures (self);
  if (!json_object_has_member (object, id))
    return FALSE;

  json_object_remove_member (object, id);
  if (!set_added_procedures (self, object, &error))
    {
      /* fewer procedures always fit a case that fitted with more */
      g_warning ("Removing an added procedure failed: %s", error->message);
      return FALSE;
    }

  return TRUE;
}

char *
mdg_visit_dup_number_fact (const char *member_id)
{
  g_return_val_if_fail (member_id != NULL, NULL);

  return g_strdup_printf ("members.%s.individual_number", member_id);
}

const char *
mdg_visit_get_audit_subject (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->household != NULL ? mdg_household_get_id (self->household) : self->id;
}

/* The draft ------------------------------------------------------------------ */

static void
add_nullable_string (JsonBuilder *builder,
                     const char  *name,
                     const char  *value)
{
  json_builder_set_member_name (builder, name);
  if (value != NULL)
    json_builder_add_string_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

char *
mdg_visit_dup_draft_json (MdgVisit *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GHashTableIter iter;
  gpointer id;

  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  json_builder_begin_object (builder);
  add_nullable_string (builder, "household",
                       self->household != NULL ? mdg_household_get_id (self->household) : NULL);
  json_builder_set_member_name (builder, "event");
  json_builder_add_int_value (builder, self->event);
  json_builder_set_member_name (builder, "origin");
  json_builder_add_int_value (builder, self->origin);
  json_builder_set_member_name (builder, "event_date");
  json_builder_add_int_value (builder, self->event_date);
  add_nullable_string (builder, "deceased", self->deceased_id);
  add_nullable_string (builder, "ticket", self->ticket_id);
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
      const MdgVisitAnswer *answer = g_ptr_array_index (self->answers, i);

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

static JsonArray *
get_array (JsonObject *object,
           const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

gboolean
mdg_visit_resume (MdgVisit      *self,
                  MdgHousehold  *household,
                  const char    *case_id,
                  const char    *draft_json,
                  GError       **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *state;
  JsonArray *answers;
  JsonArray *staying;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (household), FALSE);
  g_return_val_if_fail (case_id != NULL && draft_json != NULL, FALSE);

  if (!(root = json_from_string (draft_json, NULL)) || !JSON_NODE_HOLDS_OBJECT (root) ||
      !(state = json_node_get_object (root)) ||
      !(answers = get_array (state, "answers")) || !(staying = get_array (state, "staying")) ||
      !json_object_has_member (state, "event") || !json_object_has_member (state, "event_date"))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "the draft of case %s cannot be read", case_id);
      return FALSE;
    }

  g_object_freeze_notify (G_OBJECT (self));

  /* The household as a new visit, then the draft's own state over it. */
  reset (self, household, MDG_DAY_INVALID);
  g_free (self->id);
  self->id = g_strdup (case_id);
  mdg_visit_set_ticket_id (self, json_object_get_string_member_with_default (state, "ticket",
                                                                             NULL));

  self->event = CLAMP (json_object_get_int_member (state, "event"), 0, MDG_N_EVENTS - 1);
  self->origin = CLAMP (json_object_get_int_member_with_default (state, "origin", self->origin),
                        MDG_ORIGIN_NONE, MDG_ORIGIN_ABROAD);
  self->event_date = json_object_get_int_member (state, "event_date");
  g_free (self->deceased_id);
  self->deceased_id = g_strdup (json_object_get_string_member_with_default (state, "deceased",
                                                                            NULL));
  for (guint i = 0; i < json_array_get_length (staying); i++)
    {
      const char *id = json_array_get_string_element (staying, i);

      if (id != NULL)
        g_hash_table_add (self->staying, g_strdup (id));
    }

  for (guint i = 0; i < json_array_get_length (answers); i++)
    {
      JsonObject *given = json_array_get_object_element (answers, i);
      MdgVisitAnswer *answer;

      if (given == NULL || json_object_get_string_member_with_default (given, "fact", NULL) == NULL ||
          !json_object_has_member (given, "value"))
        continue;

      answer = g_new0 (MdgVisitAnswer, 1);
      answer->fact = g_strdup (json_object_get_string_member (given, "fact"));
      answer->question = g_strdup (json_object_get_string_member_with_default (given, "question",
                                                                               answer->fact));
      answer->label = g_strdup (json_object_get_string_member_with_default (given, "label", ""));
      answer->value = json_node_copy (json_object_get_member (given, "value"));
      g_ptr_array_add (self->answers, answer);
    }

  rebuild (self);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}
