//! Tests of the triage panel view: fields, the cooperating list, errors under their field.

use super::*;
use crate::app::triage::tests::{case, departments, key};
use crate::ui::buffer_rows as rows;
use ratatui::crossterm::event::KeyCode;

fn render(form: &TriageForm, c: &Case, lang: Lang, ascii: bool, w: u16, h: u16) -> Buffer {
    let theme = Theme::fallback();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    TriageView {
        form,
        theme: &theme,
        lang,
        ascii,
        case: c,
    }
    .render(area, &mut buf);
    buf
}

fn has(rows: &[String], needle: &str) -> bool {
    rows.iter().any(|r| r.contains(needle))
}

#[test]
fn zh_and_en_show_the_title_suggestion_and_the_focus() {
    let c = case("劳动争议/欠薪");
    let f = TriageForm::new(&c, &departments(), "王芳");
    for (w, h) in [(80, 21), (200, 50)] {
        let r = rows(&render(&f, &c, Lang::Zh, false, w, h));
        assert!(has(&r, "分流交办 — YD20261122-0007"), "{r:#?}");
        assert!(has(&r, "类别：劳动争议/欠薪"), "{r:#?}");
        assert!(
            has(&r, "建议：调解 · 牵头 人社局 · 协办 住建局、总工会"),
            "{r:#?}"
        );
        assert!(has(&r, "> 分流类别"), "{r:#?}");
        assert!(has(&r, "‹ 调解 ›"), "{r:#?}");
        assert!(has(&r, "‹ 协同件 ›") && has(&r, "‹ 人社局 ›"), "{r:#?}");
        assert!(has(&r, "住建局、总工会") && has(&r, "王芳"), "{r:#?}");

        let r = rows(&render(&f, &c, Lang::En, false, w, h));
        assert!(has(&r, "Triage — YD20261122-0007"), "{r:#?}");
        assert!(
            has(
                &r,
                "Suggested: mediation · lead 人社局 · with 住建局, 总工会"
            ),
            "{r:#?}"
        );
        assert!(has(&r, "> Stream"), "{r:#?}");
        assert!(has(&r, "First handler"), "{r:#?}");

        let r = rows(&render(&f, &c, Lang::Zh, true, w, h));
        assert!(has(&r, "< 调解 >") && has(&r, "+"), "{r:#?}");
        assert!(!r.iter().any(|l| l.contains('·') || l.contains('─')));
    }
}

#[test]
fn the_cooperating_list_shows_the_cursor_and_errors_show_under_their_field() {
    let c = case("劳动争议/欠薪");
    let mut f = TriageForm::new(&c, &departments(), "王芳");
    f.set_focus(crate::app::triage::Slot::Cooperating);
    f.handle_key(&key(KeyCode::Right));
    let r = rows(&render(&f, &c, Lang::Zh, false, 80, 21));
    assert!(has(&r, "> 协办单位"), "{r:#?}");
    assert!(
        has(&r, ">[x] 住建局"),
        "the cursor on a ticked unit: {r:#?}"
    );
    assert!(
        has(&r, " [-] 人社局 (牵头单位)"),
        "the lead cannot cooperate: {r:#?}"
    );
    f.handle_key(&key(KeyCode::Char(' ')));
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&key(KeyCode::Char(' ')));
    assert!(f.to_triage(Lang::Zh).is_err());
    for (w, h) in [(80, 21), (200, 50)] {
        let r = rows(&render(&f, &c, Lang::Zh, false, w, h));
        let field = r.iter().position(|l| l.contains("> 协办单位")).unwrap();
        assert!(r[field].contains("（无）"), "{r:#?}");
        let error = r
            .iter()
            .position(|l| l.contains("! 协办单位：协同件至少选择一个协办单位"))
            .expect("the error under its field");
        assert!(error > field && error <= field + 8, "{r:#?}");
        assert!(has(&r, "! 有 1 项需要修改"), "{r:#?}");
        let r = rows(&render(&f, &c, Lang::En, false, w, h));
        assert!(has(&r, "! Cooperating units: a joint"), "{r:#?}");
    }
}

/// Where the terminal cursor goes at 80x21, in Chinese.
fn cursor_80x21(f: &TriageForm, c: &Case) -> Option<Position> {
    let theme = Theme::fallback();
    let view = TriageView {
        form: f,
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
        case: c,
    };
    view.cursor(Rect::new(0, 0, 80, 21))
}

#[test]
fn the_terminal_cursor_follows_what_is_typed_to_filter_a_list() {
    let c = case("劳动争议/欠薪");
    let mut f = TriageForm::new(&c, &departments(), "王芳");
    f.set_focus(crate::app::triage::Slot::Cooperating);
    for ch in "zgh".chars() {
        f.handle_key(&key(KeyCode::Char(ch)));
    }
    let pos = cursor_80x21(&f, &c).expect("the IME opens at the filter");
    let r = rows(&render(&f, &c, Lang::Zh, false, 80, 21));
    let row = &r[usize::from(pos.y)];
    assert!(row.contains("> 协办单位") && row.contains("zgh_"), "{row}");
    let before: String = row.chars().take_while(|&ch| ch != '_').collect();
    assert_eq!(pos.x, crate::ui::cells::cells(&before), "{row}");
}

#[test]
fn an_immediate_case_shows_the_toggle_and_the_note() {
    let c = case("消费纠纷");
    let mut f = TriageForm::new(&c, &departments(), "王芳");
    f.set_focus(crate::app::triage::Slot::SolvedOnSpot);
    f.handle_key(&key(KeyCode::Char(' ')));
    f.handle_key(&key(KeyCode::Tab));
    for ch in "商家同意退货".chars() {
        f.handle_key(&key(KeyCode::Char(ch)));
    }
    let pos = cursor_80x21(&f, &c).unwrap();
    let r = rows(&render(&f, &c, Lang::Zh, false, 80, 21));
    assert!(has(&r, "当场化解") && has(&r, "[x]"), "{r:#?}");
    let note = r.iter().position(|l| l.contains("> 处理结果")).unwrap();
    assert!(r[note].contains("商家同意退货"), "{r:#?}");
    assert_eq!(usize::from(pos.y), note);
    assert!(!has(&r, "协办单位"));
}

#[test]
fn long_text_wraps_at_words_within_the_width() {
    assert_eq!(
        wrap_words("a joint case needs cooperating", 12),
        ["a joint case", "needs", "cooperating"]
    );
    assert_eq!(wrap_words("建议：调解", 6), ["建议：", "调解"]);
    assert_eq!(wrap_words("abcdefgh", 3), ["abc", "def", "gh"]);
    assert!(wrap_words("x", 0).is_empty());
    for w in 1..30 {
        for l in wrap_words(
            "Suggested: mediation · lead 人社局 · with 住建局, 总工会",
            w,
        ) {
            assert!(cells(&l) <= w, "{l:?} at {w}");
        }
    }
}

#[test]
fn never_panics_at_any_size() {
    let c = case("劳动争议/欠薪");
    let mut f = TriageForm::new(&c, &departments(), "王芳");
    f.set_focus(crate::app::triage::Slot::Cooperating);
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&key(KeyCode::Char(' ')));
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&key(KeyCode::Char(' ')));
    let _ = f.to_triage(Lang::En);
    let theme = Theme::fallback();
    for w in 0..=100 {
        for h in 0..=40 {
            for lang in [Lang::Zh, Lang::En] {
                render(&f, &c, lang, w % 2 == 0, w, h);
                let view = TriageView {
                    form: &f,
                    theme: &theme,
                    lang,
                    ascii: false,
                    case: &c,
                };
                if let Some(p) = view.cursor(Rect::new(0, 0, w, h)) {
                    assert!(p.x < w && p.y < h);
                }
            }
        }
    }
}
