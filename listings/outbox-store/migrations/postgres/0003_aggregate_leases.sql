-- Leases move from messages to aggregates (see the SQLite migration of the
-- same name for why). A claim reads the outbox rows and writes one small
-- row per aggregate here; the outbox row is written once, when its result
-- is recorded.
CREATE TABLE outbox_lease (
    aggregate_id     TEXT   PRIMARY KEY,
    -- The relay holding the aggregate; NULL while it waits out a backoff.
    owner            TEXT,
    -- The end of the lease, or of the backoff; after it the aggregate is free.
    held_until       BIGINT NOT NULL,
    -- Claimed up to here and recorded up to `recorded_through`: in flight between.
    claimed_through  BIGINT NOT NULL,
    recorded_through BIGINT NOT NULL
);

-- Carry over migration 0002's leases and backoffs from each aggregate's head.
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

-- The payload moves to a table of its own: recording a result then rewrites
-- a row of a few dozen bytes instead of one that carries the payload.
CREATE TABLE outbox_payload (
    id      BIGINT PRIMARY KEY REFERENCES outbox (id) ON DELETE CASCADE,
    payload BYTEA  NOT NULL
);
INSERT INTO outbox_payload (id, payload) SELECT id, payload FROM outbox;
ALTER TABLE outbox DROP COLUMN payload;
