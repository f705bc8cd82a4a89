//! The frame around the panels: header with the day's figures, tabs, notices and key hints.

use crate::app::state::{Connection, State, Tab};
use crate::domain::clock::TZ;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Widget;

pub struct Header<'a>(pub &'a State);

impl Widget for Header<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let s = self.0;
        let c = s.queue.counts(s.now);
        let mut clock = s.now.with_timezone(&TZ).format("%H:%M").to_string();
        // This machine's clock is off: the time shown is the database's; say so beside it.
        if s.clock_offset.abs() > crate::domain::clock::SKEW_SHOWN {
            let skew = rust_i18n::t!(
                "clock.skew",
                locale = s.lang.locale(),
                secs = s.clock_offset.num_seconds()
            );
            clock = format!("{skew} {clock}");
        }
        let avg = c.avg_wait_min.map_or("–".to_string(), |m| m.to_string());
        // The figures and the clock always show; the centre's name gets what is left.
        let figures = format!(
            " {} {}  {} {}  {} {}{}  {clock} ",
            s.t("ui.waiting"),
            c.waiting,
            s.t("ui.served"),
            c.served,
            s.t("ui.avg_wait"),
            avg,
            s.t("ui.minutes"),
        );
        buf.set_style(area, s.theme.style("header"));
        let fig_w = super::cells::cells(&figures).min(area.width);
        let name = format!(
            " {} · {} · {}",
            s.t("ui.app_title"),
            s.centre.name,
            crate::app::words::window(&s.window, s.lang)
        );
        let line = Line::from(vec![Span::raw(name)]);
        buf.set_line(area.x, area.y, &line, area.width.saturating_sub(fig_w + 1));
        let x = area.right().saturating_sub(fig_w);
        buf.set_line(
            x,
            area.y,
            &Line::styled(figures, s.theme.style("header.figure")),
            fig_w,
        );
    }
}

/// The connection banner, or the last message, if any.
pub fn notice_line(s: &State) -> Option<Line<'static>> {
    if let Connection::Lost { since } = s.connection {
        let since = since.with_timezone(&TZ).format("%H:%M:%S").to_string();
        let text = rust_i18n::t!("ui.lost", locale = s.lang.locale(), since = since).into_owned();
        return Some(Line::styled(
            format!("! {text}"),
            s.theme.style("banner.error"),
        ));
    }
    s.notice.as_ref().map(|n| {
        let (mark, style) = if n.error {
            ("! ", "banner.error")
        } else {
            ("· ", "banner.info")
        };
        Line::styled(format!("{mark}{}", n.text), s.theme.style(style))
    })
}

/// The escalation strip on every console: late summonses gone to the duty leader and not
/// yet acknowledged, the latest-late first. The keys to act on it are added only when they
/// fit `width` whole — a hint cut to "F1" would read as help.
pub fn escalation_line(s: &State, width: u16) -> Option<Line<'static>> {
    let escalations = s.board.escalations(s.now);
    let Some(first) = escalations.first() else {
        return failed_notice_line(s, width);
    };
    let late = (s.now - first.summons.due_at).num_minutes();
    let text = rust_i18n::t!(
        "board.strip",
        locale = s.lang.locale(),
        n = escalations.len(),
        department = first.department,
        case_no = first.case_no,
        min = late
    );
    let mark = if s.ascii { "!!" } else { "⚠" };
    use crate::app::keymap::{Command as K, Context, key_in, key_of};
    let keys = rust_i18n::t!(
        "board.strip_keys",
        locale = s.lang.locale(),
        board = key_of(K::ShowBoard),
        acknowledge = key_in(Context::Board, K::Acknowledge)
    );
    let mut line = format!("{mark} {text}");
    let with_keys = format!("{line} — {keys}");
    // Acknowledging is offered only to who may do it (reception is refused it).
    let may = s
        .session
        .as_ref()
        .is_some_and(|op| op.roles.may(crate::domain::Permission::Acknowledge));
    if may && super::cells::cells(&with_keys) <= width {
        line = with_keys;
    }
    Some(Line::styled(line, s.theme.style("banner.escalation")))
}

/// With no escalation waiting, the strip tells of a department whose whistle notice could
/// not be delivered (通知失败), so someone phones it.
fn failed_notice_line(s: &State, width: u16) -> Option<Line<'static>> {
    use crate::domain::notice::NoticeState;
    let failed: Vec<_> = s
        .board
        .data
        .rows
        .iter()
        .filter(|r| r.summons.is_open() && r.notice == Some(NoticeState::Failed))
        .collect();
    let first = failed.first()?;
    let text = rust_i18n::t!(
        "notice.strip",
        locale = s.lang.locale(),
        n = failed.len(),
        department = first.department,
        case_no = first.case_no
    );
    let mut line = format!("! {text}");
    use crate::app::keymap::{Command as K, key_of};
    let with_key = format!("{line} — {} {}", key_of(K::ShowBoard), s.t("board.tab"));
    if super::cells::cells(&with_key) <= width {
        line = with_key;
    }
    Some(Line::styled(line, s.theme.style("banner.escalation")))
}

pub struct Tabs<'a>(pub &'a State);

impl Widget for Tabs<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let s = self.0;
        let mut tabs: Vec<(String, bool)> = Vec::new();
        let mut tab = |label: String, active: bool| tabs.push((label, active));
        use crate::app::keymap::{Command as K, key_of};
        let label = |command, key: &str| format!("{} {}", key_of(command), s.t(key));
        tab(label(K::ShowQueue, "ui.tab_queue"), s.tab == Tab::Queue);
        if s.intake.is_some() {
            tab(label(K::NewIntake, "ui.tab_intake"), s.tab == Tab::Intake);
        }
        if s.triage.is_some() {
            tab(s.t("ui.tab_triage"), s.tab == Tab::Triage);
        }
        tab(
            label(K::ShowDeadlines, "ui.tab_deadlines"),
            s.tab == Tab::Deadlines,
        );
        tab(label(K::ShowBoard, "board.tab"), s.tab == Tab::Board);
        let may_audit = s
            .session
            .as_ref()
            .is_some_and(|op| op.roles.may(crate::domain::Permission::ViewAudit));
        if may_audit || s.tab == Tab::Audit {
            tab(label(K::ShowAudit, "audit.title"), s.tab == Tab::Audit);
        }
        tab(label(K::ShowRooms, "rooms.tab"), s.tab == Tab::Rooms);
        tab(
            label(K::ShowFollowUps, "follow_up.tab"),
            s.tab == Tab::FollowUps,
        );
        // Shown while open (Ctrl-Y is in help): the 80-column tab line is full already.
        if s.tab == Tab::Figures {
            tab(label(K::ShowFigures, "figures.tab"), true);
        }
        // Whole tabs only: when the line is too narrow, the rightmost tabs that are not the
        // one open give way (their keys still work and help lists them), never the open one
        // and never half a label.
        let width = |tabs: &[(String, bool)]| -> u16 {
            tabs.iter()
                .map(|(l, _)| super::cells::cells(l) + 3)
                .fold(0, u16::saturating_add)
        };
        while width(&tabs) > area.width {
            let Some(at) = tabs.iter().rposition(|(_, active)| !active) else {
                break;
            };
            tabs.remove(at);
        }
        let mut spans = Vec::new();
        for (label, active) in tabs {
            // The active tab is marked by brackets as well as by colour.
            let text = if active {
                format!("[{label}]")
            } else {
                format!(" {label} ")
            };
            spans.push(Span::styled(
                text,
                s.theme.style(if active { "tabs.active" } else { "tabs" }),
            ));
            spans.push(Span::raw(" "));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}

pub struct Footer<'a>(pub &'a State);

impl Widget for Footer<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        if area.is_empty() {
            return;
        }
        let s = self.0;
        let mut spans = Vec::new();
        let mut used = 0u16;
        // Whole hints only: one that does not fit is left out, never cut (F1 lists them all).
        // Only what the signed-in operator may do is offered (F1 still lists everything).
        let allowed = |b: &&crate::app::keymap::Binding| match (
            crate::app::keymap::needs(b.command),
            &s.session,
        ) {
            (Some(p), Some(op)) => op.roles.may(p),
            _ => true,
        };
        for b in crate::app::keymap::hints(s.context()).filter(allowed) {
            let key = b.keys.first().map(|k| k.label()).unwrap_or_default();
            let text = format!(" {} ", b.describe(s.lang));
            let w = super::cells::cells(&key) + super::cells::cells(&text);
            if used + w > area.width {
                continue;
            }
            used += w;
            spans.push(Span::styled(key, s.theme.style("footer.key")));
            spans.push(Span::styled(text, s.theme.style("footer")));
        }
        buf.set_line(area.x, area.y, &Line::from(spans), area.width);
    }
}
