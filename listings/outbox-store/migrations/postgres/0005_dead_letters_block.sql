-- A dead letter now holds back the rest of its aggregate until an operator
-- re-drives it, so a redrive never delivers an old event after newer ones.
-- The hold is a lease row with no owner that never ends (the largest
-- BIGINT); re-driving the aggregate's last dead letter removes it.
-- Aggregates dead-lettered before this release are held from now on.

-- On a live outbox, a schema change must not queue behind a long
-- transaction while every writer queues behind it: give up after a few
-- seconds instead (the migration fails, nothing changed; run it again).
SET LOCAL lock_timeout = '5s';

INSERT INTO outbox_lease (aggregate_id, owner, held_until, claimed_through, recorded_through)
SELECT DISTINCT aggregate_id, NULL, 9223372036854775807, 0, 0
FROM outbox WHERE state = 'dead'
ON CONFLICT (aggregate_id) DO UPDATE SET
    owner = NULL, held_until = 9223372036854775807, claimed_through = 0, recorded_through = 0;
