//! The demo seed (`yidi::demo`): what it builds, that it builds it once, and its history,
//! each checked on SQLite and on PostgreSQL (`on_both!` from tests/common).

#[macro_use]
mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use std::collections::{BTreeSet, HashMap};
use yidi::demo::{self, DemoSummary};
use yidi::domain::case::{CaseState, Channel, Handling, Level};
use yidi::domain::clock::{TZ, day_start, local_day};
use yidi::domain::department::{DepartmentKind, Presence};
use yidi::domain::resident_id::ResidentId;
use yidi::domain::room::RoomKind;
use yidi::domain::ticket::TicketState;
use yidi::domain::{Case, PartyRole};
use yidi::store::Store;

on_both!(
    seeding_builds_the_county_and_its_townships,
    todays_cases_cover_every_state_and_tell_the_scenarios,
    the_court_return_and_the_figures_read_the_demos_outcomes,
    seeding_twice_seeds_once,
    seed_history_adds_exactly_the_closed_cases_asked_for,
    every_resident_id_in_the_seed_parses,
    seeding_works_at_any_hour,
    the_demo_shows_rooms_in_every_state,
);

/// 11:30 Beijing time on Monday 23 November 2026.
fn now() -> DateTime<Utc> {
    beijing(2026, 11, 23, 11, 30)
}

fn beijing(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(y, m, d, h, min, 0)
        .unwrap()
        .with_timezone(&Utc)
}

async fn seed(store: &Store, now: DateTime<Utc>, history: u64) -> DemoSummary {
    demo::seed(store, now, history, &mut |_| {})
        .await
        .expect("seed")
}

async fn county(store: &Store) -> yidi::domain::Centre {
    store
        .centre_by_code(demo::COUNTY_CODE)
        .await
        .unwrap()
        .expect("county centre")
}

/// Every case of the centre received on `now`'s day.
async fn today(store: &Store, centre: uuid::Uuid, now: DateTime<Utc>) -> Vec<Case> {
    let mut cases = store
        .cases_since(centre, day_start(local_day(now)), 10_000)
        .await
        .unwrap();
    cases.reverse();
    cases
}

async fn seeding_builds_the_county_and_its_townships(store: Store, _url: String) {
    let summary = seed(&store, now(), 0).await;
    let c = county(&store).await;
    assert_eq!((c.level, c.parent), (Level::County, None));
    assert_eq!(c.name, "示范县社会治理综合服务中心");

    let depts = store.departments(c.id).await.unwrap();
    let kind = |k| depts.iter().filter(|d| d.kind == k).count();
    assert!(
        kind(DepartmentKind::Department) >= 20,
        "{} departments",
        kind(DepartmentKind::Department)
    );
    assert!(
        kind(DepartmentKind::Committee) >= 9,
        "{} committees",
        kind(DepartmentKind::Committee)
    );
    for p in Presence::ALL {
        assert!(
            depts.iter().any(|d| d.presence == *p),
            "no department is {p}"
        );
    }
    assert!(
        depts
            .iter()
            .all(|d| (20..=40).contains(&d.arrival_window_min) && d.phone.is_some())
    );
    let by_name: HashMap<&str, _> = depts.iter().map(|d| (d.name.as_str(), d)).collect();
    for resident in ["法院", "司法局", "信访局", "人社局"] {
        assert_eq!(by_name[resident].presence, Presence::Resident, "{resident}");
    }
    assert_eq!(
        (
            by_name["人社局"].arrival_window_min,
            by_name["住建局"].arrival_window_min
        ),
        (30, 40),
        "scenario 1"
    );

    let rooms = store.rooms(c.id).await.unwrap();
    assert!(rooms.len() >= 12, "{} rooms", rooms.len());
    for k in RoomKind::ALL {
        assert!(rooms.iter().any(|r| r.kind == *k), "no {k} room");
    }
    assert!(
        rooms
            .iter()
            .any(|r| r.kind == RoomKind::Mediation && r.capacity >= 16),
        "a room for twelve workers and more"
    );

    let mediators = store.mediators(c.id).await.unwrap();
    assert!(mediators.len() >= 12, "{} mediators", mediators.len());
    let committees: BTreeSet<_> = depts
        .iter()
        .filter(|d| d.kind == DepartmentKind::Committee)
        .map(|d| d.id)
        .collect();
    assert!(
        mediators
            .iter()
            .filter(|m| m.department_id.is_some_and(|d| committees.contains(&d)))
            .count()
            >= 5
    );
    let studios: BTreeSet<&str> = rooms
        .iter()
        .filter(|r| r.kind == RoomKind::Studio)
        .map(|r| r.name.as_str())
        .collect();
    assert!(
        mediators
            .iter()
            .any(|m| m.studio.as_deref().is_some_and(|s| studios.contains(s))),
        "a studio has its mediator"
    );
    assert!(mediators.iter().all(|m| !m.specialties.is_empty()));

    let centres = store.centres().await.unwrap();
    assert_eq!(centres.len(), 3);
    for code in ["chengguan", "xinhe"] {
        let t = store.centre_by_code(code).await.unwrap().expect(code);
        assert_eq!((t.level, t.parent), (Level::Township, Some(c.id)), "{code}");
        assert!(!store.departments(t.id).await.unwrap().is_empty());
        assert!(store.rooms(t.id).await.unwrap().len() >= 2);
    }

    assert_eq!(summary.centres, 3);
    assert!(
        summary.departments >= 20
            && summary.committees >= 9
            && summary.rooms >= 12
            && summary.mediators >= 12
    );
    assert!(
        (25..=40).contains(&summary.cases_today),
        "{} cases today",
        summary.cases_today
    );
    assert_eq!(
        summary.history, 8,
        "only the repeat visitor's earlier visits and the five closings being followed up"
    );
}

async fn todays_cases_cover_every_state_and_tell_the_scenarios(store: Store, _url: String) {
    seed(&store, now(), 0).await;
    let c = county(&store).await;
    let cases = today(&store, c.id, now()).await;
    let states: BTreeSet<CaseState> = cases.iter().map(|k| k.state).collect();
    assert_eq!(
        states,
        CaseState::ALL.iter().copied().collect(),
        "every state today"
    );
    let channels: BTreeSet<Channel> = cases.iter().map(|k| k.channel).collect();
    assert_eq!(
        channels,
        Channel::ALL.iter().copied().collect(),
        "every channel today"
    );
    let open = day_start(local_day(now())) + Duration::minutes(8 * 60 + 30);
    assert!(
        cases
            .iter()
            .all(|k| k.received_at >= open && k.received_at <= now())
    );
    let descriptions: BTreeSet<&str> = cases.iter().map(|k| k.description.as_str()).collect();
    assert!(descriptions.len() >= 15);
    assert!(
        cases
            .iter()
            .any(|k| k.handling == Some(Handling::Immediate) && k.state == CaseState::Triaged)
    );
    assert!(
        cases
            .iter()
            .any(|k| k.handling == Some(Handling::Joint) && k.state == CaseState::Triaged)
    );
    assert!(
        cases.iter().any(|k| k.lanes.elderly_disabled)
            && cases.iter().any(|k| k.lanes.emotional_risk)
    );
    assert!(cases.iter().any(|k| k.group_batches > 1));
    let on_site = cases
        .iter()
        .filter(|k| {
            k.handling == Some(Handling::Immediate)
                && matches!(k.state, CaseState::Closed | CaseState::FollowedUp)
        })
        .count();
    assert!(on_site >= 5, "{on_site} solved on the spot");
    for k in &cases {
        let journal = store.journal_for_case(k.id).await.unwrap();
        assert_eq!(
            journal.first().map(|e| e.action.as_str()),
            Some("intake"),
            "{}",
            k.case_no
        );
        assert!(
            k.state == CaseState::Registered || journal.len() >= 2,
            "{}",
            k.case_no
        );
    }

    // Scenario 1: A007, twelve workers, two departments whistled, one of them late; mediated.
    let wages = cases
        .iter()
        .find(|k| k.group_persons == 12)
        .expect("the twelve workers");
    assert_eq!(
        store
            .ticket_for_case(wages.id)
            .await
            .unwrap()
            .unwrap()
            .code(),
        "A007"
    );
    assert_eq!(wages.state, CaseState::Resolved);
    assert!(wages.lanes.group_visit);
    let parties = store.parties(wages.id).await.unwrap();
    assert_eq!(parties[0].name, "张建国");
    assert!(parties[0].resident_id.is_some() && parties[0].phone.is_some());
    assert_eq!(parties[1].name, "某建筑劳务有限公司");
    let actions: Vec<String> = store
        .journal_for_case(wages.id)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        [
            "intake",
            "call",
            "serve",
            "triage",
            "whistle",
            "whistle",
            "arrive",
            // 住建局 late past the grace: escalated, and the duty leader acknowledges.
            "escalate",
            "acknowledge",
            "arrive",
            "book_room",
            "open_session",
            // The outcome ends the session in its own transaction (one close).
            "release_room",
            "resolve"
        ]
    );

    // The queue: only those still registered wait; everyone else was called and served.
    let queue = store.queue(c.id, local_day(now())).await.unwrap();
    let by_case: HashMap<_, _> = cases.iter().map(|k| (k.id, k)).collect();
    for t in &queue {
        let case = by_case[&t.case_id];
        let waiting = case.state == CaseState::Registered;
        assert_eq!(
            t.state == TicketState::Waiting,
            waiting,
            "{} {}",
            t.code(),
            case.description
        );
        assert!(
            waiting || t.state == TicketState::Served,
            "{} {}",
            t.code(),
            t.state
        );
    }
    assert!(
        queue
            .iter()
            .filter(|t| t.state == TicketState::Waiting)
            .count()
            >= 2
    );

    // Scenario 2: the 71-year-old woman, settled on the spot.
    let leak = cases
        .iter()
        .find(|k| k.description.contains("防水层"))
        .expect("the leaking flat");
    assert_eq!(
        (leak.state, leak.handling),
        (CaseState::Closed, Some(Handling::Immediate))
    );
    assert!(leak.lanes.elderly_disabled);
    let woman = &store.parties(leak.id).await.unwrap()[0];
    let born = ResidentId::parse(woman.resident_id.as_deref().unwrap())
        .unwrap()
        .birth_date();
    assert_eq!(local_day(now()).years_since(born), Some(71));

    // Scenario 3: the fourth visit, linked to the third; three earlier cases under one ID.
    let fourth = cases
        .iter()
        .find(|k| k.description.starts_with("第四次来访"))
        .expect("the repeat visitor");
    let id = store.parties(fourth.id).await.unwrap()[0]
        .resident_id
        .clone()
        .unwrap();
    let visits = store.cases_of_resident(&id).await.unwrap();
    assert_eq!(visits.len(), 4);
    assert!(visits.iter().all(|k| k.category == "征地补偿"));
    assert_eq!(fourth.repeat_of, Some(visits[2].id));
    assert!(visits[..3].iter().all(|k| k.state == CaseState::Closed));
    let notes: Vec<&str> = visits[..3]
        .iter()
        .map(|k| k.outcome_note.as_deref().unwrap_or(""))
        .collect();
    assert!(notes[0].starts_with("已答复"), "{notes:?}");
    assert!(
        notes[1..].iter().all(|n| n.starts_with("调解不成")),
        "{notes:?}"
    );

    // Scenario 4: the court's referral goes back for priority filing with its number.
    let referral = cases
        .iter()
        .find(|k| k.channel == Channel::CourtReferral)
        .expect("a court referral");
    assert_eq!(
        referral.court_case_no.as_deref(),
        Some("(2026)示0101民诉前调1234号")
    );
    assert_eq!(referral.state, CaseState::Referred);
    assert!(
        referral
            .outcome_note
            .as_deref()
            .unwrap()
            .contains("优先立案")
    );

    // The board: rooms busy, departments counting down, one late and not arrived.
    let summons = store.open_summons(c.id).await.unwrap();
    assert_eq!(
        summons.iter().filter(|s| s.due_at < now()).count(),
        1,
        "exactly one department is late"
    );
    assert!(summons.iter().filter(|s| s.due_at > now()).count() >= 3);
    let busy = store.occupied_rooms(c.id).await.unwrap();
    assert!(busy.len() >= 5, "{} rooms busy", busy.len());
    for k in cases.iter().filter(|k| k.state == CaseState::InSession) {
        assert!(
            busy.iter().any(|(_, case, _)| *case == k.id),
            "{} is in session without a room",
            k.case_no
        );
    }
}

async fn the_court_return_and_the_figures_read_the_demos_outcomes(store: Store, _url: String) {
    seed(&store, now(), 0).await;
    let c = county(&store).await;
    // The court referral sent back for priority filing says so to the court (诉讼通道).
    let returns = store.court_returns(c.id, None).await.unwrap();
    let back = returns
        .iter()
        .find(|r| r.court_case_no.contains("民诉前调1234号"))
        .expect("the court referral is returned");
    assert_eq!(
        back.litigation_track,
        Some(yidi::domain::case::LitigationTrack::PriorityFiling)
    );
    // Scenario 1's agreement asked for judicial confirmation: today's figures count it.
    let today =
        yidi::domain::figures::Period::current(yidi::domain::figures::PeriodKind::Today, now());
    let f = store.period_figures(c.id, today, now()).await.unwrap();
    assert!(f.counts.confirmation_asked > 0, "{:?}", f.counts);
}

async fn seeding_twice_seeds_once(store: Store, _url: String) {
    let first = seed(&store, now(), 100).await;
    let c = county(&store).await;
    let before = (
        store.counts(c.id).await.unwrap(),
        store.last_change_id().await.unwrap(),
    );
    let second = seed(&store, now() + Duration::minutes(5), 100).await;
    assert_eq!(first, second);
    assert_eq!(
        (
            store.counts(c.id).await.unwrap(),
            store.last_change_id().await.unwrap()
        ),
        before,
        "nothing written"
    );
    assert_eq!(store.centres().await.unwrap().len(), 3);
    assert_eq!(first.history, 108);
}

async fn seed_history_adds_exactly_the_closed_cases_asked_for(store: Store, _url: String) {
    seed(&store, now(), 0).await;
    let c = county(&store).await;
    let before = store.counts(c.id).await.unwrap().cases;
    let mut seen = Vec::new();
    let added = demo::seed_history(&store, &c, now(), 2_000, &mut |n| seen.push(n))
        .await
        .unwrap();
    assert_eq!(added, 2_000);
    assert_eq!(seen.last(), Some(&2_000));
    assert!(seen.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(store.counts(c.id).await.unwrap().cases, before + 2_000);

    let past = store
        .cases_since(c.id, now() - Duration::days(3 * 366 + 2), 100_000)
        .await
        .unwrap();
    let history: Vec<&Case> = past
        .iter()
        .filter(|k| local_day(k.received_at) < local_day(now()))
        .collect();
    assert_eq!(history.len(), 2_000 + 8);
    // Two closings were re-opened by their follow-up (不满意, and story 8's unpaid instalment).
    let (reopened, history): (Vec<&Case>, Vec<&Case>) = history
        .into_iter()
        .partition(|k| k.state == CaseState::Triaged);
    assert_eq!(reopened.len(), 2);
    assert!(
        history
            .iter()
            .all(|k| matches!(k.state, CaseState::Closed | CaseState::FollowedUp))
    );
    assert!(history.iter().all(|k| {
        k.closed_at
            .is_some_and(|t| t >= k.received_at && t <= now())
    }));
    assert!(
        history
            .iter()
            .all(|k| k.outcome_note.is_some() && k.lead_department.is_some())
    );
    let oldest = history.iter().map(|k| k.received_at).min().unwrap();
    assert!(
        now() - oldest > Duration::days(3 * 365 - 10),
        "spread over three years, oldest {oldest}"
    );
    let categories: BTreeSet<&str> = history.iter().map(|k| k.category.as_str()).collect();
    assert!(categories.len() >= 10, "{categories:?}");

    // A second batch numbers on without colliding with the first.
    assert_eq!(
        demo::seed_history(&store, &c, now(), 1_500, &mut |_| {})
            .await
            .unwrap(),
        1_500
    );
    assert_eq!(store.counts(c.id).await.unwrap().cases, before + 3_500);
}

async fn every_resident_id_in_the_seed_parses(store: Store, _url: String) {
    seed(&store, now(), 300).await;
    let c = county(&store).await;
    let cases = store
        .cases_since(c.id, now() - Duration::days(4 * 366), 100_000)
        .await
        .unwrap();
    assert_eq!(cases.len(), seed(&store, now(), 0).await.cases_today + 308);
    let mut ids = 0;
    for k in &cases {
        let parties = store.parties(k.id).await.unwrap();
        assert!(
            parties.iter().any(|p| p.role == PartyRole::Applicant),
            "{}",
            k.case_no
        );
        for p in parties {
            if let Some(id) = &p.resident_id {
                let parsed = ResidentId::parse(id)
                    .unwrap_or_else(|e| panic!("{} {}: {e}", k.case_no, p.name));
                assert_eq!(parsed.as_str(), id, "stored normalised");
                assert!(id.starts_with(demo::REGION_CODE));
                ids += 1;
            }
            assert!(
                !p.is_organisation || p.resident_id.is_none(),
                "an organisation has no resident ID"
            );
        }
    }
    assert!(ids > 300, "{ids} resident IDs checked");
}

async fn seeding_works_at_any_hour(store: Store, _url: String) {
    // Before opening, in the afternoon, on a Saturday and just after 11:30, each in a fresh
    // SQLite file (a database holds one demo); late at night in the store under test.
    for at in [
        beijing(2026, 11, 24, 7, 5),
        beijing(2026, 11, 25, 16, 45),
        beijing(2026, 11, 28, 10, 0),
        beijing(2026, 11, 26, 11, 42),
    ] {
        let db = common::stores::sqlite().await;
        the_board_holds_at(&db.store, at).await;
    }
    the_board_holds_at(&store, beijing(2026, 11, 23, 23, 50)).await;
}

/// Seeds at `at` and checks what must hold whenever the demo is seeded: every state, the
/// queue, one late department, nothing after the end of the scripted morning.
async fn the_board_holds_at(store: &Store, at: DateTime<Utc>) {
    let s = seed(store, at, 0).await;
    let c = county(store).await;
    let cases = today(store, c.id, at).await;
    assert_eq!(cases.len(), s.cases_today, "{at}");
    assert!((25..=40).contains(&s.cases_today), "{at}: {s:?}");
    let states: BTreeSet<CaseState> = cases.iter().map(|k| k.state).collect();
    assert_eq!(states.len(), CaseState::ALL.len(), "{at}");
    // The scripted morning ends at 11:30 at the earliest.
    let end = at.max(day_start(local_day(at)) + Duration::minutes(11 * 60 + 30));
    assert!(cases.iter().all(|k| k.received_at <= end), "{at}");
    let summons = store.open_summons(c.id).await.unwrap();
    assert_eq!(
        summons.iter().filter(|s| s.due_at < end).count(),
        1,
        "{at}: one late department"
    );
    let registered: BTreeSet<_> = cases
        .iter()
        .filter(|k| k.state == CaseState::Registered)
        .map(|k| k.id)
        .collect();
    for t in store.queue(c.id, local_day(at)).await.unwrap() {
        let waiting = registered.contains(&t.case_id);
        assert_eq!(
            t.state == TicketState::Waiting,
            waiting,
            "{at}: {}",
            t.code()
        );
    }
}

/// Scenario 1's room had the labour-dispute mediator; at 11:30 rooms are free, in session
/// (with their mediators), reserved (the legal-aid slot now) and out of service, and the
/// counselling room is reserved for 杨树林 at 14:00 (scenario 3).
async fn the_demo_shows_rooms_in_every_state(store: Store, _url: String) {
    use yidi::domain::allocation::RoomState;
    seed(&store, now(), 0).await;
    let c = county(&store).await;
    let views = store.room_views(c.id, now()).await.unwrap();
    let states: BTreeSet<RoomState> = views.iter().map(|v| v.state(now())).collect();
    assert_eq!(states.len(), 4, "{states:?}");
    assert!(
        views.iter().filter(|v| v.session.is_some()).any(|v| v
            .session
            .as_ref()
            .unwrap()
            .mediator
            .is_some()),
        "sessions name their mediators"
    );
    let counselling = views.iter().find(|v| v.room.name == "心理咨询室").unwrap();
    let r = counselling
        .next_reservation
        .as_ref()
        .expect("14:00 reservation");
    assert_eq!(r.starts_at, beijing(2026, 11, 23, 14, 0));
    let cases = today(&store, c.id, now()).await;
    let a007 = cases
        .iter()
        .find(|k| k.category == "劳动争议/欠薪" && k.group_persons == 12)
        .unwrap();
    let journal = store.journal_for_case(a007.id).await.unwrap();
    assert!(
        journal.iter().any(|e| e.action == "book_room"
            && e.detail.contains("第一调解室")
            && e.detail.contains("赵国强")),
        "scenario 1's room with the labour-dispute mediator"
    );
    assert!(journal.iter().any(|e| e.action == "release_room"));
}
