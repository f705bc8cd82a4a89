//! The month's figures and the reverse ranking over 1,000,000 historical cases (DESIGN.md:
//! < 500 ms, never on the render loop), on SQLite. The database is built once by the demo's
//! history generator and kept in `target/bench-figures/` for later runs (building it takes a
//! few minutes); delete the folder to rebuild. PostgreSQL: `YIDI_BENCH_PG=1` runs the same
//! two benchmarks on a throwaway cluster (seeded each run, several minutes), or set
//! `YIDI_BENCH_PG_URL` to a database of your own (seeded once if empty).

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use chrono::Utc;
use criterion::{Criterion, criterion_group, criterion_main};
use std::time::Duration;
use yidi::domain::clock::local_day;
use yidi::domain::figures::{Period, RankingWeights};
use yidi::store::Store;

const CASES: u64 = 1_000_000;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// The demo county with a million closed cases behind it (seeded once).
async fn seeded(url: &str) -> (Store, yidi::domain::Centre) {
    let store = Store::open(url).await.unwrap();
    let centre = match store.centre_by_code(yidi::demo::COUNTY_CODE).await.unwrap() {
        Some(c) if store.counts(c.id).await.unwrap().cases as u64 >= CASES => c,
        _ => {
            eprintln!("seeding {CASES} historical cases into {url} (once)…");
            let start = std::time::Instant::now();
            yidi::demo::seed(&store, Utc::now(), CASES, &mut |n| {
                if n % 100_000 == 0 {
                    eprintln!("  {n}");
                }
            })
            .await
            .unwrap();
            eprintln!("seeded in {:?}", start.elapsed());
            store
                .centre_by_code(yidi::demo::COUNTY_CODE)
                .await
                .unwrap()
                .unwrap()
        }
    };
    (store, centre)
}

fn month_figures_and_ranking(c: &mut Criterion) {
    let rt = runtime();
    let mut targets = Vec::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-figures");
    std::fs::create_dir_all(&dir).unwrap();
    targets.push((
        "sqlite",
        format!("sqlite://{}", dir.join("history-1m.db").display()),
    ));
    if let Ok(url) = std::env::var("YIDI_BENCH_PG_URL") {
        targets.push(("postgres", url));
    } else if std::env::var_os("YIDI_BENCH_PG").is_some()
        && let Some(url) = rt.block_on(pg::fresh_database_url())
    {
        targets.push(("postgres", url));
    }
    for (name, url) in targets {
        let (store, centre) = rt.block_on(seeded(&url));
        let now = Utc::now();
        let month = Period::previous_month(local_day(now));
        let counted = rt
            .block_on(store.period_figures(centre.id, month, now))
            .unwrap();
        eprintln!(
            "{name}: {} cases in {}..{}",
            counted.counts.cases, month.from, month.to
        );
        let mut group = c.benchmark_group(format!("figures_1m_{name}"));
        group
            .sample_size(10)
            .measurement_time(Duration::from_secs(20));
        group.bench_function("month_figures", |b| {
            b.iter(|| {
                rt.block_on(store.period_figures(centre.id, month, now))
                    .unwrap()
            })
        });
        group.bench_function("month_ranking", |b| {
            b.iter(|| {
                rt.block_on(store.ranking(centre.id, month, RankingWeights::default(), now))
                    .unwrap()
            })
        });
        group.finish();
    }
}

criterion_group!(benches, month_figures_and_ranking);
criterion_main!(benches);
