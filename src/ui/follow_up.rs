//! The follow-up tab (回访): closed cases worst overdue first, each with its status as a mark
//! and a word, its due day, unreached tries and what the visit found; and the follow-up form.

use crate::app::follow_up::FollowUpForm;
use crate::app::state::State;
use crate::domain::clock::TZ;
use crate::domain::follow_up::FollowUpStatus;
use crate::store::FollowUpRow;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget, Wrap};

pub struct FollowUpsView<'a> {
    pub state: &'a State,
}

/// A status as a mark and a word (never colour alone), with its style.
pub fn status_text(s: &State, st: FollowUpStatus) -> (String, &'static str) {
    let (mark, ascii, style) = match st {
        FollowUpStatus::Overdue => ("!", "!", "summons.timer.overdue"),
        FollowUpStatus::DueToday => ("⏳", "*", "summons.timer.due_soon"),
        FollowUpStatus::Due => ("·", "-", "default"),
        FollowUpStatus::Unreachable => ("×", "x", "summons.timer.due_soon"),
        FollowUpStatus::Reopened => ("↺", "R", "summons.timer.overdue"),
        FollowUpStatus::Done => ("✓", "+", "form.saved"),
    };
    let mark = if s.ascii { ascii } else { mark };
    (
        format!(
            "{mark}{}",
            s.t(&format!("follow_up.status.{}", st.as_str()))
        ),
        style,
    )
}

/// What the follow-up found, or how often the resident was not reached.
fn result_text(s: &State, r: &FollowUpRow) -> String {
    let mut parts = Vec::new();
    if let Some(sat) = r.satisfaction {
        parts.push(s.t(&format!("follow_up.satisfaction.{}", sat.as_str())));
    }
    if let Some(kind) = r.problem {
        let kind = s.t(&format!("follow_up.problem_short.{}", kind.as_str()));
        parts.push(match &r.department {
            Some(d) => format!("{kind}→{d}"),
            None => kind,
        });
    }
    if r.tries > 0 {
        parts.push(
            rust_i18n::t!("follow_up.tries", locale = s.lang.locale(), n = r.tries).into_owned(),
        );
    }
    parts.join(" · ")
}

impl Widget for FollowUpsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let list = &s.follow_ups;
        let rows = list.rows.as_deref().unwrap_or_default();
        let overdue = rows
            .iter()
            .filter(|r| r.status(s.now) == FollowUpStatus::Overdue)
            .count();
        let open = rows.iter().filter(|r| r.status(s.now).is_open()).count();
        let title = rust_i18n::t!(
            "follow_up.title",
            locale = s.lang.locale(),
            open = open,
            overdue = overdue
        );
        let block = super::block(s, format!(" {title} "), true);
        let inner = block.inner(area);
        block.render(area, buf);
        if rows.is_empty() {
            let key = if list.rows.is_some() {
                "follow_up.none"
            } else {
                "ui.queue_loading"
            };
            Paragraph::new(s.t(key))
                .style(s.theme.style("form.hint"))
                .render(inner, buf);
            return;
        }
        // At 80 columns the category gives way: what the visit found matters more.
        let wide = inner.width >= 100;
        let mut head = vec![
            "",
            "ui.col_case",
            "follow_up.col.status",
            "follow_up.col.due",
            "follow_up.col.result",
        ];
        if wide {
            head.push("ui.col_category");
        }
        let header = Row::new(
            head.into_iter()
                .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
        )
        .style(s.theme.style("queue.header"));
        let height = inner.height.saturating_sub(1) as usize;
        let first = list.selected.saturating_sub(height.saturating_sub(1));
        let body = rows
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, r)| {
                let (status, style) = status_text(s, r.status(s.now));
                let due = (r.due - chrono::Duration::seconds(1))
                    .with_timezone(&TZ)
                    .format("%m-%d")
                    .to_string();
                let mut cells = vec![
                    Cell::from(r.case_no.clone()),
                    Cell::from(status).style(s.theme.style(style)),
                    Cell::from(due),
                    Cell::from(result_text(s, r)),
                ];
                if wide {
                    cells.push(Cell::from(super::queue::category_label(s, &r.category)));
                }
                super::marked_row(s, i == list.selected, cells)
            });
        let mut widths = vec![
            Constraint::Length(1),
            Constraint::Length(15),
            Constraint::Length(10),
            Constraint::Length(5),
        ];
        if wide {
            widths.extend([Constraint::Length(44), Constraint::Fill(1)]);
        } else {
            widths.push(Constraint::Fill(1));
        }
        Widget::render(
            Table::new(body, widths).header(header).column_spacing(1),
            inner,
            buf,
        );
    }
}

pub struct FollowUpFormView<'a> {
    pub state: &'a State,
    pub form: &'a FollowUpForm,
}

/// Rows the form needs: the fields, the tries so far, the keys, the border.
pub fn form_height(form: &FollowUpForm) -> u16 {
    2 + super::form::height(&form.kit) + 2
}

impl Widget for FollowUpFormView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let f = self.form;
        let title = rust_i18n::t!(
            "follow_up.form_title",
            locale = s.lang.locale(),
            case_no = f.case_no
        );
        let block = super::block(s, format!(" {title} "), true)
            .border_style(s.theme.style("dialog.border"));
        let mut lines = super::form::lines(s, &f.kit, f.saving);
        lines.push(Line::styled(
            rust_i18n::t!(
                "follow_up.tries_so_far",
                locale = s.lang.locale(),
                n = f.tries
            )
            .into_owned(),
            s.theme.style("form.hint"),
        ));
        let keys = if f.saving {
            format!("{}...", s.t("triage.saving"))
        } else {
            s.t("follow_up.keys")
        };
        lines.push(Line::styled(keys, s.theme.style("form.hint")));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .style(s.theme.style("dialog"))
            .render(area, buf);
    }
}
