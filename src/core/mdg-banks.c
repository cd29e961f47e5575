/* mdg-banks.c: banks and branches by their 全銀 code or their kana
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-banks"

#include "config.h"

#include <string.h>

#include "mdg-banks.h"
#include "mdg-core-error.h"
#include "mdg-kana.h"
#include "mdg-lookup-private.h"

struct _MdgBankIndex
{
  gatomicrefcount  ref_count;
  GStringChunk    *strings;
  GArray          *banks;     /* MdgBank, sorted by code */
  GArray          *branches;  /* MdgBankBranch, by bank, sorted by code */
  char            *source;
};

G_DEFINE_BOXED_TYPE (MdgBankIndex, mdg_bank_index, mdg_bank_index_ref, mdg_bank_index_unref)

/* The search fold of mdg-kana.c (kana of either kind and width, small
 * kana, 長音, spaces), less the punctuation 全銀 names carry, in upper
 * case as the codes' romaji are. */
char *
mdg_bank_fold_kana (const char *text)
{
  g_autofree char *folded = NULL;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  folded = mdg_kana_fold (text);
  out = g_string_new (NULL);
  for (const char *p = folded; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '-' || c == 0x2212 || c == 0x2010 || c == 0x2015 || c == '.' || c == '(' ||
          c == ')')
        continue;
      g_string_append_unichar (out, g_unichar_toupper (c));
    }

  return g_string_free (out, FALSE);
}

static gboolean
parse_fail (GError **error,
            guint    line)
{
  g_set_error (error, MDG_CORE_ERROR, MDG_CORE_ERROR_INVALID_INPUT,
               "zengin.tsv: line %u is malformed", line);
  return FALSE;
}

static gboolean
is_digits (const char *text,
           gsize       n)
{
  if (strlen (text) != n)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  return TRUE;
}

static gboolean
parse (MdgBankIndex  *self,
       GBytes        *bytes,
       GError       **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);
  g_autofree char *text = g_strndup (data, size);
  char *save = NULL;
  guint line = 0;

  for (char *l = strtok_r (text, "\n", &save); l != NULL; l = strtok_r (NULL, "\n", &save))
    {
      g_auto(GStrv) fields = NULL;
      g_autofree char *folded = NULL;

      line++;
      if (l[0] == '#')
        {
          if (self->source == NULL)
            self->source = g_strdup (g_strstrip (l + 1));
          continue;
        }
      fields = g_strsplit (l, "\t", 5);
      if (l[0] != '\t')
        {
          MdgBank bank = { { 0 } };

          if (g_strv_length (fields) != 3 || !is_digits (fields[0], 4))
            return parse_fail (error, line);
          memcpy (bank.code, fields[0], 4);
          bank.name = g_string_chunk_insert_const (self->strings, fields[1]);
          bank.kana = g_string_chunk_insert_const (self->strings, fields[2]);
          folded = mdg_bank_fold_kana (fields[2]);
          bank.folded = g_string_chunk_insert_const (self->strings, folded);
          bank.first_branch = self->branches->len;
          g_array_append_val (self->banks, bank);
        }
      else
        {
          MdgBankBranch branch = { { 0 } };

          if (g_strv_length (fields) != 4 || self->banks->len == 0 || !is_digits (fields[1], 3))
            return parse_fail (error, line);
          memcpy (branch.code, fields[1], 3);
          branch.name = g_string_chunk_insert_const (self->strings, fields[2]);
          branch.kana = g_string_chunk_insert_const (self->strings, fields[3]);
          folded = mdg_bank_fold_kana (fields[3]);
          branch.folded = g_string_chunk_insert_const (self->strings, folded);
          g_array_append_val (self->branches, branch);
          g_array_index (self->banks, MdgBank, self->banks->len - 1).n_branches++;
        }
    }

  if (self->banks->len == 0)
    return parse_fail (error, line);
  return TRUE;
}

MdgBankIndex *
mdg_bank_index_new_from_bytes (GBytes  *zengin_gz,
                               GError **error)
{
  g_autoptr(MdgBankIndex) self = NULL;
  g_autoptr(GBytes) text = NULL;

  g_return_val_if_fail (zengin_gz != NULL, NULL);

  self = g_new0 (MdgBankIndex, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->strings = g_string_chunk_new (64 * 1024);
  self->banks = g_array_new (FALSE, FALSE, sizeof (MdgBank));
  self->branches = g_array_sized_new (FALSE, FALSE, sizeof (MdgBankBranch), 32000);

  if (!(text = _mdg_lookup_inflate (zengin_gz, error)) || !parse (self, text, error))
    return NULL;

  g_debug ("%u banks, %u branches", self->banks->len, self->branches->len);
  return g_steal_pointer (&self);
}

MdgBankIndex *
mdg_bank_index_load_default (GError **error)
{
  g_autoptr(GBytes) bytes = NULL;

  if (!(bytes = _mdg_lookup_get_resource ("banks/zengin.tsv.gz", error)))
    return NULL;

  return mdg_bank_index_new_from_bytes (bytes, error);
}

static void
load_worker (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  MdgBankIndex *index = mdg_bank_index_load_default (&error);

  if (index == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, index, (GDestroyNotify) mdg_bank_index_unref);
}

void
mdg_bank_index_load_default_async (GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, mdg_bank_index_load_default_async);
  g_task_run_in_thread (task, load_worker);
}

MdgBankIndex *
mdg_bank_index_load_default_finish (GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

MdgBankIndex *
mdg_bank_index_ref (MdgBankIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_bank_index_unref (MdgBankIndex *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_string_chunk_free (self->strings);
  g_array_unref (self->banks);
  g_array_unref (self->branches);
  g_free (self->source);
  g_free (self);
}

guint
mdg_bank_index_get_n_banks (MdgBankIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->banks->len;
}

guint
mdg_bank_index_get_n_branches (MdgBankIndex *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->branches->len;
}

const char *
mdg_bank_index_get_source (MdgBankIndex *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->source;
}

const MdgBank *
mdg_bank_index_lookup (MdgBankIndex *self,
                       const char   *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < self->banks->len; i++)
    {
      const MdgBank *bank = &g_array_index (self->banks, MdgBank, i);

      if (g_str_equal (bank->code, code))
        return bank;
    }

  return NULL;
}

const MdgBankBranch *
mdg_bank_index_lookup_branch (MdgBankIndex  *self,
                              const MdgBank *bank,
                              const char    *code)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bank != NULL, NULL);
  g_return_val_if_fail (code != NULL, NULL);

  for (guint i = 0; i < bank->n_branches; i++)
    {
      const MdgBankBranch *branch = &g_array_index (self->branches, MdgBankBranch,
                                                    bank->first_branch + i);

      if (g_str_equal (branch->code, code))
        return branch;
    }

  return NULL;
}

/* 0: the code starts with the query; 1: the kana or the name do;
 * 2: the kana has it elsewhere; 3: no match. */
static guint
rank (const char *query,
      const char *folded_query,
      gboolean    digits,
      const char *code,
      const char *name,
      const char *folded)
{
  if (digits)
    return g_str_has_prefix (code, query) ? 0 : 3;
  if (folded_query[0] != '\0' && g_str_has_prefix (folded, folded_query))
    return 1;
  if (g_str_has_prefix (name, query))
    return 1;
  if (folded_query[0] != '\0' && strstr (folded, folded_query) != NULL)
    return 2;
  return 3;
}

static GPtrArray *
search (const char *query,
        guint       limit,
        gpointer    items,
        gsize       item_size,
        guint       n_items,
        gsize       code_offset,
        gsize       name_offset,
        gsize       folded_offset)
{
  g_autofree char *trimmed = g_strstrip (g_strdup (query));
  g_autofree char *folded = mdg_bank_fold_kana (trimmed);
  g_autoptr(GPtrArray) codes = g_ptr_array_new ();
  g_autoptr(GPtrArray) starts = g_ptr_array_new ();
  g_autoptr(GPtrArray) inside = g_ptr_array_new ();
  GPtrArray *ranked[3] = { codes, starts, inside };
  GPtrArray *found = g_ptr_array_new ();
  gboolean digits = folded[0] != '\0';

  for (const char *p = folded; *p != '\0'; p++)
    digits = digits && g_ascii_isdigit (*p);

  if (trimmed[0] == '\0')
    return found;

  for (guint i = 0; i < n_items; i++)
    {
      char *item = (char *) items + i * item_size;
      const char *code = item + code_offset;
      const char *name = *(const char **) (item + name_offset);
      const char *fold = *(const char **) (item + folded_offset);
      guint r = rank (digits ? folded : trimmed, folded, digits, code, name, fold);

      if (r < 3)
        g_ptr_array_add (ranked[r], item);
    }

  for (guint r = 0; r < 3; r++)
    for (guint i = 0; i < ranked[r]->len && found->len < limit; i++)
      g_ptr_array_add (found, g_ptr_array_index (ranked[r], i));

  return found;
}

GPtrArray *
mdg_bank_index_search (MdgBankIndex *self,
                       const char   *query,
                       guint         limit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return search (query, limit, self->banks->data, sizeof (MdgBank), self->banks->len,
                 G_STRUCT_OFFSET (MdgBank, code), G_STRUCT_OFFSET (MdgBank, name),
                 G_STRUCT_OFFSET (MdgBank, folded));
}

GPtrArray *
mdg_bank_index_search_branches (MdgBankIndex  *self,
                                const MdgBank *bank,
                                const char    *query,
                                guint          limit)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (bank != NULL, NULL);
  g_return_val_if_fail (query != NULL, NULL);

  return search (query, limit,
                 &g_array_index (self->branches, MdgBankBranch, bank->first_branch),
                 sizeof (MdgBankBranch), bank->n_branches, G_STRUCT_OFFSET (MdgBankBranch, code),
                 G_STRUCT_OFFSET (MdgBankBranch, name), G_STRUCT_OFFSET (MdgBankBranch, folded));
}

gboolean
mdg_yucho_to_zengin (const char *kigou,
                     const char *bangou,
                     char        branch[4],
                     char        account[8])
{
  gsize n;

  g_return_val_if_fail (kigou != NULL && bangou != NULL, FALSE);

  n = strlen (bangou);
  if (!is_digits (kigou, 5) || kigou[0] != '1' || n < 2 || n > 8 || !is_digits (bangou, n) ||
      bangou[n - 1] != '1')
    return FALSE;

  branch[0] = kigou[1];
  branch[1] = kigou[2];
  branch[2] = '8';
  branch[3] = '\0';
  /* 番号 without its check digit, as 7 digits */
  memset (account, '0', 7);
  memcpy (account + 7 - (n - 1), bangou, n - 1);
  account[7] = '\0';
  return TRUE;
}
