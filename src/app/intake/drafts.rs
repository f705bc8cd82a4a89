//! The intake form to and from its draft on disk.

use super::*;

impl IntakeForm {
    /// Everything typed, for the draft file (stamped now).
    pub fn to_draft(&self) -> Draft {
        let focus = self
            .slots()
            .iter()
            .position(|&s| s == self.focus)
            .unwrap_or(0);
        Draft {
            intake_id: self.intake_id,
            saved_at: chrono::Utc::now(),
            // The draft worker names the signed-in operator.
            operator: String::new(),
            channel: self.channel.as_str().to_string(),
            category: self
                .category()
                .map_or(String::new(), |i| CATEGORIES[i].1.to_string()),
            group_batches: self.batches.text().to_string(),
            group_persons: self.persons.text().to_string(),
            elderly_disabled: self.elderly_disabled,
            emotional_risk: self.emotional_risk,
            group_visit: self.group_visit,
            handling: self
                .handling
                .map_or(String::new(), |h| h.as_str().to_string()),
            court_case_no: self.court_case_no.text().to_string(),
            description: self.description_text(),
            focus,
            parties: self
                .parties
                .iter()
                .map(|p| DraftParty {
                    role: p.role.as_str().to_string(),
                    name: p.name.text().to_string(),
                    resident_id: p.resident_id.text().to_string(),
                    phone: p.phone.text().to_string(),
                    address: p.address.text().to_string(),
                    is_organisation: p.is_organisation,
                })
                .collect(),
        }
    }

    /// The form a draft was made from: same intake id, same text, same focus. Values that are
    /// wrong show their errors at once. Unknown values (a hand-edited file) fall back to defaults.
    pub fn from_draft(centre_id: Uuid, d: &Draft) -> Self {
        let mut form = Self::new(centre_id);
        form.intake_id = d.intake_id;
        form.channel = Channel::parse(&d.channel).unwrap_or(Channel::WalkIn);
        if let Some(i) = CATEGORIES.iter().position(|(_, zh)| *zh == d.category) {
            form.category.choose_key(CATEGORIES[i].0);
        }
        form.batches = LineInput::new(&clip_digits(&d.group_batches));
        form.persons = LineInput::new(&clip_digits(&d.group_persons));
        form.elderly_disabled = d.elderly_disabled;
        form.emotional_risk = d.emotional_risk;
        form.group_visit = d.group_visit;
        form.handling = Handling::parse(&d.handling);
        form.court_case_no = LineInput::new(&clip_line(&d.court_case_no));
        form.description = new_description(&d.description.split('\n').collect::<Vec<_>>());
        let block = |p: &DraftParty, role| PartyBlock {
            role,
            name: LineInput::new(&clip_line(&p.name)),
            resident_id: LineInput::new(&clip_line(&p.resident_id)),
            phone: LineInput::new(&clip_line(&p.phone)),
            address: LineInput::new(&clip_line(&p.address)),
            is_organisation: role == PartyRole::Respondent && p.is_organisation,
        };
        let role_of = |p: &DraftParty| match PartyRole::parse(&p.role) {
            Some(PartyRole::Applicant) => PartyRole::Applicant,
            _ => PartyRole::Respondent,
        };
        let mut parties: Vec<PartyBlock> = d
            .parties
            .iter()
            .map(|p| block(p, role_of(p)))
            .take(MAX_PARTIES)
            .collect();
        // Applicants first (stable), and always at least one.
        parties.sort_by_key(|p| p.role != PartyRole::Applicant);
        if parties
            .first()
            .is_none_or(|p| p.role != PartyRole::Applicant)
        {
            parties.insert(0, PartyBlock::new(PartyRole::Applicant));
        }
        form.parties = parties;
        // Show what is wrong with what was typed, without nagging about empty fields.
        for slot in form.slots() {
            form.leave(slot);
        }
        let slots = form.slots();
        form.focus = slots[d.focus.min(slots.len() - 1)];
        form.style_description();
        form
    }
}
