/* mdg-form-boxes.c: the declaration of data/forms/boxes.xml
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-form-boxes"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "mdg-core-error.h"
#include "mdg-form-boxes.h"
#include "mdg-form-private.h"
#include "mdg-phone.h"

typedef struct
{
  char *value;
  char *label;    /* msgid */
} Option;

struct _MdgFormBox
{
  char            *key;
  char            *label;        /* msgid */
  MdgFormBoxKind   kind;
  guint            max_length;
  GRegex          *pattern;      /* nullable: anchored */
  GArray          *options;      /* Option */
  guint            member : 1;
  guint            wareki : 1;
  guint            check_individual_number : 1;
  char            *propose;      /* nullable: what the household proposes */
};

struct _MdgFormBoxes
{
  gatomicrefcount  ref_count;
  GPtrArray       *boxes;        /* MdgFormBox */
  GHashTable      *by_key;       /* borrowed key → MdgFormBox */
};

G_DEFINE_BOXED_TYPE (MdgFormBoxes, mdg_form_boxes, mdg_form_boxes_ref, mdg_form_boxes_unref)

static const char * const kind_names[] = {
  [MDG_FORM_BOX_TEXT] = "text",
  [MDG_FORM_BOX_DATE] = "date",
  [MDG_FORM_BOX_PHONE] = "phone",
  [MDG_FORM_BOX_POSTAL_CODE] = "postal_code",
  [MDG_FORM_BOX_ADDRESS] = "address",
  [MDG_FORM_BOX_BANK] = "bank",
  [MDG_FORM_BOX_BRANCH] = "branch",
  [MDG_FORM_BOX_ACCOUNT_NUMBER] = "account_number",
  [MDG_FORM_BOX_CHOICE] = "choice",
  [MDG_FORM_BOX_NUMBER] = "number",
};

/* The longest value of a box that declares none: what any form box prints. */
#define DEFAULT_MAX_LENGTH 200

static void
option_clear (gpointer data)
{
  Option *option = data;

  g_free (option->value);
  g_free (option->label);
}

static void
box_free (MdgFormBox *box)
{
  g_free (box->key);
  g_free (box->propose);
  g_free (box->label);
  g_clear_pointer (&box->pattern, g_regex_unref);
  g_clear_pointer (&box->options, g_array_unref);
  g_free (box);
}

/* Parsing ------------------------------------------------------------------ */

typedef struct
{
  const char   *what;
  GPtrArray    *boxes;
  GHashTable   *by_key;
  MdgFormBox   *box;          /* the open <box> */
  Option       *option;       /* the open <option> */
  GString      *text;         /* the open <label>'s text */
  guint         depth;
} Parser;

static gboolean
parse_fail (GMarkupParseContext  *context,
            Parser               *parser,
            GError              **error,
            const char           *format,
            ...) G_GNUC_PRINTF (4, 5);

static gboolean
parse_fail (GMarkupParseContext  *context,
            Parser               *parser,
            GError              **error,
            const char           *format,
            ...)
{
  g_autofree char *reason = NULL;
  va_list args;
  int line = 0;

  va_start (args, format);
  reason = g_strdup_vprintf (format, args);
  va_end (args);

  g_markup_parse_context_get_position (context, &line, NULL);
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
               "%s:%d: %s", parser->what, line, reason);
  return FALSE;
}

static gboolean
parse_kind (const char     *name,
            MdgFormBoxKind *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    {
      if (g_strcmp0 (kind_names[i], name) == 0)
        {
          *kind = (MdgFormBoxKind) i;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
key_is_valid (const char *key)
{
  if (key[0] == '\0' || !g_ascii_islower (key[0]))
    return FALSE;
  for (const char *p = key; *p != '\0'; p++)
    {
      if (!(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
        return FALSE;
    }

  return TRUE;
}

static void
start_box (GMarkupParseContext  *context,
           Parser               *parser,
           const char          **names,
           const char          **values,
           GError              **error)
{
  const char *key = NULL, *kind = NULL, *member = NULL, *era = NULL;
  const char *max_length = NULL, *pattern = NULL, *check = NULL, *propose = NULL;
  g_autoptr(GError) regex_error = NULL;
  MdgFormBox *box;
  guint64 length = DEFAULT_MAX_LENGTH;

  if (!g_markup_collect_attributes ("box", names, values, error,
                                    G_MARKUP_COLLECT_STRING, "key", &key,
                                    G_MARKUP_COLLECT_STRING, "kind", &kind,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "member", &member,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "era", &era,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "max-length", &max_length,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "pattern", &pattern,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "check", &check,
                                    G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "propose", &propose,
                                    G_MARKUP_COLLECT_INVALID))
    return;

  if (!key_is_valid (key))
    {
      parse_fail (context, parser, error, "box key \"%s\" is not lower_case_with_underscores", key);
      return;
    }
  if (g_hash_table_contains (parser->by_key, key))
    {
      parse_fail (context, parser, error, "box \"%s\" is declared twice", key);
      return;
    }

  box = g_new0 (MdgFormBox, 1);
  box->key = g_strdup (key);
  box->options = g_array_new (FALSE, TRUE, sizeof (Option));
  g_array_set_clear_func (box->options, option_clear);
  g_ptr_array_add (parser->boxes, box);
  g_hash_table_insert (parser->by_key, box->key, box);
  parser->box = box;

  if (!parse_kind (kind, &box->kind))
    {
      parse_fail (context, parser, error, "box \"%s\": unknown kind \"%s\"", key, kind);
      return;
    }
  if (member != NULL && !g_strv_contains ((const char *[]) { "yes", "no", NULL }, member))
    {
      parse_fail (context, parser, error, "box \"%s\": member is \"yes\" or \"no\"", key);
      return;
    }
  box->member = g_strcmp0 (member, "yes") == 0;

  if (era != NULL && (box->kind != MDG_FORM_BOX_DATE ||
                      !g_strv_contains ((const char *[]) { "wareki", "seireki", NULL }, era)))
    {
      parse_fail (context, parser, error, "box \"%s\": era is \"wareki\" or \"seireki\", for dates", key);
      return;
    }
  box->wareki = g_strcmp0 (era, "wareki") == 0;

  if (max_length != NULL &&
      (!g_ascii_string_to_unsigned (max_length, 10, 1, 10000, &length, NULL)))
    {
      parse_fail (context, parser, error, "box \"%s\": max-length is 1–10000", key);
      return;
    }
  box->max_length = length;

  if (pattern != NULL)
    {
      g_autofree char *anchored = g_strdup_printf ("^(?:%s)$", pattern);

      if (!(box->pattern = g_regex_new (anchored, G_REGEX_OPTIMIZE, 0, &regex_error)))
        {
          parse_fail (context, parser, error, "box \"%s\": pattern: %s", key, regex_error->message);
          return;
        }
    }

  if (check != NULL && g_strcmp0 (check, "individual-number") != 0)
    {
      parse_fail (context, parser, error, "box \"%s\": unknown check \"%s\"", key, check);
      return;
    }
  box->check_individual_number = check != NULL;

  /* mdg_form_propose_detail() knows these */
  if (propose != NULL && !g_strv_contains ((const char *[]) { "birth-order", "payee", NULL }, propose))
    {
      parse_fail (context, parser, error, "box \"%s\": unknown propose \"%s\"", key, propose);
      return;
    }
  box->propose = g_strdup (propose);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parser *parser = user_data;

  parser->depth++;

  if (strcmp (element, "boxes") == 0 && parser->depth == 1)
    {
      g_markup_collect_attributes (element, names, values, error, G_MARKUP_COLLECT_INVALID, NULL);
    }
  else if (strcmp (element, "box") == 0 && parser->depth == 2)
    {
      start_box (context, parser, names, values, error);
    }
  else if (strcmp (element, "option") == 0 && parser->depth == 3 && parser->box != NULL)
    {
      const char *value = NULL;
      Option option = { 0 };

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING, "value", &value,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      if (parser->box->kind != MDG_FORM_BOX_CHOICE)
        {
          parse_fail (context, parser, error, "box \"%s\": only a choice has options",
                      parser->box->key);
          return;
        }
      if (mdg_form_box_has_option (parser->box, value))
        {
          parse_fail (context, parser, error, "box \"%s\": option \"%s\" is declared twice",
                      parser->box->key, value);
          return;
        }
      option.value = g_strdup (value);
      g_array_append_val (parser->box->options, option);
      parser->option = &g_array_index (parser->box->options, Option, parser->box->options->len - 1);
    }
  else if (strcmp (element, "label") == 0 && parser->box != NULL &&
           (parser->depth == 3 || (parser->depth == 4 && parser->option != NULL)))
    {
      const char *note = NULL;

      if (!g_markup_collect_attributes (element, names, values, error,
                                        G_MARKUP_COLLECT_STRING | G_MARKUP_COLLECT_OPTIONAL, "note", &note,
                                        G_MARKUP_COLLECT_INVALID))
        return;
      parser->text = g_string_new (NULL);
    }
  else
    {
      parse_fail (context, parser, error, "unexpected <%s>", element);
    }
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parser *parser = user_data;

  parser->depth--;

  if (strcmp (element, "label") == 0 && parser->text != NULL)
    {
      g_autofree char *label = g_strstrip (g_string_free (g_steal_pointer (&parser->text), FALSE));
      char **slot = parser->option != NULL ? &parser->option->label : &parser->box->label;

      if (label[0] == '\0' || *slot != NULL)
        {
          parse_fail (context, parser, error, "box \"%s\": one label, not empty",
                      parser->box->key);
          return;
        }
      *slot = g_steal_pointer (&label);
    }
  else if (strcmp (element, "option") == 0 && parser->option != NULL)
    {
      if (parser->option->label == NULL)
        parse_fail (context, parser, error, "box \"%s\": option \"%s\" has no label",
                    parser->box->key, parser->option->value);
      parser->option = NULL;
    }
  else if (strcmp (element, "box") == 0 && parser->box != NULL)
    {
      if (parser->box->label == NULL)
        parse_fail (context, parser, error, "box \"%s\" has no label", parser->box->key);
      else if (parser->box->kind == MDG_FORM_BOX_CHOICE && parser->box->options->len == 0)
        parse_fail (context, parser, error, "box \"%s\": a choice needs options", parser->box->key);
      parser->box = NULL;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *text,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  Parser *parser = user_data;

  if (parser->text != NULL)
    g_string_append_len (parser->text, text, length);
}

MdgFormBoxes *
mdg_form_boxes_new_from_data (const char  *data,
                              gssize       length,
                              const char  *what,
                              GError     **error)
{
  static const GMarkupParser callbacks = { start_element, end_element, text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GPtrArray) boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) box_free);
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) local_error = NULL;
  Parser parser = { what, boxes, by_key, NULL, NULL, NULL, 0 };
  MdgFormBoxes *self;

  g_return_val_if_fail (data != NULL, NULL);
  g_return_val_if_fail (what != NULL, NULL);

  context = g_markup_parse_context_new (&callbacks, G_MARKUP_TREAT_CDATA_AS_TEXT, &parser, NULL);
  if (!g_markup_parse_context_parse (context, data, length, &local_error) ||
      !g_markup_parse_context_end_parse (context, &local_error))
    {
      if (parser.text != NULL)
        g_string_free (parser.text, TRUE);
      if (local_error->domain == MDG_CORE_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      else
        g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                     "%s: %s", what, local_error->message);
      return NULL;
    }
  if (boxes->len == 0)
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: declares no box", what);
      return NULL;
    }

  self = g_new0 (MdgFormBoxes, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->boxes = g_steal_pointer (&boxes);
  self->by_key = g_steal_pointer (&by_key);
  return self;
}

MdgFormBoxes *
mdg_form_boxes_load_default (GError **error)
{
  static gsize once;
  static MdgFormBoxes *boxes;
  static GError *load_error;

  if (g_once_init_enter (&once))
    {
      const char *dir = g_getenv ("MDG_FORMS_DIR");
      g_autofree char *path = NULL;

      if (dir != NULL && dir[0] != '\0')
        path = g_build_filename (dir, "boxes.xml", NULL);

      if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS))
        boxes = _mdg_form_boxes_load_file (path, &load_error);
      else
        {
          g_autoptr(GBytes) bytes = NULL;

          _mdg_form_ensure_resource ();
          bytes = g_resources_lookup_data (MDG_FORMS_RESOURCE_PATH "/boxes.xml",
                                           G_RESOURCE_LOOKUP_FLAGS_NONE, &load_error);
          if (bytes != NULL)
            boxes = mdg_form_boxes_new_from_data (g_bytes_get_data (bytes, NULL),
                                                  g_bytes_get_size (bytes), "boxes.xml",
                                                  &load_error);
        }

      g_once_init_leave (&once, 1);
    }

  if (boxes == NULL)
    {
      g_propagate_error (error, g_error_copy (load_error));
      return NULL;
    }

  return mdg_form_boxes_ref (boxes);
}

MdgFormBoxes *
_mdg_form_boxes_load_file (const char  *path,
                           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *name = g_path_get_basename (path);
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CATALOG,
                   "%s: cannot read the form boxes: %s", name, local_error->message);
      return NULL;
    }

  return mdg_form_boxes_new_from_data (contents, length, name, error);
}

MdgFormBoxes *
mdg_form_boxes_ref (MdgFormBoxes *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_form_boxes_unref (MdgFormBoxes *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_hash_table_unref (self->by_key);
      g_ptr_array_unref (self->boxes);
      g_free (self);
    }
}

guint
mdg_form_boxes_get_n_boxes (MdgFormBoxes *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->boxes->len;
}

const MdgFormBox *
mdg_form_boxes_get_box (MdgFormBoxes *self,
                        guint         index)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (index < self->boxes->len, NULL);

  return g_ptr_array_index (self->boxes, index);
}

const MdgFormBox *
mdg_form_boxes_lookup (MdgFormBoxes *self,
                       const char   *key)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (key == NULL)
    return NULL;

  return g_hash_table_lookup (self->by_key, key);
}

/* A box ------------------------------------------------------------------- */

const char *
mdg_form_box_get_key (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, NULL);

  return box->key;
}

const char *
mdg_form_box_get_label (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, NULL);

  return g_dgettext (GETTEXT_PACKAGE, box->label);
}

/* What the household proposes for the box ("birth-order", "payee"), or NULL. */
const char *
mdg_form_box_get_proposal (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, NULL);

  return box->propose;
}

MdgFormBoxKind
mdg_form_box_get_kind (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, MDG_FORM_BOX_TEXT);

  return box->kind;
}

const char *
mdg_form_box_kind_to_string (MdgFormBoxKind kind)
{
  g_return_val_if_fail ((guint) kind < G_N_ELEMENTS (kind_names), NULL);

  return kind_names[kind];
}

gboolean
mdg_form_box_is_member (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, FALSE);

  return box->member;
}

gboolean
mdg_form_box_accepts_wareki (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, FALSE);

  return box->wareki;
}

guint
mdg_form_box_get_max_length (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, 0);

  return box->max_length;
}

guint
mdg_form_box_get_n_options (const MdgFormBox *box)
{
  g_return_val_if_fail (box != NULL, 0);

  return box->options->len;
}

const char *
mdg_form_box_get_option_value (const MdgFormBox *box,
                               guint             index)
{
  g_return_val_if_fail (box != NULL, NULL);
  g_return_val_if_fail (index < box->options->len, NULL);

  return g_array_index (box->options, Option, index).value;
}

const char *
mdg_form_box_get_option_label (const MdgFormBox *box,
                               guint             index)
{
  g_return_val_if_fail (box != NULL, NULL);
  g_return_val_if_fail (index < box->options->len, NULL);

  return g_dgettext (GETTEXT_PACKAGE, g_array_index (box->options, Option, index).label);
}

gboolean
mdg_form_box_has_option (const MdgFormBox *box,
                         const char       *value)
{
  g_return_val_if_fail (box != NULL, FALSE);

  for (guint i = 0; value != NULL && i < box->options->len; i++)
    {
      if (strcmp (g_array_index (box->options, Option, i).value, value) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Typed values ------------------------------------------------------------- */

gboolean
mdg_individual_number_is_valid (const char *text)
{
  guint sum = 0;
  guint remainder;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 12)
    return FALSE;
  for (guint i = 0; i < 12; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
    }

  for (guint n = 1; n <= 11; n++)
    {
      guint p = text[11 - n] - '0';
      guint q = n <= 6 ? n + 1 : n - 5;

      sum += p * q;
    }

  remainder = sum % 11;
  return (guint) (text[11] - '0') == (remainder <= 1 ? 0 : 11 - remainder);
}

/* Full-width digits and signs as half-width ASCII, and spaces trimmed: what
 * a Japanese input method types for "2026-12-07" or "096-000-0000". */
static char *
dup_half_width (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF10 && c <= 0xFF19)        /* ０–９ */
        g_string_append_c (out, '0' + (c - 0xFF10));
      else if (c == 0xFF0D || c == 0x2212 || c == 0x30FC || c == 0x2010 || c == 0x2015)
        g_string_append_c (out, '-');         /* －, −, ー, ‐, ― */
      else if (c == 0xFF0E)
        g_string_append_c (out, '.');
      else if (c == 0xFF0F)
        g_string_append_c (out, '/');
      else if (c == 0x3000)
        g_string_append_c (out, ' ');
      else if (c >= 0xFF21 && c <= 0xFF3A)    /* Ａ–Ｚ */
        g_string_append_c (out, 'A' + (c - 0xFF21));
      else if (c >= 0xFF41 && c <= 0xFF5A)    /* ａ–ｚ */
        g_string_append_c (out, 'a' + (c - 0xFF41));
      else
        g_string_append_unichar (out, c);
    }

  return g_strstrip (g_string_free (out, FALSE));
}

static const struct {
  const char *name;
  char        letter;
} era_names[] = {
  [MDG_ERA_MEIJI] = { "明治", 'M' },
  [MDG_ERA_TAISHO] = { "大正", 'T' },
  [MDG_ERA_SHOWA] = { "昭和", 'S' },
  [MDG_ERA_HEISEI] = { "平成", 'H' },
  [MDG_ERA_REIWA] = { "令和", 'R' },
};

/* Three numbers separated by one of @separators (or 年 月 日). */
static gboolean
scan_three (const char *text,
            int        *a,
            int        *b,
            int        *c)
{
  g_autofree char *plain = NULL;
  g_auto(GStrv) parts = NULL;
  guint64 values[3];

  plain = g_strdup (text);
  /* 年 月 日 and 元年 as separators and 1 */
  {
    g_autoptr(GString) s = g_string_new (plain);

    g_string_replace (s, "元年", "1年", 1);
    g_string_replace (s, "年", ".", 0);
    g_string_replace (s, "月", ".", 0);
    g_string_replace (s, "日", "", 0);
    g_string_replace (s, "-", ".", 0);
    g_string_replace (s, "/", ".", 0);
    g_free (plain);
    plain = g_string_free (g_steal_pointer (&s), FALSE);
  }

  parts = g_strsplit (plain, ".", -1);
  if (g_strv_length (parts) != 3)
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      g_strstrip (parts[i]);
      if (!g_ascii_string_to_unsigned (parts[i], 10, 0, 9999, &values[i], NULL))
        return FALSE;
    }

  *a = values[0];
  *b = values[1];
  *c = values[2];
  return TRUE;
}

gboolean
mdg_day_parse_typed (const char *text,
                     MdgDay      today,
                     MdgDay     *out_day)
{
  g_autofree char *plain = NULL;
  const char *rest;
  int era = -1;
  int a, b, c;
  MdgDay day;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (out_day != NULL, FALSE);

  plain = dup_half_width (text);
  rest = plain;

  for (guint i = 0; i < G_N_ELEMENTS (era_names); i++)
    {
      gsize n = strlen (era_names[i].name);

      if (strncmp (rest, era_names[i].name, n) == 0)
        {
          era = i;
          rest += n;
          break;
        }
      if (g_ascii_toupper (rest[0]) == era_names[i].letter)
        {
          era = i;
          rest += 1;
          break;
        }
    }

  if (!scan_three (rest, &a, &b, &c))
    return FALSE;

  if (era < 0 && a >= 1000)
    {
      if (!mdg_day_is_valid_ymd (a, b, c))
        return FALSE;
      *out_day = mdg_day_new (a, b, c);
      return TRUE;
    }

  if (era < 0)
    {
      MdgEra today_era;

      /* "8.12.7": the year of the era of today */
      if (today == MDG_DAY_INVALID || !mdg_date_to_wareki (today, &today_era, NULL, NULL, NULL))
        return FALSE;
      era = today_era;
    }

  day = mdg_date_from_wareki ((MdgEra) era, a, b, c);
  if (day == MDG_DAY_INVALID)
    return FALSE;

  *out_day = day;
  return TRUE;
}

static gboolean
box_fail (const MdgFormBox  *box,
          GError           **error,
          const char        *reason)
{
  /* Translators: a typed box is not valid: "Phone Number: use digits and hyphens" */
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE, _("%s: %s"),
               mdg_form_box_get_label (box), reason);
  return FALSE;
}

char *
mdg_form_box_normalize (const MdgFormBox  *box,
                        const char        *text,
                        MdgDay             today,
                        GError           **error)
{
  g_autofree char *value = NULL;

  g_return_val_if_fail (box != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      box_fail (box, error, _("not valid UTF-8"));
      return NULL;
    }

  switch (box->kind)
    {
    case MDG_FORM_BOX_DATE:
      {
        MdgDay day;

        value = dup_half_width (text);
        if (!mdg_day_parse_typed (value, today, &day) ||
            (!box->wareki && !g_ascii_isdigit (value[0])))
          {
            box_fail (box, error, box->wareki ? _("type a date such as R8.12.7, 令和8年12月7日 or 2026-12-07")
                                              : _("type a date such as 2026-12-07"));
            return NULL;
          }
        if (mdg_day_get_year (day) < MDG_DATE_MIN_YEAR || mdg_day_get_year (day) > 2099)
          {
            box_fail (box, error, _("the date is outside 1873–2099"));
            return NULL;
          }
        return mdg_day_dup_iso (day);
      }

    case MDG_FORM_BOX_PHONE:
      {
        guint digits = 0;

        value = dup_half_width (text);
        for (const char *p = value; *p != '\0'; p++)
          {
            if (g_ascii_isdigit (*p))
              digits++;
            else if (*p != '-' && *p != '(' && *p != ')' && *p != ' ')
              {
                box_fail (box, error, _("use digits and hyphens"));
                return NULL;
              }
          }
        if (digits < 10 || digits > 11)
          {
            box_fail (box, error, _("a phone number has 10 or 11 digits"));
            return NULL;
          }
        {
          g_autoptr(GString) only = g_string_new (value);
          char *typed = value;

          g_string_replace (only, "(", "", 0);
          g_string_replace (only, ")", "", 0);
          g_string_replace (only, "-", "", 0);
          g_string_replace (only, " ", "", 0);
          value = mdg_phone_format (only->str, typed);
          g_free (typed);
        }
        break;
      }

    case MDG_FORM_BOX_POSTAL_CODE:
      {
        g_autoptr(GString) digits = g_string_new (NULL);

        value = dup_half_width (text);
        for (const char *p = value; *p != '\0'; p++)
          {
            if (g_ascii_isdigit (*p))
              g_string_append_c (digits, *p);
            else if (*p != '-')
              break;
          }
        if (digits->len != 7)
          {
            box_fail (box, error, _("a postal code has 7 digits"));
            return NULL;
          }
        g_free (value);
        value = g_strdup_printf ("%.3s-%s", digits->str, digits->str + 3);
        break;
      }

    case MDG_FORM_BOX_ACCOUNT_NUMBER:
    case MDG_FORM_BOX_NUMBER:
      {
        g_autoptr(GString) digits = g_string_new (NULL);

        value = dup_half_width (text);
        for (const char *p = value; *p != '\0'; p++)
          {
            if (g_ascii_isdigit (*p))
              g_string_append_c (digits, *p);
            else if (*p != '-' && *p != ' ')
              {
                box_fail (box, error, _("type digits only"));
                return NULL;
              }
          }
        g_free (value);
        value = g_string_free (g_steal_pointer (&digits), FALSE);
        break;
      }

    case MDG_FORM_BOX_CHOICE:
      if (!mdg_form_box_has_option (box, text))
        {
          box_fail (box, error, _("not one of the options"));
          return NULL;
        }
      return g_strdup (text);

    case MDG_FORM_BOX_TEXT:
    case MDG_FORM_BOX_ADDRESS:
    case MDG_FORM_BOX_BANK:
    case MDG_FORM_BOX_BRANCH:
    default:
      value = g_strstrip (g_strdup (text));
      break;
    }

  if (value[0] == '\0')
    {
      box_fail (box, error, _("empty"));
      return NULL;
    }
  for (const char *p = value; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 || *p == 0x7f)
        {
          box_fail (box, error, _("control characters are not allowed"));
          return NULL;
        }
    }
  if (box->max_length > 0 && g_utf8_strlen (value, -1) > box->max_length)
    {
      g_autofree char *reason = g_strdup_printf (_("at most %u characters"), box->max_length);

      box_fail (box, error, reason);
      return NULL;
    }
  if (box->pattern != NULL && !g_regex_match (box->pattern, value, 0, NULL))
    {
      box_fail (box, error, box->kind == MDG_FORM_BOX_ACCOUNT_NUMBER ? _("an account number has 7 digits")
                                                                     : _("the number does not have the right digits"));
      return NULL;
    }
  if (box->check_individual_number && !mdg_individual_number_is_valid (value))
    {
      box_fail (box, error, _("not an individual number (12 digits with a valid check digit)"));
      return NULL;
    }

  return g_steal_pointer (&value);
}
