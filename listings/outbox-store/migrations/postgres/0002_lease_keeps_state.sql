-- A claimed (in-flight) message now stays `pending`: its lease is
-- `lease_owner` plus `due_at`. A claim then changes no indexed column, so
-- PostgreSQL can update the row in place (a HOT update) instead of writing
-- new index entries for it.
UPDATE outbox SET state = 'pending' WHERE state = 'in_flight';

ALTER TABLE outbox
    DROP CONSTRAINT outbox_state_check,
    ADD CONSTRAINT outbox_state_check CHECK (state IN ('pending', 'sent', 'dead'));

DROP INDEX outbox_unsent;
DROP INDEX outbox_aggregate_unsent;
CREATE INDEX outbox_unsent ON outbox (id) WHERE state = 'pending';
CREATE INDEX outbox_aggregate_unsent ON outbox (aggregate_id, id) WHERE state = 'pending';
