-- 0009-least-privilege.sql: each device acts through functions that do one
-- thing; the ward writes the audit itself (../shared/spec/ward-security.md)
--
-- The functions are SECURITY DEFINER with a fixed search_path: they run as
-- the schema's owner, whoever calls them. Which group role may call which
-- is granted by ward-db/roles/grants.sql, which `ward setup` runs after the
-- migrations when the group roles exist (a ward set up without them keeps
-- working with the owner's login, as before). Row-level security on cases,
-- case_forms and registry is the second layer: a role granted a table by
-- mistake still sees only the rows of its policy.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

-- Whether the session's login acts as @p_role: a member of it, or of the
-- schema's owner (the installer), or any login when the group role does not
-- exist (a ward set up by an owner that may not create roles).
CREATE FUNCTION madoguchi.caller_is (p_role name) RETURNS boolean
  LANGUAGE plpgsql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = p_role) THEN
    RETURN true;
  END IF;
  RETURN pg_has_role (session_user, p_role, 'USAGE')
      OR pg_has_role (session_user,
                      (SELECT nspowner FROM pg_namespace WHERE nspname = 'madoguchi'), 'USAGE');
END
$$;

CREATE FUNCTION madoguchi.require (p_role name) RETURNS void
  LANGUAGE plpgsql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NOT madoguchi.caller_is (p_role) THEN
    RAISE EXCEPTION 'permission denied: % only', p_role USING ERRCODE = '42501';
  END IF;
END
$$;

-- The pull's watermark ------------------------------------------------------
--
-- Every transaction that changes tickets or cases holds this advisory key
-- shared before it takes a change_seq value (statement trigger), until it
-- ends. The pull takes it exclusively for the instant it reads the last
-- value: every transaction that holds a value up to there has ended, so no
-- change below the watermark can commit after the pull read. No write right
-- and no table lock is needed, and writers wait only for that instant.
CREATE FUNCTION madoguchi.writing () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared (7135624982);
  RETURN NULL;
END
$$;
CREATE TRIGGER tickets_writing BEFORE INSERT OR UPDATE ON madoguchi.tickets
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.writing ();
CREATE TRIGGER cases_writing BEFORE INSERT OR UPDATE ON madoguchi.cases
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.writing ();

-- An insert takes its sequence value after the lock too (the column's
-- default was taken before any trigger ran).
CREATE OR REPLACE FUNCTION madoguchi.touch () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared (7135624982);
  NEW.seq := nextval ('madoguchi.change_seq');
  RETURN NEW;
END
$$;
CREATE TRIGGER tickets_touch_insert BEFORE INSERT ON madoguchi.tickets
  FOR EACH ROW EXECUTE FUNCTION madoguchi.touch ();
CREATE TRIGGER cases_touch_insert BEFORE INSERT ON madoguchi.cases
  FOR EACH ROW EXECUTE FUNCTION madoguchi.touch ();

CREATE FUNCTION madoguchi.watermark () RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v bigint;
BEGIN
  -- A session lock, released at once; whatever happens between (a
  -- cancel included), it is not left held.
  BEGIN
    PERFORM pg_advisory_lock (7135624982);
    SELECT last_value INTO v FROM madoguchi.change_seq;
    PERFORM pg_advisory_unlock (7135624982);
  EXCEPTION WHEN query_canceled OR others THEN
    PERFORM pg_advisory_unlock_all ();
    RAISE;
  END;
  RETURN v;
END
$$;

-- The last change, to see a ward restored from an older copy.
CREATE FUNCTION madoguchi.last_change () RETURNS bigint
  LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT last_value FROM madoguchi.change_seq $$;

-- Changes after @p_cursor up to the watermark, oldest first. Cases (id,
-- status, workstation) go to counters only; a ticket's case, event and
-- rating to counters and the floor monitor; the kiosk and the display get
-- numbers, bands, states, counters and times.
CREATE FUNCTION madoguchi.pull (p_cursor bigint, p_limit integer)
  RETURNS TABLE (kind text, id uuid, seq bigint, day date, band integer, number integer,
                 status text, counter integer, workstation uuid, priority boolean,
                 recalls integer, issued_at text, called_at text, closed_at text,
                 case_id uuid, event text, rating smallint)
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_mark bigint := madoguchi.watermark ();
  v_cases boolean := madoguchi.caller_is ('madoguchi_counter');
  v_facts boolean := v_cases OR madoguchi.caller_is ('madoguchi_monitor');
BEGIN
  RETURN QUERY
    SELECT 't', t.id, t.seq, t.day, t.band, t.number, t.status, t.counter,
           CASE WHEN v_facts THEN t.workstation END, t.priority, t.recalls,
           to_char (t.issued_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           to_char (t.called_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           to_char (t.closed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
           CASE WHEN v_facts THEN t.case_id END, CASE WHEN v_facts THEN t.event END,
           CASE WHEN v_facts THEN t.rating END
      FROM madoguchi.tickets t WHERE t.seq > p_cursor AND t.seq <= v_mark
    UNION ALL
    SELECT 'c', c.id, c.seq, NULL, NULL, NULL, c.status, NULL, c.workstation,
           NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL
      FROM madoguchi.cases c WHERE v_cases AND c.seq > p_cursor AND c.seq <= v_mark
    ORDER BY 3 LIMIT p_limit;
END
$$;

-- Cases: who made them ------------------------------------------------------

ALTER TABLE madoguchi.cases ADD COLUMN made_by text NOT NULL DEFAULT session_user;

-- Whether the session may read case @p_case and its forms: the login that
-- pushed it, or a core system the case hands something to.
CREATE FUNCTION madoguchi.may_read_case (p_case uuid) RETURNS boolean
  LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  SELECT EXISTS (SELECT 1 FROM madoguchi.cases c
                 WHERE c.id = p_case AND c.made_by = session_user)
      OR (madoguchi.caller_is ('madoguchi_core')
          AND EXISTS (SELECT 1 FROM madoguchi.handoffs h WHERE h.case_id = p_case))
$$;

ALTER TABLE madoguchi.cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE madoguchi.case_forms ENABLE ROW LEVEL SECURITY;
ALTER TABLE madoguchi.registry ENABLE ROW LEVEL SECURITY;
-- Counters read their own cases; nobody changes one (the push only adds).
CREATE POLICY cases_own ON madoguchi.cases FOR SELECT USING (made_by = session_user);
CREATE POLICY case_forms_read ON madoguchi.case_forms FOR SELECT
  USING (madoguchi.may_read_case (case_id));
-- registry: no policy; only search_registry and open_household read it.

-- The audit: written by the ward --------------------------------------------

ALTER TABLE madoguchi.audit DROP CONSTRAINT audit_action_check;
ALTER TABLE madoguchi.audit ADD CONSTRAINT audit_action_check
  CHECK (action IN ('read', 'change', 'search', 'open'));
ALTER TABLE madoguchi.audit ALTER COLUMN workstation DROP NOT NULL;
ALTER TABLE madoguchi.audit
  -- 'ward': the ward saw it happen; 'workstation': reported by a
  -- workstation's outbox (done offline, or before the push)
  ADD COLUMN source text NOT NULL DEFAULT 'ward' CHECK (source IN ('ward', 'workstation')),
  ADD COLUMN client_addr inet,
  -- what the workstation said, never taken for the ward's own columns
  ADD COLUMN reported_at timestamptz,
  ADD COLUMN reported_staff text,
  ADD COLUMN reported_workstation uuid;

-- at, staff and client_addr are the ward's: its clock, the session's login
-- and the connection's address, whatever the insert said.
CREATE FUNCTION madoguchi.audit_stamp () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  IF NEW.source = 'workstation' THEN
    NEW.reported_at := NEW.at;
    NEW.reported_staff := NEW.staff;
    NEW.reported_workstation := NEW.workstation;
  ELSE
    NEW.reported_at := NULL;
    NEW.reported_staff := NULL;
    NEW.reported_workstation := NULL;
  END IF;
  NEW.at := clock_timestamp ();
  NEW.staff := session_user;
  NEW.workstation := NULL;
  NEW.client_addr := inet_client_addr ();
  NEW.received_at := now ();
  RETURN NEW;
END
$$;
CREATE TRIGGER audit_stamp BEFORE INSERT ON madoguchi.audit
  FOR EACH ROW EXECUTE FUNCTION madoguchi.audit_stamp ();

CREATE FUNCTION madoguchi.audit_frozen () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  RAISE EXCEPTION 'audit rows are never changed or removed' USING ERRCODE = '42501';
END
$$;
CREATE TRIGGER audit_frozen BEFORE UPDATE OR DELETE ON madoguchi.audit
  FOR EACH ROW EXECUTE FUNCTION madoguchi.audit_frozen ();
CREATE TRIGGER audit_frozen_truncate BEFORE TRUNCATE ON madoguchi.audit
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.audit_frozen ();

-- The push: a workstation's outbox batch, one statement -----------------------
--
-- Each argument is a JSON array of one kind of record (or NULL); a replay is
-- harmless. Cases, forms and the audit come from counters only, tickets from
-- counters and kiosks. Returns the rows the ward did not have yet.
CREATE FUNCTION madoguchi.push (p_cases jsonb, p_forms jsonb, p_tickets jsonb, p_audit jsonb)
  RETURNS bigint
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  n bigint := 0;
  k bigint;
  v_foreign bigint;
BEGIN
  IF p_cases IS NOT NULL OR p_forms IS NOT NULL OR p_audit IS NOT NULL THEN
    PERFORM madoguchi.require ('madoguchi_counter');
  ELSIF NOT madoguchi.caller_is ('madoguchi_kiosk') THEN
    PERFORM madoguchi.require ('madoguchi_counter');
  END IF;
  -- before any row lock: see madoguchi.watermark ()
  PERFORM pg_advisory_xact_lock_shared (7135624982);

  IF p_cases IS NOT NULL THEN
    INSERT INTO madoguchi.cases (id, workstation, status, case_file, answers, ticket_id,
                                 signature, signature_type, completed_at, rating)
      SELECT (r->>'id')::uuid, (r->>'workstation')::uuid, r->>'status', r->'case_file',
             r->'answers', (r->>'ticket_id')::uuid, decode (r->>'signature', 'hex'),
             r->>'signature_type', (r->>'completed_at')::timestamptz, (r->>'rating')::smallint
      FROM jsonb_array_elements (p_cases) r ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
    -- A new hand-off or form of a case another login made is refused, and
    -- the whole batch with it (it stays in the outbox, nothing is lost); a
    -- replay of what is already there changes nothing.
    WITH added AS (
      INSERT INTO madoguchi.handoffs (id, case_id, department, procedures, forms)
        SELECT (h->>'id')::uuid, (r->>'id')::uuid, h->>'department', h->'procedures', h->'forms'
        FROM jsonb_array_elements (p_cases) r,
             jsonb_array_elements (coalesce (r->'handoffs', '[]'::jsonb)) h
        ON CONFLICT (id) DO NOTHING
        RETURNING case_id)
    SELECT count (*) INTO k FROM added a LEFT JOIN madoguchi.cases c ON c.id = a.case_id
      WHERE c.made_by IS DISTINCT FROM session_user;
    IF k > 0 THEN
      RAISE EXCEPTION 'permission denied: a case another login made' USING ERRCODE = '42501';
    END IF;
  END IF;
  IF p_forms IS NOT NULL THEN
    WITH added AS (
      INSERT INTO madoguchi.case_forms (id, case_id, procedure, pdf, signed)
        SELECT (r->>'id')::uuid, (r->>'case_id')::uuid, r->>'procedure',
               decode (r->>'pdf', 'hex'), (r->>'signed')::boolean
        FROM jsonb_array_elements (p_forms) r
        ON CONFLICT (id) DO NOTHING
        RETURNING case_id)
    SELECT count (*), count (*) FILTER (WHERE c.made_by IS DISTINCT FROM session_user)
      INTO k, v_foreign
      FROM added a LEFT JOIN madoguchi.cases c ON c.id = a.case_id;
    IF v_foreign > 0 THEN
      RAISE EXCEPTION 'permission denied: a case another login made' USING ERRCODE = '42501';
    END IF;
    n := n + k;
  END IF;
  IF p_tickets IS NOT NULL THEN
    INSERT INTO madoguchi.tickets (id, day, band, number, workstation, lease_id, issued_at)
      SELECT (r->>'id')::uuid, (r->>'day')::date, (r->>'band')::integer,
             (r->>'number')::integer, (r->>'workstation')::uuid, (r->>'lease_id')::uuid,
             (r->>'issued_at')::timestamptz
      FROM jsonb_array_elements (p_tickets) r ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END IF;
  IF p_audit IS NOT NULL THEN
    INSERT INTO madoguchi.audit (id, source, at, workstation, staff, action, subject, case_id,
                                 fields)
      SELECT (r->>'id')::uuid, 'workstation', (r->>'at')::timestamptz,
             (r->>'workstation')::uuid, r->>'staff', r->>'action', r->>'subject',
             (r->>'case_id')::uuid, r->'fields'
      FROM jsonb_array_elements (p_audit) r ON CONFLICT (id) DO NOTHING;
    GET DIAGNOSTICS k = ROW_COUNT;
    n := n + k;
  END IF;
  RETURN n;
END
$$;

-- Counters ------------------------------------------------------------------

CREATE FUNCTION madoguchi.register_counter (p_counter integer, p_bands integer[],
                                            p_workstation uuid)
  RETURNS void
  LANGUAGE sql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  INSERT INTO madoguchi.counters (counter, bands, workstation)
    VALUES (p_counter, p_bands, p_workstation)
    ON CONFLICT (counter) DO UPDATE SET bands = excluded.bands,
      workstation = excluded.workstation, updated_at = now ()
    WHERE counters.bands IS DISTINCT FROM excluded.bands
       OR counters.workstation IS DISTINCT FROM excluded.workstation
$$;

CREATE FUNCTION madoguchi.list_counters ()
  RETURNS TABLE (counter integer, bands integer[])
  LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$ SELECT c.counter, c.bands FROM madoguchi.counters c ORDER BY c.counter $$;

-- The ticket operations of 0002 and the call of 0001-0002, behind a check
-- of who may do them, and the watermark's shared key taken before any row
-- lock (so the pull never waits in a cycle with them). The floor monitor
-- calls first and moves tickets; the rest is the counter's.
ALTER FUNCTION madoguchi.ticket_op (uuid, text, uuid, integer, integer, integer, integer, uuid,
                                    text)
  RENAME TO ticket_op_apply;
CREATE FUNCTION madoguchi.ticket_op (p_op uuid, p_kind text, p_ticket uuid, p_number integer,
                                     p_counter integer, p_band integer, p_value integer,
                                     p_case uuid, p_text text)
  RETURNS TABLE (id uuid, day date, band integer, number integer, status text,
                 counter integer, priority boolean, recalls integer, issued_at timestamptz,
                 called_at timestamptz, closed_at timestamptz, case_id uuid, event text,
                 rating smallint, seq bigint)
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  IF NOT (p_kind IN ('priority', 'transfer') AND madoguchi.caller_is ('madoguchi_monitor')) THEN
    PERFORM madoguchi.require ('madoguchi_counter');
  END IF;
  PERFORM pg_advisory_xact_lock_shared (7135624982);
  RETURN QUERY SELECT * FROM madoguchi.ticket_op_apply (p_op, p_kind, p_ticket, p_number,
                                                        p_counter, p_band, p_value, p_case,
                                                        p_text);
END
$$;

ALTER FUNCTION madoguchi.call_next (uuid, integer, integer[]) RENAME TO call_next_apply;
CREATE FUNCTION madoguchi.call_next (p_call uuid, p_counter integer, p_bands integer[])
  RETURNS TABLE (id uuid, day date, band integer, number integer, status text,
                 counter integer, seq bigint)
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  PERFORM madoguchi.require ('madoguchi_counter');
  PERFORM pg_advisory_xact_lock_shared (7135624982);
  RETURN QUERY SELECT * FROM madoguchi.call_next_apply (p_call, p_counter, p_bands);
END
$$;

-- The waiting counts per band, for the kiosk: no ticket, only numbers.
CREATE FUNCTION madoguchi.waiting ()
  RETURNS TABLE (band integer, waiting bigint)
  LANGUAGE sql STABLE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
  SELECT b.band, count (t.id) FROM madoguchi.bands b
    LEFT JOIN madoguchi.tickets t ON t.band = b.band AND t.status = 'waiting'
                                 AND t.day = madoguchi.ward_day ()
    GROUP BY b.band ORDER BY b.band
$$;

-- The registry: searched and opened, each recorded --------------------------

-- Households whose search text is LIKE @p_pattern, at most @p_limit; the
-- search and the households it showed go to the audit.
CREATE FUNCTION madoguchi.search_registry (p_pattern text, p_limit integer)
  RETURNS SETOF jsonb
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v_ids text[];
BEGIN
  PERFORM madoguchi.require ('madoguchi_counter');
  SELECT coalesce (array_agg (x.id ORDER BY x.id), '{}') INTO v_ids
    FROM (SELECT r.id FROM madoguchi.registry r WHERE r.search LIKE p_pattern
          ORDER BY r.id LIMIT least (greatest (p_limit, 0), 100)) x;
  INSERT INTO madoguchi.audit (id, at, staff, action, subject, fields)
    VALUES (gen_random_uuid (), clock_timestamp (), session_user, 'search', 'registry',
            jsonb_build_object ('households', to_jsonb (v_ids)));
  RETURN QUERY SELECT r.household FROM madoguchi.registry r
    WHERE r.id = ANY (v_ids) ORDER BY r.id;
END
$$;

CREATE FUNCTION madoguchi.open_household (p_id text) RETURNS jsonb
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
DECLARE
  v jsonb;
BEGIN
  PERFORM madoguchi.require ('madoguchi_counter');
  SELECT r.household INTO v FROM madoguchi.registry r WHERE r.id = p_id;
  IF FOUND THEN
    INSERT INTO madoguchi.audit (id, at, staff, action, subject, fields)
      VALUES (gen_random_uuid (), clock_timestamp (), session_user, 'open', p_id,
              '["household"]'::jsonb);
  END IF;
  RETURN v;
END
$$;

-- Hand-offs: the core systems mark what they took ---------------------------

CREATE FUNCTION madoguchi.take_handoff (p_id uuid) RETURNS boolean
  LANGUAGE plpgsql VOLATILE
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp
  AS $$
BEGIN
  PERFORM madoguchi.require ('madoguchi_core');
  UPDATE madoguchi.handoffs h SET taken_at = now (), taken_by = session_user
    WHERE h.id = p_id AND h.taken_at IS NULL;
  RETURN FOUND;
END
$$;

-- The other ticket functions of 0001-0003 run as the owner too.
ALTER FUNCTION madoguchi.issue_ticket (uuid, integer, uuid)
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION madoguchi.void_ticket (uuid, integer)
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp;
ALTER FUNCTION madoguchi.lease_numbers (uuid, integer, uuid)
  SECURITY DEFINER SET search_path = pg_catalog, pg_temp;

REVOKE ALL ON SCHEMA madoguchi FROM PUBLIC;
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA madoguchi FROM PUBLIC;
