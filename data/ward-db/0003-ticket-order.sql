-- 0003-ticket-order.sql: a ticket's place in the queue is the moment its
-- number was given, under the band's row lock; now () is the start of the
-- transaction, so two kiosks issuing at once could be called out of order.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE OR REPLACE FUNCTION madoguchi.issue_ticket (p_id uuid, p_band integer, p_workstation uuid)
  RETURNS TABLE (id uuid, day date, band integer, number integer, status text, seq bigint)
  LANGUAGE plpgsql
  AS $$
#variable_conflict use_column
DECLARE
  d date := madoguchi.ward_day ();
  r madoguchi.ticket_numbers;
BEGIN
  RETURN QUERY SELECT t.id, t.day, t.band, t.number, t.status, t.seq
    FROM madoguchi.tickets t WHERE t.id = p_id;
  IF FOUND THEN
    RETURN;
  END IF;

  r := madoguchi.numbers_row (d, p_band);
  IF r.last_issued + 1 >= r.lowest_leased THEN
    RAISE EXCEPTION 'no number left' USING ERRCODE = 'MDG02';
  END IF;
  UPDATE madoguchi.ticket_numbers n SET last_issued = r.last_issued + 1
    WHERE n.day = d AND n.band = p_band;

  -- clock_timestamp (): after the lock, in the order the numbers were given
  RETURN QUERY INSERT INTO madoguchi.tickets AS t (id, day, band, number, workstation, issued_at)
    VALUES (p_id, d, p_band, r.last_issued + 1, p_workstation, clock_timestamp ())
    ON CONFLICT (id) DO NOTHING
    RETURNING t.id, t.day, t.band, t.number, t.status, t.seq;
  IF NOT FOUND THEN
    -- the same id issued concurrently: its number stands, ours is a gap
    RETURN QUERY SELECT t.id, t.day, t.band, t.number, t.status, t.seq
      FROM madoguchi.tickets t WHERE t.id = p_id;
  END IF;
END
$$;
