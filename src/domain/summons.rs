//! A summons (吹哨) of a department to a case, and how late it is.

use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct Summons {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub case_id: Uuid,
    pub department_id: Uuid,
    pub reason: String,
    pub whistled_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub arrived_at: Option<DateTime<Utc>>,
    pub cancelled_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub escalated_at: Option<DateTime<Utc>>,
    pub version: i32,
}

/// The due time of a summons whistled at `at` to a department with this window.
pub fn due_at(at: DateTime<Utc>, arrival_window_min: i32) -> DateTime<Utc> {
    at + Duration::minutes(arrival_window_min.into())
}

/// How a summons looks on the board at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummonsStatus {
    Waiting {
        left: Duration,
    },
    /// Within the last five minutes of the window.
    DueSoon {
        left: Duration,
    },
    Late {
        by: Duration,
    },
    Arrived {
        took: Duration,
        late: bool,
    },
    Cancelled,
}

/// The last stretch of a window shown as "due soon".
pub const DUE_SOON: Duration = Duration::minutes(5);

impl Summons {
    pub fn status(&self, now: DateTime<Utc>) -> SummonsStatus {
        if self.cancelled_at.is_some() {
            return SummonsStatus::Cancelled;
        }
        if let Some(arrived) = self.arrived_at {
            return SummonsStatus::Arrived {
                took: arrived - self.whistled_at,
                late: arrived > self.due_at,
            };
        }
        let left = self.due_at - now;
        if left <= Duration::zero() {
            SummonsStatus::Late { by: -left }
        } else if left <= DUE_SOON {
            SummonsStatus::DueSoon { left }
        } else {
            SummonsStatus::Waiting { left }
        }
    }

    /// Late past the grace and not yet escalated: escalate now (once per lateness).
    pub fn needs_escalation(&self, now: DateTime<Utc>, grace: Duration) -> bool {
        self.escalated_at.is_none()
            && self.arrived_at.is_none()
            && self.cancelled_at.is_none()
            && now > self.due_at + grace
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn whistled_at_0853(window: i32) -> Summons {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 0, 53, 0).unwrap();
        Summons {
            id: Uuid::nil(),
            centre_id: Uuid::nil(),
            case_id: Uuid::nil(),
            department_id: Uuid::nil(),
            reason: String::new(),
            whistled_at: at,
            due_at: due_at(at, window),
            arrived_at: None,
            cancelled_at: None,
            cancel_reason: None,
            escalated_at: None,
            version: 1,
        }
    }

    #[test]
    fn scenario_one_housing_bureau_turns_late_and_escalates_once() {
        let mut s = whistled_at_0853(40);
        let t = |h: u32, m: u32| Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap();
        assert_eq!(
            s.status(t(1, 0)),
            SummonsStatus::Waiting {
                left: Duration::minutes(33)
            }
        );
        assert_eq!(
            s.status(t(1, 30)),
            SummonsStatus::DueSoon {
                left: Duration::minutes(3)
            }
        );
        assert_eq!(
            s.status(t(1, 35)),
            SummonsStatus::Late {
                by: Duration::minutes(2)
            }
        );
        let grace = Duration::minutes(5);
        assert!(
            !s.needs_escalation(t(1, 38), grace),
            "09:38 is exactly the grace, not past it"
        );
        assert!(s.needs_escalation(t(1, 39), grace));
        s.escalated_at = Some(t(1, 39));
        assert!(
            !s.needs_escalation(t(1, 40), grace),
            "nothing escalates twice"
        );
        s.arrived_at = Some(t(1, 41));
        assert_eq!(
            s.status(t(1, 50)),
            SummonsStatus::Arrived {
                took: Duration::minutes(48),
                late: true
            }
        );
    }

    #[test]
    fn an_arrival_in_time_is_not_late() {
        let mut s = whistled_at_0853(30);
        s.arrived_at = Some(s.whistled_at + Duration::minutes(25));
        assert_eq!(
            s.status(s.due_at + Duration::hours(1)),
            SummonsStatus::Arrived {
                took: Duration::minutes(25),
                late: false
            }
        );
    }
}
