//! The tracking page's budget from DESIGN.md: < 10 ms per request at 100 requests/s on
//! loopback. Requests are paced at one per 10 ms against the demo centre (SQLite, and
//! PostgreSQL where one can be started); each iteration's time is the request's alone.

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

#[path = "common/serve_fixture.rs"]
mod serve_fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use std::time::{Duration, Instant};
use yidi::store::Store;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// 300 requests at 100 a second: prints the median and 95th percentile of single requests.
fn percentiles(name: &str, rt: &tokio::runtime::Runtime, url: &str) {
    let client = reqwest::Client::new();
    let mut times = rt.block_on(async {
        let mut tick = tokio::time::interval(Duration::from_millis(10));
        let mut times = Vec::with_capacity(300);
        for _ in 0..300 {
            tick.tick().await;
            let start = Instant::now();
            let res = client.get(url).send().await.unwrap();
            let _ = res.bytes().await.unwrap();
            times.push(start.elapsed());
        }
        times
    });
    times.sort();
    println!(
        "tracking_page/{name}: 300 requests at 100/s: median {:?}, p95 {:?}",
        times[150], times[285]
    );
}

fn paced(c: &mut Criterion, name: &str, rt: &tokio::runtime::Runtime, url: &str) {
    percentiles(name, rt, url);
    let client = reqwest::Client::new();
    let mut group = c.benchmark_group("tracking_page");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(6));
    group.bench_function(format!("{name}_at_100_per_s"), |b| {
        b.iter_custom(|iters| {
            rt.block_on(async {
                let mut spent = Duration::ZERO;
                let mut tick = tokio::time::interval(Duration::from_millis(10));
                for _ in 0..iters {
                    tick.tick().await;
                    let start = Instant::now();
                    let res = client.get(url).send().await.unwrap();
                    assert_eq!(res.status(), 200);
                    let _ = res.bytes().await.unwrap();
                    spent += start.elapsed();
                }
                spent
            })
        })
    });
    group.finish();
}

fn page(c: &mut Criterion) {
    let rt = runtime();
    let dir = tempfile::tempdir().unwrap();
    let sqlite_url = format!("sqlite://{}", dir.path().join("bench.db").display());
    let url = rt.block_on(async {
        serve_fixture::serve_demo(Store::open(&sqlite_url).await.unwrap()).await
    });
    paced(c, "sqlite", &rt, &url);
    let pg = rt.block_on(async {
        let url = pg::fresh_database_url().await?;
        Some(serve_fixture::serve_demo(Store::open(&url).await.unwrap()).await)
    });
    if let Some(url) = pg {
        paced(c, "postgres", &rt, &url);
    }
}

criterion_group!(benches, page);
criterion_main!(benches);
