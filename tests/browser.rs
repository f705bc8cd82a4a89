//! The tracking page as a phone's browser draws it: headless Chromium at 390×844 takes a
//! screenshot (it must not be blank) and dumps the DOM (the case number must be in it).
//! Without Chromium the test fails under CI (YIDI_REQUIRE_PG=1) and is skipped, saying
//! why, elsewhere.

#[macro_use]
mod common;

use common::page::{config, start};
use common::stores::{county, morning, register, stamp};
use std::time::Duration;
use yidi::domain::Intake;
use yidi::domain::case::Channel;
use yidi::domain::party::{Party, PartyRole};

fn chromium() -> Option<&'static str> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
}

async fn browse(
    bin: &str,
    profile: &std::path::Path,
    what: &str,
    url: &str,
) -> std::process::Output {
    let run = tokio::process::Command::new(bin)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--accept-lang=zh-CN",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--window-size=390,844")
        .arg(what)
        .arg(url)
        .kill_on_drop(true)
        .output();
    tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("chromium finishes within two minutes")
        .expect("chromium runs")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_sized_browser_draws_the_page_with_the_case_number() {
    let Some(bin) = chromium() else {
        if std::env::var("YIDI_REQUIRE_PG").is_ok_and(|v| v == "1") {
            panic!("chromium is not installed: .ci/run installs Debian's chromium package");
        }
        eprintln!("skipped: no chromium at /usr/bin/chromium (apt-get install chromium)");
        return;
    };
    let db = common::stores::sqlite().await;
    let f = county(&db.store).await;
    let i = Intake::new(f.centre.id, Channel::WalkIn, "劳动争议/欠薪", "拖欠工资")
        .with_party(Party::person(PartyRole::Applicant, "张建国"));
    let case = register(&db.store, &i, morning()).await.case;
    db.store
        .whistle_departments(
            case.id,
            &[f.hrss.id, f.housing.id],
            "欠薪",
            &stamp(morning()),
        )
        .await
        .unwrap();
    let server = start(
        db.store.clone(),
        config(),
        morning() + chrono::Duration::minutes(10),
    )
    .await;
    let url = format!("{}/t/{}", server.base, case.tracking_token.simple());
    let dir = tempfile::tempdir().unwrap();
    let shot = dir.path().join("page.png");

    let out = browse(
        bin,
        &dir.path().join("profile"),
        &format!("--screenshot={}", shot.display()),
        &url,
    )
    .await;
    assert!(
        shot.exists(),
        "no screenshot: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&shot).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    assert_eq!((info.width, info.height), (390, 844));
    let channels = info.color_type.samples();
    let pixels = &buf[..info.buffer_size()];
    let first = &pixels[..channels];
    let differing = pixels.chunks(channels).filter(|p| p != &first).count();
    let total = (info.width * info.height) as usize;
    assert!(
        differing * 100 > total,
        "the screenshot is blank: {differing} of {total} pixels differ from the first"
    );
    if let Ok(keep) = std::env::var("YIDI_KEEP_SCREENSHOT") {
        let _ = std::fs::copy(&shot, keep);
    }

    let out = browse(bin, &dir.path().join("profile2"), "--dump-dom", &url).await;
    let dom = String::from_utf8_lossy(&out.stdout);
    assert!(
        dom.contains(&format!("<b id=\"case-no\">{}</b>", case.case_no)),
        "{dom}"
    );
    assert!(dom.contains("部门报到"), "{dom}");
    assert!(!dom.contains("张建国"), "{dom}");
}
