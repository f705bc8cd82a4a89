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

/// A name as compared when looking for earlier cases: without any spaces (half- or
/// full-width), full-width letters and digits made plain (某建筑公司 and 某 建筑公司 match;
/// so do 第３工程队 and 第3工程队). The store compares it with the stored name, spaces removed.
pub fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_compare_without_spaces_or_full_width_digits() {
        assert_eq!(super::name_key(" 某 建筑公司\u{3000}"), "某建筑公司");
        assert_eq!(super::name_key("第３工程队"), "第3工程队");
        assert_eq!(super::name_key(""), "");
    }

    #[test]
    fn names_are_masked_but_recognisable() {
        assert_eq!(super::mask_name("张建国"), "张*国");
        assert_eq!(super::mask_name("李娜"), "李*");
        assert_eq!(super::mask_name("欧阳娜娜"), "欧**娜");
        assert_eq!(super::mask_name(""), "");
    }
}
