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
