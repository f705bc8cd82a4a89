//! Render budget from DESIGN.md: one full frame at 200x50 with 2,000 waiting tickets and a
//! busy summons board; and the wall screen, redrawn every second.

use chrono::{Duration, TimeZone, Utc};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::state::State;
use yidi::domain::case::{Channel, Lanes, Level};
use yidi::domain::{Centre, Lang, TicketState};
use yidi::store::QueueRow;

fn state(rows: usize) -> State {
    let now = yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 10, 0, 0)
        .unwrap()
        .with_timezone(&Utc);
    let centre = Centre {
        id: Uuid::nil(),
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    };
    let theme = yidi::theme::Theme::fallback();
    let mut s = State::new(
        centre,
        "王敏".into(),
        "1号窗口".into(),
        Lang::Zh,
        theme,
        now,
    );
    // Signed in as the window's operator, a receptionist who is also on duty as leader.
    s.session = Some(yidi::domain::Operator {
        id: uuid::Uuid::nil(),
        login: "wangmin".into(),
        name: "王敏".into(),
        roles: yidi::domain::Roles::parse("reception,duty_leader").unwrap(),
        disabled: false,
        centre_id: None,
        covers_below: false,
    });
    let names = ["张建国", "刘桂英", "杨树林", "王芳", "赵德明", "欧阳娜娜"];
    let cats = [
        "劳动争议/欠薪",
        "邻里纠纷",
        "征地补偿",
        "物业纠纷",
        "消费纠纷",
    ];
    let queue = (0..rows)
        .map(|i| QueueRow {
            ticket_id: Uuid::from_u128(i as u128 + 1),
            seq: i as i32 + 1,
            lanes: Lanes::from_bits((i % 8) as i32),
            state: if i % 10 == 0 {
                TicketState::Called
            } else {
                TicketState::Waiting
            },
            window: (i % 10 == 0).then(|| "2号窗口".to_string()),
            issued_at: now - Duration::minutes((rows - i) as i64 % 240),
            called_at: None,
            version: 1,
            case_id: Uuid::from_u128(i as u128 + 100_000),
            case_no: format!("YD20261123-{:04}", i + 1),
            category: cats[i % cats.len()].into(),
            channel: Channel::ALL[i % Channel::ALL.len()],
            group_batches: 1,
            group_persons: if i % 7 == 0 { 12 } else { 1 },
            applicant: names[i % names.len()].into(),
            repeat: i % 13 == 0,
        })
        .collect();
    yidi::app::update::update(&mut s, Action::Resize(200, 50));
    yidi::app::update::update(&mut s, Action::QueueLoaded(queue));
    yidi::app::update::update(&mut s, Action::BoardLoaded(Box::new(board(now))));
    s
}

/// A busy day's board: 60 summonses whistled over the morning, every state among them.
fn board(now: chrono::DateTime<Utc>) -> yidi::app::board::BoardData {
    use yidi::domain::Summons;
    use yidi::store::BoardRow;
    let names = [
        "人社局",
        "住建局",
        "卫健委",
        "公安局",
        "市场监管局",
        "自然资源局",
    ];
    let rows = (0..60)
        .map(|i| {
            let whistled = now - Duration::minutes(150 - 2 * i as i64);
            let mut s = Summons::new(
                Uuid::from_u128(i + 100_000),
                Uuid::from_u128(i % 6),
                whistled,
                30,
            );
            s.reason = "欠薪涉及在建工程，需到场说明".into();
            if i % 3 == 0 {
                s.arrived_at = Some(whistled + Duration::minutes(25));
            } else if i % 11 == 0 {
                s.escalated_at = Some(s.due_at + Duration::minutes(5));
            }
            BoardRow {
                summons: s,
                department: names[(i % 6) as usize].into(),
                case_no: format!("YD20261123-{:04}", i + 1),
                room: (i % 2 == 0).then(|| "第二调解室".to_string()),
                notice: None,
            }
        })
        .collect();
    yidi::app::board::BoardData {
        rows,
        room_views: rooms(now),
        ..Default::default()
    }
}

/// 40 rooms, every other one in session with a mediator, some reserved, one out of service.
fn rooms(now: chrono::DateTime<Utc>) -> Vec<yidi::domain::allocation::RoomView> {
    use yidi::domain::allocation::{Reservation, RoomView, Session};
    use yidi::domain::room::{Room, RoomKind};
    (0..40u128)
        .map(|i| RoomView {
            room: Room {
                id: Uuid::from_u128(500_000 + i),
                centre_id: Uuid::nil(),
                name: format!("第{}调解室", i + 1),
                kind: RoomKind::ALL[i as usize % RoomKind::ALL.len()],
                capacity: 4 + (i as i32 % 20),
            },
            out_of_service: (i == 7).then(|| (now, "维修".to_string())),
            session: (i % 2 == 0).then(|| Session {
                booking_id: Uuid::from_u128(600_000 + i),
                case_id: Uuid::from_u128(100_000 + i),
                case_no: format!("YD20261123-{:04}", i + 1),
                mediator_id: None,
                mediator: Some("赵国强".into()),
                started_at: now - Duration::minutes(i as i64 * 3),
                booked_by: None,
            }),
            next_reservation: (i % 5 == 1).then(|| Reservation {
                id: Uuid::from_u128(700_000 + i),
                room_id: Uuid::from_u128(500_000 + i),
                case_id: Uuid::from_u128(100_500 + i),
                case_no: format!("YD20261123-{:04}", i + 500),
                starts_at: now + Duration::minutes(20),
                ends_at: now + Duration::minutes(80),
                reserved_by: "窗口".into(),
            }),
        })
        .collect()
}

fn wall_screen(c: &mut Criterion) {
    let mut s = state(2_000);
    s.wallboard = true;
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_wallboard_200x50_60_summonses", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

fn full_frame(c: &mut Criterion) {
    let s = state(2_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_200x50_2000_waiting", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

fn rooms_tab(c: &mut Criterion) {
    let mut s = state(2_000);
    yidi::app::update::update(
        &mut s,
        Action::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('b'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_rooms_200x50_40_rooms", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
    let mut narrow = Terminal::new(TestBackend::new(80, 24)).unwrap();
    yidi::app::update::update(&mut s, Action::Resize(80, 24));
    c.bench_function("render_rooms_80x24_40_rooms", |b| {
        b.iter(|| {
            narrow.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

criterion_group!(benches, full_frame, wall_screen, rooms_tab);
criterion_main!(benches);
