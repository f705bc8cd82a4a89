//! Following a case through: the ledger of a joint case, the explanation that stops the
//! reply clock, finding a case from whatever the resident brings, and repeat visits.

use super::cases::{current, ensure_one};
use super::rows::{CaseRow, case_columns, convert};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::{CaseState, JudicialConfirmation, Outcome};
use crate::domain::court::CourtReturn;
use crate::domain::party::PartyRole;
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

/// What a tied loose end (a session ended, a summons cancelled) says about the outcome.
fn outcome_reason(outcome: &Outcome, note: &str) -> String {
    let what = match outcome {
        Outcome::Mediated { agreement_no, .. } => format!("mediated, agreement {agreement_no}"),
        Outcome::Failed { track } => format!("mediation failed, to court ({track})"),
        Outcome::Referred { track } => format!("not suitable, to court ({track})"),
    };
    if note.trim().is_empty() {
        what
    } else {
        format!("{what}; {}", note.trim())
    }
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
        stamp.require(crate::domain::Permission::Triage)?;
        let id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
            let centre_id: Uuid = sqlx::query_scalar("SELECT centre_id FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound { entity: "case", id: case_id })?;
            sqlx::query("INSERT INTO ledger_entries (id, case_id, at, actor, progress, next_step) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(id)
                .bind(case_id)
                .bind(stamp.at())
                .bind(stamp.actor())
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
            at: stamp.at(),
            actor: stamp.actor().to_string(),
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
        stamp.require(crate::domain::Permission::Triage)?;
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
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
            .bind(stamp.at())
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
        stamp.require(crate::domain::Permission::Close)?;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(outcome.event())?;
            // One close: nothing keeps counting for a case whose outcome is recorded.
            let reason = outcome_reason(outcome, note);
            super::closing::tie_loose_ends!(tx, stamp, centre_id, case_id, reason.as_str());
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
            .bind(stamp.at())
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
        stamp.require(crate::domain::Permission::Close)?;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, _state): (Uuid, CaseState) = current!(tx, case_id, expected_version);
            let answer = if granted { JudicialConfirmation::Granted } else { JudicialConfirmation::Refused };
            let done = sqlx::query(
                "UPDATE cases SET judicial_confirmation = $1, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND version = $4 AND judicial_confirmation = 'requested'",
            )
            .bind(answer.as_str())
            .bind(stamp.at())
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

    /// The cooperating units (协办单位) of a case, in the order they were added.
    pub async fn cooperating_departments(&self, case_id: Uuid) -> Result<Vec<Uuid>> {
        Ok(read!(self, pool => {
            sqlx::query_scalar(
                "SELECT department_id FROM case_departments WHERE case_id = $1 AND removed_at IS NULL \
                 ORDER BY added_at, department_id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        }))
    }

    /// Court-referred cases of a centre with an outcome recorded since `since` (all when
    /// `None`), for returning the outcome to the court; oldest decision first.
    pub async fn court_returns(
        &self,
        centre_id: Uuid,
        since: Option<DateTime<Utc>>,
    ) -> Result<Vec<CourtReturn>> {
        // The first settling step of each case is when its outcome was decided.
        let steps: Vec<(Uuid, DateTime<Utc>)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT j.case_id, j.at FROM journal j JOIN cases c ON c.id = j.case_id \
                 WHERE c.centre_id = $1 AND c.channel = 'court_referral' AND c.court_case_no IS NOT NULL \
                 AND j.action IN ('resolve', 'fail', 'refer', 'explain', 'withdraw') ORDER BY j.id",
            )
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        let mut rows: Vec<(Uuid, DateTime<Utc>)> = Vec::new();
        for (id, at) in steps {
            if !rows.iter().any(|(seen, _)| *seen == id) {
                rows.push((id, at));
            }
        }
        let mut out = Vec::new();
        for (id, decided_at) in rows {
            if since.is_some_and(|s| decided_at < s) {
                continue;
            }
            let c = self.existing_case(id).await?;
            if !c.state.is_settled() {
                // Sent back to be handled again (a follow-up found a problem): not an outcome yet.
                continue;
            }
            let parties = self.parties(id).await?;
            let names = |role: PartyRole| {
                parties
                    .iter()
                    .filter(|p| p.role == role)
                    .map(|p| (p.name.clone(), p.is_organisation))
                    .collect()
            };
            out.push(CourtReturn {
                court_case_no: c.court_case_no.clone().unwrap_or_default(),
                case_no: c.case_no.clone(),
                state: c.state,
                agreement_no: c.court.agreement_no.clone(),
                judicial_confirmation: c.court.judicial_confirmation,
                litigation_track: c.court.litigation_track,
                outcome_note: c.outcome_note.clone(),
                decided_at,
                applicants: names(PartyRole::Applicant),
                respondents: names(PartyRole::Respondent),
            });
        }
        out.sort_by(|a, b| (a.decided_at, &a.case_no).cmp(&(b.decided_at, &b.case_no)));
        Ok(out)
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
        // The code as typed, or the tracking page's URL as a scanner types it.
        let token = upper
            .strip_prefix("YIDI:")
            .or_else(|| upper.rsplit_once("/T/").map(|(_, t)| t))
            .unwrap_or(&upper);
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
        // The day's short number the rooms tab shows (`0007`, or `7`): today's case with it.
        if q.len() <= 4 && q.chars().all(|c| c.is_ascii_digit()) {
            let seq: u32 = q.parse().unwrap_or(0);
            let pattern = format!("%{}%-{seq:04}", today.format("%Y%m%d"));
            let rows: Vec<CaseRow> = read!(self, pool => {
                sqlx::query_as(concat!(
                    "SELECT ", case_columns!(), " FROM cases WHERE centre_id = $1 AND case_no LIKE $2"
                ))
                .bind(centre_id)
                .bind(&pattern)
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
