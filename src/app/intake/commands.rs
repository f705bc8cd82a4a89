//! The intake form's own commands: adding and removing parties (a group of fields each, in
//! the kit), and keeping the fields shown that apply.

use super::*;

impl IntakeForm {
    pub(super) fn count(&self, role: PartyRole) -> usize {
        self.parties.iter().filter(|(_, r)| *r == role).count()
    }

    /// The fields that apply: a court referral's case number, the resident ID of a party that
    /// is not an organisation (hidden, not cleared, and not checked while hidden).
    pub(super) fn sync(&mut self) {
        let court = self.channel() == Channel::CourtReferral;
        self.kit.show(Slot::CourtCaseNo.id(), court);
        for i in 0..self.parties.len() {
            let group = self.parties[i].0;
            let organisation = self.toggle_value(Slot::Party(i, PartyField::Organisation));
            if let Some(at) = self.kit.find(PartyField::ResidentId.id(), group) {
                let shown = organisation != Some(true);
                self.kit.fields[at].shown = shown;
                if !shown {
                    self.errors.remove(&(PartyField::ResidentId.id(), group));
                    if self.kit.focus == at {
                        self.kit.move_focus(1);
                    }
                }
            }
        }
    }

    pub(super) fn add_party(&mut self, role: PartyRole) -> Outcome {
        if self.parties.len() >= MAX_PARTIES {
            return Outcome::Nothing;
        }
        self.leave(self.focus());
        // Applicants go after the last applicant, respondents at the end of the parties.
        let after = match role {
            PartyRole::Applicant => self.count(PartyRole::Applicant),
            _ => self.parties.len(),
        };
        let at = match after.checked_sub(1).map(|i| self.parties[i].0) {
            Some(g) => {
                self.kit
                    .fields
                    .iter()
                    .rposition(|f| f.group == g)
                    .unwrap_or(0)
                    + 1
            }
            None => self.kit.find(Slot::Persons.id(), 0).unwrap_or(0),
        };
        let group = self.kit.new_group();
        self.kit.insert_group(at, PartyField::fields(role, group));
        self.parties.insert(after, (group, role));
        Outcome::Changed
    }

    /// Removes the focused party block; one with text in it only on the second Ctrl-D in a row.
    pub(super) fn remove_focused_party(&mut self, armed: Option<usize>) -> Outcome {
        let Some(i) = self.focus().party() else {
            return Outcome::Nothing;
        };
        if !self.can_remove_party(i) {
            return Outcome::Nothing;
        }
        if !self.kit.group_is_blank(self.parties[i].0) && armed != Some(i) {
            self.remove_armed = Some(i);
            return Outcome::Changed;
        }
        let (group, _) = self.parties.remove(i);
        self.kit.remove_group(group);
        self.errors.retain(|(_, g), _| *g != group);
        Outcome::Changed
    }
}
