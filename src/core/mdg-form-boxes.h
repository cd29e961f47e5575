/* mdg-form-boxes.h: the facts a form may print and the case may lack, as data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * data/forms/boxes.xml declares each box once: its key (the case file's
 * detail key, or a member's field), its label (English, translated through
 * gettext), its kind, how a typed value is checked and whether it belongs to
 * one member. The counter's rows, the list of boxes still empty, the draft
 * and `madoguchi-tool visit boxes` all read this declaration; a form layout
 * may bind only to a declared box or to a fact the case derives.
 */

#pragma once

#include <glib-object.h>

#include "mdg-date.h"

G_BEGIN_DECLS

typedef enum
{
  MDG_FORM_BOX_TEXT,
  MDG_FORM_BOX_DATE,
  MDG_FORM_BOX_PHONE,
  MDG_FORM_BOX_POSTAL_CODE,
  MDG_FORM_BOX_ADDRESS,
  MDG_FORM_BOX_BANK,
  MDG_FORM_BOX_BRANCH,
  MDG_FORM_BOX_ACCOUNT_NUMBER,
  MDG_FORM_BOX_CHOICE,
  MDG_FORM_BOX_NUMBER,
} MdgFormBoxKind;

typedef struct _MdgFormBox   MdgFormBox;
typedef struct _MdgFormBoxes MdgFormBoxes;

#define MDG_TYPE_FORM_BOXES (mdg_form_boxes_get_type ())

GType                 mdg_form_boxes_get_type        (void) G_GNUC_CONST;

/* Parses a declaration (the text of boxes.xml); @what starts the messages. */
MdgFormBoxes         *mdg_form_boxes_new_from_data   (const char      *data,
                                                      gssize           length,
                                                      const char      *what,
                                                      GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* The declaration of data/forms (compiled in; $MDG_FORMS_DIR/boxes.xml
 * when that directory has one).
 * Returns: (transfer full) (nullable): NULL when it is malformed. */
MdgFormBoxes         *mdg_form_boxes_load_default    (GError         **error) G_GNUC_WARN_UNUSED_RESULT;
MdgFormBoxes         *mdg_form_boxes_ref             (MdgFormBoxes    *self);
void                  mdg_form_boxes_unref           (MdgFormBoxes    *self);
guint                 mdg_form_boxes_get_n_boxes     (MdgFormBoxes    *self);
const MdgFormBox     *mdg_form_boxes_get_box         (MdgFormBoxes    *self,
                                                      guint            index);
/* Returns: (nullable): the box of @key. */
const MdgFormBox     *mdg_form_boxes_lookup          (MdgFormBoxes    *self,
                                                      const char      *key);

const char           *mdg_form_box_get_key           (const MdgFormBox *box);
/* Translated ("Attending Doctor" / "主治医"). */
const char           *mdg_form_box_get_label         (const MdgFormBox *box);
const char           *mdg_form_box_get_proposal      (const MdgFormBox *box);
MdgFormBoxKind        mdg_form_box_get_kind          (const MdgFormBox *box);
/* "text", "date", "phone"…, as `visit boxes` prints it. */
const char           *mdg_form_box_kind_to_string    (MdgFormBoxKind   kind);
/* TRUE for a box of one member (individual_number). */
gboolean              mdg_form_box_is_member         (const MdgFormBox *box);
/* Dates: TRUE when typed in 和暦 as well as 西暦. */
gboolean              mdg_form_box_accepts_wareki    (const MdgFormBox *box);
/* The longest value a form prints, in characters; 0: no limit of its own. */
guint                 mdg_form_box_get_max_length    (const MdgFormBox *box);
/* Choices: the options' values and translated labels. */
guint                 mdg_form_box_get_n_options     (const MdgFormBox *box);
const char           *mdg_form_box_get_option_value  (const MdgFormBox *box,
                                                      guint             index);
const char           *mdg_form_box_get_option_label  (const MdgFormBox *box,
                                                      guint             index);
gboolean              mdg_form_box_has_option        (const MdgFormBox *box,
                                                      const char       *value);

/* Checks a value as staff typed it and returns it as the case keeps it
 * (dates as YYYY-MM-DD, phone numbers with their hyphens, digits
 * half-width); @today gives 和暦 dates without an era their era. The
 * message names the box by its label.
 * Returns: (transfer full) (nullable): NULL with @error when invalid. */
char                 *mdg_form_box_normalize         (const MdgFormBox *box,
                                                      const char       *text,
                                                      MdgDay            today,
                                                      GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* 12 digits whose last is the check digit of the 番号法 施行令 第8条. */
gboolean              mdg_individual_number_is_valid (const char       *text);

/* A date as staff type it: 2026-12-07, 2026/12/7, R8.12.7, 令和8年12月7日,
 * or 8.12.7 in the era of @today. */
gboolean              mdg_day_parse_typed            (const char       *text,
                                                      MdgDay            today,
                                                      MdgDay           *out_day);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgFormBoxes, mdg_form_boxes_unref)

G_END_DECLS
