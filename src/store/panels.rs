//! Reads shaped for the console's incremental reloads: what one panel needs in one query.

use super::rows::MediatorRow;
use super::{Result, Store, read};
use crate::domain::allocation::MediatorLoad;
use crate::domain::clock::{day_start, local_day};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(sqlx::FromRow)]
struct LoadRow {
    #[sqlx(flatten)]
    mediator: MediatorRow,
    busy_in: Option<String>,
    sessions_today: i64,
}

impl Store {
    /// Each mediator of a centre with the room they are in now and their sessions today, in
    /// one query.
    pub async fn mediator_loads(
        &self,
        centre_id: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Vec<MediatorLoad>> {
        let since = day_start(local_day(now));
        let rows: Vec<LoadRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT m.id, m.centre_id, m.name, m.specialties, m.department_id, m.studio, \
                   (SELECT r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                      WHERE b.centre_id = $1 AND b.mediator_id = m.id AND b.released_at IS NULL \
                      ORDER BY b.started_at DESC LIMIT 1) AS busy_in, \
                   (SELECT COUNT(*) FROM room_bookings b WHERE b.centre_id = $1 AND b.mediator_id = m.id \
                      AND b.started_at >= $2) AS sessions_today \
                 FROM mediators m WHERE m.centre_id = $1 AND m.active ORDER BY m.name",
            )
            .bind(centre_id)
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| MediatorLoad {
                mediator: r.mediator.into(),
                busy_in: r.busy_in,
                sessions_today: r.sessions_today as i32,
            })
            .collect())
    }
}
