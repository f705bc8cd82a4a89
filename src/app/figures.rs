//! The figures tab (统计, Ctrl-Y): which period and page it shows, what was loaded, and what
//! its keys do to `State`. Pure: the loading and the export run in `figures_tasks`.

use super::action::Command;
use super::keymap::{Command as K, Context};
use super::state::{Notice, State, Tab};
use crate::domain::clock::local_day;
use crate::domain::figures::{FigureSettings, Period, PeriodKind, RankingWeights};
use crate::store::{PeriodFigures, Ranking};
use chrono::{DateTime, Utc};

/// The periods offered, in ← → order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Choice {
    Today,
    Week,
    #[default]
    Month,
    LastMonth,
}

impl Choice {
    const ALL: [Choice; 4] = [
        Choice::Today,
        Choice::Week,
        Choice::Month,
        Choice::LastMonth,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Choice::Today => "figures.period.today",
            Choice::Week => "figures.period.week",
            Choice::Month => "figures.period.month",
            Choice::LastMonth => "figures.period.last_month",
        }
    }

    /// The figures' period and the ranking's month.
    pub fn periods(self, now: DateTime<Utc>) -> (Period, Period) {
        let today = local_day(now);
        match self {
            Choice::Today => (
                Period::current(PeriodKind::Today, now),
                Period::month_of(today),
            ),
            Choice::Week => (
                Period::current(PeriodKind::Week, now),
                Period::month_of(today),
            ),
            Choice::Month => (
                Period::current(PeriodKind::Month, now),
                Period::month_of(today),
            ),
            Choice::LastMonth => {
                let last = Period::previous_month(today);
                (last, last)
            }
        }
    }

    fn step(self, forward: bool) -> Choice {
        let i = Self::ALL.iter().position(|c| *c == self).unwrap_or(0);
        let n = Self::ALL.len();
        Self::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Page {
    #[default]
    Figures,
    Ranking,
}

/// What the figures tab holds.
#[derive(Debug, Clone, Default)]
pub struct FiguresState {
    pub choice: Choice,
    pub page: Page,
    pub figures: Option<PeriodFigures>,
    pub ranking: Option<Ranking>,
    /// A load is under way (the view says so and keeps what it had).
    pub loading: bool,
    /// From `[figures]` and `[ranking]` in the config file.
    pub settings: FigureSettings,
    pub weights: RankingWeights,
}

/// What a load brings back.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub choice: Choice,
    pub figures: PeriodFigures,
    pub ranking: Ranking,
}

fn load(state: &mut State) -> Vec<Command> {
    let (period, month) = state.figures.choice.periods(state.now);
    state.figures.loading = true;
    state.dirty = true;
    vec![Command::LoadFigures {
        period,
        month,
        weights: state.figures.weights,
    }]
}

/// The figures tab's commands; `None` when the key is not its business.
pub(super) fn on_command(state: &mut State, context: Context, command: K) -> Option<Vec<Command>> {
    let cmds = match (context, command) {
        (_, K::ShowFigures) => {
            state.tab = Tab::Figures;
            load(state)
        }
        (Context::Figures, K::Prev | K::Next) => {
            state.figures.choice = state.figures.choice.step(command == K::Next);
            load(state)
        }
        (Context::Figures, K::PageDown | K::PageUp) => {
            state.figures.page = match state.figures.page {
                Page::Figures => Page::Ranking,
                Page::Ranking => Page::Figures,
            };
            state.dirty = true;
            Vec::new()
        }
        (Context::Figures, K::Refresh) => load(state),
        // This month's ledger from the deadlines view, its follow-ups from the follow-up tab.
        (Context::Deadlines | Context::FollowUps, K::Export) => {
            let (_, month) = Choice::Month.periods(state.now);
            state.notice = Some(Notice {
                text: state.t("figures.exporting"),
                error: false,
            });
            state.dirty = true;
            vec![Command::ExportList {
                kind: if context == Context::Deadlines {
                    crate::export::Kind::Ledger
                } else {
                    crate::export::Kind::FollowUps
                },
                period: month,
                settings: state.figures.settings,
                weights: state.figures.weights,
            }]
        }
        (Context::Figures, K::Export) => {
            let (period, month) = state.figures.choice.periods(state.now);
            let ranking = state.figures.page == Page::Ranking;
            state.notice = Some(Notice {
                text: state.t("figures.exporting"),
                error: false,
            });
            state.dirty = true;
            vec![Command::ExportFigures {
                ranking,
                period: if ranking { month } else { period },
                settings: state.figures.settings,
                weights: state.figures.weights,
            }]
        }
        _ => return None,
    };
    Some(cmds)
}

/// A load came back; one for a period no longer chosen is dropped.
pub(super) fn loaded(state: &mut State, loaded: Loaded) {
    if loaded.choice != state.figures.choice {
        return;
    }
    state.figures.figures = Some(loaded.figures);
    state.figures.ranking = Some(loaded.ranking);
    state.figures.loading = false;
    state.dirty = true;
}

/// An export finished: the file's path, or why it failed.
pub(super) fn exported(state: &mut State, result: Result<String, String>) {
    let (text, error) = match result {
        Ok(path) => (
            rust_i18n::t!(
                "figures.exported",
                locale = state.lang.locale(),
                path = path
            )
            .into_owned(),
            false,
        ),
        Err(e) => (e, true),
    };
    state.notice = Some(Notice { text, error });
    state.dirty = true;
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_periods_step_round_and_last_month_ranks_last_month() {
        assert_eq!(Choice::Month.step(true), Choice::LastMonth);
        assert_eq!(Choice::LastMonth.step(true), Choice::Today);
        assert_eq!(Choice::Today.step(false), Choice::LastMonth);
        let now = crate::domain::clock::TZ
            .with_ymd_and_hms(2026, 11, 23, 9, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let (p, m) = Choice::LastMonth.periods(now);
        assert_eq!(p, m);
        assert_eq!(p.from.to_string(), "2026-10-01");
        let (p, m) = Choice::Week.periods(now);
        assert_eq!(
            (p.from.to_string(), m.to.to_string()),
            ("2026-11-23".into(), "2026-11-30".into())
        );
    }
}
