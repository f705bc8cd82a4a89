//! The field kit forms are built from: text fields, numbers, several lines, single choices,
//! ticks (a tick can be locked, shown ticked and not changeable) and lists that filter as you
//! type (`app::pick`); repeated groups of fields (`form::group`); a focus order over the fields
//! shown, one message per field, and what the keys do to them (`Kit::handle`, or
//! `Kit::type_key` and `Kit::command`; editing inside a field in `form::edit`), so no form
//! writes its own focus, cycling or typing. Pure state; `ui::form` draws it.
//!
//! Nothing typed is ever cleared by the kit: hiding a field keeps its value, and a message
//! only moves the focus to the field it names.

/// The longest text a field keeps unless it says otherwise.
pub const TEXT_MAX: usize = 200;

use super::keymap::Command as K;
pub use super::pick::{Pick, PickOption};
use crate::domain::Password;
use chrono::{NaiveDate, NaiveTime};

mod read;
mod when;
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
pub use when::{When, WhenKind};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Text {
        text: String,
        max: usize,
    },
    /// One of several options: locale keys, or literal text (department names) when
    /// `literal` is set.
    Choice {
        options: Vec<String>,
        selected: usize,
        literal: bool,
    },
    /// A tick; a locked one is shown and never changes (what a save will do anyway).
    Tick {
        on: bool,
        locked: bool,
    },
    /// A list of one choice or several that filters as you type.
    Pick(Pick),
    /// Digits only (full-width ones read as ASCII), between `min` and `max`: the first digit
    /// typed after the field takes the focus replaces the value (typing 12 into a 1 gives 12).
    Number {
        text: String,
        min: i64,
        max: i64,
    },
    /// Several lines of text (a description), at most `max` characters (boxed: the editor
    /// is large).
    Area(Box<Area>),
    /// A date or a time of day, typed as digits (`app::form::when`).
    When(When),
    /// Text never shown (a password): drawn one mark a character, redacted by `Debug`,
    /// taken out of the form when it is sent.
    Masked {
        text: Password,
        max: usize,
    },
}

pub use area::Area;
pub use edit::{LineView, ascii_digit, parse_number, typed_char};

/// What a key did to a form built on the kit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KitKey {
    /// The kit took it (moved, typed, ticked — or nothing to do here).
    Done,
    Save,
    Cancel,
    /// Not the kit's: the form's own key.
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// What the form calls it.
    pub id: &'static str,
    /// The locale key of its label.
    pub label: &'static str,
    pub value: Value,
    pub shown: bool,
    /// What is wrong with it, in the operator's language.
    pub message: Option<String>,
    /// Which copy of a repeated group of fields it belongs to (an intake's applicants and
    /// respondents); 0 for a field of its own. See `Kit::insert_group`.
    pub group: u32,
}

impl Field {
    pub fn text(id: &'static str, label: &'static str, max: usize) -> Self {
        Self::new(
            id,
            label,
            Value::Text {
                text: String::new(),
                max,
            },
        )
    }

    /// A choice among locale keys.
    pub fn choice(id: &'static str, label: &'static str, keys: &[&str]) -> Self {
        Self::new(
            id,
            label,
            Value::Choice {
                options: keys.iter().map(|k| k.to_string()).collect(),
                selected: 0,
                literal: false,
            },
        )
    }

    /// A choice among names shown as they are.
    pub fn names(id: &'static str, label: &'static str, names: Vec<String>) -> Self {
        Self::new(
            id,
            label,
            Value::Choice {
                options: names,
                selected: 0,
                literal: true,
            },
        )
    }

    /// A list that filters as you type.
    pub fn pick(id: &'static str, label: &'static str, pick: Pick) -> Self {
        Self::new(id, label, Value::Pick(pick))
    }

    /// A date, `YYYY-MM-DD`; a proposed one is replaced by the first digit typed.
    pub fn date(id: &'static str, label: &'static str, proposed: Option<NaiveDate>) -> Self {
        Self::new(id, label, Value::When(When::date(proposed)))
    }

    /// A time of day, `HH:MM`; a proposed one is replaced by the first digit typed.
    pub fn time(id: &'static str, label: &'static str, proposed: Option<NaiveTime>) -> Self {
        Self::new(id, label, Value::When(When::time(proposed)))
    }

    /// A masked text field (a password).
    pub fn masked(id: &'static str, label: &'static str, max: usize) -> Self {
        Self::new(
            id,
            label,
            Value::Masked {
                text: Password::default(),
                max,
            },
        )
    }

    pub fn tick(id: &'static str, label: &'static str, on: bool, locked: bool) -> Self {
        Self::new(id, label, Value::Tick { on, locked })
    }

    fn new(id: &'static str, label: &'static str, value: Value) -> Self {
        Self {
            id,
            label,
            value,
            shown: true,
            message: None,
            group: 0,
        }
    }

    /// Takes the focus: a locked tick is shown but skipped.
    fn focusable(&self) -> bool {
        self.shown && !matches!(self.value, Value::Tick { locked: true, .. })
    }
}

/// A form's fields in focus order, and which one has the focus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Kit {
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Where the text cursor is in the focused field, and whether it was typed into since
    /// it took the focus.
    edit: edit::Edit,
}

impl Kit {
    pub fn new(fields: Vec<Field>) -> Self {
        let mut kit = Self {
            fields,
            focus: 0,
            edit: edit::Edit::default(),
        };
        if !kit.fields.first().is_some_and(Field::focusable) {
            kit.move_focus(1);
        }
        kit.entered();
        kit
    }

    pub(crate) fn index(&self, id: &str) -> usize {
        self.fields
            .iter()
            .position(|f| f.id == id)
            .unwrap_or_else(|| panic!("no field {id}"))
    }

    pub fn field(&self, id: &str) -> &Field {
        &self.fields[self.index(id)]
    }

    pub fn focused(&self) -> Option<&Field> {
        self.fields.get(self.focus)
    }

    pub fn focused_id(&self) -> Option<&'static str> {
        self.focused().map(|f| f.id)
    }

    /// Tab / Shift-Tab: the next field shown (wrapping), skipping locked ticks.
    pub fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n == 0 {
            return;
        }
        let step = if delta < 0 { -1 } else { 1 };
        let mut at = self.focus as isize;
        for _ in 0..n {
            at = (at + step).rem_euclid(n);
            if self.fields[at as usize].focusable() {
                self.focus = at as usize;
                self.entered();
                return;
            }
        }
    }

    /// ← / → / Space on a choice or a tick.
    pub fn cycle(&mut self, delta: isize) {
        if let Some(f) = self.fields.get_mut(self.focus) {
            match &mut f.value {
                Value::Choice {
                    options, selected, ..
                } if !options.is_empty() => {
                    *selected =
                        (*selected as isize + delta).rem_euclid(options.len() as isize) as usize;
                    f.message = None;
                }
                Value::Tick { on, locked: false } => {
                    *on = !*on;
                    f.message = None;
                }
                Value::Pick(p) if !p.multi && p.chosen.is_empty() => {
                    // From nothing chosen, the first (or last) option the filter lets through.
                    let visible = p.visible();
                    let end = if delta < 0 {
                        visible.last()
                    } else {
                        visible.first()
                    };
                    if let Some(key) = end.map(|&i| p.options[i].key.clone()) {
                        p.choose_key(&key);
                        f.message = None;
                    }
                }
                Value::Pick(p) if p.multi => {
                    p.step(delta);
                }
                Value::Pick(p) if !p.multi => {
                    let moved = p.step(delta);
                    if moved {
                        f.message = None;
                    }
                }
                _ => {}
            }
        }
    }

    /// ← / → on one field wherever the focus is, for a form whose arrows always mean that
    /// field (the allocate form's room kind while the cursor is in a list).
    pub fn cycle_field(&mut self, id: &str, delta: isize) {
        let at = self.focus;
        self.focus = self.index(id);
        self.cycle(delta);
        self.focus = at;
    }

    /// Space: ticks a tick or the option under a list's cursor; moves a choice on.
    pub fn toggle(&mut self) {
        if let Some(f) = self.fields.get_mut(self.focus)
            && let Value::Pick(p) = &mut f.value
        {
            if p.toggle() {
                f.message = None;
            }
        } else {
            self.cycle(1);
        }
    }

    /// A printable key or Backspace: into the focused field, or a list's filter (see
    /// `Kit::type_in`). False when the focused field takes no typing (Space on a list ticks:
    /// it is not typing); the form then reads the key as a command.
    pub fn type_key(&mut self, key: &KeyEvent) -> bool {
        key.kind != KeyEventKind::Release && self.type_in(key)
    }

    /// A command from the keymap, as every kit form reads it: Tab / Shift-Tab the fields, ↑ ↓
    /// along a list (else the fields), ← → a choice, Space ticks, Esc clears a list's filter
    /// before it cancels.
    pub fn command(&mut self, command: K) -> KitKey {
        let on_list = matches!(self.focused().map(|f| &f.value), Some(Value::Pick(_)));
        match command {
            K::NextField => self.move_focus(1),
            K::PrevField => self.move_focus(-1),
            K::Up | K::Down if on_list => {
                if let Some(Value::Pick(p)) = self.fields.get_mut(self.focus).map(|f| &mut f.value)
                {
                    p.step(if command == K::Up { -1 } else { 1 });
                }
            }
            K::Up => self.move_focus(-1),
            K::Down => self.move_focus(1),
            K::Prev => self.cycle(-1),
            K::Next => self.cycle(1),
            K::Toggle => self.toggle(),
            K::Save => return KitKey::Save,
            K::Cancel => {
                if let Some(Value::Pick(p)) = self.fields.get_mut(self.focus).map(|f| &mut f.value)
                    && p.clear_filter()
                {
                    return KitKey::Done;
                }
                return KitKey::Cancel;
            }
            _ => return KitKey::Other,
        }
        KitKey::Done
    }

    /// Pasted text into the focused text field or list filter.
    pub fn paste(&mut self, text: &str) {
        match self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            Some(Value::Pick(p)) => p.type_text(&text.replace(['\r', '\n'], "")),
            _ => self.insert_at_caret(text, false),
        }
    }

    pub fn pick(&self, id: &str) -> &Pick {
        match &self.field(id).value {
            Value::Pick(p) => p,
            _ => panic!("{id} is not a list"),
        }
    }

    pub fn pick_mut(&mut self, id: &str) -> &mut Pick {
        let i = self.index(id);
        match &mut self.fields[i].value {
            Value::Pick(p) => p,
            _ => panic!("{id} is not a list"),
        }
    }

    pub fn focus_on(&mut self, id: &str) {
        let i = self.index(id);
        if self.fields[i].focusable() {
            self.focus = i;
            self.entered();
        }
    }

    /// The focused field takes typed text (for a text field only).
    pub fn accepts_text(&self) -> bool {
        matches!(
            self.focused().map(|f| &f.value),
            Some(
                Value::Text { .. }
                    | Value::Pick(_)
                    | Value::Number { .. }
                    | Value::Area(_)
                    | Value::When(_)
                    | Value::Masked { .. }
            )
        )
    }

    /// Typed or pasted text into the focused field at its cursor: line breaks become spaces
    /// (new lines in a multi-line field), a number, date or time keeps its digits.
    pub fn type_text(&mut self, typed: &str) {
        self.insert_at_caret(typed, true);
    }

    pub fn backspace(&mut self) {
        if let Some(Value::Pick(p)) = self.fields.get_mut(self.focus).map(|f| &mut f.value) {
            p.backspace();
        } else {
            self.edit_caret(edit::Op::Backspace);
        }
    }

    pub fn text(&self, id: &str) -> &str {
        match &self.field(id).value {
            Value::Text { text, .. } | Value::Number { text, .. } => text,
            _ => "",
        }
    }

    pub fn selected(&self, id: &str) -> usize {
        match &self.field(id).value {
            Value::Choice { selected, .. } => *selected,
            _ => 0,
        }
    }

    pub fn ticked(&self, id: &str) -> bool {
        matches!(self.field(id).value, Value::Tick { on: true, .. })
    }

    /// Shows or hides a field; a hidden field keeps its value. The focus leaves a hidden one.
    pub fn show(&mut self, id: &str, shown: bool) {
        let i = self.index(id);
        self.fields[i].shown = shown;
        if !shown && self.focus == i {
            self.move_focus(1);
        }
    }

    /// Names what is wrong with a field and puts the focus on it.
    pub fn complain(&mut self, id: &str, message: String) {
        let i = self.index(id);
        self.fields[i].message = Some(message);
        self.focus = i;
        self.entered();
    }

    pub fn clear_messages(&mut self) {
        for f in &mut self.fields {
            f.message = None;
        }
    }

    /// The first message, for the status line.
    pub fn first_message(&self) -> Option<&str> {
        self.fields
            .iter()
            .filter(|f| f.shown)
            .find_map(|f| f.message.as_deref())
    }
}

mod area;
mod edit;
mod group;

#[cfg(test)]
mod tests {
    use super::*;

    fn kit() -> Kit {
        Kit::new(vec![
            Field::tick("done", "a", true, true),
            Field::choice("how", "b", &["x", "y", "z"]),
            Field::text("note", "c", 5),
            Field::tick("ok", "d", false, false),
        ])
    }

    #[test]
    fn focus_skips_locked_ticks_and_hidden_fields_and_wraps() {
        let mut k = kit();
        assert_eq!(
            k.focused_id(),
            Some("how"),
            "a locked tick never takes the focus"
        );
        k.move_focus(1);
        assert_eq!(k.focused_id(), Some("note"));
        k.show("ok", false);
        k.move_focus(1);
        assert_eq!(k.focused_id(), Some("how"));
        k.move_focus(-1);
        assert_eq!(k.focused_id(), Some("note"));
    }

    #[test]
    fn choices_cycle_locked_ticks_stay_and_text_keeps_its_limit() {
        let mut k = kit();
        k.cycle(-1);
        assert_eq!(k.selected("how"), 2);
        k.focus = 0;
        k.cycle(1);
        assert!(k.ticked("done"), "locked");
        k.focus = 2;
        k.type_text("一二\n三四五六");
        assert_eq!(k.text("note"), "一二 三四");
        k.complain("how", "pick one".into());
        assert_eq!(k.focused_id(), Some("how"));
        assert_eq!(k.first_message(), Some("pick one"));
        k.cycle(1);
        assert_eq!(
            k.first_message(),
            None,
            "changing the field clears its message"
        );
        assert_eq!(k.text("note"), "一二 三四", "nothing typed is lost");
    }
}
