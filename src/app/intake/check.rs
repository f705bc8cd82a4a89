//! The intake form's checks: each field as typed and when left, and the intake a valid form saves.

use super::*;

impl IntakeForm {
    /// A party block that will be saved: the first applicant always, any other once something
    /// is typed in it (an untouched respondent block is simply left out).
    pub(super) fn party_active(&self, i: usize) -> bool {
        i == 0
            || self
                .parties
                .get(i)
                .is_some_and(|(g, _)| !self.kit.group_is_blank(*g))
    }

    /// What is wrong with the value at `slot` now, if anything.
    pub(super) fn check(&self, slot: Slot) -> Option<ValidationError> {
        match slot {
            Slot::Category => self
                .category()
                .is_none()
                .then(|| ValidationError::new(Field::Category, Problem::Empty)),
            Slot::Party(i, PartyField::Name) => {
                if !self.party_active(i) {
                    return None;
                }
                let name = self.line(slot).map_or("", |l| l.text()).trim();
                if name.is_empty() {
                    Some(ValidationError::new(Field::Name, Problem::Empty))
                } else if name.chars().count() > 100 {
                    Some(ValidationError::new(
                        Field::Name,
                        Problem::TooLong { max: 100 },
                    ))
                } else {
                    None
                }
            }
            Slot::Party(i, PartyField::ResidentId) => {
                let id = self.line(slot)?;
                if self.parties()[i].is_organisation() || id.is_blank() {
                    return None;
                }
                ResidentId::parse(id.text()).err()
            }
            Slot::Party(_, PartyField::Phone) => {
                let phone = self.line(slot)?;
                if phone.is_blank() {
                    return None;
                }
                Phone::parse(phone.text()).err()
            }
            Slot::CourtCaseNo => {
                let text = self.kit.text(slot.id()).trim();
                if self.channel() != Channel::CourtReferral || text.is_empty() {
                    return None;
                }
                crate::domain::court::check_case_no(text).err()
            }
            Slot::Batches => range_error(Field::GroupBatches, self.kit.number_problem(slot.id())),
            Slot::Persons => range_error(Field::GroupPersons, self.kit.number_problem(slot.id())),
            Slot::Description => {
                // Counted as the domain counts what is saved: trimmed, newlines included.
                let text = self.description_text();
                let n = text.trim().chars().count();
                if n == 0 {
                    Some(ValidationError::new(Field::Description, Problem::Empty))
                } else if n > DESCRIPTION_MAX {
                    Some(ValidationError::new(
                        Field::Description,
                        Problem::TooLong {
                            max: DESCRIPTION_MAX,
                        },
                    ))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Checks every field and shows every error.
    pub fn validate_all(&mut self) {
        for slot in self.slots() {
            let error = self.check(slot);
            self.set_error(slot, error);
        }
        // An organisation's hidden resident ID is neither checked nor saved.
        self.sync();
    }

    /// Validates every field, shows every error and moves the focus to the first bad field.
    /// With nothing wrong, the validated (normalised) intake; its id is the same on every call,
    /// so a retried save is recognised by the store.
    pub fn to_intake(&mut self) -> Option<Intake> {
        self.validate_all();
        self.form_error = None;
        if let Some(slot) = self.first_error() {
            self.set_focus(slot);
            return None;
        }
        match self.build().validated() {
            Ok(intake) => Some(intake),
            Err(e) => {
                // Not expected: the field checks mirror the domain's. Show it at the bottom.
                self.form_error = Some(e);
                None
            }
        }
    }

    pub(super) fn build(&self) -> Intake {
        let category = self.category().map_or("", |i| CATEGORIES[i].1);
        let mut intake = Intake::new(
            self.centre_id,
            self.channel(),
            category,
            self.description_text().trim(),
        );
        intake.id = self.intake_id;
        intake.parties = self
            .parties()
            .into_iter()
            .enumerate()
            .filter(|&(i, _)| self.party_active(i))
            .map(|(_, p)| {
                let text = |f| p.line(f).map_or(String::new(), |l| l.text().to_string());
                let optional = |f| Some(text(f)).filter(|t| !t.trim().is_empty());
                Party {
                    role: p.role(),
                    name: text(PartyField::Name),
                    is_organisation: p.is_organisation(),
                    resident_id: if p.is_organisation() {
                        None
                    } else {
                        optional(PartyField::ResidentId)
                    },
                    phone: optional(PartyField::Phone),
                    address: text(PartyField::Address).trim().to_string(),
                }
            })
            .collect();
        let number = |slot: Slot| {
            self.kit
                .number(slot.id())
                .map_or(0, |n| n.min(i64::from(i32::MAX)) as i32)
        };
        intake.group_batches = number(Slot::Batches);
        intake.group_persons = number(Slot::Persons);
        intake.lanes = self.lanes();
        intake.handling_hint = self.handling();
        let court = self.kit.text(Slot::CourtCaseNo.id()).trim();
        intake.court_case_no = (self.channel() == Channel::CourtReferral && !court.is_empty())
            .then(|| court.to_string());
        intake
    }
}
