//! The render benchmarks' console: a busy county centre at 10:00 (shared by benches/render.rs
//! and the benchmark table, examples/bench_table.rs).

// Each user of these helpers takes what it needs.
#![allow(dead_code)]

use chrono::{Duration, TimeZone, Utc};
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::state::State;
use yidi::domain::case::{Channel, Lanes, Level};
use yidi::domain::{Centre, Lang, TicketState};
use yidi::store::QueueRow;

/// A console at 200x50 at 10:00 on a weekday: `rows` tickets in the queue, `summonses` on
/// the board, 40 rooms.
pub fn state_with(rows: usize, summonses: u128) -> State {
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
    yidi::app::update::update(&mut s, Action::BoardLoaded(Box::new(board(now, summonses))));
    s
}

/// A busy day's board: summonses whistled over the morning, every state among them.
pub fn board(now: chrono::DateTime<Utc>, count: u128) -> yidi::app::board::BoardData {
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
    let rows = (0..count)
        .map(|i| {
            // Spread over the morning; the last ones still counting down towards their due time.
            let whistled = now - Duration::minutes(150 - (120 * i / count.max(1)) as i64);
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

/// `count` open summonses whistled over the last 25 minutes, none due yet: every one shows a
/// running countdown (the idle-bytes budget counts what those cost).
pub fn counting_board(now: chrono::DateTime<Utc>, count: u128) -> yidi::app::board::BoardData {
    use yidi::domain::Summons;
    use yidi::store::BoardRow;
    let rows = (0..count)
        .map(|i| {
            let whistled = now - Duration::seconds((i * 1500 / count.max(1)) as i64 + 7);
            let mut s = Summons::new(
                Uuid::from_u128(i + 200_000),
                Uuid::from_u128(i % 6),
                whistled,
                30,
            );
            s.reason = "到场说明".into();
            BoardRow {
                summons: s,
                department: ["人社局", "住建局", "卫健委"][(i % 3) as usize].into(),
                case_no: format!("YD20261123-{:04}", i + 1),
                room: None,
                notice: None,
            }
        })
        .collect();
    yidi::app::board::BoardData {
        rows,
        ..Default::default()
    }
}

/// 40 rooms, every other one in session with a mediator, some reserved, one out of service.
pub fn rooms(now: chrono::DateTime<Utc>) -> Vec<yidi::domain::allocation::RoomView> {
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
