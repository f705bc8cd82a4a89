//! Scenario 6: the PostgreSQL server restarts during a busy afternoon.
//!
//! Its own test binary with ONE test: it stops and starts this binary's
//! throwaway cluster, which no other test binary shares. Skipped (with the
//! harness's printed reason) when no PostgreSQL is available, unless
//! `YIDI_REQUIRE_PG=1`; also skipped when `YIDI_TEST_PG_URL` names a server
//! this test must not restart.

#[macro_use]
mod common;

use common::pg;
use common::pty::{Console, add_operator, keys, seed_demo, sign_in};
use std::time::{Duration, Instant};

#[test]
fn a_server_restart_shows_a_banner_keeps_the_typing_and_stores_the_intake_once() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let Some(url) = rt.block_on(pg::fresh_database_url()) else {
        return; // skipped; the harness printed why
    };
    let server = pg::server().expect("a server gave the URL");
    if server.cluster_dir().is_none() {
        let _ = std::io::Write::write_all(
            &mut std::io::stderr(),
            b"outage test SKIPPED: YIDI_TEST_PG_URL names a server this test must not restart\n",
        );
        return;
    }

    // 1. A demo centre, seeded by `yidi demo` itself.
    let dir = tempfile::tempdir().unwrap();
    seed_demo(&url, dir.path());

    // 2. Console A.
    let home = dir.path().join("a");
    std::fs::create_dir_all(&home).unwrap();
    add_operator(&url, &home, "window1", "reception");
    let mut a = Console::start(
        &["--db", &url, "--lang", "en", "--operator", "window1"],
        80,
        24,
        &home,
        &[],
    );
    sign_in(&mut a);
    a.wait_for("Queue", 10);
    // The duty leader's wall screen watches the same database.
    let wall_home = dir.path().join("wall");
    std::fs::create_dir_all(&wall_home).unwrap();
    let wall = Console::start(
        &["--db", &url, "--lang", "en", "board"],
        80,
        24,
        &wall_home,
        &[],
    );
    wall.wait_for("live", 10);

    // 3. A starts an intake but does not save it yet.
    let name = "欧阳停电";
    let description = "停电期间登记的楼上漏水纠纷";
    a.send(keys::F2);
    a.wait_for("New intake", 5);
    a.send(keys::TAB); // to the category
    a.send(keys::RIGHT);
    a.send(keys::TAB); // to the applicant's name
    a.type_text(name);
    a.wait_for(name, 5);

    // 4. The server goes down (an administrator's restart: sessions are terminated).
    let stopped_at = Instant::now();
    server.stop();
    eprintln!("outage: pg_ctl stop took {:?}", stopped_at.elapsed());

    // 5. The banner appears by itself; the typing is still there.
    let (screen, banner_after) =
        a.wait_until("the outage banner", 10, |s| s.contains("unreachable"));
    eprintln!(
        "outage: banner {banner_after:?} after pg_ctl stop returned ({:?} after it began)",
        stopped_at.elapsed()
    );
    assert!(
        screen.contains(name),
        "the name typed is kept on screen:\n{screen}"
    );
    assert!(a.is_running(), "the console is still running");
    // The wall screen says it is not live and since when, and keeps its last figures.
    let screen = wall.wait_for("NOT LIVE", 10);
    assert!(
        screen.contains("data as of") && screen.contains("Received"),
        "{screen}"
    );

    // The banner stays while the server is down: nothing clears it by mistake.
    let held = Instant::now();
    while held.elapsed() < Duration::from_secs(2) {
        let screen = a.screen();
        assert!(
            screen.contains("unreachable"),
            "the banner went away while the server is still down:\n{screen}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    // 6. Saving during the outage: refused with a message, nothing lost.
    a.send(keys::F9); // the description is missing: the focus goes there
    a.wait_for("Description", 5);
    a.type_text(description);
    a.send(keys::F9);
    let (screen, refused_after) =
        a.wait_until("the not-saved message", 20, |s| s.contains("Not saved"));
    eprintln!("outage: the save during the outage was refused after {refused_after:?}");
    assert!(
        screen.contains(description)
            && screen.contains("New intake")
            && !screen.contains("Registered"),
        "the form stays, with everything typed:\n{screen}"
    );
    // The form has scrolled down to the description; the name is still in it.
    for _ in 0..30 {
        if a.screen().contains(name) {
            break;
        }
        a.send(keys::BACKTAB);
    }
    let screen = a.screen();
    assert!(
        screen.contains(name),
        "the name typed before the outage is kept:\n{screen}"
    );

    // 7. The server comes back; the banner goes by itself, no key pressed.
    let started_at = Instant::now();
    server.start();
    eprintln!(
        "outage: pg_ctl start took {:?} (outage lasted {:?})",
        started_at.elapsed(),
        stopped_at.elapsed()
    );
    let (screen, cleared_after) =
        a.wait_until("the banner clearing", 15, |s| !s.contains("unreachable"));
    eprintln!("outage: banner cleared {cleared_after:?} after the server accepted connections");
    assert!(
        screen.contains(name),
        "the form is still there after the reconnect:\n{screen}"
    );

    // The wall screen reconnects by itself.
    wall.wait_until("the wall screen live again", 15, |s| {
        !s.contains("NOT LIVE")
    });

    // 8. F9 again saves, once.
    a.send(keys::F9);
    let (screen, saved_after) = a.wait_until("the receipt", 15, |s| s.contains("Registered"));
    eprintln!("outage: saved {saved_after:?} after F9");
    assert!(
        !screen.contains("unreachable"),
        "no banner over the receipt:\n{screen}"
    );

    let (cases, parties) = rt.block_on(async {
        // The store opens normally on the restarted server.
        let store = yidi::store::Store::open(&url)
            .await
            .expect("open the store");
        store.close().await;
        let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&url)
            .await
            .expect("connect");
        let parties: i64 = sqlx::query_scalar("SELECT count(*) FROM parties WHERE name = $1")
            .bind(name)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases WHERE description = $1")
            .bind(description)
            .fetch_one(&mut conn)
            .await
            .unwrap();
        (cases, parties)
    });
    assert_eq!(
        (cases, parties),
        (1, 1),
        "the intake is stored exactly once"
    );
}
