//! Rows for `yidi export`, fetched a page at a time (keyset on time and id): one query per
//! page, never one per case, so an export of any size runs in bounded memory.

use super::{Result, Store, read};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

/// Rows per page.
pub const PAGE: i64 = 2_000;

/// One case as the ledger export writes it, with its first applicant.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LedgerRow {
    pub id: Uuid,
    pub case_no: String,
    pub received_at: DateTime<Utc>,
    pub channel: String,
    pub category: String,
    pub township: Option<String>,
    pub state: String,
    pub settled_as: Option<String>,
    pub handling: Option<String>,
    pub lead_department: Option<String>,
    pub group_persons: i32,
    pub applicant: Option<String>,
    pub is_organisation: Option<bool>,
    pub resident_id: Option<String>,
    pub phone: Option<String>,
    pub agreement_no: Option<String>,
    pub judicial_confirmation: Option<String>,
    pub litigation_track: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

/// One follow-up as exported.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct FollowUpExportRow {
    pub id: Uuid,
    pub case_no: String,
    pub at: DateTime<Utc>,
    pub by_whom: String,
    pub satisfaction: i32,
    pub problem_found: bool,
    pub note: String,
}

impl Store {
    /// The next page of the centre's cases received on the days `from..=to`, after the row
    /// `after` (its received time and id), oldest first.
    pub async fn ledger_page(
        &self,
        centre_id: Uuid,
        from: NaiveDate,
        to: NaiveDate,
        after: Option<(DateTime<Utc>, Uuid)>,
    ) -> Result<Vec<LedgerRow>> {
        let (at, id) = after.unzip();
        read!(self, pool => {
            Ok(sqlx::query_as(
                "SELECT c.id, c.case_no, c.received_at, c.channel, c.category, c.township, c.state, c.settled_as, \
                   c.handling, d.name AS lead_department, c.group_persons, p.name AS applicant, p.is_organisation, \
                   p.resident_id, p.phone, c.agreement_no, c.judicial_confirmation, c.litigation_track, c.closed_at \
                 FROM cases c \
                 LEFT JOIN departments d ON d.id = c.lead_department_id \
                 LEFT JOIN parties p ON p.case_id = c.id AND p.seq = \
                   (SELECT MIN(q.seq) FROM parties q WHERE q.case_id = c.id AND q.role = 'applicant') \
                 WHERE c.centre_id = $1 AND c.received_day BETWEEN $2 AND $3 \
                   AND ($4 IS NULL OR c.received_at > $4 OR (c.received_at = $4 AND c.id > $5)) \
                 ORDER BY c.received_at, c.id LIMIT $6",
            )
            .bind(centre_id)
            .bind(from)
            .bind(to)
            .bind(at)
            .bind(id)
            .bind(PAGE)
            .fetch_all(pool)
            .await?)
        })
    }

    /// The next page of follow-ups recorded on the days `from..=to` on the centre's cases.
    pub async fn follow_up_page(
        &self,
        centre_id: Uuid,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
        after: Option<(DateTime<Utc>, Uuid)>,
    ) -> Result<Vec<FollowUpExportRow>> {
        let (at, id) = after.unzip();
        read!(self, pool => {
            Ok(sqlx::query_as(
                "SELECT f.id, c.case_no, f.at, f.by_whom, f.satisfaction, f.problem_found, f.note \
                 FROM follow_ups f CROSS JOIN cases c \
                 WHERE c.id = f.case_id AND c.centre_id = $1 AND f.at >= $2 AND f.at < $3 \
                   AND ($4 IS NULL OR f.at > $4 OR (f.at = $4 AND f.id > $5)) \
                 ORDER BY f.at, f.id LIMIT $6",
            )
            .bind(centre_id)
            .bind(start)
            .bind(end)
            .bind(at)
            .bind(id)
            .bind(PAGE)
            .fetch_all(pool)
            .await?)
        })
    }
}
