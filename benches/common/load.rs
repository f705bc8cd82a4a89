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
    const Q: [&str; 3] = [
        "SELECT COUNT(*), COUNT(DISTINCT case_no) FROM cases WHERE centre_id = $1",
        "SELECT COUNT(*), COUNT(DISTINCT seq), COALESCE(MAX(seq), 0) FROM tickets WHERE centre_id = $1",
        "SELECT COUNT(*) FROM journal WHERE centre_id = $1 AND action = 'intake'",
    ];
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        let (cases, distinct_case_nos): (i64, i64) = sqlx::query_as(Q[0])
            .bind(centre)
            .fetch_one(&mut c)
            .await
            .unwrap();
        let (tickets, distinct_ticket_seqs, max): (i64, i64, i32) = sqlx::query_as(Q[1])
            .bind(centre)
            .fetch_one(&mut c)
            .await
            .unwrap();
        let (journal_entries,): (i64,) = sqlx::query_as(Q[2])
            .bind(centre)
            .fetch_one(&mut c)
            .await
            .unwrap();
        Audit {
            cases,
            distinct_case_nos,
            tickets,
            distinct_ticket_seqs,
            max_ticket_seq: max.into(),
            journal_entries,
        }
    } else {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        let mut c = sqlx::SqliteConnection::connect_with(
            &sqlx::sqlite::SqliteConnectOptions::new()
                .filename(path)
                .busy_timeout(Duration::from_secs(10)),
        )
        .await
        .unwrap();
        let (cases, distinct_case_nos): (i64, i64) = sqlx::query_as(Q[0])
            .bind(centre)
            .fetch_one(&mut c)
            .await
            .unwrap();
        let (tickets, distinct_ticket_seqs, max_ticket_seq): (i64, i64, i64) = sqlx::query_as(Q[1])
            .bind(centre)
            .fetch_one(&mut c)
            .await
            .unwrap();
        let (journal_entries,): (i64,) = sqlx::query_as(Q[2])
            .bind(centre)
            .fetch_one(&mut c)
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
    }
}
