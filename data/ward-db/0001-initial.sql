-- 0001-initial.sql: the first ward schema
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE SCHEMA madoguchi;

CREATE SEQUENCE madoguchi.change_seq;

-- The day of the counter: tickets restart each day in Asia/Tokyo.
CREATE FUNCTION madoguchi.ward_day () RETURNS date
  LANGUAGE sql STABLE
  AS $$ SELECT (now () AT TIME ZONE 'Asia/Tokyo')::date $$;

CREATE TABLE madoguchi.bands (
  band integer PRIMARY KEY CHECK (band > 0),
  first_number integer NOT NULL,
  last_number integer NOT NULL,
  lease_size integer NOT NULL CHECK (lease_size > 0),
  name text NOT NULL,
  CHECK (first_number <= last_number)
);

CREATE TABLE madoguchi.ticket_numbers (
  day date NOT NULL,
  band integer NOT NULL REFERENCES madoguchi.bands,
  last_issued integer NOT NULL,
  lowest_leased integer NOT NULL,
  PRIMARY KEY (day, band),
  CHECK (last_issued < lowest_leased)
);

CREATE TABLE madoguchi.ticket_leases (
  id uuid PRIMARY KEY,
  workstation uuid NOT NULL,
  day date NOT NULL,
  band integer NOT NULL,
  first_number integer NOT NULL,
  last_number integer NOT NULL,
  leased_at timestamptz NOT NULL DEFAULT now ()
);

CREATE TABLE madoguchi.tickets (
  id uuid PRIMARY KEY,
  day date NOT NULL,
  band integer NOT NULL,
  number integer,
  status text NOT NULL DEFAULT 'waiting'
    CHECK (status IN ('waiting', 'called', 'done', 'void')),
  workstation uuid,
  lease_id uuid,
  issued_at timestamptz NOT NULL DEFAULT now (),
  counter integer,
  call_id uuid UNIQUE,
  called_at timestamptz,
  seq bigint NOT NULL DEFAULT nextval ('madoguchi.change_seq'),
  UNIQUE (day, band, number),
  CHECK (number IS NOT NULL OR status = 'void')
);
CREATE INDEX tickets_waiting ON madoguchi.tickets (day, issued_at, number) WHERE status = 'waiting';
CREATE INDEX tickets_seq ON madoguchi.tickets (seq);

CREATE TABLE madoguchi.cases (
  id uuid PRIMARY KEY,
  workstation uuid NOT NULL,
  status text NOT NULL,
  case_file jsonb NOT NULL,
  answers jsonb,
  ticket_id uuid,
  signature bytea,
  signature_type text,
  completed_at timestamptz,
  received_at timestamptz NOT NULL DEFAULT now (),
  seq bigint NOT NULL DEFAULT nextval ('madoguchi.change_seq')
);
CREATE INDEX cases_seq ON madoguchi.cases (seq);

CREATE TABLE madoguchi.case_forms (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES madoguchi.cases ON DELETE CASCADE,
  procedure text NOT NULL,
  pdf bytea NOT NULL,
  signed boolean NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now (),
  UNIQUE (case_id, procedure)
);

-- Who read or changed which resident's data: field names, never values.
CREATE TABLE madoguchi.audit (
  id uuid PRIMARY KEY,
  at timestamptz NOT NULL,
  workstation uuid NOT NULL,
  staff text NOT NULL,
  action text NOT NULL CHECK (action IN ('read', 'change')),
  subject text NOT NULL,
  case_id uuid,
  fields jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now ()
);

-- Every change takes a new sequence value: the workstations pull by it.
CREATE FUNCTION madoguchi.touch () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  NEW.seq := nextval ('madoguchi.change_seq');
  RETURN NEW;
END
$$;
CREATE TRIGGER tickets_touch BEFORE UPDATE ON madoguchi.tickets
  FOR EACH ROW EXECUTE FUNCTION madoguchi.touch ();
CREATE TRIGGER cases_touch BEFORE UPDATE ON madoguchi.cases
  FOR EACH ROW EXECUTE FUNCTION madoguchi.touch ();

CREATE FUNCTION madoguchi.notify () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_notify ('madoguchi', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_notify AFTER INSERT OR UPDATE ON madoguchi.tickets
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.notify ();
CREATE TRIGGER cases_notify AFTER INSERT OR UPDATE ON madoguchi.cases
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.notify ();

-- The numbers of (day, band), made on first use, locked for the transaction.
CREATE FUNCTION madoguchi.numbers_row (p_day date, p_band integer)
  RETURNS madoguchi.ticket_numbers
  LANGUAGE plpgsql
  AS $$
DECLARE
  r madoguchi.ticket_numbers;
BEGIN
  INSERT INTO madoguchi.ticket_numbers (day, band, last_issued, lowest_leased)
    SELECT p_day, b.band, b.first_number - 1, b.last_number + 1
    FROM madoguchi.bands b WHERE b.band = p_band
    ON CONFLICT (day, band) DO NOTHING;
  SELECT * INTO r FROM madoguchi.ticket_numbers n
    WHERE n.day = p_day AND n.band = p_band FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'unknown band' USING ERRCODE = 'MDG01';
  END IF;
  RETURN r;
END
$$;

-- Issues a ticket online. A retry with the same id returns the same ticket.
CREATE FUNCTION madoguchi.issue_ticket (p_id uuid, p_band integer, p_workstation uuid)
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

  RETURN QUERY INSERT INTO madoguchi.tickets AS t (id, day, band, number, workstation)
    VALUES (p_id, d, p_band, r.last_issued + 1, p_workstation)
    ON CONFLICT (id) DO NOTHING
    RETURNING t.id, t.day, t.band, t.number, t.status, t.seq;
  IF NOT FOUND THEN
    -- the same id issued concurrently: its number stands, ours is a gap
    RETURN QUERY SELECT t.id, t.day, t.band, t.number, t.status, t.seq
      FROM madoguchi.tickets t WHERE t.id = p_id;
  END IF;
END
$$;

-- Voids a ticket whose issue answer was lost (the visitor got another).
CREATE FUNCTION madoguchi.void_ticket (p_id uuid, p_band integer)
  RETURNS void
  LANGUAGE plpgsql
  AS $$
#variable_conflict use_column
BEGIN
  INSERT INTO madoguchi.tickets AS t (id, day, band, number, status)
    VALUES (p_id, madoguchi.ward_day (), p_band, NULL, 'void')
    ON CONFLICT (id) DO UPDATE SET status = 'void' WHERE t.status = 'waiting';
END
$$;

-- Leases a block of numbers from the top of the band's range for offline
-- issue. A retry with the same id returns the same block.
CREATE FUNCTION madoguchi.lease_numbers (p_id uuid, p_band integer, p_workstation uuid)
  RETURNS TABLE (id uuid, day date, band integer, first_number integer, last_number integer)
  LANGUAGE plpgsql
  AS $$
#variable_conflict use_column
DECLARE
  d date := madoguchi.ward_day ();
  r madoguchi.ticket_numbers;
  v_size integer;
  v_first integer;
BEGIN
  RETURN QUERY SELECT l.id, l.day, l.band, l.first_number, l.last_number
    FROM madoguchi.ticket_leases l WHERE l.id = p_id;
  IF FOUND THEN
    RETURN;
  END IF;

  r := madoguchi.numbers_row (d, p_band);
  SELECT b.lease_size INTO v_size FROM madoguchi.bands b WHERE b.band = p_band;
  v_first := greatest (r.lowest_leased - v_size, r.last_issued + 1);
  IF v_first >= r.lowest_leased THEN
    RAISE EXCEPTION 'no number left' USING ERRCODE = 'MDG02';
  END IF;
  UPDATE madoguchi.ticket_numbers n SET lowest_leased = v_first
    WHERE n.day = d AND n.band = p_band;

  RETURN QUERY INSERT INTO madoguchi.ticket_leases AS l
      (id, workstation, day, band, first_number, last_number)
    VALUES (p_id, p_workstation, d, p_band, v_first, r.lowest_leased - 1)
    RETURNING l.id, l.day, l.band, l.first_number, l.last_number;
END
$$;

-- Calls the oldest waiting ticket of today among @p_bands for a counter,
-- atomically across counters. A retry with the same call id returns the
-- ticket that call took, so a lost answer never skips a ticket.
CREATE FUNCTION madoguchi.call_next (p_call uuid, p_counter integer, p_bands integer[])
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
    SET status = 'called', counter = p_counter, call_id = p_call, called_at = now ()
    WHERE t.id = (SELECT w.id FROM madoguchi.tickets w
                  WHERE w.status = 'waiting' AND w.day = madoguchi.ward_day ()
                    AND w.band = ANY (p_bands)
                  ORDER BY w.issued_at, w.number
                  LIMIT 1
                  FOR UPDATE SKIP LOCKED)
    RETURNING t.id, t.day, t.band, t.number, t.status, t.counter, t.seq;
END
$$;
