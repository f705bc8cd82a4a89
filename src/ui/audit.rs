//! The audit view (审计日志): the journal, newest first, filtered by operator, action, case
//! and day — sign-ins, reveals and exports included.

use crate::app::state::State;
use crate::domain::clock::TZ;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Row, Table, Widget};

pub struct AuditView<'a>(pub &'a State);

impl Widget for AuditView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let a = &s.audit;
        let title = format!(" {} ({}) ", s.t("audit.title"), a.entries.len());
        let block = super::block(s, title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let [query, help, table] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        Line::styled(
            format!("{} {}_", s.t("audit.filter"), a.query),
            s.theme.style("form.input"),
        )
        .render(query, buf);
        match &a.problem {
            Some(p) => {
                Line::styled(format!("! {p}"), s.theme.style("form.error")).render(help, buf)
            }
            None => Line::styled(s.t("audit.help"), s.theme.style("form.hint")).render(help, buf),
        }
        let header = Row::new(
            [
                "",
                "audit.col.at",
                "audit.col.operator",
                "audit.col.action",
                "audit.col.detail",
            ]
            .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
        )
        .style(s.theme.style("queue.header"));
        let height = table.height.saturating_sub(1) as usize;
        let selected_row = a.selected();
        let first = selected_row.saturating_sub(height.saturating_sub(1));
        let rows: Vec<Row> = a
            .entries
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, e)| {
                let selected = i == selected_row;
                super::marked_row(
                    s,
                    selected,
                    [
                        Cell::from(e.at.with_timezone(&TZ).format("%m-%d %H:%M:%S").to_string()),
                        Cell::from(e.actor.clone()),
                        Cell::from(e.action.clone()),
                        Cell::from(e.detail.clone()),
                    ],
                )
            })
            .collect();
        let widths = [
            Constraint::Length(1),
            Constraint::Length(14),
            Constraint::Length(12),
            Constraint::Length(14),
            Constraint::Fill(1),
        ];
        Widget::render(
            Table::new(rows, widths).header(header).column_spacing(1),
            table,
            buf,
        );
    }
}
