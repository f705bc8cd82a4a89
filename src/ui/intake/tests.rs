//! Tests of the intake form view: labels, markers and errors at 80x24 and 200x50 in both languages.

use super::*;
use crate::ui::buffer_rows as rows;
use crate::ui::cells::h_scroll;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Modifier;
use uuid::Uuid;

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn typed(form: &mut IntakeForm, text: &str) {
    for c in text.chars() {
        form.handle_key(&key(KeyCode::Char(c)));
    }
}

fn render(form: &IntakeForm, lang: Lang, ascii: bool, w: u16, h: u16) -> Buffer {
    let theme = Theme::fallback();
    let area = Rect::new(0, 0, w, h);
    let mut buf = Buffer::empty(area);
    IntakeView {
        form,
        theme: &theme,
        lang,
        ascii,
    }
    .render(area, &mut buf);
    buf
}

fn row_with<'a>(rows: &'a [String], needle: &str) -> Option<(usize, &'a String)> {
    rows.iter().enumerate().find(|(_, r)| r.contains(needle))
}

/// A form with a wrong resident ID on the second applicant, focused on its phone field.
fn form_with_error() -> IntakeForm {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Name));
    typed(&mut f, "张建国");
    f.handle_key(&KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
    typed(&mut f, "李娜");
    f.handle_key(&key(KeyCode::Tab));
    typed(&mut f, "110105194912310021");
    f.handle_key(&key(KeyCode::Tab));
    assert_eq!(f.focus(), Slot::Party(1, PartyField::Phone));
    f
}

#[test]
fn labels_marker_and_error_at_80x24_and_200x50_in_both_languages() {
    let f = form_with_error();
    for (w, h) in [(76, 18), (80, 24), (200, 50)] {
        for lang in [Lang::Zh, Lang::En] {
            let buf = render(&f, lang, false, w, h);
            let rows = rows(&buf);
            let all = rows.join("\n");
            let (title, id_label, phone_label, party) = match lang {
                Lang::Zh => ("受理登记", "身份证号", "联系电话", "申请人 2"),
                Lang::En => ("New intake", "Resident ID", "Phone", "Applicant 2"),
            };
            assert!(rows[0].contains(title), "{w}x{h} {lang:?}\n{all}");
            assert!(all.contains(id_label), "{w}x{h} {lang:?}\n{all}");
            // The focused row carries the marker, and it is the phone field.
            let (y, row) =
                row_with(&rows, "> ").unwrap_or_else(|| panic!("no marker {w}x{h}\n{all}"));
            assert!(row.contains(phone_label), "{w}x{h} {lang:?}: {row}");
            assert_eq!(rows.iter().filter(|r| r.contains("> ")).count(), 1, "{all}");
            // The error is shown (under the resident ID), naming the party.
            let (ey, err) =
                row_with(&rows, "! ").unwrap_or_else(|| panic!("no error {w}x{h}\n{all}"));
            assert!(err.contains(party), "{w}x{h} {lang:?}: {err}\n{all}");
            assert!(ey < y, "error under the ID field, above the phone");
        }
    }
}

#[test]
fn the_labels_of_the_whole_form_show_at_200x50() {
    let f = IntakeForm::new(Uuid::nil());
    let rows = rows(&render(&f, Lang::Zh, false, 200, 50));
    let all = rows.join("\n");
    for label in [
        "受理渠道",
        "‹ 来访 ›",
        "纠纷类别",
        "‹ 请选择 ›",
        "申请人 1",
        "被申请人 1",
        "姓名",
        "乡镇/村",
        "单位/组织",
        "批次",
        "人次",
        "老弱病残",
        "情绪异常",
        "群体访",
        "办理方式",
        "诉求描述",
        "[ ]",
    ] {
        assert!(all.contains(label), "{label} missing\n{all}");
    }
    assert!(rows[0].starts_with('┌'), "{}", rows[0]);
    let ascii = rows_of(&f, Lang::En, true, 80, 24);
    assert!(
        ascii[0].starts_with('+') && ascii[0].contains("New intake"),
        "{}",
        ascii[0]
    );
    assert!(
        ascii.iter().any(|r| r.contains("< Walk-in >")),
        "{}",
        ascii.join("\n")
    );
}

fn rows_of(f: &IntakeForm, lang: Lang, ascii: bool, w: u16, h: u16) -> Vec<String> {
    rows(&render(f, lang, ascii, w, h))
}

#[test]
fn the_focused_field_is_always_in_view() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.handle_key(&KeyEvent::new(KeyCode::Char('a'), KeyModifiers::CONTROL));
    f.handle_key(&KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL));
    f.set_focus(Slot::Channel);
    let n = f.slots().len();
    for _ in 0..n {
        for (w, h) in [(76, 18), (80, 24), (40, 10)] {
            let theme = Theme::fallback();
            let area = Rect::new(0, 0, w, h);
            let view = IntakeView {
                form: &f,
                theme: &theme,
                lang: Lang::Zh,
                ascii: false,
            };
            let mut buf = Buffer::empty(area);
            IntakeView {
                form: &f,
                theme: &theme,
                lang: Lang::Zh,
                ascii: false,
            }
            .render(area, &mut buf);
            let rows = rows(&buf);
            assert!(
                row_with(&rows, "> ").is_some(),
                "{:?} not in view at {w}x{h}\n{}",
                f.focus(),
                rows.join("\n")
            );
            if f.accepts_text() {
                let pos = view
                    .cursor(area)
                    .unwrap_or_else(|| panic!("no cursor for {:?} at {w}x{h}", f.focus()));
                assert!(area.contains(pos));
            }
        }
        f.handle_key(&key(KeyCode::Tab));
    }
}

#[test]
fn the_cursor_sits_after_wide_characters() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Name));
    typed(&mut f, "张建国");
    let theme = Theme::fallback();
    let area = Rect::new(0, 0, 80, 24);
    let view = IntakeView {
        form: &f,
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
    };
    let plan = view.plan(area);
    let pos = view.cursor(area).unwrap();
    assert_eq!(
        pos.x,
        plan.value_x + 6,
        "three CJK characters are six cells"
    );
    // The description cursor, after a frame, is inside the description.
    f.set_focus(Slot::Description);
    typed(&mut f, "工资");
    let mut buf = Buffer::empty(area);
    IntakeView {
        form: &f,
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
    }
    .render(area, &mut buf);
    let view = IntakeView {
        form: &f,
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
    };
    let plan = view.plan(area);
    let pos = view.cursor(area).unwrap();
    assert_eq!(pos.x, plan.value_x + 4);
    assert!(buf[(pos.x, pos.y)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn a_long_value_scrolls_inside_its_box() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Address));
    typed(&mut f, &"东关村".repeat(20));
    let theme = Theme::fallback();
    let area = Rect::new(0, 0, 80, 24);
    let view = IntakeView {
        form: &f,
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
    };
    let plan = view.plan(area);
    let pos = view.cursor(area).unwrap();
    assert!(pos.x < plan.value_x + 40, "cursor inside the 40-cell box");
    assert!(pos.x >= plan.value_x + 38);
}

#[test]
fn status_line_shows_saving_and_store_errors() {
    let mut f = form_with_error();
    f.set_error_message(Some("数据库暂时无法连接，已保留您的输入".into()));
    let rows = rows_of(&f, Lang::Zh, false, 80, 24);
    assert!(
        rows[22].contains("! 数据库暂时无法连接"),
        "{}",
        rows.join("\n")
    );
    f.set_saving(true);
    let rows = rows_of(&f, Lang::En, true, 80, 24);
    assert!(rows[22].contains("Saving..."), "{}", rows.join("\n"));
}

#[test]
fn never_panics_at_any_size() {
    let mut forms = vec![IntakeForm::new(Uuid::nil()), form_with_error()];
    let mut f = form_with_error();
    f.set_focus(Slot::Description);
    typed(&mut f, &"很长的诉求描述".repeat(40));
    f.set_error_message(Some("x".repeat(300)));
    forms.push(f);
    let theme = Theme::fallback();
    for f in &forms {
        for w in 0..=90 {
            for h in 0..=30 {
                for (lang, ascii) in [(Lang::Zh, false), (Lang::En, true)] {
                    let area = Rect::new(0, 0, w, h);
                    let mut buf = Buffer::empty(area);
                    let view = IntakeView {
                        form: f,
                        theme: &theme,
                        lang,
                        ascii,
                    };
                    view.render(area, &mut buf);
                    let view = IntakeView {
                        form: f,
                        theme: &theme,
                        lang,
                        ascii,
                    };
                    if let Some(p) = view.cursor(area) {
                        assert!(area.contains(p), "{w}x{h}: {p:?}");
                    }
                }
            }
        }
    }
    // An area away from the origin, and one larger than the buffer.
    let mut buf = Buffer::empty(Rect::new(5, 3, 70, 20));
    IntakeView {
        form: &forms[1],
        theme: &theme,
        lang: Lang::Zh,
        ascii: false,
    }
    .render(Rect::new(0, 0, 100, 40), &mut buf);
}

#[test]
fn every_text_this_view_names_exists_in_both_languages() {
    let source = include_str!("../intake.rs");
    let mut n = 0;
    for piece in source.split("\"intake.").skip(1) {
        let Some(end) = piece.find('"') else { continue };
        let rest = &piece[..end];
        if rest.is_empty() || rest == "rs" || rest.ends_with('.') || rest.contains('{') {
            continue; // a prefix for format!, checked in app::intake
        }
        let key = format!("intake.{rest}");
        for lang in [Lang::Zh, Lang::En] {
            assert_ne!(
                rust_i18n::t!(&key, locale = lang.locale()),
                key,
                "{key} missing in {lang:?}"
            );
        }
        n += 1;
    }
    assert!(n >= 20, "{n}");
}

#[test]
fn a_resident_id_being_typed_shows_its_progress() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::ResidentId));
    typed(&mut f, "１１０１０５１９４９１２");
    let zh = rows_of(&f, Lang::Zh, false, 80, 24).join("\n");
    assert!(zh.contains("已输入 12/18 位"), "{zh}");
    let en = rows_of(&f, Lang::En, false, 80, 24).join("\n");
    assert!(en.contains("12 of 18 characters"), "{en}");
}

#[test]
fn messages_wrap_in_cells() {
    let lines =
        crate::ui::form::message_lines("联系电话：不是有效的手机号（11 位，1[3-9] 开头）", 20);
    assert!(lines.len() > 1);
    assert!(lines.iter().all(|l| cells(l) <= 20), "{lines:?}");
    assert!(lines[0].starts_with("! "));
    let lines = crate::ui::form::message_lines("Phone: is not a mainland mobile number", 16);
    assert!(lines.iter().all(|l| cells(l) <= 16), "{lines:?}");
    assert!(
        lines.iter().any(|l| l.contains("mainland")),
        "words are kept whole: {lines:?}"
    );
    assert_eq!(h_scroll("张建国", 3, 6), (1, 4));
    assert_eq!(h_scroll("张建国", 3, 7), (0, 6));
    assert_eq!(h_scroll("", 0, 0), (0, 0));
}
