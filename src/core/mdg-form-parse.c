/* mdg-form-parse.c: a layout file, read into an MdgFormLayout
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A layout file is
 *
 *   {"id": "nhi-enroll-change", "title": "…", "layout_version": 1,
 *    "original": "which paper form this is",
 *    "procedures": ["nhi_enroll_move_in", …], "applicant": "head",
 *    "page_size": [210, 297],
 *    "pages": [[block, …], …]}
 *
 * and a block is one of
 *
 *   {"text": "届出日", "at": [x, y, w, h], …}          printed text
 *   {"field": "id", "at": […], "bind": "visit_date", "format": "wareki", …}
 *   {"choice": "id", "at": […], "bind": "event", "options": [["move_in", "1. 転入"], …]}
 *   {"check": "id", "at": […], "bind": "answers.seal_registration", "value": "true", "text": "…"}
 *   {"signature": "id", "at": […], "signer": "witness1"}   (default signer: applicant)
 *   {"staff": "受付", "at": […]}                        office-use box
 *   {"frame": [x, y, w, h]}  {"line": [x1, y1, x2, y2]}
 *   {"rows": [[cell, …], …], "at": [x, y, w], "height": h}
 *   {"table": "id", "at": [x, y, w], "members": "concerned", "rows": 5,
 *    "header": 8, "height": 10, "columns": [cell + "head": "氏名", …]}
 *
 * Cells of "rows" and "columns" are blocks without "at" but with a width
 * "w" (the last one takes what is left). Common keys: "size" (pt), "align"
 * (start, center, end), "bold", "vertical", "frame", "shade", "label",
 * "kana" (a furigana binding), "placeholder", "optional", "mark" (circle,
 * check), "columns" (options per line), "when" (the box prints only when a
 * fact of the case holds: "census_year", "BOX=VALUE", "BOX!=VALUE" with
 * a declared choice box and one of its options).
 */

#define G_LOG_DOMAIN "mdg-form"

#include "config.h"

#include <string.h>

#include "mdg-core-error.h"
#include "mdg-form-bindings-private.h"
#include "mdg-form-private.h"
#include "mdg-input.h"

#define DEFAULT_TEXT_SIZE 9.0
#define DEFAULT_FIELD_SIZE 11.0

typedef struct
{
  const char    *name;        /* the file, for errors */
  MdgFormBoxes  *boxes;       /* what fields may bind to */
  MdgFormLayout *layout;
  guint          page;
  int            table;
  GError       **error;
} Parser;

static const struct {
  const char  *name;
  MdgFormRole  role;
} roles[] = {
  { "head", MDG_FORM_ROLE_HEAD },
  { "funeral_host", MDG_FORM_ROLE_FUNERAL_HOST },
  { "recipient", MDG_FORM_ROLE_RECIPIENT },
  { "deceased", MDG_FORM_ROLE_DECEASED },
  { "first", MDG_FORM_ROLE_FIRST },
  { "informant", MDG_FORM_ROLE_INFORMANT },
};

static const char * const kind_keys[] = {
  "text", "field", "choice", "check", "signature", "staff", "frame", "line",
};

static void
option_free (gpointer data)
{
  MdgFormOption *option = data;

  g_free (option->value);
  g_free (option->label);
  g_free (option);
}

static gboolean
fail (Parser     *parser,
      const char *path,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Parser     *parser,
      const char *path,
      const char *format,
      ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (parser->error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
               "%s: %s%s%s", parser->name, path != NULL ? path : "",
               path != NULL ? ": " : "", message);
  return FALSE;
}

static gboolean
get_numbers (Parser     *parser,
             JsonObject *object,
             const char *key,
             const char *path,
             double     *out,
             guint       n)
{
  JsonNode *node = json_object_get_member (object, key);
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((array = json_node_get_array (node))) != n)
    return fail (parser, path, "\"%s\" must be an array of %u numbers", key, n);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) ||
          (json_node_get_value_type (element) != G_TYPE_INT64 &&
           json_node_get_value_type (element) != G_TYPE_DOUBLE))
        return fail (parser, path, "\"%s\"[%u] must be a number", key, i);
      out[i] = json_node_get_double (element);
    }

  return TRUE;
}

static gboolean
get_string (Parser      *parser,
            JsonObject  *object,
            const char  *key,
            const char  *path,
            gboolean     required,
            const char **out)
{
  JsonNode *node = json_object_get_member (object, key);

  *out = NULL;
  if (node == NULL)
    return required ? fail (parser, path, "\"%s\" is missing", key) : TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return fail (parser, path, "\"%s\" must be a string", key);
  *out = json_node_get_string (node);

  return TRUE;
}

static gboolean
get_bool (Parser     *parser,
          JsonObject *object,
          const char *key,
          const char *path,
          gboolean   *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return fail (parser, path, "\"%s\" must be true or false", key);
  *out = json_node_get_boolean (node);

  return TRUE;
}

static gboolean
get_number (Parser     *parser,
            JsonObject *object,
            const char *key,
            const char *path,
            double      min,
            double     *out)
{
  JsonNode *node = json_object_get_member (object, key);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) ||
      (json_node_get_value_type (node) != G_TYPE_INT64 &&
       json_node_get_value_type (node) != G_TYPE_DOUBLE) ||
      json_node_get_double (node) < min)
    return fail (parser, path, "\"%s\" must be a number of at least %g", key, min);
  *out = json_node_get_double (node);

  return TRUE;
}

static gboolean
check_keys (Parser      *parser,
            JsonObject  *object,
            const char  *path,
            const char **allowed)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (const GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (allowed, l->data))
        return fail (parser, path, "unknown key \"%s\"", (const char *) l->data);
    }

  return TRUE;
}

static gboolean
parse_options (Parser      *parser,
               JsonObject  *object,
               const char  *path,
               MdgFormCell *cell)
{
  JsonNode *node = json_object_get_member (object, "options");
  JsonArray *array;

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((array = json_node_get_array (node))) == 0 ||
      json_array_get_length (array) > 64)
    return fail (parser, path, "\"options\" must be an array of 1–64 [value, label] pairs");

  cell->options = g_ptr_array_new_with_free_func (option_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *pair = json_array_get_element (array, i);
      JsonArray *values;
      MdgFormOption *option;

      if (!JSON_NODE_HOLDS_ARRAY (pair) ||
          json_array_get_length ((values = json_node_get_array (pair))) != 2 ||
          json_node_get_value_type (json_array_get_element (values, 0)) != G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (values, 1)) != G_TYPE_STRING)
        return fail (parser, path, "options[%u] must be [value, label], two strings", i);

      option = g_new0 (MdgFormOption, 1);
      option->value = g_strdup (json_array_get_string_element (values, 0));
      option->label = g_strdup (json_array_get_string_element (values, 1));
      g_ptr_array_add (cell->options, option);
    }

  return TRUE;
}

/* "when": a binding, optionally "=value" or "!=value"; kept as written and
 * evaluated by the filler. */
static gboolean
parse_when (Parser      *parser,
            JsonObject  *object,
            const char  *path,
            MdgFormCell *cell)
{
  const char *when = NULL;
  g_autofree char *binding = NULL;
  const char *op;

  if (!get_string (parser, object, "when", path, FALSE, &when))
    return FALSE;
  if (when == NULL)
    return TRUE;
  op = strchr (when, '=');
  if (op != NULL && op > when && op[-1] == '!')
    op--;
  binding = op != NULL ? g_strndup (when, op - when) : g_strdup (when);
  if (!_mdg_form_binding_is_known (parser->boxes, binding, FALSE))
    return fail (parser, path, "\"when\" tests \"%s\", which boxes.xml does not declare "
                 "and the case does not derive", binding);
  cell->when = g_strdup (when);
  return TRUE;
}

/* Reads the keys every kind of box shares into @cell, whose kind, rect and
 * page are set. */
static gboolean
parse_cell_common (Parser      *parser,
                   JsonObject  *object,
                   const char  *path,
                   gboolean     in_row,
                   MdgFormCell *cell)
{
  static const char *allowed[] = {
    "text", "field", "choice", "check", "signature", "staff", "at", "w", "head",
    "size", "align", "bold", "vertical", "frame", "shade", "label", "bind", "kana",
    "format", "placeholder", "optional", "options", "mark", "columns", "value", "when",
    "signer", NULL,
  };
  const char *id = NULL;
  const char *bind = NULL;
  const char *kana = NULL;
  const char *align = NULL;
  const char *mark = NULL;
  const char *string = NULL;
  gboolean bold = FALSE;
  gboolean vertical = FALSE;
  gboolean framed = in_row || cell->kind != MDG_FORM_CELL_TEXT;
  gboolean shaded = in_row && cell->kind == MDG_FORM_CELL_TEXT;
  gboolean optional = FALSE;
  double columns = 0;
  gboolean in_table = parser->table >= 0;

  if (!check_keys (parser, object, path, allowed))
    return FALSE;

  cell->font_size = cell->kind == MDG_FORM_CELL_FIELD ? DEFAULT_FIELD_SIZE : DEFAULT_TEXT_SIZE;
  cell->align = cell->kind == MDG_FORM_CELL_FIELD || cell->kind == MDG_FORM_CELL_CHOICE ?
                MDG_FORM_ALIGN_START : MDG_FORM_ALIGN_CENTER;
  if (in_row && cell->kind == MDG_FORM_CELL_TEXT)
    cell->align = MDG_FORM_ALIGN_CENTER;
  cell->member_slot = -1;
  cell->table = parser->table;

  if (!get_number (parser, object, "size", path, 4, &cell->font_size) ||
      !get_string (parser, object, "align", path, FALSE, &align) ||
      !get_bool (parser, object, "bold", path, &bold) ||
      !get_bool (parser, object, "vertical", path, &vertical) ||
      !get_bool (parser, object, "frame", path, &framed) ||
      !get_bool (parser, object, "shade", path, &shaded) ||
      !get_bool (parser, object, "optional", path, &optional) ||
      !get_string (parser, object, "label", path, FALSE, &string) ||
      !get_number (parser, object, "columns", path, 0, &columns))
    return FALSE;
  cell->label = g_strdup (string);
  cell->columns = (guint) columns;
  if (!parse_when (parser, object, path, cell))
    return FALSE;

  if (align != NULL)
    {
      if (strcmp (align, "start") == 0)
        cell->align = MDG_FORM_ALIGN_START;
      else if (strcmp (align, "center") == 0)
        cell->align = MDG_FORM_ALIGN_CENTER;
      else if (strcmp (align, "end") == 0)
        cell->align = MDG_FORM_ALIGN_END;
      else
        return fail (parser, path, "\"align\" must be start, center or end");
    }

  cell->flags = (framed ? MDG_FORM_CELL_FRAMED : 0) | (shaded ? MDG_FORM_CELL_SHADED : 0) |
                (vertical ? MDG_FORM_CELL_VERTICAL : 0) | (bold ? MDG_FORM_CELL_BOLD : 0) |
                (optional ? MDG_FORM_CELL_OPTIONAL : 0);

  switch (cell->kind)
    {
    case MDG_FORM_CELL_TEXT:
      if (!get_string (parser, object, "text", path, TRUE, &string))
        return FALSE;
      cell->text = g_strdup (string);
      return TRUE;

    case MDG_FORM_CELL_STAFF:
      if (!get_string (parser, object, "staff", path, TRUE, &string))
        return FALSE;
      cell->text = g_strdup (string);
      cell->font_size = MIN (cell->font_size, 7);
      return TRUE;

    case MDG_FORM_CELL_FIELD:
    case MDG_FORM_CELL_CHOICE:
    case MDG_FORM_CELL_CHECK:
    case MDG_FORM_CELL_SIGNATURE:
      break;

    case MDG_FORM_CELL_FRAME:
    case MDG_FORM_CELL_LINE:
    default:
      g_assert_not_reached ();
    }

  if (!get_string (parser, object, kind_keys[cell->kind], path, TRUE, &id))
    return FALSE;
  cell->id = g_strdup (id);

  if (cell->kind == MDG_FORM_CELL_SIGNATURE)
    {
      if (!get_string (parser, object, "signer", path, FALSE, &string))
        return FALSE;
      if (string != NULL && !g_regex_match_simple ("^[a-z][a-z0-9_]*$", string, 0, 0))
        return fail (parser, path, "\"signer\" must be a role name such as witness1");
      cell->signer = g_strdup (string != NULL ? string : "applicant");
      return TRUE;
    }

  if (!get_string (parser, object, "bind", path, TRUE, &bind) ||
      !get_string (parser, object, "kana", path, FALSE, &kana))
    return FALSE;
  if (!_mdg_form_binding_is_known (parser->boxes, bind, in_table))
    return fail (parser, path, "box \"%s\" binds to \"%s\", which boxes.xml does not declare "
                 "and the case does not derive", id, bind);
  if (kana != NULL && !_mdg_form_binding_is_known (parser->boxes, kana, in_table))
    return fail (parser, path, "box \"%s\" binds its kana to \"%s\", which boxes.xml does not "
                 "declare and the case does not derive", id, kana);
  cell->bind = g_strdup (bind);
  cell->kana_bind = g_strdup (kana);
  if (kana != NULL)
    cell->flags |= MDG_FORM_CELL_HAS_KANA;

  if (!get_string (parser, object, "format", path, FALSE, &string))
    return FALSE;
  if (string != NULL && !g_strv_contains ((const char *[]) { "text", "wareki", "iso", "age",
                                                             "nationality", "grade", "yomikata",
                                                             NULL },
                                          string))
    return fail (parser, path, "unknown format \"%s\"", string);
  cell->format = g_strdup (string != NULL ? string : "text");

  if (!get_string (parser, object, "placeholder", path, FALSE, &string))
    return FALSE;
  if (string == NULL && g_strcmp0 (cell->format, "wareki") == 0)
    string = "年　　月　　日";
  cell->placeholder = g_strdup (string);

  if (cell->kind == MDG_FORM_CELL_CHOICE)
    {
      if (!parse_options (parser, object, path, cell) ||
          !get_string (parser, object, "mark", path, FALSE, &mark))
        return FALSE;
      if (mark == NULL || strcmp (mark, "circle") == 0)
        cell->mark = MDG_FORM_MARK_CIRCLE;
      else if (strcmp (mark, "check") == 0)
        cell->mark = MDG_FORM_MARK_CHECK;
      else
        return fail (parser, path, "\"mark\" must be circle or check");

      /* A declared choice prints only the options boxes.xml declares. */
      {
        const MdgFormBox *box = _mdg_form_binding_get_box (parser->boxes, cell->bind);

        for (guint i = 0; box != NULL && i < cell->options->len; i++)
          {
            const MdgFormOption *option = g_ptr_array_index (cell->options, i);

            if (mdg_form_box_get_kind (box) != MDG_FORM_BOX_CHOICE)
              return fail (parser, path, "box \"%s\" prints options, but \"%s\" is no choice in "
                           "boxes.xml", cell->id, cell->bind);
            if (!mdg_form_box_has_option (box, option->value))
              return fail (parser, path, "box \"%s\": option \"%s\" is not one boxes.xml "
                           "declares for \"%s\"", cell->id, option->value, cell->bind);
          }
      }
    }
  else if (cell->kind == MDG_FORM_CELL_CHECK)
    {
      const char *value = NULL;
      MdgFormOption *option;

      if (!get_string (parser, object, "text", path, TRUE, &string) ||
          !get_string (parser, object, "value", path, FALSE, &value))
        return FALSE;
      option = g_new0 (MdgFormOption, 1);
      option->value = g_strdup (value != NULL ? value : "true");
      option->label = g_strdup (string);
      cell->options = g_ptr_array_new_with_free_func (option_free);
      g_ptr_array_add (cell->options, option);
      cell->mark = MDG_FORM_MARK_CHECK;
    }

  return TRUE;
}

static MdgFormCellKind
find_kind (JsonObject *object)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_keys); i++)
    {
      if (json_object_has_member (object, kind_keys[i]))
        return i;
    }

  return G_MAXINT;
}

static gboolean
check_rect (Parser            *parser,
            const char        *path,
            const MdgFormRect *rect)
{
  MdgFormLayout *layout = parser->layout;

  if (rect->x < 0 || rect->y < 0 || rect->width < 0 || rect->height < 0 ||
      rect->x + rect->width > layout->width + 0.01 ||
      rect->y + rect->height > layout->height + 0.01)
    return fail (parser, path, "the box [%g, %g, %g, %g] leaves the page",
                 rect->x, rect->y, rect->width, rect->height);

  return TRUE;
}

static gboolean
add_cell (Parser      *parser,
          const char  *path,
          MdgFormCell *cell)
{
  MdgFormLayout *layout = parser->layout;

  if (cell->kind != MDG_FORM_CELL_LINE && !check_rect (parser, path, &cell->rect))
    {
      _mdg_form_cell_clear (cell);
      return FALSE;
    }

  if (cell->id != NULL)
    {
      for (guint i = 0; i < layout->cells->len; i++)
        {
          if (g_strcmp0 (g_array_index (layout->cells, MdgFormCell, i).id, cell->id) == 0)
            {
              fail (parser, path, "the id \"%s\" is used twice", cell->id);
              _mdg_form_cell_clear (cell);
              return FALSE;
            }
        }
    }

  g_array_append_vals (layout->cells, cell, 1);
  return TRUE;
}

static gboolean
parse_sized_cell (Parser      *parser,
                  JsonObject  *object,
                  const char  *path,
                  MdgFormRect *rect,
                  int          member_slot,
                  const char  *id_prefix)
{
  MdgFormCell cell = { 0 };

  cell.kind = find_kind (object);
  if (cell.kind == (MdgFormCellKind) G_MAXINT || cell.kind == MDG_FORM_CELL_FRAME ||
      cell.kind == MDG_FORM_CELL_LINE)
    return fail (parser, path, "a cell must be text, field, choice, check, signature or staff");

  cell.page = parser->page;
  cell.rect = *rect;
  if (!parse_cell_common (parser, object, path, TRUE, &cell))
    {
      _mdg_form_cell_clear (&cell);
      return FALSE;
    }
  cell.member_slot = member_slot;
  if (id_prefix != NULL && cell.id != NULL)
    {
      char *id = g_strdup_printf ("%s.%d.%s", id_prefix, member_slot, cell.id);

      g_free (cell.id);
      cell.id = id;
    }

  return add_cell (parser, path, &cell);
}

/* Widths of a row's cells: each "w", the last (or any without) sharing
 * what is left of @total. */
static gboolean
row_widths (Parser     *parser,
            JsonArray  *cells,
            const char *path,
            double      total,
            double     *widths)
{
  double used = 0;
  guint n_free = 0;
  guint n = json_array_get_length (cells);

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (cells, i);

      widths[i] = -1;
      if (!JSON_NODE_HOLDS_OBJECT (node))
        return fail (parser, path, "cell %u must be an object", i);
      if (!get_number (parser, json_node_get_object (node), "w", path, 1, &widths[i]))
        return FALSE;
      if (widths[i] < 0)
        n_free++;
      else
        used += widths[i];
    }

  if (used > total + 0.01 || (n_free > 0 && used >= total))
    return fail (parser, path, "the cells are wider (%g mm) than the row (%g mm)", used, total);

  for (guint i = 0; i < n; i++)
    {
      if (widths[i] < 0)
        widths[i] = (total - used) / n_free;
    }

  return TRUE;
}

static gboolean
parse_rows (Parser     *parser,
            JsonObject *object,
            const char *path)
{
  static const char *allowed[] = { "rows", "at", "height", "heights", NULL };
  double at[3];
  double height = 10;
  JsonNode *node = json_object_get_member (object, "rows");
  JsonNode *heights_node = json_object_get_member (object, "heights");
  JsonArray *rows;
  double y;

  if (!check_keys (parser, object, path, allowed) ||
      !get_numbers (parser, object, "at", path, at, 3) ||
      !get_number (parser, object, "height", path, 2, &height))
    return FALSE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return fail (parser, path, "\"rows\" must be an array of arrays of cells");
  rows = json_node_get_array (node);
  if (heights_node != NULL && (!JSON_NODE_HOLDS_ARRAY (heights_node) ||
                               json_array_get_length (json_node_get_array (heights_node)) !=
                               json_array_get_length (rows)))
    return fail (parser, path, "\"heights\" must give one height per row");

  y = at[1];
  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      g_autofree char *row_path = g_strdup_printf ("%s.rows[%u]", path, r);
      g_autofree double *widths = NULL;
      JsonNode *row = json_array_get_element (rows, r);
      JsonArray *cells;
      double row_height = height;
      double x = at[0];

      if (heights_node != NULL)
        row_height = json_array_get_double_element (json_node_get_array (heights_node), r);
      if (!JSON_NODE_HOLDS_ARRAY (row))
        return fail (parser, row_path, "a row must be an array of cells");
      cells = json_node_get_array (row);
      widths = g_new (double, json_array_get_length (cells) + 1);
      if (!row_widths (parser, cells, row_path, at[2], widths))
        return FALSE;

      for (guint c = 0; c < json_array_get_length (cells); c++)
        {
          g_autofree char *cell_path = g_strdup_printf ("%s[%u]", row_path, c);
          MdgFormRect rect = { x, y, widths[c], row_height };

          if (!parse_sized_cell (parser, json_array_get_object_element (cells, c), cell_path,
                                 &rect, -1, NULL))
            return FALSE;
          x += widths[c];
        }
      y += row_height;
    }

  return TRUE;
}

static gboolean
parse_table (Parser     *parser,
             JsonObject *object,
             const char *path)
{
  static const char *allowed[] = {
    "table", "at", "members", "rows", "header", "height", "columns", "head_size", NULL,
  };
  MdgFormLayout *layout = parser->layout;
  MdgFormTable table = { MDG_FORM_ROWS_CONCERNED, 5, parser->page };
  const char *id = NULL;
  const char *members = NULL;
  double at[3];
  double n_rows = 5;
  double header = 8;
  double height = 10;
  double head_size = 8;
  g_autofree double *widths = NULL;
  JsonNode *node = json_object_get_member (object, "columns");
  JsonArray *columns;
  double x;
  gboolean ok = TRUE;

  if (!check_keys (parser, object, path, allowed) ||
      !get_string (parser, object, "table", path, TRUE, &id) ||
      !get_numbers (parser, object, "at", path, at, 3) ||
      !get_string (parser, object, "members", path, FALSE, &members) ||
      !get_number (parser, object, "rows", path, 1, &n_rows) ||
      !get_number (parser, object, "header", path, 0, &header) ||
      !get_number (parser, object, "height", path, 2, &height) ||
      !get_number (parser, object, "head_size", path, 4, &head_size))
    return FALSE;

  if (members == NULL || strcmp (members, "concerned") == 0)
    table.rows = MDG_FORM_ROWS_CONCERNED;
  else if (strcmp (members, "household") == 0)
    table.rows = MDG_FORM_ROWS_HOUSEHOLD;
  else if (strcmp (members, "remaining") == 0)
    table.rows = MDG_FORM_ROWS_REMAINING;
  else if (strcmp (members, "children") == 0)
    table.rows = MDG_FORM_ROWS_CHILDREN;
  else if (strcmp (members, "newborns") == 0)
    table.rows = MDG_FORM_ROWS_NEWBORNS;
  else
    return fail (parser, path,
                 "\"members\" must be concerned, household, remaining, children or newborns");
  table.n_rows = (guint) n_rows;

  if (!JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return fail (parser, path, "\"columns\" must be an array of cells");
  columns = json_node_get_array (node);
  widths = g_new (double, json_array_get_length (columns) + 1);
  if (!row_widths (parser, columns, path, at[2], widths))
    return FALSE;

  parser->table = layout->tables->len;
  g_array_append_val (layout->tables, table);

  x = at[0];
  for (guint c = 0; ok && c < json_array_get_length (columns); c++)
    {
      g_autofree char *cell_path = g_strdup_printf ("%s.columns[%u]", path, c);
      JsonObject *column = json_array_get_object_element (columns, c);
      const char *head = NULL;

      if (!get_string (parser, column, "head", cell_path, FALSE, &head))
        return FALSE;
      if (header > 0)
        {
          MdgFormCell cell = { 0 };

          cell.kind = MDG_FORM_CELL_TEXT;
          cell.page = parser->page;
          cell.rect = (MdgFormRect) { x, at[1], widths[c], header };
          cell.flags = MDG_FORM_CELL_FRAMED | MDG_FORM_CELL_SHADED;
          cell.font_size = head_size;
          cell.align = MDG_FORM_ALIGN_CENTER;
          cell.text = g_strdup (head != NULL ? head : "");
          cell.member_slot = -1;
          cell.table = -1;
          if (!add_cell (parser, cell_path, &cell))
            return FALSE;
        }

      for (guint r = 0; ok && r < table.n_rows; r++)
        {
          MdgFormRect rect = { x, at[1] + header + r * height, widths[c], height };

          ok = parse_sized_cell (parser, column, cell_path, &rect, r, id);
        }
      x += widths[c];
    }
  parser->table = -1;

  return ok;
}

static gboolean
parse_block (Parser     *parser,
             JsonNode   *node,
             const char *path)
{
  JsonObject *object;
  MdgFormCell cell = { 0 };
  double at[4];

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (parser, path, "a block must be an object");
  object = json_node_get_object (node);

  if (json_object_has_member (object, "rows") && !json_object_has_member (object, "table"))
    return parse_rows (parser, object, path);
  if (json_object_has_member (object, "table"))
    return parse_table (parser, object, path);

  cell.kind = find_kind (object);
  cell.page = parser->page;
  cell.member_slot = -1;
  cell.table = -1;
  switch ((int) cell.kind)
    {
    case MDG_FORM_CELL_FRAME:
    case MDG_FORM_CELL_LINE:
      {
        static const char *allowed[] = { "frame", "line", "width", NULL };
        const char *key = cell.kind == MDG_FORM_CELL_FRAME ? "frame" : "line";
        double width = cell.kind == MDG_FORM_CELL_FRAME ? 1.0 : 0.5;

        if (!check_keys (parser, object, path, allowed) ||
            !get_numbers (parser, object, key, path, at, 4) ||
            !get_number (parser, object, "width", path, 0.1, &width))
          return FALSE;
        if (cell.kind == MDG_FORM_CELL_FRAME)
          cell.rect = (MdgFormRect) { at[0], at[1], at[2], at[3] };
        else
          cell.rect = (MdgFormRect) { at[0], at[1], at[2] - at[0], at[3] - at[1] };
        /* The pen width, in points, rides on font_size. */
        cell.font_size = width;
        return add_cell (parser, path, &cell);
      }

    case G_MAXINT:
      return fail (parser, path, "unknown block (text, field, choice, check, signature, "
                                 "staff, frame, line, rows or table)");

    default:
      if (!get_numbers (parser, object, "at", path, at, 4))
        return FALSE;
      cell.rect = (MdgFormRect) { at[0], at[1], at[2], at[3] };
      if (!parse_cell_common (parser, object, path, FALSE, &cell))
        {
          _mdg_form_cell_clear (&cell);
          return FALSE;
        }
      return add_cell (parser, path, &cell);
    }
}

static gboolean
parse_layout (Parser     *parser,
              JsonObject *root)
{
  static const char *allowed[] = {
    "id", "title", "layout_version", "original", "procedures", "applicant", "page_size",
    "pages", NULL,
  };
  MdgFormLayout *layout = parser->layout;
  const char *string = NULL;
  double version = 0;
  double size[2];
  JsonNode *node;
  JsonArray *pages;
  g_autoptr(GStrvBuilder) procedures = g_strv_builder_new ();

  if (!check_keys (parser, root, NULL, allowed) ||
      !get_string (parser, root, "id", "id", TRUE, &string))
    return FALSE;
  layout->id = g_strdup (string);
  if (!get_string (parser, root, "title", "title", TRUE, &string))
    return FALSE;
  layout->title = g_strdup (string);
  if (!get_string (parser, root, "original", "original", TRUE, &string) ||
      !get_number (parser, root, "layout_version", "layout_version", 1, &version))
    return FALSE;
  if (version < 1)
    return fail (parser, "layout_version", "must be a number of at least 1");
  layout->version = (guint) version;

  if (!get_string (parser, root, "applicant", "applicant", FALSE, &string))
    return FALSE;
  layout->applicant = MDG_FORM_ROLE_HEAD;
  if (string != NULL)
    {
      guint i;

      for (i = 0; i < G_N_ELEMENTS (roles); i++)
        {
          if (strcmp (string, roles[i].name) == 0)
            break;
        }
      if (i == G_N_ELEMENTS (roles))
        return fail (parser, "applicant", "unknown role \"%s\"", string);
      layout->applicant = roles[i].role;
    }

  node = json_object_get_member (root, "procedures");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (json_node_get_array (node)) == 0)
    return fail (parser, "procedures", "must be a non-empty array of procedure ids");
  for (guint i = 0; i < json_array_get_length (json_node_get_array (node)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (node), i);

      if (json_node_get_value_type (element) != G_TYPE_STRING)
        return fail (parser, "procedures", "element %u must be a string", i);
      g_strv_builder_add (procedures, json_node_get_string (element));
    }
  layout->procedures = g_strv_builder_end (procedures);

  if (!get_numbers (parser, root, "page_size", "page_size", size, 2))
    return FALSE;
  if (size[0] < 50 || size[1] < 50 || size[0] > 1000 || size[1] > 1000)
    return fail (parser, "page_size", "must be between 50 and 1000 mm");
  layout->width = size[0];
  layout->height = size[1];

  node = json_object_get_member (root, "pages");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length ((pages = json_node_get_array (node))) == 0)
    return fail (parser, "pages", "must be a non-empty array of pages");
  layout->n_pages = json_array_get_length (pages);

  for (guint p = 0; p < layout->n_pages; p++)
    {
      JsonNode *page = json_array_get_element (pages, p);
      JsonArray *blocks;

      if (!JSON_NODE_HOLDS_ARRAY (page))
        return fail (parser, "pages", "page %u must be an array of blocks", p);
      blocks = json_node_get_array (page);
      parser->page = p;
      for (guint b = 0; b < json_array_get_length (blocks); b++)
        {
          g_autofree char *path = g_strdup_printf ("pages[%u][%u]", p, b);

          if (!parse_block (parser, json_array_get_element (blocks, b), path))
            return FALSE;
        }
    }

  return TRUE;
}

MdgFormLayout *
mdg_form_layout_new_from_data (const char  *name,
                               const char  *data,
                               gssize       length,
                               GError     **error)
{
  g_autoptr(MdgFormBoxes) boxes = NULL;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (data != NULL, NULL);

  if (!(boxes = mdg_form_boxes_load_default (error)))
    return NULL;

  return _mdg_form_layout_new (name, data, length, boxes, error);
}

MdgFormLayout *
_mdg_form_layout_new (const char    *name,
                      const char    *data,
                      gssize         length,
                      MdgFormBoxes  *boxes,
                      GError       **error)
{
  g_autoptr(JsonParser) json = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  MdgFormLayout *layout;
  Parser parser = { name, boxes, NULL, 0, -1, error };
  JsonNode *root;

  if (!mdg_json_check (data, length < 0 ? strlen (data) : (gsize) length, MDG_JSON_MAX_DEPTH,
                       &local_error) ||
      !json_parser_load_from_data (json, data, length, &local_error))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: not JSON: %s", name, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (json);
  if (!JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: a layout must be a JSON object", name);
      return NULL;
    }

  layout = g_new0 (MdgFormLayout, 1);
  g_atomic_ref_count_init (&layout->ref_count);
  layout->cells = g_array_new (FALSE, TRUE, sizeof (MdgFormCell));
  layout->tables = g_array_new (FALSE, TRUE, sizeof (MdgFormTable));
  layout->boxes = mdg_form_boxes_ref (boxes);
  parser.layout = layout;

  if (!parse_layout (&parser, json_node_get_object (root)))
    {
      _mdg_form_layout_free (layout);
      return NULL;
    }

  return layout;
}
