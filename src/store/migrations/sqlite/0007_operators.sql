-- Operators who sign in at the consoles. The password is an argon2 hash (PHC string);
-- failed sign-ins are counted to slow guessing. Operators are disabled, never deleted.
CREATE TABLE operators (
    id BLOB PRIMARY KEY,
    login TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    roles TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins INTEGER NOT NULL DEFAULT 0,
    last_failed_at TEXT,
    created_at TEXT NOT NULL,
    version INTEGER NOT NULL
);
-- For the audit view: the journal by operator and by action, newest first.
CREATE INDEX journal_actor ON journal (actor, id);
CREATE INDEX journal_action ON journal (action, id);
