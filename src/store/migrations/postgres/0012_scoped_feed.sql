-- A change names the case it touched and what was done, and its notification carries the
-- whole row, so a console decides from the notification alone whether the change concerns
-- it (its centre, a case it shows) and which panel to re-read: a change at another centre
-- costs its consoles no query at all.
ALTER TABLE changes ADD COLUMN case_id UUID;
ALTER TABLE changes ADD COLUMN action TEXT;

-- Payload: `id centre_id entity entity_id case_id|- at_micros action` (action last: it is the
-- only free text, and still an identifier). The advisory lock keeps ids in commit order.
CREATE OR REPLACE FUNCTION yidi_journal_feeds_changes() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    change_id BIGINT;
BEGIN
    PERFORM pg_advisory_xact_lock(71002026);
    INSERT INTO changes (centre_id, entity, entity_id, at, case_id, action)
        VALUES (NEW.centre_id, NEW.entity, NEW.entity_id, NEW.at, NEW.case_id, NEW.action)
        RETURNING id INTO change_id;
    PERFORM pg_notify('yidi_changes', change_id::text || ' ' || NEW.centre_id::text || ' ' || NEW.entity
        || ' ' || NEW.entity_id::text || ' ' || COALESCE(NEW.case_id::text, '-')
        || ' ' || (EXTRACT(EPOCH FROM NEW.at) * 1000000)::bigint::text || ' ' || NEW.action);
    RETURN NEW;
END $$;
