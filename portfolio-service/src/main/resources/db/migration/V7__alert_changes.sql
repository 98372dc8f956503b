-- Lets each instance read only the alerts changed since its last read instead of all of them (AlertBook). A row
-- carries the id of the transaction that last wrote it; a deletion leaves a tombstone with its transaction's id. A
-- reader keeps the oldest transaction still running when it last read (its snapshot's xmin): every change it has not
-- seen yet was made by that transaction or a later one, whatever order they committed in. Sequence numbers would not
-- do: a change numbered lower than one already read can still be committing.
ALTER TABLE alerts ADD COLUMN change_xid bigint;
CREATE INDEX alerts_change_xid ON alerts (change_xid);

CREATE FUNCTION alerts_mark_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.change_xid := pg_current_xact_id()::text::bigint;
    RETURN NEW;
END
$$;
CREATE TRIGGER alerts_mark_change BEFORE INSERT OR UPDATE ON alerts
    FOR EACH ROW EXECUTE FUNCTION alerts_mark_change();

-- Also written for cascades (a deleted portfolio's drawdown alerts) and erasure. Kept a day; an instance that has not
-- read changes for that long reloads every alert.
CREATE TABLE alert_deletions (
    alert_id   uuid        NOT NULL,
    change_xid bigint      NOT NULL,
    deleted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX alert_deletions_change_xid ON alert_deletions (change_xid);
CREATE INDEX alert_deletions_deleted_at ON alert_deletions (deleted_at);

-- SET search_path: the tombstone goes to this schema's table whatever the deleting session's path.
CREATE FUNCTION alerts_mark_deletion() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    INSERT INTO alert_deletions (alert_id, change_xid) VALUES (OLD.id, pg_current_xact_id()::text::bigint);
    RETURN OLD;
END
$$;
CREATE TRIGGER alerts_mark_deletion AFTER DELETE ON alerts
    FOR EACH ROW EXECUTE FUNCTION alerts_mark_deletion();
