-- yidi schema, PostgreSQL. Nothing is ever deleted: cancel, withdraw and release are states.
CREATE TABLE centres (
    id UUID PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('village', 'township', 'county')),
    parent_id UUID REFERENCES centres(id),
    created_at TIMESTAMPTZ NOT NULL
);

CREATE TABLE departments (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('department', 'committee')),
    presence TEXT NOT NULL CHECK (presence IN ('resident', 'rotating', 'on_call')),
    arrival_window_min INTEGER NOT NULL CHECK (arrival_window_min BETWEEN 1 AND 240),
    phone TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE,
    version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (centre_id, name)
);

CREATE TABLE mediators (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    specialties TEXT NOT NULL,
    department_id UUID REFERENCES departments(id),
    studio TEXT,
    active BOOLEAN NOT NULL DEFAULT TRUE
);

CREATE TABLE rooms (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('mediation', 'legal_aid', 'counselling', 'video', 'studio')),
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    active BOOLEAN NOT NULL DEFAULT TRUE,
    UNIQUE (centre_id, name)
);

CREATE TABLE cases (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_no TEXT NOT NULL,
    tracking_token UUID NOT NULL UNIQUE,
    channel TEXT NOT NULL,
    category TEXT NOT NULL,
    description TEXT NOT NULL,
    state TEXT NOT NULL,
    stream TEXT,
    handling TEXT,
    level TEXT,
    lead_department_id UUID REFERENCES departments(id),
    first_handler TEXT,
    group_batches INTEGER NOT NULL,
    group_persons INTEGER NOT NULL,
    lanes INTEGER NOT NULL,
    court_case_no TEXT,
    repeat_of UUID REFERENCES cases(id),
    outcome_note TEXT,
    received_at TIMESTAMPTZ NOT NULL,
    accept_due TIMESTAMPTZ NOT NULL,
    convene_due TIMESTAMPTZ NOT NULL,
    reply_due TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ,
    created_by TEXT NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL,
    version INTEGER NOT NULL,
    UNIQUE (centre_id, case_no)
);
CREATE INDEX cases_centre_received ON cases (centre_id, received_at);
CREATE INDEX cases_open ON cases (centre_id, state) WHERE state NOT IN ('closed', 'followed_up');

CREATE TABLE parties (
    id UUID PRIMARY KEY,
    case_id UUID NOT NULL REFERENCES cases(id),
    seq INTEGER NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('applicant', 'respondent', 'third_party')),
    name TEXT NOT NULL,
    is_organisation BOOLEAN NOT NULL,
    resident_id TEXT,
    phone TEXT,
    address TEXT NOT NULL
);
CREATE INDEX parties_case ON parties (case_id);
CREATE INDEX parties_resident_id ON parties (resident_id) WHERE resident_id IS NOT NULL;
CREATE INDEX parties_phone ON parties (phone) WHERE phone IS NOT NULL;

CREATE TABLE case_departments (
    case_id UUID NOT NULL REFERENCES cases(id),
    department_id UUID NOT NULL REFERENCES departments(id),
    added_at TIMESTAMPTZ NOT NULL,
    removed_at TIMESTAMPTZ,
    PRIMARY KEY (case_id, department_id)
);

CREATE TABLE counters (
    centre_id UUID NOT NULL REFERENCES centres(id),
    name TEXT NOT NULL,
    day DATE NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (centre_id, name, day)
);

CREATE TABLE tickets (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_id UUID NOT NULL UNIQUE REFERENCES cases(id),
    day DATE NOT NULL,
    seq INTEGER NOT NULL,
    lanes INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('waiting', 'called', 'served', 'no_show')),
    service_window TEXT,
    issued_at TIMESTAMPTZ NOT NULL,
    called_at TIMESTAMPTZ,
    version INTEGER NOT NULL,
    UNIQUE (centre_id, day, seq)
);
CREATE INDEX tickets_day ON tickets (centre_id, day);

CREATE TABLE summons (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_id UUID NOT NULL REFERENCES cases(id),
    department_id UUID NOT NULL REFERENCES departments(id),
    reason TEXT NOT NULL,
    whistled_at TIMESTAMPTZ NOT NULL,
    due_at TIMESTAMPTZ NOT NULL,
    arrived_at TIMESTAMPTZ,
    cancelled_at TIMESTAMPTZ,
    cancel_reason TEXT,
    escalated_at TIMESTAMPTZ,
    version INTEGER NOT NULL
);
-- One open summons per (case, department), held by the database itself.
CREATE UNIQUE INDEX summons_one_open ON summons (case_id, department_id)
    WHERE arrived_at IS NULL AND cancelled_at IS NULL;
CREATE INDEX summons_centre_open ON summons (centre_id) WHERE arrived_at IS NULL AND cancelled_at IS NULL;

CREATE TABLE room_bookings (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    room_id UUID NOT NULL REFERENCES rooms(id),
    case_id UUID NOT NULL REFERENCES cases(id),
    started_at TIMESTAMPTZ NOT NULL,
    released_at TIMESTAMPTZ,
    version INTEGER NOT NULL
);
-- A room holds one session at a time.
CREATE UNIQUE INDEX room_bookings_one_active ON room_bookings (room_id) WHERE released_at IS NULL;

CREATE TABLE follow_ups (
    id UUID PRIMARY KEY,
    case_id UUID NOT NULL REFERENCES cases(id),
    at TIMESTAMPTZ NOT NULL,
    by_whom TEXT NOT NULL,
    satisfaction INTEGER NOT NULL CHECK (satisfaction BETWEEN 1 AND 5),
    note TEXT NOT NULL,
    problem_found BOOLEAN NOT NULL
);

CREATE TABLE journal (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_id UUID REFERENCES cases(id),
    at TIMESTAMPTZ NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    -- What the entry is about, for the change feed: 'case', 'summons', 'room', ...
    entity TEXT NOT NULL,
    entity_id UUID NOT NULL
);
CREATE INDEX journal_case ON journal (case_id, id);

CREATE TABLE changes (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    entity TEXT NOT NULL,
    entity_id UUID NOT NULL,
    at TIMESTAMPTZ NOT NULL
);

-- Every journal entry puts a row on the change feed other consoles read; imported history
-- is not news to anyone. The advisory lock makes change ids follow commit order (the lock
-- is held to commit, so no reader can see id n+1 before id n), and the notification is
-- delivered at commit as a cue to re-read.
CREATE FUNCTION yidi_journal_feeds_changes() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(71002026);
    INSERT INTO changes (centre_id, entity, entity_id, at) VALUES (NEW.centre_id, NEW.entity, NEW.entity_id, NEW.at);
    PERFORM pg_notify('yidi_changes', '');
    RETURN NEW;
END $$;
CREATE TRIGGER journal_feeds_changes AFTER INSERT ON journal
    FOR EACH ROW WHEN (NEW.action <> 'import') EXECUTE FUNCTION yidi_journal_feeds_changes();

-- The history cannot be rewritten, whatever a bug in the code tries.
CREATE FUNCTION yidi_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
END $$;
CREATE TRIGGER journal_append_only BEFORE UPDATE OR DELETE ON journal
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();
CREATE TRIGGER changes_append_only BEFORE UPDATE OR DELETE ON changes
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();
CREATE TRIGGER cases_never_deleted BEFORE DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();
CREATE TRIGGER parties_never_deleted BEFORE DELETE ON parties
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();
