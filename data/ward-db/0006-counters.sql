-- 0006-counters.sql: the counters and the bands each calls
--
-- Each counter workstation writes its number and the bands it serves
-- (its preferences) when it comes online and whenever they change. The
-- wait estimates then know which bands a counter calls before it has
-- called each of them today (a counter of bands 1 and 4 that has only
-- called band 1 so far still serves band 4). Whether a counter is open
-- is still read from its calls. No personal data.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE madoguchi.counters (
  counter integer PRIMARY KEY CHECK (counter > 0),
  bands integer[] NOT NULL,
  workstation uuid NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now ()
);

CREATE TRIGGER counters_notify AFTER INSERT OR UPDATE ON madoguchi.counters
  FOR EACH STATEMENT EXECUTE FUNCTION madoguchi.notify ();
