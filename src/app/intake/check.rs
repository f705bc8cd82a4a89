//! The intake form's checks: each field as typed and when left, and the intake a valid form saves.

use super::*;

impl IntakeForm {
    /// A party block that will be saved: the first applicant always, any other once something
    /// is typed in it (an untouched respondent block is simply left out).
    pub(super) fn party_active(&self, i: usize) -> bool {
        i == 0 || self.parties.get(i).is_some_and(|p| !p.is_blank())
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
                let name = self.parties[i].name.text().trim();
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
                let p = &self.parties[i];
                if p.is_organisation || p.resident_id.is_blank() {
                    return None;
                }
                ResidentId::parse(p.resident_id.text()).err()
            }
            Slot::Party(i, PartyField::Phone) => {
                let p = &self.parties[i];
                if p.phone.is_blank() {
                    return None;
                }
                Phone::parse(p.phone.text()).err()
            }
            Slot::CourtCaseNo => {
                let text = self.court_case_no.text().trim();
                if self.channel != Channel::CourtReferral || text.is_empty() {
                    return None;
                }
                crate::domain::court::check_case_no(text).err()
            }
            Slot::Batches => range_error(Field::GroupBatches, self.batches.text(), BATCHES_MAX),
            Slot::Persons => range_error(Field::GroupPersons, self.persons.text(), PERSONS_MAX),
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
        for p in &mut self.parties {
            if p.is_organisation {
                p.resident_id.error = None;
            }
        }
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
            self.channel,
            category,
            self.description_text().trim(),
        );
        intake.id = self.intake_id;
        intake.parties = (0..self.parties.len())
            .filter(|&i| self.party_active(i))
            .map(|i| {
                let p = &self.parties[i];
                let optional = |l: &LineInput| (!l.is_blank()).then(|| l.text().to_string());
                Party {
                    role: p.role,
                    name: p.name.text().to_string(),
                    is_organisation: p.is_organisation,
                    resident_id: if p.is_organisation {
                        None
                    } else {
                        optional(&p.resident_id)
                    },
                    phone: optional(&p.phone),
                    address: p.address.text().trim().to_string(),
                }
            })
            .collect();
        intake.group_batches =
            parse_digits(self.batches.text()).map_or(0, |n| n.min(i64::from(i32::MAX)) as i32);
        intake.group_persons =
            parse_digits(self.persons.text()).map_or(0, |n| n.min(i64::from(i32::MAX)) as i32);
        intake.lanes = self.lanes();
        intake.handling_hint = self.handling;
        let court = self.court_case_no.text().trim();
        intake.court_case_no = (self.channel == Channel::CourtReferral && !court.is_empty())
            .then(|| court.to_string());
        intake
    }
}
