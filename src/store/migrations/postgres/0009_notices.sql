-- Notices to departments (吹哨通知): each department's channel, the outbox of notices written
-- in the same transaction as the whistle, re-whistle, cancellation or escalation they
-- announce, and the lease that lets exactly one delivery worker run per database.
ALTER TABLE departments ADD COLUMN notify_kind TEXT NOT NULL DEFAULT 'none'
    CHECK (notify_kind IN ('none', 'wecom', 'dingtalk', 'json', 'sms'));
-- The webhook URL, or the phone number for SMS (unset: the department's own phone).
ALTER TABLE departments ADD COLUMN notify_target TEXT;
-- DingTalk's signing secret (加签), if the robot uses one.
ALTER TABLE departments ADD COLUMN notify_secret TEXT;

CREATE TABLE notices (
    -- Also the idempotency key of every delivery attempt.
    id UUID PRIMARY KEY,
    centre_id UUID NOT NULL REFERENCES centres(id),
    case_id UUID NOT NULL REFERENCES cases(id),
    summons_id UUID NOT NULL REFERENCES summons(id),
    -- NULL: the day's duty leader (an escalation).
    department_id UUID REFERENCES departments(id),
    kind TEXT NOT NULL CHECK (kind IN ('whistle', 'rewhistle', 'cancel', 'escalate')),
    body TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'failed', 'unconfigured')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    last_error TEXT,
    done_at TIMESTAMPTZ
);
CREATE INDEX notices_pending ON notices (next_attempt_at) WHERE state = 'pending';
CREATE INDEX notices_summons ON notices (summons_id);
CREATE TRIGGER notices_never_deleted BEFORE DELETE ON notices
    FOR EACH ROW EXECUTE FUNCTION yidi_refuse();

CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL
);
