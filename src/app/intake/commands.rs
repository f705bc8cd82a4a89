//! The intake form's commands: adding and removing parties, ticking, cycling choices.

use super::*;

impl IntakeForm {
    pub(super) fn count(&self, role: PartyRole) -> usize {
        self.parties.iter().filter(|p| p.role == role).count()
    }

    pub(super) fn add_party(&mut self, role: PartyRole) -> Outcome {
        if self.parties.len() >= MAX_PARTIES {
            return Outcome::Nothing;
        }
        // Check the field left behind before the indexes move.
        self.leave(self.focus);
        let at = match role {
            PartyRole::Applicant => self.count(PartyRole::Applicant),
            _ => self.parties.len(),
        };
        self.parties.insert(at, PartyBlock::new(role));
        self.focus = Slot::Party(at, PartyField::Name);
        self.style_description();
        Outcome::Changed
    }

    /// Removes the focused party block; one with text in it only on the second Ctrl-D in a row.
    pub(super) fn remove_focused_party(&mut self, armed: Option<usize>) -> Outcome {
        let Some(i) = self.focus.party() else {
            return Outcome::Nothing;
        };
        if !self.can_remove_party(i) {
            return Outcome::Nothing;
        }
        if !self.parties[i].is_blank() && armed != Some(i) {
            self.remove_armed = Some(i);
            return Outcome::Changed;
        }
        let position = self
            .slots()
            .iter()
            .position(|&s| s == Slot::Party(i, PartyField::Name))
            .unwrap_or(0);
        self.parties.remove(i);
        let slots = self.slots();
        self.focus = slots[position.min(slots.len() - 1)];
        self.style_description();
        Outcome::Changed
    }

    pub(super) fn toggle(&mut self) -> Outcome {
        match self.focus {
            Slot::Party(i, PartyField::Organisation) => {
                let p = &mut self.parties[i];
                p.is_organisation = !p.is_organisation;
                // The resident ID is kept (and shows again when untoggled) but not checked or saved.
                p.resident_id.error = None;
            }
            Slot::ElderlyDisabled => self.elderly_disabled = !self.elderly_disabled,
            Slot::EmotionalRisk => self.emotional_risk = !self.emotional_risk,
            Slot::GroupVisit => {
                if self.group_visit_auto() {
                    return Outcome::Nothing;
                }
                self.group_visit = !self.group_visit;
            }
            Slot::Channel | Slot::Category | Slot::Handling => return self.cycle(1),
            _ => return Outcome::Nothing,
        }
        Outcome::Changed
    }

    pub(super) fn cycle(&mut self, delta: isize) -> Outcome {
        fn step(at: usize, len: usize, delta: isize) -> usize {
            (at as isize + delta).rem_euclid(len as isize) as usize
        }
        match self.focus {
            Slot::Channel => {
                let all = Channel::ALL;
                let at = all.iter().position(|&c| c == self.channel).unwrap_or(0);
                self.channel = all[step(at, all.len(), delta)];
            }
            Slot::Category => {
                // Along the categories the filter lets through; from none, the first or last.
                if self.category().is_none() {
                    let visible = self.category.visible();
                    let first = if delta < 0 {
                        visible.last()
                    } else {
                        visible.first()
                    };
                    if let Some(&i) = first {
                        self.category.choose_key(CATEGORIES[i].0);
                    }
                } else {
                    self.category.step(delta);
                }
                self.category_error = None;
            }
            Slot::Handling => {
                let all = [None, Some(Handling::Immediate), Some(Handling::Joint)];
                let at = all.iter().position(|&h| h == self.handling).unwrap_or(0);
                self.handling = all[step(at, all.len(), delta)];
            }
            _ => return Outcome::Nothing,
        }
        Outcome::Changed
    }
}
