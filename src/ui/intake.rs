//! The intake form (受理登记): labels on the left, values on the right, errors under their
//! field, the description taking the remaining height. Everything is measured in terminal
//! cells (CJK is two cells wide), and the form scrolls so the focused field stays in view.

use crate::app::intake::{CATEGORIES, IntakeForm, PartyField, Slot, SlotKind};
use crate::domain::case::Handling;
use crate::domain::validation::{Field, Lang};
use crate::theme::Theme;
use crate::ui::cells::{cells, put};
use crate::ui::form;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

/// The intake form, drawn from [`IntakeForm`].
pub struct IntakeView<'a> {
    pub form: &'a IntakeForm,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// ASCII only: `+-|` borders, and no East-Asian-ambiguous glyphs (`·`, `↑`, `─`).
    pub ascii: bool,
}

const ASCII_BORDER: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

/// The description gets at least this many rows.
const DESCRIPTION_MIN_ROWS: u16 = 3;

/// One row (or, for the description, several rows) of the form's content.
#[derive(Debug, Clone, PartialEq)]
enum Row {
    /// "申请人 2" above a party block.
    Heading(usize),
    Field(Slot),
    /// One line of the error under a field.
    Message(String),
}

/// Where everything goes for one area.
struct Plan {
    inner: Rect,
    /// The scrolled part of `inner` (all of it but the status line).
    view: Rect,
    label_w: u16,
    value_x: u16,
    value_w: u16,
    /// Content rows: top (in content coordinates), height, what.
    rows: Vec<(u32, u16, Row)>,
    total: u32,
    offset: u32,
    status: Option<(String, &'static str)>,
}

impl Plan {
    /// The screen row of content row `y`, if it is in view.
    fn screen_y(&self, y: u32) -> Option<u16> {
        (y >= self.offset && y < self.offset + u32::from(self.view.height))
            .then(|| self.view.y + (y - self.offset) as u16)
    }

    /// The part of a content span `[y, y + h)` that is in view, as screen rows.
    fn visible(&self, y: u32, h: u16) -> Option<(u16, u16)> {
        let top = y.max(self.offset);
        let bottom = (y + u32::from(h)).min(self.offset + u32::from(self.view.height));
        (top < bottom).then(|| {
            (
                self.view.y + (top - self.offset) as u16,
                (bottom - top) as u16,
            )
        })
    }
}

impl IntakeView<'_> {
    fn t(&self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.lang.locale()).into_owned()
    }

    fn style(&self, key: &str) -> Style {
        self.theme.style(key)
    }

    fn block(&self) -> Block<'static> {
        let mut block = Block::bordered()
            .border_style(self.style("border.focus"))
            .title(Line::from(format!(" {} ", self.t("intake.title"))).style(self.style("title")));
        if self.ascii {
            block = block.border_set(ASCII_BORDER);
        }
        block
    }

    fn label(&self, slot: Slot) -> String {
        match slot {
            Slot::Channel => self.t("intake.label.channel"),
            Slot::Category => Field::Category.label(self.lang),
            Slot::Party(_, PartyField::Name) => Field::Name.label(self.lang),
            Slot::Party(_, PartyField::Organisation) => self.t("intake.label.organisation"),
            Slot::Party(_, PartyField::ResidentId) => Field::ResidentId.label(self.lang),
            Slot::Party(_, PartyField::Phone) => Field::Phone.label(self.lang),
            Slot::Party(_, PartyField::Address) => self.t("intake.label.address"),
            Slot::Batches => Field::GroupBatches.label(self.lang),
            Slot::Persons => Field::GroupPersons.label(self.lang),
            Slot::ElderlyDisabled => self.t("intake.label.elderly_disabled"),
            Slot::EmotionalRisk => self.t("intake.label.emotional_risk"),
            Slot::GroupVisit => self.t("intake.label.group_visit"),
            Slot::Handling => self.t("intake.label.handling"),
            Slot::CourtCaseNo => self.t("intake.label.court_case_no"),
            Slot::Description => Field::Description.label(self.lang),
        }
    }

    /// The width of the input box for a one-line field (cells).
    fn input_width(slot: Slot) -> u16 {
        match slot {
            Slot::Party(_, PartyField::Name) => 24,
            Slot::Party(_, PartyField::ResidentId | PartyField::Phone) => 20,
            Slot::Party(_, PartyField::Address) => 40,
            Slot::Batches | Slot::Persons => 8,
            _ => 32,
        }
    }

    fn choice_text(&self, slot: Slot) -> String {
        let f = self.form;
        let value = match slot {
            Slot::Channel => self.t(&format!("intake.channel.{}", f.channel().as_str())),
            Slot::Category => match f.category() {
                Some(i) => self.t(&format!("intake.category.{}", CATEGORIES[i].0)),
                None => self.t("intake.choose"),
            },
            Slot::Handling => self.t(match f.handling() {
                None => "intake.handling.none",
                Some(Handling::Immediate) => "intake.handling.immediate",
                Some(Handling::Joint) => "intake.handling.joint",
            }),
            _ => String::new(),
        };
        let mut text = form::choice(&value, self.ascii);
        // The focused category list says what was typed to narrow it, and how many are left.
        if slot == Slot::Category && f.focus() == slot {
            let (filter, n) = f.category_filter();
            text.push_str(&format!("  {}{filter}_", self.t("form.filter")));
            if !filter.is_empty() {
                text.push_str(&format!(" ({n})"));
            }
        }
        text
    }

    /// A neutral hint after a field's value, if any.
    fn hint(&self, slot: Slot) -> Option<String> {
        let f = self.form;
        let loc = self.lang.locale();
        match slot {
            Slot::Party(i, PartyField::ResidentId) => f
                .resident_id_progress(i)
                .map(|n| rust_i18n::t!("intake.id_progress", locale = loc, n = n).into_owned()),
            Slot::Party(_, PartyField::Organisation) if f.toggle_value(slot) == Some(true) => {
                Some(self.t("intake.organisation_hint"))
            }
            Slot::GroupVisit if f.group_visit_auto() => Some(self.t("intake.group_auto")),
            Slot::CourtCaseNo if f.line(slot).is_some_and(|l| l.text().is_empty()) => {
                Some(self.t("intake.court_case_no_hint"))
            }
            _ => None,
        }
    }

    fn status(&self) -> Option<(String, &'static str)> {
        let f = self.form;
        if f.saving() {
            return Some((format!("{}...", self.t("intake.saving")), "form.hint"));
        }
        if let Some(m) = f.error_message() {
            return Some((format!("! {m}"), "form.error"));
        }
        if let Some(e) = f.form_error() {
            return Some((format!("! {}", e.message(self.lang)), "form.error"));
        }
        match f.error_count() {
            0 => None,
            n => Some((
                format!(
                    "! {}",
                    rust_i18n::t!("intake.error_count", locale = self.lang.locale(), n = n)
                ),
                "form.error",
            )),
        }
    }

    fn plan(&self, area: Rect) -> Plan {
        let f = self.form;
        let inner = self.block().inner(area);
        let status = self.status().filter(|_| inner.height >= 2);
        let view = Rect {
            height: inner.height - u16::from(status.is_some()),
            ..inner
        };
        let slots = f.slots();

        let widest = slots
            .iter()
            .map(|&s| cells(&self.label(s)))
            .max()
            .unwrap_or(0);
        let label_w = widest
            .saturating_add(2)
            .min((u32::from(inner.width) * 2 / 5) as u16);
        let value_x = inner.x.saturating_add(label_w + 1);
        let value_w = inner.width.saturating_sub(label_w + 1);
        // Errors go under the values, or across the whole width when the values are narrow.
        let err_w = if value_w >= 20 { value_w } else { inner.width };

        // Content rows; the description's height is settled below.
        let mut rows: Vec<(u32, u16, Row)> = Vec::new();
        let mut fixed: u32 = 0;
        let mut push = |rows: &mut Vec<(u32, u16, Row)>, h: u16, row: Row| {
            rows.push((0, h, row));
            fixed += u32::from(h);
        };
        for &slot in &slots {
            if let Slot::Party(i, PartyField::Name) = slot {
                push(&mut rows, 1, Row::Heading(i));
            }
            if slot == Slot::Description {
                rows.push((0, 0, Row::Field(slot)));
            } else {
                push(&mut rows, 1, Row::Field(slot));
            }
            if let Some(text) = f.error_text(slot, self.lang) {
                for line in form::message_lines(&text, err_w) {
                    push(&mut rows, 1, Row::Message(line));
                }
            }
        }
        let avail = u32::from(view.height);
        let desc_h = avail
            .saturating_sub(fixed)
            .max(u32::from(DESCRIPTION_MIN_ROWS))
            .min(u32::from(u16::MAX)) as u16;
        let mut y = 0;
        for row in &mut rows {
            if row.2 == Row::Field(Slot::Description) {
                row.1 = desc_h;
            }
            row.0 = y;
            y += u32::from(row.1);
        }
        let total = y;

        // Scroll just enough that the focused field, its heading and its error are in view.
        let focus = f.focus();
        let at = rows
            .iter()
            .position(|r| r.2 == Row::Field(focus))
            .unwrap_or(0);
        let mut top = rows.get(at).map_or(0, |r| r.0);
        if at > 0 && matches!(rows[at - 1].2, Row::Heading(_)) {
            top = rows[at - 1].0;
        }
        let mut end = at + 1;
        while end < rows.len() && matches!(rows[end].2, Row::Message(_)) {
            end += 1;
        }
        let bottom = rows.get(end - 1).map_or(0, |r| r.0 + u32::from(r.1));
        let mut offset = bottom.saturating_sub(avail);
        if top < offset {
            offset = top;
        }
        offset = offset.min(total.saturating_sub(avail));

        Plan {
            inner,
            view,
            label_w,
            value_x,
            value_w,
            rows,
            total,
            offset,
            status,
        }
    }

    /// Where the terminal cursor belongs (in the focused text field), so the IME's candidate
    /// window opens there. `None` on a choice or a toggle, or when the field is out of view.
    /// For the description it is exact after the frame has been drawn.
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let plan = self.plan(area);
        let focus = self.form.focus();
        let (y, h, _) = plan.rows.iter().find(|r| r.2 == Row::Field(focus))?;
        match focus.kind() {
            SlotKind::Text | SlotKind::Digits => {
                let line = self.form.line(focus)?;
                let sy = plan.screen_y(*y)?;
                let w = Self::input_width(focus).min(plan.value_w);
                if w == 0 {
                    return None;
                }
                let col = form::input_cursor(line, w);
                Some(Position::new(plan.value_x + col, sy))
            }
            SlotKind::Multiline => {
                let (sy, vh) = plan.visible(*y, *h)?;
                let ta = self.form.description();
                let sc = ta.screen_cursor();
                let (top, _) = ta.scroll_offset();
                let row = sc.row.checked_sub(usize::from(top))?;
                (row < usize::from(vh) && sc.col < usize::from(plan.value_w))
                    .then(|| Position::new(plan.value_x + sc.col as u16, sy + row as u16))
            }
            // The category's filter takes typing (the IME's window opens at its `_`).
            SlotKind::Choice if focus == Slot::Category => {
                let sy = plan.screen_y(*y)?;
                let text = self.choice_text(focus);
                let before = text.rfind('_').map_or(text.as_str(), |at| &text[..at]);
                let col = cells(before).min(plan.value_w.checked_sub(1)?);
                Some(Position::new(plan.value_x + col, sy))
            }
            SlotKind::Choice | SlotKind::Toggle => None,
        }
    }

    fn draw_field(&self, plan: &Plan, slot: Slot, y: u32, h: u16, buf: &mut Buffer) {
        let f = self.form;
        let focused = f.focus() == slot;
        let right = plan.inner.right();
        let Some((sy, vh)) = plan.visible(y, h) else {
            return;
        };

        // Label, with a `>` marker on the focused field (never colour alone).
        let label = format!("{}{}", if focused { "> " } else { "  " }, self.label(slot));
        let label_style = self.style(if focused {
            "form.label.focus"
        } else {
            "form.label"
        });
        put(
            buf,
            plan.inner.x,
            sy,
            &label,
            plan.inner.x + plan.label_w,
            label_style,
        );

        let vx = plan.value_x;
        let input = self.style("form.input");
        let hint_style = self.style("form.hint");
        match slot.kind() {
            SlotKind::Text | SlotKind::Digits => {
                let Some(line) = f.line(slot) else { return };
                let w = Self::input_width(slot).min(plan.value_w);
                if w == 0 {
                    return;
                }
                form::draw_input(buf, (vx, sy, w, right), line, focused, input);
                if let Some(hint) = self.hint(slot) {
                    put(buf, vx.saturating_add(w + 2), sy, &hint, right, hint_style);
                }
            }
            SlotKind::Choice => {
                let end = put(buf, vx, sy, &self.choice_text(slot), right, input);
                if let Some(hint) = self.hint(slot) {
                    put(buf, end.saturating_add(2), sy, &hint, right, hint_style);
                }
            }
            SlotKind::Toggle => {
                let mark = form::tick(f.toggle_value(slot) == Some(true));
                let end = put(buf, vx, sy, mark, right, input);
                if let Some(hint) = self.hint(slot) {
                    put(buf, end.saturating_add(2), sy, &hint, right, hint_style);
                }
            }
            SlotKind::Multiline => {
                if plan.value_w == 0 {
                    return;
                }
                let rect = Rect::new(vx, sy, plan.value_w, vh).intersection(plan.inner);
                if rect.is_empty() {
                    return;
                }
                let ta = f.description();
                ta.render(rect, buf);
                if ta.is_empty() {
                    let hint = self.t("intake.description_hint");
                    put(
                        buf,
                        rect.x.saturating_add(1),
                        rect.y,
                        &hint,
                        rect.right(),
                        hint_style,
                    );
                }
            }
        }
    }

    fn draw_heading(&self, plan: &Plan, i: usize, sy: u16, buf: &mut Buffer) {
        let f = self.form;
        let right = plan.inner.right();
        let mut x = put(buf, plan.inner.x, sy, "  ", right, Style::default());
        x = put(
            buf,
            x,
            sy,
            &f.party_label(i, self.lang),
            right,
            self.style("title"),
        );
        if f.remove_armed() == Some(i) {
            let ask = self.t("intake.remove_party_again");
            x = put(
                buf,
                x.saturating_add(2),
                sy,
                &ask,
                right,
                self.style("form.error"),
            );
        } else if f.focus().party() == Some(i) && f.can_remove_party(i) {
            let hint = self.t("intake.remove_party");
            x = put(
                buf,
                x.saturating_add(2),
                sy,
                &hint,
                right,
                self.style("form.hint"),
            );
        }
        let rule = if self.ascii { "-" } else { "─" };
        let x = x.saturating_add(1);
        if x < right {
            put(
                buf,
                x,
                sy,
                &rule.repeat(usize::from(right - x)),
                right,
                self.style("border"),
            );
        }
    }
}

impl Widget for IntakeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.is_empty() {
            return;
        }
        self.block().render(area, buf);
        let plan = self.plan(area);
        if plan.inner.is_empty() {
            return;
        }
        let err_style = self.style("form.error");
        let err_x = if plan.value_w >= 20 {
            plan.value_x
        } else {
            plan.inner.x
        };
        for (y, h, row) in &plan.rows {
            match row {
                Row::Field(slot) => self.draw_field(&plan, *slot, *y, *h, buf),
                Row::Heading(i) => {
                    if let Some(sy) = plan.screen_y(*y) {
                        self.draw_heading(&plan, *i, sy, buf);
                    }
                }
                Row::Message(text) => {
                    if let Some(sy) = plan.screen_y(*y) {
                        put(buf, err_x, sy, text, plan.inner.right(), err_style);
                    }
                }
            }
        }
        // Scroll marks at the right edge.
        let mark_x = plan.inner.right() - 1;
        let hint = self.style("form.hint");
        if plan.offset > 0 && !plan.view.is_empty() {
            put(
                buf,
                mark_x,
                plan.view.y,
                if self.ascii { "^" } else { "↑" },
                plan.inner.right(),
                hint,
            );
        }
        if plan.offset + u32::from(plan.view.height) < plan.total && !plan.view.is_empty() {
            put(
                buf,
                mark_x,
                plan.view.bottom() - 1,
                if self.ascii { "v" } else { "↓" },
                plan.inner.right(),
                hint,
            );
        }
        if let Some((text, style)) = &plan.status {
            let sy = plan.inner.bottom() - 1;
            buf.set_style(
                Rect::new(plan.inner.x, sy, plan.inner.width, 1),
                Style::default(),
            );
            put(
                buf,
                plan.inner.x,
                sy,
                text,
                plan.inner.right(),
                self.style(style),
            );
        }
    }
}

#[cfg(test)]
mod tests;
