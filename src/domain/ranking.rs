//! The monthly reverse ranking (逆排名): each department's and township's parts, the
//! configurable weights, and the worst-first order. Pure: the store counts the parts.

use serde::Deserialize;

/// `[ranking]` in the config file: what each part of the reverse ranking weighs.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RankingWeights {
    pub department_late: f64,
    pub department_overdue: f64,
    pub department_dissatisfied: f64,
    pub township_per_10k: f64,
    pub township_repeat: f64,
    pub township_escalations: f64,
    pub township_overdue: f64,
}

impl Default for RankingWeights {
    fn default() -> Self {
        Self {
            department_late: 1.0,
            department_overdue: 2.0,
            department_dissatisfied: 3.0,
            township_per_10k: 1.0,
            township_repeat: 1.0,
            township_escalations: 2.0,
            township_overdue: 2.0,
        }
    }
}

/// A department's parts of the reverse ranking, for a month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DepartmentParts {
    pub name: String,
    /// Summonses whistled in the month answered late (re-whistled or cancelled late included).
    pub late_summonses: i64,
    /// Cases it leads whose reply clock ran out in the month unmet.
    pub overdue_cases: i64,
    /// Follow-ups in the month of 不满意 on cases it leads.
    pub dissatisfied: i64,
}

impl DepartmentParts {
    pub fn score(&self, w: &RankingWeights) -> f64 {
        w.department_late * self.late_summonses as f64
            + w.department_overdue * self.overdue_cases as f64
            + w.department_dissatisfied * self.dissatisfied as f64
    }
}

/// A township's parts of the reverse ranking, for a month.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TownshipParts {
    pub name: String,
    /// Residents, from the administrator's table; `None` if not loaded.
    pub population: Option<i64>,
    pub cases: i64,
    pub repeats: i64,
    pub escalations: i64,
    pub overdue_cases: i64,
}

impl TownshipParts {
    /// Cases per 10,000 residents (`None` without a population).
    pub fn per_10k(&self) -> Option<f64> {
        self.population
            .filter(|p| *p > 0)
            .map(|p| self.cases as f64 * 10_000.0 / p as f64)
    }

    pub fn score(&self, w: &RankingWeights) -> f64 {
        w.township_per_10k * self.per_10k().unwrap_or(0.0)
            + w.township_repeat * self.repeats as f64
            + w.township_escalations * self.escalations as f64
            + w.township_overdue * self.overdue_cases as f64
    }
}

/// A ranked row: its place (1 = worst), its score and its parts.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked<T> {
    pub place: usize,
    pub score: f64,
    pub parts: T,
}

/// Worst (highest score) first; equal scores share a place and read by name.
fn rank<T>(rows: Vec<T>, score: impl Fn(&T) -> f64, name: impl Fn(&T) -> &str) -> Vec<Ranked<T>> {
    let mut scored: Vec<(f64, T)> = rows.into_iter().map(|r| (score(&r), r)).collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| name(&a.1).cmp(name(&b.1))));
    let mut out: Vec<Ranked<T>> = Vec::with_capacity(scored.len());
    for (i, (score, parts)) in scored.into_iter().enumerate() {
        let place = match out.last() {
            Some(prev) if (prev.score - score).abs() < 1e-9 => prev.place,
            _ => i + 1,
        };
        out.push(Ranked {
            place,
            score,
            parts,
        });
    }
    out
}

pub fn rank_departments(
    rows: Vec<DepartmentParts>,
    w: &RankingWeights,
) -> Vec<Ranked<DepartmentParts>> {
    rank(rows, |r| r.score(w), |r| &r.name)
}

pub fn rank_townships(rows: Vec<TownshipParts>, w: &RankingWeights) -> Vec<Ranked<TownshipParts>> {
    rank(rows, |r| r.score(w), |r| &r.name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_worst_comes_first_and_ties_share_a_place() {
        let w = RankingWeights::default();
        let d = |name: &str, late, overdue, dis| DepartmentParts {
            name: name.into(),
            late_summonses: late,
            overdue_cases: overdue,
            dissatisfied: dis,
        };
        let ranked = rank_departments(
            vec![
                d("甲", 1, 0, 0),
                d("乙", 0, 0, 1),
                d("丙", 3, 0, 0),
                d("丁", 0, 0, 0),
            ],
            &w,
        );
        let order: Vec<(&str, usize)> = ranked
            .iter()
            .map(|r| (r.parts.name.as_str(), r.place))
            .collect();
        assert_eq!(order, [("丙", 1), ("乙", 1), ("甲", 3), ("丁", 4)]);
        let t = TownshipParts {
            name: "柳林乡".into(),
            population: Some(20_000),
            cases: 30,
            ..Default::default()
        };
        assert_eq!(t.per_10k(), Some(15.0));
    }
}
