//! The store side of saving a triage: the triage itself, the repeat link the operator chose
//! and, for a case solved at the window, its outcome and closing — each its own write.

use super::action::Action;
use super::tasks::Ctx;
use crate::store::StoreError;

/// Triage, then the link to the earlier case it repeats if the operator chose one, and for an
/// immediate case solved at the window its outcome and closing: each write its own
/// transaction and journal entry.
pub(super) async fn save_triage(
    ctx: &Ctx,
    case_id: uuid::Uuid,
    version: i32,
    triage: &crate::store::Triage,
    close_note: Option<String>,
    repeat_of: Option<uuid::Uuid>,
) -> Action {
    use crate::domain::CaseEvent;
    let refused = |e: StoreError| {
        let reload = matches!(e, StoreError::Conflict { .. }).then_some(case_id);
        Action::TriageRefused {
            message: e.message(ctx.lang),
            reload,
        }
    };
    let mut case = match ctx
        .store
        .triage(case_id, version, triage, &ctx.stamp())
        .await
    {
        Ok(c) => c,
        Err(e) => return refused(e),
    };
    if let Some(earlier) = repeat_of {
        case = match ctx
            .store
            .link_repeat(case.id, case.version, earlier, &ctx.stamp())
            .await
        {
            Ok(c) => c,
            Err(e) => return refused(e),
        };
    }
    if let Some(note) = close_note {
        case = match ctx
            .store
            .transition(
                case.id,
                case.version,
                CaseEvent::Resolve,
                Some(&note),
                &ctx.stamp(),
            )
            .await
        {
            Ok(c) => c,
            Err(e) => return refused(e),
        };
        // Closed at once, so its follow-up falls due like any other closing.
        let stamp = ctx.stamp();
        let policy = ctx.policy().await;
        let due = policy.follow_up.due(stamp.at(), &policy.calendar());
        case = match ctx
            .store
            .close_case(case.id, case.version, &note, due, &stamp)
            .await
        {
            Ok(c) => c,
            Err(e) => return refused(e),
        };
    }
    Action::TriageSaved(Box::new(case))
}
