-- Operators belong to a centre; a county operator may be given the townships below
-- (`covers_below`). Existing operators belong to the centre their addition was journalled
-- at, else to the first top-level centre.
ALTER TABLE operators ADD COLUMN centre_id BLOB REFERENCES centres(id);
ALTER TABLE operators ADD COLUMN covers_below BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE operators SET centre_id = COALESCE(
    (SELECT j.centre_id FROM journal j
      WHERE j.entity = 'operator' AND j.entity_id = operators.id AND j.action = 'operator_add'
      ORDER BY j.id LIMIT 1),
    (SELECT c.id FROM centres c WHERE c.parent_id IS NULL ORDER BY c.created_at, c.code LIMIT 1));
CREATE INDEX operators_centre ON operators (centre_id);
-- For the audit view scoped to an operator's centres.
CREATE INDEX journal_centre ON journal (centre_id, id);

-- One policy for every console of a county: deadlines' days, the summons grace, the
-- unclaimed-reservation minutes, follow-up days and calendar years, set by an
-- administrator (journalled) and read by every console. A key absent here is the default.
CREATE TABLE policy (
    centre_id BLOB NOT NULL REFERENCES centres(id),
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    set_at TEXT NOT NULL,
    set_by TEXT NOT NULL,
    PRIMARY KEY (centre_id, key)
);
