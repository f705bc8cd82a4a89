//! Keys, paste and focus on the intake form: typing into the focused field, moving between fields.

use super::*;

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
        if let Some(outcome) = self.edit_key(key) {
            return outcome;
        }
        match command {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Save) => Outcome::Save,
            Some(Command::Cancel) => Outcome::Cancel,
            Some(Command::AddApplicant) => self.add_party(PartyRole::Applicant),
            Some(Command::AddRespondent) => self.add_party(PartyRole::Respondent),
            Some(Command::RemoveParty) => self.remove_focused_party(armed),
            Some(Command::Toggle) => self.toggle(),
            Some(Command::Prev) => self.cycle(-1),
            Some(Command::Next) => self.cycle(1),
            Some(_) => Outcome::Nothing,
            None if key.code == KeyCode::Enter && no_modifiers(key) => self.move_focus(1),
            None => Outcome::Nothing,
        }
    }

    /// Bracketed paste into the focused field. Never saves: newlines become spaces in a
    /// one-line field, a digits field keeps the digits, choices and toggles ignore it.
    pub fn paste(&mut self, text: &str) -> Outcome {
        self.remove_armed = None;
        if self.saving {
            return Outcome::Nothing;
        }
        let slot = self.focus;
        let changed = match slot.kind() {
            SlotKind::Text => {
                let one_line: String = text
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .filter(|c| !c.is_control())
                    .collect();
                self.line_mut(slot)
                    .is_some_and(|l| l.insert(&one_line, LINE_MAX))
            }
            SlotKind::Digits => {
                let digits: String = text.chars().filter_map(ascii_digit).collect();
                self.line_mut(slot)
                    .is_some_and(|l| l.insert(&digits, DIGITS_MAX))
            }
            SlotKind::Multiline => {
                let clean: String = text
                    .replace("\r\n", "\n")
                    .chars()
                    .map(|c| match c {
                        '\r' => '\n',
                        '\t' => ' ',
                        c => c,
                    })
                    .filter(|&c| c == '\n' || !c.is_control())
                    .collect();
                let room = DESCRIPTION_HARD_MAX.saturating_sub(self.description_chars());
                let clean: String = clean.chars().take(room).collect();
                !clean.is_empty() && self.description.insert_str(clean)
            }
            SlotKind::Choice | SlotKind::Toggle => false,
        };
        if changed {
            self.after_edit(slot);
            Outcome::Changed
        } else {
            Outcome::Nothing
        }
    }

    /// Keys that edit the focused field; `None` when the key is a command here.
    pub(super) fn edit_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        let slot = self.focus;
        let typed = typed_char(key);
        let plain = no_modifiers(key) || key.modifiers == KeyModifiers::SHIFT;
        let fresh = std::mem::take(&mut self.fresh_number);
        let changed = match slot.kind() {
            SlotKind::Text | SlotKind::Digits => {
                let digits = slot.kind() == SlotKind::Digits;
                let line = self.line_mut(slot)?;
                match (typed, key.code) {
                    (Some(c), _) if digits => match ascii_digit(c) {
                        Some(d) if fresh => {
                            *line = LineInput::new(&d.to_string());
                            true
                        }
                        Some(d) => line.insert(&d.to_string(), DIGITS_MAX),
                        None => false,
                    },
                    (Some(c), _) => line.insert(&c.to_string(), LINE_MAX),
                    (None, KeyCode::Backspace) => line.backspace(),
                    (None, KeyCode::Delete) => line.delete(),
                    (None, KeyCode::Left) if plain => {
                        return Some(moved(line.move_to(line.cursor.saturating_sub(1))));
                    }
                    (None, KeyCode::Right) if plain => {
                        return Some(moved(line.move_to(line.cursor + 1)));
                    }
                    (None, KeyCode::Home) => return Some(moved(line.move_to(0))),
                    (None, KeyCode::End) => return Some(moved(line.move_to(usize::MAX))),
                    _ => return None,
                }
            }
            SlotKind::Multiline => {
                let full = self.description_chars() >= DESCRIPTION_HARD_MAX;
                let ta = &mut self.description;
                match (typed, key.code) {
                    (Some(_), _) | (None, KeyCode::Enter) if full => return Some(Outcome::Nothing),
                    (Some(c), _) => {
                        ta.insert_char(c);
                        true
                    }
                    (None, KeyCode::Enter) if plain => {
                        ta.insert_newline();
                        true
                    }
                    (None, KeyCode::Backspace) => ta.delete_char(),
                    (None, KeyCode::Delete) => ta.delete_next_char(),
                    (None, code) if plain => {
                        let m = match code {
                            KeyCode::Left => CursorMove::Back,
                            KeyCode::Right => CursorMove::Forward,
                            KeyCode::Up => CursorMove::Up,
                            KeyCode::Down => CursorMove::Down,
                            KeyCode::Home => CursorMove::Head,
                            KeyCode::End => CursorMove::End,
                            KeyCode::PageUp => CursorMove::Top,
                            KeyCode::PageDown => CursorMove::Bottom,
                            _ => return None,
                        };
                        let before = ta.cursor();
                        ta.move_cursor(m);
                        return Some(moved(ta.cursor() != before));
                    }
                    _ => return None,
                }
            }
            // Typing narrows the categories (劳动, ldzy, labour); Space still cycles.
            SlotKind::Choice if slot == Slot::Category => match (typed, key.code) {
                (Some(' '), _) => return None,
                (Some(c), _) => {
                    self.category.type_text(&c.to_string());
                    self.category_error = None;
                    true
                }
                (None, KeyCode::Backspace) => self.category.backspace(),
                (None, KeyCode::Esc) if self.category.clear_filter() => true,
                _ => return None,
            },
            // Space is the toggle command; other characters mean nothing on a choice or toggle.
            SlotKind::Choice | SlotKind::Toggle => match typed {
                Some(' ') | None => return None,
                Some(_) => return Some(Outcome::Nothing),
            },
        };
        if changed {
            self.after_edit(slot);
            Some(Outcome::Changed)
        } else {
            Some(Outcome::Nothing)
        }
    }

    pub(super) fn description_chars(&self) -> usize {
        self.description
            .lines()
            .iter()
            .map(|l| l.chars().count())
            .sum::<usize>()
            + self.description.lines().len()
            - 1
    }

    /// Inline checks while typing: a resident ID is checked as it grows, and a field already
    /// showing an error is re-checked so the error goes as soon as the value is right.
    pub(super) fn after_edit(&mut self, slot: Slot) {
        self.form_error = None;
        match slot {
            Slot::Party(i, PartyField::ResidentId) => {
                let text = self.parties[i].resident_id.text().to_string();
                let error = resident_id_while_typing(&text);
                self.set_error(slot, error);
            }
            Slot::Description => {
                let too_long = self.description_chars() > DESCRIPTION_MAX;
                if too_long || self.description_error.is_some() {
                    self.description_error = self.check(slot);
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

    // ----- focus -----

    pub(super) fn move_focus(&mut self, delta: isize) -> Outcome {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0) as isize;
        let n = slots.len() as isize;
        let next = slots[((at + delta) % n + n) as usize % slots.len()];
        self.set_focus(next);
        Outcome::Changed
    }

    /// Moves the focus; the field left behind shows its error if its value is wrong.
    pub fn set_focus(&mut self, slot: Slot) {
        if !self.slots().contains(&slot) {
            return;
        }
        if slot != self.focus {
            self.leave(self.focus);
        }
        self.focus = slot;
        self.fresh_number = slot.kind() == SlotKind::Digits;
        self.style_description();
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

    pub(super) fn style_description(&mut self) {
        let focused = self.focus == Slot::Description;
        self.description.set_cursor_style(if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        });
    }
}
