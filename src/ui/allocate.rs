//! The allocate form over the rooms: what the case needs, the kind of room (← →), the rooms
//! proposed (the nearest free fit starred `★`, rooms to reserve for later with their state)
//! and the mediators by specialty and load — the kit's fields, drawn by `ui::form` from the
//! lists worked out again from the data at each draw.

use super::rooms::state_text;
use crate::app::rooms::AllocateForm;
use crate::app::state::State;
use crate::domain::allocation::RoomState;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};

pub struct AllocateView<'a> {
    pub state: &'a State,
    pub form: &'a AllocateForm,
}

impl Widget for AllocateView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let loc = s.lang.locale();
        let title_key = if self.form.transfer.is_some() {
            "rooms.transfer_title"
        } else {
            "rooms.allocate_title"
        };
        let title = format!(" {} {} ", s.t(title_key), self.form.input.case_no);
        let block = super::block(s, title, true);
        let inner = block.inner(area);
        block.render(area, buf);
        let [head, problem, lists] = inner.layout(&Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(if self.form.problem.is_some() { 2 } else { 0 }),
            Constraint::Fill(1),
        ]));
        let need = rust_i18n::t!(
            "rooms.need",
            locale = loc,
            category = crate::app::words::category(&self.form.input.category, s.lang),
            n = self.form.input.persons
        );
        Line::raw(need.into_owned()).render(head, buf);
        if let Some(p) = &self.form.problem {
            let lines: Vec<Line> = super::wrap_cells(p, problem.width)
                .into_iter()
                .map(|l| Line::styled(l, s.theme.style("form.error")))
                .collect();
            Paragraph::new(lines).render(problem, buf);
        }
        // The lists as the data is now, each row with its seats and state, or specialties and
        // load, in the operator's language.
        let mut f = self.form.clone();
        let data = &s.board.data;
        f.refresh(&data.room_views, &data.mediators, s.now);
        let choices = f.choices(&data.room_views, s.now);
        for o in &mut f.kit.pick_mut("room").options {
            if let Some(c) = choices.iter().find(|c| c.view.room.id.to_string() == o.key) {
                let seats = rust_i18n::t!("rooms.seats", locale = loc, n = c.view.room.capacity);
                let (mark, word, _) = state_text(s, c.unavailable.unwrap_or(RoomState::Free));
                o.note = format!("{seats}  {mark}{word}");
            }
        }
        let pool = f.mediators(&data.mediators);
        for o in &mut f.kit.pick_mut("mediator").options {
            match pool.iter().find(|m| m.mediator.id.to_string() == o.key) {
                Some(m) => {
                    let load = rust_i18n::t!("rooms.load", locale = loc, n = m.sessions_today);
                    o.note = format!(
                        "{}  {load}",
                        crate::app::words::list(&m.mediator.specialties, s.lang)
                    );
                }
                None => o.label = s.t("rooms.no_mediator"),
            }
        }
        // The kind takes two rows and each list its label; the mediators what they need up to
        // nearly half, the rooms the rest.
        let spare = lists.height.saturating_sub(4);
        let mediators = f.kit.pick("mediator").options.len() as u16;
        let mediator_rows = mediators.min(spare * 45 / 100).max(1);
        let room_rows = if f.kit.field("mediator").shown {
            spare.saturating_sub(mediator_rows + 1)
        } else {
            spare + 1
        };
        f.kit.pick_mut("room").rows = room_rows.max(1);
        f.kit.pick_mut("mediator").rows = mediator_rows;
        Paragraph::new(super::form::lines(s, &f.kit, f.saving)).render(lists, buf);
    }
}
