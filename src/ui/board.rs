//! The summons board tab (吹哨看板): every summons of the day with its countdown, worst
//! first, the duty roster line on top; or the department roster with arrival records.

use crate::app::board::BoardState;
use crate::app::state::State;
use crate::domain::summons::mm_ss;
use crate::domain::{Duty, Presence, Summons, SummonsStatus};
use crate::store::BoardRow;
use chrono::{DateTime, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

pub struct BoardView<'a> {
    pub state: &'a State,
    pub focused: bool,
}

/// How a summons reads on a board: a mark, a word, the timer, and the theme style. The
/// mark and the word carry the meaning; colour only repeats it.
pub struct StatusText {
    pub mark: &'static str,
    pub word: String,
    pub timer: String,
    pub style: &'static str,
}

pub fn status_text(s: &State, summons: &Summons, now: DateTime<Utc>) -> StatusText {
    let ascii = s.ascii;
    let pick = |fancy: &'static str, plain: &'static str| if ascii { plain } else { fancy };
    let escalated = summons.escalation_pending(now, s.board.grace);
    match summons.status(now) {
        SummonsStatus::Waiting { left } => StatusText {
            mark: pick("·", "- "),
            word: s.t("board.status.waiting"),
            timer: mm_ss(left),
            style: "summons.timer",
        },
        SummonsStatus::DueSoon { left } => StatusText {
            mark: pick("◔", "~ "),
            word: s.t("board.status.due_soon"),
            timer: mm_ss(left),
            style: "summons.timer.due_soon",
        },
        SummonsStatus::Late { by } => StatusText {
            mark: if escalated { pick("⚠", "!! ") } else { "!" },
            word: match summons.acknowledged_at {
                // When it was seen is in the row itself (who is in the reason column).
                Some(at) if !escalated => rust_i18n::t!(
                    "board.status.acknowledged_at",
                    locale = s.lang.locale(),
                    at = super::detail::hm(at)
                )
                .into_owned(),
                _ => s.t(if escalated {
                    "board.status.escalated"
                } else {
                    "board.status.late"
                }),
            },
            timer: format!("+{}", mm_ss(by)),
            style: "summons.timer.overdue",
        },
        SummonsStatus::Arrived { took, late } => StatusText {
            mark: pick("✓", "+ "),
            word: rust_i18n::t!(
                if late {
                    "board.status.arrived_late"
                } else {
                    "board.status.arrived"
                },
                locale = s.lang.locale(),
                min = took.num_minutes()
            )
            .into_owned(),
            timer: String::new(),
            style: if late {
                "summons.timer.due_soon"
            } else {
                "form.saved"
            },
        },
        SummonsStatus::Cancelled => StatusText {
            mark: pick("×", "x "),
            word: match summons.cancel_reason.as_deref() {
                Some(crate::store::REWHISTLED) => s.t("board.status.rewhistled"),
                _ => s.t("board.status.cancelled"),
            },
            timer: String::new(),
            style: "queue.row.done",
        },
    }
}

/// The day's duty roster in one line: leader, lawyer, counsellor.
pub fn duty_line(s: &State) -> Line<'static> {
    let mut spans = Vec::new();
    for duty in [Duty::DutyLeader, Duty::Lawyer, Duty::Counsellor] {
        let who = s
            .board
            .on_duty(duty)
            .map_or_else(|| s.t("board.nobody"), |e| e.person.clone());
        spans.push(Span::styled(
            format!("{} ", s.t(&format!("board.duty.{}", duty.as_str()))),
            s.theme.style("form.label"),
        ));
        spans.push(Span::raw(format!("{who}   ")));
    }
    Line::from(spans)
}

impl Widget for BoardView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        if s.board.show_roster {
            return RosterView { state: s }.render(area, buf);
        }
        let b = &s.board;
        let late = b.late_count(s.now);
        let title = format!(
            " {} ({} · {} {}) ",
            s.t("board.title"),
            b.data.rows.iter().filter(|r| r.summons.is_open()).count(),
            s.t("board.status.late"),
            late
        );
        let block = super::block(s, title, self.focused);
        let inner = block.inner(area);
        block.render(area, buf);
        let [duty, table] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        duty_line(s).render(duty, buf);
        if b.data.rows.is_empty() {
            let key = if b.loaded {
                "board.none"
            } else {
                "board.loading"
            };
            Paragraph::new(s.t(key))
                .style(s.theme.style("form.hint"))
                .render(table, buf);
            return;
        }
        // The selected row in full on the last line, where the reason column is cut (who
        // acknowledged an escalation and when, and the whole reason).
        let mut table = table;
        if table.height > 4
            && let Some(r) = b.selected_row(s.now)
        {
            table.height -= 1;
            let strip = Rect {
                y: table.bottom(),
                height: 1,
                ..table
            };
            let line = format!(
                "{} {} {}: {}",
                if s.ascii { ">" } else { "▸" },
                r.department,
                r.case_no,
                reason_text(s, &r.summons)
            );
            Line::styled(line, s.theme.style("form.hint")).render(strip, buf);
        }
        summons_table(s, b, table, self.focused).render(table, buf);
    }
}

/// The board's department column; a longer name is cut with `…`.
const DEPARTMENT_CELLS: u16 = 12;

fn summons_table<'a>(s: &'a State, b: &'a BoardState, area: Rect, focused: bool) -> Table<'a> {
    // The notice column appears once the board has notices (a database before them has none).
    let notices = b.data.rows.iter().any(|r| r.notice.is_some());
    // On a narrow board the notice takes the whistle time's place, so the case number stays whole.
    let drop_whistled = notices && area.width < 100;
    let mut keys = vec![
        "",
        "board.col.state",
        "board.col.department",
        "ui.col_case",
        "board.col.room",
        "board.col.whistled",
        "board.col.timer",
        "board.col.reason",
    ];
    if notices {
        keys.insert(3, "notice.col");
    }
    if drop_whistled {
        keys.retain(|k| *k != "board.col.whistled");
    }
    let header = Row::new(
        keys.into_iter()
            .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
    )
    .style(s.theme.style("queue.header"));
    let height = area.height.saturating_sub(1) as usize;
    let selected = b.selected_index(s.now);
    let first = selected.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = b
        .sorted(s.now)
        .into_iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, r)| board_row(s, r, focused && i == selected, notices, drop_whistled))
        .collect();
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(14),
        Constraint::Length(DEPARTMENT_CELLS),
        Constraint::Length(15),
        Constraint::Length(10),
        Constraint::Length(5),
        Constraint::Length(7),
        Constraint::Fill(1),
    ];
    if notices {
        widths.insert(3, Constraint::Length(9));
    }
    if drop_whistled {
        widths.remove(6);
    }
    Table::new(rows, widths).header(header).column_spacing(1)
}

/// A summons' notice as a mark and a word (已通知 ✓, 通知失败 !, 未配置 –).
pub fn notice_text(s: &State, notice: Option<crate::domain::notice::NoticeState>) -> String {
    match notice {
        Some(n) => format!("{}{}", n.mark(s.ascii), s.t(n.key())),
        None => String::new(),
    }
}

fn board_row<'a>(
    s: &State,
    r: &'a BoardRow,
    selected: bool,
    notices: bool,
    drop_whistled: bool,
) -> Row<'a> {
    let st = status_text(s, &r.summons, s.now);
    let style = s.theme.style(st.style);
    let notice_style = match r.notice {
        Some(crate::domain::notice::NoticeState::Failed) => "summons.timer.overdue",
        Some(crate::domain::notice::NoticeState::Sent) => "form.saved",
        _ => "form.hint",
    };
    let mut cells = vec![
        Cell::from(format!("{}{}", st.mark, st.word)).style(style),
        Cell::from(super::cells::fit_cells(&r.department, DEPARTMENT_CELLS)),
        Cell::from(r.case_no.clone()),
        Cell::from(r.room.clone().unwrap_or_else(|| "–".into())),
        Cell::from(super::detail::hm(r.summons.whistled_at)),
        Cell::from(st.timer).style(style),
        Cell::from({
            // The state says when an escalation was seen; here who, before the reason.
            let reason = reason_text_only(s, &r.summons);
            match &r.summons.acknowledged_by {
                Some(who) if r.summons.acknowledged_at.is_some() => {
                    format!("{who} {} {reason}", if s.ascii { "/" } else { "·" })
                }
                _ => reason,
            }
        }),
    ];
    if drop_whistled {
        cells.remove(4);
    }
    if notices {
        cells.insert(
            2,
            Cell::from(notice_text(s, r.notice)).style(s.theme.style(notice_style)),
        );
    }
    super::marked_row(s, selected, cells)
}

/// What the reason column says: who acknowledged an escalation and when (领导已知悉 周卫东
/// 10:42), then the reason; a cancelled one's reason for cancelling.
pub fn reason_text(s: &State, summons: &Summons) -> String {
    let reason = reason_text_only(s, summons);
    match acknowledged_text(s, summons) {
        Some(ack) => format!("{ack} {} {reason}", if s.ascii { "/" } else { "·" }),
        None => reason,
    }
}

fn reason_text_only(s: &State, summons: &Summons) -> String {
    match &summons.cancel_reason {
        // The stored marker is a code, not words: the screen says it in its language.
        Some(reason) if reason == crate::store::REWHISTLED => s.t("board.status.rewhistled"),
        Some(reason) if summons.cancelled_at.is_some() => reason.clone(),
        _ => summons.reason.clone(),
    }
}

/// `领导已知悉 周卫东 10:42` / `Seen by 周卫东 at 10:42`, for an acknowledged escalation.
pub fn acknowledged_text(s: &State, summons: &Summons) -> Option<String> {
    let at = summons.acknowledged_at?;
    let who = summons.acknowledged_by.clone().unwrap_or_default();
    Some(
        rust_i18n::t!(
            "board.acknowledged_by",
            locale = s.lang.locale(),
            who = who,
            at = super::detail::hm(at)
        )
        .trim()
        .to_string(),
    )
}

/// The department roster: presence, today's rotation, contact, window and this month's
/// arrival record (the basis of the monthly reverse ranking).
struct RosterView<'a> {
    state: &'a State,
}

impl Widget for RosterView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let b = &s.board;
        let block = super::block(s, format!(" {} ", s.t("board.roster_title")), true);
        let inner = block.inner(area);
        block.render(area, buf);
        let header = Row::new(
            [
                "",
                "board.col.department",
                "board.col.presence",
                "board.col.rotation",
                "board.col.phone",
                "board.col.window",
                "board.col.month",
                "board.col.on_time",
                "board.col.median",
            ]
            .map(|k| if k.is_empty() { String::new() } else { s.t(k) }),
        )
        .style(s.theme.style("queue.header"));
        let height = inner.height.saturating_sub(1) as usize;
        let roster_row = b.roster_index();
        let first = roster_row.saturating_sub(height.saturating_sub(1));
        let rows: Vec<Row> = b
            .data
            .departments
            .iter()
            .enumerate()
            .skip(first)
            .take(height)
            .map(|(i, d)| {
                let record = b.data.records.get(&d.id).copied().unwrap_or_default();
                let presence = match d.presence {
                    Presence::Resident => "board.presence.resident",
                    Presence::Rotating => "board.presence.rotating",
                    Presence::OnCall => "board.presence.on_call",
                };
                let rotation = match d.presence {
                    Presence::Rotating => b
                        .on_rotation(d.id)
                        .map_or_else(|| "–".into(), |e| e.person.clone()),
                    _ => String::new(),
                };
                let selected = i == roster_row;
                super::marked_row(
                    s,
                    selected,
                    [
                        Cell::from(super::cells::fit_cells(&d.name, 14)),
                        Cell::from(s.t(presence)),
                        Cell::from(rotation),
                        Cell::from(d.phone.clone().unwrap_or_default()),
                        Cell::from(format!("{}{}", d.arrival_window_min, s.t("ui.minutes"))),
                        Cell::from(record.summoned.to_string()),
                        Cell::from(
                            record
                                .on_time_rate()
                                .map_or("–".into(), |r| format!("{:.0}%", r * 100.0)),
                        ),
                        Cell::from(
                            record
                                .median_minutes
                                .map_or("–".into(), |m| format!("{m:.0}")),
                        ),
                    ],
                )
            })
            .collect();
        let widths = [
            Constraint::Length(1),
            Constraint::Length(14),
            Constraint::Length(8),
            Constraint::Length(8),
            Constraint::Length(13),
            Constraint::Length(6),
            Constraint::Length(5),
            Constraint::Length(6),
            Constraint::Fill(1),
        ];
        Widget::render(
            Table::new(rows, widths).header(header).column_spacing(1),
            inner,
            buf,
        );
    }
}
