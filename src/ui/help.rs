//! Help: every binding of the keymap table, filterable; and a key card for the dashboard.

use crate::app::keymap::{Binding, Context, KEYMAP};
use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

fn context_name(state: &State, c: Context) -> String {
    let (zh, en) = match c {
        Context::Global => ("全局", "Everywhere"),
        Context::Queue => ("取号队列", "Queue"),
        Context::Intake => ("受理登记", "Intake form"),
        Context::Receipt => ("受理回执", "Receipt"),
        Context::Help => ("帮助", "Help"),
        Context::Confirm => ("确认", "Confirmation"),
        Context::Find => ("查找案件", "Find a case"),
        Context::Detail => ("案件详情", "Case details"),
        Context::Triage => ("分流交办", "Triage"),
        Context::Deadlines => ("时限督办", "Deadlines"),
        Context::Prompt => ("填写", "Short entry"),
        Context::Board => ("吹哨看板", "Summons board"),
        Context::Roster => ("部门名册", "Department roster"),
        Context::Whistle => ("吹哨", "Whistle"),
        Context::Wallboard => ("大屏", "Wallboard"),
        Context::Login => ("登录", "Sign in"),
        Context::Audit => ("审计日志", "Audit log"),
        Context::Outcome => ("结果", "Outcome"),
        Context::Rooms => ("调解室", "Rooms"),
        Context::Allocate => ("分配调解室", "Allocate a room"),
        Context::FollowUps => ("回访", "Follow-ups"),
        Context::FollowUpForm => ("回访记录", "Follow-up form"),
        Context::Figures => ("统计与逆排名", "Figures and reverse ranking"),
    };
    match state.lang {
        crate::domain::Lang::Zh => zh.into(),
        crate::domain::Lang::En => en.into(),
    }
}

fn lines<'a>(state: &State, filter: &str, keep: impl Fn(&Binding) -> bool) -> Vec<Line<'a>> {
    let needle = filter.trim().to_lowercase();
    let mut out = Vec::new();
    let mut last = None;
    for b in KEYMAP.iter().filter(|b| keep(b)) {
        let text = format!("{} {} {}", b.keys_label(), b.zh, b.en).to_lowercase();
        if !needle.is_empty() && !text.contains(&needle) {
            continue;
        }
        if last != Some(b.context) {
            out.push(Line::styled(
                context_name(state, b.context),
                state.theme.style("help.context"),
            ));
            last = Some(b.context);
        }
        out.push(Line::from(vec![
            Span::styled(
                pad("  ".to_string() + &b.keys_label(), 20),
                state.theme.style("help.key"),
            ),
            Span::raw(b.describe(state.lang).to_string()),
        ]));
    }
    out
}

/// Pads to `cells` terminal cells (the full-width `？` is two cells, not one char's worth);
/// a longer text still gets one space, so the keys never run into their description.
fn pad(text: String, cells: u16) -> String {
    let used = super::cells::cells(&text);
    format!(
        "{text}{}",
        " ".repeat(cells.saturating_sub(used).max(1) as usize)
    )
}

pub struct HelpView<'a> {
    pub state: &'a State,
    pub filter: &'a str,
    pub scroll: u16,
}

impl Widget for HelpView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let title = format!(" {} : {}_ ", s.t("ui.help_title"), self.filter);
        let block = super::block(s, title, true);
        let mut text = lines(s, self.filter, |_| true);
        text.extend(super::figures::definition_lines(s, self.filter));
        Paragraph::new(text)
            .block(block)
            .scroll((self.scroll, 0))
            .render(area, buf);
    }
}

/// The dashboard's right-hand side when no intake is open: the window's keys at a glance.
pub struct KeyCard<'a>(pub &'a State);

impl Widget for KeyCard<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let block = super::block(
            s,
            format!(
                " {} ",
                s.t("ui.help_title")
                    .split(['—', '-'])
                    .next()
                    .unwrap_or("")
                    .trim()
            ),
            false,
        );
        // The card offers what this operator may do; F1's help lists everything.
        let allowed = |b: &Binding| match (crate::app::keymap::needs(b.command), &s.session) {
            (Some(p), Some(op)) => op.roles.may(p),
            _ => true,
        };
        Paragraph::new(lines(s, "", |b| {
            // The supervisor's figures (Ctrl-Y) are not a window's work; F1 lists them.
            matches!(b.context, Context::Global | Context::Queue)
                && allowed(b)
                && b.command != crate::app::keymap::Command::ShowFigures
        }))
        .block(block)
        .render(area, buf);
    }
}
