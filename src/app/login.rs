//! Signing in and the idle lock: the login form, what its keys do, and when an idle
//! console locks. The session itself lives in `State.session` (and, while locked, the
//! operator's world in `State.parked`); the store tasks stamp every write with the
//! signed-in operator.

use super::action::Command;
use super::form::{Field, Kit, KitKey};
use super::keymap::Command as K;
use super::state::{Notice, State};
use crate::domain::Operator;
use chrono::{DateTime, Duration, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent};

/// The login screen's two fields on the form kit: `login` (text) and `password` (masked: one
/// mark a character, redacted by `Debug`, taken out of the form when it is sent).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginForm {
    pub kit: Kit,
    /// What the screen says (a refusal, the lock, a login needed) — not a field's.
    pub message: Option<String>,
    /// Sent; waiting for the store (hashing takes a moment, failures wait longer).
    pub busy: bool,
    /// The console locked itself; this operator was signed in.
    pub locked_from: Option<String>,
    /// When the lock appeared: keys typed in the moment after (typing that ran on into the
    /// lock) are not taken as sign-in input.
    pub locked_at: Option<DateTime<Utc>>,
    /// The login was filled in (the locked operator, `--operator`): typing does not add to
    /// it; Backspace clears it on purpose.
    pub prefilled: bool,
}

/// Keys this soon after the lock appears are dropped (a tick is one second, so in practice
/// one to two seconds).
pub const LOCK_GRACE: Duration = Duration::milliseconds(1500);

/// Drops a key typed while the lock has just appeared, saying why. `true`: dropped.
fn in_lock_grace(state: &mut State) -> bool {
    let now = state.now;
    let text = state.t("trust.locked_grace");
    let Some(form) = state.login.as_mut() else {
        return false;
    };
    match form.locked_at {
        Some(at) if now - at < LOCK_GRACE => {
            form.message = Some(text);
            true
        }
        _ => false,
    }
}

/// Long enough for any login or passphrase; a paste cannot fill memory.
const LOGIN_MAX: usize = 64;
const PASSWORD_MAX: usize = 256;

impl Default for LoginForm {
    fn default() -> Self {
        Self::new(None)
    }
}

impl LoginForm {
    pub fn new(login: Option<String>) -> Self {
        let mut kit = Kit::new(vec![
            Field::text("login", "field.login", LOGIN_MAX),
            Field::masked("password", "field.password", PASSWORD_MAX),
        ]);
        if let Some(l) = &login {
            kit.type_text(l);
            kit.focus_on("password");
        }
        Self {
            kit,
            message: None,
            busy: false,
            locked_from: None,
            locked_at: None,
            prefilled: login.as_deref().is_some_and(|l| !l.is_empty()),
        }
    }

    pub fn login(&self) -> &str {
        self.kit.text("login")
    }

    /// The password field has the focus.
    pub fn on_password(&self) -> bool {
        self.kit.focused_id() == Some("password")
    }
}

/// The demo centre's login screen says where its operators' passwords are.
pub fn demo_hint(lang: crate::domain::Lang, path: &std::path::Path) -> String {
    rust_i18n::t!(
        "login.demo_hint",
        locale = lang.locale(),
        path = path.display().to_string()
    )
    .into_owned()
}

/// The refusal of a wrong login or password, in the operator's language.
pub fn refused_text(lang: crate::domain::Lang) -> String {
    rust_i18n::t!("login.wrong", locale = lang.locale()).into_owned()
}

/// How long a console may sit untouched before it locks.
pub const DEFAULT_IDLE_LOCK: Duration = Duration::minutes(5);

pub use crate::domain::operator::failure_delay;

/// A keymap command while nobody is signed in (text keys come through [`type_key`]).
pub(super) fn on_command(state: &mut State, command: K) -> Vec<Command> {
    if !matches!(command, K::Quit) && in_lock_grace(state) {
        return Vec::new();
    }
    let need_login = state.t("login.need_login");
    let form = state.login.get_or_insert_with(|| LoginForm::new(None));
    if form.busy {
        return Vec::new();
    }
    if form.kit.command(command) != KitKey::Save {
        return Vec::new();
    }
    if form.login().trim().is_empty() {
        form.kit.focus_on("login");
        form.message = Some(need_login);
    } else if !form.on_password() && form.kit.masked_len("password") == 0 {
        form.kit.focus_on("password");
    } else {
        form.busy = true;
        form.message = None;
        let login = form.login().trim().to_string();
        // Sent, never kept: the form holds no password after this.
        let password = form.kit.take_masked("password");
        return vec![Command::SignIn { login, password }];
    }
    Vec::new()
}

/// A character or Backspace into the focused field.
pub(super) fn type_key(state: &mut State, key: &KeyEvent) {
    if in_lock_grace(state) {
        return;
    }
    let keep_login = state.t("trust.login_prefilled");
    let form = state.login.get_or_insert_with(|| LoginForm::new(None));
    if form.busy {
        return;
    }
    if !form.on_password() && form.prefilled {
        match key.code {
            // Cleared on purpose: the whole login goes, and typing starts a new one.
            KeyCode::Backspace => {
                while !form.login().is_empty() {
                    form.kit.backspace();
                }
                form.prefilled = false;
                form.message = None;
            }
            KeyCode::Char(_) => form.message = Some(keep_login),
            _ => {}
        }
        return;
    }
    form.kit.type_key(key);
    form.message = None;
}

/// Signed in: an operator whose world was parked here gets it back; anyone else finds a
/// console nobody has used (the others' worlds stay parked, their drafts on disk).
pub(super) fn signed_in(state: &mut State, operator: Operator) -> Vec<Command> {
    let cmds = match super::session::unpark(state, &operator.login) {
        Some(parked) => parked.restore(state),
        None => Vec::new(),
    };
    // A problem found at start (a broken calendar or theme file) stays on screen.
    if !state.notice.as_ref().is_some_and(|n| n.error) {
        state.notice = Some(Notice {
            text: rust_i18n::t!(
                "login.welcome",
                locale = state.lang.locale(),
                name = operator.name
            )
            .into_owned(),
            error: false,
        });
    }
    state.operator = operator.name.clone();
    state.session = Some(operator);
    state.login = None;
    state.last_input = state.now;
    cmds
}

/// Each tick: lock a console left untouched for the idle time.
pub(super) fn on_tick(state: &mut State, now: DateTime<Utc>) -> Vec<Command> {
    let Some(op) = &state.session else {
        return Vec::new();
    };
    if now - state.last_input < state.idle_lock {
        return Vec::new();
    }
    let mut form = LoginForm::new(Some(op.login.clone()));
    form.locked_from = Some(op.login.clone());
    form.locked_at = Some(now);
    form.message = Some(state.t("trust.locked"));
    state.login = Some(form);
    super::session::park(state);
    state.dirty = true;
    vec![Command::SignOut]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_sign_ins_wait_longer_each_time_up_to_sixteen_seconds() {
        assert_eq!(failure_delay(1).as_millis(), 500);
        assert_eq!(failure_delay(2).as_millis(), 1000);
        assert_eq!(failure_delay(6).as_millis(), 16_000);
        assert_eq!(failure_delay(60).as_millis(), 16_000);
    }
}
