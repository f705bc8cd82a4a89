//! The store work behind 办结, re-opening and the follow-up tab. Runs in the store tasks,
//! never in the render loop; the clocks (follow-up due, new reply clock, a department's
//! clock for a problem found) are worked out here from the config and the calendar.

use super::action::Action;
use super::finish::{FinishAction, FinishCommand};
use super::follow_up::FollowUpRecord;
use super::tasks::Ctx;
use crate::domain::clock::local_day;
use crate::store::StoreError;
use chrono::Duration;

/// Closings shown on the follow-up tab whatever became of them: the last 30 days.
const LIST_DAYS: i64 = 30;

pub async fn run(ctx: &Ctx, cmd: FinishCommand) -> Action {
    let loc = ctx.lang.locale();
    let failed = |e: StoreError| {
        if e.is_transient() {
            Action::StoreLost
        } else {
            Action::Failed(e.message(ctx.lang))
        }
    };
    let stamp = ctx.stamp();
    let policy = ctx.policy().await;
    let cal = &policy.calendar();
    let changed = |case_id, notice: String| async move {
        match super::detail::load_case_file(&ctx.store, case_id).await {
            Ok(file) => Action::Finish(FinishAction::CaseChanged {
                file: Box::new(file),
                notice,
            }),
            Err(e) => Action::Failed(e.message(ctx.lang)),
        }
    };
    match cmd {
        FinishCommand::LoadFollowUps => {
            let now = ctx.clock.now();
            let rows = ctx
                .store
                .follow_up_list(ctx.centre.id, now - Duration::days(LIST_DAYS), now)
                .await;
            let departments = ctx.store.departments(ctx.centre.id).await;
            match (rows, departments) {
                (Ok(rows), Ok(d)) => Action::Finish(FinishAction::FollowUpsLoaded {
                    rows,
                    departments: d.into_iter().map(|d| (d.id, d.name)).collect(),
                }),
                (Err(e), _) | (_, Err(e)) => failed(e),
            }
        }
        FinishCommand::Close {
            case_id,
            version,
            summary,
        } => {
            let due = policy.follow_up.due(stamp.at(), cal);
            match ctx
                .store
                .close_case(case_id, version, &summary, due, &stamp)
                .await
            {
                Ok(_) => {
                    let day = local_day(due - Duration::seconds(1))
                        .format("%m-%d")
                        .to_string();
                    changed(
                        case_id,
                        rust_i18n::t!("finish.closed", locale = loc, due = day).into_owned(),
                    )
                    .await
                }
                Err(e) => failed(e),
            }
        }
        FinishCommand::Reopen {
            case_id,
            version,
            reason,
        } => {
            let reply = policy.sla.deadlines(stamp.at(), cal).reply;
            match ctx
                .store
                .reopen_case(case_id, version, &reason, reply, &stamp)
                .await
            {
                Ok(_) => {
                    changed(
                        case_id,
                        rust_i18n::t!("finish.reopened", locale = loc).into_owned(),
                    )
                    .await
                }
                Err(e) => failed(e),
            }
        }
        FinishCommand::Record(FollowUpRecord::Try {
            case_id,
            method,
            note,
        }) => {
            let max = policy.follow_up.max_tries;
            match ctx
                .store
                .record_follow_up_try(case_id, method, &note, max, &stamp)
                .await
            {
                Ok(count) if count.unreachable => Action::Finish(FinishAction::FollowUpSaved(
                    rust_i18n::t!("follow_up.saved_unreachable", locale = loc, n = count.tries)
                        .into_owned(),
                )),
                Ok(count) => Action::Finish(FinishAction::FollowUpSaved(
                    rust_i18n::t!(
                        "follow_up.saved_try",
                        locale = loc,
                        n = count.tries,
                        max = max
                    )
                    .into_owned(),
                )),
                Err(e) => refused(ctx, e),
            }
        }
        FinishCommand::Record(FollowUpRecord::Visit { visit, version }) => {
            let problem_due = visit
                .problem
                .map(|(kind, _)| policy.follow_up.problem_due(kind, stamp.at(), cal));
            // A problem's department answers on its own clock; 不满意 alone on a new reply clock.
            let reply = problem_due.unwrap_or_else(|| policy.sla.deadlines(stamp.at(), cal).reply);
            match ctx
                .store
                .record_visit(&visit, version, reply, problem_due, &stamp)
                .await
            {
                Ok(case) => {
                    let key = if visit.reopens() {
                        "follow_up.saved_reopened"
                    } else {
                        "follow_up.saved"
                    };
                    Action::Finish(FinishAction::FollowUpSaved(
                        rust_i18n::t!(key, locale = loc, case_no = case.case_no).into_owned(),
                    ))
                }
                Err(e) => refused(ctx, e),
            }
        }
    }
}

fn refused(ctx: &Ctx, e: StoreError) -> Action {
    if e.is_transient() {
        Action::StoreLost
    } else {
        Action::Finish(FinishAction::FollowUpRefused(e.message(ctx.lang)))
    }
}
