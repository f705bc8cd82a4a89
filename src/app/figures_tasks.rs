//! The figures tab's store work: loading a period's figures and its month's ranking, and
//! writing an export file — off the render loop.

use super::action::{Action, Command};
use super::figures::Loaded;
use super::tasks::Ctx;
use crate::export::{Format, Kind, Request};

pub(super) async fn run(ctx: &Ctx, cmd: Command) -> Action {
    let now = ctx.clock.now();
    match cmd {
        Command::LoadFigures {
            period,
            month,
            weights,
        } => {
            let figures = ctx.store.period_figures(ctx.centre.id, period, now).await;
            let ranking = ctx.store.ranking(ctx.centre.id, month, weights, now).await;
            match (figures, ranking) {
                (Ok(figures), Ok(ranking)) => {
                    let choice = choice_of(period, now);
                    Action::FiguresLoaded(Box::new(Loaded {
                        choice,
                        figures,
                        ranking,
                    }))
                }
                (Err(e), _) | (_, Err(e)) => Action::Failed(e.message(ctx.lang)),
            }
        }
        Command::ExportFigures {
            ranking,
            period,
            settings,
            weights,
        } => {
            let kind = if ranking {
                Kind::Ranking
            } else {
                Kind::Figures
            };
            export(ctx, kind, period, settings, weights, now).await
        }
        Command::ExportList {
            kind,
            period,
            settings,
            weights,
        } => export(ctx, kind, period, settings, weights, now).await,
        _ => Action::StoreChanged,
    }
}

/// Which of the tab's choices asked for `period` (a load answers the choice it was for).
fn choice_of(
    period: crate::domain::figures::Period,
    now: chrono::DateTime<chrono::Utc>,
) -> super::figures::Choice {
    use super::figures::Choice;
    [
        Choice::Today,
        Choice::Week,
        Choice::Month,
        Choice::LastMonth,
    ]
    .into_iter()
    .find(|c| c.periods(now).0 == period)
    .unwrap_or_default()
}

/// Writes one export as xlsx into the data folder's `exports/` and names the file.
async fn export(
    ctx: &Ctx,
    kind: Kind,
    period: crate::domain::figures::Period,
    settings: crate::domain::figures::FigureSettings,
    weights: crate::domain::figures::RankingWeights,
    now: chrono::DateTime<chrono::Utc>,
) -> Action {
    let dir = match crate::config::data_dir() {
        Ok(d) => d.join("exports"),
        Err(e) => return Action::FiguresExported(Err(e.to_string())),
    };
    if let Err(e) = std::fs::create_dir_all(&dir) {
        return Action::FiguresExported(Err(format!("{}: {e}", dir.display())));
    }
    let title = match kind {
        Kind::Ranking => "逆排名",
        Kind::Figures => "统计",
        Kind::Ledger => "台账",
        Kind::FollowUps => "回访",
    };
    let name = format!(
        "{title}-{}-{}-{}.xlsx",
        period.from,
        period.to,
        now.with_timezone(&crate::domain::clock::TZ)
            .format("%H%M%S")
    );
    let request = Request {
        kind,
        format: Format::Xlsx,
        period,
        out: dir.join(name),
        unmasked: false,
        settings,
        weights,
    };
    match crate::export::run(&ctx.store, &ctx.centre, &request, &ctx.stamp(), now).await {
        Ok((path, _)) => Action::FiguresExported(Ok(path.display().to_string())),
        Err(crate::export::ExportError::Store(e)) => {
            Action::FiguresExported(Err(e.message(ctx.lang)))
        }
        Err(e) => Action::FiguresExported(Err(e.to_string())),
    }
}
