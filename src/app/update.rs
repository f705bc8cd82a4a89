//! `update`: the one place the state changes. Pure: it returns the commands to run.

use super::action::{Action, Command};
use super::detail::{DetailState, FindState};
use super::intake::IntakeForm;
use super::keymap::{self, Command as K, Context};
use super::state::{Ask, Connection, Notice, Overlay, Prompt, PromptKind, State, Tab};
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
            form.on_password = true;
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
                f.problem = Some((None, message.clone()));
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

pub(super) fn on_command(state: &mut State, context: Context, command: K) -> Vec<Command> {
    // The store refuses too; this says so before anything is typed for nothing.
    if let (Some(p), Some(op)) = (keymap::needs(command), &state.session)
        && !op.roles.may(p)
    {
        let text = crate::domain::operator::refusal(p, state.lang);
        state.notice = Some(Notice { text, error: true });
        return Vec::new();
    }
    if let Some(cmds) = super::update_board::on_command(state, context, command) {
        return cmds;
    }
    if let Some(cmds) = super::update_rooms::on_command(state, context, command) {
        return cmds;
    }
    if let Some(cmds) = super::finish::on_command(state, context, command) {
        return cmds;
    }
    if let Some(cmds) = super::figures::on_command(state, context, command) {
        return cmds;
    }
    match (context, command) {
        (_, K::Help) => {
            state.overlay = Some(Overlay::Help {
                filter: String::new(),
                scroll: 0,
            });
            Vec::new()
        }
        (_, K::Quit) => {
            if state.intake.as_ref().is_some_and(IntakeForm::is_dirty) {
                state.overlay = Some(Overlay::Confirm(Ask::Quit));
            } else {
                state.quit = true;
            }
            Vec::new()
        }
        (_, K::NewIntake) => {
            if state.intake.is_none() {
                state.intake = Some(IntakeForm::new(state.centre.id));
            }
            state.tab = Tab::Intake;
            Vec::new()
        }
        (_, K::ShowQueue) => {
            state.tab = Tab::Queue;
            Vec::new()
        }
        (_, K::NextTab) => {
            state.tab = match (state.tab, state.intake.is_some(), state.triage.is_some()) {
                (Tab::Queue, true, _) => Tab::Intake,
                (Tab::Queue | Tab::Intake, _, true) => Tab::Triage,
                _ => Tab::Queue,
            };
            Vec::new()
        }
        (_, K::FindCase) => {
            state.overlay = Some(Overlay::Find(Box::new(FindState::new())));
            Vec::new()
        }
        (_, K::ShowDeadlines) => {
            state.tab = Tab::Deadlines;
            vec![Command::LoadDeadlines]
        }
        (_, K::ShowAudit) => {
            state.tab = Tab::Audit;
            if state.audit.query.is_empty() {
                state.audit.query = super::audit::today_query(state.now);
            }
            super::audit::apply_filter(state)
        }
        (Context::Audit, K::Save) => super::audit::apply_filter(state),
        (Context::Audit, K::ClearFilter) => {
            state.audit.query.clear();
            super::audit::apply_filter(state)
        }
        (Context::Audit, K::Up | K::Down) => {
            state.audit.move_selection(command == K::Down);
            Vec::new()
        }
        (Context::Detail, K::Reveal) => {
            let Some(Overlay::Detail(d)) = &state.overlay else {
                return Vec::new();
            };
            let kind = PromptKind::Reveal {
                case_id: d.file.case.id,
                parties: d.file.parties.len(),
            };
            let one = if d.file.parties.len() == 1 { "1" } else { "" };
            state.overlay = Some(Overlay::Prompt(Box::new(Prompt::with_fields(
                kind,
                vec![one.to_string(), String::new()],
            ))));
            Vec::new()
        }
        (Context::Detail, K::AddLedger | K::Explain) => {
            let Some(Overlay::Detail(d)) = &state.overlay else {
                return Vec::new();
            };
            let case = &d.file.case;
            let kind = if command == K::AddLedger {
                PromptKind::Ledger { case_id: case.id }
            } else {
                PromptKind::Explanation {
                    case_id: case.id,
                    version: case.version,
                }
            };
            state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
            Vec::new()
        }
        (Context::Detail, K::RecordOutcome | K::CourtAnswer | K::Escalate) => {
            super::outcome::open_from_file(state, command)
        }
        (Context::Outcome, _) => super::outcome::on_command(state, command),
        (Context::Prompt, K::NextField) => {
            if let Some(Overlay::Prompt(p)) = state.overlay.as_mut() {
                p.focus = (p.focus + 1) % p.fields.len();
            }
            Vec::new()
        }
        (Context::Prompt, K::Cancel) => {
            state.overlay = None;
            Vec::new()
        }
        (Context::Prompt, K::Save) => super::update_forms::save_prompt(state),
        (Context::Deadlines, K::Up | K::Down) => {
            state.move_deadline(if command == K::Up { -1 } else { 1 });
            Vec::new()
        }
        (Context::Deadlines, K::OpenCase | K::OpenTriage) => {
            let Some(id) = state.deadline_case().map(|c| c.id) else {
                return Vec::new();
            };
            vec![if command == K::OpenCase {
                Command::LoadCaseFile(id)
            } else {
                Command::LoadTriage(id)
            }]
        }
        (Context::Queue, K::OpenTriage) => match state.queue.selected_row() {
            Some(row) => vec![Command::LoadTriage(row.case_id)],
            None => Vec::new(),
        },
        (Context::Detail, K::OpenTriage) => match &state.overlay {
            Some(Overlay::Detail(d)) => vec![Command::LoadTriage(d.file.case.id)],
            _ => Vec::new(),
        },
        (Context::Queue, K::OpenCase) => match state.queue.selected_row() {
            Some(row) => vec![Command::LoadCaseFile(row.case_id)],
            None => Vec::new(),
        },
        (Context::Find, K::OpenCase) => {
            let Some(Overlay::Find(find)) = state.overlay.as_mut() else {
                return Vec::new();
            };
            match find.selected_case() {
                Some(case) if find.searched => vec![Command::LoadCaseFile(case.id)],
                _ if find.query.trim().is_empty() => Vec::new(),
                _ => {
                    find.searching = true;
                    vec![Command::Find(find.query.clone())]
                }
            }
        }
        (Context::Find, K::Up | K::Down) => {
            if let Some(Overlay::Find(find)) = state.overlay.as_mut() {
                find.move_selection(if command == K::Up { -1 } else { 1 });
            }
            Vec::new()
        }
        (Context::Detail, K::Up | K::Down | K::PageUp | K::PageDown) => {
            if let Some(Overlay::Detail(d)) = state.overlay.as_mut() {
                d.scroll = match command {
                    K::Up => d.scroll.saturating_sub(1),
                    K::Down => d.scroll.saturating_add(1),
                    K::PageUp => d.scroll.saturating_sub(10),
                    _ => d.scroll.saturating_add(10),
                };
            }
            Vec::new()
        }
        (Context::Help, K::Close) => {
            state.overlay = state.under.take();
            Vec::new()
        }
        (Context::Find | Context::Detail, K::Close) => {
            state.overlay = None;
            state.revealed = None;
            Vec::new()
        }
        (Context::Help, K::Up | K::Down) => {
            if let Some(Overlay::Help { scroll, .. }) = state.overlay.as_mut() {
                *scroll = if command == K::Up {
                    scroll.saturating_sub(1)
                } else {
                    scroll.saturating_add(1)
                };
            }
            Vec::new()
        }
        (Context::Receipt, K::Close) => {
            state.overlay = None;
            Vec::new()
        }
        (Context::Confirm, K::Yes) => super::update_forms::confirm(state, true),
        (Context::Confirm, K::No) => super::update_forms::confirm(state, false),
        (Context::Queue, K::Up) => {
            state.queue.move_selection(-1);
            Vec::new()
        }
        (Context::Queue, K::Down) => {
            state.queue.move_selection(1);
            Vec::new()
        }
        (Context::Queue, K::PageUp) => {
            state.queue.move_selection(-10);
            Vec::new()
        }
        (Context::Queue, K::PageDown) => {
            state.queue.move_selection(10);
            Vec::new()
        }
        (Context::Queue, K::Filter) => {
            state.queue.filtering = true;
            Vec::new()
        }
        (Context::Queue, K::ClearFilter) => {
            state.queue.filter.clear();
            Vec::new()
        }
        (Context::Queue, K::CallNext) => vec![Command::CallNext {
            window: state.window.clone(),
        }],
        (Context::Queue, K::CallChosen) => super::queue::call_chosen(state),
        (Context::Queue, K::Recall | K::NoShow | K::Requeue) => {
            let Some(row) = state.queue.selected_row() else {
                return Vec::new();
            };
            let (ticket, version) = (row.ticket_id, row.version);
            vec![match command {
                K::Recall => Command::Recall { ticket, version },
                K::NoShow => Command::NoShow { ticket, version },
                _ => Command::Requeue { ticket, version },
            }]
        }
        _ => Vec::new(),
    }
}
