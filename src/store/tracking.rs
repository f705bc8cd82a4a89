//! What the resident's tracking page reads: the fixed facts of one case found by its
//! tracking token. Selects only times, states and department and room names — never a
//! party, a description, an actor or a journal entry's free text.

use super::{Result, Store, read};
use crate::domain::CaseState;
use crate::domain::tracking::{RoomFact, SummonsFact, TrackingFacts};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// A summons' department, due time, arrival and cancellation.
type SummonsTimes = (
    String,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
);

#[derive(sqlx::FromRow)]
struct CaseFacts {
    id: Uuid,
    case_no: String,
    state: String,
    lead_department_id: Option<Uuid>,
    received_at: DateTime<Utc>,
    accept_due: DateTime<Utc>,
    convene_due: DateTime<Utc>,
    reply_due: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
}

impl Store {
    /// The facts of the case whose tracking token is `token`, or `None` for no such case.
    /// `now` decides which reservation is still ahead.
    pub async fn tracking_facts(
        &self,
        token: Uuid,
        now: DateTime<Utc>,
    ) -> Result<Option<TrackingFacts>> {
        let case: Option<CaseFacts> = read!(self, pool => {
            sqlx::query_as(
                "SELECT id, case_no, state, lead_department_id, received_at, accept_due, convene_due, reply_due, closed_at \
                 FROM cases WHERE tracking_token = $1",
            )
            .bind(token)
            .fetch_optional(pool)
            .await?
        });
        let Some(case) = case else { return Ok(None) };
        let state = CaseState::parse(&case.state).ok_or_else(|| {
            super::StoreError::Corrupt(format!("unknown case state {:?}", case.state))
        })?;
        let steps: Vec<(String, DateTime<Utc>)> = read!(self, pool => {
            // The journal actions the page turns into steps; their detail text is never read.
            sqlx::query_as(
                "SELECT action, at FROM journal WHERE case_id = $1 AND action IN \
                 ('triage', 'open_session', 'resolve', 'fail', 'refer', 'explain', 'withdraw', 'follow_up', 'record_follow_up') \
                 ORDER BY id",
            )
            .bind(case.id)
            .fetch_all(pool)
            .await?
        });
        let departments: Vec<(Uuid, String)> = read!(self, pool => {
            // The lead department (on the case) and the cooperating ones.
            sqlx::query_as(
                "SELECT d.id, d.name FROM departments d WHERE d.id = $2 \
                 UNION ALL SELECT d.id, d.name FROM case_departments cd JOIN departments d ON d.id = cd.department_id \
                 WHERE cd.case_id = $1 AND cd.removed_at IS NULL AND cd.department_id <> $2",
            )
            .bind(case.id)
            .bind(case.lead_department_id.unwrap_or_else(Uuid::nil))
            .fetch_all(pool)
            .await?
        });
        let summonses: Vec<SummonsTimes> = read!(self, pool => {
            sqlx::query_as(
                "SELECT d.name, s.due_at, s.arrived_at, s.cancelled_at FROM summons s \
                 JOIN departments d ON d.id = s.department_id WHERE s.case_id = $1 ORDER BY s.whistled_at, d.name",
            )
            .bind(case.id)
            .fetch_all(pool)
            .await?
        });
        let first_session: Option<DateTime<Utc>> = read!(self, pool => {
            sqlx::query_scalar("SELECT MIN(started_at) FROM room_bookings WHERE case_id = $1")
                .bind(case.id)
                .fetch_one(pool)
                .await?
        });
        let in_room: Option<(String, DateTime<Utc>)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT r.name, b.started_at FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                 WHERE b.case_id = $1 AND b.released_at IS NULL LIMIT 1",
            )
            .bind(case.id)
            .fetch_optional(pool)
            .await?
        });
        let reserved: Option<(String, DateTime<Utc>)> = if in_room.is_some() {
            None
        } else {
            read!(self, pool => {
                sqlx::query_as(
                    "SELECT r.name, v.starts_at FROM reservations v JOIN rooms r ON r.id = v.room_id \
                     WHERE v.case_id = $1 AND v.claimed_at IS NULL AND v.released_at IS NULL AND v.ends_at > $2 \
                     ORDER BY v.starts_at LIMIT 1",
                )
                .bind(case.id)
                .bind(now)
                .fetch_optional(pool)
                .await?
            })
        };

        let first = |actions: &[&str]| {
            steps
                .iter()
                .find(|(a, _)| actions.contains(&a.as_str()))
                .map(|(_, at)| *at)
        };
        let outcome = steps
            .iter()
            .rev()
            .find_map(|(a, at)| match a.as_str() {
                "resolve" => Some((CaseState::Resolved, *at)),
                "fail" => Some((CaseState::Failed, *at)),
                "refer" => Some((CaseState::Referred, *at)),
                "explain" => Some((CaseState::Explained, *at)),
                "withdraw" => Some((CaseState::Withdrawn, *at)),
                _ => None,
            })
            // A case re-opened after its follow-up has no outcome until it ends again.
            .filter(|_| state.is_settled());
        let mut names: Vec<(bool, String)> = departments
            .into_iter()
            .map(|(id, name)| (Some(id) != case.lead_department_id, name))
            .collect();
        names.sort();
        Ok(Some(TrackingFacts {
            case_no: case.case_no,
            state,
            received_at: case.received_at,
            deadlines: crate::domain::Deadlines {
                accept: case.accept_due,
                convene: case.convene_due,
                reply: case.reply_due,
            },
            triaged_at: first(&["triage"]),
            departments: names.into_iter().map(|(_, n)| n).collect(),
            summonses: summonses
                .into_iter()
                .map(|(department, due_at, arrived_at, cancelled)| SummonsFact {
                    department,
                    due_at,
                    arrived_at,
                    cancelled: cancelled.is_some(),
                })
                .collect(),
            session_at: first_session.or(first(&["open_session"])),
            room: in_room
                .map(|(name, from)| RoomFact {
                    name,
                    from,
                    reserved: false,
                })
                .or(reserved.map(|(name, from)| RoomFact {
                    name,
                    from,
                    reserved: true,
                })),
            outcome,
            closed_at: case.closed_at,
            followed_up_at: steps
                .iter()
                .rev()
                .find(|(a, _)| a == "follow_up" || a == "record_follow_up")
                .map(|(_, at)| *at)
                .filter(|_| state == CaseState::FollowedUp),
        }))
    }
}

impl Store {
    /// One case's tracking token to show a newcomer: the latest case with a summons, or
    /// else the latest case of the centre.
    pub async fn sample_tracking_token(&self, centre_id: Uuid) -> Result<Option<Uuid>> {
        Ok(read!(self, pool => {
            sqlx::query_scalar(
                "SELECT tracking_token FROM cases c WHERE centre_id = $1 \
                 ORDER BY EXISTS (SELECT 1 FROM summons s WHERE s.case_id = c.id) DESC, received_at DESC LIMIT 1",
            )
            .bind(centre_id)
            .fetch_optional(pool)
            .await?
        }))
    }
}

/// What became of a resident's rating sent from the tracking page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResidentFollowUp {
    Recorded,
    /// This closing was rated already (or the case has moved on since the form was shown).
    AlreadyReceived,
}

impl Store {
    /// The resident's own follow-up (回访 by channel 扫码) of the case closed at `closed_at`:
    /// recorded like a follow-up visit — journalled, and a rating of 2 or less (不满意)
    /// re-opens the case by the same rule. Only the first answer to a closing counts.
    pub async fn record_resident_follow_up(
        &self,
        token: Uuid,
        closed_at: DateTime<Utc>,
        satisfaction: i32,
        remark: &str,
        stamp: &super::Stamp,
    ) -> Result<ResidentFollowUp> {
        let Some(case) = self.case_by_token(token).await? else {
            return Err(super::StoreError::NotFound {
                entity: "case",
                id: token,
            });
        };
        if case.state != CaseState::Closed || case.closed_at != Some(closed_at) {
            return Ok(ResidentFollowUp::AlreadyReceived);
        }
        // The same follow-up as a visit by staff (the closing is followed up, 不满意
        // re-opens the case with a new reply clock), by the channel 扫码.
        use crate::domain::follow_up::{Method, Satisfaction, Visit};
        let visit = Visit {
            case_id: case.id,
            method: Method::Scan,
            satisfaction: Satisfaction::from_score(satisfaction).unwrap_or(Satisfaction::Satisfied),
            note: remark.to_string(),
            problem: None,
        };
        let (policy, _) = self.policy(case.centre_id).await?;
        let reply_due = policy.sla.deadlines(stamp.at(), &policy.calendar()).reply;
        match self
            .record_visit(&visit, case.version, reply_due, None, stamp)
            .await
        {
            Ok(_) => Ok(ResidentFollowUp::Recorded),
            // A second submission at the same moment: the first one won.
            Err(super::StoreError::Conflict { .. }) => Ok(ResidentFollowUp::AlreadyReceived),
            Err(e) => Err(e),
        }
    }
}

/// Who a follow-up from the tracking page is recorded as: the channel 扫码 (scanned code).
pub const RESIDENT_CHANNEL: &str = "扫码";
