-- Case handling: when each "127" clock was met, the explanation that stops the reply
-- clock, and the joint case's ledger.
ALTER TABLE cases ADD COLUMN accepted_at TEXT;
ALTER TABLE cases ADD COLUMN convened_at TEXT;
ALTER TABLE cases ADD COLUMN explained_at TEXT;
ALTER TABLE cases ADD COLUMN explanation TEXT;

-- The joint case's ledger (台账): progress and the next step, who and when. Append-only.
CREATE TABLE ledger_entries (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    progress TEXT NOT NULL,
    next_step TEXT NOT NULL
);
CREATE INDEX ledger_case ON ledger_entries (case_id, at);
CREATE TRIGGER ledger_append_only_update BEFORE UPDATE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;
CREATE TRIGGER ledger_append_only_delete BEFORE DELETE ON ledger_entries
BEGIN SELECT RAISE(ABORT, 'ledger is append-only'); END;

CREATE INDEX parties_name ON parties (name);
