-- 0004-handoffs.sql: what a completed visit hands to each department
--
-- One row per department of a case with something to carry out: its
-- procedures (id, members, deadline) and the forms that serve them. The
-- departments' core systems (基幹系) and their RPA read this table; taken
-- records are marked by them, never deleted by Madoguchi.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE TABLE madoguchi.handoffs (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL,
  department text NOT NULL,
  procedures jsonb NOT NULL,
  forms jsonb NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now (),
  -- set by the core system that took the record up
  taken_at timestamptz,
  taken_by text
);
CREATE INDEX handoffs_open ON madoguchi.handoffs (department, received_at)
  WHERE taken_at IS NULL;
CREATE INDEX handoffs_case ON madoguchi.handoffs (case_id);
