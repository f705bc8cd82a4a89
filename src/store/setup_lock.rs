//! One process at a time sets a database up (migrations, the demo seed): an advisory lock on
//! PostgreSQL, an exclusive lock on a file beside the SQLite database. Both go when the
//! process dies, so a killed console never blocks the next one. Also: a SQLite file this
//! user may not write is named in one sentence before anything else happens.

use super::{Pool, Result, Store, StoreError};
use std::path::{Path, PathBuf};

/// Any fixed number: the advisory lock key of yidi's set-up on PostgreSQL.
const PG_SETUP_KEY: i64 = 0x7969_6469_5345_5455; // "yidiSETU"

/// Held while one process sets the database up; released by [`SetupLock::release`], or by
/// dropping it (the PostgreSQL connection is then closed, which ends its lock). The lock is
/// held on a connection of its own, outside the pool: a console's pool has one connection,
/// which the migrations and the seed need while the lock is held.
pub struct SetupLock {
    _file: Option<std::fs::File>,
    pg: Option<sqlx::postgres::PgConnection>,
}

impl SetupLock {
    pub async fn release(mut self) {
        if let Some(mut conn) = self.pg.take() {
            let _ = sqlx::query("SELECT pg_advisory_unlock($1)")
                .bind(PG_SETUP_KEY)
                .execute(&mut conn)
                .await;
            let _ = sqlx::Connection::close(conn).await;
        }
    }
}

/// The lock file beside a SQLite database.
pub(super) fn lock_path(db: &Path) -> PathBuf {
    let mut name = db.file_name().unwrap_or_default().to_os_string();
    name.push("-setup.lock");
    db.with_file_name(name)
}

/// Refuses, in one sentence, a SQLite file (or its folder, where -wal and -shm go) that
/// this user cannot write.
pub(super) fn check_writable(db: &Path) -> Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let writable = |p: &Path| {
        let Ok(c) = std::ffi::CString::new(p.as_os_str().as_bytes()) else {
            return true;
        };
        // SAFETY: a valid NUL-terminated path; access only reads the file's permissions.
        unsafe { libc::access(c.as_ptr(), libc::W_OK) == 0 }
    };
    let folder = match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if (db.exists() && !writable(db)) || !writable(folder) {
        return Err(StoreError::ReadOnly {
            path: db.display().to_string(),
        });
    }
    Ok(())
}

impl Store {
    /// Waits until no other process is setting this database up, then holds the lock.
    pub async fn setup_lock(&self) -> Result<SetupLock> {
        match &self.pool {
            Pool::Postgres(pool) => {
                use sqlx::Connection;
                // Dropped without `release`, the connection is closed and the lock ends.
                let mut conn =
                    sqlx::postgres::PgConnection::connect_with(&pool.connect_options()).await?;
                sqlx::query("SELECT pg_advisory_lock($1)")
                    .bind(PG_SETUP_KEY)
                    .execute(&mut conn)
                    .await?;
                Ok(SetupLock {
                    _file: None,
                    pg: Some(conn),
                })
            }
            Pool::Sqlite(_) => {
                let Some(path) = self.sqlite_path.clone() else {
                    return Ok(SetupLock {
                        _file: None,
                        pg: None,
                    });
                };
                let file = tokio::task::spawn_blocking(move || {
                    use std::os::unix::fs::OpenOptionsExt;
                    let file = std::fs::OpenOptions::new()
                        .write(true)
                        .create(true)
                        .truncate(false)
                        .mode(0o600)
                        .open(lock_path(&path))?;
                    file.lock()?;
                    Ok::<_, std::io::Error>(file)
                })
                .await
                .map_err(|e| StoreError::Corrupt(format!("set-up lock: {e}")))?
                .map_err(|e| StoreError::CannotOpen {
                    path: self.display_url.clone(),
                    reason: format!("cannot take the set-up lock: {e}"),
                })?;
                Ok(SetupLock {
                    _file: Some(file),
                    pg: None,
                })
            }
        }
    }
}
