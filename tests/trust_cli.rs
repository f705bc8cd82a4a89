//! The `yidi` binary and the store with other processes around: files private whatever the
//! umask, start-up races, a read-only database, a closed or full standard output.

#[macro_use]
mod common;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// `yidi ARGS` run by `sh` with `umask 022`, HOME in `home`.
fn yidi_sh(home: &Path, args: &str) -> Output {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 022; exec \"{}\" {args}",
            env!("CARGO_BIN_EXE_yidi")
        ))
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("YIDI_DATABASE_URL")
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .output()
        .expect("run yidi")
}

#[tokio::test]
async fn a_new_sqlite_store_and_its_wal_and_shm_are_private_under_umask_022() {
    // SAFETY: only the file-creation mask changes, as the shell of a user with umask 022 has.
    unsafe {
        libc::umask(0o022);
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("centre");
    let db = folder.join("yidi.db");
    let store = yidi::store::Store::open(&db.to_string_lossy())
        .await
        .unwrap();
    // A write makes sure the -wal and -shm exist.
    common::stores::county(&store).await;
    assert_eq!(mode(&folder), 0o700, "the new folder");
    for name in ["yidi.db", "yidi.db-wal", "yidi.db-shm"] {
        assert_eq!(mode(&folder.join(name)), 0o600, "{name}");
    }
    store.close().await;
}

#[test]
fn the_binary_keeps_its_database_and_logs_private_under_umask_022() {
    let home = tempfile::tempdir().unwrap();
    let out = yidi_sh(home.path(), "db migrate");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = home.path().join(".local/share/yidi");
    assert_eq!(mode(&data), 0o700);
    assert_eq!(mode(&data.join("yidi.db")), 0o600);
    let logs = data.join("logs");
    assert_eq!(mode(&logs), 0o700);
    let files: Vec<_> = std::fs::read_dir(&logs)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert!(!files.is_empty(), "today's log file exists");
    for log in files {
        assert_eq!(mode(&log), 0o600, "{}", log.display());
    }
}

/// A SQLite file with the test county in it, for the binary to work on.
async fn county_file(dir: &Path) -> String {
    let url = format!("sqlite://{}", dir.join("yidi.db").display());
    let store = yidi::store::Store::open(&url).await.unwrap();
    common::stores::county(&store).await;
    store.close().await;
    url
}

fn yidi(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(args)
        .env("HOME", home)
        .env_remove("XDG_DATA_HOME")
        .env_remove("YIDI_DATABASE_URL")
        .stdin(Stdio::null())
        .output()
        .expect("run yidi")
}

#[tokio::test]
async fn terminal_escapes_from_the_command_line_are_neither_stored_nor_printed() {
    let dir = tempfile::tempdir().unwrap();
    let url = county_file(dir.path()).await;
    let hostile = "律师\u{1b}]0;pwned\u{7}\u{1b}[2J";
    let out = yidi(
        dir.path(),
        &[
            "--db", &url, "--centre", "county", "roster", "set", "lawyer", hostile,
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let shown = yidi(dir.path(), &["--db", &url, "--centre", "county", "roster"]);
    let text = String::from_utf8(shown.stdout).unwrap();
    assert!(text.contains("律师"), "{text}");
    // The duty is named in the operator's language (Chinese by default), not as a code.
    assert!(
        text.contains("值班律师") && !text.contains("lawyer"),
        "{text}"
    );
    assert!(
        !text.contains('\u{1b}') && !text.contains('\u{7}'),
        "raw escapes printed: {text:?}"
    );
    // Stored without them too.
    let store = yidi::store::Store::open(&url).await.unwrap();
    let centre = store.centre_by_code("county").await.unwrap().unwrap();
    let day = yidi::domain::clock::local_day(chrono::Utc::now());
    let roster = store.roster(centre.id, day).await.unwrap();
    assert!(
        roster
            .iter()
            .all(|e| !e.person.chars().any(char::is_control))
    );
    // The roster's phone is checked like the intake's, and the field is named.
    let out = yidi(
        dir.path(),
        &[
            "--db",
            &url,
            "--centre",
            "county",
            "--lang",
            "en",
            "roster",
            "set",
            "lawyer",
            "王律师",
            "--phone",
            "12345",
        ],
    );
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.to_lowercase().contains("phone"), "{err}");
    let out = yidi(
        dir.path(),
        &[
            "--db",
            &url,
            "--centre",
            "county",
            "roster",
            "set",
            "lawyer",
            "王律师",
            "--phone",
            "138 0013 8000",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("13800138000"), "stored normalised: {text}");
}

fn no_panic(out: &Output) {
    let err = String::from_utf8_lossy(&out.stderr);
    for noise in ["panicked", "backtrace", "RUST_BACKTRACE", "Location:"] {
        assert!(!err.contains(noise), "{err}");
    }
}

#[tokio::test]
async fn a_full_or_closed_standard_output_ends_every_subcommand_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let url = county_file(dir.path()).await;
    let bin = env!("CARGO_BIN_EXE_yidi");
    let store = yidi::store::Store::open(&url).await.unwrap();
    let centre = store.centre_by_code("county").await.unwrap().unwrap();
    let st = common::stores::stamp(chrono::Utc::now());
    let roles = yidi::domain::Roles::parse("supervisor").unwrap();
    store
        .add_operator(
            centre.id,
            "audit",
            "督查",
            &roles,
            "correct horse battery",
            &st,
        )
        .await
        .unwrap();
    for args in [
        "status",
        "db migrate",
        "roster",
        "user list",
        "court-return",
        "feed --count 1",
    ] {
        // A full disk: one sentence and a failure code.
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "\"{bin}\" --db '{url}' --centre county {args} >/dev/full"
            ))
            .env("HOME", dir.path())
            .output()
            .unwrap();
        no_panic(&out);
        if args != "feed --count 1" {
            assert!(!out.status.success(), "{args}: a full stdout is a failure");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                // In the administrator's language, Chinese by default.
                err.contains("无法写入标准输出") && err.lines().count() == 1,
                "{args}: {err}"
            );
        }
    }
    // A reader that goes away after one line.
    // More than a pipe holds (64 KiB), so the writer meets the closed pipe for sure.
    // Court referrals with an outcome: one line each in `yidi court-return`.
    for n in 0..1000 {
        let mut i = yidi::domain::Intake::new(
            centre.id,
            yidi::domain::case::Channel::CourtReferral,
            "邻里纠纷",
            &format!("第 {n} 件"),
        )
        .with_party(yidi::domain::party::Party::person(
            yidi::domain::party::PartyRole::Applicant,
            "王五",
        ));
        i.court_case_no = Some(format!("（2026）示0101民诉前调{n}号"));
        let r = store
            .intake(&i, common::stores::deadlines(chrono::Utc::now()), &st)
            .await
            .unwrap();
        store
            .transition(
                r.case.id,
                r.case.version,
                yidi::domain::CaseEvent::Withdraw,
                Some("当事人撤回"),
                &st,
            )
            .await
            .unwrap();
    }
    let out = Command::new("bash")
        .arg("-c")
        .arg(format!(
            "\"{bin}\" --db '{url}' --centre county court-return | head -1; echo \"exit=${{PIPESTATUS[0]}}\""
        ))
        .env("HOME", dir.path())
        .output()
        .unwrap();
    no_panic(&out);
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.starts_with("case_no") || text.contains('\t'),
        "the header: {text}"
    );
    // The status of a process stopped by a closed pipe, not a crash (101) or success.
    assert!(text.ends_with("exit=141\n"), "{text}");
    assert!(
        String::from_utf8_lossy(&out.stderr).trim().is_empty(),
        "nothing said on a closed pipe: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn eight_migrations_at_once_on_a_new_file_all_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new.db");
    let children: Vec<_> = (0..8)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_yidi"))
                .args(["--db", &db.to_string_lossy(), "db", "migrate"])
                .env("HOME", dir.path())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

on_both!(consoles_starting_together_seed_the_demo_once);

async fn consoles_starting_together_seed_the_demo_once(store: yidi::store::Store, url: String) {
    // Four more "consoles" on the same new database, each with its own connections.
    let mut stores = vec![store];
    for _ in 0..3 {
        stores.push(yidi::store::Store::open(&url).await.unwrap());
    }
    let now = chrono::Utc::now();
    let seeds = stores
        .iter()
        .map(|s| async move { yidi::demo::seed(s, now, 0, &mut |_| {}).await });
    let results = futures_util::future::join_all(seeds).await;
    for r in &results {
        assert!(r.is_ok(), "{r:?}");
    }
    let centres = stores[0].centres().await.unwrap();
    let counties = centres
        .iter()
        .filter(|c| c.code == yidi::demo::COUNTY_CODE)
        .count();
    assert_eq!(counties, 1);
    let first = results[0].as_ref().unwrap();
    assert_eq!(centres.len(), first.centres, "each centre once");
    let mut rooms = 0;
    for c in &centres {
        rooms += stores[0].counts(c.id).await.unwrap().rooms as usize;
    }
    assert_eq!(rooms, first.rooms, "seeded once, not twice");
    for r in &results {
        assert_eq!(r.as_ref().unwrap().rooms, first.rooms);
    }
}

#[tokio::test]
async fn a_read_only_database_file_says_so_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let url = county_file(dir.path()).await;
    let db = dir.path().join("yidi.db");
    std::fs::set_permissions(&db, std::fs::Permissions::from_mode(0o444)).unwrap();
    // root may write anything: run as an ordinary user where the tests run as root.
    let root = unsafe { libc::geteuid() } == 0;
    let mut cmd = if root {
        for p in [dir.path(), db.as_path()] {
            let m = mode(p);
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(m | 0o005)).unwrap();
        }
        let mut c = Command::new("runuser");
        c.args(["-u", "nobody", "--", env!("CARGO_BIN_EXE_yidi")]);
        c
    } else {
        Command::new(env!("CARGO_BIN_EXE_yidi"))
    };
    let out = cmd
        .args(["--db", &url, "status"])
        .env("HOME", dir.path())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    if root && err.contains("runuser") {
        eprintln!("SKIPPED: cannot run as another user here: {err}");
        return;
    }
    no_panic(&out);
    assert!(!out.status.success(), "{err}");
    let lines: Vec<_> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "{err}");
    assert!(lines[0].contains("read-only"), "{err}");
    assert!(
        !lines[0].contains("sqlx") && !lines[0].contains("error returned"),
        "{err}"
    );
}
