/* mdg-card-info.c: what the 券面事項入力補助AP says about its holder
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-card-info"

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-card-info.h"
#include "mdg-tlv.h"

#define NUMBER_DIGITS 12

struct _MdgCardInfo
{
  gatomicrefcount  ref_count;
  MdgCardFields    fields;
  MdgDay           birth_date;
  MdgSex           sex;
  gboolean         number_ok;
  char            *name;
  char            *address;
  char            *individual_number;   /* nullable */
};

G_DEFINE_BOXED_TYPE (MdgCardInfo, mdg_card_info, mdg_card_info_ref, mdg_card_info_unref)

static void
wipe_string (char **s)
{
  if (*s != NULL)
    {
      explicit_bzero (*s, strlen (*s));
      g_clear_pointer (s, g_free);
    }
}

static gboolean
malformed (GError     **error,
           const char  *what)
{
  g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED, "%s", what);
  return FALSE;
}

static gboolean
all_digits (const guint8 *data,
            gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] < '0' || data[i] > '9')
        return FALSE;
    }
  return TRUE;
}

static char *
dup_text (const MdgTlv  *tlv,
          const char    *field,
          GError       **error)
{
  /* g_utf8_validate_len() also refuses NUL bytes */
  if (tlv->length == 0 || !g_utf8_validate_len ((const char *) tlv->value, tlv->length, NULL))
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_MALFORMED,
                   "the card's %s is empty or not UTF-8", field);
      return NULL;
    }
  return g_strndup ((const char *) tlv->value, tlv->length);
}

static gboolean
parse_birth_date (const MdgTlv  *tlv,
                  MdgDay        *day,
                  GError       **error)
{
  const guint8 *v = tlv->value;
  int year, month, mday;

  if (tlv->length != 8 || !all_digits (v, 8))
    return malformed (error, "the card's birth date is not 8 digits");

  year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
  month = (v[4] - '0') * 10 + (v[5] - '0');
  mday = (v[6] - '0') * 10 + (v[7] - '0');
  if (!mdg_day_is_valid_ymd (year, month, mday))
    return malformed (error, "the card's birth date is not a calendar day");

  *day = mdg_day_new (year, month, mday);
  return TRUE;
}

static gboolean
parse_basic_four (MdgCardInfo   *self,
                  const guint8  *data,
                  gsize          length,
                  GError       **error)
{
  MdgTlv container;
  MdgTlvIter iter;
  MdgCardFields seen = MDG_CARD_FIELD_NONE;

  if (!mdg_tlv_parse (data, length, &container, NULL, error))
    {
      g_prefix_error (error, "EF 0002: ");
      return FALSE;
    }
  if (container.tag != MDG_CARD_TAG_BASIC_FOUR || !container.constructed)
    return malformed (error, "EF 0002 does not start with the basic-four container");

  mdg_tlv_iter_init (&iter, container.value, container.length);
  while (!mdg_tlv_iter_done (&iter))
    {
      MdgCardFields field;
      MdgTlv child;

      if (!mdg_tlv_iter_next (&iter, &child, error))
        {
          g_prefix_error (error, "EF 0002: ");
          return FALSE;
        }

      switch (child.tag)
        {
        case MDG_CARD_TAG_NAME:
          field = MDG_CARD_FIELD_NAME;
          break;
        case MDG_CARD_TAG_ADDRESS:
          field = MDG_CARD_FIELD_ADDRESS;
          break;
        case MDG_CARD_TAG_BIRTH_DATE:
          field = MDG_CARD_FIELD_BIRTH_DATE;
          break;
        case MDG_CARD_TAG_SEX:
          field = MDG_CARD_FIELD_SEX;
          break;
        default:
          /* DF21 (offsets into the file) and anything newer: not needed */
          continue;
        }

      if (seen & field)
        return malformed (error, "EF 0002 holds a field twice");
      if (child.constructed)
        return malformed (error, "EF 0002 holds a constructed field");
      seen |= field;

      switch (field)
        {
        case MDG_CARD_FIELD_NAME:
          if (!(self->name = dup_text (&child, "name", error)))
            return FALSE;
          break;
        case MDG_CARD_FIELD_ADDRESS:
          if (!(self->address = dup_text (&child, "address", error)))
            return FALSE;
          break;
        case MDG_CARD_FIELD_BIRTH_DATE:
          if (!parse_birth_date (&child, &self->birth_date, error))
            return FALSE;
          break;
        case MDG_CARD_FIELD_SEX:
          /* 住民基本台帳 codes: 1 male, 2 female; anything else shows as unknown */
          if (child.length == 1 && child.value[0] == '1')
            self->sex = MDG_SEX_MALE;
          else if (child.length == 1 && child.value[0] == '2')
            self->sex = MDG_SEX_FEMALE;
          else
            self->sex = MDG_SEX_UNKNOWN;
          break;
        case MDG_CARD_FIELD_NONE:
        case MDG_CARD_FIELD_INDIVIDUAL_NUMBER:
        default:
          g_assert_not_reached ();
        }
    }

  if (seen != MDG_CARD_FIELDS_BASIC_FOUR)
    return malformed (error, "EF 0002 lacks one of name, address, birth date and sex");

  self->fields |= seen;
  return TRUE;
}

int
mdg_card_number_check_digit (const char *eleven_digits)
{
  int sum = 0;

  g_return_val_if_fail (eleven_digits != NULL, -1);

  /* P(n) is the n-th digit counted from the right of the first eleven;
   * Q(n) = n + 1 for n ≤ 6, n − 5 for 7 ≤ n ≤ 11 */
  for (int n = 1; n <= 11; n++)
    {
      int p = eleven_digits[11 - n] - '0';
      int q = n <= 6 ? n + 1 : n - 5;

      g_return_val_if_fail (p >= 0 && p <= 9, -1);
      sum += p * q;
    }
  sum %= 11;
  return sum <= 1 ? 0 : 11 - sum;
}

static gboolean
parse_number (MdgCardInfo   *self,
              const guint8  *data,
              gsize          length,
              GError       **error)
{
  MdgTlv tlv;

  /* one TLV, then padding we do not look at */
  if (!mdg_tlv_parse (data, length, &tlv, NULL, error))
    {
      g_prefix_error (error, "EF 0001: ");
      return FALSE;
    }
  if (tlv.tag != MDG_CARD_TAG_NUMBER || tlv.constructed)
    return malformed (error, "EF 0001 does not hold the individual number's tag");
  if (tlv.length != NUMBER_DIGITS || !all_digits (tlv.value, NUMBER_DIGITS))
    return malformed (error, "EF 0001 does not hold 12 digits");

  self->individual_number = g_strndup ((const char *) tlv.value, NUMBER_DIGITS);
  self->number_ok = mdg_card_number_check_digit (self->individual_number) ==
                    self->individual_number[11] - '0';
  if (!self->number_ok)
    g_debug ("the individual number's check digit does not match");
  self->fields |= MDG_CARD_FIELD_INDIVIDUAL_NUMBER;
  return TRUE;
}

MdgCardInfo *
mdg_card_info_new_from_files (const guint8  *basic_four,
                              gsize          basic_four_length,
                              const guint8  *number,
                              gsize          number_length,
                              GError       **error)
{
  g_autoptr(MdgCardInfo) self = NULL;

  g_return_val_if_fail (basic_four != NULL || basic_four_length == 0, NULL);

  if (basic_four_length > MDG_CARD_MAX_FILE_SIZE || number_length > MDG_CARD_MAX_FILE_SIZE)
    {
      malformed (error, "card file larger than any real one");
      return NULL;
    }

  self = g_new0 (MdgCardInfo, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->number_ok = TRUE;

  if (!parse_basic_four (self, basic_four, basic_four_length, error))
    return NULL;
  if (number != NULL && !parse_number (self, number, number_length, error))
    return NULL;

  return g_steal_pointer (&self);
}

MdgCardInfo *
mdg_card_info_ref (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_card_info_unref (MdgCardInfo *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      wipe_string (&self->name);
      wipe_string (&self->address);
      wipe_string (&self->individual_number);
      explicit_bzero (self, sizeof *self);
      g_free (self);
    }
}

const char *
mdg_card_info_get_name (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

const char *
mdg_card_info_get_address (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->address;
}

MdgDay
mdg_card_info_get_birth_date (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, MDG_DAY_INVALID);

  return self->birth_date;
}

MdgSex
mdg_card_info_get_sex (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, MDG_SEX_UNKNOWN);

  return self->sex;
}

const char *
mdg_card_info_get_individual_number (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->individual_number;
}

gboolean
mdg_card_info_number_check_digit_ok (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->number_ok;
}

MdgCardFields
mdg_card_info_get_fields (MdgCardInfo *self)
{
  g_return_val_if_fail (self != NULL, MDG_CARD_FIELD_NONE);

  return self->fields;
}

JsonNode *
mdg_card_info_to_member_node (MdgCardInfo *self,
                              const char  *member_id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char birth[11];

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (member_id != NULL && *member_id != '\0', NULL);

  mdg_day_format_iso (self->birth_date, birth);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, member_id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, self->name);
  json_builder_set_member_name (builder, "birth_date");
  json_builder_add_string_value (builder, birth);
  if (self->sex != MDG_SEX_UNKNOWN)
    {
      json_builder_set_member_name (builder, "sex");
      json_builder_add_string_value (builder, self->sex == MDG_SEX_MALE ? "male" : "female");
    }
  json_builder_set_member_name (builder, "mynumber_card");
  json_builder_add_boolean_value (builder, TRUE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}
