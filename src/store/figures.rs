//! The figures of a period (统计) for one centre, by category, by township and by day: SQL
//! aggregates over the period's rows (never a query per case). Medians and the 90th
//! percentile are taken in Rust over one bounded column fetch — the period's arrivals and
//! called tickets, a few thousand rows a month at a county centre — because SQLite has no
//! percentile function.

use super::{Result, Store, read};
use crate::domain::figures::{BreakdownRow, Counts, Period, median, p90};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

/// When a case's reply clock stopped: the earlier of its settlement and its explanation.
pub(crate) const REPLIED: &str = "CASE WHEN settled_at IS NULL THEN explained_at \
     WHEN explained_at IS NULL THEN settled_at \
     WHEN settled_at < explained_at THEN settled_at ELSE explained_at END";

/// A summons answered late: arrived after its due time, or closed (cancelled, re-whistled)
/// after it, or still open past it at `$now`.
macro_rules! late_summons {
    ($now:literal) => {
        concat!(
            "(arrived_at > due_at OR (arrived_at IS NULL AND cancelled_at > due_at) \
             OR (arrived_at IS NULL AND cancelled_at IS NULL AND due_at < ",
            $now,
            "))"
        )
    };
}
pub(crate) use late_summons;

/// The aggregates of cases received in the period, shared by the totals and the breakdowns.
macro_rules! cohort_columns {
    () => {
        "COUNT(*), COALESCE(SUM(group_batches), 0), COALESCE(SUM(group_persons), 0), \
         COALESCE(SUM(CASE WHEN handling = 'immediate' AND settled_as = 'resolved' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN settled_as = 'resolved' THEN 1 ELSE 0 END), 0), \
         COALESCE(SUM(CASE WHEN litigation_track = 'fast_track' THEN 1 ELSE 0 END), 0)"
    };
}

/// A period's figures as the store counts them, with the breakdowns and the daily series.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PeriodFigures {
    pub period: Option<Period>,
    pub counts: Counts,
    /// Most cases first.
    pub by_category: Vec<BreakdownRow>,
    pub by_township: Vec<BreakdownRow>,
    /// Cases received on each day of the period, every day present (zero included).
    pub daily: Vec<(NaiveDate, i64)>,
}

/// One (category, township) group: its keys, then the cohort columns, mediation,
/// confirmation, priority filing, breaches and repeats.
type GroupRow = (
    Option<String>,
    Option<String>,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
    i64,
);

fn split_group(g: GroupRow) -> (Option<String>, Option<String>, [i64; 14]) {
    (
        g.0,
        g.1,
        [
            g.2, g.3, g.4, g.5, g.6, g.7, g.8, g.9, g.10, g.11, g.12, g.13, g.14, g.15,
        ],
    )
}
/// A breakdown row as grouped: the key, then the cohort columns.
type Grouped = Vec<(Option<String>, i64, i64, i64, i64, i64, i64)>;

fn breakdown(rows: Grouped) -> Vec<BreakdownRow> {
    let mut out: Vec<BreakdownRow> = rows
        .into_iter()
        .map(
            |(key, cases, batches, persons, on_site, resolved, fast)| BreakdownRow {
                key,
                cases,
                batches,
                persons,
                solved_on_site: on_site,
                resolved,
                fast_track: fast,
            },
        )
        .collect();
    out.sort_by(|a, b| b.cases.cmp(&a.cases).then_with(|| a.key.cmp(&b.key)));
    out
}

fn minutes(pairs: Vec<(DateTime<Utc>, DateTime<Utc>)>) -> Vec<i64> {
    pairs
        .into_iter()
        .map(|(from, to)| (to - from).num_seconds().max(0) / 60)
        .collect()
}

impl Store {
    /// Every figure of `period` for the centre, as of `now` (open clocks and open summonses
    /// are judged against it).
    pub async fn period_figures(
        &self,
        centre_id: Uuid,
        period: Period,
        now: DateTime<Utc>,
    ) -> Result<PeriodFigures> {
        let (start, end) = period.bounds();
        let (from, to) = (period.from, period.to);
        // One pass over the period's cases, grouped by category and township: the totals and
        // both breakdowns are summed from these few groups in Rust.
        let groups: Vec<GroupRow> = read!(self, pool => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT category, township, {}, \
                   COALESCE(SUM(CASE WHEN settled_as IN ('resolved', 'failed') THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN judicial_confirmation IS NOT NULL THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN judicial_confirmation = 'granted' THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN litigation_track = 'priority_filing' THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN accept_due <= COALESCE(accepted_at, $4) THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN handling = 'joint' AND convene_due <= COALESCE(convened_at, $4) THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN reply_due <= COALESCE({REPLIED}, $4) THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN repeat_of IS NOT NULL THEN 1 ELSE 0 END), 0) \
                 FROM cases WHERE centre_id = $1 AND received_day BETWEEN $2 AND $3 \
                 GROUP BY category, township",
                cohort_columns!()
            )))
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        let (on_time, late): (i64, i64) = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT COALESCE(SUM(CASE WHEN arrived_at <= due_at THEN 1 ELSE 0 END), 0), \
                   COALESCE(SUM(CASE WHEN ", late_summons!("$4"), " THEN 1 ELSE 0 END), 0) \
                 FROM summons WHERE centre_id = $1 AND whistled_at >= $2 AND whistled_at < $3"
            ))
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .bind(now)
            .fetch_one(pool)
            .await?
        });
        let arrivals: Vec<(DateTime<Utc>, DateTime<Utc>)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT whistled_at, arrived_at FROM summons WHERE centre_id = $1 \
                 AND whistled_at >= $2 AND whistled_at < $3 AND arrived_at IS NOT NULL",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?
        });
        let waits: Vec<(DateTime<Utc>, DateTime<Utc>)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT issued_at, called_at FROM tickets WHERE centre_id = $1 \
                 AND day BETWEEN $2 AND $3 AND called_at IS NOT NULL",
            )
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let (closed, covered): (i64, i64) = read!(self, pool => {
            sqlx::query_as(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM follow_ups f WHERE f.case_id = c.id) \
                   THEN 1 ELSE 0 END), 0) \
                 FROM cases c WHERE c.centre_id = $1 AND c.closed_at >= $2 AND c.closed_at < $3",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .fetch_one(pool)
            .await?
        });
        // CROSS JOIN keeps the follow-ups outermost on SQLite (its planner would otherwise walk
        // every case of the centre); PostgreSQL plans it freely. The same in the ranking.
        let (follow_ups, satisfied): (i64, i64) = read!(self, pool => {
            sqlx::query_as(
                "SELECT COUNT(*), COALESCE(SUM(CASE WHEN f.satisfaction >= 4 THEN 1 ELSE 0 END), 0) \
                 FROM follow_ups f CROSS JOIN cases c \
                 WHERE c.id = f.case_id AND c.centre_id = $1 AND f.at >= $2 AND f.at < $3",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .fetch_one(pool)
            .await?
        });
        let days: Vec<(NaiveDate, i64)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT received_day, COUNT(*) FROM cases WHERE centre_id = $1 AND received_day BETWEEN $2 AND $3 \
                 GROUP BY received_day",
            )
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });

        let mut cohort = [0i64; 14];
        let mut by_category: BTreeMap<Option<String>, [i64; 6]> = BTreeMap::new();
        let mut by_township: BTreeMap<Option<String>, [i64; 6]> = BTreeMap::new();
        for (category, township, c) in groups.into_iter().map(split_group) {
            for (sum, n) in cohort.iter_mut().zip(c) {
                *sum += n;
            }
            for map_key in [(&mut by_category, category), (&mut by_township, township)] {
                let (map, key) = map_key;
                let sums = map.entry(key).or_default();
                for (sum, n) in sums.iter_mut().zip(&c[..6]) {
                    *sum += n;
                }
            }
        }
        let grouped = |map: BTreeMap<Option<String>, [i64; 6]>| -> Grouped {
            map.into_iter()
                .map(|(k, c)| (k, c[0], c[1], c[2], c[3], c[4], c[5]))
                .collect()
        };
        let (by_category, by_township) = (grouped(by_category), grouped(by_township));
        let (cases, batches, persons, solved_on_site, resolved, fast_track) = (
            cohort[0], cohort[1], cohort[2], cohort[3], cohort[4], cohort[5],
        );
        let mut arrival = minutes(arrivals);
        let mut wait = minutes(waits);
        let mean_wait =
            (!wait.is_empty()).then(|| wait.iter().sum::<i64>() as f64 / wait.len() as f64);
        let counts = Counts {
            cases,
            batches,
            persons,
            solved_on_site,
            resolved,
            fast_track,
            mediation_concluded: cohort[6],
            confirmation_asked: cohort[7],
            confirmation_granted: cohort[8],
            priority_filing: cohort[9],
            breach_accept: cohort[10],
            breach_convene: cohort[11],
            breach_reply: cohort[12],
            repeats: cohort[13],
            summons_on_time: on_time,
            summons_late: late,
            median_arrival_min: median(&mut arrival),
            mean_wait_min: mean_wait,
            p90_wait_min: p90(&mut wait),
            closed,
            closed_followed_up: covered,
            follow_ups,
            satisfied,
        };
        let days: std::collections::HashMap<NaiveDate, i64> = days.into_iter().collect();
        let daily = period
            .from
            .iter_days()
            .take_while(|d| *d <= period.to)
            .map(|d| (d, days.get(&d).copied().unwrap_or(0)))
            .collect();
        Ok(PeriodFigures {
            period: Some(period),
            counts,
            by_category: breakdown(by_category),
            by_township: breakdown(by_township),
            daily,
        })
    }
}
