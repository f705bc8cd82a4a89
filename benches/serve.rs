//! The tracking page's budget from DESIGN.md: < 10 ms per request at 100 requests/s on
//! loopback. Requests are paced at one per 10 ms against the demo centre (SQLite, and
//! PostgreSQL where one can be started); each iteration's time is the request's alone.

#[path = "../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

use criterion::{Criterion, criterion_group, criterion_main};
use std::sync::Arc;
use std::time::{Duration, Instant};
use yidi::domain::SystemClock;
use yidi::serve::{PageService, ServeConfig, serve_pages};
use yidi::store::Store;

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Seeds the demo centre into `store`, serves the page, and returns one case's page URL.
async fn serve_demo(store: Store) -> String {
    yidi::demo::seed(&store, chrono::Utc::now(), 0, &mut |_| {})
        .await
        .unwrap();
    let centre = store
        .centre_by_code(yidi::demo::COUNTY_CODE)
        .await
        .unwrap()
        .unwrap();
    let token = store
        .sample_tracking_token(centre.id)
        .await
        .unwrap()
        .unwrap();
    let config = ServeConfig {
        rate_per_min: 1_000_000,
        burst: 1_000_000,
        ..ServeConfig::default()
    };
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/t/{}",
        listener.local_addr().unwrap(),
        token.simple()
    );
    let app = Arc::new(PageService::new(store, Arc::new(SystemClock), &config));
    tokio::spawn(serve_pages(listener, app, std::future::pending()));
    url
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
    let url = rt.block_on(async { serve_demo(Store::open(&sqlite_url).await.unwrap()).await });
    paced(c, "sqlite", &rt, &url);
    let pg = rt.block_on(async {
        let url = pg::fresh_database_url().await?;
        Some(serve_demo(Store::open(&url).await.unwrap()).await)
    });
    if let Some(url) = pg {
        paced(c, "postgres", &rt, &url);
    }
}

criterion_group!(benches, page);
criterion_main!(benches);
