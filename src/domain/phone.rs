//! Mainland China phone numbers: mobiles and landlines with their area code.
//!
//! A phone number is personal data: [`Phone`]'s `Display` and `Debug` both
//! print the masked form. Use [`Phone::as_str`] where the full number is
//! really needed (storage, dialling).

use std::fmt;

use super::validation::{Field, Problem, ValidationError};

/// Tidies what an operator typed or pasted: full-width digits become ASCII;
/// whitespace (including U+3000), `-`, `(`, `)` and their full-width forms
/// are dropped; a leading `+86`, `0086` or `86` is dropped when what follows
/// is an 11-digit mobile number. Any other character is kept, so that a
/// number with letters in it is rejected rather than silently repaired.
pub fn normalize(input: &str) -> String {
    let digits: String = input
        .chars()
        .filter(|&c| !c.is_whitespace() && !matches!(c, '-' | '(' | ')' | '－' | '（' | '）'))
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '＋' => '+',
            other => other,
        })
        .collect();
    for prefix in ["+86", "0086", "86"] {
        if let Some(rest) = digits.strip_prefix(prefix)
            && is_mobile(rest)
        {
            return rest.to_string();
        }
    }
    digits
}

/// Mobile or landline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneKind {
    /// 11 digits starting `13`–`19`.
    Mobile,
    /// Area code (`010`, `020`–`029`, or 4 digits like `0571`) and a
    /// 7–8 digit local number.
    Landline,
}

/// A valid mainland phone number, stored as ASCII digits only
/// (a landline keeps its area code, without separator: `057188886666`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone(String);

impl Phone {
    /// Normalizes and validates `input`. Blank input is [`Problem::Empty`];
    /// anything else that is not a mobile or a landline with area code is
    /// [`Problem::NotAPhoneNumber`] (bare local numbers and service numbers
    /// such as 110 or 12345 included).
    pub fn parse(input: &str) -> Result<Phone, ValidationError> {
        let err = |problem| ValidationError::new(Field::Phone, problem);
        if input.trim().is_empty() {
            return Err(err(Problem::Empty));
        }
        let number = normalize(input);
        if is_mobile(&number) || landline_area_len(&number).is_some() {
            Ok(Phone(number))
        } else {
            Err(err(Problem::NotAPhoneNumber))
        }
    }

    /// Mobile or landline.
    pub fn kind(&self) -> PhoneKind {
        if is_mobile(&self.0) {
            PhoneKind::Mobile
        } else {
            PhoneKind::Landline
        }
    }

    /// The full number, digits only. Personal data: do not log or display it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The area code with its leading 0 (`010`, `0571`), for a landline.
    pub fn area_code(&self) -> Option<&str> {
        landline_area_len(&self.0).map(|len| &self.0[..len])
    }

    /// Mobile: first 3 and last 4 digits, `138****5678`. Landline: area code
    /// and last 2 digits, `0571-******66`.
    pub fn masked(&self) -> String {
        match landline_area_len(&self.0) {
            Some(area) => mask_landline(&self.0, area),
            None => mask_mobile(&self.0),
        }
    }
}

impl fmt::Display for Phone {
    /// Prints the masked form only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for Phone {
    /// Masked too, so `{:?}` in a log line does not leak the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("Phone").field(&self.masked()).finish()
    }
}

/// Masks any stored text that is meant to be a phone number, valid or not.
///
/// A valid number is masked like [`Phone::masked`]; any other 11 characters
/// after [`normalize`] like a mobile (first 3, last 4); anything else keeps
/// at most its first 1–3 and last 2 characters. Never returns the full
/// value; empty stays empty.
pub fn mask(input: &str) -> String {
    // Whatever was stored, a mask is shown: no control character goes through it.
    let input = &crate::text::clean_line(input);
    if let Ok(phone) = Phone::parse(input) {
        return phone.masked();
    }
    let number = normalize(input);
    if number.chars().count() == 11 {
        mask_mobile(&number)
    } else {
        super::resident_id::mask_generic(&number)
    }
}

/// 11 ASCII digits starting `1[3-9]`.
fn is_mobile(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1]) && all_digits(b)
}

/// If `s` is a landline with area code, the length of the area code
/// (3 for `010` and `020`–`029`, 4 for `03xx`–`09xx`).
fn landline_area_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != b'0' || !all_digits(b) {
        return None;
    }
    let area = match b[1] {
        b'1' if b[2] == b'0' => 3,
        b'2' => 3,
        b'3'..=b'9' => 4,
        _ => return None,
    };
    let local = b.get(area..)?;
    let local_ok = matches!(local.len(), 7 | 8) && !matches!(local[0], b'0' | b'1');
    local_ok.then_some(area)
}

fn all_digits(b: &[u8]) -> bool {
    b.iter().all(u8::is_ascii_digit)
}

/// First 3 and last 4 of 11 characters, 4 stars between.
fn mask_mobile(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    debug_assert_eq!(chars.len(), 11);
    let mut out = String::with_capacity(11);
    out.extend(&chars[..3]);
    out.push_str("****");
    out.extend(&chars[7..]);
    out
}

/// Area code, a dash, one star per hidden digit, last 2 digits.
/// `s` is an ASCII landline whose area code is `area` digits long.
fn mask_landline(s: &str, area: usize) -> String {
    let hidden = s.len() - area - 2;
    format!("{}-{}{}", &s[..area], "*".repeat(hidden), &s[s.len() - 2..])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::validation::Lang;

    fn parse(input: &str) -> Phone {
        Phone::parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"))
    }

    fn problem(input: &str) -> Problem {
        let err = Phone::parse(input).unwrap_err();
        assert_eq!(err.field, Field::Phone);
        err.problem
    }

    #[test]
    fn accepts_mobiles() {
        for input in [
            "13812345678",
            "14712345678",
            "15012345678",
            "16612345678",
            "17012345678",
            "18912345678",
            "19912345678",
        ] {
            let phone = parse(input);
            assert_eq!(phone.kind(), PhoneKind::Mobile);
            assert_eq!(phone.as_str(), input);
            assert_eq!(phone.area_code(), None);
        }
    }

    #[test]
    fn rejects_non_mobiles_of_eleven_digits() {
        for input in ["10012345678", "11012345678", "12012345678", "23812345678"] {
            assert_eq!(problem(input), Problem::NotAPhoneNumber, "{input}");
        }
    }

    #[test]
    fn rejects_mobiles_of_wrong_length() {
        for input in ["1381234567", "138123456789", "138"] {
            assert_eq!(problem(input), Problem::NotAPhoneNumber, "{input}");
        }
    }

    #[test]
    fn normalizes_mobile_forms() {
        for input in [
            "138 1234 5678",
            "138-1234-5678",
            "１３８１２３４５６７８",
            "１３８\u{3000}１２３４\u{3000}５６７８",
            "+8613812345678",
            "+86 138 1234 5678",
            "+86-138-1234-5678",
            "(+86) 138 1234 5678",
            "＋８６ １３８１２３４５６７８",
            "008613812345678",
            "0086 138 1234 5678",
            "8613812345678",
            "86 13812345678",
            "  13812345678  ",
            "（138）1234－5678",
        ] {
            assert_eq!(normalize(input), "13812345678", "{input:?}");
            let phone = parse(input);
            assert_eq!(phone.as_str(), "13812345678", "{input:?}");
            assert_eq!(phone.kind(), PhoneKind::Mobile);
        }
    }

    #[test]
    fn country_code_is_only_dropped_before_a_mobile() {
        // Not followed by an 11-digit mobile: kept, and then rejected.
        assert_eq!(normalize("+861088886666"), "+861088886666");
        assert_eq!(normalize("86 1234567"), "861234567");
        assert_eq!(normalize("8612812345678"), "8612812345678");
        assert_eq!(problem("+86 10 8888 6666"), Problem::NotAPhoneNumber);
        assert_eq!(problem("+8612812345678"), Problem::NotAPhoneNumber);
        assert_eq!(problem("+86"), Problem::NotAPhoneNumber);
        // Only once, and only at the front.
        assert_eq!(normalize("+86+8613812345678"), "+86+8613812345678");
        assert_eq!(problem("+86+8613812345678"), Problem::NotAPhoneNumber);
        assert_eq!(problem("13812345678+86"), Problem::NotAPhoneNumber);
    }

    #[test]
    fn accepts_landlines_with_area_code() {
        for (input, digits, area) in [
            ("010-88886666", "01088886666", "010"),
            ("01088886666", "01088886666", "010"),
            ("010 8888666", "0108888666", "010"),
            ("020-38886666", "02038886666", "020"),
            ("029-8888666", "0298888666", "029"),
            ("(021) 6888 6666", "02168886666", "021"),
            ("0571-88886666", "057188886666", "0571"),
            ("057188886666", "057188886666", "0571"),
            ("0755-2888666", "07552888666", "0755"),
            ("0311-98886666", "031198886666", "0311"),
            ("0898-66886666", "089866886666", "0898"),
            ("０５７１－８８８８６６６６", "057188886666", "0571"),
            ("（0571）88886666", "057188886666", "0571"),
        ] {
            let phone = parse(input);
            assert_eq!(phone.kind(), PhoneKind::Landline, "{input:?}");
            assert_eq!(phone.as_str(), digits, "{input:?}");
            assert_eq!(phone.area_code(), Some(area), "{input:?}");
        }
    }

    #[test]
    fn rejects_bad_landlines() {
        // Separators are ignored, so "057-88886666" is read as 0578-8886666
        // (a valid landline); the area code cannot be checked against them.
        assert_eq!(parse("057-88886666").area_code(), Some("0578"));
        for input in [
            "010-0888666",    // local number starts with 0
            "010-1888666",    // local number starts with 1
            "0571-1888666",   // local number starts with 1
            "010-888666",     // local number too short
            "010-888866661",  // local number too long
            "0571-888666",    // local number too short
            "0571-888866661", // local number too long
            "011-88886666",   // no such 3-digit area code
            "0188886666",     // 01x other than 010
            "0088886666",     // 00 is international, not an area code
            "0-88886666",
        ] {
            assert_eq!(problem(input), Problem::NotAPhoneNumber, "{input:?}");
        }
    }

    #[test]
    fn rejects_bare_local_and_service_numbers() {
        for input in [
            "88886666",
            "8888666",
            "110",
            "119",
            "120",
            "12345",
            "12348",
            "95588",
            "400-800-8888",
        ] {
            assert_eq!(problem(input), Problem::NotAPhoneNumber, "{input:?}");
        }
    }

    #[test]
    fn rejects_other_text() {
        for input in [
            "abc",
            "138-1234-567a",
            "138.1234.5678",
            "13812345678 ext 12",
            "0571-88886666转123",
            "电话",
            "-",
            "()",
        ] {
            assert_eq!(problem(input), Problem::NotAPhoneNumber, "{input:?}");
        }
    }

    #[test]
    fn rejects_empty() {
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("   "), Problem::Empty);
        assert_eq!(problem("\u{3000}"), Problem::Empty);
    }

    #[test]
    fn errors_name_the_field() {
        let err = Phone::parse("12345").unwrap_err();
        assert!(err.message(Lang::Zh).contains("联系电话"));
        assert!(err.message(Lang::En).contains("Phone"));
    }

    #[test]
    fn masked_forms() {
        assert_eq!(parse("13812345678").masked(), "138****5678");
        assert_eq!(parse("+86 138 1234 5678").masked(), "138****5678");
        assert_eq!(parse("010-88886666").masked(), "010-******66");
        assert_eq!(parse("010-8888666").masked(), "010-*****66");
        assert_eq!(parse("0571-88886666").masked(), "0571-******66");
        assert_eq!(parse("0755-2888666").masked(), "0755-*****66");
    }

    #[test]
    fn display_and_debug_are_masked() {
        let mobile = parse("13812345678");
        assert_eq!(mobile.to_string(), "138****5678");
        let debug = format!("{mobile:?}");
        assert!(!debug.contains("13812345678"), "{debug}");
        assert!(debug.contains("138****5678"), "{debug}");
        let landline = parse("0571-88886666");
        assert_eq!(format!("{landline}"), "0571-******66");
        assert!(!format!("{landline:?}").contains("88886666"));
    }

    #[test]
    fn mask_of_stored_text() {
        // Valid numbers, in any form.
        assert_eq!(mask("13812345678"), "138****5678");
        assert_eq!(mask("+86 138-1234-5678"), "138****5678");
        assert_eq!(mask("057188886666"), "0571-******66");
        assert_eq!(mask("0571-88886666"), "0571-******66");
        // Invalid 11-character text is masked like a mobile.
        assert_eq!(mask("12012345678"), "120****5678");
        // Anything else keeps at most the first 1–3 and last 2 characters.
        assert_eq!(mask(""), "");
        assert_eq!(mask("110"), "1**");
        assert_eq!(mask("88886666"), "8*****66");
        assert_eq!(mask("4008008888"), "400*****88");
        assert_eq!(mask("ab"), "**");
    }

    #[test]
    fn mask_never_reveals_the_whole_value() {
        for n in 1..=20 {
            let text: String = "1357924680".chars().cycle().take(n).collect();
            let masked = mask(&text);
            assert!(masked.contains('*'), "{n}: {masked}");
            assert_ne!(masked, text);
        }
    }
}
