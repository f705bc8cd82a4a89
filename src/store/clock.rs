//! The database server's clock, which every console of a shared database counts from.

use super::{Pool, Result, Store};
use chrono::{DateTime, Utc};

impl Store {
    /// The server's time now, where the database runs on a server of its own (PostgreSQL);
    /// `None` for SQLite, whose consoles share the machine's clock with the file.
    pub async fn server_now(&self) -> Result<Option<DateTime<Utc>>> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(pool) => {
                let (now,): (DateTime<Utc>,) = sqlx::query_as("SELECT clock_timestamp()")
                    .fetch_one(pool)
                    .await?;
                Ok(Some(now))
            }
        }
    }
}
