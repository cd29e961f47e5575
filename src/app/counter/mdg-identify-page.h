/* mdg-identify-page.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "mdg-household.h"
#include "mdg-store.h"
#include "mdg-ward-link.h"

G_BEGIN_DECLS

#define MDG_TYPE_IDENTIFY_PAGE (mdg_identify_page_get_type ())

G_DECLARE_FINAL_TYPE (MdgIdentifyPage, mdg_identify_page, MDG, IDENTIFY_PAGE, AdwBin)

/* Who is at the counter: the My Number card (the reader's state always
 * shown, the PIN typed by the resident with the tries left) or a search of
 * the residents by name, kana or birth date. Choosing one activates
 * win.open-household (s: household id); every card read is audited. */
void mdg_identify_page_set_households (MdgIdentifyPage *self,
                                       GListModel      *households);
void mdg_identify_page_set_store      (MdgIdentifyPage *self,
                                       MdgStore        *store);
/* The ward link whose registry a search also looks in (NULL: none). */
void mdg_identify_page_set_link       (MdgIdentifyPage *self,
                                       MdgWardLink     *link);
/* Returns: (transfer none) (nullable): a household the registry search
 * found, by id */
MdgHousehold *mdg_identify_page_lookup_household (MdgIdentifyPage *self,
                                                  const char      *id);
/* Tells the ward that the registry household @id is opened: the ward
 * records the opening in its audit (nothing when offline). */
void mdg_identify_page_record_opening (MdgIdentifyPage *self,
                                       const char      *id);
/* Starts watching the card readers (once; the first time the page shows). */
void mdg_identify_page_start_card     (MdgIdentifyPage *self);
/* Clears the search and the PIN for the next resident. */
void mdg_identify_page_reset          (MdgIdentifyPage *self);

G_END_DECLS
