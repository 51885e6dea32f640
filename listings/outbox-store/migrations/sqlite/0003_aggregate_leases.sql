-- Leases move from messages to aggregates.
--
-- Until now every claim wrote a lease into each claimed row, and every
-- record took the row out of a per-aggregate partial index. A batch in id
-- order touches most aggregates, so each batch rewrote the table pages of
-- its rows twice and about one index page per aggregate: the relay's
-- database work grew with the outbox and the number of aggregates.
--
-- Now a claim reads the rows and writes one small row per aggregate here;
-- the outbox row itself is written once, when its result is recorded.
CREATE TABLE outbox_lease (
    aggregate_id     TEXT    PRIMARY KEY,
    -- The relay holding the aggregate; NULL while it waits out a backoff.
    owner            TEXT,
    -- Until when: the end of the lease, or of the backoff. After it the
    -- aggregate is free, exactly as if it had no row here.
    held_until       INTEGER NOT NULL,
    -- The owner has claimed the aggregate's messages up to this id and
    -- recorded them up to `recorded_through`: those between are in flight.
    claimed_through  INTEGER NOT NULL,
    recorded_through INTEGER NOT NULL
) STRICT, WITHOUT ROWID;

-- Carry over migration 0002's leases and backoffs: the head of each
-- aggregate's queue (its oldest pending message) decides.
INSERT INTO outbox_lease (aggregate_id, owner, held_until, claimed_through, recorded_through)
SELECT h.aggregate_id, h.lease_owner, h.due_at,
       COALESCE((SELECT MAX(o.id) FROM outbox o
                 WHERE o.aggregate_id = h.aggregate_id AND o.state = 'pending'
                   AND o.lease_owner = h.lease_owner), 0),
       0
FROM outbox h
WHERE h.state = 'pending'
  AND h.id = (SELECT MIN(x.id) FROM outbox x
              WHERE x.aggregate_id = h.aggregate_id AND x.state = 'pending');

DROP INDEX outbox_aggregate_unsent;
ALTER TABLE outbox DROP COLUMN lease_owner;

-- The payload moves to a table of its own. Recording a result rewrites the
-- message's row; without the payload that row is a few dozen bytes, so a
-- batch dirties a fifth of the pages it did (payloads are written once, by
-- `enqueue`, and read once, by a claim).
CREATE TABLE outbox_payload (
    id      INTEGER PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    payload BLOB    NOT NULL
) STRICT;
INSERT INTO outbox_payload (id, payload) SELECT id, payload FROM outbox;
ALTER TABLE outbox DROP COLUMN payload;
