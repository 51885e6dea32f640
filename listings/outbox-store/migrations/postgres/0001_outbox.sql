-- The outbox table (PostgreSQL). One row per event; the relay moves rows
-- through the states of outbox_core::MessageState.
CREATE TABLE outbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    aggregate_id  TEXT    NOT NULL,
    event_type    TEXT    NOT NULL,
    payload       BYTEA   NOT NULL,
    created_at    BIGINT  NOT NULL,
    state         TEXT    NOT NULL DEFAULT 'pending'
                  CHECK (state IN ('pending', 'in_flight', 'sent', 'dead')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    -- pending: not before this instant (backoff); in_flight: the lease's end.
    due_at        BIGINT  NOT NULL,
    lease_owner   TEXT,
    sent_at       BIGINT,
    last_error    TEXT
);

CREATE INDEX outbox_unsent ON outbox (id) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_aggregate_unsent ON outbox (aggregate_id, id) WHERE state IN ('pending', 'in_flight');
CREATE INDEX outbox_sent_at ON outbox (sent_at) WHERE state = 'sent';
CREATE INDEX outbox_dead ON outbox (id) WHERE state = 'dead';
