//! `yidi policy` as an administrator meets it, on SQLite and PostgreSQL: the county's one
//! policy shown, set within its ranges (a bad value named in one sentence, nothing changed),
//! a year's holiday calendar loaded from a file, and every centre of the county reading it.

#[macro_use]
mod common;

use std::process::Output;

on_both!(the_county_policy_is_set_from_the_command_line_and_read_everywhere);

use common::yidi;

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

async fn the_county_policy_is_set_from_the_command_line_and_read_everywhere(
    _store: yidi::store::Store,
    url: String,
) {
    assert!(yidi(&["--db", &url, "demo"]).status.success());
    let policy = |args: &[&str]| {
        let mut all = vec!["--db", url.as_str(), "--lang", "en", "policy"];
        all.extend_from_slice(args);
        yidi(&all)
    };
    let shown = text(&policy(&["show"]));
    assert!(
        shown.contains("Reply days (sla.reply_days)\t7\t1–365"),
        "{shown}"
    );

    let refused = policy(&["set", "sla.reply_days", "4000000000"]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
    assert!(
        err.contains("Reply days (sla.reply_days)") && err.contains("from 1 to 365"),
        "{err}"
    );
    assert!(text(&policy(&["show"])).contains("(sla.reply_days)\t7\t"));

    let set = policy(&["set", "sla.reply_days", "10"]);
    assert!(
        set.status.success(),
        "{}",
        String::from_utf8_lossy(&set.stderr)
    );
    // A township console of the county reads the same value.
    let township = yidi(&[
        "--db",
        &url,
        "--lang",
        "en",
        "--centre",
        "chengguan",
        "policy",
    ]);
    assert!(
        text(&township).contains("(sla.reply_days)\t10\t"),
        "{}",
        text(&township)
    );

    let dir = tempfile::tempdir().unwrap();
    let broken = dir.path().join("2028.toml");
    std::fs::write(
        &broken,
        "year = 2028\nstatus = \"official\"\nholidays = [ { name = \"x\", from = \"2028-13-01\", to = \"2028-13-01\" } ]\n",
    )
    .unwrap();
    let refused = policy(&["calendar", broken.to_str().unwrap()]);
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("2028.toml") && err.contains("line 3"), "{err}");

    let good = dir.path().join("2028-official.toml");
    std::fs::write(
        &good,
        "year = 2028\nstatus = \"official\"\nholidays = [ { name = \"元旦\", from = \"2028-01-01\", to = \"2028-01-03\" } ]\n",
    )
    .unwrap();
    let loaded = policy(&["calendar", good.to_str().unwrap()]);
    assert!(
        loaded.status.success(),
        "{}",
        String::from_utf8_lossy(&loaded.stderr)
    );
    assert!(
        text(&loaded).contains("calendar.2028\tofficial"),
        "{}",
        text(&loaded)
    );

    let store = yidi::store::Store::open(&url).await.unwrap();
    let county = store
        .centre_by_code(yidi::demo::COUNTY_CODE)
        .await
        .unwrap()
        .unwrap();
    let (p, _) = store.policy(county.id).await.unwrap();
    assert_eq!(
        p.calendar().year_status(2028),
        Some(yidi::domain::calendar::YearStatus::Official)
    );
    store.close().await;
}
