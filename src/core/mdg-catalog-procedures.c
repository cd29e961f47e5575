/* mdg-catalog-procedures.c: the catalog's procedures and their rules
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-catalog"

#include "config.h"

#include <string.h>

#include "mdg-catalog-load-private.h"
#include "mdg-core-symbols-private.h"

static const MdgSymbol department_symbols[] = {
  { "区民課", MDG_DEPARTMENT_KUMIN },
  { "保健子ども課", MDG_DEPARTMENT_HOKEN_KODOMO },
  { "福祉課", MDG_DEPARTMENT_FUKUSHI },
  { NULL, 0 }
};

static const MdgSymbol mode_symbols[] = {
  { "onestop", MDG_MODE_ONESTOP },
  { "writeless", MDG_MODE_WRITELESS },
  { "guide", MDG_MODE_GUIDE },
  { NULL, 0 }
};

/* Procedures ------------------------------------------------------------------ */

void
_mdg_catalog_procedure_free (gpointer data)
{
  MdgProcedure *procedure = data;

  g_free (procedure->id);
  g_free (procedure->name);
  g_free (procedure->summary);
  g_free (procedure->legal_basis);
  g_strfreev (procedure->bring);
  g_free (procedure->deadline_note);
  g_free (procedure);
}

static gboolean
load_rule (MdgCatalog  *self,
           Source      *source,
           JsonObject  *object,
           const char  *id,
           MdgRule     *rule,
           GError     **error)
{
  g_autofree char *path = NULL;
  JsonNode *node;

  rule->when = -1;
  rule->members_where = -1;

  if ((node = json_object_get_member (object, "manual")))
    {
      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return _mdg_catalog_fail (error, source, object, "manual", id, "\"manual\" must be true or false");
      rule->manual = json_node_get_boolean (node);
    }

  if ((node = json_object_get_member (object, "events")))
    {
      if (!_mdg_catalog_node_to_mask (source, object, "events", id, node, mdg_event_symbols, TRUE, &rule->events,
                                      error))
        return FALSE;
    }
  else if (!rule->manual)
    {
      return _mdg_catalog_fail (error, source, object, NULL, id,
                                "the field \"events\" is required (the life events the rule is about)");
    }

  if ((node = json_object_get_member (object, "when")))
    {
      path = g_strdup_printf ("%s.when", id);
      rule->when = _mdg_catalog_compile_expr (self, source, node, object, "when", path, SCOPE_CASE, error);
      if (rule->when < 0)
        return FALSE;
      g_clear_pointer (&path, g_free);
    }

  if ((node = json_object_get_member (object, "members")))
    {
      static const char * const known[] = { "of", "where", "required", NULL };
      JsonObject *members;
      JsonNode *sub;
      int selector;

      path = g_strdup_printf ("%s.members", id);
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return _mdg_catalog_fail (error, source, object, "members", path,
                                  "\"members\" takes {\"of\": …, \"where\": …, \"required\": …}");
      members = json_node_get_object (node);
      if (!_mdg_catalog_check_members (source, members, path, known, error))
        return FALSE;
      if (!_mdg_catalog_get_symbol (source, members, "of", path, _mdg_catalog_selector_symbols, &selector, error))
        return FALSE;

      rule->has_members = TRUE;
      rule->members_of = selector;
      rule->members_required = TRUE;

      if ((sub = json_object_get_member (members, "where")))
        {
          g_autofree char *where_path = g_strdup_printf ("%s.where", path);

          rule->members_where = _mdg_catalog_compile_expr (self, source, sub, members, "where", where_path,
                                                           SCOPE_MEMBER, error);
          if (rule->members_where < 0)
            return FALSE;
        }

      if ((sub = json_object_get_member (members, "required")))
        {
          if (!JSON_NODE_HOLDS_VALUE (sub) || json_node_get_value_type (sub) != G_TYPE_BOOLEAN)
            return _mdg_catalog_fail (error, source, members, "required", path,
                                      "\"required\" must be true or false");
          rule->members_required = json_node_get_boolean (sub);
        }
      g_clear_pointer (&path, g_free);
    }

  if (!rule->manual && rule->when < 0 && !rule->has_members && rule->events == 0)
    return _mdg_catalog_fail (error, source, object, NULL, id, "the rule would apply to every case");

  node = json_object_get_member (object, "reasons");
  if (!rule->manual && node == NULL)
    return _mdg_catalog_fail (error, source, object, NULL, id, "the field \"reasons\" is required");

  if (node != NULL)
    {
      JsonArray *array;

      path = g_strdup_printf ("%s.reasons", id);
      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
        return _mdg_catalog_fail (error, source, object, "reasons", path,
                                  "\"reasons\" takes a non-empty list of {\"if\": …, \"text\": …}");

      array = json_node_get_array (node);
      rule->n_reasons = json_array_get_length (array);
      rule->reasons = g_new0 (MdgReason, rule->n_reasons);
      for (guint i = 0; i < rule->n_reasons; i++)
        {
          static const char * const known[] = { "if", "text", NULL };
          g_autofree char *reason_path = g_strdup_printf ("%s[%u]", path, i);
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *reason;
          JsonNode *cond;
          const char *text;

          rule->reasons[i].cond = -1;
          if (!JSON_NODE_HOLDS_OBJECT (item))
            return _mdg_catalog_fail (error, source, object, "reasons", reason_path,
                                      "a reason is {\"if\": …, \"text\": …}");
          reason = json_node_get_object (item);
          if (!_mdg_catalog_check_members (source, reason, reason_path, known, error) ||
              !_mdg_catalog_get_string (source, reason, "text", reason_path, TRUE, &text, error))
            return FALSE;
          rule->reasons[i].text = g_strdup (text);

          if ((cond = json_object_get_member (reason, "if")))
            {
              g_autofree char *cond_path = g_strdup_printf ("%s.if", reason_path);

              rule->reasons[i].cond = _mdg_catalog_compile_expr (self, source, cond, reason, "if", cond_path,
                                                                 SCOPE_MEMBER, error);
              if (rule->reasons[i].cond < 0)
                return FALSE;
            }
          else if (i + 1 < rule->n_reasons)
            {
              return _mdg_catalog_fail (error, source, reason, NULL, reason_path,
                                        "only the last reason may go without \"if\"");
            }
        }

      if (rule->reasons[rule->n_reasons - 1].cond >= 0)
        return _mdg_catalog_fail (error, source, object, "reasons", path,
                                  "the last reason must have no \"if\", so that every result has a reason");
    }

  return TRUE;
}

static gboolean
load_procedure (MdgCatalog  *self,
                Source      *source,
                JsonNode    *node,
                guint        index,
                GError     **error)
{
  static const char * const known[] = {
    "id", "department", "phase", "mode", "name", "summary", "legal_basis", "bring",
    "deadline", "events", "when", "members", "reasons", "manual", NULL
  };
  g_autofree char *path = g_strdup_printf ("procedures[%u]", index);
  MdgProcedure *procedure;
  JsonObject *object;
  JsonNode *sub;
  const char *text;
  int value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _mdg_catalog_fail (error, source, NULL, NULL, path, "a procedure is an object");

  object = json_node_get_object (node);
  if (!_mdg_catalog_get_string (source, object, "id", path, TRUE, &text, error))
    return FALSE;
  if (g_hash_table_contains (self->by_id, text))
    return _mdg_catalog_fail (error, source, object, "id", path, "the id \"%s\" is used twice", text);

  g_free (path);
  path = g_strdup (text);
  if (!_mdg_catalog_check_members (source, object, path, known, error))
    return FALSE;

  procedure = g_new0 (MdgProcedure, 1);
  procedure->id = g_strdup (text);
  procedure->index = index;
  g_ptr_array_add (self->procedures, procedure);
  g_hash_table_insert (self->by_id, procedure->id, procedure);

  if (!_mdg_catalog_get_symbol (source, object, "department", path, department_symbols, &value, error))
    return FALSE;
  procedure->department = value;

  if (!_mdg_catalog_get_symbol (source, object, "mode", path, mode_symbols, &value, error))
    return FALSE;
  procedure->mode = value;

  sub = json_object_get_member (object, "phase");
  if (sub == NULL || !JSON_NODE_HOLDS_VALUE (sub) ||
      json_node_get_value_type (sub) != G_TYPE_INT64 ||
      (json_node_get_int (sub) != 1 && json_node_get_int (sub) != 2))
    return _mdg_catalog_fail (error, source, object, "phase", path, "\"phase\" must be 1 or 2");
  procedure->phase = json_node_get_int (sub);

  if (!_mdg_catalog_get_string (source, object, "name", path, TRUE, &text, error))
    return FALSE;
  procedure->name = g_strdup (text);
  if (!_mdg_catalog_get_string (source, object, "summary", path, TRUE, &text, error))
    return FALSE;
  procedure->summary = g_strdup (text);
  if (!_mdg_catalog_get_string (source, object, "legal_basis", path, TRUE, &text, error))
    return FALSE;
  procedure->legal_basis = g_strdup (text);

  sub = json_object_get_member (object, "bring");
  if (sub == NULL || !JSON_NODE_HOLDS_ARRAY (sub))
    return _mdg_catalog_fail (error, source, object, "bring", path,
                              "\"bring\" must list what to bring (an empty list when nothing)");
  {
    JsonArray *array = json_node_get_array (sub);
    GPtrArray *bring = g_ptr_array_new ();

    for (guint i = 0; i < json_array_get_length (array); i++)
      {
        JsonNode *item = json_array_get_element (array, i);

        if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
          {
            g_ptr_array_add (bring, NULL);
            g_strfreev ((char **) g_ptr_array_free (bring, FALSE));
            return _mdg_catalog_fail (error, source, object, "bring", path, "\"bring\" must list strings");
          }
        g_ptr_array_add (bring, g_strdup (json_node_get_string (item)));
      }
    g_ptr_array_add (bring, NULL);
    procedure->bring = (char **) g_ptr_array_free (bring, FALSE);
  }

  sub = json_object_get_member (object, "deadline");
  if (sub == NULL)
    return _mdg_catalog_fail (error, source, object, NULL, path,
                              "the field \"deadline\" is required (null where the law sets none)");
  if (JSON_NODE_HOLDS_NULL (sub))
    {
      procedure->deadline_kind = MDG_DEADLINE_NONE;
    }
  else if (JSON_NODE_HOLDS_OBJECT (sub))
    {
      static const char * const deadline_known[] = { "days", "counting_event_day", "note", NULL };
      g_autofree char *deadline_path = g_strdup_printf ("%s.deadline", path);
      JsonObject *deadline = json_node_get_object (sub);
      JsonNode *days = json_object_get_member (deadline, "days");
      JsonNode *counting = json_object_get_member (deadline, "counting_event_day");

      if (!_mdg_catalog_check_members (source, deadline, deadline_path, deadline_known, error))
        return FALSE;
      if (days == NULL || !JSON_NODE_HOLDS_VALUE (days) ||
          json_node_get_value_type (days) != G_TYPE_INT64 ||
          json_node_get_int (days) < 1 || json_node_get_int (days) > 366)
        return _mdg_catalog_fail (error, source, deadline, "days", deadline_path,
                                  "\"days\" must be a number of days from 1 to 366");
      procedure->deadline_kind = MDG_DEADLINE_AFTER_EVENT;
      procedure->deadline_days = json_node_get_int (days);

      if (counting != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (counting) ||
              json_node_get_value_type (counting) != G_TYPE_BOOLEAN)
            return _mdg_catalog_fail (error, source, deadline, "counting_event_day", deadline_path,
                                      "\"counting_event_day\" must be true or false");
          /* 戸籍法第43条: the day of the event is the first of the N days. */
          if (json_node_get_boolean (counting))
            procedure->deadline_days -= 1;
        }

      if (!_mdg_catalog_get_string (source, deadline, "note", deadline_path, FALSE, &text, error))
        return FALSE;
      procedure->deadline_note = g_strdup (text);
    }
  else
    {
      return _mdg_catalog_fail (error, source, object, "deadline", path,
                                "\"deadline\" must be null or {\"days\": N}");
    }

  if (procedure->mode == MDG_MODE_GUIDE && procedure->deadline_kind != MDG_DEADLINE_NONE)
    return _mdg_catalog_fail (error, source, object, "deadline", path, "a guide has no deadline of its own");

  return TRUE;
}

gboolean
_mdg_catalog_load_procedures (MdgCatalog  *self,
                              Source      *source,
                              GError     **error)
{
  static const char * const known[] = { "procedures", NULL };
  JsonObject *root = json_node_get_object (json_parser_get_root (source->parser));
  JsonNode *node = json_object_get_member (root, "procedures");
  JsonArray *array;
  guint n;

  if (!_mdg_catalog_check_members (source, root, "(file)", known, error))
    return FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return _mdg_catalog_fail (error, source, root, NULL, "procedures", "must be a list of procedures");

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return _mdg_catalog_fail (error, source, root, "procedures", "procedures", "the list is empty");

  self->rules = g_new0 (MdgRule, n);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (array, i);

      if (!load_procedure (self, source, item, i, error))
        return FALSE;
      if (!load_rule (self, source, json_node_get_object (item),
                      ((MdgProcedure *) g_ptr_array_index (self->procedures, i))->id,
                      &self->rules[i], error))
        return FALSE;
      ((MdgProcedure *) g_ptr_array_index (self->procedures, i))->manual = self->rules[i].manual;
    }

  return TRUE;
}

const char *
mdg_department_get_name (MdgDepartment department)
{
  g_return_val_if_fail (department < MDG_N_DEPARTMENTS, NULL);
  return _mdg_symbol_name (department_symbols, department);
}

const char *
mdg_mode_to_string (MdgMode mode)
{
  return _mdg_symbol_name (mode_symbols, mode);
}
