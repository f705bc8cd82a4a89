//! The "127+N" time limits: accept within 1 day, convene within 2, reply within 7.

use super::calendar::WorkCalendar;
use super::clock::{day_start, local_day};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;

/// How many days each step may take, and whether days are working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SlaPolicy {
    pub accept_days: u32,
    pub convene_days: u32,
    pub reply_days: u32,
    /// A case that leaves the village must reach the county within this many days.
    pub escalate_days: u32,
    pub working_days: bool,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        Self {
            accept_days: 1,
            convene_days: 2,
            reply_days: 7,
            escalate_days: 1,
            working_days: true,
        }
    }
}

/// The three deadlines of a case, each the first instant past its last day (Beijing midnight).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadlines {
    pub accept: DateTime<Utc>,
    pub convene: DateTime<Utc>,
    pub reply: DateTime<Utc>,
}

/// When each clock was met; an explanation to the resident (说明) stops the reply clock of
/// a case that cannot be settled in time.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClockMarks {
    /// Triaged: the case was accepted.
    pub accepted: Option<DateTime<Utc>>,
    /// The joint session opened.
    pub convened: Option<DateTime<Utc>>,
    pub explained: Option<DateTime<Utc>>,
    pub explanation: Option<String>,
    /// Set when the case left the village: by when it must reach the county.
    pub county_due: Option<DateTime<Utc>>,
    /// When the case reached county level.
    pub reached_county: Option<DateTime<Utc>>,
}

impl ClockMarks {
    /// The escalation clock of a case that left the village; `None` for any other case. A case
    /// settled on the way (at the township) needs to go no further: settling stops the clock.
    pub fn county_clock(
        &self,
        settled_at: Option<DateTime<Utc>>,
        now: DateTime<Utc>,
    ) -> Option<(DateTime<Utc>, ClockState)> {
        let done = match (self.reached_county, settled_at) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.county_due
            .map(|due| (due, ClockState::of(due, done, now)))
    }
}

/// One clock as a person reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClockState {
    Running,
    /// Its last day is today (Beijing time).
    DueToday,
    Overdue,
    Met,
    MetLate,
}

impl ClockState {
    /// For a clock due at `due` (exclusive), met at `done` if it was.
    pub fn of(due: DateTime<Utc>, done: Option<DateTime<Utc>>, now: DateTime<Utc>) -> ClockState {
        match done {
            Some(t) if t < due => ClockState::Met,
            Some(_) => ClockState::MetLate,
            None if now >= due => ClockState::Overdue,
            None if local_day(now) == local_day(due - Duration::seconds(1)) => ClockState::DueToday,
            None => ClockState::Running,
        }
    }

    /// Worst first, for the "overdue / due today" list.
    pub fn urgency(self) -> u8 {
        match self {
            ClockState::Overdue => 0,
            ClockState::DueToday => 1,
            ClockState::Running => 2,
            ClockState::MetLate => 3,
            ClockState::Met => 4,
        }
    }
}

/// The three clocks of a case at `now`. The reply clock stops at settlement (`settled_at`)
/// or at an explanation to the resident, whichever came first.
pub fn clocks(
    d: &Deadlines,
    marks: &ClockMarks,
    settled_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> [ClockState; 3] {
    let replied = match (settled_at, marks.explained) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    [
        ClockState::of(d.accept, marks.accepted, now),
        ClockState::of(d.convene, marks.convened, now),
        ClockState::of(d.reply, replied, now),
    ]
}

impl SlaPolicy {
    /// The last day allowed for a step of `days` days starting with the day of `received`.
    pub fn last_day(&self, received: DateTime<Utc>, days: u32, cal: &WorkCalendar) -> NaiveDate {
        let first = local_day(received);
        if self.working_days {
            cal.nth_working_day(first, days)
        } else {
            first + Duration::days(i64::from(days.max(1)) - 1)
        }
    }

    /// By when a case that leaves the village at `left` must reach the county.
    pub fn county_due(&self, left: DateTime<Utc>, cal: &WorkCalendar) -> DateTime<Utc> {
        day_start(self.last_day(left, self.escalate_days, cal) + Duration::days(1))
    }

    pub fn deadlines(&self, received: DateTime<Utc>, cal: &WorkCalendar) -> Deadlines {
        let end = |days| day_start(self.last_day(received, days, cal) + Duration::days(1));
        Deadlines {
            accept: end(self.accept_days),
            convene: end(self.convene_days),
            reply: end(self.reply_days),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        super::super::clock::TZ
            .with_ymd_and_hms(y, m, d, h, min, 0)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn scenario_one_monday_morning_intake() {
        // Mon 2026-11-23 08:47: accept today, convene by Tue, reply by the 7th working day (Tue 1 Dec).
        let dl =
            SlaPolicy::default().deadlines(beijing(2026, 11, 23, 8, 47), &WorkCalendar::builtin());
        assert_eq!(dl.accept, beijing(2026, 11, 24, 0, 0));
        assert_eq!(dl.convene, beijing(2026, 11, 25, 0, 0));
        assert_eq!(dl.reply, beijing(2026, 12, 2, 0, 0));
    }

    #[test]
    fn intake_late_at_night_counts_in_beijing_time() {
        // 23:30 Beijing on Friday is still Friday, though UTC says 15:30.
        let dl =
            SlaPolicy::default().deadlines(beijing(2026, 11, 27, 23, 30), &WorkCalendar::builtin());
        assert_eq!(dl.accept, beijing(2026, 11, 28, 0, 0));
        assert_eq!(
            dl.convene,
            beijing(2026, 12, 1, 0, 0),
            "Fri, then Mon 30 Nov"
        );
    }

    #[test]
    fn holidays_and_make_up_days_move_the_clocks() {
        // Sat 2026-09-26 is inside 中秋 (25–27 Sep); then Mon 28, Tue 29, Wed 30 work, then 国庆 to 7 Oct.
        let dl =
            SlaPolicy::default().deadlines(beijing(2026, 9, 26, 10, 0), &WorkCalendar::builtin());
        assert_eq!(dl.accept, beijing(2026, 9, 29, 0, 0));
        assert_eq!(dl.convene, beijing(2026, 9, 30, 0, 0));
        // 28, 29, 30 Sep, then 8, 9, 10 (make-up Saturday), 12 Oct.
        assert_eq!(dl.reply, beijing(2026, 10, 13, 0, 0));
    }

    #[test]
    fn clocks_read_due_today_overdue_and_met() {
        let received = beijing(2026, 11, 23, 8, 47);
        let d = SlaPolicy::default().deadlines(received, &WorkCalendar::builtin());
        let mut marks = ClockMarks::default();
        // Monday 10:00: accept is due today, the others run.
        let now = beijing(2026, 11, 23, 10, 0);
        assert_eq!(
            clocks(&d, &marks, None, now),
            [
                ClockState::DueToday,
                ClockState::Running,
                ClockState::Running
            ]
        );
        marks.accepted = Some(beijing(2026, 11, 23, 8, 52));
        // Wednesday: convene (due Tuesday) is overdue; accept was met.
        let wed = beijing(2026, 11, 25, 9, 0);
        assert_eq!(
            clocks(&d, &marks, None, wed)[..2],
            [ClockState::Met, ClockState::Overdue]
        );
        marks.convened = Some(beijing(2026, 11, 25, 10, 0));
        assert_eq!(clocks(&d, &marks, None, wed)[1], ClockState::MetLate);
        // 1 December is the reply's last day; an explanation that day stops the clock in time.
        let last = beijing(2026, 12, 1, 16, 0);
        assert_eq!(clocks(&d, &marks, None, last)[2], ClockState::DueToday);
        marks.explained = Some(last);
        assert_eq!(
            clocks(&d, &marks, None, beijing(2026, 12, 9, 9, 0))[2],
            ClockState::Met
        );
        assert!(ClockState::Overdue.urgency() < ClockState::DueToday.urgency());
    }

    #[test]
    fn a_case_leaving_the_village_must_reach_the_county_within_one_working_day() {
        let cal = WorkCalendar::builtin();
        let policy = SlaPolicy::default();
        // Leaves the village on Friday afternoon: Friday is its one working day.
        let fri = beijing(2026, 11, 27, 15, 0);
        assert_eq!(policy.county_due(fri, &cal), beijing(2026, 11, 28, 0, 0));
        // Leaves on Saturday: the clock runs to the end of Monday.
        let sat = beijing(2026, 11, 28, 10, 0);
        assert_eq!(policy.county_due(sat, &cal), beijing(2026, 12, 1, 0, 0));
        // Inside the 国庆 holiday: the first working day after it (Thu 8 Oct).
        let holiday = beijing(2026, 10, 3, 10, 0);
        assert_eq!(policy.county_due(holiday, &cal), beijing(2026, 10, 9, 0, 0));
        let mut marks = ClockMarks {
            county_due: Some(policy.county_due(sat, &cal)),
            ..Default::default()
        };
        let mon = beijing(2026, 11, 30, 9, 0);
        assert_eq!(
            marks.county_clock(None, mon).map(|(_, s)| s),
            Some(ClockState::DueToday)
        );
        assert_eq!(
            marks
                .county_clock(None, beijing(2026, 12, 1, 9, 0))
                .map(|(_, s)| s),
            Some(ClockState::Overdue)
        );
        marks.reached_county = Some(mon);
        assert_eq!(
            marks
                .county_clock(None, beijing(2026, 12, 3, 9, 0))
                .map(|(_, s)| s),
            Some(ClockState::Met)
        );
        assert_eq!(ClockMarks::default().county_clock(None, mon), None);
        // Settled at the township on Monday: it need not go on to the county.
        marks.reached_county = None;
        assert_eq!(
            marks
                .county_clock(Some(mon), beijing(2026, 12, 3, 9, 0))
                .map(|(_, s)| s),
            Some(ClockState::Met)
        );
    }

    #[test]
    fn calendar_days_when_the_policy_says_so() {
        let policy = SlaPolicy {
            working_days: false,
            ..Default::default()
        };
        let dl = policy.deadlines(beijing(2026, 11, 21, 9, 0), &WorkCalendar::builtin());
        assert_eq!(dl.accept, beijing(2026, 11, 22, 0, 0));
        assert_eq!(dl.reply, beijing(2026, 11, 28, 0, 0));
    }
}
