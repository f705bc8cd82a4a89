//! Rows as the database returns them, and their conversion into domain types.

use super::error::{Result, StoreError};
use crate::domain::case::{
    CaseState, Channel, CourtLink, Handling, JudicialConfirmation, Lanes, Level, LitigationTrack,
    Stream,
};
use crate::domain::department::{DepartmentKind, Presence};
use crate::domain::escalation::EscalationStep;
use crate::domain::party::PartyRole;
use crate::domain::room::RoomKind;
use crate::domain::sla::{ClockMarks, Deadlines};
use crate::domain::ticket::TicketState;
use crate::domain::{
    Case, Centre, Change, Department, JournalEntry, Mediator, Party, Room, Summons, Ticket,
};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

fn parse<T>(what: &str, text: &str, f: impl Fn(&str) -> Option<T>) -> Result<T> {
    f(text).ok_or_else(|| StoreError::Corrupt(format!("unknown {what} {text:?}")))
}

fn parse_opt<T>(
    what: &str,
    text: Option<String>,
    f: impl Fn(&str) -> Option<T>,
) -> Result<Option<T>> {
    text.map(|t| parse(what, &t, &f)).transpose()
}

macro_rules! case_columns {
    () => {
        "id, centre_id, case_no, tracking_token, channel, category, description, state, \
     stream, handling, level, lead_department_id, first_handler, group_batches, group_persons, lanes, \
     court_case_no, repeat_of, outcome_note, received_at, accept_due, convene_due, reply_due, closed_at, version, \
     accepted_at, convened_at, explained_at, explanation, agreement_no, judicial_confirmation, litigation_track, \
     county_due, reached_county_at"
    };
}
pub(crate) use case_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct CaseRow {
    id: Uuid,
    centre_id: Uuid,
    case_no: String,
    tracking_token: Uuid,
    channel: String,
    category: String,
    description: String,
    state: String,
    stream: Option<String>,
    handling: Option<String>,
    level: Option<String>,
    lead_department_id: Option<Uuid>,
    first_handler: Option<String>,
    group_batches: i32,
    group_persons: i32,
    lanes: i32,
    court_case_no: Option<String>,
    repeat_of: Option<Uuid>,
    outcome_note: Option<String>,
    received_at: DateTime<Utc>,
    accept_due: DateTime<Utc>,
    convene_due: DateTime<Utc>,
    reply_due: DateTime<Utc>,
    closed_at: Option<DateTime<Utc>>,
    version: i32,
    accepted_at: Option<DateTime<Utc>>,
    convened_at: Option<DateTime<Utc>>,
    explained_at: Option<DateTime<Utc>>,
    explanation: Option<String>,
    agreement_no: Option<String>,
    judicial_confirmation: Option<String>,
    litigation_track: Option<String>,
    county_due: Option<DateTime<Utc>>,
    reached_county_at: Option<DateTime<Utc>>,
}

impl TryFrom<CaseRow> for Case {
    type Error = StoreError;
    fn try_from(r: CaseRow) -> Result<Case> {
        Ok(Case {
            id: r.id,
            centre_id: r.centre_id,
            case_no: r.case_no,
            tracking_token: r.tracking_token,
            channel: parse("channel", &r.channel, Channel::parse)?,
            category: r.category,
            description: r.description,
            state: parse("case state", &r.state, CaseState::parse)?,
            stream: parse_opt("stream", r.stream, Stream::parse)?,
            handling: parse_opt("handling", r.handling, Handling::parse)?,
            level: parse_opt("level", r.level, Level::parse)?,
            lead_department: r.lead_department_id,
            first_handler: r.first_handler,
            group_batches: r.group_batches,
            group_persons: r.group_persons,
            lanes: Lanes::from_bits(r.lanes),
            court_case_no: r.court_case_no,
            repeat_of: r.repeat_of,
            outcome_note: r.outcome_note,
            received_at: r.received_at,
            deadlines: Deadlines {
                accept: r.accept_due,
                convene: r.convene_due,
                reply: r.reply_due,
            },
            marks: ClockMarks {
                accepted: r.accepted_at,
                convened: r.convened_at,
                explained: r.explained_at,
                explanation: r.explanation,
                county_due: r.county_due,
                reached_county: r.reached_county_at,
            },
            court: CourtLink {
                agreement_no: r.agreement_no,
                judicial_confirmation: parse_opt(
                    "judicial confirmation",
                    r.judicial_confirmation,
                    JudicialConfirmation::parse,
                )?,
                litigation_track: parse_opt(
                    "litigation track",
                    r.litigation_track,
                    LitigationTrack::parse,
                )?,
            },
            closed_at: r.closed_at,
            version: r.version,
        })
    }
}

macro_rules! party_columns {
    () => {
        "role, name, is_organisation, resident_id, phone, address"
    };
}
pub(crate) use party_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct PartyRow {
    role: String,
    name: String,
    is_organisation: bool,
    resident_id: Option<String>,
    phone: Option<String>,
    address: String,
}

impl TryFrom<PartyRow> for Party {
    type Error = StoreError;
    fn try_from(r: PartyRow) -> Result<Party> {
        Ok(Party {
            role: parse("party role", &r.role, PartyRole::parse)?,
            name: r.name,
            is_organisation: r.is_organisation,
            resident_id: r.resident_id,
            phone: r.phone,
            address: r.address,
        })
    }
}

macro_rules! ticket_columns {
    () => {
        "id, centre_id, case_id, day, seq, lanes, state, service_window, issued_at, called_at, version"
    };
}
pub(crate) use ticket_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct TicketRow {
    id: Uuid,
    centre_id: Uuid,
    case_id: Uuid,
    day: NaiveDate,
    seq: i32,
    lanes: i32,
    state: String,
    service_window: Option<String>,
    issued_at: DateTime<Utc>,
    called_at: Option<DateTime<Utc>>,
    version: i32,
}

impl TryFrom<TicketRow> for Ticket {
    type Error = StoreError;
    fn try_from(r: TicketRow) -> Result<Ticket> {
        Ok(Ticket {
            id: r.id,
            centre_id: r.centre_id,
            case_id: r.case_id,
            day: r.day,
            seq: r.seq,
            lanes: Lanes::from_bits(r.lanes),
            state: parse("ticket state", &r.state, TicketState::parse)?,
            window: r.service_window,
            issued_at: r.issued_at,
            called_at: r.called_at,
            version: r.version,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct EscalationRow {
    at: DateTime<Utc>,
    actor: String,
    from_level: String,
    to_level: String,
    from_centre_id: Uuid,
    to_centre_id: Uuid,
}

impl TryFrom<EscalationRow> for EscalationStep {
    type Error = StoreError;
    fn try_from(r: EscalationRow) -> Result<EscalationStep> {
        Ok(EscalationStep {
            at: r.at,
            actor: r.actor,
            from: parse("level", &r.from_level, Level::parse)?,
            to: parse("level", &r.to_level, Level::parse)?,
            from_centre: r.from_centre_id,
            to_centre: r.to_centre_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct CentreRow {
    id: Uuid,
    code: String,
    name: String,
    level: String,
    parent_id: Option<Uuid>,
}

impl TryFrom<CentreRow> for Centre {
    type Error = StoreError;
    fn try_from(r: CentreRow) -> Result<Centre> {
        Ok(Centre {
            id: r.id,
            code: r.code,
            name: r.name,
            level: parse("level", &r.level, Level::parse)?,
            parent: r.parent_id,
        })
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct DepartmentRow {
    id: Uuid,
    centre_id: Uuid,
    name: String,
    kind: String,
    presence: String,
    arrival_window_min: i32,
    phone: Option<String>,
}

impl TryFrom<DepartmentRow> for Department {
    type Error = StoreError;
    fn try_from(r: DepartmentRow) -> Result<Department> {
        Ok(Department {
            id: r.id,
            centre_id: r.centre_id,
            name: r.name,
            kind: parse("department kind", &r.kind, DepartmentKind::parse)?,
            presence: parse("presence", &r.presence, Presence::parse)?,
            arrival_window_min: r.arrival_window_min,
            phone: r.phone,
        })
    }
}

/// Specialties are stored as one text, separated by the Chinese enumeration comma.
pub(crate) const SPECIALTY_SEPARATOR: &str = "、";

#[derive(sqlx::FromRow)]
pub(crate) struct MediatorRow {
    id: Uuid,
    centre_id: Uuid,
    name: String,
    specialties: String,
    department_id: Option<Uuid>,
    studio: Option<String>,
}

impl From<MediatorRow> for Mediator {
    fn from(r: MediatorRow) -> Mediator {
        Mediator {
            id: r.id,
            centre_id: r.centre_id,
            name: r.name,
            specialties: r
                .specialties
                .split(SPECIALTY_SEPARATOR)
                .filter(|s| !s.is_empty())
                .map(String::from)
                .collect(),
            department_id: r.department_id,
            studio: r.studio,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct RoomRow {
    id: Uuid,
    centre_id: Uuid,
    name: String,
    kind: String,
    capacity: i32,
}

impl TryFrom<RoomRow> for Room {
    type Error = StoreError;
    fn try_from(r: RoomRow) -> Result<Room> {
        Ok(Room {
            id: r.id,
            centre_id: r.centre_id,
            name: r.name,
            kind: parse("room kind", &r.kind, RoomKind::parse)?,
            capacity: r.capacity,
        })
    }
}

macro_rules! summons_columns {
    () => {
        "id, centre_id, case_id, department_id, reason, whistled_at, due_at, \
     arrived_at, cancelled_at, cancel_reason, escalated_at, version, \
     arrival_note, acknowledged_at, acknowledged_by, replaces"
    };
}
pub(crate) use summons_columns;

#[derive(sqlx::FromRow)]
pub(crate) struct SummonsRow {
    id: Uuid,
    centre_id: Uuid,
    case_id: Uuid,
    department_id: Uuid,
    reason: String,
    whistled_at: DateTime<Utc>,
    due_at: DateTime<Utc>,
    arrived_at: Option<DateTime<Utc>>,
    cancelled_at: Option<DateTime<Utc>>,
    cancel_reason: Option<String>,
    escalated_at: Option<DateTime<Utc>>,
    version: i32,
    arrival_note: Option<String>,
    acknowledged_at: Option<DateTime<Utc>>,
    acknowledged_by: Option<String>,
    replaces: Option<Uuid>,
}

impl From<SummonsRow> for Summons {
    fn from(r: SummonsRow) -> Summons {
        Summons {
            id: r.id,
            centre_id: r.centre_id,
            case_id: r.case_id,
            department_id: r.department_id,
            reason: r.reason,
            whistled_at: r.whistled_at,
            due_at: r.due_at,
            arrived_at: r.arrived_at,
            cancelled_at: r.cancelled_at,
            cancel_reason: r.cancel_reason,
            escalated_at: r.escalated_at,
            arrival_note: r.arrival_note,
            acknowledged_at: r.acknowledged_at,
            acknowledged_by: r.acknowledged_by,
            replaces: r.replaces,
            version: r.version,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct JournalRow {
    id: i64,
    centre_id: Uuid,
    case_id: Option<Uuid>,
    at: DateTime<Utc>,
    actor: String,
    action: String,
    detail: String,
}

impl From<JournalRow> for JournalEntry {
    fn from(r: JournalRow) -> JournalEntry {
        JournalEntry {
            id: r.id,
            centre_id: r.centre_id,
            case_id: r.case_id,
            at: r.at,
            actor: r.actor,
            action: r.action,
            detail: r.detail,
        }
    }
}

#[derive(sqlx::FromRow)]
pub(crate) struct ChangeRow {
    id: i64,
    centre_id: Uuid,
    entity: String,
    entity_id: Uuid,
    at: DateTime<Utc>,
    case_id: Option<Uuid>,
    action: Option<String>,
}

impl From<ChangeRow> for Change {
    fn from(r: ChangeRow) -> Change {
        Change {
            id: r.id,
            centre_id: r.centre_id,
            entity: r.entity,
            entity_id: r.entity_id,
            at: r.at,
            case_id: r.case_id,
            action: r.action,
        }
    }
}

pub(crate) fn convert<R, T>(rows: Vec<R>) -> Result<Vec<T>>
where
    T: TryFrom<R, Error = StoreError>,
{
    rows.into_iter().map(T::try_from).collect()
}
