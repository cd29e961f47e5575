/* mdg-form-private.h: what the layout parser and the filler share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "mdg-form.h"

G_BEGIN_DECLS

typedef enum
{
  MDG_FORM_ROLE_HEAD,
  MDG_FORM_ROLE_FUNERAL_HOST,
  MDG_FORM_ROLE_RECIPIENT,
  MDG_FORM_ROLE_DECEASED,
  MDG_FORM_ROLE_FIRST,         /* the first member the form concerns */
  MDG_FORM_ROLE_INFORMANT,     /* 届出人: the funeral host on a death, else the head */
} MdgFormRole;

/* Which members a member table lists. */
typedef enum
{
  MDG_FORM_ROWS_CONCERNED,     /* the members of the guidance items */
  MDG_FORM_ROWS_HOUSEHOLD,     /* everyone in the case */
  MDG_FORM_ROWS_REMAINING,     /* everyone who neither moves nor died */
  MDG_FORM_ROWS_CHILDREN,      /* children up to the end of the school year they reach 18 */
  MDG_FORM_ROWS_NEWBORNS,      /* a birth: the members born on the event date */
} MdgFormRows;

typedef struct
{
  MdgFormRows rows;
  guint       n_rows;
  guint       page;
} MdgFormTable;

struct _MdgFormLayout
{
  gatomicrefcount  ref_count;
  char            *id;
  char            *title;
  guint            version;
  char           **procedures;
  double           width;
  double           height;
  guint            n_pages;
  MdgFormRole      applicant;
  GArray          *cells;      /* MdgFormCell */
  GArray          *tables;     /* MdgFormTable */
  MdgFormBoxes    *boxes;      /* what its fields may bind to */
};

/* A layout filled for a case (mdg-form-fill.c makes it, mdg-filled-form.c
 * reads it). */
struct _MdgFilledForm
{
  gatomicrefcount  ref_count;
  MdgFormLayout   *layout;
  GArray          *cells;     /* MdgFormCell */
  GArray          *missing;   /* MdgFormMissing */
  guint            n_pages;
  guint64          members;
};

#define MDG_FORMS_RESOURCE_PATH "/io/github/madoguchi/Madoguchi/forms"

/* Registers the compiled-in data/forms once. */
void           _mdg_form_ensure_resource   (void);
MdgFormBoxes  *_mdg_form_boxes_load_file   (const char    *path,
                                            GError       **error);
/* A layout whose bindings are checked against @boxes. */
MdgFormLayout *_mdg_form_layout_new        (const char    *name,
                                            const char    *data,
                                            gssize         length,
                                            MdgFormBoxes  *boxes,
                                            GError       **error);
void           _mdg_form_layout_free       (MdgFormLayout *self);

void  _mdg_form_cell_copy  (MdgFormCell       *dest,
                            const MdgFormCell *src);
void  _mdg_form_cell_clear (MdgFormCell       *cell);

G_END_DECLS
