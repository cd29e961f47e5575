-- 0005-close-ticket-with-case.sql: a completed case closes its ticket
--
-- The counter closes the visit's ticket as soon as the case is completed
-- (ticket_op 'close'). When that call cannot reach the ward database (the
-- counter went offline mid-visit), the case still arrives later through the
-- outbox with its ticket id and its completion time: this trigger closes
-- the ticket then, with that time, so the stay time and the usage count
-- (the plan's KPIs) lose nothing. A ticket already closed, given up or
-- moved on is left as it is.
--
-- SPDX-License-Identifier: GPL-3.0-or-later

CREATE FUNCTION madoguchi.close_ticket_with_case () RETURNS trigger
  LANGUAGE plpgsql
  AS $$
BEGIN
  UPDATE madoguchi.tickets t
     SET status = 'done',
         closed_at = coalesce (NEW.completed_at, now ()),
         case_id = NEW.id,
         event = coalesce (t.event, NEW.case_file->>'event')
   WHERE t.id = NEW.ticket_id
     AND t.status IN ('called', 'held');
  RETURN NULL;
END
$$;

CREATE TRIGGER cases_close_ticket AFTER INSERT ON madoguchi.cases
  FOR EACH ROW WHEN (NEW.status = 'completed' AND NEW.ticket_id IS NOT NULL)
  EXECUTE FUNCTION madoguchi.close_ticket_with_case ();
