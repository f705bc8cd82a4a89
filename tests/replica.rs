//! The wall screen on a read replica (`yidi board --read-db URL`), in a real terminal: it shows
//! what is written on the primary once the replica has replayed it, says so when the replica
//! falls behind by more than 2 s, and catches up when it replays again.
//!
//! Its own test binary: it starts a streaming replica (`pg_basebackup -R`) of this binary's
//! throwaway cluster. PostgreSQL only; skipped when `YIDI_TEST_PG_URL` names a server the
//! harness does not run.

mod common;

use common::pg;
use common::pty::{open_console, seed_demo};
use common::stores::{deadlines, stamp};
use sqlx::Connection;
use std::time::Duration;
use yidi::domain::case::{Channel, Handling, Level, Stream};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Intake, Presence};
use yidi::store::{Store, Triage};

/// A walk-in, triaged and whistled to the county's first resident department, on the
/// primary. Returns the case number.
async fn whistled_case(store: &Store, resident: &str) -> String {
    let at = chrono::Utc::now();
    let county = store.centre_by_code("county").await.unwrap().unwrap();
    let dept = store
        .departments(county.id)
        .await
        .unwrap()
        .into_iter()
        .find(|d| d.presence == Presence::Resident)
        .unwrap();
    let intake = Intake::new(county.id, Channel::WalkIn, "邻里纠纷", "院墙渗水")
        .with_party(Party::person(PartyRole::Applicant, resident));
    let receipt = store
        .intake(&intake, deadlines(at), &stamp(at))
        .await
        .unwrap();
    let triage = Triage {
        stream: Stream::Mediation,
        handling: Handling::Joint,
        level: Level::County,
        lead_department: None,
        cooperating: Vec::new(),
        first_handler: "王敏".into(),
    };
    let case = store
        .triage(receipt.case.id, receipt.case.version, &triage, &stamp(at))
        .await
        .unwrap();
    store
        .whistle_departments(case.id, &[dept.id], "现场查看", &stamp(at))
        .await
        .unwrap();
    case.case_no
}

async fn replay(replica_url: &str, on: bool) {
    let mut c = sqlx::PgConnection::connect(replica_url).await.unwrap();
    let sql = if on {
        "SELECT pg_wal_replay_resume()"
    } else {
        "SELECT pg_wal_replay_pause()"
    };
    sqlx::query(sql).execute(&mut c).await.unwrap();
}

#[test]
fn the_wall_screen_reads_a_replica_and_says_when_it_lags() {
    let rt = tokio::runtime::Runtime::new().unwrap();
    let Some(url) = rt.block_on(pg::fresh_database_url()) else {
        return;
    };
    let server = pg::server().unwrap();
    if server.cluster_dir().is_none() {
        eprintln!("replica test SKIPPED: YIDI_TEST_PG_URL names a server the harness does not run");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    seed_demo(&url, dir.path());
    let database = url
        .split("://")
        .nth(1)
        .and_then(|r| r.split('/').nth(1))
        .and_then(|r| r.split('?').next())
        .unwrap()
        .to_owned();
    let replica = server.start_replica();
    let replica_url = replica.database_url(&database);
    let primary = rt.block_on(Store::open(&url)).unwrap();

    let board = open_console(
        &url,
        dir.path(),
        "wall",
        &["--lang", "en", "board", "--read-db", &replica_url],
        (200, 50),
        &[],
    );
    board.wait_for("read-only", 20);

    // Written on the primary, shown once the replica has it.
    let first = rt.block_on(whistled_case(&primary, "甲方一"));
    board.wait_for(&first, 20);

    // The replica stops replaying: the next whistle is on the primary only.
    rt.block_on(replay(&replica_url, false));
    let second = rt.block_on(whistled_case(&primary, "甲方二"));
    let screen = board.wait_for("BEHIND", 30);
    assert!(screen.contains("REPLICA"), "the lag is named:\n{screen}");
    assert!(
        !screen.contains(&second),
        "a case the replica has not replayed cannot be on its screen:\n{screen}"
    );

    // Replaying again: the case appears and the warning goes.
    rt.block_on(replay(&replica_url, true));
    board.wait_for(&second, 30);
    board.wait_until("the lag warning gone", 30, |s| !s.contains("BEHIND"));
    rt.block_on(primary.close());
    std::thread::sleep(Duration::from_millis(10));
}
