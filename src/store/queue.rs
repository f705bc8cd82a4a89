//! The day's queue: tickets with what the window needs to see, and calling, recalling,
//! no-shows and re-queueing — each one write with its journal entry.

use super::cases::ensure_one;
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::{Channel, Lanes};
use crate::domain::party::PartyRole;
use crate::domain::ticket::{self, TicketMove, TicketState};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// One line of the queue panel.
#[derive(Debug, Clone, PartialEq)]
pub struct QueueRow {
    pub ticket_id: Uuid,
    pub seq: i32,
    pub lanes: Lanes,
    pub state: TicketState,
    pub window: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub version: i32,
    pub case_id: Uuid,
    pub case_no: String,
    pub category: String,
    pub channel: Channel,
    pub group_batches: i32,
    pub group_persons: i32,
    /// The first applicant's name, unmasked: views mask it.
    pub applicant: String,
    /// Earlier cases this one is linked to as a repeat visit.
    pub repeat: bool,
}

impl QueueRow {
    pub fn code(&self) -> String {
        ticket::code(self.seq)
    }
}

#[derive(sqlx::FromRow)]
struct QueueRowDb {
    ticket_id: Uuid,
    seq: i32,
    lanes: i32,
    state: String,
    service_window: Option<String>,
    issued_at: DateTime<Utc>,
    called_at: Option<DateTime<Utc>>,
    version: i32,
    case_id: Uuid,
    case_no: String,
    category: String,
    channel: String,
    group_batches: i32,
    group_persons: i32,
    applicant: Option<String>,
    repeat_of: Option<Uuid>,
}

impl TryFrom<QueueRowDb> for QueueRow {
    type Error = StoreError;
    fn try_from(r: QueueRowDb) -> Result<QueueRow> {
        Ok(QueueRow {
            ticket_id: r.ticket_id,
            seq: r.seq,
            lanes: Lanes::from_bits(r.lanes),
            state: TicketState::parse(&r.state)
                .ok_or_else(|| StoreError::Corrupt(format!("ticket state {:?}", r.state)))?,
            window: r.service_window,
            issued_at: r.issued_at,
            called_at: r.called_at,
            version: r.version,
            case_id: r.case_id,
            case_no: r.case_no,
            category: r.category,
            channel: Channel::parse(&r.channel)
                .ok_or_else(|| StoreError::Corrupt(format!("channel {:?}", r.channel)))?,
            group_batches: r.group_batches,
            group_persons: r.group_persons,
            applicant: r.applicant.unwrap_or_default(),
            repeat: r.repeat_of.is_some(),
        })
    }
}

/// Lane order in SQL, matching `Lanes::rank`: emotional risk, elderly/disabled, group, the rest.
macro_rules! lane_rank {
    () => {
        "CASE WHEN (t.lanes & 4) <> 0 THEN 0 WHEN (t.lanes & 1) <> 0 THEN 1 WHEN (t.lanes & 2) <> 0 THEN 2 ELSE 3 END"
    };
}

/// Reads a ticket inside a write: its centre, case, state, number and version.
macro_rules! ticket_in_tx {
    ($tx:ident, $id:expr) => {{
        let row: Option<(Uuid, Uuid, String, i32, i32)> = sqlx::query_as(
            "SELECT centre_id, case_id, state, seq, version FROM tickets WHERE id = $1",
        )
        .bind($id)
        .fetch_optional(&mut *$tx)
        .await?;
        let Some((centre_id, case_id, state, seq, version)) = row else {
            return Err(StoreError::NotFound {
                entity: "ticket",
                id: $id,
            });
        };
        let state = TicketState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("ticket state {state:?}")))?;
        (centre_id, case_id, state, seq, version)
    }};
}

impl Store {
    /// Every ticket of the day at a centre, with its case and first applicant.
    pub async fn queue(&self, centre_id: Uuid, day: NaiveDate) -> Result<Vec<QueueRow>> {
        let rows: Vec<QueueRowDb> = read!(self, pool => {
            sqlx::query_as(
                "SELECT t.id AS ticket_id, t.seq, t.lanes, t.state, t.service_window, t.issued_at, t.called_at, t.version, \
                        c.id AS case_id, c.case_no, c.category, c.channel, c.group_batches, c.group_persons, c.repeat_of, \
                        (SELECT p.name FROM parties p WHERE p.case_id = c.id AND p.role = $3 ORDER BY p.seq LIMIT 1) AS applicant \
                 FROM tickets t JOIN cases c ON c.id = t.case_id \
                 WHERE t.centre_id = $1 AND t.day = $2 ORDER BY t.seq",
            )
            .bind(centre_id)
            .bind(day)
            .bind(PartyRole::Applicant.as_str())
            .fetch_all(pool)
            .await?
        });
        rows.into_iter().map(QueueRow::try_from).collect()
    }

    /// Calls the next waiting ticket (priority lanes first, then the longest wait) to a
    /// window. Two windows calling at once get two different tickets. `None`: nobody waits.
    pub async fn call_next(
        &self,
        centre_id: Uuid,
        day: NaiveDate,
        window: &str,
        stamp: &Stamp,
    ) -> Result<Option<Uuid>> {
        stamp.require(crate::domain::Permission::Intake)?;
        // Under PostgreSQL's read-committed rule a concurrent call may take the chosen ticket
        // between our SELECT and UPDATE; the guarded UPDATE then touches nothing and we pick again.
        for _ in 0..20 {
            let picked = write_tx!(self, stamp, crate::domain::Permission::Intake, tx => {
                let next: Option<(Uuid, i32, Uuid)> = sqlx::query_as(concat!(
                    "SELECT t.id, t.seq, t.case_id FROM tickets t WHERE t.centre_id = $1 AND t.day = $2 AND t.state = 'waiting' \
                     ORDER BY ", lane_rank!(), ", t.seq LIMIT 1"
                ))
                .bind(centre_id)
                .bind(day)
                .fetch_optional(&mut *tx)
                .await?;
                match next {
                    None => (Some(None), None),
                    Some((id, seq, case_id)) => {
                        let done = sqlx::query(
                            "UPDATE tickets SET state = 'called', service_window = $1, called_at = $2, version = version + 1 \
                             WHERE id = $3 AND state = 'waiting'",
                        )
                        .bind(window)
                        .bind(stamp.at())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                        if done.rows_affected() == 1 {
                            let detail = format!("{} called to {window}", ticket::code(seq));
                            (Some(Some(id)), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "call", detail, entity: "ticket", entity_id: id }))
                        } else {
                            (None, None)
                        }
                    }
                }
            })?;
            if let Some(result) = picked {
                return Ok(result);
            }
        }
        Err(StoreError::Unavailable(
            "the queue is changing too fast; try again".into(),
        ))
    }

    /// Calls one chosen waiting ticket to a window (a resident the window picked out, not the
    /// next in line). Refused when it is no longer waiting (another window called it) or has
    /// changed since the operator saw it.
    pub async fn call_ticket(
        &self,
        ticket_id: Uuid,
        expected_version: i32,
        window: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::Intake)?;
        write_tx!(self, stamp, crate::domain::Permission::Intake, tx => {
            let (centre_id, case_id, state, seq, version) = ticket_in_tx!(tx, ticket_id);
            if state != TicketState::Waiting {
                return Err(StoreError::TicketState { code: ticket::code(seq), state: state.as_str() });
            }
            if version != expected_version {
                return Err(StoreError::Conflict { entity: "ticket", id: ticket_id, expected: expected_version, actual: version });
            }
            let done = sqlx::query(
                "UPDATE tickets SET state = 'called', service_window = $1, called_at = $2, version = version + 1 \
                 WHERE id = $3 AND state = 'waiting' AND version = $4",
            )
            .bind(window)
            .bind(stamp.at())
            .bind(ticket_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "ticket", "tickets", ticket_id, expected_version);
            let detail = format!("{} called to {window}", ticket::code(seq));
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "call", detail, entity: "ticket", entity_id: ticket_id }))
        })
    }

    /// Recall, no-show, re-queue or serve a ticket; the domain's `TicketMove::rule` says
    /// from which states. `expected_version` is the version the operator saw.
    pub async fn move_ticket(
        &self,
        ticket_id: Uuid,
        expected_version: i32,
        movement: TicketMove,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::Intake)?;
        let (from, to) = movement.rule();
        let action = movement.as_str();
        write_tx!(self, stamp, crate::domain::Permission::Intake, tx => {
            let (centre_id, case_id, state, seq, version) = ticket_in_tx!(tx, ticket_id);
            if version != expected_version {
                return Err(StoreError::Conflict { entity: "ticket", id: ticket_id, expected: expected_version, actual: version });
            }
            if !from.contains(&state) {
                return Err(StoreError::TicketState { code: ticket::code(seq), state: state.as_str() });
            }
            let done = sqlx::query(
                "UPDATE tickets SET state = $1, called_at = CASE WHEN $2 THEN $3 ELSE called_at END, version = version + 1 \
                 WHERE id = $4 AND version = $5",
            )
            .bind(to.as_str())
            .bind(action == "recall")
            .bind(stamp.at())
            .bind(ticket_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "ticket", "tickets", ticket_id, expected_version);
            let detail = format!("{} {state} → {to}", ticket::code(seq));
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action, detail, entity: "ticket", entity_id: ticket_id }))
        })
    }
}
