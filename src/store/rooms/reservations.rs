//! Reservations of legal-aid and counselling rooms: a slot reserved for a case, claimed when
//! the resident comes, and the sweep that releases those not claimed in time.

use super::*;

impl Store {
    /// Reserves a legal-aid or counselling room for a case, one slot from `starts_at`. A
    /// slot off the grid, an overlap with another reservation, a session in the room about
    /// to clash, or a room out of service is refused with its reason.
    pub async fn reserve_room(
        &self,
        room_id: Uuid,
        case_id: Uuid,
        starts_at: DateTime<Utc>,
        stamp: &Stamp,
    ) -> Result<Uuid> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        let id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            // Lock the room, then read it as it stands.
            sqlx::query("UPDATE rooms SET version = version + 1 WHERE id = $1")
                .bind(room_id)
                .execute(&mut *tx)
                .await?;
            let row: Option<RoomViewRow> = sqlx::query_as(concat!(room_view_sql!(), " WHERE r.id = $1"))
                .bind(room_id)
                .fetch_optional(&mut *tx)
                .await?;
            let view = row.ok_or(StoreError::NotFound { entity: "room", id: room_id })?.into_view()?;
            let others: Vec<ReservationRow> = sqlx::query_as(concat!(reservation_sql!(), " AND v.room_id = $1"))
                .bind(room_id)
                .fetch_all(&mut *tx)
                .await?;
            let others: Vec<Reservation> = others.into_iter().map(Into::into).collect();
            let ends_at = check_reservation(&view, &others, starts_at, stamp.at()).map_err(|refused| {
                StoreError::from(RoomRefusal::Reservation { room: view.room.name.clone(), refused })
            })?;
            sqlx::query(
                "INSERT INTO reservations (id, centre_id, room_id, case_id, starts_at, ends_at, reserved_by, created_at, version) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 1)",
            )
            .bind(id)
            .bind(view.room.centre_id)
            .bind(room_id)
            .bind(case_id)
            .bind(starts_at)
            .bind(ends_at)
            .bind(stamp.actor())
            .bind(stamp.at())
            .execute(&mut *tx)
            .await?;
            let hm = |t: DateTime<Utc>| t.with_timezone(&TZ).format("%H:%M").to_string();
            let detail = format!("room {} reserved {}–{}", view.room.name, hm(starts_at), hm(ends_at));
            ((), Some(Entry { acting: None, centre_id: view.room.centre_id, case_id: Some(case_id), action: "reserve_room", detail, entity: "room", entity_id: room_id }))
        })?;
        Ok(id)
    }

    /// The reserved case has come: its session starts in the reserved room now. A
    /// reservation already claimed or released (unclaimed too long) is refused.
    pub async fn claim_reservation(
        &self,
        reservation_id: Uuid,
        mediator_id: Option<Uuid>,
        stamp: &Stamp,
    ) -> Result<Uuid> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        let id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            let row: Option<(Uuid, Uuid)> = sqlx::query_as(
                "SELECT room_id, case_id FROM reservations WHERE id = $1 AND claimed_at IS NULL AND released_at IS NULL",
            )
            .bind(reservation_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((room_id, case_id)) = row else {
                return Err(RoomRefusal::ReservationClosed.into());
            };
            let (centre_id, room, _) = book_in_tx!(tx, id, case_id, room_id, mediator_id, Some(reservation_id), stamp);
            let done = sqlx::query(
                "UPDATE reservations SET claimed_at = $1, booking_id = $2, version = version + 1 \
                 WHERE id = $3 AND claimed_at IS NULL AND released_at IS NULL",
            )
            .bind(stamp.at())
            .bind(id)
            .bind(reservation_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(RoomRefusal::ReservationClosed.into());
            }
            let detail = format!("reservation claimed: room {room} booked");
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "book_room", detail, entity: "room", entity_id: room_id }))
        })?;
        Ok(id)
    }

    /// Releases every reservation not claimed within `after` of its start, each in its own
    /// transaction with its journal entry on the case. Several consoles may sweep at once:
    /// each reservation is released once.
    pub async fn release_unclaimed_reservations(
        &self,
        centre_id: Uuid,
        after: Duration,
        stamp: &Stamp,
    ) -> Result<Vec<Uuid>> {
        // A sweep is yidi's own, whether or not anything is due.
        stamp.require(crate::domain::Permission::Setup)?;
        let cutoff = stamp.at() - after;
        let candidates: Vec<Uuid> = read!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM reservations WHERE centre_id = $1 AND claimed_at IS NULL \
                 AND released_at IS NULL AND starts_at < $2",
            )
            .bind(centre_id)
            .bind(cutoff)
            .fetch_all(pool)
            .await?
        });
        let mut released = Vec::new();
        for id in candidates {
            let done = write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
                let done = sqlx::query(
                    "UPDATE reservations SET released_at = $1, release_reason = 'unclaimed', version = version + 1 \
                     WHERE id = $2 AND claimed_at IS NULL AND released_at IS NULL AND starts_at < $3",
                )
                .bind(stamp.at())
                .bind(id)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
                let entry = if done.rows_affected() == 1 {
                    let (case_id, room_id, room, starts): (Uuid, Uuid, String, DateTime<Utc>) = sqlx::query_as(
                        "SELECT v.case_id, v.room_id, r.name, v.starts_at FROM reservations v \
                         JOIN rooms r ON r.id = v.room_id WHERE v.id = $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    let at = starts.with_timezone(&TZ).format("%H:%M");
                    let detail = format!(
                        "reservation of {room} at {at} released: not claimed within {} min",
                        after.num_minutes()
                    );
                    Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "release_reservation", detail, entity: "room", entity_id: room_id })
                } else {
                    None
                };
                (entry.is_some(), entry)
            })?;
            if done {
                released.push(id);
            }
        }
        Ok(released)
    }
}
