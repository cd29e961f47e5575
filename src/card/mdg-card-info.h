/* mdg-card-info.h: what the 券面事項入力補助AP says about its holder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An immutable, reference-counted value made from the bytes of EF 0002
 * (基本4情報: name, address, birth date, sex) and, only when asked for,
 * EF 0001 (個人番号). Parsed strictly as BER-TLV (mdg-tlv.h); a corrupt or
 * hostile file is MDG_CARD_ERROR_MALFORMED. The strings are wiped when the
 * last reference goes. Personal data: never log any of it.
 */

#pragma once

#include <json-glib/json-glib.h>

#include "mdg-card-types.h"
#include "mdg-case.h"
#include "mdg-date.h"

G_BEGIN_DECLS

/* The tags of ../shared/spec/mynumber-card.md §2.4 */
#define MDG_CARD_TAG_BASIC_FOUR   0xFF20
#define MDG_CARD_TAG_OFFSETS      0xDF21
#define MDG_CARD_TAG_NAME         0xDF22
#define MDG_CARD_TAG_ADDRESS      0xDF23
#define MDG_CARD_TAG_BIRTH_DATE   0xDF24
#define MDG_CARD_TAG_SEX          0xDF25
#define MDG_CARD_TAG_NUMBER       0xDF10

/* Larger files are refused as hostile (a real EF 0002 is a few hundred bytes). */
#define MDG_CARD_MAX_FILE_SIZE    4096

#define MDG_TYPE_CARD_INFO (mdg_card_info_get_type ())

GType          mdg_card_info_get_type              (void) G_GNUC_CONST;

/* @basic_four: the contents of EF 0002 (bytes after its first TLV are
 * ignored). @number (nullable): the contents of EF 0001. */
MdgCardInfo   *mdg_card_info_new_from_files        (const guint8  *basic_four,
                                                    gsize          basic_four_length,
                                                    const guint8  *number,
                                                    gsize          number_length,
                                                    GError       **error) G_GNUC_WARN_UNUSED_RESULT;
MdgCardInfo   *mdg_card_info_ref                   (MdgCardInfo   *self);
void           mdg_card_info_unref                 (MdgCardInfo   *self);

/* UTF-8 as on the card (外字 already replaced by the issuer). */
const char    *mdg_card_info_get_name              (MdgCardInfo   *self);
const char    *mdg_card_info_get_address           (MdgCardInfo   *self);
MdgDay         mdg_card_info_get_birth_date        (MdgCardInfo   *self);
MdgSex         mdg_card_info_get_sex               (MdgCardInfo   *self);
/* 12 digits, or NULL when EF 0001 was not read. */
const char    *mdg_card_info_get_individual_number (MdgCardInfo   *self);
/* FALSE when the number's check digit (番号法施行令第8条 and its 総務省令)
 * does not match: no genuine card holds such a number. TRUE without a number. */
gboolean       mdg_card_info_number_check_digit_ok (MdgCardInfo   *self);
/* Which fields this value holds (MDG_CARD_FIELDS_BASIC_FOUR, plus the
 * individual number when it was read). */
MdgCardFields  mdg_card_info_get_fields            (MdgCardInfo   *self);

/* A member object of the core case file (mdg-case.h) with "id" = @member_id,
 * "name", "birth_date", "sex" (left out when the card says neither male nor
 * female) and "mynumber_card": true. The address is not in the core model. */
JsonNode      *mdg_card_info_to_member_node        (MdgCardInfo   *self,
                                                    const char    *member_id) G_GNUC_WARN_UNUSED_RESULT;

/* The 12 digits' check digit, computed from the first 11. */
int            mdg_card_number_check_digit         (const char    *eleven_digits);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgCardInfo, mdg_card_info_unref)

G_END_DECLS
