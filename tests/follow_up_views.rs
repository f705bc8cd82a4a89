//! The follow-up tab (回访) and its form as the window sees them: drawn from a fixed state on
//! ratatui's `TestBackend`, snapshots in Chinese and English at 80x24 and 200x50, and the
//! checks a person would make (worst overdue first, state in words, the form's questions).

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::screen::{LANGS, SIZES, draw, lines, screen, tag};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command};
use yidi::app::finish::{FinishAction, FinishCommand};
use yidi::app::follow_up::FollowUpRecord;
use yidi::app::state::{Overlay, State, Tab};
use yidi::app::update::update;
use yidi::domain::clock::TZ;
use yidi::domain::follow_up::{Method, ProblemKind, Satisfaction};
use yidi::domain::validation::Lang;
use yidi::store::FollowUpRow;

fn beijing(d: u32, h: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, d, h, 0, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    beijing(27, 10)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + n)
}

/// A closing of case `n`, closed on day `closed` and due three days later.
fn row(n: u128, closed: u32, category: &str) -> FollowUpRow {
    let closed_at = beijing(closed, 16);
    FollowUpRow {
        closing_id: id(100 + n),
        case_id: id(n),
        case_no: format!("YD202611{closed:02}-{n:04}"),
        category: category.into(),
        case_version: 7,
        closed_at,
        summary: "已办结".into(),
        due: TZ
            .with_ymd_and_hms(2026, 11, closed + 4, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc),
        tries: 0,
        unreachable_at: None,
        followed_up_at: None,
        reopened_at: None,
        satisfaction: None,
        method: None,
        problem: None,
        department: None,
    }
}

/// One follow-up in every state, in the order the store sorts them (worst first).
fn rows() -> Vec<FollowUpRow> {
    let overdue = row(1, 20, "劳动争议");
    let today = row(2, 24, "邻里纠纷");
    let due = row(3, 25, "婚姻家庭");
    let mut unreachable = row(4, 20, "物业纠纷");
    unreachable.tries = 3;
    unreachable.unreachable_at = Some(beijing(25, 9));
    let mut reopened = row(5, 19, "劳动争议");
    reopened.followed_up_at = Some(beijing(24, 9));
    reopened.reopened_at = Some(beijing(24, 9));
    reopened.satisfaction = Some(Satisfaction::Dissatisfied);
    reopened.method = Some(Method::Phone);
    let mut routed = row(6, 19, "劳动争议");
    routed.followed_up_at = Some(beijing(24, 10));
    routed.reopened_at = Some(beijing(24, 10));
    routed.satisfaction = Some(Satisfaction::Fair);
    routed.problem = Some(ProblemKind::Individual);
    routed.department = Some("人社局".into());
    let mut done = row(7, 20, "邻里纠纷");
    done.followed_up_at = Some(beijing(23, 9));
    done.satisfaction = Some(Satisfaction::Satisfied);
    vec![overdue, today, due, unreachable, reopened, routed, done]
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn on_follow_ups(lang: Lang) -> State {
    let mut s = common::screen::county_console(id(900), lang, "default", now());
    s.session = Some(common::screen::operator("lina", "reception,mediator"));
    let cmds = update(&mut s, ctrl('v'));
    assert_eq!(s.tab, Tab::FollowUps);
    assert_eq!(cmds, [Command::Finish(FinishCommand::LoadFollowUps)]);
    update(
        &mut s,
        Action::Finish(FinishAction::FollowUpsLoaded {
            rows: rows(),
            departments: vec![(id(50), "人社局".into()), (id(51), "住建局".into())],
        }),
    );
    s
}

fn snapshot(name: &str, lang: Lang, (w, h): (u16, u16), terminal: &Terminal<TestBackend>) {
    let name = format!("{name}_{}_{w}x{h}", tag(lang));
    insta::assert_snapshot!(name, screen(terminal));
}

#[test]
fn the_follow_up_list_in_every_state() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = on_follow_ups(lang);
            snapshot("follow_ups", lang, size, &draw(&mut s, size.0, size.1));
        }
    }
}

#[test]
fn the_list_says_each_state_in_a_word_worst_first_at_80x24() {
    let mut s = on_follow_ups(Lang::Zh);
    // The rows, below the header, the tabs and the list's title.
    let text = lines(draw(&mut s, 80, 24).backend().buffer())[4..].join("\n");
    let order: Vec<usize> = ["逾期", "今日到期", "待回访", "联系不上", "已重办", "已回访"]
        .iter()
        .map(|w| {
            text.find(w)
                .unwrap_or_else(|| panic!("{w} missing:\n{text}"))
        })
        .collect();
    assert!(order.windows(2).all(|p| p[0] < p[1]), "{order:?}\n{text}");
    assert!(text.contains("个性→人社局"), "{text}");
    assert!(text.contains("3 次未联系上"), "{text}");
}

fn with_form(lang: Lang) -> State {
    let mut s = on_follow_ups(lang);
    update(&mut s, key(KeyCode::Enter));
    assert!(matches!(s.overlay, Some(Overlay::FollowUp(_))));
    s
}

#[test]
fn the_follow_up_form() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = with_form(lang);
            // Reached, 不满意, a 个性 problem for 人社局: every question shows.
            for k in [
                KeyCode::Tab,
                KeyCode::Tab,
                KeyCode::Left,
                KeyCode::Tab,
                KeyCode::Right,
            ] {
                update(&mut s, key(k));
            }
            update(&mut s, key(KeyCode::Enter));
            snapshot("follow_up_form", lang, size, &draw(&mut s, size.0, size.1));
        }
    }
}

#[test]
fn a_dissatisfied_answer_asks_why_then_records_and_keeps_nothing_typed_from_being_lost() {
    let mut s = with_form(Lang::Zh);
    for k in [KeyCode::Tab, KeyCode::Tab, KeyCode::Left] {
        update(&mut s, key(k));
    }
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "remarks missing"
    );
    let text = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
    assert!(text.contains("! 备注不能为空"), "{text}");
    for c in "还有两人未领到".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    let cmds = update(&mut s, key(KeyCode::Enter));
    let [Command::Finish(FinishCommand::Record(FollowUpRecord::Visit { visit, version }))] =
        cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(*version, 7);
    assert_eq!(visit.satisfaction, Satisfaction::Dissatisfied);
    assert_eq!(visit.note, "还有两人未领到");
    assert!(visit.reopens());
    // Refused: the form stays with what was typed; saved: the list reloads.
    update(
        &mut s,
        Action::Finish(FinishAction::FollowUpRefused("版本冲突".into())),
    );
    let Some(Overlay::FollowUp(form)) = &s.overlay else {
        panic!("form kept")
    };
    assert_eq!(form.kit.text("remarks"), "还有两人未领到");
    let cmds = update(
        &mut s,
        Action::Finish(FinishAction::FollowUpSaved("已记录".into())),
    );
    assert!(s.overlay.is_none());
    assert_eq!(cmds, [Command::Finish(FinishCommand::LoadFollowUps)]);
}

#[test]
fn a_finished_follow_up_is_not_recorded_twice() {
    let mut s = on_follow_ups(Lang::En);
    for _ in 0..6 {
        update(&mut s, key(KeyCode::Down));
    }
    assert_eq!(s.follow_ups.selected, 6);
    update(&mut s, key(KeyCode::Enter));
    assert!(s.overlay.is_none());
    assert!(s.notice.as_ref().unwrap().text.contains("done"));
    let cmds = update(&mut s, ctrl('e'));
    assert_eq!(cmds, [Command::LoadCaseFile(id(7))]);
}

#[test]
fn help_finds_follow_up_and_closing() {
    for (word, bound) in [
        ("回访", "Ctrl-V"),
        ("结案", "Ctrl-D"),
        ("重新办理", "Ctrl-P"),
    ] {
        let mut s = on_follow_ups(Lang::Zh);
        update(&mut s, key_f1());
        for c in word.chars() {
            update(&mut s, key(KeyCode::Char(c)));
        }
        let text = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
        assert!(text.contains(bound), "{word}: {text}");
    }
}

fn key_f1() -> Action {
    key(KeyCode::F(1))
}
