//! The rooms tab (调解室): every room as a row at 80 columns, as a tile on wide screens —
//! name, kind, seats, state by mark and word, the case, the mediator, minutes in session and
//! the next reservation; and the allocate form over any panel.

use super::detail::hm;
use crate::app::state::State;
use crate::domain::allocation::{RoomState, RoomView};
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, Widget};

pub struct RoomsView<'a> {
    pub state: &'a State,
    pub focused: bool,
}

/// A room's state as a mark, a word and a style; the mark and the word carry the meaning.
pub fn state_text(s: &State, state: RoomState) -> (&'static str, String, &'static str) {
    let pick = |fancy: &'static str, plain: &'static str| if s.ascii { plain } else { fancy };
    let (mark, style) = match state {
        // A letter-like ASCII mark needs a space, or "o" and "free" read as "ofree".
        RoomState::Free => (pick("○", "o "), "room.free"),
        RoomState::InSession => (pick("●", "* "), "room.in_session"),
        RoomState::Reserved => (pick("◎", "@ "), "room.reserved"),
        RoomState::OutOfService => (pick("×", "x "), "room.out_of_service"),
    };
    (mark, s.t(&format!("rooms.state.{}", state.as_str())), style)
}

/// The case number without its day: `YD20261123-0007` → `0007`, for narrow columns.
fn short_no(case_no: &str) -> &str {
    case_no.rsplit_once('-').map_or(case_no, |(_, n)| n)
}

fn next_text(v: &RoomView, short: bool) -> String {
    v.next_reservation.as_ref().map_or_else(
        || "–".into(),
        |r| {
            let no = if short {
                short_no(&r.case_no)
            } else {
                &r.case_no
            };
            format!("{} {no}", hm(r.starts_at))
        },
    )
}

impl Widget for RoomsView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let rooms = &s.board.data.room_views;
        let in_use = rooms
            .iter()
            .filter(|r| r.state(s.now) == RoomState::InSession)
            .count();
        let title = format!(
            " {} ({} {in_use}/{}) ",
            s.t("rooms.title"),
            s.t("rooms.state.in_session"),
            rooms.len()
        );
        let block = super::block(s, title, self.focused);
        let inner = block.inner(area);
        block.render(area, buf);
        if rooms.is_empty() {
            let key = if s.board.loaded {
                "rooms.none"
            } else {
                "board.loading"
            };
            Paragraph::new(s.t(key))
                .style(s.theme.style("form.hint"))
                .render(inner, buf);
            return;
        }
        if inner.width >= 100 && inner.height >= 12 {
            tiles(s, inner, buf, self.focused);
        } else {
            table(s, inner, self.focused).render(inner, buf);
        }
    }
}

fn table<'a>(s: &'a State, area: Rect, focused: bool) -> Table<'a> {
    let short = area.width < 100;
    let zh = s.lang == crate::domain::Lang::Zh;
    let header = Row::new(
        [
            "rooms.col.state",
            "rooms.col.room",
            "rooms.col.kind",
            "rooms.col.seats",
            "ui.col_case",
            "rooms.col.mediator",
            "rooms.col.minutes",
            "rooms.col.next",
        ]
        .map(|k| format!(" {}", s.t(k)).trim_start_matches(' ').to_string()),
    )
    .style(s.theme.style("queue.header"));
    let height = area.height.saturating_sub(1) as usize;
    let selected = s.rooms.selected_index(&s.board.data.room_views);
    let first = selected.saturating_sub(height.saturating_sub(1));
    let rows: Vec<Row> = s
        .board
        .data
        .room_views
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, v)| {
            let state = v.state(s.now);
            let (mark, word, style) = state_text(s, state);
            let here = focused && i == selected;
            let session = v.session.as_ref();
            // At 80 columns the case column also names the case a room is reserved for.
            let case_no = session.map(|x| x.case_no.as_str()).or_else(|| {
                (state == RoomState::Reserved)
                    .then(|| v.next_reservation.as_ref().map(|r| r.case_no.as_str()))
                    .flatten()
            });
            let case = case_no.map_or_else(
                || "–".to_string(),
                |no| {
                    if short {
                        short_no(no).to_string()
                    } else {
                        no.to_string()
                    }
                },
            );
            let next = if short {
                v.next_reservation
                    .as_ref()
                    .map_or_else(|| "–".into(), |r| hm(r.starts_at))
            } else {
                next_text(v, false)
            };
            let row = Row::new(vec![
                Cell::from(format!("{}{mark}{word}", if here { ">" } else { " " }))
                    .style(s.theme.style(style)),
                Cell::from(v.room.name.clone()),
                Cell::from(s.t(&format!("rooms.kind.{}", v.room.kind.as_str()))),
                Cell::from(v.room.capacity.to_string()),
                Cell::from(case),
                Cell::from(
                    session
                        .and_then(|x| x.mediator.clone())
                        .unwrap_or_else(|| "–".into()),
                ),
                Cell::from(
                    v.session_minutes(s.now)
                        .map_or_else(|| "–".into(), |m| format!("{m}{}", s.t("rooms.min"))),
                ),
                Cell::from(next),
            ]);
            if here {
                row.style(s.theme.style("queue.row.selected"))
            } else {
                row
            }
        })
        .collect();
    let widths = [
        Constraint::Length(if zh { 8 } else { 16 }),
        Constraint::Length(16),
        Constraint::Length(if zh { 10 } else { 11 }),
        Constraint::Length(5),
        Constraint::Length(if short { 4 } else { 15 }),
        Constraint::Length(if short && zh { 6 } else { 8 }),
        Constraint::Length(if zh { 6 } else { 5 }),
        Constraint::Fill(1),
    ];
    Table::new(rows, widths).header(header).column_spacing(1)
}

/// Wide screens: a grid of tiles, four lines each.
fn tiles(s: &State, area: Rect, buf: &mut Buffer, focused: bool) {
    const W: u16 = 34;
    const H: u16 = 5;
    let cols = (area.width / W).max(1);
    let rows_fit = (area.height / H).max(1) as usize;
    let selected = s.rooms.selected_index(&s.board.data.room_views);
    let first_row = (selected / cols as usize).saturating_sub(rows_fit.saturating_sub(1));
    for (i, v) in s
        .board
        .data
        .room_views
        .iter()
        .enumerate()
        .skip(first_row * cols as usize)
    {
        let slot = i - first_row * cols as usize;
        let (col, row) = (slot as u16 % cols, (slot as u16) / cols);
        if (row as usize) >= rows_fit {
            break;
        }
        let rect = Rect::new(area.x + col * W, area.y + row * H, W - 1, H).intersection(area);
        tile(s, v, rect, buf, focused && i == selected);
    }
}

fn tile(s: &State, v: &RoomView, area: Rect, buf: &mut Buffer, selected: bool) {
    let (mark, word, style) = state_text(s, v.state(s.now));
    let title = format!("{}{} ", if selected { ">" } else { " " }, v.room.name);
    let block = super::block(s, title, selected);
    let inner = block.inner(area);
    block.render(area, buf);
    let kind = s.t(&format!("rooms.kind.{}", v.room.kind.as_str()));
    let seats = rust_i18n::t!("rooms.seats", locale = s.lang.locale(), n = v.room.capacity);
    let mut lines = vec![Line::from(vec![
        Span::styled(format!("{mark}{word}"), s.theme.style(style)),
        Span::raw(format!("  {kind} · {seats}")),
    ])];
    match (&v.session, &v.out_of_service) {
        (Some(x), _) => {
            lines.push(Line::raw(format!(
                "{}  {}{}",
                x.case_no,
                v.session_minutes(s.now).unwrap_or(0),
                s.t("ui.minutes")
            )));
            lines.push(Line::raw(format!(
                "{} {}",
                s.t("rooms.col.mediator"),
                x.mediator.clone().unwrap_or_else(|| "–".into())
            )));
        }
        (None, Some((_, reason))) => {
            lines.push(Line::styled(reason.clone(), s.theme.style("form.hint")))
        }
        _ => {}
    }
    if let Some(r) = &v.next_reservation {
        lines.truncate(2);
        lines.push(Line::raw(format!(
            "{} {} {}",
            s.t("rooms.col.next"),
            hm(r.starts_at),
            r.case_no
        )));
    }
    Paragraph::new(lines).render(inner, buf);
}
