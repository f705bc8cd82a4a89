-- One close and the follow-up visit (回访). Each 办结 is a row in `closings`: its summary,
-- when its follow-up is due, how many unreached tries there were and when the case was
-- marked unreachable, when the follow-up was done, and a re-opening with its reason. A
-- re-opened case closed again gets a new row, so the history stays whole.
-- `follow_ups` keeps one row per REACHED follow-up (satisfaction 满意 5, 基本满意 4, 不满意 2);
-- unreached tries are `follow_up_tries`.
CREATE TABLE closings (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_id UUID NOT NULL REFERENCES cases(id),
    closed_at TIMESTAMPTZ NOT NULL,
    closed_by TEXT NOT NULL,
    summary TEXT NOT NULL,
    follow_up_due TIMESTAMPTZ NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    unreachable_at TIMESTAMPTZ,
    followed_up_at TIMESTAMPTZ,
    reopened_at TIMESTAMPTZ,
    reopen_reason TEXT
);
-- A case has at most one closing not re-opened.
CREATE UNIQUE INDEX closings_one_current ON closings (case_id) WHERE reopened_at IS NULL;
CREATE INDEX closings_centre_due ON closings (centre_id, follow_up_due);
CREATE TRIGGER closings_never_deleted BEFORE DELETE ON closings
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();

CREATE TABLE follow_up_tries (
    id UUID PRIMARY KEY,
    closing_id UUID NOT NULL REFERENCES closings(id),
    case_id UUID NOT NULL REFERENCES cases(id),
    at TIMESTAMPTZ NOT NULL,
    by_whom TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('phone', 'visit', 'on_site')),
    note TEXT NOT NULL
);
CREATE INDEX follow_up_tries_case ON follow_up_tries (case_id);
CREATE TRIGGER follow_up_tries_never_deleted BEFORE DELETE ON follow_up_tries
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();

ALTER TABLE follow_ups ADD COLUMN method TEXT CHECK (method IN ('phone', 'visit', 'on_site', 'scan'));
ALTER TABLE follow_ups ADD COLUMN problem_kind TEXT CHECK (problem_kind IN ('individual', 'common', 'root'));
ALTER TABLE follow_ups ADD COLUMN department_id UUID REFERENCES departments(id);
ALTER TABLE follow_ups ADD COLUMN due_at TIMESTAMPTZ;
ALTER TABLE follow_ups ADD COLUMN closing_id UUID REFERENCES closings(id);
CREATE INDEX follow_ups_closing ON follow_ups (closing_id);
