//! Keys on the triage form: the kit reads them (fields, choices, lists, ticks, typing); the
//! form then shows the fields that apply and re-checks what showed an error.

use super::*;
use crate::app::form::KitKey;

impl TriageForm {
    /// One key from the terminal.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Nothing;
        }
        let command = keymap::lookup(Context::Triage, key);
        if self.saving {
            return if command == Some(Command::Cancel) {
                Outcome::Cancel
            } else {
                Outcome::Nothing
            };
        }
        let before = self.kit.clone();
        match self.kit.handle(key, command) {
            KitKey::Save => return Outcome::Save,
            KitKey::Cancel => return Outcome::Cancel,
            KitKey::Done | KitKey::Other => {}
        }
        self.after(&before)
    }

    /// Bracketed paste into the focused text field (newlines become spaces) or a list's
    /// filter; never saves.
    pub fn paste(&mut self, text: &str) -> Outcome {
        if self.saving {
            return Outcome::Nothing;
        }
        let before = self.kit.clone();
        self.kit.paste(text);
        self.after(&before)
    }

    /// After the kit took a key: the fields that apply, and whether anything changed.
    fn after(&mut self, before: &Kit) -> Outcome {
        self.sync();
        let changed = self.kit.fields != before.fields
            || self.kit.focus != before.focus
            || self.kit.caret() != before.caret();
        if changed {
            self.recheck();
            Outcome::Changed
        } else {
            Outcome::Nothing
        }
    }

    /// Moves the focus to `slot` if it is shown.
    pub fn set_focus(&mut self, slot: Slot) {
        self.kit.focus_on(slot.id());
    }
}
