//! Store budgets from DESIGN.md: an intake against a bare one-row insert transaction, and how
//! long a commit on one console takes to reach another (each on SQLite and PostgreSQL).

#[path = "common/load.rs"]
mod load;
#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::{Duration, Instant};
use yidi::domain::{Centre, SlaPolicy, WorkCalendar};
use yidi::store::{Stamp, Store};

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The intake against a bare one-row insert transaction, on SQLite and, where a throwaway
/// cluster can be started, PostgreSQL.
fn intake_vs_bare_insert(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let pg_url = rt.block_on(pg::fresh_database_url());
    for (group, url) in [
        ("sqlite_write", Some(sqlite_url)),
        ("postgres_write", pg_url),
    ] {
        let Some(url) = url else { continue };
        let (store, centre, mut bare) = rt.block_on(async {
            let store = Store::open(&url).await.unwrap();
            let centre = load::centre(&store, "bench").await;
            (store, centre, load::Bare::open(&url).await)
        });
        let mut g = c.benchmark_group(group);
        g.bench_function("bare_single_row_insert_tx", |b| {
            b.iter(|| rt.block_on(bare.insert_tx()))
        });
        bench_intake(&mut g, &rt, &store, &centre);
        g.finish();
    }
}

fn bench_intake(
    g: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    rt: &tokio::runtime::Runtime,
    store: &Store,
    centre: &Centre,
) {
    g.bench_function("intake_case_parties_ticket_journal_change", |b| {
        b.iter(|| {
            rt.block_on(async {
                let i = load::walk_in(centre.id, "十二名工人被拖欠工资");
                load::intake_now(store, &i).await.unwrap();
            })
        })
    });
}

/// Commit on console A, wait until console B's subscription wakes.
fn change_visible(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("feed.db").display());
    let pg_url = rt.block_on(pg::fresh_database_url());
    let mut g = c.benchmark_group("change_visible_on_other_console");
    g.sample_size(30);
    for (name, url) in [("sqlite", Some(sqlite_url)), ("postgres", pg_url)] {
        let Some(url) = url else { continue };
        let (a, b, centre) = rt.block_on(async {
            let a = Store::open(&url).await.unwrap();
            let b = Store::open(&url).await.unwrap();
            let centre = load::centre(&a, "bench").await;
            (a, b, centre)
        });
        let mut sub = rt.block_on(async {
            let last = b.last_change_id().await.unwrap();
            let s = b.follow(last);
            tokio::time::sleep(Duration::from_millis(300)).await;
            s
        });
        let cal = WorkCalendar::builtin();
        g.bench_function(name, |bench| {
            bench.iter_custom(|iters| {
                rt.block_on(async {
                    let mut total = Duration::ZERO;
                    for _ in 0..iters {
                        // Land the commit at a random moment of the SQLite poll period, as real
                        // operators do, rather than in step with it.
                        tokio::time::sleep(Duration::from_micros(rand::random_range(0..40_000)))
                            .await;
                        while sub.try_next().is_some() {}
                        let now = Utc::now();
                        let i = load::walk_in(centre.id, "十二名工人被拖欠工资");
                        let start = Instant::now();
                        a.intake(
                            &i,
                            SlaPolicy::default().deadlines(now, &cal),
                            &Stamp::new("bench", now),
                        )
                        .await
                        .unwrap();
                        sub.next().await.unwrap();
                        total += start.elapsed();
                    }
                    total
                })
            })
        });
    }
    g.finish();
}

criterion_group!(benches, intake_vs_bare_insert, change_visible);
criterion_main!(benches);
