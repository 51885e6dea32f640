-- A message may name its content type and carry application headers (a
-- W3C traceparent, a tenant) to its consumers. Both live beside the payload,
-- out of the narrow rows the relay scans, and both are optional: NULL is
-- application/json and no headers, which is what every older row means.
-- `headers` holds a JSON object of strings.
ALTER TABLE outbox_payload ADD COLUMN content_type TEXT;
ALTER TABLE outbox_payload ADD COLUMN headers TEXT;
