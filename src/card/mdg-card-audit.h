/* mdg-card-audit.h: the audit record of one card read
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every card read (mdg_card_reader_read_info() and its async pair) ends in
 * one record, delivered through the MdgCardReader::card-read signal (and
 * MdgCardMonitor::card-read for all readers at once) on the main context
 * the reader was made in. The record says which fields left the card, what
 * became of the PIN and how the read ended; it never holds a value. The
 * local store writes it to its audit table: connect to the monitor's signal
 * and make an MdgAuditEntry (mdg-store.h) with action MDG_AUDIT_READ and
 * mdg_card_audit_dup_field_names() as its fields.
 */

#pragma once

#include <glib-object.h>

#include "mdg-card-types.h"

G_BEGIN_DECLS

#define MDG_TYPE_CARD_AUDIT (mdg_card_audit_get_type ())

GType              mdg_card_audit_get_type           (void) G_GNUC_CONST;

MdgCardAudit      *mdg_card_audit_new                (const char         *reader_id,
                                                      MdgCardFields       requested,
                                                      MdgCardFields       read,
                                                      MdgCardPinOutcome   pin,
                                                      int                 pin_tries_left,
                                                      const GError       *error) G_GNUC_WARN_UNUSED_RESULT;
MdgCardAudit      *mdg_card_audit_ref                (MdgCardAudit       *self);
void               mdg_card_audit_unref              (MdgCardAudit       *self);

/* Wall-clock time of the end of the read, µs since the epoch (g_get_real_time). */
gint64             mdg_card_audit_get_time           (MdgCardAudit       *self);
/* The reader's opaque id ("04e6:5116@1.2": vendor, product, bus, address). */
const char        *mdg_card_audit_get_reader_id      (MdgCardAudit       *self);
/* The fields the read was asked for, and those read from the card. */
MdgCardFields      mdg_card_audit_get_requested      (MdgCardAudit       *self);
MdgCardFields      mdg_card_audit_get_read           (MdgCardAudit       *self);
MdgCardPinOutcome  mdg_card_audit_get_pin_outcome    (MdgCardAudit       *self);
/* As the card last reported them, or -1 when never learnt. */
int                mdg_card_audit_get_pin_tries_left (MdgCardAudit       *self);
/* The fields read, as the names of the core case file ("name", "address",
 * "birth_date", "sex", "individual_number"), for the store's MdgAuditEntry
 * (prefix them with the member: "members.m1.address").
 * Returns: (transfer full): a NULL-terminated array, empty when none. */
char             **mdg_card_audit_dup_field_names    (MdgCardAudit       *self) G_GNUC_WARN_UNUSED_RESULT;
/* 0 / 0 when the read succeeded; else the GError's domain and code. */
GQuark             mdg_card_audit_get_error_domain   (MdgCardAudit       *self);
int                mdg_card_audit_get_error_code     (MdgCardAudit       *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MdgCardAudit, mdg_card_audit_unref)

G_END_DECLS
