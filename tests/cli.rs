//! The `yidi` binary as an administrator meets it: seeding the demo, and one clear sentence
//! (never a panic or a driver's internals) with a non-zero exit when the database is wrong.

#[macro_use]
mod common;

use std::process::{Command, Output};

use common::yidi;

fn one_sentence_failure(out: &Output, expect: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success(), "must fail: {err}");
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "one sentence, got: {err}");
    assert!(
        lines[0].contains(expect),
        "{:?} should mention {expect:?}",
        lines[0]
    );
    for noise in ["panicked", "sqlx", "Error {", "backtrace", "Database("] {
        assert!(!lines[0].contains(noise), "internals leaked: {}", lines[0]);
    }
}

on_both!(
    demo_seeds_departments_rooms_and_todays_cases,
    the_duty_roster_is_set_from_the_command_line,
    an_export_is_signed_masked_unless_allowed_and_audited,
    operators_are_managed_in_the_administrators_language,
);

/// Runs yidi with `input` on standard input (a password, as an administrator pipes it).
fn yidi_with_stdin(args: &[&str], input: &str) -> Output {
    use std::io::Write as _;
    let mut child = Command::new(env!("CARGO_BIN_EXE_yidi"))
        .args(args)
        .env_remove("YIDI_DATABASE_URL")
        .env("HOME", std::env::temp_dir())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run yidi");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().expect("yidi ran")
}

async fn demo_seeds_departments_rooms_and_todays_cases(store: yidi::store::Store, url: String) {
    let out = yidi(&["--db", &url, "demo"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let centre = store
        .centre_by_code("county")
        .await
        .unwrap()
        .expect("county centre seeded");
    let counts = store.counts(centre.id).await.unwrap();
    assert!(
        counts.departments >= 29,
        "20 departments and 9 committees, got {}",
        counts.departments
    );
    assert!(counts.rooms >= 12);
    assert!(counts.cases >= 20, "today's walk-ins");
    let status = yidi(&["--db", &url, "status"]);
    let text = String::from_utf8_lossy(&status.stdout);
    assert!(
        text.contains("示范县社会治理综合服务中心") && text.contains("[county]"),
        "{text}"
    );
}

#[test]
fn an_unknown_kind_of_address_is_refused_plainly() {
    one_sentence_failure(
        &yidi(&["--db", "mysql://root@localhost/yidi", "status"]),
        "not valid",
    );
}

#[test]
fn an_unreachable_server_is_one_sentence() {
    one_sentence_failure(
        &yidi(&[
            "--db",
            "postgres://yidi:secret@127.0.0.1:1/yidi?connect_timeout=2",
            "status",
        ]),
        "cannot be reached",
    );
}

#[test]
fn the_password_never_appears_in_a_message() {
    let out = yidi(&["--db", "postgres://yidi:hunter2@127.0.0.1:1/yidi", "status"]);
    assert!(!String::from_utf8_lossy(&out.stderr).contains("hunter2"));
}

#[test]
fn an_unwritable_path_is_one_sentence() {
    one_sentence_failure(
        &yidi(&["--db", "/proc/no-such-dir/yidi.db", "status"]),
        "cannot open the database file",
    );
}

async fn the_duty_roster_is_set_from_the_command_line(_store: yidi::store::Store, url: String) {
    assert!(yidi(&["--db", &url, "demo"]).status.success());
    let day = ["--day", "2026-12-01"];
    let set = |args: &[&str]| {
        let mut all = vec!["--db", url.as_str(), "roster"];
        all.extend_from_slice(&day);
        all.push("set");
        all.extend_from_slice(args);
        yidi(&all)
    };
    assert!(set(&["duty_leader", "周卫东"]).status.success());
    let out = set(&["duty_leader", "李强", "--phone", "13907391001"]);
    let text = String::from_utf8_lossy(&out.stdout);
    // Named in the operator's language (Chinese by default), not as the stored code.
    assert!(text.contains("值班领导: 李强  13907391001"), "{text}");
    assert!(
        !text.contains("周卫东"),
        "the later entry replaces the earlier: {text}"
    );
    let out = set(&["rotation", "孙立群", "--department", "住建局"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("轮驻 (住建局): 孙立群"));
    // Said in the administrator's language: Chinese by default, English with --lang en.
    one_sentence_failure(
        &set(&["rotation", "王五", "--department", "不存在"]),
        "轮驻须用 --department 指定本中心的一个部门（填写的是：\"不存在\"）",
    );
    one_sentence_failure(&set(&["chief", "王五"]), "没有 \"chief\" 这种值班");
    let english = yidi(&[
        "--db",
        &url,
        "--lang",
        "en",
        "roster",
        "--day",
        "2026-12-01",
        "set",
        "chief",
        "王五",
    ]);
    one_sentence_failure(&english, "unknown duty \"chief\"");
    let list = yidi(&["--db", &url, "roster", "--day", "2026-12-01"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("李强") && text.contains("孙立群"), "{text}");
}

/// `yidi user` answers in Chinese by default and in English with `--lang en`: roles by their
/// names, never the stored codes.
async fn operators_are_managed_in_the_administrators_language(
    _store: yidi::store::Store,
    url: String,
) {
    assert!(yidi(&["--db", &url, "demo"]).status.success());
    let user = |lang: &str, args: &[&str]| {
        let mut all = vec!["--db", url.as_str(), "--lang", lang, "user"];
        all.extend_from_slice(args);
        let out = yidi_with_stdin(&all, "long enough password\n");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let added = user(
        "zh",
        &[
            "add",
            "lina",
            "--name",
            "李娜",
            "--role",
            "reception,duty_leader",
        ],
    );
    assert!(
        added.contains("已添加操作员 lina（李娜），角色：窗口受理员、值班领导"),
        "{added}"
    );
    let off = user("en", &["disable", "lina"]);
    assert!(off.contains("lina can no longer sign in"), "{off}");
    let list = user("zh", &["list"]);
    let line = list.lines().find(|l| l.starts_with("lina\t")).unwrap();
    assert!(
        line.contains("窗口受理员、值班领导") && line.ends_with("已停用"),
        "{line}"
    );
    assert!(!list.contains("duty_leader"), "no stored codes: {list}");
}

async fn an_export_is_signed_masked_unless_allowed_and_audited(
    store: yidi::store::Store,
    url: String,
) {
    assert!(yidi(&["--db", &url, "demo"]).status.success());
    for (login, role) in [
        ("recep", "reception"),
        ("leader", "duty_leader"),
        ("boss", "admin"),
    ] {
        let out = yidi_with_stdin(
            &[
                "--db", &url, "user", "add", login, "--name", login, "--role", role,
            ],
            "long enough password\n",
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("ledger.csv");
    let out_arg = out.display().to_string();
    let export = |who: &str, extra: &[&str], password: &str| {
        let mut args = vec![
            "--db",
            url.as_str(),
            "--lang",
            "en",
            "--operator",
            who,
            "export",
            "ledger",
            "--out",
            out_arg.as_str(),
        ];
        args.extend_from_slice(extra);
        yidi_with_stdin(&args, &format!("{password}\n"))
    };
    one_sentence_failure(
        &export("recep", &[], "long enough password"),
        "only duty leader, supervisor, administrator may export",
    );
    assert!(!out.exists(), "a refused export writes nothing");
    one_sentence_failure(&export("leader", &[], "wrong"), "Wrong login or password");
    let masked = export("leader", &[], "long enough password");
    assert!(
        masked.status.success(),
        "{}",
        String::from_utf8_lossy(&masked.stderr)
    );
    assert!(
        String::from_utf8_lossy(&masked.stdout).contains("ledger.csv"),
        "names its path"
    );
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.starts_with("\u{feff}案件编号,受理时间,受理渠道"),
        "{text}"
    );
    assert!(text.contains(",来访,"), "channels in Chinese:\n{text}");
    assert!(
        text.contains("张*国") && !text.contains("张建国"),
        "masked by default:\n{text}"
    );
    let open = export("leader", &["--unmasked"], "long enough password");
    assert!(open.status.success());
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("张建国"), "{text}");
    // Bad arguments: one sentence naming the argument, exit code 2, nothing written.
    let bad = |extra: &[&str], expect: &str| {
        let out = export("leader", extra, "long enough password");
        one_sentence_failure(&out, expect);
        assert_eq!(out.status.code(), Some(2));
    };
    bad(
        &["--from", "2026-13-01"],
        "--from \"2026-13-01\" is not a date",
    );
    bad(
        &["--from", "2026-10-31", "--to", "2026-10-01"],
        "--to 2026-10-01 is before --from 2026-10-31",
    );
    bad(&["--format", "pdf"], "--format \"pdf\"");
    let nowhere = yidi_with_stdin(
        &[
            "--db",
            &url,
            "--operator",
            "leader",
            "export",
            "figures",
            "--out",
            "/nonexistent-dir/figures.xlsx",
        ],
        "long enough password\n",
    );
    one_sentence_failure(&nowhere, "--out /nonexistent-dir/figures.xlsx");
    assert_eq!(nowhere.status.code(), Some(2));
    let unknown = yidi_with_stdin(
        &[
            "--db",
            &url,
            "--operator",
            "leader",
            "export",
            "cases",
            "--out",
            &out_arg,
        ],
        "long enough password\n",
    );
    one_sentence_failure(&unknown, "unknown export \"cases\"");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(
        leftovers,
        [std::ffi::OsString::from("ledger.csv")],
        "no temporary file left behind"
    );

    let centre = store.centre_by_code("county").await.unwrap().unwrap();
    let boss = store.operator("boss").await.unwrap().unwrap();
    let exports = store
        .audit(
            &yidi::store::Stamp::operator(&boss, chrono::Utc::now()),
            &yidi::store::AuditFilter {
                action: Some("export".into()),
                ..Default::default()
            },
            10,
        )
        .await
        .unwrap();
    assert_eq!(
        exports.len(),
        2,
        "the refused one wrote nothing: {exports:?}"
    );
    assert!(
        exports
            .iter()
            .all(|e| e.actor == "leader" && e.centre_id == centre.id)
    );
    assert!(exports[0].detail.contains("UNMASKED") && exports[1].detail.contains("masked"));
}

#[test]
fn a_config_file_others_can_read_may_not_hold_a_password() {
    use std::os::unix::fs::PermissionsExt as _;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "database_url = \"postgres://yidi:s3cret@127.0.0.1:1/yidi\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let config = path.to_string_lossy().into_owned();
    let out = yidi(&["--config", &config, "status"]);
    one_sentence_failure(&out, "others may read it");
    assert!(!String::from_utf8_lossy(&out.stderr).contains("s3cret"));
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = yidi(&["--config", &config, "status"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("others may read"),
        "a private file is used: {err}"
    );
    assert!(!err.contains("s3cret"), "{err}");
}

#[test]
fn a_database_from_a_newer_yidi_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("new.db").display());
    assert!(yidi(&["--db", &url, "db", "migrate"]).status.success());
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        use sqlx::Connection;
        let mut c = sqlx::SqliteConnection::connect(&url).await.unwrap();
        sqlx::query(
            "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
             VALUES (99990101000000, 'from the future', TRUE, X'00', 0)",
        )
        .execute(&mut c)
        .await
        .unwrap();
    });
    one_sentence_failure(&yidi(&["--db", &url, "status"]), "newer than this yidi");
}

#[test]
fn court_return_prints_the_court_referrals_outcomes_with_names_masked() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("demo.db").display());
    assert!(yidi(&["--db", &url, "demo"]).status.success());
    let out = yidi(&["--db", &url, "--lang", "en", "court-return"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("Court case No.\tReferral"), "{text}");
    // Scenario 4: the pre-filing referral that failed and went back to the court.
    let row = lines
        .iter()
        .find(|l| l.contains("民诉前调1234号"))
        .unwrap_or_else(|| panic!("the referral is returned:\n{text}"));
    let cols: Vec<&str> = row.split('\t').collect();
    assert_eq!(cols.len(), lines[0].split('\t').count(), "{row}");
    assert_eq!(cols[1], "pre-filing referral");
    assert_eq!(cols[3], "referred");
    assert!(cols[7].len() == 10 && cols[7].starts_with("20"), "{row}");
    // Only court referrals, and no resident ID or phone number anywhere.
    assert!(lines[1..].iter().all(|l| l.contains("民")), "{text}");
    assert!(
        !text
            .chars()
            .collect::<Vec<_>>()
            .windows(11)
            .any(|w| w.iter().all(char::is_ascii_digit)),
        "no phone or ID digits:\n{text}"
    );
    let since = yidi(&["--db", &url, "court-return", "--since", "2099-01-01"]);
    assert_eq!(
        String::from_utf8_lossy(&since.stdout).lines().count(),
        1,
        "only the header when nothing was decided since"
    );
}
