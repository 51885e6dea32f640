-- Ids in commit order, per aggregate. An IDENTITY id is taken when a row is
-- inserted, not when its transaction commits: two transactions writing
-- events of one aggregate could commit in the opposite order of their ids,
-- and the relay would publish the later event first. So every insert first
-- takes a transaction-long lock on its aggregate (an advisory lock on a hash
-- of the id: two aggregates that share a hash merely wait for each other),
-- then takes its id. A second writer of the aggregate waits for the first to
-- commit or roll back, and only then gets its id: a larger one, visible
-- after the first. This holds for every producer, including plain SQL
-- inserts from other programs, because the trigger does it.
--
-- The two-key form of the lock never meets the relay's one-key claim lock
-- (PostgreSQL keeps the two key spaces apart). 1869898872 is "outx".

-- On a live outbox, a schema change must not queue behind a long
-- transaction while every writer queues behind it: give up after a few
-- seconds instead (the migration fails, nothing changed; run it again).
SET LOCAL lock_timeout = '5s';

CREATE FUNCTION outbox_take_id_in_commit_order() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(1869898872, hashtext(NEW.aggregate_id));
    NEW.id := nextval(pg_get_serial_sequence(format('%I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME), 'id'));
    RETURN NEW;
END
$$;

CREATE TRIGGER outbox_commit_order BEFORE INSERT ON outbox
FOR EACH ROW EXECUTE FUNCTION outbox_take_id_in_commit_order();
