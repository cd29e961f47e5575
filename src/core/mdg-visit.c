/* mdg-visit.c: one resident's visit, from call to completion
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-visit"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mdg-core-error.h"
#include "mdg-handoff.h"
#include "mdg-visit.h"
#include "mdg-visit-private.h"

G_DEFINE_FINAL_TYPE (MdgVisit, mdg_visit, G_TYPE_OBJECT)

GParamSpec *_mdg_visit_properties [MDG_VISIT_N_PROPS];
guint _mdg_visit_signals [MDG_VISIT_N_SIGNALS];

#define properties _mdg_visit_properties

G_DEFINE_BOXED_TYPE (MdgVisitRecord, mdg_visit_record, mdg_visit_record_ref, mdg_visit_record_unref)

/* Boxes and records --------------------------------------------------------- */

void
mdg_visit_box_free (MdgVisitBox *box)
{
  if (box == NULL)
    return;

  g_free (box->member_id);
  g_free (box->member_name);
  g_ptr_array_unref (box->forms);
  g_free (box);
}

static void
record_form_free (MdgVisitRecordForm *form)
{
  g_free (form->procedure);
  g_free (form->form_id);
  g_clear_pointer (&form->pdf, g_bytes_unref);
  g_free (form);
}

MdgVisitRecord *
mdg_visit_record_ref (MdgVisitRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_visit_record_unref (MdgVisitRecord *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_free (self->case_id);
  /* the case file holds individual numbers: leave nothing of it in memory */
  if (self->case_json != NULL)
    memset (self->case_json, 0, strlen (self->case_json));
  g_free (self->case_json);
  g_free (self->ticket_id);
  g_free (self->visit_json);
  g_ptr_array_unref (self->forms);
  g_clear_pointer (&self->signature, g_bytes_unref);
  g_free (self->handoffs_json);
  g_free (self->staff);
  g_free (self->audit_subject);
  g_strfreev (self->audit_fields);
  g_free (self);
}

/* The visit ---------------------------------------------------------------- */

static void
mdg_visit_finalize (GObject *object)
{
  MdgVisit *self = (MdgVisit *)object;

  g_clear_pointer (&self->catalog, mdg_catalog_unref);
  g_clear_pointer (&self->form_catalog, mdg_form_catalog_unref);
  g_clear_pointer (&self->kase, mdg_case_unref);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);
  g_clear_pointer (&self->forms, g_ptr_array_unref);
  g_clear_pointer (&self->signatures, g_hash_table_unref);
  g_free (self->id);
  g_free (self->ticket_id);
  _mdg_visit_finalize_draft (self);

  G_OBJECT_CLASS (mdg_visit_parent_class)->finalize (object);
}

static void
mdg_visit_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  MdgVisit *self = MDG_VISIT (object);

  switch (prop_id)
    {
    case MDG_VISIT_PROP_CASE:
      g_value_set_boxed (value, self->kase);
      break;
    case MDG_VISIT_PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case MDG_VISIT_PROP_HOUSEHOLD:
      g_value_set_object (value, self->household);
      break;
    case MDG_VISIT_PROP_EVENT:
      g_value_set_int (value, self->event);
      break;
    case MDG_VISIT_PROP_ORIGIN:
      g_value_set_int (value, self->origin);
      break;
    case MDG_VISIT_PROP_EVENT_DATE:
      g_value_set_uint (value, self->event_date);
      break;
    case MDG_VISIT_PROP_DECEASED:
      g_value_set_string (value, self->deceased_id);
      break;
    case MDG_VISIT_PROP_ANSWERS:
      g_value_set_boxed (value, self->answers);
      break;
    case MDG_VISIT_PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case MDG_VISIT_PROP_TICKET_ID:
      g_value_set_string (value, self->ticket_id);
      break;
    case MDG_VISIT_PROP_RATING:
      g_value_set_int (value, self->rating);
      break;
    case MDG_VISIT_PROP_STEP:
      g_value_set_string (value, self->step);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_visit_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  MdgVisit *self = MDG_VISIT (object);

  switch (prop_id)
    {
    case MDG_VISIT_PROP_ID:
      mdg_visit_set_id (self, g_value_get_string (value));
      break;
    case MDG_VISIT_PROP_EVENT:
      mdg_visit_set_event (self, g_value_get_int (value));
      break;
    case MDG_VISIT_PROP_ORIGIN:
      mdg_visit_set_origin (self, g_value_get_int (value));
      break;
    case MDG_VISIT_PROP_EVENT_DATE:
      mdg_visit_set_event_date (self, g_value_get_uint (value));
      break;
    case MDG_VISIT_PROP_DECEASED:
      mdg_visit_set_deceased (self, g_value_get_string (value));
      break;
    case MDG_VISIT_PROP_TICKET_ID:
      mdg_visit_set_ticket_id (self, g_value_get_string (value));
      break;
    case MDG_VISIT_PROP_RATING:
      mdg_visit_set_rating (self, g_value_get_int (value));
      break;
    case MDG_VISIT_PROP_STEP:
      mdg_visit_set_step (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
mdg_visit_class_init (MdgVisitClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mdg_visit_finalize;
  object_class->get_property = mdg_visit_get_property;
  object_class->set_property = mdg_visit_set_property;

  /* The case as it stands: the guidance and the forms follow it. */
  properties [MDG_VISIT_PROP_CASE] =
    g_param_spec_boxed ("case", NULL, NULL, MDG_TYPE_CASE,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The case id, made by the client when the visit starts. */
  properties [MDG_VISIT_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The household the visit is for (nullable: a case file's visit). */
  properties [MDG_VISIT_PROP_HOUSEHOLD] =
    g_param_spec_object ("household", NULL, NULL, MDG_TYPE_HOUSEHOLD,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The life event (MdgEvent), its origin (MdgOrigin) and its date (MdgDay). */
  properties [MDG_VISIT_PROP_EVENT] =
    g_param_spec_int ("event", NULL, NULL, 0, MDG_N_EVENTS - 1, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [MDG_VISIT_PROP_ORIGIN] =
    g_param_spec_int ("origin", NULL, NULL, MDG_ORIGIN_NONE, MDG_ORIGIN_ABROAD,
                      MDG_ORIGIN_SAME_PREFECTURE,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [MDG_VISIT_PROP_EVENT_DATE] =
    g_param_spec_uint ("event-date", NULL, NULL, 0, G_MAXUINT32, 0,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The member id of who died (a death), or NULL. */
  properties [MDG_VISIT_PROP_DECEASED] =
    g_param_spec_string ("deceased", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The answers given, in order (GPtrArray of MdgVisitAnswer). */
  properties [MDG_VISIT_PROP_ANSWERS] =
    g_param_spec_boxed ("answers", NULL, NULL, G_TYPE_PTR_ARRAY,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* Why the household makes no valid case for the event, or NULL. */
  properties [MDG_VISIT_PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [MDG_VISIT_PROP_TICKET_ID] =
    g_param_spec_string ("ticket-id", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The resident's satisfaction (1…5), 0 for none. */
  properties [MDG_VISIT_PROP_RATING] =
    g_param_spec_int ("rating", NULL, NULL, 0, 5, 0,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  /* The counter's step: "event", "interview", "guidance", "forms", "sign"
   * or "complete". */
  properties [MDG_VISIT_PROP_STEP] =
    g_param_spec_string ("step", NULL, NULL, NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, MDG_VISIT_N_PROPS, properties);

  /**
   * MdgVisit::changed:
   *
   * Emitted after each change a draft keeps (a rebuild of the case, the
   * ticket): the counter saves the draft then.
   */
  _mdg_visit_signals [MDG_VISIT_SIGNAL_CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
mdg_visit_init (MdgVisit *self)
{
  self->signatures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) mdg_signature_unref);
  self->id = g_uuid_string_random ();
  _mdg_visit_init_draft (self);
}

MdgVisit *
mdg_visit_new (MdgCatalog     *catalog,
               MdgFormCatalog *forms)
{
  MdgVisit *self;

  g_return_val_if_fail (catalog != NULL, NULL);
  g_return_val_if_fail (forms != NULL, NULL);

  self = g_object_new (MDG_TYPE_VISIT, NULL);
  self->catalog = mdg_catalog_ref (catalog);
  self->form_catalog = mdg_form_catalog_ref (forms);
  return self;
}

/* "individual_numbers": {member id: 12 digits} goes into each member. */
static gboolean
merge_individual_numbers (JsonObject  *root,
                          GError     **error)
{
  JsonNode *numbers_node = json_object_get_member (root, "individual_numbers");
  JsonNode *members_node = json_object_get_member (root, "members");
  JsonObjectIter iter;
  const char *member_id;
  JsonNode *number;

  if (numbers_node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (numbers_node))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "individual_numbers: must be an object of member id → 12 digits");
      return FALSE;
    }

  json_object_iter_init (&iter, json_node_get_object (numbers_node));
  while (json_object_iter_next (&iter, &member_id, &number))
    {
      JsonObject *member = NULL;

      for (guint i = 0; members_node != NULL && JSON_NODE_HOLDS_ARRAY (members_node) &&
                        i < json_array_get_length (json_node_get_array (members_node)); i++)
        {
          JsonNode *node = json_array_get_element (json_node_get_array (members_node), i);

          if (JSON_NODE_HOLDS_OBJECT (node) &&
              g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                      "id", NULL),
                         member_id) == 0)
            member = json_node_get_object (node);
        }
      if (member == NULL)
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                       "individual_numbers.%s: no member has this id", member_id);
          return FALSE;
        }
      json_object_set_member (member, "individual_number", json_node_copy (number));
    }
  json_object_remove_member (root, "individual_numbers");

  return TRUE;
}

MdgVisit *
mdg_visit_new_from_case_file (MdgCatalog      *catalog,
                              MdgFormCatalog  *forms,
                              const char      *data,
                              gssize           length,
                              GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(MdgCase) kase = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(MdgVisit) self = NULL;
  JsonNode *root;

  g_return_val_if_fail (data != NULL, NULL);

  if (!json_parser_load_from_data (parser, data, length, &local_error))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "not a JSON case file: %s", local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   "a case file is a JSON object");
      return NULL;
    }
  if (!merge_individual_numbers (json_node_get_object (root), error))
    return NULL;
  if (!(kase = mdg_case_new_from_node (root, MDG_DAY_INVALID, error)))
    return NULL;
  if (!mdg_catalog_check_case (catalog, kase, error))
    return NULL;

  self = mdg_visit_new (catalog, forms);
  mdg_visit_set_case (self, kase, NULL);
  return g_steal_pointer (&self);
}

MdgCatalog *
mdg_visit_get_catalog (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->catalog;
}

const char *
mdg_visit_get_id (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->id;
}

void
mdg_visit_set_id (MdgVisit   *self,
                  const char *id)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (id != NULL);

  if (g_strcmp0 (self->id, id) == 0)
    return;

  g_free (self->id);
  self->id = g_strdup (id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_ID]);
}

MdgCase *
mdg_visit_get_case (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->kase;
}

void
mdg_visit_set_case (MdgVisit   *self,
                    MdgCase    *kase,
                    JsonObject *extras)
{
  g_autoptr(GPtrArray) layouts = NULL;

  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (kase != NULL);

  g_clear_pointer (&self->kase, mdg_case_unref);
  g_clear_pointer (&self->guidance, mdg_guidance_unref);
  g_clear_pointer (&self->forms, g_ptr_array_unref);

  self->kase = mdg_case_ref (kase);
  self->guidance = mdg_guidance_evaluate (self->catalog, kase);
  self->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_filled_form_unref);

  /* Filling is cheap and pure; rendering is not, and happens elsewhere. */
  layouts = mdg_form_catalog_list_for_guidance (self->form_catalog, self->guidance);
  for (guint i = 0; i < layouts->len; i++)
    g_ptr_array_add (self->forms, mdg_form_fill (g_ptr_array_index (layouts, i), kase,
                                                 self->guidance, NULL, extras));

  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_CASE]);
}

MdgGuidance *
mdg_visit_get_guidance (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->guidance;
}

GPtrArray *
mdg_visit_get_forms (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->forms;
}

const char *
mdg_visit_get_ticket_id (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  return self->ticket_id;
}

void
mdg_visit_set_ticket_id (MdgVisit   *self,
                         const char *ticket_id)
{
  g_return_if_fail (MDG_IS_VISIT (self));

  if (g_strcmp0 (self->ticket_id, ticket_id) == 0)
    return;
  g_free (self->ticket_id);
  self->ticket_id = g_strdup (ticket_id);
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_TICKET_ID]);
}

int
mdg_visit_get_rating (MdgVisit *self)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), 0);

  return self->rating;
}

void
mdg_visit_set_rating (MdgVisit *self,
                      int       rating)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (rating >= 0 && rating <= 5);

  if (self->rating == rating)
    return;
  self->rating = rating;
  g_object_notify_by_pspec (G_OBJECT (self), properties [MDG_VISIT_PROP_RATING]);
}

/* Boxes to type -------------------------------------------------------------- */

static char *
dup_member_name (MdgCase *kase,
                 int      index)
{
  const MdgMember *member;

  if (index < 0 || index >= (int) mdg_case_get_n_members (kase))
    return NULL;
  member = mdg_case_get_member (kase, index);

  return g_strdup (member->name != NULL ? member->name : member->id);
}

GPtrArray *
mdg_visit_dup_boxes (MdgVisit *self)
{
  g_autoptr(GPtrArray) boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) mdg_visit_box_free);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (self->forms, i);
      const char *title = mdg_form_layout_get_title (mdg_filled_form_get_layout (form));
      const GArray *missing = mdg_filled_form_get_missing (form);

      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *gap = &g_array_index (missing, MdgFormMissing, j);
          const MdgMember *member = NULL;
          g_autofree char *identity = NULL;
          MdgVisitBox *box;

          /* a fact of the case (an answer the interview asks) is no box */
          if (gap->box == NULL)
            continue;
          if (mdg_form_box_is_member (gap->box))
            {
              if (gap->member < 0 || gap->member >= (int) mdg_case_get_n_members (self->kase))
                continue;
              member = mdg_case_get_member (self->kase, gap->member);
            }

          identity = g_strdup_printf ("%s/%s", mdg_form_box_get_key (gap->box),
                                      member != NULL ? member->id : "");
          box = g_hash_table_lookup (seen, identity);
          if (box == NULL)
            {
              box = g_new0 (MdgVisitBox, 1);
              box->box = gap->box;
              box->member_id = member != NULL ? g_strdup (member->id) : NULL;
              box->member_name = member != NULL ? dup_member_name (self->kase, gap->member) : NULL;
              box->forms = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (boxes, box);
              g_hash_table_insert (seen, g_steal_pointer (&identity), box);
            }
          if (!g_ptr_array_find_with_equal_func (box->forms, title, g_str_equal, NULL))
            g_ptr_array_add (box->forms, g_strdup (title));
          /* the filler lists only boxes a form cannot do without */
          box->required = TRUE;
        }
    }

  return g_steal_pointer (&boxes);
}

GStrv
mdg_visit_dup_signers (MdgVisit *self)
{
  g_autoptr(GPtrArray) signers = g_ptr_array_new ();

  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);

  /* One signer per role, in the order the forms show them; each signs
   * every form that has a spot for that role. */
  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    {
      g_autoptr(GPtrArray) spots = mdg_filled_form_dup_signature_spots (g_ptr_array_index (self->forms, i));

      for (guint s = 0; s < spots->len; s++)
        {
          const MdgFormCell *spot = g_ptr_array_index (spots, s);
          const char *role = spot->signer != NULL ? spot->signer : MDG_VISIT_SIGNER_APPLICANT;

          if (!g_ptr_array_find_with_equal_func (signers, role, g_str_equal, NULL))
            g_ptr_array_add (signers, (gpointer) role);
        }
    }
  g_ptr_array_add (signers, NULL);

  return g_strdupv ((char **) signers->pdata);
}

void
mdg_visit_set_signature (MdgVisit     *self,
                         const char   *role,
                         MdgSignature *signature)
{
  g_return_if_fail (MDG_IS_VISIT (self));
  g_return_if_fail (role != NULL);

  if (signature == NULL)
    g_hash_table_remove (self->signatures, role);
  else
    g_hash_table_replace (self->signatures, g_strdup (role), mdg_signature_ref (signature));
}

MdgSignature *
mdg_visit_get_signature (MdgVisit   *self,
                         const char *role)
{
  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);
  g_return_val_if_fail (role != NULL, NULL);

  return g_hash_table_lookup (self->signatures, role);
}

/* Completion ----------------------------------------------------------------- */

gboolean
mdg_visit_check_boxes (MdgVisit  *self,
                       GError   **error)
{
  g_autoptr(GPtrArray) boxes = NULL;

  g_return_val_if_fail (MDG_IS_VISIT (self), FALSE);

  boxes = mdg_visit_dup_boxes (self);
  for (guint i = 0; i < boxes->len; i++)
    {
      const MdgVisitBox *box = g_ptr_array_index (boxes, i);

      if (!box->required)
        continue;
      if (box->member_name != NULL)
        /* Translators: a box still empty; "個人番号 (熊本 太郎) is still empty on 国民健康保険…" */
        g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                     _("“%s” of %s is still empty (%s)"), mdg_form_box_get_label (box->box),
                     box->member_name, (const char *) g_ptr_array_index (box->forms, 0));
      else
        /* Translators: a box still empty, and the form that needs it */
        g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                     _("“%s” is still empty (%s)"), mdg_form_box_get_label (box->box),
                     (const char *) g_ptr_array_index (box->forms, 0));
      return FALSE;
    }

  /* a fact of the case a form cannot do without (the interview asks it) */
  for (guint i = 0; self->forms != NULL && i < self->forms->len; i++)
    {
      MdgFilledForm *form = g_ptr_array_index (self->forms, i);
      const GArray *missing = mdg_filled_form_get_missing (form);

      for (guint j = 0; j < missing->len; j++)
        {
          const MdgFormMissing *gap = &g_array_index (missing, MdgFormMissing, j);

          if (gap->box != NULL)
            continue;
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                       _("“%s” is still empty (%s)"),
                       gap->cell->label != NULL ? gap->cell->label : _("A box without a caption"),
                       mdg_form_layout_get_title (mdg_filled_form_get_layout (form)));
          return FALSE;
        }
    }

  return TRUE;
}

static MdgFormLayout *
find_layout (MdgVisit   *self,
             const char *form_id)
{
  for (guint i = 0; i < self->forms->len; i++)
    {
      MdgFormLayout *layout = mdg_filled_form_get_layout (g_ptr_array_index (self->forms, i));

      if (g_strcmp0 (mdg_form_layout_get_id (layout), form_id) == 0)
        return layout;
    }

  return NULL;
}

static guint
count_pdf_pages (GBytes *pdf)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  guint pages = 0;

  /* "/Type /Page" objects, not "/Type /Pages": as cairo writes them */
  for (gsize i = 0; i + 11 <= size; i++)
    {
      if (memcmp (data + i, "/Type /Page", 11) == 0 && (i + 11 == size || data[i + 11] != 's'))
        pages++;
    }

  return pages;
}

MdgVisitRecord *
mdg_visit_dup_record (MdgVisit      *self,
                      MdgSignedSet  *signed_set,
                      const char    *staff,
                      const char    *subject,
                      const char    *identity_document,
                      const char    *visit_json,
                      GError       **error)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonNode) handoffs = NULL;
  g_auto(GStrv) signers = NULL;
  MdgVisitRecord *record;

  g_return_val_if_fail (MDG_IS_VISIT (self), NULL);
  g_return_val_if_fail (staff != NULL, NULL);

  if (self->kase == NULL)
    {
      g_set_error_literal (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                           _("The visit has no case yet"));
      return NULL;
    }

  if (!mdg_visit_check_boxes (self, error))
    return NULL;

  signers = mdg_visit_dup_signers (self);
  if (signers[0] != NULL &&
      (signed_set == NULL || mdg_signature_is_empty (mdg_signed_set_get_signature (signed_set))))
    {
      /* Translators: %s is the signer's role, "applicant" */
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   _("The forms are not signed yet (signer: %s)"), signers[0]);
      return NULL;
    }
  /* Several signers (婚姻届: both parties and two witnesses): each one's
   * own signature, set with mdg_visit_set_signature(). */
  for (guint i = 0; signers[0] != NULL && signers[1] != NULL && signers[i] != NULL; i++)
    {
      MdgSignature *signature = g_hash_table_lookup (self->signatures, signers[i]);

      if (signature == NULL || mdg_signature_is_empty (signature))
        {
          g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                       _("The forms are not signed yet (signer: %s)"), signers[i]);
          return NULL;
        }
    }
  if (signed_set != NULL && mdg_signed_set_get_n_documents (signed_set) != self->forms->len)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE,
                   _("The signed forms are not those of the visit; sign again"));
      return NULL;
    }

  record = g_new0 (MdgVisitRecord, 1);
  g_atomic_ref_count_init (&record->ref_count);
  record->case_id = g_strdup (self->id);
  record->case_json = mdg_case_to_json (self->kase);
  record->ticket_id = g_strdup (self->ticket_id);
  record->visit_json = g_strdup (visit_json);
  record->rating = self->rating;
  record->forms = g_ptr_array_new_with_free_func ((GDestroyNotify) record_form_free);
  record->staff = g_strdup (staff);
  record->audit_subject = g_strdup (subject != NULL ? subject : self->id);

  g_ptr_array_add (fields, g_strdup ("case"));
  if (identity_document != NULL)
    g_ptr_array_add (fields, g_strdup_printf ("identity.%s", identity_document));

  for (guint i = 0; signed_set != NULL && i < mdg_signed_set_get_n_documents (signed_set); i++)
    {
      const char *form_id = mdg_signed_set_get_form_id (signed_set, i);
      MdgFormLayout *layout = find_layout (self, form_id);
      MdgVisitRecordForm *form = g_new0 (MdgVisitRecordForm, 1);

      /* The store keeps forms by procedure: a form serving several keeps
       * its first procedure's id. */
      form->procedure = g_strdup (layout != NULL ? mdg_form_layout_get_procedures (layout)[0]
                                                 : form_id);
      form->form_id = g_strdup (form_id);
      form->pdf = g_bytes_ref (mdg_signed_set_get_pdf (signed_set, i));
      form->n_pages = count_pdf_pages (form->pdf);
      form->signed_form = !mdg_signature_is_empty (mdg_signed_set_get_signature (signed_set));
      g_ptr_array_add (record->forms, form);
      /* The signed PDF's SHA-256 (not personal data): what was signed can
       * be proven against the stored document. */
      g_ptr_array_add (fields, g_strdup_printf ("forms.%s@sha256:%s", form_id,
                                                mdg_signed_set_get_sha256 (signed_set, i)));
    }

  if (signers[0] != NULL && signers[1] != NULL)
    {
      /* {"signers": {role: signature, …}}: every signer's, in one record */
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;
      g_autofree char *json = NULL;
      gsize length;

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "signers");
      json_builder_begin_object (builder);
      for (guint i = 0; signers[i] != NULL; i++)
        {
          json_builder_set_member_name (builder, signers[i]);
          json_builder_add_value (builder, mdg_signature_to_node (g_hash_table_lookup (self->signatures,
                                                                                       signers[i])));
          g_ptr_array_add (fields, g_strdup_printf ("signature.%s", signers[i]));
        }
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      node = json_builder_get_root (builder);
      json = json_to_string (node, FALSE);
      length = strlen (json);
      record->signature = g_bytes_new_take (g_steal_pointer (&json), length);
    }
  else if (signed_set != NULL && !mdg_signature_is_empty (mdg_signed_set_get_signature (signed_set)))
    {
      g_autoptr(JsonNode) node = mdg_signature_to_node (mdg_signed_set_get_signature (signed_set));
      g_autofree char *json = json_to_string (node, FALSE);
      gsize length = strlen (json);

      record->signature = g_bytes_new_take (g_steal_pointer (&json), length);
      g_ptr_array_add (fields, g_strdup ("signature"));
    }
  g_ptr_array_add (fields, NULL);
  record->audit_fields = (GStrv) g_ptr_array_steal (fields, NULL);

  /* What each department carries out, for its core systems. */
  handoffs = mdg_handoffs_build (self->guidance, self->form_catalog);
  record->handoffs_json = json_to_string (handoffs, FALSE);

  return record;
}
