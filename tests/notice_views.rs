//! The board's notice column as a duty leader sees it: each summons' notice as a mark and a
//! word (已通知 ✓, 通知失败 !, 未配置 –, 发送中 ~), snapshots in Chinese and English at 80x24
//! and 200x50, and in ASCII.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::screen::{LANGS, SIZES, draw, lines, screen, tag};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::board::BoardData;
use yidi::app::state::State;
use yidi::app::update::update;
use yidi::domain::Summons;
use yidi::domain::clock::TZ;
use yidi::domain::notice::NoticeState;
use yidi::domain::validation::Lang;
use yidi::store::BoardRow;

fn beijing(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + n)
}

fn board() -> BoardData {
    let rows = [
        ("人社局", NoticeState::Sent),
        ("住建局", NoticeState::Failed),
        ("总工会", NoticeState::Unconfigured),
        ("司法局", NoticeState::Pending),
    ]
    .into_iter()
    .enumerate()
    .map(|(i, (name, notice))| {
        let n = i as u128;
        let mut s = Summons::new(id(200), id(100 + n), beijing(9, 10 + i as u32), 30);
        s.id = id(300 + n);
        s.reason = "欠薪".into();
        BoardRow {
            summons: s,
            department: name.into(),
            case_no: "YD20261123-0007".into(),
            room: None,
            notice: Some(notice),
        }
    })
    .collect();
    BoardData {
        rows,
        ..Default::default()
    }
}

fn on_board(lang: Lang, ascii: bool) -> State {
    let mut s = common::screen::county_console(id(1), lang, "default", beijing(9, 20));
    s.session = Some(common::screen::operator("wangmin", "reception,duty_leader"));
    s.ascii = ascii;
    update(&mut s, Action::BoardLoaded(Box::new(board())));
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::F(11), KeyModifiers::NONE)),
    );
    s
}

#[test]
fn the_board_says_whether_each_department_was_told() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut s = on_board(lang, false);
            let terminal = draw(&mut s, w, h);
            let name = format!("notices_{}_{w}x{h}", tag(lang));
            insta::assert_snapshot!(name, screen(&terminal));
        }
    }
    let mut s = on_board(Lang::Zh, false);
    let text = lines(draw(&mut s, 200, 50).backend().buffer()).join("\n");
    for word in ["✓已通知", "!通知失败", "–未配置", "~发送中"] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
    let row = text.lines().find(|l| l.contains("住建局 ")).unwrap();
    assert!(
        row.contains("!通知失败"),
        "on the department's own row: {row}"
    );
    let mut s = on_board(Lang::En, true);
    let text = lines(draw(&mut s, 200, 50).backend().buffer()).join("\n");
    for word in ["+sent", "!failed", "-not set"] {
        assert!(text.contains(word), "{word} missing:\n{text}");
    }
}

/// A receipt of scenario 1's case, as the window just saved it.
fn receipt() -> yidi::store::IntakeReceipt {
    use yidi::domain::case::{CaseState, Channel, Lanes};
    let day_end = |d: u32| {
        TZ.with_ymd_and_hms(2026, 11, d, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    yidi::store::IntakeReceipt {
        case: yidi::domain::Case {
            id: id(900),
            centre_id: id(1),
            case_no: "YD20261123-0007".into(),
            tracking_token: Uuid::from_u128(0x3f2a_9c41_7d0e_4b5a_8e61_2c9d_04b7_a1f3),
            channel: Channel::WalkIn,
            category: "劳动争议/欠薪".into(),
            description: "十二名工人被拖欠工资三个月".into(),
            state: CaseState::Registered,
            stream: None,
            handling: None,
            level: None,
            lead_department: None,
            first_handler: None,
            group_batches: 1,
            group_persons: 12,
            lanes: Lanes::default(),
            court_case_no: None,
            repeat_of: None,
            outcome_note: None,
            received_at: beijing(8, 47),
            deadlines: yidi::domain::Deadlines {
                accept: day_end(24),
                convene: day_end(25),
                reply: day_end(30),
            },
            marks: Default::default(),
            court: Default::default(),
            closed_at: None,
            version: 1,
        },
        ticket: None,
        created: true,
    }
}

#[test]
fn with_a_public_address_the_receipts_qr_code_still_fits_80x24() {
    for lang in LANGS {
        for (w, h) in SIZES {
            let mut s = common::screen::county_console(id(1), lang, "default", beijing(8, 48));
            s.session = Some(common::screen::operator("wangmin", "reception"));
            s.public_url = Some("http://10.20.1.5:8080".into());
            update(&mut s, Action::IntakeSaved(Box::new(receipt())));
            let terminal = draw(&mut s, w, h);
            let name = format!("receipt_url_{}_{w}x{h}", tag(lang));
            // `screen` also fails on any glyph drawn over half of a wide one.
            insta::assert_snapshot!(name, screen(&terminal));
            let text = lines(terminal.backend().buffer()).join("\n");
            assert!(text.contains("YD20261123-0007"), "{text}");
            assert!(
                text.contains('█') || text.contains('▀'),
                "the QR code is drawn:\n{text}"
            );
        }
    }
}

#[test]
fn an_undelivered_whistle_shows_on_the_escalation_strip_of_every_screen() {
    for lang in LANGS {
        let mut s = common::screen::county_console(id(1), lang, "default", beijing(9, 20));
        s.session = Some(common::screen::operator("wangmin", "reception"));
        update(&mut s, Action::BoardLoaded(Box::new(board())));
        let text = lines(draw(&mut s, 80, 24).backend().buffer()).join("\n");
        let want = match lang {
            Lang::Zh => "! 吹哨通知未送达（1）：请电话通知住建局（YD20261123-0007）",
            Lang::En => "! Notice not delivered (1): phone 住建局 about YD20261123-0007",
        };
        assert!(text.contains(want), "{text}");
    }
}
