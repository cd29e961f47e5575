/* mdg-app-labels-private.h: the words the counter window shows for core values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

#include "mdg-bands.h"
#include "mdg-case.h"
#include "mdg-catalog.h"

G_BEGIN_DECLS

const char *_mdg_event_get_label        (MdgEvent         event);
const char *_mdg_origin_get_label       (MdgOrigin        origin);
const char *_mdg_relation_get_label     (MdgRelation      relation);
const char *_mdg_insurance_get_label    (MdgInsurance     insurance);
const char *_mdg_mode_get_label         (MdgMode          mode);
/* The member's name; "Newborn" for an unnamed newborn, else the id. */
char       *_mdg_member_dup_name        (const MdgMember *member,
                                         MdgCase         *kase) G_GNUC_WARN_UNUSED_RESULT;
/* "令和8年12月9日" or "No deadline". */
char       *_mdg_deadline_dup_label     (MdgDay           deadline) G_GNUC_WARN_UNUSED_RESULT;
/* "1001〜 ワンストップ…": a ticket band as the counter lists it. */
char       *_mdg_band_dup_title         (const MdgBand   *band) G_GNUC_WARN_UNUSED_RESULT;
/* Today in Japan (Asia/Tokyo), whatever the workstation's time zone. */
MdgDay      _mdg_today                  (void);

G_END_DECLS
