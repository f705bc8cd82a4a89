//! The lines around every panel: a long notice is never cut, and a key is offered only to
//! who may use it.

mod common;

use chrono::{TimeZone, Utc};
use common::screen::{county_console, draw, lines, operator};
use yidi::app::state::Notice;
use yidi::domain::validation::Lang;

#[test]
fn a_notice_longer_than_the_screen_wraps_and_keeps_every_word() {
    let now = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 13, 30, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut s = county_console(uuid::Uuid::nil(), Lang::Zh, "default", now);
    s.session = Some(operator("wangmin", "reception"));
    let text = "重复访：此人有 3 件既往案件，最近一件 YD20261102-0031（征地补偿，调解不成），保存时将关联为重复访。";
    s.notice = Some(Notice {
        text: text.into(),
        error: false,
    });
    let terminal = draw(&mut s, 80, 24);
    let screen: String = lines(terminal.backend().buffer())
        .iter()
        .map(|l| l.trim_end().to_string())
        .collect();
    let squeezed: String = screen.chars().filter(|c| !c.is_whitespace()).collect();
    let wanted: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squeezed.contains(&wanted), "{screen}");
}

#[test]
fn a_console_whose_clock_is_off_says_so_beside_the_time() {
    let now = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 9, 40, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut s = county_console(uuid::Uuid::nil(), Lang::Zh, "default", now);
    s.session = Some(operator("wangmin", "reception"));
    let head = |s: &mut yidi::app::state::State| {
        let terminal = draw(s, 200, 50);
        lines(terminal.backend().buffer())[0].clone()
    };
    assert!(!head(&mut s).contains("偏差"));
    yidi::app::update::update(
        &mut s,
        yidi::app::action::Action::ClockMeasured(chrono::Duration::seconds(90)),
    );
    let line = head(&mut s);
    assert!(
        line.contains("本机时钟偏差 90 秒") && line.contains("09:40"),
        "{line}"
    );
}

#[test]
fn the_chinese_timeline_reads_in_chinese() {
    let now = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 9, 40, 0)
        .unwrap()
        .with_timezone(&Utc);
    let mut s = county_console(uuid::Uuid::nil(), Lang::Zh, "default", now);
    s.session = Some(operator("wangmin", "reception"));
    let case = common::screen::walk_in_case(uuid::Uuid::nil(), now);
    let entry = |id: i64, action: &str, detail: &str| yidi::domain::JournalEntry {
        id,
        centre_id: uuid::Uuid::nil(),
        case_id: Some(case.id),
        at: now,
        actor: "王敏".into(),
        action: action.into(),
        detail: detail.into(),
    };
    let file = yidi::app::detail::CaseFile {
        journal: vec![
            entry(
                1,
                "intake",
                "channel walk_in; category 劳动争议/欠薪; persons 12 in 1 batch(es); parties applicant:张*国 id 1101********002X",
            ),
            entry(2, "whistle", "whistled 住建局, due in 40 min: 欠薪"),
            entry(3, "arrive", "arrived after 7 min"),
            entry(4, "resolve", "in_session → resolved: 协议 2026-017"),
        ],
        ..yidi::app::detail::CaseFile::of(case)
    };
    yidi::app::update::update(
        &mut s,
        yidi::app::action::Action::CaseFileLoaded(Box::new(file)),
    );
    let mut text = String::new();
    for _ in 0..6 {
        let terminal = draw(&mut s, 200, 50);
        text += &lines(terminal.backend().buffer()).join("\n");
        yidi::app::update::update(
            &mut s,
            yidi::app::action::Action::Key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::PageDown,
                ratatui::crossterm::event::KeyModifiers::NONE,
            )),
        );
    }
    for zh in [
        "渠道 来访",
        "12 人次",
        "吹哨 住建局，须于 40 分钟内报到：欠薪",
        "7 分钟后报到",
        "已化解：协议 2026-017",
    ] {
        assert!(text.contains(zh), "{zh} missing:\n{text}");
    }
    for en in ["walk_in", "batch(es)", "arrived after", "whistled"] {
        assert!(!text.contains(en), "{en} on a Chinese screen:\n{text}");
    }
}

#[test]
fn the_tab_line_never_cuts_a_tab_and_always_shows_the_open_one() {
    let now = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 9, 40, 0)
        .unwrap()
        .with_timezone(&Utc);
    for lang in [Lang::Zh, Lang::En] {
        let mut s = county_console(uuid::Uuid::nil(), lang, "default", now);
        // An administrator sees every tab, the audit view's too.
        s.session = Some(operator("admin", "admin"));
        yidi::app::update::update(
            &mut s,
            yidi::app::action::Action::Key(ratatui::crossterm::event::KeyEvent::new(
                ratatui::crossterm::event::KeyCode::Char('y'),
                ratatui::crossterm::event::KeyModifiers::CONTROL,
            )),
        );
        let terminal = draw(&mut s, 80, 24);
        let rows = lines(terminal.backend().buffer());
        let tabs = rows
            .iter()
            .find(|l| l.contains("F3 "))
            .expect("the tab line");
        let open = tabs.find("[Ctrl-Y ").expect("the open tab shows");
        assert!(tabs[open..].contains(']'), "the open tab is whole: {tabs}");
        // Every label on the line is whole: each bracket or key starts a whole tab.
        assert!(!tabs.trim_end().ends_with("Ctrl-"), "a cut label: {tabs}");
    }
}
