-- 0002-ticket-operations.sql: recall, no-show, hold, transfer, priority,
-- close and the visit's facts the KPIs need
--
-- SPDX-License-Identifier: GPL-3.0-or-later

ALTER TABLE madoguchi.tickets DROP CONSTRAINT tickets_status_check;
ALTER TABLE madoguchi.tickets ADD CONSTRAINT tickets_status_check
  CHECK (status IN ('waiting', 'called', 'held', 'done', 'no_show', 'void'));

ALTER TABLE madoguchi.tickets
  -- 高齢者・障がい者 support, set by the floor manager: called first
  ADD COLUMN priority boolean NOT NULL DEFAULT false,
  -- announcements after the first call
  ADD COLUMN recalls integer NOT NULL DEFAULT 0,
  -- a transfer to one counter: only that counter calls the ticket
  ADD COLUMN target_counter integer,
  ADD COLUMN closed_at timestamptz,
  ADD COLUMN case_id uuid,
  -- the life event of the visit (catalog id), for the KPIs per event
  ADD COLUMN event text,
  -- the resident's satisfaction, 1 (poor) … 5 (very good)
  ADD COLUMN rating smallint CHECK (rating BETWEEN 1 AND 5);

-- Every operation on a ticket, by the client's id: a retry after a lost
-- answer finds its id here and is not applied twice.
CREATE TABLE madoguchi.ticket_ops (
  id uuid PRIMARY KEY,
  ticket_id uuid NOT NULL REFERENCES madoguchi.tickets,
  kind text NOT NULL
    CHECK (kind IN ('recall', 'hold', 'transfer', 'priority', 'close', 'rate')),
  counter integer,
  band integer,
  value integer,
  at timestamptz NOT NULL DEFAULT now ()
);
CREATE INDEX ticket_ops_ticket ON madoguchi.ticket_ops (ticket_id);

-- Priority tickets first, then the oldest; a ticket transferred to a
-- counter waits for that counter.
CREATE OR REPLACE FUNCTION madoguchi.call_next (p_call uuid, p_counter integer, p_bands integer[])
  RETURNS TABLE (id uuid, day date, band integer, number integer, status text,
                 counter integer, seq bigint)
  LANGUAGE plpgsql
  AS $$
#variable_conflict use_column
BEGIN
  RETURN QUERY SELECT t.id, t.day, t.band, t.number, t.status, t.counter, t.seq
    FROM madoguchi.tickets t WHERE t.call_id = p_call;
  IF FOUND THEN
    RETURN;
  END IF;

  RETURN QUERY UPDATE madoguchi.tickets t
    SET status = 'called', counter = p_counter, call_id = p_call, called_at = now (),
        target_counter = NULL
    WHERE t.id = (SELECT w.id FROM madoguchi.tickets w
                  WHERE w.status = 'waiting' AND w.day = madoguchi.ward_day ()
                    AND w.band = ANY (p_bands)
                    AND (w.target_counter IS NULL OR w.target_counter = p_counter)
                  ORDER BY w.priority DESC, w.issued_at, w.number
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED)
    RETURNING t.id, t.day, t.band, t.number, t.status, t.counter, t.seq;
END
$$;

-- One operation on a ticket (by id, or by today's number when p_ticket is
-- NULL), atomically under the ticket's row lock. A retry with the same
-- p_op returns the ticket as it is without applying the operation again.
--   recall   (p_counter, p_value = the recalls allowed): a called ticket is
--            announced again, or becomes a no-show when p_value recalls were
--            already made; a held ticket is called again at p_counter
--   hold     a called ticket is set aside (the resident fetches something)
--   transfer (p_band, p_counter or NULL): back to waiting in p_band, for
--            one counter when p_counter is given; it keeps its number and
--            its place (issued_at)
--   priority (p_value 1 or 0): a waiting or held ticket is called first
--   close    (p_case, p_text = the life event, p_value = rating or 0): the
--            visit is completed
--   rate     (p_value 1…5): the resident's satisfaction, after the close
-- Errors: MDG03 no such ticket, MDG04 not possible in the ticket's state,
-- MDG01 unknown band.
CREATE FUNCTION madoguchi.ticket_op (p_op uuid, p_kind text, p_ticket uuid, p_number integer,
                                     p_counter integer, p_band integer, p_value integer,
                                     p_case uuid, p_text text)
  RETURNS TABLE (id uuid, day date, band integer, number integer, status text,
                 counter integer, priority boolean, recalls integer, issued_at timestamptz,
                 called_at timestamptz, closed_at timestamptz, case_id uuid, event text,
                 rating smallint, seq bigint)
  LANGUAGE plpgsql
  AS $$
#variable_conflict use_column
DECLARE
  t madoguchi.tickets;
BEGIN
  SELECT * INTO t FROM madoguchi.tickets x
    WHERE (p_ticket IS NOT NULL AND x.id = p_ticket)
       OR (p_ticket IS NULL AND x.day = madoguchi.ward_day () AND x.number = p_number)
    FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'no such ticket' USING ERRCODE = 'MDG03';
  END IF;

  IF NOT EXISTS (SELECT 1 FROM madoguchi.ticket_ops o WHERE o.id = p_op) THEN
    IF p_kind = 'recall' AND t.status = 'called' AND t.recalls >= p_value THEN
      UPDATE madoguchi.tickets x SET status = 'no_show', closed_at = now () WHERE x.id = t.id;
    ELSIF p_kind = 'recall' AND t.status = 'called' THEN
      UPDATE madoguchi.tickets x SET recalls = t.recalls + 1, called_at = now ()
        WHERE x.id = t.id;
    ELSIF p_kind = 'recall' AND t.status = 'held' THEN
      UPDATE madoguchi.tickets x SET status = 'called', counter = p_counter, called_at = now ()
        WHERE x.id = t.id;
    ELSIF p_kind = 'hold' AND t.status = 'called' THEN
      UPDATE madoguchi.tickets x SET status = 'held' WHERE x.id = t.id;
    ELSIF p_kind = 'transfer' AND t.status IN ('waiting', 'called', 'held') THEN
      IF NOT EXISTS (SELECT 1 FROM madoguchi.bands b WHERE b.band = p_band) THEN
        RAISE EXCEPTION 'unknown band' USING ERRCODE = 'MDG01';
      END IF;
      UPDATE madoguchi.tickets x SET status = 'waiting', band = p_band, counter = NULL,
          target_counter = nullif (p_counter, 0), recalls = 0, called_at = NULL
        WHERE x.id = t.id;
    ELSIF p_kind = 'priority' AND t.status IN ('waiting', 'held') THEN
      UPDATE madoguchi.tickets x SET priority = (p_value <> 0) WHERE x.id = t.id;
    ELSIF p_kind = 'close' AND t.status IN ('called', 'held') THEN
      UPDATE madoguchi.tickets x SET status = 'done', closed_at = now (), case_id = p_case,
          event = p_text, rating = nullif (p_value, 0)
        WHERE x.id = t.id;
    ELSIF p_kind = 'rate' AND t.status = 'done' AND p_value BETWEEN 1 AND 5 THEN
      UPDATE madoguchi.tickets x SET rating = p_value WHERE x.id = t.id;
    ELSE
      RAISE EXCEPTION 'not possible in this state' USING ERRCODE = 'MDG04';
    END IF;
    INSERT INTO madoguchi.ticket_ops (id, ticket_id, kind, counter, band, value)
      VALUES (p_op, t.id, p_kind, p_counter, p_band, p_value);
  END IF;

  RETURN QUERY SELECT x.id, x.day, x.band, x.number, x.status, x.counter, x.priority,
      x.recalls, x.issued_at, x.called_at, x.closed_at, x.case_id, x.event, x.rating, x.seq
    FROM madoguchi.tickets x WHERE x.id = t.id;
END
$$;
