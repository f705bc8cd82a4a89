//! What a form reads out of its kit beyond text and choices — dates, times, a masked
//! text — and the messages that name a field in the operator's language.

use super::{Kit, Value, When};
use crate::domain::{Lang, Password};
use chrono::{NaiveDate, NaiveTime};

impl Kit {
    /// What a text, date or time field shows (a date or time with its separators).
    pub fn value_text(&self, id: &str) -> String {
        match &self.field(id).value {
            Value::Text { text, .. } | Value::Number { text, .. } => text.clone(),
            Value::When(w) => w.text(),
            _ => String::new(),
        }
    }

    /// Takes a masked field's text out of the form (it is sent, never kept).
    pub fn take_masked(&mut self, id: &str) -> Password {
        let i = self.index(id);
        match &mut self.fields[i].value {
            Value::Masked { text, .. } => std::mem::take(text),
            _ => Password::default(),
        }
    }

    /// How many characters a masked field holds (what its marks show).
    pub fn masked_len(&self, id: &str) -> usize {
        match &self.field(id).value {
            Value::Masked { text, .. } => text.0.chars().count(),
            _ => 0,
        }
    }

    /// A date field's value, when it holds a real date.
    pub fn date(&self, id: &str) -> Option<NaiveDate> {
        match &self.field(id).value {
            Value::When(w) => w.date_value(),
            _ => None,
        }
    }

    /// A time field's value, when it holds a real time of day.
    pub fn time(&self, id: &str) -> Option<NaiveTime> {
        match &self.field(id).value {
            Value::When(w) => w.time_value(),
            _ => None,
        }
    }

    /// Puts a proposed value in a date or time field (the first digit typed replaces it).
    pub fn propose(&mut self, id: &str, value: When) {
        let i = self.index(id);
        if let Value::When(w) = &mut self.fields[i].value
            && w.kind == value.kind
        {
            *w = value;
        }
    }

    /// Every date and time field shown holds a real value; else the first that does not is
    /// named in the operator's language (the focus goes there; what was typed stays).
    pub fn check_when(&mut self, lang: Lang) -> Result<(), String> {
        let wrong = self.fields.iter().find_map(|f| match &f.value {
            Value::When(w) if f.shown && !w.is_valid() => Some((f.id, w.kind.problem_key())),
            _ => None,
        });
        match wrong {
            Some((id, problem)) => {
                let what = rust_i18n::t!(problem, locale = lang.locale()).into_owned();
                Err(self.complain_that(id, &what, lang))
            }
            None => Ok(()),
        }
    }

    /// Names the field and what is wrong with it (`报到时间：…`) as its message, with the
    /// focus on it; the sentence is returned for the status line.
    pub fn complain_that(&mut self, id: &str, what: &str, lang: Lang) -> String {
        let label = rust_i18n::t!(self.field(id).label, locale = lang.locale()).into_owned();
        let message = rust_i18n::t!(
            "problem.sentence",
            locale = lang.locale(),
            field = label,
            what = what
        )
        .into_owned();
        self.complain(id, message.clone());
        message
    }

    /// Names a field left empty (`调解协议编号不能为空`), with the focus on it.
    pub fn complain_required(&mut self, id: &str, lang: Lang) -> String {
        let label = rust_i18n::t!(self.field(id).label, locale = lang.locale()).into_owned();
        let message =
            rust_i18n::t!("prompt.required", locale = lang.locale(), field = label).into_owned();
        self.complain(id, message.clone());
        message
    }

    /// The first of `ids` shown and left blank is named; `Ok` when each has text.
    pub fn require(&mut self, ids: &[&str], lang: Lang) -> Result<(), String> {
        match ids
            .iter()
            .find(|id| self.field(id).shown && self.text(id).trim().is_empty())
        {
            Some(id) => Err(self.complain_required(id, lang)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    #[test]
    fn a_date_or_time_that_is_not_real_is_named_in_the_operators_language() {
        let mut k = Kit::new(vec![
            Field::date(
                "day",
                "rooms.prompt.day",
                NaiveDate::from_ymd_opt(2026, 11, 30),
            ),
            Field::time("at", "field.arrival_time", None),
            Field::text("note", "c", 5),
        ]);
        assert_eq!(k.date("day"), NaiveDate::from_ymd_opt(2026, 11, 30));
        k.focus_on("at");
        k.type_text("25：００");
        assert_eq!(k.value_text("at"), "25:00");
        k.focus_on("note");
        k.type_text("x");
        let err = k.check_when(Lang::Zh).unwrap_err();
        assert!(err.starts_with("报到时间：不是有效时间"), "{err}");
        assert_eq!(k.focused_id(), Some("at"));
        assert_eq!(k.text("note"), "x", "nothing typed is lost");
        for _ in 0..4 {
            k.backspace();
        }
        k.type_text("1515");
        assert_eq!(k.time("at"), NaiveTime::from_hms_opt(15, 15, 0));
        assert!(k.check_when(Lang::En).is_ok());
        assert!(k.require(&["note"], Lang::En).is_ok());
    }

    #[test]
    fn a_masked_field_is_never_shown_and_is_taken_out_when_sent() {
        let mut k = Kit::new(vec![
            Field::text("login", "field.login", 10),
            Field::masked("password", "field.password", 4),
        ]);
        k.move_focus(1);
        k.type_text("s3cret");
        assert_eq!(k.masked_len("password"), 4, "its limit holds");
        assert!(!format!("{k:?}").contains("s3c"), "Debug never shows it");
        assert_eq!(k.take_masked("password").0, "s3cr");
        assert_eq!(k.masked_len("password"), 0, "not kept after it is sent");
    }
}
