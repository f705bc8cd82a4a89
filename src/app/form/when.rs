//! The kit's date and time fields: digits typed, the separators placed for the operator
//! (`2026-11-30`, `09:30`), a value the form proposes that the first digit typed replaces,
//! and the check that what was typed is a real date or a real time of day.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

/// Which of the two a field asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WhenKind {
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM`, 24-hour.
    Time,
}

impl WhenKind {
    /// The digits of each group, in order.
    fn groups(self) -> &'static [usize] {
        match self {
            WhenKind::Date => &[4, 2, 2],
            WhenKind::Time => &[2, 2],
        }
    }

    fn separator(self) -> char {
        match self {
            WhenKind::Date => '-',
            WhenKind::Time => ':',
        }
    }

    fn digits(self) -> usize {
        self.groups().iter().sum()
    }

    /// The locale key of what a real value looks like (said when it is not one).
    pub fn problem_key(self) -> &'static str {
        match self {
            WhenKind::Date => "form.not_a_date",
            WhenKind::Time => "problem.not_a_time",
        }
    }

    /// The locale key of the format shown beside the focused field.
    pub fn format_key(self) -> &'static str {
        match self {
            WhenKind::Date => "form.date_format",
            WhenKind::Time => "form.time_format",
        }
    }
}

/// A date or a time as typed: its digits only, the separators being the kit's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct When {
    pub kind: WhenKind,
    digits: String,
    /// Filled in by the form, not typed: the first digit typed starts afresh.
    pub proposed: bool,
    /// The last key typed was not taken (a letter): the view says what the field wants.
    pub refused: bool,
}

impl When {
    pub fn date(proposed: Option<NaiveDate>) -> Self {
        let digits = proposed
            .map(|d| format!("{:04}{:02}{:02}", d.year(), d.month(), d.day()))
            .unwrap_or_default();
        Self::new(WhenKind::Date, digits)
    }

    pub fn time(proposed: Option<NaiveTime>) -> Self {
        let digits = proposed
            .map(|t| format!("{:02}{:02}", t.hour(), t.minute()))
            .unwrap_or_default();
        Self::new(WhenKind::Time, digits)
    }

    fn new(kind: WhenKind, digits: String) -> Self {
        Self {
            kind,
            proposed: !digits.is_empty(),
            digits,
            refused: false,
        }
    }

    /// A typed character: a digit (full width too) goes in; a separator after a one-digit
    /// month, day or hour pads it (`9:` is `09:`), else it is already there. False for
    /// anything else, which is not taken.
    pub fn type_char(&mut self, c: char) -> bool {
        let c = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            c => c,
        };
        self.refused = false;
        if c.is_ascii_digit() {
            if self.proposed {
                self.digits.clear();
                self.proposed = false;
            }
            if self.digits.len() < self.kind.digits() {
                self.digits.push(c);
            }
            return true;
        }
        if matches!(c, ':' | '：' | '-' | '－' | '/' | '.' | ' ' | '　') {
            if !self.proposed {
                self.pad_group();
            }
            return true;
        }
        self.refused = true;
        false
    }

    /// A separator typed in a group of one digit makes it two (`2026-1` → `2026-01`).
    fn pad_group(&mut self) {
        let mut start = 0;
        for &len in self.kind.groups() {
            let typed = self.digits.len() - start.min(self.digits.len());
            if typed < len {
                if len == 2 && typed == 1 {
                    self.digits.insert(start, '0');
                }
                return;
            }
            start += len;
        }
    }

    pub fn backspace(&mut self) {
        self.digits.pop();
        self.proposed = false;
        self.refused = false;
    }

    pub fn is_empty(&self) -> bool {
        self.digits.is_empty()
    }

    /// What the operator reads: the digits with the separators placed once a group is full.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut rest = self.digits.as_str();
        let groups = self.kind.groups();
        for (i, &len) in groups.iter().enumerate() {
            let (group, after) = rest.split_at(len.min(rest.len()));
            out.push_str(group);
            rest = after;
            if group.len() < len {
                break;
            }
            if i + 1 < groups.len() {
                out.push(self.kind.separator());
            }
        }
        out
    }

    pub fn date_value(&self) -> Option<NaiveDate> {
        if self.kind != WhenKind::Date || self.digits.len() != 8 {
            return None;
        }
        let n = |r: std::ops::Range<usize>| self.digits[r].parse::<u32>().ok();
        NaiveDate::from_ymd_opt(n(0..4)? as i32, n(4..6)?, n(6..8)?)
    }

    pub fn time_value(&self) -> Option<NaiveTime> {
        if self.kind != WhenKind::Time || self.digits.len() != 4 {
            return None;
        }
        let n = |r: std::ops::Range<usize>| self.digits[r].parse::<u32>().ok();
        NaiveTime::from_hms_opt(n(0..2)?, n(2..4)?, 0)
    }

    /// A real date, or a real time of day.
    pub fn is_valid(&self) -> bool {
        match self.kind {
            WhenKind::Date => self.date_value().is_some(),
            WhenKind::Time => self.time_value().is_some(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_not_taken_and_says_so_until_the_next_key() {
        let mut t = When::time(NaiveTime::from_hms_opt(9, 30, 0));
        assert!(!t.type_char('x'));
        assert!(t.refused, "the view shows the format");
        assert_eq!(t.text(), "09:30", "nothing lost");
        assert!(t.type_char('1'));
        assert!(!t.refused);
    }

    fn typed(mut w: When, keys: &str) -> When {
        for c in keys.chars() {
            w.type_char(c);
        }
        w
    }

    #[test]
    fn the_separators_are_placed_and_a_short_hour_or_month_is_padded() {
        let t = typed(When::time(None), "930");
        assert_eq!(t.text(), "93:0");
        assert!(!t.is_valid(), "93 is no hour");
        let t = typed(When::time(None), "9:3０");
        assert_eq!(t.text(), "09:30");
        assert_eq!(t.time_value(), NaiveTime::from_hms_opt(9, 30, 0));
        let d = typed(When::date(None), "2026-2-29");
        assert_eq!(d.text(), "2026-02-29");
        assert!(d.date_value().is_none(), "2026 is not a leap year");
        let d = typed(When::date(None), "202611");
        assert_eq!(
            d.text(),
            "2026-11-",
            "the next separator shows once a group is full"
        );
        let mut x = When::time(None);
        assert!(!x.type_char('x'), "a letter is not taken");
        assert!(x.is_empty());
    }

    #[test]
    fn a_proposed_value_is_replaced_by_the_first_digit_and_edited_by_backspace() {
        let nine = NaiveTime::from_hms_opt(9, 0, 0);
        let w = When::time(nine);
        assert_eq!(w.text(), "09:00");
        assert!(w.proposed);
        assert_eq!(typed(w.clone(), "14").text(), "14:");
        let mut edited = w;
        edited.backspace();
        edited.type_char('5');
        assert_eq!(edited.time_value(), NaiveTime::from_hms_opt(9, 5, 0));
        let day = When::date(NaiveDate::from_ymd_opt(2026, 11, 30));
        assert_eq!(day.text(), "2026-11-30");
        assert_eq!(typed(day, ":").text(), "2026-11-30", "a separator keeps it");
    }
}
