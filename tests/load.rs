//! Concurrent writers lose nothing and number nothing twice (issue 14, the suite's small run of
//! the benchmark table's load rows): 4 processes × 200 walk-in intakes on one database, then
//! every case number, ticket and journal entry read back. The children are this binary again.

#[macro_use]
mod common;
#[path = "../benches/common/load.rs"]
mod load;

use std::process::{Command, Stdio};
use yidi::store::Store;

const WRITERS: usize = 4;
const EACH: usize = 200;

/// Not a test of its own: what a child writer runs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn child_load_writer() {
    let (Ok(url), Ok(centre), Ok(tag)) = (
        std::env::var("YIDI_CHILD_DB"),
        std::env::var("YIDI_CHILD_CENTRE"),
        std::env::var("YIDI_CHILD_TAG"),
    ) else {
        return;
    };
    let store = Store::open(&url).await.unwrap();
    let errors = load::write_intakes(&store, centre.parse().unwrap(), EACH, &tag).await;
    // An error here is one an operator would have seen: the parent counts them.
    assert!(
        errors.is_empty(),
        "{} errors, first: {:?}",
        errors.len(),
        errors.first()
    );
}

async fn four_writers_lose_and_duplicate_nothing(store: Store, url: String) {
    let centre = load::centre(&store, "load").await;
    let children: Vec<_> = (0..WRITERS)
        .map(|w| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "child_load_writer",
                    "--exact",
                    "--test-threads=1",
                    "--nocapture",
                ])
                .env("YIDI_CHILD_DB", &url)
                .env("YIDI_CHILD_CENTRE", centre.id.to_string())
                .env("YIDI_CHILD_TAG", format!("writer {w}"))
                .stdout(Stdio::null())
                .spawn()
                .unwrap()
        })
        .collect();
    for mut c in children {
        let status = tokio::task::spawn_blocking(move || c.wait())
            .await
            .unwrap()
            .unwrap();
        assert!(status.success(), "a writer saw an error: {status}");
    }
    let expected = (WRITERS * EACH) as i64;
    let audit = load::audit(&url, centre.id).await;
    assert_eq!(
        audit,
        load::Audit {
            cases: expected,
            distinct_case_nos: expected,
            tickets: expected,
            distinct_ticket_seqs: expected,
            max_ticket_seq: expected,
            journal_entries: expected,
        },
        "every intake stored once, numbered once, tickets 1..{expected} without a gap"
    );
    assert_eq!((audit.lost(expected), audit.duplicated(expected)), (0, 0));
}

on_both!(four_writers_lose_and_duplicate_nothing);
