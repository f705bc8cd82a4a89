//! The one place with SQL: a `Store` over SQLite or PostgreSQL in which every write is one
//! transaction that also appends its journal entry and a change-feed row.
//!
//! The SQL text is the same for both backends (`$1` placeholders work on both); the
//! `write_tx!` and `read!` macros expand one body once per backend, so each operation is
//! written once and the per-backend differences (how a write transaction begins, how the
//! change feed is ordered and announced) live in one place.

mod board;
mod case_file;
mod cases;
mod clock;
mod closing;
mod error;
mod escalation;
mod export_rows;
mod feed;
mod figures;
mod follow;
mod handling;
mod history;
mod intake_sql;
mod notices;
mod operators;
mod panels;
mod policy;
mod queue;
mod ranking;
mod reference;
mod repeats;
mod rooms;
mod rows;
mod server_stats;
mod setup_lock;
pub(crate) mod stamp;
mod summonses;
mod today;
mod tracking;

pub use board::{BoardRow, REWHISTLED};
pub use case_file::CaseFileLinks;
pub use cases::{IntakeReceipt, Triage};
pub use closing::{FollowUpRow, TryCount};
pub use error::{Result, StoreError};
pub use export_rows::{FollowUpExportRow, LedgerRow};
pub use figures::PeriodFigures;
pub use follow::{Feed, Follower, parse_payload};
pub use handling::LedgerEntry;
pub use history::HistoryStats;
pub use notices::{NotifyChannel, PendingNotice};
pub use operators::{AuditFilter, MIN_PASSWORD, SignInRefused, UNKNOWN_LOGIN};
pub use queue::QueueRow;
pub use ranking::Ranking;
pub use reference::CentreCounts;
pub use repeats::{EarlierCase, PersonKey, RepeatMatch};
pub use rooms::{AllocationInput, RoomRefusal};
pub use setup_lock::SetupLock;
pub use stamp::{Stamp, System, host_name};
pub use today::{DayFigures, RoomUse};
pub use tracking::{RESIDENT_CHANNEL, ResidentFollowUp};

use sqlx::migrate::{MigrateError, Migrator};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use std::str::FromStr;
use std::time::Duration;
use uuid::Uuid;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("src/store/migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("src/store/migrations/postgres");

/// Pooled PostgreSQL connections of a console (and the wall screen): one for reads and
/// writes, so with the change feed's LISTEN connection a console holds two, and 200
/// consoles fit a server with `max_connections` 400 or a PgBouncer in front of it.
pub const CONSOLE_POOL: u32 = 1;
/// Pooled PostgreSQL connections of the command-line tools and `yidi serve`.
pub const TOOL_POOL: u32 = 16;

/// The PostgreSQL channel on which every commit is announced (by the journal trigger).
pub(crate) const NOTIFY_CHANNEL: &str = "yidi_changes";

#[derive(Clone)]
pub(crate) enum Pool {
    Sqlite(SqlitePool),
    Postgres(PgPool),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The shared database of one or more centres.
#[derive(Clone)]
pub struct Store {
    pub(crate) pool: Pool,
    /// The address with any password removed, for messages.
    display_url: String,
    /// The SQLite file (its set-up lock lives beside it).
    sqlite_path: Option<std::path::PathBuf>,
    /// Reads run through `read!` by this handle (see [`Store::counted`]): how the city-scale
    /// harness and its test count what a console asks the database per change.
    reads: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// A streaming replica that `read!` reads from (`--read-db`); writes stay on `pool`.
    replica: Option<Pool>,
}

// Written by hand: the pools' own Debug would print connection options, password included.
impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.backend())
            .field("url", &self.display_url)
            .finish()
    }
}

/// What a write records: one journal entry and one change-feed row.
pub(crate) struct Entry {
    /// The centre the writer acted from, when it is not `centre_id` (an escalation is
    /// journalled at the receiving centre but made from the one below).
    pub acting: Option<Uuid>,
    pub centre_id: Uuid,
    pub case_id: Option<Uuid>,
    pub action: &'static str,
    pub detail: String,
    pub entity: &'static str,
    pub entity_id: Uuid,
}

impl Entry {
    /// The usual entry: something happened to one case.
    pub(crate) fn case(
        centre_id: Uuid,
        case_id: Uuid,
        action: &'static str,
        detail: String,
    ) -> Self {
        Self {
            acting: None,
            centre_id,
            case_id: Some(case_id),
            action,
            detail,
            entity: "case",
            entity_id: case_id,
        }
    }
}

/// Runs `$body` inside one write transaction, on whichever backend the store has, for a
/// writer holding `$permission`. The body evaluates to `(value, Option<Entry>)`; the entry is
/// journalled in the same transaction, and the database's own trigger puts it on the change
/// feed (`None`: nothing was written, nothing to record). An operator's write reads, in the
/// same transaction, that they are still enabled, that their roles now allow it and that the
/// centre written to is theirs; otherwise it rolls back. SQLite begins IMMEDIATE so two
/// writers never deadlock on a lock upgrade; a busy database is retried a few times before
/// the error reaches the caller.
macro_rules! write_tx {
    ($store:expr, $stamp:expr, $permission:expr, $tx:ident => $body:expr) => {{
        let stamp: &$crate::store::Stamp = $stamp;
        let permission: $crate::domain::Permission = $permission;
        stamp.require(permission)?;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let result: $crate::store::Result<_> = match &$store.pool {
                $crate::store::Pool::Sqlite(pool) => {
                    async {
                        let mut conn = pool.acquire().await?;
                        let result: $crate::store::Result<_> = async {
                            let mut $tx =
                                sqlx::Connection::begin_with(&mut *conn, "BEGIN IMMEDIATE").await?;
                            let (out, entry) = $body;
                            $crate::store::check_standing!($tx, stamp, permission, entry);
                            $crate::store::record_entry!($tx, stamp, entry);
                            $tx.commit().await?;
                            Ok(out)
                        }
                        .await;
                        // SQLite may have rolled the transaction back itself (a full disk, a
                        // file turned read-only): sqlx would then keep the connection thinking
                        // it is inside one, and refuse every later BEGIN on it. Start afresh.
                        if result.as_ref().is_err_and(|e| e.may_leave_sqlite_unsure()) {
                            conn.close_on_drop();
                        }
                        result
                    }
                    .await
                }
                $crate::store::Pool::Postgres(pool) => {
                    async {
                        let mut $tx = pool.begin().await?;
                        let (out, entry) = $body;
                        $crate::store::check_standing!($tx, stamp, permission, entry);
                        $crate::store::record_entry!($tx, stamp, entry);
                        $tx.commit().await?;
                        Ok(out)
                    }
                    .await
                }
            };
            match result {
                Err(e) if e.is_busy() && attempt < 8 => {
                    tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
                }
                other => break other,
            }
        }
    }};
}
pub(crate) use write_tx;

macro_rules! check_standing {
    ($tx:ident, $stamp:expr, $permission:expr, $entry:expr) => {
        // Nothing written (no entry), nothing to check.
        let entry: Option<&$crate::store::Entry> = $entry.as_ref();
        if let (Some(operator), Some(entry)) = ($stamp.operator_id(), entry) {
            let centre: Option<Uuid> = Some(entry.acting.unwrap_or(entry.centre_id));
            let standing: Option<$crate::store::stamp::Standing> =
                sqlx::query_as($crate::store::stamp::STANDING_SQL)
                    .bind(operator)
                    .bind(centre)
                    .fetch_optional(&mut *$tx)
                    .await?;
            $crate::store::stamp::Standing::allow(standing, $permission)?;
        }
    };
}
pub(crate) use check_standing;

macro_rules! record_entry {
    ($tx:ident, $stamp:expr, $entry:expr) => {
        let entry: Option<$crate::store::Entry> = $entry;
        if let Some(entry) = entry {
            sqlx::query(
                "INSERT INTO journal (centre_id, case_id, at, actor, action, detail, entity, entity_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(entry.centre_id)
            .bind(entry.case_id)
            .bind($stamp.at())
            .bind($stamp.actor())
            .bind(entry.action)
            .bind(&entry.detail)
            .bind(entry.entity)
            .bind(entry.entity_id)
            .execute(&mut *$tx)
            .await?;
        }
    };
}
pub(crate) use record_entry;

/// Runs `$body` with `$pool` bound to the backend's pool (an executor for reads), and counts
/// the read on the store handle.
macro_rules! read {
    ($store:expr, $pool:ident => $body:expr) => {
        match $store.count_read().reader() {
            $crate::store::Pool::Sqlite($pool) => $body,
            $crate::store::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use read;

impl Store {
    /// Opens the database at `url` and brings its schema up to date.
    pub async fn open(url: &str) -> Result<Store> {
        Self::open_with_pool(url, TOOL_POOL).await
    }

    /// Opens the database with at most `pg_pool` pooled PostgreSQL connections (the LISTEN
    /// connection of the change feed is one more): a console uses [`CONSOLE_POOL`].
    pub async fn open_with_pool(url: &str, pg_pool: u32) -> Result<Store> {
        let store = Self::connect_with_pool(url, pg_pool).await?;
        store.migrate().await?;
        Ok(store)
    }

    /// Connects without migrating. `url` is `postgres://…`, `sqlite://…` or a file path.
    pub async fn connect(url: &str) -> Result<Store> {
        Self::connect_with_pool(url, TOOL_POOL).await
    }

    /// Connects without migrating, with at most `pg_pool` pooled PostgreSQL connections.
    pub async fn connect_with_pool(url: &str, pg_pool: u32) -> Result<Store> {
        let display_url = redact(url);
        let mut sqlite_path = None;
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let opts = PgConnectOptions::from_str(url)
                .map_err(|e| StoreError::BadUrl(format!("{display_url}: {e}")))?;
            let pool = PgPoolOptions::new()
                .max_connections(pg_pool.max(1))
                .acquire_timeout(Duration::from_secs(5))
                .connect_with(opts.application_name("yidi"))
                .await
                .map_err(|e| match StoreError::from(e) {
                    StoreError::Database(inner) => StoreError::Unavailable(inner.to_string()),
                    // At connect nothing answered in time: the server cannot be reached.
                    StoreError::PoolBusy => {
                        StoreError::Unavailable("no connection could be opened in time".into())
                    }
                    other => other,
                })?;
            Pool::Postgres(pool)
        } else {
            let path = url
                .strip_prefix("sqlite://")
                .or_else(|| url.strip_prefix("sqlite:"))
                .unwrap_or(url);
            if path.is_empty() {
                return Err(StoreError::BadUrl("empty SQLite path".into()));
            }
            if url.contains("://") && !url.starts_with("sqlite://") {
                return Err(StoreError::BadUrl(format!(
                    "{display_url}: only postgres://, postgresql://, sqlite:// or a file path are understood"
                )));
            }
            // A new database file holds personal data: 0600 in a 0700 folder.
            let file = std::path::Path::new(path);
            if file.exists() {
                setup_lock::check_writable(file)?;
            }
            crate::private::prepare_sqlite_file(file).map_err(|e| StoreError::CannotOpen {
                path: path.to_string(),
                reason: e.to_string(),
            })?;
            let opts = SqliteConnectOptions::new()
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(4)
                .acquire_timeout(Duration::from_secs(10))
                // A local file does not drop connections: skip the ping on every acquire.
                .test_before_acquire(false)
                .connect_with(opts)
                .await
                .map_err(|e| StoreError::CannotOpen {
                    path: path.to_string(),
                    reason: sqlite_reason(&e),
                })?;
            sqlite_path = Some(std::path::PathBuf::from(path));
            Pool::Sqlite(pool)
        };
        Ok(Store {
            pool,
            display_url,
            sqlite_path,
            reads: Default::default(),
            replica: None,
        })
    }

    /// Applies the migrations this yidi carries; a database from a newer yidi is refused.
    /// One process at a time: consoles started together on a new file all start.
    pub async fn migrate(&self) -> Result<()> {
        let lock = self.setup_lock().await?;
        let (migrator, res) = match &self.pool {
            Pool::Sqlite(p) => (&SQLITE_MIGRATIONS, SQLITE_MIGRATIONS.run(p).await),
            Pool::Postgres(p) => (&POSTGRES_MIGRATIONS, POSTGRES_MIGRATIONS.run(p).await),
        };
        lock.release().await;
        let known = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        res.map_err(|e| match e {
            MigrateError::VersionMissing(found) => StoreError::SchemaTooNew { found, known },
            MigrateError::Execute(e) => StoreError::from(e),
            other => StoreError::Corrupt(format!("migration: {other}")),
        })
    }

    /// The same database through a handle with its own read counter (starting at 0).
    pub fn counted(&self) -> Store {
        Store {
            reads: Default::default(),
            ..self.clone()
        }
    }

    /// How many reads (`read!` bodies, one query each but for a few multi-part reads) this
    /// handle and its clones have run.
    pub fn reads(&self) -> u64 {
        self.reads.load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The same database, reading from `replica` (a PostgreSQL streaming replica of it)
    /// while every write, and the change feed's LISTEN, stay on this store's primary.
    pub fn with_replica(&self, replica: &Store) -> Store {
        Store {
            replica: Some(replica.pool.clone()),
            ..self.clone()
        }
    }

    /// Whether reads go to a replica.
    pub fn has_replica(&self) -> bool {
        self.replica.is_some()
    }

    /// Where reads go: the replica when there is one.
    pub(crate) fn reader(&self) -> &Pool {
        self.replica.as_ref().unwrap_or(&self.pool)
    }

    pub(crate) fn count_read(&self) -> &Self {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self
    }

    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// The address, with any password replaced by `***`.
    pub fn display_url(&self) -> &str {
        &self.display_url
    }

    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(p) => p.close().await,
            Pool::Postgres(p) => p.close().await,
        }
    }
}

impl StoreError {
    /// After this error a SQLite connection's transaction state may not be what sqlx thinks.
    pub(crate) fn may_leave_sqlite_unsure(&self) -> bool {
        matches!(
            self,
            StoreError::Database(_) | StoreError::DiskFull(_) | StoreError::ReadOnlyNow(_)
        ) && !self.is_busy()
            && !self.is_unique_violation()
    }

    /// Another writer holds the database for a moment (SQLite busy, PostgreSQL deadlock).
    pub(crate) fn is_busy(&self) -> bool {
        self.is_transient() && !matches!(self, StoreError::Unavailable(_))
    }
}

fn sqlite_reason(e: &sqlx::Error) -> String {
    match e {
        sqlx::Error::Database(db) if db.code().as_deref() == Some("14") => {
            "the folder does not exist or is not writable".to_string()
        }
        sqlx::Error::Database(db) => db.message().to_string(),
        other => other.to_string(),
    }
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`, and a
/// `password=secret` query parameter → `password=***`.
pub fn redact(url: &str) -> String {
    let mut out = url.to_string();
    if let Some((scheme, rest)) = url.split_once("://")
        && let Some((auth, host)) = rest.split_once('@')
        && let Some((user, _password)) = auth.split_once(':')
    {
        out = format!("{scheme}://{user}:***@{host}");
    }
    if let Some((base, query)) = out.split_once('?') {
        let query: Vec<String> = query
            .split('&')
            .map(|kv| match kv.split_once('=') {
                Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
                _ => kv.to_string(),
            })
            .collect();
        out = format!("{base}?{}", query.join("&"));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn passwords_never_reach_messages() {
        assert_eq!(
            super::redact("postgres://yidi:s3cret@db.example/yidi"),
            "postgres://yidi:***@db.example/yidi"
        );
        assert_eq!(
            super::redact("/var/lib/yidi/yidi.db"),
            "/var/lib/yidi/yidi.db"
        );
        assert_eq!(
            super::redact("postgres://yidi@db/yidi?sslmode=require&password=s3cret"),
            "postgres://yidi@db/yidi?sslmode=require&password=***"
        );
        assert_eq!(
            super::redact("postgres://yidi:a@db/yidi?sslmode=require"),
            "postgres://yidi:***@db/yidi?sslmode=require"
        );
    }
}
