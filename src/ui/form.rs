//! Draws a form built on the field kit (`app::form`): a label and a value per field shown,
//! the focus marked `>` (never by colour alone), a choice as `‹ 电话 ›`, a tick as `[x]`
//! (a locked one says so), and each field's message under it, marked `!`.

use crate::app::form::{Kit, Value};
use crate::app::state::State;
use ratatui::text::Line;

/// Rows the fields need: label, value and message (when there is one) per field shown.
pub fn height(kit: &Kit) -> u16 {
    kit.fields
        .iter()
        .filter(|f| f.shown)
        .map(|f| 2 + u16::from(f.message.is_some()))
        .sum()
}

/// The lines of the fields, to go in a form's paragraph.
pub fn lines<'a>(s: &State, kit: &Kit, saving: bool) -> Vec<Line<'a>> {
    let mut out = Vec::new();
    for (i, f) in kit.fields.iter().enumerate().filter(|(_, f)| f.shown) {
        let focused = i == kit.focus && !saving;
        out.push(Line::styled(
            format!("{}{}", if focused { "> " } else { "  " }, s.t(f.label)),
            s.theme.style(if focused {
                "form.label.focus"
            } else {
                "form.label"
            }),
        ));
        let value = match &f.value {
            Value::Text { text, .. } => format!("{text}{}", if focused { "_" } else { "" }),
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
