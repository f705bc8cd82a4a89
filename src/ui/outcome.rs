//! The outcome form over the case file: how the case ended (mediated with its agreement,
//! failed or unsuitable and sent to court, withdrawn) or the court's answer on judicial
//! confirmation. The focused field is marked `>`, a missing field is named under the fields.

use crate::app::outcome::{OutcomeForm, OutcomeMode};
use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};

pub struct OutcomeView<'a> {
    pub state: &'a State,
    pub form: &'a OutcomeForm,
}

/// Rows the form needs: the kit's fields, what saving also does, the refusal, the keys.
pub fn height(form: &OutcomeForm) -> u16 {
    let loose = if form.loose_ends.is_empty() {
        0
    } else {
        1 + form.loose_ends.len() as u16
    };
    2 + super::form::height(&form.kit) + 2 + u16::from(form.problem.is_some()) + loose
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
        let mut lines = super::form::lines(s, &f.kit, f.saving);
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
        if let Some(problem) = &f.problem {
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
        f.kit.focus_on("note");
        f.kit.type_text("双方当场签字");
        let _ = f.to_choice(Lang::Zh);
        for w in [60, 76] {
            let text = draw(&s, &f, w);
            assert!(text.contains("YD20261123-0007"), "{text}");
            assert!(text.contains("‹ 调解成功 ›"), "{text}");
            assert!(text.contains("! 调解协议编号不能为空"), "{text}");
            assert!(
                text.find("调解协议编号不能为空") < text.find("双方当场签字"),
                "the message is under the field it names:\n{text}"
            );
            assert!(text.contains("双方当场签字"), "{text}");
        }
    }
}
