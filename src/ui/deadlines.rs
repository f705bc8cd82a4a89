//! The deadlines tab (时限督办): open cases, the worst "127" clock first.

use crate::app::state::State;
use crate::domain::ClockState;
use crate::domain::clock::TZ;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

pub struct DeadlinesView<'a> {
    pub state: &'a State,
}

/// A clock as a mark and a word, so its meaning never rests on colour.
fn clock_text(s: &State, c: ClockState) -> (String, &'static str) {
    let (mark, key, style) = match c {
        ClockState::Overdue => ("!", "detail.clock_state.overdue", "summons.timer.overdue"),
        ClockState::DueToday => (
            if s.ascii { "*" } else { "⏳" },
            "detail.clock_state.due_today",
            "summons.timer.due_soon",
        ),
        ClockState::Running => (
            if s.ascii { "-" } else { "·" },
            "detail.clock_state.running",
            "default",
        ),
        ClockState::MetLate => (
            "+!",
            "detail.clock_state.met_late",
            "summons.timer.due_soon",
        ),
        ClockState::Met => ("+", "detail.clock_state.met", "form.saved"),
    };
    (format!("{mark}{}", s.t(key)), style)
}

impl Widget for DeadlinesView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let rows = s.deadline_rows();
        let county = |case: &crate::domain::Case| case.marks.county_clock(None, s.now);
        let overdue = rows
            .iter()
            .filter(|(case, c)| {
                c.contains(&ClockState::Overdue)
                    || county(case).is_some_and(|(_, st)| st == ClockState::Overdue)
            })
            .count();
        // A day in a year whose holidays are provisional or unknown is marked `?`, and the
        // title says what the mark means.
        let unsure = |due: chrono::DateTime<chrono::Utc>| {
            use chrono::Datelike;
            let year = (due - chrono::Duration::seconds(1))
                .with_timezone(&TZ)
                .year();
            s.calendar.year_status(year) != Some(crate::domain::calendar::YearStatus::Official)
        };
        let any_unsure = rows.iter().any(|(c, _)| {
            [c.deadlines.accept, c.deadlines.convene, c.deadlines.reply]
                .into_iter()
                .any(unsure)
        });
        let note = if any_unsure {
            format!(" · {}", s.t("policy.deadlines_note"))
        } else {
            String::new()
        };
        let title = format!(
            " {} ({} · {} {}){note} ",
            s.t("ui.tab_deadlines"),
            rows.len(),
            s.t("detail.clock_state.overdue"),
            overdue
        );
        let block = super::block(s, title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        if rows.is_empty() {
            let key = if s.deadlines.is_some() {
                "ui.deadlines_none"
            } else {
                "ui.queue_loading"
            };
            Paragraph::new(s.t(key))
                .style(s.theme.style("form.hint"))
                .render(inner, buf);
            return;
        }
        let header = Row::new(
            [
                "",
                "ui.col_case",
                "detail.clock.accept",
                "detail.clock.convene",
                "detail.clock.reply",
                "ui.col_category",
            ]
            .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
        )
        .style(s.theme.style("queue.header"));
        let height = inner.height.saturating_sub(1) as usize;
        let selected_row = s.deadline_index();
        let first = selected_row.saturating_sub(height.saturating_sub(1));
        let body = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, (case, clocks))| {
                let selected = i == selected_row;
                let mut cells = vec![Cell::from(case.case_no.clone())];
                for (state, due) in clocks.iter().zip([
                    case.deadlines.accept,
                    case.deadlines.convene,
                    case.deadlines.reply,
                ]) {
                    let (text, style) = clock_text(s, *state);
                    let day = (due - chrono::Duration::seconds(1))
                        .with_timezone(&TZ)
                        .format("%m-%d");
                    let q = if unsure(due) { "?" } else { "" };
                    cells.push(Cell::from(format!("{day}{q} {text}")).style(s.theme.style(style)));
                }
                let category = super::queue::category_label(s, &case.category);
                // A case escalated out of the village carries its county clock before the category.
                cells.push(match county(case) {
                    Some((due, state)) => {
                        let (text, style) = clock_text(s, state);
                        let day = (due - chrono::Duration::seconds(1))
                            .with_timezone(&TZ)
                            .format("%m-%d");
                        Cell::from(Line::from(vec![
                            Span::styled(
                                format!("{} {day} {text}", s.t("detail.clock.county")),
                                s.theme.style(style),
                            ),
                            Span::raw(format!(" · {category}")),
                        ]))
                    }
                    None => Cell::from(category),
                });
                super::marked_row(s, selected, cells)
            });
        let widths = [
            Constraint::Length(1),
            Constraint::Length(15),
            Constraint::Length(16),
            Constraint::Length(16),
            Constraint::Length(16),
            Constraint::Fill(1),
        ];
        Widget::render(
            Table::new(body, widths).header(header).column_spacing(1),
            inner,
            buf,
        );
    }
}
