//! The audit view's state: the filter as typed, what it means, and the entries loaded.
//! Supervisors and administrators browse the journal by operator, action, case and day.

use crate::domain::JournalEntry;
use crate::domain::clock::{day_start, local_day};
use crate::store::AuditFilter;
use chrono::{Duration, NaiveDate};

#[derive(Debug, Clone, Default, PartialEq)]
pub struct AuditState {
    /// e.g. `operator:wangmin action:reveal case:YD20261123-0007 day:2026-11-23`
    pub query: String,
    pub entries: Vec<JournalEntry>,
    /// The selected entry, kept by its id as newer entries arrive on top.
    pub selection: super::selection::Selection<i64>,
    pub loaded: bool,
    pub problem: Option<String>,
}

/// Reads the typed filter: `operator:` (or `操作员:`), `action:` (`动作:`), `case:`
/// (`案件:`), `day:` (`日期:`, YYYY-MM-DD) and `since:` (`起:`). A word it does not know is
/// returned as the error, to be named to the operator.
pub fn parse_filter(query: &str) -> Result<AuditFilter, String> {
    let mut f = AuditFilter::default();
    for word in query.split_whitespace() {
        let (key, value) = word
            .split_once([':', '：'])
            .ok_or_else(|| word.to_string())?;
        let date = || NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| word.to_string());
        match key {
            "operator" | "操作员" => f.actor = Some(value.to_string()),
            "action" | "动作" => f.action = Some(value.to_string()),
            "case" | "案件" => f.case_no = Some(value.to_string()),
            "day" | "日期" => {
                let from = day_start(date()?);
                f.from = Some(from);
                f.to = Some(from + Duration::days(1));
            }
            "since" | "起" => f.from = Some(day_start(date()?)),
            _ => return Err(word.to_string()),
        }
    }
    Ok(f)
}

impl AuditState {
    fn ids(&self) -> Vec<i64> {
        self.entries.iter().map(|e| e.id).collect()
    }

    pub fn move_selection(&mut self, down: bool) {
        let ids = self.ids();
        self.selection.step(&ids, 0, if down { 1 } else { -1 });
    }

    /// The row of the selected entry now.
    pub fn selected(&self) -> usize {
        self.selection.row_in(&self.ids(), 0)
    }
}

/// Today's entries by default: the view opens on the day at hand.
pub fn today_query(now: chrono::DateTime<chrono::Utc>) -> String {
    format!("day:{}", local_day(now))
}

/// Reads the audit view's filter: asks for the entries, or names the word it does not know.
pub(super) fn apply_filter(state: &mut super::state::State) -> Vec<super::action::Command> {
    match parse_filter(&state.audit.query) {
        Ok(filter) => vec![super::action::Command::LoadAudit(filter)],
        Err(word) => {
            state.audit.problem = Some(
                rust_i18n::t!(
                    "audit.unknown_word",
                    locale = state.lang.locale(),
                    word = word
                )
                .into_owned(),
            );
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_filter_reads_english_and_chinese_words() {
        let f = parse_filter("operator:wangmin 动作：reveal case:YD20261123-0007 day:2026-11-23")
            .unwrap();
        assert_eq!(f.actor.as_deref(), Some("wangmin"));
        assert_eq!(f.action.as_deref(), Some("reveal"));
        assert_eq!(f.case_no.as_deref(), Some("YD20261123-0007"));
        assert_eq!(f.to.unwrap() - f.from.unwrap(), Duration::days(1));
        assert_eq!(parse_filter("who:me"), Err("who:me".into()));
        assert_eq!(parse_filter("day:23/11"), Err("day:23/11".into()));
        assert_eq!(parse_filter("  "), Ok(AuditFilter::default()));
    }
}

#[cfg(test)]
mod selection_tests {
    use super::*;

    fn entry(id: i64) -> JournalEntry {
        JournalEntry {
            id,
            centre_id: uuid::Uuid::nil(),
            case_id: None,
            at: chrono::Utc::now(),
            actor: "audit".into(),
            action: "reveal".into(),
            detail: String::new(),
        }
    }

    #[test]
    fn the_cursor_stays_on_its_entry_when_newer_ones_arrive_on_top() {
        let mut a = AuditState {
            entries: vec![entry(3), entry(2), entry(1)],
            ..Default::default()
        };
        a.move_selection(true);
        assert_eq!(a.selected(), 1);
        a.entries.insert(0, entry(4));
        a.entries.insert(0, entry(5));
        assert_eq!(a.entries[a.selected()].id, 2, "still on entry 2");
    }
}
