//! Scenario 1 to its end in a real terminal, on SQLite and on PostgreSQL: a walk-in wage case
//! in a room with a department still summoned gets its outcome — the form lists the loose
//! ends it ties — and nothing is left counting; 办结 from the file sets the follow-up due
//! date; the follow-up tab lists it and the follow-up is recorded 满意.

#[macro_use]
mod common;

use common::pty::{keys, open_case_file, open_console, register_walk_in, seed_demo};
use yidi::domain::case::{Handling, Level, Stream};
use yidi::domain::{Case, CaseState};
use yidi::store::{Stamp, Store, Triage};

const CTRL_D: &[u8] = b"\x04";
const CTRL_V: &[u8] = b"\x16";

/// Reads or writes the centre's database from the test, as another console would.
fn with_store<T>(url: &str, f: impl AsyncFnOnce(&Store, uuid::Uuid) -> T) -> T {
    common::runtime().block_on(async {
        let store = Store::open(url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let out = f(&store, county.id).await;
        store.close().await;
        out
    })
}

fn case_of(url: &str, ticket: &str) -> Case {
    let ticket = ticket.to_string();
    with_store(url, async move |store, centre| {
        let today = yidi::domain::clock::local_day(chrono::Utc::now());
        store
            .find_cases(centre, &ticket, today)
            .await
            .unwrap()
            .remove(0)
    })
}

fn story(url: String) {
    let dir = tempfile::tempdir().unwrap();
    seed_demo(&url, dir.path());
    let mut c = open_console(
        &url,
        dir.path(),
        "window1",
        &["--lang", "en"],
        (120, 34),
        &[],
    );
    c.wait_for("Queue", 10);
    let ticket = register_walk_in(&mut c, "张志刚", "工地欠薪三个月");
    c.send(keys::ENTER);

    // Triaged as a joint case, 住建局 whistled and not yet come, the case in a room — as the
    // console's other keys would leave it (their own stories drive them).
    let case = case_of(&url, &ticket);
    with_store(&url, async |store, centre| {
        let stamp = Stamp::new("window1", chrono::Utc::now());
        let depts = store.departments(centre).await.unwrap();
        let id = |name: &str| depts.iter().find(|d| d.name == name).unwrap().id;
        let triage = Triage {
            stream: Stream::Mediation,
            handling: Handling::Joint,
            level: Level::County,
            lead_department: Some(id("人社局")),
            cooperating: vec![id("住建局")],
            first_handler: "window1".into(),
        };
        store
            .triage(case.id, case.version, &triage, &stamp)
            .await
            .unwrap();
        store
            .whistle_departments(case.id, &[id("住建局")], "核查工程款", &stamp)
            .await
            .unwrap();
        let mut placed = false;
        for r in store.rooms(centre).await.unwrap() {
            if store
                .allocate_room(case.id, r.id, None, &stamp)
                .await
                .is_ok()
            {
                placed = true;
                break;
            }
        }
        assert!(placed, "a free room");
    });

    // The outcome form lists what saving also does.
    open_case_file(&mut c, &ticket);
    c.send(keys::CTRL_O);
    let screen = c.wait_for("Saving also", 5);
    assert!(screen.contains("Cancel the summons of 住建局"), "{screen}");
    assert!(screen.contains("End the session in"), "{screen}");
    assert!(
        screen.contains(&format!("Mark ticket {ticket} served")),
        "{screen}"
    );
    c.send(keys::TAB);
    c.type_text("(2026)示调字第118号");
    c.send(keys::ENTER);
    c.wait_until("the file again, resolved", 10, |s| {
        !s.contains("Saving also") && s.contains("resolved")
    });
    let (open, rooms) = with_store(&url, async |store, centre| {
        (
            store.open_summons(centre).await.unwrap(),
            store.occupied_rooms(centre).await.unwrap(),
        )
    });
    assert!(
        open.iter().all(|s| s.case_id != case.id),
        "nothing counts down"
    );
    assert!(
        rooms.iter().all(|(_, k, _)| *k != case.id),
        "the room is free"
    );

    // 办结 from the file.
    c.send(CTRL_D);
    c.wait_for("closing summary", 5);
    c.type_text("工资已全额支付");
    c.send(keys::ENTER);
    c.wait_for("follow-up due by", 10);

    // The follow-up tab lists it; the follow-up is recorded 满意 (the form's defaults:
    // phone, reached, satisfied, no problem).
    c.send(keys::ESC);
    c.send(CTRL_V);
    c.wait_for("Follow-ups (", 5);
    for _ in 0..40 {
        if c.screen()
            .lines()
            .any(|l| l.contains('>') && l.contains(&case.case_no))
        {
            break;
        }
        c.send(keys::DOWN);
        std::thread::sleep(std::time::Duration::from_millis(60));
    }
    c.send(keys::ENTER);
    c.wait_for(&format!("Follow-up {}", case.case_no), 5);
    c.send(keys::ENTER);
    c.wait_for("recorded", 10);

    let (state, actions) = with_store(&url, async |store, _| {
        let k = store.existing_case(case.id).await.unwrap();
        let j = store.journal_for_case(case.id).await.unwrap();
        (k.state, j.into_iter().map(|e| e.action).collect::<Vec<_>>())
    });
    assert_eq!(state, CaseState::FollowedUp);
    let tail: Vec<&str> = actions
        .iter()
        .map(String::as_str)
        .skip_while(|a| *a != "book_room")
        .skip(1)
        .collect();
    assert_eq!(
        tail,
        [
            "release_room",
            "cancel_summons",
            "serve",
            "resolve",
            "close",
            "follow_up"
        ],
        "{actions:?}"
    );
}

#[test]
fn scenario_one_to_its_follow_up_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    story(url);
}

#[test]
fn scenario_one_to_its_follow_up_postgres() {
    let rt = common::runtime();
    let Some(url) = rt.block_on(common::pg::fresh_database_url()) else {
        return; // skipped; the harness printed why
    };
    drop(rt);
    story(url);
}
