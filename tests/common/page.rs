//! The tracking page served on a free loopback port for a test, with its clock fixed.

use chrono::{DateTime, Utc};
use std::sync::Arc;
use yidi::domain::FixedClock;
use yidi::serve::{PageService, ServeConfig, serve_pages};
use yidi::store::Store;

pub struct Server {
    pub base: String,
    stop: tokio::sync::watch::Sender<bool>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.stop.send(true);
    }
}

pub async fn start(store: Store, config: ServeConfig, now: DateTime<Utc>) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let app = Arc::new(PageService::new(
        store,
        Arc::new(FixedClock::at(now)),
        &config,
    ));
    let (stop, mut rx) = tokio::sync::watch::channel(false);
    tokio::spawn(serve_pages(listener, app, async move {
        let _ = rx.wait_for(|s| *s).await;
    }));
    Server { base, stop }
}

/// A generous limit (tests fetch many pages from one address) and the centre's phone.
pub fn config() -> ServeConfig {
    ServeConfig {
        phone: Some("0936-8212345".into()),
        rate_per_min: 6000,
        burst: 1000,
        ..ServeConfig::default()
    }
}
