//! Issue 15's notice story in a real terminal, on SQLite and on PostgreSQL: a window
//! whistles two departments whose group robots are configured; `yidi notify`, running
//! beside the console, posts one message to each — naming the department, the case number
//! and the deadline — and the console's board shows ✓sent for both. SIGTERM stops the
//! worker cleanly.

#[macro_use]
mod common;

use common::pty::{keys, open_case_file, open_console, register_walk_in, seed_demo};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use yidi::domain::Presence;
use yidi::domain::clock::TZ;
use yidi::domain::notice::NotifyKind;
use yidi::store::{NotifyChannel, Stamp, Store};

/// A group-robot stand-in on loopback: answers `errcode 0` and keeps each body.
async fn hook() -> (String, Arc<Mutex<Vec<String>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let kept = bodies.clone();
    let app = axum::Router::new().route(
        "/robot",
        axum::routing::post(move |body: String| {
            let kept = kept.clone();
            async move {
                kept.lock().unwrap().push(body);
                "{\"errcode\":0,\"errmsg\":\"ok\"}"
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/robot", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, bodies)
}

fn story(url: String) {
    let rt = common::runtime();
    let dir = tempfile::tempdir().unwrap();
    seed_demo(&url, dir.path());
    let (robot, bodies) = rt.block_on(hook());
    // The two departments the whistle form lists first (the resident ones, in store order)
    // post to the robot, one as WeCom and one as DingTalk.
    let departments: Vec<String> = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let resident: Vec<_> = store
            .departments(county.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|d| d.presence == Presence::Resident)
            .take(2)
            .collect();
        for (d, kind) in resident
            .iter()
            .zip([NotifyKind::Wecom, NotifyKind::Dingtalk])
        {
            let channel = NotifyChannel {
                kind,
                target: Some(robot.clone()),
                secret: Some("SEC-test".into()),
            };
            store
                .set_department_notify(d.id, &channel, &Stamp::new("admin", chrono::Utc::now()))
                .await
                .unwrap();
        }
        store.close().await;
        resident.into_iter().map(|d| d.name).collect()
    });

    let home = dir.path().join("notify");
    std::fs::create_dir_all(&home).unwrap();
    let mut worker = std::process::Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(["--db", &url, "notify"])
        .env("HOME", &home)
        .env("XDG_DATA_HOME", home.join("data"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();

    let mut window = open_console(
        &url,
        dir.path(),
        "window1",
        &["--lang", "en"],
        (120, 40),
        &[],
    );
    window.wait_for("Queue", 10);
    let ticket = register_walk_in(&mut window, "陈志强", "工地欠薪");
    window.send(keys::ENTER);
    open_case_file(&mut window, &ticket);
    window.send(keys::CTRL_W);
    window.wait_for("Whistle departments", 5);
    window.send(b" ");
    window.send(keys::DOWN);
    window.send(b" ");
    window.send(keys::TAB);
    window.type_text("joint session on wages");
    window.send(keys::ENTER);
    window.wait_for("Whistled 2", 5);

    // Each department's robot gets one message within seconds.
    let start = Instant::now();
    while bodies.lock().unwrap().len() < 2 && start.elapsed() < Duration::from_secs(20) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let got = bodies.lock().unwrap().clone();
    assert_eq!(got.len(), 2, "{got:?}");
    let (case_no, dues) = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let case = store
            .find_cases(
                county.id,
                &ticket,
                yidi::domain::clock::local_day(chrono::Utc::now()),
            )
            .await
            .unwrap()
            .remove(0);
        let dues: Vec<(String, String)> = store
            .board(
                county.id,
                yidi::domain::clock::local_day(chrono::Utc::now()),
            )
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.summons.case_id == case.id)
            .map(|r| {
                let due = r
                    .summons
                    .due_at
                    .with_timezone(&TZ)
                    .format("%H:%M")
                    .to_string();
                (r.department, due)
            })
            .collect();
        store.close().await;
        (case.case_no, dues)
    });
    for d in &departments {
        let due = &dues.iter().find(|(n, _)| n == d).expect("whistled").1;
        let body = got
            .iter()
            .find(|b| b.contains(&format!("请{d}于")))
            .unwrap_or_else(|| panic!("no message for {d}: {got:?}"));
        assert!(
            body.contains(&case_no) && body.contains(due.as_str()),
            "{body}"
        );
        assert!(!body.contains("陈志强"), "no resident's name: {body}");
    }

    // The board shows both as told.
    window.send(keys::F11);
    // Names are cut to their column: look for the first five characters.
    let short: Vec<String> = departments
        .iter()
        .map(|d| d.chars().take(5).collect())
        .collect();
    let (screen, _) = window.wait_until("both ✓sent", 15, |s| {
        short.iter().all(|d| {
            s.lines()
                .any(|l| l.contains(d.as_str()) && l.contains("✓sent"))
        })
    });
    assert!(screen.contains("Notice"), "{screen}");

    // SIGTERM: the worker stops by itself, cleanly.
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &worker.id().to_string()])
        .status();
    let start = Instant::now();
    let status = loop {
        if let Some(status) = worker.try_wait().unwrap() {
            break Some(status);
        }
        if start.elapsed() > Duration::from_secs(15) {
            let _ = worker.kill();
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        status.is_some_and(|s| s.success()),
        "yidi notify stops on SIGTERM: {status:?}"
    );
}

#[test]
fn whistled_departments_get_their_message_and_the_board_shows_it_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    story(url);
}

#[test]
fn whistled_departments_get_their_message_and_the_board_shows_it_postgres() {
    let rt = common::runtime();
    let Some(url) = rt.block_on(common::pg::fresh_database_url()) else {
        return; // skipped; the harness printed why
    };
    drop(rt);
    story(url);
}
