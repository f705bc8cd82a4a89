//! What the desk's commands do once the key dispatcher has resolved them (`keys.rs`): the
//! panels' own handlers first (board, rooms, finish, figures), then the desk's tabs, forms and
//! overlays.

use super::action::Command;
use super::detail::FindState;
use super::intake::IntakeForm;
use super::keymap::{self, Command as K, Context};
use super::state::{Ask, Notice, Overlay, Prompt, PromptKind, State, Tab};

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
        (Context::Prompt, _) => super::prompt::on_command(state, command),
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
