//! The figures (统计) a supervisor judges a centre by, and the monthly reverse ranking (逆排名):
//! each figure's numerator and denominator, the settings where the source articles differ, the
//! rounding, and the ranking's weighted score. Pure: the store supplies the counts.

use super::case::CaseState;
use super::clock::local_day;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use serde::Deserialize;

pub use super::ranking::{
    DepartmentParts, Ranked, RankingWeights, TownshipParts, rank_departments, rank_townships,
};

/// What 现场化解率 divides by. 甘州区's 45 % is 1,510 solved on site ÷ 3,354 *batches* (批次);
/// by persons (人次) the same work reads 13 %.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnSiteBase {
    #[default]
    Batches,
    Persons,
    Cases,
}

impl OnSiteBase {
    pub fn as_str(self) -> &'static str {
        match self {
            OnSiteBase::Batches => "batches",
            OnSiteBase::Persons => "persons",
            OnSiteBase::Cases => "cases",
        }
    }
}

/// `[figures]` in the config file: the choices the articles make differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FigureSettings {
    /// The denominator of 现场化解率.
    pub on_site_base: OnSiteBase,
    /// Count a case referred to the court's fast track (速裁) as resolved, as 南昌县's 87.4 %
    /// does (1,436 速裁 judgments among its 6,669 resolved).
    pub fast_track_resolved: bool,
}

impl Default for FigureSettings {
    fn default() -> Self {
        Self {
            on_site_base: OnSiteBase::Batches,
            fast_track_resolved: false,
        }
    }
}

/// Which stretch of days the figures cover.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PeriodKind {
    Today,
    Week,
    Month,
    Range,
}

impl PeriodKind {
    pub const ALL: [PeriodKind; 4] = [
        PeriodKind::Today,
        PeriodKind::Week,
        PeriodKind::Month,
        PeriodKind::Range,
    ];

    pub fn key(self) -> &'static str {
        match self {
            PeriodKind::Today => "today",
            PeriodKind::Week => "week",
            PeriodKind::Month => "month",
            PeriodKind::Range => "range",
        }
    }
}

/// Beijing days `from..=to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Period {
    pub kind: PeriodKind,
    pub from: NaiveDate,
    pub to: NaiveDate,
}

/// A period with its end before its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the period ends ({to}) before it starts ({from})")]
pub struct ReversedPeriod {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    /// Today, this week (from Monday) or this month (from the 1st), up to today.
    pub fn current(kind: PeriodKind, now: DateTime<Utc>) -> Period {
        let today = local_day(now);
        let from = match kind {
            PeriodKind::Today | PeriodKind::Range => today,
            PeriodKind::Week => {
                today - Duration::days(today.weekday().num_days_from_monday() as i64)
            }
            PeriodKind::Month => today.with_day(1).unwrap_or(today),
        };
        Period {
            kind,
            from,
            to: today,
        }
    }

    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period, ReversedPeriod> {
        if to < from {
            return Err(ReversedPeriod { from, to });
        }
        Ok(Period {
            kind: PeriodKind::Range,
            from,
            to,
        })
    }

    /// The whole calendar month holding `day` (the ranking's period).
    pub fn month_of(day: NaiveDate) -> Period {
        let from = day.with_day(1).unwrap_or(day);
        let next = if from.month() == 12 {
            NaiveDate::from_ymd_opt(from.year() + 1, 1, 1)
        } else {
            NaiveDate::from_ymd_opt(from.year(), from.month() + 1, 1)
        };
        let to = next.map_or(day, |n| n - Duration::days(1));
        Period {
            kind: PeriodKind::Month,
            from,
            to,
        }
    }

    /// The month before the one holding `day`.
    pub fn previous_month(day: NaiveDate) -> Period {
        let first = day.with_day(1).unwrap_or(day);
        Period::month_of(first - Duration::days(1))
    }

    pub fn days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The instants `[start, end)` of the period (Beijing midnights).
    pub fn bounds(&self) -> (DateTime<Utc>, DateTime<Utc>) {
        use super::clock::day_start;
        (day_start(self.from), day_start(self.to + Duration::days(1)))
    }
}

/// A count over a count; the value is a percentage rounded half away from zero to one decimal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Rate {
    pub numerator: i64,
    pub denominator: i64,
}

impl Rate {
    pub fn new(numerator: i64, denominator: i64) -> Self {
        Self {
            numerator,
            denominator,
        }
    }

    /// Tenths of a percent, rounded half away from zero; `None` for an empty denominator.
    pub fn permille(self) -> Option<i64> {
        if self.denominator <= 0 {
            return None;
        }
        let scaled = self.numerator * 2000 / self.denominator;
        Some((scaled + scaled.signum()) / 2)
    }

    /// `87.4 %`, or `—` when nothing was counted.
    pub fn percent_text(self) -> String {
        match self.permille() {
            Some(p) => format!("{}.{} %", p / 10, p % 10),
            None => "—".to_string(),
        }
    }
}

/// The middle of the values (the mean of the two middle ones for an even count).
pub fn median(values: &mut [i64]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] + values[n / 2]) as f64 / 2.0
    })
}

/// The 90th percentile by nearest rank: the smallest value at or above 90 % of the values.
pub fn p90(values: &mut [i64]) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let rank = (values.len() * 9).div_ceil(10);
    Some(values[rank.max(1) - 1])
}

/// What the store counts for a period; each figure is made of these.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    /// Cases received in the period (every channel), their batches (批次) and persons (人次).
    pub cases: i64,
    pub batches: i64,
    pub persons: i64,
    /// Immediate (即办) cases received in the period and settled as resolved.
    pub solved_on_site: i64,
    /// Received in the period and settled as resolved (mediated, agreed or solved).
    pub resolved: i64,
    /// Received in the period whose mediation ended: resolved or failed.
    pub mediation_concluded: i64,
    pub confirmation_asked: i64,
    pub confirmation_granted: i64,
    /// Referred to the court: fast track (速裁) and priority filing (优先立案).
    pub fast_track: i64,
    pub priority_filing: i64,
    /// "127" clocks met late or overdue now: accept, convene (joint cases), reply.
    pub breach_accept: i64,
    pub breach_convene: i64,
    pub breach_reply: i64,
    /// Summonses whistled in the period: on time; late (incl. re-whistled or cancelled late).
    pub summons_on_time: i64,
    pub summons_late: i64,
    /// Minutes from whistle to arrival, over arrivals in the period.
    pub median_arrival_min: Option<f64>,
    /// Minutes from ticket to first call, over tickets of the period already called.
    pub mean_wait_min: Option<f64>,
    pub p90_wait_min: Option<i64>,
    /// Received in the period and linked as a repeat of an earlier case.
    pub repeats: i64,
    /// Closed in the period, and of those with at least one follow-up row.
    pub closed: i64,
    pub closed_followed_up: i64,
    /// Follow-ups recorded in the period, and those 满意 (5) or 基本满意 (4).
    pub follow_ups: i64,
    pub satisfied: i64,
}

/// One figure as it is shown and exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FigureKey {
    Received,
    SolvedOnSite,
    Resolved,
    ResolutionRate,
    OnSiteRate,
    MediationSuccess,
    Confirmation,
    Litigation,
    Breaches,
    SummonsOnTime,
    MedianArrival,
    Wait,
    RepeatRate,
    FollowUpCoverage,
    Satisfaction,
}

impl FigureKey {
    pub const ALL: [FigureKey; 15] = [
        FigureKey::Received,
        FigureKey::SolvedOnSite,
        FigureKey::Resolved,
        FigureKey::ResolutionRate,
        FigureKey::OnSiteRate,
        FigureKey::MediationSuccess,
        FigureKey::Confirmation,
        FigureKey::Litigation,
        FigureKey::Breaches,
        FigureKey::SummonsOnTime,
        FigureKey::MedianArrival,
        FigureKey::Wait,
        FigureKey::RepeatRate,
        FigureKey::FollowUpCoverage,
        FigureKey::Satisfaction,
    ];

    /// The locale key stem: `figures.name.<key>` and `figures.def.<key>`.
    pub fn key(self) -> &'static str {
        match self {
            FigureKey::Received => "received",
            FigureKey::SolvedOnSite => "solved_on_site",
            FigureKey::Resolved => "resolved",
            FigureKey::ResolutionRate => "resolution_rate",
            FigureKey::OnSiteRate => "on_site_rate",
            FigureKey::MediationSuccess => "mediation_success",
            FigureKey::Confirmation => "confirmation",
            FigureKey::Litigation => "litigation",
            FigureKey::Breaches => "breaches",
            FigureKey::SummonsOnTime => "summons_on_time",
            FigureKey::MedianArrival => "median_arrival",
            FigureKey::Wait => "wait",
            FigureKey::RepeatRate => "repeat_rate",
            FigureKey::FollowUpCoverage => "follow_up_coverage",
            FigureKey::Satisfaction => "satisfaction",
        }
    }
}

/// A figure's value: a rate with its parts, plain counts, or minutes.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Rate(Rate),
    /// Named counts, e.g. received: cases, batches, persons.
    Counts(Vec<(&'static str, i64)>),
    /// Minutes, e.g. median arrival; `None` when nothing was measured.
    Minutes(Vec<(&'static str, Option<f64>)>),
}

/// A figure with its value and, where the articles differ, the setting in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub key: FigureKey,
    pub value: Value,
    /// Locale key of the setting shown beside the figure (`figures.setting.…`).
    pub setting: Option<&'static str>,
}

/// Cases counted as resolved under the settings.
pub fn resolved(c: &Counts, s: &FigureSettings) -> i64 {
    c.resolved
        + if s.fast_track_resolved {
            c.fast_track
        } else {
            0
        }
}

/// Every figure of a period, in the order shown.
pub fn figures(c: &Counts, s: &FigureSettings) -> Vec<Figure> {
    let resolved = resolved(c, s);
    let on_site_base = match s.on_site_base {
        OnSiteBase::Batches => c.batches,
        OnSiteBase::Persons => c.persons,
        OnSiteBase::Cases => c.cases,
    };
    let fast_track_setting = if s.fast_track_resolved {
        "figures.setting.fast_track_in"
    } else {
        "figures.setting.fast_track_out"
    };
    let on_site_setting = match s.on_site_base {
        OnSiteBase::Batches => "figures.setting.by_batches",
        OnSiteBase::Persons => "figures.setting.by_persons",
        OnSiteBase::Cases => "figures.setting.by_cases",
    };
    let fig = |key, value, setting| Figure {
        key,
        value,
        setting,
    };
    vec![
        fig(
            FigureKey::Received,
            Value::Counts(vec![
                ("cases", c.cases),
                ("batches", c.batches),
                ("persons", c.persons),
            ]),
            None,
        ),
        fig(
            FigureKey::SolvedOnSite,
            Value::Counts(vec![("cases", c.solved_on_site)]),
            None,
        ),
        fig(
            FigureKey::Resolved,
            Value::Counts(vec![("cases", resolved)]),
            Some(fast_track_setting),
        ),
        fig(
            FigureKey::ResolutionRate,
            Value::Rate(Rate::new(resolved, c.cases)),
            Some(fast_track_setting),
        ),
        fig(
            FigureKey::OnSiteRate,
            Value::Rate(Rate::new(c.solved_on_site, on_site_base)),
            Some(on_site_setting),
        ),
        fig(
            FigureKey::MediationSuccess,
            Value::Rate(Rate::new(c.resolved, c.mediation_concluded)),
            None,
        ),
        fig(
            FigureKey::Confirmation,
            Value::Counts(vec![
                ("asked", c.confirmation_asked),
                ("granted", c.confirmation_granted),
            ]),
            None,
        ),
        fig(
            FigureKey::Litigation,
            Value::Counts(vec![
                ("fast_track", c.fast_track),
                ("priority_filing", c.priority_filing),
            ]),
            None,
        ),
        fig(
            FigureKey::Breaches,
            Value::Counts(vec![
                ("accept", c.breach_accept),
                ("convene", c.breach_convene),
                ("reply", c.breach_reply),
            ]),
            None,
        ),
        fig(
            FigureKey::SummonsOnTime,
            Value::Rate(Rate::new(
                c.summons_on_time,
                c.summons_on_time + c.summons_late,
            )),
            None,
        ),
        fig(
            FigureKey::MedianArrival,
            Value::Minutes(vec![("median", c.median_arrival_min)]),
            None,
        ),
        fig(
            FigureKey::Wait,
            Value::Minutes(vec![
                ("mean", c.mean_wait_min),
                ("p90", c.p90_wait_min.map(|m| m as f64)),
            ]),
            None,
        ),
        fig(
            FigureKey::RepeatRate,
            Value::Rate(Rate::new(c.repeats, c.cases)),
            None,
        ),
        fig(
            FigureKey::FollowUpCoverage,
            Value::Rate(Rate::new(c.closed_followed_up, c.closed)),
            None,
        ),
        fig(
            FigureKey::Satisfaction,
            Value::Rate(Rate::new(c.satisfied, c.follow_ups)),
            None,
        ),
    ]
}

/// One row of a breakdown (by category or by township).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BreakdownRow {
    /// The category or township; `None`: not known (an address without a township).
    pub key: Option<String>,
    pub cases: i64,
    pub batches: i64,
    pub persons: i64,
    pub solved_on_site: i64,
    pub resolved: i64,
    pub fast_track: i64,
}

impl BreakdownRow {
    pub fn resolution(&self, s: &FigureSettings) -> Rate {
        let resolved = self.resolved
            + if s.fast_track_resolved {
                self.fast_track
            } else {
                0
            };
        Rate::new(resolved, self.cases)
    }
}

/// The township of an address: up to the first 街道, 镇 or 乡 within its first nine
/// characters (the same rule as the schema's backfill). `柳林乡河坝村3组` → `柳林乡`.
pub fn township_of(address: &str) -> Option<String> {
    let chars: Vec<char> = address.trim().chars().collect();
    let find = |needle: &[char]| (0..chars.len()).find(|&i| chars[i..].starts_with(needle));
    // Positions are 1-based in the SQL (instr/strpos BETWEEN 2 AND 9).
    for needle in [&['街', '道'][..], &['镇'][..], &['乡'][..]] {
        if let Some(i) = find(needle)
            && (1..=8).contains(&i)
        {
            return Some(chars[..i + needle.len()].iter().collect());
        }
    }
    None
}

/// How a stored case was settled, for a case imported already closed: its own state if it is
/// a settled one, else what its court link and marks say.
pub fn settled_as(
    state: CaseState,
    agreement: bool,
    litigation: bool,
    explained: bool,
) -> Option<CaseState> {
    use CaseState as S;
    match state {
        S::Resolved | S::Failed | S::Referred | S::Explained | S::Withdrawn => Some(state),
        S::Closed | S::FollowedUp if agreement => Some(S::Resolved),
        S::Closed | S::FollowedUp if litigation => Some(S::Referred),
        S::Closed | S::FollowedUp if explained => Some(S::Explained),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
