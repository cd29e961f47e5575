-- 0007-case-rating.sql: the resident's satisfaction travels with the case
--
-- The rating (1…5) the resident tapped on the sign page goes to the ward
-- with the ticket's close; when that close could not be sent (offline),
-- the case brings it, and the close of 0005 takes it over. A walk-in's
-- rating (no ticket) stays with its case.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE madoguchi.cases
  ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);

CREATE OR REPLACE FUNCTION madoguchi.close_ticket_with_case () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE madoguchi.tickets t
     SET status = 'done',
         closed_at = coalesce (NEW.completed_at, now ()),
         case_id = NEW.id,
         event = coalesce (t.event, NEW.case_file->>'event'),
         rating = coalesce (t.rating, NEW.rating)
   WHERE t.id = NEW.ticket_id
     AND t.status IN ('called', 'held');
  RETURN NULL;
END
$$;
