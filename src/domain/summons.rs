//! A summons (吹哨) of a department to a case, and how late it is.

use super::clock::TZ;
use super::validation::{Field, Problem, ValidationError};
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
    /// Why the arrival was entered at another time than the keypress.
    pub arrival_note: Option<String>,
    /// The duty leader saw the escalation (who, when).
    pub acknowledged_at: Option<DateTime<Utc>>,
    pub acknowledged_by: Option<String>,
    /// The summons this one re-whistles, if any.
    pub replaces: Option<Uuid>,
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

impl Summons {
    /// A fresh summons, due after the department's arrival window.
    pub fn new(
        case_id: Uuid,
        department_id: Uuid,
        whistled_at: DateTime<Utc>,
        window_min: i32,
    ) -> Self {
        Summons {
            id: Uuid::now_v7(),
            centre_id: Uuid::nil(),
            case_id,
            department_id,
            reason: String::new(),
            whistled_at,
            due_at: due_at(whistled_at, window_min),
            arrived_at: None,
            cancelled_at: None,
            cancel_reason: None,
            escalated_at: None,
            arrival_note: None,
            acknowledged_at: None,
            acknowledged_by: None,
            replaces: None,
            version: 1,
        }
    }

    pub fn is_open(&self) -> bool {
        self.arrived_at.is_none() && self.cancelled_at.is_none()
    }

    /// Escalated to the duty leader — stored, or due now (a read-only board shows it before
    /// any console has written it) — and not yet acknowledged or answered by an arrival.
    pub fn escalation_pending(&self, now: DateTime<Utc>, grace: Duration) -> bool {
        self.is_open()
            && self.acknowledged_at.is_none()
            && (self.escalated_at.is_some() || self.needs_escalation(now, grace))
    }

    /// Board order: the latest-late first, then the least time left, then the finished ones,
    /// most recent first.
    pub fn board_rank(&self, now: DateTime<Utc>) -> (u8, i64) {
        match self.status(now) {
            SummonsStatus::Late { by } => (0, -by.num_seconds()),
            SummonsStatus::DueSoon { left } | SummonsStatus::Waiting { left } => {
                (1, left.num_seconds())
            }
            SummonsStatus::Arrived { .. } | SummonsStatus::Cancelled => {
                let at = self
                    .arrived_at
                    .or(self.cancelled_at)
                    .unwrap_or(self.whistled_at);
                (2, -at.timestamp())
            }
        }
    }
}

/// A countdown or count-up as the board shows it: `mm:ss`, minutes past 59 kept whole
/// (`75:03`), so the eye reads one format.
pub fn mm_ss(d: Duration) -> String {
    let s = d.num_seconds().max(0);
    format!("{:02}:{:02}", s / 60, s % 60)
}

/// Checks an arrival entered at another time than now: not before the whistle, not in the
/// future, and a reason when it differs from now by more than a minute.
pub fn check_arrival(
    s: &Summons,
    at: DateTime<Utc>,
    now: DateTime<Utc>,
    reason: &str,
) -> Result<(), ValidationError> {
    if at < s.whistled_at || at > now + Duration::minutes(1) {
        return Err(ValidationError::new(
            Field::ArrivalTime,
            Problem::TimeOutside {
                from: s.whistled_at.with_timezone(&TZ).format("%H:%M").to_string(),
                to: now.with_timezone(&TZ).format("%H:%M").to_string(),
            },
        ));
    }
    if (now - at).abs() > Duration::minutes(1) && reason.trim().is_empty() {
        return Err(ValidationError::new(Field::Reason, Problem::Empty));
    }
    Ok(())
}

/// A department's record over a period: how often whistled, how often in time, and the
/// median minutes it took to arrive. Feeds the monthly reverse ranking.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArrivalRecord {
    pub summoned: u32,
    pub arrived: u32,
    pub on_time: u32,
    pub median_minutes: Option<f64>,
}

impl ArrivalRecord {
    /// Share of summonses answered within the window; cancelled ones don't count.
    pub fn on_time_rate(&self) -> Option<f64> {
        (self.summoned > 0).then(|| f64::from(self.on_time) / f64::from(self.summoned))
    }
}

/// The record of one department from its summonses (cancelled ones left out: a re-whistle
/// or a mistaken whistle is not the department's lateness).
pub fn arrival_record<'a>(summonses: impl IntoIterator<Item = &'a Summons>) -> ArrivalRecord {
    let mut record = ArrivalRecord::default();
    let mut minutes = Vec::new();
    for s in summonses.into_iter().filter(|s| s.cancelled_at.is_none()) {
        record.summoned += 1;
        if let Some(at) = s.arrived_at {
            record.arrived += 1;
            record.on_time += u32::from(at <= s.due_at);
            minutes.push((at - s.whistled_at).num_seconds() as f64 / 60.0);
        }
    }
    minutes.sort_by(f64::total_cmp);
    record.median_minutes = match minutes.len() {
        0 => None,
        n if n % 2 == 1 => Some(minutes[n / 2]),
        n => Some((minutes[n / 2 - 1] + minutes[n / 2]) / 2.0),
    };
    record
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn whistled_at_0853(window: i32) -> Summons {
        let at = Utc.with_ymd_and_hms(2026, 11, 23, 0, 53, 0).unwrap();
        Summons::new(Uuid::nil(), Uuid::nil(), at, window)
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

#[cfg(test)]
mod board_tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        // 2026-11-23 is a Monday; hours here are UTC (Beijing = UTC+8).
        Utc.with_ymd_and_hms(2026, 11, 23, h, m, 0).unwrap()
    }

    fn whistled(h: u32, m: u32, window: i32) -> Summons {
        Summons::new(Uuid::nil(), Uuid::nil(), at(h, m), window)
    }

    #[test]
    fn the_board_puts_the_latest_late_first_and_the_finished_last() {
        let now = at(2, 0);
        let very_late = whistled(1, 0, 20); // due 01:20, 40 min late
        let late = whistled(1, 30, 20); // due 01:50, 10 min late
        let soon = whistled(1, 25, 38); // due 02:03
        let waiting = whistled(1, 50, 40); // due 02:30
        let mut arrived = whistled(1, 0, 40);
        arrived.arrived_at = Some(at(1, 30));
        let mut rows = [&arrived, &waiting, &late, &soon, &very_late];
        rows.sort_by_key(|s| s.board_rank(now));
        let order: Vec<_> = rows.iter().map(|s| s.id).collect();
        assert_eq!(
            order,
            vec![very_late.id, late.id, soon.id, waiting.id, arrived.id]
        );
    }

    #[test]
    fn countdowns_read_minutes_and_seconds() {
        assert_eq!(mm_ss(Duration::seconds(33 * 60 + 7)), "33:07");
        assert_eq!(mm_ss(Duration::seconds(75 * 60 + 3)), "75:03");
        assert_eq!(mm_ss(Duration::seconds(-5)), "00:00");
    }

    #[test]
    fn an_escalation_stays_pending_until_acknowledged_or_answered() {
        let grace = Duration::minutes(5);
        let mut s = whistled(1, 0, 20);
        assert!(
            !s.escalation_pending(at(1, 24), grace),
            "late, within grace"
        );
        assert!(
            s.escalation_pending(at(1, 26), grace),
            "the board shows it before any console stored it"
        );
        s.escalated_at = Some(at(1, 26));
        s.acknowledged_at = Some(at(1, 30));
        assert!(!s.escalation_pending(at(1, 40), grace));
        let mut answered = whistled(1, 0, 20);
        answered.escalated_at = Some(at(1, 26));
        answered.arrived_at = Some(at(1, 35));
        assert!(!answered.escalation_pending(at(1, 40), grace));
    }

    #[test]
    fn an_arrival_entered_later_needs_a_time_within_the_summons_and_a_reason() {
        let s = whistled(1, 0, 30);
        let now = at(1, 40);
        assert_eq!(check_arrival(&s, now, now, ""), Ok(()));
        let e = check_arrival(&s, at(1, 20), now, "").unwrap_err();
        assert_eq!(e.field, Field::Reason);
        assert_eq!(
            check_arrival(&s, at(1, 20), now, "liaison signed in on paper"),
            Ok(())
        );
        let e = check_arrival(&s, at(0, 50), now, "x").unwrap_err();
        assert_eq!(e.field, Field::ArrivalTime);
        assert!(e.message(crate::domain::Lang::En).contains("09:00"));
        let e = check_arrival(&s, at(2, 0), now, "x").unwrap_err();
        assert_eq!(e.field, Field::ArrivalTime);
    }

    #[test]
    fn a_department_record_counts_on_time_and_the_median_minutes() {
        let mut a = whistled(1, 0, 30);
        a.arrived_at = Some(at(1, 20)); // 20 min, on time
        let mut b = whistled(2, 0, 30);
        b.arrived_at = Some(at(2, 40)); // 40 min, late
        let mut c = whistled(3, 0, 30);
        c.arrived_at = Some(at(3, 25)); // 25 min, on time
        let d = whistled(4, 0, 30); // not arrived yet
        let mut e = whistled(5, 0, 30);
        e.cancelled_at = Some(at(5, 1));
        let r = arrival_record([&a, &b, &c, &d, &e]);
        assert_eq!((r.summoned, r.arrived, r.on_time), (4, 3, 2));
        assert_eq!(r.median_minutes, Some(25.0));
        assert_eq!(r.on_time_rate(), Some(0.5));
        assert_eq!(arrival_record([]).on_time_rate(), None);
    }
}
