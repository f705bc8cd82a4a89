//! The login screen, which is also what a locked console shows: the centre, two fields, and
//! — on a database with no operator yet — how the administrator creates the first one.

use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph, Widget};

pub struct LoginView<'a>(pub &'a State);

const WIDTH: u16 = 64;

fn panel(area: Rect) -> Rect {
    let w = area.width.min(WIDTH);
    let h = area.height.min(14);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

impl Widget for LoginView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.0;
        let form = s.login.clone().unwrap_or_default();
        Clear.render(area, buf);
        let p = panel(area);
        let title = match &form.locked_from {
            Some(who) => rust_i18n::t!("login.locked_title", locale = s.lang.locale(), who = who)
                .into_owned(),
            None => s.t("login.title"),
        };
        let block = super::block(s, format!(" {title} "), true);
        let inner = block.inner(p);
        block.render(p, buf);
        let [centre, _, fields, _, message, hint] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(super::form::height(&form.kit)),
            Constraint::Length(1),
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        Line::styled(
            format!("{} · {}", s.t("ui.app_title"), s.centre.name),
            s.theme.style("title"),
        )
        .render(centre, buf);
        // The password is one mark per character typed, never the characters (the kit's).
        Paragraph::new(super::form::lines(s, &form.kit, form.busy)).render(fields, buf);
        let text = if form.busy {
            Some((s.t("login.checking"), "form.hint"))
        } else if let Some(m) = &form.message {
            Some((format!("! {m}"), "form.error"))
        } else if s.operators == Some(0) {
            Some((s.t("login.first_run"), "form.error"))
        } else {
            s.login_hint.clone().map(|h| (h, "form.hint"))
        };
        if let Some((text, style)) = text {
            let lines: Vec<Line> = super::wrap_words(&text, message.width)
                .into_iter()
                .map(|l| Line::styled(l, s.theme.style(style)))
                .collect();
            Paragraph::new(lines).render(message, buf);
        }
        Line::styled(s.t("login.keys"), s.theme.style("form.hint")).render(hint, buf);
    }
}

/// Where the terminal's cursor goes: the end of the focused field (the IME opens there).
pub fn cursor(s: &State, area: Rect) -> Option<Position> {
    let form = s.login.as_ref()?;
    let p = panel(area);
    let (row, text) = if form.on_password() {
        (6, form.kit.masked_len("password") as u16)
    } else {
        (4, super::cells::cells(form.login()))
    };
    let pos = Position::new(p.x + 3 + text, p.y + row);
    (pos.x < p.right() && pos.y < p.bottom()).then_some(pos)
}
