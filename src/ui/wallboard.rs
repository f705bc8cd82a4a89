//! `yidi board`: the read-only wall screen for the duty leader — today's figures in large
//! type, escalations, every summons with its countdown, and room occupancy. No names of
//! residents appear on it; cases are shown by number only.

use super::board::{duty_line, status_text};
use super::detail::hm;
use crate::app::state::{Connection, State};
use crate::domain::allocation::RoomView;
use crate::domain::clock::TZ;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};
use tui_big_text::{BigText, PixelSize};

pub struct Wallboard<'a>(pub &'a State);

impl Widget for Wallboard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let big = !s.ascii;
        let figure_rows = match (big, area.height >= 40) {
            (false, _) => 3,
            (true, false) => 6,
            (true, true) => 10,
        };
        let escalations = s.board.escalations(s.now);
        let strip_rows = escalations.len().min(3) as u16;
        let wide = area.width >= 120;
        let room_rows = if wide { 0 } else { 3 };
        let [head, figures, strip, body, rooms, foot] = area.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(figure_rows),
            Constraint::Length(strip_rows),
            Constraint::Fill(1),
            Constraint::Length(room_rows),
            Constraint::Length(1),
        ]));
        header(s, head, buf);
        self.figures(figures, buf, big);
        for (i, r) in escalations.iter().take(3).enumerate() {
            let late = (s.now - r.summons.due_at).num_minutes();
            let text = rust_i18n::t!(
                "wallboard.escalation",
                locale = s.lang.locale(),
                department = r.department,
                case_no = r.case_no,
                min = late
            );
            let mark = if s.ascii { "!!" } else { "⚠" };
            let line = Rect {
                y: strip.y + i as u16,
                height: 1,
                ..strip
            };
            Line::styled(format!("{mark} {text}"), s.theme.style("banner.escalation"))
                .render(line, buf);
        }
        if wide {
            let [left, right] = body.layout(&Layout::horizontal([
                Constraint::Percentage(65),
                Constraint::Percentage(35),
            ]));
            summonses(s, left, buf);
            room_list(s, right, buf);
        } else {
            summonses(s, body, buf);
            room_line(s, rooms, buf);
        }
        footer(s, foot, buf);
    }
}

impl Wallboard<'_> {
    fn figures(&self, area: Rect, buf: &mut Buffer, big: bool) {
        let s = self.0;
        let f = &s.board.data.figures;
        let late = s.board.late_count(s.now);
        let items = [
            ("wallboard.received", f.received.to_string(), "default"),
            ("wallboard.on_site", f.on_site.to_string(), "default"),
            (
                "wallboard.solved_on_site",
                f.solved_on_site.to_string(),
                "form.saved",
            ),
            (
                "wallboard.late_summons",
                late.to_string(),
                if late > 0 {
                    "summons.timer.overdue"
                } else {
                    "default"
                },
            ),
        ];
        let cells: [Rect; 4] = area.layout(&Layout::horizontal([Constraint::Ratio(1, 4); 4]));
        for ((key, value, style), cell) in items.into_iter().zip(cells) {
            // The label carries the number in plain text too, for a screen reader or a
            // terminal without block glyphs.
            let block = super::block(s, format!(" {} {value} ", s.t(key)), false);
            let inner = block.inner(cell);
            block.render(cell, buf);
            if big {
                let size = if inner.height >= 8 {
                    PixelSize::Full
                } else {
                    PixelSize::Quadrant
                };
                BigText::builder()
                    .pixel_size(size)
                    .style(s.theme.style(style))
                    .lines(vec![Line::from(value)])
                    .centered()
                    .build()
                    .render(inner, buf);
            } else {
                Paragraph::new(value)
                    .style(s.theme.style(style))
                    .centered()
                    .render(inner, buf);
            }
        }
    }
}

fn header(s: &State, area: Rect, buf: &mut Buffer) {
    buf.set_style(area, s.theme.style("header"));
    let clock = s.now.with_timezone(&TZ).format("%H:%M:%S").to_string();
    let (state, style) = match s.connection {
        // Reading from a replica that has fallen behind: the figures are that old.
        Connection::Live if crate::domain::replica::lag_shown(s.replica_lag).is_some() => (
            rust_i18n::t!(
                "city.replica_lag",
                locale = s.lang.locale(),
                secs = crate::domain::replica::lag_shown(s.replica_lag).unwrap_or(0)
            )
            .into_owned(),
            "banner.error",
        ),
        Connection::Live => (s.t("wallboard.live"), "header.figure"),
        Connection::Lost { since } => (
            rust_i18n::t!(
                "wallboard.stale",
                locale = s.lang.locale(),
                since = since.with_timezone(&TZ).format("%H:%M:%S").to_string()
            )
            .into_owned(),
            "banner.error",
        ),
    };
    let right = format!(" {state}  {clock} ");
    let right_w = super::cells::cells(&right).min(area.width);
    let title = format!(
        " {} · {} · {}",
        s.t("ui.app_title"),
        s.centre.name,
        s.t("board.title")
    );
    buf.set_line(
        area.x,
        area.y,
        &Line::raw(title),
        area.width.saturating_sub(right_w + 1),
    );
    buf.set_line(
        area.right().saturating_sub(right_w),
        area.y,
        &Line::styled(right, s.theme.style(style)),
        right_w,
    );
}

fn summonses(s: &State, area: Rect, buf: &mut Buffer) {
    let open = s
        .board
        .data
        .rows
        .iter()
        .filter(|r| r.summons.is_open())
        .count();
    let block = super::block(s, format!(" {} ({open}) ", s.t("board.title")), false);
    let inner = block.inner(area);
    block.render(area, buf);
    if s.board.data.rows.is_empty() {
        let key = if s.board.loaded {
            "board.none"
        } else {
            "board.loading"
        };
        Paragraph::new(s.t(key))
            .style(s.theme.style("form.hint"))
            .render(inner, buf);
        return;
    }
    let header = Row::new(
        [
            "board.col.state",
            "board.col.department",
            "ui.col_case",
            "board.col.room",
            "board.col.timer",
        ]
        .map(|k| s.t(k)),
    )
    .style(s.theme.style("queue.header"));
    // A wide wall gives the department its whole name; a narrow one cuts it with "…".
    let dept_w: u16 = if inner.width >= 120 { 30 } else { 14 };
    let rows: Vec<Row> = s
        .board
        .sorted(s.now)
        .into_iter()
        .take(inner.height.saturating_sub(1) as usize)
        .map(|r| {
            let st = status_text(s, &r.summons, s.now);
            let style = s.theme.style(st.style);
            Row::new(vec![
                Cell::from(format!("{}{}", st.mark, st.word)).style(style),
                Cell::from(super::cells::fit_cells(&r.department, dept_w)),
                Cell::from(r.case_no.clone()),
                Cell::from(r.room.clone().unwrap_or_else(|| "–".into())),
                Cell::from(st.timer).style(style),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(16),
        Constraint::Length(dept_w),
        Constraint::Length(15),
        Constraint::Length(12),
        Constraint::Fill(1),
    ];
    Widget::render(
        Table::new(rows, widths).header(header).column_spacing(1),
        inner,
        buf,
    );
}

fn occupied(s: &State) -> (usize, usize) {
    let rooms = &s.board.data.room_views;
    (
        rooms.iter().filter(|r| r.session.is_some()).count(),
        rooms.len(),
    )
}

/// One room as the wall says it: its state in a mark and a word, then what is in it — the
/// case, minutes and mediator; or the reservation it waits for (consoles and wall agree).
fn room_text(s: &State, v: &RoomView) -> (String, &'static str) {
    let state = v.state(s.now);
    let (mark, word, style) = super::rooms::state_text(s, state);
    let detail = match (&v.session, &v.next_reservation, &v.out_of_service) {
        (Some(x), _, _) => format!(
            "{}  {}{}  {}",
            x.case_no,
            v.session_minutes(s.now).unwrap_or(0),
            s.t("ui.minutes"),
            x.mediator.as_deref().unwrap_or("")
        ),
        (None, _, Some((_, why))) => why.clone(),
        (None, Some(r), None) => rust_i18n::t!(
            "wallboard.reserved_at",
            locale = s.lang.locale(),
            time = hm(r.starts_at),
            case_no = r.case_no
        )
        .into_owned(),
        (None, None, None) => String::new(),
    };
    let text = format!("{mark}{word} {}  {detail}", v.room.name);
    (text.trim_end().to_string(), style)
}

fn room_list(s: &State, area: Rect, buf: &mut Buffer) {
    let (used, all) = occupied(s);
    let block = super::block(
        s,
        format!(" {} {used}/{all} ", s.t("wallboard.rooms")),
        false,
    );
    let inner = block.inner(area);
    block.render(area, buf);
    let rooms = &s.board.data.room_views;
    let fit = usize::from(inner.height);
    let mut lines: Vec<Line> = rooms
        .iter()
        .map(|v| {
            let (text, style) = room_text(s, v);
            Line::styled(
                super::cells::fit_cells(&text, inner.width),
                s.theme.style(style),
            )
        })
        .collect();
    // Rooms that do not fit are counted, never silently dropped.
    if lines.len() > fit && fit > 0 {
        lines.truncate(fit - 1);
        let more = rooms.len() - lines.len();
        lines.push(Line::styled(
            rust_i18n::t!("wallboard.more_rooms", locale = s.lang.locale(), n = more).into_owned(),
            s.theme.style("form.hint"),
        ));
    }
    Paragraph::new(lines).render(inner, buf);
}

/// At 80 columns the rooms take two lines: how many are in use, then which — whole names
/// only, and how many more there are when they do not all fit.
fn room_line(s: &State, area: Rect, buf: &mut Buffer) {
    if area.height == 0 {
        return;
    }
    let (used, all) = occupied(s);
    let busy: Vec<String> = s
        .board
        .data
        .room_views
        .iter()
        .filter_map(|v| {
            v.session_minutes(s.now)
                .map(|m| format!("{} {m}{}", v.room.name, s.t("ui.minutes")))
        })
        .collect();
    let sep = "  ·  ";
    let mut shown = String::new();
    for (i, b) in busy.iter().enumerate() {
        let rest = busy.len() - i - 1;
        let more = if rest > 0 {
            format!(
                "{sep}{}",
                rust_i18n::t!("wallboard.more_rooms", locale = s.lang.locale(), n = rest)
            )
        } else {
            String::new()
        };
        let next = if shown.is_empty() {
            b.clone()
        } else {
            format!("{shown}{sep}{b}")
        };
        if super::cells::cells(&format!("{next}{more}")) > area.width {
            let hidden = busy.len() - i;
            let more = rust_i18n::t!("wallboard.more_rooms", locale = s.lang.locale(), n = hidden);
            shown = if shown.is_empty() {
                more.into_owned()
            } else {
                format!("{shown}{sep}{more}")
            };
            break;
        }
        shown = next;
    }
    let text = vec![
        Line::styled(
            format!("{} {used}/{all}", s.t("wallboard.rooms")),
            s.theme.style("form.label"),
        ),
        Line::raw(shown),
        duty_line(s),
    ];
    Paragraph::new(text).render(area, buf);
}

fn footer(s: &State, area: Rect, buf: &mut Buffer) {
    let text = format!(
        "F10 {} · {}",
        s.t("wallboard.quit"),
        s.t("wallboard.read_only")
    );
    Line::styled(text, s.theme.style("footer")).render(area, buf);
}
