//! The whistle form (吹哨): tick departments, give the reason, send them all at once.

use crate::app::board::WhistleForm;
use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub struct WhistleView<'a> {
    pub state: &'a State,
    pub form: &'a WhistleForm,
}

impl Widget for WhistleView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let (s, f) = (self.state, self.form);
        let title = format!(" {} · {} ", s.t("whistle.title"), f.case_no);
        let block = super::block(s, title, true).border_style(s.theme.style("dialog.border"));
        let inner = block.inner(area);
        block.render(area, buf);
        buf.set_style(inner, s.theme.style("dialog"));
        let [fields, hint] = inner.layout(&Layout::vertical([
            Constraint::Fill(1),
            Constraint::Length(1),
        ]));
        Paragraph::new(super::form::lines_in(s, &f.kit, false, fields.height)).render(fields, buf);
        Line::styled(s.t("whistle.keys"), s.theme.style("form.hint")).render(hint, buf);
    }
}
