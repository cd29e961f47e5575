/* mdg-catalog-expressions.c: the rules' expressions, compiled
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-catalog"

#include "config.h"

#include <string.h>

#include "mdg-catalog-load-private.h"
#include "mdg-core-symbols-private.h"

static const MdgSymbol pension_symbols[] = {
  { "1", 1 },
  { "2", 2 },
  { "3", 3 },
  { NULL, 0 }
};

static const MdgSymbol flag_symbols[] = {
  { "mynumber_card", MDG_FLAG_MYNUMBER_CARD },
  { "public_servant", MDG_FLAG_PUBLIC_SERVANT },
  { "ltc_certified", MDG_FLAG_LTC_CERTIFIED },
  { "moving", MDG_FLAG_MOVING },
  { "deceased", MDG_FLAG_DECEASED },
  { "newborn", MDG_FLAG_NEWBORN },
  { "remaining", MDG_FLAG_REMAINING },
  { "foreign", MDG_FLAG_FOREIGN },
  { "has_residence_status", MDG_FLAG_HAS_RESIDENCE_STATUS },
  { NULL, 0 }
};

static const MdgSymbol stage_symbols[] = {
  { "preschool", MDG_SCHOOL_STAGE_PRESCHOOL },
  { "elementary", MDG_SCHOOL_STAGE_ELEMENTARY },
  { "junior_high", MDG_SCHOOL_STAGE_JUNIOR_HIGH },
  { NULL, 0 }
};

const MdgSymbol _mdg_catalog_selector_symbols[] = {
  { "all", MDG_SELECTOR_ALL },
  { "movers", MDG_SELECTOR_MOVERS },
  { "deceased", MDG_SELECTOR_DECEASED },
  { "newborns", MDG_SELECTOR_NEWBORNS },
  { "remaining", MDG_SELECTOR_REMAINING },
  { "head", MDG_SELECTOR_HEAD },
  { "recipient", MDG_SELECTOR_RECIPIENT },
  { "mother", MDG_SELECTOR_MOTHER },
  { "funeral_host", MDG_SELECTOR_FUNERAL_HOST },
  { NULL, 0 }
};

/* Answers by name; the kind tells which operators may use them. */
static const MdgSymbol bool_answer_symbols[] = {
  { "school_district_changes", MDG_ANSWER_SCHOOL_DISTRICT_CHANGES },
  { "owns_light_vehicle", MDG_ANSWER_OWNS_LIGHT_VEHICLE },
  { "seal_registration", MDG_ANSWER_SEAL_REGISTRATION },
  { "owned_real_estate", MDG_ANSWER_OWNED_REAL_ESTATE },
  { NULL, 0 }
};

/* Expressions ---------------------------------------------------------------- */

/* Operators that test a fact against a set of values: {"insurance": ["nhi", "lei"]}. */
static const struct {
  const char   *name;
  MdgOp         op;
  const MdgSymbol *symbols;
  gboolean      as_bits;      /* the mask holds 1 << value; else the values are flags */
  gboolean      member_only;
} set_operators[] = {
  { "event", MDG_OP_EVENT, mdg_event_symbols, TRUE, FALSE },
  { "from", MDG_OP_FROM, mdg_origin_symbols, TRUE, FALSE },
  { "insurance", MDG_OP_INSURANCE, mdg_insurance_symbols, TRUE, TRUE },
  { "handbook", MDG_OP_HANDBOOK, mdg_handbook_symbols, FALSE, TRUE },
  { "benefit", MDG_OP_BENEFIT, mdg_benefit_symbols, FALSE, TRUE },
  { "school", MDG_OP_SCHOOL, mdg_school_symbols, TRUE, TRUE },
  { "relation", MDG_OP_RELATION, mdg_relation_symbols, TRUE, TRUE },
  { "sex", MDG_OP_SEX, mdg_sex_symbols, TRUE, TRUE },
  { "pension", MDG_OP_PENSION, pension_symbols, TRUE, TRUE },
};

static guint
add_expr (MdgCatalog *self,
          MdgOp       op,
          guint       arg,
          guint32     value)
{
  MdgExpr expr = { op, arg, 0, value, self->compiled.kids->len };

  g_array_append_val (self->compiled.exprs, expr);
  return self->compiled.exprs->len - 1;
}

static void
set_kids (MdgCatalog *self,
          guint       index,
          const int  *kids,
          guint       n_kids)
{
  MdgExpr *expr = &g_array_index (self->compiled.exprs, MdgExpr, index);

  expr->kids = self->compiled.kids->len;
  expr->n_kids = n_kids;
  for (guint i = 0; i < n_kids; i++)
    {
      guint32 kid = kids[i];
      g_array_append_val (self->compiled.kids, kid);
    }
}

static int
compile_quantifier (MdgCatalog  *self,
                    Source      *source,
                    JsonNode    *node,
                    JsonObject  *parent,
                    const char  *op_name,
                    const char  *path,
                    MdgOp        op,
                    GError     **error)
{
  static const char * const known[] = { "of", "where", "n", NULL };
  g_autofree char *sub_path = g_strdup_printf ("%s.%s", path, op_name);
  JsonObject *object;
  JsonNode *where;
  int selector;
  int kid = -1;
  guint index;
  guint32 n = 0;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _mdg_catalog_fail (error, source, parent, op_name, sub_path,
                              "\"%s\" takes an object {\"of\": …, \"where\": …}", op_name), -1;

  object = json_node_get_object (node);
  if (!_mdg_catalog_check_members (source, object, sub_path, known, error))
    return -1;
  if (!_mdg_catalog_get_symbol (source, object, "of", sub_path, _mdg_catalog_selector_symbols, &selector, error))
    return -1;

  if (op == MDG_OP_MEMBER && !MDG_SELECTOR_IS_SINGLE (selector))
    return _mdg_catalog_fail (error, source, object, "of", sub_path,
                              "\"member\" needs one member (head, recipient, mother, funeral_host)"), -1;

  if (op == MDG_OP_COUNT_AT_LEAST)
    {
      JsonNode *n_node = json_object_get_member (object, "n");

      if (n_node == NULL || !JSON_NODE_HOLDS_VALUE (n_node) ||
          json_node_get_value_type (n_node) != G_TYPE_INT64 ||
          json_node_get_int (n_node) < 1 || json_node_get_int (n_node) > MDG_CASE_MAX_MEMBERS)
        return _mdg_catalog_fail (error, source, object, "n", sub_path,
                                  "\"n\" must be a count from 1 to %d", MDG_CASE_MAX_MEMBERS), -1;
      n = json_node_get_int (n_node);
    }
  else if (json_object_has_member (object, "n"))
    {
      return _mdg_catalog_fail (error, source, object, "n", sub_path, "only count_at_least takes \"n\""), -1;
    }

  if ((where = json_object_get_member (object, "where")))
    {
      g_autofree char *where_path = g_strdup_printf ("%s.where", sub_path);

      kid = _mdg_catalog_compile_expr (self, source, where, object, "where", where_path, SCOPE_MEMBER, error);
      if (kid < 0)
        return -1;
    }
  else
    {
      kid = add_expr (self, MDG_OP_TRUE, 0, 0);
    }

  index = add_expr (self, op, selector, n);
  set_kids (self, index, &kid, 1);
  return index;
}

int
_mdg_catalog_compile_expr (MdgCatalog  *self,
                           Source      *source,
                           JsonNode    *node,
                           JsonObject  *parent,
                           const char  *member,
                           const char  *path,
                           Scope        scope,
                           GError     **error)
{
  g_autofree char *op_path = NULL;
  JsonObject *object;
  const char *op_name;
  JsonNode *arg;
  guint32 mask = 0;
  int value;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
      json_node_get_boolean (node))
    return add_expr (self, MDG_OP_TRUE, 0, 0);

  if (!JSON_NODE_HOLDS_OBJECT (node) || json_object_get_size (json_node_get_object (node)) != 1)
    return _mdg_catalog_fail (error, source, parent, member, path,
                              "an expression is an object with exactly one operator, such as {\"all\": […]}"), -1;

  object = json_node_get_object (node);
  {
    GList *names = json_object_get_members (object);
    op_name = names->data;
    g_list_free (names);
  }
  arg = json_object_get_member (object, op_name);
  op_path = g_strdup_printf ("%s.%s", path, op_name);

#define MEMBER_ONLY()                                                               \
  G_STMT_START {                                                                    \
    if (scope != SCOPE_MEMBER)                                                      \
      return _mdg_catalog_fail (error, source, object, op_name, op_path,            \
                                "\"%s\" is about one member: use it inside \"where\"", op_name), -1; \
  } G_STMT_END

  if (strcmp (op_name, "all") == 0 || strcmp (op_name, "any") == 0)
    {
      g_autofree int *kids = NULL;
      JsonArray *array;
      guint n, index;

      if (!JSON_NODE_HOLDS_ARRAY (arg) || json_array_get_length (json_node_get_array (arg)) == 0)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "\"%s\" takes a non-empty list of expressions", op_name), -1;

      array = json_node_get_array (arg);
      n = json_array_get_length (array);
      kids = g_new (int, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *kid_path = g_strdup_printf ("%s[%u]", op_path, i);

          kids[i] = _mdg_catalog_compile_expr (self, source, json_array_get_element (array, i), object,
                                               op_name, kid_path, scope, error);
          if (kids[i] < 0)
            return -1;
        }

      index = add_expr (self, op_name[1] == 'l' ? MDG_OP_ALL : MDG_OP_ANY, 0, 0);
      set_kids (self, index, kids, n);
      return index;
    }

  if (strcmp (op_name, "not") == 0)
    {
      int kid = _mdg_catalog_compile_expr (self, source, arg, object, op_name, op_path, scope, error);
      guint index;

      if (kid < 0)
        return -1;
      index = add_expr (self, MDG_OP_NOT, 0, 0);
      set_kids (self, index, &kid, 1);
      return index;
    }

  for (guint i = 0; i < G_N_ELEMENTS (set_operators); i++)
    {
      if (strcmp (op_name, set_operators[i].name) != 0)
        continue;

      if (set_operators[i].member_only)
        MEMBER_ONLY ();
      if (!_mdg_catalog_node_to_mask (source, object, op_name, op_path, arg, set_operators[i].symbols,
                                      set_operators[i].as_bits, &mask, error))
        return -1;
      return add_expr (self, set_operators[i].op, 0, mask);
    }

  if (strcmp (op_name, "answer") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        return _mdg_catalog_fail (error, source, object, op_name, op_path, "\"answer\" takes an answer name"), -1;
      if (!_mdg_catalog_string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
                                          bool_answer_symbols, &value, error))
        return -1;
      return add_expr (self, MDG_OP_ANSWER, value, 0);
    }

  if (strcmp (op_name, "answer_includes") == 0)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (arg) || json_array_get_length (json_node_get_array (arg)) != 2)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "\"answer_includes\" takes [\"requested_certificates\", value]"), -1;
      array = json_node_get_array (arg);
      if (g_strcmp0 (json_array_get_string_element (array, 0), "requested_certificates") != 0)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "only requested_certificates is a list of values"), -1;
      if (!_mdg_catalog_node_to_mask (source, object, op_name, op_path, json_array_get_element (array, 1),
                                      mdg_certificate_symbols, FALSE, &mask, error))
        return -1;
      return add_expr (self, MDG_OP_ANSWER_INCLUDES, MDG_ANSWER_REQUESTED_CERTIFICATES, mask);
    }

  if (strcmp (op_name, "exists") == 0)
    return compile_quantifier (self, source, arg, object, op_name, path, MDG_OP_EXISTS, error);
  if (strcmp (op_name, "count_at_least") == 0)
    return compile_quantifier (self, source, arg, object, op_name, path, MDG_OP_COUNT_AT_LEAST,
                               error);
  if (strcmp (op_name, "member") == 0)
    return compile_quantifier (self, source, arg, object, op_name, path, MDG_OP_MEMBER, error);

  if (strcmp (op_name, "is") == 0)
    {
      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        return _mdg_catalog_fail (error, source, object, op_name, op_path, "\"is\" takes a flag name"), -1;
      if (!_mdg_catalog_string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
                                          flag_symbols, &value, error))
        return -1;
      return add_expr (self, MDG_OP_IS, value, 0);
    }

  if (strcmp (op_name, "aged_at_least") == 0 || strcmp (op_name, "reached") == 0 ||
      strcmp (op_name, "child_until_end_of_school_year_reaching") == 0)
    {
      MdgOp op = op_name[0] == 'a' ? MDG_OP_AGED_AT_LEAST :
                 op_name[0] == 'r' ? MDG_OP_REACHED : MDG_OP_CHILD_UNTIL;

      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_INT64 ||
          json_node_get_int (arg) < 1 || json_node_get_int (arg) > 150)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "\"%s\" takes an age in years (1–150)", op_name), -1;
      if (op == MDG_OP_CHILD_UNTIL && json_node_get_int (arg) < 6)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "school years are counted from age 6"), -1;
      return add_expr (self, op, 0, json_node_get_int (arg));
    }

  if (strcmp (op_name, "school_stage") == 0)
    {
      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        return _mdg_catalog_fail (error, source, object, op_name, op_path, "\"school_stage\" takes a stage"), -1;
      if (!_mdg_catalog_string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
                                          stage_symbols, &value, error))
        return -1;
      return add_expr (self, MDG_OP_SCHOOL_STAGE, value, 0);
    }

  if (strcmp (op_name, "in_answer") == 0)
    {
      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING ||
          strcmp (json_node_get_string (arg), "name_changes") != 0)
        return _mdg_catalog_fail (error, source, object, op_name, op_path,
                                  "\"in_answer\" takes \"name_changes\""), -1;
      return add_expr (self, MDG_OP_IN_ANSWER, MDG_ANSWER_NAME_CHANGES, 0);
    }

#undef MEMBER_ONLY

  return _mdg_catalog_fail (error, source, object, op_name, path, "unknown operator \"%s\"", op_name), -1;
}
