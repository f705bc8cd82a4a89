//! Concurrent writers and the audit that counts what they left (issue 14: lost, duplicated and
//! user-visible errors all 0). Shared by the benchmark table (examples/bench_table) and the
//! suite's smaller run (tests/load.rs).

// Each user of these helpers takes what it needs.
#![allow(dead_code)]

use chrono::Utc;
use sqlx::Connection;
use std::time::Duration;
use uuid::Uuid;
use yidi::domain::case::{Channel, Level};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Centre, Intake, SlaPolicy, WorkCalendar};
use yidi::store::{Stamp, Store};

/// A walk-in with an applicant (ID and phone) and an organisation as respondent: the intake
/// the benchmarks have always measured.
pub fn walk_in(centre: Uuid, note: &str) -> Intake {
    let mut a = Party::person(PartyRole::Applicant, "张建国");
    a.resident_id = Some("11010519491231002X".into());
    a.phone = Some("13800138000".into());
    Intake::new(centre, Channel::WalkIn, "劳动争议/欠薪", note)
        .with_party(a)
        .with_party(Party::organisation(
            PartyRole::Respondent,
            "某建筑劳务有限公司",
        ))
}

/// A new county centre for one run.
pub async fn centre(store: &Store, code: &str) -> Centre {
    let c = Centre {
        id: Uuid::now_v7(),
        code: code.into(),
        name: "基准中心".into(),
        level: Level::County,
        parent: None,
    };
    store
        .ensure_centre(&c, &Stamp::new("bench", Utc::now()))
        .await
        .unwrap()
}

/// One intake now, as a window does it.
pub async fn intake_now(store: &Store, i: &Intake) -> yidi::store::Result<()> {
    let now = Utc::now();
    store
        .intake(
            i,
            SlaPolicy::default().deadlines(now, &WorkCalendar::builtin()),
            &Stamp::new("bench", now),
        )
        .await
        .map(|_| ())
}

/// `count` intakes one after another; returns the errors that reached the caller (after the
/// store's own retries — what an operator would see).
pub async fn write_intakes(store: &Store, centre: Uuid, count: usize, tag: &str) -> Vec<String> {
    let mut errors = Vec::new();
    for n in 0..count {
        let i = walk_in(centre, &format!("{tag} #{n}"));
        if let Err(e) = intake_now(store, &i).await {
            errors.push(e.to_string());
        }
    }
    errors
}

/// What the writers left in the database, read back.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Audit {
    pub cases: i64,
    pub distinct_case_nos: i64,
    pub tickets: i64,
    pub distinct_ticket_seqs: i64,
    /// The highest ticket number: with no gaps it equals the number of tickets.
    pub max_ticket_seq: i64,
    pub journal_entries: i64,
}

impl Audit {
    /// Lost: intakes asked for and not stored; duplicated: numbers given twice or rows beyond
    /// what was asked for.
    pub fn lost(&self, expected: i64) -> i64 {
        (expected - self.cases).max(0)
    }

    pub fn duplicated(&self, expected: i64) -> i64 {
        (self.cases - self.distinct_case_nos)
            + (self.tickets - self.distinct_ticket_seqs)
            + (self.cases - expected).max(0)
            + (self.journal_entries - self.cases).abs()
    }
}

/// Reads back every case, ticket and intake journal entry of `centre` (uuids bound as the
/// backend stores them).
pub async fn audit(url: &str, centre: Uuid) -> Audit {
    // The highest ticket as a bigint on both databases (PostgreSQL's MAX of an int is an int).
    const Q: [&str; 3] = [
        "SELECT COUNT(*), COUNT(DISTINCT case_no) FROM cases WHERE centre_id = $1",
        "SELECT COUNT(*), COUNT(DISTINCT seq), CAST(COALESCE(MAX(seq), 0) AS BIGINT) FROM tickets WHERE centre_id = $1",
        "SELECT COUNT(*) FROM journal WHERE centre_id = $1 AND action = 'intake'",
    ];
    macro_rules! read_back {
        ($c:expr) => {{
            let c = $c;
            let (cases, distinct_case_nos): (i64, i64) = sqlx::query_as(Q[0])
                .bind(centre)
                .fetch_one(&mut *c)
                .await
                .unwrap();
            let (tickets, distinct_ticket_seqs, max_ticket_seq): (i64, i64, i64) =
                sqlx::query_as(Q[1])
                    .bind(centre)
                    .fetch_one(&mut *c)
                    .await
                    .unwrap();
            let (journal_entries,): (i64,) = sqlx::query_as(Q[2])
                .bind(centre)
                .fetch_one(&mut *c)
                .await
                .unwrap();
            Audit {
                cases,
                distinct_case_nos,
                tickets,
                distinct_ticket_seqs,
                max_ticket_seq,
                journal_entries,
            }
        }};
    }
    if url.starts_with("postgres") {
        read_back!(&mut sqlx::PgConnection::connect(url).await.unwrap())
    } else {
        read_back!(&mut sqlite_connection(url).await)
    }
}

/// A connection of its own to a SQLite file, with the store's pragmas (WAL, synchronous
/// NORMAL) and a patient busy timeout.
async fn sqlite_connection(url: &str) -> sqlx::SqliteConnection {
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    sqlx::SqliteConnection::connect_with(
        &sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
            .synchronous(sqlx::sqlite::SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(10)),
    )
    .await
    .unwrap()
}

/// The reference an intake is measured against: one row into a table of its own, on a
/// connection of its own to the same database.
pub enum Bare {
    Sqlite(sqlx::SqliteConnection),
    Pg(sqlx::PgConnection),
}

impl Bare {
    pub async fn open(url: &str) -> Bare {
        let create = "CREATE TABLE IF NOT EXISTS bare (id UUID PRIMARY KEY, note TEXT NOT NULL)";
        let mut bare = if url.starts_with("postgres") {
            Bare::Pg(sqlx::PgConnection::connect(url).await.unwrap())
        } else {
            Bare::Sqlite(sqlite_connection(url).await)
        };
        match &mut bare {
            Bare::Sqlite(c) => {
                sqlx::query(create).execute(c).await.unwrap();
            }
            Bare::Pg(c) => {
                sqlx::query(create).execute(c).await.unwrap();
            }
        }
        bare
    }

    /// One row in its own transaction (`BEGIN IMMEDIATE` on SQLite, as the store writes).
    pub async fn insert_tx(&mut self) {
        macro_rules! in_tx {
            ($tx:expr) => {{
                let mut tx = $tx;
                sqlx::query(INSERT)
                    .bind(Uuid::now_v7())
                    .bind("一行")
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }};
        }
        match self {
            Bare::Sqlite(c) => in_tx!(c.begin_with("BEGIN IMMEDIATE").await.unwrap()),
            Bare::Pg(c) => in_tx!(c.begin().await.unwrap()),
        }
    }

    /// The same row as one autocommit statement (one round trip).
    pub async fn insert_one(&mut self) {
        macro_rules! one {
            ($c:expr) => {{
                sqlx::query(INSERT)
                    .bind(Uuid::now_v7())
                    .bind("一行")
                    .execute($c)
                    .await
                    .unwrap();
            }};
        }
        match self {
            Bare::Sqlite(c) => one!(c),
            Bare::Pg(c) => one!(c),
        }
    }
}

const INSERT: &str = "INSERT INTO bare (id, note) VALUES ($1, $2)";
