//! What a valid triage form saves: the triage, the note of a case solved on the spot, the repeat link.

use super::*;

impl TriageForm {
    /// Everything wrong with the form now, in Tab order.
    pub(super) fn problems(&self) -> Vec<Problem> {
        let mut found = Vec::new();
        if self.handling() == Handling::Joint {
            let lead = self.lead_index();
            if lead.is_none() {
                found.push(Problem::LeadRequired);
            }
            if self
                .cooperating()
                .iter()
                .all(|d| Some(d.id) == self.lead().map(|l| l.id))
            {
                found.push(Problem::CooperatingRequired);
            }
        }
        if self.first_handler().is_blank() {
            found.push(Problem::FirstHandlerRequired);
        }
        if self.handling() == Handling::Immediate
            && self.solved_on_spot()
            && self.outcome_note().is_blank()
        {
            found.push(Problem::NoteRequired);
        }
        found
    }

    /// The triage to store, or the first error as a sentence naming its field. On error every
    /// wrong field shows its error and the focus goes to the first of them.
    pub fn to_triage(&mut self, lang: Lang) -> Result<Triage, String> {
        self.errors = self.problems();
        if let Some(first) = self.errors.first().copied() {
            self.set_focus(first.slot());
            return Err(first.message(lang));
        }
        let lead = self.lead().map(|d| d.id);
        let cooperating = match self.handling() {
            Handling::Joint => self
                .cooperating()
                .iter()
                .map(|d| d.id)
                .filter(|&id| Some(id) != lead)
                .collect(),
            Handling::Immediate => Vec::new(),
        };
        Ok(Triage {
            stream: self.stream(),
            handling: self.handling(),
            level: self.level(),
            lead_department: lead,
            cooperating,
            first_handler: self.first_handler().text().trim().to_string(),
        })
    }

    /// Re-checks only the fields already showing an error, so an error goes once fixed.
    pub(super) fn recheck(&mut self) {
        if self.errors.is_empty() {
            return;
        }
        let now = self.problems();
        self.errors.retain(|p| now.contains(p));
    }
}
