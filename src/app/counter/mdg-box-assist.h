/* mdg-box-assist.h: the Forms page's help with addresses and bank accounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Attached to the entry rows of the Forms page, by the kind of their box
 * (data/forms/boxes.xml): an address row turns a typed postal code into
 * 都道府県・市区町村・町域 and, inside Kumamoto City, offers the 町域's 丁目; a
 * bank or branch row suggests 全銀 banks and branches by code or kana. When
 * a row is applied, resolve() turns what was typed into the values the
 * forms print ("肥後 (0182)"), and may fill other boxes with them: "0182-158"
 * in the bank row is the bank and its branch, "17020-12345671" in the
 * account-number row a ゆうちょ 記号・番号. The postal and bank data load once
 * per process, on a worker thread.
 */

#pragma once

#include <adwaita.h>

#include "mdg-form-boxes.h"
#include "mdg-visit.h"

G_BEGIN_DECLS

typedef struct
{
  char *key;    /* the detail's key */
  char *value;  /* as the case keeps it */
} MdgBoxAnswer;

#define MDG_TYPE_BOX_ASSIST (mdg_box_assist_get_type ())

G_DECLARE_FINAL_TYPE (MdgBoxAssist, mdg_box_assist, MDG, BOX_ASSIST, GObject)

MdgBoxAssist *mdg_box_assist_new      (void) G_GNUC_WARN_UNUSED_RESULT;
/* TRUE once the postal and bank data are loaded. */
gboolean      mdg_box_assist_is_ready (MdgBoxAssist     *self);
/* Helps with @row, a row of @box; @visit gives the bank a branch row
 * searches. Other kinds are left alone. */
void          mdg_box_assist_attach   (MdgBoxAssist     *self,
                                       AdwEntryRow      *row,
                                       const MdgFormBox *box,
                                       MdgVisit         *visit);
/* What @text, applied in a row of @box, sets.
 * Returns: (transfer full) (nullable) (element-type MdgBoxAnswer): NULL
 * when the box is not one this resolves (or the data are not loaded yet);
 * NULL with @error when it names no bank or branch. */
GPtrArray    *mdg_box_assist_resolve  (MdgBoxAssist     *self,
                                       const MdgFormBox *box,
                                       const char       *text,
                                       MdgCase          *kase,
                                       GError          **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
