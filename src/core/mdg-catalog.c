/* mdg-catalog.c: the procedure catalog, loaded from data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-catalog"

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "mdg-catalog-private.h"
#include "mdg-core-error.h"
#include "mdg-core-symbols-private.h"
#include "mdg-input.h"
#include "mdg-core-resources.h"

#define CATALOG_RESOURCE_PATH APP_PATH "catalog/"

struct _MdgCatalog
{
  gatomicrefcount  ref_count;
  GPtrArray       *procedures;     /* MdgProcedure */
  GHashTable      *by_id;          /* id -> MdgProcedure */
  MdgRule         *rules;          /* one per procedure */
  MdgRules         compiled;
  guint           *order;
  GPtrArray       *questions;      /* MdgQuestionDef */
  GPtrArray       *member_questions;
  GPtrArray       *event_questions[MDG_N_EVENTS];
};

G_DEFINE_BOXED_TYPE (MdgCatalog, mdg_catalog, mdg_catalog_ref, mdg_catalog_unref)

/* A loaded JSON file that remembers the line of every object member, so that
 * an error can name file, line and field. */
typedef struct
{
  const char  *file;
  JsonParser  *parser;
  GHashTable  *lines;   /* "%p/member" or "%p" -> line */
} Source;

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

static const MdgSymbol selector_symbols[] = {
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

static const MdgSymbol answer_symbols[] = {
  { "school_district_changes", MDG_ANSWER_SCHOOL_DISTRICT_CHANGES },
  { "owns_light_vehicle", MDG_ANSWER_OWNS_LIGHT_VEHICLE },
  { "requested_certificates", MDG_ANSWER_REQUESTED_CERTIFICATES },
  { "seal_registration", MDG_ANSWER_SEAL_REGISTRATION },
  { "owned_real_estate", MDG_ANSWER_OWNED_REAL_ESTATE },
  { "funeral_host", MDG_ANSWER_FUNERAL_HOST },
  { "child_allowance_recipient", MDG_ANSWER_CHILD_ALLOWANCE_RECIPIENT },
  { "mother", MDG_ANSWER_MOTHER },
  { "name_changes", MDG_ANSWER_NAME_CHANGES },
  { NULL, 0 }
};

/* Member facts that have no default and so can be asked. */
static const MdgSymbol member_question_symbols[] = {
  { "sex", MDG_MEMBER_FIELD_SEX },
  { "residence_status", MDG_MEMBER_FIELD_RESIDENCE_STATUS },
  { NULL, 0 }
};

static const MdgSymbol question_kind_symbols[] = {
  { "boolean", MDG_QUESTION_BOOLEAN },
  { "choice", MDG_QUESTION_CHOICE },
  { "multi_choice", MDG_QUESTION_MULTI_CHOICE },
  { "member", MDG_QUESTION_MEMBER },
  { "members", MDG_QUESTION_MEMBERS },
  { NULL, 0 }
};

/* Source files ------------------------------------------------------------ */

static void
on_object_member_cb (JsonParser *parser,
                     JsonObject *object,
                     const char *member_name,
                     Source     *source)
{
  char key[64];
  guint line = json_parser_get_current_line (parser);

  g_snprintf (key, sizeof key, "%p", (gpointer) object);
  if (!g_hash_table_contains (source->lines, key))
    g_hash_table_insert (source->lines, g_strdup (key), GUINT_TO_POINTER (line));

  g_hash_table_insert (source->lines,
                       g_strdup_printf ("%p/%s", (gpointer) object, member_name),
                       GUINT_TO_POINTER (line));
}

static void
source_clear (Source *source)
{
  g_clear_object (&source->parser);
  g_clear_pointer (&source->lines, g_hash_table_unref);
}

static guint
source_line (Source     *source,
             JsonObject *object,
             const char *member)
{
  g_autofree char *key = NULL;

  if (object == NULL)
    return 0;

  if (member != NULL)
    {
      key = g_strdup_printf ("%p/%s", (gpointer) object, member);
      if (g_hash_table_contains (source->lines, key))
        return GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
      g_clear_pointer (&key, g_free);
    }

  key = g_strdup_printf ("%p", (gpointer) object);
  return GPOINTER_TO_UINT (g_hash_table_lookup (source->lines, key));
}

static gboolean
fail (GError     **error,
      Source      *source,
      JsonObject  *object,
      const char  *member,
      const char  *path,
      const char  *format,
      ...) G_GNUC_PRINTF (6, 7);

static gboolean
fail (GError     **error,
      Source      *source,
      JsonObject  *object,
      const char  *member,
      const char  *path,
      const char  *format,
      ...)
{
  g_autofree char *reason = NULL;
  va_list args;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
               "%s:%u: %s: %s",
               source->file, source_line (source, object, member), path, reason);
  return FALSE;
}

static gboolean
source_load (Source      *source,
             const char  *file,
             GBytes      *bytes,
             GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  source->file = file;
  source->parser = json_parser_new ();
  source->lines = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_signal_connect (source->parser, "object-member", G_CALLBACK (on_object_member_cb), source);

  if (!mdg_json_check (data, size, MDG_JSON_MAX_DEPTH, &local_error) ||
      !json_parser_load_from_data (source->parser, data, size, &local_error))
    {
      /* json-glib's message already starts with "<data>:line:col: …" */
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: not valid JSON: %s", file, local_error->message);
      return FALSE;
    }

  if (!JSON_NODE_HOLDS_OBJECT (json_parser_get_root (source->parser)))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s:1: the file must hold a JSON object", file);
      return FALSE;
    }

  return TRUE;
}

/* Reading fields ------------------------------------------------------------ */

static gboolean
get_string (Source      *source,
            JsonObject  *object,
            const char  *member,
            const char  *path,
            gboolean     required,
            const char **out,
            GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;

  if (node == NULL)
    {
      if (!required)
        return TRUE;
      return fail (error, source, object, NULL, path, "the field \"%s\" is required", member);
    }

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING ||
      json_node_get_string (node)[0] == '\0')
    return fail (error, source, object, member, path, "\"%s\" must be a non-empty string", member);

  *out = json_node_get_string (node);
  return TRUE;
}

static gboolean
string_to_symbol (Source        *source,
                  JsonObject    *object,
                  const char    *member,
                  const char    *path,
                  const char    *text,
                  const MdgSymbol  *table,
                  int           *out,
                  GError       **error)
{
  g_autofree char *allowed = NULL;

  if (_mdg_symbol_lookup (table, text, out))
    return TRUE;

  allowed = _mdg_symbol_list (table);
  return fail (error, source, object, member, path,
               "unknown value \"%s\" for \"%s\" (one of: %s)", text, member, allowed);
}

static gboolean
get_symbol (Source        *source,
            JsonObject    *object,
            const char    *member,
            const char    *path,
            const MdgSymbol  *table,
            int           *out,
            GError       **error)
{
  const char *text;

  if (!get_string (source, object, member, path, TRUE, &text, error))
    return FALSE;

  return string_to_symbol (source, object, member, path, text, table, out, error);
}

/* A string or a list of strings of @table, as a mask: as_bits sets
 * 1 << value, otherwise value itself is a flag. */
static gboolean
node_to_mask (Source        *source,
              JsonObject    *object,
              const char    *member,
              const char    *path,
              JsonNode      *node,
              const MdgSymbol  *table,
              gboolean       as_bits,
              guint32       *out,
              GError       **error)
{
  guint32 mask = 0;
  JsonArray *array;

  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    {
      int value;

      if (!string_to_symbol (source, object, member, path, json_node_get_string (node),
                             table, &value, error))
        return FALSE;
      *out = as_bits ? 1u << value : (guint32) value;
      return TRUE;
    }

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return fail (error, source, object, member, path,
                 "\"%s\" must be a string or a non-empty list of strings", member);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *item = json_array_get_element (array, i);
      int value;

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING)
        return fail (error, source, object, member, path, "\"%s\" must list strings", member);
      if (!string_to_symbol (source, object, member, path, json_node_get_string (item),
                             table, &value, error))
        return FALSE;
      mask |= as_bits ? 1u << value : (guint32) value;
    }

  *out = mask;
  return TRUE;
}

static gboolean
check_members (Source              *source,
               JsonObject          *object,
               const char          *path,
               const char * const  *known,
               GError             **error)
{
  JsonObjectIter iter;
  const char *key;
  JsonNode *node;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &key, &node))
    {
      if (!g_strv_contains (known, key))
        return fail (error, source, object, key, path, "unknown field \"%s\"", key);
    }

  return TRUE;
}

/* Expressions ---------------------------------------------------------------- */

typedef enum
{
  SCOPE_CASE,
  SCOPE_MEMBER,
} Scope;

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

static int compile_expr (MdgCatalog  *self,
                         Source      *source,
                         JsonNode    *node,
                         JsonObject  *parent,
                         const char  *member,
                         const char  *path,
                         Scope        scope,
                         GError     **error);

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
    return fail (error, source, parent, op_name, sub_path,
                 "\"%s\" takes an object {\"of\": …, \"where\": …}", op_name), -1;

  object = json_node_get_object (node);
  if (!check_members (source, object, sub_path, known, error))
    return -1;
  if (!get_symbol (source, object, "of", sub_path, selector_symbols, &selector, error))
    return -1;

  if (op == MDG_OP_MEMBER && !MDG_SELECTOR_IS_SINGLE (selector))
    return fail (error, source, object, "of", sub_path,
                 "\"member\" needs one member (head, recipient, mother, funeral_host)"), -1;

  if (op == MDG_OP_COUNT_AT_LEAST)
    {
      JsonNode *n_node = json_object_get_member (object, "n");

      if (n_node == NULL || !JSON_NODE_HOLDS_VALUE (n_node) ||
          json_node_get_value_type (n_node) != G_TYPE_INT64 ||
          json_node_get_int (n_node) < 1 || json_node_get_int (n_node) > MDG_CASE_MAX_MEMBERS)
        return fail (error, source, object, "n", sub_path,
                     "\"n\" must be a count from 1 to %d", MDG_CASE_MAX_MEMBERS), -1;
      n = json_node_get_int (n_node);
    }
  else if (json_object_has_member (object, "n"))
    {
      return fail (error, source, object, "n", sub_path, "only count_at_least takes \"n\""), -1;
    }

  if ((where = json_object_get_member (object, "where")))
    {
      g_autofree char *where_path = g_strdup_printf ("%s.where", sub_path);

      kid = compile_expr (self, source, where, object, "where", where_path, SCOPE_MEMBER, error);
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

static int
compile_expr (MdgCatalog  *self,
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
    return fail (error, source, parent, member, path,
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
      return fail (error, source, object, op_name, op_path,                         \
                   "\"%s\" is about one member: use it inside \"where\"", op_name), -1; \
  } G_STMT_END

  if (strcmp (op_name, "all") == 0 || strcmp (op_name, "any") == 0)
    {
      g_autofree int *kids = NULL;
      JsonArray *array;
      guint n, index;

      if (!JSON_NODE_HOLDS_ARRAY (arg) || json_array_get_length (json_node_get_array (arg)) == 0)
        return fail (error, source, object, op_name, op_path,
                     "\"%s\" takes a non-empty list of expressions", op_name), -1;

      array = json_node_get_array (arg);
      n = json_array_get_length (array);
      kids = g_new (int, n);
      for (guint i = 0; i < n; i++)
        {
          g_autofree char *kid_path = g_strdup_printf ("%s[%u]", op_path, i);

          kids[i] = compile_expr (self, source, json_array_get_element (array, i), object,
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
      int kid = compile_expr (self, source, arg, object, op_name, op_path, scope, error);
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
      if (!node_to_mask (source, object, op_name, op_path, arg, set_operators[i].symbols,
                         set_operators[i].as_bits, &mask, error))
        return -1;
      return add_expr (self, set_operators[i].op, 0, mask);
    }

  if (strcmp (op_name, "answer") == 0)
    {
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        return fail (error, source, object, op_name, op_path, "\"answer\" takes an answer name"), -1;
      if (!string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
                             bool_answer_symbols, &value, error))
        return -1;
      return add_expr (self, MDG_OP_ANSWER, value, 0);
    }

  if (strcmp (op_name, "answer_includes") == 0)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (arg) || json_array_get_length (json_node_get_array (arg)) != 2)
        return fail (error, source, object, op_name, op_path,
                     "\"answer_includes\" takes [\"requested_certificates\", value]"), -1;
      array = json_node_get_array (arg);
      if (g_strcmp0 (json_array_get_string_element (array, 0), "requested_certificates") != 0)
        return fail (error, source, object, op_name, op_path,
                     "only requested_certificates is a list of values"), -1;
      if (!node_to_mask (source, object, op_name, op_path, json_array_get_element (array, 1),
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
        return fail (error, source, object, op_name, op_path, "\"is\" takes a flag name"), -1;
      if (!string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
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
        return fail (error, source, object, op_name, op_path,
                     "\"%s\" takes an age in years (1–150)", op_name), -1;
      if (op == MDG_OP_CHILD_UNTIL && json_node_get_int (arg) < 6)
        return fail (error, source, object, op_name, op_path,
                     "school years are counted from age 6"), -1;
      return add_expr (self, op, 0, json_node_get_int (arg));
    }

  if (strcmp (op_name, "school_stage") == 0)
    {
      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING)
        return fail (error, source, object, op_name, op_path, "\"school_stage\" takes a stage"), -1;
      if (!string_to_symbol (source, object, op_name, op_path, json_node_get_string (arg),
                             stage_symbols, &value, error))
        return -1;
      return add_expr (self, MDG_OP_SCHOOL_STAGE, value, 0);
    }

  if (strcmp (op_name, "in_answer") == 0)
    {
      MEMBER_ONLY ();
      if (!JSON_NODE_HOLDS_VALUE (arg) || json_node_get_value_type (arg) != G_TYPE_STRING ||
          strcmp (json_node_get_string (arg), "name_changes") != 0)
        return fail (error, source, object, op_name, op_path,
                     "\"in_answer\" takes \"name_changes\""), -1;
      return add_expr (self, MDG_OP_IN_ANSWER, MDG_ANSWER_NAME_CHANGES, 0);
    }

#undef MEMBER_ONLY

  return fail (error, source, object, op_name, path, "unknown operator \"%s\"", op_name), -1;
}

/* Procedures ------------------------------------------------------------------ */

static void
procedure_free (gpointer data)
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
        return fail (error, source, object, "manual", id, "\"manual\" must be true or false");
      rule->manual = json_node_get_boolean (node);
    }

  if ((node = json_object_get_member (object, "events")))
    {
      if (!node_to_mask (source, object, "events", id, node, mdg_event_symbols, TRUE, &rule->events,
                         error))
        return FALSE;
    }
  else if (!rule->manual)
    {
      return fail (error, source, object, NULL, id,
                   "the field \"events\" is required (the life events the rule is about)");
    }

  if ((node = json_object_get_member (object, "when")))
    {
      path = g_strdup_printf ("%s.when", id);
      rule->when = compile_expr (self, source, node, object, "when", path, SCOPE_CASE, error);
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
        return fail (error, source, object, "members", path,
                     "\"members\" takes {\"of\": …, \"where\": …, \"required\": …}");
      members = json_node_get_object (node);
      if (!check_members (source, members, path, known, error))
        return FALSE;
      if (!get_symbol (source, members, "of", path, selector_symbols, &selector, error))
        return FALSE;

      rule->has_members = TRUE;
      rule->members_of = selector;
      rule->members_required = TRUE;

      if ((sub = json_object_get_member (members, "where")))
        {
          g_autofree char *where_path = g_strdup_printf ("%s.where", path);

          rule->members_where = compile_expr (self, source, sub, members, "where", where_path,
                                              SCOPE_MEMBER, error);
          if (rule->members_where < 0)
            return FALSE;
        }

      if ((sub = json_object_get_member (members, "required")))
        {
          if (!JSON_NODE_HOLDS_VALUE (sub) || json_node_get_value_type (sub) != G_TYPE_BOOLEAN)
            return fail (error, source, members, "required", path,
                         "\"required\" must be true or false");
          rule->members_required = json_node_get_boolean (sub);
        }
      g_clear_pointer (&path, g_free);
    }

  if (!rule->manual && rule->when < 0 && !rule->has_members && rule->events == 0)
    return fail (error, source, object, NULL, id, "the rule would apply to every case");

  node = json_object_get_member (object, "reasons");
  if (!rule->manual && node == NULL)
    return fail (error, source, object, NULL, id, "the field \"reasons\" is required");

  if (node != NULL)
    {
      JsonArray *array;

      path = g_strdup_printf ("%s.reasons", id);
      if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
        return fail (error, source, object, "reasons", path,
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
            return fail (error, source, object, "reasons", reason_path,
                         "a reason is {\"if\": …, \"text\": …}");
          reason = json_node_get_object (item);
          if (!check_members (source, reason, reason_path, known, error) ||
              !get_string (source, reason, "text", reason_path, TRUE, &text, error))
            return FALSE;
          rule->reasons[i].text = g_strdup (text);

          if ((cond = json_object_get_member (reason, "if")))
            {
              g_autofree char *cond_path = g_strdup_printf ("%s.if", reason_path);

              rule->reasons[i].cond = compile_expr (self, source, cond, reason, "if", cond_path,
                                                    SCOPE_MEMBER, error);
              if (rule->reasons[i].cond < 0)
                return FALSE;
            }
          else if (i + 1 < rule->n_reasons)
            {
              return fail (error, source, reason, NULL, reason_path,
                           "only the last reason may go without \"if\"");
            }
        }

      if (rule->reasons[rule->n_reasons - 1].cond >= 0)
        return fail (error, source, object, "reasons", path,
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
    return fail (error, source, NULL, NULL, path, "a procedure is an object");

  object = json_node_get_object (node);
  if (!get_string (source, object, "id", path, TRUE, &text, error))
    return FALSE;
  if (g_hash_table_contains (self->by_id, text))
    return fail (error, source, object, "id", path, "the id \"%s\" is used twice", text);

  g_free (path);
  path = g_strdup (text);
  if (!check_members (source, object, path, known, error))
    return FALSE;

  procedure = g_new0 (MdgProcedure, 1);
  procedure->id = g_strdup (text);
  procedure->index = index;
  g_ptr_array_add (self->procedures, procedure);
  g_hash_table_insert (self->by_id, procedure->id, procedure);

  if (!get_symbol (source, object, "department", path, department_symbols, &value, error))
    return FALSE;
  procedure->department = value;

  if (!get_symbol (source, object, "mode", path, mode_symbols, &value, error))
    return FALSE;
  procedure->mode = value;

  sub = json_object_get_member (object, "phase");
  if (sub == NULL || !JSON_NODE_HOLDS_VALUE (sub) ||
      json_node_get_value_type (sub) != G_TYPE_INT64 ||
      (json_node_get_int (sub) != 1 && json_node_get_int (sub) != 2))
    return fail (error, source, object, "phase", path, "\"phase\" must be 1 or 2");
  procedure->phase = json_node_get_int (sub);

  if (!get_string (source, object, "name", path, TRUE, &text, error))
    return FALSE;
  procedure->name = g_strdup (text);
  if (!get_string (source, object, "summary", path, TRUE, &text, error))
    return FALSE;
  procedure->summary = g_strdup (text);
  if (!get_string (source, object, "legal_basis", path, TRUE, &text, error))
    return FALSE;
  procedure->legal_basis = g_strdup (text);

  sub = json_object_get_member (object, "bring");
  if (sub == NULL || !JSON_NODE_HOLDS_ARRAY (sub))
    return fail (error, source, object, "bring", path,
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
            return fail (error, source, object, "bring", path, "\"bring\" must list strings");
          }
        g_ptr_array_add (bring, g_strdup (json_node_get_string (item)));
      }
    g_ptr_array_add (bring, NULL);
    procedure->bring = (char **) g_ptr_array_free (bring, FALSE);
  }

  sub = json_object_get_member (object, "deadline");
  if (sub == NULL)
    return fail (error, source, object, NULL, path,
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

      if (!check_members (source, deadline, deadline_path, deadline_known, error))
        return FALSE;
      if (days == NULL || !JSON_NODE_HOLDS_VALUE (days) ||
          json_node_get_value_type (days) != G_TYPE_INT64 ||
          json_node_get_int (days) < 1 || json_node_get_int (days) > 366)
        return fail (error, source, deadline, "days", deadline_path,
                     "\"days\" must be a number of days from 1 to 366");
      procedure->deadline_kind = MDG_DEADLINE_AFTER_EVENT;
      procedure->deadline_days = json_node_get_int (days);

      if (counting != NULL)
        {
          if (!JSON_NODE_HOLDS_VALUE (counting) ||
              json_node_get_value_type (counting) != G_TYPE_BOOLEAN)
            return fail (error, source, deadline, "counting_event_day", deadline_path,
                         "\"counting_event_day\" must be true or false");
          /* 戸籍法第43条: the day of the event is the first of the N days. */
          if (json_node_get_boolean (counting))
            procedure->deadline_days -= 1;
        }

      if (!get_string (source, deadline, "note", deadline_path, FALSE, &text, error))
        return FALSE;
      procedure->deadline_note = g_strdup (text);
    }
  else
    {
      return fail (error, source, object, "deadline", path,
                   "\"deadline\" must be null or {\"days\": N}");
    }

  if (procedure->mode == MDG_MODE_GUIDE && procedure->deadline_kind != MDG_DEADLINE_NONE)
    return fail (error, source, object, "deadline", path, "a guide has no deadline of its own");

  return TRUE;
}

static gboolean
load_procedures (MdgCatalog  *self,
                 Source      *source,
                 GError     **error)
{
  static const char * const known[] = { "procedures", NULL };
  JsonObject *root = json_node_get_object (json_parser_get_root (source->parser));
  JsonNode *node = json_object_get_member (root, "procedures");
  JsonArray *array;
  guint n;

  if (!check_members (source, root, "(file)", known, error))
    return FALSE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, source, root, NULL, "procedures", "must be a list of procedures");

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  if (n == 0)
    return fail (error, source, root, "procedures", "procedures", "the list is empty");

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
    }

  return TRUE;
}

/* Questions ------------------------------------------------------------------- */

static void
choice_free (gpointer data)
{
  MdgChoice *choice = data;

  g_free (choice->value);
  g_free (choice->label);
  g_free (choice);
}

static void
question_free (gpointer data)
{
  MdgQuestionDef *question = data;

  g_free (question->fact);
  g_free (question->key);
  g_free (question->text);
  g_free (question->help);
  g_clear_pointer (&question->choices, g_ptr_array_unref);
  g_free (question);
}

static gboolean
load_question (MdgCatalog  *self,
               Source      *source,
               JsonNode    *node,
               guint        index,
               GError     **error)
{
  static const char * const known[] = { "fact", "kind", "text", "help", "choices", NULL };
  g_autofree char *path = g_strdup_printf ("questions[%u]", index);
  MdgQuestionDef *question;
  JsonObject *object;
  JsonNode *choices;
  const char *fact;
  const char *text;
  int value;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, source, NULL, NULL, path, "a question is an object");
  object = json_node_get_object (node);
  if (!check_members (source, object, path, known, error) ||
      !get_string (source, object, "fact", path, TRUE, &fact, error))
    return FALSE;

  question = g_new0 (MdgQuestionDef, 1);
  g_ptr_array_add (self->questions, question);
  question->fact = g_strdup (fact);

  if (g_str_has_prefix (fact, "answers."))
    {
      question->key = g_strdup (fact + strlen ("answers."));
      if (!_mdg_symbol_lookup (answer_symbols, question->key, &value))
        return fail (error, source, object, "fact", path, "unknown answer \"%s\"", question->key);
    }
  else if (g_str_has_prefix (fact, "member."))
    {
      question->key = g_strdup (fact + strlen ("member."));
      question->per_member = TRUE;
      if (!_mdg_symbol_lookup (member_question_symbols, question->key, &value))
        return fail (error, source, object, "fact", path,
                     "\"%s\" is not a member fact that can be asked", question->key);
    }
  else
    {
      return fail (error, source, object, "fact", path,
                   "a fact is \"answers.X\" or \"member.X\"");
    }
  question->field = value;

  if (mdg_catalog_lookup_question (self, question->per_member, question->field) != question)
    return fail (error, source, object, "fact", path, "\"%s\" is asked twice", fact);

  if (!get_symbol (source, object, "kind", path, question_kind_symbols, &value, error))
    return FALSE;
  question->kind = value;

  if (!get_string (source, object, "text", path, TRUE, &text, error))
    return FALSE;
  question->text = g_strdup (text);
  if (!get_string (source, object, "help", path, FALSE, &text, error))
    return FALSE;
  question->help = g_strdup (text);

  choices = json_object_get_member (object, "choices");
  if ((question->kind == MDG_QUESTION_CHOICE || question->kind == MDG_QUESTION_MULTI_CHOICE) !=
      (choices != NULL))
    return fail (error, source, object, "choices", path,
                 "\"choices\" goes with the kinds choice and multi_choice, and only with them");

  if (choices != NULL)
    {
      JsonArray *array;

      if (!JSON_NODE_HOLDS_ARRAY (choices) || json_array_get_length (json_node_get_array (choices)) == 0)
        return fail (error, source, object, "choices", path,
                     "\"choices\" is a non-empty list of {\"value\": …, \"label\": …}");

      array = json_node_get_array (choices);
      question->choices = g_ptr_array_new_with_free_func (choice_free);
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          static const char * const choice_known[] = { "value", "label", NULL };
          g_autofree char *choice_path = g_strdup_printf ("%s.choices[%u]", path, i);
          JsonNode *item = json_array_get_element (array, i);
          JsonObject *choice_object;
          MdgChoice *choice;
          const char *choice_value;
          const char *label;

          if (!JSON_NODE_HOLDS_OBJECT (item))
            return fail (error, source, object, "choices", choice_path, "a choice is an object");
          choice_object = json_node_get_object (item);
          if (!check_members (source, choice_object, choice_path, choice_known, error) ||
              !get_string (source, choice_object, "value", choice_path, TRUE, &choice_value, error) ||
              !get_string (source, choice_object, "label", choice_path, TRUE, &label, error))
            return FALSE;

          choice = g_new0 (MdgChoice, 1);
          choice->value = g_strdup (choice_value);
          choice->label = g_strdup (label);
          g_ptr_array_add (question->choices, choice);
        }
    }

  return TRUE;
}

static const MdgQuestionDef *
find_question (MdgCatalog *self,
               const char *fact)
{
  for (guint i = 0; i < self->questions->len; i++)
    {
      const MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

      if (strcmp (question->fact, fact) == 0)
        return question;
    }

  return NULL;
}

static gboolean
load_interview (MdgCatalog  *self,
                Source      *source,
                GError     **error)
{
  static const char * const known[] = { "questions", "events", NULL };
  JsonObject *root = json_node_get_object (json_parser_get_root (source->parser));
  JsonNode *node;
  JsonObject *events;
  JsonArray *array;

  if (!check_members (source, root, "(file)", known, error))
    return FALSE;

  node = json_object_get_member (root, "questions");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return fail (error, source, root, NULL, "questions", "must be a list of questions");
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!load_question (self, source, json_array_get_element (array, i), i, error))
        return FALSE;
    }

  /* Every answer and every member fact without a default must be askable,
   * or a rule could wait for a fact nobody asks. */
  for (guint i = 0; answer_symbols[i].name != NULL; i++)
    {
      if (mdg_catalog_lookup_question (self, FALSE, answer_symbols[i].value) == NULL)
        return fail (error, source, root, "questions", "questions",
                     "no question asks answers.%s", answer_symbols[i].name);
    }
  for (guint i = 0; member_question_symbols[i].name != NULL; i++)
    {
      const MdgQuestionDef *question;

      question = mdg_catalog_lookup_question (self, TRUE, member_question_symbols[i].value);
      if (question == NULL)
        return fail (error, source, root, "questions", "questions",
                     "no question asks member.%s", member_question_symbols[i].name);
      g_ptr_array_add (self->member_questions, (gpointer) question);
    }

  node = json_object_get_member (root, "events");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, source, root, NULL, "events",
                 "must map each life event to the order of its household questions");
  events = json_node_get_object (node);

  for (guint event = 0; event < MDG_N_EVENTS; event++)
    {
      const char *name = mdg_event_to_string (event);
      g_autofree char *path = g_strdup_printf ("events.%s", name);
      JsonNode *list = json_object_get_member (events, name);
      JsonArray *facts;

      if (list == NULL || !JSON_NODE_HOLDS_ARRAY (list))
        return fail (error, source, events, NULL, path,
                     "every life event needs its list of household questions");

      self->event_questions[event] = g_ptr_array_new ();
      facts = json_node_get_array (list);
      for (guint i = 0; i < json_array_get_length (facts); i++)
        {
          const char *fact = json_array_get_string_element (facts, i);
          const MdgQuestionDef *question = fact ? find_question (self, fact) : NULL;

          if (question == NULL || question->per_member)
            return fail (error, source, events, name, path,
                         "\"%s\" is not a household question of questions", fact ? fact : "?");
          g_ptr_array_add (self->event_questions[event], (gpointer) question);
        }

      /* A question the event's order forgot still gets asked, last. */
      for (guint i = 0; i < self->questions->len; i++)
        {
          MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

          if (!question->per_member &&
              !g_ptr_array_find (self->event_questions[event], question, NULL))
            g_ptr_array_add (self->event_questions[event], question);
        }
    }

  {
    JsonObjectIter iter;
    const char *key;

    json_object_iter_init (&iter, events);
    while (json_object_iter_next (&iter, &key, &node))
      {
        if (!mdg_event_from_string (key, NULL))
          return fail (error, source, events, key, "events", "unknown life event \"%s\"", key);
      }
  }

  return TRUE;
}

/* Loading ---------------------------------------------------------------------- */

static int
compare_output_order (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  MdgCatalog *self = user_data;
  const MdgProcedure *pa = g_ptr_array_index (self->procedures, *(const guint *) a);
  const MdgProcedure *pb = g_ptr_array_index (self->procedures, *(const guint *) b);

  if (pa->department != pb->department)
    return (int) pa->department - (int) pb->department;
  return (int) pa->index - (int) pb->index;
}

typedef GBytes *(*LoadFunc) (const char  *dir,
                             const char  *name,
                             GError     **error);

static MdgCatalog *
catalog_new (void)
{
  MdgCatalog *self = g_new0 (MdgCatalog, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->procedures = g_ptr_array_new_with_free_func (procedure_free);
  self->by_id = g_hash_table_new (g_str_hash, g_str_equal);
  self->compiled.exprs = g_array_new (FALSE, FALSE, sizeof (MdgExpr));
  self->compiled.kids = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->questions = g_ptr_array_new_with_free_func (question_free);
  self->member_questions = g_ptr_array_new ();

  return self;
}

static MdgCatalog *
catalog_load (const char  *dir,
              LoadFunc     load,
              GError     **error)
{
  g_autoptr(MdgCatalog) self = catalog_new ();
  g_autoptr(GBytes) procedures = NULL;
  g_autoptr(GBytes) interview = NULL;
  Source source = { 0 };
  gboolean ok;

  if (!(procedures = load (dir, "procedures.json", error)))
    return NULL;

  ok = source_load (&source, "procedures.json", procedures, error) &&
       load_procedures (self, &source, error);
  source_clear (&source);
  if (!ok)
    return NULL;

  if (!(interview = load (dir, "interview.json", error)))
    return NULL;

  ok = source_load (&source, "interview.json", interview, error) &&
       load_interview (self, &source, error);
  source_clear (&source);
  if (!ok)
    return NULL;

  self->order = g_new (guint, self->procedures->len);
  for (guint i = 0; i < self->procedures->len; i++)
    self->order[i] = i;
  g_qsort_with_data (self->order, self->procedures->len, sizeof (guint), compare_output_order, self);

  return g_steal_pointer (&self);
}

static GBytes *
load_from_dir (const char  *dir,
               const char  *name,
               GError     **error)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) local_error = NULL;
  char *contents;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: cannot read the catalog file: %s", path, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static GBytes *
load_from_resource (const char  *dir,
                    const char  *name,
                    GError     **error)
{
  g_autofree char *path = g_strconcat (CATALOG_RESOURCE_PATH, name, NULL);
  GBytes *bytes;

  bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                 "%s: the catalog built into the program is missing", name);

  return bytes;
}

MdgCatalog *
mdg_catalog_new_from_dir (const char  *dir,
                          GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return catalog_load (dir, load_from_dir, error);
}

MdgCatalog *
mdg_catalog_load_default (GError **error)
{
  static gsize once;
  static MdgCatalog *catalog;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      const char *dir = g_getenv ("MDG_CATALOG_DIR");

      if (dir != NULL && dir[0] != '\0')
        {
          catalog = catalog_load (dir, load_from_dir, &load_error);
        }
      else
        {
          mdg_core_register_resource ();
          catalog = catalog_load (NULL, load_from_resource, &load_error);
        }

      g_once_init_leave (&once, 1);
    }

  if (catalog == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return mdg_catalog_ref (catalog);
}

MdgCatalog *
mdg_catalog_ref (MdgCatalog *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_catalog_unref (MdgCatalog *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->rules != NULL)
    {
      for (guint i = 0; i < self->procedures->len; i++)
        {
          for (guint j = 0; j < self->rules[i].n_reasons; j++)
            g_free (self->rules[i].reasons[j].text);
          g_free (self->rules[i].reasons);
        }
    }
  g_free (self->rules);
  g_free (self->order);
  g_array_unref (self->compiled.exprs);
  g_array_unref (self->compiled.kids);
  for (guint i = 0; i < MDG_N_EVENTS; i++)
    g_clear_pointer (&self->event_questions[i], g_ptr_array_unref);
  g_ptr_array_unref (self->member_questions);
  g_ptr_array_unref (self->questions);
  g_hash_table_unref (self->by_id);
  g_ptr_array_unref (self->procedures);
  g_free (self);
}

guint
mdg_catalog_get_n_procedures (MdgCatalog *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->procedures->len;
}

const MdgProcedure *
mdg_catalog_get_procedure (MdgCatalog *self,
                           guint       index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->procedures->len, NULL);

  return g_ptr_array_index (self->procedures, index);
}

const MdgProcedure *
mdg_catalog_lookup_procedure (MdgCatalog *self,
                              const char *id)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return g_hash_table_lookup (self->by_id, id);
}

const MdgQuestionDef *
mdg_catalog_lookup_question (MdgCatalog *self,
                             gboolean    per_member,
                             guint       field)
{
  g_return_val_if_fail (self != NULL, NULL);

  for (guint i = 0; i < self->questions->len; i++)
    {
      const MdgQuestionDef *question = g_ptr_array_index (self->questions, i);

      if (question->per_member == !!per_member && question->field == field)
        return question;
    }

  return NULL;
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

const MdgRule *
_mdg_catalog_get_rule (MdgCatalog *self,
                       guint       index)
{
  g_assert (index < self->procedures->len);
  return &self->rules[index];
}

const MdgRules *
_mdg_catalog_get_rules (MdgCatalog *self)
{
  return &self->compiled;
}

const guint *
_mdg_catalog_get_order (MdgCatalog *self)
{
  return self->order;
}

GPtrArray *
_mdg_catalog_get_household_questions (MdgCatalog *self,
                                      MdgEvent    event)
{
  g_assert (event < MDG_N_EVENTS);
  return self->event_questions[event];
}

GPtrArray *
_mdg_catalog_get_member_questions (MdgCatalog *self)
{
  return self->member_questions;
}
