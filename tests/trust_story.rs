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
