//! The 18-character resident identity number of the PRC (GB 11643-1999).
//!
//! Layout: 6-digit address code (the first two digits are the province-level
//! code), 8-digit birth date `YYYYMMDD`, 3-digit sequence number, and one
//! ISO 7064 MOD 11-2 check character (`0`–`9` or `X`).
//!
//! The number is personal data: [`ResidentId`]'s `Display` and `Debug` both
//! print the masked form, so it cannot reach a log line by accident. Use
//! [`ResidentId::as_str`] where the full number is really needed (storage).

use std::fmt;

use chrono::NaiveDate;

use super::validation::{Field, Problem, ValidationError};

/// Number of characters in a resident ID.
pub const LEN: usize = 18;

/// Weights of the first 17 digits for the check character (ISO 7064 MOD 11-2).
const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

/// Check character for each value of the weighted sum modulo 11.
const CHECK_CHARS: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// Earliest and latest birth years accepted.
const MIN_BIRTH_YEAR: i32 = 1900;
const MAX_BIRTH_YEAR: i32 = 2100;

/// Tidies what an operator typed or pasted: trims, drops every whitespace
/// character (including the ideographic space U+3000), turns full-width
/// digits `０`–`９` and `Ｘ`/`ｘ` into ASCII, and upper-cases `x`.
/// Any other character is kept, so that validation can point at it.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'x' | 'Ｘ' | 'ｘ' => 'X',
            other => other,
        })
        .collect()
}

/// A valid resident identity number, stored in normalized form
/// (18 ASCII characters, upper-case `X`).
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct ResidentId(String);

impl ResidentId {
    /// Normalizes and validates `input`. The rules are checked in this order,
    /// and the first one broken is reported: empty, length, characters,
    /// province code, birth date, check character.
    ///
    /// "Today" for the birth date is the day in Beijing by the system clock; see
    /// [`ResidentId::parse_on`] for the rule with the day given.
    pub fn parse(input: &str) -> Result<ResidentId, ValidationError> {
        Self::parse_on(input, super::clock::local_day(chrono::Utc::now()))
    }

    /// [`ResidentId::parse`] on the day `today`: a birth date after it is refused.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<ResidentId, ValidationError> {
        let err = |problem| ValidationError::new(Field::ResidentId, problem);
        let id = normalize(input);
        if id.is_empty() {
            return Err(err(Problem::Empty));
        }
        let chars: Vec<char> = id.chars().collect();
        if chars.len() == 15 && chars.iter().all(|c| c.is_ascii_digit()) {
            return Err(err(Problem::FirstGeneration));
        }
        if chars.len() != LEN {
            return Err(err(Problem::Length {
                expected: LEN,
                got: chars.len(),
            }));
        }
        for (i, &c) in chars.iter().enumerate() {
            let ok = c.is_ascii_digit() || (i == LEN - 1 && c == 'X');
            if !ok {
                return Err(err(Problem::BadCharacter { position: i + 1 }));
            }
        }
        // From here on every character is ASCII.
        let bytes = id.as_bytes();
        if !is_province_code(&id[0..2]) {
            return Err(err(Problem::UnknownRegion));
        }
        match birth_date_of(bytes) {
            None => return Err(err(Problem::BadBirthDate)),
            Some(born) if born > today => return Err(err(Problem::BornInFuture)),
            Some(_) => {}
        }
        let expected = check_char(bytes);
        let got = chars[LEN - 1];
        if expected != got {
            return Err(err(Problem::CheckDigit { expected, got }));
        }
        Ok(ResidentId(id))
    }

    /// The full number. Personal data: store it, do not log or display it.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The birth date encoded in digits 7–14.
    pub fn birth_date(&self) -> NaiveDate {
        birth_date_of(self.0.as_bytes()).expect("a parsed ResidentId has a valid birth date")
    }

    /// First 6 and last 4 characters kept, 8 stars between: `110105********002X`.
    pub fn masked(&self) -> String {
        mask_full(&self.0)
    }
}

impl fmt::Display for ResidentId {
    /// Prints the masked form only.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

impl fmt::Debug for ResidentId {
    /// Masked too, so `{:?}` in a log line does not leak the number.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ResidentId").field(&self.masked()).finish()
    }
}

/// Masks any stored text that is meant to be a resident ID, valid or not.
///
/// If it has 18 characters after [`normalize`] it is masked like
/// [`ResidentId::masked`]; otherwise see [`mask_generic`]. Never returns
/// the full value; empty stays empty.
pub fn mask(input: &str) -> String {
    // Whatever was stored, a mask is shown: no control character goes through it.
    let id = normalize(&crate::text::clean_line(input));
    if id.chars().count() == LEN {
        mask_full(&id)
    } else {
        mask_generic(&id)
    }
}

/// Masks text of any length without revealing all of it: keeps the first
/// 1–3 and the last 0–2 characters, with one star per hidden character.
///
/// | length | kept |
/// |---|---|
/// | 0 | nothing (empty stays empty) |
/// | 1–2 | nothing, all stars |
/// | 3–5 | first 1 |
/// | 6–9 | first 1, last 2 |
/// | 10+ | first 3, last 2 |
pub(crate) fn mask_generic(text: &str) -> String {
    let chars: Vec<char> = text.chars().filter(|c| !c.is_control()).collect();
    let n = chars.len();
    let (head, tail) = match n {
        0..=2 => (0, 0),
        3..=5 => (1, 0),
        6..=9 => (1, 2),
        _ => (3, 2),
    };
    let mut out = String::with_capacity(text.len());
    out.extend(&chars[..head]);
    out.extend(std::iter::repeat_n('*', n - head - tail));
    out.extend(&chars[n - tail..]);
    out
}

/// First 6 and last 4 characters of an 18-character text, 8 stars between.
fn mask_full(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    debug_assert_eq!(chars.len(), LEN);
    let mut out = String::with_capacity(LEN);
    out.extend(&chars[..6]);
    out.push_str("********");
    out.extend(&chars[LEN - 4..]);
    out
}

/// Province-level administrative division codes (GB/T 2260), plus 71 (Taiwan),
/// 81 (Hong Kong), 82 (Macao) and 83 (residence permits of Taiwan residents).
fn is_province_code(code: &str) -> bool {
    matches!(
        code.parse::<u8>(),
        Ok(11..=15 | 21..=23 | 31..=37 | 41..=46 | 50..=54 | 61..=65 | 71 | 81 | 82 | 83)
    )
}

/// The birth date in digits 7–14, if it is a real date within the accepted years.
/// `id` must hold at least 14 ASCII digits.
fn birth_date_of(id: &[u8]) -> Option<NaiveDate> {
    let num = |range: std::ops::Range<usize>| -> u32 {
        id[range]
            .iter()
            .fold(0, |acc, b| acc * 10 + u32::from(b - b'0'))
    };
    let year = num(6..10) as i32;
    if !(MIN_BIRTH_YEAR..=MAX_BIRTH_YEAR).contains(&year) {
        return None;
    }
    NaiveDate::from_ymd_opt(year, num(10..12), num(12..14))
}

/// The check character for the first 17 digits of `id` (ASCII digits).
fn check_char(id: &[u8]) -> char {
    let sum: u32 = id[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK_CHARS[(sum % 11) as usize]
}

#[cfg(test)]
mod tests;
