//! What the window operator sees: the views rendered on ratatui's `TestBackend` from a fixed
//! state (no database), as insta snapshots in Chinese and English at 80x24 and 200x50, plus
//! plain assertions of what a person would check on the screen.
//!
//! Snapshots are the screen text, one quoted line per terminal row (ratatui's own
//! `TestBackend` text without its "hidden by multi-width symbols" notes, which list every
//! second half of a Chinese character). A hidden cell that is not blank means something was
//! drawn over half a wide character: every screen is checked for that, and for rows wider
//! than the terminal.

mod common;

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use common::screen::{LANGS, SIZES, defects, draw, lines, screen, tag};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::CellWidth;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::Color;
use std::cell::Cell;
use std::panic::AssertUnwindSafe;
use std::sync::Once;
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::draft::{Draft, DraftParty};
use yidi::app::state::{Connection, State};
use yidi::app::update::update;
use yidi::domain::case::{CaseState, Channel, Lanes, Level};
use yidi::domain::clock::TZ;
use yidi::domain::sla::Deadlines;
use yidi::domain::ticket::{Ticket, TicketState};
use yidi::domain::validation::Lang;
use yidi::domain::{Case, Centre};
use yidi::store::{IntakeReceipt, QueueRow};
use yidi::theme::Theme;

const CENTRE_ID: Uuid = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0001);
const WINDOW: &str = "1号窗口";

/// Beijing wall-clock time on Monday 23 November 2026.
fn beijing(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    beijing(9, 40)
}

fn centre() -> Centre {
    Centre {
        id: CENTRE_ID,
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    }
}

fn ticket_id(seq: i32) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0001_0000 + seq as u128)
}

fn case_id(seq: i32) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0002_0000 + seq as u128)
}

struct R {
    seq: i32,
    name: &'static str,
    category: &'static str,
    channel: Channel,
    state: TicketState,
    issued: (u32, u32),
    called: Option<(u32, u32)>,
    lanes: Lanes,
    persons: i32,
    repeat: bool,
}

fn row(r: R) -> QueueRow {
    QueueRow {
        ticket_id: ticket_id(r.seq),
        seq: r.seq,
        lanes: r.lanes,
        state: r.state,
        window: r.called.map(|_| WINDOW.to_string()),
        issued_at: beijing(r.issued.0, r.issued.1),
        called_at: r.called.map(|(h, m)| beijing(h, m)),
        version: 10 + r.seq,
        case_id: case_id(r.seq),
        case_no: format!("YD20261123-{:04}", r.seq),
        category: r.category.into(),
        channel: r.channel,
        group_batches: 1,
        group_persons: r.persons,
        applicant: r.name.into(),
        repeat: r.repeat,
    }
}

const NONE: Lanes = Lanes {
    elderly_disabled: false,
    group_visit: false,
    emotional_risk: false,
};

/// Eight tickets: five waiting (one of them 50 minutes, the only wait over 30), one called to
/// this window, one no-show, one served. Lanes: group 1/12, elderly, emotional risk (a repeat).
fn rows() -> Vec<QueueRow> {
    use TicketState::*;
    vec![
        row(R {
            seq: 1,
            name: "孙德华",
            category: "邻里纠纷",
            channel: Channel::CourtReferral,
            state: Served,
            issued: (8, 40),
            called: Some((9, 0)),
            lanes: NONE,
            persons: 1,
            repeat: false,
        }),
        row(R {
            seq: 2,
            name: "张建国",
            category: "劳动争议/欠薪",
            channel: Channel::WalkIn,
            state: Waiting,
            issued: (8, 50),
            called: None,
            lanes: Lanes {
                group_visit: true,
                ..NONE
            },
            persons: 12,
            repeat: false,
        }),
        row(R {
            seq: 3,
            name: "陈志强",
            category: "劳动争议/欠薪",
            channel: Channel::WalkIn,
            state: Called,
            issued: (8, 55),
            called: Some((9, 30)),
            lanes: NONE,
            persons: 1,
            repeat: false,
        }),
        row(R {
            seq: 4,
            name: "赵玉梅",
            category: "征地补偿",
            channel: Channel::WalkIn,
            state: NoShow,
            issued: (9, 0),
            called: Some((9, 20)),
            lanes: NONE,
            persons: 1,
            repeat: false,
        }),
        row(R {
            seq: 5,
            name: "刘桂英",
            category: "邻里纠纷",
            channel: Channel::WalkIn,
            state: Waiting,
            issued: (9, 12),
            called: None,
            lanes: Lanes {
                elderly_disabled: true,
                ..NONE
            },
            persons: 1,
            repeat: false,
        }),
        row(R {
            seq: 6,
            name: "杨树林",
            category: "征地补偿",
            channel: Channel::WalkIn,
            state: Waiting,
            issued: (9, 15),
            called: None,
            lanes: Lanes {
                emotional_risk: true,
                ..NONE
            },
            persons: 1,
            repeat: true,
        }),
        row(R {
            seq: 7,
            name: "王秀兰",
            category: "邻里纠纷",
            channel: Channel::CourtReferral,
            state: Waiting,
            issued: (9, 25),
            called: None,
            lanes: NONE,
            persons: 1,
            repeat: false,
        }),
        row(R {
            seq: 8,
            name: "周丽",
            category: "劳动争议/欠薪",
            channel: Channel::WalkIn,
            state: Waiting,
            issued: (9, 35),
            called: None,
            lanes: NONE,
            persons: 1,
            repeat: false,
        }),
    ]
}

fn state_with(lang: Lang, theme: &str) -> State {
    let mut s = State::new(
        centre(),
        "王敏".into(),
        WINDOW.into(),
        lang,
        Theme::builtin(theme).expect("built-in theme"),
        now(),
    );
    // Signed in as the window's operator, a receptionist who is also on duty as leader.
    s.session = Some(common::screen::operator("wangmin", "reception,duty_leader"));
    update(&mut s, Action::QueueLoaded(rows()));
    s
}

fn state(lang: Lang) -> State {
    state_with(lang, "default")
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn type_text(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(KeyCode::Char(c)));
    }
}

/// F2, then a name and a resident ID whose check digit is wrong (should be X).
fn with_bad_intake(s: &mut State) {
    update(s, key(KeyCode::F(2)));
    update(s, key(KeyCode::Tab)); // category
    update(s, key(KeyCode::Tab)); // applicant 1: name
    type_text(s, "张建国");
    update(s, key(KeyCode::Tab)); // resident ID
    type_text(s, "110105194912310021");
}

fn receipt() -> IntakeReceipt {
    let case_id = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0c07);
    let deadline = |m: u32, d: u32| {
        TZ.with_ymd_and_hms(2026, m, d, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    IntakeReceipt {
        case: Case {
            id: case_id,
            centre_id: CENTRE_ID,
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
            lanes: Lanes {
                group_visit: true,
                ..NONE
            },
            court_case_no: None,
            repeat_of: None,
            outcome_note: None,
            received_at: now(),
            deadlines: Deadlines {
                accept: deadline(11, 24),
                convene: deadline(11, 25),
                reply: deadline(12, 2),
            },
            marks: Default::default(),
            court: Default::default(),
            closed_at: None,
            version: 1,
        },
        ticket: Some(Ticket {
            id: ticket_id(7),
            centre_id: CENTRE_ID,
            case_id,
            day: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            seq: 7,
            lanes: Lanes {
                group_visit: true,
                ..NONE
            },
            state: TicketState::Waiting,
            window: None,
            issued_at: now(),
            called_at: None,
            version: 1,
        }),
        created: true,
    }
}

/// A draft left by a dropped session.
fn draft() -> Draft {
    Draft {
        intake_id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0d01),
        saved_at: beijing(9, 31),
        operator: "wangmin".into(),
        channel: "walk_in".into(),
        category: "邻里纠纷".into(),
        group_batches: "1".into(),
        group_persons: "1".into(),
        elderly_disabled: true,
        emotional_risk: false,
        group_visit: false,
        handling: String::new(),
        court_case_no: String::new(),
        description: "邻居在公共通道堆放杂物".into(),
        focus: 3,
        parties: vec![DraftParty {
            role: "applicant".into(),
            name: "刘桂英".into(),
            resident_id: String::new(),
            phone: "13800138000".into(),
            address: "城关镇东关村".into(),
            is_organisation: false,
        }],
    }
}

// ----- drawing and reading the screen -----

fn snapshot(name: &str, lang: Lang, (w, h): (u16, u16), terminal: &Terminal<TestBackend>) {
    let name = format!("{name}_{}_{w}x{h}", tag(lang));
    insta::assert_snapshot!(name, screen(terminal));
}

// ----- snapshots -----

#[test]
fn queue() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            let t = draw(&mut s, size.0, size.1);
            snapshot("queue", lang, size, &t);
        }
    }
}

#[test]
fn intake_form_with_a_wrong_resident_id() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            with_bad_intake(&mut s);
            let t = draw(&mut s, size.0, size.1);
            snapshot("intake_bad_id", lang, size, &t);
        }
    }
}

#[test]
fn help_overlay() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            update(&mut s, key(KeyCode::F(1)));
            let t = draw(&mut s, size.0, size.1);
            snapshot("help", lang, size, &t);
        }
    }
}

#[test]
fn receipt_overlay() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            update(&mut s, Action::IntakeSaved(Box::new(receipt())));
            let t = draw(&mut s, size.0, size.1);
            snapshot("receipt", lang, size, &t);
        }
    }
}

/// Under `--ascii` the receipt draws no QR code (half blocks have no ASCII form, and a code
/// of marks scans as nothing); the tracking code is in its text.
#[test]
fn the_receipt_under_ascii_is_ascii_and_keeps_the_tracking_code() {
    for lang in LANGS {
        let mut s = state(lang);
        s.ascii = true;
        update(&mut s, Action::IntakeSaved(Box::new(receipt())));
        let t = draw(&mut s, 80, 24);
        let text = screen(&t);
        let odd: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii() && !('\u{4e00}'..='\u{9fff}').contains(c))
            .filter(|c| !"（）：，。、“”".contains(*c))
            .collect();
        assert!(odd.is_empty(), "non-ASCII marks {odd:?}:\n{text}");
        assert!(text.contains("YIDI:"), "the tracking code stays:\n{text}");
    }
}

#[test]
fn too_small() {
    for lang in LANGS {
        for size in [(79, 24), (40, 10)] {
            let mut s = state(lang);
            let t = draw(&mut s, size.0, size.1);
            snapshot("too_small", lang, size, &t);
        }
    }
}

#[test]
fn connection_lost() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            update(&mut s, Action::StoreLost);
            let t = draw(&mut s, size.0, size.1);
            snapshot("lost", lang, size, &t);
        }
    }
}

#[test]
fn queue_in_mono() {
    for lang in LANGS {
        let mut s = state_with(lang, "mono");
        let t = draw(&mut s, 80, 24);
        snapshot("queue_mono", lang, (80, 24), &t);
    }
}

// ----- what a person checks on the screen -----

/// A view by name: what to do to a fresh state to show it.
type View = (&'static str, fn(&mut State));

fn find<'a>(lines: &'a [String], needle: &str) -> Option<&'a String> {
    lines.iter().find(|l| l.contains(needle))
}

#[test]
fn the_header_shows_who_waits_and_the_longest_wait_shows() {
    let mut s = state(Lang::Zh);
    let waiting = s
        .queue
        .rows
        .iter()
        .filter(|r| r.state == TicketState::Waiting)
        .count();
    assert_eq!(waiting, 5);
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    assert!(
        l[0].contains(&format!("等候 {waiting}")),
        "header: {}",
        l[0]
    );
    assert!(l[0].contains("09:40"), "the clock shows: {}", l[0]);
    assert!(
        l.iter().any(|l| l.contains("最长等候 50分")),
        "the longest wait shows:\n{}",
        l.join("\n")
    );
    // The 50-minute wait is marked in its row too (text, not only colour).
    let a002 = find(&l, "A002").expect("A002 on screen");
    assert!(a002.contains("50!"), "{a002}");

    let mut s = state(Lang::En);
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    assert!(l[0].contains("waiting 5"), "header: {}", l[0]);
    assert!(
        l.iter().any(|l| l.contains("longest 50min")),
        "{}",
        l.join("\n")
    );
}

#[test]
fn the_selected_row_has_a_marker_and_moves_with_the_arrows() {
    let mut s = state(Lang::Zh);
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    let marked: Vec<&String> = l.iter().filter(|l| l.starts_with("│>")).collect();
    assert_eq!(
        marked.len(),
        1,
        "exactly one row is selected:\n{}",
        l.join("\n")
    );
    // Emotional risk is called first.
    assert!(marked[0].contains("A006"), "{}", marked[0]);
    update(&mut s, key(KeyCode::Down));
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    let marked: Vec<&String> = l.iter().filter(|l| l.starts_with("│>")).collect();
    assert_eq!(marked.len(), 1);
    assert!(marked[0].contains("A005"), "then elderly: {}", marked[0]);
}

#[test]
fn no_line_is_wider_than_the_terminal_in_any_view() {
    let views: [View; 6] = [
        ("queue", |_| {}),
        ("intake", with_bad_intake),
        ("help", |s| {
            update(s, key(KeyCode::F(1)));
        }),
        ("receipt", |s| {
            update(s, Action::IntakeSaved(Box::new(receipt())));
        }),
        ("lost", |s| {
            update(s, Action::StoreLost);
        }),
        ("discard", |s| {
            with_bad_intake(s);
            update(s, key(KeyCode::Esc));
        }),
    ];
    for (name, setup) in views {
        for lang in LANGS {
            for (w, h) in [
                (80, 24),
                (100, 30),
                (159, 44),
                (160, 45),
                (200, 50),
                (79, 24),
                (40, 10),
            ] {
                let mut s = state(lang);
                setup(&mut s);
                let t = draw(&mut s, w, h);
                let d = defects(t.backend().buffer());
                assert!(d.is_empty(), "{name} {lang:?} {w}x{h}:\n{}", d.join("\n"));
            }
        }
    }
}

#[test]
fn the_intake_form_shows_the_error_keeps_the_text_and_puts_the_cursor_in_the_field() {
    for (lang, field) in [(Lang::Zh, "身份证号"), (Lang::En, "Resident ID")] {
        for (w, h) in SIZES {
            let mut s = state(lang);
            with_bad_intake(&mut s);
            let mut t = draw(&mut s, w, h);
            let l = lines(t.backend().buffer());
            let all = l.join("\n");
            assert!(
                all.contains("张建国"),
                "{lang:?} {w}x{h}: the name shows\n{all}"
            );
            let id_row = l
                .iter()
                .position(|r| r.contains("110105194912310021"))
                .unwrap_or_else(|| panic!("{lang:?} {w}x{h}: the wrong ID is kept\n{all}"));
            assert!(l[id_row].contains(field), "{}", l[id_row]);
            // The error names the field, and not the character that would pass.
            let under = l[id_row + 1..=id_row + 2].join(" ");
            assert!(
                under.contains('!') && under.contains(field) && !under.contains('X'),
                "{lang:?} {w}x{h}: no error under the ID\n{all}"
            );
            // The terminal cursor (where the IME opens) is at the end of the ID.
            let pos = t.get_cursor_position().unwrap();
            assert_eq!(usize::from(pos.y), id_row, "{lang:?} {w}x{h}");
            let before: String = l[id_row].chars().collect();
            let end = before.find("110105194912310021").unwrap() + 18;
            let end_cells = before[..end].cell_width();
            assert_eq!(pos.x, end_cells, "{lang:?} {w}x{h}: cursor after the ID");
        }
    }
}

#[test]
fn every_row_reads_without_colour_in_mono() {
    for lang in LANGS {
        let mut mono = state_with(lang, "mono");
        let t = draw(&mut mono, 80, 24);
        let buf = t.backend().buffer();
        for c in &buf.content {
            assert!(
                matches!(c.fg, Color::Reset) && matches!(c.bg, Color::Reset),
                "mono uses no colour: {c:?}"
            );
        }
        let l = lines(buf);
        let all = l.join("\n");
        let (waiting, called, no_show, served, risk, elderly, group) = match lang {
            Lang::Zh => (
                "等候",
                "已叫号",
                "过号",
                "已接待",
                "!情绪",
                "+老弱",
                "+群体",
            ),
            Lang::En => (
                "waiting", "called", "no-show", "served", "!risk", "+elderly", "+group",
            ),
        };
        let visible = mono.queue.visible();
        assert_eq!(visible.len(), 8);
        for (i, r) in visible.iter().enumerate() {
            let line =
                find(&l, &r.code()).unwrap_or_else(|| panic!("{} on screen\n{all}", r.code()));
            let state_text = match r.state {
                TicketState::Waiting => waiting,
                TicketState::Called => called,
                TicketState::NoShow => no_show,
                TicketState::Served => served,
            };
            assert!(
                line.contains(state_text),
                "{lang:?} {}: state {state_text:?} in {line:?}",
                r.code()
            );
            let lane = if r.lanes.emotional_risk {
                Some(risk)
            } else if r.lanes.elderly_disabled {
                Some(elderly)
            } else if r.lanes.group_visit {
                Some(group)
            } else {
                None
            };
            if let Some(lane) = lane {
                assert!(
                    line.contains(lane),
                    "{lang:?} {}: lane {lane:?} in {line:?}",
                    r.code()
                );
            }
            for mark in [risk, elderly, group] {
                if Some(mark) != lane {
                    assert!(
                        !line.contains(mark),
                        "{lang:?} {}: {mark:?} in {line:?}",
                        r.code()
                    );
                }
            }
            assert_eq!(line.starts_with("│>"), i == mono.queue.selected, "{line}");
            assert_eq!(line.contains('↻'), r.repeat, "{lang:?} repeat mark: {line}");
        }
        // The colour theme adds nothing a mono screen does not say in text.
        let mut colour = state_with(lang, "default");
        let t2 = draw(&mut colour, 80, 24);
        assert_eq!(l, lines(t2.backend().buffer()));
    }
}

#[test]
fn the_connection_banner_says_since_when_and_that_input_is_kept() {
    let mut s = state(Lang::Zh);
    update(&mut s, Action::StoreLost);
    assert!(matches!(s.connection, Connection::Lost { .. }));
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    assert!(l[1].starts_with("! "), "{}", l[1]);
    assert!(l[1].contains("09:40:00"), "{}", l[1]);
}

#[test]
fn the_too_small_screen_says_the_size_needed_and_the_size_now() {
    for (lang, w, h) in [(Lang::Zh, 79, 24), (Lang::En, 40, 10), (Lang::Zh, 80, 23)] {
        let mut s = state(lang);
        let t = draw(&mut s, w, h);
        let all = lines(t.backend().buffer()).join("");
        assert!(all.contains("80×24"), "{all}");
        assert!(all.contains(&format!("{w}×{h}")), "{all}");
    }
}

// ----- no size makes it panic -----

thread_local!(static QUIET: Cell<bool> = const { Cell::new(false) });

/// Runs `f`, catching a panic without printing it (other threads' panics still print).
fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
    QUIET.with(|q| q.set(true));
    let result = std::panic::catch_unwind(AssertUnwindSafe(f));
    QUIET.with(|q| q.set(false));
    result.map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// "2x13-40 3x2-40 1-80x1-2": sizes grouped by width, heights as ranges, and neighbouring
/// widths with the same heights merged.
fn ranges(sizes: &[(u16, u16)]) -> String {
    let span = |a: u16, b: u16| {
        if a == b {
            a.to_string()
        } else {
            format!("{a}-{b}")
        }
    };
    // Heights of each width, as text.
    let mut by_width: Vec<(u16, String)> = Vec::new();
    let mut i = 0;
    while i < sizes.len() {
        let w = sizes[i].0;
        let mut parts = Vec::new();
        while i < sizes.len() && sizes[i].0 == w {
            let h0 = sizes[i].1;
            let mut h1 = h0;
            while i + 1 < sizes.len() && sizes[i + 1] == (w, h1 + 1) {
                i += 1;
                h1 += 1;
            }
            parts.push(span(h0, h1));
            i += 1;
        }
        by_width.push((w, parts.join(",")));
    }
    let mut out: Vec<String> = Vec::new();
    let mut j = 0;
    while j < by_width.len() {
        let (w0, ref hs) = by_width[j];
        let mut w1 = w0;
        while j + 1 < by_width.len() && by_width[j + 1].0 == w1 + 1 && by_width[j + 1].1 == *hs {
            j += 1;
            w1 += 1;
        }
        out.push(format!("{}x{hs}", span(w0, w1)));
        j += 1;
    }
    out.join(" ")
}

/// Every size from 1x1 to `w`x`h`.
fn sizes_up_to(w: u16, h: u16) -> Vec<(u16, u16)> {
    (1..=w).flat_map(|w| (1..=h).map(move |h| (w, h))).collect()
}

/// Draws each view at each size, in both languages, and lists every size that panics or draws
/// garbage (grouped, so one cause reads as one line). `stale: None` tells the state the size
/// first (as the resize event does); `Some(size)` leaves the state thinking it is `size` (a
/// frame drawn before the resize event arrives), which puts the panels into areas of any size.
fn every_size(views: &[View], sizes: &[(u16, u16)], stale: &[Option<(u16, u16)>]) {
    let mut failures: Vec<String> = Vec::new();
    for &(name, setup) in views {
        for lang in LANGS {
            let mut s = state(lang);
            setup(&mut s);
            for &stale in stale {
                let mut panics: Vec<(u16, u16)> = Vec::new();
                let mut garbage: Vec<(u16, u16)> = Vec::new();
                let mut first: Option<String> = None;
                for &(w, h) in sizes {
                    let (sw, sh) = stale.unwrap_or((w, h));
                    update(&mut s, Action::Resize(sw, sh));
                    let drawn = quietly(|| {
                        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                        terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
                        defects(terminal.backend().buffer())
                    });
                    match drawn {
                        Err(message) => {
                            first.get_or_insert(format!("{w}x{h}: {message}"));
                            panics.push((w, h));
                        }
                        Ok(d) if !d.is_empty() => {
                            first.get_or_insert(format!("{w}x{h}: {}", d[0]));
                            garbage.push((w, h));
                        }
                        Ok(_) => {}
                    }
                }
                if !panics.is_empty() || !garbage.is_empty() {
                    let how = match stale {
                        None => "told its size".to_string(),
                        Some((w, h)) => format!("state still at {w}x{h}"),
                    };
                    failures.push(format!(
                        "{name} {lang:?} ({how}): {} sizes panic [{}]; {} sizes draw garbage [{}]; first: {}",
                        panics.len(),
                        ranges(&panics),
                        garbage.len(),
                        ranges(&garbage),
                        first.unwrap_or_default()
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]
fn the_queue_and_the_intake_form_draw_at_every_size() {
    every_size(
        &[
            ("queue", |_| {}),
            ("intake", with_bad_intake),
            ("triage", with_triage),
        ],
        &sizes_up_to(100, 40),
        &[None, Some((80, 24)), Some((200, 50))],
    );
}

/// Overlays and the banner from 80x24 up and around the dashboard threshold (below 80x24 the
/// "too small" screen shows, tested above), and into every smaller frame while the state
/// still thinks it is 80x24.
#[test]
fn the_overlays_and_the_banner_draw_at_every_size() {
    let views: &[View] = &[
        ("help", |s| {
            update(s, key(KeyCode::F(1)));
        }),
        ("receipt", |s| {
            update(s, Action::IntakeSaved(Box::new(receipt())));
        }),
        ("discard", |s| {
            with_bad_intake(s);
            update(s, key(KeyCode::Esc));
        }),
        ("restore", |s| {
            update(s, Action::DraftFound(Box::new(draft())));
        }),
        ("lost", |s| {
            update(s, Action::StoreLost);
        }),
        ("outcome", |s| {
            update(s, Action::IntakeSaved(Box::new(receipt())));
            update(s, key(KeyCode::Esc));
            let file = yidi::app::detail::CaseFile::of(receipt().case);
            update(s, Action::CaseFileLoaded(Box::new(file)));
            update(
                s,
                Action::Key(KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL)),
            );
            update(s, key(KeyCode::F(9)));
        }),
    ];
    let big: Vec<(u16, u16)> = (80..=100)
        .flat_map(|w| (24..=40).map(move |h| (w, h)))
        .chain((155..=165).flat_map(|w| (40..=50).map(move |h| (w, h))))
        .collect();
    every_size(views, &big, &[None]);
    every_size(views, &sizes_up_to(100, 40), &[Some((80, 24))]);
}

#[test]
fn time_moving_on_changes_the_waits() {
    let mut s = state(Lang::Zh);
    // Ten quiet minutes would lock a console with the default idle time.
    s.idle_lock = Duration::hours(1);
    update(&mut s, Action::Tick(now() + Duration::minutes(10)));
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    assert!(l[0].contains("09:50"), "{}", l[0]);
    assert!(
        l.iter().any(|l| l.contains("最长等候 60分")),
        "{}",
        l.join("\n")
    );
}

#[test]
fn a_save_in_progress_and_a_failed_save_show_on_the_form() {
    let mut s = state(Lang::Zh);
    update(&mut s, key(KeyCode::F(2)));
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Right)); // 劳动争议/欠薪
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "张建国");
    for _ in 0..100 {
        let f = s.intake.as_ref().unwrap();
        if f.focus() == yidi::app::intake::Slot::Description {
            break;
        }
        update(&mut s, key(KeyCode::Tab));
    }
    type_text(&mut s, "拖欠工资");
    let commands = update(&mut s, key(KeyCode::F(9)));
    assert_eq!(commands.len(), 2, "{commands:?}");
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    assert!(
        l.iter().any(|r| r.contains("正在保存...")),
        "{}",
        l.join("\n")
    );
    update(
        &mut s,
        Action::IntakeFailed {
            message: "未保存：数据库暂时无法连接。已填内容全部保留，可按 F9 重试。".into(),
            unreachable: true,
        },
    );
    let t = draw(&mut s, 80, 24);
    let l = lines(t.backend().buffer());
    let all = l.join("\n");
    assert!(l[1].starts_with("! 数据库连接中断"), "{all}");
    assert!(all.contains("! 未保存：数据库暂时无法连接"), "{all}");
    assert!(
        all.contains("> 诉求描述  拖欠工资"),
        "the focus stays where it was: {all}"
    );
    assert!(defects(t.backend().buffer()).is_empty());
}

// ----- triage -----

fn department(n: u128, name: &str) -> yidi::domain::Department {
    yidi::domain::Department {
        id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0003_0000 + n),
        centre_id: CENTRE_ID,
        name: name.into(),
        kind: yidi::domain::DepartmentKind::Department,
        presence: yidi::domain::Presence::Resident,
        arrival_window_min: 30,
        phone: None,
    }
}

/// Ticket A007 (twelve unpaid workers) opened for triage: the suggestion for 劳动争议/欠薪
/// (mediation, 人社局 leading, 住建局 and 总工会 cooperating) among six departments, and one
/// earlier case between the same two parties.
fn with_triage(s: &mut State) {
    let case = receipt().case;
    let mut earlier = case.clone();
    earlier.id = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0e01);
    earlier.case_no = "YD20260702-0004".into();
    earlier.state = CaseState::Closed;
    update(
        s,
        Action::TriageReady {
            case: Box::new(case),
            departments: [
                "信访局",
                "司法局",
                "总工会",
                "人社局",
                "市场监管局",
                "住建局",
            ]
            .iter()
            .enumerate()
            .map(|(i, n)| department(i as u128, n))
            .collect(),
            cooperating: Vec::new(),
            earlier: vec![yidi::store::EarlierCase {
                case: earlier,
                by: yidi::store::RepeatMatch::SamePair,
            }],
        },
    );
}

#[test]
fn triage_panel() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = state(lang);
            with_triage(&mut s);
            let t = draw(&mut s, size.0, size.1);
            snapshot("triage", lang, size, &t);
        }
    }
}

#[test]
fn the_triage_panel_shows_the_suggestion_the_earlier_case_and_a_named_error() {
    for (lang, lead, earlier, error) in [
        (Lang::Zh, "人社局", "同一对当事人", "协办单位"),
        (Lang::En, "人社局", "same two parties", "Cooperating units"),
    ] {
        for (w, h) in SIZES {
            let mut s = state(lang);
            with_triage(&mut s);
            let t = draw(&mut s, w, h);
            let shown = lines(t.backend().buffer());
            assert!(find(&shown, lead).is_some(), "{}", shown.join("\n"));
            assert!(
                find(&shown, "YD20260702-0004").is_some_and(|l| l.contains(earlier)),
                "{}",
                shown.join("\n")
            );
            // Untick both suggested units: saving names the field and keeps the form.
            update(&mut s, key(KeyCode::Tab)); // handling
            update(&mut s, key(KeyCode::Tab)); // level
            update(&mut s, key(KeyCode::Tab)); // lead
            update(&mut s, key(KeyCode::Tab)); // cooperating
            // The suggested come first: 人社局 (the lead), 住建局, 总工会.
            update(&mut s, key(KeyCode::Right));
            update(&mut s, key(KeyCode::Char(' ')));
            update(&mut s, key(KeyCode::Right));
            update(&mut s, key(KeyCode::Char(' ')));
            assert!(update(&mut s, key(KeyCode::F(9))).is_empty());
            let t = draw(&mut s, w, h);
            let shown = lines(t.backend().buffer()).join("\n");
            assert!(shown.contains(error), "{shown}");
            assert!(s.triage.is_some(), "the form stays");
        }
    }
}

#[test]
fn the_deadlines_tab_shows_the_county_clock_of_an_escalated_case() {
    for (lang, label, word) in [
        (Lang::Zh, "上报县级", "已超期"),
        (Lang::En, "To county", "OVERDUE"),
    ] {
        let mut s = state(lang);
        update(&mut s, key(KeyCode::F(12)));
        let mut escalated = receipt().case;
        escalated.level = Some(Level::Township);
        escalated.marks.county_due = Some(beijing(0, 0));
        update(&mut s, Action::DeadlinesLoaded(vec![escalated]));
        for (w, h) in SIZES {
            let t = draw(&mut s, w, h);
            let shown = lines(t.backend().buffer());
            let row = find(&shown, "YD20261123-0007").expect("the case is listed");
            if w >= 200 {
                assert!(row.contains(label) && row.contains(word), "{row}");
            }
        }
    }
}
