//! The monthly reverse ranking (逆排名) of a centre's departments and townships — a handful
//! of grouped counts, never a query per row — and the township population table the
//! administrator loads for it.

use super::figures::{REPLIED, late_summons};
use super::{Entry, Result, Stamp, Store, read, write_tx};
use crate::domain::Permission;
use crate::domain::figures::{
    DepartmentParts, Period, Ranked, RankingWeights, TownshipParts, rank_departments,
    rank_townships,
};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;
use uuid::Uuid;

/// A month's ranking, worst first, with the weights it was scored by.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Ranking {
    pub period: Option<Period>,
    pub weights: RankingWeights,
    pub departments: Vec<Ranked<DepartmentParts>>,
    pub townships: Vec<Ranked<TownshipParts>>,
}

/// Cases whose reply clock fell due in `[$2, $3)` and was not met by then (met late, or
/// still open at `$4`).
fn overdue_by(column: &str) -> sqlx::AssertSqlSafe<String> {
    sqlx::AssertSqlSafe(format!(
        "SELECT {column}, COUNT(*) FROM cases WHERE centre_id = $1 AND reply_due >= $2 AND reply_due < $3 \
         AND reply_due <= COALESCE({REPLIED}, $4) GROUP BY {column}"
    ))
}

impl Store {
    /// The reverse ranking of `period` (a month) for the centre, as of `now`.
    pub async fn ranking(
        &self,
        centre_id: Uuid,
        period: Period,
        weights: RankingWeights,
        now: DateTime<Utc>,
    ) -> Result<Ranking> {
        let (start, end) = period.bounds();
        let departments: Vec<(Uuid, String)> = read!(self, pool => {
            sqlx::query_as("SELECT id, name FROM departments WHERE centre_id = $1 AND active")
                .bind(centre_id)
                .fetch_all(pool)
                .await?
        });
        let late: Vec<(Uuid, i64)> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT department_id, COUNT(*) FROM summons WHERE centre_id = $1 \
                 AND whistled_at >= $2 AND whistled_at < $3 AND ", late_summons!("$4"),
                " GROUP BY department_id"
            ))
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .bind(now)
            .fetch_all(pool)
            .await?
        });
        // One pass for both rankings: overdue cases by lead department and township.
        let overdue_both: Vec<(Option<Uuid>, Option<String>, i64)> = read!(self, pool => {
            sqlx::query_as(overdue_by("lead_department_id, township"))
                .bind(centre_id).bind(start).bind(end).bind(now)
                .fetch_all(pool).await?
        });
        let mut overdue: Vec<(Option<Uuid>, i64)> = Vec::new();
        let mut overdue_t: Vec<(Option<String>, i64)> = Vec::new();
        for (dept, town, n) in overdue_both {
            match overdue.iter_mut().find(|(d, _)| *d == dept) {
                Some((_, sum)) => *sum += n,
                None => overdue.push((dept, n)),
            }
            match overdue_t.iter_mut().find(|(t, _)| *t == town) {
                Some((_, sum)) => *sum += n,
                None => overdue_t.push((town, n)),
            }
        }
        let dissatisfied: Vec<(Option<Uuid>, i64)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT c.lead_department_id, COUNT(*) FROM follow_ups f CROSS JOIN cases c \
                 WHERE c.id = f.case_id AND c.centre_id = $1 AND f.at >= $2 AND f.at < $3 AND f.satisfaction <= 2 \
                 GROUP BY c.lead_department_id",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?
        });
        let count_of = |rows: &[(Option<Uuid>, i64)], id: Uuid| {
            rows.iter()
                .find(|(d, _)| *d == Some(id))
                .map_or(0, |(_, n)| *n)
        };
        let dept_rows = departments
            .into_iter()
            .map(|(id, name)| DepartmentParts {
                name,
                late_summonses: late.iter().find(|(d, _)| *d == id).map_or(0, |(_, n)| *n),
                overdue_cases: count_of(&overdue, id),
                dissatisfied: count_of(&dissatisfied, id),
            })
            .collect();

        let population: Vec<(String, i64)> = read!(self, pool => {
            sqlx::query_as("SELECT name, population FROM townships")
                .fetch_all(pool)
                .await?
        });
        let received: Vec<(Option<String>, i64, i64)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT township, COUNT(*), COALESCE(SUM(CASE WHEN repeat_of IS NOT NULL THEN 1 ELSE 0 END), 0) \
                 FROM cases WHERE centre_id = $1 AND received_day BETWEEN $2 AND $3 GROUP BY township",
            )
            .bind(centre_id)
            .bind(period.from)
            .bind(period.to)
            .fetch_all(pool)
            .await?
        });
        let escalations: Vec<(Option<String>, i64)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT c.township, COUNT(*) FROM case_escalations e CROSS JOIN cases c \
                 WHERE c.id = e.case_id AND (e.from_centre_id = $1 OR e.to_centre_id = $1) AND e.at >= $2 AND e.at < $3 \
                 GROUP BY c.township",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .fetch_all(pool)
            .await?
        });
        let mut towns: BTreeMap<String, TownshipParts> = BTreeMap::new();
        fn town<'a>(
            towns: &'a mut BTreeMap<String, TownshipParts>,
            name: &str,
        ) -> &'a mut TownshipParts {
            towns
                .entry(name.to_string())
                .or_insert_with(|| TownshipParts {
                    name: name.to_string(),
                    ..Default::default()
                })
        }
        for (name, n) in population {
            town(&mut towns, &name).population = Some(n);
        }
        for (name, cases, repeats) in received {
            if let Some(name) = name {
                let t = town(&mut towns, &name);
                t.cases = cases;
                t.repeats = repeats;
            }
        }
        for (name, n) in escalations {
            if let Some(name) = name {
                town(&mut towns, &name).escalations = n;
            }
        }
        for (name, n) in overdue_t {
            if let Some(name) = name {
                town(&mut towns, &name).overdue_cases = n;
            }
        }
        Ok(Ranking {
            period: Some(period),
            weights,
            departments: rank_departments(dept_rows, &weights),
            townships: rank_townships(towns.into_values().collect(), &weights),
        })
    }

    /// Sets the residents of townships (a new figure replaces the old; the journal keeps
    /// both), all in one transaction. Administrators only.
    pub async fn set_population<S: AsRef<str> + Sync>(
        &self,
        centre_id: Uuid,
        rows: &[(S, i64)],
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(Permission::ManageUsers)?;
        write_tx!(self, stamp, crate::domain::Permission::ManageUsers, tx => {
            for (name, population) in rows {
                sqlx::query(
                    "INSERT INTO townships (name, population, updated_at, updated_by) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (name) DO UPDATE SET population = excluded.population, \
                     updated_at = excluded.updated_at, updated_by = excluded.updated_by",
                )
                .bind(name.as_ref())
                .bind(population)
                .bind(stamp.at())
                .bind(stamp.actor())
                .execute(&mut *tx)
                .await?;
            }
            let detail = rows
                .iter()
                .map(|(n, p)| format!("{} {p}", n.as_ref()))
                .collect::<Vec<_>>()
                .join(", ");
            ((), Some(Entry {
                acting: None,
                centre_id,
                case_id: None,
                action: "population",
                detail: format!("township population: {detail}"),
                entity: "township",
                entity_id: Uuid::now_v7(),
            }))
        })
    }

    /// The population table, by name.
    pub async fn population(&self) -> Result<Vec<(String, i64)>> {
        read!(self, pool => {
            Ok(sqlx::query_as("SELECT name, population FROM townships ORDER BY name")
                .fetch_all(pool)
                .await?)
        })
    }
}
