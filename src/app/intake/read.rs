//! What the intake form shows: its fields, values, errors and state, read by the view and the app.

use super::*;

impl IntakeForm {
    pub fn intake_id(&self) -> Uuid {
        self.intake_id
    }

    /// The field of `slot` in the kit.
    pub(super) fn index(&self, slot: Slot) -> Option<usize> {
        let group = match slot {
            Slot::Party(i, _) => self.parties.get(i)?.0,
            _ => 0,
        };
        self.kit.find(slot.id(), group)
    }

    /// The slot of the kit's field `i`.
    fn slot_at(&self, i: usize) -> Option<Slot> {
        let f = self.kit.fields.get(i)?;
        if f.group == 0 {
            return Slot::of(f.id);
        }
        let party = self.parties.iter().position(|(g, _)| *g == f.group)?;
        Some(Slot::Party(party, PartyField::of(f.id)?))
    }

    pub fn focus(&self) -> Slot {
        self.slot_at(self.kit.focus).unwrap_or(Slot::Channel)
    }

    /// Every focusable field, in Tab order (an organisation has no resident-ID field; only a
    /// court referral has the court's case number).
    pub fn slots(&self) -> Vec<Slot> {
        (0..self.kit.fields.len())
            .filter(|&i| self.kit.fields[i].shown)
            .filter_map(|i| self.slot_at(i))
            .collect()
    }

    pub fn channel(&self) -> Channel {
        Channel::ALL[self.kit.selected(Slot::Channel.id())]
    }

    /// Index into [`CATEGORIES`], `None` until one is chosen.
    pub fn category(&self) -> Option<usize> {
        self.kit.pick(Slot::Category.id()).chosen.first().copied()
    }

    /// What was typed to narrow the categories, and how many it leaves.
    pub fn category_filter(&self) -> (&str, usize) {
        let list = self.kit.pick(Slot::Category.id());
        (&list.filter, list.visible().len())
    }

    /// Applicants first, then respondents.
    pub fn parties(&self) -> Vec<PartyView<'_>> {
        (0..self.parties.len())
            .map(|i| PartyView { form: self, i })
            .collect()
    }

    pub fn handling(&self) -> Option<Handling> {
        HANDLINGS[self.kit.selected(Slot::Handling.id())]
    }

    fn area(&self) -> &crate::app::form::Area {
        match &self.kit.field(Slot::Description.id()).value {
            Value::Area(a) => a,
            _ => unreachable!("the description is a multi-line field"),
        }
    }

    pub fn description(&self) -> &TextArea<'static> {
        self.area().editor()
    }

    /// The description as one text (lines joined with `\n`).
    pub fn description_text(&self) -> String {
        self.area().text()
    }

    /// Characters in the description, new lines counted.
    pub(super) fn description_chars(&self) -> usize {
        self.area().chars()
    }

    /// The one-line text field at `slot`, if it is one: its text and cursor.
    pub fn line(&self, slot: Slot) -> Option<LineView<'_>> {
        self.kit.line(self.index(slot)?)
    }

    /// Whether the toggle at `slot` is ticked (`None` when `slot` is not a toggle). The group
    /// visit is ticked by hand or automatically when persons > 1.
    pub fn toggle_value(&self, slot: Slot) -> Option<bool> {
        let i = self.index(slot)?;
        if !matches!(self.kit.fields[i].value, Value::Tick { .. }) {
            return None;
        }
        let on = self.kit.ticked_at(i);
        Some(on || (slot == Slot::GroupVisit && self.group_visit_auto()))
    }

    /// Persons > 1: the group-visit lane is on whatever the toggle says.
    pub fn group_visit_auto(&self) -> bool {
        self.kit.number(Slot::Persons.id()).is_some_and(|n| n > 1)
    }

    pub fn lanes(&self) -> Lanes {
        Lanes {
            elderly_disabled: self.kit.ticked(Slot::ElderlyDisabled.id()),
            group_visit: self.toggle_value(Slot::GroupVisit) == Some(true),
            emotional_risk: self.kit.ticked(Slot::EmotionalRisk.id()),
        }
    }

    fn error_key(&self, slot: Slot) -> Option<(&'static str, u32)> {
        let group = match slot {
            Slot::Party(i, _) => self.parties.get(i)?.0,
            _ => 0,
        };
        Some((slot.id(), group))
    }

    /// The error shown under `slot`, if any.
    pub fn error(&self, slot: Slot) -> Option<&ValidationError> {
        self.errors.get(&self.error_key(slot)?)
    }

    pub(super) fn set_error(&mut self, slot: Slot, error: Option<ValidationError>) {
        let Some(key) = self.error_key(slot) else {
            return;
        };
        match error {
            Some(e) => {
                self.errors.insert(key, e);
            }
            None => {
                self.errors.remove(&key);
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
        let Some(role) = self.parties.get(i).map(|p| p.1) else {
            return 0;
        };
        self.parties[..=i].iter().filter(|p| p.1 == role).count()
    }

    /// "申请人 2" / "Respondent 1".
    pub fn party_label(&self, i: usize, lang: Lang) -> String {
        let key = match self.parties.get(i).map(|p| p.1) {
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
            Some(p) if p.1 == PartyRole::Applicant => self.count(PartyRole::Applicant) > 1,
            Some(_) => true,
            None => false,
        }
    }

    /// While a resident ID is being typed (fewer than 18 characters and nothing wrong yet):
    /// how many characters it has, for the "12 of 18" hint.
    pub fn resident_id_progress(&self, i: usize) -> Option<usize> {
        let slot = Slot::Party(i, PartyField::ResidentId);
        let n = resident_id::normalize(self.line(slot)?.text())
            .chars()
            .count();
        (n > 0 && n < resident_id::LEN && self.error(slot).is_none()).then_some(n)
    }

    /// Whether the focused field takes printable characters (so `?`, `？` and Space are text
    /// there, not commands).
    pub fn accepts_text(&self) -> bool {
        self.kit.accepts_text()
    }

    /// Anything typed or chosen (a fresh form is not dirty).
    pub fn is_dirty(&self) -> bool {
        self.channel() != Channel::WalkIn
            || self.category().is_some()
            || self.parties.len() != 2
            || self
                .parties
                .iter()
                .any(|(g, _)| !self.kit.group_is_blank(*g))
            || self.kit.text(Slot::Batches.id()) != "1"
            || self.kit.text(Slot::Persons.id()) != "1"
            || self.kit.ticked(Slot::ElderlyDisabled.id())
            || self.kit.ticked(Slot::EmotionalRisk.id())
            || self.kit.ticked(Slot::GroupVisit.id())
            || self.handling().is_some()
            || !self.kit.text(Slot::CourtCaseNo.id()).is_empty()
            || !self.description().is_empty()
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
