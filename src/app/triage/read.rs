//! What the triage form shows: its fields, choices, errors and state, read by the view and the app.

use super::*;

impl TriageForm {
    pub fn case_id(&self) -> Uuid {
        self.case_id
    }

    pub fn case_version(&self) -> i32 {
        self.case_version
    }

    /// The case's category as stored (Chinese).
    pub fn category(&self) -> &str {
        &self.category
    }

    pub fn suggestion(&self) -> Option<&Suggestion> {
        self.suggestion.as_ref()
    }

    /// The centre's departments, suggested ones first.
    pub fn departments(&self) -> &[Department] {
        &self.departments
    }

    /// Whether `departments()[i]` is one the suggestion names.
    pub fn is_suggested(&self, i: usize) -> bool {
        i < self.suggested
    }

    pub fn stream(&self) -> Stream {
        self.stream
    }

    pub fn handling(&self) -> Handling {
        self.handling
    }

    pub fn level(&self) -> Level {
        self.level
    }

    pub fn lead(&self) -> Option<&Department> {
        self.lead_index().and_then(|i| self.departments.get(i))
    }

    /// The ticked cooperating units, in the order ticked.
    pub fn cooperating(&self) -> Vec<&Department> {
        self.cooperating
            .chosen
            .iter()
            .filter_map(|&i| self.departments.get(i))
            .collect()
    }

    /// The department under the cursor of the cooperating list, its index, and whether ticked.
    pub fn cursor_department(&self) -> Option<(usize, &Department, bool)> {
        let at = self.cooperating.cursor;
        let d = self.departments.get(at)?;
        Some((at, d, self.cooperating.is_chosen(at)))
    }

    /// Whether the department under the cooperating cursor is the lead (it cannot be ticked).
    pub fn cursor_is_lead(&self) -> bool {
        self.lead_index() == Some(self.cooperating.cursor)
    }

    pub fn first_handler(&self) -> &TextLine {
        &self.first_handler
    }

    pub fn solved_on_spot(&self) -> bool {
        self.solved_on_spot
    }

    pub fn outcome_note(&self) -> &TextLine {
        &self.outcome_note
    }

    /// The text field at `slot`, if it is one.
    pub fn line(&self, slot: Slot) -> Option<&TextLine> {
        match slot {
            Slot::FirstHandler => Some(&self.first_handler),
            Slot::OutcomeNote => Some(&self.outcome_note),
            _ => None,
        }
    }

    pub(super) fn line_mut(&mut self, slot: Slot) -> Option<&mut TextLine> {
        match slot {
            Slot::FirstHandler => Some(&mut self.first_handler),
            Slot::OutcomeNote => Some(&mut self.outcome_note),
            _ => None,
        }
    }

    /// The list under a focused Lead or Cooperating field, for the view.
    pub fn pick(&self, slot: Slot) -> Option<&Pick> {
        match slot {
            Slot::Lead => Some(&self.lead),
            Slot::Cooperating => Some(&self.cooperating),
            _ => None,
        }
    }

    pub fn focus(&self) -> Slot {
        self.focus
    }

    /// The fields shown, in Tab order (they depend on the handling and the on-the-spot toggle).
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Stream, Slot::Handling, Slot::Level, Slot::Lead];
        match self.handling {
            Handling::Joint => slots.extend([Slot::Cooperating, Slot::FirstHandler]),
            Handling::Immediate => {
                slots.extend([Slot::FirstHandler, Slot::SolvedOnSpot]);
                if self.solved_on_spot {
                    slots.push(Slot::OutcomeNote);
                }
            }
        }
        if !self.earlier.is_empty() {
            slots.push(Slot::Repeat);
        }
        slots
    }

    /// The problem shown under `slot`, if any.
    pub fn error(&self, slot: Slot) -> Option<Problem> {
        self.errors.iter().copied().find(|p| p.slot() == slot)
    }

    /// The error under `slot` as one sentence naming the field.
    pub fn error_text(&self, slot: Slot, lang: Lang) -> Option<String> {
        self.error(slot).map(|p| p.message(lang))
    }

    pub fn error_count(&self) -> usize {
        self.errors.len()
    }

    /// Whether the focused field takes printable characters.
    pub fn accepts_text(&self) -> bool {
        self.focus.is_text() || self.pick(self.focus).is_some()
    }

    pub fn saving(&self) -> bool {
        self.saving
    }

    /// While the store works on a save, keys other than Esc are ignored.
    pub fn set_saving(&mut self, saving: bool) {
        self.saving = saving;
    }

    /// A message from the store to show at the bottom.
    pub fn error_message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    pub fn set_error_message(&mut self, message: Option<String>) {
        self.error_message = message;
    }

    /// For an immediate case solved on the spot: the outcome note (trimmed, not empty), for the
    /// app to resolve the case right after the triage is stored.
    pub fn immediate_close_note(&self) -> Option<String> {
        let note = self.outcome_note.text().trim();
        (self.handling == Handling::Immediate && self.solved_on_spot && !note.is_empty())
            .then(|| note.to_string())
    }
}
