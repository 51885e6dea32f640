-- The outbox table (SQLite). One row per event; the relay moves rows
-- through the states of outbox_core::MessageState.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    aggregate_id  TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    payload       BLOB    NOT NULL,
    created_at    INTEGER NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'in_flight', 'sent', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- pending: not before this instant (backoff); in_flight: the lease's end.
    due_at        INTEGER NOT NULL,
    lease_owner   TEXT,
    sent_at       INTEGER,
    last_error    TEXT
) STRICT;

-- Claims scan unsent rows in id order: without this partial index a large
-- backlog of sent rows makes every claim several times slower.
CREATE INDEX outbox_unsent ON outbox (id) WHERE state IN ('pending', 'in_flight');
-- The head of each aggregate's queue, for the ordering check in a claim.
CREATE INDEX outbox_aggregate_unsent ON outbox (aggregate_id, id) WHERE state IN ('pending', 'in_flight');
-- Retention purges and the dead-letter list.
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE state = 'sent';
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
