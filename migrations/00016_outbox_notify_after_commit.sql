-- +goose Up

-- The outbox no longer notifies from a trigger. PostgreSQL serialises the
-- commits of all transactions that NOTIFY (a cluster-wide lock, held
-- through the commit's WAL flush), so a notifying append could not share
-- a flush with its neighbours: with 8 writers the trigger cut appends to
-- less than half. The appending process now notifies after the commit,
-- coalescing what it appended meanwhile (eventstore/notify.go); consumers
-- still poll as a safety net.
DROP TRIGGER planner_outbox_notify ON watermill_events;
DROP FUNCTION public.planner_outbox_notify();

-- +goose Down
-- +goose StatementBegin
CREATE FUNCTION public.planner_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('planner_outbox', '');
    RETURN NULL;
END
$$;
-- +goose StatementEnd
CREATE TRIGGER planner_outbox_notify AFTER INSERT ON watermill_events
    FOR EACH STATEMENT EXECUTE FUNCTION public.planner_outbox_notify();
