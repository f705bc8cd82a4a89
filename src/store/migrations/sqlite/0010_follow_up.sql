-- One close and the follow-up visit (回访). Each 办结 is a row in `closings`: its summary,
-- when its follow-up is due, how many unreached tries there were and when the case was
-- marked unreachable, when the follow-up was done, and a re-opening with its reason. A
-- re-opened case closed again gets a new row, so the history stays whole.
-- `follow_ups` keeps one row per REACHED follow-up (satisfaction 满意 5, 基本满意 4, 不满意 2);
-- unreached tries are `follow_up_tries`.
CREATE TABLE closings (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    case_id BLOB NOT NULL REFERENCES cases(id),
    closed_at TEXT NOT NULL,
    closed_by TEXT NOT NULL,
    summary TEXT NOT NULL,
    follow_up_due TEXT NOT NULL,
    tries INTEGER NOT NULL DEFAULT 0,
    unreachable_at TEXT,
    followed_up_at TEXT,
    reopened_at TEXT,
    reopen_reason TEXT
);
-- A case has at most one closing not re-opened.
CREATE UNIQUE INDEX closings_one_current ON closings (case_id) WHERE reopened_at IS NULL;
CREATE INDEX closings_centre_due ON closings (centre_id, follow_up_due);
CREATE TRIGGER closings_never_deleted BEFORE DELETE ON closings
BEGIN SELECT RAISE(ABORT, 'closings are never deleted; re-open the case'); END;

CREATE TABLE follow_up_tries (
    id BLOB PRIMARY KEY,
    closing_id BLOB NOT NULL REFERENCES closings(id),
    case_id BLOB NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    method TEXT NOT NULL CHECK (method IN ('phone', 'visit', 'on_site')),
    note TEXT NOT NULL
);
CREATE INDEX follow_up_tries_case ON follow_up_tries (case_id);
CREATE TRIGGER follow_up_tries_never_deleted BEFORE DELETE ON follow_up_tries
BEGIN SELECT RAISE(ABORT, 'follow-up tries are never deleted'); END;

ALTER TABLE follow_ups ADD COLUMN method TEXT CHECK (method IN ('phone', 'visit', 'on_site', 'scan'));
ALTER TABLE follow_ups ADD COLUMN problem_kind TEXT CHECK (problem_kind IN ('individual', 'common', 'root'));
ALTER TABLE follow_ups ADD COLUMN department_id BLOB REFERENCES departments(id);
ALTER TABLE follow_ups ADD COLUMN due_at TEXT;
ALTER TABLE follow_ups ADD COLUMN closing_id BLOB REFERENCES closings(id);
CREATE INDEX follow_ups_closing ON follow_ups (closing_id);
