//! The summons board (中心吹哨、部门报到): whistling several departments at once, the board's
//! rows, escalation of late summonses, acknowledgement, re-whistle, cancellation, arrival
//! windows, the day's roster and each department's arrival record.

use super::notices::queue_notice;
use super::rows::{SummonsRow, summons_columns};
use super::{Entry, Result, Stamp, Store, StoreError, read, record_entry, write_tx};
use crate::domain::clock::day_start;
use crate::domain::department::check_arrival_window;
use crate::domain::notice::NoticeKind;
use crate::domain::summons::{ArrivalRecord, arrival_record, due_at};
use crate::domain::{Duty, RosterEntry, Summons};
use chrono::{DateTime, Duration, NaiveDate, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Closes an open summons as cancelled, evaluating to its (centre, case); one already
/// arrived or cancelled (perhaps by another console a moment ago) is refused.
macro_rules! close_open {
    ($tx:ident, $id:expr, $reason:expr, $at:expr) => {{
        let done = sqlx::query(
            "UPDATE summons SET cancelled_at = $1, cancel_reason = $2, version = version + 1 \
             WHERE id = $3 AND arrived_at IS NULL AND cancelled_at IS NULL",
        )
        .bind($at)
        .bind($reason)
        .bind($id)
        .execute(&mut *$tx)
        .await?;
        let (centre_id, case_id, arrived): (Uuid, Uuid, Option<DateTime<Utc>>) =
            sqlx::query_as("SELECT centre_id, case_id, arrived_at FROM summons WHERE id = $1")
                .bind($id)
                .fetch_optional(&mut *$tx)
                .await?
                .ok_or(StoreError::NotFound {
                    entity: "summons",
                    id: $id,
                })?;
        if done.rows_affected() != 1 {
            return Err(StoreError::SummonsClosed {
                arrived: arrived.is_some(),
            });
        }
        (centre_id, case_id)
    }};
}

/// One line of the summons board: the summons with what the board names it by.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardRow {
    pub summons: Summons,
    pub department: String,
    pub case_no: String,
    /// The room the case is in now, if it has one.
    pub room: Option<String>,
    /// Whether the department was told (the notice of this whistle or re-whistle).
    pub notice: Option<crate::domain::notice::NoticeState>,
}

#[derive(sqlx::FromRow)]
struct BoardRowRaw {
    #[sqlx(flatten)]
    summons: SummonsRow,
    department: String,
    case_no: String,
    room: Option<String>,
    notice: Option<String>,
    acknowledged_name: Option<String>,
}

#[derive(sqlx::FromRow)]
struct RosterRow {
    duty: String,
    department_id: Option<Uuid>,
    person: String,
    phone: Option<String>,
}

/// Summons 'reason' written on the summons a re-whistle replaces.
pub const REWHISTLED: &str = "re-whistled";

impl Store {
    /// Whistles several departments to one case at once (one transaction, one journal entry
    /// each). If any of them is already summoned and not yet arrived, nothing is written.
    pub async fn whistle_departments(
        &self,
        case_id: Uuid,
        departments: &[Uuid],
        reason: &str,
        stamp: &Stamp,
    ) -> Result<Vec<Summons>> {
        stamp.require(crate::domain::Permission::Whistle)?;
        let ids: Vec<Uuid> = departments.iter().map(|_| Uuid::now_v7()).collect();
        let result = write_tx!(self, stamp, crate::domain::Permission::Whistle, tx => {
            let centre_id: Uuid = sqlx::query_scalar("SELECT centre_id FROM cases WHERE id = $1")
                .bind(case_id)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound { entity: "case", id: case_id })?;
            let mut entries = Vec::new();
            for (&department_id, &id) in departments.iter().zip(&ids) {
                let (window, name): (i32, String) =
                    sqlx::query_as("SELECT arrival_window_min, name FROM departments WHERE id = $1")
                        .bind(department_id)
                        .fetch_optional(&mut *tx)
                        .await?
                        .ok_or(StoreError::NotFound { entity: "department", id: department_id })?;
                sqlx::query(
                    "INSERT INTO summons (id, centre_id, case_id, department_id, reason, whistled_at, due_at, version) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, 1)",
                )
                .bind(id)
                .bind(centre_id)
                .bind(case_id)
                .bind(department_id)
                .bind(reason)
                .bind(stamp.at())
                .bind(due_at(stamp.at(), window))
                .execute(&mut *tx)
                .await?;
                queue_notice!(tx, id, NoticeKind::Whistle, stamp.at());
                let detail = format!("whistled {name}, due in {window} min: {reason}");
                entries.push(Entry { acting: None, centre_id, case_id: Some(case_id), action: "whistle", detail, entity: "summons", entity_id: id });
            }
            // The last entry goes through write_tx!; the others are written here, in the same
            // transaction.
            let last = entries.pop();
            for entry in entries {
                record_entry!(tx, stamp, Some(entry));
            }
            ((), last)
        });
        match result {
            Err(e) if e.is_unique_violation() => {
                let department_id = self.first_open_of(case_id, departments).await?;
                Err(StoreError::AlreadySummoned {
                    case_id,
                    department_id,
                })
            }
            other => other,
        }?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.push(self.existing_summons(id).await?);
        }
        Ok(out)
    }

    async fn first_open_of(&self, case_id: Uuid, departments: &[Uuid]) -> Result<Uuid> {
        for &d in departments {
            let open: Option<Uuid> = read!(self, pool => {
                sqlx::query_scalar("SELECT id FROM summons WHERE case_id = $1 AND department_id = $2 AND arrived_at IS NULL AND cancelled_at IS NULL")
                    .bind(case_id)
                    .bind(d)
                    .fetch_optional(pool)
                    .await?
            });
            if open.is_some() {
                return Ok(d);
            }
        }
        Ok(departments.first().copied().unwrap_or_default())
    }

    pub(crate) async fn existing_summons(&self, id: Uuid) -> Result<Summons> {
        self.summons(id).await?.ok_or(StoreError::NotFound {
            entity: "summons",
            id,
        })
    }

    /// The board of a centre on a day: every summons still open, and those whistled that
    /// day that have since arrived or been cancelled.
    pub async fn board(&self, centre_id: Uuid, day: NaiveDate) -> Result<Vec<BoardRow>> {
        let since = day_start(day);
        let rows: Vec<BoardRowRaw> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT s.*, d.name AS department, c.case_no, \
                   (SELECT r.name FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                     WHERE b.case_id = s.case_id AND b.released_at IS NULL LIMIT 1) AS room, \
                   (SELECT n.state FROM notices n WHERE n.summons_id = s.id AND n.kind IN ('whistle', 'rewhistle') \
                     ORDER BY n.created_at DESC, n.id DESC LIMIT 1) AS notice, \
                   (SELECT o.name FROM operators o WHERE o.login = s.acknowledged_by) AS acknowledged_name \
                 FROM (SELECT ", summons_columns!(), " FROM summons WHERE centre_id = $1 \
                   AND ((arrived_at IS NULL AND cancelled_at IS NULL) OR whistled_at >= $2)) s \
                 JOIN departments d ON d.id = s.department_id \
                 JOIN cases c ON c.id = s.case_id \
                 ORDER BY s.due_at"
            ))
            .bind(centre_id)
            .bind(since)
            .fetch_all(pool)
            .await?
        });
        Ok(rows
            .into_iter()
            .map(|r| BoardRow {
                // The board names who acknowledged by the operator's name (周卫东), not login.
                summons: {
                    let mut s: Summons = r.summons.into();
                    s.acknowledged_by = r.acknowledged_name.or(s.acknowledged_by);
                    s
                },
                department: r.department,
                case_no: r.case_no,
                room: r.room,
                notice: r
                    .notice
                    .as_deref()
                    .and_then(crate::domain::notice::NoticeState::parse),
            })
            .collect())
    }

    /// Escalates to the duty leader every open summons late by more than `grace` at
    /// `stamp.at()`, each in its own transaction with its journal entry. Several consoles may
    /// sweep at once: each summons escalates once, by whichever is first.
    pub async fn escalate_late_summons(
        &self,
        centre_id: Uuid,
        grace: Duration,
        stamp: &Stamp,
    ) -> Result<Vec<Uuid>> {
        // A sweep is yidi's own, whether or not anything is due.
        stamp.require(crate::domain::Permission::Setup)?;
        let cutoff = stamp.at() - grace;
        let candidates: Vec<Uuid> = read!(self, pool => {
            sqlx::query_scalar(
                "SELECT id FROM summons WHERE centre_id = $1 AND arrived_at IS NULL AND cancelled_at IS NULL \
                 AND escalated_at IS NULL AND due_at < $2",
            )
            .bind(centre_id)
            .bind(cutoff)
            .fetch_all(pool)
            .await?
        });
        let mut escalated = Vec::new();
        for id in candidates {
            let done = write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
                let done = sqlx::query(
                    "UPDATE summons SET escalated_at = $1, version = version + 1 WHERE id = $2 \
                     AND escalated_at IS NULL AND arrived_at IS NULL AND cancelled_at IS NULL AND due_at < $3",
                )
                .bind(stamp.at())
                .bind(id)
                .bind(cutoff)
                .execute(&mut *tx)
                .await?;
                let entry = if done.rows_affected() == 1 {
                    let (case_id, due, name): (Uuid, DateTime<Utc>, String) = sqlx::query_as(
                        "SELECT s.case_id, s.due_at, d.name FROM summons s JOIN departments d ON d.id = s.department_id WHERE s.id = $1",
                    )
                    .bind(id)
                    .fetch_one(&mut *tx)
                    .await?;
                    queue_notice!(tx, id, NoticeKind::Escalate, stamp.at());
                    let late = (stamp.at() - due).num_minutes();
                    let detail = format!("{name} late by {late} min: escalated to the duty leader");
                    Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "escalate", detail, entity: "summons", entity_id: id })
                } else {
                    None
                };
                (entry.is_some(), entry)
            })?;
            if done {
                escalated.push(id);
            }
        }
        Ok(escalated)
    }

    /// The duty leader has seen an escalation. A second acknowledgement changes nothing. A
    /// late summons no console has escalated yet (the leader saw it on the wall first) is
    /// escalated and acknowledged at once; one that is not late is refused.
    pub async fn acknowledge_escalation(&self, id: Uuid, stamp: &Stamp) -> Result<Summons> {
        stamp.require(crate::domain::Permission::Acknowledge)?;
        write_tx!(self, stamp, crate::domain::Permission::Acknowledge, tx => {
            let done = sqlx::query(
                "UPDATE summons SET acknowledged_at = $1, acknowledged_by = $2, \
                 escalated_at = COALESCE(escalated_at, $1), version = version + 1 \
                 WHERE id = $3 AND acknowledged_at IS NULL AND (escalated_at IS NOT NULL OR due_at < $1)",
            )
            .bind(stamp.at())
            .bind(stamp.actor())
            .bind(id)
            .execute(&mut *tx)
            .await?;
            if done.rows_affected() == 0 {
                let acknowledged: Option<Option<DateTime<Utc>>> =
                    sqlx::query_scalar("SELECT acknowledged_at FROM summons WHERE id = $1")
                        .bind(id)
                        .fetch_optional(&mut *tx)
                        .await?;
                match acknowledged {
                    None => return Err(StoreError::NotFound { entity: "summons", id }),
                    Some(None) => return Err(StoreError::NotEscalated),
                    Some(Some(_)) => {}
                }
            }
            let entry = if done.rows_affected() == 1 {
                let (centre_id, case_id): (Uuid, Uuid) =
                    sqlx::query_as("SELECT centre_id, case_id FROM summons WHERE id = $1")
                        .bind(id)
                        .fetch_one(&mut *tx)
                        .await?;
                let detail = "escalation acknowledged".to_string();
                Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "acknowledge", detail, entity: "summons", entity_id: id })
            } else {
                None
            };
            ((), entry)
        })?;
        self.existing_summons(id).await
    }

    /// Cancels an open summons with a reason (a mistaken whistle, the case settled first).
    pub async fn cancel_summons(&self, id: Uuid, reason: &str, stamp: &Stamp) -> Result<Summons> {
        stamp.require(crate::domain::Permission::Whistle)?;
        if reason.trim().is_empty() {
            return Err(crate::domain::ValidationError::new(
                crate::domain::Field::Reason,
                crate::domain::Problem::Empty,
            )
            .into());
        }
        write_tx!(self, stamp, crate::domain::Permission::Whistle, tx => {
            let (centre_id, case_id) = close_open!(tx, id, reason, stamp.at());
            queue_notice!(tx, id, NoticeKind::Cancel, stamp.at());
            let detail = format!("summons cancelled: {reason}");
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "cancel_summons", detail, entity: "summons", entity_id: id }))
        })?;
        self.existing_summons(id).await
    }

    /// Whistles the same department again for a late summons: the old one is cancelled as
    /// re-whistled and a new one, due after a fresh window, replaces it (so a new lateness
    /// can escalate again, and the old one keeps its history).
    pub async fn rewhistle(&self, id: Uuid, stamp: &Stamp) -> Result<Summons> {
        stamp.require(crate::domain::Permission::Whistle)?;
        let new_id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::Whistle, tx => {
            let (centre_id, case_id) = close_open!(tx, id, REWHISTLED, stamp.at());
            let (department_id, reason, window, name): (Uuid, String, i32, String) = sqlx::query_as(
                "SELECT s.department_id, s.reason, d.arrival_window_min, d.name FROM summons s \
                 JOIN departments d ON d.id = s.department_id WHERE s.id = $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO summons (id, centre_id, case_id, department_id, reason, whistled_at, due_at, version, replaces) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8)",
            )
            .bind(new_id)
            .bind(centre_id)
            .bind(case_id)
            .bind(department_id)
            .bind(&reason)
            .bind(stamp.at())
            .bind(due_at(stamp.at(), window))
            .bind(id)
            .execute(&mut *tx)
            .await?;
            queue_notice!(tx, new_id, NoticeKind::Rewhistle, stamp.at());
            let detail = format!("re-whistled {name}, due in {window} min");
            ((), Some(Entry { acting: None, centre_id, case_id: Some(case_id), action: "rewhistle", detail, entity: "summons", entity_id: new_id }))
        })?;
        self.existing_summons(new_id).await
    }

    /// Changes a department's arrival window (20–40 minutes); summonses already whistled
    /// keep the due time they were given.
    pub async fn set_arrival_window(
        &self,
        department_id: Uuid,
        minutes: i32,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::EditRoster)?;
        check_arrival_window(minutes)?;
        write_tx!(self, stamp, crate::domain::Permission::EditRoster, tx => {
            let row: Option<(Uuid, String)> = sqlx::query_as(
                "UPDATE departments SET arrival_window_min = $1, version = version + 1 WHERE id = $2 RETURNING centre_id, name",
            )
            .bind(minutes)
            .bind(department_id)
            .fetch_optional(&mut *tx)
            .await?;
            let (centre_id, name) = row.ok_or(StoreError::NotFound { entity: "department", id: department_id })?;
            let detail = format!("{name}: arrival window {minutes} min");
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "arrival_window", detail, entity: "department", entity_id: department_id }))
        })
    }

    /// Puts someone on a duty for a day; a later entry for the same duty replaces this one.
    pub async fn set_roster(
        &self,
        centre_id: Uuid,
        entry: &RosterEntry,
        stamp: &Stamp,
    ) -> Result<()> {
        stamp.require(crate::domain::Permission::EditRoster)?;
        // A name and phone typed on a command line may carry terminal escapes; the phone is
        // checked like the intake's and stored normalised.
        let mut entry = entry.clone();
        entry.person = crate::text::clean_line(&entry.person);
        entry.phone = match entry.phone.as_deref().map(crate::text::clean_line) {
            Some(p) if !p.is_empty() => {
                Some(crate::domain::phone::Phone::parse(&p)?.as_str().to_string())
            }
            _ => None,
        };
        let entry = &entry;
        if entry.person.trim().is_empty() {
            return Err(crate::domain::ValidationError::new(
                crate::domain::Field::Name,
                crate::domain::Problem::Empty,
            )
            .into());
        }
        let id = Uuid::now_v7();
        write_tx!(self, stamp, crate::domain::Permission::EditRoster, tx => {
            sqlx::query(
                "INSERT INTO roster (id, centre_id, day, duty, department_id, person, phone, entered_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(centre_id)
            .bind(entry.day)
            .bind(entry.duty.as_str())
            .bind(entry.department_id)
            .bind(&entry.person)
            .bind(&entry.phone)
            .bind(stamp.at())
            .execute(&mut *tx)
            .await?;
            let detail = format!("roster {} {}: {}", entry.day, entry.duty, entry.person);
            ((), Some(Entry { acting: None, centre_id, case_id: None, action: "roster", detail, entity: "roster", entity_id: id }))
        })
    }

    /// Who is on duty on a day: the latest entry for each duty (and rotating department).
    pub async fn roster(&self, centre_id: Uuid, day: NaiveDate) -> Result<Vec<RosterEntry>> {
        let rows: Vec<RosterRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT duty, department_id, person, phone FROM roster WHERE centre_id = $1 AND day = $2 ORDER BY entered_at, id",
            )
            .bind(centre_id)
            .bind(day)
            .fetch_all(pool)
            .await?
        });
        let mut latest: Vec<RosterEntry> = Vec::new();
        for r in rows {
            let duty = Duty::parse(&r.duty)
                .ok_or_else(|| StoreError::Corrupt(format!("unknown duty {:?}", r.duty)))?;
            let entry = RosterEntry {
                day,
                duty,
                department_id: r.department_id,
                person: r.person,
                phone: r.phone,
            };
            match latest
                .iter_mut()
                .find(|e| e.duty == duty && e.department_id == entry.department_id)
            {
                Some(e) => *e = entry,
                None => latest.push(entry),
            }
        }
        latest.sort_by_key(|e| e.duty);
        Ok(latest)
    }

    /// Each department's arrival record for summonses whistled in `[from, to)`.
    pub async fn arrival_records(
        &self,
        centre_id: Uuid,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<HashMap<Uuid, ArrivalRecord>> {
        let rows: Vec<SummonsRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", summons_columns!(),
                " FROM summons WHERE centre_id = $1 AND whistled_at >= $2 AND whistled_at < $3"
            ))
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .fetch_all(pool)
            .await?
        });
        let mut by_department: HashMap<Uuid, Vec<Summons>> = HashMap::new();
        for s in rows.into_iter().map(Summons::from) {
            by_department.entry(s.department_id).or_default().push(s);
        }
        Ok(by_department
            .into_iter()
            .map(|(d, list)| (d, arrival_record(&list)))
            .collect())
    }
}
