//! A field of several lines (a description): ratatui-textarea's editor, wrapped so that a
//! form's state compares and clones like the rest of the kit.

use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

#[derive(Debug, Clone)]
pub struct Area {
    editor: TextArea<'static>,
    /// The most characters it takes (new lines counted); typing past it does nothing.
    pub max: usize,
}

impl PartialEq for Area {
    fn eq(&self, other: &Self) -> bool {
        self.max == other.max
            && self.editor.lines() == other.editor.lines()
            && self.editor.cursor() == other.editor.cursor()
    }
}

impl Eq for Area {}

impl Area {
    /// `text` (lines split at `\n`), the cursor at its end.
    pub fn new(text: &str, max: usize) -> Self {
        let mut editor = if text.is_empty() {
            TextArea::default()
        } else {
            TextArea::new(text.split('\n').map(str::to_string).collect())
        };
        editor.move_cursor(CursorMove::Bottom);
        editor.move_cursor(CursorMove::End);
        editor.set_wrap_mode(WrapMode::WordOrGlyph);
        editor.set_cursor_line_style(Style::default());
        editor.set_max_histories(0);
        let mut area = Self { editor, max };
        area.set_focused(false);
        area
    }

    /// The editor, to draw (it wraps and scrolls itself).
    pub fn editor(&self) -> &TextArea<'static> {
        &self.editor
    }

    /// The lines joined with `\n`.
    pub fn text(&self) -> String {
        self.editor.lines().join("\n")
    }

    pub fn is_empty(&self) -> bool {
        self.editor.is_empty()
    }

    /// Characters, each new line counted as one.
    pub fn chars(&self) -> usize {
        let lines = self.editor.lines();
        lines.iter().map(|l| l.chars().count()).sum::<usize>() + lines.len() - 1
    }

    /// The cursor shows (reversed) only while the field has the focus.
    pub(super) fn set_focused(&mut self, focused: bool) {
        self.editor.set_cursor_style(if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        });
    }

    /// Typed or pasted text at the cursor: `\r\n` and `\r` become new lines, a tab a space,
    /// other control characters are dropped; what does not fit under `max` is left out.
    pub(super) fn insert(&mut self, text: &str) -> bool {
        let clean: String = text
            .replace("\r\n", "\n")
            .chars()
            .map(|c| match c {
                '\r' => '\n',
                '\t' => ' ',
                c => c,
            })
            .filter(|&c| c == '\n' || !c.is_control())
            .take(self.max.saturating_sub(self.chars()))
            .collect();
        !clean.is_empty() && self.editor.insert_str(clean)
    }

    pub(super) fn backspace(&mut self) -> bool {
        self.editor.delete_char()
    }

    pub(super) fn delete(&mut self) -> bool {
        self.editor.delete_next_char()
    }

    pub(super) fn go(&mut self, to: CursorMove) -> bool {
        let before = self.editor.cursor();
        self.editor.move_cursor(to);
        self.editor.cursor() != before
    }
}
