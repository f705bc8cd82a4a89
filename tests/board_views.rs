//! The summons board, the whistle form, the escalation strip and the wall screen as a duty
//! leader sees them: drawn from a fixed state on ratatui's `TestBackend`, snapshots in
//! Chinese and English at 80x24 and 200x50, and the checks a person would make.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::screen::{LANGS, SIZES, draw, lines, screen, tag};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command};
use yidi::app::board::BoardData;
use yidi::app::state::{Overlay, State, Tab};
use yidi::app::update::update;
use yidi::domain::Room;
use yidi::domain::allocation::{Reservation, RoomView, Session};
use yidi::domain::clock::TZ;
use yidi::domain::room::RoomKind;
use yidi::domain::summons::ArrivalRecord;
use yidi::domain::validation::Lang;
use yidi::domain::{Department, DepartmentKind, Duty, Presence, RosterEntry, Summons};
use yidi::store::{BoardRow, DayFigures, REWHISTLED};

fn beijing(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    beijing(9, 40)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + n)
}

fn department(n: u128, name: &str, presence: Presence, window: i32) -> Department {
    Department {
        id: id(100 + n),
        centre_id: id(1),
        name: name.into(),
        kind: DepartmentKind::Department,
        presence,
        arrival_window_min: window,
        phone: Some(format!("0739-68233{n:02}")),
    }
}

fn departments() -> Vec<Department> {
    vec![
        department(1, "人社局", Presence::Resident, 30),
        department(2, "住建局", Presence::Rotating, 40),
        department(3, "卫健委", Presence::Rotating, 30),
        department(4, "公安局", Presence::OnCall, 20),
        department(5, "市场监管局", Presence::Rotating, 30),
    ]
}

/// One summons of department `d` for case `case`, whistled at `h:m`.
fn summons(n: u128, d: u128, case: u32, (h, m): (u32, u32), window: i32) -> BoardRow {
    let mut s = Summons::new(
        id(200 + u128::from(case)),
        id(100 + d),
        beijing(h, m),
        window,
    );
    s.id = id(300 + n);
    s.reason = "欠薪涉及在建工程".into();
    BoardRow {
        summons: s,
        department: departments()[(d - 1) as usize].name.clone(),
        case_no: format!("YD20261123-{case:04}"),
        // A room holds one case at a time (the database sees to it): case 4 is in session.
        room: (case == 4).then(|| "第二调解室".to_string()),
        notice: None,
    }
}

/// Every state a summons can be in at 09:40.
fn board() -> BoardData {
    let mut rows = vec![
        summons(1, 1, 2, (9, 30), 30),  // waiting, 20:00 left
        summons(2, 2, 4, (9, 5), 40),   // due soon, 05:00 → due 09:45
        summons(3, 3, 6, (9, 0), 30),   // late 10 min, escalated (grace 5)
        summons(4, 4, 6, (9, 12), 20),  // late 8 min, acknowledged
        summons(5, 5, 7, (8, 50), 30),  // arrived in 25 min
        summons(6, 2, 8, (8, 40), 40),  // arrived late in 48 min
        summons(7, 1, 9, (8, 30), 30),  // cancelled
        summons(8, 3, 10, (8, 20), 30), // re-whistled
    ];
    rows[2].summons.escalated_at = Some(beijing(9, 36));
    rows[3].summons.escalated_at = Some(beijing(9, 36));
    rows[3].summons.acknowledged_at = Some(beijing(9, 38));
    rows[3].summons.acknowledged_by = Some("周卫东".into());
    rows[4].summons.arrived_at = Some(beijing(9, 15));
    rows[5].summons.arrived_at = Some(beijing(9, 28));
    rows[6].summons.cancelled_at = Some(beijing(8, 35));
    rows[6].summons.cancel_reason = Some("当事人已和解".into());
    rows[7].summons.cancelled_at = Some(beijing(8, 55));
    rows[7].summons.cancel_reason = Some(REWHISTLED.into());
    let entry = |duty, department_id, person: &str| RosterEntry {
        day: now().with_timezone(&TZ).date_naive(),
        duty,
        department_id,
        person: person.into(),
        phone: Some("13907391001".into()),
    };
    BoardData {
        rows,
        roster: vec![
            entry(Duty::DutyLeader, None, "周卫东"),
            entry(Duty::Lawyer, None, "赵明律师"),
            entry(Duty::Counsellor, None, "刘心怡"),
            entry(Duty::Rotation, Some(id(102)), "孙立群"),
        ],
        departments: departments(),
        records: [(
            id(101),
            ArrivalRecord {
                summoned: 12,
                arrived: 11,
                on_time: 9,
                median_minutes: Some(24.0),
            },
        )]
        .into_iter()
        .collect(),
        room_views: vec![
            RoomView {
                room: Room {
                    id: id(501),
                    centre_id: id(1),
                    name: "第一调解室".into(),
                    kind: RoomKind::Mediation,
                    capacity: 20,
                },
                out_of_service: None,
                session: None,
                next_reservation: Some(Reservation {
                    id: id(601),
                    room_id: id(501),
                    case_id: id(211),
                    case_no: "YD20261123-0011".into(),
                    starts_at: beijing(14, 0),
                    ends_at: beijing(15, 0),
                    reserved_by: "window1".into(),
                }),
            },
            RoomView {
                room: Room {
                    id: id(502),
                    centre_id: id(1),
                    name: "第二调解室".into(),
                    kind: RoomKind::Mediation,
                    capacity: 8,
                },
                out_of_service: None,
                session: Some(Session {
                    booking_id: id(701),
                    case_id: id(204),
                    case_no: "YD20261123-0004".into(),
                    mediator_id: None,
                    mediator: Some("赵国强".into()),
                    started_at: beijing(9, 10),
                    booked_by: Some("window1".into()),
                }),
                next_reservation: None,
            },
        ],
        mediators: Vec::new(),
        figures: DayFigures {
            received: 37,
            on_site: 12,
            solved_on_site: 9,
        },
    }
}

fn state_with(lang: Lang, theme: &str) -> State {
    let mut s = common::screen::county_console(id(1), lang, theme, now());
    // Signed in as the window's operator, a receptionist who is also on duty as leader.
    s.session = Some(common::screen::operator("wangmin", "reception,duty_leader"));
    update(&mut s, Action::BoardLoaded(Box::new(board())));
    s
}

fn on_board(lang: Lang) -> State {
    let mut s = state_with(lang, "default");
    update(&mut s, key(KeyCode::F(11)));
    s
}

fn wallboard(lang: Lang) -> State {
    let mut s = state_with(lang, "default");
    s.wallboard = true;
    s
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn snapshot(name: &str, lang: Lang, (w, h): (u16, u16), terminal: &Terminal<TestBackend>) {
    let name = format!("{name}_{}_{w}x{h}", tag(lang));
    insta::assert_snapshot!(name, screen(terminal));
}

fn text(s: &mut State, w: u16, h: u16) -> Vec<String> {
    let t = draw(s, w, h);
    lines(t.backend().buffer())
}

// ----- snapshots -----

#[test]
fn the_board_in_every_state() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = on_board(lang);
            snapshot("board", lang, size, &draw(&mut s, size.0, size.1));
        }
    }
}

#[test]
fn the_department_roster() {
    for lang in LANGS {
        let mut s = on_board(lang);
        update(&mut s, ctrl('p'));
        snapshot("roster", lang, (80, 24), &draw(&mut s, 80, 24));
    }
}

/// A department name longer than its column ends in `…` on the board and the roster, never
/// cut mid-word without a mark.
#[test]
fn a_long_department_name_is_cut_with_an_ellipsis() {
    for lang in LANGS {
        let mut s = on_board(lang);
        let mut data = s.board.data.clone();
        let long = "交通事故纠纷人民调解委员会";
        data.departments[0].name = long.into();
        for r in &mut data.rows {
            r.department = long.into();
        }
        update(&mut s, Action::BoardLoaded(Box::new(data)));
        let board = text(&mut s, 80, 24).join("\n");
        assert!(board.contains("交通事故纠…"), "{board}");
        // The escalation strip above and the selected row under the table say the name whole:
        // they are sentences, not a column.
        let table: Vec<&str> = board
            .lines()
            .filter(|l| l.contains("YD2026") && !l.contains('▸') && !l.contains('⚠'))
            .collect();
        assert!(
            table.iter().all(|l| !l.contains("交通事故纠纷人")),
            "{board}"
        );
        update(&mut s, ctrl('p'));
        let roster = text(&mut s, 80, 24).join("\n");
        assert!(roster.contains("交通事故纠纷…"), "{roster}");
    }
}

#[test]
fn the_whistle_form() {
    for lang in LANGS {
        let mut s = on_board(lang);
        update(&mut s, ctrl('w'));
        update(&mut s, key(KeyCode::Char(' ')));
        snapshot("whistle", lang, (80, 24), &draw(&mut s, 80, 24));
    }
}

#[test]
fn the_wall_screen() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = wallboard(lang);
            snapshot("wallboard", lang, size, &draw(&mut s, size.0, size.1));
        }
    }
    let mut s = wallboard(Lang::Zh);
    update(&mut s, Action::StoreLost);
    snapshot("wallboard_stale", Lang::Zh, (80, 24), &draw(&mut s, 80, 24));
}

// ----- what a person checks -----

fn row_of(lines: &[String], needle: &str) -> usize {
    lines
        .iter()
        .position(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("{needle:?} not on screen:\n{}", lines.join("\n")))
}

#[test]
fn late_comes_first_and_each_state_is_marked_in_words() {
    let mut s = on_board(Lang::Zh);
    let l = text(&mut s, 80, 24);
    let escalated = row_of(&l, "⚠已报值班领导");
    let seen = row_of(&l, "!已知悉 09:38");
    assert!(
        l[seen].contains("周卫东"),
        "who saw it, at 80x24: {}",
        l[seen]
    );
    let soon = row_of(&l, "◔即将到时");
    let waiting = row_of(&l, "·等待报到");
    let arrived = row_of(&l, "✓已到 25分");
    assert!(escalated < soon && seen < soon, "late before due soon");
    assert!(
        soon < waiting && waiting < arrived,
        "then waiting, then done"
    );
    assert!(
        l[escalated].contains("+10:00"),
        "counts up: {}",
        l[escalated]
    );
    assert!(l[soon].contains("05:00"), "counts down: {}", l[soon]);
    assert!(
        l.iter().any(|l| l.contains("✓迟到 48分")),
        "arrived late is said"
    );
    assert!(l.iter().any(|l| l.contains("×已取消")));
    assert!(l.iter().any(|l| l.contains("×已重吹")));
    // The selected row in full under the table: who acknowledged, when, and the reason.
    update(&mut s, key(KeyCode::Down));
    let l = text(&mut s, 80, 24);
    assert!(
        l.iter()
            .any(|l| l.contains("公安局 YD20261123-0006: 领导已知悉 周卫东 09:38 · 欠薪")),
        "{}",
        l.join("\n")
    );
    s.lang = Lang::En;
    let l = text(&mut s, 200, 50);
    assert!(
        l.iter().any(|l| l.contains("seen by 周卫东 at 09:38")),
        "{}",
        l.join("\n")
    );
}

#[test]
fn a_second_later_the_countdowns_have_moved() {
    let mut s = on_board(Lang::En);
    let before = text(&mut s, 80, 24);
    s.dirty = false;
    update(&mut s, Action::Tick(now() + Duration::seconds(1)));
    assert!(s.dirty, "a running countdown redraws every second");
    let after = text(&mut s, 80, 24);
    let soon = row_of(&after, "due soon");
    assert!(after[soon].contains("04:59"), "{}", after[soon]);
    assert!(before[row_of(&before, "due soon")].contains("05:00"));
    let escalated = row_of(&after, "escalated");
    assert!(after[escalated].contains("+10:01"), "{}", after[escalated]);
}

#[test]
fn the_escalation_strip_shows_on_every_tab() {
    let mut s = state_with(Lang::Zh, "default");
    assert_eq!(s.tab, Tab::Queue);
    let l = text(&mut s, 80, 24);
    let strip = row_of(&l, "已报值班领导");
    assert!(
        l[strip].contains("卫健委") && l[strip].contains("YD20261123-0006"),
        "{}",
        l[strip]
    );
    assert!(
        l[strip].contains("（1）"),
        "the acknowledged one is not counted: {}",
        l[strip]
    );
    // The keys to act show when they fit whole, and are left out rather than cut.
    assert!(
        l[strip].contains("F11 看板，F7 领导已知悉") || !l[strip].contains('—'),
        "no half hint: {}",
        l[strip]
    );
    let wide = text(&mut s, 200, 50);
    let strip = row_of(&wide, "已报值班领导");
    assert!(
        wide[strip].contains("F11 看板，F7 领导已知悉"),
        "{}",
        wide[strip]
    );
}

#[test]
fn board_keys_ask_the_store_for_the_selected_summons() {
    let mut s = on_board(Lang::Zh);
    // The first row is the escalated 卫健委 summons.
    let first = id(303);
    assert_eq!(
        update(&mut s, key(KeyCode::F(7))),
        vec![Command::AcknowledgeEscalation(first)]
    );
    assert_eq!(
        update(&mut s, key(KeyCode::F(8))),
        vec![Command::Rewhistle(first)]
    );
    assert_eq!(
        update(&mut s, key(KeyCode::F(5))),
        vec![Command::RecordArrival {
            summons_id: first,
            at: now(),
            note: None
        }]
    );
    // An arrived summons cannot be arrived again: the board says so.
    for _ in 0..4 {
        update(&mut s, key(KeyCode::Down));
    }
    assert!(update(&mut s, key(KeyCode::F(5))).is_empty());
    let notice = s.notice.clone().expect("a notice");
    assert!(notice.error && notice.text.contains("已报到"), "{notice:?}");
}

#[test]
fn an_arrival_entered_later_names_the_field_and_keeps_the_text() {
    let mut s = on_board(Lang::En);
    update(&mut s, key(KeyCode::F(6)));
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the arrival prompt opens")
    };
    assert_eq!(p.text(0), "09:40", "the time now is offered");
    // Clear it and type a time before the whistle (09:00).
    for _ in 0..5 {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in "08:50".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    update(&mut s, key(KeyCode::Tab));
    for c in "signed on paper".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the prompt stays open")
    };
    let problem = p.message().unwrap().to_string();
    assert!(problem.starts_with("Arrival time"), "{problem}");
    assert!(
        problem.contains("09:00") && problem.contains("09:40"),
        "{problem}"
    );
    assert_eq!(p.text(1), "signed on paper", "nothing typed is lost");
    assert_eq!(p.kit.focus, 0, "back on the time");
    for _ in 0..5 {
        update(&mut s, key(KeyCode::Backspace));
    }
    for c in "０９：２０".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Command::RecordArrival {
            summons_id: id(303),
            at: beijing(9, 20),
            note: Some("signed on paper".into())
        }]
    );
}

#[test]
fn the_whistle_form_needs_a_department_and_a_reason_and_sends_them_together() {
    let mut s = on_board(Lang::Zh);
    update(&mut s, ctrl('w'));
    let Some(Overlay::Whistle(form)) = &s.overlay else {
        panic!("the whistle form opens")
    };
    assert_eq!(
        form.case_no, "YD20261123-0006",
        "for the selected row's case"
    );
    let already: Vec<_> = form
        .kit
        .pick("units")
        .options
        .iter()
        .filter(|o| o.locked)
        .map(|o| o.label.as_str())
        .collect();
    assert_eq!(
        already,
        vec!["卫健委", "公安局"],
        "open summonses of that case"
    );
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    let problem = |s: &State| match &s.overlay {
        Some(Overlay::Whistle(f)) => f.kit.first_message().unwrap_or_default().to_string(),
        _ => panic!("form closed"),
    };
    assert!(problem(&s).contains("勾选"), "{}", problem(&s));
    update(&mut s, key(KeyCode::Char(' '))); // 人社局 (resident, listed first)
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Char(' '))); // 住建局
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(
        problem(&s).contains("吹哨事由") || problem(&s).contains("原因"),
        "{}",
        problem(&s)
    );
    for c in "欠薪 涉及工程".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Command::Whistle {
            case_id: id(206),
            departments: vec![id(101), id(102)],
            reason: "欠薪 涉及工程".into()
        }]
    );
    assert!(s.overlay.is_none());
}

#[test]
fn the_whistle_list_filters_by_pinyin_initials_and_ticks_what_is_found() {
    let mut s = on_board(Lang::En);
    update(&mut s, ctrl('w'));
    for c in "zjj".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    let l = text(&mut s, 80, 24).join("\n");
    assert!(l.contains("filter: zjj"), "{l}");
    assert!(
        l.contains("[ ] 住建局") && !l.contains("[ ] 人社局"),
        "only 住建局: {l}"
    );
    update(&mut s, key(KeyCode::Char(' ')));
    update(&mut s, key(KeyCode::Esc)); // clears the filter, keeps the form
    let Some(Overlay::Whistle(form)) = &s.overlay else {
        panic!("Esc on a filter clears it, the form stays")
    };
    assert_eq!(form.ticked(), vec![id(102)]);
    assert!(form.kit.pick("units").filter.is_empty());
    update(&mut s, key(KeyCode::Tab));
    for c in "wages".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Command::Whistle {
            case_id: id(206),
            departments: vec![id(102)],
            reason: "wages".into()
        }]
    );
}

#[test]
fn the_whistle_form_arrives_with_the_triaged_units_ticked_and_the_reason_to_type() {
    let mut s = on_board(Lang::Zh);
    let cmds = update(&mut s, ctrl('w'));
    assert_eq!(cmds, vec![Command::SuggestWhistle(id(206))]);
    // Triage chose 住建局 to lead with 人社局 cooperating.
    update(
        &mut s,
        Action::WhistleSuggested {
            case_id: id(206),
            departments: vec![id(102), id(101)],
        },
    );
    for c in "欠薪".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        vec![Command::Whistle {
            case_id: id(206),
            departments: vec![id(101), id(102)],
            reason: "欠薪".into()
        }],
        "two keys beyond the reason: Ctrl-W and Enter"
    );
    // A suggestion arriving after the operator changed the ticks changes nothing.
    update(&mut s, ctrl('w'));
    update(&mut s, key(KeyCode::Char(' ')));
    update(
        &mut s,
        Action::WhistleSuggested {
            case_id: id(206),
            departments: vec![id(102)],
        },
    );
    let Some(Overlay::Whistle(form)) = &s.overlay else {
        panic!("the form stays")
    };
    assert_eq!(form.ticked(), vec![id(101)]);
}

#[test]
fn the_wall_screen_has_no_editing_keys_and_shows_no_resident_names() {
    let mut s = wallboard(Lang::Zh);
    for k in [
        KeyCode::F(2),
        KeyCode::F(5),
        KeyCode::F(7),
        KeyCode::F(8),
        KeyCode::F(4),
    ] {
        assert!(update(&mut s, key(k)).is_empty(), "{k:?} does nothing");
    }
    assert!(update(&mut s, ctrl('w')).is_empty());
    assert!(s.overlay.is_none() && s.intake.is_none());
    let l = text(&mut s, 80, 24).join("\n");
    assert!(l.contains("今日受理 37") && l.contains("迟到部门 3"), "{l}");
    assert!(l.contains("调解室占用 1/2"), "{l}");
    assert!(l.contains("YD20261123-0006"), "cases by number");
    s.dirty = false;
    update(&mut s, Action::Tick(now() + Duration::seconds(1)));
    assert!(s.dirty);
    assert!(
        update(&mut s, Action::Tick(now() + Duration::seconds(30))).is_empty(),
        "the wall screen never writes, not even an escalation"
    );
    update(&mut s, ctrl('q'));
    assert!(s.quit);
}

#[test]
fn the_wall_screen_says_since_when_it_is_not_live() {
    let mut s = wallboard(Lang::En);
    update(&mut s, Action::StoreLost);
    let l = text(&mut s, 80, 24);
    assert!(
        l[0].contains("NOT LIVE") && l[0].contains("09:40:00"),
        "{}",
        l[0]
    );
    update(&mut s, Action::BoardLoaded(Box::new(board())));
    let l = text(&mut s, 80, 24);
    assert!(
        l[0].contains("live") && !l[0].contains("NOT LIVE"),
        "{}",
        l[0]
    );
}

#[test]
fn a_console_sweeps_for_escalations_once_in_a_while() {
    let mut s = state_with(Lang::Zh, "default");
    // 住建局's summons is due 09:45: past the 5-minute grace at 09:50:01.
    let after_grace = beijing(9, 50) + Duration::seconds(1);
    let sweeps = |cmds: Vec<Command>| {
        cmds.iter()
            .filter(|c| matches!(c, Command::EscalateLate { .. }))
            .count()
    };
    assert_eq!(sweeps(update(&mut s, Action::Tick(after_grace))), 1);
    assert_eq!(
        sweeps(update(
            &mut s,
            Action::Tick(after_grace + Duration::seconds(2))
        )),
        0,
        "not again within a few seconds"
    );
}
