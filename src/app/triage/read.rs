//! What the triage form shows: its fields, choices, errors and state, read by the view and the app.

use super::*;
use crate::app::form::LineView;

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
        Stream::ALL[self.kit.selected(Slot::Stream.id())]
    }

    pub fn handling(&self) -> Handling {
        Handling::ALL[self.kit.selected(Slot::Handling.id())]
    }

    pub fn level(&self) -> Level {
        Level::ALL[self.kit.selected(Slot::Level.id())]
    }

    pub fn lead(&self) -> Option<&Department> {
        self.lead_index().and_then(|i| self.departments.get(i))
    }

    fn ticked(&self) -> &[usize] {
        &self.kit.pick(Slot::Cooperating.id()).chosen
    }

    /// The ticked cooperating units, in the order ticked.
    pub fn cooperating(&self) -> Vec<&Department> {
        self.ticked()
            .iter()
            .filter_map(|&i| self.departments.get(i))
            .collect()
    }

    /// The department under the cursor of the cooperating list, its index, and whether ticked.
    pub fn cursor_department(&self) -> Option<(usize, &Department, bool)> {
        let list = self.kit.pick(Slot::Cooperating.id());
        let at = list.cursor;
        let d = self.departments.get(at)?;
        Some((at, d, list.is_chosen(at)))
    }

    /// Whether the department under the cooperating cursor is the lead (it cannot be ticked).
    pub fn cursor_is_lead(&self) -> bool {
        self.lead_index() == Some(self.kit.pick(Slot::Cooperating.id()).cursor)
    }

    pub fn first_handler(&self) -> LineView<'_> {
        self.line(Slot::FirstHandler).unwrap_or_default()
    }

    pub fn solved_on_spot(&self) -> bool {
        self.kit.ticked(Slot::SolvedOnSpot.id())
    }

    pub fn outcome_note(&self) -> LineView<'_> {
        self.line(Slot::OutcomeNote).unwrap_or_default()
    }

    /// The text field at `slot`, if it is one: its text and cursor.
    pub fn line(&self, slot: Slot) -> Option<LineView<'_>> {
        self.kit.line(self.kit.find(slot.id(), 0)?)
    }

    /// The list under a focused Lead or Cooperating field, for the view.
    pub fn pick(&self, slot: Slot) -> Option<&Pick> {
        matches!(slot, Slot::Lead | Slot::Cooperating).then(|| self.kit.pick(slot.id()))
    }

    pub fn focus(&self) -> Slot {
        self.kit
            .focused_id()
            .and_then(Slot::of)
            .unwrap_or(Slot::Stream)
    }

    /// The fields shown, in Tab order (they depend on the handling and the on-the-spot toggle).
    pub fn slots(&self) -> Vec<Slot> {
        self.kit
            .fields
            .iter()
            .filter(|f| f.shown)
            .filter_map(|f| Slot::of(f.id))
            .collect()
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
        self.kit.accepts_text()
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
        let note = self.outcome_note().text().trim();
        (self.handling() == Handling::Immediate && self.solved_on_spot() && !note.is_empty())
            .then(|| note.to_string())
    }
}
