-- Every message gets a global id, a UUIDv7, as the id brokers see: row ids
-- repeat across databases (two services on one stream, a restored backup).
--
-- Expand-only, safe while the previous release keeps writing: the column is
-- added without a default (no table rewrite), then given one (a catalog
-- change), so rows that older code or other programs insert without an id
-- get one from the database. Only rows still to be published are backfilled:
-- sent rows never go out again, so the backfill is as small as the backlog.

-- On a live outbox, a schema change must not queue behind a long
-- transaction while every writer queues behind it: give up after a few
-- seconds instead (the migration fails, nothing changed; run it again).
SET LOCAL lock_timeout = '5s';

-- A UUIDv7 from a random (v4) UUID: its first 48 bits become the Unix time
-- in milliseconds, and bits 52-53 turn version 4 into version 7.
CREATE FUNCTION outbox_uuid_v7() RETURNS uuid
LANGUAGE sql VOLATILE PARALLEL SAFE AS $$
    SELECT encode(
        set_bit(set_bit(
            overlay(uuid_send(gen_random_uuid())
                    PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
                    FROM 1 FOR 6),
            52, 1), 53, 1),
        'hex')::uuid
$$;

ALTER TABLE outbox ADD COLUMN event_id uuid;
ALTER TABLE outbox ALTER COLUMN event_id SET DEFAULT outbox_uuid_v7();

UPDATE outbox SET event_id = outbox_uuid_v7()
WHERE event_id IS NULL AND state IN ('pending', 'dead');
