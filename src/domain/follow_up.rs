//! The follow-up visit (回访) after a case is closed.

use super::validation::{Field, Problem, ValidationError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub id: Uuid,
    pub case_id: Uuid,
    pub at: DateTime<Utc>,
    pub by: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub satisfaction: i32,
    pub note: String,
    /// A problem found means the case is re-assigned.
    pub problem_found: bool,
}

pub fn check_satisfaction(score: i32) -> Result<i32, ValidationError> {
    if (1..=5).contains(&score) {
        Ok(score)
    } else {
        Err(ValidationError::new(
            Field::Satisfaction,
            Problem::OutOfRange {
                min: 1,
                max: 5,
                got: score.into(),
            },
        ))
    }
}

use super::calendar::WorkCalendar;
use super::case::text_enum;
use super::clock::{day_start, local_day};
use chrono::Duration;
use serde::Deserialize;

/// `[follow_up]` in the config file: when a closed case is visited, and how hard we try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FollowUpPolicy {
    /// Working days after the closing day by which the follow-up is due.
    pub due_working_days: u32,
    /// Unreached tries after which the case is marked unreachable.
    pub max_tries: u32,
    /// Working days a department has for a problem a follow-up found, by its kind.
    pub individual_days: u32,
    pub common_days: u32,
    pub root_days: u32,
}

impl Default for FollowUpPolicy {
    fn default() -> Self {
        Self {
            due_working_days: 3,
            max_tries: 3,
            individual_days: 7,
            common_days: 15,
            root_days: 30,
        }
    }
}

impl FollowUpPolicy {
    /// The first instant past the `days`-th working day after the day of `from` (Beijing).
    fn after_working_days(from: DateTime<Utc>, days: u32, cal: &WorkCalendar) -> DateTime<Utc> {
        let first = local_day(from) + Duration::days(1);
        day_start(cal.nth_working_day(first, days.max(1)) + Duration::days(1))
    }

    /// When the follow-up of a case closed at `closed_at` is due.
    pub fn due(&self, closed_at: DateTime<Utc>, cal: &WorkCalendar) -> DateTime<Utc> {
        Self::after_working_days(closed_at, self.due_working_days, cal)
    }

    /// The department's clock for a problem found at `at`.
    pub fn problem_due(
        &self,
        kind: ProblemKind,
        at: DateTime<Utc>,
        cal: &WorkCalendar,
    ) -> DateTime<Utc> {
        let days = match kind {
            ProblemKind::Individual => self.individual_days,
            ProblemKind::Common => self.common_days,
            ProblemKind::Root => self.root_days,
        };
        Self::after_working_days(at, days, cal)
    }
}

text_enum!(
    /// How the resident was reached (回访方式).
    Method {
        Phone = "phone",
        Visit = "visit",
        OnSite = "on_site",
        /// The resident rated the case on the tracking page (扫码).
        Scan = "scan",
    }
);

text_enum!(
    /// The resident's answer (满意 / 基本满意 / 不满意).
    Satisfaction {
        Satisfied = "satisfied",
        Fair = "fair",
        Dissatisfied = "dissatisfied",
    }
);

impl Satisfaction {
    /// The score stored in `follow_ups.satisfaction` (the figures read it): 5, 4 and 2.
    pub fn score(self) -> i32 {
        match self {
            Satisfaction::Satisfied => 5,
            Satisfaction::Fair => 4,
            Satisfaction::Dissatisfied => 2,
        }
    }

    pub fn from_score(score: i32) -> Option<Self> {
        match score {
            5 => Some(Satisfaction::Satisfied),
            4 => Some(Satisfaction::Fair),
            1..=3 => Some(Satisfaction::Dissatisfied),
            _ => None,
        }
    }
}

text_enum!(
    /// A problem a follow-up found, classified as the Rongchang article does: 个性 (assigned
    /// back point to point), 共性 (handled jointly), 根子 (a special rectification item).
    ProblemKind {
        Individual = "individual",
        Common = "common",
        Root = "root",
    }
);

/// A reached follow-up as the operator records it.
#[derive(Debug, Clone, PartialEq)]
pub struct Visit {
    pub case_id: Uuid,
    pub method: Method,
    pub satisfaction: Satisfaction,
    pub note: String,
    /// The problem found and the department it is routed to.
    pub problem: Option<(ProblemKind, Uuid)>,
}

impl Visit {
    /// 不满意 or a problem found: the case is handled again with a new reply clock.
    pub fn reopens(&self) -> bool {
        self.satisfaction == Satisfaction::Dissatisfied || self.problem.is_some()
    }
}

/// Where a closing's follow-up stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FollowUpStatus {
    Overdue,
    DueToday,
    Due,
    Unreachable,
    Reopened,
    Done,
}

impl FollowUpStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FollowUpStatus::Overdue => "overdue",
            FollowUpStatus::DueToday => "due_today",
            FollowUpStatus::Due => "due",
            FollowUpStatus::Unreachable => "unreachable",
            FollowUpStatus::Reopened => "reopened",
            FollowUpStatus::Done => "done",
        }
    }

    /// Still to be visited.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            FollowUpStatus::Overdue | FollowUpStatus::DueToday | FollowUpStatus::Due
        )
    }
}

/// The status of a follow-up due at `due` (exclusive), read at `now`.
pub fn status(
    due: DateTime<Utc>,
    done: bool,
    unreachable: bool,
    reopened: bool,
    now: DateTime<Utc>,
) -> FollowUpStatus {
    if reopened {
        FollowUpStatus::Reopened
    } else if done {
        FollowUpStatus::Done
    } else if unreachable {
        FollowUpStatus::Unreachable
    } else if now >= due {
        FollowUpStatus::Overdue
    } else if local_day(now) == local_day(due - Duration::seconds(1)) {
        FollowUpStatus::DueToday
    } else {
        FollowUpStatus::Due
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn beijing(y: i32, m: u32, d: u32, h: u32) -> DateTime<Utc> {
        super::super::clock::TZ
            .with_ymd_and_hms(y, m, d, h, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn a_case_closed_on_friday_is_visited_by_wednesday() {
        let cal = WorkCalendar::builtin();
        let p = FollowUpPolicy::default();
        // Fri 27 Nov: Mon 30, Tue 1, Wed 2 Dec are the three working days after.
        assert_eq!(
            p.due(beijing(2026, 11, 27, 16), &cal),
            beijing(2026, 12, 3, 0)
        );
        assert_eq!(
            p.problem_due(ProblemKind::Individual, beijing(2026, 11, 27, 16), &cal),
            beijing(2026, 12, 9, 0),
            "7 working days: 30 Nov … 8 Dec"
        );
    }

    #[test]
    fn statuses_read_worst_first() {
        let due = beijing(2026, 12, 3, 0);
        assert_eq!(
            status(due, false, false, false, beijing(2026, 12, 3, 9)),
            FollowUpStatus::Overdue
        );
        assert_eq!(
            status(due, false, false, false, beijing(2026, 12, 2, 9)),
            FollowUpStatus::DueToday
        );
        assert_eq!(
            status(due, false, false, false, beijing(2026, 12, 1, 9)),
            FollowUpStatus::Due
        );
        assert_eq!(
            status(due, false, true, false, beijing(2026, 12, 9, 9)),
            FollowUpStatus::Unreachable
        );
        assert!(FollowUpStatus::Overdue < FollowUpStatus::Due);
        assert_eq!(
            Satisfaction::from_score(Satisfaction::Fair.score()),
            Some(Satisfaction::Fair)
        );
        assert_eq!(Satisfaction::Dissatisfied.score(), 2);
    }
}
