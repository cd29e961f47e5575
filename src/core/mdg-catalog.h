/* mdg-catalog.h: the procedure catalog and the interview questions
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The catalog is data (the JSON files of data/catalog, compiled into the binary as a
 * GResource and overridable with $MDG_CATALOG_DIR): every procedure with its
 * department, phase, mode, name, what to bring, legal basis, deadline rule and
 * its rule as an expression. It is loaded and validated once; a malformed file
 * is an error naming the file, the line and the field. A loaded catalog is
 * immutable and thread-safe.
 */

#pragma once

#include <glib.h>

#include "mdg-case.h"

G_BEGIN_DECLS

typedef enum
{
  MDG_DEPARTMENT_KUMIN,          /* 区民課 */
  MDG_DEPARTMENT_HOKEN_KODOMO,   /* 保健子ども課 */
  MDG_DEPARTMENT_FUKUSHI,        /* 福祉課 */
  MDG_N_DEPARTMENTS
} MdgDepartment;

typedef enum
{
  MDG_MODE_ONESTOP,    /* ワンストップ&書かない */
  MDG_MODE_WRITELESS,  /* 書かない only */
  MDG_MODE_GUIDE,      /* ご案内 (no form) */
} MdgMode;

typedef enum
{
  MDG_DEADLINE_NONE,
  /* event date + days, moved past closed days */
  MDG_DEADLINE_AFTER_EVENT,
} MdgDeadlineKind;

typedef struct
{
  char            *id;
  MdgDepartment    department;
  guint            phase;
  MdgMode          mode;
  char            *name;          /* 転入届 */
  char            *summary;       /* one sentence on what it is */
  char            *legal_basis;
  char           **bring;         /* 持ち物 */
  MdgDeadlineKind  deadline_kind;
  guint            deadline_days;
  char            *deadline_note; /* how the law counts, for staff */
  guint            index;         /* order of procedures.tsv */
  gboolean         manual;        /* only staff add it (answers.added_procedures) */
} MdgProcedure;

typedef enum
{
  MDG_QUESTION_BOOLEAN,
  MDG_QUESTION_CHOICE,        /* one of choices */
  MDG_QUESTION_MULTI_CHOICE,  /* a subset of choices */
  MDG_QUESTION_MEMBER,        /* one member id */
  MDG_QUESTION_MEMBERS,       /* a list of member ids */
} MdgQuestionKind;

typedef struct
{
  char            *value;     /* "residence" */
  char            *label;     /* 住民票の写し */
} MdgChoice;

typedef struct
{
  char            *fact;      /* "answers.X" or "member.X" (for every member) */
  char            *key;       /* "X" */
  gboolean         per_member;
  guint            field;     /* MdgAnswer or MdgMemberField */
  MdgQuestionKind  kind;
  char            *text;      /* Japanese; {name} is the member's name or id */
  char            *help;      /* why it is asked, for staff; nullable */
  GPtrArray       *choices;   /* MdgChoice, nullable */
} MdgQuestionDef;

typedef struct _MdgCatalog MdgCatalog;

#define MDG_TYPE_CATALOG (mdg_catalog_get_type ())

GType               mdg_catalog_get_type          (void) G_GNUC_CONST;

/* Loads the catalog from the files of @dir (procedures.json, rules.json,
 * interview.json). */
MdgCatalog         *mdg_catalog_new_from_dir      (const char  *dir,
                                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The catalog compiled into the program, or $MDG_CATALOG_DIR when set. Loaded
 * once; later calls return the same catalog (or the same error). */
MdgCatalog         *mdg_catalog_load_default      (GError     **error) G_GNUC_WARN_UNUSED_RESULT;

MdgCatalog         *mdg_catalog_ref               (MdgCatalog  *self);
void                mdg_catalog_unref             (MdgCatalog  *self);

guint               mdg_catalog_get_n_procedures  (MdgCatalog  *self);
const MdgProcedure *mdg_catalog_get_procedure     (MdgCatalog  *self,
                                                   guint        index);
const MdgProcedure *mdg_catalog_lookup_procedure  (MdgCatalog  *self,
                                                   const char  *id);

/* FALSE with an MDG_CORE_ERROR_INVALID_CASE error naming the field when
 * @kase adds a procedure (answers.added_procedures) that is not one of the
 * catalog's procedures staff may add. */
gboolean            mdg_catalog_check_case        (MdgCatalog  *self,
                                                   MdgCase     *kase,
                                                   GError     **error);
/* The question that asks @key ("school_district_changes", "residence_status"). */
const MdgQuestionDef *mdg_catalog_lookup_question (MdgCatalog  *self,
                                                   gboolean     per_member,
                                                   guint        field);

const char         *mdg_department_get_name       (MdgDepartment department);
const char         *mdg_mode_to_string            (MdgMode      mode);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgCatalog, mdg_catalog_unref)

G_END_DECLS
