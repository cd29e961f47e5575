/* mdg-case-private.h: the case's fields, shared by mdg-case*.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-case.h"

G_BEGIN_DECLS

typedef struct
{
  char    *id;
  guint64  members;              /* 1 << member index; 0: the applicant */
} MdgCaseAdded;

struct _MdgCase
{
  gatomicrefcount  ref_count;
  MdgEvent         event;
  MdgDay           event_date;
  MdgDay           visit_date;
  MdgOrigin        origin;
  guint            n_members;
  MdgMember       *members;
  MdgCaseAnswers   answers;
  GHashTable      *details;      /* key -> value, nullable */
  GArray          *added;        /* MdgCaseAdded: answers.added_procedures, nullable */
  guint            has_visit_date : 1;
};

/* The case file's names of member fields and answers (mdg-case.c). */
extern const char * const _mdg_case_member_field_names[MDG_N_MEMBER_FIELDS];
extern const char * const _mdg_case_answer_names[MDG_N_ANSWERS];

void _mdg_case_member_clear (MdgMember *member);

G_END_DECLS
