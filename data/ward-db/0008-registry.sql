-- 0008-registry.sql: the residents the counter can look up (住民記録)
--
-- One row per household, as the resident records system (基幹系) extracts
-- it for the counter: its id, address and members (name, kana, birth date,
-- relation; the shape of data/demo/). The counter searches it by name, kana
-- or birth date and opens the one household it serves; it never copies the
-- registry, and every opening is in its audit log. Madoguchi only reads
-- this table; the extract (or `madoguchi-tool ward registry-load`) writes
-- it.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE madoguchi.registry (
  id text PRIMARY KEY,
  household jsonb NOT NULL CHECK (jsonb_typeof (household->'members') = 'array'),
  -- the members' names and kana (also without spaces) and birth dates,
  -- lower case, one a line: what a search matches
  search text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now ()
);
