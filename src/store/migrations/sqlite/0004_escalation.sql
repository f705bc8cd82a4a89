-- Escalation village → township → county: the county clock of a case that left the village,
-- and the append-only history of its steps up.
ALTER TABLE cases ADD COLUMN county_due TEXT;
ALTER TABLE cases ADD COLUMN reached_county_at TEXT;

CREATE TABLE case_escalations (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    from_level TEXT NOT NULL CHECK (from_level IN ('village', 'township', 'county')),
    to_level TEXT NOT NULL CHECK (to_level IN ('village', 'township', 'county')),
    from_centre_id BLOB NOT NULL REFERENCES centres(id),
    to_centre_id BLOB NOT NULL REFERENCES centres(id)
);
CREATE INDEX case_escalations_case ON case_escalations (case_id, at);
CREATE TRIGGER case_escalations_append_only_update BEFORE UPDATE ON case_escalations
BEGIN SELECT RAISE(ABORT, 'escalations are append-only'); END;
CREATE TRIGGER case_escalations_append_only_delete BEFORE DELETE ON case_escalations
BEGIN SELECT RAISE(ABORT, 'escalations are append-only'); END;

