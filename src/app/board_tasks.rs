//! The store work behind the summons board: reading it whole after each change, and the
//! writes its keys ask for. Runs in the store tasks, never in the render loop.

use super::action::{Action, Command};
use super::board::BoardData;
use super::tasks::Ctx;
use crate::domain::clock::{day_start, local_day};
use crate::store::StoreError;
use chrono::{Datelike, Duration};

/// Everything the board and the wall screen show, read after each change.
pub async fn load(ctx: &Ctx) -> Result<BoardData, StoreError> {
    let now = ctx.clock.now();
    let day = local_day(now);
    let centre = ctx.centre.id;
    let month_start = day_start(day.with_day(1).unwrap_or(day));
    Ok(BoardData {
        rows: ctx.store.board(centre, day).await?,
        roster: ctx.store.roster(centre, day).await?,
        departments: ctx.store.departments(centre).await?,
        records: ctx
            .store
            .arrival_records(centre, month_start, day_start(day) + Duration::days(1))
            .await?,
        room_views: ctx.store.room_views(centre, now).await?,
        mediators: ctx.store.mediator_loads(centre, now).await?,
        figures: ctx.store.day_figures(centre, day).await?,
    })
}

pub async fn run(ctx: &Ctx, cmd: Command) -> Action {
    let t = |key: &str| rust_i18n::t!(key, locale = ctx.lang.locale()).into_owned();
    let stamp = ctx.stamp();
    let result = match cmd {
        Command::Whistle {
            case_id,
            departments,
            reason,
        } => ctx
            .store
            .whistle_departments(case_id, &departments, &reason, &stamp)
            .await
            .map(|made| {
                rust_i18n::t!("board.whistled", locale = ctx.lang.locale(), n = made.len())
                    .into_owned()
            }),
        Command::RecordArrival {
            summons_id,
            at,
            note,
        } => ctx
            .store
            // "Arrived now" is now at the write, not at the screen's last tick (up to a
            // second earlier, which can put a late arrival before its due time).
            .record_arrival(
                summons_id,
                if note.is_none() {
                    stamp.at().max(at)
                } else {
                    at
                },
                note.as_deref(),
                &stamp,
            )
            .await
            .map(|_| t("board.arrival_recorded")),
        Command::AcknowledgeEscalation(id) => ctx
            .store
            .acknowledge_escalation(id, &stamp)
            .await
            .map(|_| t("board.acknowledged")),
        Command::Rewhistle(id) => ctx
            .store
            .rewhistle(id, &stamp)
            .await
            .map(|_| t("board.rewhistled")),
        Command::CancelSummons { summons_id, reason } => ctx
            .store
            .cancel_summons(summons_id, &reason, &stamp)
            .await
            .map(|_| t("board.cancelled")),
        Command::SetArrivalWindow {
            department_id,
            minutes,
        } => ctx
            .store
            .set_arrival_window(department_id, minutes, &stamp)
            .await
            .map(|_| t("board.window_set")),
        Command::EscalateLate { grace } => {
            // A sweep says nothing unless it fails: the escalation strip shows the result.
            return match ctx
                .store
                .escalate_late_summons(ctx.centre.id, grace, &ctx.sweep_stamp())
                .await
            {
                // What it wrote comes back through the change feed.
                Ok(_) => Action::Changed(Vec::new()),
                Err(e) if e.is_transient() => Action::StoreLost,
                Err(e) => Action::Failed(e.message(ctx.lang)),
            };
        }
        other => return Action::Failed(format!("not a board command: {other:?}")),
    };
    match result {
        Ok(text) => Action::Done(text),
        Err(e) => Action::Failed(e.message(ctx.lang)),
    }
}
