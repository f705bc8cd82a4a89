//! The outcome form over the case file: how the case ended (mediated with its agreement,
//! failed or unsuitable and sent to court, withdrawn) or the court's answer on judicial
//! confirmation. The focused field is marked `>`, a missing field is named under the fields.

use crate::app::outcome::{OutcomeForm, OutcomeMode, OutcomeSlot};
use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct OutcomeView<'a> {
    pub state: &'a State,
    pub form: &'a OutcomeForm,
}

/// Rows the form needs: a label and a value per field, the message, the keys.
pub fn height(form: &OutcomeForm) -> u16 {
    let loose = if form.loose_ends.is_empty() {
        0
    } else {
        1 + form.loose_ends.len() as u16
    };
    2 + 2 * form.slots().len() as u16 + 2 + u16::from(form.problem.is_some()) + loose
}

impl OutcomeView<'_> {
    fn value(&self, slot: OutcomeSlot) -> String {
        let s = self.state;
        let f = self.form;
        let choice = |v: String| {
            if s.ascii {
                format!("< {v} >")
            } else {
                format!("‹ {v} ›")
            }
        };
        let tick = |on: bool| if on { "[x]" } else { "[ ]" };
        match slot {
            OutcomeSlot::Kind => choice(s.t(f.kind.key())),
            OutcomeSlot::AgreementNo => f.agreement_no.clone(),
            OutcomeSlot::Confirmation => tick(f.confirmation_requested).to_string(),
            OutcomeSlot::Track => choice(s.t(&format!("detail.track.{}", f.track.as_str()))),
            OutcomeSlot::Note => f.note.clone(),
            OutcomeSlot::Answer => choice(s.t(if f.granted {
                "detail.judicial.granted"
            } else {
                "detail.judicial.refused"
            })),
        }
    }
}

impl Widget for OutcomeView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let f = self.form;
        let title_key = match f.mode {
            OutcomeMode::Outcome => "outcome.title",
            OutcomeMode::CourtAnswer => "outcome.answer_title",
        };
        let title = rust_i18n::t!(title_key, locale = s.lang.locale(), case_no = f.case_no);
        let block = super::block(s, format!(" {title} "), true)
            .border_style(s.theme.style("dialog.border"));
        let mut lines = Vec::new();
        for slot in f.slots() {
            let focused = slot == f.focus;
            let label_style = s.theme.style(if focused {
                "form.label.focus"
            } else {
                "form.label"
            });
            lines.push(Line::styled(
                format!(
                    "{}{}",
                    if focused { "> " } else { "  " },
                    s.t(slot.label_key())
                ),
                label_style,
            ));
            let cursor = if focused && slot.is_text() { "_" } else { "" };
            lines.push(Line::styled(
                format!("  {}{cursor}", self.value(slot)),
                s.theme.style("form.input"),
            ));
        }
        // One close: what saving also does, ticked and not changeable.
        if f.mode == OutcomeMode::Outcome && !f.loose_ends.is_empty() {
            lines.push(Line::styled(
                format!("  {}", s.t("finish.loose.title")),
                s.theme.style("form.label"),
            ));
            for end in &f.loose_ends {
                lines.push(Line::styled(
                    format!("  [x] {end}"),
                    s.theme.style("form.input"),
                ));
            }
        }
        if let Some((_, problem)) = &f.problem {
            lines.push(Line::styled(
                format!("! {problem}"),
                s.theme.style("form.error"),
            ));
        }
        let keys = if f.saving {
            format!("{}...", s.t("triage.saving"))
        } else {
            s.t("outcome.keys")
        };
        lines.push(Line::styled(keys, s.theme.style("form.hint")));
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block)
            .style(s.theme.style("dialog"))
            .render(area, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::tests::{beijing, case};
    use crate::domain::Lang;
    use crate::ui::buffer_rows;

    fn draw(s: &State, f: &OutcomeForm, w: u16) -> String {
        let area = Rect::new(0, 0, w, height(f));
        let mut buf = Buffer::empty(area);
        OutcomeView { state: s, form: f }.render(area, &mut buf);
        buffer_rows(&buf).join("\n")
    }

    #[test]
    fn the_form_names_the_missing_field_and_shows_what_was_typed() {
        let s = crate::ui::detail::tests::state(Lang::Zh, beijing(24, 10, 0));
        let mut f = OutcomeForm::outcome(&case(7));
        f.focus = OutcomeSlot::Note;
        f.type_text("双方当场签字");
        let _ = f.to_choice(Lang::Zh);
        for w in [60, 76] {
            let text = draw(&s, &f, w);
            assert!(text.contains("YD20261123-0007"), "{text}");
            assert!(text.contains("‹ 调解成功 ›"), "{text}");
            assert!(text.contains("! 调解协议编号不能为空"), "{text}");
            assert!(text.contains("双方当场签字"), "{text}");
        }
    }
}
