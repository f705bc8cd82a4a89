//! What the PostgreSQL server says about itself: who is connected (the city-scale harness)
//! and how far a streaming replica lags behind its primary (the wall screen's warning).

use super::{Pool, Result, Store};

impl Store {
    /// Connections to this database now, and how many of them wait on LISTEN (the change
    /// feed); `None` on SQLite, which has no server.
    pub async fn connections(&self) -> Result<Option<(i64, i64)>> {
        match &self.pool {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(pool) => Ok(Some(
                sqlx::query_as(
                    "SELECT COUNT(*), COUNT(*) FILTER (WHERE query ILIKE 'LISTEN%') \
                     FROM pg_stat_activity WHERE datname = current_database()",
                )
                .fetch_one(pool)
                .await?,
            )),
        }
    }

    /// How far behind its primary this server is, in seconds: `None` on a primary (or
    /// SQLite); 0 when the replica has replayed everything it received.
    pub async fn replica_lag(&self) -> Result<Option<f64>> {
        match self.reader() {
            Pool::Sqlite(_) => Ok(None),
            Pool::Postgres(pool) => Ok(sqlx::query_scalar(
                "SELECT CASE WHEN NOT pg_is_in_recovery() THEN NULL \
                   WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0::float8 \
                   ELSE COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())::float8, 0) END",
            )
            .fetch_one(pool)
            .await?),
        }
    }
}
