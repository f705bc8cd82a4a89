//! The tracking page served by `yidi serve`'s own code on loopback, paced at 100 requests a
//! second; each request timed alone.

#[path = "../../benches/common/serve_fixture.rs"]
mod serve_fixture;

use crate::table::{Row, median_p95, ms};
use std::time::{Duration, Instant};
use yidi::store::Store;

pub async fn row(pg_url: Option<String>, requests: usize) -> Row {
    let dir = tempfile::tempdir().unwrap();
    let (name, url) = match pg_url {
        Some(u) => ("PostgreSQL", u),
        None => (
            "SQLite",
            format!("sqlite://{}", dir.path().join("page.db").display()),
        ),
    };
    let page = serve_fixture::serve_demo(Store::open(&url).await.unwrap()).await;
    let client = reqwest::Client::new();
    let mut tick = tokio::time::interval(Duration::from_millis(10));
    let mut times = Vec::with_capacity(requests);
    let mut failed = 0;
    for _ in 0..requests {
        tick.tick().await;
        let start = Instant::now();
        match client.get(&page).send().await {
            Ok(res) if res.status() == 200 => {
                let _ = res.bytes().await;
            }
            _ => failed += 1,
        }
        times.push(start.elapsed());
    }
    let (median, p95) = median_p95(&mut times);
    let row = Row::new(
        format!("a tracking page served by `yidi serve`, 100 requests/s on loopback, {name}"),
        "< 10 ms per request",
    )
    .measured(format!(
        "median {:.2} ms, p95 {:.2} ms ({requests} requests, {failed} failed)",
        ms(median),
        ms(p95)
    ));
    if failed > 0 {
        row.verdict(false, format!("{failed} requests failed"))
    } else {
        row.at_most(ms(p95), 10.0, " ms")
    }
}
