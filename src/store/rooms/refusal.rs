//! Why a room operation is refused, in words that name who and what.

use super::super::StoreError;
use crate::domain::Lang;
use crate::domain::allocation::ReservationRefused;
use crate::domain::clock::TZ;
use chrono::{DateTime, Utc};

/// Why a room operation is refused, in words that name who and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoomRefusal {
    #[error("{room} was just taken by {by} for {case_no}")]
    Taken {
        room: String,
        case_no: String,
        by: String,
    },
    #[error("{mediator} is already in a session in {room}")]
    MediatorBusy { mediator: String, room: String },
    #[error("this case is already in {room}")]
    CaseInRoom { room: String },
    #[error("{room} is out of service: {reason}")]
    OutOfService { room: String, reason: String },
    #[error("{room} is reserved for {case_no} at {at}")]
    Reserved {
        room: String,
        case_no: String,
        at: DateTime<Utc>,
    },
    #[error("{room} has a session in progress ({case_no})")]
    InSession { room: String, case_no: String },
    #[error("reservation of {room} refused: {refused:?}")]
    Reservation {
        room: String,
        refused: ReservationRefused,
    },
    #[error("this session has already ended")]
    SessionEnded,
    #[error("this reservation was already claimed or released")]
    ReservationClosed,
    #[error("the session outcome is empty")]
    OutcomeMissing,
    #[error("the reason is empty")]
    ReasonMissing,
}

impl RoomRefusal {
    pub fn message(&self, lang: Lang) -> String {
        let loc = lang.locale();
        let hm = |t: &DateTime<Utc>| t.with_timezone(&TZ).format("%H:%M").to_string();
        match self {
            RoomRefusal::Taken { room, case_no, by } => {
                rust_i18n::t!(
                    "rooms.refused.taken",
                    locale = loc,
                    room = room,
                    case_no = case_no,
                    by = by
                )
            }
            RoomRefusal::MediatorBusy { mediator, room } => rust_i18n::t!(
                "rooms.refused.mediator_busy",
                locale = loc,
                mediator = mediator,
                room = room
            ),
            RoomRefusal::CaseInRoom { room } => {
                rust_i18n::t!("rooms.refused.case_in_room", locale = loc, room = room)
            }
            RoomRefusal::OutOfService { room, reason } => rust_i18n::t!(
                "rooms.refused.out_of_service",
                locale = loc,
                room = room,
                reason = reason
            ),
            RoomRefusal::Reserved { room, case_no, at } => rust_i18n::t!(
                "rooms.refused.reserved",
                locale = loc,
                room = room,
                case_no = case_no,
                at = hm(at)
            ),
            RoomRefusal::InSession { room, case_no } => rust_i18n::t!(
                "rooms.refused.in_session",
                locale = loc,
                room = room,
                case_no = case_no
            ),
            RoomRefusal::Reservation { room, refused } => match refused {
                ReservationRefused::NotReservable => {
                    rust_i18n::t!("rooms.refused.not_reservable", locale = loc, room = room)
                }
                ReservationRefused::NotASlot { slot_min } => {
                    rust_i18n::t!(
                        "rooms.refused.not_a_slot",
                        locale = loc,
                        room = room,
                        min = slot_min
                    )
                }
                ReservationRefused::InThePast => {
                    rust_i18n::t!("rooms.refused.in_the_past", locale = loc)
                }
                ReservationRefused::OutOfService { reason } => rust_i18n::t!(
                    "rooms.refused.out_of_service",
                    locale = loc,
                    room = room,
                    reason = reason
                ),
                ReservationRefused::Overlaps { case_no, from, to } => rust_i18n::t!(
                    "rooms.refused.overlaps",
                    locale = loc,
                    room = room,
                    case_no = case_no,
                    from = hm(from),
                    to = hm(to)
                ),
                ReservationRefused::SessionInRoom { case_no } => rust_i18n::t!(
                    "rooms.refused.session_in_room",
                    locale = loc,
                    room = room,
                    case_no = case_no
                ),
            },
            RoomRefusal::SessionEnded => rust_i18n::t!("rooms.refused.session_ended", locale = loc),
            RoomRefusal::ReservationClosed => {
                rust_i18n::t!("rooms.refused.reservation_closed", locale = loc)
            }
            RoomRefusal::OutcomeMissing => {
                rust_i18n::t!("rooms.refused.outcome_missing", locale = loc)
            }
            RoomRefusal::ReasonMissing => {
                rust_i18n::t!("rooms.refused.reason_missing", locale = loc)
            }
        }
        .into_owned()
    }
}

impl From<RoomRefusal> for StoreError {
    fn from(r: RoomRefusal) -> Self {
        StoreError::Room(r)
    }
}
