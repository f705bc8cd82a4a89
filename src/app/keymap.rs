//! The one keymap table: it decides what a key does, and writes the footer hints and the help.
//!
//! F-keys, Ctrl-keys, Tab, Esc, Enter and arrows do all main work, because with the Chinese
//! IME in 中 mode letters go to the IME. `?` and the full-width `？` both open help.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Where the operator is; a binding applies in its context (and `Global` everywhere).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Context {
    Global,
    Queue,
    Intake,
    Receipt,
    Help,
    Confirm,
    Find,
    Detail,
    Triage,
    Deadlines,
    Prompt,
    /// The summons board tab.
    Board,
    /// The board's department roster.
    Roster,
    /// The whistle form over any panel.
    Whistle,
    /// `yidi board`: the read-only wall screen.
    Wallboard,
    /// The login screen (also the idle lock).
    Login,
    /// The audit view over the journal.
    Audit,
    /// The outcome form, or the court's answer, over the case file.
    Outcome,
    /// The rooms tab.
    Rooms,
    /// The allocate form (rooms and mediators proposed for a case) over any panel.
    Allocate,
    /// The follow-up tab (回访).
    FollowUps,
    /// The follow-up form over it.
    FollowUpForm,
    /// The figures tab (统计) and its second page, the reverse ranking (逆排名).
    Figures,
}

/// What a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Quit,
    Help,
    NewIntake,
    FindCase,
    OpenCase,
    OpenTriage,
    ShowDeadlines,
    AddLedger,
    Explain,
    ShowBoard,
    Reveal,
    ShowAudit,
    Whistle,
    Arrived,
    ArrivedAt,
    Acknowledge,
    Rewhistle,
    CancelSummons,
    ToggleRoster,
    EditWindow,
    RecordOutcome,
    CourtAnswer,
    Escalate,
    ShowRooms,
    ShowFollowUps,
    /// 办结 from the case file.
    CloseCase,
    Reopen,
    RecordFollowUp,
    Allocate,
    ClaimReservation,
    ReleaseRoom,
    TransferRoom,
    ToggleService,
    Reserve,
    ShowQueue,
    ShowFigures,
    Export,
    Refresh,
    NextTab,
    Up,
    Down,
    PageUp,
    PageDown,
    CallNext,
    /// Call the selected ticket, not the next in line.
    CallChosen,
    Recall,
    NoShow,
    Requeue,
    Filter,
    ClearFilter,
    NextField,
    PrevField,
    Save,
    Cancel,
    AddApplicant,
    AddRespondent,
    RemoveParty,
    Toggle,
    Prev,
    Next,
    Close,
    Yes,
    No,
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

const fn k(code: KeyCode) -> Key {
    Key {
        code,
        mods: KeyModifiers::NONE,
    }
}

const fn ctrl(c: char) -> Key {
    Key {
        code: KeyCode::Char(c),
        mods: KeyModifiers::CONTROL,
    }
}

#[derive(Clone, Copy)]
pub struct Binding {
    pub context: Context,
    pub keys: &'static [Key],
    pub command: Command,
    /// Shown in the footer (short) when true; always in help.
    pub hint: bool,
    pub zh: &'static str,
    pub en: &'static str,
}

use Command as C;
use Context as X;
use KeyCode as K;

/// A binding shown in the footer (when it fits) and in help.
const fn hinted(
    context: Context,
    keys: &'static [Key],
    command: Command,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        context,
        keys,
        command,
        hint: true,
        zh,
        en,
    }
}

/// A binding listed in help only (arrows, Esc and the like are not worth footer room).
const fn help_only(
    context: Context,
    keys: &'static [Key],
    command: Command,
    zh: &'static str,
    en: &'static str,
) -> Binding {
    Binding {
        hint: false,
        ..hinted(context, keys, command, zh, en)
    }
}

mod desk;
mod panels;

/// Every binding, the desk's first: one table in two files so each reads in one go.
pub static KEYMAP: std::sync::LazyLock<Vec<Binding>> =
    std::sync::LazyLock::new(|| [desk::DESK, panels::PANELS].concat());

impl Key {
    fn matches(&self, ev: &KeyEvent) -> bool {
        let mods = ev.modifiers - KeyModifiers::SHIFT;
        match (self.code, ev.code) {
            // Shift is part of the character for `?`, and of BackTab.
            (K::Char(a), K::Char(b)) => a.eq_ignore_ascii_case(&b) && mods == self.mods,
            (K::BackTab, K::BackTab) => true,
            (a, b) => a == b && mods == self.mods,
        }
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            K::F(n) => format!("F{n}"),
            K::Char(' ') => "Space".into(),
            K::Char(c) => c.to_string(),
            K::Tab => "Tab".into(),
            K::BackTab => "Shift-Tab".into(),
            K::Esc => "Esc".into(),
            K::Enter => "Enter".into(),
            K::Up => "↑".into(),
            K::Down => "↓".into(),
            K::Left => "←".into(),
            K::Right => "→".into(),
            K::PageUp => "PgUp".into(),
            K::PageDown => "PgDn".into(),
            other => format!("{other:?}"),
        };
        if self.mods.contains(KeyModifiers::CONTROL) {
            format!("Ctrl-{}", base.to_uppercase())
        } else {
            base
        }
    }
}

/// Whose binding a key resolved to: the context's own, or a global one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Own,
    Global,
}

/// Contexts where the global keys do not apply: the sign-in screen (nobody to act for yet)
/// and the read-only wall screen.
fn without_global(context: Context) -> bool {
    matches!(context, X::Wallboard | X::Login)
}

/// What a key means in `context` and whose binding it is: the context's own bindings
/// first, then the global ones — in every tab and overlay.
pub fn resolve(context: Context, ev: &KeyEvent) -> Option<(Command, Scope)> {
    let find = |ctx: Context| {
        KEYMAP
            .iter()
            .find(|b| b.context == ctx && b.keys.iter().any(|k| k.matches(ev)))
            .map(|b| b.command)
    };
    find(context).map(|c| (c, Scope::Own)).or_else(|| {
        (!without_global(context))
            .then(|| find(X::Global))
            .flatten()
            .map(|c| (c, Scope::Global))
    })
}

/// The command a key means in `context`: the context's own bindings first, then global ones.
pub fn lookup(context: Context, ev: &KeyEvent) -> Option<Command> {
    resolve(context, ev).map(|(c, _)| c)
}

impl Binding {
    pub fn describe(&self, lang: crate::domain::Lang) -> &'static str {
        match lang {
            crate::domain::Lang::Zh => self.zh,
            crate::domain::Lang::En => self.en,
        }
    }

    pub fn keys_label(&self) -> String {
        self.keys
            .iter()
            .map(Key::label)
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// The label of the first key bound to a global command (`F3`, `Ctrl-B`), so the tabs name
/// the same key as the help does.
pub fn key_of(command: Command) -> String {
    key_in(X::Global, command)
}

/// The label of the first key bound to `command` in `context`.
pub fn key_in(context: Context, command: Command) -> String {
    KEYMAP
        .iter()
        .find(|b| b.context == context && b.command == command)
        .and_then(|b| b.keys.first())
        .map(Key::label)
        .unwrap_or_default()
}

/// What a command needs the operator's roles to allow; `None` for looking and moving about.
pub fn needs(command: Command) -> Option<crate::domain::Permission> {
    use crate::domain::Permission as P;
    Some(match command {
        C::NewIntake | C::CallNext | C::CallChosen | C::Recall | C::NoShow | C::Requeue => {
            P::Intake
        }
        C::OpenTriage | C::AddLedger | C::Explain | C::Escalate => P::Triage,
        C::RecordOutcome | C::CourtAnswer => P::Close,
        C::CloseCase | C::Reopen | C::RecordFollowUp => P::Close,
        C::Whistle | C::Rewhistle | C::CancelSummons => P::Whistle,
        C::Arrived | C::ArrivedAt => P::RecordArrival,
        C::Acknowledge => P::Acknowledge,
        C::Allocate
        | C::ClaimReservation
        | C::ReleaseRoom
        | C::TransferRoom
        | C::ToggleService
        | C::Reserve => P::AllocateRoom,
        C::Reveal => P::RevealPersonalData,
        C::ShowAudit => P::ViewAudit,
        C::EditWindow => P::EditRoster,
        C::Export => P::Export,
        _ => return None,
    })
}

/// The footer's hints for a context: help first (it lists everything), then the context's
/// own, then the other global ones.
pub fn hints(context: Context) -> impl Iterator<Item = &'static Binding> {
    // Overlays and forms show their own keys and help; the other global keys work there
    // too but would crowd out the form's own.
    let with_global = !without_global(context);
    let with_tabs = with_global
        && !matches!(
            context,
            X::Help
                | X::Confirm
                | X::Find
                | X::Prompt
                | X::Whistle
                | X::Outcome
                | X::Allocate
                | X::FollowUpForm
        );
    let help = KEYMAP.iter().filter(move |b| {
        with_global && context != X::Help && b.context == X::Global && b.command == C::Help
    });
    let own = KEYMAP
        .iter()
        .filter(move |b| b.context == context && b.hint);
    let global = KEYMAP
        .iter()
        .filter(move |b| with_tabs && b.context == X::Global && b.hint && b.command != C::Help);
    help.chain(own).chain(global)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn help_opens_with_f1_and_both_question_marks() {
        for code in [K::F(1), K::Char('?'), K::Char('？')] {
            assert_eq!(
                lookup(X::Queue, &ev(code, KeyModifiers::NONE)),
                Some(C::Help),
                "{code:?}"
            );
        }
        assert_eq!(
            lookup(X::Queue, &ev(K::Char('?'), KeyModifiers::SHIFT)),
            Some(C::Help)
        );
    }

    #[test]
    fn a_context_binding_wins_over_a_global_one() {
        assert_eq!(
            lookup(X::Intake, &ev(K::Tab, KeyModifiers::NONE)),
            Some(C::NextField)
        );
        assert_eq!(
            lookup(X::Queue, &ev(K::Tab, KeyModifiers::NONE)),
            Some(C::NextTab)
        );
        assert_eq!(
            lookup(X::Intake, &ev(K::Char('s'), KeyModifiers::CONTROL)),
            Some(C::Save)
        );
        assert_eq!(
            lookup(X::Intake, &ev(K::Char('s'), KeyModifiers::NONE)),
            None,
            "a plain letter is typing"
        );
    }

    #[test]
    fn no_key_means_two_things_in_one_context() {
        for a in KEYMAP.iter() {
            for b in KEYMAP.iter() {
                if std::ptr::eq(a, b) || a.context != b.context {
                    continue;
                }
                for ka in a.keys {
                    let e = ev(ka.code, ka.mods);
                    assert!(
                        !b.keys.iter().any(|kb| kb.matches(&e)),
                        "{} bound twice in {:?}",
                        ka.label(),
                        a.context
                    );
                }
            }
        }
    }

    #[test]
    fn every_binding_is_described_in_both_languages() {
        for b in KEYMAP.iter() {
            assert!(!b.zh.is_empty() && !b.en.is_empty() && !b.keys.is_empty());
        }
    }
}
