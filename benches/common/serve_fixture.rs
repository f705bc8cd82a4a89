//! The tracking page's benchmark server: the demo centre served on loopback (shared by
//! benches/serve.rs and the benchmark table, examples/bench_table).

// Each user of these helpers takes what it needs.
#![allow(dead_code)]

use std::sync::Arc;
use yidi::domain::SystemClock;
use yidi::serve::{PageService, ServeConfig, serve_pages};
use yidi::store::Store;

/// Seeds the demo centre into `store`, serves the page, and returns one case's page URL.
pub async fn serve_demo(store: Store) -> String {
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
