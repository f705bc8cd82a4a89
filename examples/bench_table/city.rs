//! The city row: runs the city-scale harness (`examples/city`, built beside this binary) and
//! reads its summary line.

use crate::Mode;
use crate::table::Row;
use std::collections::HashMap;
use std::process::Command;

const WHAT: &str = "a prefecture city: 20 centres, 200 consoles on one PostgreSQL, 10 changes/s";
const BUDGET: &str = "≤ 3 reads per change at the change's centre, 0 elsewhere; ≤ 2 connections per console; propagation p95 < 100 ms";

pub fn row(mode: &Mode) -> Row {
    let Some(harness) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(|d| d.join("city")))
        .filter(|p| p.exists())
    else {
        return Row::skipped(
            WHAT,
            "examples/city not built (scripts/bench-table.sh builds it)",
        );
    };
    let seconds = if mode.quick { "10" } else { "30" };
    let out = match Command::new(&harness)
        .args(["--centres", "20", "--consoles", "200", "--rate", "10"])
        .args(["--seconds", seconds])
        .output()
    {
        Ok(o) => o,
        Err(e) => return Row::skipped(WHAT, &format!("could not run the harness: {e}")),
    };
    let text = String::from_utf8_lossy(&out.stdout);
    let Some(line) = text.lines().find(|l| l.starts_with("CITY ")) else {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().last().unwrap_or("no output");
        return Row::skipped(WHAT, &format!("the harness said: {last}"));
    };
    let v: HashMap<&str, &str> = line
        .split_whitespace()
        .filter_map(|kv| kv.split_once('='))
        .collect();
    let num = |k: &str| {
        v.get(k)
            .and_then(|s| s.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    let (mean, max) = (num("relevant_mean"), num("relevant_max"));
    let unrelated = num("unrelated_reads");
    let per_console = num("per_console");
    let (p50, p95) = (num("p50"), num("p95"));
    let cpu = v.get("cpu").copied().unwrap_or("-");
    let row = Row::new(WHAT, BUDGET).measured(format!(
        "{seconds} s: reads per change {mean:.2} mean, {max:.0} max at the centre, {unrelated:.0} elsewhere ({} batches); {per_console:.2} connections per console; propagation median {p50:.1} ms, p95 {p95:.1} ms; server CPU {cpu} % of a core",
        v.get("unrelated_batches").copied().unwrap_or("?"),
    ));
    let mut missed = Vec::new();
    if max > 3.0 || max.is_nan() {
        missed.push(format!("{max:.0} reads for one change"));
    }
    if unrelated != 0.0 {
        missed.push(format!("{unrelated:.0} reads at other centres"));
    }
    if per_console > 2.0 || per_console.is_nan() {
        missed.push(format!("{per_console:.2} connections per console"));
    }
    if p95 >= 100.0 || p95.is_nan() {
        missed.push(format!("p95 {p95:.1} ms"));
    }
    if missed.is_empty() {
        row.verdict(true, format!("max {max:.0} reads, p95 {p95:.1} ms"))
    } else {
        row.verdict(false, missed.join("; "))
    }
}
