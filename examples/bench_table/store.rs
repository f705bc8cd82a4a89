//! Store rows: one intake against a bare insert, a change seen by another process, and
//! concurrent writers (PostgreSQL tasks, SQLite processes) with what they left counted.

#[path = "../../benches/common/load.rs"]
mod load;

use crate::table::{Row, median_p95, ms};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use uuid::Uuid;
use yidi::store::Store;

fn sqlite_url(dir: &tempfile::TempDir, name: &str) -> String {
    format!("sqlite://{}", dir.path().join(name).display())
}

fn now_ns() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

/// Runs a child's part when this process is one (`--child …`); false otherwise.
pub fn child_main() -> bool {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) != Some("--child") {
        return false;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let (url, centre): (&str, Uuid) = (&args[3], args[4].parse().unwrap());
    let store = rt.block_on(Store::open(url)).unwrap();
    match args[2].as_str() {
        "writer" => {
            let count: usize = args[5].parse().unwrap();
            let errors = rt.block_on(load::write_intakes(&store, centre, count, &args[6]));
            for e in &errors {
                eprintln!("error: {e}");
            }
            println!("errors {}", errors.len());
        }
        "propagate" => {
            use std::io::{BufRead, Write};
            let mut out = std::io::stdout().lock();
            writeln!(out, "ready").unwrap();
            out.flush().unwrap();
            for (n, line) in std::io::stdin().lock().lines().enumerate() {
                if line.is_err() {
                    break;
                }
                let start = now_ns();
                let i = load::walk_in(centre, &format!("p{n}"));
                rt.block_on(load::intake_now(&store, &i)).unwrap();
                writeln!(out, "{start}").unwrap();
                out.flush().unwrap();
            }
        }
        other => panic!("unknown child {other}"),
    }
    true
}

/// Medians of a bare one-row insert transaction and of an intake, interleaved in one run.
pub async fn intake_ratio(pg_url: Option<String>, samples: usize) -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    let (name, url) = match &pg_url {
        Some(u) => ("PostgreSQL", u.clone()),
        None => ("SQLite", sqlite_url(&dir, "ratio.db")),
    };
    let store = Store::open(&url).await.unwrap();
    let centre = load::centre(&store, "bench").await;
    let mut bare = load::Bare::open(&url).await;
    let (mut bare_t, mut intake_t, mut one_t) = (Vec::new(), Vec::new(), Vec::new());
    for n in 0..samples + 50 {
        let start = Instant::now();
        bare.insert_tx().await;
        let b = start.elapsed();
        // For comparison: the same row as one autocommit statement (one round trip).
        let start = Instant::now();
        bare.insert_one().await;
        let one = start.elapsed();
        let i = load::walk_in(centre.id, "十二名工人被拖欠工资");
        let start = Instant::now();
        load::intake_now(&store, &i).await.unwrap();
        let t = start.elapsed();
        // The first rounds warm the statement caches and the files.
        if n >= 50 {
            bare_t.push(b);
            intake_t.push(t);
            one_t.push(one);
        }
    }
    let (b, _) = median_p95(&mut bare_t);
    let (i, _) = median_p95(&mut intake_t);
    let (one, _) = median_p95(&mut one_t);
    let ratio = i.as_secs_f64() / b.as_secs_f64();
    vec![
        Row::new(
            format!("one intake (counters, case, 2 parties, ticket, journal, change) vs one bare single-row insert transaction, {name}"),
            "≤ 2× the bare insert, same run",
        )
        .measured(format!(
            "intake {:.0} µs, bare transaction {:.0} µs (medians of {samples}, interleaved): {ratio:.2}× (the bare row as one autocommit statement: {:.0} µs, intake {:.2}× that)",
            ms(i) * 1000.0,
            ms(b) * 1000.0,
            ms(one) * 1000.0,
            i.as_secs_f64() / one.as_secs_f64(),
        ))
        .at_most(ratio, 2.0, "×"),
    ]
}

/// A child process commits intakes; this process's subscription wakes. From the start of the
/// child's intake call to the wake, both read from the system clock.
pub async fn propagation(pg_url: Option<String>, n: usize) -> Row {
    let dir = tempfile::tempdir().unwrap();
    let (name, url, budget) = match &pg_url {
        Some(u) => ("PostgreSQL", u.clone(), 50.0),
        None => ("SQLite", sqlite_url(&dir, "feed.db"), 250.0),
    };
    let store = Store::open(&url).await.unwrap();
    let centre = load::centre(&store, "bench").await;
    // As a console follows: the feed hands over the changes themselves (it reads them).
    let mut sub = store.follow(store.last_change_id().await.unwrap());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut child = tokio::process::Command::new(std::env::current_exe().unwrap())
        .args(["--child", "propagate", &url, &centre.id.to_string()])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    assert_eq!(lines.next_line().await.unwrap().as_deref(), Some("ready"));
    let mut times = Vec::with_capacity(n);
    for _ in 0..n {
        // At a random moment of SQLite's poll period, as operators do.
        tokio::time::sleep(Duration::from_micros(rand::random_range(0..40_000))).await;
        while sub.try_next().is_some() {}
        stdin.write_all(b"go\n").await.unwrap();
        stdin.flush().await.unwrap();
        sub.next().await.unwrap();
        let woke = now_ns();
        let start: u128 = lines.next_line().await.unwrap().unwrap().parse().unwrap();
        times.push(Duration::from_nanos(woke.saturating_sub(start) as u64));
    }
    drop(stdin);
    let _ = child.wait().await;
    let (median, p95) = median_p95(&mut times);
    Row::new(
        format!("a change on one console visible on another (two processes), {name}"),
        format!("< {budget:.0} ms (median)"),
    )
    .measured(format!(
        "median {:.1} ms, p95 {:.1} ms ({n} intakes)",
        ms(median),
        ms(p95)
    ))
    .at_most(ms(median), budget, " ms")
}

fn load_row(
    what: String,
    expected: i64,
    errors: usize,
    audit: &load::Audit,
    took: Duration,
) -> Row {
    let lost = audit.lost(expected);
    let duplicated = audit.duplicated(expected);
    let gaps = audit.max_ticket_seq - audit.tickets;
    let ok = lost == 0 && duplicated == 0 && errors == 0 && gaps == 0;
    Row::new(what, "none lost, none duplicated, no error shown to a user")
        .measured(format!(
            "{expected} intakes in {:.1} s = {:.0}/s; read back {} cases, {} distinct numbers, {} tickets numbered 1..{}; lost {lost}, duplicated {duplicated}, errors {errors}",
            took.as_secs_f64(),
            expected as f64 / took.as_secs_f64(),
            audit.cases,
            audit.distinct_case_nos,
            audit.tickets,
            audit.max_ticket_seq,
        ))
        .verdict(ok, if ok { "all 0".into() } else { format!("lost {lost}, duplicated {duplicated}, errors {errors}, ticket gaps {gaps}") })
}

/// Processes × intakes on one SQLite file, each process its own store.
pub async fn sqlite_writers((procs, each): (usize, usize)) -> Row {
    let dir = tempfile::tempdir().unwrap();
    let url = sqlite_url(&dir, "writers.db");
    let store = Store::open(&url).await.unwrap();
    let centre = load::centre(&store, "bench").await;
    store.close().await;
    let start = Instant::now();
    let children: Vec<_> = (0..procs)
        .map(|p| {
            tokio::process::Command::new(std::env::current_exe().unwrap())
                .args([
                    "--child",
                    "writer",
                    &url,
                    &centre.id.to_string(),
                    &each.to_string(),
                    &format!("process {p}"),
                ])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut errors = 0;
    for c in children {
        let out = c.wait_with_output().await.unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        errors += text
            .lines()
            .find_map(|l| l.strip_prefix("errors "))
            .and_then(|n| n.parse::<usize>().ok())
            .unwrap_or(each);
    }
    let took = start.elapsed();
    let audit = load::audit(&url, centre.id).await;
    load_row(
        format!("{procs} processes × {each} intakes on one SQLite file"),
        (procs * each) as i64,
        errors,
        &audit,
        took,
    )
}

/// Writers × intakes on one PostgreSQL database, each writer its own store (its own pool).
pub async fn pg_writers(url: String, (writers, each): (usize, usize)) -> Row {
    let store = Store::open(&url).await.unwrap();
    let centre = load::centre(&store, "bench").await;
    let start = Instant::now();
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let url = url.clone();
            tokio::spawn(async move {
                let store = Store::connect(&url).await.unwrap();
                let errors =
                    load::write_intakes(&store, centre.id, each, &format!("writer {w}")).await;
                store.close().await;
                errors
            })
        })
        .collect();
    let mut errors = 0;
    for t in tasks {
        let e = t.await.unwrap();
        if let Some(first) = e.first() {
            eprintln!("writer error: {first}");
        }
        errors += e.len();
    }
    let took = start.elapsed();
    let audit = load::audit(&url, centre.id).await;
    load_row(
        format!("{writers} concurrent PostgreSQL writers × {each} intakes"),
        (writers * each) as i64,
        errors,
        &audit,
        took,
    )
}
