//! What the summons board's keys, the whistle form and the board's prompts do to `State`:
//! the board's part of `update`, pure like the rest of it.

use super::action::Command;
use super::board::WhistleForm;
use super::form::{KitKey, When};
use super::keymap::{Command as K, Context};
use super::state::{Notice, Overlay, Prompt, PromptKind, State, Tab};
use crate::domain::clock::{TZ, local_day, local_time_on};
use crate::domain::department::check_arrival_window;
use crate::domain::summons::check_arrival;
use chrono::{DateTime, Utc};
use ratatui::crossterm::event::KeyEvent;
use uuid::Uuid;

/// The board's commands; `None` when the key is not the board's business.
pub(super) fn on_command(state: &mut State, context: Context, command: K) -> Option<Vec<Command>> {
    let cmds = match (context, command) {
        (_, K::ShowBoard) => {
            state.tab = Tab::Board;
            if state.board.loaded {
                Vec::new()
            } else {
                vec![Command::LoadQueue]
            }
        }
        (_, K::Whistle) => open_whistle(state, context),
        (Context::Board | Context::Roster, K::Up | K::Down) => {
            state.board.move_selection(command == K::Down, state.now);
            Vec::new()
        }
        (Context::Board | Context::Roster, K::ToggleRoster) => {
            state.board.show_roster = !state.board.show_roster;
            Vec::new()
        }
        (Context::Board, K::OpenCase) => selected(state)
            .map(|(s, _)| vec![Command::LoadCaseFile(s.case_id)])
            .unwrap_or_default(),
        (Context::Board, K::Arrived | K::ArrivedAt | K::Rewhistle | K::CancelSummons) => {
            let now = state.now;
            state.board.pin(now);
            let Some((s, _)) = selected(state) else {
                return Some(Vec::new());
            };
            if !s.is_open() {
                let key = if s.arrived_at.is_some() {
                    "store.summons_arrived"
                } else {
                    "store.summons_cancelled"
                };
                tell(state, state.t(key), true);
                return Some(Vec::new());
            }
            let summons_id = s.id;
            match command {
                K::Arrived => vec![Command::RecordArrival {
                    summons_id,
                    at: now,
                    note: None,
                }],
                K::Rewhistle => vec![Command::Rewhistle(summons_id)],
                K::ArrivedAt => {
                    let time = When::time(Some(now.with_timezone(&TZ).time()));
                    let kind = PromptKind::ArrivalAt { summons_id };
                    let prompt = Prompt::new(kind).proposing("prompt.arrival_time", time);
                    state.overlay = Some(Overlay::Prompt(Box::new(prompt)));
                    Vec::new()
                }
                _ => {
                    let kind = PromptKind::CancelSummons { summons_id };
                    state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
                    Vec::new()
                }
            }
        }
        (Context::Board, K::Acknowledge) => {
            let (now, grace) = (state.now, state.board.grace);
            state.board.pin(now);
            match selected(state) {
                Some((s, _)) if s.escalation_pending(now, grace) => {
                    vec![Command::AcknowledgeEscalation(s.id)]
                }
                Some(_) => {
                    tell(state, state.t("board.not_escalated"), true);
                    Vec::new()
                }
                None => Vec::new(),
            }
        }
        (Context::Roster, K::EditWindow) => {
            if let Some(d) = state.board.selected_department() {
                let kind = PromptKind::ArrivalWindow {
                    department_id: d.id,
                };
                let fields = vec![d.arrival_window_min.to_string()];
                state.overlay = Some(Overlay::Prompt(Box::new(Prompt::with_fields(kind, fields))));
            }
            Vec::new()
        }
        (Context::Whistle, _) => on_whistle(state, command),
        _ => return None,
    };
    Some(cmds)
}

fn selected(state: &State) -> Option<(crate::domain::Summons, String)> {
    state
        .board
        .selected_row(state.now)
        .map(|r| (r.summons.clone(), r.case_no.clone()))
}

fn tell(state: &mut State, text: String, error: bool) {
    state.notice = Some(Notice { text, error });
}

/// The case the whistle is for: the one the operator is looking at.
pub(super) fn case_in_view(state: &State, context: Context) -> Option<(Uuid, String)> {
    match context {
        Context::Queue => state
            .queue
            .selected_row()
            .map(|r| (r.case_id, r.case_no.clone())),
        Context::Detail => match &state.overlay {
            Some(Overlay::Detail(d)) => Some((d.file.case.id, d.file.case.case_no.clone())),
            _ => None,
        },
        Context::Triage => state
            .triage
            .as_ref()
            .map(|(_, c)| (c.id, c.case_no.clone())),
        Context::Deadlines => state.deadline_case().map(|c| (c.id, c.case_no.clone())),
        Context::Board => state
            .board
            .selected_row(state.now)
            .map(|r| (r.summons.case_id, r.case_no.clone())),
        _ => None,
    }
}

fn open_whistle(state: &mut State, context: Context) -> Vec<Command> {
    let Some((case_id, case_no)) = case_in_view(state, context) else {
        tell(state, state.t("board.no_case"), true);
        return Vec::new();
    };
    if state.board.data.departments.is_empty() {
        tell(state, state.t("board.not_loaded"), true);
        return Vec::new();
    }
    let form = WhistleForm::new(case_id, case_no, &state.board, state.lang);
    state.overlay = Some(Overlay::Whistle(Box::new(form)));
    vec![Command::SuggestWhistle(case_id)]
}

/// The case's triaged units arrived: ticked on its whistle form if still open and untouched.
pub(super) fn whistle_suggested(state: &mut State, case_id: Uuid, departments: &[Uuid]) {
    if let Some(Overlay::Whistle(form)) = state.overlay.as_mut()
        && form.case_id == case_id
    {
        form.suggest(departments);
        state.dirty = true;
    }
}

fn on_whistle(state: &mut State, command: K) -> Vec<Command> {
    let lang = state.lang;
    let Some(Overlay::Whistle(form)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    match form.kit.command(command) {
        KitKey::Done => form.touched = true,
        KitKey::Cancel => state.overlay = None,
        KitKey::Save => {
            form.kit.clear_messages();
            let departments = form.ticked();
            let reason = form.reason().trim().to_string();
            if departments.is_empty() {
                let m = rust_i18n::t!("board.pick_department", locale = lang.locale());
                form.kit.complain("units", m.into());
            } else if reason.is_empty() {
                let field = crate::domain::Field::Reason.label(lang);
                let m = rust_i18n::t!("prompt.required", locale = lang.locale(), field = field);
                form.kit.complain("reason", m.into());
            } else {
                let case_id = form.case_id;
                state.overlay = None;
                return vec![Command::Whistle {
                    case_id,
                    departments,
                    reason,
                }];
            }
        }
        KitKey::Other => {}
    }
    Vec::new()
}

/// Typed into the whistle form: the reason, or the list's filter.
pub(super) fn whistle_text(form: &mut WhistleForm, key: &KeyEvent) -> bool {
    let took = form.kit.type_key(key);
    form.touched |= took;
    took
}

/// Saving one of the board's prompts; `None` when the prompt is not the board's.
pub(super) fn save_prompt(state: &mut State) -> Option<Vec<Command>> {
    let now = state.now;
    let lang = state.lang;
    let Some(Overlay::Prompt(p)) = state.overlay.as_ref() else {
        return None;
    };
    let fields: Vec<String> = (0..p.labels().len()).map(|i| p.text(i)).collect();
    let result: Result<Command, (usize, String)> = match p.kind {
        PromptKind::ArrivalAt { summons_id } => {
            let summons = state
                .board
                .data
                .rows
                .iter()
                .find(|r| r.summons.id == summons_id)
                .map(|r| r.summons.clone())?;
            arrival_at(
                &summons,
                p.kit.time("prompt.arrival_time"),
                &fields,
                now,
                lang,
            )
        }
        PromptKind::CancelSummons { .. } if fields[0].is_empty() => Err((
            0,
            crate::domain::ValidationError::new(
                crate::domain::Field::Reason,
                crate::domain::Problem::Empty,
            )
            .message(lang),
        )),
        PromptKind::CancelSummons { summons_id } => Ok(Command::CancelSummons {
            summons_id,
            reason: fields[0].clone(),
        }),
        PromptKind::ArrivalWindow { department_id } => {
            let minutes = fields[0].parse::<i32>().unwrap_or(-1);
            check_arrival_window(minutes)
                .map(|minutes| Command::SetArrivalWindow {
                    department_id,
                    minutes,
                })
                .map_err(|e| (0, e.message(lang)))
        }
        _ => return None,
    };
    let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
        return None;
    };
    Some(match result {
        Ok(cmd) => {
            state.overlay = None;
            vec![cmd]
        }
        Err((field, message)) => {
            p.complain(field, message);
            Vec::new()
        }
    })
}

fn arrival_at(
    s: &crate::domain::Summons,
    time: Option<chrono::NaiveTime>,
    fields: &[String],
    now: DateTime<Utc>,
    lang: crate::domain::Lang,
) -> Result<Command, (usize, String)> {
    use crate::domain::{Field, Problem, ValidationError};
    let typed = time.map(|t| t.format("%H:%M").to_string());
    let at = typed
        .and_then(|t| local_time_on(local_day(now), &t))
        .ok_or_else(|| {
            let e = ValidationError::new(Field::ArrivalTime, Problem::NotATime);
            (0, e.message(lang))
        })?;
    check_arrival(s, at, now, &fields[1]).map_err(|e| {
        let field = usize::from(e.field == Field::Reason);
        (field, e.message(lang))
    })?;
    let note = (!fields[1].is_empty()).then(|| fields[1].clone());
    Ok(Command::RecordArrival {
        summons_id: s.id,
        at,
        note,
    })
}

/// Each second: redraw when a countdown is on screen, and sweep for escalations.
pub(super) fn on_tick(state: &mut State, second_changed: bool) -> Vec<Command> {
    let timers_visible = state.tab == Tab::Board
        || state.wallboard
        || (state.size.0 >= super::state::DASHBOARD.0 && state.size.1 >= super::state::DASHBOARD.1);
    if second_changed && timers_visible && !state.board.data.rows.is_empty() {
        state.dirty = true;
    }
    // The wall screen only reads; the consoles write escalations.
    if !state.wallboard && state.board.sweep_due(state.now) {
        return vec![Command::EscalateLate {
            grace: state.board.grace,
        }];
    }
    Vec::new()
}
