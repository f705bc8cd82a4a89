//! The text of an intake's one write statement: counters, case, parties, ticket and journal
//! entry in a single call to the database (issue 14: intake ≤ 2× a bare insert).
//!
//! This is the one write whose SQL differs between the backends, and only in its framing:
//! SQLite runs a batch of statements in one call (sqlx binds `$n` by number in every
//! statement of the batch), `BEGIN IMMEDIATE` … `COMMIT` included; PostgreSQL cannot prepare
//! a batch, so there the same inserts are data-modifying `WITH` clauses of one statement, which
//! is one transaction by itself. The inserts, their columns and the parameter numbers are the
//! same text in both, built below from the same pieces. Each round trip costs tens of
//! microseconds (sqlx's SQLite worker thread, PostgreSQL's socket), so an intake is now one
//! call, where a bare one-row insert transaction is three (begin, insert, commit).

use super::Backend;

/// Parameters, in bind order (see `Store::intake`).
/// $1 centre, $2 day, $3 'ticket' | 'no_ticket', $4 case id, $5 case number prefix
/// (`YD20261123-`), $6 token, $7 channel, $8 category, $9 description, $10 state,
/// $11 batches, $12 persons, $13 lanes, $14 court case number, $15 repeat of, $16 handling,
/// $17 at, $18 accept due, $19 convene due, $20 reply due, $21 actor, $22 township,
/// $23 journal action, $24 journal detail, $25 ticket id, $26 ticket state; then per party
/// 8: id, seq, role, name, is organisation, resident id, phone, address.
pub(crate) const FIXED_PARAMS: usize = 26;
pub(crate) const PARAMS_PER_PARTY: usize = 8;

/// The centre and its ancestors; the one without a parent is the county's root centre, where
/// case numbers are counted.
const UP: &str = "up (id, parent_id) AS (SELECT id, parent_id FROM centres WHERE id = $1 \
     UNION ALL SELECT c.id, c.parent_id FROM centres c JOIN up ON c.id = up.parent_id)";
const ROOT_OF_UP: &str = "SELECT id FROM up WHERE parent_id IS NULL";

/// `YD20261123-0007`, as `domain::case::case_no` writes it (4 digits, more when needed),
/// in SQL both databases understand.
const CASE_NO: &str = "$5 || CASE WHEN value < 10000 THEN substr(CAST(10000 + value AS TEXT), 2) \
     ELSE CAST(value AS TEXT) END";

const CASE_COLUMNS: &str = "INSERT INTO cases (id, centre_id, case_no, tracking_token, channel, category, \
     description, state, group_batches, group_persons, lanes, court_case_no, repeat_of, handling, \
     received_at, accept_due, convene_due, reply_due, created_by, updated_at, version, township) ";

const TICKET_COLUMNS: &str =
    "INSERT INTO tickets (id, centre_id, case_id, day, seq, lanes, state, issued_at, version) ";

const JOURNAL: &str = "INSERT INTO journal (centre_id, case_id, at, actor, action, detail, entity, entity_id) \
     VALUES ($1, $4, $17, $21, $23, $24, 'case', $4)";

fn case_values() -> String {
    format!(
        "SELECT $4, $1, {CASE_NO}, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, $21, $17, 1, $22"
    )
}

const TICKET_VALUES: &str = "SELECT $25, $1, $4, $2, value, $13, $26, $17, 1";

fn parties(count: usize) -> String {
    let rows: Vec<String> = (0..count)
        .map(|n| {
            let b = FIXED_PARAMS + n * PARAMS_PER_PARTY;
            format!(
                "(${}, $4, ${}, ${}, ${}, ${}, ${}, ${}, ${})",
                b + 1,
                b + 2,
                b + 3,
                b + 4,
                b + 5,
                b + 6,
                b + 7,
                b + 8
            )
        })
        .collect();
    format!(
        "INSERT INTO parties (id, case_id, seq, role, name, is_organisation, resident_id, phone, address) \
         VALUES {}",
        rows.join(", ")
    )
}

/// The counters' upsert: the root's case counter and the centre's ticket (or no-ticket) tally.
fn counters(root: &str) -> String {
    format!(
        "INSERT INTO counters (centre_id, name, day, value) VALUES (({root}), 'case', $2, 1), ($1, $3, $2, 1) \
         ON CONFLICT (centre_id, name, day) DO UPDATE SET value = counters.value + 1 RETURNING name, value"
    )
}

/// The statement for an intake with `parties` parties (at least one: validation requires an
/// applicant). It returns the two counters' new values as rows of (name, value).
pub(crate) fn intake_statement(backend: Backend, parties_count: usize) -> String {
    let parties = parties(parties_count.max(1));
    let case_values = case_values();
    match backend {
        Backend::Sqlite => {
            let root = format!("WITH RECURSIVE {UP} {ROOT_OF_UP}");
            format!(
                "BEGIN IMMEDIATE; {counters}; \
                 {CASE_COLUMNS}{case_values} FROM counters WHERE centre_id = ({root}) AND name = 'case' AND day = $2; \
                 {parties}; \
                 {TICKET_COLUMNS}{TICKET_VALUES} FROM counters WHERE centre_id = $1 AND name = $3 AND day = $2 \
                   AND name = 'ticket'; \
                 {JOURNAL}; COMMIT",
                counters = counters(&root),
            )
        }
        Backend::Postgres => format!(
            "WITH RECURSIVE {UP}, \
             n AS ({counters}), \
             k AS ({CASE_COLUMNS}{case_values} FROM n WHERE name = 'case' RETURNING id), \
             p AS ({parties} RETURNING id), \
             t AS ({TICKET_COLUMNS}{TICKET_VALUES} FROM n WHERE name = 'ticket' RETURNING id), \
             j AS ({JOURNAL} RETURNING id) \
             SELECT name, value FROM n",
            counters = counters(ROOT_OF_UP),
        ),
    }
}

/// A SQLite connection running a batch that holds its own transaction. Until the batch is
/// known to have committed, dropping this (an error, or the caller's future dropped midway)
/// closes the connection, which rolls the open transaction back, instead of returning it to
/// the pool still inside it.
pub(crate) struct UntilCommitted {
    pub conn: sqlx::pool::PoolConnection<sqlx::Sqlite>,
    committed: bool,
}

impl UntilCommitted {
    pub fn new(conn: sqlx::pool::PoolConnection<sqlx::Sqlite>) -> Self {
        Self {
            conn,
            committed: false,
        }
    }

    pub fn committed(&mut self) {
        self.committed = true;
    }
}

impl Drop for UntilCommitted {
    fn drop(&mut self) {
        if !self.committed {
            self.conn.close_on_drop();
        }
    }
}
