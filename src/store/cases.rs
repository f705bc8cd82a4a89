//! Cases: intake (idempotent), reading, triage and every state change, each with its journal entry.

use super::rows::{
    CaseRow, PartyRow, TicketRow, case_columns, convert, party_columns, ticket_columns,
};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::{CaseEvent, CaseState, Handling, Level, Stream, case_no};
use crate::domain::clock::local_day;
use crate::domain::party::PartyRole;
use crate::domain::sla::Deadlines;
use crate::domain::ticket::TicketState;
use crate::domain::{Case, Intake, JournalEntry, Party, Ticket, phone, resident_id};
use uuid::Uuid;

/// Reads a case's centre and state inside a write, refusing a stale version.
macro_rules! current {
    ($tx:ident, $case_id:expr, $expected:expr) => {{
        let row: Option<(Uuid, String, i32)> =
            sqlx::query_as("SELECT centre_id, state, version FROM cases WHERE id = $1")
                .bind($case_id)
                .fetch_optional(&mut *$tx)
                .await?;
        let Some((centre_id, state, version)) = row else {
            return Err(StoreError::NotFound {
                entity: "case",
                id: $case_id,
            });
        };
        if version != $expected {
            return Err(StoreError::Conflict {
                entity: "case",
                id: $case_id,
                expected: $expected,
                actual: version,
            });
        }
        let state = CaseState::parse(&state)
            .ok_or_else(|| StoreError::Corrupt(format!("case state {state:?}")))?;
        (centre_id, state)
    }};
}
pub(crate) use current;

/// Fails the write when a guarded `UPDATE … AND version = $n` touched no row: another
/// console committed in between (PostgreSQL reads committed data, not a snapshot).
macro_rules! ensure_one {
    ($tx:ident, $done:expr, $entity:literal, $table:literal, $id:expr, $expected:expr) => {
        if $done.rows_affected() != 1 {
            let actual: i32 =
                sqlx::query_scalar(concat!("SELECT version FROM ", $table, " WHERE id = $1"))
                    .bind($id)
                    .fetch_one(&mut *$tx)
                    .await?;
            return Err(StoreError::Conflict {
                entity: $entity,
                id: $id,
                expected: $expected,
                actual,
            });
        }
    };
}
pub(crate) use ensure_one;

/// What the window gets back from an intake.
#[derive(Debug, Clone)]
pub struct IntakeReceipt {
    pub case: Case,
    pub ticket: Option<Ticket>,
    /// False when this intake id was stored before (a retry): nothing new was written.
    pub created: bool,
}

/// The triage decision (分流交办) for a case.
#[derive(Debug, Clone, PartialEq)]
pub struct Triage {
    pub stream: Stream,
    pub handling: Handling,
    pub level: Level,
    pub lead_department: Option<Uuid>,
    pub cooperating: Vec<Uuid>,
    pub first_handler: String,
}

/// Kept in the journal: what a case was registered with, personal data masked.
fn intake_detail(i: &Intake) -> String {
    let parties: Vec<String> = i
        .parties
        .iter()
        .map(|p| {
            // Names masked too: the journal is shown on screens (the timeline) and in audits;
            // the parties table keeps the full record.
            let name = if p.is_organisation {
                p.name.clone()
            } else {
                crate::domain::party::mask_name(&p.name)
            };
            let mut s = format!("{}:{name}", p.role);
            if let Some(id) = &p.resident_id {
                s += &format!(" id {}", resident_id::mask(id));
            }
            if let Some(ph) = &p.phone {
                s += &format!(" tel {}", phone::mask(ph));
            }
            s
        })
        .collect();
    format!(
        "channel {}; category {}; persons {} in {} batch(es); parties {}",
        i.channel,
        i.category,
        i.group_persons,
        i.group_batches,
        parties.join(", ")
    )
}

impl Store {
    /// Registers a case (and a ticket for those at the window) in one transaction.
    /// Idempotent on `intake.id`: a retry returns the stored case and writes nothing.
    ///
    /// Round trips are what an intake costs on SQLite, so the day's two counters move in
    /// one statement, the parties go in one, and the receipt is built from what was written
    /// rather than read back.
    pub async fn intake(
        &self,
        intake: &Intake,
        deadlines: Deadlines,
        stamp: &Stamp,
    ) -> Result<IntakeReceipt> {
        stamp.require(crate::domain::Permission::Intake)?;
        let intake = intake.clone().validated()?;
        let day = local_day(stamp.at());
        let token = Uuid::new_v4();
        let ticket_id = Uuid::now_v7();
        // Case numbers come from one sequence per county (the root of the centre tree), so a
        // case escalated into its parent centre never meets a case with its number there;
        // tickets are per site.
        // The township of the first applicant's address, for the figures' breakdown.
        let township = intake
            .parties
            .iter()
            .find(|p| p.role == crate::domain::PartyRole::Applicant)
            .and_then(|p| crate::domain::figures::township_of(&p.address));
        let sql = super::intake_sql::intake_statement(self.backend(), intake.parties.len());
        let prefix = format!("YD{}-", day.format("%Y%m%d"));
        let detail = intake_detail(&intake);
        // The statement with every value bound; built afresh for each attempt.
        macro_rules! bound {
            () => {{
                let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql.as_str()))
                    .bind(intake.centre_id)
                    .bind(day)
                    // A walk-in also draws a ticket; otherwise the second row is a harmless
                    // no-ticket tally.
                    .bind(if intake.takes_ticket() {
                        "ticket"
                    } else {
                        "no_ticket"
                    })
                    .bind(intake.id)
                    .bind(&prefix)
                    .bind(token)
                    .bind(intake.channel.as_str())
                    .bind(&intake.category)
                    .bind(&intake.description)
                    .bind(CaseState::Registered.as_str())
                    .bind(intake.group_batches)
                    .bind(intake.group_persons)
                    .bind(intake.lanes.bits())
                    .bind(&intake.court_case_no)
                    .bind(intake.repeat_of)
                    .bind(intake.handling_hint.map(|h| h.as_str()))
                    .bind(stamp.at())
                    .bind(deadlines.accept)
                    .bind(deadlines.convene)
                    .bind(deadlines.reply)
                    .bind(stamp.actor())
                    .bind(township.clone())
                    .bind("intake")
                    .bind(&detail)
                    .bind(ticket_id)
                    .bind(TicketState::Waiting.as_str());
                for (n, p) in intake.parties.iter().enumerate() {
                    q = q
                        .bind(Uuid::now_v7())
                        .bind(n as i32)
                        .bind(p.role.as_str())
                        .bind(p.name.clone())
                        .bind(p.is_organisation)
                        .bind(p.resident_id.clone())
                        .bind(p.phone.clone())
                        .bind(p.address.clone());
                }
                q
            }};
        }
        // Counters, case, parties, ticket and the journal entry (whose trigger feeds the change
        // feed) in one transaction and one call to the database — see `intake_sql`. This is
        // the one write not framed by `write_tx!`: the transaction is inside the statement.
        // The operator's standing (enabled, roles now, this centre theirs) is read just before,
        // not inside, the one statement: an operator disabled in that millisecond gets this
        // one intake in. Every other write reads it inside its transaction.
        self.standing(stamp, crate::domain::Permission::Intake, intake.centre_id)
            .await?;
        let mut attempt = 0u32;
        let result: Result<Vec<(String, i64)>> = loop {
            attempt += 1;
            let done: Result<Vec<(String, i64)>> = match &self.pool {
                super::Pool::Sqlite(pool) => {
                    async {
                        let mut conn =
                            super::intake_sql::UntilCommitted::new(pool.acquire().await?);
                        let done = bound!()
                            .fetch_all(&mut *conn.conn)
                            .await
                            .map_err(StoreError::from);
                        if done.is_ok() {
                            conn.committed();
                        }
                        done
                    }
                    .await
                }
                super::Pool::Postgres(pool) => {
                    bound!().fetch_all(pool).await.map_err(StoreError::from)
                }
            };
            match done {
                Err(e) if e.is_busy() && attempt < 8 => {
                    tokio::time::sleep(std::time::Duration::from_millis(5 << attempt)).await;
                }
                other => break other,
            }
        };
        let result = result.map(|counters| {
            let seq_of = |name: &str| {
                counters
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, v)| *v)
                    .unwrap_or(0)
            };
            (seq_of("case"), seq_of("ticket"))
        });
        let (case_seq, ticket_seq) = match result {
            Ok(seqs) => seqs,
            // A retry of an intake already stored (perhaps by another console at this moment).
            // Only the operator who stored it gets its receipt back: an intake id that turns up
            // in another operator's form (a copied draft) must not hand them someone else's case.
            Err(e) if e.is_unique_violation() => {
                let creator: Option<String> = read!(self, pool => {
                    sqlx::query_scalar("SELECT created_by FROM cases WHERE id = $1")
                        .bind(intake.id)
                        .fetch_optional(pool)
                        .await?
                });
                return match creator {
                    Some(by) if by != stamp.actor() => Err(StoreError::IntakeIdTaken),
                    Some(_) => match self.stored_intake(intake.id).await? {
                        Some(receipt) => Ok(receipt),
                        None => Err(e),
                    },
                    None => Err(e),
                };
            }
            Err(e) => return Err(e),
        };
        let case = Case {
            id: intake.id,
            centre_id: intake.centre_id,
            case_no: case_no(day, case_seq),
            tracking_token: token,
            channel: intake.channel,
            category: intake.category.clone(),
            description: intake.description.clone(),
            state: CaseState::Registered,
            stream: None,
            handling: intake.handling_hint,
            level: None,
            lead_department: None,
            first_handler: None,
            group_batches: intake.group_batches,
            group_persons: intake.group_persons,
            lanes: intake.lanes,
            court_case_no: intake.court_case_no.clone(),
            repeat_of: intake.repeat_of,
            outcome_note: None,
            received_at: stamp.at(),
            deadlines,
            marks: Default::default(),
            court: Default::default(),
            closed_at: None,
            version: 1,
        };
        let ticket = intake.takes_ticket().then_some(Ticket {
            id: ticket_id,
            centre_id: intake.centre_id,
            case_id: intake.id,
            day,
            seq: ticket_seq as i32,
            lanes: intake.lanes,
            state: TicketState::Waiting,
            window: None,
            issued_at: stamp.at(),
            called_at: None,
            version: 1,
        });
        Ok(IntakeReceipt {
            case,
            ticket,
            created: true,
        })
    }

    async fn stored_intake(&self, id: Uuid) -> Result<Option<IntakeReceipt>> {
        let Some(case) = self.case(id).await? else {
            return Ok(None);
        };
        let ticket = self.ticket_for_case(id).await?;
        Ok(Some(IntakeReceipt {
            case,
            ticket,
            created: false,
        }))
    }

    pub async fn case(&self, id: Uuid) -> Result<Option<Case>> {
        let row: Option<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", case_columns!(), " FROM cases WHERE id = $1"))
                .bind(id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Case::try_from).transpose()
    }

    /// A case that must exist (it was just written): `NotFound` otherwise.
    pub async fn existing_case(&self, id: Uuid) -> Result<Case> {
        self.case(id)
            .await?
            .ok_or(StoreError::NotFound { entity: "case", id })
    }

    pub async fn case_by_token(&self, token: Uuid) -> Result<Option<Case>> {
        let row: Option<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", case_columns!(), " FROM cases WHERE tracking_token = $1"))
                .bind(token)
                .fetch_optional(pool)
                .await?
        });
        row.map(Case::try_from).transpose()
    }

    pub async fn parties(&self, case_id: Uuid) -> Result<Vec<Party>> {
        let rows: Vec<PartyRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", party_columns!(), " FROM parties WHERE case_id = $1 ORDER BY seq"))
                .bind(case_id)
                .fetch_all(pool)
                .await?
        });
        convert(rows)
    }

    pub async fn ticket_for_case(&self, case_id: Uuid) -> Result<Option<Ticket>> {
        let row: Option<TicketRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE case_id = $1"))
                .bind(case_id)
                .fetch_optional(pool)
                .await?
        });
        row.map(Ticket::try_from).transpose()
    }

    /// Today's tickets at a centre, in the order they were issued.
    pub async fn tickets_on(&self, centre_id: Uuid, day: chrono::NaiveDate) -> Result<Vec<Ticket>> {
        let rows: Vec<TicketRow> = read!(self, pool => {
            sqlx::query_as(concat!("SELECT ", ticket_columns!(), " FROM tickets WHERE centre_id = $1 AND day = $2 ORDER BY seq"))
                .bind(centre_id)
                .bind(day)
                .fetch_all(pool)
                .await?
        });
        convert(rows)
    }

    /// Cases of a centre received since `since`, newest first (at most `limit`).
    pub async fn cases_since(
        &self,
        centre_id: Uuid,
        since: chrono::DateTime<chrono::Utc>,
        limit: i64,
    ) -> Result<Vec<Case>> {
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(),
                " FROM cases WHERE centre_id = $1 AND received_at >= $2 ORDER BY received_at DESC LIMIT $3"
            ))
            .bind(centre_id)
            .bind(since)
            .bind(limit)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Earlier cases in which a person with this resident ID was an applicant.
    pub async fn cases_of_resident(&self, resident_id_text: &str) -> Result<Vec<Case>> {
        let id = resident_id::normalize(resident_id_text);
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(), " FROM cases WHERE id IN \
                 (SELECT case_id FROM parties WHERE resident_id = $1 AND role = $2) ORDER BY received_at"
            ))
            .bind(&id)
            .bind(PartyRole::Applicant.as_str())
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Records the triage decision. `expected_version` is the version the operator saw.
    pub async fn triage(
        &self,
        case_id: Uuid,
        expected_version: i32,
        t: &Triage,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(crate::domain::Permission::Triage)?;
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(CaseEvent::Triage)?;
            let done = sqlx::query(
                "UPDATE cases SET state = $1, stream = $2, handling = $3, level = $4, lead_department_id = $5, \
                 first_handler = $6, updated_at = $7, accepted_at = COALESCE(accepted_at, $7), version = version + 1 \
                 WHERE id = $8 AND version = $9",
            )
            .bind(next.as_str())
            .bind(t.stream.as_str())
            .bind(t.handling.as_str())
            .bind(t.level.as_str())
            .bind(t.lead_department)
            .bind(&t.first_handler)
            .bind(stamp.at())
            .bind(case_id)
            .bind(expected_version)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            // A unit no longer ticked leaves the case (kept, with when it left).
            let listed: Vec<Uuid> = sqlx::query_scalar(
                "SELECT department_id FROM case_departments WHERE case_id = $1 AND removed_at IS NULL",
            )
            .bind(case_id)
            .fetch_all(&mut *tx)
            .await?;
            for gone in listed.iter().filter(|d| !t.cooperating.contains(d)) {
                sqlx::query("UPDATE case_departments SET removed_at = $1 WHERE case_id = $2 AND department_id = $3")
                    .bind(stamp.at())
                    .bind(case_id)
                    .bind(gone)
                    .execute(&mut *tx)
                    .await?;
            }
            for dept in &t.cooperating {
                sqlx::query(
                    "INSERT INTO case_departments (case_id, department_id, added_at) VALUES ($1, $2, $3) \
                     ON CONFLICT (case_id, department_id) DO UPDATE SET removed_at = NULL",
                )
                .bind(case_id)
                .bind(dept)
                .bind(stamp.at())
                .execute(&mut *tx)
                .await?;
            }
            let detail = format!(
                "stream {}; handling {}; level {}; first handler {}; {} cooperating unit(s)",
                t.stream, t.handling, t.level, t.first_handler, t.cooperating.len()
            );
            ((), Some(Entry::case(centre_id, case_id, "triage", detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// Moves a case by one event of the state machine, with an optional note (outcome,
    /// agreement number, explanation). An illegal move is an error and changes nothing.
    pub async fn transition(
        &self,
        case_id: Uuid,
        expected_version: i32,
        event: CaseEvent,
        note: Option<&str>,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(
            if matches!(
                event,
                CaseEvent::Resolve | CaseEvent::Close | CaseEvent::RecordFollowUp
            ) {
                crate::domain::Permission::Close
            } else {
                crate::domain::Permission::Triage
            },
        )?;
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
            let (centre_id, state) = current!(tx, case_id, expected_version);
            let next = state.apply(event)?;
            let closed_at = (next == CaseState::Closed).then_some(stamp.at());
            // The step that settles a case (withdrawn, resolved on the spot…) ties its loose ends.
            if next.is_settled() && !state.is_settled() {
                let reason = note.map_or_else(|| event.as_str().to_string(), |n| format!("{event}: {n}"));
                super::closing::tie_loose_ends!(tx, stamp, centre_id, case_id, reason.as_str());
            }
            let done = sqlx::query(
                "UPDATE cases SET state = $1, outcome_note = COALESCE($2, outcome_note), \
                 closed_at = COALESCE($3, closed_at), updated_at = $4, version = version + 1, \
                 convened_at = CASE WHEN $7 THEN COALESCE(convened_at, $4) ELSE convened_at END \
                 WHERE id = $5 AND version = $6",
            )
            .bind(next.as_str())
            .bind(note)
            .bind(closed_at)
            .bind(stamp.at())
            .bind(case_id)
            .bind(expected_version)
            .bind(event == CaseEvent::OpenSession)
            .execute(&mut *tx)
            .await?;
            ensure_one!(tx, done, "case", "cases", case_id, expected_version);
            let detail = match note {
                Some(n) => format!("{state} → {next}: {n}"),
                None => format!("{state} → {next}"),
            };
            ((), Some(Entry::case(centre_id, case_id, event.as_str(), detail)))
        })?;
        self.existing_case(case_id).await
    }

    /// The append-only history of one case, oldest first.
    pub async fn journal_for_case(&self, case_id: Uuid) -> Result<Vec<JournalEntry>> {
        let rows: Vec<super::rows::JournalRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, centre_id, case_id, at, actor, action, detail FROM journal WHERE case_id = $1 ORDER BY id")
                .bind(case_id)
                .fetch_all(pool)
                .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }
}
