//! Rooms' promises on SQLite and PostgreSQL: two consoles allocating one room (one wins, the
//! other is told who took it and is offered the next fit), a mediator never in two sessions,
//! release with the outcome in the case's journal, transfer, out of service and back,
//! reservations refused on conflict with the reason, and unclaimed ones released once.

#[macro_use]
mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::stores::{Fixture, county, morning, register, stamp};
use uuid::Uuid;
use yidi::domain::allocation::{ReservationRefused, RoomState, propose, suggest_mediators};
use yidi::domain::case::Channel;
use yidi::domain::clock::TZ;
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::room::RoomKind;
use yidi::domain::{Intake, Mediator, Room};
use yidi::store::{RoomRefusal, Stamp, Store, StoreError};

on_both!(
    two_consoles_allocating_one_room_one_wins_and_the_other_is_told_who,
    a_mediator_is_never_in_two_sessions_at_once,
    release_sends_the_outcome_to_the_case_and_frees_the_room,
    a_session_moves_to_another_room_with_its_mediator,
    a_room_goes_out_of_service_and_back,
    reservations_take_a_slot_and_conflicts_are_refused_with_the_reason,
    an_unclaimed_reservation_is_released_once_and_journalled,
);

fn at(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn console(who: &str, t: DateTime<Utc>) -> Stamp {
    Stamp::new(who, t)
}

/// Scenario 1's case: 12 workers, the company, two departments whistled.
async fn wage_case(store: &Store, f: &Fixture) -> Uuid {
    let mut i = Intake::new(
        f.centre.id,
        Channel::WalkIn,
        "劳动争议/欠薪",
        "十二名工人被拖欠工资",
    )
    .with_party(Party::person(PartyRole::Applicant, "张建国"))
    .with_party(Party::organisation(
        PartyRole::Respondent,
        "某建筑劳务有限公司",
    ));
    i.group_persons = 12;
    let case = register(store, &i, morning()).await.case;
    store
        .whistle_departments(
            case.id,
            &[f.hrss.id, f.housing.id],
            "欠薪",
            &stamp(morning()),
        )
        .await
        .unwrap();
    case.id
}

async fn small_case(store: &Store, f: &Fixture, name: &str) -> Uuid {
    let i = Intake::new(f.centre.id, Channel::WalkIn, "邻里纠纷", "楼上漏水")
        .with_party(Party::person(PartyRole::Applicant, name))
        .with_party(Party::person(PartyRole::Respondent, "楼上住户"));
    register(store, &i, morning()).await.case.id
}

async fn add_room(store: &Store, f: &Fixture, name: &str, kind: RoomKind, seats: i32) -> Room {
    let r = Room {
        id: Uuid::now_v7(),
        centre_id: f.centre.id,
        name: name.into(),
        kind,
        capacity: seats,
    };
    store.add_room(&r, &stamp(morning())).await.unwrap();
    r
}

async fn add_mediator(store: &Store, f: &Fixture, name: &str, specialties: &[&str]) -> Mediator {
    let m = Mediator {
        id: Uuid::now_v7(),
        centre_id: f.centre.id,
        name: name.into(),
        specialties: specialties.iter().map(|s| s.to_string()).collect(),
        department_id: None,
        studio: None,
    };
    store.add_mediator(&m, &stamp(morning())).await.unwrap();
    m
}

fn refusal(e: StoreError) -> RoomRefusal {
    match e {
        StoreError::Room(r) => r,
        other => panic!("expected a room refusal, got {other:?}"),
    }
}

async fn two_consoles_allocating_one_room_one_wins_and_the_other_is_told_who(
    store: Store,
    url: String,
) {
    let f = county(&store).await;
    let second = add_room(&store, &f, "第二调解室", RoomKind::Mediation, 24).await;
    add_room(&store, &f, "第六调解室", RoomKind::Mediation, 6).await;
    let zhao = add_mediator(&store, &f, "赵国强", &["劳动争议", "欠薪"]).await;
    let shen = add_mediator(&store, &f, "沈静", &["法律援助", "劳动争议"]).await;
    let wage = wage_case(&store, &f).await;
    let other = small_case(&store, &f, "刘桂英").await;

    // Both consoles see the same proposal: 16 people, 第一调解室 (20) is the nearest fit.
    let input = store.allocation_input(wage).await.unwrap();
    assert_eq!(
        input.persons, 16,
        "12 + respondent + 2 departments + mediator"
    );
    let views = store.room_views(f.centre.id, at(9, 45)).await.unwrap();
    let first = propose(&views, wage, RoomKind::Mediation, 16, at(9, 45))[0]
        .room
        .clone();
    assert_eq!(first.id, f.big_room.id);
    let loads = store.mediator_loads(f.centre.id, at(9, 45)).await.unwrap();
    assert_eq!(
        suggest_mediators(&input.category, &loads)[0].mediator.id,
        zhao.id,
        "the labour-dispute mediator first"
    );

    let b = Store::open(&url).await.unwrap();
    let (sa, sb) = (
        console("窗口1-王敏", at(9, 45)),
        console("窗口2-李强", at(9, 45)),
    );
    let (ra, rb) = tokio::join!(
        store.allocate_room(wage, first.id, Some(zhao.id), &sa),
        b.allocate_room(other, first.id, Some(shen.id), &sb),
    );
    let (won, lost) = match (ra, rb) {
        (Ok(_), Err(e)) => (("窗口1-王敏", wage), refusal(e)),
        (Err(e), Ok(_)) => (("窗口2-李强", other), refusal(e)),
        other => panic!("exactly one must win: {other:?}"),
    };
    match &lost {
        RoomRefusal::Taken { room, by, case_no } => {
            assert_eq!(room, "第一调解室");
            assert_eq!(by, won.0, "names who took it");
            let want = store.allocation_input(won.1).await.unwrap().case_no;
            assert_eq!(case_no, &want, "and for which case");
        }
        r => panic!("{r:?}"),
    }
    let text = StoreError::Room(lost).message(yidi::domain::Lang::Zh);
    assert!(
        text.contains("第一调解室") && text.contains(won.0),
        "{text}"
    );

    // The loser is offered the next fit.
    let loser = if won.1 == wage { other } else { wage };
    let persons = store.allocation_input(loser).await.unwrap().persons;
    let views = store.room_views(f.centre.id, at(9, 46)).await.unwrap();
    let next = propose(&views, loser, RoomKind::Mediation, persons, at(9, 46));
    assert!(next.iter().all(|r| r.room.id != first.id));
    if loser == wage {
        assert_eq!(
            next[0].room.id, second.id,
            "24 seats is the next fit for 16"
        );
    }
    let taken = views.iter().find(|v| v.room.id == first.id).unwrap();
    assert_eq!(taken.state(at(9, 46)), RoomState::InSession);
    assert_eq!(store.occupied_rooms(f.centre.id).await.unwrap().len(), 1);
    b.close().await;
}

async fn a_mediator_is_never_in_two_sessions_at_once(store: Store, url: String) {
    let f = county(&store).await;
    let second = add_room(&store, &f, "第二调解室", RoomKind::Mediation, 24).await;
    let zhao = add_mediator(&store, &f, "赵国强", &["劳动争议"]).await;
    let wage = wage_case(&store, &f).await;
    let other = small_case(&store, &f, "刘桂英").await;
    let b = Store::open(&url).await.unwrap();
    let (sa, sb) = (console("窗口1", at(9, 45)), console("窗口2", at(9, 45)));
    let (ra, rb) = tokio::join!(
        store.allocate_room(wage, f.big_room.id, Some(zhao.id), &sa),
        b.allocate_room(other, second.id, Some(zhao.id), &sb),
    );
    let (refused, loser) = match (ra, rb) {
        (Ok(_), Err(e)) => (refusal(e), (other, second.id)),
        (Err(e), Ok(_)) => (refusal(e), (wage, f.big_room.id)),
        other => panic!("exactly one must win: {other:?}"),
    };
    assert!(
        matches!(&refused, RoomRefusal::MediatorBusy { mediator, .. } if mediator == "赵国强"),
        "{refused:?}"
    );
    let loads = store.mediator_loads(f.centre.id, at(9, 50)).await.unwrap();
    let zhao_load = loads.iter().find(|l| l.mediator.id == zhao.id).unwrap();
    assert!(zhao_load.busy_in.is_some());
    assert_eq!(zhao_load.sessions_today, 1);
    assert!(
        suggest_mediators("劳动争议", &loads).is_empty(),
        "busy: not suggested"
    );
    // Asked again later, the loser is still refused the busy mediator.
    let direct = store
        .allocate_room(
            loser.0,
            loser.1,
            Some(zhao.id),
            &console("窗口2", at(9, 50)),
        )
        .await
        .unwrap_err();
    assert!(matches!(refusal(direct), RoomRefusal::MediatorBusy { .. }));
    // The same case cannot be put in a second room either.
    let views = store.room_views(f.centre.id, at(9, 50)).await.unwrap();
    let busy_case = views
        .iter()
        .find_map(|v| v.session.as_ref().map(|s| s.case_id))
        .unwrap();
    let free = views.iter().find(|v| v.session.is_none()).unwrap();
    let again = store
        .allocate_room(busy_case, free.room.id, None, &console("窗口2", at(9, 51)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(again), RoomRefusal::CaseInRoom { .. }));
    b.close().await;
}

async fn release_sends_the_outcome_to_the_case_and_frees_the_room(store: Store, _url: String) {
    let f = county(&store).await;
    let zhao = add_mediator(&store, &f, "赵国强", &["劳动争议"]).await;
    let wage = wage_case(&store, &f).await;
    let booking = store
        .allocate_room(
            wage,
            f.big_room.id,
            Some(zhao.id),
            &console("窗口1", at(9, 45)),
        )
        .await
        .unwrap();
    let rooms = store.room_use(f.centre.id).await.unwrap();
    assert_eq!(
        rooms[0].mediator.as_deref(),
        Some("赵国强"),
        "the wall screen names the mediator"
    );
    let empty = store
        .release_session(booking, "  ", &console("窗口1", at(11, 20)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(empty), RoomRefusal::OutcomeMissing));
    store
        .release_session(
            booking,
            "调解成功：欠薪分两期支付",
            &console("窗口1", at(11, 20)),
        )
        .await
        .unwrap();
    let again = store
        .release_session(booking, "重复", &console("窗口2", at(11, 21)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(again), RoomRefusal::SessionEnded));
    let journal = store.journal_for_case(wage).await.unwrap();
    let released: Vec<_> = journal
        .iter()
        .filter(|e| e.action == "release_room")
        .collect();
    assert_eq!(released.len(), 1);
    assert!(
        released[0].detail.contains("95 min") && released[0].detail.contains("欠薪分两期支付"),
        "{}",
        released[0].detail
    );
    let booked = journal.iter().find(|e| e.action == "book_room").unwrap();
    assert!(booked.detail.contains("赵国强"), "{}", booked.detail);
    let views = store.room_views(f.centre.id, at(11, 21)).await.unwrap();
    assert_eq!(views[0].state(at(11, 21)), RoomState::Free);
    let loads = store.mediator_loads(f.centre.id, at(11, 21)).await.unwrap();
    assert!(loads[0].busy_in.is_none());
}

async fn a_session_moves_to_another_room_with_its_mediator(store: Store, _url: String) {
    let f = county(&store).await;
    let second = add_room(&store, &f, "第二调解室", RoomKind::Mediation, 24).await;
    let zhao = add_mediator(&store, &f, "赵国强", &["劳动争议"]).await;
    let wage = wage_case(&store, &f).await;
    let other = small_case(&store, &f, "刘桂英").await;
    let booking = store
        .allocate_room(
            wage,
            f.big_room.id,
            Some(zhao.id),
            &console("窗口1", at(9, 45)),
        )
        .await
        .unwrap();
    store
        .transfer_session(booking, second.id, &console("窗口1", at(10, 0)))
        .await
        .unwrap();
    let views = store.room_views(f.centre.id, at(10, 1)).await.unwrap();
    let by_name = |n: &str| views.iter().find(|v| v.room.name == n).unwrap();
    assert!(by_name("第一调解室").session.is_none());
    let s = by_name("第二调解室").session.as_ref().unwrap();
    assert_eq!((s.case_id, s.mediator.as_deref()), (wage, Some("赵国强")));
    assert_eq!(s.started_at, at(10, 0));
    let journal = store.journal_for_case(wage).await.unwrap();
    assert!(journal.iter().any(|e| e.action == "transfer_room"
        && e.detail.contains("第一调解室")
        && e.detail.contains("第二调解室")));
    // A transfer into a room in use is refused, and nothing moves.
    let b2 = store
        .allocate_room(other, f.big_room.id, None, &console("窗口2", at(10, 5)))
        .await
        .unwrap();
    let now_in = by_name("第二调解室").session.as_ref().unwrap().booking_id;
    let refused = store
        .transfer_session(now_in, f.big_room.id, &console("窗口1", at(10, 6)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(refused), RoomRefusal::Taken { .. }));
    let views = store.room_views(f.centre.id, at(10, 7)).await.unwrap();
    assert_eq!(views.iter().filter(|v| v.session.is_some()).count(), 2);
    let _ = b2;
}

async fn a_room_goes_out_of_service_and_back(store: Store, _url: String) {
    let f = county(&store).await;
    let wage = wage_case(&store, &f).await;
    let t = console("窗口1", at(8, 30));
    let empty = store
        .set_out_of_service(f.big_room.id, Some(" "), &t)
        .await
        .unwrap_err();
    assert!(matches!(refusal(empty), RoomRefusal::ReasonMissing));
    store
        .set_out_of_service(f.big_room.id, Some("空调维修"), &t)
        .await
        .unwrap();
    let views = store.room_views(f.centre.id, at(8, 31)).await.unwrap();
    assert_eq!(views[0].state(at(8, 31)), RoomState::OutOfService);
    assert!(propose(&views, wage, RoomKind::Mediation, 16, at(8, 31)).is_empty());
    let refused = store
        .allocate_room(wage, f.big_room.id, None, &console("窗口1", at(8, 32)))
        .await
        .unwrap_err();
    assert!(
        matches!(refusal(refused), RoomRefusal::OutOfService { reason, .. } if reason == "空调维修")
    );
    store
        .set_out_of_service(f.big_room.id, None, &console("窗口1", at(9, 0)))
        .await
        .unwrap();
    let booking = store
        .allocate_room(wage, f.big_room.id, None, &console("窗口1", at(9, 45)))
        .await
        .unwrap();
    let busy = store
        .set_out_of_service(f.big_room.id, Some("漏水"), &console("窗口1", at(9, 50)))
        .await
        .unwrap_err();
    assert!(
        matches!(refusal(busy), RoomRefusal::InSession { .. }),
        "release first"
    );
    let _ = booking;
    let log = store.changes_since(0, 1000).await.unwrap();
    let room_changes = log.iter().filter(|c| c.entity == "room").count();
    assert!(room_changes >= 3, "each state change is on the feed");
}

async fn reservations_take_a_slot_and_conflicts_are_refused_with_the_reason(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let counselling = add_room(&store, &f, "心理咨询室", RoomKind::Counselling, 4).await;
    let yang = small_case(&store, &f, "杨树林").await;
    let other = small_case(&store, &f, "刘桂英").await;
    let t = console("窗口1", at(13, 35));
    let id = store
        .reserve_room(counselling.id, yang, at(14, 0), &t)
        .await
        .unwrap();
    let overlap = store
        .reserve_room(counselling.id, other, at(14, 0), &t)
        .await
        .unwrap_err();
    match refusal(overlap) {
        RoomRefusal::Reservation {
            refused: ReservationRefused::Overlaps { case_no, .. },
            ..
        } => {
            let want = store.allocation_input(yang).await.unwrap().case_no;
            assert_eq!(case_no, want, "names whose reservation it is")
        }
        r => panic!("{r:?}"),
    }
    let off_grid = store
        .reserve_room(counselling.id, other, at(14, 20), &t)
        .await
        .unwrap_err();
    let text = off_grid.message(yidi::domain::Lang::En);
    assert!(
        text.starts_with("Reservation time"),
        "names the field: {text}"
    );
    let not_reservable = store
        .reserve_room(f.big_room.id, other, at(15, 0), &t)
        .await
        .unwrap_err();
    assert!(matches!(
        refusal(not_reservable),
        RoomRefusal::Reservation {
            refused: ReservationRefused::NotReservable,
            ..
        }
    ));
    // A walk-in session cannot take the room half an hour before; the reserved case can.
    let walk_in = store
        .allocate_room(other, counselling.id, None, &console("窗口2", at(13, 40)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(walk_in), RoomRefusal::Reserved { at: a, .. } if a == at(14, 0)));
    let views = store.room_views(f.centre.id, at(13, 40)).await.unwrap();
    let v = views.iter().find(|v| v.room.id == counselling.id).unwrap();
    assert_eq!(v.state(at(13, 40)), RoomState::Reserved);
    assert_eq!(v.next_reservation.as_ref().unwrap().id, id);
    let booking = store
        .claim_reservation(id, None, &console("窗口1", at(13, 58)))
        .await
        .unwrap();
    let twice = store
        .claim_reservation(id, None, &console("窗口2", at(13, 59)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(twice), RoomRefusal::ReservationClosed));
    // While the session runs, a reservation starting within the guard is refused.
    let clash = store
        .reserve_room(
            counselling.id,
            other,
            at(15, 0),
            &console("窗口2", at(14, 45)),
        )
        .await
        .unwrap_err();
    assert!(matches!(
        refusal(clash),
        RoomRefusal::Reservation {
            refused: ReservationRefused::SessionInRoom { .. },
            ..
        }
    ));
    store
        .release_session(
            booking,
            "情绪平复，同意接受法律援助",
            &console("窗口1", at(14, 50)),
        )
        .await
        .unwrap();
    let journal = store.journal_for_case(yang).await.unwrap();
    assert!(
        journal
            .iter()
            .any(|e| e.action == "reserve_room" && e.detail.contains("14:00–15:00"))
    );
}

async fn an_unclaimed_reservation_is_released_once_and_journalled(store: Store, url: String) {
    let f = county(&store).await;
    let legal = add_room(&store, &f, "法律援助室", RoomKind::LegalAid, 6).await;
    let yang = small_case(&store, &f, "杨树林").await;
    let id = store
        .reserve_room(legal.id, yang, at(14, 0), &console("窗口1", at(13, 30)))
        .await
        .unwrap();
    let grace = Duration::minutes(15);
    let early = store
        .release_unclaimed_reservations(f.centre.id, grace, &console("窗口1", at(14, 14)))
        .await
        .unwrap();
    assert!(early.is_empty(), "within the grace");
    let b = Store::open(&url).await.unwrap();
    let late_a = console("窗口1", at(14, 16));
    let late_b = console("窗口2", at(14, 16));
    let (ra, rb) = tokio::join!(
        store.release_unclaimed_reservations(f.centre.id, grace, &late_a),
        b.release_unclaimed_reservations(f.centre.id, grace, &late_b),
    );
    assert_eq!(ra.unwrap().len() + rb.unwrap().len(), 1, "released once");
    let journal = store.journal_for_case(yang).await.unwrap();
    let released: Vec<_> = journal
        .iter()
        .filter(|e| e.action == "release_reservation")
        .collect();
    assert_eq!(released.len(), 1);
    assert!(
        released[0].detail.contains("15 min"),
        "{}",
        released[0].detail
    );
    assert!(
        store
            .open_reservations(f.centre.id)
            .await
            .unwrap()
            .is_empty()
    );
    let claim = store
        .claim_reservation(id, None, &console("窗口1", at(14, 20)))
        .await
        .unwrap_err();
    assert!(matches!(refusal(claim), RoomRefusal::ReservationClosed));
    b.close().await;
}
