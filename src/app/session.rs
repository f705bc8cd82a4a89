//! One operator's world at a console — open overlays and forms, revealed parties, audit
//! results, selections, notices and the tab — taken off the screen whole when the console
//! locks and parked for that operator alone: whoever signs in next starts from a console
//! nobody has used, and only the same operator signing in again gets it all back.

use super::action::{Action, Command};
use super::audit::AuditState;
use super::intake::IntakeForm;
use super::state::{Notice, Overlay, State, Tab};
use super::triage::TriageForm;
use crate::domain::{Case, Operator};

/// What belongs to the signed-in operator rather than to the console or the centre.
pub struct OperatorSession {
    pub operator: Operator,
    tab: Tab,
    intake: Option<IntakeForm>,
    triage: Option<(TriageForm, Box<Case>)>,
    deadline_selected: super::selection::Selection<uuid::Uuid>,
    revealed: Option<(uuid::Uuid, Vec<usize>)>,
    audit: AuditState,
    earlier: Option<(String, Vec<Case>)>,
    earlier_pair: Option<((super::state::PairSide, super::state::PairSide), Vec<Case>)>,
    overlay: Option<Overlay>,
    notice: Option<Notice>,
    queue_selected: usize,
    queue_filter: String,
    queue_filtering: bool,
    board_selected: super::selection::Selection<uuid::Uuid>,
    show_roster: bool,
    roster_selected: super::selection::Selection<uuid::Uuid>,
    rooms_selected: super::selection::Selection<uuid::Uuid>,
    under: Option<Overlay>,
}

impl OperatorSession {
    /// Moves the operator's things out of `state`, leaving a console nobody has used.
    pub fn take(state: &mut State, operator: Operator) -> Self {
        Self {
            operator,
            tab: std::mem::replace(&mut state.tab, Tab::Queue),
            intake: state.intake.take(),
            triage: state.triage.take(),
            deadline_selected: std::mem::take(&mut state.deadline_selected),
            revealed: state.revealed.take(),
            audit: std::mem::take(&mut state.audit),
            earlier: state.earlier.take(),
            earlier_pair: state.earlier_pair.take(),
            overlay: state.overlay.take(),
            notice: state.notice.take(),
            queue_selected: std::mem::take(&mut state.queue.selected),
            queue_filter: std::mem::take(&mut state.queue.filter),
            queue_filtering: std::mem::take(&mut state.queue.filtering),
            board_selected: std::mem::take(&mut state.board.selected),
            show_roster: std::mem::take(&mut state.board.show_roster),
            roster_selected: std::mem::take(&mut state.board.roster),
            rooms_selected: std::mem::take(&mut state.rooms.selected),
            under: state.under.take(),
        }
    }

    /// Puts everything back as the operator left it; returns what must be read again
    /// because it may have changed meanwhile (an open case file, the deadlines).
    pub fn restore(self, state: &mut State) -> Vec<Command> {
        state.tab = self.tab;
        state.intake = self.intake;
        state.triage = self.triage;
        state.deadline_selected = self.deadline_selected;
        state.revealed = self.revealed;
        state.audit = self.audit;
        state.earlier = self.earlier;
        state.earlier_pair = self.earlier_pair;
        state.overlay = self.overlay;
        state.notice = self.notice;
        state.queue.selected = self.queue_selected;
        state.queue.filter = self.queue_filter;
        state.queue.filtering = self.queue_filtering;
        state.board.selected = self.board_selected;
        state.board.show_roster = self.show_roster;
        state.board.roster = self.roster_selected;
        state.rooms.selected = self.rooms_selected;
        state.under = self.under;
        let mut cmds = Vec::new();
        if let Some(Overlay::Detail(d)) = &state.overlay {
            cmds.push(Command::RefreshCaseFile(d.file.case.id));
        }
        if state.tab == Tab::Deadlines {
            cmds.push(Command::LoadDeadlines);
        }
        cmds
    }
}

/// The answer to something an operator asked for (a save, a search, a case file, the audit
/// list): it belongs to that operator's session, not to whoever is at the console now.
fn answers_operator(action: &Action) -> bool {
    !matches!(
        action,
        Action::Key(_)
            | Action::Paste(_)
            | Action::Resize(..)
            | Action::Tick(_)
            | Action::StoreChanged
            | Action::Changed(_)
            | Action::ReplicaLag(_)
            | Action::PanelsLoaded(_)
            | Action::StoreLost
            | Action::StoreBack
            | Action::QueueLoaded(_)
            | Action::BoardLoaded(_)
            | Action::Signal
            | Action::PolicyLoaded(_)
            | Action::ClockMeasured(_)
            | Action::SignedIn(_)
            | Action::SignInRefused(_)
            | Action::OperatorsCounted(_)
    )
}

/// An answer to something `asked_by` asked for, arriving when `now` (someone else) is
/// signed in: it must not reach their screen. (During a lock `now` is nobody, and the
/// answer goes to the parked world of whoever asked.)
pub(super) fn for_someone_else(action: &Action, asked_by: Option<&str>, now: Option<&str>) -> bool {
    answers_operator(action) && asked_by.is_some() && now.is_some() && asked_by != now
}

/// At most this many operators' worlds are kept parked at one console (the oldest goes).
const MAX_PARKED: usize = 8;

/// Locks the console: the signed-in operator's world leaves the screen, parked for them.
pub(super) fn park(state: &mut State) {
    if let Some(op) = state.session.take() {
        state.parked.retain(|p| p.operator.login != op.login);
        let parked = OperatorSession::take(state, op);
        state.parked.push(parked);
        if state.parked.len() > MAX_PARKED {
            state.parked.remove(0);
        }
    }
}

/// The parked world of `login`, taken out (to be restored), if there is one.
pub(super) fn unpark(state: &mut State, login: &str) -> Option<OperatorSession> {
    let at = state
        .parked
        .iter()
        .position(|p| p.operator.login == login)?;
    Some(state.parked.remove(at))
}

/// While the console is locked, an answer to the operator it locked from goes into their
/// parked world (a receipt that arrives during the lock is there after unlocking) and never
/// onto the lock screen. `Err`: the action is for the console as it is.
pub(super) fn while_locked(
    state: &mut State,
    action: Action,
    update: fn(&mut State, Action) -> Vec<Command>,
) -> Result<Vec<Command>, Action> {
    if state.session.is_some() || state.wallboard || !answers_operator(&action) {
        return Err(action);
    }
    let locked_from = state.login.as_ref().and_then(|f| f.locked_from.clone());
    let Some(parked) = locked_from.and_then(|login| unpark(state, &login)) else {
        // Nobody to give it to: dropped.
        return Ok(Vec::new());
    };
    let operator = parked.operator.clone();
    let lock_screen = OperatorSession::take(state, operator.clone());
    // Nothing is re-read for a parked session: that happens when its operator is back.
    let _ = parked.restore(state);
    state.session = Some(operator.clone());
    let cmds = update(state, action);
    park(state);
    let _ = lock_screen.restore(state);
    Ok(cmds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_asked_for_by_one_operator_never_reaches_the_next() {
        let audit = Action::AuditLoaded(Vec::new());
        assert!(for_someone_else(&audit, Some("audit"), Some("wangmin")));
        assert!(!for_someone_else(&audit, Some("audit"), Some("audit")));
        // During the lock it goes to the parked world of whoever asked.
        assert!(!for_someone_else(&audit, Some("audit"), None));
        // What belongs to the console (the queue, the board) is for everyone.
        assert!(!for_someone_else(
            &Action::QueueLoaded(Vec::new()),
            Some("audit"),
            Some("wangmin")
        ));
    }
}
