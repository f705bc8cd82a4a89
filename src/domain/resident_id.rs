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
    let id = normalize(input);
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
    let chars: Vec<char> = text.chars().collect();
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
mod tests {
    use super::*;
    use crate::domain::validation::Lang;
    use proptest::prelude::*;

    /// Check character computed independently of the module: the weights are
    /// 2^(17-i) mod 11 and the check value is (12 - S mod 11) mod 11, 10 → X.
    fn reference_check(first17: &str) -> char {
        assert_eq!(first17.len(), 17);
        let s: u64 = first17
            .chars()
            .enumerate()
            .map(|(i, c)| {
                let weight = (1u64 << (17 - i)) % 11;
                u64::from(c.to_digit(10).unwrap()) * weight
            })
            .sum();
        match (12 - s % 11) % 11 {
            10 => 'X',
            v => char::from_digit(v as u32, 10).unwrap(),
        }
    }

    fn complete(first17: &str) -> String {
        format!("{first17}{}", reference_check(first17))
    }

    /// The rules without "today": every birth date up to 2100 is in the past.
    fn parse(input: &str) -> Result<ResidentId, ValidationError> {
        ResidentId::parse_on(input, NaiveDate::from_ymd_opt(2100, 12, 31).unwrap())
    }

    fn problem(input: &str) -> Problem {
        parse(input).unwrap_err().problem
    }

    #[test]
    fn reference_helper_agrees_with_known_example() {
        assert_eq!(reference_check("11010519491231002"), 'X');
    }

    #[test]
    fn accepts_known_public_example() {
        let id = parse("11010519491231002X").unwrap();
        assert_eq!(id.as_str(), "11010519491231002X");
        assert_eq!(
            id.birth_date(),
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
    }

    #[test]
    fn accepts_computed_ids_across_regions() {
        for first17 in [
            "44052419800101001",
            "31011519900307123",
            "51010720001231456",
            "65010219550615789",
            "83000019880808001",
            "81000019700101002",
            "71000020100228003",
            "15010220991231004",
            "53010219000101005",
            "21010221000101006",
        ] {
            let full = complete(first17);
            let id = parse(&full).unwrap_or_else(|e| panic!("{full}: {e}"));
            assert_eq!(id.as_str(), full);
        }
    }

    #[test]
    fn accepts_full_width_lower_case_and_spaces() {
        for input in [
            "１１０１０５１９４９１２３１００２ｘ",
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002x",
            "  110105 19491231 002X  ",
            "110105\u{3000}19491231\u{3000}002x",
            "110105\t1949 1231\n002X",
            "１１０１０５ 1949\u{3000}1231 ００２ｘ",
        ] {
            let id = parse(input).unwrap_or_else(|e| panic!("{input:?}: {e}"));
            assert_eq!(id.as_str(), "11010519491231002X", "{input:?}");
        }
    }

    #[test]
    fn normalize_examples() {
        assert_eq!(normalize(""), "");
        assert_eq!(normalize("  \u{3000} "), "");
        assert_eq!(normalize(" １２３ ｘ x Ｘ "), "123XXX");
        // Other characters are kept so validation can point at them.
        assert_eq!(normalize("11-01"), "11-01");
    }

    #[test]
    fn rejects_empty() {
        assert_eq!(problem(""), Problem::Empty);
        assert_eq!(problem("   "), Problem::Empty);
        assert_eq!(problem("\u{3000}"), Problem::Empty);
    }

    #[test]
    fn rejects_wrong_length() {
        assert_eq!(
            problem("11010519491231002"),
            Problem::Length {
                expected: 18,
                got: 17
            }
        );
        assert_eq!(
            problem("11010519491231002X1"),
            Problem::Length {
                expected: 18,
                got: 19
            }
        );
        // Old 15-digit numbers are not accepted, and the operator is told why.
        assert_eq!(problem("110105491231002"), Problem::FirstGeneration);
        let err = parse("110105 491231 002").unwrap_err();
        assert!(err.message(Lang::En).contains("first-generation"));
        assert!(err.message(Lang::Zh).contains("第一代"));
        // Fifteen characters that are not all digits are just the wrong length.
        assert_eq!(
            problem("11010549123100X"),
            Problem::Length {
                expected: 18,
                got: 15
            }
        );
        // Characters, not bytes, are counted.
        assert_eq!(
            problem("身份证"),
            Problem::Length {
                expected: 18,
                got: 3
            }
        );
    }

    #[test]
    fn rejects_bad_characters_with_position() {
        assert_eq!(
            problem("A1010519491231002X"),
            Problem::BadCharacter { position: 1 }
        );
        assert_eq!(
            problem("110105194912310X2X"),
            Problem::BadCharacter { position: 16 }
        );
        assert_eq!(
            problem("1101051949-231002X"),
            Problem::BadCharacter { position: 11 }
        );
        assert_eq!(
            problem("11010519491231002Y"),
            Problem::BadCharacter { position: 18 }
        );
        assert_eq!(
            problem("一一010519491231002X"),
            Problem::BadCharacter { position: 1 }
        );
        // X only at the end, even full-width.
        assert_eq!(
            problem("11010519491231ｘ02X"),
            Problem::BadCharacter { position: 15 }
        );
    }

    #[test]
    fn rejects_unknown_region() {
        for prefix in [
            "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70",
            "72", "80", "84", "90", "99",
        ] {
            let input = complete(&format!("{prefix}010519491231002"));
            assert_eq!(problem(&input), Problem::UnknownRegion, "{input}");
        }
    }

    #[test]
    fn accepts_every_listed_region() {
        let codes = (11..=15)
            .chain(21..=23)
            .chain(31..=37)
            .chain(41..=46)
            .chain(50..=54)
            .chain(61..=65)
            .chain([71, 81, 82, 83]);
        for code in codes {
            let input = complete(&format!("{code}010519491231002"));
            assert!(parse(&input).is_ok(), "{input}");
        }
    }

    #[test]
    fn rejects_bad_birth_dates() {
        for date in [
            "19491301", // month 13
            "19490001", // month 0
            "19490100", // day 0
            "19490431", // April 31
            "18991231", // before 1900
            "21010101", // after 2100
            "00000000",
        ] {
            let input = complete(&format!("110105{date}002"));
            assert_eq!(problem(&input), Problem::BadBirthDate, "{input}");
        }
    }

    #[test]
    fn public_example_born_1880_is_outside_accepted_years() {
        // 440524188001010014 is a widely quoted example with a correct check
        // digit, but its holder would be born in 1880, before 1900.
        assert_eq!(reference_check("44052418800101001"), '4');
        assert_eq!(problem("440524188001010014"), Problem::BadBirthDate);
    }

    #[test]
    fn february_29_only_in_leap_years() {
        for year in [1904, 2000, 2004, 2024, 2096] {
            let input = complete(&format!("110105{year}0229002"));
            let id = parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(
                id.birth_date(),
                NaiveDate::from_ymd_opt(year, 2, 29).unwrap()
            );
        }
        for year in [1900, 1999, 2001, 2023, 2100] {
            let input = complete(&format!("110105{year}0229002"));
            assert_eq!(problem(&input), Problem::BadBirthDate, "{input}");
        }
    }

    #[test]
    fn a_birth_date_after_today_is_refused() {
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let born_2026_11_28 = complete("11010520261128001");
        assert!(ResidentId::parse_on(&born_2026_11_28, day(2026, 11, 28)).is_ok());
        let err = ResidentId::parse_on(&born_2026_11_28, day(2026, 11, 27)).unwrap_err();
        assert_eq!(err.problem, Problem::BornInFuture);
        assert!(err.message(Lang::En).contains("after today"));
        assert!(err.message(Lang::Zh).contains("晚于今天"));
        // The example, born 2099, by today's clock.
        assert_eq!(
            ResidentId::parse("110105209912310010").unwrap_err().problem,
            Problem::BornInFuture
        );
    }

    #[test]
    fn rejects_wrong_check_character() {
        assert_eq!(
            problem("110105194912310021"),
            Problem::CheckDigit {
                expected: 'X',
                got: '1'
            }
        );
        let good = complete("44052419800101001");
        let expected = good.chars().last().unwrap();
        let wrong = if expected == '0' { '1' } else { '0' };
        assert_eq!(
            problem(&format!("44052419800101001{wrong}")),
            Problem::CheckDigit {
                expected,
                got: wrong
            }
        );
    }

    #[test]
    fn rules_are_checked_in_order() {
        // Bad character beats bad region, date and check digit.
        assert_eq!(
            problem("0A0000000000000000"),
            Problem::BadCharacter { position: 2 }
        );
        // Bad region beats bad date.
        assert_eq!(problem("000000000000000000"), Problem::UnknownRegion);
        // Bad date beats bad check digit.
        assert_eq!(problem("110105194913310021"), Problem::BadBirthDate);
    }

    #[test]
    fn errors_name_the_field() {
        let err = parse("110105194912310021").unwrap_err();
        assert_eq!(err.field, Field::ResidentId);
        let zh = err.message(Lang::Zh);
        let en = err.message(Lang::En);
        assert!(zh.contains("身份证号"), "{zh}");
        assert!(en.contains("Resident ID"), "{en}");
        // The message never names the character that would pass (here X): "fixing" the
        // check digit to it would hide the digit that was really mistyped.
        assert!(!zh.contains('X') && !en.contains('X'), "{zh} / {en}");
        assert!(!zh.contains('1') && !en.contains('1'), "{zh} / {en}");
        assert!(en.contains("mistyped somewhere"), "{en}");
        assert!(zh.contains("某一位输错"), "{zh}");
    }

    #[test]
    fn masked_keeps_first_six_and_last_four() {
        let id = parse("11010519491231002x").unwrap();
        assert_eq!(id.masked(), "110105********002X");
    }

    #[test]
    fn display_and_debug_are_masked() {
        let id = parse("11010519491231002X").unwrap();
        assert_eq!(id.to_string(), "110105********002X");
        assert_eq!(format!("{id}"), "110105********002X");
        let debug = format!("{id:?}");
        assert!(!debug.contains("19491231"), "{debug}");
        assert!(debug.contains("110105********002X"), "{debug}");
    }

    #[test]
    fn mask_of_stored_text() {
        // 18 characters after normalize: masked like a valid ID, valid or not.
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(
            mask("１１０１０５１９４９１２３１００２ｘ"),
            "110105********002X"
        );
        assert_eq!(mask("110105194912310021"), "110105********0021");
        assert_eq!(mask("ABCDEFGHIJKLMNOPQR"), "ABCDEF********OPQR");
        // Other lengths.
        assert_eq!(mask(""), "");
        assert_eq!(mask("   "), "");
        assert_eq!(mask("1"), "*");
        assert_eq!(mask("12"), "**");
        assert_eq!(mask("123"), "1**");
        assert_eq!(mask("12345"), "1****");
        assert_eq!(mask("123456"), "1***56");
        assert_eq!(mask("123456789"), "1******89");
        assert_eq!(mask("110105491231002"), "110**********02");
        assert_eq!(mask("11010519491231002"), "110************02");
        assert_eq!(mask("11010519491231002X1"), "110**************X1");
    }

    #[test]
    fn mask_never_reveals_the_whole_value() {
        for n in 1..=40 {
            let text: String = "0123456789".chars().cycle().take(n).collect();
            let masked = mask(&text);
            assert_eq!(masked.chars().count(), n);
            assert!(masked.contains('*'), "{n}: {masked}");
            assert_ne!(masked, text);
        }
    }

    fn region() -> impl Strategy<Value = u32> {
        prop::sample::select(vec![
            11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50,
            51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
        ])
    }

    fn birth_date() -> impl Strategy<Value = NaiveDate> {
        let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
        let last = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
        let days = (last - first).num_days();
        (0..=days).prop_map(move |d| first + chrono::Duration::days(d))
    }

    fn valid_id() -> impl Strategy<Value = String> {
        (region(), 0u32..10_000, birth_date(), 0u32..1_000).prop_map(
            |(region, county, date, seq)| {
                complete(&format!(
                    "{region:02}{county:04}{}{seq:03}",
                    date.format("%Y%m%d")
                ))
            },
        )
    }

    proptest! {
        #[test]
        fn any_valid_prefix_with_its_check_char_parses(id in valid_id()) {
            let parsed = parse(&id);
            prop_assert!(parsed.is_ok(), "{} rejected: {:?}", id, parsed);
            let parsed = parsed.unwrap();
            prop_assert_eq!(parsed.as_str(), id.as_str());
            prop_assert_eq!(parsed.birth_date().format("%Y%m%d").to_string(), &id[6..14]);
            prop_assert_eq!(parsed.masked(), format!("{}********{}", &id[..6], &id[14..]));
        }

        #[test]
        fn changing_any_single_character_is_rejected(
            id in valid_id(),
            position in 0usize..18,
            shift in 1u32..11,
        ) {
            // Replace the character at `position` with a different one from
            // the alphabet allowed there (digits; digits and X for the last).
            let alphabet: &[char] = if position == 17 {
                &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X']
            } else {
                &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']
            };
            let old = id.chars().nth(position).unwrap();
            let at = alphabet.iter().position(|&c| c == old).unwrap();
            let shift = (shift as usize) % alphabet.len();
            let shift = if shift == 0 { 1 } else { shift };
            let new = alphabet[(at + shift) % alphabet.len()];
            prop_assume!(new != old);
            let mut changed: Vec<char> = id.chars().collect();
            changed[position] = new;
            let changed: String = changed.into_iter().collect();
            prop_assert!(parse(&changed).is_err(), "{} accepted (from {})", changed, id);
        }
    }
}
