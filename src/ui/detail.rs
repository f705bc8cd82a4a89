//! The case detail (案件详情): who, which departments, the 1-2-7 clocks, summonses, rooms,
//! outcome, ledger and the whole timeline. Personal data is shown masked only.

use crate::app::detail::{CaseFile, DetailState};
use crate::app::state::State;
use crate::domain::case::{CaseState, Channel};
use crate::domain::clock::TZ;
use crate::domain::party::mask_name;
use crate::domain::sla::{ClockState, clocks};
use crate::domain::{SummonsStatus, phone, resident_id};
use chrono::{DateTime, Duration, Utc};
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
    crate::app::intake::CATEGORIES
        .iter()
        .find(|(_, zh)| *zh == stored)
        .map(|(key, _)| s.t(&format!("intake.category.{key}")))
        .unwrap_or_else(|| stored.to_string())
}

/// When the case was settled, for the reply clock: the first settling step in the
/// timeline, else its closing time, else its last recorded step.
pub fn settled_at(file: &CaseFile) -> Option<DateTime<Utc>> {
    if !file.case.state.is_settled() {
        return None;
    }
    file.journal
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
                j.detail.trim()
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
pub(crate) mod tests {
    use super::*;
    use crate::app::detail::tests::{beijing, case};

    #[test]
    fn every_labelled_journal_action_reads_in_both_languages() {
        for action in ACTIONS {
            for locale in ["zh-CN", "en"] {
                let key = format!("detail.action.{action}");
                let text = rust_i18n::t!(&key, locale = locale);
                assert_ne!(text, key, "{action} has no {locale} label");
            }
        }
    }
    use crate::domain::case::{Handling, Level, Stream};
    use crate::domain::party::PartyRole;
    use crate::domain::validation::Lang;
    use crate::domain::{Centre, JournalEntry, Party, Summons};
    use crate::store::LedgerEntry;
    use crate::theme::Theme;
    use crate::ui::buffer_rows as rows;
    use crate::ui::intake::cells;
    use uuid::Uuid;

    pub(crate) fn state(lang: Lang, now: DateTime<Utc>) -> State {
        let centre = Centre {
            id: Uuid::nil(),
            code: "county".into(),
            name: "示范县社会治理综合服务中心".into(),
            level: Level::County,
            parent: None,
        };
        State::new(
            centre,
            "王敏".into(),
            "1号窗口".into(),
            lang,
            Theme::fallback(),
            now,
        )
    }

    fn entry(id: i64, at: DateTime<Utc>, action: &str, detail: &str) -> JournalEntry {
        JournalEntry {
            id,
            centre_id: Uuid::nil(),
            case_id: Some(Uuid::from_u128(7)),
            at,
            actor: "窗口1-王敏".into(),
            action: action.into(),
            detail: detail.into(),
        }
    }

    /// Case 7 on Tuesday 24 Nov 10:00: accepted Monday, the session not yet convened
    /// (due today), the housing bureau late.
    fn file() -> CaseFile {
        let mut c = case(7);
        c.state = CaseState::Triaged;
        c.stream = Some(Stream::Mediation);
        c.handling = Some(Handling::Joint);
        c.level = Some(Level::County);
        c.first_handler = Some("王敏".into());
        c.group_persons = 15;
        c.group_batches = 2;
        c.repeat_of = Some(Uuid::from_u128(3));
        c.marks.accepted = Some(beijing(23, 9, 0));
        let mut applicant = Party::person(PartyRole::Applicant, "张建国");
        applicant.resident_id = Some("11010519491231002X".into());
        applicant.phone = Some("13800138000".into());
        let summons = Summons::new(c.id, Uuid::nil(), beijing(24, 9, 10), 40);
        CaseFile {
            parties: vec![
                applicant,
                Party::organisation(PartyRole::Respondent, "某建筑公司"),
            ],
            journal: vec![
                entry(2, beijing(23, 9, 0), "triage", "stream mediation"),
                entry(1, beijing(23, 8, 47), "intake", "channel walk_in"),
                entry(3, beijing(24, 9, 10), "whistle", "住建局"),
                entry(4, beijing(24, 9, 12), "mystery_step", ""),
            ],
            ledger: vec![LedgerEntry {
                id: Uuid::nil(),
                case_id: c.id,
                at: beijing(24, 9, 30),
                actor: "王敏".into(),
                progress: "核实工资清单".into(),
                next_step: "召集双方".into(),
            }],
            departments: vec![("住建局".into(), "lead"), ("总工会".into(), "cooperating")],
            escalations: Vec::new(),
            summons: vec![("住建局".into(), summons)],
            rooms: vec![("第一调解室".into(), beijing(24, 9, 15))],
            ticket: Some("A007".into()),
            notices: Vec::new(),
            case: c,
        }
    }

    fn render(view_state: &State, detail: &DetailState, w: u16, h: u16) -> Vec<String> {
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        DetailView {
            state: view_state,
            detail,
        }
        .render(area, &mut buf);
        rows(&buf)
    }

    fn all_text(view_state: &State, detail: &DetailState, w: u16) -> String {
        // Tall enough to hold every line: the whole file, as a scroll would show it.
        render(view_state, detail, w, 200).join("\n")
    }

    #[test]
    fn chinese_detail_masks_and_reads_the_clocks() {
        let s = state(Lang::Zh, beijing(24, 10, 0));
        let d = DetailState::new(file());
        for w in [80, 200] {
            let text = all_text(&s, &d, w);
            assert!(text.contains("YD20261123-0007"), "{text}");
            assert!(text.contains("110105********002X"), "{text}");
            assert!(!text.contains("11010519491231002X"));
            assert!(!text.contains("13800138000"));
            assert!(text.contains("138****8000"), "{text}");
            assert!(text.contains("张*国") && !text.contains("张建国"));
            assert!(text.contains("某建筑公司"));
            assert!(text.contains("受理 11-23 ✓已办结"), "{text}");
            assert!(text.contains("召集 11-24 ⏳今日到期"), "{text}");
            assert!(text.contains("答复 12-01 ·进行中"), "{text}");
            assert!(text.contains("已迟到 10 分钟"), "{text}");
            assert!(text.contains("牵头 住建局"));
            assert!(text.contains("协办 总工会"), "{text}");
            assert!(text.contains("第一调解室"));
            assert!(text.contains("核实工资清单"));
            assert!(text.contains("2 批 15 人次"));
            assert!(text.contains("↻"));
            assert!(text.contains("A007"));
            let intake = text.find("11-23 08:47 窗口1-王敏 登记受理").expect(&text);
            let triage = text.find("11-23 09:00 窗口1-王敏 分流交办").expect(&text);
            let whistle = text.find("09:10 窗口1-王敏 吹哨").expect(&text);
            assert!(intake < triage && triage < whistle, "oldest first");
            assert!(text.contains("mystery_step"), "unknown actions show raw");
        }
    }

    #[test]
    fn a_mediated_case_shows_its_agreement_and_the_courts_answer() {
        use crate::domain::case::{CaseState, JudicialConfirmation};
        let s = state(Lang::Zh, beijing(25, 9, 0));
        let mut f = file();
        f.case.state = CaseState::Resolved;
        f.case.court.agreement_no = Some("(2026)示调字第118号".into());
        f.case.court.judicial_confirmation = Some(JudicialConfirmation::Granted);
        let text = all_text(&s, &DetailState::new(f), 200);
        assert!(text.contains("调解协议编号: (2026)示调字第118号"), "{text}");
        assert!(text.contains("司法确认: 已确认"), "{text}");
    }

    #[test]
    fn an_escalated_village_case_shows_its_steps_and_the_county_clock() {
        use crate::domain::escalation::EscalationStep;
        let s = state(Lang::Zh, beijing(24, 10, 0));
        let mut f = file();
        f.case.level = Some(Level::Township);
        f.case.marks.county_due = Some(beijing(25, 0, 0));
        f.escalations = vec![(
            EscalationStep {
                at: beijing(24, 9, 0),
                actor: "东关村调委会".into(),
                from: Level::Village,
                to: Level::Township,
                from_centre: Uuid::from_u128(3),
                to_centre: Uuid::from_u128(2),
            },
            "东关村".into(),
            "城关镇".into(),
        )];
        let text = all_text(&s, &DetailState::new(f.clone()), 100);
        assert!(text.contains("上报县级 11-24 ⏳今日到期"), "{text}");
        assert!(
            text.contains("11-24 09:00 东关村调委会 村级 → 镇级 (东关村 → 城关镇)"),
            "{text}"
        );
        // It reached the county the next morning: a day late.
        f.case.marks.reached_county = Some(beijing(25, 8, 30));
        let en = state(Lang::En, beijing(25, 9, 0));
        let text = all_text(&en, &DetailState::new(f), 100);
        assert!(text.contains("To county 11-24 ✓!met late"), "{text}");
    }

    #[test]
    fn english_detail_says_overdue_in_words() {
        // Wednesday: the convene clock is past its last day.
        let s = state(Lang::En, beijing(25, 9, 0));
        let d = DetailState::new(file());
        for w in [80, 200] {
            let text = all_text(&s, &d, w);
            assert!(text.contains("110105********002X"));
            assert!(!text.contains("11010519491231002X"));
            assert!(text.contains("Accept 11-23 ✓met"), "{text}");
            assert!(text.contains("Convene 11-24 !OVERDUE"), "{text}");
            assert!(text.contains("Reply 12-01 ·running"), "{text}");
            assert!(text.contains("Timeline"));
            assert!(text.contains("registered"));
            assert!(text.contains("department summoned"));
        }
    }

    #[test]
    fn a_settled_case_shows_its_outcome_and_met_reply() {
        let s = state(Lang::En, beijing(25, 9, 0));
        let mut f = file();
        f.case.state = CaseState::Resolved;
        f.case.marks.convened = Some(beijing(24, 11, 0));
        f.case.outcome_note = Some("agreement signed".into());
        f.journal
            .push(entry(9, beijing(24, 16, 0), "resolve", "agreement"));
        let text = all_text(&s, &DetailState::new(f), 100);
        assert!(text.contains("Convene 11-24 ✓met"), "{text}");
        assert!(text.contains("Reply 12-01 ✓met"), "{text}");
        assert!(text.contains("resolved: agreement signed"), "{text}");
    }

    #[test]
    fn overdue_is_styled_as_overdue_and_ascii_marks_it_too() {
        let mut s = state(Lang::Zh, beijing(25, 9, 0));
        s.ascii = true;
        let d = DetailState::new(file());
        let text = all_text(&s, &d, 80);
        assert!(text.contains("召集 11-24 !已超期"), "{text}");
        assert!(text.contains("受理 11-23 +已办结"), "{text}");
        assert!(!text.contains('⏳'));
        // The overdue word carries the overdue style, the due-today one its own.
        let area = Rect::new(0, 0, 80, 200);
        let mut buf = Buffer::empty(area);
        DetailView {
            state: &s,
            detail: &d,
        }
        .render(area, &mut buf);
        let shown = rows(&buf);
        let y = shown.iter().position(|r| r.contains("!已超期")).unwrap();
        let x = (0..80)
            .find(|&x| buf[(x, y as u16)].symbol() == "!")
            .unwrap();
        let overdue = s.theme.style("summons.timer.overdue");
        let styled = |x: u16, y: usize| {
            let cell = &buf[(x, y as u16)];
            overdue.fg.is_none_or(|fg| cell.fg == fg)
                && cell.modifier.contains(overdue.add_modifier)
        };
        assert!(styled(x, y));
        let y = shown.iter().position(|r| r.contains("已迟到")).unwrap();
        assert!((0..80).any(|x| styled(x, y)));
    }

    #[test]
    fn fits_80x24_and_200x50_and_scrolls() {
        for lang in [Lang::Zh, Lang::En] {
            let s = state(lang, beijing(24, 10, 0));
            let mut d = DetailState::new(file());
            for (w, h) in [(80, 21), (80, 24), (200, 50)] {
                let shown = render(&s, &d, w, h);
                assert!(shown[0].contains("YD20261123-0007"), "{shown:?}");
                for r in &shown {
                    assert!(cells(r) <= w, "{r}");
                }
            }
            // Scrolled far down, the end of the timeline is in view, the header is not.
            d.scroll = u16::MAX;
            let shown = render(&s, &d, 80, 21).join("\n");
            assert!(shown.contains("mystery_step"), "{shown}");
            assert!(!shown.contains("A007"));
        }
    }

    #[test]
    fn never_panics_at_any_size() {
        let s = state(Lang::Zh, beijing(24, 10, 0));
        let mut d = DetailState::new(file());
        for scroll in [0, 7, 500] {
            d.scroll = scroll;
            for w in 0..=100 {
                for h in 0..=40 {
                    let area = Rect::new(0, 0, w, h);
                    let mut buf = Buffer::empty(area);
                    DetailView {
                        state: &s,
                        detail: &d,
                    }
                    .render(area, &mut buf);
                }
            }
        }
    }
}
