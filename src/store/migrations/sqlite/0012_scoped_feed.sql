-- A change names the case it touched and what was done, so a console decides from the feed
-- row alone whether the change concerns it (its centre, a case it shows) and which panel to
-- re-read.
ALTER TABLE changes ADD COLUMN case_id BLOB;
ALTER TABLE changes ADD COLUMN action TEXT;

DROP TRIGGER journal_feeds_changes;
CREATE TRIGGER journal_feeds_changes AFTER INSERT ON journal WHEN NEW.action <> 'import'
BEGIN
    INSERT INTO changes (centre_id, entity, entity_id, at, case_id, action)
        VALUES (NEW.centre_id, NEW.entity, NEW.entity_id, NEW.at, NEW.case_id, NEW.action);
END;
