//! The queue panel (取号队列): today's tickets, who waits longest, priority lanes first.

use crate::app::queue::LONG_WAIT;
use crate::app::state::State;
use crate::domain::TicketState;
use crate::domain::party::mask_name;
use crate::store::QueueRow;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

pub struct QueueView<'a> {
    pub state: &'a State,
    pub focused: bool,
}

impl QueueView<'_> {
    fn lane_label(&self, r: &QueueRow) -> String {
        let s = self.state;
        if r.lanes.emotional_risk {
            format!("!{}", s.t("ui.lane.emotional"))
        } else if r.lanes.elderly_disabled {
            format!("+{}", s.t("ui.lane.elderly"))
        } else if r.lanes.group_visit {
            format!("+{}", s.t("ui.lane.group"))
        } else {
            String::new()
        }
    }

    fn row_style(&self, r: &QueueRow) -> &'static str {
        match r.state {
            TicketState::Waiting if r.lanes.emotional_risk => "queue.row.urgent",
            TicketState::Waiting if r.lanes.rank() < 3 => "queue.row.priority",
            TicketState::Waiting => "queue.row",
            TicketState::Called => "queue.row.called",
            TicketState::Served | TicketState::NoShow => "queue.row.done",
        }
    }
}

impl Widget for QueueView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let counts = s.queue.counts(s.now);
        let longest = counts
            .longest_wait_min
            .map(|m| format!(" · {} {m}{}", s.t("ui.longest_wait"), s.t("ui.minutes")))
            .unwrap_or_default();
        let title = format!(
            " {} ({} {}){longest} ",
            s.t("ui.tab_queue"),
            counts.waiting,
            s.t("ui.waiting")
        );
        let block = super::block(s, title, self.focused);
        let inner = block.inner(area);
        block.render(area, buf);
        let mut table_area = inner;
        if s.queue.filtering || !s.queue.filter.is_empty() {
            let cursor = if s.queue.filtering { "_" } else { "" };
            Line::styled(
                format!("{}: {}{cursor}", s.t("ui.filter"), s.queue.filter),
                s.theme.style("form.hint"),
            )
            .render(inner, buf);
            table_area = Rect {
                y: inner.y + 1,
                height: inner.height.saturating_sub(1),
                ..inner
            };
        }
        let rows = s.queue.visible();
        if rows.is_empty() {
            let key = if s.queue.loaded {
                "ui.queue_empty"
            } else {
                "ui.queue_loading"
            };
            Paragraph::new(s.t(key))
                .style(s.theme.style("form.hint"))
                .render(table_area, buf);
            return;
        }
        let header = Row::new(
            [
                "",
                "ui.col_ticket",
                "ui.col_wait",
                "ui.col_applicant",
                "ui.col_category",
                "ui.col_channel",
                "ui.col_group",
                "ui.col_lane",
                "ui.col_state",
            ]
            .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
        )
        .style(s.theme.style("queue.header"));
        // Keep the selected row in view.
        let height = table_area.height.saturating_sub(1) as usize;
        let first = s.queue.selected.saturating_sub(height.saturating_sub(1));
        let body = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, r)| {
                let selected = i == s.queue.selected && self.focused;
                let waited = s.now - r.issued_at;
                let long = r.state == TicketState::Waiting && waited > LONG_WAIT;
                let wait = if r.state == TicketState::Waiting {
                    format!(
                        "{}{}",
                        waited.num_minutes().max(0),
                        if long { "!" } else { "" }
                    )
                } else {
                    r.called_at
                        .map(|c| (c - r.issued_at).num_minutes().max(0).to_string())
                        .unwrap_or_default()
                };
                let state_text = match r.state {
                    TicketState::Called => format!(
                        "{} {}",
                        s.t("ui.ticket.called"),
                        crate::app::words::window_short(r.window.as_deref().unwrap_or(""), s.lang)
                    ),
                    other => s.t(&format!("ui.ticket.{}", other.as_str())),
                };
                let group = if r.group_persons > 1 {
                    format!("{}/{}", r.group_batches, r.group_persons)
                } else {
                    String::new()
                };
                let repeat = if r.repeat { "↻" } else { "" };
                let cells = vec![
                    Cell::from(if selected { ">" } else { " " }),
                    Cell::from(r.code()),
                    Cell::from(wait).style(if long {
                        s.theme.style("queue.wait.long")
                    } else {
                        Default::default()
                    }),
                    Cell::from(format!("{}{repeat}", mask_name(&r.applicant))),
                    Cell::from(category_label(s, &r.category)),
                    Cell::from(s.t(&format!("intake.channel.{}", r.channel.as_str()))),
                    Cell::from(group),
                    Cell::from(self.lane_label(r)),
                    Cell::from(state_text),
                ];
                let style = if selected {
                    s.theme.style("queue.row.selected")
                } else {
                    s.theme.style(self.row_style(r))
                };
                Row::new(cells).style(style)
            });
        let widths = [
            Constraint::Length(1),
            Constraint::Length(5),
            Constraint::Length(4),
            Constraint::Length(8),
            Constraint::Fill(2),
            Constraint::Length(10),
            Constraint::Length(7),
            Constraint::Length(8),
            Constraint::Fill(1),
        ];
        Widget::render(
            Table::new(body, widths).header(header).column_spacing(1),
            table_area,
            buf,
        );
    }
}

/// Categories are stored in Chinese; the known ones are shown in the operator's language.
pub fn category_label(s: &State, stored: &str) -> String {
    crate::app::words::category(stored, s.lang)
}
