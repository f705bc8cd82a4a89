//! Story (a) of issue 12, on the real binary: one operator's world never crosses to the next
//! at a shared console, and comes back whole to its owner.

#[macro_use]
mod common;

use common::pty::{Console, PASSWORD, add_operator, keys, seed_demo, sign_in};

fn idle_config(dir: &std::path::Path) -> String {
    let config = dir.join("idle.toml");
    std::fs::write(&config, "[session]\nidle_lock_secs = 10\n").unwrap();
    config.to_string_lossy().into_owned()
}

/// Waits for the lock, lets the moment after it pass (keys then are dropped), and signs in
/// as `login` (clearing the login filled in when it is someone else's).
fn sign_in_at_lock(c: &mut Console, locked_from: &str, login: &str) -> String {
    c.wait_for(&format!("Locked ({locked_from})"), 25);
    std::thread::sleep(std::time::Duration::from_millis(2200));
    if login != locked_from {
        c.send(keys::TAB); // to the login
        c.send(b"\x7f"); // Backspace: clears the filled-in login on purpose
        c.type_text(login);
        c.send(keys::TAB);
    }
    c.type_text(PASSWORD);
    c.send(keys::ENTER);
    c.wait_until("signed in", 10, |s| !s.contains("Tab login/password"))
        .0
}

#[test]
fn a_supervisors_reveal_and_audit_view_are_not_shown_to_the_next_operator_but_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    seed_demo(&url, dir.path());
    let home = dir.path().join("console");
    std::fs::create_dir_all(&home).unwrap();
    add_operator(&url, &home, "boss", "supervisor,duty_leader");
    add_operator(&url, &home, "recep", "reception");
    let config = idle_config(dir.path());
    let mut c = Console::start(
        &[
            "--db",
            &url,
            "--operator",
            "boss",
            "--lang",
            "en",
            "--config",
            &config,
        ],
        120,
        30,
        &home,
        &[],
    );
    sign_in(&mut c);
    // The supervisor opens the audit view, then 张建国's file, and reveals him.
    c.send(keys::F9);
    c.wait_for("action:", 5);
    c.send(keys::F4);
    c.type_text("张建国");
    c.send(keys::ENTER);
    c.send(keys::ENTER);
    c.wait_for("Parties", 5);
    c.send(keys::F6);
    c.wait_for("Reveal a party", 5);
    c.type_text("1");
    c.send(keys::TAB);
    c.type_text("call back about the amount");
    c.send(keys::ENTER);
    let file = c.wait_for("revealed, recorded", 5);
    assert!(file.contains("张建国"), "{file}");

    // Left alone, the console locks; a receptionist signs in there.
    let recep = sign_in_at_lock(&mut c, "boss", "recep");
    assert!(
        !recep.contains("张建国") && !recep.contains("revealed"),
        "the revealed party is not shown:\n{recep}"
    );
    assert!(
        !recep.contains("action:") && !recep.contains("call back about"),
        "nor the audit view:\n{recep}"
    );
    assert!(
        recep.contains("Queue"),
        "a console nobody has used:\n{recep}"
    );

    // The receptionist leaves it; the supervisor comes back to both.
    let back = sign_in_at_lock(&mut c, "recep", "boss");
    let back = if back.contains("张建国") {
        back
    } else {
        c.wait_for("张建国", 5)
    };
    assert!(
        back.contains("revealed"),
        "the file, still revealed:\n{back}"
    );
    c.send(keys::ESC); // closing the file ends the reveal
    let audit = c.wait_for("action:", 5);
    assert!(
        audit.contains("reveal"),
        "the audit view is still open:\n{audit}"
    );
}

/// Starts a console of the demo centre under the shared HOME (no `--operator`: the console
/// knows only the OS user) and signs `login` in at its sign-in screen.
fn window(url: &str, home: &std::path::Path, login: &str) -> Console {
    let mut c = Console::start(&["--db", url, "--lang", "en"], 100, 30, home, &[]);
    c.wait_for("Sign in", 10);
    c.type_text(login);
    c.send(keys::TAB);
    c.type_text(PASSWORD);
    c.send(keys::ENTER);
    c.wait_until("signed in", 10, |s| !s.contains("Tab login/password"));
    c
}

fn start_intake(c: &mut Console, name: &str) {
    c.send(keys::F2);
    c.wait_for("New intake", 5);
    c.send(keys::TAB); // the category
    c.send(keys::RIGHT);
    c.send(keys::TAB); // the applicant's name
    c.type_text(name);
    c.wait_for(name, 5);
}

fn save_intake(c: &mut Console, description: &str) {
    c.send(keys::F9); // the description is missing: the focus goes there
    c.wait_for("Description", 5);
    c.type_text(description);
    c.send(keys::F9);
    c.wait_for("Registered", 10);
}

#[test]
fn two_operators_under_one_os_user_each_get_only_their_own_draft_after_a_kill() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("centre.db").display());
    seed_demo(&url, dir.path());
    // One OS account: one HOME, so one drafts folder, for both consoles.
    let home = dir.path().join("shared");
    std::fs::create_dir_all(&home).unwrap();
    add_operator(&url, &home, "alice", "reception");
    add_operator(&url, &home, "bob", "reception");
    // Both consoles at the default window: their drafts must still not meet.
    let mut a = window(&url, &home, "alice");
    let mut b = window(&url, &home, "bob");
    start_intake(&mut a, "甲一");
    start_intake(&mut b, "乙二");
    std::thread::sleep(std::time::Duration::from_millis(800)); // the drafts reach the disk
    // Alice's console dies without a word.
    let pid = a.pid().expect("pid");
    // SAFETY: a signal to the child this test started.
    unsafe {
        libc::kill(pid as i32, libc::SIGKILL);
    }
    assert!(a.wait_exit(5));
    drop(a);
    // Restarted, it offers Alice her draft — hers only.
    let mut a = window(&url, &home, "alice");
    a.wait_for("An unsaved intake", 10);
    a.send(keys::ENTER);
    let form = a.wait_for("甲一", 5);
    assert!(!form.contains("乙二"), "{form}");
    // Bob's form is untouched by all this.
    assert!(b.screen().contains("乙二"));
    save_intake(&mut a, "甲一的纠纷");
    save_intake(&mut b, "乙二的纠纷");

    // Each saved case is the one its operator typed.
    let rt = common::runtime();
    rt.block_on(async {
        let store = yidi::store::Store::open(&url).await.unwrap();
        let county = store.centre_by_code("county").await.unwrap().unwrap();
        let since = chrono::Utc::now() - chrono::Duration::minutes(10);
        let cases = store.cases_since(county.id, since, 50).await.unwrap();
        let mut seen = 0;
        for case in cases {
            let parties = store.parties(case.id).await.unwrap();
            let Some(applicant) = parties.first() else {
                continue;
            };
            let who = match applicant.name.as_str() {
                "甲一" => "alice",
                "乙二" => "bob",
                _ => continue,
            };
            seen += 1;
            assert!(case.description.starts_with(&applicant.name), "{case:?}");
            let journal = store.journal_for_case(case.id).await.unwrap();
            let intake = journal.iter().find(|e| e.action == "intake").unwrap();
            assert_eq!(intake.actor, who, "{:?}", case.case_no);
        }
        assert_eq!(seen, 2, "one case each, none lost, none doubled");
    });
}
