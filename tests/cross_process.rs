//! Several processes on one database: concurrent writers lose nothing, and a commit in one
//! process wakes a subscriber in another. The children are this test binary run again.

#[macro_use]
mod common;

use common::stores::{county, deadlines, morning, stamp};
use std::process::{Child, Command};
use std::time::{Duration, Instant};
use uuid::Uuid;
use yidi::domain::Intake;
use yidi::domain::case::Channel;
use yidi::domain::party::{Party, PartyRole};
use yidi::store::{Feed, Store};

const CHILD_DB: &str = "YIDI_CHILD_DB";
const CHILD_CENTRE: &str = "YIDI_CHILD_CENTRE";
const CHILD_COUNT: &str = "YIDI_CHILD_COUNT";

/// Not a test of its own: the body a child process runs when the parent starts it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_writer() {
    let (Ok(url), Ok(centre), Ok(count)) = (
        std::env::var(CHILD_DB),
        std::env::var(CHILD_CENTRE),
        std::env::var(CHILD_COUNT),
    ) else {
        return;
    };
    let centre: Uuid = centre.parse().unwrap();
    let store = Store::open(&url).await.unwrap();
    for n in 0..count.parse::<usize>().unwrap() {
        let i = Intake::new(
            centre,
            Channel::Hotline,
            "邻里纠纷",
            &format!("pid {} call {n}", std::process::id()),
        )
        .with_party(Party::person(PartyRole::Applicant, "李秀英"));
        // Any error here — "database is locked" included — fails the child and so the parent.
        store
            .intake(&i, deadlines(morning()), &stamp(morning()))
            .await
            .expect("intake from a child process");
    }
}

fn spawn_child(url: &str, centre: Uuid, count: usize) -> Child {
    Command::new(std::env::current_exe().unwrap())
        .args(["child_writer", "--exact", "--test-threads=1", "--nocapture"])
        .env(CHILD_DB, url)
        .env(CHILD_CENTRE, centre.to_string())
        .env(CHILD_COUNT, count.to_string())
        // The child's own test summary would read like this run's; its exit code is what counts.
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("spawn child")
}

async fn two_processes_write_at_once(store: Store, url: String) {
    let f = county(&store).await;
    let children = [
        spawn_child(&url, f.centre.id, 150),
        spawn_child(&url, f.centre.id, 150),
    ];
    for mut c in children {
        let status = tokio::task::spawn_blocking(move || c.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success(), "a child writer failed: {status}");
    }
    assert_eq!(
        store.counts(f.centre.id).await.unwrap().cases,
        300,
        "no row lost"
    );
    assert_eq!(
        store
            .changes_since(0, 10_000)
            .await
            .unwrap()
            .iter()
            .filter(|c| c.entity == "case")
            .count(),
        300
    );
}

async fn a_write_in_another_process_wakes_this_one(store: Store, url: String) {
    let f = county(&store).await;
    let seen = store.last_change_id().await.unwrap();
    let mut feed = store.follow(seen);
    tokio::time::sleep(Duration::from_millis(300)).await;
    while feed.try_next().is_some() {}
    let started = Instant::now();
    let mut child = spawn_child(&url, f.centre.id, 1);
    let woke = tokio::time::timeout(Duration::from_secs(20), feed.next())
        .await
        .expect("woken by the other process");
    let Some(Feed::Changes(changes)) = woke else {
        panic!("expected the child's change, got {woke:?}");
    };
    assert_eq!(changes.len(), 1, "exactly the child's intake");
    let case = store.case(changes[0].entity_id).await.unwrap().unwrap();
    assert!(case.description.starts_with("pid "), "{}", case.description);
    eprintln!(
        "cross-process wake after {:?} (includes starting the child)",
        started.elapsed()
    );
    assert!(
        tokio::task::spawn_blocking(move || child.wait())
            .await
            .unwrap()
            .unwrap()
            .success()
    );
}

on_both!(
    two_processes_write_at_once,
    a_write_in_another_process_wakes_this_one
);
