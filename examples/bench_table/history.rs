//! Rows over a large history: start to first frame and peak RSS of the real binary, and the
//! month's figures and reverse ranking, on a database seeded by `yidi demo --history N`.

use crate::table::{Row, median_p95, ms};
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::Read;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use yidi::domain::clock::local_day;
use yidi::domain::figures::{Period, RankingWeights};
use yidi::store::Store;

/// Seeds with the release binary, as an administrator would.
fn seed(mode: &crate::Mode, url: &str, home: &std::path::Path) {
    eprintln!(
        "seeding {} historical cases into {}…",
        mode.cases,
        yidi::store::redact(url)
    );
    let start = Instant::now();
    let out = std::process::Command::new(&mode.yidi)
        .args(["--db", url, "demo", "--history", &mode.cases.to_string()])
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "{}: {e} (build it: cargo build --release)",
                mode.yidi.display()
            )
        });
    assert!(
        out.status.success(),
        "yidi demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!("seeded in {:.0} s", start.elapsed().as_secs_f64());
}

/// Starts `yidi board` in a pseudo-terminal: the time until the screen first shows anything,
/// and the process's peak RSS (VmHWM) once its first loads are done.
fn first_frame(mode: &crate::Mode, url: &str, home: &std::path::Path) -> (Duration, u64) {
    let pty = native_pty_system();
    let pair = pty
        .openpty(PtySize {
            rows: 50,
            cols: 200,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(&mode.yidi);
    cmd.args(["--db", url, "--lang", "en", "board"]);
    cmd.env("HOME", home);
    cmd.env("XDG_DATA_HOME", home.join("data"));
    cmd.env("XDG_CONFIG_HOME", home.join("config"));
    cmd.env("TERM", "xterm-256color");
    let start = Instant::now();
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        std::num::NonZeroU16::new(50).unwrap(),
        std::num::NonZeroU16::new(200).unwrap(),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let p = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
        }
    });
    let shown = loop {
        if !parser.lock().unwrap().screen().contents().trim().is_empty() {
            break start.elapsed();
        }
        if start.elapsed() > Duration::from_secs(30) {
            break Duration::from_secs(30);
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    std::thread::sleep(Duration::from_secs(2));
    let pid = child.process_id().unwrap();
    let hwm_kb = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();
    (shown, hwm_kb)
}

pub async fn rows(mode: &crate::Mode, pg_url: Option<String>) -> Vec<Row> {
    let home = tempfile::tempdir().unwrap();
    let (name, url) = match pg_url {
        Some(u) => ("PostgreSQL", u),
        None => {
            // Kept between runs: seeding a million cases takes minutes.
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-table");
            std::fs::create_dir_all(&dir).unwrap();
            (
                "SQLite",
                format!(
                    "sqlite://{}",
                    dir.join(format!("history-{}.db", mode.cases)).display()
                ),
            )
        }
    };
    let store = Store::open(&url).await.unwrap();
    let seeded = match store.centre_by_code(yidi::demo::COUNTY_CODE).await.unwrap() {
        Some(c) => store.counts(c.id).await.unwrap().cases as u64 >= mode.cases,
        None => false,
    };
    if !seeded {
        seed(mode, &url, home.path());
    }
    let centre = store
        .centre_by_code(yidi::demo::COUNTY_CODE)
        .await
        .unwrap()
        .unwrap();
    let cases = store.counts(centre.id).await.unwrap().cases;
    let mut out = Vec::new();
    let runs = if mode.quick { 3 } else { 5 };
    let mut frames = Vec::new();
    let mut peak = 0;
    for _ in 0..runs {
        let (t, kb) = first_frame(mode, &url, home.path());
        frames.push(t);
        peak = peak.max(kb);
    }
    let (t, _) = median_p95(&mut frames);
    let mb = peak as f64 / 1024.0;
    out.push(
        Row::new(
            format!("start to first frame (`yidi board`, release), {cases} cases, {name}"),
            "< 300 ms, RSS < 50 MB",
        )
        .measured(format!(
            "{:.0} ms (median of {runs}); peak RSS {mb:.1} MB",
            ms(t)
        ))
        .verdict(
            ms(t) < 300.0 && mb < 50.0,
            format!("{:.0} % / {:.0} % of the budgets", ms(t) / 3.0, mb * 2.0),
        ),
    );
    let now = chrono::Utc::now();
    let month = Period::previous_month(local_day(now));
    let (mut figs, mut ranks) = (Vec::new(), Vec::new());
    let mut in_month = 0;
    for _ in 0..runs {
        let start = Instant::now();
        let f = store.period_figures(centre.id, month, now).await.unwrap();
        figs.push(start.elapsed());
        in_month = f.counts.cases;
        let start = Instant::now();
        store
            .ranking(centre.id, month, RankingWeights::default(), now)
            .await
            .unwrap();
        ranks.push(start.elapsed());
    }
    let (f, _) = median_p95(&mut figs);
    let (r, _) = median_p95(&mut ranks);
    out.push(
        Row::new(
            format!(
                "last month's figures ({in_month} cases in the month) over {cases} cases, {name}"
            ),
            "< 500 ms, never on the render loop",
        )
        .measured(format!("{:.0} ms (median of {runs})", ms(f)))
        .at_most(ms(f), 500.0, " ms"),
    );
    out.push(
        Row::new(
            format!("last month's reverse ranking over the same, {name}"),
            "< 500 ms",
        )
        .measured(format!("{:.0} ms (median of {runs})", ms(r)))
        .at_most(ms(r), 500.0, " ms"),
    );
    store.close().await;
    out
}
