-- A message may name its content type and carry application headers (a
-- W3C traceparent, a tenant) to its consumers. Both live beside the payload
-- and both are optional: NULL is application/json and no headers, which is
-- what every older row means, and what the previous release goes on writing
-- while this one rolls out. Nullable columns without a default change only
-- the catalog: no table rewrite. `headers` is a JSON object of strings.

-- On a live outbox, a schema change must not queue behind a long
-- transaction while every writer queues behind it: give up after a few
-- seconds instead (the migration fails, nothing changed; run it again).
SET LOCAL lock_timeout = '5s';

ALTER TABLE outbox_payload
    ADD COLUMN content_type TEXT,
    ADD COLUMN headers JSONB CHECK (headers IS NULL OR jsonb_typeof(headers) = 'object');
