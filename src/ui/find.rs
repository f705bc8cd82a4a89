//! The "find a case" popup (查找案件): a resident who comes back or calls with their code,
//! ticket, ID, phone or name is found at once.

use super::cells::cells;
use super::detail::{category_label, channel_label, state_label, when};
use crate::app::detail::FindState;
use crate::app::state::State;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Clear, Widget};

pub struct FindView<'a> {
    pub state: &'a State,
    pub find: &'a FindState,
}

/// Where the popup sits in `area`: centred, at most 90 cells wide and 20 rows high.
pub fn popup_area(area: Rect) -> Rect {
    let w = area.width.min(90);
    let h = area.height.min(20);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// `text` padded with spaces to `width` cells (cut to fit if longer).
fn pad(text: &str, width: u16) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = cells(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push_str(&" ".repeat(usize::from(width - used)));
    out
}

/// The end of `text` that fits in `width` cells.
fn tail(text: &str, width: u16) -> String {
    let mut kept: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = cells(c.encode_utf8(&mut [0; 4]));
        if used + w > width {
            break;
        }
        kept.push(c);
        used += w;
    }
    kept.into_iter().rev().collect()
}

impl Widget for FindView<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let s = self.state;
        let f = self.find;
        Clear.render(area, buf);
        let block = super::block(s, format!(" {} ", s.t("find.title")), true);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.width == 0 || inner.height == 0 {
            return;
        }
        let width = inner.width;
        let mut y = inner.y;
        let bottom = inner.bottom();
        let mut put = |line: Line<'_>, y: &mut u16| {
            if *y < bottom {
                buf.set_line(inner.x, *y, &line, width);
                *y += 1;
            }
        };

        // The input line: the end of a long query stays in view, with the cursor after it.
        let prompt = format!("{}: ", s.t("find.prompt"));
        let room = width.saturating_sub(cells(&prompt) + 1);
        let input = format!("{prompt}{}_", tail(&f.query, room));
        put(Line::styled(input, s.theme.style("form.input")), &mut y);
        put(
            Line::styled(s.t("find.hint"), s.theme.style("form.hint")),
            &mut y,
        );
        put(Line::raw(""), &mut y);

        if f.searching {
            put(
                Line::styled(s.t("find.searching"), s.theme.style("form.hint")),
                &mut y,
            );
            return;
        }
        if f.results.is_empty() {
            if f.searched {
                put(
                    Line::styled(s.t("find.no_result"), s.theme.style("form.error")),
                    &mut y,
                );
            }
            return;
        }
        // Keep the selected row in view.
        let rows = usize::from(bottom.saturating_sub(y));
        if rows == 0 {
            return;
        }
        let first = f.selected.saturating_sub(rows - 1);
        let category_width = f
            .results
            .iter()
            .map(|c| cells(&category_label(s, &c.category)))
            .max()
            .unwrap_or(0)
            .min(16);
        let state_width = f
            .results
            .iter()
            .map(|c| cells(&state_label(s, c.state)))
            .max()
            .unwrap_or(0)
            .min(14);
        for (i, c) in f.results.iter().enumerate().skip(first).take(rows) {
            let selected = i == f.selected;
            let text = format!(
                "{} {}  {}  {}  {}  {}",
                if selected { ">" } else { " " },
                c.case_no,
                when(c.received_at),
                pad(&category_label(s, &c.category), category_width),
                pad(&state_label(s, c.state), state_width),
                channel_label(s, c.channel),
            );
            let style = if selected {
                s.theme.style("queue.row.selected")
            } else {
                s.theme.style("queue.row")
            };
            put(Line::styled(text, style), &mut y);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::tests::{beijing, case};
    use crate::domain::CaseState;
    use crate::domain::validation::Lang;
    use crate::ui::buffer_rows as rows;
    use crate::ui::detail::tests::state;

    fn render(find: &FindState, lang: Lang, w: u16, h: u16) -> Vec<String> {
        let s = state(lang, beijing(24, 10, 0));
        let area = Rect::new(0, 0, w, h);
        let mut buf = Buffer::empty(area);
        FindView { state: &s, find }.render(area, &mut buf);
        rows(&buf)
    }

    fn found() -> FindState {
        let mut f = FindState::new();
        for c in "13800138000".chars() {
            f.type_char(c);
        }
        let mut second = case(12);
        second.state = CaseState::Resolved;
        f.set_results(vec![case(7), second]);
        f.move_selection(1);
        f
    }

    #[test]
    fn results_show_number_time_category_state_and_channel() {
        let shown = render(&found(), Lang::Zh, 80, 12).join("\n");
        assert!(shown.contains("查找案件"), "{shown}");
        assert!(shown.contains("查找: 13800138000_"), "{shown}");
        assert!(shown.contains("查询码、取号"), "{shown}");
        assert!(
            shown.contains("  YD20261123-0007  11-23 08:47  劳动争议/欠薪  已登记  来访"),
            "{shown}"
        );
        assert!(shown.contains("> YD20261123-0012"), "{shown}");
        assert!(shown.contains("已化解"));
        let en = render(&found(), Lang::En, 100, 12).join("\n");
        assert!(en.contains("Find a case"), "{en}");
        assert!(en.contains("tracking code, ticket"), "{en}");
        assert!(en.contains("> YD20261123-0012"), "{en}");
        assert!(en.contains("resolved"), "{en}");
    }

    #[test]
    fn no_result_and_searching_are_said() {
        let mut f = FindState::new();
        f.paste("王五");
        let before = render(&f, Lang::Zh, 80, 10).join("\n");
        assert!(!before.contains("无结果"), "nothing searched yet");
        f.searching = true;
        assert!(
            render(&f, Lang::Zh, 80, 10)
                .join("\n")
                .contains("正在查找…")
        );
        f.set_results(Vec::new());
        assert!(render(&f, Lang::Zh, 80, 10).join("\n").contains("无结果"));
        assert!(
            render(&f, Lang::En, 80, 10)
                .join("\n")
                .contains("No case found")
        );
    }

    #[test]
    fn the_selected_row_stays_in_view_and_nothing_overflows() {
        let mut f = FindState::new();
        f.set_results((1..=30).map(case).collect());
        f.move_selection(25);
        let shown = render(&f, Lang::Zh, 80, 10);
        assert!(shown.join("\n").contains("> YD20261123-0026"), "{shown:?}");
        f.paste(&"很长的查询".repeat(10));
        for lang in [Lang::Zh, Lang::En] {
            for w in 0..=100 {
                for h in 0..=40 {
                    for r in render(&f, lang, w, h) {
                        assert!(cells(&r) <= w);
                    }
                }
            }
        }
        let area = popup_area(Rect::new(0, 2, 80, 21));
        assert!(area.width == 80 && area.height == 20 && area.y == 2);
    }
}
