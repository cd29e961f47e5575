/* mdg-card-pin.c: the resident's PIN, held briefly and wiped
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "mdg-card-pin"

#include "config.h"

#include <string.h>

#include "mdg-card-error.h"
#include "mdg-card-private.h"

struct _MdgCardPin
{
  gatomicrefcount ref_count;
  GMutex          mutex;
  gboolean        spent;
  guint8          digits[MDG_CARD_PIN_LENGTH];
};

G_DEFINE_BOXED_TYPE (MdgCardPin, mdg_card_pin, mdg_card_pin_ref, mdg_card_pin_unref)

MdgCardPin *
mdg_card_pin_new (const char  *text,
                  gsize        length,
                  GError     **error)
{
  MdgCardPin *self;

  g_return_val_if_fail (text != NULL || length == 0, NULL);

  /* say what is wrong without saying what was typed */
  if (length != MDG_CARD_PIN_LENGTH)
    {
      g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_INVALID,
                   "the PIN must be %d digits, %" G_GSIZE_FORMAT " characters were given",
                   MDG_CARD_PIN_LENGTH, length);
      return NULL;
    }
  for (gsize i = 0; i < length; i++)
    {
      if (text[i] < '0' || text[i] > '9')
        {
          g_set_error (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_INVALID,
                       "the PIN must be %d digits 0–9", MDG_CARD_PIN_LENGTH);
          return NULL;
        }
    }

  self = g_new0 (MdgCardPin, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  memcpy (self->digits, text, MDG_CARD_PIN_LENGTH);
  return self;
}

MdgCardPin *
mdg_card_pin_ref (MdgCardPin *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
mdg_card_pin_unref (MdgCardPin *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      explicit_bzero (self->digits, sizeof self->digits);
      g_mutex_clear (&self->mutex);
      g_free (self);
    }
}

void
mdg_card_pin_wipe (MdgCardPin *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  explicit_bzero (self->digits, sizeof self->digits);
  self->spent = TRUE;
  g_mutex_unlock (&self->mutex);
}

gboolean
mdg_card_pin_is_spent (MdgCardPin *self)
{
  gboolean spent;

  g_return_val_if_fail (self != NULL, TRUE);

  g_mutex_lock (&self->mutex);
  spent = self->spent;
  g_mutex_unlock (&self->mutex);
  return spent;
}

gboolean
_mdg_card_pin_take (MdgCardPin *self,
                    guint8      digits[MDG_CARD_PIN_LENGTH])
{
  gboolean taken = FALSE;

  g_mutex_lock (&self->mutex);
  if (!self->spent)
    {
      memcpy (digits, self->digits, MDG_CARD_PIN_LENGTH);
      explicit_bzero (self->digits, sizeof self->digits);
      self->spent = TRUE;
      taken = TRUE;
    }
  g_mutex_unlock (&self->mutex);
  return taken;
}

gboolean
mdg_card_pin_check_policy (guint              tries_left,
                           MdgCardReadFlags   flags,
                           GError           **error)
{
  switch (tries_left)
    {
    case 0:
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_LOCKED,
                           "the PIN is locked; the resident must have it reset at the card counter");
      return FALSE;
    case 1:
      g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_REFUSED,
                           "only 1 PIN try is left; no PIN is sent, send the resident to the "
                           "card counter");
      return FALSE;
    case 2:
      if ((flags & MDG_CARD_READ_CONFIRMED) == 0)
        {
          g_set_error_literal (error, MDG_CARD_ERROR, MDG_CARD_ERROR_PIN_CONFIRM_REQUIRED,
                               "only 2 PIN tries are left; a wrong PIN would leave one, so "
                               "this attempt needs confirmation");
          return FALSE;
        }
      return TRUE;
    default:
      return TRUE;
    }
}
