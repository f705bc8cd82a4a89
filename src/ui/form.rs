//! Draws a form built on the field kit (`app::form`): a label and a value per field shown,
//! the focus marked `>` (never by colour alone), a choice as `‹ 电话 ›`, a tick as `[x]`
//! (a locked one says so), a list as its label with what was typed to filter it and the rows
//! the filter lets through (`[x]` ticked, `(*)` chosen, `[=]` locked, `>` the cursor, `+N`
//! rows above or below), and each field's message under it, marked `!`.

use crate::app::form::{Kit, LineView, Pick, Value};
use crate::app::state::State;
use crate::ui::cells::{h_scroll, put};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;

/// Rows the fields need: label, value (a list's rows) and message (when there is one) per
/// field shown.
pub fn height(kit: &Kit) -> u16 {
    kit.fields
        .iter()
        .filter(|f| f.shown)
        .map(|f| {
            let value = match &f.value {
                Value::Pick(p) => p.rows,
                _ => 1,
            };
            1 + value + u16::from(f.message.is_some())
        })
        .sum()
}

/// The lines of the fields, to go in a form's paragraph.
pub fn lines<'a>(s: &State, kit: &Kit, saving: bool) -> Vec<Line<'a>> {
    lines_in(s, kit, saving, height(kit))
}

/// The lines of the fields in `rows` rows: the first list takes what is spare, or gives up
/// rows when there are too few.
pub fn lines_in<'a>(s: &State, kit: &Kit, saving: bool, rows: u16) -> Vec<Line<'a>> {
    let base = height(kit);
    let mut grown = false;
    let mut out = Vec::new();
    for (i, f) in kit.fields.iter().enumerate().filter(|(_, f)| f.shown) {
        let focused = i == kit.focus && !saving;
        let mut label = format!("{}{}", if focused { "> " } else { "  " }, s.t(f.label));
        if let Value::Pick(p) = &f.value
            && (focused || !p.filter.is_empty())
        {
            let cursor = if focused { "_" } else { "" };
            label.push_str(&format!("  {}{}{cursor}", s.t("form.filter"), p.filter));
        }
        out.push(Line::styled(
            label,
            s.theme.style(if focused {
                "form.label.focus"
            } else {
                "form.label"
            }),
        ));
        let value = match &f.value {
            Value::Pick(p) => {
                let mut shown = p.rows;
                if !grown {
                    grown = true;
                    shown = (i32::from(shown) + i32::from(rows) - i32::from(base)).max(1) as u16;
                }
                let list = pick_lines(s, p, focused, shown as usize);
                // Padded, so what follows stays put while the list narrows.
                let pad = (shown as usize).saturating_sub(list.len());
                out.extend(list);
                out.extend(std::iter::repeat_n(Line::default(), pad));
                if let Some(m) = &f.message {
                    out.push(Line::styled(format!("! {m}"), s.theme.style("form.error")));
                }
                continue;
            }
            Value::Text { text, .. } | Value::Number { text, .. } => {
                format!("{text}{}", if focused { "_" } else { "" })
            }
            // One line here; a form that wants the lines drawn draws `Area::editor`.
            Value::Area(a) => format!(
                "{}{}",
                a.text().replace('\n', " / "),
                if focused { "_" } else { "" }
            ),
            // While what is typed is not yet a date or time, or a key was not taken, the
            // format beside it says what the digits make.
            Value::When(w) if focused && (!w.is_valid() || w.refused) => {
                format!("{}_  {}", w.text(), s.t(w.kind.format_key()))
            }
            Value::When(w) => format!("{}{}", w.text(), if focused { "_" } else { "" }),
            // One mark per character typed, never the characters.
            Value::Masked { text, .. } => format!(
                "{}{}",
                if s.ascii { "*" } else { "●" }.repeat(text.0.chars().count()),
                if focused { "_" } else { "" }
            ),
            Value::Choice {
                options,
                selected,
                literal,
            } => {
                let v = options
                    .get(*selected)
                    .map(|o| if *literal { o.clone() } else { s.t(o) })
                    .unwrap_or_else(|| "—".into());
                choice(&v, s.ascii)
            }
            Value::Tick { on, locked } => {
                let mark = tick(*on);
                if *locked {
                    format!("{mark} {}", s.t("form.locked"))
                } else {
                    mark.to_string()
                }
            }
        };
        out.push(Line::styled(
            format!("  {value}"),
            s.theme.style("form.input"),
        ));
        if let Some(m) = &f.message {
            out.push(Line::styled(format!("! {m}"), s.theme.style("form.error")));
        }
    }
    out
}

/// The rows of a list the filter lets through as lines.
pub fn pick_lines<'a>(s: &State, pick: &Pick, focused: bool, rows: usize) -> Vec<Line<'a>> {
    pick_rows(pick, focused, rows, &s.t("form.no_match"))
        .into_iter()
        .map(|(text, style)| Line::styled(text, s.theme.style(style)))
        .collect()
}

/// The rows of a list the filter lets through, `rows` at most, scrolled to keep the cursor in
/// view, each with its theme style; what lies above or below is counted (`+3`), and an empty
/// result says so (`no_match`).
pub fn pick_rows(
    pick: &Pick,
    focused: bool,
    rows: usize,
    no_match: &str,
) -> Vec<(String, &'static str)> {
    let visible = pick.visible();
    if visible.is_empty() {
        return vec![(format!("  {no_match}"), "form.hint")];
    }
    let rows = rows.max(1);
    let at = visible.iter().position(|&i| i == pick.cursor).unwrap_or(0);
    let first = at
        .saturating_sub(rows.saturating_sub(1))
        .min(visible.len().saturating_sub(rows));
    visible
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(row, &i)| {
            let o = &pick.options[i];
            let mark = match (o.locked, pick.is_chosen(i), pick.multi) {
                (true, _, _) => "[=]",
                (false, true, true) => "[x]",
                (false, false, true) => "[ ]",
                (false, true, false) => "(*)",
                (false, false, false) => "( )",
            };
            let cursor = focused && i == pick.cursor;
            let more = if row == first && first > 0 {
                format!("  +{first}")
            } else if row + 1 == first + rows && first + rows < visible.len() {
                format!("  +{}", visible.len() - first - rows)
            } else {
                String::new()
            };
            let note = if o.note.is_empty() {
                String::new()
            } else {
                format!("  {}", o.note)
            };
            let style = if cursor {
                "queue.row.selected"
            } else if o.locked {
                "queue.row.done"
            } else {
                "form.input"
            };
            let text = format!(
                "{}{mark} {}{note}{more}",
                if cursor { ">" } else { " " },
                o.label
            );
            (text, style)
        })
        .collect()
}

/// A choice's value as the kit draws it: `‹ 电话 ›`, or `< 电话 >` in ASCII.
pub fn choice(value: &str, ascii: bool) -> String {
    if ascii {
        format!("< {value} >")
    } else {
        format!("‹ {value} ›")
    }
}

/// A tick as the kit draws it.
pub fn tick(on: bool) -> &'static str {
    if on { "[x]" } else { "[ ]" }
}

/// A field's message as lines of at most `width` cells: `! ` before the first, two spaces
/// before the others. Words of Latin text are kept whole where they fit; CJK breaks anywhere.
pub fn message_lines(text: &str, width: u16) -> Vec<String> {
    if width < 4 {
        return if width == 0 {
            Vec::new()
        } else {
            vec!["!".to_string()]
        };
    }
    super::wrap_words(text, width - 2)
        .into_iter()
        .enumerate()
        .map(|(i, l)| format!("{}{l}", if i == 0 { "! " } else { "  " }))
        .collect()
}

/// The column of a one-line field's cursor in an input box `width` cells wide.
pub fn input_cursor(line: LineView<'_>, width: u16) -> u16 {
    h_scroll(line.text(), line.cursor(), width).1
}

/// A one-line field's input box at (x, y), `width` cells wide and never past `right`: the
/// text scrolled so the cursor's character shows whole, the cursor cell reversed when focused
/// (the terminal cursor goes there too, for the IME: see [`input_cursor`]); a number the next
/// digit replaces is underlined whole.
pub fn draw_input(
    buf: &mut Buffer,
    (x, y, width, right): (u16, u16, u16, u16),
    line: LineView<'_>,
    focused: bool,
    style: Style,
) {
    let end = x.saturating_add(width).min(right);
    if x >= end {
        return;
    }
    buf.set_style(Rect::new(x, y, end - x, 1).intersection(buf.area), style);
    let (start, col) = if focused {
        h_scroll(line.text(), line.cursor(), width)
    } else {
        (0, 0)
    };
    let shown: String = line.text().chars().skip(start).collect();
    let text_end = put(buf, x, y, &shown, end, style);
    if focused && line.selected() && text_end > x {
        buf.set_style(
            Rect::new(x, y, text_end - x, 1).intersection(buf.area),
            style.add_modifier(Modifier::UNDERLINED),
        );
    }
    let at = x + col;
    if focused && at < right && buf.area.contains((at, y).into()) {
        buf[(at, y)].set_style(style.add_modifier(Modifier::REVERSED));
    }
}
