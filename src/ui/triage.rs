//! The triage form (分流交办): the category and the suggestion on top, then the fields with the
//! focused one marked `>`, errors under their field with `!`, and a status line at the bottom.
//! Measured in terminal cells (CJK is two wide); the form scrolls to keep the focus in view.

use crate::app::triage::{Slot, TriageForm};
use crate::domain::case::{Case, Handling};
use crate::domain::validation::Lang;
use crate::store::RepeatMatch;
use crate::theme::Theme;
use crate::ui::cells::{cells, put};
use crate::ui::form;
use crate::ui::{ascii_border, wrap_words};
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

/// The triage form for `case`, drawn from [`TriageForm`].
pub struct TriageView<'a> {
    pub form: &'a TriageForm,
    pub theme: &'a Theme,
    pub lang: Lang,
    /// ASCII only: `+-|` borders, `<` `>` for choices and no `·`.
    pub ascii: bool,
    pub case: &'a Case,
}

/// A text field's input box is at most this wide (cells).
const INPUT_MAX: u16 = 32;

/// One row of content.
struct Row {
    /// The field it belongs to (its value row, cursor row or error rows).
    slot: Option<Slot>,
    kind: RowKind,
}

enum RowKind {
    Plain(String, &'static str),
    Field(Slot),
    /// A row of the focused lead or cooperating list, with its style.
    List(String, &'static str),
    Error(String),
}

struct Plan {
    inner: Rect,
    view: Rect,
    label_w: u16,
    rows: Vec<Row>,
    offset: usize,
    status: Option<(String, &'static str)>,
}

impl Plan {
    fn value_x(&self) -> u16 {
        self.inner.x.saturating_add(2 + self.label_w + 1)
    }

    fn value_w(&self) -> u16 {
        self.inner.right().saturating_sub(self.value_x())
    }
}

impl TriageView<'_> {
    fn t(&self, key: &str) -> String {
        rust_i18n::t!(key, locale = self.lang.locale()).into_owned()
    }

    fn style(&self, key: &str) -> Style {
        self.theme.style(key)
    }

    fn sep(&self) -> &'static str {
        if self.ascii { " / " } else { " · " }
    }

    fn list_sep(&self) -> &'static str {
        match self.lang {
            Lang::Zh if !self.ascii => "、",
            _ => ", ",
        }
    }

    fn colon(&self) -> &'static str {
        match self.lang {
            Lang::Zh if !self.ascii => "：",
            _ => ": ",
        }
    }

    fn choice(&self, value: &str) -> String {
        form::choice(value, self.ascii)
    }

    /// "类别：劳动争议/欠薪".
    pub fn category_line(&self) -> String {
        let stored = self.form.category();
        let shown = crate::app::words::category(stored, self.lang);
        format!("{}{}{shown}", self.t("triage.category"), self.colon())
    }

    /// "建议：调解 · 牵头 人社局 · 协办 住建局、总工会".
    pub fn suggestion_line(&self) -> String {
        let head = format!("{}{}", self.t("triage.suggestion"), self.colon());
        let Some(s) = self.form.suggestion() else {
            return format!("{head}{}", self.t("triage.no_suggestion"));
        };
        let mut parts = vec![self.t(&format!("triage.stream.{}", s.stream))];
        if let Some(lead) = &s.lead {
            parts.push(format!("{} {lead}", self.t("triage.suggestion.lead")));
        }
        if !s.cooperating.is_empty() {
            parts.push(format!(
                "{} {}",
                self.t("triage.suggestion.cooperating"),
                s.cooperating.join(self.list_sep())
            ));
        }
        format!("{head}{}", parts.join(self.sep()))
    }

    fn value(&self, slot: Slot) -> String {
        let f = self.form;
        match slot {
            Slot::Stream => self.choice(&self.t(&format!("triage.stream.{}", f.stream()))),
            Slot::Handling => self.choice(&self.t(&format!("triage.handling.{}", f.handling()))),
            Slot::Level => self.choice(&self.t(&format!("triage.level.{}", f.level()))),
            Slot::Lead => {
                let lead = self.choice(&match f.lead() {
                    Some(d) => d.name.clone(),
                    None if f.handling() == Handling::Immediate => self.t("triage.lead.none"),
                    None => self.t("triage.none"),
                });
                format!("{lead}{}", self.filter_text(slot))
            }
            Slot::Cooperating => {
                let names: Vec<&str> = f.cooperating().iter().map(|d| d.name.as_str()).collect();
                let names = if names.is_empty() {
                    self.t("triage.none")
                } else {
                    names.join(self.list_sep())
                };
                format!("{names}{}", self.filter_text(slot))
            }
            Slot::SolvedOnSpot => form::tick(f.solved_on_spot()).to_string(),
            Slot::Repeat => self.choice(&match f.repeat() {
                Some(e) => e.case.case_no.clone(),
                None => self.t("triage.repeat.none"),
            }),
            Slot::FirstHandler | Slot::OutcomeNote => String::new(),
        }
    }

    /// "既往案件 2 件" and one line per earlier case: number, category, state, and whether the
    /// same person or the same pair of parties matched.
    pub fn earlier_lines(&self) -> Vec<String> {
        let f = self.form;
        if f.earlier().is_empty() {
            return Vec::new();
        }
        let mut out = vec![
            rust_i18n::t!(
                "triage.earlier",
                locale = self.lang.locale(),
                n = f.earlier().len()
            )
            .into_owned(),
        ];
        // The latest first: it is the one most likely repeated.
        for e in f.earlier().iter().rev() {
            let c = &e.case;
            let category = crate::app::words::category(&c.category, self.lang);
            let by = match e.by {
                RepeatMatch::SamePerson => self.t("triage.repeat.same_person"),
                RepeatMatch::SamePair => self.t("triage.repeat.same_pair"),
            };
            out.push(format!(
                "{} {} {category}{}{}{}{by}",
                if self.ascii { "*" } else { "↻" },
                c.case_no,
                self.sep(),
                self.t(&format!("detail.state.{}", c.state.as_str())),
                self.sep()
            ));
        }
        out
    }

    /// What was typed to filter a focused list (`  筛选: rsj_`).
    fn filter_text(&self, slot: Slot) -> String {
        match self.form.pick(slot) {
            Some(p) if self.form.focus() == slot => {
                format!("  {}{}_", self.t("form.filter"), p.filter)
            }
            Some(p) if !p.filter.is_empty() => format!("  {}{}", self.t("form.filter"), p.filter),
            _ => String::new(),
        }
    }

    fn status(&self) -> Option<(String, &'static str)> {
        let f = self.form;
        if f.saving() {
            return Some((format!("{}...", self.t("triage.saving")), "form.hint"));
        }
        if let Some(m) = f.error_message() {
            return Some((format!("! {m}"), "form.error"));
        }
        match f.error_count() {
            0 => {
                let keys = self.t("triage.keys");
                Some((
                    if self.ascii {
                        keys.replace('·', "/").replace('←', "<").replace('→', ">")
                    } else {
                        keys
                    },
                    "form.hint",
                ))
            }
            n => Some((
                format!(
                    "! {}",
                    rust_i18n::t!("triage.error_count", locale = self.lang.locale(), n = n)
                ),
                "form.error",
            )),
        }
    }

    fn plan(&self, area: Rect) -> Plan {
        let f = self.form;
        let inner = Rect {
            x: area.x.saturating_add(1),
            y: area.y.saturating_add(1),
            width: area.width.saturating_sub(2),
            height: area.height.saturating_sub(2),
        };
        let status = if inner.height >= 4 {
            self.status()
        } else {
            None
        };
        let view = Rect {
            height: inner.height - u16::from(status.is_some()),
            ..inner
        };
        let slots = f.slots();
        let label_w = slots
            .iter()
            .map(|s| cells(&s.label(self.lang)))
            .max()
            .unwrap_or(0)
            .min(inner.width / 3);
        let mut plan = Plan {
            inner,
            view,
            label_w,
            rows: Vec::new(),
            offset: 0,
            status,
        };
        let err_w = plan.value_w().max(inner.width.saturating_sub(4) / 2);
        let mut rows = vec![Row {
            slot: None,
            kind: RowKind::Plain(self.category_line(), "form.label"),
        }];
        // The suggestion wraps (at most three lines) rather than losing its end.
        for line in wrap_words(&self.suggestion_line(), inner.width)
            .into_iter()
            .take(3)
        {
            rows.push(Row {
                slot: None,
                kind: RowKind::Plain(line, "form.hint"),
            });
        }
        // Earlier cases (at most three, the latest first) above the fields.
        for (i, line) in self.earlier_lines().into_iter().take(4).enumerate() {
            let style = if i == 0 {
                "queue.row.priority"
            } else {
                "form.hint"
            };
            for part in wrap_words(&line, inner.width).into_iter().take(1) {
                rows.push(Row {
                    slot: None,
                    kind: RowKind::Plain(part, style),
                });
            }
        }
        if view.height >= 12 {
            rows.push(Row {
                slot: None,
                kind: RowKind::Plain(String::new(), "form.hint"),
            });
        }
        for slot in slots {
            rows.push(Row {
                slot: Some(slot),
                kind: RowKind::Field(slot),
            });
            if let Some(pick) = f.pick(slot).filter(|_| f.focus() == slot) {
                let lead = self.t("triage.lead_hint");
                let no_match = self.t("form.no_match");
                for (mut text, style) in crate::ui::form::pick_rows(pick, true, 6, &no_match) {
                    // The lead cannot also cooperate: its row says why it is locked.
                    if slot == Slot::Cooperating
                        && f.lead()
                            .is_some_and(|d| text.contains(&format!("[=] {}", d.name)))
                    {
                        text = text.replace("[=]", "[-]") + &format!(" ({lead})");
                    }
                    rows.push(Row {
                        slot: Some(slot),
                        kind: RowKind::List(text, style),
                    });
                }
            }
            if let Some(text) = f.error_text(slot, self.lang) {
                for line in form::message_lines(&text, err_w) {
                    rows.push(Row {
                        slot: Some(slot),
                        kind: RowKind::Error(line),
                    });
                }
            }
        }
        // Keep the focused field (with its cursor row and errors) in view.
        let focus = f.focus();
        let first = rows.iter().position(|r| r.slot == Some(focus));
        let last = rows.iter().rposition(|r| r.slot == Some(focus));
        let h = usize::from(view.height);
        if let (Some(first), Some(last)) = (first, last)
            && h > 0
            && last >= h
        {
            plan.offset = (last + 1 - h).min(first);
        }
        plan.rows = rows;
        plan
    }

    /// Where the terminal cursor goes (in the focused text field), for the IME.
    /// On the lead or cooperating list it goes after what was typed to filter it (`rsj_`).
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        let f = self.form;
        let line = f.line(f.focus());
        if line.is_none() && f.pick(f.focus()).is_none() {
            return None;
        }
        let plan = self.plan(area);
        let at = plan
            .rows
            .iter()
            .position(|r| matches!(r.kind, RowKind::Field(s) if s == f.focus()))?;
        let y = at.checked_sub(plan.offset)?;
        if y >= usize::from(plan.view.height) {
            return None;
        }
        let col = match line {
            Some(line) => form::input_cursor(line, plan.value_w().clamp(1, INPUT_MAX)),
            None => {
                let value = self.value(f.focus());
                let before = value.rfind('_').map_or(value.as_str(), |at| &value[..at]);
                cells(before)
            }
        };
        (col < plan.value_w()).then(|| Position::new(plan.value_x() + col, plan.view.y + y as u16))
    }
}

impl Widget for TriageView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let area = area.intersection(buf.area);
        if area.width < 2 || area.height < 2 {
            return;
        }
        let title = rust_i18n::t!(
            "triage.title",
            locale = self.lang.locale(),
            case_no = self.case.case_no.as_str()
        );
        let mut block = Block::bordered()
            .border_style(self.style("border.focus"))
            .title(Line::from(format!(" {title} ")).style(self.style("title")));
        if self.ascii {
            block = block.border_set(ascii_border());
        }
        block.render(area, buf);
        let plan = self.plan(area);
        let inner = plan.inner;
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let right = inner.right();
        let f = self.form;
        let value_x = plan.value_x();
        let h = usize::from(plan.view.height);
        for (i, row) in plan.rows.iter().skip(plan.offset).take(h).enumerate() {
            let y = plan.view.y + i as u16;
            match &row.kind {
                RowKind::Plain(text, style) => {
                    put(buf, inner.x, y, text, right, self.style(style));
                }
                RowKind::Field(slot) => {
                    let focused = f.focus() == *slot;
                    let label_style = self.style(if focused {
                        "form.label.focus"
                    } else {
                        "form.label"
                    });
                    let marker = if focused { "> " } else { "  " };
                    let x = put(buf, inner.x, y, marker, right, label_style);
                    let label_right = x.saturating_add(plan.label_w).min(right);
                    put(buf, x, y, &slot.label(self.lang), label_right, label_style);
                    if let Some(line) = f.line(*slot) {
                        let width = plan.value_w().min(INPUT_MAX);
                        let input = self.style("form.input");
                        form::draw_input(buf, (value_x, y, width, right), line, focused, input);
                    } else {
                        put(buf, value_x, y, &self.value(*slot), right, Style::default());
                    }
                }
                RowKind::List(text, style) => {
                    put(buf, value_x, y, text, right, self.style(style));
                }
                RowKind::Error(text) => {
                    put(buf, value_x, y, text, right, self.style("form.error"));
                }
            }
        }
        if let Some((text, style)) = &plan.status {
            let y = inner.bottom() - 1;
            put(buf, inner.x, y, text, right, self.style(style));
        }
    }
}

#[cfg(test)]
mod tests;
