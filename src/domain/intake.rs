//! What the window operator registers (一窗受理), and the checks it must pass first.

use super::case::{Channel, Handling, Lanes};
use super::party::{Party, PartyRole};
use super::validation::{Field, Problem, ValidationError};
use uuid::Uuid;

/// A new case as typed at the window, before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct Intake {
    /// Made by the console (uuid v7) before the first attempt, so a retry is recognised.
    pub id: Uuid,
    pub centre_id: Uuid,
    pub channel: Channel,
    pub category: String,
    pub description: String,
    pub parties: Vec<Party>,
    pub group_batches: i32,
    pub group_persons: i32,
    pub lanes: Lanes,
    pub handling_hint: Option<Handling>,
    /// The court's own number, for a court referral (诉前调解).
    pub court_case_no: Option<String>,
    pub repeat_of: Option<Uuid>,
}

impl Intake {
    pub fn new(centre_id: Uuid, channel: Channel, category: &str, description: &str) -> Self {
        Self {
            id: Uuid::now_v7(),
            centre_id,
            channel,
            category: category.to_string(),
            description: description.to_string(),
            parties: Vec::new(),
            group_batches: 1,
            group_persons: 1,
            lanes: Lanes::default(),
            handling_hint: None,
            court_case_no: None,
            repeat_of: None,
        }
    }

    pub fn with_party(mut self, party: Party) -> Self {
        self.parties.push(party);
        self
    }

    /// Whether this channel brings a person to the window who takes a queue ticket.
    pub fn takes_ticket(&self) -> bool {
        matches!(
            self.channel,
            Channel::WalkIn | Channel::LeaderReception | Channel::CourtReferral
        )
    }

    /// Checks every field and normalises IDs and phones; the first problem is returned.
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.category = self.category.trim().to_string();
        if self.category.is_empty() {
            return Err(ValidationError::new(Field::Category, Problem::Empty));
        }
        if self.description.trim().is_empty() {
            return Err(ValidationError::new(Field::Description, Problem::Empty));
        }
        if self.description.chars().count() > 4000 {
            return Err(ValidationError::new(
                Field::Description,
                Problem::TooLong { max: 4000 },
            ));
        }
        let range = |field, got: i32, max: i64| {
            if (1..=max).contains(&i64::from(got)) {
                Ok(())
            } else {
                Err(ValidationError::new(
                    field,
                    Problem::OutOfRange {
                        min: 1,
                        max,
                        got: got.into(),
                    },
                ))
            }
        };
        range(Field::GroupBatches, self.group_batches, 100)?;
        range(Field::GroupPersons, self.group_persons, 10_000)?;
        if !self.parties.iter().any(|p| p.role == PartyRole::Applicant) {
            return Err(ValidationError::new(Field::Parties, Problem::NoApplicant));
        }
        self.parties = self
            .parties
            .into_iter()
            .map(Party::validated)
            .collect::<Result<_, _>>()?;
        if self.group_persons > 1 {
            self.lanes.group_visit = true;
        }
        Ok(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wage_case() -> Intake {
        let mut rep = Party::person(PartyRole::Applicant, " 张建国 ");
        rep.resident_id = Some("11010519491231002x".into());
        rep.phone = Some("138 0013 8000".into());
        let mut i = Intake::new(
            Uuid::nil(),
            Channel::WalkIn,
            "劳动争议/欠薪",
            "十二名工人被拖欠工资",
        )
        .with_party(rep)
        .with_party(Party::organisation(
            PartyRole::Respondent,
            "某建筑劳务有限公司",
        ));
        i.group_persons = 12;
        i
    }

    #[test]
    fn a_group_visit_is_normalised_and_put_in_the_group_lane() {
        let i = wage_case().validated().unwrap();
        assert_eq!(i.parties[0].name, "张建国");
        assert_eq!(
            i.parties[0].resident_id.as_deref(),
            Some("11010519491231002X")
        );
        assert_eq!(i.parties[0].phone.as_deref(), Some("13800138000"));
        assert!(i.lanes.group_visit);
    }

    #[test]
    fn each_rejection_names_its_field() {
        let mut i = wage_case();
        i.parties[0].resident_id = Some("110105194912310021".into());
        assert_eq!(i.validated().unwrap_err().field, Field::ResidentId);

        let mut i = wage_case();
        i.parties.retain(|p| p.role != PartyRole::Applicant);
        assert_eq!(i.validated().unwrap_err().problem, Problem::NoApplicant);

        let mut i = wage_case();
        i.group_persons = 0;
        assert_eq!(i.validated().unwrap_err().field, Field::GroupPersons);

        let mut i = wage_case();
        i.category = "  ".into();
        assert_eq!(i.validated().unwrap_err().field, Field::Category);
    }
}
