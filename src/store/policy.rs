//! The county's policy rows: read by every console of the county's centres, set by an
//! administrator (each change journalled with the value before and after).

use super::{Entry, Result, Stamp, Store, read, write_tx};
use crate::domain::policy::{Policy, PolicyError};
use uuid::Uuid;

/// The top of a centre's tree, whose policy its consoles follow.
const ROOT_OF: &str = "WITH RECURSIVE up (id, parent_id) AS ( \
     SELECT id, parent_id FROM centres WHERE id = $1 \
     UNION ALL SELECT c.id, c.parent_id FROM centres c JOIN up ON c.id = up.parent_id) \
     SELECT id FROM up WHERE parent_id IS NULL";

impl Store {
    /// The policy in force at `centre_id` (its county's), and any stored value that no
    /// longer passes its check (kept at the default and named).
    pub async fn policy(&self, centre_id: Uuid) -> Result<(Policy, Vec<PolicyError>)> {
        let rows: Vec<(String, String)> = read!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT key, value FROM policy WHERE centre_id = ({ROOT_OF}) ORDER BY key"
            )))
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        Ok(Policy::from_rows(&rows))
    }

    /// Sets one value of the county's policy after checking it; returns the policy now in
    /// force. The journal keeps what it was.
    pub async fn set_policy(
        &self,
        centre_id: Uuid,
        key: &str,
        value: &str,
        stamp: &Stamp,
    ) -> Result<Policy> {
        let (mut policy, _) = self.policy(centre_id).await?;
        let key = key.trim();
        policy.apply(key, value)?;
        write_tx!(self, stamp, crate::domain::Permission::SetPolicy, tx => {
            let root: Uuid = sqlx::query_scalar(sqlx::AssertSqlSafe(ROOT_OF.to_string()))
                .bind(centre_id)
                .fetch_one(&mut *tx)
                .await?;
            let before: Option<String> = sqlx::query_scalar("SELECT value FROM policy WHERE centre_id = $1 AND key = $2")
                .bind(root)
                .bind(key)
                .fetch_optional(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO policy (centre_id, key, value, set_at, set_by) VALUES ($1, $2, $3, $4, $5) \
                 ON CONFLICT (centre_id, key) DO UPDATE SET value = excluded.value, set_at = excluded.set_at, set_by = excluded.set_by",
            )
            .bind(root)
            .bind(key)
            .bind(value)
            .bind(stamp.at())
            .bind(stamp.actor())
            .execute(&mut *tx)
            .await?;
            // A calendar file is long: the journal names it, the table holds it.
            let shown = |v: &str| if key.starts_with("calendar.") { format!("{} bytes", v.len()) } else { v.to_string() };
            let detail = match &before {
                Some(b) => format!("policy {key}: {} → {}", shown(b), shown(value)),
                None => format!("policy {key}: default → {}", shown(value)),
            };
            let entry = Entry {
                acting: None,
                centre_id: root,
                case_id: None,
                action: "policy_set",
                detail,
                entity: "policy",
                entity_id: root,
            };
            ((), Some(entry))
        })?;
        Ok(policy)
    }
}
