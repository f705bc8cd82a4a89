//! Escalation (逐级上报): a case handled at village level goes up to the township, then to the
//! county — one level at a time, never down — and once it leaves the village it must reach the
//! county within the policy's working days (one, by default).
//!
//! One step at a time because "小事不出村、大事不出镇": each level gets its chance to settle the
//! case before the next is troubled. The county clock starts when the case leaves the village,
//! not when it was received: a village may rightly keep a case for days before deciding it cannot
//! settle it, and the rule is about how fast the hand-over goes once it has decided.

use super::case::Level;
use super::centre::Centre;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Why an escalation is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum EscalationRefused {
    #[error("a county case has no higher level to go to")]
    AtTop,
    #[error("a case is never sent down, from {from} to {to}")]
    Downward { from: Level, to: Level },
    #[error("a {from} case goes up one level at a time, not straight to {to}")]
    Skips { from: Level, to: Level },
}

/// One step up the ladder, as recorded (who, when, from where to where).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationStep {
    pub at: DateTime<Utc>,
    pub actor: String,
    pub from: Level,
    pub to: Level,
    pub from_centre: Uuid,
    pub to_centre: Uuid,
}

impl Level {
    /// The level a case goes to when escalated from this one.
    pub fn next_up(self) -> Option<Level> {
        match self {
            Level::Village => Some(Level::Township),
            Level::Township => Some(Level::County),
            Level::County => None,
        }
    }
}

/// Whether a case at `from` may be escalated to `to`.
pub fn check(from: Level, to: Level) -> Result<(), EscalationRefused> {
    match from.next_up() {
        None => Err(EscalationRefused::AtTop),
        Some(next) if next == to => Ok(()),
        Some(_) if to <= from => Err(EscalationRefused::Downward { from, to }),
        Some(_) => Err(EscalationRefused::Skips { from, to }),
    }
}

/// Leaving the village starts the county clock; later steps do not restart it.
pub fn starts_county_clock(from: Level) -> bool {
    from == Level::Village
}

/// The centre that carries the case at level `to`: its own centre when that centre serves
/// `to` or higher (a county centre also handles village-level cases), else the nearest
/// ancestor that does. When no ancestor does (a township centre with no county above it in
/// this database), the case stays where it is.
pub fn receiving_centre(centres: &[Centre], from: Uuid, to: Level) -> Uuid {
    let mut at = from;
    // Bounded by the number of centres, so a damaged parent loop cannot spin forever.
    for _ in 0..=centres.len() {
        let Some(c) = centres.iter().find(|c| c.id == at) else {
            return from;
        };
        if c.level >= to {
            return c.id;
        }
        match c.parent {
            Some(p) => at = p,
            None => return from,
        }
    }
    from
}

#[cfg(test)]
mod tests {
    use super::*;
    use Level::*;

    fn centre(id: u128, level: Level, parent: Option<u128>) -> Centre {
        Centre {
            id: Uuid::from_u128(id),
            code: format!("c{id}"),
            name: format!("centre {id}"),
            level,
            parent: parent.map(Uuid::from_u128),
        }
    }

    #[test]
    fn up_one_level_at_a_time_never_down() {
        assert_eq!(check(Village, Township), Ok(()));
        assert_eq!(check(Township, County), Ok(()));
        assert_eq!(
            check(Village, County),
            Err(EscalationRefused::Skips {
                from: Village,
                to: County
            })
        );
        assert_eq!(
            check(Township, Village),
            Err(EscalationRefused::Downward {
                from: Township,
                to: Village
            })
        );
        assert_eq!(
            check(Township, Township),
            Err(EscalationRefused::Downward {
                from: Township,
                to: Township
            })
        );
        assert_eq!(check(County, County), Err(EscalationRefused::AtTop));
        assert_eq!(Village.next_up(), Some(Township));
        assert_eq!(County.next_up(), None);
    }

    #[test]
    fn only_leaving_the_village_starts_the_county_clock() {
        assert!(starts_county_clock(Village));
        assert!(!starts_county_clock(Township));
    }

    #[test]
    fn the_case_moves_to_the_parent_centre_that_serves_the_level() {
        let centres = [
            centre(1, County, None),
            centre(2, Township, Some(1)),
            centre(3, Village, Some(2)),
        ];
        let id = Uuid::from_u128;
        assert_eq!(receiving_centre(&centres, id(3), Township), id(2));
        assert_eq!(receiving_centre(&centres, id(2), County), id(1));
        // Straight from the village centre to the county, through the township.
        assert_eq!(receiving_centre(&centres, id(3), County), id(1));
        // The county centre handles village and township cases at its own site.
        assert_eq!(receiving_centre(&centres, id(1), Township), id(1));
        assert_eq!(receiving_centre(&centres, id(1), County), id(1));
    }

    #[test]
    fn with_no_centre_above_the_case_stays_and_a_parent_loop_ends() {
        let alone = [centre(2, Township, None)];
        let id = Uuid::from_u128;
        assert_eq!(receiving_centre(&alone, id(2), County), id(2));
        let looped = [centre(4, Village, Some(5)), centre(5, Village, Some(4))];
        assert_eq!(receiving_centre(&looped, id(4), County), id(4));
        assert_eq!(receiving_centre(&[], id(9), County), id(9));
    }
}
