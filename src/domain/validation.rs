//! Validation errors that name the field and say what is wrong, in the operator's language.

use std::fmt;

/// The operator's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn locale(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.to_ascii_lowercase().as_str() {
            "zh" | "zh-cn" | "zh_cn" | "cn" => Some(Lang::Zh),
            "en" | "en-us" | "en_us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }
}

/// A field an operator fills in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Field {
    ResidentId,
    Phone,
    Name,
    Category,
    Description,
    GroupPersons,
    GroupBatches,
    Parties,
    ArrivalWindow,
    Capacity,
    Satisfaction,
    ArrivalTime,
    Reason,
    Login,
    Password,
    CourtCaseNo,
    /// The closing summary (办结说明).
    Summary,
}

impl Field {
    pub fn key(self) -> &'static str {
        match self {
            Field::ResidentId => "resident_id",
            Field::Phone => "phone",
            Field::Name => "name",
            Field::Category => "category",
            Field::Description => "description",
            Field::GroupPersons => "group_persons",
            Field::GroupBatches => "group_batches",
            Field::Parties => "parties",
            Field::ArrivalWindow => "arrival_window",
            Field::Capacity => "capacity",
            Field::Satisfaction => "satisfaction",
            Field::ArrivalTime => "arrival_time",
            Field::Reason => "reason",
            Field::Login => "login",
            Field::Password => "password",
            Field::CourtCaseNo => "court_case_no",
            Field::Summary => "summary",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        rust_i18n::t!(format!("field.{}", self.key()), locale = lang.locale()).into_owned()
    }
}

/// What is wrong with a field's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Empty,
    /// Wrong number of characters: expected, got.
    Length {
        expected: usize,
        got: usize,
    },
    /// A character that does not belong at this position (1-based).
    BadCharacter {
        position: usize,
    },
    UnknownRegion,
    BadBirthDate,
    /// A birth date after today.
    BornInFuture,
    /// A 15-digit first-generation number, no longer valid.
    FirstGeneration,
    /// The check character does not match: expected, got.
    CheckDigit {
        expected: char,
        got: char,
    },
    NotAPhoneNumber,
    /// A number outside an allowed range: min, max, got.
    OutOfRange {
        min: i64,
        max: i64,
        got: i64,
    },
    TooLong {
        max: usize,
    },
    NoApplicant,
    /// Fewer characters than the least allowed.
    TooShort {
        min: usize,
    },
    /// Not a time of day (HH:MM).
    NotATime,
    /// Not a court case number (（2026）示0101民诉前调1234号).
    NotACourtCaseNo,
    /// A time outside the span it must fall in (local HH:MM).
    TimeOutside {
        from: String,
        to: String,
    },
}

/// A rejected value: which field, and what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ValidationError {
    pub field: Field,
    pub problem: Problem,
}

impl ValidationError {
    pub fn new(field: Field, problem: Problem) -> Self {
        Self { field, problem }
    }

    /// One sentence for the operator, naming the field.
    pub fn message(&self, lang: Lang) -> String {
        self.problem.sentence(&self.field.label(lang), lang)
    }
}

impl Problem {
    /// One sentence naming the field by `label` (already in `lang`): `人次：应在 1 到 100 之间，现为 0`.
    pub fn sentence(&self, label: &str, lang: Lang) -> String {
        let loc = lang.locale();
        let what = self.words(lang);
        rust_i18n::t!("problem.sentence", locale = loc, field = label, what = what).into_owned()
    }

    /// What is wrong, in `lang`, without the field's name.
    pub fn words(&self, lang: Lang) -> String {
        let loc = lang.locale();
        let what = match self {
            Problem::Empty => rust_i18n::t!("problem.empty", locale = loc),
            Problem::Length { expected, got } => {
                rust_i18n::t!(
                    "problem.length",
                    locale = loc,
                    expected = expected,
                    got = got
                )
            }
            Problem::BadCharacter { position } => {
                rust_i18n::t!("problem.bad_character", locale = loc, position = position)
            }
            Problem::UnknownRegion => rust_i18n::t!("problem.unknown_region", locale = loc),
            Problem::BadBirthDate => rust_i18n::t!("problem.bad_birth_date", locale = loc),
            Problem::BornInFuture => rust_i18n::t!("trust.born_in_future", locale = loc),
            Problem::FirstGeneration => rust_i18n::t!("trust.first_generation", locale = loc),
            // Never the character that would pass: "fixing" the check digit to it would
            // hide the mistyped digit elsewhere.
            Problem::CheckDigit { .. } => rust_i18n::t!("trust.check_digit", locale = loc),
            Problem::NotAPhoneNumber => rust_i18n::t!("problem.not_a_phone", locale = loc),
            Problem::OutOfRange { min, max, got } => {
                rust_i18n::t!(
                    "problem.out_of_range",
                    locale = loc,
                    min = min,
                    max = max,
                    got = got
                )
            }
            Problem::TooLong { max } => rust_i18n::t!("problem.too_long", locale = loc, max = max),
            Problem::NoApplicant => rust_i18n::t!("problem.no_applicant", locale = loc),
            Problem::NotATime => rust_i18n::t!("problem.not_a_time", locale = loc),
            Problem::NotACourtCaseNo => rust_i18n::t!("problem.not_a_court_case_no", locale = loc),
            Problem::TooShort { min } => {
                rust_i18n::t!("problem.too_short", locale = loc, min = min)
            }
            Problem::TimeOutside { from, to } => {
                rust_i18n::t!("problem.time_outside", locale = loc, from = from, to = to)
            }
        };
        what.into_owned()
    }
}

impl fmt::Display for ValidationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}
