//! Summonses of departments, room bookings and follow-ups: the case's life after triage.

use super::cases::{current, ensure_one};
use super::rows::{SummonsRow, summons_columns};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::{CaseEvent, CaseState};
use crate::domain::follow_up::check_satisfaction;
use crate::domain::{FollowUp, Summons};
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

    /// Rooms with an active booking at a centre: (room, case, since).
    pub async fn occupied_rooms(
        &self,
        centre_id: Uuid,
    ) -> Result<Vec<(Uuid, Uuid, DateTime<Utc>)>> {
        read!(self, pool => {
            Ok(sqlx::query_as("SELECT room_id, case_id, started_at FROM room_bookings WHERE centre_id = $1 AND released_at IS NULL")
                .bind(centre_id)
                .fetch_all(pool)
                .await?)
        })
    }

    /// Records the follow-up visit (回访) of a closed case; a problem found re-assigns it.
    pub async fn record_follow_up(
        &self,
        f: &FollowUp,
        expected_version: i32,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::Close)?;
        check_satisfaction(f.satisfaction)?;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, f.case_id, expected_version);
            let event = if f.problem_found { CaseEvent::Reassign } else { CaseEvent::RecordFollowUp };
            let next: CaseState = state.apply(event)?;
            sqlx::query(
                "INSERT INTO follow_ups (id, case_id, at, by_whom, satisfaction, note, problem_found) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(f.id)
            .bind(f.case_id)
            .bind(f.at)
            .bind(&f.by)
            .bind(f.satisfaction)
            .bind(&f.note)
            .bind(f.problem_found)
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("UPDATE cases SET state = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(next.as_str())
                .bind(stamp.at())
                .bind(f.case_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
            ensure_one!(tx, done, "case", "cases", f.case_id, expected_version);
            let detail = format!("follow-up by {}: satisfaction {}/5; {}", f.by, f.satisfaction, f.note);
            ((), Some(Entry::case(centre_id, f.case_id, "follow_up", detail)))
        })
    }
}
