//! Repeated groups of fields: the same fields again for each applicant or respondent, each
//! copy marked with its own group number, added and removed as a whole while the focus stays
//! on a field that is still there.

use super::{Area, Field, Kit, Value};

impl Field {
    /// This field as part of copy `group` of a repeated group (0 is no group).
    pub fn in_group(mut self, group: u32) -> Self {
        self.group = group;
        self
    }

    /// A number between `min` and `max`, holding `value` to begin with.
    pub fn number(id: &'static str, label: &'static str, min: i64, max: i64, value: i64) -> Self {
        Self::new(
            id,
            label,
            Value::Number {
                text: value.to_string(),
                min,
                max,
            },
        )
    }

    /// A number between `min` and `max`, empty to begin with.
    pub fn empty_number(id: &'static str, label: &'static str, min: i64, max: i64) -> Self {
        Self::new(
            id,
            label,
            Value::Number {
                text: String::new(),
                min,
                max,
            },
        )
    }

    /// Several lines of text, at most `max` characters.
    pub fn area(id: &'static str, label: &'static str, max: usize) -> Self {
        Self::new(id, label, Value::Area(Box::new(Area::new("", max))))
    }

    /// Nothing typed, ticked or chosen in it.
    pub fn is_blank(&self) -> bool {
        match &self.value {
            Value::Text { text, .. } => text.trim().is_empty(),
            Value::Tick { on, .. } => !on,
            Value::Area(a) => a.is_empty(),
            _ => true,
        }
    }
}

impl Kit {
    /// The field `id` of copy `group` (group 0: the field of its own).
    pub fn find(&self, id: &str, group: u32) -> Option<usize> {
        self.fields
            .iter()
            .position(|f| f.id == id && f.group == group)
    }

    /// The text of field `i` (a text or number field; empty otherwise).
    pub fn text_of(&self, i: usize) -> &str {
        match self.fields.get(i).map(|f| &f.value) {
            Some(Value::Text { text, .. } | Value::Number { text, .. }) => text,
            _ => "",
        }
    }

    /// Whether field `i` is a tick that is ticked.
    pub fn ticked_at(&self, i: usize) -> bool {
        matches!(
            self.fields.get(i).map(|f| &f.value),
            Some(Value::Tick { on: true, .. })
        )
    }

    /// Gives the focus to field `i` if it takes it.
    pub fn focus_at(&mut self, i: usize) {
        if self.fields.get(i).is_some_and(Field::focusable) {
            self.focus = i;
            self.entered();
        }
    }

    /// The group of the focused field (0: none).
    pub fn focused_group(&self) -> u32 {
        self.focused().map_or(0, |f| f.group)
    }

    /// A group number no field has yet.
    pub fn new_group(&self) -> u32 {
        self.fields.iter().map(|f| f.group).max().unwrap_or(0) + 1
    }

    /// The groups in the order their fields stand.
    pub fn groups(&self) -> Vec<u32> {
        let mut out: Vec<u32> = Vec::new();
        for f in &self.fields {
            if f.group != 0 && !out.contains(&f.group) {
                out.push(f.group);
            }
        }
        out
    }

    /// Nothing typed or ticked in any field of `group`.
    pub fn group_is_blank(&self, group: u32) -> bool {
        self.fields
            .iter()
            .filter(|f| f.group == group)
            .all(Field::is_blank)
    }

    /// Puts a copy's fields (marked with [`Field::in_group`]) before field `at` and gives the
    /// focus to the first of them that takes it.
    pub fn insert_group(&mut self, at: usize, fields: Vec<Field>) {
        let at = at.min(self.fields.len());
        self.fields.splice(at..at, fields);
        self.focus = at;
        if !self.fields.get(at).is_some_and(Field::focusable) {
            self.move_focus(1);
        }
        self.entered();
    }

    /// Removes every field of `group`; a focus inside it goes to the field that now stands
    /// where the group began (the next one that takes it).
    pub fn remove_group(&mut self, group: u32) {
        let Some(first) = self.fields.iter().position(|f| f.group == group) else {
            return;
        };
        let focused = self.focused_group() == group;
        let before = self.fields[..self.focus.min(self.fields.len())]
            .iter()
            .filter(|f| f.group == group)
            .count();
        self.fields.retain(|f| f.group != group);
        if focused {
            self.focus = first.min(self.fields.len().saturating_sub(1));
            if !self.fields.get(self.focus).is_some_and(Field::focusable) {
                self.move_focus(1);
            }
            self.entered();
        } else {
            self.focus -= before;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(g: u32) -> Vec<Field> {
        vec![
            Field::text("name", "n", 10).in_group(g),
            Field::text("phone", "p", 10).in_group(g),
        ]
    }

    #[test]
    fn a_group_is_added_and_removed_whole_and_the_focus_stays_on_a_field() {
        let mut k = Kit::new(
            [
                vec![Field::text("top", "t", 5)],
                party(1),
                vec![Field::text("end", "e", 5)],
            ]
            .concat(),
        );
        let g = k.new_group();
        assert_eq!(g, 2);
        k.insert_group(3, party(g));
        assert_eq!(k.groups(), [1, 2]);
        assert_eq!(k.focused_group(), 2, "the new copy takes the focus");
        assert_eq!(k.fields[k.focus].id, "name");
        k.type_text("李娜");
        assert!(!k.group_is_blank(2));
        assert!(k.group_is_blank(1));
        k.move_focus(1);
        k.move_focus(1);
        assert_eq!(k.focused_id(), Some("end"));
        k.remove_group(1);
        assert_eq!(
            k.focused_id(),
            Some("end"),
            "a focus after the group stays put"
        );
        assert_eq!(k.text_of(k.find("name", 2).unwrap()), "李娜");
        k.focus = k.find("phone", 2).unwrap();
        k.remove_group(2);
        assert_eq!(
            k.focused_id(),
            Some("end"),
            "the next field takes the focus"
        );
    }
}
