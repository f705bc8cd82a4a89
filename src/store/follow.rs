//! The change feed as a console follows it: each committed change with its centre, entity,
//! case and action, so the console can tell from the change alone whether it concerns it.
//!
//! PostgreSQL's notification carries the whole change row (migration 0012), so following it
//! costs no query; the one-second liveness check of the newest id also catches a lost
//! notification (read back with `changes_since`). SQLite is polled through
//! `PRAGMA data_version` and read with one `changes_since` per commit seen. After a lost
//! link the follower says `Reconnected`: notifications may have gone, re-read everything.

use super::{NOTIFY_CHANNEL, Pool, Store};
use crate::domain::Change;
use chrono::{DateTime, Utc};
use sqlx::Connection;
use sqlx::postgres::PgListener;
use sqlx::sqlite::SqliteConnection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Mutex, mpsc};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// What following the feed reports.
#[derive(Debug, Clone, PartialEq)]
pub enum Feed {
    /// Changes committed since the last report, oldest first (never empty).
    Changes(Vec<Change>),
    /// The database cannot be reached; what is on screen is getting stale.
    Lost,
    /// Back after a loss: changes may have been missed, re-read everything.
    Reconnected,
}

const SQLITE_POLL: Duration = Duration::from_millis(40);
const PG_LIVENESS: Duration = Duration::from_secs(1);
const RETRY: Duration = Duration::from_millis(500);
/// A burst of notifications is handed over together, up to this many.
const BATCH: usize = 256;

/// A running follower; dropping it stops its tasks (and closes the LISTEN connection).
pub struct Follower {
    rx: mpsc::UnboundedReceiver<Feed>,
    tasks: Vec<JoinHandle<()>>,
}

impl Follower {
    /// The next report; `None` once the follower has ended.
    pub async fn next(&mut self) -> Option<Feed> {
        self.rx.recv().await
    }

    /// A report already waiting, without blocking.
    pub fn try_next(&mut self) -> Option<Feed> {
        self.rx.try_recv().ok()
    }
}

impl Drop for Follower {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Hands changes on in id order, each once, whichever task saw it first.
#[derive(Clone)]
struct Outbox {
    tx: mpsc::UnboundedSender<Feed>,
    seen: Arc<Mutex<i64>>,
}

impl Outbox {
    async fn changes(&self, changes: Vec<Change>) -> bool {
        let mut seen = self.seen.lock().await;
        let fresh: Vec<Change> = changes.into_iter().filter(|c| c.id > *seen).collect();
        let Some(last) = fresh.last().map(|c| c.id) else {
            return !self.tx.is_closed();
        };
        *seen = last;
        self.tx.send(Feed::Changes(fresh)).is_ok()
    }

    fn say(&self, f: Feed) -> bool {
        self.tx.send(f).is_ok()
    }

    async fn seen(&self) -> i64 {
        *self.seen.lock().await
    }

    async fn skip_to(&self, id: i64) {
        let mut seen = self.seen.lock().await;
        *seen = (*seen).max(id);
    }
}

impl Store {
    /// Follows every change committed after `after` (usually `last_change_id()` when the
    /// console read its world). Reads of the feed itself go through this handle, so pass a
    /// [`Store::counted`] handle to count them apart from the console's own reads.
    pub fn follow(&self, after: i64) -> Follower {
        let (tx, rx) = mpsc::unbounded_channel();
        let out = Outbox {
            tx,
            seen: Arc::new(Mutex::new(after)),
        };
        let tasks = match &self.pool {
            Pool::Sqlite(_) => vec![tokio::spawn(poll_sqlite(self.clone(), out))],
            Pool::Postgres(_) => vec![
                tokio::spawn(listen_postgres(self.clone(), out.clone())),
                tokio::spawn(liveness(self.clone(), out)),
            ],
        };
        Follower { rx, tasks }
    }
}

/// `id centre entity entity_id case|- at_micros action`, as the trigger of migration 0012
/// writes it; `None` for anything else (an older trigger's empty payload).
pub fn parse_payload(payload: &str) -> Option<Change> {
    let mut it = payload.splitn(7, ' ');
    let id = it.next()?.parse().ok()?;
    let centre_id = Uuid::parse_str(it.next()?).ok()?;
    let entity = it.next()?.to_string();
    let entity_id = Uuid::parse_str(it.next()?).ok()?;
    let case_id = match it.next()? {
        "-" => None,
        s => Some(Uuid::parse_str(s).ok()?),
    };
    let at = DateTime::<Utc>::from_timestamp_micros(it.next()?.parse().ok()?)?;
    let action = Some(it.next()?.to_string());
    Some(Change {
        id,
        centre_id,
        entity,
        entity_id,
        at,
        case_id,
        action,
    })
}

async fn poll_sqlite(store: Store, out: Outbox) {
    let Pool::Sqlite(pool) = &store.pool else {
        return;
    };
    let options = pool.connect_options();
    let mut conn: Option<SqliteConnection> = None;
    let mut version: Option<i64> = None;
    let mut lost = false;
    loop {
        if conn.is_none() {
            conn = SqliteConnection::connect_with(&options).await.ok();
        }
        let now = match conn.as_mut() {
            // Not kept prepared: a cached statement would hold its read snapshot open.
            Some(c) => sqlx::query_scalar::<_, i64>("PRAGMA data_version")
                .persistent(false)
                .fetch_one(c)
                .await
                .ok(),
            None => None,
        };
        match now {
            Some(v) => {
                if lost {
                    lost = false;
                    if let Ok(last) = store.last_change_id().await {
                        out.skip_to(last).await;
                    }
                    if !out.say(Feed::Reconnected) {
                        return;
                    }
                } else if version.is_none_or(|s| s != v) {
                    // The first look reads too: whatever committed after `after` and before
                    // this connection took its first `data_version` would otherwise be missed.
                    match store.changes_since(out.seen().await, BATCH as i64).await {
                        Ok(changes) => {
                            if !out.changes(changes).await {
                                return;
                            }
                        }
                        // Read again at the next poll.
                        Err(_) => {
                            tokio::time::sleep(SQLITE_POLL).await;
                            continue;
                        }
                    }
                }
                version = Some(v);
            }
            None => {
                conn = None;
                if !lost {
                    lost = true;
                    if !out.say(Feed::Lost) {
                        return;
                    }
                }
            }
        }
        if out.tx.is_closed() {
            return;
        }
        tokio::time::sleep(SQLITE_POLL).await;
    }
}

async fn listen_postgres(store: Store, out: Outbox) {
    let Pool::Postgres(pool) = &store.pool else {
        return;
    };
    // PgListener holds a connection of the pool it is given for as long as it listens: a
    // pool of its own, so the console's one pooled connection stays free for its reads.
    let own = sqlx::postgres::PgPoolOptions::new()
        .max_connections(1)
        .acquire_timeout(Duration::from_secs(5))
        .connect_lazy_with((*pool.connect_options()).clone());
    let mut first = true;
    loop {
        let listener = async {
            let mut l = PgListener::connect_with(&own).await?;
            l.eager_reconnect(false);
            l.listen(NOTIFY_CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        }
        .await;
        let mut listener = match listener {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!("change feed: cannot listen: {e}");
                if !out.say(Feed::Lost) {
                    return;
                }
                tokio::time::sleep(RETRY).await;
                continue;
            }
        };
        if !first {
            if let Ok(last) = store.last_change_id().await {
                out.skip_to(last).await;
            }
            if !out.say(Feed::Reconnected) {
                return;
            }
        }
        first = false;
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => {
                    let mut batch = vec![n];
                    while batch.len() < BATCH {
                        match listener.next_buffered() {
                            Some(n) => batch.push(n),
                            None => break,
                        }
                    }
                    let parsed: Option<Vec<Change>> =
                        batch.iter().map(|n| parse_payload(n.payload())).collect();
                    let changes = match parsed {
                        Some(c) => c,
                        // A payload this yidi does not know: read the rows themselves.
                        None => match store.changes_since(out.seen().await, BATCH as i64).await {
                            Ok(c) => c,
                            Err(_) => continue,
                        },
                    };
                    if !out.changes(changes).await {
                        return;
                    }
                }
                Ok(None) | Err(_) => {
                    tracing::warn!("change feed: connection to PostgreSQL lost");
                    if !out.say(Feed::Lost) {
                        return;
                    }
                    break;
                }
            }
        }
    }
}

/// The one idle statement a second: is the server there, and did a notification go astray?
/// A change id seen by the previous check and still not delivered was missed (delivery
/// normally takes milliseconds), and is read back.
async fn liveness(store: Store, out: Outbox) {
    let mut previous: Option<i64> = None;
    let mut failing = false;
    loop {
        tokio::time::sleep(PG_LIVENESS).await;
        if out.tx.is_closed() {
            return;
        }
        match store.last_change_id().await {
            Ok(last) => {
                if failing {
                    failing = false;
                    out.skip_to(last).await;
                    if !out.say(Feed::Reconnected) {
                        return;
                    }
                } else if let Some(p) = previous
                    && p > out.seen().await
                    && let Ok(missed) = store.changes_since(out.seen().await, BATCH as i64).await
                    && !out.changes(missed).await
                {
                    return;
                }
                previous = Some(last);
            }
            Err(e) if e.is_transient() => {
                if !failing && !out.say(Feed::Lost) {
                    return;
                }
                failing = true;
            }
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_payload;

    #[test]
    fn a_notification_carries_the_whole_change() {
        let c = parse_payload(
            "42 0190f0e0-0000-7000-8000-000000000001 summons 0190f0e0-0000-7000-8000-000000000002 \
             0190f0e0-0000-7000-8000-000000000003 1764300000000000 whistle",
        )
        .expect("parses");
        assert_eq!(c.id, 42);
        assert_eq!(c.entity, "summons");
        assert_eq!(c.action.as_deref(), Some("whistle"));
        assert!(c.case_id.is_some());
        let none = parse_payload(
            "7 0190f0e0-0000-7000-8000-000000000001 roster 0190f0e0-0000-7000-8000-000000000002 - 1 roster",
        )
        .expect("parses");
        assert_eq!(none.case_id, None);
        assert_eq!(parse_payload(""), None);
        assert_eq!(parse_payload("x y"), None);
    }
}
