//! Keys on the triage form: fields, choices, ticks and typing.

use super::*;

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
        if let Some(outcome) = self.list_key(key, command) {
            return outcome;
        }
        if let Some(outcome) = self.edit_key(key) {
            return outcome;
        }
        let outcome = match command {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Save) => return Outcome::Save,
            Some(Command::Cancel) => return Outcome::Cancel,
            Some(Command::Toggle) => self.toggle(),
            Some(Command::Prev) => self.cycle(-1),
            Some(Command::Next) => self.cycle(1),
            Some(_) => Outcome::Nothing,
            None if key.code == KeyCode::Enter && no_modifiers(key) => self.move_focus(1),
            None => Outcome::Nothing,
        };
        if outcome == Outcome::Changed {
            self.recheck();
        }
        outcome
    }

    /// Bracketed paste into the focused text field (newlines become spaces); never saves.
    pub fn paste(&mut self, text: &str) -> Outcome {
        if self.saving {
            return Outcome::Nothing;
        }
        let slot = self.focus;
        let Some(line) = self.line_mut(slot) else {
            return Outcome::Nothing;
        };
        let mut changed = false;
        for c in text.chars() {
            let c = if c.is_whitespace() { ' ' } else { c };
            changed |= line.insert(c.encode_utf8(&mut [0; 4]), LINE_MAX);
        }
        if changed {
            self.recheck();
            Outcome::Changed
        } else {
            Outcome::Nothing
        }
    }

    fn pick_mut(&mut self) -> Option<&mut Pick> {
        match self.focus {
            Slot::Lead => Some(&mut self.lead),
            Slot::Cooperating => Some(&mut self.cooperating),
            _ => None,
        }
    }

    /// Keys on the lead or cooperating list: typing filters it (Space ticks), ↑ ↓ move along
    /// it, Esc clears the filter before it cancels; `None` when the key is not the list's.
    fn list_key(&mut self, key: &KeyEvent, command: Option<Command>) -> Option<Outcome> {
        let lead = self.focus == Slot::Lead;
        let pick = self.pick_mut()?;
        let changed = match (typed_char(key), key.code) {
            (Some(' '), _) => return None,
            (Some(c), _) => {
                pick.type_text(c.encode_utf8(&mut [0; 4]));
                true
            }
            (None, KeyCode::Backspace) => pick.backspace(),
            (None, KeyCode::Up) => pick.step(-1),
            (None, KeyCode::Down) => pick.step(1),
            _ if command == Some(Command::Cancel) && pick.clear_filter() => true,
            _ => return None,
        };
        if lead {
            self.sync_lead();
        }
        self.recheck();
        Some(moved(changed))
    }

    /// Keys that edit a text field; `None` when the key is a command here.
    pub(super) fn edit_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        let typed = typed_char(key);
        let plain = no_modifiers(key) || key.modifiers == KeyModifiers::SHIFT;
        let slot = self.focus;
        let Some(line) = self.line_mut(slot) else {
            // Space is the toggle command; other characters mean nothing on a choice.
            return match typed {
                Some(' ') | None => None,
                Some(_) => Some(Outcome::Nothing),
            };
        };
        let changed = match (typed, key.code) {
            (Some(c), _) => line.insert(c.encode_utf8(&mut [0; 4]), LINE_MAX),
            (None, KeyCode::Backspace) => line.backspace(),
            (None, KeyCode::Delete) => line.delete(),
            (None, KeyCode::Left) if plain => {
                return Some(moved(line.move_to(line.cursor().saturating_sub(1))));
            }
            (None, KeyCode::Right) if plain => return Some(moved(line.move_to(line.cursor() + 1))),
            (None, KeyCode::Home) => return Some(moved(line.move_to(0))),
            (None, KeyCode::End) => return Some(moved(line.move_to(usize::MAX))),
            _ => return None,
        };
        if changed {
            self.recheck();
        }
        Some(moved(changed))
    }

    pub(super) fn move_focus(&mut self, delta: isize) -> Outcome {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0) as isize;
        let n = slots.len() as isize;
        self.focus = slots[(at + delta).rem_euclid(n) as usize];
        Outcome::Changed
    }

    /// Moves the focus to `slot` if it is shown.
    pub fn set_focus(&mut self, slot: Slot) {
        if self.slots().contains(&slot) {
            self.focus = slot;
        }
    }

    pub(super) fn toggle(&mut self) -> Outcome {
        match self.focus {
            Slot::Cooperating => moved(self.cooperating.toggle()),
            Slot::SolvedOnSpot => {
                self.solved_on_spot = !self.solved_on_spot;
                Outcome::Changed
            }
            Slot::Stream | Slot::Handling | Slot::Level | Slot::Lead | Slot::Repeat => {
                self.cycle(1)
            }
            Slot::FirstHandler | Slot::OutcomeNote => Outcome::Nothing,
        }
    }

    pub(super) fn cycle(&mut self, delta: isize) -> Outcome {
        fn step<T: Copy + PartialEq>(all: &[T], now: T, delta: isize) -> T {
            let at = all.iter().position(|&x| x == now).unwrap_or(0) as isize;
            all[(at + delta).rem_euclid(all.len() as isize) as usize]
        }
        match self.focus {
            Slot::Stream => self.stream = step(Stream::ALL, self.stream, delta),
            Slot::Handling => {
                self.handling = step(Handling::ALL, self.handling, delta);
                if self.handling == Handling::Joint {
                    self.solved_on_spot = false;
                }
                self.sync_lead();
            }
            Slot::Level => self.level = step(Level::ALL, self.level, delta),
            Slot::Lead => {
                let before = self.lead_index();
                self.lead.step(delta);
                if self.lead_index() == before {
                    return Outcome::Nothing;
                }
                self.sync_lead();
            }
            Slot::Cooperating => return moved(self.cooperating.step(delta)),
            Slot::Repeat => {
                // "Not a repeat", then each earlier case.
                let all: Vec<Option<usize>> = std::iter::once(None)
                    .chain((0..self.earlier.len()).map(Some))
                    .collect();
                self.repeat = step(&all, self.repeat, delta);
            }
            Slot::FirstHandler | Slot::SolvedOnSpot | Slot::OutcomeNote => {
                return Outcome::Nothing;
            }
        }
        Outcome::Changed
    }
}
