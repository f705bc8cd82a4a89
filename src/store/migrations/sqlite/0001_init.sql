-- yidi schema, SQLite. Nothing is ever deleted: cancel, withdraw and release are states.
CREATE TABLE centres (
    id BLOB PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('village', 'township', 'county')),
    parent_id BLOB REFERENCES centres(id),
    created_at TEXT NOT NULL
);

CREATE TABLE departments (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('department', 'committee')),
    presence TEXT NOT NULL CHECK (presence IN ('resident', 'rotating', 'on_call')),
    arrival_window_min INTEGER NOT NULL CHECK (arrival_window_min BETWEEN 1 AND 240),
    phone TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (centre_id, name)
);

CREATE TABLE mediators (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    specialties TEXT NOT NULL,
    department_id BLOB REFERENCES departments(id),
    studio TEXT,
    active INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE rooms (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mediation', 'legal_aid', 'counselling', 'video', 'studio')),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    active INTEGER NOT NULL DEFAULT 1,
    UNIQUE (centre_id, name)
);

CREATE TABLE cases (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    case_no TEXT NOT NULL,
    tracking_token BLOB NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    stream TEXT,
    handling TEXT,
    level TEXT,
    lead_department_id BLOB REFERENCES departments(id),
    first_handler TEXT,
    group_batches INTEGER NOT NULL,
    group_persons INTEGER NOT NULL,
    lanes INTEGER NOT NULL,
    court_case_no TEXT,
    repeat_of BLOB REFERENCES cases(id),
    outcome_note TEXT,
    received_at TEXT NOT NULL,
    accept_due TEXT NOT NULL,
    convene_due TEXT NOT NULL,
    reply_due TEXT NOT NULL,
    closed_at TEXT,
    created_by TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (centre_id, case_no)
);
CREATE INDEX cases_centre_received ON cases (centre_id, received_at);
CREATE INDEX cases_open ON cases (centre_id, state) WHERE state NOT IN ('closed', 'followed_up');

CREATE TABLE parties (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'respondent', 'third_party')),
    name TEXT NOT NULL,
    is_organisation INTEGER NOT NULL,
    resident_id TEXT,
    phone TEXT,
    address TEXT NOT NULL
);
CREATE INDEX parties_case ON parties (case_id);
CREATE INDEX parties_resident_id ON parties (resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX parties_phone ON parties (phone) WHERE phone IS NOT NULL;

CREATE TABLE case_departments (
    case_id BLOB NOT NULL REFERENCES cases(id),
    department_id BLOB NOT NULL REFERENCES departments(id),
    added_at TEXT NOT NULL,
    removed_at TEXT,
    PRIMARY KEY (case_id, department_id)
);

CREATE TABLE counters (
    centre_id BLOB NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    day TEXT NOT NULL,
    value INTEGER NOT NULL,
    PRIMARY KEY (centre_id, name, day)
);

CREATE TABLE tickets (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    case_id BLOB NOT NULL UNIQUE REFERENCES cases(id),
    day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    lanes INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'served', 'no_show')),
    service_window TEXT,
    issued_at TEXT NOT NULL,
    called_at TEXT,
    version INTEGER NOT NULL,
    UNIQUE (centre_id, day, seq)
);
CREATE INDEX tickets_day ON tickets (centre_id, day);

CREATE TABLE summons (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    case_id BLOB NOT NULL REFERENCES cases(id),
    department_id BLOB NOT NULL REFERENCES departments(id),
    reason TEXT NOT NULL,
    whistled_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    arrived_at TEXT,
    cancelled_at TEXT,
    cancel_reason TEXT,
    escalated_at TEXT,
    version INTEGER NOT NULL
);
-- One open summons per (case, department), held by the database itself.
CREATE UNIQUE INDEX summons_one_open ON summons (case_id, department_id)
    WHERE arrived_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX summons_centre_open ON summons (centre_id) WHERE arrived_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE room_bookings (
    id BLOB PRIMARY KEY,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    room_id BLOB NOT NULL REFERENCES rooms(id),
    case_id BLOB NOT NULL REFERENCES cases(id),
    started_at TEXT NOT NULL,
    released_at TEXT,
    version INTEGER NOT NULL
);
-- A room holds one session at a time.
CREATE UNIQUE INDEX room_bookings_one_active ON room_bookings (room_id) WHERE released_at IS NULL;

CREATE TABLE follow_ups (
    id BLOB PRIMARY KEY,
    case_id BLOB NOT NULL REFERENCES cases(id),
    at TEXT NOT NULL,
    by_whom TEXT NOT NULL,
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    note TEXT NOT NULL,
    problem_found INTEGER NOT NULL
);

CREATE TABLE journal (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    case_id BLOB REFERENCES cases(id),
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    -- What the entry is about, for the change feed: 'case', 'summons', 'room', ...
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL
);
CREATE INDEX journal_case ON journal (case_id, id);

CREATE TABLE changes (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    centre_id BLOB NOT NULL REFERENCES centres(id),
    entity TEXT NOT NULL,
    entity_id BLOB NOT NULL,
    at TEXT NOT NULL
);

-- Every journal entry puts a row on the change feed other consoles read; imported history
-- is not news to anyone.
CREATE TRIGGER journal_feeds_changes AFTER INSERT ON journal WHEN NEW.action <> 'import'
BEGIN
    INSERT INTO changes (centre_id, entity, entity_id, at) VALUES (NEW.centre_id, NEW.entity, NEW.entity_id, NEW.at);
END;

-- The history cannot be rewritten, whatever a bug in the code tries.
CREATE TRIGGER journal_append_only_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER journal_append_only_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'journal is append-only'); END;
CREATE TRIGGER changes_append_only_delete BEFORE DELETE ON changes
BEGIN SELECT RAISE(ABORT, 'changes are append-only'); END;
CREATE TRIGGER cases_never_deleted BEFORE DELETE ON cases
BEGIN SELECT RAISE(ABORT, 'cases are never deleted; withdraw or close them'); END;
CREATE TRIGGER parties_never_deleted BEFORE DELETE ON parties
BEGIN SELECT RAISE(ABORT, 'parties are never deleted'); END;
