/* mdg-card-audit.c: the audit record of one card read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-card-audit"

#include "config.h"

#include "mdg-card-audit.h"

struct _MdgCardAudit
{
  gatomicrefcount    ref_count;
  gint64             time;
  char              *reader_id;
  MdgCardFields      requested;
  MdgCardFields      read;
  MdgCardPinOutcome  pin;
  int                pin_tries_left;
  GQuark             error_domain;
  int                error_code;
};

G_DEFINE_BOXED_TYPE (MdgCardAudit, mdg_card_audit, mdg_card_audit_ref, mdg_card_audit_unref)

MdgCardAudit *
mdg_card_audit_new (const char        *reader_id,
                    MdgCardFields      requested,
                    MdgCardFields      read,
                    MdgCardPinOutcome  pin,
                    int                pin_tries_left,
                    const GError      *error)
{
  MdgCardAudit *self;

  g_return_val_if_fail (reader_id != NULL, NULL);

  self = g_new0 (MdgCardAudit, 1);
  g_atomic_ref_count_init (&self->ref_count);
  self->time = g_get_real_time ();
  self->reader_id = g_strdup (reader_id);
  self->requested = requested;
  self->read = read;
  self->pin = pin;
  self->pin_tries_left = pin_tries_left;
  if (error != NULL)
    {
      self->error_domain = error->domain;
      self->error_code = error->code;
    }
  return self;
}

MdgCardAudit *
mdg_card_audit_ref (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_card_audit_unref (MdgCardAudit *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      g_free (self->reader_id);
      g_free (self);
    }
}

gint64
mdg_card_audit_get_time (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->time;
}

const char *
mdg_card_audit_get_reader_id (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->reader_id;
}

MdgCardFields
mdg_card_audit_get_requested (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, MDG_CARD_FIELD_NONE);

  return self->requested;
}

MdgCardFields
mdg_card_audit_get_read (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, MDG_CARD_FIELD_NONE);

  return self->read;
}

MdgCardPinOutcome
mdg_card_audit_get_pin_outcome (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, MDG_CARD_PIN_NOT_SENT);

  return self->pin;
}

int
mdg_card_audit_get_pin_tries_left (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, -1);

  return self->pin_tries_left;
}

char **
mdg_card_audit_dup_field_names (MdgCardAudit *self)
{
  static const struct {
    MdgCardFields field;
    const char *name;
  } names[] = {
    { MDG_CARD_FIELD_NAME, "name" },
    { MDG_CARD_FIELD_ADDRESS, "address" },
    { MDG_CARD_FIELD_BIRTH_DATE, "birth_date" },
    { MDG_CARD_FIELD_SEX, "sex" },
    { MDG_CARD_FIELD_INDIVIDUAL_NUMBER, "individual_number" },
  };
  GStrvBuilder *builder;
  char **result;

  g_return_val_if_fail (self != NULL, NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      if (self->read & names[i].field)
        g_strv_builder_add (builder, names[i].name);
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

GQuark
mdg_card_audit_get_error_domain (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_domain;
}

int
mdg_card_audit_get_error_code (MdgCardAudit *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_code;
}
