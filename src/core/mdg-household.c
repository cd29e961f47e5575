/* mdg-household.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-household"

#include "config.h"

#include "mdg-household.h"
#include "mdg-input.h"

struct _MdgHousehold
{
  GObject    parent_instance;

  /* owned */
  char      *id;
  char      *address;
  char      *head_name;
  char      *head_id;
  char      *deceased_id;
  JsonNode  *members;

  MdgEvent   event;
  MdgOrigin  origin;
  int        event_offset;
};

G_DEFINE_FINAL_TYPE (MdgHousehold, mdg_household, G_TYPE_OBJECT)

#define MAX_EVENT_OFFSET 366

static gboolean
parse_origin (const char *text,
              MdgOrigin  *origin)
{
  if (g_strcmp0 (text, "same_prefecture") == 0)
    *origin = MDG_ORIGIN_SAME_PREFECTURE;
  else if (g_strcmp0 (text, "other_prefecture") == 0)
    *origin = MDG_ORIGIN_OTHER_PREFECTURE;
  else if (g_strcmp0 (text, "abroad") == 0)
    *origin = MDG_ORIGIN_ABROAD;
  else
    return FALSE;

  return TRUE;
}

static const char *
get_string_member (JsonObject  *object,
                   const char  *name,
                   gboolean     required,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL && !required)
    return NULL;

  if (node == NULL ||
      !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: %s", name,
                   node == NULL ? "missing" : "must be a non-empty string");
      return NULL;
    }

  return json_node_get_string (node);
}

static gboolean
parse_scenario (MdgHousehold  *self,
                JsonObject    *root,
                GError       **error)
{
  JsonNode *node = json_object_get_member (root, "scenario");
  JsonObject *scenario;
  const char *text;

  /* A household of the registry has no scenario: it starts as a move
   * within the ward, and the clerk chooses the event. */
  if (node == NULL)
    {
      self->event = MDG_EVENT_MOVE_WITHIN_WARD;
      self->origin = MDG_ORIGIN_NONE;
      self->event_offset = 0;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "scenario: must be an object");
      return FALSE;
    }
  scenario = json_node_get_object (node);

  if (!(text = get_string_member (scenario, "event", TRUE, error)))
    {
      g_prefix_error (error, "scenario.");
      return FALSE;
    }
  if (!mdg_event_from_string (text, &self->event))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "scenario.event: unknown event");
      return FALSE;
    }

  self->origin = MDG_ORIGIN_NONE;
  if (self->event == MDG_EVENT_MOVE_IN)
    {
      if (!(text = get_string_member (scenario, "from", TRUE, error)))
        {
          g_prefix_error (error, "scenario.");
          return FALSE;
        }
      if (!parse_origin (text, &self->origin))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "scenario.from: must be same_prefecture, other_prefecture or abroad");
          return FALSE;
        }
    }

  node = json_object_get_member (scenario, "event_offset_days");
  if (node != NULL)
    {
      gint64 offset;

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                               "scenario.event_offset_days: must be an integer");
          return FALSE;
        }
      offset = json_node_get_int (node);
      if (offset < -MAX_EVENT_OFFSET || offset > MAX_EVENT_OFFSET)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "scenario.event_offset_days: must be between %d and %d",
                       -MAX_EVENT_OFFSET, MAX_EVENT_OFFSET);
          return FALSE;
        }
      self->event_offset = (int)offset;
    }

  return TRUE;
}

static gboolean
parse_members (MdgHousehold  *self,
               JsonObject    *root,
               GError       **error)
{
  JsonNode *node = json_object_get_member (root, "members");
  JsonArray *members;
  guint n_members;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "members: must be an array");
      return FALSE;
    }
  members = json_node_get_array (node);
  n_members = json_array_get_length (members);
  if (n_members == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "members: must not be empty");
      return FALSE;
    }

  for (guint i = 0; i < n_members; i++)
    {
      JsonNode *member = json_array_get_element (members, i);
      JsonObject *object;
      const char *name;
      const char *relation;

      if (!JSON_NODE_HOLDS_OBJECT (member))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "members[%u]: must be an object", i);
          return FALSE;
        }
      object = json_node_get_object (member);
      name = json_object_get_string_member_with_default (object, "name", NULL);
      relation = json_object_get_string_member_with_default (object, "relation", NULL);
      /* The head's name, or the first name given when no one is head. */
      if (name != NULL && (self->head_name == NULL || g_strcmp0 (relation, "head") == 0))
        {
          g_free (self->head_name);
          self->head_name = g_strdup (name);
        }
      if (self->head_id == NULL && g_strcmp0 (relation, "head") == 0)
        self->head_id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
      if (self->deceased_id == NULL &&
          json_object_get_boolean_member_with_default (object, "deceased", FALSE))
        self->deceased_id = g_strdup (json_object_get_string_member_with_default (object, "id", NULL));
    }

  if (self->head_name == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                           "members: no member has a name");
      return FALSE;
    }

  self->members = json_node_copy (node);

  return TRUE;
}

static gboolean
validate_as_case (MdgHousehold  *self,
                  GError       **error)
{
  g_autoptr(MdgCase) kase = NULL;
  MdgDay today = mdg_day_today ();

  kase = mdg_household_build_case (self, self->event, self->origin,
                                   today + self->event_offset, today,
                                   NULL, NULL, error);

  return kase != NULL;
}

static const char *
origin_to_string (MdgOrigin origin)
{
  switch (origin)
    {
    case MDG_ORIGIN_SAME_PREFECTURE:
      return "same_prefecture";
    case MDG_ORIGIN_OTHER_PREFECTURE:
      return "other_prefecture";
    case MDG_ORIGIN_ABROAD:
      return "abroad";
    case MDG_ORIGIN_NONE:
    default:
      return NULL;
    }
}

static JsonNode *
build_member (JsonObject *member,
              MdgEvent    event,
              GHashTable *staying,
              const char *deceased)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  const char *id = json_object_get_string_member_with_default (member, "id", NULL);
  GList *names = json_object_get_members (member);

  /* "moving" and "deceased" come from what staff chose for this event. */
  for (const GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;

      if (g_strcmp0 (name, "moving") != 0 && g_strcmp0 (name, "deceased") != 0)
        json_object_set_member (object, name,
                                json_node_copy (json_object_get_member (member, name)));
    }
  g_list_free (names);

  if (mdg_event_is_move (event))
    json_object_set_boolean_member (object, "moving",
                                    staying == NULL || id == NULL ||
                                    !g_hash_table_contains (staying, id));
  if (event == MDG_EVENT_DEATH)
    json_object_set_boolean_member (object, "deceased", g_strcmp0 (id, deceased) == 0);

  json_node_set_object (node, object);

  return g_steal_pointer (&node);
}

static JsonNode *
build_newborn (JsonArray *members,
               MdgDay     event_date)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autofree char *birth = mdg_day_dup_iso (event_date);
  const char *insurance = "nhi";

  /* The baby joins the head's health insurance; 後期高齢者医療 has no dependants. */
  for (guint i = 0; i < json_array_get_length (members); i++)
    {
      JsonObject *member = json_array_get_object_element (members, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (member, "relation", NULL),
                     "head") == 0)
        {
          const char *head_insurance =
            json_object_get_string_member_with_default (member, "insurance", "nhi");

          if (g_strcmp0 (head_insurance, "employee") == 0 ||
              g_strcmp0 (head_insurance, "welfare") == 0)
            insurance = head_insurance;
          break;
        }
    }

  json_object_set_string_member (object, "id", MDG_HOUSEHOLD_NEWBORN_ID);
  json_object_set_string_member (object, "birth_date", birth);
  json_object_set_string_member (object, "relation", "child");
  json_object_set_string_member (object, "insurance", insurance);
  json_node_set_object (node, object);

  return g_steal_pointer (&node);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *)a, *(const char * const *)b);
}

static void
mdg_household_finalize (GObject *object)
{
  MdgHousehold *self = (MdgHousehold *)object;

  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->address, g_free);
  g_clear_pointer (&self->head_name, g_free);
  g_clear_pointer (&self->head_id, g_free);
  g_clear_pointer (&self->deceased_id, g_free);
  g_clear_pointer (&self->members, json_node_unref);

  G_OBJECT_CLASS (mdg_household_parent_class)->finalize (object);
}

static void
mdg_household_class_init (MdgHouseholdClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = mdg_household_finalize;
}

static void
mdg_household_init (MdgHousehold *self)
{
  self->origin = MDG_ORIGIN_NONE;
}

/**
 * mdg_household_new_from_file:
 *
 * Reads and checks one demo household. The error message starts with the
 * file name and names the field.
 *
 * Returns: (transfer full) (nullable): the household
 */
/* The household of one JSON object; messages start with @what. */
MdgHousehold *
mdg_household_new_from_data (const char  *data,
                             gsize        length,
                             const char  *what,
                             GError     **error)
{
  g_autoptr(MdgHousehold) self = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonNode *root;
  JsonObject *object;
  const char *text;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser = json_parser_new_immutable ();
  if (!mdg_json_check (data, length, MDG_JSON_MAX_DEPTH, error) ||
      !json_parser_load_from_data (parser, data, length, error))
    {
      g_prefix_error (error, "%s: ", what);
      return NULL;
    }

  self = g_object_new (MDG_TYPE_HOUSEHOLD, NULL);

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   "%s: the file must hold one JSON object", what);
      return NULL;
    }
  object = json_node_get_object (root);

  if (!(text = get_string_member (object, "id", TRUE, error)))
    goto failed;
  self->id = g_strdup (text);

  if (!(text = get_string_member (object, "address", TRUE, error)))
    goto failed;
  self->address = g_strdup (text);

  /* A household must make a valid case for its own scenario, so that a
   * broken one is refused when it is read, with the core's message (which
   * names the field), not later when staff select it. */
  if (!parse_scenario (self, object, error) ||
      !parse_members (self, object, error) ||
      !validate_as_case (self, error))
    goto failed;

  return g_steal_pointer (&self);

failed:
  g_prefix_error (error, "%s: ", what);
  return NULL;
}

MdgHousehold *
mdg_household_new_from_file (GFile   *file,
                             GError **error)
{
  g_autofree char *basename = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  basename = g_file_get_basename (file);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    {
      g_prefix_error (error, "%s: ", basename);
      return NULL;
    }

  return mdg_household_new_from_data (contents, length, basename, error);
}

/**
 * mdg_household_load_dir:
 * @dir: a folder of demo households
 *
 * Loads every `*.json` file of @dir, sorted by file name. A malformed file,
 * two households with one id or an empty folder is an error.
 *
 * Returns: (transfer full) (nullable): a list model of #MdgHousehold
 */
GListModel *
mdg_household_load_dir (const char  *dir,
                        GError     **error)
{
  g_autoptr(GListStore) store = NULL;
  g_autoptr(GPtrArray) names = NULL;
  g_autoptr(GHashTable) ids = NULL;
  g_autoptr(GDir) gdir = NULL;
  const char *name;

  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!(gdir = g_dir_open (dir, 0, error)))
    return NULL;

  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (gdir)))
    {
      if (g_str_has_suffix (name, ".json"))
        g_ptr_array_add (names, g_strdup (name));
    }
  g_ptr_array_sort (names, compare_names);

  if (names->len == 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                   "No demo households (*.json) in %s", dir);
      return NULL;
    }

  store = g_list_store_new (MDG_TYPE_HOUSEHOLD);
  ids = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < names->len; i++)
    {
      g_autofree char *path = g_build_filename (dir, g_ptr_array_index (names, i), NULL);
      g_autoptr(GFile) file = g_file_new_for_path (path);
      g_autoptr(MdgHousehold) household = NULL;

      if (!(household = mdg_household_new_from_file (file, error)))
        return NULL;

      if (!g_hash_table_add (ids, household->id))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       "%s: id: another household already uses this id",
                       (const char *)g_ptr_array_index (names, i));
          return NULL;
        }

      g_list_store_append (store, household);
    }

  g_debug ("Loaded %u demo households", names->len);

  return G_LIST_MODEL (g_steal_pointer (&store));
}

/**
 * mdg_household_build_case:
 * @staying: (nullable): ids of members who do not move with a move event
 * @deceased: (nullable): the id of the member who died, for a death; %NULL
 *   for the one the file marks, or else the head
 *
 * Makes the case file of this household for a life event and parses it. For
 * a birth, a newborn born on @event_date joins the household.
 *
 * Returns: (transfer full) (nullable): the case
 */
MdgCase *
mdg_household_build_case (MdgHousehold  *self,
                          MdgEvent       event,
                          MdgOrigin      origin,
                          MdgDay         event_date,
                          MdgDay         visit_date,
                          GHashTable    *staying,
                          const char    *deceased,
                          GError       **error)
{
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonArray) members = json_array_new ();
  g_autofree char *event_day = NULL;
  g_autofree char *visit_day = NULL;
  JsonArray *source;

  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);
  g_return_val_if_fail (event < MDG_N_EVENTS, NULL);
  g_return_val_if_fail (event_date != MDG_DAY_INVALID, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  source = json_node_get_array (self->members);
  event_day = mdg_day_dup_iso (event_date);

  if (event == MDG_EVENT_DEATH && deceased == NULL)
    deceased = mdg_household_get_default_deceased_id (self);

  json_object_set_string_member (object, "event", mdg_event_to_string (event));
  json_object_set_string_member (object, "event_date", event_day);
  if (visit_date != MDG_DAY_INVALID)
    {
      visit_day = mdg_day_dup_iso (visit_date);
      json_object_set_string_member (object, "visit_date", visit_day);
    }
  if (event == MDG_EVENT_MOVE_IN)
    json_object_set_string_member (object, "from",
                                   origin_to_string (origin != MDG_ORIGIN_NONE ?
                                                     origin : MDG_ORIGIN_SAME_PREFECTURE));

  for (guint i = 0; i < json_array_get_length (source); i++)
    json_array_add_element (members,
                            build_member (json_array_get_object_element (source, i),
                                          event, staying, deceased));
  if (event == MDG_EVENT_BIRTH)
    json_array_add_element (members, build_newborn (source, event_date));

  json_object_set_array_member (object, "members", g_steal_pointer (&members));
  json_object_set_object_member (object, "answers", json_object_new ());
  json_node_set_object (root, object);

  return mdg_case_new_from_node (root, visit_date, error);
}

const char *
mdg_household_get_id (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);

  return self->id;
}

const char *
mdg_household_get_address (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);

  return self->address;
}

const char *
mdg_household_get_head_name (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);

  return self->head_name;
}

guint
mdg_household_get_n_members (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), 0);

  return json_array_get_length (json_node_get_array (self->members));
}

JsonArray *
mdg_household_get_members (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);

  return json_node_get_array (self->members);
}

MdgEvent
mdg_household_get_event (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), MDG_EVENT_MOVE_IN);

  return self->event;
}

MdgOrigin
mdg_household_get_origin (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), MDG_ORIGIN_NONE);

  return self->origin;
}

int
mdg_household_get_event_offset (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), 0);

  return self->event_offset;
}

/**
 * mdg_household_get_default_deceased_id:
 *
 * Returns: (nullable): the id of the member the file marks deceased, else
 *   of the head
 */
const char *
mdg_household_get_default_deceased_id (MdgHousehold *self)
{
  g_return_val_if_fail (MDG_IS_HOUSEHOLD (self), NULL);

  return self->deceased_id != NULL ? self->deceased_id : self->head_id;
}
