//! Stores for tests: a fresh SQLite file or a fresh PostgreSQL database, and a small centre in it.

use chrono::{DateTime, TimeZone, Utc};
use uuid::Uuid;
use yidi::domain::case::Level;
use yidi::domain::department::{DepartmentKind, Presence};
use yidi::domain::room::RoomKind;
use yidi::domain::{Centre, Department, Room, SlaPolicy, WorkCalendar};
use yidi::store::{Stamp, Store};

pub struct SqliteDb {
    pub store: Store,
    pub url: String,
    _dir: tempfile::TempDir,
}

pub async fn sqlite() -> SqliteDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = format!("sqlite://{}", dir.path().join("yidi.db").display());
    let store = Store::open(&url).await.expect("open sqlite");
    SqliteDb {
        store,
        url,
        _dir: dir,
    }
}

/// A fresh PostgreSQL database, or `None` (the harness has said why) when there is none.
pub async fn postgres() -> Option<(Store, String)> {
    let url = super::pg::fresh_database_url().await?;
    let store = Store::open(&url).await.expect("open postgres");
    Some((store, url))
}

/// 08:47 Beijing time on Monday 23 November 2026: scenario 1's morning.
pub fn morning() -> DateTime<Utc> {
    yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 8, 47, 0)
        .unwrap()
        .with_timezone(&Utc)
}

pub fn stamp(at: DateTime<Utc>) -> Stamp {
    Stamp::new("窗口1-王敏", at)
}

pub struct Fixture {
    pub centre: Centre,
    pub hrss: Department,
    pub housing: Department,
    pub big_room: Room,
}

/// A county centre with 人社局 (30 min), 住建局 (40 min) and a 20-seat mediation room.
pub async fn county(store: &Store) -> Fixture {
    let centre = Centre {
        id: Uuid::now_v7(),
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    };
    let centre = store
        .ensure_centre(&centre, &stamp(morning()))
        .await
        .unwrap();
    let dept = |name: &str, window| Department {
        id: Uuid::now_v7(),
        centre_id: centre.id,
        name: name.into(),
        kind: DepartmentKind::Department,
        presence: Presence::OnCall,
        arrival_window_min: window,
        phone: None,
    };
    let hrss = dept("人社局", 30);
    let housing = dept("住建局", 40);
    store
        .add_department(&hrss, &stamp(morning()))
        .await
        .unwrap();
    store
        .add_department(&housing, &stamp(morning()))
        .await
        .unwrap();
    let big_room = Room {
        id: Uuid::now_v7(),
        centre_id: centre.id,
        name: "第一调解室".into(),
        kind: RoomKind::Mediation,
        capacity: 20,
    };
    store.add_room(&big_room, &stamp(morning())).await.unwrap();
    Fixture {
        centre,
        hrss,
        housing,
        big_room,
    }
}

pub fn deadlines(at: DateTime<Utc>) -> yidi::domain::Deadlines {
    SlaPolicy::default().deadlines(at, &WorkCalendar::builtin())
}

/// Registers an intake at `at` with the default "127" deadlines, as the window would.
pub async fn register(
    store: &Store,
    intake: &yidi::domain::Intake,
    at: DateTime<Utc>,
) -> yidi::store::IntakeReceipt {
    store
        .intake(intake, deadlines(at), &stamp(at))
        .await
        .expect("intake")
}
