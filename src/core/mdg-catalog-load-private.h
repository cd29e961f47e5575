/* mdg-catalog-load-private.h: the catalog's loader, shared by mdg-catalog*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-catalog-private.h"
#include "mdg-core-symbols-private.h"

G_BEGIN_DECLS

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

/* A loaded JSON file that remembers the line of every object member, so that
 * an error can name file, line and field. */
typedef struct
{
  const char  *file;
  JsonParser  *parser;
  GHashTable  *lines;   /* "%p/member" or "%p" -> line */
} Source;

/* What an expression is about: the case, or one member (inside "where"). */
typedef enum
{
  SCOPE_CASE,
  SCOPE_MEMBER,
} Scope;

/* The selectors of "members" and of the quantifiers (mdg-catalog-expressions.c). */
extern const MdgSymbol _mdg_catalog_selector_symbols[];

/* Source files and fields (mdg-catalog.c) */
gboolean _mdg_catalog_fail              (GError             **error,
                                         Source              *source,
                                         JsonObject          *object,
                                         const char          *member,
                                         const char          *path,
                                         const char          *format,
                                         ...) G_GNUC_PRINTF (6, 7);
gboolean _mdg_catalog_get_string        (Source              *source,
                                         JsonObject          *object,
                                         const char          *member,
                                         const char          *path,
                                         gboolean             required,
                                         const char         **out,
                                         GError             **error);
gboolean _mdg_catalog_string_to_symbol  (Source              *source,
                                         JsonObject          *object,
                                         const char          *member,
                                         const char          *path,
                                         const char          *text,
                                         const MdgSymbol     *table,
                                         int                 *out,
                                         GError             **error);
gboolean _mdg_catalog_get_symbol        (Source              *source,
                                         JsonObject          *object,
                                         const char          *member,
                                         const char          *path,
                                         const MdgSymbol     *table,
                                         int                 *out,
                                         GError             **error);
gboolean _mdg_catalog_node_to_mask      (Source              *source,
                                         JsonObject          *object,
                                         const char          *member,
                                         const char          *path,
                                         JsonNode            *node,
                                         const MdgSymbol     *table,
                                         gboolean             as_bits,
                                         guint32             *out,
                                         GError             **error);
gboolean _mdg_catalog_check_members     (Source              *source,
                                         JsonObject          *object,
                                         const char          *path,
                                         const char * const  *known,
                                         GError             **error);

/* Expressions (mdg-catalog-expressions.c) */
int      _mdg_catalog_compile_expr      (MdgCatalog          *self,
                                         Source              *source,
                                         JsonNode            *node,
                                         JsonObject          *parent,
                                         const char          *member,
                                         const char          *path,
                                         Scope                scope,
                                         GError             **error);

/* Procedures (mdg-catalog-procedures.c) */
void     _mdg_catalog_procedure_free    (gpointer             data);
gboolean _mdg_catalog_load_procedures   (MdgCatalog          *self,
                                         Source              *source,
                                         GError             **error);

/* Questions (mdg-catalog-questions.c) */
void     _mdg_catalog_question_free     (gpointer             data);
gboolean _mdg_catalog_load_interview    (MdgCatalog          *self,
                                         Source              *source,
                                         GError             **error);

G_END_DECLS
