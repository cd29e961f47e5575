-- roles/roles.sql: the group roles and what each may do
-- (../shared/spec/ward-security.md)
--
-- `ward setup` runs this after the migrations, in the same transaction, on
-- every run: it changes nothing when everything is already in place. When
-- the setup's login may not create roles and the roles do not exist, it
-- does nothing, and the ward keeps working with the owner's login.
--
-- madoguchi_admin owns the schema and everything in it (no login; the
-- installer's login is a member). The devices' group roles get USAGE on the
-- schema and EXECUTE on the functions of their job; the core systems read
-- handoffs and, through the policy of 0009, the forms they point to.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

DO $roles$
DECLARE
  v_may_create boolean;
  v_super boolean;
  v_role text;
  r record;
BEGIN
  SELECT rolsuper OR rolcreaterole, rolsuper INTO v_may_create, v_super
    FROM pg_roles WHERE rolname = session_user;

  IF v_may_create THEN
    FOREACH v_role IN ARRAY ARRAY['madoguchi_admin', 'madoguchi_counter', 'madoguchi_monitor',
                                  'madoguchi_kiosk', 'madoguchi_display', 'madoguchi_core'] LOOP
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = v_role) THEN
        EXECUTE format ('CREATE ROLE %I NOLOGIN', v_role);
      END IF;
    END LOOP;
    IF NOT v_super AND NOT pg_has_role (session_user, 'madoguchi_admin', 'MEMBER') THEN
      EXECUTE format ('GRANT madoguchi_admin TO %I', session_user);
    END IF;

    -- No device keeps a transaction open: each call is one statement. A
    -- session idle in a transaction longer than this is a fault, ended by
    -- the server so that it holds no lock. The core systems may read in
    -- longer transactions of their own.
    FOR r IN SELECT * FROM (VALUES ('madoguchi_counter', '15s'), ('madoguchi_monitor', '15s'),
                                   ('madoguchi_kiosk', '5s'), ('madoguchi_display', '5s'),
                                   ('madoguchi_core', '1min'), ('madoguchi_admin', '10min'))
                             AS s (role, timeout)
             WHERE NOT EXISTS (SELECT 1 FROM pg_db_role_setting d JOIN pg_roles o
                                 ON o.oid = d.setrole
                               WHERE o.rolname = s.role AND d.setdatabase = 0
                                 AND d.setconfig @> ARRAY['idle_in_transaction_session_timeout='
                                                          || s.timeout]) LOOP
      EXECUTE format ('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L',
                      r.role, r.timeout);
    END LOOP;
    -- PostgreSQL applies a role's settings to its own sessions only, not to
    -- its members': each login of a group role gets the group's value,
    -- unless it has one of its own (a login created later gets it from the
    -- next setup, or from its installer).
    FOR r IN SELECT DISTINCT ON (l.rolname) l.rolname AS login, s.timeout
               FROM (VALUES (1, 'madoguchi_counter', '15s'), (2, 'madoguchi_monitor', '15s'),
                            (3, 'madoguchi_kiosk', '5s'), (4, 'madoguchi_display', '5s'),
                            (5, 'madoguchi_core', '1min'), (6, 'madoguchi_admin', '10min'))
                      AS s (rank, role, timeout)
               JOIN pg_roles l ON l.rolcanlogin AND NOT l.rolsuper
                              AND pg_has_role (l.oid, s.role, 'MEMBER')
               WHERE NOT EXISTS (SELECT 1 FROM pg_db_role_setting d
                                 WHERE d.setrole = l.oid AND d.setdatabase = 0
                                   AND EXISTS (SELECT 1 FROM unnest (d.setconfig) c
                                               WHERE c LIKE 'idle\_in\_transaction\_session\_timeout=%'))
               ORDER BY l.rolname, s.rank LOOP
      EXECUTE format ('ALTER ROLE %I SET idle_in_transaction_session_timeout = %L',
                      r.login, r.timeout);
    END LOOP;
  END IF;

  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'madoguchi_admin')
     OR NOT pg_has_role (session_user, 'madoguchi_admin', 'MEMBER') THEN
    RETURN;
  END IF;

  -- The schema and everything in it belong to madoguchi_admin.
  IF (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'madoguchi')
     <> 'madoguchi_admin' THEN
    ALTER SCHEMA madoguchi OWNER TO madoguchi_admin;
  END IF;
  FOR r IN SELECT c.oid::regclass AS name, c.relkind FROM pg_class c
             WHERE c.relnamespace = 'madoguchi'::regnamespace AND c.relkind IN ('r', 'S', 'v')
               AND c.relowner <> 'madoguchi_admin'::regrole LOOP
    EXECUTE format ('ALTER %s %s OWNER TO madoguchi_admin',
                    CASE r.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
                    r.name);
  END LOOP;
  IF (SELECT relowner FROM pg_class WHERE oid = 'public.madoguchi_migrations'::regclass)
     <> 'madoguchi_admin'::regrole THEN
    ALTER TABLE public.madoguchi_migrations OWNER TO madoguchi_admin;
  END IF;
  FOR r IN SELECT p.oid::regprocedure AS name FROM pg_proc p
             WHERE p.pronamespace = 'madoguchi'::regnamespace
               AND p.proowner <> 'madoguchi_admin'::regrole LOOP
    EXECUTE format ('ALTER FUNCTION %s OWNER TO madoguchi_admin', r.name);
  END LOOP;

  -- Nothing for anyone but what follows.
  REVOKE ALL ON SCHEMA madoguchi FROM PUBLIC;
  REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA madoguchi FROM PUBLIC;
  REVOKE ALL ON ALL TABLES IN SCHEMA madoguchi
    FROM PUBLIC, madoguchi_counter, madoguchi_monitor, madoguchi_kiosk, madoguchi_display,
         madoguchi_core;
  REVOKE ALL ON ALL SEQUENCES IN SCHEMA madoguchi
    FROM PUBLIC, madoguchi_counter, madoguchi_monitor, madoguchi_kiosk, madoguchi_display,
         madoguchi_core;
  REVOKE UPDATE, DELETE, TRUNCATE ON madoguchi.audit FROM madoguchi_admin;
  GRANT USAGE ON SCHEMA madoguchi
    TO madoguchi_counter, madoguchi_monitor, madoguchi_kiosk, madoguchi_display, madoguchi_core;

  -- Counters: push, pull, tickets, the registry; their own cases and forms.
  GRANT EXECUTE ON FUNCTION
      madoguchi.push (jsonb, jsonb, jsonb, jsonb),
      madoguchi.pull (bigint, integer),
      madoguchi.last_change (),
      madoguchi.issue_ticket (uuid, integer, uuid),
      madoguchi.void_ticket (uuid, integer),
      madoguchi.lease_numbers (uuid, integer, uuid),
      madoguchi.call_next (uuid, integer, integer[]),
      madoguchi.ticket_op (uuid, text, uuid, integer, integer, integer, integer, uuid, text),
      madoguchi.register_counter (integer, integer[], uuid),
      madoguchi.list_counters (),
      madoguchi.waiting (),
      madoguchi.search_registry (text, integer),
      madoguchi.open_household (text),
      madoguchi.may_read_case (uuid)
    TO madoguchi_counter;
  GRANT SELECT ON madoguchi.cases, madoguchi.case_forms TO madoguchi_counter;

  -- The floor monitor: tickets, counters and figures; call first, move.
  GRANT EXECUTE ON FUNCTION
      madoguchi.pull (bigint, integer),
      madoguchi.last_change (),
      madoguchi.ticket_op (uuid, text, uuid, integer, integer, integer, integer, uuid, text),
      madoguchi.list_counters (),
      madoguchi.waiting ()
    TO madoguchi_monitor;

  -- The kiosk: issue, lease, push its offline tickets, waiting counts.
  GRANT EXECUTE ON FUNCTION
      madoguchi.push (jsonb, jsonb, jsonb, jsonb),
      madoguchi.pull (bigint, integer),
      madoguchi.last_change (),
      madoguchi.issue_ticket (uuid, integer, uuid),
      madoguchi.void_ticket (uuid, integer),
      madoguchi.lease_numbers (uuid, integer, uuid),
      madoguchi.list_counters (),
      madoguchi.waiting ()
    TO madoguchi_kiosk;

  -- The display: numbers called, their counters, waits per band.
  GRANT EXECUTE ON FUNCTION
      madoguchi.pull (bigint, integer),
      madoguchi.last_change (),
      madoguchi.list_counters (),
      madoguchi.waiting ()
    TO madoguchi_display;

  -- The core systems: hand-offs and their forms; mark one taken.
  GRANT SELECT ON madoguchi.handoffs, madoguchi.case_forms TO madoguchi_core;
  GRANT EXECUTE ON FUNCTION
      madoguchi.take_handoff (uuid),
      madoguchi.may_read_case (uuid)
    TO madoguchi_core;
END
$roles$;
