//! Rooms (调解室分配): the rooms as the rooms tab shows them, mediators' load, putting a case
//! in a room with a mediator, release with the session's outcome, transfer, out of service,
//! and reservations of legal-aid and counselling rooms with the sweep that releases those
//! not claimed in time.
//!
//! Every allocation first touches the room's row (`UPDATE rooms SET version = version + 1`),
//! which on PostgreSQL holds a row lock to commit, so two consoles allocating one room run
//! one after the other and the second sees the first's session; SQLite's `BEGIN IMMEDIATE`
//! does the same for the whole file. Partial unique indexes refuse a second active session
//! of a room, of a mediator and of a case whatever the code does.

use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::allocation::{
    RESERVATION_GUARD, Reservation, RoomView, Session, check_reservation, persons_needed,
};
use crate::domain::clock::TZ;
use crate::domain::room::{Room, RoomKind};
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

/// What allocation needs to know about a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AllocationInput {
    pub case_id: Uuid,
    pub case_no: String,
    pub category: String,
    /// Everyone who must sit in the room, the mediator included.
    pub persons: i32,
    /// The session the case is in now, if any (a transfer starts from it).
    pub session: Option<(Uuid, String)>,
}

#[derive(sqlx::FromRow)]
struct RoomViewRow {
    id: Uuid,
    centre_id: Uuid,
    name: String,
    kind: String,
    capacity: i32,
    out_of_service_since: Option<DateTime<Utc>>,
    out_of_service_reason: Option<String>,
    booking_id: Option<Uuid>,
    case_id: Option<Uuid>,
    case_no: Option<String>,
    mediator_id: Option<Uuid>,
    mediator: Option<String>,
    started_at: Option<DateTime<Utc>>,
    booked_by: Option<String>,
}

#[derive(sqlx::FromRow)]
struct ReservationRow {
    id: Uuid,
    room_id: Uuid,
    case_id: Uuid,
    case_no: String,
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    reserved_by: String,
}

impl From<ReservationRow> for Reservation {
    fn from(r: ReservationRow) -> Self {
        Reservation {
            id: r.id,
            room_id: r.room_id,
            case_id: r.case_id,
            case_no: r.case_no,
            starts_at: r.starts_at,
            ends_at: r.ends_at,
            reserved_by: r.reserved_by,
        }
    }
}

impl RoomViewRow {
    fn into_view(self) -> Result<RoomView> {
        let kind = RoomKind::parse(&self.kind)
            .ok_or_else(|| StoreError::Corrupt(format!("unknown room kind {:?}", self.kind)))?;
        let session = match (self.booking_id, self.case_id, self.started_at) {
            (Some(booking_id), Some(case_id), Some(started_at)) => Some(Session {
                booking_id,
                case_id,
                case_no: self.case_no.unwrap_or_default(),
                mediator_id: self.mediator_id,
                mediator: self.mediator,
                started_at,
                booked_by: self.booked_by,
            }),
            _ => None,
        };
        Ok(RoomView {
            room: Room {
                id: self.id,
                centre_id: self.centre_id,
                name: self.name,
                kind,
                capacity: self.capacity,
            },
            out_of_service: self
                .out_of_service_since
                .map(|at| (at, self.out_of_service_reason.unwrap_or_default())),
            session,
            next_reservation: None,
        })
    }
}

macro_rules! room_view_sql {
    () => {
        "SELECT r.id, r.centre_id, r.name, r.kind, r.capacity, \
       r.out_of_service_since, r.out_of_service_reason, \
       b.id AS booking_id, b.case_id, c.case_no, b.mediator_id, m.name AS mediator, b.started_at, b.booked_by \
     FROM rooms r \
     LEFT JOIN room_bookings b ON b.room_id = r.id AND b.released_at IS NULL \
     LEFT JOIN cases c ON c.id = b.case_id \
     LEFT JOIN mediators m ON m.id = b.mediator_id"
    };
}

macro_rules! reservation_sql {
    () => {
        "SELECT v.id, v.room_id, v.case_id, c.case_no, v.starts_at, v.ends_at, v.reserved_by \
     FROM reservations v JOIN cases c ON c.id = v.case_id \
     WHERE v.claimed_at IS NULL AND v.released_at IS NULL"
    };
}

/// Puts a case in a room inside a write transaction: locks the room's row, refuses a room
/// out of service, in session, or reserved soon for another case, a busy mediator and a case
/// already in a room, then inserts the session. Evaluates to the room's (centre, name).
macro_rules! book_in_tx {
    ($tx:ident, $id:expr, $case_id:expr, $room_id:expr, $mediator_id:expr, $reservation:expr, $stamp:expr) => {{
        let row: Option<(Uuid, String, Option<DateTime<Utc>>, Option<String>)> = sqlx::query_as(
            "UPDATE rooms SET version = version + 1 WHERE id = $1 \
             RETURNING centre_id, name, out_of_service_since, out_of_service_reason",
        )
        .bind($room_id)
        .fetch_optional(&mut *$tx)
        .await?;
        let (centre_id, room, out_since, out_reason) =
            row.ok_or(StoreError::NotFound { entity: "room", id: $room_id })?;
        if out_since.is_some() {
            return Err(RoomRefusal::OutOfService { room, reason: out_reason.unwrap_or_default() }.into());
        }
        let taken: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT c.case_no, b.booked_by FROM room_bookings b JOIN cases c ON c.id = b.case_id \
             WHERE b.room_id = $1 AND b.released_at IS NULL",
        )
        .bind($room_id)
        .fetch_optional(&mut *$tx)
        .await?;
        if let Some((case_no, by)) = taken {
            return Err(RoomRefusal::Taken { room, case_no, by: by.unwrap_or_else(|| "?".into()) }.into());
        }
        let in_room: Option<String> = sqlx::query_scalar(
            "SELECT r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
             WHERE b.case_id = $1 AND b.released_at IS NULL",
        )
        .bind($case_id)
        .fetch_optional(&mut *$tx)
        .await?;
        if let Some(room) = in_room {
            return Err(RoomRefusal::CaseInRoom { room }.into());
        }
        let mediator: Option<String> = match $mediator_id {
            Some(m) => {
                let busy: Option<(String, String)> = sqlx::query_as(
                    "SELECT md.name, r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                     JOIN mediators md ON md.id = b.mediator_id \
                     WHERE b.mediator_id = $1 AND b.released_at IS NULL",
                )
                .bind(m)
                .fetch_optional(&mut *$tx)
                .await?;
                if let Some((mediator, room)) = busy {
                    return Err(RoomRefusal::MediatorBusy { mediator, room }.into());
                }
                sqlx::query_scalar("SELECT name FROM mediators WHERE id = $1")
                    .bind(m)
                    .fetch_optional(&mut *$tx)
                    .await?
            }
            None => None,
        };
        let reserved: Option<(String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT c.case_no, v.starts_at FROM reservations v JOIN cases c ON c.id = v.case_id \
             WHERE v.room_id = $1 AND v.claimed_at IS NULL AND v.released_at IS NULL \
             AND v.case_id <> $2 AND v.starts_at < $3 AND v.ends_at > $4 ORDER BY v.starts_at LIMIT 1",
        )
        .bind($room_id)
        .bind($case_id)
        .bind($stamp.at() + RESERVATION_GUARD)
        .bind($stamp.at())
        .fetch_optional(&mut *$tx)
        .await?;
        if let Some((case_no, at)) = reserved {
            return Err(RoomRefusal::Reserved { room, case_no, at }.into());
        }
        sqlx::query(
            "INSERT INTO room_bookings (id, centre_id, room_id, case_id, started_at, version, mediator_id, booked_by, reservation_id) \
             VALUES ($1, $2, $3, $4, $5, 1, $6, $7, $8)",
        )
        .bind($id)
        .bind(centre_id)
        .bind($room_id)
        .bind($case_id)
        .bind($stamp.at())
        .bind($mediator_id)
        .bind(&$stamp.actor())
        .bind($reservation)
        .execute(&mut *$tx)
        .await?;
        (centre_id, room, mediator)
    }};
}

impl Store {
    /// Reservations of a centre neither claimed nor released, soonest first.
    pub async fn open_reservations(&self, centre_id: Uuid) -> Result<Vec<Reservation>> {
        let rows: Vec<ReservationRow> = read!(self, pool => {
            sqlx::query_as(concat!(reservation_sql!(), " AND v.centre_id = $1 ORDER BY v.starts_at"))
                .bind(centre_id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// What allocating a room to a case needs: who must sit in it (applicants or the group's
    /// persons, the other parties, one officer of each department summoned and not
    /// cancelled, and the mediator), its category, and the session it is in now.
    pub async fn allocation_input(&self, case_id: Uuid) -> Result<AllocationInput> {
        let row: Option<(String, String, i32, i64, i64, i64)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT c.case_no, c.category, c.group_persons, \
                   (SELECT COUNT(*) FROM parties p WHERE p.case_id = c.id AND p.role = 'applicant'), \
                   (SELECT COUNT(*) FROM parties p WHERE p.case_id = c.id AND p.role <> 'applicant'), \
                   (SELECT COUNT(DISTINCT s.department_id) FROM summons s WHERE s.case_id = c.id AND s.cancelled_at IS NULL) \
                 FROM cases c WHERE c.id = $1",
            )
            .bind(case_id)
            .fetch_optional(pool)
            .await?
        });
        let (case_no, category, group, applicants, others, departments) =
            row.ok_or(StoreError::NotFound {
                entity: "case",
                id: case_id,
            })?;
        let session: Option<(Uuid, String)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT b.id, r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                 WHERE b.case_id = $1 AND b.released_at IS NULL",
            )
            .bind(case_id)
            .fetch_optional(pool)
            .await?
        });
        Ok(AllocationInput {
            case_id,
            case_no,
            category,
            persons: persons_needed(applicants as i32, group, others as i32, departments as i32),
            session,
        })
    }

    /// Puts a case in a room, with a mediator if one is chosen. Two consoles taking one room
    /// at once: exactly one wins; the other is told who took it for which case.
    pub async fn allocate_room(
        &self,
        case_id: Uuid,
        room_id: Uuid,
        mediator_id: Option<Uuid>,
        stamp: &Stamp,
    ) -> Result<Uuid> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        let id = Uuid::now_v7();
        let result = write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            let (centre_id, room, mediator) = book_in_tx!(tx, id, case_id, room_id, mediator_id, None::<Uuid>, stamp);
            let detail = match mediator {
                Some(m) => format!("room {room} booked, mediator {m}"),
                None => format!("room {room} booked"),
            };
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "book_room", detail, entity: "room", entity_id: room_id }))
        });
        match result {
            Err(e) if e.is_unique_violation() => {
                Err(self.why_not_free(case_id, room_id, mediator_id).await)
            }
            other => other.map(|()| id),
        }
    }

    /// After a unique index refused a session: which of room, mediator or case was taken.
    async fn why_not_free(
        &self,
        case_id: Uuid,
        room_id: Uuid,
        mediator_id: Option<Uuid>,
    ) -> StoreError {
        let views = match self.room_of(room_id).await {
            Ok(v) => v,
            Err(e) => return e,
        };
        if let Some(s) = &views.session {
            return RoomRefusal::Taken {
                room: views.room.name.clone(),
                case_no: s.case_no.clone(),
                by: s.booked_by.clone().unwrap_or_else(|| "?".into()),
            }
            .into();
        }
        if let Some(m) = mediator_id
            && let Ok(loads) = self.mediator_loads(views.room.centre_id, Utc::now()).await
            && let Some(l) = loads
                .iter()
                .find(|l| l.mediator.id == m && l.busy_in.is_some())
        {
            return RoomRefusal::MediatorBusy {
                mediator: l.mediator.name.clone(),
                room: l.busy_in.clone().unwrap_or_default(),
            }
            .into();
        }
        match self.allocation_input(case_id).await {
            Ok(AllocationInput {
                session: Some((_, room)),
                ..
            }) => RoomRefusal::CaseInRoom { room }.into(),
            _ => StoreError::RoomBusy { room_id },
        }
    }

    async fn room_of(&self, room_id: Uuid) -> Result<RoomView> {
        let row: Option<RoomViewRow> = read!(self, pool => {
            sqlx::query_as(concat!(room_view_sql!(), " WHERE r.id = $1"))
                .bind(room_id)
                .fetch_optional(pool)
                .await?
        });
        row.ok_or(StoreError::NotFound {
            entity: "room",
            id: room_id,
        })?
        .into_view()
    }

    /// Ends a session with its outcome, which goes to the case's journal; the room is free.
    /// A session already ended (by another console) is refused.
    pub async fn release_session(
        &self,
        booking_id: Uuid,
        outcome: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        let outcome = outcome.trim();
        if outcome.is_empty() {
            return Err(RoomRefusal::OutcomeMissing.into());
        }
        write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            let done = sqlx::query(
                "UPDATE room_bookings SET released_at = $1, outcome = $2, version = version + 1 \
                 WHERE id = $3 AND released_at IS NULL",
            )
            .bind(stamp.at())
            .bind(outcome)
            .bind(booking_id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() != 1 {
                return Err(RoomRefusal::SessionEnded.into());
            }
            let (centre_id, case_id, room_id, room, started): (Uuid, Uuid, Uuid, String, DateTime<Utc>) = sqlx::query_as(
                "SELECT b.centre_id, b.case_id, b.room_id, r.name, b.started_at FROM room_bookings b \
                 JOIN rooms r ON r.id = b.room_id WHERE b.id = $1",
            )
            .bind(booking_id)
            .fetch_one(&mut *tx)
            .await?;
            let minutes = (stamp.at() - started).num_minutes();
            let detail = format!("room {room} released after {minutes} min: {outcome}");
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "release_room", detail, entity: "room", entity_id: room_id }))
        })
    }

    /// Moves a session to another room, keeping its mediator: the old one ends as
    /// transferred, the new one starts now, in one transaction.
    pub async fn transfer_session(
        &self,
        booking_id: Uuid,
        to_room: Uuid,
        stamp: &Stamp,
    ) -> Result<Uuid> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        let id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            let old: Option<(Uuid, Option<Uuid>, String)> = sqlx::query_as(
                "SELECT b.case_id, b.mediator_id, r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                 WHERE b.id = $1 AND b.released_at IS NULL",
            )
            .bind(booking_id)
            .fetch_optional(&mut *tx)
            .await?;
            let Some((case_id, mediator_id, from)) = old else {
                return Err(RoomRefusal::SessionEnded.into());
            };
            // The old session ends first, so the case and the mediator are free to move.
            sqlx::query("UPDATE room_bookings SET released_at = $1, outcome = $2, version = version + 1 WHERE id = $3")
                .bind(stamp.at())
                .bind("transferred")
                .bind(booking_id)
                .execute(&mut *tx)
                .await?;
            let (centre_id, room, _) = book_in_tx!(tx, id, case_id, to_room, mediator_id, None::<Uuid>, stamp);
            let detail = format!("moved from {from} to {room}");
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "transfer_room", detail, entity: "room", entity_id: to_room }))
        })?;
        Ok(id)
    }

    /// Takes a room out of service with a reason (`Some`), or puts it back (`None`). A room
    /// with a session in it cannot go out of service: release or transfer the session first.
    pub async fn set_out_of_service(
        &self,
        room_id: Uuid,
        reason: Option<&str>,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::AllocateRoom)?;
        if reason.is_some_and(|r| r.trim().is_empty()) {
            return Err(RoomRefusal::ReasonMissing.into());
        }
        write_tx!(self, stamp, crate::domain::Permission::AllocateRoom, tx => {
            let row: Option<(Uuid, String)> = sqlx::query_as(
                "UPDATE rooms SET version = version + 1 WHERE id = $1 RETURNING centre_id, name",
            )
            .bind(room_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (centre_id, room) = row.ok_or(StoreError::NotFound { entity: "room", id: room_id })?;
            let entry = match reason {
                Some(reason) => {
                    let session: Option<String> = sqlx::query_scalar(
                        "SELECT c.case_no FROM room_bookings b JOIN cases c ON c.id = b.case_id \
                         WHERE b.room_id = $1 AND b.released_at IS NULL",
                    )
                    .bind(room_id)
                    .fetch_optional(&mut *tx)
                    .await?;
                    if let Some(case_no) = session {
                        return Err(RoomRefusal::InSession { room, case_no }.into());
                    }
                    let done = sqlx::query(
                        "UPDATE rooms SET out_of_service_since = $1, out_of_service_reason = $2 \
                         WHERE id = $3 AND out_of_service_since IS NULL",
                    )
                    .bind(stamp.at())
                    .bind(reason.trim())
                    .bind(room_id)
                    .execute(&mut *tx)
                    .await?;
                    (done.rows_affected() == 1).then(|| Entry {
                        acting: None, centre_id, case_id: None, action: "room_out_of_service",
                        detail: format!("room {room} out of service: {}", reason.trim()),
                        entity: "room", entity_id: room_id,
                    })
                }
                None => {
                    let done = sqlx::query(
                        "UPDATE rooms SET out_of_service_since = NULL, out_of_service_reason = NULL \
                         WHERE id = $1 AND out_of_service_since IS NOT NULL",
                    )
                    .bind(room_id)
                    .execute(&mut *tx)
                    .await?;
                    (done.rows_affected() == 1).then(|| Entry {
                        acting: None, centre_id, case_id: None, action: "room_in_service",
                        detail: format!("room {room} back in service"),
                        entity: "room", entity_id: room_id,
                    })
                }
            };
            ((), entry)
        })
    }
}

mod refusal;
mod reservations;
mod views;

pub use refusal::RoomRefusal;
