//! The table itself: rows of budget / measured / verdict, and the machine it ran on.

use std::time::Duration;

/// One budget and what was measured against it.
pub struct Row {
    pub what: String,
    pub budget: String,
    pub measured: String,
    /// `Some(true)` met, `Some(false)` missed, `None` not measured here.
    pub met: Option<bool>,
    /// How far from the budget ("by 0.4×", "3 lost").
    pub by: String,
}

impl Row {
    pub fn new(what: impl Into<String>, budget: impl Into<String>) -> Self {
        Self {
            what: what.into(),
            budget: budget.into(),
            measured: String::new(),
            met: None,
            by: String::new(),
        }
    }

    pub fn measured(mut self, m: impl Into<String>) -> Self {
        self.measured = m.into();
        self
    }

    /// Met when `value <= limit`; otherwise missed by the ratio.
    pub fn at_most(mut self, value: f64, limit: f64, unit: &str) -> Self {
        let met = value <= limit;
        self.met = Some(met);
        self.by = if met {
            format!("{:.0} % of it", 100.0 * value / limit)
        } else {
            format!(
                "missed by {:.3}{unit} ({:.2}× the budget)",
                value - limit,
                value / limit
            )
        };
        self
    }

    pub fn verdict(mut self, met: bool, by: impl Into<String>) -> Self {
        self.met = Some(met);
        self.by = by.into();
        self
    }

    pub fn skipped(what: &str, why: &str) -> Self {
        Self::new(what, "—")
            .measured("not measured")
            .verdict_none(why)
    }

    fn verdict_none(mut self, why: &str) -> Self {
        self.by = why.to_string();
        self
    }
}

pub fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The median and 95th percentile (nearest rank) of `times`.
pub fn median_p95(times: &mut [Duration]) -> (Duration, Duration) {
    times.sort();
    if times.is_empty() {
        return (Duration::ZERO, Duration::ZERO);
    }
    let p95 = ((times.len() as f64 * 0.95).ceil() as usize).clamp(1, times.len()) - 1;
    (times[times.len() / 2], times[p95])
}

/// Cores, CPU, load and OS, read from /proc (Linux).
pub fn machine() -> String {
    let read = |p: &str| std::fs::read_to_string(p).unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let cpu = read("/proc/cpuinfo")
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, v)| v.trim().to_string())
        .unwrap_or_else(|| "unknown CPU".into());
    let load: Vec<String> = read("/proc/loadavg")
        .split_whitespace()
        .take(3)
        .map(String::from)
        .collect();
    let os = read("/etc/os-release")
        .lines()
        .find_map(|l| l.strip_prefix("PRETTY_NAME="))
        .map(|v| v.trim_matches('"').to_string())
        .unwrap_or_else(|| std::env::consts::OS.into());
    let kernel = read("/proc/sys/kernel/osrelease").trim().to_string();
    let mem_gb = read("/proc/meminfo")
        .lines()
        .find_map(|l| l.strip_prefix("MemTotal:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0 / 1024.0);
    format!(
        "{cores} cores ({cpu}), {mem_gb:.1} GB, load {} at start, {os} (Linux {kernel})",
        load.join(" ")
    )
}

fn load_now() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .unwrap_or_default()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A Markdown table (it goes into the README as it is).
pub fn render(machine: &str, mode: &crate::Mode, rows: &[Row], took: Duration) -> String {
    let mut out = String::new();
    out += &format!("machine: {machine}; load {} at the end\n", load_now());
    out += &format!(
        "mode: {} ({} historical cases; PostgreSQL writers {}×{}, SQLite processes {}×{}; {} samples per timing; {} build) — took {:.0} s\n\n",
        if mode.quick { "--quick" } else { "full" },
        mode.cases,
        mode.pg_writers.0,
        mode.pg_writers.1,
        mode.sqlite_writers.0,
        mode.sqlite_writers.1,
        mode.samples,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        took.as_secs_f64()
    );
    out += "| what | budget | measured | verdict |\n|---|---|---|---|\n";
    for r in rows {
        let verdict = match r.met {
            Some(true) => format!("met ({})", r.by),
            Some(false) => format!("**MISSED** {}", r.by),
            None => format!("— {}", r.by),
        };
        out += &format!(
            "| {} | {} | {} | {} |\n",
            r.what, r.budget, r.measured, verdict
        );
    }
    out
}
