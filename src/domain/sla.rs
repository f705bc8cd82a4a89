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
    pub working_days: bool,
}

impl Default for SlaPolicy {
    fn default() -> Self {
        Self {
            accept_days: 1,
            convene_days: 2,
            reply_days: 7,
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
