//! Tests of resident ID checks: GB 11643 check character, region, birth date, what each message names.

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
        "00", "10", "16", "20", "24", "30", "38", "40", "47", "49", "55", "60", "66", "70", "72",
        "80", "84", "90", "99",
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
        11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51,
        52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83,
    ])
}

fn birth_date() -> impl Strategy<Value = NaiveDate> {
    let first = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
    let last = NaiveDate::from_ymd_opt(2100, 12, 31).unwrap();
    let days = (last - first).num_days();
    (0..=days).prop_map(move |d| first + chrono::Duration::days(d))
}

fn valid_id() -> impl Strategy<Value = String> {
    (region(), 0u32..10_000, birth_date(), 0u32..1_000).prop_map(|(region, county, date, seq)| {
        complete(&format!(
            "{region:02}{county:04}{}{seq:03}",
            date.format("%Y%m%d")
        ))
    })
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
