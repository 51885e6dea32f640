-- Every message gets a global id, a UUIDv7, as the id brokers see: row ids
-- repeat across databases (two services on one stream, a restored backup).
--
-- The bridge's `enqueue` writes the id itself. The trigger covers rows that
-- other programs insert with plain SQL and no id: it gives them one made the
-- same way (48 bits of milliseconds, version 7, the variant, random bits).
-- Old rows still to be published get one now; sent rows never go out again.
ALTER TABLE outbox ADD COLUMN event_id BLOB;

UPDATE outbox
SET event_id = unhex(printf('%012x', created_at) || '7' || substr(hex(randomblob(2)), 1, 3)
                     || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(8)), 1, 15))
WHERE event_id IS NULL AND state <> 'sent';

CREATE TRIGGER outbox_event_id AFTER INSERT ON outbox
FOR EACH ROW WHEN NEW.event_id IS NULL
BEGIN
    UPDATE outbox
    SET event_id = unhex(printf('%012x', NEW.created_at) || '7' || substr(hex(randomblob(2)), 1, 3)
                         || substr('89ab', 1 + abs(random() % 4), 1) || substr(hex(randomblob(8)), 1, 15))
    WHERE id = NEW.id;
END;
