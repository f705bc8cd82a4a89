-- The summons board (中心吹哨、部门报到): an arrival entered at its real time carries a
-- note, the duty leader acknowledges an escalation, a re-whistle points at the summons it
-- replaces; and the day's roster (duty leader, lawyer, counsellor, rotating departments).
ALTER TABLE summons ADD COLUMN arrival_note TEXT;
ALTER TABLE summons ADD COLUMN acknowledged_at TIMESTAMPTZ;
ALTER TABLE summons ADD COLUMN acknowledged_by TEXT;
ALTER TABLE summons ADD COLUMN replaces UUID REFERENCES summons(id);
CREATE INDEX summons_centre_whistled ON summons (centre_id, whistled_at);

CREATE TABLE roster (
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    day DATE NOT NULL,
    duty TEXT NOT NULL CHECK (duty IN ('duty_leader', 'lawyer', 'counsellor', 'rotation')),
    department_id UUID REFERENCES departments(id),
    person TEXT NOT NULL,
    phone TEXT,
    entered_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX roster_centre_day ON roster (centre_id, day);
