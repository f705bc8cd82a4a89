//! The case detail (案件详情): who, which departments, the 1-2-7 clocks, summonses, rooms,
//! outcome, ledger and the whole timeline. Personal data is shown masked only.

use crate::app::detail::{CaseFile, DetailState};
use crate::app::state::State;
use crate::domain::case::{CaseState, Channel};
use crate::domain::clock::TZ;
use crate::domain::party::mask_name;
use crate::domain::sla::{ClockState, clocks};
use crate::domain::{SummonsStatus, phone, resident_id};
use chrono::{DateTime, Datelike, Duration, Utc};
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct DetailView<'a> {
    pub state: &'a State,
    pub detail: &'a DetailState,
}

/// Journal actions with a label; any other action is shown as stored.
pub const ACTIONS: &[&str] = &[
    "intake",
    "triage",
    "open_session",
    "resolve",
    "fail",
    "refer",
    "explain",
    "withdraw",
    "close",
    "follow_up",
    "call",
    "recall",
    "no_show",
    "requeue",
    "serve",
    "whistle",
    "arrive",
    "book_room",
    "release_room",
    "transfer_room",
    "reserve_room",
    "release_reservation",
    "ledger",
    "explain_to_resident",
    "link_repeat",
    "import",
    "escalate",
    "judicial_confirmation",
    "acknowledge",
    "cancel_summons",
    "rewhistle",
    "reveal",
    "reopen",
    "follow_up_try",
    "notice",
];

/// Journal actions that settle a case (and so stop its reply clock).
const SETTLING: &[&str] = &["resolve", "fail", "refer", "explain", "withdraw"];

/// Beijing time, `MM-DD HH:MM`.
pub fn when(t: DateTime<Utc>) -> String {
    t.with_timezone(&TZ).format("%m-%d %H:%M").to_string()
}

/// Beijing time, `HH:MM`.
pub fn hm(t: DateTime<Utc>) -> String {
    t.with_timezone(&TZ).format("%H:%M").to_string()
}

/// The label of a case state in the operator's language.
pub fn state_label(s: &State, state: CaseState) -> String {
    s.t(&format!("detail.state.{}", state.as_str()))
}

/// The label of a journal action; unknown actions show raw.
pub fn action_label(s: &State, action: &str) -> String {
    if ACTIONS.contains(&action) {
        s.t(&format!("detail.action.{action}"))
    } else {
        action.to_string()
    }
}

pub fn channel_label(s: &State, channel: Channel) -> String {
    s.t(&format!("intake.channel.{}", channel.as_str()))
}

/// Categories are stored in Chinese; the known ones are shown in the operator's language.
pub fn category_label(s: &State, stored: &str) -> String {
    crate::app::words::category(stored, s.lang)
}

/// When the case was settled, for the reply clock: the first settling step in the
/// timeline, else its closing time, else its last recorded step.
pub fn settled_at(file: &CaseFile) -> Option<DateTime<Utc>> {
    if !file.case.state.is_settled() {
        return None;
    }
    // A re-opened case answers its new reply clock: only steps since the last re-opening count.
    let since = file
        .journal
        .iter()
        .rposition(|j| j.action == "reopen")
        .map_or(0, |i| i + 1);
    file.journal[since..]
        .iter()
        .find(|j| SETTLING.contains(&j.action.as_str()))
        .map(|j| j.at)
        .or(file.case.closed_at)
        .or_else(|| file.journal.last().map(|j| j.at))
}

/// A clock's word and marker (never colour alone), and its style key.
fn clock_word(s: &State, c: ClockState) -> (String, &'static str) {
    let (key, mark, ascii, style) = match c {
        ClockState::Met => ("met", "✓", "+", "form.saved"),
        ClockState::MetLate => ("met_late", "✓!", "+!", "summons.timer.due_soon"),
        ClockState::Overdue => ("overdue", "!", "!", "summons.timer.overdue"),
        ClockState::DueToday => ("due_today", "⏳", "*", "summons.timer.due_soon"),
        ClockState::Running => ("running", "·", "-", "summons.timer"),
    };
    let mark = if s.ascii { ascii } else { mark };
    (
        format!("{mark}{}", s.t(&format!("detail.clock_state.{key}"))),
        style,
    )
}

/// The lines of the file, wrapped to `width` cells.
struct Lines<'s> {
    s: &'s State,
    width: u16,
    out: Vec<Line<'static>>,
}

impl Lines<'_> {
    /// `indent` then `text`, broken into lines of the width; later lines indented alike.
    fn text(&mut self, indent: u16, text: &str, style: Style) {
        let room = self.width.saturating_sub(indent).max(1);
        let pad = " ".repeat(usize::from(indent.min(self.width.saturating_sub(1))));
        for part in super::wrap_cells(text, room) {
            self.out.push(Line::styled(format!("{pad}{part}"), style));
        }
    }

    fn plain(&mut self, indent: u16, text: &str) {
        self.text(indent, text, Style::default());
    }

    fn heading(&mut self, key: &str) {
        self.out.push(Line::raw(""));
        let text = self.s.t(key);
        self.text(0, &text, self.s.theme.style("form.label"));
    }

    fn labelled(&mut self, key: &str, value: &str) {
        let text = format!("{}: {value}", self.s.t(key));
        self.plain(0, &text);
    }
}

impl DetailView<'_> {
    fn lines(&self, width: u16) -> Vec<Line<'static>> {
        let s = self.state;
        let file = &self.detail.file;
        let c = &file.case;
        let mut l = Lines {
            s,
            width,
            out: Vec::new(),
        };

        // Header.
        l.labelled("detail.category", &category_label(s, &c.category));
        l.labelled("detail.channel", &channel_label(s, c.channel));
        l.labelled("detail.received", &when(c.received_at));
        if let Some(ticket) = &file.ticket {
            l.labelled("detail.ticket", ticket);
        }
        if let Some(stream) = c.stream {
            let mut parts = vec![s.t(&format!("detail.stream.{}", stream.as_str()))];
            if let Some(h) = c.handling {
                parts.push(s.t(&format!("intake.handling.{}", h.as_str())));
            }
            if let Some(level) = c.level {
                parts.push(s.t(&format!("detail.level.{}", level.as_str())));
            }
            l.labelled("detail.label.stream", &parts.join(" · "));
        }
        if let Some(handler) = &c.first_handler {
            l.labelled("detail.first_handler", handler);
        }
        if c.group_persons > 1 || c.lanes.group_visit {
            let count = rust_i18n::t!(
                "detail.group_count",
                locale = s.lang.locale(),
                persons = c.group_persons,
                batches = c.group_batches
            );
            l.labelled("detail.group", &count);
        }
        if let Some(no) = &c.court_case_no {
            l.labelled("detail.court_case_no", no);
        }
        if c.repeat_of.is_some() {
            let text = s.t("detail.repeat_of");
            l.text(0, &text, s.theme.style("queue.row.priority"));
        }
        l.labelled("detail.description", c.description.trim());

        // Parties, masked.
        l.heading("detail.section.parties");
        if file.parties.is_empty() {
            l.plain(2, &s.t("detail.none"));
        }
        let revealed = |i: usize| {
            s.revealed
                .as_ref()
                .is_some_and(|(id, seqs)| *id == c.id && seqs.contains(&i))
        };
        for (i, p) in file.parties.iter().enumerate() {
            let mut text = format!(
                "{}. {} ",
                i + 1,
                s.t(&format!("detail.role.{}", p.role.as_str()))
            );
            let open = revealed(i);
            if p.is_organisation {
                // Organisations are shown whole (see `mask_name`).
                text += &format!("{} ({})", p.name, s.t("detail.organisation"));
            } else if open {
                text += &p.name;
            } else {
                text += &mask_name(&p.name);
            }
            if let Some(id) = &p.resident_id {
                let id = if open {
                    id.clone()
                } else {
                    resident_id::mask(id)
                };
                text += &format!("  {id}");
            }
            if let Some(tel) = &p.phone {
                let tel = if open { tel.clone() } else { phone::mask(tel) };
                text += &format!("  {tel}");
            }
            if open {
                // Said in words: this line is unmasked, and the reveal is on record.
                text += &format!("  [{}]", s.t("detail.revealed"));
            }
            l.plain(2, &text);
        }

        // Departments.
        l.heading("detail.section.departments");
        if file.departments.is_empty() {
            l.plain(2, &s.t("detail.none"));
        }
        for (name, part) in &file.departments {
            let text = format!("{} {name}", s.t(&format!("detail.dept.{part}")));
            l.plain(2, &text);
        }

        // The three 1-2-7 clocks: each with its last day and its state as a word.
        l.heading("detail.section.clocks");
        let states = clocks(&c.deadlines, &c.marks, settled_at(file), s.now);
        let dues = [c.deadlines.accept, c.deadlines.convene, c.deadlines.reply];
        for ((key, due), state) in ["accept", "convene", "reply"].iter().zip(dues).zip(states) {
            let last_day = (due - Duration::seconds(1)).with_timezone(&TZ);
            let (word, style) = clock_word(s, state);
            l.out.push(Line::from(vec![
                Span::raw(format!(
                    "  {} {} ",
                    s.t(&format!("detail.clock.{key}")),
                    last_day.format("%m-%d")
                )),
                Span::styled(word, s.theme.style(style)),
            ]));
        }
        // A case that left the village: by when it must reach the county.
        if let Some((due, state)) = c.marks.county_clock(settled_at(file), s.now) {
            let last_day = (due - Duration::seconds(1)).with_timezone(&TZ);
            let (word, style) = clock_word(s, state);
            l.out.push(Line::from(vec![
                Span::raw(format!(
                    "  {} {} ",
                    s.t("detail.clock.county"),
                    last_day.format("%m-%d")
                )),
                Span::styled(word, s.theme.style(style)),
            ]));
        }
        // A deadline in a year whose holidays are provisional or unknown may move: say so.
        let mut years: Vec<i32> = dues
            .iter()
            .map(|d| (*d - Duration::seconds(1)).with_timezone(&TZ).year())
            .collect();
        years.dedup();
        for year in years {
            let status = s.calendar.year_status(year);
            if let Some(w) = crate::domain::policy::year_warning(status, year, s.lang) {
                let mark = if s.ascii { "!" } else { "⚠" };
                let text = format!("{mark} {w}");
                l.text(2, &text, s.theme.style("summons.timer.due_soon"));
            }
        }
        if let Some(expl) = &c.marks.explanation {
            let at = c.marks.explained.map(when).unwrap_or_default();
            let text = format!("{} {at}: {}", s.t("detail.explanation"), expl.trim());
            l.plain(2, &text);
        }

        // Escalation, step by step.
        if !file.escalations.is_empty() {
            l.heading("detail.section.escalation");
            for (step, from_centre, to_centre) in &file.escalations {
                let level =
                    |lv: crate::domain::Level| s.t(&format!("detail.level.{}", lv.as_str()));
                let mut text = format!(
                    "{} {} {} → {}",
                    when(step.at),
                    step.actor,
                    level(step.from),
                    level(step.to)
                );
                if from_centre != to_centre {
                    text += &format!(" ({from_centre} → {to_centre})");
                }
                l.plain(2, &text);
            }
        }

        // Outcome.
        if c.state.is_settled() || c.outcome_note.is_some() {
            l.heading("detail.section.outcome");
            let mut text = state_label(s, c.state);
            if let Some(note) = &c.outcome_note {
                text += &format!(": {}", note.trim());
            }
            l.plain(2, &text);
            // The court link: agreement, judicial confirmation, litigation track.
            if let Some(no) = &c.court.agreement_no {
                l.plain(2, &format!("{}: {no}", s.t("detail.agreement_no")));
            }
            if let Some(j) = c.court.judicial_confirmation {
                l.plain(
                    2,
                    &format!(
                        "{}: {}",
                        s.t("detail.judicial_confirmation"),
                        s.t(&format!("detail.judicial.{}", j.as_str()))
                    ),
                );
            }
            if let Some(t) = c.court.litigation_track {
                l.plain(
                    2,
                    &format!(
                        "{}: {}",
                        s.t("detail.litigation_track"),
                        s.t(&format!("detail.track.{}", t.as_str()))
                    ),
                );
            }
        }

        // Summonses.
        if !file.summons.is_empty() {
            l.heading("detail.section.summons");
            for (dept, sm) in &file.summons {
                let loc = s.lang.locale();
                let (status, style) = match sm.status(s.now) {
                    SummonsStatus::Waiting { left } => (
                        rust_i18n::t!("detail.summons.waiting", locale = loc, m = minutes(left)),
                        "summons.timer",
                    ),
                    SummonsStatus::DueSoon { left } => (
                        rust_i18n::t!("detail.summons.due_soon", locale = loc, m = minutes(left)),
                        "summons.timer.due_soon",
                    ),
                    SummonsStatus::Late { by } => (
                        rust_i18n::t!("detail.summons.late", locale = loc, m = minutes(by)),
                        "summons.timer.overdue",
                    ),
                    SummonsStatus::Arrived { took, late: false } => (
                        rust_i18n::t!("detail.summons.arrived", locale = loc, m = minutes(took)),
                        "summons.timer",
                    ),
                    SummonsStatus::Arrived { took, late: true } => (
                        rust_i18n::t!(
                            "detail.summons.arrived_late",
                            locale = loc,
                            m = minutes(took)
                        ),
                        "summons.timer.due_soon",
                    ),
                    SummonsStatus::Cancelled => (
                        rust_i18n::t!("detail.summons.cancelled", locale = loc),
                        "summons.timer",
                    ),
                };
                let due = rust_i18n::t!("detail.summons.due", locale = loc, time = hm(sm.due_at));
                let mut spans = vec![
                    Span::raw(format!("  {dept} {due} ")),
                    Span::styled(status.into_owned(), s.theme.style(style)),
                ];
                if let Some((_, notice)) = file.notices.iter().find(|(id, _)| *id == sm.id) {
                    spans.push(Span::raw(format!(
                        " {}",
                        super::board::notice_text(s, Some(*notice))
                    )));
                }
                l.out.push(Line::from(spans));
            }
        }

        // Rooms.
        if !file.rooms.is_empty() {
            l.heading("detail.section.rooms");
            for (room, since) in &file.rooms {
                let since = rust_i18n::t!(
                    "detail.since",
                    locale = s.lang.locale(),
                    time = when(*since)
                );
                l.plain(2, &format!("{room} {since}"));
            }
        }

        // Ledger of a joint case.
        if !file.ledger.is_empty() {
            l.heading("detail.section.ledger");
            for e in &file.ledger {
                let text = format!(
                    "{} {} {} → {}: {}",
                    when(e.at),
                    e.actor,
                    e.progress.trim(),
                    s.t("detail.next_step"),
                    e.next_step.trim()
                );
                l.plain(2, &text);
            }
        }

        // The whole timeline, oldest first.
        l.heading("detail.section.timeline");
        let mut journal: Vec<_> = file.journal.iter().collect();
        journal.sort_by_key(|j| (j.at, j.id));
        for j in journal {
            let text = format!(
                "{} {} {} {}",
                when(j.at),
                j.actor,
                action_label(s, &j.action),
                super::journal_text::localize(s, j.detail.trim())
            );
            l.plain(2, text.trim_end());
        }
        l.out
    }
}

/// Whole minutes, rounded up while counting down (never "0 min left" with time to go).
fn minutes(d: Duration) -> i64 {
    let secs = d.num_seconds().max(0);
    (secs + 59) / 60
}

impl Widget for DetailView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let c = &self.detail.file.case;
        let title = rust_i18n::t!(
            "detail.title",
            locale = s.lang.locale(),
            no = c.case_no,
            state = state_label(s, c.state)
        );
        let block = super::block(s, format!(" {title} "), true);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let lines = self.lines(inner.width);
        let height = usize::from(inner.height);
        // Never scroll past the last page.
        let first = usize::from(self.detail.scroll).min(lines.len().saturating_sub(height));
        for (row, line) in lines.iter().skip(first).take(height).enumerate() {
            buf.set_line(inner.x, inner.y + row as u16, line, inner.width);
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
