//! The rooms tab and the allocate form as the window sees them: drawn from a fixed state on
//! ratatui's `TestBackend`, snapshots in Chinese and English at 80x24 and 200x50, and the
//! checks a person would make (state in words, the next fit after a refusal, the keys).

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::screen::{LANGS, SIZES, defects, draw, lines, screen, tag};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command};
use yidi::app::board::BoardData;
use yidi::app::state::{Overlay, State, Tab};
use yidi::app::update::update;
use yidi::domain::allocation::{MediatorLoad, Reservation, RoomView, Session};
use yidi::domain::clock::TZ;
use yidi::domain::room::RoomKind;
use yidi::domain::validation::Lang;
use yidi::domain::{Mediator, Room};
use yidi::store::AllocationInput;

fn beijing(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    beijing(13, 40)
}

fn id(n: u128) -> Uuid {
    Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0000 + n)
}

fn room(n: u128, name: &str, kind: RoomKind, capacity: i32) -> RoomView {
    RoomView {
        room: Room {
            id: id(100 + n),
            centre_id: id(1),
            name: name.into(),
            kind,
            capacity,
        },
        out_of_service: None,
        session: None,
        next_reservation: None,
    }
}

fn session(n: u128, case: u32, mediator: Option<&str>, since: DateTime<Utc>) -> Session {
    Session {
        booking_id: id(300 + n),
        case_id: id(200 + u128::from(case)),
        case_no: format!("YD20261123-{case:04}"),
        mediator_id: mediator.map(|_| id(400 + n)),
        mediator: mediator.map(str::to_string),
        started_at: since,
        booked_by: Some("窗口1-王敏".into()),
    }
}

fn rooms() -> Vec<RoomView> {
    let mut first = room(1, "第一调解室", RoomKind::Mediation, 24);
    first.session = Some(session(1, 7, Some("赵国强"), beijing(9, 45)));
    let second = room(2, "第二调解室", RoomKind::Mediation, 16);
    let mut third = room(3, "诉前调解室", RoomKind::Mediation, 8);
    third.out_of_service = Some((beijing(11, 0), "投影设备维修".into()));
    let mut counselling = room(4, "心理咨询室", RoomKind::Counselling, 4);
    counselling.next_reservation = Some(Reservation {
        id: id(500),
        room_id: id(104),
        case_id: id(231),
        case_no: "YD20261123-0031".into(),
        starts_at: beijing(14, 0),
        ends_at: beijing(15, 0),
        reserved_by: "窗口1-王敏".into(),
    });
    let mut legal = room(5, "法律援助室", RoomKind::LegalAid, 6);
    legal.session = Some(session(5, 31, Some("沈静"), beijing(11, 20)));
    let studio = room(6, "老娘舅调解工作室", RoomKind::Studio, 20);
    let video = room(7, "视频接访室", RoomKind::Video, 6);
    vec![first, second, third, counselling, legal, studio, video]
}

fn mediator(
    n: u128,
    name: &str,
    specialties: &[&str],
    busy: Option<&str>,
    today: i32,
) -> MediatorLoad {
    MediatorLoad {
        mediator: Mediator {
            id: id(400 + n),
            centre_id: id(1),
            name: name.into(),
            specialties: specialties.iter().map(|s| s.to_string()).collect(),
            department_id: None,
            studio: None,
        },
        busy_in: busy.map(str::to_string),
        sessions_today: today,
    }
}

fn mediators() -> Vec<MediatorLoad> {
    vec![
        mediator(1, "赵国强", &["劳动争议", "欠薪"], Some("第一调解室"), 1),
        mediator(2, "沈静", &["法律援助", "劳动争议"], Some("法律援助室"), 1),
        mediator(3, "吴海涛", &["交通事故"], None, 0),
        mediator(4, "褚秀英", &["婚姻家庭", "欠薪"], None, 2),
        mediator(5, "孙丽", &["物业", "邻里纠纷"], None, 0),
    ]
}

fn state_with(lang: Lang) -> State {
    let mut s = common::screen::county_console(id(1), lang, "default", now());
    s.session = Some(common::screen::operator("wangmin", "reception,duty_leader"));
    let data = BoardData {
        room_views: rooms(),
        mediators: mediators(),
        ..Default::default()
    };
    update(&mut s, Action::BoardLoaded(Box::new(data)));
    s
}

fn on_rooms(lang: Lang) -> State {
    let mut s = state_with(lang);
    update(&mut s, ctrl('b'));
    assert_eq!(s.tab, Tab::Rooms);
    s
}

/// The allocate form for a 16-person wage case, as the store would answer.
fn allocating(lang: Lang) -> State {
    let mut s = state_with(lang);
    update(
        &mut s,
        Action::AllocationReady {
            input: Box::new(AllocationInput {
                case_id: id(240),
                case_no: "YD20261123-0040".into(),
                category: "劳动争议/欠薪".into(),
                persons: 16,
                session: None,
            }),
            transfer: None,
        },
    );
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

#[test]
fn the_rooms_tab_in_every_state() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = on_rooms(lang);
            let t = draw(&mut s, size.0, size.1);
            assert!(
                defects(t.backend().buffer()).is_empty(),
                "{:?}",
                defects(t.backend().buffer())
            );
            snapshot("rooms", lang, size, &t);
        }
    }
}

#[test]
fn the_allocate_form() {
    for lang in LANGS {
        for size in SIZES {
            let mut s = allocating(lang);
            snapshot("allocate", lang, size, &draw(&mut s, size.0, size.1));
        }
    }
}

#[test]
fn every_room_is_a_row_with_its_state_in_a_word_at_80x24() {
    let mut s = on_rooms(Lang::Zh);
    let l = text(&mut s, 80, 24);
    let row = |needle: &str| {
        l.iter()
            .find(|x| x.contains(needle))
            .unwrap_or_else(|| panic!("{needle} not on screen:\n{}", l.join("\n")))
            .clone()
    };
    assert!(row("第一调解室").contains("使用中") && row("第一调解室").contains("赵国强"));
    assert!(row("第一调解室").contains("235分"), "{}", row("第一调解室"));
    assert!(row("第二调解室").contains("空闲"));
    assert!(row("诉前调解室").contains("停用"));
    assert!(row("心理咨询室").contains("已预约") && row("心理咨询室").contains("14:00"));
    let mut s = on_rooms(Lang::En);
    let l = text(&mut s, 80, 24);
    assert!(
        l.iter()
            .any(|x| x.contains("out of service") && x.contains("诉前调解室"))
    );
}

#[test]
fn the_nearest_fit_and_the_labour_mediator_are_proposed_first() {
    let mut s = allocating(Lang::Zh);
    let l = text(&mut s, 80, 24);
    let first = l
        .iter()
        .position(|x| x.contains("★") && x.contains("座"))
        .expect("a proposal");
    assert!(
        l[first].contains("第二调解室"),
        "16 seats for 16 people: {}",
        l[first]
    );
    assert!(
        !l.iter()
            .any(|x| x.contains("★") && x.contains("第一调解室")),
        "in session"
    );
    let m = l
        .iter()
        .position(|x| x.contains("褚秀英"))
        .expect("褚秀英 proposed");
    let wu = l.iter().position(|x| x.contains("吴海涛")).unwrap();
    assert!(m < wu, "specialty before load");
    assert!(
        !l.iter().any(|x| x.contains("赵国强")),
        "busy mediators are not offered"
    );
    // Enter: the nearest fit with the first mediator.
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![Command::AllocateRoom {
            case_id: id(240),
            room_id: id(102),
            mediator_id: Some(id(404)),
        }]
    );
}

#[test]
fn a_refusal_says_who_took_the_room_and_offers_the_next_fit() {
    let mut s = allocating(Lang::Zh);
    update(&mut s, key(KeyCode::Enter));
    update(
        &mut s,
        Action::RoomRefused {
            message: "第二调解室 刚被 窗口2-李强 分配给 YD20261123-0041。".into(),
            room_id: Some(id(102)),
        },
    );
    let Some(Overlay::Allocate(form)) = &s.overlay else {
        panic!("the form stays open");
    };
    assert!(!form.saving);
    let problem = form.problem.clone().unwrap();
    assert!(
        problem.contains("窗口2-李强") && problem.contains("老娘舅调解工作室"),
        "{problem}"
    );
    let l = text(&mut s, 80, 24);
    assert!(
        l.iter().any(|x| x.contains("窗口2-李强")),
        "{}",
        l.join("\n")
    );
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(cmds.as_slice(), [Command::AllocateRoom { room_id, .. }] if *room_id == id(106)),
        "{cmds:?}"
    );
}

#[test]
fn release_asks_for_the_outcome_and_keeps_it_when_refused() {
    let mut s = on_rooms(Lang::En);
    update(&mut s, key(KeyCode::F(6)));
    assert!(matches!(&s.overlay, Some(Overlay::Prompt(_))));
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(cmds.is_empty(), "an empty outcome is not sent");
    let l = text(&mut s, 80, 24);
    assert!(
        l.iter().any(|x| x.contains("Session outcome")),
        "{}",
        l.join("\n")
    );
    for c in "agreed".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![Command::ReleaseSession {
            booking_id: id(301),
            outcome: "agreed".into()
        }]
    );
    update(
        &mut s,
        Action::RoomRefused {
            message: "This session has already ended.".into(),
            room_id: None,
        },
    );
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the prompt stays");
    };
    assert_eq!(p.text(0), "agreed", "nothing typed is lost");
    update(&mut s, key(KeyCode::Esc));
    // F8 on a room out of service puts it back at once; on a free one asks why.
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Down));
    let cmds = update(&mut s, key(KeyCode::F(8)));
    assert_eq!(
        cmds,
        vec![Command::SetOutOfService {
            room_id: id(103),
            reason: None
        }]
    );
    // Transfer from the first room opens the allocate form for its case.
    update(&mut s, key(KeyCode::Up));
    update(&mut s, key(KeyCode::Up));
    let cmds = update(&mut s, key(KeyCode::F(7)));
    assert_eq!(
        cmds,
        vec![Command::LoadAllocation {
            case_id: id(207),
            transfer: Some(id(301))
        }]
    );
}

#[test]
fn a_reservation_is_asked_from_the_form_and_a_bad_time_names_the_field() {
    let mut s = allocating(Lang::Zh);
    // To counselling (← → through the kinds).
    update(&mut s, key(KeyCode::Right));
    update(&mut s, key(KeyCode::Right));
    let Some(Overlay::Allocate(form)) = &s.overlay else {
        panic!()
    };
    assert_eq!(form.kind(), RoomKind::Counselling);
    update(&mut s, key(KeyCode::F(6)));
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the reservation prompt");
    };
    assert_eq!(p.text(1), "14:00", "starts from the next slot");
    assert_eq!(
        p.text(0),
        yidi::domain::clock::local_day(s.now).to_string(),
        "today's"
    );
    assert_eq!(p.kit.focused_id(), Some("rooms.prompt.time"));
    update(&mut s, key(KeyCode::Backspace));
    // Not a digit: not taken, and the field shows its format.
    update(&mut s, key(KeyCode::Char('x')));
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!()
    };
    assert!(
        p.message().unwrap().starts_with("预约时间"),
        "{:?}",
        p.message()
    );
    assert_eq!(p.text(1), "14:0", "what was typed stays");
    update(&mut s, key(KeyCode::Char('0')));
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        vec![Command::ReserveRoom {
            room_id: id(104),
            case_id: id(240),
            starts_at: beijing(14, 0)
        }]
    );
    let _ = Duration::zero();
}

#[test]
fn a_reservation_asked_after_hours_on_a_friday_is_proposed_on_monday_with_its_date() {
    let mut s = allocating(Lang::Zh);
    // Friday 2026-11-27, 18:20: the next working day's first slot, written with its date.
    let friday = TZ
        .with_ymd_and_hms(2026, 11, 27, 18, 20, 0)
        .unwrap()
        .to_utc();
    s.now = friday;
    update(&mut s, key(KeyCode::Right));
    update(&mut s, key(KeyCode::Right));
    update(&mut s, key(KeyCode::F(6)));
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the reservation prompt");
    };
    assert_eq!(
        [p.text(0), p.text(1)],
        ["2026-11-30", "09:00"],
        "Monday, not Saturday"
    );
    let cmds = update(&mut s, key(KeyCode::Enter));
    let monday = TZ.with_ymd_and_hms(2026, 11, 30, 9, 0, 0).unwrap().to_utc();
    assert_eq!(
        cmds,
        vec![Command::ReserveRoom {
            room_id: id(104),
            case_id: id(240),
            starts_at: monday
        }],
        "read back as that day, not today"
    );
}

#[test]
fn a_console_sweeps_unclaimed_reservations_and_the_wall_screen_only_reads() {
    let mut s = state_with(Lang::Zh);
    // A console in use all afternoon (the idle lock is not what this is about).
    s.idle_lock = Duration::hours(8);
    // 14:16: the 14:00 counselling reservation is past its 15 minutes.
    let cmds = update(&mut s, Action::Tick(beijing(14, 16)));
    assert_eq!(
        cmds,
        vec![Command::ReleaseUnclaimed {
            after: Duration::minutes(15)
        }]
    );
    assert!(
        update(&mut s, Action::Tick(beijing(14, 16) + Duration::seconds(1))).is_empty(),
        "not again within seconds"
    );
    let mut wall = state_with(Lang::Zh);
    wall.wallboard = true;
    assert!(update(&mut wall, Action::Tick(beijing(14, 16))).is_empty());
}

#[test]
fn the_wall_screen_names_the_mediator_and_a_room_out_of_service() {
    let mut s = state_with(Lang::Zh);
    // The wall reads the same room views as the consoles' rooms tab.
    let mut first = room(1, "第一调解室", RoomKind::Mediation, 24);
    first.session = Some(session(1, 7, Some("赵国强"), beijing(9, 45)));
    let mut closed = room(2, "诉前调解室", RoomKind::Mediation, 8);
    closed.out_of_service = Some((beijing(8, 0), "空调维修".into()));
    let data = BoardData {
        room_views: vec![first, closed],
        ..Default::default()
    };
    update(&mut s, Action::BoardLoaded(Box::new(data)));
    s.wallboard = true;
    let l = text(&mut s, 200, 50);
    assert!(
        l.iter()
            .any(|x| x.contains("第一调解室") && x.contains("235分") && x.contains("赵国强")),
        "{}",
        l.join("\n")
    );
    assert!(
        l.iter()
            .any(|x| x.contains("诉前调解室") && x.contains("停用"))
    );
}

#[test]
fn the_rooms_proposed_filter_as_you_type_and_question_mark_stays_help() {
    let mut s = allocating(Lang::Zh);
    // 老娘舅 by its pinyin initials: the one room left is the choice.
    for c in "lnj".chars() {
        update(&mut s, key(KeyCode::Char(c)));
    }
    let l = text(&mut s, 80, 24);
    assert!(
        !l.iter().any(|x| x.contains("第二调解室")),
        "filtered out:\n{}",
        l.join("\n")
    );
    // `?` is still help, not a filter.
    update(&mut s, key(KeyCode::Char('?')));
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
    update(&mut s, key(KeyCode::Esc));
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(cmds.as_slice(), [Command::AllocateRoom { room_id, .. }] if *room_id == id(106)),
        "{cmds:?}"
    );
}

#[test]
fn the_reservation_prompt_shows_its_day_and_time_with_the_format_while_typing() {
    for lang in [Lang::Zh, Lang::En] {
        let mut s = allocating(lang);
        update(&mut s, key(KeyCode::Right));
        update(&mut s, key(KeyCode::Right));
        update(&mut s, key(KeyCode::F(6)));
        let day = yidi::domain::clock::local_day(s.now).to_string();
        let screen = text(&mut s, 80, 24).join("\n");
        assert!(
            screen.contains(&day) && screen.contains("14:00_"),
            "{screen}"
        );
        // The first digit replaces the proposed time; the format shows until it is whole.
        update(&mut s, key(KeyCode::Char('9')));
        let screen = text(&mut s, 80, 24).join("\n");
        let format = if lang == Lang::Zh {
            "9_  （时:分）"
        } else {
            "9_  (HH:MM)"
        };
        assert!(screen.contains(format), "{screen}");
        assert!(screen.contains(&day), "the day stays: {screen}");
    }
}
