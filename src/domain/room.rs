//! Rooms the centre books for sessions, and whether one fits a case.

use super::case::text_enum;
use uuid::Uuid;

text_enum!(
    RoomKind {
        Mediation = "mediation",
        LegalAid = "legal_aid",
        Counselling = "counselling",
        Video = "video",
        Studio = "studio",
    }
);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Room {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub name: String,
    pub kind: RoomKind,
    pub capacity: i32,
}

/// Why a room does not suit a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Misfit {
    WrongKind { wanted: RoomKind, got: RoomKind },
    TooSmall { needed: i32, seats: i32 },
}

impl Room {
    /// A studio serves as a mediation room; otherwise the kind must match.
    pub fn fits(&self, wanted: RoomKind, persons: i32) -> Result<(), Misfit> {
        let kind_ok =
            self.kind == wanted || (wanted == RoomKind::Mediation && self.kind == RoomKind::Studio);
        if !kind_ok {
            return Err(Misfit::WrongKind {
                wanted,
                got: self.kind,
            });
        }
        if persons > self.capacity {
            return Err(Misfit::TooSmall {
                needed: persons,
                seats: self.capacity,
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn room(kind: RoomKind, capacity: i32) -> Room {
        Room {
            id: Uuid::nil(),
            centre_id: Uuid::nil(),
            name: "1".into(),
            kind,
            capacity,
        }
    }

    #[test]
    fn twelve_workers_need_the_big_room() {
        // Scenario 1: 12 workers + respondent + 2 departments + mediator.
        assert_eq!(
            room(RoomKind::Mediation, 8).fits(RoomKind::Mediation, 16),
            Err(Misfit::TooSmall {
                needed: 16,
                seats: 8
            })
        );
        assert_eq!(
            room(RoomKind::Mediation, 20).fits(RoomKind::Mediation, 16),
            Ok(())
        );
    }

    #[test]
    fn a_studio_can_host_mediation_but_not_counselling() {
        assert_eq!(
            room(RoomKind::Studio, 6).fits(RoomKind::Mediation, 4),
            Ok(())
        );
        assert!(
            room(RoomKind::Studio, 6)
                .fits(RoomKind::Counselling, 2)
                .is_err()
        );
        assert!(
            room(RoomKind::LegalAid, 6)
                .fits(RoomKind::Mediation, 2)
                .is_err()
        );
    }
}
