//! The city-scale harness: a prefecture city's consoles on one PostgreSQL.
//!
//! ```sh
//! cargo run --release --example city                      # throwaway cluster, 20 centres, 200 consoles, 30 s
//! cargo run --release --example city -- --url postgres://… --seconds 60
//! cargo run --release --example city -- --centres 5 --consoles 20 --seconds 10
//! ```
//!
//! Opens `--consoles` headless consoles (`yidi::app::city`: the same `update` and store tasks
//! as a console, each with its own one-connection pool and its own LISTEN connection) spread
//! over `--centres` centres (county centres with four townships each), then drives `--rate`
//! changes a second (intake, triage, whistle, arrival, in turn, at the centres in turn) for
//! `--seconds`. Reports reads per change per console for changes of the console's centre and
//! of other centres, PostgreSQL connections (pg_stat_activity), the server's CPU (the
//! throwaway cluster's processes) and propagation (the write's stamp to the other console's
//! state updated). Loopback only: the throwaway cluster listens on a Unix socket.

#[allow(dead_code)]
#[path = "../tests/common/pg.rs"]
mod pg;

use chrono::Utc;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use uuid::Uuid;
use yidi::app::city::HeadlessConsole;
use yidi::domain::case::{Channel, Handling, Level, Stream};
use yidi::domain::department::{DepartmentKind, Presence};
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Centre, Department, Intake, SlaPolicy, WorkCalendar};
use yidi::store::{Feed, Stamp, Store, Triage};

struct Args {
    url: Option<String>,
    centres: usize,
    consoles: usize,
    seconds: u64,
    rate: u32,
}

fn args() -> Args {
    let mut a = Args {
        url: None,
        centres: 20,
        consoles: 200,
        seconds: 30,
        rate: 10,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        let mut v = || it.next().unwrap_or_else(|| panic!("{k} needs a value"));
        match k.as_str() {
            "--url" => a.url = Some(v()),
            "--centres" => a.centres = v().parse().expect("--centres N"),
            "--consoles" => a.consoles = v().parse().expect("--consoles N"),
            // Bounded: a harness left running must not load a shared server for ever.
            "--seconds" => a.seconds = v().parse::<u64>().expect("--seconds N").min(600),
            "--rate" => a.rate = v().parse::<u32>().expect("--rate N").clamp(1, 100),
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    a.centres = a.centres.max(1);
    a.consoles = a.consoles.max(a.centres);
    a
}

/// One centre's cases on their way: registered, triaged, whistled.
#[derive(Default)]
struct Pipeline {
    registered: VecDeque<(Uuid, i32)>,
    triaged: VecDeque<Uuid>,
    whistled: VecDeque<Uuid>,
}

#[derive(Default)]
struct Stats {
    /// Reads per change, for changes at (or about a case shown by) the console.
    relevant: Vec<f64>,
    /// Reads of batches with no change that concerns the console.
    unrelated_reads: u64,
    unrelated_batches: u64,
    /// Milliseconds from the write's stamp to the console's state updated.
    latency_ms: Vec<f64>,
    changes_seen: u64,
}

fn stamp() -> Stamp {
    Stamp::new("city-harness", Utc::now())
}

async fn centres(store: &Store, n: usize) -> Vec<(Centre, Vec<Department>)> {
    let mut out = Vec::new();
    let mut county: Option<Uuid> = None;
    let run = Uuid::now_v7().simple().to_string();
    for i in 0..n {
        // A county centre, then four townships under it.
        let level = if i % 5 == 0 {
            Level::County
        } else {
            Level::Township
        };
        let c = Centre {
            id: Uuid::now_v7(),
            code: format!("c{i}-{}", &run[24..]),
            name: format!("第{i}中心"),
            level,
            parent: if level == Level::County { None } else { county },
        };
        let c = store.ensure_centre(&c, &stamp()).await.expect("centre");
        if level == Level::County {
            county = Some(c.id);
        }
        let mut depts = Vec::new();
        for name in ["人社局", "司法所"] {
            let d = Department {
                id: Uuid::now_v7(),
                centre_id: c.id,
                name: name.into(),
                kind: DepartmentKind::Department,
                presence: Presence::OnCall,
                arrival_window_min: 30,
                phone: None,
            };
            store
                .add_department(&d, &stamp())
                .await
                .expect("department");
            depts.push(d);
        }
        out.push((c, depts));
    }
    out
}

/// One change at `centre`: the next step of its pipeline (intake when nothing is waiting).
async fn drive_one(store: &Store, centre: &(Centre, Vec<Department>), p: &mut Pipeline, step: u64) {
    let calendar = WorkCalendar::builtin();
    let s = stamp();
    let kind = step % 4;
    let result = if kind == 3 && !p.whistled.is_empty() {
        let id = p.whistled.pop_front().unwrap_or_default();
        store.record_arrival(id, s.at(), None, &s).await.map(|_| ())
    } else if kind >= 2 && !p.triaged.is_empty() {
        let case = p.triaged.pop_front().unwrap_or_default();
        store
            .whistle_departments(case, &[centre.1[0].id], "到场调处", &s)
            .await
            .map(|made| p.whistled.extend(made.iter().map(|m| m.id)))
    } else if kind >= 1 && !p.registered.is_empty() {
        let (case, version) = p.registered.pop_front().unwrap_or_default();
        let t = Triage {
            stream: Stream::Mediation,
            handling: Handling::Joint,
            level: centre.0.level,
            lead_department: Some(centre.1[0].id),
            cooperating: Vec::new(),
            first_handler: "王敏".into(),
        };
        store
            .triage(case, version, &t, &s)
            .await
            .map(|c| p.triaged.push_back(c.id))
    } else {
        let intake = Intake::new(centre.0.id, Channel::WalkIn, "邻里纠纷", "宅基地边界争议")
            .with_party(Party::person(PartyRole::Applicant, "李四"));
        store
            .intake(
                &intake,
                SlaPolicy::default().deadlines(s.at(), &calendar),
                &s,
            )
            .await
            .map(|r| p.registered.push_back((r.case.id, r.case.version)))
    };
    if let Err(e) = result {
        eprintln!("write failed: {e}");
    }
}

/// CPU seconds used so far by the throwaway cluster's processes (its postmaster and children).
fn cluster_cpu(dir: Option<&std::path::Path>) -> Option<f64> {
    let pid_file = std::fs::read_to_string(dir?.join("data/postmaster.pid")).ok()?;
    let postmaster: u32 = pid_file.lines().next()?.trim().parse().ok()?;
    // SAFETY: sysconf only reads a system constant.
    let ticks = unsafe { libc::sysconf(libc::_SC_CLK_TCK) } as f64;
    let mut total = 0u64;
    for entry in std::fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry
            .file_name()
            .to_str()
            .and_then(|s| s.parse::<u32>().ok())
        else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
            continue;
        };
        // Fields after the command name (which may hold spaces) in parentheses.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ppid: u32 = f.get(1).and_then(|s| s.parse().ok()).unwrap_or(0);
        if pid == postmaster || ppid == postmaster {
            let ut: u64 = f.get(11).and_then(|s| s.parse().ok()).unwrap_or(0);
            let st: u64 = f.get(12).and_then(|s| s.parse().ok()).unwrap_or(0);
            total += ut + st;
        }
    }
    Some(total as f64 / ticks)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

#[tokio::main(flavor = "multi_thread")]
async fn main() {
    let a = args();
    let mut cluster_dir = None;
    let url = match a.url.clone() {
        Some(u) => u,
        None => {
            // Room for two connections per console, the driver and the harness's own.
            let room = a.consoles * 2 + 40;
            // SAFETY: set before any thread reads the environment (the cluster starts below).
            unsafe { std::env::set_var("YIDI_TEST_PG_MAX_CONNECTIONS", room.to_string()) };
            let url = pg::fresh_database_url()
                .await
                .expect("no PostgreSQL: install initdb/pg_ctl or pass --url");
            cluster_dir = pg::server().and_then(|s| s.cluster_dir().map(|d| d.to_path_buf()));
            url
        }
    };
    let store = Store::open(&url).await.expect("open");
    println!(
        "city harness: {} centres, {} consoles, {} changes/s for {} s on {}",
        a.centres,
        a.consoles,
        a.rate,
        a.seconds,
        store.display_url()
    );
    let city = centres(&store, a.centres).await;
    // The driver's own connections, before any console connects.
    let (base, _) = store.connections().await.ok().flatten().unwrap_or((0, 0));

    // The consoles: per centre one wall screen, the rest windows.
    let stats = Arc::new(Mutex::new(Stats::default()));
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    let mut feed_handles = Vec::new();
    let opened = std::time::Instant::now();
    for i in 0..a.consoles {
        let (centre, _) = &city[i % city.len()];
        let wallboard = i < city.len();
        let mut console = HeadlessConsole::open(&url, centre.clone(), wallboard)
            .await
            .expect("console");
        let mut feed = console.follow().await.expect("follow");
        feed_handles.push(console.feed_store.clone());
        let stats = stats.clone();
        let mut stop = stop_rx.clone();
        tasks.push(tokio::spawn(async move {
            loop {
                let f = tokio::select! {
                    f = feed.next() => f,
                    _ = stop.changed() => break,
                };
                let Some(Feed::Changes(changes)) = f else {
                    continue;
                };
                let mine = console.state.centre.id;
                let relevant: Vec<bool> = changes
                    .iter()
                    .map(|c| {
                        c.centre_id == mine
                            || c.case_id
                                .is_some_and(|id| yidi::app::feed::shows_case(&console.state, id))
                    })
                    .collect();
                let n = changes.len();
                let stamps: Vec<_> = changes
                    .iter()
                    .zip(&relevant)
                    .filter(|(_, r)| **r)
                    .map(|(c, _)| c.at)
                    .collect();
                if std::env::var_os("CITY_DEBUG").is_some() {
                    eprintln!(
                        "{} got {:?} lag {:?}",
                        console.state.centre.code,
                        changes
                            .iter()
                            .map(|c| (c.id, c.action.clone()))
                            .collect::<Vec<_>>(),
                        Utc::now() - changes[0].at
                    );
                }
                let t0 = std::time::Instant::now();
                let reads = console.react(changes).await;
                if std::env::var_os("CITY_DEBUG").is_some() {
                    eprintln!("react {:?} reads {reads}", t0.elapsed());
                }
                let done = Utc::now();
                let mut s = stats.lock().unwrap_or_else(|e| e.into_inner());
                s.changes_seen += n as u64;
                if stamps.is_empty() {
                    s.unrelated_batches += 1;
                    s.unrelated_reads += reads;
                } else {
                    let per = reads as f64 / stamps.len() as f64;
                    for at in stamps {
                        s.relevant.push(per);
                        s.latency_ms
                            .push((done - at).num_microseconds().unwrap_or(0) as f64 / 1000.0);
                    }
                }
            }
        }));
    }
    println!(
        "opened {} consoles in {:.1} s",
        a.consoles,
        opened.elapsed().as_secs_f64()
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let (all, listening) = store.connections().await.ok().flatten().unwrap_or((-1, -1));

    // Drive.
    let liveness_before: u64 = feed_handles.iter().map(|s| s.reads()).sum();
    let cpu_before = cluster_cpu(cluster_dir.as_deref());
    let started = std::time::Instant::now();
    let mut pipelines: Vec<Pipeline> = city.iter().map(|_| Pipeline::default()).collect();
    let mut tick =
        tokio::time::interval(std::time::Duration::from_secs_f64(1.0 / f64::from(a.rate)));
    let total = a.seconds * u64::from(a.rate);
    for step in 0..total {
        tick.tick().await;
        let c = (step as usize) % city.len();
        drive_one(
            &store,
            &city[c],
            &mut pipelines[c],
            step / city.len() as u64,
        )
        .await;
    }
    let driven = started.elapsed().as_secs_f64();
    let cpu_after = cluster_cpu(cluster_dir.as_deref());
    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
    let liveness_after: u64 = feed_handles.iter().map(|s| s.reads()).sum();
    let _ = stop_tx.send(true);
    for t in tasks {
        let _ = t.await;
    }

    let mut s = std::mem::take(&mut *stats.lock().unwrap_or_else(|e| e.into_inner()));
    let relevant_mean = s.relevant.iter().sum::<f64>() / s.relevant.len().max(1) as f64;
    let relevant_max = s.relevant.iter().copied().fold(0.0, f64::max);
    let p50 = percentile(&mut s.latency_ms, 50.0);
    let p95 = percentile(&mut s.latency_ms, 95.0);
    let cpu = match (cpu_before, cpu_after) {
        (Some(b), Some(a)) => format!("{:.0} % of one core", (a - b) / driven * 100.0),
        _ => "n/a (not the harness's own cluster)".into(),
    };
    let host = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    println!("machine: {host}, {cores} cores");
    println!("| what | measured |");
    println!("|---|---|");
    println!("| changes written | {total} in {driven:.1} s |");
    println!(
        "| changes reported to consoles | {} ({} per console) |",
        s.changes_seen,
        s.changes_seen / a.consoles as u64
    );
    println!(
        "| reads per change, console of the change's centre | mean {relevant_mean:.2}, max {relevant_max:.0} ({} console-changes) |",
        s.relevant.len()
    );
    println!(
        "| reads per change, consoles of other centres | {} in {} batches |",
        s.unrelated_reads, s.unrelated_batches
    );
    println!(
        "| liveness check (idle, per console) | {:.2} reads/s |",
        (liveness_after - liveness_before) as f64 / (driven + 2.0) / a.consoles as f64
    );
    println!(
        "| PostgreSQL connections | {all}: {} for {} consoles ({:.2} per console, {listening} of them LISTEN) + {base} of the driver |",
        all - base,
        a.consoles,
        (all - base) as f64 / a.consoles as f64
    );
    println!("| server CPU while driving | {cpu} |");
    println!(
        "| propagation, write stamp → other console's state | median {p50:.1} ms, p95 {p95:.1} ms |"
    );
    // One line for the benchmark table (`examples/bench_table`), which runs this harness.
    println!(
        "CITY centres={} consoles={} rate={} seconds={} relevant_mean={relevant_mean:.2} relevant_max={relevant_max:.0} unrelated_reads={} unrelated_batches={} per_console={:.2} p50={p50:.1} p95={p95:.1} cpu={}",
        a.centres,
        a.consoles,
        a.rate,
        a.seconds,
        s.unrelated_reads,
        s.unrelated_batches,
        (all - base) as f64 / a.consoles as f64,
        match (cpu_before, cpu_after) {
            (Some(b), Some(a)) => format!("{:.0}", (a - b) / driven * 100.0),
            _ => "-".into(),
        }
    );
    store.close().await;
}
