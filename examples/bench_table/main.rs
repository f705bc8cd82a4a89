//! One table of every budget in DESIGN.md and what this machine measures for it (issue 14).
//!
//! `scripts/bench-table.sh [--quick]` builds the release binary and runs this example, which
//! prints the machine, the mode and one row per budget: the budget, the measured value, and
//! whether it is met or missed by how much. `--quick` uses smaller counts (a few minutes);
//! `--cases N` sets the history size for first frame and figures (default 1,000,000; quick
//! 20,000). PostgreSQL rows run on a throwaway cluster (tests/common/pg.rs) or on
//! `YIDI_TEST_PG_URL`; without PostgreSQL those rows say so.
//!
//! The same binary is its own child process for the rows measured between processes
//! (`--child …`, never run by hand).

#[path = "../../benches/common/render_fixture.rs"]
mod fixture;
#[path = "../../tests/common/pg.rs"]
#[allow(dead_code)]
mod pg;

mod city;
mod history;
mod render;
mod serve;
mod store;
mod table;

use std::time::Duration;
use table::Row;

/// How big a run is.
#[derive(Debug, Clone)]
pub struct Mode {
    pub quick: bool,
    pub cases: u64,
    pub pg_writers: (usize, usize),
    pub sqlite_writers: (usize, usize),
    pub samples: usize,
    /// The yidi binary for the rows that start it (first frame, RSS).
    pub yidi: std::path::PathBuf,
    /// `--only render,city`: just these groups of rows (render, intake, propagation, writers,
    /// serve, history, city); all when empty.
    pub only: Vec<String>,
}

impl Mode {
    fn wants(&self, group: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|g| g == group)
    }
}

fn mode_from_args() -> Mode {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick");
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let cases = value("--cases")
        .and_then(|v| v.replace(['_', ','], "").parse().ok())
        .unwrap_or(if quick { 20_000 } else { 1_000_000 });
    let yidi: std::path::PathBuf = value("--yidi").map(Into::into).unwrap_or_else(|| {
        let exe = std::env::current_exe().unwrap();
        // target/release/examples/bench_table → target/release/yidi
        exe.parent().unwrap().parent().unwrap().join("yidi")
    });
    // The pseudo-terminal's spawner looks a relative name up in PATH.
    let yidi = std::fs::canonicalize(&yidi).unwrap_or(yidi);
    Mode {
        quick,
        cases,
        pg_writers: if quick { (20, 100) } else { (20, 10_000) },
        sqlite_writers: if quick { (4, 250) } else { (4, 2_500) },
        samples: if quick { 200 } else { 1_000 },
        yidi,
        only: value("--only")
            .map(|v| v.split(',').map(|g| g.trim().to_string()).collect())
            .unwrap_or_default(),
    }
}

fn main() {
    if store::child_main() {
        return;
    }
    let mode = mode_from_args();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let started = std::time::Instant::now();
    let machine = table::machine();
    eprintln!("bench-table: {machine}; mode {mode:?}");
    let pg_url = || rt.block_on(pg::fresh_database_url());
    let mut rows: Vec<Row> = Vec::new();
    if mode.wants("render") {
        rows.extend(render::rows(mode.samples));
    }
    if mode.wants("intake") {
        rows.extend(rt.block_on(store::intake_ratio(None, mode.samples)));
        if let Some(url) = pg_url() {
            rows.extend(rt.block_on(store::intake_ratio(Some(url), mode.samples)));
        } else {
            rows.push(Row::skipped(
                "one intake vs a bare insert, PostgreSQL",
                "no PostgreSQL",
            ));
        }
    }
    if mode.wants("propagation") {
        let n = if mode.quick { 30 } else { 100 };
        rows.push(rt.block_on(store::propagation(None, n)));
        match pg_url() {
            Some(url) => rows.push(rt.block_on(store::propagation(Some(url), n))),
            None => rows.push(Row::skipped("propagation, PostgreSQL", "no PostgreSQL")),
        }
    }
    if mode.wants("writers") {
        rows.push(rt.block_on(store::sqlite_writers(mode.sqlite_writers)));
        match pg_url() {
            Some(url) => rows.push(rt.block_on(store::pg_writers(url, mode.pg_writers))),
            None => rows.push(Row::skipped("20 PostgreSQL writers", "no PostgreSQL")),
        }
    }
    if mode.wants("serve") {
        let requests = if mode.quick { 300 } else { 1_000 };
        rows.push(rt.block_on(serve::row(None, requests)));
        match pg_url() {
            Some(url) => rows.push(rt.block_on(serve::row(Some(url), requests))),
            None => rows.push(Row::skipped("tracking page, PostgreSQL", "no PostgreSQL")),
        }
    }
    if mode.wants("history") {
        rows.extend(rt.block_on(history::rows(&mode, None)));
        match pg_url() {
            Some(url) => rows.extend(rt.block_on(history::rows(&mode, Some(url)))),
            None => rows.push(Row::skipped("history rows, PostgreSQL", "no PostgreSQL")),
        }
    }
    if mode.wants("city") {
        rows.push(city::row(&mode));
    }
    let took = started.elapsed();
    println!("{}", table::render(&machine, &mode, &rows, took));
    std::thread::sleep(Duration::from_millis(10));
}
