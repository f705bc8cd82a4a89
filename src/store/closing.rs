//! One close and the follow-up visit (回访): the loose ends tied when a case is settled, 办结
//! with its summary and follow-up due date, re-opening with a reason, unreached tries and the
//! reached follow-up that may send the case back, and the follow-up list.

use super::cases::{current, ensure_one};
use super::{Entry, Result, Stamp, Store, StoreError, read, record_entry, write_tx};
use crate::domain::case::{CaseState, IllegalTransition};
use crate::domain::follow_up::{self, FollowUpStatus, Method, ProblemKind, Satisfaction, Visit};
use crate::domain::{Case, CaseEvent, Field, Permission, Problem, ValidationError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Inside a write that settles a case: ends its room session (the minutes are journalled
/// here, once), releases its unclaimed reservations, cancels its open summonses with
/// `$reason`, and marks its ticket served — each with its own journal entry, all in the
/// same transaction as the settling step.
macro_rules! tie_loose_ends {
    ($tx:ident, $stamp:expr, $centre_id:expr, $case_id:expr, $reason:expr) => {{
        let (stamp, centre_id, case_id, reason): (&$crate::store::Stamp, uuid::Uuid, uuid::Uuid, &str) =
            ($stamp, $centre_id, $case_id, $reason);
        let sessions: Vec<(uuid::Uuid, uuid::Uuid, String, chrono::DateTime<chrono::Utc>)> = sqlx::query_as(
            "SELECT b.id, b.room_id, r.name, b.started_at FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
             WHERE b.case_id = $1 AND b.released_at IS NULL",
        )
        .bind(case_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (booking, room_id, room, started) in sessions {
            sqlx::query("UPDATE room_bookings SET released_at = $1, outcome = $2, version = version + 1 WHERE id = $3")
                .bind(stamp.at())
                .bind(reason)
                .bind(booking)
                .execute(&mut *$tx)
                .await?;
            let minutes = (stamp.at() - started).num_minutes();
            let detail = format!("room {room} released after {minutes} min: {reason}");
            $crate::store::record_entry!($tx, stamp, Some($crate::store::Entry { acting: None, centre_id, case_id: Some(case_id), action: "release_room", detail, entity: "room", entity_id: room_id }));
        }
        let reserved: Vec<(uuid::Uuid, uuid::Uuid)> = sqlx::query_as(
            "SELECT id, room_id FROM reservations WHERE case_id = $1 AND claimed_at IS NULL AND released_at IS NULL",
        )
        .bind(case_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (reservation, room_id) in reserved {
            sqlx::query("UPDATE reservations SET released_at = $1, release_reason = $2, version = version + 1 WHERE id = $3")
                .bind(stamp.at())
                .bind(reason)
                .bind(reservation)
                .execute(&mut *$tx)
                .await?;
            let detail = format!("reservation released: {reason}");
            $crate::store::record_entry!($tx, stamp, Some($crate::store::Entry { acting: None, centre_id, case_id: Some(case_id), action: "release_reservation", detail, entity: "room", entity_id: room_id }));
        }
        let open: Vec<(uuid::Uuid, String)> = sqlx::query_as(
            "SELECT s.id, d.name FROM summons s JOIN departments d ON d.id = s.department_id \
             WHERE s.case_id = $1 AND s.arrived_at IS NULL AND s.cancelled_at IS NULL",
        )
        .bind(case_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (summons, department) in open {
            sqlx::query("UPDATE summons SET cancelled_at = $1, cancel_reason = $2, version = version + 1 WHERE id = $3")
                .bind(stamp.at())
                .bind(format!("case settled: {reason}"))
                .bind(summons)
                .execute(&mut *$tx)
                .await?;
            let detail = format!("summons of {department} cancelled: case settled: {reason}");
            $crate::store::record_entry!($tx, stamp, Some($crate::store::Entry { acting: None, centre_id, case_id: Some(case_id), action: "cancel_summons", detail, entity: "summons", entity_id: summons }));
        }
        let tickets: Vec<(uuid::Uuid, i32, String)> = sqlx::query_as(
            "SELECT id, seq, state FROM tickets WHERE case_id = $1 AND state IN ('waiting', 'called')",
        )
        .bind(case_id)
        .fetch_all(&mut *$tx)
        .await?;
        for (ticket, seq, state) in tickets {
            sqlx::query("UPDATE tickets SET state = 'served', version = version + 1 WHERE id = $1")
                .bind(ticket)
                .execute(&mut *$tx)
                .await?;
            let detail = format!("{} {state} → served (case settled)", crate::domain::ticket::code(seq));
            $crate::store::record_entry!($tx, stamp, Some($crate::store::Entry { acting: None, centre_id, case_id: Some(case_id), action: "serve", detail, entity: "ticket", entity_id: ticket }));
        }
    }};
}
pub(crate) use tie_loose_ends;

/// The case's current closing (not re-opened) inside a write: centre, closing id, tries so
/// far and when it was marked unreachable. A case without one (not closed, or already
/// followed up) cannot take a follow-up.
macro_rules! open_closing {
    ($tx:ident, $case_id:expr, $event:expr) => {{
        let row: Option<(Uuid, Uuid, i32, Option<DateTime<Utc>>, String)> = sqlx::query_as(
            "SELECT c.centre_id, c.id, c.tries, c.unreachable_at, k.state FROM closings c \
             JOIN cases k ON k.id = c.case_id WHERE c.case_id = $1 AND c.reopened_at IS NULL",
        )
        .bind($case_id)
        .fetch_optional(&mut *$tx)
        .await?;
        match row {
            Some((centre, id, tries, unreachable, state))
                if state == CaseState::Closed.as_str() =>
            {
                (centre, id, tries, unreachable)
            }
            other => {
                let from = other
                    .and_then(|r| CaseState::parse(&r.4))
                    .unwrap_or(CaseState::Triaged);
                return Err(StoreError::Illegal(IllegalTransition {
                    from,
                    event: $event,
                }));
            }
        }
    }};
}

/// Inside a write: the case is handled again — `next` state, a new reply clock, the
/// explanation mark cleared (it answered the old clock), optionally a new lead unit — and its
/// current closing is marked re-opened with the reason.
macro_rules! reopen_in_tx {
    ($tx:ident, $stamp:expr, $case_id:expr, $expected:expr, $next:expr, $reply_due:expr, $lead:expr, $reason:expr) => {{
        let done = sqlx::query(
            "UPDATE cases SET state = $1, closed_at = NULL, reply_due = $2, explained_at = NULL, \
             lead_department_id = COALESCE($3, lead_department_id), updated_at = $4, version = version + 1 \
             WHERE id = $5 AND version = $6",
        )
        .bind($next.as_str())
        .bind($reply_due)
        .bind($lead)
        .bind($stamp.at())
        .bind($case_id)
        .bind($expected)
        .execute(&mut *$tx)
        .await?;
        ensure_one!($tx, done, "case", "cases", $case_id, $expected);
        sqlx::query("UPDATE closings SET reopened_at = $1, reopen_reason = $2 WHERE case_id = $3 AND reopened_at IS NULL")
            .bind($stamp.at())
            .bind($reason)
            .bind($case_id)
            .execute(&mut *$tx)
            .await?;
    }};
}

/// Unreached tries so far, and whether the case is now marked unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TryCount {
    pub tries: i32,
    pub unreachable: bool,
}

/// One line of the follow-up list (回访): a closing and where its follow-up stands.
#[derive(Debug, Clone, PartialEq)]
pub struct FollowUpRow {
    pub closing_id: Uuid,
    pub case_id: Uuid,
    pub case_no: String,
    pub category: String,
    pub case_version: i32,
    pub closed_at: DateTime<Utc>,
    pub summary: String,
    pub due: DateTime<Utc>,
    pub tries: i32,
    pub unreachable_at: Option<DateTime<Utc>>,
    pub followed_up_at: Option<DateTime<Utc>>,
    pub reopened_at: Option<DateTime<Utc>>,
    pub satisfaction: Option<Satisfaction>,
    pub method: Option<Method>,
    pub problem: Option<ProblemKind>,
    /// The department a problem found was routed to.
    pub department: Option<String>,
}

impl FollowUpRow {
    pub fn status(&self, now: DateTime<Utc>) -> FollowUpStatus {
        follow_up::status(
            self.due,
            self.followed_up_at.is_some(),
            self.unreachable_at.is_some(),
            self.reopened_at.is_some(),
            now,
        )
    }
}

#[derive(sqlx::FromRow)]
struct FollowUpRowDb {
    closing_id: Uuid,
    case_id: Uuid,
    case_no: String,
    category: String,
    version: i32,
    closed_at: DateTime<Utc>,
    summary: String,
    follow_up_due: DateTime<Utc>,
    tries: i32,
    unreachable_at: Option<DateTime<Utc>>,
    followed_up_at: Option<DateTime<Utc>>,
    reopened_at: Option<DateTime<Utc>>,
    satisfaction: Option<i32>,
    method: Option<String>,
    problem_kind: Option<String>,
    department: Option<String>,
}

fn required(field: Field, text: &str) -> Result<()> {
    if text.trim().is_empty() {
        return Err(ValidationError::new(field, Problem::Empty).into());
    }
    Ok(())
}

impl Store {
    /// 办结: closes a case with its summary; its follow-up falls due at `follow_up_due`. A case
    /// not yet settled (a joint case finished by its departments) has its loose ends tied,
    /// and its reply clock is met by the closing.
    pub async fn close_case(
        &self,
        case_id: Uuid,
        expected_version: i32,
        summary: &str,
        follow_up_due: DateTime<Utc>,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(Permission::Close)?;
        required(Field::Summary, summary)?;
        let summary = summary.trim();
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(CaseEvent::Close)?;
            if !state.is_settled() {
                tie_loose_ends!(tx, stamp, centre_id, case_id, summary);
            }
            let done = sqlx::query(
                "UPDATE cases SET state = $1, closed_at = $2, updated_at = $2, version = version + 1 \
                 WHERE id = $3 AND version = $4",
            )
            .bind(next.as_str())
            .bind(stamp.at())
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            sqlx::query(
                "INSERT INTO closings (id, centre_id, case_id, closed_at, closed_by, summary, follow_up_due) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(centre_id)
            .bind(case_id)
            .bind(stamp.at())
            .bind(stamp.actor())
            .bind(summary)
            .bind(follow_up_due)
            .execute(&mut *tx)
            .await?;
            let due = crate::domain::clock::local_day(follow_up_due - chrono::Duration::seconds(1));
            let detail = format!("{state} → {next}: {summary}; follow-up due by {due}");
            ((), Some(Entry::case(centre_id, case_id, "close", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// Re-opens a closed case with a reason: it is handled again under a new reply clock
    /// (`reply_due`); the closing, the journal and any follow-up stay as they were.
    pub async fn reopen_case(
        &self,
        case_id: Uuid,
        expected_version: i32,
        reason: &str,
        reply_due: DateTime<Utc>,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(Permission::Close)?;
        required(Field::Reason, reason)?;
        let reason = reason.trim();
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(CaseEvent::Reopen)?;
            reopen_in_tx!(tx, stamp, case_id, expected_version, next, reply_due, None::<Uuid>, reason);
            let detail = format!("{state} → {next}: {reason}; new reply clock");
            ((), Some(Entry::case(centre_id, case_id, "reopen", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// A follow-up try that did not reach the resident: recorded and counted; at `max_tries`
    /// the case is marked unreachable (it leaves the list of follow-ups due).
    pub async fn record_follow_up_try(
        &self,
        case_id: Uuid,
        method: Method,
        note: &str,
        max_tries: u32,
        stamp: &Stamp,
    ) -> Result<TryCount> {
        stamp.require(Permission::Close)?;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, closing_id, tries, unreachable) = open_closing!(tx, case_id, CaseEvent::RecordFollowUp);
            let tries = tries + 1;
            let now_unreachable = unreachable.is_none() && tries >= max_tries as i32;
            sqlx::query(
                "INSERT INTO follow_up_tries (id, closing_id, case_id, at, by_whom, method, note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(Uuid::now_v7())
            .bind(closing_id)
            .bind(case_id)
            .bind(stamp.at())
            .bind(stamp.actor())
            .bind(method.as_str())
            .bind(note.trim())
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE closings SET tries = $1, unreachable_at = CASE WHEN $2 THEN $3 ELSE unreachable_at END WHERE id = $4",
            )
            .bind(tries)
            .bind(now_unreachable)
            .bind(stamp.at())
            .bind(closing_id)
            .execute(&mut *tx)
            .await?;
            let detail = if now_unreachable {
                format!("follow-up try {tries} by {method}: not reached; marked unreachable")
            } else {
                format!("follow-up try {tries} by {method}: not reached; {}", note.trim())
            };
            let count = TryCount { tries, unreachable: unreachable.is_some() || now_unreachable };
            (count, Some(Entry::case(centre_id, case_id, "follow_up_try", detail)))
        })
    }

    /// A reached follow-up (回访): one `follow_ups` row. 不满意 or a problem found re-opens
    /// the case under a new reply clock (`reply_due`), and a problem goes to its department
    /// with its own clock (`problem_due`) as the case's lead unit.
    pub async fn record_visit(
        &self,
        visit: &Visit,
        expected_version: i32,
        reply_due: DateTime<Utc>,
        problem_due: Option<DateTime<Utc>>,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(Permission::Close)?;
        let case_id = visit.case_id;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let visited = state.apply(CaseEvent::RecordFollowUp)?;
            let (_, closing_id, _, _) = open_closing!(tx, case_id, CaseEvent::RecordFollowUp);
            let department: Option<String> = match visit.problem {
                Some((_, d)) => Some(
                    sqlx::query_scalar("SELECT name FROM departments WHERE id = $1")
                        .bind(d)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound { entity: "department", id: d })?,
                ),
                None => None,
            };
            sqlx::query(
                "INSERT INTO follow_ups (id, case_id, at, by_whom, satisfaction, note, problem_found, method, \
                 problem_kind, department_id, due_at, closing_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
            )
            .bind(Uuid::now_v7())
            .bind(case_id)
            .bind(stamp.at())
            .bind(stamp.actor())
            .bind(visit.satisfaction.score())
            .bind(visit.note.trim())
            .bind(visit.problem.is_some())
            .bind(visit.method.as_str())
            .bind(visit.problem.map(|(k, _)| k.as_str()))
            .bind(visit.problem.map(|(_, d)| d))
            .bind(visit.problem.and(problem_due))
            .bind(closing_id)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE closings SET followed_up_at = $1 WHERE id = $2")
                .bind(stamp.at())
                .bind(closing_id)
                .execute(&mut *tx)
                .await?;
            let mut detail = format!(
                "follow-up by {} ({}): {}; {}",
                stamp.actor(), visit.method, visit.satisfaction, visit.note.trim()
            );
            if let (Some((kind, _)), Some(d)) = (visit.problem, &department) {
                detail.push_str(&format!("; {kind} problem routed to {d}"));
                if let Some(due) = problem_due {
                    let day = crate::domain::clock::local_day(due - chrono::Duration::seconds(1));
                    detail.push_str(&format!(" (due by {day})"));
                }
            }
            if visit.reopens() {
                record_entry!(tx, stamp, Some(Entry::case(centre_id, case_id, "follow_up", detail)));
                let next = visited.apply(CaseEvent::Reopen)?;
                let reason = match (&visit.problem, &department) {
                    (Some((kind, _)), Some(d)) => format!("follow-up found a {kind} problem for {d}"),
                    _ => "follow-up: dissatisfied".to_string(),
                };
                reopen_in_tx!(tx, stamp, case_id, expected_version, next, reply_due, visit.problem.map(|(_, d)| d), &reason);
                let detail = format!("{visited} → {next}: {reason}; new reply clock");
                ((), Some(Entry::case(centre_id, case_id, "reopen", detail)))
            } else {
                let done = sqlx::query("UPDATE cases SET state = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                    .bind(visited.as_str())
                    .bind(stamp.at())
                    .bind(case_id)
                    .bind(expected_version)
                    .execute(&mut *tx)
                    .await?;
                ensure_one!(tx, done, "case", "cases", case_id, expected_version);
                ((), Some(Entry::case(centre_id, case_id, "follow_up", detail)))
            }
        })?;
        self.existing_case(case_id).await
    }

    /// The follow-ups of a centre: every closing still to be visited, and those closed since
    /// `since` whatever became of them, worst first (overdue, due today, due, unreachable,
    /// re-opened, done), then by due date.
    pub async fn follow_up_list(
        &self,
        centre_id: Uuid,
        since: DateTime<Utc>,
        now: DateTime<Utc>,
    ) -> Result<Vec<FollowUpRow>> {
        let rows: Vec<FollowUpRowDb> = read!(self, pool => {
            sqlx::query_as(
                "SELECT c.id AS closing_id, c.case_id, k.case_no, k.category, k.version, c.closed_at, c.summary, \
                 c.follow_up_due, c.tries, c.unreachable_at, c.followed_up_at, c.reopened_at, f.satisfaction, \
                 f.method, f.problem_kind, d.name AS department \
                 FROM closings c JOIN cases k ON k.id = c.case_id \
                 LEFT JOIN follow_ups f ON f.closing_id = c.id \
                 LEFT JOIN departments d ON d.id = f.department_id \
                 WHERE c.centre_id = $1 AND ((c.followed_up_at IS NULL AND c.unreachable_at IS NULL \
                 AND c.reopened_at IS NULL) OR c.closed_at >= $2) \
                 ORDER BY c.follow_up_due, k.case_no LIMIT 1000",
            )
            .bind(centre_id)
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        let mut out = rows
            .into_iter()
            .map(|r| {
                let corrupt = |what: &str, v: &str| StoreError::Corrupt(format!("{what} {v:?}"));
                Ok(FollowUpRow {
                    closing_id: r.closing_id,
                    case_id: r.case_id,
                    case_no: r.case_no,
                    category: r.category,
                    case_version: r.version,
                    closed_at: r.closed_at,
                    summary: r.summary,
                    due: r.follow_up_due,
                    tries: r.tries,
                    unreachable_at: r.unreachable_at,
                    followed_up_at: r.followed_up_at,
                    reopened_at: r.reopened_at,
                    satisfaction: r.satisfaction.and_then(Satisfaction::from_score),
                    method: match r.method {
                        Some(m) => Some(Method::parse(&m).ok_or_else(|| corrupt("method", &m))?),
                        None => None,
                    },
                    problem: match r.problem_kind {
                        Some(k) => Some(
                            ProblemKind::parse(&k).ok_or_else(|| corrupt("problem kind", &k))?,
                        ),
                        None => None,
                    },
                    department: r.department,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        out.sort_by_key(|r| (r.status(now), r.due));
        Ok(out)
    }
}

impl Store {
    /// Records the follow-up visit (回访) of a closed case; a problem found re-assigns it.
    pub async fn record_follow_up(
        &self,
        f: &crate::domain::FollowUp,
        expected_version: i32,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::Close)?;
        follow_up::check_satisfaction(f.satisfaction)?;
        write_tx!(self, stamp, crate::domain::Permission::Close, tx => {
            let (centre_id, state) = current!(tx, f.case_id, expected_version);
            let event = if f.problem_found { CaseEvent::Reassign } else { CaseEvent::RecordFollowUp };
            let next: CaseState = state.apply(event)?;
            sqlx::query(
                "INSERT INTO follow_ups (id, case_id, at, by_whom, satisfaction, note, problem_found) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(f.id)
            .bind(f.case_id)
            .bind(f.at)
            .bind(&f.by)
            .bind(f.satisfaction)
            .bind(&f.note)
            .bind(f.problem_found)
            .execute(&mut *tx)
            .await?;
            let done = sqlx::query("UPDATE cases SET state = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(next.as_str())
                .bind(stamp.at())
                .bind(f.case_id)
                .bind(expected_version)
                .execute(&mut *tx)
                .await?;
            ensure_one!(tx, done, "case", "cases", f.case_id, expected_version);
            let detail = format!("follow-up by {}: satisfaction {}/5; {}", f.by, f.satisfaction, f.note);
            ((), Some(Entry::case(centre_id, f.case_id, "follow_up", detail)))
        })
    }
}
