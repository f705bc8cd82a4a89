//! The change feed's rows: `changes` read by id. Following them as they commit is
//! `store::follow`.

use super::rows::ChangeRow;
use super::{Result, Store, read};
use crate::domain::Change;

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
}
