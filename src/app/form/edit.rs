//! Editing inside a field: the text cursor (← → Home End, and Backspace and Delete where it
//! stands), numbers whose first digit replaces them, a multi-line text's own keys, and
//! [`Kit::handle`], which reads a key as every form on the kit reads it.

use super::{K, Kit, KitKey, Value};
use crate::domain::validation::Problem;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui_textarea::CursorMove;

/// Where the text cursor is in the focused field, and whether the field was typed into since
/// it took the focus.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(super) struct Edit {
    /// The field this is about (the focus when it was set): any other field's cursor is at
    /// its end.
    field: usize,
    /// Characters before the cursor; `None` at the end.
    caret: Option<usize>,
    typed: bool,
}

/// A one-line field's text and where its cursor is (at the end unless it has the focus).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineView<'a> {
    text: &'a str,
    cursor: usize,
    /// A focused number not typed into yet: the next digit replaces it all.
    selected: bool,
}

impl<'a> LineView<'a> {
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// Characters before the cursor.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// The whole value is what the next digit replaces (a number just focused).
    pub fn selected(&self) -> bool {
        self.selected
    }
}

/// An edit at the cursor of a one-line field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Op {
    Backspace,
    Delete,
    Left,
    Right,
    Home,
    End,
}

/// The character a key types: no Ctrl or Alt (AltGr, which is Ctrl+Alt, still types).
pub fn typed_char(key: &KeyEvent) -> Option<char> {
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let mods = key.modifiers & ctrl_alt;
    (!c.is_control() && (mods.is_empty() || mods == ctrl_alt)).then_some(c)
}

/// An ASCII or full-width digit, as ASCII.
pub fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    }
}

/// A number field's digits as a number (`None` when empty or absurdly long).
pub fn parse_number(text: &str) -> Option<i64> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

/// The digits a number field keeps: one more than its largest value has, so a value one
/// digit too long is shown and named rather than cut.
fn digits_cap(max: i64) -> usize {
    max.max(1).to_string().len() + 1
}

fn byte_at(text: &str, chars: usize) -> usize {
    text.char_indices()
        .nth(chars)
        .map_or(text.len(), |(i, _)| i)
}

/// The kind of value under the focus, without borrowing it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Line,
    Area,
    List,
    Other,
}

impl Kit {
    /// The focus moved: the new field's cursor is at its end, and a number's next digit
    /// replaces it; only the focused multi-line field shows its cursor.
    pub(super) fn entered(&mut self) {
        self.edit = Edit {
            field: self.focus,
            caret: None,
            typed: false,
        };
        let focus = self.focus;
        for (i, f) in self.fields.iter_mut().enumerate() {
            if let Value::Area(a) = &mut f.value {
                a.set_focused(i == focus);
            }
        }
    }

    /// The text cursor in the focused one-line field, in characters from its start.
    pub fn caret(&self) -> usize {
        let len = match self.focused().map(|f| &f.value) {
            Some(Value::Text { text, .. } | Value::Number { text, .. }) => text.chars().count(),
            _ => 0,
        };
        match self.edit {
            Edit {
                field,
                caret: Some(c),
                ..
            } if field == self.focus => c.min(len),
            _ => len,
        }
    }

    /// Field `i` if it is a one-line text or number field: its text and cursor.
    pub fn line(&self, i: usize) -> Option<LineView<'_>> {
        let focused = i == self.focus;
        match self.fields.get(i).map(|f| &f.value) {
            Some(value @ (Value::Text { text, .. } | Value::Number { text, .. })) => {
                Some(LineView {
                    text,
                    cursor: if focused {
                        self.caret()
                    } else {
                        text.chars().count()
                    },
                    selected: focused
                        && matches!(value, Value::Number { .. })
                        && !self.typed_here(),
                })
            }
            _ => None,
        }
    }

    /// Chooses option `n` of a choice field (by its id).
    pub fn set_selected(&mut self, id: &str, n: usize) {
        let i = self.index(id);
        if let Value::Choice {
            options, selected, ..
        } = &mut self.fields[i].value
            && n < options.len()
        {
            *selected = n;
        }
    }

    /// Ticks or unticks a tick (a locked one too: the form decides).
    pub fn set_ticked(&mut self, i: usize, ticked: bool) {
        if let Some(Value::Tick { on, .. }) = self.fields.get_mut(i).map(|f| &mut f.value) {
            *on = ticked;
        }
    }

    fn typed_here(&self) -> bool {
        self.edit.field == self.focus && self.edit.typed
    }

    fn touched(&mut self, caret: Option<usize>) {
        self.edit = Edit {
            field: self.focus,
            caret,
            typed: true,
        };
    }

    fn kind(&self) -> Kind {
        match self.focused().map(|f| &f.value) {
            Some(
                Value::Text { .. } | Value::Number { .. } | Value::When(_) | Value::Masked { .. },
            ) => Kind::Line,
            Some(Value::Area(_)) => Kind::Area,
            Some(Value::Pick(_)) => Kind::List,
            _ => Kind::Other,
        }
    }

    /// Text at the cursor of the focused field as that field takes it: a one-line field turns
    /// line breaks into spaces and drops control characters, a number keeps its digits (and,
    /// when `typed` and first since the focus came, the digits replace it), a multi-line
    /// field keeps its lines. Clears the field's message.
    pub(super) fn insert_at_caret(&mut self, s: &str, typed: bool) {
        let mut at = self.caret();
        let fresh = typed && !self.typed_here();
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        match &mut f.value {
            Value::Text { text, max } => {
                let room = max.saturating_sub(text.chars().count());
                let piece: String = s
                    .chars()
                    .map(|c| {
                        if matches!(c, '\r' | '\n' | '\t') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .filter(|c| !c.is_control())
                    .take(room)
                    .collect();
                text.insert_str(byte_at(text, at), &piece);
                at += piece.chars().count();
            }
            Value::Number { text, max, .. } => {
                let digits: String = s.chars().filter_map(ascii_digit).collect();
                if digits.is_empty() {
                    return;
                }
                if fresh {
                    text.clear();
                    at = 0;
                }
                let room = digits_cap(*max).saturating_sub(text.chars().count());
                let piece: String = digits.chars().take(room).collect();
                text.insert_str(byte_at(text, at), &piece);
                at += piece.chars().count();
            }
            Value::Area(a) => {
                a.insert(s);
            }
            // A date or time places its own separators; a password has no cursor to keep.
            Value::When(w) => {
                for c in s.chars() {
                    w.type_char(c);
                }
                f.message = None;
                return;
            }
            Value::Masked { text, max } => {
                let room = max.saturating_sub(text.0.chars().count());
                text.0
                    .extend(s.chars().filter(|c| !c.is_control()).take(room));
                f.message = None;
                return;
            }
            _ => return,
        }
        f.message = None;
        self.touched(Some(at));
    }

    /// Backspace, Delete, ← → Home End in the focused text field.
    pub(super) fn edit_caret(&mut self, op: Op) {
        let at = self.caret();
        let Some(f) = self.fields.get_mut(self.focus) else {
            return;
        };
        let caret = match &mut f.value {
            Value::Text { text, .. } | Value::Number { text, .. } => {
                let len = text.chars().count();
                match op {
                    Op::Backspace if at > 0 => {
                        text.remove(byte_at(text, at - 1));
                        at - 1
                    }
                    Op::Delete if at < len => {
                        text.remove(byte_at(text, at));
                        at
                    }
                    Op::Left => at.saturating_sub(1),
                    Op::Right => (at + 1).min(len),
                    Op::Home => 0,
                    Op::End => len,
                    Op::Backspace | Op::Delete => at,
                }
            }
            Value::Area(a) => {
                match op {
                    Op::Backspace => a.backspace(),
                    Op::Delete => a.delete(),
                    Op::Left => a.go(CursorMove::Back),
                    Op::Right => a.go(CursorMove::Forward),
                    Op::Home => a.go(CursorMove::Head),
                    Op::End => a.go(CursorMove::End),
                };
                at
            }
            // A date or time types its digits in place; a password has no cursor to move.
            Value::When(w) => {
                if op == Op::Backspace {
                    w.backspace();
                    f.message = None;
                }
                return;
            }
            Value::Masked { text, .. } => {
                if op == Op::Backspace {
                    text.0.pop();
                    f.message = None;
                }
                return;
            }
            _ => return,
        };
        self.touched(Some(caret));
    }

    /// A printable key or Backspace as typing: into the focused text, number, date, time,
    /// password or multi-line field at its cursor, or a list's filter. False when it is not
    /// typing here: Space on a list (it ticks), any key on a choice or a tick.
    pub(super) fn type_in(&mut self, key: &KeyEvent) -> bool {
        let kind = self.kind();
        if let Some(c) = typed_char(key) {
            return match kind {
                Kind::Line | Kind::Area => {
                    self.type_text(c.encode_utf8(&mut [0; 4]));
                    true
                }
                Kind::List if c != ' ' => {
                    if let Some(f) = self.fields.get_mut(self.focus)
                        && let Value::Pick(p) = &mut f.value
                    {
                        p.type_text(c.encode_utf8(&mut [0; 4]));
                        f.message = None;
                    }
                    true
                }
                _ => false,
            };
        }
        if key.code == KeyCode::Backspace && kind != Kind::Other {
            self.backspace();
            return true;
        }
        false
    }

    /// A key with its keymap command, as every form on the kit reads it: a printable key types
    /// into the focused text, number or multi-line field, or narrows a list (Space ticks);
    /// Backspace, Delete, Home, End, ← → edit inside a text field; ↑ ↓ PgUp PgDn and Enter
    /// (a new line) work inside a multi-line field; ↑ ↓ move along a list shown more than one
    /// row high; then the command (`Kit::command`), and Enter with none moves to the next field.
    pub fn handle(&mut self, key: &KeyEvent, command: Option<K>) -> KitKey {
        if key.kind == KeyEventKind::Release {
            return KitKey::Done;
        }
        if self.type_in(key) {
            return KitKey::Done;
        }
        let kind = self.kind();
        // Nothing to type into here (a choice, a tick): the letter is not a command either.
        if kind == Kind::Other && typed_char(key).is_some_and(|c| c != ' ') {
            return KitKey::Done;
        }
        let plain = (key.modifiers - KeyModifiers::SHIFT).is_empty();
        let op = match key.code {
            KeyCode::Backspace => Some(Op::Backspace),
            KeyCode::Delete => Some(Op::Delete),
            KeyCode::Home => Some(Op::Home),
            KeyCode::End => Some(Op::End),
            KeyCode::Left if plain => Some(Op::Left),
            KeyCode::Right if plain => Some(Op::Right),
            _ => None,
        };
        match (kind, op, key.code) {
            (Kind::Line | Kind::Area, Some(op), _) => {
                self.edit_caret(op);
                return KitKey::Done;
            }
            (Kind::Area, None, code) if plain => {
                let to = match code {
                    KeyCode::Up => Some(CursorMove::Up),
                    KeyCode::Down => Some(CursorMove::Down),
                    KeyCode::PageUp => Some(CursorMove::Top),
                    KeyCode::PageDown => Some(CursorMove::Bottom),
                    _ => None,
                };
                if let Some(Value::Area(a)) = self.fields.get_mut(self.focus).map(|f| &mut f.value)
                {
                    if let Some(to) = to {
                        a.go(to);
                        self.touched(None);
                        return KitKey::Done;
                    }
                    if code == KeyCode::Enter {
                        a.insert("\n");
                        self.touched(None);
                        return KitKey::Done;
                    }
                }
            }
            (Kind::List, None, KeyCode::Up | KeyCode::Down) if plain => {
                if let Some(Value::Pick(p)) = self.fields.get_mut(self.focus).map(|f| &mut f.value)
                    && p.rows > 1
                {
                    p.step(if key.code == KeyCode::Up { -1 } else { 1 });
                    return KitKey::Done;
                }
            }
            _ => {}
        }
        match command {
            Some(command) => self.command(command),
            None if key.code == KeyCode::Enter && plain => {
                self.move_focus(1);
                KitKey::Done
            }
            None => KitKey::Other,
        }
    }

    /// A number field's value (`None` while empty).
    pub fn number(&self, id: &str) -> Option<i64> {
        match &self.field(id).value {
            Value::Number { text, .. } => parse_number(text),
            _ => None,
        }
    }

    /// What is wrong with a number field's value: empty, or outside its range. The form puts
    /// it in words naming the field (`ValidationError::new(field, problem)`).
    pub fn number_problem(&self, id: &str) -> Option<Problem> {
        let Value::Number { text, min, max } = &self.field(id).value else {
            return None;
        };
        let Some(got) = parse_number(text) else {
            return Some(Problem::Empty);
        };
        (!(*min..=*max).contains(&got)).then_some(Problem::OutOfRange {
            min: *min,
            max: *max,
            got,
        })
    }

    /// Checks a number field and, when it is empty or out of range, gives it a message naming
    /// it in the operator's language (`人次：应在 1 到 10000 之间，现为 0`) and the focus.
    /// True when the value is right.
    pub fn check_number(&mut self, id: &str, lang: crate::domain::Lang) -> bool {
        let Some(problem) = self.number_problem(id) else {
            return true;
        };
        let label = rust_i18n::t!(self.field(id).label, locale = lang.locale());
        self.complain(id, problem.sentence(&label, lang));
        false
    }

    /// Puts `text` in field `i` as typing would (clipped and cleaned the same way), the cursor
    /// after it: a draft coming back, a value worked out by the form.
    pub fn set_text(&mut self, i: usize, text: &str) {
        let focus = std::mem::replace(&mut self.focus, i);
        let edit = std::mem::take(&mut self.edit);
        if let Some(f) = self.fields.get_mut(i) {
            match &mut f.value {
                Value::Text { text, .. } | Value::Number { text, .. } => text.clear(),
                // Kept whole: a multi-line text is checked for length, not cut.
                Value::Area(a) => **a = super::Area::new(text, a.max),
                _ => {}
            }
        }
        if !matches!(self.fields.get(i).map(|f| &f.value), Some(Value::Area(_))) {
            self.insert_at_caret(text, false);
        }
        self.focus = focus;
        self.edit = edit;
        self.entered_keeping_edit();
    }

    fn entered_keeping_edit(&mut self) {
        let focus = self.focus;
        for (j, f) in self.fields.iter_mut().enumerate() {
            if let Value::Area(a) = &mut f.value {
                a.set_focused(j == focus);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Field;
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn kit() -> Kit {
        Kit::new(vec![
            Field::text("name", "a", 10),
            Field::number("persons", "b", 1, 10_000, 1),
            Field::area("text", "c", 20),
        ])
    }

    #[test]
    fn the_first_digit_typed_replaces_a_number_later_ones_append() {
        let mut k = kit();
        k.handle(&key(KeyCode::Tab), Some(K::NextField));
        assert!(
            k.line(1).unwrap().selected(),
            "the value shows it will be replaced"
        );
        for c in ['1', '2'] {
            k.handle(&key(KeyCode::Char(c)), None);
        }
        assert_eq!(k.text("persons"), "12", "not 112");
        assert!(!k.line(1).unwrap().selected());
        k.handle(&key(KeyCode::Char('人')), None);
        assert_eq!(k.text("persons"), "12", "digits only");
        k.handle(&key(KeyCode::Backspace), None);
        k.handle(&key(KeyCode::Char('０')), None);
        assert_eq!(k.number("persons"), Some(10), "full-width digits count");
        k.handle(&key(KeyCode::Home), None);
        k.handle(&key(KeyCode::Delete), None);
        assert_eq!(
            k.number_problem("persons"),
            Some(Problem::OutOfRange {
                min: 1,
                max: 10_000,
                got: 0
            })
        );
        k.handle(&key(KeyCode::Backspace), None);
        k.handle(&key(KeyCode::Delete), None);
        assert_eq!(k.number_problem("persons"), Some(Problem::Empty));
        let mut k = Kit::new(vec![
            Field::text("name", "a", 10),
            Field::number("persons", "field.group_persons", 1, 100, 1),
        ]);
        k.set_text(1, "200");
        assert!(!k.check_number("persons", crate::domain::Lang::Zh));
        assert_eq!(k.focused_id(), Some("persons"), "the focus goes to it");
        let message = k.first_message().unwrap();
        assert!(
            message.starts_with("人次") && message.contains("200"),
            "{message}"
        );
        assert_eq!(k.text("persons"), "200", "nothing typed is lost");
        k.set_text(1, "20");
        assert!(k.check_number("persons", crate::domain::Lang::En));
    }

    #[test]
    fn up_and_down_move_along_a_list_but_leave_one_shown_as_a_single_choice() {
        use super::super::{Pick, PickOption};
        let options = || {
            vec![
                PickOption::new("a", "甲"),
                PickOption::new("b", "乙"),
                PickOption::new("c", "丙"),
            ]
        };
        let mut k = Kit::new(vec![
            Field::pick("list", "a", Pick::single(options(), Some(0)).with_rows(3)),
            Field::pick("one", "b", Pick::single(options(), None).with_rows(1)),
            Field::text("after", "c", 5),
        ]);
        k.handle(&key(KeyCode::Down), Some(K::NextField));
        assert_eq!(k.focused_id(), Some("list"), "↓ moves along a list");
        assert_eq!(k.pick("list").chosen_key(), Some("b"));
        k.handle(&key(KeyCode::Tab), Some(K::NextField));
        k.handle(&key(KeyCode::Right), Some(K::Next));
        assert_eq!(
            k.pick("one").chosen_key(),
            Some("a"),
            "from none, the first"
        );
        k.handle(&key(KeyCode::Down), Some(K::NextField));
        assert_eq!(k.focused_id(), Some("after"), "↓ leaves a one-row list");
    }

    #[test]
    fn text_is_edited_where_the_cursor_stands_and_enter_moves_on() {
        let mut k = kit();
        for c in "张建".chars() {
            k.handle(&key(KeyCode::Char(c)), None);
        }
        k.handle(&key(KeyCode::Left), Some(K::Prev));
        k.handle(&key(KeyCode::Char('国')), None);
        assert_eq!(k.text("name"), "张国建");
        assert_eq!(k.caret(), 2);
        k.handle(&key(KeyCode::Home), None);
        k.handle(&key(KeyCode::Delete), None);
        assert_eq!(k.text("name"), "国建");
        assert_eq!(k.handle(&key(KeyCode::Enter), None), KitKey::Done);
        assert_eq!(k.focused_id(), Some("persons"));
        k.handle(&key(KeyCode::Enter), None);
        assert_eq!(k.focused_id(), Some("text"));
        for c in "ab".chars() {
            k.handle(&key(KeyCode::Char(c)), None);
        }
        k.handle(&key(KeyCode::Enter), None);
        k.paste("c\r\nd");
        let Value::Area(a) = &k.field("text").value else {
            panic!()
        };
        assert_eq!(a.text(), "ab\nc\nd", "Enter and pasted lines stay lines");
        assert_eq!(k.focused_id(), Some("text"));
    }
}
