//! Issue 5's story in real terminals, on SQLite and on PostgreSQL: a window whistles two
//! departments; the duty leader's `yidi board` shows them at once and counts down; they turn
//! late and escalate — on the wall screen and in the strip of a second console — exactly
//! once, however many consoles sweep; an arrival clears one.
//!
//! The two departments get a one-minute arrival window (the drill setting a centre would use
//! to rehearse) and the grace is 0 (`yidi policy set summons.grace_min 0`), so the story takes about a
//! minute of real time: no clock is faked in the binary.

#[macro_use]
mod common;

use common::pty::{Console, keys, open_case_file, open_console, register_walk_in, seed_demo};
use yidi::domain::Presence;
use yidi::store::Store;

struct Centre {
    url: String,
    dir: tempfile::TempDir,
    config: std::path::PathBuf,
}

/// Seeds the demo centre at `url` with `yidi demo`, gives the resident departments a
/// one-minute window, and writes a config with no grace. Returns the centre and the names
/// of the two departments the whistle form lists first.
fn prepare(rt: &tokio::runtime::Runtime, url: String) -> (Centre, Vec<String>) {
    let dir = tempfile::tempdir().unwrap();
    seed_demo(&url, dir.path());
    let first_two = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let mut resident: Vec<_> = store
            .departments(county.id)
            .await
            .unwrap()
            .into_iter()
            .filter(|d| d.presence == Presence::Resident)
            .collect();
        store.close().await;
        // A drill outside the 20–40 minutes the store allows: typed into the database by hand.
        let sql = format!(
            "UPDATE departments SET arrival_window_min = 1 WHERE presence = 'resident' AND centre_id = {}",
            if url.starts_with("postgres") {
                format!("'{}'", county.id)
            } else {
                format!("X'{}'", county.id.simple())
            }
        );
        raw_execute(&url, &sql).await;
        // The whistle form keeps the store's order within the resident group.
        resident.truncate(2);
        resident.into_iter().map(|d| d.name).collect::<Vec<_>>()
    });
    // No grace: a late summons escalates at once (the county's policy, read by every console).
    rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let admin = yidi::store::Stamp::new("admin", chrono::Utc::now());
        store
            .set_policy(county.id, "summons.grace_min", "0", &admin)
            .await
            .unwrap();
        store.close().await;
    });
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    (Centre { url, dir, config }, first_two)
}

fn start(c: &Centre, who: &str, extra: &[&str]) -> Console {
    let config = c.config.to_string_lossy().into_owned();
    let mut args = vec!["--lang", "en", "--config", &config];
    args.extend_from_slice(extra);
    open_console(&c.url, c.dir.path(), who, &args, (80, 24), &[])
}

/// How many escalations the strip says are waiting for the duty leader (0 without a strip).
fn pending(screen: &str) -> usize {
    let Some(at) = screen.find("Escalated to the duty leader (") else {
        return 0;
    };
    screen[at + "Escalated to the duty leader (".len()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap_or(0)
}

fn count(screen: &str, needle: &str) -> usize {
    screen.matches(needle).count()
}

fn story(url: String) {
    let rt = common::runtime();
    let (c, departments) = prepare(&rt, url.clone());
    let mut window = start(&c, "window1", &[]);
    let second = start(&c, "window2", &[]);
    let board = start(&c, "leader", &["board"]);
    window.wait_for("Queue", 10);
    second.wait_for("Queue", 10);
    board.wait_for("read-only", 10);

    // The window registers a walk-in and whistles two departments from its case file.
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

    // The wall screen shows both at once, counting down (a one-minute window is "due soon").
    // Names are cut to their column at 80x24: look for the first five characters.
    let short: Vec<String> = departments
        .iter()
        .map(|d| d.chars().take(5).collect())
        .collect();
    for d in &short {
        board.wait_for(d, 5);
    }
    let screen = board.wait_for("due soon", 5);
    assert!(count(&screen, "due soon") >= 2, "{screen}");
    assert!(
        !screen.contains("陈志强"),
        "no resident names on the wall:\n{screen}"
    );

    // A minute later both are late, escalated on the wall and in the other console's strip
    // (the demo morning has escalations of its own: count on from those).
    let before = pending(&second.screen());
    for d in &short {
        board.wait_for(&format!("ESCALATED: {d}"), 90);
    }
    second.wait_for(
        &format!("Escalated to the duty leader ({})", before + 2),
        30,
    );

    // The window records one of them as arrived, from its board (late first: the demo's
    // older lateness, then ours); the escalation clears everywhere.
    window.send(keys::F11);
    window.wait_for("Summons board", 5);
    for _ in 0..before {
        window.send(keys::DOWN);
    }
    window.send(keys::F5);
    window.wait_for("Arrival recorded", 5);
    second.wait_for(
        &format!("Escalated to the duty leader ({})", before + 1),
        10,
    );
    let escalated = |screen: &str| {
        short
            .iter()
            .filter(|d| screen.contains(&format!("ESCALATED: {d}")))
            .count()
    };
    let (screen, _) = board.wait_until("one of ours arrived", 10, |s| escalated(s) == 1);
    assert!(
        screen
            .lines()
            .any(|l| l.contains("✓late ") && short.iter().any(|d| l.contains(d.as_str()))),
        "the arrival shows with the minutes it took:\n{screen}"
    );

    // Two consoles swept, each summons escalated once.
    let escalations = rt.block_on(async {
        let store = Store::open(&url).await.unwrap();
        let case = store
            .find_cases(
                store.centre_by_code("county").await.unwrap().unwrap().id,
                &ticket,
                yidi::domain::clock::local_day(chrono::Utc::now()),
            )
            .await
            .unwrap()
            .remove(0);
        let journal = store.journal_for_case(case.id).await.unwrap();
        let details: Vec<String> = journal
            .iter()
            .filter(|e| e.action == "escalate")
            .map(|e| e.detail.clone())
            .collect();
        store.close().await;
        details
    });
    assert_eq!(escalations.len(), 2, "{escalations:?}");
    for d in &departments {
        assert_eq!(
            escalations
                .iter()
                .filter(|e| e.starts_with(d.as_str()))
                .count(),
            1,
            "{d} escalated once: {escalations:?}"
        );
    }
}

#[test]
fn whistles_count_down_turn_late_escalate_once_and_clear_on_arrival_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    story(url);
}

#[test]
fn whistles_count_down_turn_late_escalate_once_and_clear_on_arrival_postgres() {
    let rt = common::runtime();
    let Some(url) = rt.block_on(common::pg::fresh_database_url()) else {
        return; // skipped; the harness printed why
    };
    drop(rt);
    story(url);
}

async fn raw_execute(url: &str, sql: &str) {
    use sqlx::Connection;
    let sql = sqlx::AssertSqlSafe(sql.to_string());
    let changed = if url.starts_with("postgres") {
        let mut c = sqlx::PgConnection::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&mut c)
            .await
            .unwrap()
            .rows_affected()
    } else {
        let mut c = sqlx::SqliteConnection::connect(url).await.unwrap();
        sqlx::query(sql)
            .execute(&mut c)
            .await
            .unwrap()
            .rows_affected()
    };
    assert!(
        changed >= 2,
        "the resident departments got the drill's window"
    );
}
