//! Views: pure functions of `State`. Nothing here queries or waits.

pub mod allocate;
pub mod ascii;
pub mod audit;
pub mod board;
pub mod cells;
pub mod chrome;
pub mod deadlines;
pub mod detail;
pub mod dialog;
pub mod figures;
pub mod find;
pub mod follow_up;
pub mod form;
pub mod help;
pub mod intake;
pub mod journal_text;
pub mod login;
pub mod outcome;
pub mod queue;
pub mod rooms;
pub mod triage;
pub mod wallboard;
pub mod whistle;

use crate::app::state::{DASHBOARD, MINIMUM, Overlay, State, Tab};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::symbols::border;
use ratatui::widgets::{Block, Clear, Widget};

pub fn render(state: &State, frame: &mut Frame) {
    draw(state, frame);
    if state.ascii {
        ascii::replace_marks(frame.buffer_mut());
    }
}

fn draw(state: &State, frame: &mut Frame) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    // Decide by the frame actually drawn, not the last size reported: a frame can come
    // before the resize event does.
    if area.width < MINIMUM.0 || area.height < MINIMUM.1 {
        let text = rust_i18n::t!(
            "ui.too_small",
            locale = state.lang.locale(),
            w = area.width,
            h = area.height
        );
        let style = state.theme.style("banner.error");
        buf.set_style(area, style);
        for (row, line) in wrap_cells(&text, area.width)
            .into_iter()
            .take(area.height as usize)
            .enumerate()
        {
            buf.set_stringn(
                area.x,
                area.y + row as u16,
                &line,
                area.width as usize,
                style,
            );
        }
        return;
    }
    if state.wallboard {
        wallboard::Wallboard(state).render(area, buf);
        return;
    }
    // Nobody signed in (or the console locked itself): only the login screen shows; what
    // was on the panels stays in the state behind it.
    if state.session.is_none() {
        login::LoginView(state).render(area, buf);
        if let Some(pos) = login::cursor(state, area) {
            frame.set_cursor_position(pos);
        }
        return;
    }
    let dashboard = area.width >= DASHBOARD.0 && area.height >= DASHBOARD.1;
    // A notice too long for one line (a repeat visit named in full) takes two, never cut.
    let notice_height = chrome::notice_line(state).map_or(0, |l| {
        if l.width() > usize::from(area.width) {
            2
        } else {
            1
        }
    });
    let escalation = chrome::escalation_line(state, area.width);
    let [head, notice, strip, body, foot] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(notice_height),
        Constraint::Length(u16::from(escalation.is_some())),
        Constraint::Fill(1),
        Constraint::Length(1),
    ]));
    chrome::Header(state).render(head, buf);
    if let Some(line) = chrome::notice_line(state) {
        ratatui::widgets::Paragraph::new(line)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .render(notice, buf);
    }
    if let Some(line) = escalation {
        line.render(strip, buf);
    }
    chrome::Footer(state).render(foot, buf);
    if dashboard && state.tab != Tab::Figures {
        let [left, right] = body.layout(&Layout::horizontal([
            Constraint::Percentage(55),
            Constraint::Percentage(45),
        ]));
        if state.tab == Tab::Deadlines {
            deadlines::DeadlinesView { state }.render(left, buf);
        } else if state.tab == Tab::Board {
            board::BoardView {
                state,
                focused: true,
            }
            .render(left, buf);
        } else if state.tab == Tab::Audit {
            audit::AuditView(state).render(left, buf);
        } else if state.tab == Tab::FollowUps {
            follow_up::FollowUpsView { state }.render(left, buf);
        } else if state.tab == Tab::Rooms {
            rooms::RoomsView {
                state,
                focused: true,
            }
            .render(left, buf);
        } else {
            queue::QueueView {
                state,
                focused: state.tab == Tab::Queue,
            }
            .render(left, buf);
        }
        match (&state.triage, &state.intake) {
            (Some((form, case)), _) if state.tab == Tab::Triage => {
                triage_view(state, form, case).render(right, buf)
            }
            (_, Some(form)) => intake_view(state, form).render(right, buf),
            // The duty leader's wide screen keeps the board in view, over the key card.
            _ if state.tab != Tab::Board => {
                let [top, keys] = right.layout(&Layout::vertical([
                    Constraint::Percentage(55),
                    Constraint::Percentage(45),
                ]));
                board::BoardView {
                    state,
                    focused: false,
                }
                .render(top, buf);
                help::KeyCard(state).render(keys, buf);
            }
            _ => help::KeyCard(state).render(right, buf),
        }
    } else {
        let [tabs, panel] = body.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Fill(1),
        ]));
        chrome::Tabs(state).render(tabs, buf);
        match (state.tab, &state.intake, &state.triage) {
            (Tab::Intake, Some(form), _) => intake_view(state, form).render(panel, buf),
            (Tab::Triage, _, Some((form, case))) => {
                triage_view(state, form, case).render(panel, buf)
            }
            (Tab::Deadlines, _, _) => deadlines::DeadlinesView { state }.render(panel, buf),
            (Tab::Audit, _, _) => audit::AuditView(state).render(panel, buf),
            (Tab::FollowUps, _, _) => follow_up::FollowUpsView { state }.render(panel, buf),
            (Tab::Board, _, _) => board::BoardView {
                state,
                focused: true,
            }
            .render(panel, buf),
            (Tab::Rooms, _, _) => rooms::RoomsView {
                state,
                focused: true,
            }
            .render(panel, buf),
            (Tab::Figures, _, _) => figures::FiguresView(state).render(panel, buf),
            _ => queue::QueueView {
                state,
                focused: true,
            }
            .render(panel, buf),
        }
    }
    if let Some(overlay) = &state.overlay {
        let popup = centered(body, overlay);
        Clear.render(popup, buf);
        match overlay {
            Overlay::Help { filter, scroll } => help::HelpView {
                state,
                filter,
                scroll: *scroll,
            }
            .render(popup, buf),
            Overlay::Confirm(ask) => dialog::Confirm { state, ask: *ask }.render(popup, buf),
            Overlay::RestoreDraft(draft) => dialog::Restore { state, draft }.render(popup, buf),
            Overlay::Receipt(r) => dialog::Receipt { state, receipt: r }.render(popup, buf),
            Overlay::Prompt(prompt) => dialog::PromptView { state, prompt }.render(popup, buf),
            Overlay::Outcome(form) => outcome::OutcomeView { state, form }.render(popup, buf),
            Overlay::Find(find) => find::FindView { state, find }.render(popup, buf),
            Overlay::Detail(detail) => detail::DetailView { state, detail }.render(popup, buf),
            Overlay::Whistle(form) => whistle::WhistleView { state, form }.render(popup, buf),
            Overlay::Allocate(form) => allocate::AllocateView { state, form }.render(popup, buf),
            Overlay::FollowUp(form) => {
                follow_up::FollowUpFormView { state, form }.render(popup, buf)
            }
        }
    }
    // The real cursor sits in the focused field, so the IME's candidate window opens there.
    if state.overlay.is_none()
        && state.tab == Tab::Intake
        && let Some(form) = &state.intake
    {
        let area = if dashboard {
            body.layout::<2>(&Layout::horizontal([
                Constraint::Percentage(55),
                Constraint::Percentage(45),
            ]))[1]
        } else {
            Rect {
                y: body.y + 1,
                height: body.height.saturating_sub(1),
                ..body
            }
        };
        if let Some(pos) = intake_view(state, form).cursor(area) {
            frame.set_cursor_position(pos);
        }
    }
}

fn triage_view<'a>(
    state: &'a State,
    form: &'a crate::app::triage::TriageForm,
    case: &'a crate::domain::Case,
) -> triage::TriageView<'a> {
    triage::TriageView {
        form,
        theme: &state.theme,
        lang: state.lang,
        ascii: state.ascii,
        case,
    }
}

fn intake_view<'a>(
    state: &'a State,
    form: &'a crate::app::intake::IntakeForm,
) -> intake::IntakeView<'a> {
    intake::IntakeView {
        form,
        theme: &state.theme,
        lang: state.lang,
        ascii: state.ascii,
    }
}

fn centered(area: Rect, overlay: &Overlay) -> Rect {
    // On a narrow screen help and the receipt take the whole body, so nothing shows through.
    let (w, h) = match overlay {
        Overlay::Help { .. } => (area.width.min(100), area.height),
        Overlay::Receipt(_) => (area.width.min(80), area.height.min(40)),
        Overlay::Confirm(_) | Overlay::RestoreDraft(_) => (area.width.saturating_sub(8).min(70), 6),
        Overlay::Prompt(p) => (area.width.min(76), 4 + form::height(&p.kit)),
        Overlay::Outcome(f) => (area.width.min(76), outcome::height(f)),
        Overlay::Find(_) => (area.width.min(90), area.height.min(20)),
        Overlay::Detail(_) => (area.width.min(120), area.height),
        Overlay::Whistle(_) => (area.width.min(76), area.height),
        Overlay::Allocate(_) => (area.width.min(80), area.height),
        Overlay::FollowUp(f) => (area.width.min(76), follow_up::form_height(f)),
    };
    let x = area.x + (area.width.saturating_sub(w)) / 2;
    let y = area.y + (area.height.saturating_sub(h)) / 2;
    Rect::new(x, y, w, h).intersection(area)
}

/// A table row that may be the selected one: marked `>` in a first cell as well as styled
/// by the theme, so the selection never rests on colour alone.
pub fn marked_row<'a>(
    s: &State,
    selected: bool,
    cells: impl IntoIterator<Item = ratatui::widgets::Cell<'a>>,
) -> ratatui::widgets::Row<'a> {
    let mark = ratatui::widgets::Cell::from(if selected { ">" } else { " " });
    let row = ratatui::widgets::Row::new(std::iter::once(mark).chain(cells));
    if selected {
        row.style(s.theme.style("queue.row.selected"))
    } else {
        row
    }
}

/// A bordered block in the theme, with ASCII borders when asked (some SSH clients draw
/// box-drawing glyphs double width).
pub fn block<'a>(state: &State, title: String, focused: bool) -> Block<'a> {
    let set = if state.ascii {
        ascii_border()
    } else {
        border::PLAIN
    };
    Block::bordered()
        .border_set(set)
        .title(title)
        .border_style(
            state
                .theme
                .style(if focused { "border.focus" } else { "border" }),
        )
        .title_style(state.theme.style("title"))
}

pub fn ascii_border() -> border::Set<'static> {
    border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    }
}

/// Breaks text into lines of at most `width` terminal cells (CJK counts two), breaking
/// anywhere: ratatui's own wrapping can overrun its area with wide characters.
pub fn wrap_cells(text: &str, width: u16) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut used = 0u16;
    for c in text.chars() {
        let w = cells::cells(c.encode_utf8(&mut [0u8; 4]));
        if used + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if w <= width {
            line.push(c);
            used += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// Lines of at most `width` cells; runs of Latin text are kept whole where they fit, CJK
/// breaks anywhere, and a line never starts with a space.
pub fn wrap_words(text: &str, width: u16) -> Vec<String> {
    if width == 0 {
        return Vec::new();
    }
    let mut tokens: Vec<String> = Vec::new();
    for c in text.chars() {
        match tokens.last_mut() {
            Some(last) if c.is_ascii_graphic() && last.chars().all(|l| l.is_ascii_graphic()) => {
                last.push(c)
            }
            _ => tokens.push(c.to_string()),
        }
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut used = 0u16;
    for token in tokens {
        let w = cells::cells(&token);
        if w > width {
            // Longer than a line: break it anywhere.
            for piece in wrap_cells(&token, width) {
                let pw = cells::cells(&piece);
                if used + pw > width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    used = 0;
                }
                line.push_str(&piece);
                used += pw;
            }
            continue;
        }
        if used + w > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line).trim_end().to_string());
            used = 0;
        }
        if line.is_empty() && token == " " {
            continue;
        }
        line.push_str(&token);
        used += w;
    }
    if !line.trim().is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// A test buffer's rows as text, the blank cell after a wide character skipped.
#[cfg(test)]
pub(crate) fn buffer_rows(buf: &ratatui::buffer::Buffer) -> Vec<String> {
    let a = buf.area;
    (a.top()..a.bottom())
        .map(|y| {
            let mut s = String::new();
            let mut x = a.left();
            while x < a.right() {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += cells::cells(sym).max(1);
            }
            s
        })
        .collect()
}
