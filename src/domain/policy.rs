//! The county's one policy for every console: deadlines' days, the summons grace, the
//! unclaimed-reservation minutes, follow-up days and calendar years, each value
//! range-checked with its key named.

use super::calendar::{WorkCalendar, YearStatus};
use super::follow_up::FollowUpPolicy;
use super::sla::SlaPolicy;
use super::validation::Lang;
use std::collections::BTreeMap;

/// The policy in force: the stored values laid over the defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct Policy {
    pub sla: SlaPolicy,
    /// Minutes a summons may be late before it escalates to the duty leader.
    pub grace_min: u16,
    /// Minutes after its start an unclaimed reservation is released.
    pub unclaimed_min: u16,
    pub follow_up: FollowUpPolicy,
    /// Calendar years set by the administrator (`calendar.2027` → the year file's text),
    /// laid over the shipped ones.
    pub calendar_years: BTreeMap<i32, String>,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            sla: SlaPolicy::default(),
            grace_min: 5,
            unclaimed_min: super::allocation::DEFAULT_UNCLAIMED_MIN as u16,
            follow_up: FollowUpPolicy::default(),
            calendar_years: BTreeMap::new(),
        }
    }
}

/// A policy value refused, with its key and what was wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("policy {key}: {problem}")]
pub struct PolicyError {
    pub key: String,
    pub problem: Problem,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("no such setting; known: {}", KEYS.iter().map(|k| k.name).collect::<Vec<_>>().join(", "))]
    UnknownKey,
    #[error("must be a whole number from {min} to {max}, not {given:?}")]
    OutOfRange { min: u32, max: u32, given: String },
    #[error("must be true or false, not {given:?}")]
    NotYesNo { given: String },
    #[error("{0}")]
    Calendar(String),
}

impl PolicyError {
    fn new(key: &str, problem: Problem) -> Self {
        Self {
            key: key.to_string(),
            problem,
        }
    }

    /// One sentence in the operator's language, naming the setting.
    pub fn message(&self, lang: Lang) -> String {
        let loc = lang.locale();
        let what = match &self.problem {
            Problem::UnknownKey => rust_i18n::t!("policy.unknown", locale = loc).into_owned(),
            Problem::OutOfRange { min, max, given } => rust_i18n::t!(
                "policy.range",
                locale = loc,
                min = min,
                max = max,
                given = given
            )
            .into_owned(),
            Problem::NotYesNo { given } => {
                rust_i18n::t!("policy.yes_no", locale = loc, given = given).into_owned()
            }
            Problem::Calendar(text) => text.clone(),
        };
        format!("{} {}", key_label(&self.key, lang), what)
    }
}

/// One setting: its key, its range (whole numbers) and where it lives in `Policy`.
struct Key {
    name: &'static str,
    min: u32,
    max: u32,
    get: fn(&Policy) -> u32,
    set: fn(&mut Policy, u32),
}

const KEYS: &[Key] = &[
    Key {
        name: "sla.accept_days",
        min: 1,
        max: 30,
        get: |p| p.sla.accept_days,
        set: |p, v| p.sla.accept_days = v,
    },
    Key {
        name: "sla.convene_days",
        min: 1,
        max: 60,
        get: |p| p.sla.convene_days,
        set: |p, v| p.sla.convene_days = v,
    },
    Key {
        name: "sla.reply_days",
        min: 1,
        max: 365,
        get: |p| p.sla.reply_days,
        set: |p, v| p.sla.reply_days = v,
    },
    Key {
        name: "sla.escalate_days",
        min: 1,
        max: 30,
        get: |p| p.sla.escalate_days,
        set: |p, v| p.sla.escalate_days = v,
    },
    Key {
        name: "sla.working_days",
        min: 0,
        max: 1,
        get: |p| u32::from(p.sla.working_days),
        set: |p, v| p.sla.working_days = v == 1,
    },
    Key {
        name: "summons.grace_min",
        min: 0,
        max: 240,
        get: |p| p.grace_min.into(),
        set: |p, v| p.grace_min = v as u16,
    },
    Key {
        name: "rooms.unclaimed_min",
        min: 1,
        max: 240,
        get: |p| p.unclaimed_min.into(),
        set: |p, v| p.unclaimed_min = v as u16,
    },
    Key {
        name: "follow_up.due_working_days",
        min: 1,
        max: 60,
        get: |p| p.follow_up.due_working_days,
        set: |p, v| p.follow_up.due_working_days = v,
    },
    Key {
        name: "follow_up.max_tries",
        min: 1,
        max: 20,
        get: |p| p.follow_up.max_tries,
        set: |p, v| p.follow_up.max_tries = v,
    },
    Key {
        name: "follow_up.individual_days",
        min: 1,
        max: 365,
        get: |p| p.follow_up.individual_days,
        set: |p, v| p.follow_up.individual_days = v,
    },
    Key {
        name: "follow_up.common_days",
        min: 1,
        max: 365,
        get: |p| p.follow_up.common_days,
        set: |p, v| p.follow_up.common_days = v,
    },
    Key {
        name: "follow_up.root_days",
        min: 1,
        max: 365,
        get: |p| p.follow_up.root_days,
        set: |p, v| p.follow_up.root_days = v,
    },
];

/// Years a calendar may be set for.
const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// The setting's name in the operator's language, with its key.
pub fn key_label(key: &str, lang: Lang) -> String {
    let id = format!(
        "policy.key.{}",
        key.split('.').take(2).collect::<Vec<_>>().join("_")
    );
    let label = rust_i18n::t!(&id, locale = lang.locale()).into_owned();
    if label == id || label.ends_with(&id) {
        key.to_string()
    } else {
        format!("{label} ({key})")
    }
}

impl Policy {
    /// Checks and applies one stored or typed value. The value is left as it was when
    /// refused.
    pub fn apply(&mut self, key: &str, value: &str) -> Result<(), PolicyError> {
        if let Some(year) = key.strip_prefix("calendar.") {
            let year: i32 = year
                .parse()
                .ok()
                .filter(|y| YEARS.contains(y))
                .ok_or_else(|| {
                    PolicyError::new(
                        key,
                        Problem::OutOfRange {
                            min: *YEARS.start() as u32,
                            max: *YEARS.end() as u32,
                            given: year.to_string(),
                        },
                    )
                })?;
            let mut check = WorkCalendar::default();
            let file = format!("calendar.{year}");
            let read = check
                .add_year_file(&file, value)
                .map_err(|e| PolicyError::new(key, Problem::Calendar(e.to_string())))?;
            if read != year {
                return Err(PolicyError::new(
                    key,
                    Problem::Calendar(format!("the file is for {read}, not {year}")),
                ));
            }
            self.calendar_years.insert(year, value.to_string());
            return Ok(());
        }
        let k = KEYS
            .iter()
            .find(|k| k.name == key)
            .ok_or_else(|| PolicyError::new(key, Problem::UnknownKey))?;
        let v = value.trim();
        let n = if k.max == 1 && k.min == 0 {
            match v {
                "true" | "yes" | "1" | "是" => 1,
                "false" | "no" | "0" | "否" => 0,
                _ => {
                    return Err(PolicyError::new(
                        key,
                        Problem::NotYesNo {
                            given: v.to_string(),
                        },
                    ));
                }
            }
        } else {
            v.parse::<u32>()
                .ok()
                .filter(|n| (k.min..=k.max).contains(n))
                .ok_or_else(|| {
                    PolicyError::new(
                        key,
                        Problem::OutOfRange {
                            min: k.min,
                            max: k.max,
                            given: v.to_string(),
                        },
                    )
                })?
        };
        (k.set)(self, n);
        Ok(())
    }

    /// The policy from stored rows. A stored value that no longer passes (a range narrowed
    /// by a newer yidi) keeps the default and is reported, never fatal.
    pub fn from_rows(rows: &[(String, String)]) -> (Policy, Vec<PolicyError>) {
        let mut policy = Policy::default();
        let problems = rows
            .iter()
            .filter_map(|(k, v)| policy.apply(k, v).err())
            .collect();
        (policy, problems)
    }

    /// Every setting with its value, for `yidi policy show`: (key, value, range or note).
    pub fn settings(&self) -> Vec<(String, String, String)> {
        let mut out: Vec<_> = KEYS
            .iter()
            .map(|k| {
                let v = (k.get)(self);
                if k.max == 1 && k.min == 0 {
                    (
                        k.name.to_string(),
                        (v == 1).to_string(),
                        "true/false".into(),
                    )
                } else {
                    (
                        k.name.to_string(),
                        v.to_string(),
                        format!("{}–{}", k.min, k.max),
                    )
                }
            })
            .collect();
        for (year, text) in &self.calendar_years {
            let status = if text.contains("provisional") {
                "provisional"
            } else {
                "official"
            };
            out.push((
                format!("calendar.{year}"),
                status.into(),
                "year file".into(),
            ));
        }
        out
    }

    /// The working-day calendar: the shipped years with the policy's years laid over them.
    pub fn calendar(&self) -> WorkCalendar {
        let mut cal = WorkCalendar::builtin();
        for (year, text) in &self.calendar_years {
            // Checked when set; a file that stopped parsing keeps the shipped year.
            if let Err(e) = cal.add_year_file(&format!("calendar.{year}"), text) {
                tracing::error!("{e}");
            }
        }
        cal
    }
}

/// What a console says about a deadline's year: nothing for an official year, else a
/// warning that the day may move.
pub fn year_warning(status: Option<YearStatus>, year: i32, lang: Lang) -> Option<String> {
    let key = match status {
        Some(YearStatus::Official) => return None,
        Some(YearStatus::Provisional) => "policy.year_provisional",
        None => "policy.year_missing",
    };
    Some(rust_i18n::t!(key, locale = lang.locale(), year = year).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_out_of_range_are_refused_with_the_key_named() {
        let mut p = Policy::default();
        let e = p.apply("sla.reply_days", "4000000000").unwrap_err();
        assert_eq!(e.key, "sla.reply_days");
        assert!(
            e.message(Lang::En).contains("1 to 365"),
            "{}",
            e.message(Lang::En)
        );
        assert!(
            e.message(Lang::Zh).contains("答复"),
            "{}",
            e.message(Lang::Zh)
        );
        assert_eq!(p.sla.reply_days, 7, "a refused value changes nothing");
        assert!(p.apply("sla.reply_days", "0").is_err());
        p.apply("sla.reply_days", " 10 ").unwrap();
        assert_eq!(p.sla.reply_days, 10);
        assert!(matches!(
            p.apply("sla.working_days", "maybe").unwrap_err().problem,
            Problem::NotYesNo { .. }
        ));
        p.apply("sla.working_days", "false").unwrap();
        assert!(!p.sla.working_days);
        assert!(matches!(
            p.apply("sla.reply", "7").unwrap_err().problem,
            Problem::UnknownKey
        ));
    }

    #[test]
    fn a_calendar_year_must_parse_and_match_its_key() {
        let mut p = Policy::default();
        let file = "year = 2028\nstatus = \"official\"\nholidays = [ { name = \"元旦\", from = \"2028-01-01\", to = \"2028-01-03\" } ]\n";
        assert!(p.apply("calendar.2029", file).is_err());
        assert!(p.apply("calendar.2028", "year = ").is_err());
        p.apply("calendar.2028", file).unwrap();
        let cal = p.calendar();
        assert_eq!(cal.year_status(2028), Some(YearStatus::Official));
        // 2028-01-03 is a Monday made a holiday by the file.
        assert!(!cal.is_working_day(chrono::NaiveDate::from_ymd_opt(2028, 1, 3).unwrap()));
    }

    #[test]
    fn stored_rows_that_fail_keep_the_default_and_are_reported() {
        let rows = vec![
            ("summons.grace_min".to_string(), "10".to_string()),
            ("rooms.unclaimed_min".to_string(), "100000".to_string()),
        ];
        let (p, problems) = Policy::from_rows(&rows);
        assert_eq!(p.grace_min, 10);
        assert_eq!(p.unclaimed_min, Policy::default().unclaimed_min);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].key, "rooms.unclaimed_min");
    }

    #[test]
    fn an_unofficial_year_is_said() {
        assert_eq!(
            year_warning(Some(YearStatus::Official), 2026, Lang::Zh),
            None
        );
        let w = year_warning(Some(YearStatus::Provisional), 2027, Lang::Zh).unwrap();
        assert!(w.contains("2027") && w.contains("暂定"), "{w}");
        let w = year_warning(None, 2029, Lang::En).unwrap();
        assert!(w.contains("2029"), "{w}");
    }
}
