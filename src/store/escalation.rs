//! Escalation of a case village → township → county: its level changes (and its centre, when
//! the case moves up to a parent centre), the step is kept in its own append-only history and
//! the journal, and the 127 clocks keep running as they were.

use super::cases::{current, ensure_one};
use super::rows::{CentreRow, EscalationRow, convert};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::escalation::{self, EscalationStep};
use crate::domain::{Case, CaseState, Centre, Level};
use chrono::{DateTime, Utc};
use uuid::Uuid;

impl Store {
    /// Escalates a case one level up (the domain decides which steps are allowed). A case with
    /// no level yet is taken to be at its centre's level. `county_due` is when the case must
    /// reach the county if this step takes it out of the village (the caller counts it on its
    /// calendar); later steps keep the first due time.
    pub async fn escalate_case(
        &self,
        case_id: Uuid,
        expected_version: i32,
        to: Level,
        county_due: DateTime<Utc>,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(crate::domain::Permission::Triage)?;
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
            let (centre_id, _state): (Uuid, CaseState) = current!(tx, case_id, expected_version);
            let level: Option<String> = sqlx::query_scalar("SELECT level FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_one(&mut *tx)
                .await?;
            let rows: Vec<CentreRow> = sqlx::query_as("SELECT id, code, name, level, parent_id FROM centres")
                .fetch_all(&mut *tx)
                .await?;
            let centres: Vec<Centre> = convert(rows)?;
            let centre_of = |id: Uuid| centres.iter().find(|c| c.id == id);
            let from = match level.as_deref() {
                Some(l) => Level::parse(l).ok_or_else(|| StoreError::Corrupt(format!("case level {l:?}")))?,
                None => centre_of(centre_id)
                    .map(|c| c.level)
                    .ok_or(StoreError::NotFound { entity: "centre", id: centre_id })?,
            };
            escalation::check(from, to)?;
            let new_centre = escalation::receiving_centre(&centres, centre_id, to);
            let done = sqlx::query(
                "UPDATE cases SET level = $1, centre_id = $2, \
                 county_due = CASE WHEN $3 THEN COALESCE(county_due, $4) ELSE county_due END, \
                 reached_county_at = CASE WHEN $1 = 'county' THEN COALESCE(reached_county_at, $5) ELSE reached_county_at END, \
                 updated_at = $5, version = version + 1 WHERE id = $6 AND version = $7",
            )
            .bind(to.as_str())
            .bind(new_centre)
            .bind(escalation::starts_county_clock(from))
            .bind(county_due)
            .bind(stamp.at())
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            sqlx::query(
                "INSERT INTO case_escalations (id, case_id, at, actor, from_level, to_level, from_centre_id, to_centre_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(Uuid::now_v7())
            .bind(case_id)
            .bind(stamp.at())
            .bind(stamp.actor())
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(centre_id)
            .bind(new_centre)
            .execute(&mut *tx)
            .await?;
            let name = |id: Uuid| centre_of(id).map_or_else(|| id.to_string(), |c| c.name.clone());
            let mut detail = format!("{from} → {to}");
            if new_centre != centre_id {
                detail += &format!("; {} → {}", name(centre_id), name(new_centre));
            }
            // Journalled at the receiving centre, whose consoles now carry the case.
            let entry = Entry { acting: Some(centre_id), ..Entry::case(new_centre, case_id, "escalate", detail) };
            ((), Some(entry))
        })?;
        self.existing_case(case_id).await
    }

    /// The steps a case went up, oldest first.
    pub async fn escalations(&self, case_id: Uuid) -> Result<Vec<EscalationStep>> {
        let rows: Vec<EscalationRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT at, actor, from_level, to_level, from_centre_id, to_centre_id FROM case_escalations \
                 WHERE case_id = $1 ORDER BY at, id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }
}
