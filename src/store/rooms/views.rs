//! The rooms as the rooms tab and the wall screen show them, in one read: each room with the
//! session it holds and its next open reservation, so a room change costs a console one query.

use super::*;

#[derive(sqlx::FromRow)]
struct RoomPanelRow {
    #[sqlx(flatten)]
    room: RoomViewRow,
    next_id: Option<Uuid>,
    next_case_id: Option<Uuid>,
    next_case_no: Option<String>,
    next_starts_at: Option<DateTime<Utc>>,
    next_ends_at: Option<DateTime<Utc>>,
    next_reserved_by: Option<String>,
}

impl RoomPanelRow {
    fn into_view(self) -> Result<RoomView> {
        let next = match (
            self.next_id,
            self.next_case_id,
            self.next_starts_at,
            self.next_ends_at,
        ) {
            (Some(id), Some(case_id), Some(starts_at), Some(ends_at)) => Some(Reservation {
                id,
                room_id: self.room.id,
                case_id,
                case_no: self.next_case_no.unwrap_or_default(),
                starts_at,
                ends_at,
                reserved_by: self.next_reserved_by.unwrap_or_default(),
            }),
            _ => None,
        };
        let mut view = self.room.into_view()?;
        view.next_reservation = next;
        Ok(view)
    }
}

impl Store {
    /// Every room of a centre, in service or out of it, with its session now and its next
    /// reservation neither claimed nor released (nor over at `now`), by name as people count
    /// (第二 before 第十).
    pub async fn room_views(&self, centre_id: Uuid, now: DateTime<Utc>) -> Result<Vec<RoomView>> {
        let rows: Vec<RoomPanelRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT r.id, r.centre_id, r.name, r.kind, r.capacity, \
                   r.out_of_service_since, r.out_of_service_reason, \
                   b.id AS booking_id, b.case_id, c.case_no, b.mediator_id, m.name AS mediator, \
                   b.started_at, b.booked_by, \
                   nv.id AS next_id, nv.case_id AS next_case_id, nc.case_no AS next_case_no, \
                   nv.starts_at AS next_starts_at, nv.ends_at AS next_ends_at, \
                   nv.reserved_by AS next_reserved_by \
                 FROM rooms r \
                 LEFT JOIN room_bookings b ON b.room_id = r.id AND b.released_at IS NULL \
                 LEFT JOIN cases c ON c.id = b.case_id \
                 LEFT JOIN mediators m ON m.id = b.mediator_id \
                 LEFT JOIN (SELECT v.id, v.room_id, v.case_id, v.starts_at, v.ends_at, v.reserved_by, \
                              ROW_NUMBER() OVER (PARTITION BY v.room_id ORDER BY v.starts_at, v.id) AS nth \
                            FROM reservations v \
                            WHERE v.centre_id = $1 AND v.claimed_at IS NULL AND v.released_at IS NULL \
                              AND v.ends_at > $2) nv ON nv.room_id = r.id AND nv.nth = 1 \
                 LEFT JOIN cases nc ON nc.id = nv.case_id \
                 WHERE r.centre_id = $1 AND r.active",
            )
            .bind(centre_id)
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        let mut views = rows
            .into_iter()
            .map(RoomPanelRow::into_view)
            .collect::<Result<Vec<_>>>()?;
        // No collation of both databases sorts names as people count them.
        views.sort_by(|a, b| crate::domain::natural::compare(&a.room.name, &b.room.name));
        Ok(views)
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
}
