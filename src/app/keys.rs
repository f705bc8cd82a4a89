//! Who gets a key. A text field takes the printable keys; then the keymap resolves the key —
//! the context's own binding first, then a global one, in every tab and overlay — and exactly
//! one handler acts on it. A key with no meaning here says so in the footer instead of
//! vanishing (testers took a silent screen for a frozen console).

use super::action::Command;
use super::keymap::{self, Command as K, Context, Scope};
use super::state::{Ask, Notice, Overlay, State};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Command> {
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
    // A notice is read by the next key that is not typing.
    if !is_text_key(&key) {
        state.notice = None;
    }
    // The follow-up form and the closing prompts take their own typing.
    if is_text_key(&key)
        && let Some(cmds) = super::finish::on_key(state, &key)
    {
        return cmds;
    }
    // In the overlays that take text, printable keys are text (`?` and `？` included).
    if is_text_key(&key)
        && let Some(cmds) = type_text(state, context, &key)
    {
        return cmds;
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
    if let Some(cmds) = form_key(state, context, &key) {
        return cmds;
    }
    match keymap::resolve(context, &key) {
        Some((command, Scope::Global)) => on_global(state, command),
        Some((command, Scope::Own)) => super::desk::on_command(state, context, command),
        None => {
            no_meaning(state, &key);
            Vec::new()
        }
    }
}

/// Printable keys in a context with a text field; `None` when nothing here takes text.
fn type_text(state: &mut State, context: Context, key: &KeyEvent) -> Option<Vec<Command>> {
    match (context, state.overlay.as_mut()) {
        (Context::Help, Some(Overlay::Help { filter, scroll })) => {
            edit_text(filter, key);
            *scroll = 0;
            return Some(Vec::new());
        }
        (Context::Find, Some(Overlay::Find(find))) => {
            match key.code {
                KeyCode::Char(c) => find.type_char(c),
                _ => find.backspace(),
            }
            return Some(Vec::new());
        }
        (Context::Prompt, Some(Overlay::Prompt(p))) if !p.saving => {
            p.kit.type_key(key);
            return Some(Vec::new());
        }
        (Context::Audit, _) => {
            edit_text(&mut state.audit.query, key);
            state.audit.problem = None;
            return Some(Vec::new());
        }
        (Context::Allocate, Some(Overlay::Allocate(_))) => {
            let took = super::update_rooms::allocate_text(state, key);
            if took {
                return Some(Vec::new());
            }
        }
        (Context::Whistle, Some(Overlay::Whistle(form))) => {
            let took = super::update_board::whistle_text(form, key);
            if took {
                return Some(Vec::new());
            }
        }
        (Context::Outcome, Some(Overlay::Outcome(f))) => {
            let took = super::outcome::type_key(f, key);
            if took {
                return Some(Vec::new());
            }
        }
        _ => {}
    }
    None
}

/// The intake and triage forms read their own keys (fields, choices, typing); global keys
/// pass through them.
fn form_key(state: &mut State, context: Context, key: &KeyEvent) -> Option<Vec<Command>> {
    let command = keymap::lookup(context, key);
    let typing =
        matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL);
    match context {
        Context::Intake => {
            let form = state.intake.as_mut()?;
            let for_form = (typing && form.accepts_text())
                || matches!(
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
            if !for_form {
                return None;
            }
            let outcome = form.handle_key(key);
            Some(super::update_forms::on_form(state, outcome))
        }
        Context::Triage => {
            let (form, _) = state.triage.as_mut()?;
            let for_form = (typing && form.accepts_text())
                || matches!(
                    command,
                    None | Some(
                        K::NextField
                            | K::PrevField
                            | K::Prev
                            | K::Next
                            | K::Toggle
                            | K::Save
                            | K::Cancel
                    )
                );
            if !for_form {
                return None;
            }
            let outcome = form.handle_key(key);
            Some(super::update_forms::on_triage(state, outcome))
        }
        _ => None,
    }
}

/// A global key, wherever it was pressed. Help opens over anything and gives it back; quitting
/// asks when something typed would be lost; moving to another panel closes a read-only
/// overlay, but never a form holding what was typed.
fn on_global(state: &mut State, command: K) -> Vec<Command> {
    match command {
        K::Help => {
            if !matches!(state.overlay, Some(Overlay::Help { .. })) {
                state.under = state.overlay.take();
            }
            super::desk::on_command(state, Context::Global, command)
        }
        K::Quit => {
            if holds_a_form(state) {
                state.under = state.overlay.take();
                state.overlay = Some(Overlay::Confirm(Ask::QuitForm));
                Vec::new()
            } else {
                super::desk::on_command(state, Context::Global, command)
            }
        }
        _ => {
            if matches!(state.overlay, Some(Overlay::Help { .. })) {
                state.overlay = state.under.take();
            }
            if holds_a_form(state) {
                tell(state, state.t("keys.finish_form"));
                return Vec::new();
            }
            if matches!(state.overlay, Some(Overlay::Detail(_))) {
                state.revealed = None;
            }
            state.overlay = None;
            // Asked as the global command it is, so no panel's own handler can take it.
            super::desk::on_command(state, Context::Global, command)
        }
    }
}

/// An overlay that holds what the operator typed or chose, which moving away would lose.
fn holds_a_form(state: &State) -> bool {
    matches!(
        state.overlay,
        Some(
            Overlay::Prompt(_)
                | Overlay::Outcome(_)
                | Overlay::Whistle(_)
                | Overlay::Allocate(_)
                | Overlay::FollowUp(_)
                | Overlay::Confirm(_)
                | Overlay::RestoreDraft(_)
        )
    )
}

fn no_meaning(state: &mut State, key: &KeyEvent) {
    let text = if is_text_key(key) {
        state.t("keys.no_text_here")
    } else {
        let label = keymap::Key {
            code: key.code,
            mods: key.modifiers - KeyModifiers::SHIFT,
        }
        .label();
        rust_i18n::t!("keys.no_meaning", locale = state.lang.locale(), key = label).into_owned()
    };
    tell(state, text);
}

fn tell(state: &mut State, text: String) {
    state.notice = Some(Notice { text, error: false });
}

/// A plain character (no Ctrl) or Backspace.
pub(super) fn is_text_key(key: &KeyEvent) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.modifiers.contains(KeyModifiers::CONTROL)
        || key.code == KeyCode::Backspace
}

pub(super) fn edit_text(text: &mut String, key: &KeyEvent) {
    match key.code {
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
        KeyCode::Backspace => {
            text.pop();
        }
        _ => {}
    }
}

pub(super) fn on_paste(state: &mut State, text: &str) -> Vec<Command> {
    match state.context() {
        Context::Intake => match state.intake.as_mut() {
            Some(form) => {
                let outcome = form.paste(text);
                super::update_forms::on_form(state, outcome)
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
        Context::FollowUpForm => {
            super::finish::on_paste(state, text);
            Vec::new()
        }
        Context::Whistle => {
            if let Some(Overlay::Whistle(f)) = state.overlay.as_mut() {
                f.kit.paste(text);
            }
            Vec::new()
        }
        Context::Outcome => {
            if let Some(Overlay::Outcome(f)) = state.overlay.as_mut()
                && !f.saving
            {
                f.kit.paste(text);
            }
            Vec::new()
        }
        Context::Triage => {
            if let Some((form, _)) = state.triage.as_mut() {
                form.paste(text);
            }
            Vec::new()
        }
        Context::Prompt => {
            if let Some(Overlay::Prompt(p)) = state.overlay.as_mut()
                && !p.saving
            {
                p.kit.paste(text);
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn one_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
