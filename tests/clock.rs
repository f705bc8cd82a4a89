//! One clock for every console: on PostgreSQL the server's, measured from each console.

#[macro_use]
mod common;

use std::sync::Arc;
use yidi::domain::clock::{Clock, FixedClock, ServerClock};
use yidi::store::{Backend, Store};

async fn a_console_with_a_wrong_clock_counts_from_the_servers(store: Store, _url: String) {
    let server = store.server_now().await.expect("asked");
    match store.backend() {
        Backend::Sqlite => assert!(server.is_none(), "one machine, one clock"),
        Backend::Postgres => {
            let server = server.expect("the server's time");
            // This console's clock is 90 s slow.
            let slow = FixedClock::at(chrono::Utc::now() - chrono::Duration::seconds(90));
            let clock = ServerClock::new(Arc::new(slow.clone()));
            let sent = clock.local_now();
            clock.measured(sent, server, clock.local_now());
            let off = (clock.now() - server).num_milliseconds().abs();
            assert!(off < 2_000, "off by {off} ms after measuring");
        }
    }
}

on_both!(a_console_with_a_wrong_clock_counts_from_the_servers);
