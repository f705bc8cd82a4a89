//! The court link seen from the court's side (诉调对接): what kind of referral a court case
//! number is, and the plain table of outcomes the centre sends back to the court.
//!
//! The referral type is read from the court's own case number, because Chinese court numbers
//! carry it: `(2026)示0101民诉前调1234号` is a pre-filing referral (诉前委派), `…民初…` a case
//! already filed and entrusted to mediation (诉中委托). Nothing extra has to be typed at intake.

use super::case::{CaseState, JudicialConfirmation, LitigationTrack};
use super::party::mask_name;
use chrono::{DateTime, Utc};

/// Checks a court case number as courts write it: the year in brackets (half- or full-width),
/// the court's code and the case type, the number, and 号 — `（2026）示0101民诉前调1234号`.
pub fn check_case_no(text: &str) -> Result<(), super::validation::ValidationError> {
    use super::validation::{Field, Problem, ValidationError};
    let bad = || ValidationError::new(Field::CourtCaseNo, Problem::NotACourtCaseNo);
    let no: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut chars = no.chars();
    if !matches!(chars.next(), Some('(' | '（' | '〔' | '[')) {
        return Err(bad());
    }
    let year: Vec<char> = chars.by_ref().take(4).collect();
    if year.len() != 4 || !year.iter().all(|c| digit(*c)) {
        return Err(bad());
    }
    if !matches!(chars.next(), Some(')' | '）' | '〕' | ']')) {
        return Err(bad());
    }
    let rest: Vec<char> = chars.collect();
    let Some((&'号', body)) = rest.split_last() else {
        return Err(bad());
    };
    let number = body.iter().rev().take_while(|c| digit(**c)).count();
    let code = body.len() - number;
    if number == 0 || code < 2 {
        return Err(bad());
    }
    Ok(())
}

/// How the court sent the case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralType {
    /// 诉前委派调解: referred before the case is filed.
    PreFiling,
    /// 诉中委托调解: a filed case entrusted to mediation.
    InLitigation,
    /// The number does not say.
    Unknown,
}

impl ReferralType {
    pub fn of(court_case_no: &str) -> ReferralType {
        let no: String = court_case_no
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        if no.contains("诉前") {
            ReferralType::PreFiling
        } else if ["初", "终", "再", "特"].iter().any(|k| no.contains(k)) {
            ReferralType::InLitigation
        } else {
            ReferralType::Unknown
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ReferralType::PreFiling => "pre_filing",
            ReferralType::InLitigation => "in_litigation",
            ReferralType::Unknown => "unknown",
        }
    }
}

/// One court-referred case with its outcome, as returned to the court.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourtReturn {
    pub court_case_no: String,
    pub case_no: String,
    pub state: CaseState,
    pub agreement_no: Option<String>,
    pub judicial_confirmation: Option<JudicialConfirmation>,
    pub litigation_track: Option<LitigationTrack>,
    pub outcome_note: Option<String>,
    /// When the outcome was recorded.
    pub decided_at: DateTime<Utc>,
    /// Applicant and respondent names as stored, each with whether it is an organisation;
    /// people's names are masked when written out.
    pub applicants: Vec<(String, bool)>,
    pub respondents: Vec<(String, bool)>,
}

/// Words for the table, in the reader's language (from the locale files).
pub trait Words {
    fn word(&self, key: &str) -> String;
}

/// The words of the locale files, in the operator's language.
impl Words for super::Lang {
    fn word(&self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.locale()).into_owned()
    }
}

/// The table the court gets back: tab-separated, one header line, one line per case.
/// Personal names are masked (张*国) and no ID or phone number is written; a tab or line
/// break inside a value becomes a space, so every case stays on one line.
pub fn return_table(rows: &[CourtReturn], words: &dyn Words) -> String {
    let header = [
        "court_case_no",
        "referral_type",
        "case_no",
        "outcome",
        "agreement_no",
        "judicial_confirmation",
        "litigation_track",
        "decided_on",
        "applicants",
        "respondents",
        "note",
    ]
    .map(|k| words.word(&format!("court_return.col.{k}")));
    let mut out = header.join("\t");
    out.push('\n');
    for r in rows {
        let masked = |names: &[(String, bool)]| {
            names
                .iter()
                // Organisations keep their name (as on every screen); people are masked.
                .map(|(n, org)| if *org { n.clone() } else { mask_name(n) })
                .collect::<Vec<_>>()
                .join("、")
        };
        let referral = ReferralType::of(&r.court_case_no);
        let fields = [
            r.court_case_no.clone(),
            words.word(&format!("court_return.referral.{}", referral.as_str())),
            r.case_no.clone(),
            words.word(&format!("detail.state.{}", r.state.as_str())),
            r.agreement_no.clone().unwrap_or_default(),
            r.judicial_confirmation
                .map(|j| words.word(&format!("detail.judicial.{}", j.as_str())))
                .unwrap_or_default(),
            r.litigation_track
                .map(|t| words.word(&format!("detail.track.{}", t.as_str())))
                .unwrap_or_default(),
            r.decided_at
                .with_timezone(&super::clock::TZ)
                .format("%Y-%m-%d")
                .to_string(),
            masked(&r.applicants),
            masked(&r.respondents),
            r.outcome_note.clone().unwrap_or_default(),
        ];
        let line: Vec<String> = fields
            .iter()
            .map(|f| f.replace(['\t', '\r', '\n'], " ").trim().to_string())
            .collect();
        out.push_str(&line.join("\t"));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn court_case_numbers_as_courts_write_them() {
        for ok in [
            "（2026）示0101民诉前调1234号",
            "(2026)示0101民初88号",
            "（２０２６）示0101民诉前调1号",
        ] {
            assert!(check_case_no(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "工地欠薪",
            "2026示0101民初88号",
            "（2026）示0101民初号",
            "（26）示民初1号",
        ] {
            assert!(check_case_no(bad).is_err(), "{bad}");
        }
    }
    use chrono::TimeZone;

    struct Raw;
    impl Words for Raw {
        fn word(&self, key: &str) -> String {
            key.rsplit('.').next().unwrap_or(key).to_string()
        }
    }

    #[test]
    fn the_court_number_says_how_the_case_was_referred() {
        assert_eq!(
            ReferralType::of("(2026)示0101民诉前调1234号"),
            ReferralType::PreFiling
        );
        assert_eq!(
            ReferralType::of("（2026）示0101 民初 88 号"),
            ReferralType::InLitigation
        );
        assert_eq!(ReferralType::of("A-77"), ReferralType::Unknown);
    }

    #[test]
    fn the_table_masks_people_and_keeps_one_line_per_case() {
        let at = super::super::clock::TZ
            .with_ymd_and_hms(2026, 11, 23, 16, 0, 0)
            .unwrap()
            .with_timezone(&Utc);
        let rows = [CourtReturn {
            court_case_no: "(2026)示0101民诉前调1234号".into(),
            case_no: "YD20261123-0009".into(),
            state: CaseState::Resolved,
            agreement_no: Some("(2026)示调字第118号".into()),
            judicial_confirmation: Some(JudicialConfirmation::Requested),
            litigation_track: None,
            outcome_note: Some("退车\n赔偿".into()),
            decided_at: at,
            applicants: vec![("孙德华".into(), false)],
            respondents: vec![("某二手车行有限公司".into(), true), ("李娜".into(), false)],
        }];
        let table = return_table(&rows, &Raw);
        let lines: Vec<&str> = table.lines().collect();
        assert_eq!(lines.len(), 2, "{table}");
        assert_eq!(lines[0].split('\t').count(), 11);
        let cols: Vec<&str> = lines[1].split('\t').collect();
        assert_eq!(cols[0], "(2026)示0101民诉前调1234号");
        assert_eq!(cols[1], "pre_filing");
        assert_eq!(cols[3], "resolved");
        assert_eq!(cols[4], "(2026)示调字第118号");
        assert_eq!(cols[5], "requested");
        assert_eq!(cols[7], "2026-11-23");
        assert_eq!(cols[8], "孙*华");
        assert_eq!(cols[9], "某二手车行有限公司、李*");
        assert_eq!(cols[10], "退车 赔偿");
        assert!(!table.contains("孙德华") && !table.contains("李娜"));
    }
}
