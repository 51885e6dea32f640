-- A claimed (in-flight) message now stays `pending`: its lease is
-- `lease_owner` plus `due_at`, and `due_at` is the end of the lease.
-- Changing `state` on every claim moved each row out of and back into the
-- partial indexes: index writes on top of row writes, twice per message.
--
-- The CHECK constraint still allows 'in_flight': SQLite cannot change a
-- constraint without rebuilding the table, and nothing writes it any more.
UPDATE outbox SET state = 'pending' WHERE state = 'in_flight';

DROP INDEX outbox_unsent;
DROP INDEX outbox_aggregate_unsent;
-- Claims scan unsent rows in id order.
CREATE INDEX outbox_unsent ON outbox (id) WHERE state = 'pending';
-- The head of each aggregate's queue, for the ordering check in a claim.
CREATE INDEX outbox_aggregate_unsent ON outbox (aggregate_id, id) WHERE state = 'pending';
