//! A change costs consoles of other centres nothing, and a console of the centre at most three
//! small reads: counted in the store layer (the reads behind `read!`), on consoles that
//! react to the feed through the same `update` and store tasks as a real console. On both
//! databases; a small city of a county and two townships under it, two consoles each.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{deadlines, morning, stamp};
use uuid::Uuid;
use yidi::app::city::HeadlessConsole;
use yidi::domain::case::{Channel, Handling, Level, Stream};
use yidi::domain::department::{DepartmentKind, Presence};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::room::{Room, RoomKind};
use yidi::domain::{Centre, Change, Department, Intake};
use yidi::store::{Feed, Store, Triage};

on_both!(
    a_policy_change_reaches_the_countys_consoles_in_one_read,
    unrelated_centres_read_nothing_and_a_relevant_console_at_most_three,
    a_county_follows_a_case_escalated_to_it_and_the_township_lets_it_go,
    an_open_case_file_reads_again_only_for_its_own_case,
    the_feed_carries_centre_entity_case_and_action,
    a_room_change_costs_at_most_three_reads_and_the_board_shows_the_room,
);

struct City {
    county: Centre,
    east: Centre,
    west: Centre,
    east_dept: Department,
}

async fn centre(store: &Store, code: &str, level: Level, parent: Option<Uuid>) -> Centre {
    let c = Centre {
        id: Uuid::now_v7(),
        code: code.into(),
        name: format!("{code}中心"),
        level,
        parent,
    };
    store.ensure_centre(&c, &stamp(morning())).await.unwrap()
}

async fn city(store: &Store) -> City {
    let county = centre(store, "county", Level::County, None).await;
    let east = centre(store, "east", Level::Township, Some(county.id)).await;
    let west = centre(store, "west", Level::Township, Some(county.id)).await;
    let east_dept = Department {
        id: Uuid::now_v7(),
        centre_id: east.id,
        name: "司法所".into(),
        kind: DepartmentKind::Department,
        presence: Presence::OnCall,
        arrival_window_min: 30,
        phone: None,
    };
    store
        .add_department(&east_dept, &stamp(morning()))
        .await
        .unwrap();
    City {
        county,
        east,
        west,
        east_dept,
    }
}

async fn consoles(url: &str, centres: &[&Centre]) -> Vec<HeadlessConsole> {
    let mut out = Vec::new();
    for c in centres {
        for wallboard in [false, true] {
            out.push(
                HeadlessConsole::open(url, (*c).clone(), wallboard)
                    .await
                    .expect("console"),
            );
        }
    }
    out
}

/// The changes committed since `after`, one at a time as the feed reports them.
async fn changes(store: &Store, after: &mut i64) -> Vec<Change> {
    let c = store.changes_since(*after, 100).await.unwrap();
    if let Some(last) = c.last() {
        *after = last.id;
    }
    c
}

/// Each console's reads for each change, by whether the change is at its centre.
async fn react_all(cs: &mut [HeadlessConsole], changes: &[Change]) -> Vec<(Uuid, Uuid, u64)> {
    let mut out = Vec::new();
    for ch in changes {
        for c in cs.iter_mut() {
            let reads = c.react(vec![ch.clone()]).await;
            out.push((c.state.centre.id, ch.centre_id, reads));
        }
    }
    out
}

fn walk_in(centre: Uuid) -> Intake {
    Intake::new(centre, Channel::WalkIn, "邻里纠纷", "宅基地边界争议")
        .with_party(Party::person(PartyRole::Applicant, "李四"))
}

/// A walk-in at a township, triaged there.
async fn triaged_at(
    store: &Store,
    township: Uuid,
    at: chrono::DateTime<chrono::Utc>,
) -> yidi::domain::Case {
    let receipt = store
        .intake(&walk_in(township), deadlines(at), &stamp(at))
        .await
        .unwrap();
    store
        .triage(
            receipt.case.id,
            receipt.case.version,
            &triage(Level::Township),
            &stamp(at),
        )
        .await
        .unwrap()
}

/// A walk-in at the east township, triaged there and its 司法所 whistled.
async fn whistled_at_east(
    store: &Store,
    city: &City,
    at: chrono::DateTime<chrono::Utc>,
) -> (yidi::domain::Case, Vec<yidi::domain::Summons>) {
    let case = triaged_at(store, city.east.id, at).await;
    let made = store
        .whistle_departments(case.id, &[city.east_dept.id], "边界勘界", &stamp(at))
        .await
        .unwrap();
    (case, made)
}

fn triage(level: Level) -> Triage {
    Triage {
        stream: Stream::Mediation,
        handling: Handling::Joint,
        level,
        lead_department: None,
        cooperating: Vec::new(),
        first_handler: "王敏".into(),
    }
}

async fn unrelated_centres_read_nothing_and_a_relevant_console_at_most_three(
    store: Store,
    url: String,
) {
    let city = city(&store).await;
    let mut cs = consoles(&url, &[&city.county, &city.east, &city.west]).await;
    let mut after = store.last_change_id().await.unwrap();
    let at = chrono::Utc::now();
    // Intake, triage, whistle, arrival at the east township.
    let (case, made) = whistled_at_east(&store, &city, at).await;
    store
        .record_arrival(made[0].id, at + Duration::minutes(5), None, &stamp(at))
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    let actions: Vec<_> = feed.iter().filter_map(|c| c.action.clone()).collect();
    assert_eq!(
        actions,
        ["intake", "triage", "whistle", "arrive"],
        "one change per step, each naming its action"
    );
    let reads = react_all(&mut cs, &feed).await;
    for (console, at_centre, n) in &reads {
        if console == at_centre {
            assert!(
                *n >= 1 && *n <= 3,
                "a console of the centre re-reads what changed in at most 3 reads, not {n}"
            );
        } else {
            assert_eq!(*n, 0, "a console of another centre reads nothing");
        }
    }
    // And what it read is what the other console would show: the east console's queue
    // holds the case, its board the arrived summons.
    let east = cs
        .iter()
        .find(|c| c.state.centre.id == city.east.id && !c.state.wallboard)
        .unwrap();
    assert!(east.state.queue.rows.iter().any(|r| r.case_id == case.id));
    assert!(
        east.state
            .board
            .data
            .rows
            .iter()
            .any(|r| r.summons.id == made[0].id && r.summons.arrived_at.is_some())
    );
    assert_eq!(east.state.board.data.figures.received, 1);
    // Sign-ins and other changes no panel shows cost nobody anything.
    let before: Vec<u64> = cs.iter().map(|c| c.reads()).collect();
    let none = vec![Change {
        entity: "operator".into(),
        action: Some("login".into()),
        case_id: None,
        ..feed[0].clone()
    }];
    for c in cs.iter_mut() {
        c.react(none.clone()).await;
    }
    let after_reads: Vec<u64> = cs.iter().map(|c| c.reads()).collect();
    assert_eq!(before, after_reads);
}

async fn a_county_follows_a_case_escalated_to_it_and_the_township_lets_it_go(
    store: Store,
    url: String,
) {
    let city = city(&store).await;
    let at = chrono::Utc::now();
    let case = triaged_at(&store, city.west.id, at).await;
    let mut cs = consoles(&url, &[&city.county, &city.east, &city.west]).await;
    let mut after = store.last_change_id().await.unwrap();
    store
        .escalate_case(
            case.id,
            case.version,
            Level::County,
            at + Duration::days(1),
            &stamp(at),
        )
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    assert_eq!(feed.len(), 1);
    assert_eq!(
        feed[0].centre_id, city.county.id,
        "journalled where it arrives"
    );
    for c in cs.iter_mut() {
        let n = c.react(feed.clone()).await;
        let id = c.state.centre.id;
        if id == city.county.id {
            assert!((1..=3).contains(&n), "the county re-reads ({n})");
            assert_eq!(
                c.state.board.data.figures.received, 1,
                "the county counts it"
            );
        } else if id == city.west.id && !c.state.wallboard {
            // The west window showed the case's ticket: its queue is read again.
            assert!(
                (1..=3).contains(&n),
                "the township re-reads its queue ({n})"
            );
        } else if id == city.east.id {
            assert_eq!(n, 0, "another township reads nothing");
        }
    }
}

async fn an_open_case_file_reads_again_only_for_its_own_case(store: Store, url: String) {
    let city = city(&store).await;
    let at = chrono::Utc::now();
    let first = store
        .intake(&walk_in(city.east.id), deadlines(at), &stamp(at))
        .await
        .unwrap()
        .case;
    let second = store
        .intake(&walk_in(city.east.id), deadlines(at), &stamp(at))
        .await
        .unwrap()
        .case;
    let first = store
        .triage(
            first.id,
            first.version,
            &Triage {
                lead_department: Some(city.east_dept.id),
                ..triage(Level::Township)
            },
            &stamp(at),
        )
        .await
        .unwrap();
    store
        .whistle_departments(first.id, &[city.east_dept.id], "勘界", &stamp(at))
        .await
        .unwrap();
    let mut console = HeadlessConsole::open(&url, city.east.clone(), false)
        .await
        .unwrap();
    console
        .settle(vec![yidi::app::action::Command::LoadCaseFile(first.id)])
        .await;
    assert!(yidi::app::feed::open_case(&console.state) == Some(first.id));
    let mut after = store.last_change_id().await.unwrap();
    store
        .add_ledger_entry(second.id, "约定周三复谈", "周三", &stamp(at))
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    assert_eq!(
        console.react(feed).await,
        0,
        "a ledger line of another case: nothing to read"
    );
    store
        .add_ledger_entry(first.id, "双方同意现场勘界", "周四勘界", &stamp(at))
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    let n = console.react(feed).await;
    // case, parties, journal, ledger, ticket, escalations, and departments, summonses with
    // their notices, rooms: whatever the number of summonses.
    assert!(
        (1..=9).contains(&n),
        "its own case: the file is read again, in at most 9 small reads ({n})"
    );
    let Some(yidi::app::state::Overlay::Detail(d)) = &console.state.overlay else {
        panic!("the case file stays open");
    };
    assert!(
        d.file
            .ledger
            .iter()
            .any(|l| l.progress == "双方同意现场勘界")
    );
    assert_eq!(d.file.departments, vec![("司法所".to_string(), "lead")]);
    assert_eq!(d.file.summons.len(), 1);
    assert_eq!(d.file.summons[0].0, "司法所");
}

async fn the_feed_carries_centre_entity_case_and_action(store: Store, _url: String) {
    let city = city(&store).await;
    let feed_store = store.counted();
    let mut follower = feed_store.follow(store.last_change_id().await.unwrap());
    let at = chrono::Utc::now();
    let receipt = store
        .intake(&walk_in(city.east.id), deadlines(at), &stamp(at))
        .await
        .unwrap();
    let got = tokio::time::timeout(std::time::Duration::from_secs(10), follower.next())
        .await
        .expect("the feed reports the intake")
        .expect("feed open");
    let Feed::Changes(changes) = got else {
        panic!("changes, not {got:?}");
    };
    let c = &changes[0];
    assert_eq!(c.centre_id, city.east.id);
    assert_eq!(c.case_id, Some(receipt.case.id));
    assert_eq!(c.entity, "case");
    assert_eq!(c.action.as_deref(), Some("intake"));
}

/// An administrator sets the county's policy: a township console hears it on the feed and
/// reads the policy once — no waiting for the few-minutes check.
async fn a_policy_change_reaches_the_countys_consoles_in_one_read(store: Store, url: String) {
    let city = city(&store).await;
    let mut cs = consoles(&url, &[&city.east]).await;
    let mut after = store.last_change_id().await.unwrap();
    store
        .set_policy(
            city.county.id,
            "summons.grace_min",
            "9",
            &stamp(chrono::Utc::now()),
        )
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    assert_eq!(feed.len(), 1);
    assert_eq!(feed[0].entity, "policy");
    for c in cs.iter_mut() {
        let reads = c.react(feed.clone()).await;
        assert_eq!(reads, 1, "one read of the policy");
        assert_eq!(c.state.board.grace, chrono::Duration::minutes(9));
    }
}

/// A session starting or ending touches the rooms, the mediators and who is on site — three
/// reads — and the board's room column follows from the rooms read, without reading the
/// board again.
async fn a_room_change_costs_at_most_three_reads_and_the_board_shows_the_room(
    store: Store,
    url: String,
) {
    let city = city(&store).await;
    let room = Room {
        id: Uuid::now_v7(),
        centre_id: city.east.id,
        name: "第一调解室".into(),
        kind: RoomKind::Mediation,
        capacity: 8,
    };
    store.add_room(&room, &stamp(morning())).await.unwrap();
    let at = chrono::Utc::now();
    let (case, _) = whistled_at_east(&store, &city, at).await;
    // The consoles open on the world with the summons on the board, no room yet.
    let mut cs = consoles(&url, &[&city.east, &city.west]).await;
    let mut after = store.last_change_id().await.unwrap();
    let room_on_board = |c: &HeadlessConsole| {
        c.state
            .board
            .data
            .rows
            .iter()
            .find(|r| r.summons.case_id == case.id)
            .map(|r| r.room.clone())
    };
    assert_eq!(
        room_on_board(&cs[0]),
        Some(None),
        "on the board, no room yet"
    );

    let booking = store
        .allocate_room(case.id, room.id, None, &stamp(at))
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    assert_eq!(feed.len(), 1);
    for (console, at_centre, n) in react_all(&mut cs, &feed).await {
        if console == at_centre {
            assert!(
                (1..=3).contains(&n),
                "a session starting: {n} reads, not ≤ 3"
            );
        } else {
            assert_eq!(n, 0, "another centre reads nothing");
        }
    }
    for c in cs.iter().filter(|c| c.state.centre.id == city.east.id) {
        assert_eq!(
            room_on_board(c),
            Some(Some("第一调解室".to_string())),
            "the board's room column (wall screen: {})",
            c.state.wallboard
        );
        let view = &c.state.board.data.room_views[0];
        assert_eq!(view.session.as_ref().map(|s| s.case_id), Some(case.id));
    }

    store
        .release_session(booking, "调解成功", &stamp(at))
        .await
        .unwrap();
    let feed = changes(&store, &mut after).await;
    for (console, at_centre, n) in react_all(&mut cs, &feed).await {
        if console == at_centre {
            assert!((1..=3).contains(&n), "a session ending: {n} reads, not ≤ 3");
        } else {
            assert_eq!(n, 0);
        }
    }
    assert_eq!(room_on_board(&cs[0]), Some(None), "the room is given back");
}
