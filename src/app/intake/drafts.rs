//! The intake form to and from its draft on disk.

use super::*;

impl IntakeForm {
    /// Everything typed, for the draft file (stamped now).
    pub fn to_draft(&self) -> Draft {
        let focus = self
            .slots()
            .iter()
            .position(|&s| s == self.focus())
            .unwrap_or(0);
        let text = |slot: Slot| self.kit.text(slot.id()).to_string();
        Draft {
            intake_id: self.intake_id,
            saved_at: chrono::Utc::now(),
            // The draft worker names the signed-in operator.
            operator: String::new(),
            channel: self.channel().as_str().to_string(),
            category: self
                .category()
                .map_or(String::new(), |i| CATEGORIES[i].1.to_string()),
            group_batches: text(Slot::Batches),
            group_persons: text(Slot::Persons),
            elderly_disabled: self.kit.ticked(Slot::ElderlyDisabled.id()),
            emotional_risk: self.kit.ticked(Slot::EmotionalRisk.id()),
            group_visit: self.kit.ticked(Slot::GroupVisit.id()),
            handling: self
                .handling()
                .map_or(String::new(), |h| h.as_str().to_string()),
            court_case_no: text(Slot::CourtCaseNo),
            description: self.description_text(),
            focus,
            parties: self
                .parties()
                .iter()
                .map(|p| {
                    let text = |f| p.line(f).map_or(String::new(), |l| l.text().to_string());
                    DraftParty {
                        role: p.role().as_str().to_string(),
                        name: text(PartyField::Name),
                        resident_id: text(PartyField::ResidentId),
                        phone: text(PartyField::Phone),
                        address: text(PartyField::Address),
                        is_organisation: p.is_organisation(),
                    }
                })
                .collect(),
        }
    }

    /// The form a draft was made from: same intake id, same text, same focus. Values that are
    /// wrong show their errors at once. Unknown values (a hand-edited file) fall back to defaults;
    /// text is cut and cleaned as typing would.
    pub fn from_draft(centre_id: Uuid, d: &Draft) -> Self {
        let mut form = Self::new(centre_id);
        form.intake_id = d.intake_id;
        let channel = Channel::parse(&d.channel).unwrap_or(Channel::WalkIn);
        let at = Channel::ALL.iter().position(|&c| c == channel).unwrap_or(0);
        form.kit.set_selected(Slot::Channel.id(), at);
        if let Some(i) = CATEGORIES.iter().position(|(_, zh)| *zh == d.category) {
            form.kit
                .pick_mut(Slot::Category.id())
                .choose_key(CATEGORIES[i].0);
        }
        let handling = Handling::parse(&d.handling);
        let at = HANDLINGS.iter().position(|&h| h == handling).unwrap_or(0);
        form.kit.set_selected(Slot::Handling.id(), at);
        for (slot, on) in [
            (Slot::ElderlyDisabled, d.elderly_disabled),
            (Slot::EmotionalRisk, d.emotional_risk),
            (Slot::GroupVisit, d.group_visit),
        ] {
            let i = form.kit.index(slot.id());
            form.kit.set_ticked(i, on);
        }
        for (slot, text) in [
            (Slot::Batches, &d.group_batches),
            (Slot::Persons, &d.group_persons),
            (Slot::CourtCaseNo, &d.court_case_no),
            (Slot::Description, &d.description),
        ] {
            let i = form.kit.index(slot.id());
            form.kit.set_text(i, text);
        }
        // The parties: applicants first (stable), and always at least one.
        let role_of = |p: &DraftParty| match PartyRole::parse(&p.role) {
            Some(PartyRole::Applicant) => PartyRole::Applicant,
            _ => PartyRole::Respondent,
        };
        let mut parties: Vec<&DraftParty> = d.parties.iter().take(MAX_PARTIES).collect();
        parties.sort_by_key(|p| role_of(p) != PartyRole::Applicant);
        for (g, _) in std::mem::take(&mut form.parties) {
            form.kit.remove_group(g);
        }
        if parties
            .first()
            .is_none_or(|p| role_of(p) != PartyRole::Applicant)
        {
            form.add_party(PartyRole::Applicant);
        }
        for p in parties {
            let role = role_of(p);
            form.add_party(role);
            let i = form.parties.len() - 1;
            for (field, text) in [
                (PartyField::Name, &p.name),
                (PartyField::ResidentId, &p.resident_id),
                (PartyField::Phone, &p.phone),
                (PartyField::Address, &p.address),
            ] {
                if let Some(at) = form.index(Slot::Party(i, field)) {
                    form.kit.set_text(at, text);
                }
            }
            if let Some(at) = form.index(Slot::Party(i, PartyField::Organisation)) {
                form.kit.set_ticked(at, p.is_organisation);
            }
        }
        form.sync();
        form.errors.clear();
        // Show what is wrong with what was typed, without nagging about empty fields.
        for slot in form.slots() {
            form.leave(slot);
        }
        let slots = form.slots();
        form.set_focus(slots[d.focus.min(slots.len() - 1)]);
        form
    }
}
