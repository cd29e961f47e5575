/* mdg-box-assist.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-box-assist"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "mdg-banks.h"
#include "mdg-box-assist.h"
#include "mdg-core-error.h"
#include "mdg-postal.h"
#include "mdg-suggest-popover.h"

#define N_SUGGESTIONS 12

struct _MdgBoxAssist
{
  GObject parent_instance;
};

G_DEFINE_FINAL_TYPE (MdgBoxAssist, mdg_box_assist, G_TYPE_OBJECT)

/* Loaded once per process, never freed: the rows keep borrowed pointers
 * into them. */
static MdgPostalIndex *postal_index;
static MdgBankIndex *bank_index;
static gboolean loading;
static MdgFormBoxes *declared;

/* The key of the declared box of @kind (the bank, the branch): a bank and
 * branch code fill both boxes at once, whatever data/forms/boxes.xml calls
 * them. */
static const char *
key_of_kind (MdgFormBoxKind kind)
{
  if (declared == NULL && !(declared = mdg_form_boxes_load_default (NULL)))
    return NULL;

  for (guint i = 0; i < mdg_form_boxes_get_n_boxes (declared); i++)
    {
      const MdgFormBox *box = mdg_form_boxes_get_box (declared, i);

      if (!mdg_form_box_is_member (box) && mdg_form_box_get_kind (box) == kind)
        return mdg_form_box_get_key (box);
    }

  return NULL;
}

static void
postal_loaded_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!(postal_index = mdg_postal_index_load_default_finish (result, &error)))
    g_warning ("The postal codes could not be loaded: %s", error->message);
}

static void
banks_loaded_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!(bank_index = mdg_bank_index_load_default_finish (result, &error)))
    g_warning ("The bank codes could not be loaded: %s", error->message);
}

static void
mdg_box_assist_class_init (MdgBoxAssistClass *klass)
{
}

/* The postal codes and banks load on a worker thread the first time a
 * visit's Forms page has a box that uses them (or someone asks whether
 * they are ready), not while the counter starts. */
static void
ensure_loading (void)
{
  if (loading)
    return;

  loading = TRUE;
  mdg_postal_index_load_default_async (NULL, postal_loaded_cb, NULL);
  mdg_bank_index_load_default_async (NULL, banks_loaded_cb, NULL);
}

static void
mdg_box_assist_init (MdgBoxAssist *self)
{
}

MdgBoxAssist *
mdg_box_assist_new (void)
{
  return g_object_new (MDG_TYPE_BOX_ASSIST, NULL);
}

gboolean
mdg_box_assist_is_ready (MdgBoxAssist *self)
{
  g_return_val_if_fail (MDG_IS_BOX_ASSIST (self), FALSE);

  ensure_loading ();
  return postal_index != NULL && bank_index != NULL;
}

static void
box_answer_free (gpointer data)
{
  MdgBoxAnswer *answer = data;

  g_free (answer->key);
  g_free (answer->value);
  g_free (answer);
}

static void
add_answer (GPtrArray  *answers,
            const char *key,
            char       *value)
{
  MdgBoxAnswer *answer;

  if (key == NULL)
    {
      g_free (value);
      return;
    }
  answer = g_new0 (MdgBoxAnswer, 1);
  answer->key = g_strdup (key);
  answer->value = value;
  g_ptr_array_add (answers, answer);
}

/* As the forms print them: "肥後 (0182)", "水前寺 (158)". */
static char *
dup_bank_value (const MdgBank *bank)
{
  return g_strdup_printf ("%s (%s)", bank->name, bank->code);
}

static char *
dup_branch_value (const MdgBankBranch *branch)
{
  return g_strdup_printf ("%s (%s)", branch->name, branch->code);
}

/* The code of a value as dup_*_value() wrote it, or of digits alone. */
static gboolean
scan_code (const char *text,
           gsize       n_digits,
           char       *code)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  gsize len = strlen (trimmed);
  const char *digits = trimmed;

  if (len > n_digits + 2 && trimmed[len - 1] == ')' && trimmed[len - n_digits - 2] == '(')
    digits = trimmed + len - n_digits - 1;
  else if (len != n_digits)
    return FALSE;

  for (gsize i = 0; i < n_digits; i++)
    if (!g_ascii_isdigit (digits[i]))
      return FALSE;

  memcpy (code, digits, n_digits);
  code[n_digits] = '\0';
  return TRUE;
}

static const MdgBank *
case_bank (MdgCase *kase)
{
  const char *key = key_of_kind (MDG_FORM_BOX_BANK);
  const char *value = kase != NULL && key != NULL ? mdg_case_get_detail (kase, key) : NULL;
  char code[5];

  if (value == NULL || bank_index == NULL || !scan_code (value, 4, code))
    return NULL;

  return mdg_bank_index_lookup (bank_index, code);
}

/* "熊本県熊本市中央区水前寺", the start of the address of a postal code. */
static char *
dup_postal_address (const char          *code,
                    const char * const **chome)
{
  const char *prefecture, *city, *town;

  if (postal_index == NULL ||
      !mdg_postal_index_lookup (postal_index, code, &prefecture, &city, &town))
    return NULL;

  if (chome != NULL)
    *chome = mdg_postal_index_get_chome (postal_index, city, town);
  return g_strconcat (prefecture, city, town, NULL);
}

static gboolean
fail (GError           **error,
      const MdgFormBox  *box,
      const char        *reason)
{
  /* Translators: "Bank: pick one from the list" */
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_CASE, _("%s: %s"),
               mdg_form_box_get_label (box), reason);
  return FALSE;
}

GPtrArray *
mdg_box_assist_resolve (MdgBoxAssist     *self,
                        const MdgFormBox *box,
                        const char       *text,
                        MdgCase          *kase,
                        GError          **error)
{
  g_autoptr(GPtrArray) answers = g_ptr_array_new_with_free_func (box_answer_free);
  g_autofree char *plain = NULL;
  char code[5], branch_code[4];

  g_return_val_if_fail (MDG_IS_BOX_ASSIST (self), NULL);
  g_return_val_if_fail (box != NULL, NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!mdg_box_assist_is_ready (self))
    return NULL;

  plain = g_utf8_normalize (text, -1, G_NORMALIZE_NFKC);
  if (plain == NULL)
    return NULL;
  g_strstrip (plain);

  switch (mdg_form_box_get_kind (box))
    {
    case MDG_FORM_BOX_ADDRESS:
      {
        g_autofree char *postal = NULL;
        g_autofree char *start = NULL;
        const char *rest = NULL;

        if (!(postal = mdg_postal_code_parse (text, &rest)))
          return NULL;
        if (!(start = dup_postal_address (postal, NULL)))
          {
            fail (error, box, _("no such postal code"));
            return NULL;
          }
        add_answer (answers, mdg_form_box_get_key (box), g_strconcat (start, rest, NULL));
        break;
      }

    case MDG_FORM_BOX_BANK:
      {
        const MdgBank *bank = NULL;
        const MdgBankBranch *branch = NULL;

        /* the bank and its branch at once: 0182-158, 0182158 */
        if (strlen (plain) >= 7 && g_ascii_isdigit (plain[0]))
          {
            g_autoptr(GString) digits = g_string_new (NULL);

            for (const char *p = plain; *p != '\0'; p++)
              if (g_ascii_isdigit (*p))
                g_string_append_c (digits, *p);
              else if (*p != '-' && *p != ' ')
                return NULL;
            if (digits->len == 7)
              {
                memcpy (code, digits->str, 4);
                code[4] = '\0';
                if ((bank = mdg_bank_index_lookup (bank_index, code)) != NULL)
                  branch = mdg_bank_index_lookup_branch (bank_index, bank, digits->str + 4);
              }
            if (bank == NULL || branch == NULL)
              {
                fail (error, box, _("no such bank and branch code"));
                return NULL;
              }
          }
        else if (scan_code (plain, 4, code))
          bank = mdg_bank_index_lookup (bank_index, code);
        else
          {
            g_autoptr(GPtrArray) found = mdg_bank_index_search (bank_index, plain, 2);

            if (found->len == 1)
              bank = found->pdata[0];
          }

        if (bank == NULL)
          {
            fail (error, box, _("type the bank’s code or kana and pick it from the list"));
            return NULL;
          }
        add_answer (answers, key_of_kind (MDG_FORM_BOX_BANK), dup_bank_value (bank));
        if (branch != NULL)
          add_answer (answers, key_of_kind (MDG_FORM_BOX_BRANCH), dup_branch_value (branch));
        break;
      }

    case MDG_FORM_BOX_BRANCH:
      {
        const MdgBank *bank = case_bank (kase);
        const MdgBankBranch *branch = NULL;

        /* a bank typed by hand: the branch is free text */
        if (bank == NULL)
          return NULL;
        if (scan_code (plain, 3, branch_code))
          branch = mdg_bank_index_lookup_branch (bank_index, bank, branch_code);
        else
          {
            g_autoptr(GPtrArray) found = mdg_bank_index_search_branches (bank_index, bank, plain, 2);

            if (found->len == 1)
              branch = found->pdata[0];
          }
        if (branch == NULL)
          {
            fail (error, box, _("type the branch’s code or kana and pick it from the list"));
            return NULL;
          }
        add_answer (answers, key_of_kind (MDG_FORM_BOX_BRANCH), dup_branch_value (branch));
        break;
      }

    case MDG_FORM_BOX_ACCOUNT_NUMBER:
      {
        g_auto(GStrv) parts = g_regex_split_simple ("[- ]+", plain, 0, 0);
        char account[8];
        const MdgBank *yucho;
        const MdgBankBranch *branch;

        /* ゆうちょ 記号・番号: 17020-12345671 */
        if (g_strv_length (parts) != 2 || strlen (parts[0]) != 5)
          return NULL;
        yucho = mdg_bank_index_lookup (bank_index, MDG_BANK_YUCHO);
        if (yucho == NULL || !mdg_yucho_to_zengin (parts[0], parts[1], branch_code, account) ||
            !(branch = mdg_bank_index_lookup_branch (bank_index, yucho, branch_code)))
          {
            fail (error, box, _("a ゆうちょ 記号 has 5 digits starting with 1, its 番号 up to 8 digits ending with 1"));
            return NULL;
          }
        add_answer (answers, key_of_kind (MDG_FORM_BOX_BANK), dup_bank_value (yucho));
        add_answer (answers, key_of_kind (MDG_FORM_BOX_BRANCH), dup_branch_value (branch));
        add_answer (answers, mdg_form_box_get_key (box), g_strdup (account));
        break;
      }

    case MDG_FORM_BOX_TEXT:
    case MDG_FORM_BOX_DATE:
    case MDG_FORM_BOX_PHONE:
    case MDG_FORM_BOX_POSTAL_CODE:
    case MDG_FORM_BOX_CHOICE:
    case MDG_FORM_BOX_NUMBER:
    default:
      return NULL;
    }

  return g_steal_pointer (&answers);
}

/* Rows --------------------------------------------------------------------- */

typedef struct
{
  MdgBoxAssist      *assist;   /* borrowed: the page's, which outlives its rows */
  AdwEntryRow       *row;      /* borrowed: owns this */
  const MdgFormBox  *box;
  MdgVisit          *visit;    /* owned */
  MdgSuggestPopover *popover;  /* borrowed: a child of the row */
  GPtrArray         *items;    /* borrowed MdgBank, MdgBankBranch or 丁目 strings */
  guint              fill_id;  /* the address of a postal code, after "changed" */
  guint              busy : 1;
} RowAssist;

static void
row_assist_free (gpointer data)
{
  RowAssist *ra = data;

  g_clear_handle_id (&ra->fill_id, g_source_remove);
  g_clear_pointer (&ra->items, g_ptr_array_unref);
  g_clear_object (&ra->visit);
  g_free (ra);
}

static void
set_text_at_end (RowAssist  *ra,
                 const char *text)
{
  ra->busy = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (ra->row), text);
  gtk_editable_set_position (GTK_EDITABLE (ra->row), -1);
  ra->busy = FALSE;
}

static void
show_items (RowAssist *ra,
            GPtrArray *items,
            char     *(*describe) (gconstpointer item))
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) labels = NULL;

  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      g_autofree char *label = describe (items->pdata[i]);

      g_strv_builder_add (builder, label);
    }
  labels = g_strv_builder_end (builder);

  g_clear_pointer (&ra->items, g_ptr_array_unref);
  ra->items = items != NULL ? g_ptr_array_ref (items) : NULL;
  mdg_suggest_popover_show (ra->popover, (const char * const *) labels);
}

static char *
describe_bank (gconstpointer item)
{
  const MdgBank *bank = item;

  return g_strdup_printf ("%s  %s（%s）", bank->code, bank->name, bank->kana);
}

static char *
describe_branch (gconstpointer item)
{
  const MdgBankBranch *branch = item;

  return g_strdup_printf ("%s  %s（%s）", branch->code, branch->name, branch->kana);
}

static char *
describe_string (gconstpointer item)
{
  return g_strdup (item);
}

/* A postal code, once its seventh digit is typed: the address up to the
 * 町域, and its 丁目 to pick. Not inside "changed", which the text emits while
 * it is still inserting. */
static gboolean
fill_address_cb (gpointer data)
{
  RowAssist *ra = data;
  g_autofree char *postal = NULL;
  g_autofree char *start = NULL;
  g_autoptr(GPtrArray) items = NULL;
  const char * const *chome = NULL;

  ra->fill_id = 0;
  postal = mdg_postal_code_parse (gtk_editable_get_text (GTK_EDITABLE (ra->row)), NULL);
  if (postal == NULL || !(start = dup_postal_address (postal, &chome)))
    return G_SOURCE_REMOVE;

  set_text_at_end (ra, start);
  items = g_ptr_array_new ();
  for (guint i = 0; chome != NULL && chome[i] != NULL; i++)
    g_ptr_array_add (items, (gpointer) chome[i]);
  show_items (ra, items, describe_string);
  return G_SOURCE_REMOVE;
}

static void
on_row_changed_cb (RowAssist *ra)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (ra->row));
  g_autoptr(GPtrArray) items = NULL;

  if (ra->busy || !mdg_box_assist_is_ready (ra->assist))
    return;

  switch (mdg_form_box_get_kind (ra->box))
    {
    case MDG_FORM_BOX_ADDRESS:
      {
        g_autofree char *postal = mdg_postal_code_parse (text, NULL);

        if (postal == NULL)
          show_items (ra, NULL, describe_string);
        else if (ra->fill_id == 0)
          ra->fill_id = g_idle_add (fill_address_cb, ra);
        return;
      }

    case MDG_FORM_BOX_BANK:
      {
        char code[5];

        if (text[0] == '\0' || scan_code (text, 4, code))
          items = NULL;
        else
          items = mdg_bank_index_search (bank_index, text, N_SUGGESTIONS);
        show_items (ra, items, describe_bank);
        return;
      }

    case MDG_FORM_BOX_BRANCH:
      {
        const MdgBank *bank = ra->visit != NULL ? case_bank (mdg_visit_get_case (ra->visit)) : NULL;
        char code[4];

        if (bank == NULL || text[0] == '\0' || scan_code (text, 3, code))
          items = NULL;
        else
          items = mdg_bank_index_search_branches (bank_index, bank, text, N_SUGGESTIONS);
        show_items (ra, items, describe_branch);
        return;
      }

    case MDG_FORM_BOX_TEXT:
    case MDG_FORM_BOX_DATE:
    case MDG_FORM_BOX_PHONE:
    case MDG_FORM_BOX_POSTAL_CODE:
    case MDG_FORM_BOX_ACCOUNT_NUMBER:
    case MDG_FORM_BOX_CHOICE:
    case MDG_FORM_BOX_NUMBER:
    default:
      return;
    }
}

static void
on_popover_picked_cb (RowAssist *ra,
                      guint      index)
{
  g_autofree char *value = NULL;

  g_assert (ra->items != NULL && index < ra->items->len);

  switch (mdg_form_box_get_kind (ra->box))
    {
    case MDG_FORM_BOX_ADDRESS:
      /* the 丁目, after the 町域; the clerk goes on with the 番地 */
      value = g_strconcat (gtk_editable_get_text (GTK_EDITABLE (ra->row)),
                           (const char *) ra->items->pdata[index], NULL);
      set_text_at_end (ra, value);
      gtk_widget_grab_focus (GTK_WIDGET (ra->row));
      return;

    case MDG_FORM_BOX_BANK:
      value = dup_bank_value (ra->items->pdata[index]);
      break;

    case MDG_FORM_BOX_BRANCH:
      value = dup_branch_value (ra->items->pdata[index]);
      break;

    case MDG_FORM_BOX_TEXT:
    case MDG_FORM_BOX_DATE:
    case MDG_FORM_BOX_PHONE:
    case MDG_FORM_BOX_POSTAL_CODE:
    case MDG_FORM_BOX_ACCOUNT_NUMBER:
    case MDG_FORM_BOX_CHOICE:
    case MDG_FORM_BOX_NUMBER:
    default:
      g_assert_not_reached ();
    }

  /* a bank or branch picked is applied at once */
  set_text_at_end (ra, value);
  g_signal_emit_by_name (ra->row, "apply");
}

void
mdg_box_assist_attach (MdgBoxAssist     *self,
                       AdwEntryRow      *row,
                       const MdgFormBox *box,
                       MdgVisit         *visit)
{
  MdgFormBoxKind kind;
  RowAssist *ra;

  g_return_if_fail (MDG_IS_BOX_ASSIST (self));
  g_return_if_fail (ADW_IS_ENTRY_ROW (row));
  g_return_if_fail (box != NULL);

  ensure_loading ();
  kind = mdg_form_box_get_kind (box);
  if (kind == MDG_FORM_BOX_ACCOUNT_NUMBER)
    gtk_widget_set_tooltip_text (GTK_WIDGET (row),
                                 _("Seven digits; for ゆうちょ, the 記号 and 番号 as 17020-12345671"));
  if (kind != MDG_FORM_BOX_ADDRESS && kind != MDG_FORM_BOX_BANK && kind != MDG_FORM_BOX_BRANCH)
    return;

  ra = g_new0 (RowAssist, 1);
  ra->assist = self;
  ra->row = row;
  ra->box = box;
  ra->visit = visit != NULL ? g_object_ref (visit) : NULL;
  ra->popover = mdg_suggest_popover_new_for (GTK_WIDGET (row));
  g_object_set_data_full (G_OBJECT (row), "mdg-box-assist", ra, row_assist_free);
  g_object_set_data (G_OBJECT (row), "mdg-suggest-popover", ra->popover);

  g_signal_connect_swapped (row, "changed", G_CALLBACK (on_row_changed_cb), ra);
  g_signal_connect_swapped (ra->popover, "picked", G_CALLBACK (on_popover_picked_cb), ra);

  gtk_widget_set_tooltip_text (GTK_WIDGET (row),
                               kind == MDG_FORM_BOX_ADDRESS
                               ? _("Type the postal code: the address up to the town fills in; then the block and building")
                               : kind == MDG_FORM_BOX_BANK
                               ? _("Type the bank’s code or a few kana and pick it; its code and the branch’s, as 0182-158, fill both")
                               : _("Type the branch’s code or a few kana and pick it"));
}
