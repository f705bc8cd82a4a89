//! Departments and mediation committees the centre can whistle, and mediators.

use super::case::text_enum;
use super::validation::{Field, Problem, ValidationError};
use uuid::Uuid;

text_enum!(
    /// How a department is present at the centre.
    Presence {
        Resident = "resident",
        Rotating = "rotating",
        OnCall = "on_call",
    }
);

text_enum!(
    /// A government department, or a professional mediation committee.
    DepartmentKind {
        Department = "department",
        Committee = "committee",
    }
);

text_enum!(
    /// A duty on the day's roster: the leader the board escalates to, the lawyer in the
    /// legal-aid room, the counsellor, and a rotating department's person of the day.
    Duty {
        DutyLeader = "duty_leader",
        Lawyer = "lawyer",
        Counsellor = "counsellor",
        Rotation = "rotation",
    }
);

impl Duty {
    /// The duty as the board's top line and `yidi roster` name it.
    pub fn label(self, lang: super::Lang) -> String {
        rust_i18n::t!(
            format!("board.duty.{}", self.as_str()),
            locale = lang.locale()
        )
        .into_owned()
    }
}

/// Who holds a duty on a day. A later entry for the same duty (and department) replaces an
/// earlier one; nothing is deleted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterEntry {
    pub day: chrono::NaiveDate,
    pub duty: Duty,
    /// Set for a rotation: the department whose person is in today.
    pub department_id: Option<Uuid>,
    pub person: String,
    pub phone: Option<String>,
}

/// The arrival windows the centres use: 20 minutes for those nearby, up to 40 for the far ones.
pub const ARRIVAL_WINDOW_MIN: i32 = 20;
pub const ARRIVAL_WINDOW_MAX: i32 = 40;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Department {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub name: String,
    pub kind: DepartmentKind,
    pub presence: Presence,
    /// Minutes a whistled department has to arrive.
    pub arrival_window_min: i32,
    pub phone: Option<String>,
}

pub fn check_arrival_window(minutes: i32) -> Result<i32, ValidationError> {
    if (ARRIVAL_WINDOW_MIN..=ARRIVAL_WINDOW_MAX).contains(&minutes) {
        Ok(minutes)
    } else {
        Err(ValidationError::new(
            Field::ArrivalWindow,
            Problem::OutOfRange {
                min: ARRIVAL_WINDOW_MIN.into(),
                max: ARRIVAL_WINDOW_MAX.into(),
                got: minutes.into(),
            },
        ))
    }
}

/// A mediator, with the kinds of dispute they take.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mediator {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub name: String,
    pub specialties: Vec<String>,
    /// The committee or department they sit for, if any.
    pub department_id: Option<Uuid>,
    /// A named personal mediation studio (个人品牌调解室) is theirs.
    pub studio: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrival_windows_run_from_twenty_to_forty_minutes() {
        assert_eq!(check_arrival_window(20), Ok(20));
        assert_eq!(check_arrival_window(40), Ok(40));
        let e = check_arrival_window(45).unwrap_err();
        assert_eq!(e.field, Field::ArrivalWindow);
        assert!(check_arrival_window(19).is_err());
    }
}
