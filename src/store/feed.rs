//! The change feed: `changes` rows read by id, and a subscription that says when to read.
//!
//! A wake-up is only a cue to re-read with `changes_since`; it carries no data, so a lost
//! or coalesced wake-up never loses a change. PostgreSQL wakes through LISTEN/NOTIFY (a
//! notification sent while the listener reconnects is lost, so a reconnect says
//! `Reconnected`: re-read everything); SQLite is polled through `PRAGMA data_version`,
//! which moves on every commit by another connection and costs no page read.

use super::rows::ChangeRow;
use super::{NOTIFY_CHANNEL, Pool, Result, Store, read};
use crate::domain::Change;
use sqlx::Connection;
use sqlx::postgres::{PgListener, PgPool};
use sqlx::sqlite::{SqliteConnection, SqlitePool};
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

/// What a subscription reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wake {
    /// Something was committed: read `changes_since` the last id seen.
    Changed,
    /// The database cannot be reached; figures on screen are getting stale.
    Lost,
    /// Back after a loss: notifications may have been missed, re-read everything.
    Reconnected,
}

/// How often SQLite is asked whether another connection committed.
const SQLITE_POLL: Duration = Duration::from_millis(40);
/// How often PostgreSQL's latest change id is checked, in case a notification went astray.
const PG_SAFETY_POLL: Duration = Duration::from_secs(1);
const RETRY: Duration = Duration::from_millis(500);

pub struct Subscription {
    rx: mpsc::Receiver<Wake>,
    tasks: Vec<JoinHandle<()>>,
}

impl Subscription {
    /// Waits for the next wake-up; `None` once the subscription has ended.
    pub async fn next(&mut self) -> Option<Wake> {
        self.rx.recv().await
    }

    /// A wake-up already waiting, without blocking.
    pub fn try_next(&mut self) -> Option<Wake> {
        self.rx.try_recv().ok()
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Sends a wake-up unless one of the same kind is already waiting (they coalesce).
fn wake(tx: &mpsc::Sender<Wake>, w: Wake) -> bool {
    match tx.try_send(w) {
        Ok(()) | Err(mpsc::error::TrySendError::Full(_)) => true,
        Err(mpsc::error::TrySendError::Closed(_)) => false,
    }
}

impl Store {
    /// Committed changes with an id above `after`, oldest first, at most `limit`.
    pub async fn changes_since(&self, after: i64, limit: i64) -> Result<Vec<Change>> {
        let rows: Vec<ChangeRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, centre_id, entity, entity_id, at, case_id, action FROM changes WHERE id > $1 ORDER BY id LIMIT $2")
                .bind(after)
                .bind(limit)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// The id of the newest change (0 for an empty database).
    pub async fn last_change_id(&self) -> Result<i64> {
        read!(self, pool => {
            Ok(sqlx::query_scalar::<_, Option<i64>>("SELECT MAX(id) FROM changes").fetch_one(pool).await?.unwrap_or(0))
        })
    }

    /// Starts watching for commits by anyone (this process or another).
    pub fn subscribe(&self) -> Subscription {
        let (tx, rx) = mpsc::channel(4);
        let tasks = match &self.pool {
            Pool::Sqlite(pool) => vec![tokio::spawn(poll_sqlite(pool.clone(), tx))],
            Pool::Postgres(pool) => vec![
                tokio::spawn(listen_postgres(pool.clone(), tx.clone())),
                tokio::spawn(safety_poll(self.clone(), tx)),
            ],
        };
        Subscription { rx, tasks }
    }
}

async fn poll_sqlite(pool: SqlitePool, tx: mpsc::Sender<Wake>) {
    let options = pool.connect_options();
    let mut conn: Option<SqliteConnection> = None;
    let mut seen: Option<i64> = None;
    let mut lost = false;
    loop {
        if conn.is_none() {
            conn = SqliteConnection::connect_with(&options).await.ok();
        }
        let version = match conn.as_mut() {
            // Not kept prepared: a cached statement left un-reset would hold its read
            // snapshot open, hiding the next commit and blocking WAL checkpoints.
            Some(c) => sqlx::query_scalar::<_, i64>("PRAGMA data_version")
                .persistent(false)
                .fetch_one(c)
                .await
                .ok(),
            None => None,
        };
        match version {
            Some(v) => {
                if lost {
                    lost = false;
                    if !wake(&tx, Wake::Reconnected) {
                        return;
                    }
                } else if seen.is_some_and(|s| s != v) && !wake(&tx, Wake::Changed) {
                    return;
                }
                seen = Some(v);
            }
            None => {
                conn = None;
                if !lost {
                    lost = true;
                    if !wake(&tx, Wake::Lost) {
                        return;
                    }
                }
            }
        }
        if tx.is_closed() {
            return;
        }
        tokio::time::sleep(SQLITE_POLL).await;
    }
}

async fn listen_postgres(pool: PgPool, tx: mpsc::Sender<Wake>) {
    let mut first = true;
    loop {
        let listener = async {
            let mut l = PgListener::connect_with(&pool).await?;
            // Report a lost connection at once; this loop reconnects (and says so) itself.
            l.eager_reconnect(false);
            l.listen(NOTIFY_CHANNEL).await?;
            Ok::<_, sqlx::Error>(l)
        }
        .await;
        let mut listener = match listener {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!("change feed: cannot listen: {e}");
                if !wake(&tx, Wake::Lost) {
                    return;
                }
                tokio::time::sleep(RETRY).await;
                continue;
            }
        };
        if !first && !wake(&tx, Wake::Reconnected) {
            return;
        }
        first = false;
        loop {
            match listener.try_recv().await {
                Ok(Some(_)) => {
                    if !wake(&tx, Wake::Changed) {
                        return;
                    }
                }
                Ok(None) | Err(_) => {
                    tracing::warn!("change feed: connection to PostgreSQL lost");
                    if !wake(&tx, Wake::Lost) {
                        return;
                    }
                    break;
                }
            }
        }
    }
}

async fn safety_poll(store: Store, tx: mpsc::Sender<Wake>) {
    let mut seen = store.last_change_id().await.ok();
    let mut failing = false;
    loop {
        tokio::time::sleep(PG_SAFETY_POLL).await;
        if tx.is_closed() {
            return;
        }
        // Also the watch for a link that died without a reset, which the listener may not
        // notice for as long as the TCP keepalive takes.
        match store.last_change_id().await {
            Ok(last) => {
                let cue = if failing {
                    Some(Wake::Reconnected)
                } else if seen.is_some_and(|s| s != last) {
                    Some(Wake::Changed)
                } else {
                    None
                };
                failing = false;
                seen = Some(last);
                if let Some(w) = cue
                    && !wake(&tx, w)
                {
                    return;
                }
            }
            Err(e) if e.is_transient() => {
                if !failing && !wake(&tx, Wake::Lost) {
                    return;
                }
                failing = true;
            }
            Err(_) => {}
        }
    }
}
