//! The store's promises, each checked on SQLite and on PostgreSQL.

#[macro_use]
mod common;

use chrono::Duration;
use common::stores::{Fixture, county, deadlines, morning, stamp};
use std::time::Duration as StdDuration;
use uuid::Uuid;
use yidi::domain::case::{CaseEvent, CaseState, Channel, Handling, Level, Stream};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{FollowUp, Intake, TicketMove};
use yidi::store::{Feed, Store, StoreError, Triage};

on_both!(
    intake_stores_case_parties_ticket_journal_and_change,
    a_retried_intake_makes_one_case,
    a_stale_edit_is_refused_and_overwrites_nothing,
    an_illegal_transition_changes_nothing,
    a_busy_room_is_refused_by_the_database,
    one_open_summons_per_department_and_arrival_records_once,
    a_case_walks_to_its_follow_up,
    repeat_visitors_are_found_by_resident_id,
    nothing_can_be_deleted_even_by_hand,
    a_commit_elsewhere_wakes_a_subscriber,
    concurrent_writers_lose_and_duplicate_nothing,
    the_queue_calls_priority_lanes_first_and_never_twice,
    a_no_show_can_be_requeued,
    a_window_calls_a_chosen_ticket_out_of_turn_once,
);

fn wage_arrears(f: &Fixture) -> Intake {
    let mut rep = Party::person(PartyRole::Applicant, "张建国");
    rep.resident_id = Some("１１０１０５１９４９１２３１００２ｘ".into());
    rep.phone = Some("138-0013-8000".into());
    rep.address = "城关镇东关村".into();
    let mut i = Intake::new(
        f.centre.id,
        Channel::WalkIn,
        "劳动争议/欠薪",
        "十二名建筑工人被拖欠工资八个月，共计三十余万元",
    )
    .with_party(rep)
    .with_party(Party::organisation(
        PartyRole::Respondent,
        "某建筑劳务有限公司",
    ));
    i.group_persons = 12;
    i
}

async fn intake(store: &Store, i: &Intake) -> yidi::store::IntakeReceipt {
    store
        .intake(i, deadlines(morning()), &stamp(morning()))
        .await
        .expect("intake")
}

async fn intake_stores_case_parties_ticket_journal_and_change(store: Store, _url: String) {
    let f = county(&store).await;
    let before = store.last_change_id().await.unwrap();
    let r = intake(&store, &wage_arrears(&f)).await;
    assert!(r.created);
    assert_eq!(r.case.state, CaseState::Registered);
    assert_eq!(r.case.case_no, "YD20261123-0001");
    assert_eq!(r.case.group_persons, 12);
    assert!(
        r.case.lanes.group_visit,
        "a group visit goes to the group lane"
    );
    assert_eq!(
        r.ticket.as_ref().map(|t| t.code()),
        Some("A001".to_string())
    );
    assert_eq!(r.case.deadlines, deadlines(morning()));

    let parties = store.parties(r.case.id).await.unwrap();
    assert_eq!(parties.len(), 2);
    assert_eq!(
        parties[0].resident_id.as_deref(),
        Some("11010519491231002X"),
        "stored normalised"
    );
    assert_eq!(parties[0].phone.as_deref(), Some("13800138000"));
    assert!(parties[1].is_organisation);

    let journal = store.journal_for_case(r.case.id).await.unwrap();
    assert_eq!(journal.len(), 1);
    assert_eq!(journal[0].action, "intake");
    assert_eq!(journal[0].actor, "窗口1-王敏");
    assert!(
        !journal[0].detail.contains("11010519491231002X"),
        "the journal keeps IDs masked: {}",
        journal[0].detail
    );
    assert!(journal[0].detail.contains("110105********002X"));

    let changes = store.changes_since(before, 100).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (changes[0].entity.as_str(), changes[0].entity_id),
        ("case", r.case.id)
    );

    let second = intake(&store, &wage_arrears(&f)).await;
    assert_eq!(second.ticket.unwrap().code(), "A002");
    assert_eq!(second.case.case_no, "YD20261123-0002");
}

async fn a_retried_intake_makes_one_case(store: Store, _url: String) {
    let f = county(&store).await;
    let i = wage_arrears(&f);
    let first = intake(&store, &i).await;
    let again = intake(&store, &i).await;
    assert!(first.created && !again.created);
    assert_eq!(first.case.id, again.case.id);
    assert_eq!(first.ticket.unwrap().id, again.ticket.unwrap().id);

    // Two consoles retrying one intake at the same moment.
    let j = wage_arrears(&f);
    let st = stamp(morning());
    let (a, b) = tokio::join!(
        store.intake(&j, deadlines(morning()), &st),
        store.intake(&j, deadlines(morning()), &st)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.case.id, b.case.id);
    assert_eq!(
        [a.created, b.created].iter().filter(|c| **c).count(),
        1,
        "exactly one of them stored it"
    );
    assert_eq!(store.counts(f.centre.id).await.unwrap().cases, 2);
    assert_eq!(store.journal_for_case(j.id).await.unwrap().len(), 1);
}

fn joint_triage(f: &Fixture) -> Triage {
    Triage {
        stream: Stream::Mediation,
        handling: Handling::Joint,
        level: Level::County,
        lead_department: Some(f.hrss.id),
        cooperating: vec![f.housing.id],
        first_handler: "王敏".into(),
    }
}

async fn a_stale_edit_is_refused_and_overwrites_nothing(store: Store, _url: String) {
    let f = county(&store).await;
    let case = intake(&store, &wage_arrears(&f)).await.case;
    let later = stamp(morning() + Duration::minutes(5));
    let triaged = store
        .triage(case.id, case.version, &joint_triage(&f), &later)
        .await
        .unwrap();
    assert_eq!(triaged.version, case.version + 1);
    assert_eq!(triaged.stream, Some(Stream::Mediation));

    // Console B still holds version 1 and tries to triage differently.
    let mut other = joint_triage(&f);
    other.stream = Stream::Petition;
    let err = store
        .triage(case.id, case.version, &other, &later)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { expected, actual, .. } if expected == 1 && actual == 2),
        "{err:?}"
    );
    let now = store.case(case.id).await.unwrap().unwrap();
    assert_eq!(
        now.stream,
        Some(Stream::Mediation),
        "the first decision stands"
    );
    let triages = store
        .journal_for_case(case.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "triage")
        .count();
    assert_eq!(triages, 1);
}

async fn an_illegal_transition_changes_nothing(store: Store, _url: String) {
    let f = county(&store).await;
    let case = intake(&store, &wage_arrears(&f)).await.case;
    let err = store
        .transition(
            case.id,
            case.version,
            CaseEvent::Close,
            None,
            &stamp(morning()),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Illegal(_)), "{err:?}");
    let now = store.case(case.id).await.unwrap().unwrap();
    assert_eq!(
        (now.state, now.version),
        (CaseState::Registered, case.version)
    );
    assert_eq!(store.journal_for_case(case.id).await.unwrap().len(), 1);
}

async fn a_busy_room_is_refused_by_the_database(store: Store, url: String) {
    let f = county(&store).await;
    let a = intake(&store, &wage_arrears(&f)).await.case;
    let b = intake(&store, &wage_arrears(&f)).await.case;
    let t = stamp(morning() + Duration::minutes(58));
    // Two consoles book the same room at once: the database lets exactly one through.
    let (x, y) = tokio::join!(
        store.allocate_room(a.id, f.big_room.id, None, &t),
        store.allocate_room(b.id, f.big_room.id, None, &t)
    );
    let results = [x, y];
    assert_eq!(results.iter().filter(|r| r.is_ok()).count(), 1);
    assert!(
        results
            .iter()
            .any(|r| matches!(r, Err(StoreError::Room(_))))
    );
    let booking = results.into_iter().find_map(Result::ok).unwrap();

    // Even SQL typed by hand cannot open a second active booking.
    let raw = raw_execute(
        &url,
        &format!(
            "INSERT INTO room_bookings (id, centre_id, room_id, case_id, started_at, version) \
             SELECT {new}, centre_id, room_id, case_id, started_at, 1 FROM room_bookings WHERE released_at IS NULL",
            new = uuid_literal(&url, Uuid::now_v7())
        ),
    )
    .await;
    assert!(
        raw.is_err(),
        "the partial unique index must refuse a second active booking"
    );

    store
        .release_session(booking, "调解结束", &t)
        .await
        .unwrap();
    store
        .allocate_room(b.id, f.big_room.id, None, &t)
        .await
        .expect("free again after release");
    assert_eq!(store.occupied_rooms(f.centre.id).await.unwrap().len(), 1);
}

async fn one_open_summons_per_department_and_arrival_records_once(store: Store, _url: String) {
    let f = county(&store).await;
    let case = intake(&store, &wage_arrears(&f)).await.case;
    let at = morning() + Duration::minutes(6); // 08:53
    let s = store
        .whistle(case.id, f.housing.id, "欠薪涉及在建工程", &stamp(at))
        .await
        .unwrap();
    assert_eq!(s.due_at, at + Duration::minutes(40));
    let again = store
        .whistle(case.id, f.housing.id, "再次吹哨", &stamp(at))
        .await
        .unwrap_err();
    assert!(
        matches!(again, StoreError::AlreadySummoned { .. }),
        "{again:?}"
    );
    store
        .whistle(case.id, f.hrss.id, "欠薪", &stamp(at))
        .await
        .expect("another department is fine");
    assert_eq!(store.open_summons(f.centre.id).await.unwrap().len(), 2);

    // Liaison and operator both record 住建局's check-in at 09:41.
    let arrived = morning() + Duration::minutes(54);
    let (liaison, operator) = (stamp(arrived), stamp(arrived + Duration::minutes(1)));
    let (a, b) = tokio::join!(
        store.record_arrival(s.id, arrived, None, &liaison),
        store.record_arrival(s.id, arrived + Duration::minutes(1), None, &operator)
    );
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(
        a.arrived_at, b.arrived_at,
        "one arrival time, whichever console was first"
    );
    let arrivals = store
        .journal_for_case(case.id)
        .await
        .unwrap()
        .iter()
        .filter(|e| e.action == "arrive")
        .count();
    assert_eq!(arrivals, 1);
    assert_eq!(store.open_summons(f.centre.id).await.unwrap().len(), 1);
    store
        .whistle(case.id, f.housing.id, "第二次协调", &stamp(arrived))
        .await
        .expect("after arrival a new whistle is allowed");
}

async fn a_case_walks_to_its_follow_up(store: Store, _url: String) {
    let f = county(&store).await;
    let c = intake(&store, &wage_arrears(&f)).await.case;
    let t = |m| stamp(morning() + Duration::minutes(m));
    let c = store
        .triage(c.id, c.version, &joint_triage(&f), &t(5))
        .await
        .unwrap();
    let c = store
        .transition(c.id, c.version, CaseEvent::OpenSession, None, &t(58))
        .await
        .unwrap();
    let c = store
        .transition(
            c.id,
            c.version,
            CaseEvent::Resolve,
            Some("调解协议书 (2026)示调字第118号，分两期支付"),
            &t(153),
        )
        .await
        .unwrap();
    let c = store
        .transition(c.id, c.version, CaseEvent::Close, None, &t(160))
        .await
        .unwrap();
    assert_eq!(c.state, CaseState::Closed);
    assert!(c.closed_at.is_some());
    let follow = FollowUp {
        id: Uuid::now_v7(),
        case_id: c.id,
        at: morning() + Duration::days(3),
        by: "回访员-李娜".into(),
        satisfaction: 5,
        note: "工资已按期到账".into(),
        problem_found: false,
    };
    store
        .record_follow_up(&follow, c.version, &stamp(follow.at))
        .await
        .unwrap();
    let c = store.case(c.id).await.unwrap().unwrap();
    assert_eq!(c.state, CaseState::FollowedUp);
    let actions: Vec<String> = store
        .journal_for_case(c.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "intake",
            "triage",
            "open_session",
            // The waiting ticket is served with the outcome (one close).
            "serve",
            "resolve",
            "close",
            "follow_up"
        ]
    );
}

async fn repeat_visitors_are_found_by_resident_id(store: Store, _url: String) {
    let f = county(&store).await;
    for _ in 0..3 {
        let mut i = wage_arrears(&f);
        i.category = "征地补偿".into();
        intake(&store, &i).await;
    }
    let earlier = store
        .cases_of_resident(" 11010519491231002x ")
        .await
        .unwrap();
    assert_eq!(earlier.len(), 3);
    assert!(earlier.iter().all(|c| c.category == "征地补偿"));
    assert!(
        store
            .cases_of_resident("110101199003077777")
            .await
            .unwrap()
            .is_empty()
    );
}

async fn nothing_can_be_deleted_even_by_hand(store: Store, url: String) {
    let f = county(&store).await;
    intake(&store, &wage_arrears(&f)).await;
    for sql in [
        "DELETE FROM journal",
        "UPDATE journal SET detail = 'rewritten'",
        "DELETE FROM cases",
        "DELETE FROM changes",
    ] {
        assert!(
            raw_execute(&url, sql).await.is_err(),
            "{sql} must be refused"
        );
    }
    assert_eq!(store.counts(f.centre.id).await.unwrap().cases, 1);
}

async fn a_commit_elsewhere_wakes_a_subscriber(store: Store, url: String) {
    let f = county(&store).await;
    let seen = store.last_change_id().await.unwrap();
    let mut feed = store.follow(seen);
    tokio::time::sleep(StdDuration::from_millis(200)).await;
    // Another console: its own connections to the same database.
    let other = Store::open(&url).await.unwrap();
    let r = intake(&other, &wage_arrears(&f)).await;
    let woke = tokio::time::timeout(StdDuration::from_secs(5), feed.next())
        .await
        .expect("woken within 5 s");
    let Some(Feed::Changes(changes)) = woke else {
        panic!("expected changes, got {woke:?}");
    };
    assert_eq!(changes.last().map(|c| c.entity_id), Some(r.case.id));
}

async fn concurrent_writers_lose_and_duplicate_nothing(store: Store, _url: String) {
    let f = county(&store).await;
    let before = store.last_change_id().await.unwrap();
    let writers = 20;
    let each = 15;
    let mut tasks = Vec::new();
    for w in 0..writers {
        let store = store.clone();
        let f_centre = f.centre.clone();
        tasks.push(tokio::spawn(async move {
            let fx = Fixture {
                centre: f_centre,
                hrss: dummy_dept(),
                housing: dummy_dept(),
                big_room: dummy_room(),
            };
            let mut ids = Vec::new();
            for n in 0..each {
                let mut i = wage_arrears(&fx);
                i.description = format!("writer {w} intake {n}");
                // Every intake is sent twice, as a console retrying after a timeout would.
                let a = store
                    .intake(&i, deadlines(morning()), &stamp(morning()))
                    .await
                    .unwrap();
                let b = store
                    .intake(&i, deadlines(morning()), &stamp(morning()))
                    .await
                    .unwrap();
                assert_eq!(a.case.id, b.case.id);
                ids.push(a.case.id);
            }
            ids
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await.unwrap());
    }
    assert_eq!(all.len(), writers * each);
    assert_eq!(
        store.counts(f.centre.id).await.unwrap().cases,
        (writers * each) as i64,
        "none lost, none doubled"
    );
    let tickets = store
        .tickets_on(f.centre.id, yidi::domain::clock::local_day(morning()))
        .await
        .unwrap();
    let mut seqs: Vec<i32> = tickets.iter().map(|t| t.seq).collect();
    seqs.sort();
    assert_eq!(
        seqs,
        (1..=(writers * each) as i32).collect::<Vec<_>>(),
        "ticket numbers have no gaps or repeats"
    );
    let changes = store.changes_since(before, 10_000).await.unwrap();
    assert_eq!(
        changes.len(),
        writers * each,
        "one change row per stored intake"
    );
    assert!(changes.windows(2).all(|w| w[0].id < w[1].id));
}

fn dummy_dept() -> yidi::domain::Department {
    yidi::domain::Department {
        id: Uuid::nil(),
        centre_id: Uuid::nil(),
        name: String::new(),
        kind: yidi::domain::DepartmentKind::Department,
        presence: yidi::domain::Presence::OnCall,
        arrival_window_min: 30,
        phone: None,
    }
}

fn dummy_room() -> yidi::domain::Room {
    yidi::domain::Room {
        id: Uuid::nil(),
        centre_id: Uuid::nil(),
        name: String::new(),
        kind: yidi::domain::RoomKind::Mediation,
        capacity: 1,
    }
}

/// A uuid as a literal in the backend's SQL (SQLite stores uuids as 16-byte blobs).
fn uuid_literal(url: &str, id: Uuid) -> String {
    if url.starts_with("postgres") {
        format!("'{id}'::uuid")
    } else {
        format!("X'{}'", id.simple())
    }
}

/// Runs SQL typed by hand, outside the store, as a careless administrator might.
async fn raw_execute(url: &str, sql: &str) -> Result<u64, sqlx::Error> {
    use sqlx::Connection;
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await?;
        Ok(sqlx::query(sql).execute(&mut c).await?.rows_affected())
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await?;
        Ok(sqlx::query(sql).execute(&mut c).await?.rows_affected())
    }
}

async fn the_queue_calls_priority_lanes_first_and_never_twice(store: Store, _url: String) {
    let f = county(&store).await;
    let day = yidi::domain::clock::local_day(morning());
    let mut plain = wage_arrears(&f);
    plain.group_persons = 1;
    let first = intake(&store, &plain).await;
    let mut elderly = wage_arrears(&f);
    elderly.group_persons = 1;
    elderly.lanes.elderly_disabled = true;
    let old_lady = store
        .intake(
            &elderly,
            deadlines(morning()),
            &stamp(morning() + Duration::minutes(3)),
        )
        .await
        .unwrap();
    let group = store
        .intake(
            &wage_arrears(&f),
            deadlines(morning()),
            &stamp(morning() + Duration::minutes(4)),
        )
        .await
        .unwrap();

    let t = stamp(morning() + Duration::minutes(10));
    // Two windows press "call next" at the same moment.
    let (a, b) = tokio::join!(
        store.call_next(f.centre.id, day, "1号窗口", &t),
        store.call_next(f.centre.id, day, "2号窗口", &t)
    );
    let called = [a.unwrap().unwrap(), b.unwrap().unwrap()];
    let elderly_ticket = old_lady.ticket.unwrap().id;
    let group_ticket = group.ticket.unwrap().id;
    assert!(
        called.contains(&elderly_ticket) && called.contains(&group_ticket),
        "priority lanes before the plain ticket"
    );
    assert_ne!(called[0], called[1]);
    let third = store
        .call_next(f.centre.id, day, "1号窗口", &t)
        .await
        .unwrap();
    assert_eq!(third, Some(first.ticket.unwrap().id));
    assert_eq!(
        store
            .call_next(f.centre.id, day, "1号窗口", &t)
            .await
            .unwrap(),
        None,
        "nobody left waiting"
    );

    let rows = store.queue(f.centre.id, day).await.unwrap();
    assert_eq!(rows.len(), 3);
    assert!(
        rows.iter()
            .all(|r| r.state == yidi::domain::TicketState::Called)
    );
    assert_eq!(rows[0].applicant, "张建国");
    assert_eq!(rows[0].code(), "A001");
}

async fn a_window_calls_a_chosen_ticket_out_of_turn_once(store: Store, _url: String) {
    let f = county(&store).await;
    let day = yidi::domain::clock::local_day(morning());
    let first = intake(&store, &wage_arrears(&f)).await.ticket.unwrap();
    let mut later = wage_arrears(&f);
    later.group_persons = 1;
    let second = store
        .intake(
            &later,
            deadlines(morning()),
            &stamp(morning() + Duration::minutes(3)),
        )
        .await
        .unwrap()
        .ticket
        .unwrap();
    let t = stamp(morning() + Duration::minutes(10));
    let row = |rows: &[yidi::store::QueueRow], id| rows.iter().find(|r| r.ticket_id == id).cloned();
    let rows = store.queue(f.centre.id, day).await.unwrap();
    let chosen = row(&rows, second.id).unwrap();
    store
        .call_ticket(second.id, chosen.version, "2号窗口", &t)
        .await
        .unwrap();
    let rows = store.queue(f.centre.id, day).await.unwrap();
    let called = row(&rows, second.id).unwrap();
    assert_eq!(called.state, yidi::domain::TicketState::Called);
    assert_eq!(
        row(&rows, first.id).unwrap().state,
        yidi::domain::TicketState::Waiting,
        "the one in line still waits"
    );
    // A second window calling the same ticket from what it saw is refused, naming it.
    let again = store
        .call_ticket(second.id, chosen.version, "1号窗口", &t)
        .await
        .unwrap_err();
    assert!(
        matches!(again, yidi::store::StoreError::TicketState { .. }),
        "{again:?}"
    );
    assert_eq!(
        store
            .call_next(f.centre.id, day, "1号窗口", &t)
            .await
            .unwrap(),
        Some(first.id)
    );
}

async fn a_no_show_can_be_requeued(store: Store, _url: String) {
    let f = county(&store).await;
    let day = yidi::domain::clock::local_day(morning());
    let r = intake(&store, &wage_arrears(&f)).await;
    let t = stamp(morning() + Duration::minutes(10));
    let id = store
        .call_next(f.centre.id, day, "1号窗口", &t)
        .await
        .unwrap()
        .unwrap();
    let row =
        |rows: Vec<yidi::store::QueueRow>| rows.into_iter().find(|q| q.ticket_id == id).unwrap();
    let called = row(store.queue(f.centre.id, day).await.unwrap());
    store
        .move_ticket(id, called.version, TicketMove::NoShow, &t)
        .await
        .unwrap();
    let err = store
        .move_ticket(id, called.version, TicketMove::Requeue, &t)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Conflict { .. }),
        "a stale version is refused: {err:?}"
    );
    let gone = row(store.queue(f.centre.id, day).await.unwrap());
    assert_eq!(gone.state, yidi::domain::TicketState::NoShow);
    store
        .move_ticket(id, gone.version, TicketMove::Requeue, &t)
        .await
        .unwrap();
    let back = row(store.queue(f.centre.id, day).await.unwrap());
    assert_eq!(back.state, yidi::domain::TicketState::Waiting);
    let err = store
        .move_ticket(id, back.version, TicketMove::NoShow, &t)
        .await
        .unwrap_err();
    assert!(
        matches!(err, StoreError::TicketState { .. }),
        "a waiting ticket cannot be a no-show: {err:?}"
    );
    let actions: Vec<String> = store
        .journal_for_case(r.case.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, ["intake", "call", "no_show", "requeue"]);
}
