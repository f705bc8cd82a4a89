//! Bulk loading of closed historical cases (for scale tests and the demo), many per statement.

use super::{Entry, Result, Stamp, Store, write_tx};
use crate::domain::figures::{settled_as, township_of};
use crate::domain::{Case, Party, PartyRole};
use uuid::Uuid;

/// Rows per multi-row INSERT: 36 columns × 900 stays under SQLite's 32,766 variables.
const ROWS_PER_STATEMENT: usize = 900;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HistoryStats {
    pub cases: u64,
    pub parties: u64,
}

impl Store {
    /// Stores already-closed cases with their parties and one `import` journal entry each,
    /// in one transaction per call (call it with batches of a few thousand).
    pub async fn import_history(
        &self,
        centre_id: Uuid,
        batch: &[(Case, Vec<Party>)],
        stamp: &Stamp,
    ) -> Result<HistoryStats> {
        if batch.is_empty() {
            return Ok(HistoryStats::default());
        }
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            let mut stats = HistoryStats::default();
            for chunk in batch.chunks(ROWS_PER_STATEMENT) {
                let mut q = sqlx::QueryBuilder::new(
                    "INSERT INTO cases (id, centre_id, case_no, tracking_token, channel, category, description, state, \
                     stream, handling, level, lead_department_id, first_handler, group_batches, group_persons, lanes, \
                     court_case_no, outcome_note, received_at, accept_due, convene_due, reply_due, closed_at, \
                     created_by, updated_at, version, accepted_at, convened_at, explained_at, agreement_no, \
                     judicial_confirmation, litigation_track, settled_as, settled_at, township, repeat_of) ",
                );
                q.push_values(chunk, |mut b, (c, parties)| {
                    let settled = settled_as(
                        c.state,
                        c.court.agreement_no.is_some(),
                        c.court.litigation_track.is_some(),
                        c.marks.explained.is_some(),
                    );
                    let township = parties
                        .iter()
                        .find(|p| p.role == PartyRole::Applicant)
                        .and_then(|p| township_of(&p.address));
                    b.push_bind(c.id)
                        .push_bind(c.centre_id)
                        .push_bind(c.case_no.clone())
                        .push_bind(c.tracking_token)
                        .push_bind(c.channel.as_str())
                        .push_bind(c.category.clone())
                        .push_bind(c.description.clone())
                        .push_bind(c.state.as_str())
                        .push_bind(c.stream.map(|s| s.as_str()))
                        .push_bind(c.handling.map(|s| s.as_str()))
                        .push_bind(c.level.map(|s| s.as_str()))
                        .push_bind(c.lead_department)
                        .push_bind(c.first_handler.clone())
                        .push_bind(c.group_batches)
                        .push_bind(c.group_persons)
                        .push_bind(c.lanes.bits())
                        .push_bind(c.court_case_no.clone())
                        .push_bind(c.outcome_note.clone())
                        .push_bind(c.received_at)
                        .push_bind(c.deadlines.accept)
                        .push_bind(c.deadlines.convene)
                        .push_bind(c.deadlines.reply)
                        .push_bind(c.closed_at)
                        .push_bind(stamp.actor().to_string())
                        .push_bind(c.closed_at.unwrap_or(c.received_at))
                        .push_bind(c.version)
                        .push_bind(c.marks.accepted)
                        .push_bind(c.marks.convened)
                        .push_bind(c.marks.explained)
                        .push_bind(c.court.agreement_no.clone())
                        .push_bind(c.court.judicial_confirmation.map(|j| j.as_str()))
                        .push_bind(c.court.litigation_track.map(|t| t.as_str()))
                        .push_bind(settled.map(|s| s.as_str()))
                        .push_bind(settled.and(c.closed_at))
                        .push_bind(township)
                        .push_bind(c.repeat_of);
                });
                q.build().execute(&mut *tx).await?;
                stats.cases += chunk.len() as u64;

                let parties: Vec<(Uuid, usize, &Party)> =
                    chunk.iter().flat_map(|(c, ps)| ps.iter().enumerate().map(move |(n, p)| (c.id, n, p))).collect();
                for part in parties.chunks(ROWS_PER_STATEMENT) {
                    let mut q = sqlx::QueryBuilder::new(
                        "INSERT INTO parties (id, case_id, seq, role, name, is_organisation, resident_id, phone, address) ",
                    );
                    q.push_values(part, |mut b, (case_id, n, p)| {
                        b.push_bind(Uuid::now_v7())
                            .push_bind(*case_id)
                            .push_bind(*n as i32)
                            .push_bind(p.role.as_str())
                            .push_bind(p.name.clone())
                            .push_bind(p.is_organisation)
                            .push_bind(p.resident_id.clone())
                            .push_bind(p.phone.clone())
                            .push_bind(p.address.clone());
                    });
                    q.build().execute(&mut *tx).await?;
                    stats.parties += part.len() as u64;
                }

                let mut q = sqlx::QueryBuilder::new("INSERT INTO journal (centre_id, case_id, at, actor, action, detail, entity, entity_id) ");
                q.push_values(chunk, |mut b, (c, _)| {
                    b.push_bind(c.centre_id)
                        .push_bind(c.id)
                        .push_bind(stamp.at())
                        .push_bind(stamp.actor().to_string())
                        .push_bind("import")
                        .push_bind(format!("imported closed case {} ({})", c.case_no, c.state))
                        .push_bind("case")
                        .push_bind(c.id);
                });
                q.build().execute(&mut *tx).await?;
            }
            let detail = format!("history import: {} cases", stats.cases);
            (stats, Some(Entry { acting: None, centre_id, case_id: None, action: "import_history", detail, entity: "centre", entity_id: centre_id }))
        })
    }
}
