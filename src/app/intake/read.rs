//! What the intake form shows: its fields, values, errors and state, read by the view and the app.

use super::*;

impl IntakeForm {
    pub fn intake_id(&self) -> Uuid {
        self.intake_id
    }

    pub fn focus(&self) -> Slot {
        self.focus
    }

    /// Every focusable field, in Tab order (an organisation has no resident-ID field).
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Channel, Slot::Category];
        for (i, p) in self.parties.iter().enumerate() {
            slots.extend(p.fields().map(|f| Slot::Party(i, f)));
        }
        slots.extend([
            Slot::Batches,
            Slot::Persons,
            Slot::ElderlyDisabled,
            Slot::EmotionalRisk,
            Slot::GroupVisit,
            Slot::Handling,
        ]);
        // Only a court referral has the court's case number to give.
        if self.channel == Channel::CourtReferral {
            slots.push(Slot::CourtCaseNo);
        }
        slots.push(Slot::Description);
        slots
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Index into [`CATEGORIES`], `None` until one is chosen.
    pub fn category(&self) -> Option<usize> {
        self.category.chosen.first().copied()
    }

    /// What was typed to narrow the categories, and how many it leaves.
    pub fn category_filter(&self) -> (&str, usize) {
        (&self.category.filter, self.category.visible().len())
    }

    /// Applicants first, then respondents.
    pub fn parties(&self) -> &[PartyBlock] {
        &self.parties
    }

    pub fn handling(&self) -> Option<Handling> {
        self.handling
    }

    pub fn description(&self) -> &TextArea<'static> {
        &self.description
    }

    /// The description as one text (lines joined with `\n`).
    pub fn description_text(&self) -> String {
        self.description.lines().join("\n")
    }

    /// The one-line text field at `slot`, if it is one.
    pub fn line(&self, slot: Slot) -> Option<&LineInput> {
        match slot {
            Slot::Party(i, f) => self.parties.get(i).and_then(|p| p.line(f)),
            Slot::Batches => Some(&self.batches),
            Slot::Persons => Some(&self.persons),
            Slot::CourtCaseNo => Some(&self.court_case_no),
            _ => None,
        }
    }

    pub(super) fn line_mut(&mut self, slot: Slot) -> Option<&mut LineInput> {
        match slot {
            Slot::Party(i, f) => self.parties.get_mut(i).and_then(|p| p.line_mut(f)),
            Slot::Batches => Some(&mut self.batches),
            Slot::Persons => Some(&mut self.persons),
            Slot::CourtCaseNo => Some(&mut self.court_case_no),
            _ => None,
        }
    }

    /// Whether the toggle at `slot` is ticked (`None` when `slot` is not a toggle). The group
    /// visit is ticked by hand or automatically when persons > 1.
    pub fn toggle_value(&self, slot: Slot) -> Option<bool> {
        match slot {
            Slot::Party(i, PartyField::Organisation) => {
                self.parties.get(i).map(|p| p.is_organisation)
            }
            Slot::ElderlyDisabled => Some(self.elderly_disabled),
            Slot::EmotionalRisk => Some(self.emotional_risk),
            Slot::GroupVisit => Some(self.group_visit || self.group_visit_auto()),
            _ => None,
        }
    }

    /// Persons > 1: the group-visit lane is on whatever the toggle says.
    pub fn group_visit_auto(&self) -> bool {
        parse_digits(self.persons.text()).is_some_and(|n| n > 1)
    }

    pub fn lanes(&self) -> Lanes {
        Lanes {
            elderly_disabled: self.elderly_disabled,
            group_visit: self.group_visit || self.group_visit_auto(),
            emotional_risk: self.emotional_risk,
        }
    }

    /// The error shown under `slot`, if any.
    pub fn error(&self, slot: Slot) -> Option<&ValidationError> {
        match slot {
            Slot::Category => self.category_error.as_ref(),
            Slot::Description => self.description_error.as_ref(),
            _ => self.line(slot).and_then(LineInput::error),
        }
    }

    pub(super) fn set_error(&mut self, slot: Slot, error: Option<ValidationError>) {
        match slot {
            Slot::Category => self.category_error = error,
            Slot::Description => self.description_error = error,
            _ => {
                if let Some(line) = self.line_mut(slot) {
                    line.error = error;
                }
            }
        }
    }

    /// A problem not tied to one field (shown at the bottom).
    pub fn form_error(&self) -> Option<&ValidationError> {
        self.form_error.as_ref()
    }

    /// Number of fields showing an error.
    pub fn error_count(&self) -> usize {
        self.slots()
            .into_iter()
            .filter(|&s| self.error(s).is_some())
            .count()
            + usize::from(self.form_error.is_some())
    }

    /// The first field (in Tab order) showing an error.
    pub fn first_error(&self) -> Option<Slot> {
        self.slots().into_iter().find(|&s| self.error(s).is_some())
    }

    /// 1-based number of party `i` among the parties of its role ("申请人 2").
    pub fn party_number(&self, i: usize) -> usize {
        let Some(role) = self.parties.get(i).map(|p| p.role) else {
            return 0;
        };
        self.parties[..=i].iter().filter(|p| p.role == role).count()
    }

    /// "申请人 2" / "Respondent 1".
    pub fn party_label(&self, i: usize, lang: Lang) -> String {
        let key = match self.parties.get(i).map(|p| p.role) {
            Some(PartyRole::Respondent) => "intake.respondent",
            Some(PartyRole::ThirdParty) => "intake.third_party",
            _ => "intake.applicant",
        };
        rust_i18n::t!(key, locale = lang.locale(), n = self.party_number(i)).into_owned()
    }

    /// The error under `slot` as one sentence in `lang`, naming the field and, for a party
    /// field, the party ("申请人 2 的身份证号：校验码应为 X……").
    pub fn error_text(&self, slot: Slot, lang: Lang) -> Option<String> {
        let message = self.error(slot)?.message(lang);
        Some(match slot.party() {
            Some(i) => rust_i18n::t!(
                "intake.party_error",
                locale = lang.locale(),
                party = self.party_label(i, lang),
                message = message
            )
            .into_owned(),
            None => message,
        })
    }

    /// The party block that the next Ctrl-D removes (it has text in it, so a first Ctrl-D only
    /// asked; the view says "Ctrl-D again to remove").
    pub fn remove_armed(&self) -> Option<usize> {
        self.remove_armed
    }

    /// Whether party `i` may be removed (never the last applicant).
    pub fn can_remove_party(&self, i: usize) -> bool {
        match self.parties.get(i) {
            Some(p) if p.role == PartyRole::Applicant => self.count(PartyRole::Applicant) > 1,
            Some(_) => true,
            None => false,
        }
    }

    /// While a resident ID is being typed (fewer than 18 characters and nothing wrong yet):
    /// how many characters it has, for the "12 of 18" hint.
    pub fn resident_id_progress(&self, i: usize) -> Option<usize> {
        let line = &self.parties.get(i)?.resident_id;
        let n = resident_id::normalize(line.text()).chars().count();
        (n > 0 && n < resident_id::LEN && line.error.is_none()).then_some(n)
    }

    /// Whether the focused field takes printable characters (so `?`, `？` and Space are text
    /// there, not commands).
    pub fn accepts_text(&self) -> bool {
        matches!(
            self.focus.kind(),
            SlotKind::Text | SlotKind::Digits | SlotKind::Multiline
        )
    }

    /// Anything typed or chosen (a fresh form is not dirty).
    pub fn is_dirty(&self) -> bool {
        self.channel != Channel::WalkIn
            || self.category().is_some()
            || self.parties.len() != 2
            || self.parties.iter().any(|p| !p.is_blank())
            || self.batches.text() != "1"
            || self.persons.text() != "1"
            || self.elderly_disabled
            || self.emotional_risk
            || self.group_visit
            || self.handling.is_some()
            || !self.court_case_no.text().is_empty()
            || !self.description.is_empty()
    }

    pub fn saving(&self) -> bool {
        self.saving
    }

    /// While the store works on a save, keys other than Esc are ignored.
    pub fn set_saving(&mut self, saving: bool) {
        self.saving = saving;
    }

    /// A message from the store to show at the bottom ("database unreachable; your input is kept").
    pub fn error_message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    pub fn set_error_message(&mut self, message: Option<String>) {
        self.error_message = message;
    }

    /// The form's intake id turned out to be another operator's case: what is typed here
    /// becomes a new intake, so the next save stores it instead of returning theirs.
    pub fn take_new_intake_id(&mut self) {
        self.intake_id = Uuid::now_v7();
    }
}
