//! `update`: the one place the state changes. Pure: it returns the commands to run.

use super::action::{Action, Command};
use super::detail::DetailState;
use super::keymap::Context;
use super::state::{Connection, Notice, Overlay, State, Tab};
use super::triage::TriageForm;
use chrono::Timelike;

pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    let action = match super::session::while_locked(state, action, update) {
        Ok(cmds) => return cmds,
        Err(action) => action,
    };
    match action {
        Action::Key(key) => {
            state.dirty = true;
            state.last_input = state.now;
            let cmds = super::keys::on_key(state, key);
            super::answers::once_in_flight(state, cmds)
        }
        Action::Answered { op, result } => {
            super::answers::answered(state, op, result);
            Vec::new()
        }
        Action::Finished(op) => {
            state.in_flight.retain(|(o, _)| *o != op);
            Vec::new()
        }
        Action::WhistleSuggested {
            case_id,
            departments,
        } => {
            super::update_board::whistle_suggested(state, case_id, &departments);
            Vec::new()
        }
        Action::PolicyLoaded(policy) => {
            state.board.grace = chrono::Duration::minutes(policy.grace_min.into());
            state.rooms.unclaimed = chrono::Duration::minutes(policy.unclaimed_min.into());
            state.calendar = std::sync::Arc::new(policy.calendar());
            state.rooms.calendar = state.calendar.clone();
            state.dirty = true;
            Vec::new()
        }
        Action::ReplicaLag(lag) => {
            state.dirty |= crate::domain::replica::lag_shown(state.replica_lag)
                != crate::domain::replica::lag_shown(lag)
                || crate::domain::replica::lag_shown(lag).is_some();
            state.replica_lag = lag;
            Vec::new()
        }
        Action::ClockMeasured(offset) => {
            state.clock_offset = offset;
            state.dirty = true;
            Vec::new()
        }
        Action::Called { ticket, window } => {
            super::answers::called(state, ticket, &window);
            vec![Command::LoadQueue]
        }
        Action::Paste(text) => {
            state.dirty = true;
            state.last_input = state.now;
            if state.context() == Context::Login {
                return Vec::new();
            }
            super::keys::on_paste(state, &text)
        }
        Action::Resize(w, h) => {
            state.size = (w, h);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick(now) => {
            // Most views show minutes (clock, waits), so a new minute is the reason to redraw;
            // the board's countdowns also count seconds.
            let before = (state.now.date_naive(), state.now.hour(), state.now.minute());
            let second_changed = state.now.timestamp() != now.timestamp();
            state.now = now;
            if before != (now.date_naive(), now.hour(), now.minute()) {
                state.dirty = true;
            }
            super::answers::expire(state);
            let mut cmds = super::update_board::on_tick(state, second_changed);
            cmds.extend(super::update_rooms::on_tick(state));
            if !state.wallboard {
                cmds.extend(super::login::on_tick(state, now));
            }
            cmds
        }
        Action::SignedIn(operator) => {
            let login = operator.login.clone();
            let mut cmds = super::login::signed_in(state, operator);
            state.dirty = true;
            cmds.extend([Command::LoadQueue, Command::OpenDrafts { login }]);
            cmds
        }
        Action::SignInRefused(message) => {
            let form = state.login.get_or_insert_with(Default::default);
            form.busy = false;
            form.kit.focus_on("password");
            form.message = Some(message);
            state.dirty = true;
            Vec::new()
        }
        Action::Finish(action) => super::finish::on_action(state, action),
        Action::OperatorsCounted(n) => {
            state.operators = Some(n);
            state.dirty = true;
            Vec::new()
        }
        Action::StoreChanged => {
            let mut cmds = vec![Command::LoadQueue];
            if state.tab == Tab::Deadlines {
                cmds.push(Command::LoadDeadlines);
            }
            // An open case file follows the case: a ledger line added at another window shows.
            if let Some(Overlay::Detail(d)) = &state.overlay {
                cmds.push(Command::RefreshCaseFile(d.file.case.id));
            }
            cmds.extend(super::finish::on_store_changed(state));
            cmds
        }
        Action::Changed(changes) => super::feed::on_changes(state, &changes),
        Action::PanelsLoaded(panels) => {
            super::feed::apply(state, *panels);
            Vec::new()
        }
        Action::EarlierFound { resident_id, cases } => {
            super::update_forms::earlier_found(state, resident_id, cases);
            Vec::new()
        }
        Action::PairFound {
            applicant,
            respondent,
            cases,
        } => {
            super::update_forms::pair_found(state, (applicant, respondent), cases);
            Vec::new()
        }
        Action::CaseFileRefreshed(file) => {
            if let Some(Overlay::Detail(d)) = state.overlay.as_mut()
                && d.file.case.id == file.case.id
            {
                d.file = *file;
                state.dirty = true;
            }
            Vec::new()
        }
        Action::OutcomeRefused(message) => {
            if let Some(Overlay::Outcome(f)) = state.overlay.as_mut() {
                f.saving = false;
                f.problem = Some(message.clone());
            }
            state.notice = Some(Notice {
                text: message,
                error: true,
            });
            state.dirty = true;
            Vec::new()
        }
        Action::FiguresLoaded(loaded) => {
            super::figures::loaded(state, *loaded);
            Vec::new()
        }
        Action::FiguresExported(result) => {
            super::figures::exported(state, result);
            Vec::new()
        }
        Action::DeadlinesLoaded(cases) => {
            state.deadlines = Some(cases);
            state.dirty = true;
            Vec::new()
        }
        Action::StoreLost => {
            if state.connection == Connection::Live {
                state.connection = Connection::Lost { since: state.now };
                state.dirty = true;
            }
            Vec::new()
        }
        Action::StoreBack => {
            state.connection = Connection::Live;
            state.dirty = true;
            vec![Command::LoadQueue]
        }
        Action::BoardLoaded(data) => {
            state.board.set_data(*data);
            state.connection = Connection::Live;
            state.dirty = true;
            Vec::new()
        }
        Action::QueueLoaded(rows) => {
            state.queue.set_rows(rows);
            state.connection = Connection::Live;
            state.dirty = true;
            Vec::new()
        }
        Action::IntakeSaved(receipt) => {
            state.queue.follow = receipt.ticket.as_ref().map(|t| t.id);
            state.intake = None;
            state.earlier = None;
            state.earlier_pair = None;
            state.tab = Tab::Queue;
            state.overlay = Some(Overlay::Receipt(receipt));
            state.dirty = true;
            vec![Command::ClearDraft, Command::LoadQueue]
        }
        Action::IntakeFailed {
            message,
            unreachable,
        } => {
            if let Some(form) = state.intake.as_mut() {
                form.set_saving(false);
                form.set_error_message(Some(message));
            }
            if unreachable && state.connection == Connection::Live {
                state.connection = Connection::Lost { since: state.now };
            }
            state.dirty = true;
            Vec::new()
        }
        Action::IntakeIdTaken(message) => {
            if let Some(form) = state.intake.as_mut() {
                form.set_saving(false);
                form.take_new_intake_id();
                form.set_error_message(Some(message));
            }
            state.dirty = true;
            Vec::new()
        }
        Action::Done(text) => {
            state.notice = Some(Notice { text, error: false });
            state.dirty = true;
            Vec::new()
        }
        Action::Failed(text) => {
            state.notice = Some(Notice { text, error: true });
            state.dirty = true;
            Vec::new()
        }
        Action::DraftFound(draft) => {
            // Only the operator who typed it is offered a draft.
            let theirs = state
                .session
                .as_ref()
                .is_some_and(|op| op.login == draft.operator);
            if theirs && state.intake.is_none() {
                state.overlay = Some(Overlay::RestoreDraft(draft));
                state.dirty = true;
            }
            Vec::new()
        }
        Action::AllocationReady { input, transfer } => {
            super::update_rooms::allocation_ready(state, *input, transfer);
            Vec::new()
        }
        Action::RoomRefused { message, room_id } => {
            super::update_rooms::refused(state, message, room_id);
            Vec::new()
        }
        Action::Signal => {
            state.quit = true;
            Vec::new()
        }
        Action::FindResults { query, cases } => {
            // Results for a query the operator has since changed are dropped.
            if let Some(Overlay::Find(find)) = state.overlay.as_mut()
                && find.query == query
            {
                find.set_results(cases);
                state.dirty = true;
            }
            Vec::new()
        }
        Action::TriageReady {
            case,
            departments,
            cooperating,
            earlier,
        } => {
            let form = TriageForm::new(&case, &departments, &state.operator)
                .with_cooperating(&cooperating)
                .with_earlier(earlier, case.repeat_of);
            state.triage = Some((form, case));
            state.tab = Tab::Triage;
            state.overlay = None;
            state.dirty = true;
            Vec::new()
        }
        Action::TriageSaved(case) => {
            state.triage = None;
            state.tab = Tab::Queue;
            let text = format!(
                "{} {} · {}",
                state.t("triage.saved"),
                case.case_no,
                state.t(&format!("detail.state.{}", case.state.as_str()))
            );
            state.notice = Some(Notice { text, error: false });
            state.dirty = true;
            vec![Command::LoadQueue]
        }
        Action::TriageRefused { message, reload } => {
            if let Some((form, _)) = state.triage.as_mut() {
                form.set_saving(false);
                form.set_error_message(Some(message.clone()));
            }
            state.notice = Some(Notice {
                text: message,
                error: true,
            });
            state.dirty = true;
            // Another console changed the case: show its new version (the operator decides again).
            reload.map(Command::LoadTriage).into_iter().collect()
        }
        Action::AuditLoaded(entries) => {
            state.audit.entries = entries;
            state.audit.loaded = true;
            state.audit.selection = Default::default();
            state.dirty = true;
            Vec::new()
        }
        Action::PartyRevealed { seq, file } => {
            let case_id = file.case.id;
            match &mut state.revealed {
                Some((id, seqs)) if *id == case_id => seqs.push(seq),
                other => *other = Some((case_id, vec![seq])),
            }
            state.overlay = Some(Overlay::Detail(Box::new(DetailState::new(*file))));
            state.dirty = true;
            Vec::new()
        }
        Action::CaseFileLoaded(file) => {
            if state
                .revealed
                .as_ref()
                .is_some_and(|(id, _)| *id != file.case.id)
            {
                state.revealed = None;
            }
            // A form being filled in over the file is never swept away by a late answer.
            if matches!(&state.overlay, Some(Overlay::Outcome(f)) if !f.saving)
                || matches!(&state.overlay, Some(Overlay::Prompt(p)) if !p.saving)
            {
                return Vec::new();
            }
            state.overlay = Some(Overlay::Detail(Box::new(DetailState {
                file: *file,
                scroll: 0,
            })));
            state.dirty = true;
            Vec::new()
        }
    }
}
