//! The whistle form (吹哨): tick departments, give the reason, send them all at once.

use crate::app::board::WhistleForm;
use crate::app::state::State;
use crate::domain::Presence;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub struct WhistleView<'a> {
    pub state: &'a State,
    pub form: &'a WhistleForm,
}

impl Widget for WhistleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, f) = (self.state, self.form);
        let title = format!(" {} · {} ", s.t("whistle.title"), f.case_no);
        let block = super::block(s, title, true).border_style(s.theme.style("dialog.border"));
        let inner = block.inner(area);
        block.render(area, buf);
        buf.set_style(inner, s.theme.style("dialog"));
        let [list, label, reason, problem, hint] = inner.layout(&Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(u16::from(f.problem.is_some())),
            Constraint::Length(1),
        ]));
        let height = list.height as usize;
        let first = f.cursor.saturating_sub(height.saturating_sub(1));
        let lines: Vec<Line> = f
            .choices
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, c)| {
                let tick = match (c.already, c.ticked) {
                    (true, _) => "[=]",
                    (false, true) => "[x]",
                    (false, false) => "[ ]",
                };
                let presence = match c.department.presence {
                    Presence::Resident => s.t("board.presence.resident"),
                    Presence::Rotating => match &c.rotation {
                        Some(who) => format!("{} {who}", s.t("board.presence.rotating")),
                        None => s.t("board.presence.rotating"),
                    },
                    Presence::OnCall => s.t("board.presence.on_call"),
                };
                let note = if c.already {
                    s.t("whistle.already")
                } else {
                    format!("{}{}", c.department.arrival_window_min, s.t("ui.minutes"))
                };
                let cursor = i == f.cursor && !f.on_reason;
                let text = format!(
                    "{}{tick} {}  {presence}  {note}",
                    if cursor { ">" } else { " " },
                    c.department.name
                );
                let style = if cursor {
                    "queue.row.selected"
                } else if c.already {
                    "queue.row.done"
                } else {
                    "dialog"
                };
                Line::styled(text, s.theme.style(style))
            })
            .collect();
        Paragraph::new(lines).render(list, buf);
        let label_style = if f.on_reason {
            "form.label.focus"
        } else {
            "form.label"
        };
        Line::styled(
            format!(
                "{}{}",
                if f.on_reason { "> " } else { "  " },
                s.t("whistle.reason")
            ),
            s.theme.style(label_style),
        )
        .render(label, buf);
        Line::styled(
            format!("  {}{}", f.reason, if f.on_reason { "_" } else { "" }),
            s.theme.style("form.input"),
        )
        .render(reason, buf);
        if let Some(p) = &f.problem {
            Line::styled(format!("! {p}"), s.theme.style("form.error")).render(problem, buf);
        }
        Line::styled(s.t("whistle.keys"), s.theme.style("form.hint")).render(hint, buf);
    }
}
