//! Keys and paste on the intake form: the kit reads them; the form adds the party keys, keeps
//! the automatic group visit as it is, and checks a field as it is typed and when it is left.

use super::*;
use crate::app::form::KitKey;

impl IntakeForm {
    /// One key from the terminal.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Nothing;
        }
        let command = keymap::lookup(Context::Intake, key);
        // Any key but a second Ctrl-D disarms a pending removal.
        let armed = self.remove_armed.take();
        if self.saving {
            return if command == Some(Command::Cancel) {
                Outcome::Cancel
            } else {
                Outcome::Nothing
            };
        }
        let typing = self.kit.accepts_text() && crate::app::form::typed_char(key).is_some();
        match command {
            _ if typing => {}
            Some(Command::AddApplicant) => return self.add_party(PartyRole::Applicant),
            Some(Command::AddRespondent) => return self.add_party(PartyRole::Respondent),
            Some(Command::RemoveParty) => return self.remove_focused_party(armed),
            // Persons > 1 ticks the group visit whatever was ticked by hand.
            Some(Command::Toggle | Command::Prev | Command::Next)
                if self.focus() == Slot::GroupVisit && self.group_visit_auto() =>
            {
                return Outcome::Nothing;
            }
            _ => {}
        }
        let before = (self.kit.clone(), self.focus());
        match self.kit.handle(key, command) {
            KitKey::Save => Outcome::Save,
            KitKey::Cancel => Outcome::Cancel,
            KitKey::Done | KitKey::Other => self.after(before),
        }
    }

    /// Bracketed paste into the focused field. Never saves: newlines become spaces in a
    /// one-line field, a digits field keeps the digits, choices and toggles ignore it.
    pub fn paste(&mut self, text: &str) -> Outcome {
        self.remove_armed = None;
        if self.saving {
            return Outcome::Nothing;
        }
        let before = (self.kit.clone(), self.focus());
        self.kit.paste(text);
        self.after(before)
    }

    /// After the kit took a key or a paste: the fields that apply, the checks of the field
    /// edited and of the one left, and whether anything changed.
    fn after(&mut self, (kit, slot): (Kit, Slot)) -> Outcome {
        self.sync();
        let edited = self.kit.fields != kit.fields;
        if edited {
            self.after_edit(slot);
        }
        if self.focus() != slot {
            self.leave(slot);
        }
        if edited || self.kit.focus != kit.focus || self.kit.caret() != kit.caret() {
            Outcome::Changed
        } else {
            Outcome::Nothing
        }
    }

    /// Inline checks while typing: a resident ID is checked as it grows, and a field already
    /// showing an error is re-checked so the error goes as soon as the value is right.
    pub(super) fn after_edit(&mut self, slot: Slot) {
        self.form_error = None;
        match slot {
            Slot::Party(_, PartyField::ResidentId) => {
                let text = self.line(slot).map_or("", |l| l.text()).to_string();
                self.set_error(slot, resident_id_while_typing(&text));
            }
            Slot::Description => {
                let too_long = self.description_chars() > DESCRIPTION_MAX;
                if too_long || self.error(slot).is_some() {
                    let error = self.check(slot);
                    self.set_error(slot, error);
                }
            }
            _ => {
                if self.error(slot).is_some() {
                    let error = self.check(slot);
                    self.set_error(slot, error);
                }
            }
        }
    }

    /// Moves the focus; the field left behind shows its error if its value is wrong.
    pub fn set_focus(&mut self, slot: Slot) {
        let Some(i) = self.index(slot) else {
            return;
        };
        let from = self.focus();
        if !self.kit.fields[i].shown {
            return;
        }
        self.kit.focus_at(i);
        if self.focus() != from {
            self.leave(from);
        }
    }

    pub(super) fn leave(&mut self, slot: Slot) {
        let found = self.check(slot);
        // An empty required field is not nagged about until a save is tried.
        let quiet =
            matches!(&found, Some(e) if e.problem == Problem::Empty) && self.error(slot).is_none();
        if !quiet {
            self.set_error(slot, found);
        }
    }
}
