//! Summonses of departments (吹哨、报到): whistling one, reading them, and a department's arrival.

use super::rows::{SummonsRow, summons_columns};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::Summons;
use chrono::{DateTime, Utc};
use uuid::Uuid;

impl Store {
    /// Whistles a department to a case (吹哨). The database refuses a second open summons
    /// of the same department for the same case.
    pub async fn whistle(
        &self,
        case_id: Uuid,
        department_id: Uuid,
        reason: &str,
        stamp: &Stamp,
    ) -> Result<Summons> {
        let mut made = self
            .whistle_departments(case_id, &[department_id], reason, stamp)
            .await?;
        made.pop().ok_or(StoreError::NotFound {
            entity: "department",
            id: department_id,
        })
    }

    pub async fn summons(&self, id: Uuid) -> Result<Option<Summons>> {
        let row: Option<SummonsRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", summons_columns!(), " FROM summons WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        Ok(row.map(Into::into))
    }

    /// Summonses still waiting for their department, at one centre, oldest first.
    pub async fn open_summons(&self, centre_id: Uuid) -> Result<Vec<Summons>> {
        let rows: Vec<SummonsRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", summons_columns!(),
                " FROM summons WHERE centre_id = $1 AND arrived_at IS NULL AND cancelled_at IS NULL ORDER BY due_at"
            ))
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Records a department's check-in at `arrived_at` (the real time, which may be earlier
    /// than the keypress). Recorded once: a second console's arrival changes nothing.
    pub async fn record_arrival(
        &self,
        summons_id: Uuid,
        arrived_at: DateTime<Utc>,
        note: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Summons> {
        stamp.require(crate::domain::Permission::RecordArrival)?;
        write_tx!(self, stamp, crate::domain::Permission::RecordArrival, tx => {
            let done = sqlx::query(
                "UPDATE summons SET arrived_at = $1, arrival_note = $2, version = version + 1 \
                 WHERE id = $3 AND arrived_at IS NULL AND cancelled_at IS NULL",
            )
            .bind(arrived_at)
            .bind(note)
            .bind(summons_id)
            .execute(&mut *tx)
            .await?;
            let entry = if done.rows_affected() == 1 {
                let (centre_id, case_id, whistled_at): (Uuid, Uuid, DateTime<Utc>) =
                    sqlx::query_as("SELECT centre_id, case_id, whistled_at FROM summons WHERE id = $1")
                        .bind(summons_id)
                        .fetch_one(&mut *tx)
                        .await?;
                let minutes = (arrived_at - whistled_at).num_minutes();
                let detail = match note {
                    Some(note) => format!("arrived after {minutes} min (entered later: {note})"),
                    None => format!("arrived after {minutes} min"),
                };
                Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "arrive", detail, entity: "summons", entity_id: summons_id })
            } else {
                None
            };
            ((), entry)
        })?;
        self.summons(summons_id).await?.ok_or(StoreError::NotFound {
            entity: "summons",
            id: summons_id,
        })
    }
}
