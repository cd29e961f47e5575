/* mdg-banks.h: banks and branches by their 全銀 code or their kana
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/banks/zengin.tsv.gz (build-aux/gen-bank-data.py, from zengin-code): every
 * bank's 4-digit code, name and kana, and each of its branches' 3-digit code,
 * name and kana. The index is immutable once loaded, so any thread may read it.
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct _MdgBankIndex MdgBankIndex;

typedef struct
{
  char        code[5];      /* "0182" */
  const char *name;         /* "肥後", as 全銀 names it */
  const char *kana;         /* "ヒゴ" */
  const char *folded;       /* the kana as mdg_bank_fold_kana() folds it */
  guint       first_branch; /* index of its first branch */
  guint       n_branches;
} MdgBank;

typedef struct
{
  char        code[4];      /* "101" */
  const char *name;
  const char *kana;
  const char *folded;
} MdgBankBranch;

/* The 全銀 code of ゆうちょ銀行. */
#define MDG_BANK_YUCHO "9900"

#define MDG_TYPE_BANK_INDEX (mdg_bank_index_get_type ())

GType                mdg_bank_index_get_type            (void) G_GNUC_CONST;

MdgBankIndex        *mdg_bank_index_new_from_bytes      (GBytes              *zengin_gz,
                                                         GError             **error) G_GNUC_WARN_UNUSED_RESULT;
/* The compiled-in data; off the main loop, or with the async pair. */
MdgBankIndex        *mdg_bank_index_load_default        (GError             **error) G_GNUC_WARN_UNUSED_RESULT;
void                 mdg_bank_index_load_default_async  (GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
MdgBankIndex        *mdg_bank_index_load_default_finish (GAsyncResult        *result,
                                                         GError             **error) G_GNUC_WARN_UNUSED_RESULT;
MdgBankIndex        *mdg_bank_index_ref                 (MdgBankIndex        *self);
void                 mdg_bank_index_unref               (MdgBankIndex        *self);

guint                mdg_bank_index_get_n_banks         (MdgBankIndex        *self);
guint                mdg_bank_index_get_n_branches      (MdgBankIndex        *self);
const char          *mdg_bank_index_get_source          (MdgBankIndex        *self);

/* Returns: (nullable): the bank of a 4-digit code. */
const MdgBank       *mdg_bank_index_lookup              (MdgBankIndex        *self,
                                                         const char          *code);
/* Returns: (nullable): the branch of @bank with a 3-digit code. */
const MdgBankBranch *mdg_bank_index_lookup_branch       (MdgBankIndex        *self,
                                                         const MdgBank       *bank,
                                                         const char          *code);
/* What the clerk typed: digits match the start of the code, anything
 * else the start of the kana (folded) or of the name, then anywhere in the
 * kana. Up to @limit, codes first.
 * Returns: (transfer container) (element-type MdgBank): borrowed banks. */
GPtrArray           *mdg_bank_index_search              (MdgBankIndex        *self,
                                                         const char          *query,
                                                         guint                limit);
/* The same among the branches of @bank.
 * Returns: (transfer container) (element-type MdgBankBranch) */
GPtrArray           *mdg_bank_index_search_branches     (MdgBankIndex        *self,
                                                         const MdgBank       *bank,
                                                         const char          *query,
                                                         guint                limit);

/* ゆうちょ 記号 (5 digits, starting with 1) and 番号 (up to 8 digits, ending
 * with 1) as the 全銀 branch code (3 digits) and account number (7 digits)
 * that transfers use: branch = 記号's 2nd and 3rd digits and 8; account =
 * 番号 without its last digit, zero-padded. FALSE if they are not valid. */
gboolean             mdg_yucho_to_zengin                (const char          *kigou,
                                                         const char          *bangou,
                                                         char                 branch[4],
                                                         char                 account[8]);

/* Kana folded for matching: hiragana as katakana, half-width as
 * full-width, small kana as large, long-vowel marks, hyphens and spaces
 * dropped (a local folding until core has a shared one). */
char                *mdg_bank_fold_kana                 (const char          *text) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgBankIndex, mdg_bank_index_unref)

G_END_DECLS
