//! A party (当事人) to a case: applicant, respondent or third party.

use super::case::text_enum;
use super::validation::{Field, Problem, ValidationError};
use super::{phone, resident_id};

text_enum!(
    PartyRole {
        Applicant = "applicant",
        Respondent = "respondent",
        ThirdParty = "third_party",
    }
);

/// A person or organisation in a case, as typed at the window.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub role: PartyRole,
    pub name: String,
    /// Set for an organisation (a company, a committee): no resident ID then.
    pub is_organisation: bool,
    /// Normalised 18-character resident ID, when given.
    pub resident_id: Option<String>,
    /// Normalised phone, when given.
    pub phone: Option<String>,
    /// Township / village or address.
    pub address: String,
}

impl Party {
    pub fn person(role: PartyRole, name: &str) -> Self {
        Self {
            role,
            name: name.trim().to_string(),
            is_organisation: false,
            resident_id: None,
            phone: None,
            address: String::new(),
        }
    }

    pub fn organisation(role: PartyRole, name: &str) -> Self {
        Self {
            is_organisation: true,
            ..Self::person(role, name)
        }
    }

    /// Check and normalise what the operator typed; the first problem found is returned.
    pub fn validated(mut self) -> Result<Self, ValidationError> {
        self.name = self.name.trim().to_string();
        if self.name.is_empty() {
            return Err(ValidationError::new(Field::Name, Problem::Empty));
        }
        if self.name.chars().count() > 100 {
            return Err(ValidationError::new(
                Field::Name,
                Problem::TooLong { max: 100 },
            ));
        }
        self.resident_id = match self.resident_id.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(id) => Some(resident_id::ResidentId::parse(id)?.as_str().to_string()),
        };
        self.phone = match self.phone.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(p) => Some(phone::Phone::parse(p)?.as_str().to_string()),
        };
        Ok(self)
    }
}

/// A name as shown on shared screens: the first and last characters, the rest starred
/// (张建国 → 张*国, 李娜 → 李*). Organisations are shown whole.
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_string(),
        2 => format!("{}*", chars[0]),
        n => format!("{}{}{}", chars[0], "*".repeat(n - 2), chars[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(super::mask_name("张建国"), "张*国");
        assert_eq!(super::mask_name("李娜"), "李*");
        assert_eq!(super::mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(super::mask_name(""), "");
    }
}
