//! `update`: the one place the state changes. Pure: it returns the commands to run.

use super::action::{Action, Command};
use super::detail::{DetailState, FindState};
use super::intake::{IntakeForm, Outcome};
use super::keymap::{self, Command as K, Context};
use super::state::{Ask, Connection, Notice, Overlay, Prompt, PromptKind, State, Tab};
use super::triage::TriageForm;
use chrono::Timelike;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub fn update(state: &mut State, action: Action) -> Vec<Command> {
    match action {
        Action::Key(key) => {
            state.dirty = true;
            state.last_input = state.now;
            on_key(state, key)
        }
        Action::Paste(text) => {
            state.dirty = true;
            state.last_input = state.now;
            if state.context() == Context::Login {
                return Vec::new();
            }
            on_paste(state, &text)
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
            let mut cmds = super::update_board::on_tick(state, second_changed);
            cmds.extend(super::update_rooms::on_tick(state));
            if !state.wallboard {
                cmds.extend(super::login::on_tick(state, now));
            }
            cmds
        }
        Action::SignedIn(operator) => {
            super::login::signed_in(state, operator);
            state.dirty = true;
            vec![Command::LoadQueue]
        }
        Action::SignInRefused(message) => {
            let form = state.login.get_or_insert_with(Default::default);
            form.busy = false;
            form.on_password = true;
            form.message = Some(message);
            state.dirty = true;
            Vec::new()
        }
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
            cmds
        }
        Action::EarlierFound { resident_id, cases } => {
            // Only if the form still shows that ID.
            if state.intake.as_ref().and_then(applicant_id).as_deref() == Some(resident_id.as_str())
            {
                if let Some(latest) = cases.iter().max_by_key(|c| c.received_at) {
                    let text = rust_i18n::t!(
                        "ui.repeat_found",
                        locale = state.lang.locale(),
                        n = cases.len(),
                        case_no = latest.case_no,
                        category = latest.category,
                        state = state.t(&format!("detail.state.{}", latest.state.as_str()))
                    )
                    .into_owned();
                    state.notice = Some(Notice { text, error: false });
                }
                state.earlier = (!cases.is_empty()).then_some((resident_id, cases));
                state.dirty = true;
            }
            Vec::new()
        }
        Action::PairFound {
            applicant,
            respondent,
            cases,
        } => {
            let key = (applicant, respondent);
            // Only if the form still shows that pair.
            if state.intake.as_ref().and_then(pair_key).as_ref() == Some(&key) {
                // The same person's earlier cases, when known, are the stronger news.
                if state.earlier.is_none()
                    && let Some(latest) = cases.iter().max_by_key(|c| c.received_at)
                {
                    let text = rust_i18n::t!(
                        "ui.repeat_pair_found",
                        locale = state.lang.locale(),
                        n = cases.len(),
                        case_no = latest.case_no,
                        state = state.t(&format!("detail.state.{}", latest.state.as_str()))
                    )
                    .into_owned();
                    state.notice = Some(Notice { text, error: false });
                }
                state.earlier_pair = Some((key, cases));
                state.dirty = true;
            }
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
            state.deadline_selected = state.deadline_selected.min(
                state
                    .deadlines
                    .as_ref()
                    .map_or(0, |d| d.len().saturating_sub(1)),
            );
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
        Action::Done(text) => {
            super::update_rooms::done(state);
            state.notice = Some(Notice { text, error: false });
            state.dirty = true;
            Vec::new()
        }
        Action::Failed(text) => {
            // A ledger line or an explanation the store refused stays in its prompt.
            if let Some(Overlay::Prompt(p)) = state.overlay.as_mut()
                && p.saving
            {
                p.saving = false;
                p.problem = Some(text.clone());
            }
            state.notice = Some(Notice { text, error: true });
            state.dirty = true;
            Vec::new()
        }
        Action::DraftFound(draft) => {
            if state.intake.is_none() {
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
            state.audit.selected = 0;
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

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
    let context = state.context();
    if context == Context::Login {
        if is_text_key(&key) {
            super::login::type_key(state, &key);
            return Vec::new();
        }
        return match keymap::lookup(context, &key) {
            Some(K::Quit) => {
                state.quit = true;
                Vec::new()
            }
            Some(command) => super::login::on_command(state, command),
            None => Vec::new(),
        };
    }
    // In the overlays that take text, printable keys are text (`?` and `？` included).
    if is_text_key(&key) {
        match (context, state.overlay.as_mut()) {
            (Context::Help, Some(Overlay::Help { filter, scroll })) => {
                edit_text(filter, &key);
                *scroll = 0;
                return Vec::new();
            }
            (Context::Find, Some(Overlay::Find(find))) => {
                match key.code {
                    KeyCode::Char(c) => find.type_char(c),
                    _ => find.backspace(),
                }
                return Vec::new();
            }
            (Context::Prompt, Some(Overlay::Prompt(p))) if !p.saving => {
                if let Some(field) = p.fields.get_mut(p.focus) {
                    edit_text(field, &key);
                }
                return Vec::new();
            }
            (Context::Audit, _) => {
                edit_text(&mut state.audit.query, &key);
                state.audit.problem = None;
                return Vec::new();
            }
            (Context::Whistle, Some(Overlay::Whistle(form))) => {
                let c = match key.code {
                    KeyCode::Char(c) => Some(c),
                    _ => None,
                };
                if super::update_board::whistle_text(form, c) {
                    return Vec::new();
                }
            }
            (Context::Outcome, Some(Overlay::Outcome(f))) if f.accepts_text() && !f.saving => {
                match key.code {
                    KeyCode::Char(c) => f.type_text(c.encode_utf8(&mut [0; 4])),
                    _ => f.backspace(),
                }
                return Vec::new();
            }
            _ => {}
        }
    }
    if context == Context::Queue && state.queue.filtering {
        match key.code {
            KeyCode::Enter => state.queue.filtering = false,
            KeyCode::Esc => {
                state.queue.filtering = false;
                state.queue.filter.clear();
            }
            _ if is_text_key(&key) => edit_text(&mut state.queue.filter, &key),
            // Any other key (F5, F1, arrows…) ends the typing, keeps the filter, and does its job.
            _ => {
                state.queue.filtering = false;
                return on_key(state, key);
            }
        }
        state.queue.selected = 0;
        return Vec::new();
    }
    // In a text field every plain character is text, `?` and `？` included (the IME sends them).
    if context == Context::Intake
        && matches!(key.code, KeyCode::Char(_))
        && !key.modifiers.contains(KeyModifiers::CONTROL)
        && let Some(form) = state.intake.as_mut()
        && form.accepts_text()
    {
        let outcome = form.handle_key(&key);
        return on_form(state, outcome);
    }
    if context == Context::Triage
        && let Some((form, _)) = state.triage.as_mut()
    {
        let typing = matches!(key.code, KeyCode::Char(_))
            && !key.modifiers.contains(KeyModifiers::CONTROL)
            && form.accepts_text();
        let for_form = matches!(
            keymap::lookup(context, &key),
            None | Some(
                K::NextField | K::PrevField | K::Prev | K::Next | K::Toggle | K::Save | K::Cancel
            )
        );
        if typing || for_form {
            let outcome = form.handle_key(&key);
            return on_triage(state, outcome);
        }
    }
    let command = keymap::lookup(context, &key);
    if context == Context::Intake {
        let is_form_key = matches!(
            command,
            None | Some(
                K::NextField
                    | K::PrevField
                    | K::Save
                    | K::Cancel
                    | K::AddApplicant
                    | K::AddRespondent
                    | K::RemoveParty
                    | K::Toggle
                    | K::Prev
                    | K::Next
            )
        );
        if is_form_key && let Some(form) = state.intake.as_mut() {
            let outcome = form.handle_key(&key);
            return on_form(state, outcome);
        }
    }
    let Some(command) = command else {
        return Vec::new();
    };
    on_command(state, context, command)
}

fn on_command(state: &mut State, context: Context, command: K) -> Vec<Command> {
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
            apply_audit_filter(state)
        }
        (Context::Audit, K::Save) => apply_audit_filter(state),
        (Context::Audit, K::ClearFilter) => {
            state.audit.query.clear();
            apply_audit_filter(state)
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
        (Context::Prompt, K::Save) => {
            if let Some(cmds) = super::update_board::save_prompt(state) {
                return cmds;
            }
            if let Some(cmds) = super::update_rooms::save_prompt(state) {
                return cmds;
            }
            let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
                return Vec::new();
            };
            if p.saving {
                return Vec::new();
            }
            if let Some(empty) = p.fields.iter().position(|f| f.trim().is_empty()) {
                let label =
                    rust_i18n::t!(p.labels()[empty], locale = state.lang.locale()).into_owned();
                p.problem = Some(
                    rust_i18n::t!(
                        "prompt.required",
                        locale = state.lang.locale(),
                        field = label
                    )
                    .into_owned(),
                );
                p.focus = empty;
                return Vec::new();
            }
            let f: Vec<String> = p.fields.iter().map(|f| f.trim().to_string()).collect();
            let cmd = match p.kind {
                PromptKind::Ledger { case_id } => Command::AddLedger {
                    case_id,
                    progress: f[0].clone(),
                    next_step: f[1].clone(),
                },
                PromptKind::Explanation { case_id, version } => Command::Explain {
                    case_id,
                    version,
                    text: f[0].clone(),
                },
                PromptKind::Reveal { case_id, parties } => match f[0].parse::<usize>() {
                    Ok(n) if (1..=parties).contains(&n) => Command::RevealParty {
                        case_id,
                        seq: n - 1,
                        reason: f[1].clone(),
                    },
                    _ => {
                        p.problem = Some(
                            rust_i18n::t!(
                                "prompt.reveal_which",
                                locale = state.lang.locale(),
                                n = parties
                            )
                            .into_owned(),
                        );
                        p.focus = 0;
                        return Vec::new();
                    }
                },
                // A board prompt whose summons has left the board: nothing to write to.
                PromptKind::ArrivalAt { .. }
                | PromptKind::CancelSummons { .. }
                | PromptKind::ArrivalWindow { .. }
                | PromptKind::ReleaseSession { .. }
                | PromptKind::OutOfService { .. }
                | PromptKind::Reserve { .. } => {
                    state.overlay = None;
                    return Vec::new();
                }
            };
            p.saving = true;
            p.problem = None;
            vec![cmd]
        }
        (Context::Deadlines, K::Up | K::Down) => {
            let n = state.deadlines.as_ref().map_or(0, Vec::len);
            state.deadline_selected = if command == K::Up {
                state.deadline_selected.saturating_sub(1)
            } else {
                (state.deadline_selected + 1).min(n.saturating_sub(1))
            };
            Vec::new()
        }
        (Context::Deadlines, K::OpenCase | K::OpenTriage) => {
            let Some(id) = state
                .deadline_rows()
                .get(state.deadline_selected)
                .map(|(c, _)| c.id)
            else {
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
        (Context::Help | Context::Find | Context::Detail, K::Close) => {
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
        (Context::Confirm, K::Yes) => confirm(state, true),
        (Context::Confirm, K::No) => confirm(state, false),
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

fn apply_audit_filter(state: &mut State) -> Vec<Command> {
    match super::audit::parse_filter(&state.audit.query) {
        Ok(filter) => vec![Command::LoadAudit(filter)],
        Err(word) => {
            state.audit.problem = Some(
                rust_i18n::t!(
                    "audit.unknown_word",
                    locale = state.lang.locale(),
                    word = word
                )
                .into_owned(),
            );
            Vec::new()
        }
    }
}

fn confirm(state: &mut State, yes: bool) -> Vec<Command> {
    match state.overlay.take() {
        Some(Overlay::Confirm(Ask::DiscardIntake)) if yes => {
            state.intake = None;
            state.earlier = None;
            state.earlier_pair = None;
            state.tab = Tab::Queue;
            vec![Command::ClearDraft]
        }
        // Quitting keeps the draft on disk: it is offered again next time.
        Some(Overlay::Confirm(Ask::Quit)) if yes => {
            state.quit = true;
            Vec::new()
        }
        Some(Overlay::RestoreDraft(draft)) => {
            if yes {
                state.intake = Some(IntakeForm::from_draft(state.centre.id, &draft));
                state.tab = Tab::Intake;
                Vec::new()
            } else {
                vec![Command::ClearDraft]
            }
        }
        _ => Vec::new(),
    }
}

fn on_form(state: &mut State, outcome: Outcome) -> Vec<Command> {
    let Some(form) = state.intake.as_mut() else {
        return Vec::new();
    };
    match outcome {
        Outcome::Nothing => Vec::new(),
        // Moving the focus is a change too; an untouched form is not worth a draft.
        Outcome::Changed if form.is_dirty() => {
            let mut cmds = vec![Command::SaveDraft(Box::new(form.to_draft()))];
            // A complete, valid applicant ID: look for the person's earlier cases.
            let id = applicant_id(form);
            if id.as_deref() != state.earlier.as_ref().map(|(i, _)| i.as_str()) {
                state.earlier = None;
                cmds.extend(id.map(Command::LookUpEarlier));
            }
            // The applicant and the respondent both named: look for the same pair's cases.
            let pair = pair_key(form);
            if pair.as_ref() != state.earlier_pair.as_ref().map(|(k, _)| k) {
                // Asked once per pair: an empty answer list stands for "asked, none yet".
                state.earlier_pair = pair.clone().map(|k| (k, Vec::new()));
                cmds.extend(pair.map(|(applicant, respondent)| Command::LookUpPair {
                    applicant,
                    respondent,
                }));
            }
            cmds
        }
        Outcome::Changed => Vec::new(),
        Outcome::Cancel => {
            if form.is_dirty() {
                state.overlay = Some(Overlay::Confirm(Ask::DiscardIntake));
                Vec::new()
            } else {
                state.intake = None;
                state.tab = Tab::Queue;
                vec![Command::ClearDraft]
            }
        }
        Outcome::Save => match form.to_intake() {
            Some(mut intake) => {
                // A repeat visit is linked to the person's latest earlier case.
                // …else to the latest case between the same two parties.
                let latest = |cases: &Vec<crate::domain::Case>| {
                    cases.iter().max_by_key(|c| c.received_at).map(|c| c.id)
                };
                intake.repeat_of = state
                    .earlier
                    .as_ref()
                    .and_then(|(_, e)| latest(e))
                    .or_else(|| state.earlier_pair.as_ref().and_then(|(_, e)| latest(e)));
                form.set_saving(true);
                form.set_error_message(None);
                vec![
                    Command::SaveDraft(Box::new(form.to_draft())),
                    Command::SaveIntake(Box::new(intake)),
                ]
            }
            None => Vec::new(),
        },
    }
}

fn on_triage(state: &mut State, outcome: Outcome) -> Vec<Command> {
    let lang = state.lang;
    let Some((form, _)) = state.triage.as_mut() else {
        return Vec::new();
    };
    match outcome {
        Outcome::Nothing | Outcome::Changed => Vec::new(),
        Outcome::Cancel => {
            state.triage = None;
            state.tab = Tab::Queue;
            Vec::new()
        }
        Outcome::Save => match form.to_triage(lang) {
            Ok(triage) => {
                form.set_saving(true);
                form.set_error_message(None);
                vec![Command::SaveTriage {
                    case_id: form.case_id(),
                    version: form.case_version(),
                    triage: Box::new(triage),
                    close_note: form.immediate_close_note(),
                    repeat_of: form.repeat_link(),
                }]
            }
            Err(_) => Vec::new(),
        },
    }
}

/// The first applicant's and the first respondent's names, when both are typed.
fn pair_key(form: &IntakeForm) -> Option<(String, String)> {
    use crate::app::intake::PartyField;
    use crate::domain::PartyRole;
    let first_name = |role: PartyRole| {
        form.parties()
            .iter()
            .filter(|p| p.role() == role)
            .find_map(|p| p.line(PartyField::Name))
            .map(|l| l.text().trim().to_string())
            .filter(|n| !n.is_empty())
    };
    Some((
        first_name(PartyRole::Applicant)?,
        first_name(PartyRole::Respondent)?,
    ))
}

/// The first applicant's resident ID, when it is complete and valid (normalised).
fn applicant_id(form: &IntakeForm) -> Option<String> {
    form.parties()
        .iter()
        .filter(|p| p.role() == crate::domain::PartyRole::Applicant)
        .find_map(|p| p.line(crate::app::intake::PartyField::ResidentId))
        .and_then(|l| crate::domain::resident_id::ResidentId::parse(l.text()).ok())
        .map(|id| id.as_str().to_string())
}

fn on_paste(state: &mut State, text: &str) -> Vec<Command> {
    match state.context() {
        Context::Intake => match state.intake.as_mut() {
            Some(form) => {
                let outcome = form.paste(text);
                on_form(state, outcome)
            }
            None => Vec::new(),
        },
        Context::Queue if state.queue.filtering => {
            state.queue.filter.push_str(&one_line(text));
            Vec::new()
        }
        Context::Help => {
            if let Some(Overlay::Help { filter, .. }) = state.overlay.as_mut() {
                filter.push_str(&one_line(text));
            }
            Vec::new()
        }
        Context::Find => {
            if let Some(Overlay::Find(find)) = state.overlay.as_mut() {
                find.paste(text);
            }
            Vec::new()
        }
        Context::Outcome => {
            if let Some(Overlay::Outcome(f)) = state.overlay.as_mut()
                && !f.saving
            {
                f.type_text(text);
            }
            Vec::new()
        }
        Context::Prompt => {
            if let Some(Overlay::Prompt(p)) = state.overlay.as_mut()
                && !p.saving
                && let Some(field) = p.fields.get_mut(p.focus)
            {
                field.push_str(&one_line(text));
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}

/// A plain character (no Ctrl) or Backspace.
fn is_text_key(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL)
        || key.code == KeyCode::Backspace
}

fn edit_text(text: &mut String, key: &KeyEvent) {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        _ => {}
    }
}
