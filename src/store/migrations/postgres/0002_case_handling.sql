-- Case handling: when each "127" clock was met, the explanation that stops the reply
-- clock, and the joint case's ledger.
ALTER TABLE cases ADD COLUMN accepted_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN convened_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN explained_at TIMESTAMPTZ;
ALTER TABLE cases ADD COLUMN explanation TEXT;

-- The joint case's ledger (台账): progress and the next step, who and when. Append-only.
CREATE TABLE ledger_entries (
    id UUID PRIMARY KEY,
    case_id UUID NOT NULL REFERENCES cases(id),
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    progress TEXT NOT NULL,
    next_step TEXT NOT NULL
);
CREATE INDEX ledger_case ON ledger_entries (case_id, at);
CREATE TRIGGER ledger_append_only BEFORE UPDATE OR DELETE ON ledger_entries
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();

CREATE INDEX parties_name ON parties (name);
