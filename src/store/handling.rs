//! Following a case through: the ledger of a joint case, the explanation that stops the
//! reply clock, finding a case from whatever the resident brings, and repeat visits.

use super::cases::{current, ensure_one};
use super::rows::{CaseRow, case_columns, convert};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::{CaseState, JudicialConfirmation, Outcome};
use crate::domain::{Case, phone, resident_id};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// One line of a joint case's ledger (台账).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LedgerEntry {
    pub id: Uuid,
    pub case_id: Uuid,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub progress: String,
    pub next_step: String,
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    id: Uuid,
    case_id: Uuid,
    at: DateTime<Utc>,
    actor: String,
    progress: String,
    next_step: String,
}

/// Who a new case is about, to look for their earlier cases.
#[derive(Debug, Clone, Default)]
pub struct PersonKey<'a> {
    pub resident_id: Option<&'a str>,
    pub name: &'a str,
    pub phone: Option<&'a str>,
}

impl Store {
    /// Adds a progress line to a case's ledger; the ledger, like the journal, is append-only.
    pub async fn add_ledger_entry(
        &self,
        case_id: Uuid,
        progress: &str,
        next_step: &str,
        stamp: &Stamp,
    ) -> Result<LedgerEntry> {
        let id = Uuid::now_v7();
        write_tx!(self, stamp, tx => {
            let centre_id: Uuid = sqlx::query_scalar("SELECT centre_id FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound { entity: "case", id: case_id })?;
            sqlx::query("INSERT INTO ledger_entries (id, case_id, at, actor, progress, next_step) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id)
                .bind(case_id)
                .bind(stamp.at)
                .bind(&stamp.actor)
                .bind(progress)
                .bind(next_step)
                .execute(&mut *tx)
                .await?;
            let detail = format!("ledger: {progress}; next: {next_step}");
            ((), Some(Entry::case(centre_id, case_id, "ledger", detail)))
        })?;
        Ok(LedgerEntry {
            id,
            case_id,
            at: stamp.at,
            actor: stamp.actor.clone(),
            progress: progress.into(),
            next_step: next_step.into(),
        })
    }

    pub async fn ledger(&self, case_id: Uuid) -> Result<Vec<LedgerEntry>> {
        let rows: Vec<LedgerRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, case_id, at, actor, progress, next_step FROM ledger_entries WHERE case_id = $1 ORDER BY at, id")
                .bind(case_id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| LedgerEntry {
                id: r.id,
                case_id: r.case_id,
                at: r.at,
                actor: r.actor,
                progress: r.progress,
                next_step: r.next_step,
            })
            .collect())
    }

    /// Records the explanation given to the resident (说明) for a case that cannot be settled
    /// within the reply limit; it stops the reply clock. The first explanation's time counts.
    pub async fn record_explanation(
        &self,
        case_id: Uuid,
        expected_version: i32,
        text: &str,
        stamp: &Stamp,
    ) -> Result<Case> {
        write_tx!(self, stamp, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            if state.is_settled() {
                return Err(StoreError::Illegal(crate::domain::case::IllegalTransition {
                    from: state,
                    event: crate::domain::CaseEvent::Explain,
                }));
            }
            let done = sqlx::query(
                "UPDATE cases SET explained_at = COALESCE(explained_at, $1), explanation = $2, updated_at = $1, \
                 version = version + 1 WHERE id = $3 AND version = $4",
            )
            .bind(stamp.at)
            .bind(text)
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            let detail = format!("explanation to the resident: {text}");
            ((), Some(Entry::case(centre_id, case_id, "explain_to_resident", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// Records how a case ended, with the court link, in one write: mediated with its
    /// agreement (and judicial confirmation asked for), or failed / unsuitable and referred
    /// to litigation on a track. The state machine decides whether the case may end so.
    pub async fn record_outcome(
        &self,
        case_id: Uuid,
        expected_version: i32,
        outcome: &Outcome,
        note: &str,
        stamp: &Stamp,
    ) -> Result<Case> {
        write_tx!(self, stamp, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(outcome.event())?;
            let (agreement, confirmation, track) = match outcome {
                Outcome::Mediated { agreement_no, confirmation_requested } => (
                    Some(agreement_no.as_str()),
                    confirmation_requested.then_some(JudicialConfirmation::Requested.as_str()),
                    None,
                ),
                Outcome::Failed { track } | Outcome::Referred { track } => (None, None, Some(track.as_str())),
            };
            let done = sqlx::query(
                "UPDATE cases SET state = $1, agreement_no = $2, judicial_confirmation = $3, litigation_track = $4, \
                 outcome_note = $5, updated_at = $6, version = version + 1 WHERE id = $7 AND version = $8",
            )
            .bind(next.as_str())
            .bind(agreement)
            .bind(confirmation)
            .bind(track)
            .bind(note)
            .bind(stamp.at)
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            let detail = match outcome {
                Outcome::Mediated { agreement_no, confirmation_requested } => format!(
                    "{state} → {next}: agreement {agreement_no}{}; {note}",
                    if *confirmation_requested { ", judicial confirmation requested" } else { "" }
                ),
                Outcome::Failed { track } | Outcome::Referred { track } => format!("{state} → {next}: to court ({track}); {note}"),
            };
            ((), Some(Entry::case(centre_id, case_id, outcome.event().as_str(), detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// The court's answer to a request for judicial confirmation.
    pub async fn record_confirmation(
        &self,
        case_id: Uuid,
        expected_version: i32,
        granted: bool,
        stamp: &Stamp,
    ) -> Result<Case> {
        write_tx!(self, stamp, tx => {
            let (centre_id, _state): (Uuid, CaseState) = current!(tx, case_id, expected_version);
            let answer = if granted { JudicialConfirmation::Granted } else { JudicialConfirmation::Refused };
            let done = sqlx::query(
                "UPDATE cases SET judicial_confirmation = $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND version = $4 AND judicial_confirmation = 'requested'",
            )
            .bind(answer.as_str())
            .bind(stamp.at)
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            // The version matched (checked above), so no row means nothing was requested.
            if done.rows_affected() != 1 {
                return Err(StoreError::NoConfirmationRequested { case_id });
            }
            let detail = format!("judicial confirmation {answer}");
            ((), Some(Entry::case(centre_id, case_id, "judicial_confirmation", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// Cases of a centre not yet settled (their clocks still run), soonest reply first.
    pub async fn open_cases(&self, centre_id: Uuid, limit: i64) -> Result<Vec<Case>> {
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(),
                " FROM cases WHERE centre_id = $1 AND state IN ('registered', 'triaged', 'in_session') \
                 ORDER BY reply_due, received_at LIMIT $2"
            ))
            .bind(centre_id)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Earlier cases of the same person: by resident ID, or by name and phone together.
    /// Typed input is normalised first (full-width digits, spaces, lower-case x).
    pub async fn earlier_cases_of(
        &self,
        person: &PersonKey<'_>,
        before: Option<Uuid>,
    ) -> Result<Vec<Case>> {
        let id = person
            .resident_id
            .map(resident_id::normalize)
            .filter(|s| !s.is_empty());
        let tel = person.phone.map(phone::normalize).filter(|s| !s.is_empty());
        let name = person.name.trim();
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(), " FROM cases WHERE id IN (SELECT case_id FROM parties WHERE \
                 (resident_id = $1) OR (name = $2 AND phone = $3 AND $2 <> '')) AND ($4 IS NULL OR id <> $4) \
                 ORDER BY received_at"
            ))
            .bind(&id)
            .bind(name)
            .bind(&tel)
            .bind(before)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Links a case to an earlier one of the same person as a repeat visit (重复访).
    pub async fn link_repeat(
        &self,
        case_id: Uuid,
        expected_version: i32,
        earlier: Uuid,
        stamp: &Stamp,
    ) -> Result<Case> {
        write_tx!(self, stamp, tx => {
            let (centre_id, _state): (Uuid, CaseState) = current!(tx, case_id, expected_version);
            let earlier_no: String = sqlx::query_scalar("SELECT case_no FROM cases WHERE id = $1")
                .bind(earlier)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound { entity: "case", id: earlier })?;
            let done = sqlx::query("UPDATE cases SET repeat_of = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(earlier)
                .bind(stamp.at)
                .bind(case_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            let detail = format!("linked as a repeat of {earlier_no}");
            ((), Some(Entry::case(centre_id, case_id, "link_repeat", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// Finds cases at a centre from what a resident brings: the tracking code (as text or
    /// scanned), today's ticket, the case number, a resident ID, a phone number or a name.
    pub async fn find_cases(
        &self,
        centre_id: Uuid,
        query: &str,
        today: NaiveDate,
    ) -> Result<Vec<Case>> {
        let q = query.trim();
        if q.is_empty() {
            return Ok(Vec::new());
        }
        let upper = q.to_uppercase();
        let token = upper.strip_prefix("YIDI:").unwrap_or(&upper);
        if let Ok(token) = Uuid::parse_str(token) {
            return Ok(self
                .case_by_token(token)
                .await?
                .into_iter()
                .filter(|c| c.centre_id == centre_id)
                .collect());
        }
        if let Some(seq) = upper.strip_prefix('A').and_then(|n| n.parse::<i32>().ok()) {
            let rows: Vec<CaseRow> = read!(self, pool => {
                sqlx::query_as(concat!(
                    "SELECT ", case_columns!(), " FROM cases WHERE id IN \
                     (SELECT case_id FROM tickets WHERE centre_id = $1 AND day = $2 AND seq = $3)"
                ))
                .bind(centre_id)
                .bind(today)
                .bind(seq)
                .fetch_all(pool)
                .await?
            });
            return convert(rows);
        }
        let id = resident_id::normalize(q);
        let tel = phone::normalize(q);
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(), " FROM cases WHERE centre_id = $1 AND (case_no = $2 OR id IN \
                 (SELECT case_id FROM parties WHERE resident_id = $3 OR phone = $4 OR name = $5)) \
                 ORDER BY received_at DESC LIMIT 50"
            ))
            .bind(centre_id)
            .bind(&upper)
            .bind(&id)
            .bind(&tel)
            .bind(q)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }
}
