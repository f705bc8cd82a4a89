//! Draws a form built on the field kit (`app::form`): a label and a value per field shown,
//! the focus marked `>` (never by colour alone), a choice as `‹ 电话 ›`, a tick as `[x]`
//! (a locked one says so), a list as its label with what was typed to filter it and the rows
//! the filter lets through (`[x]` ticked, `(*)` chosen, `[=]` locked, `>` the cursor, `+N`
//! rows above or below), and each field's message under it, marked `!`.

use crate::app::form::{Kit, Pick, Value};
use crate::app::state::State;
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
            Value::Text { text, .. } => format!("{text}{}", if focused { "_" } else { "" }),
            // While what is typed is not yet a date or time, the format beside it says what
            // the digits make.
            Value::When(w) if focused && !w.is_valid() => {
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
                if s.ascii {
                    format!("< {v} >")
                } else {
                    format!("‹ {v} ›")
                }
            }
            Value::Tick { on, locked } => {
                let mark = if *on { "[x]" } else { "[ ]" };
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
