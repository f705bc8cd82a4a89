//! Working days: weekends, public holidays and make-up working days, read from data files.
//!
//! No crate carries trustworthy Chinese holiday data, so the calendar is data
//! (`data/calendar/*.toml`, one file a year); years without a file fall back to Monday–Friday.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearStatus {
    Official,
    /// Statutory days only; the year's official notice is not in yet.
    Provisional,
}

#[derive(Debug, Clone, Default)]
pub struct WorkCalendar {
    holidays: BTreeMap<NaiveDate, String>,
    make_up_workdays: BTreeSet<NaiveDate>,
    years: BTreeMap<i32, YearStatus>,
}

#[derive(Debug, thiserror::Error)]
pub enum CalendarError {
    #[error("calendar file {file}: {message}")]
    Parse { file: String, message: String },
    #[error("calendar file {file}: {day} is outside year {year}")]
    WrongYear {
        file: String,
        year: i32,
        day: NaiveDate,
    },
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFile {
    year: i32,
    status: String,
    #[serde(default)]
    holidays: Vec<HolidaySpan>,
    #[serde(default)]
    make_up_workdays: Vec<NaiveDate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HolidaySpan {
    name: String,
    from: NaiveDate,
    to: NaiveDate,
}

/// Every file in `data/calendar/`, listed by build.rs.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/calendar_files.rs"));

impl WorkCalendar {
    /// The calendar shipped with yidi.
    pub fn builtin() -> Self {
        let mut cal = Self::default();
        for (file, text) in BUILTIN {
            // The shipped files are checked by a test; a broken one must not stop the centre.
            if let Err(e) = cal.add_year_file(file, text) {
                tracing::error!("{e}");
            }
        }
        cal
    }

    /// Adds (or replaces) one year from the text of a calendar file.
    pub fn add_year_file(&mut self, file: &str, text: &str) -> Result<i32, CalendarError> {
        let parsed: YearFile = toml::from_str(text).map_err(|e| CalendarError::Parse {
            file: file.to_string(),
            message: e.to_string(),
        })?;
        let status = match parsed.status.as_str() {
            "official" => YearStatus::Official,
            "provisional" => YearStatus::Provisional,
            other => {
                return Err(CalendarError::Parse {
                    file: file.to_string(),
                    message: format!(
                        "status must be \"official\" or \"provisional\", not {other:?}"
                    ),
                });
            }
        };
        let year = parsed.year;
        let wrong = |day: NaiveDate| CalendarError::WrongYear {
            file: file.to_string(),
            year,
            day,
        };
        let mut holidays = BTreeMap::new();
        for span in &parsed.holidays {
            for day in span.from.iter_days().take_while(|d| *d <= span.to) {
                if day.year() != year {
                    return Err(wrong(day));
                }
                holidays.insert(day, span.name.clone());
            }
        }
        if let Some(day) = parsed.make_up_workdays.iter().find(|d| d.year() != year) {
            return Err(wrong(*day));
        }
        self.holidays.retain(|d, _| d.year() != year);
        self.make_up_workdays.retain(|d| d.year() != year);
        self.holidays.extend(holidays);
        self.make_up_workdays.extend(parsed.make_up_workdays);
        self.years.insert(year, status);
        Ok(year)
    }

    /// Whether the year has a file, and how firm it is; `None` means weekdays only.
    pub fn year_status(&self, year: i32) -> Option<YearStatus> {
        self.years.get(&year).copied()
    }

    pub fn holiday_name(&self, day: NaiveDate) -> Option<&str> {
        self.holidays.get(&day).map(String::as_str)
    }

    pub fn is_working_day(&self, day: NaiveDate) -> bool {
        if self.make_up_workdays.contains(&day) {
            return true;
        }
        if self.holidays.contains_key(&day) {
            return false;
        }
        !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The `n`-th working day counting `from` itself as the first when it is a working day
    /// (so "accept within 1 day" on a working day means today).
    pub fn nth_working_day(&self, from: NaiveDate, n: u32) -> NaiveDate {
        let mut count = 0;
        let mut day = from;
        loop {
            if self.is_working_day(day) {
                count += 1;
                if count >= n.max(1) {
                    return day;
                }
            }
            day = day.succ_opt().unwrap_or(day);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn shipped_files_all_load() {
        let mut cal = WorkCalendar::default();
        for (file, text) in BUILTIN {
            cal.add_year_file(file, text).unwrap();
        }
        assert_eq!(cal.year_status(2026), Some(YearStatus::Official));
        assert_eq!(cal.year_status(2027), Some(YearStatus::Provisional));
        assert_eq!(cal.year_status(2031), None);
    }

    #[test]
    fn national_day_week_and_its_make_up_saturday() {
        let cal = WorkCalendar::builtin();
        assert!(!cal.is_working_day(d(2026, 10, 5)), "a Monday inside 国庆");
        assert_eq!(cal.holiday_name(d(2026, 10, 1)), Some("国庆节"));
        assert!(
            cal.is_working_day(d(2026, 10, 10)),
            "Saturday 10 Oct is a make-up working day"
        );
        assert!(
            cal.is_working_day(d(2026, 9, 20)),
            "Sunday 20 Sep is a make-up working day"
        );
        assert!(!cal.is_working_day(d(2026, 11, 22)), "an ordinary Sunday");
        assert!(cal.is_working_day(d(2026, 11, 23)), "an ordinary Monday");
    }

    #[test]
    fn years_without_a_file_fall_back_to_weekdays() {
        let cal = WorkCalendar::builtin();
        assert!(
            cal.is_working_day(d(2030, 10, 1)),
            "a Tuesday with no calendar file"
        );
        assert!(!cal.is_working_day(d(2030, 10, 5)));
    }

    #[test]
    fn counting_starts_today_on_a_working_day_and_skips_the_rest() {
        let cal = WorkCalendar::builtin();
        // Friday 2026-09-18: 1st = Fri, 2nd = Sun 20 Sep (make-up), 3rd = Mon 21.
        assert_eq!(cal.nth_working_day(d(2026, 9, 18), 1), d(2026, 9, 18));
        assert_eq!(cal.nth_working_day(d(2026, 9, 18), 2), d(2026, 9, 20));
        // Wednesday 30 Sep: the 2nd working day is after the whole holiday week, Thu 8 Oct.
        assert_eq!(cal.nth_working_day(d(2026, 9, 30), 2), d(2026, 10, 8));
        // Saturday: the first working day is Monday.
        assert_eq!(cal.nth_working_day(d(2026, 11, 21), 1), d(2026, 11, 23));
    }

    #[test]
    fn a_broken_file_names_itself_and_the_line() {
        let mut cal = WorkCalendar::default();
        let err = cal.add_year_file("my.toml", "year = 2028\nstatus = \"official\"\nholidays = [ { name = \"x\", from = \"2028-13-01\", to = \"2028-13-01\" } ]\n").unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("my.toml") && msg.contains("line 3"), "{msg}");
        let err = cal
            .add_year_file(
                "y.toml",
                "year = 2028\nstatus = \"official\"\nmake_up_workdays = [\"2029-01-01\"]\n",
            )
            .unwrap_err();
        assert!(matches!(err, CalendarError::WrongYear { .. }));
    }
}
