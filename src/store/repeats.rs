//! Repeat visits (重复访): a new case's earlier cases, of the same person or between the same
//! pair of parties, looked for within the county, and the link a case keeps to the one it
//! repeats.

use super::cases::{current, ensure_one};
use super::rows::{CaseRow, case_columns, convert};
use super::{Entry, Result, Stamp, Store, StoreError, read, write_tx};
use crate::domain::case::CaseState;
use crate::domain::party::PartyRole;
use crate::domain::{Case, party, phone, resident_id};
use uuid::Uuid;

/// Why an earlier case was found for a new one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RepeatMatch {
    /// The same person: resident ID, or name and phone.
    SamePerson,
    /// The same applicant against the same respondent (names or IDs).
    SamePair,
}

/// An earlier case of the same person or the same pair of parties.
#[derive(Debug, Clone, PartialEq)]
pub struct EarlierCase {
    pub case: Case,
    pub by: RepeatMatch,
}

/// Who a new case is about, to look for their earlier cases.
#[derive(Debug, Clone, Default)]
pub struct PersonKey<'a> {
    pub resident_id: Option<&'a str>,
    pub name: &'a str,
    pub phone: Option<&'a str>,
}

/// A stored party as a key for the person lookup: an organisation is matched by ID only
/// (name and phone together identify a person, not a company).
fn person_key(p: &crate::domain::Party) -> PersonKey<'_> {
    PersonKey {
        resident_id: p.resident_id.as_deref(),
        name: if p.is_organisation {
            ""
        } else {
            p.name.as_str()
        },
        phone: p.phone.as_deref(),
    }
}

/// The centres of the county the centre bound to placeholder `$p` belongs to: its top
/// centre and every centre below it. A repeat visit is looked for there, not across other
/// counties that share the database.
macro_rules! county_centres {
    ($p:literal) => {
        concat!(
            "WITH RECURSIVE up (id, parent_id) AS (SELECT id, parent_id FROM centres WHERE id = ",
            $p,
            " UNION ALL SELECT c.id, c.parent_id FROM centres c JOIN up ON c.id = up.parent_id), \
             down (id) AS (SELECT id FROM up WHERE parent_id IS NULL \
             UNION ALL SELECT c.id FROM centres c JOIN down ON c.parent_id = down.id) SELECT id FROM down"
        )
    };
}

impl Store {
    /// Earlier cases of the same person: by resident ID, or by name and phone together when
    /// the resident IDs do not differ (one side has none).
    /// Typed input is normalised first (full-width digits, spaces, lower-case x).
    pub async fn earlier_cases_of(
        &self,
        person: &PersonKey<'_>,
        before: Option<Uuid>,
        within: Uuid,
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
                 (resident_id = $1) OR (name = $2 AND phone = $3 AND $2 <> '' \
                 AND ($1 IS NULL OR resident_id IS NULL OR resident_id = ''))) AND ($4 IS NULL OR id <> $4) \
                 AND centre_id IN (", county_centres!("$5"), ") ORDER BY received_at"
            ))
            .bind(&id)
            .bind(name)
            .bind(&tel)
            .bind(before)
            .bind(within)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Earlier cases between the same applicant and the same respondent: each side matched by
    /// resident ID, or by name (spaces and full-width characters in the typed name do not
    /// matter) when that side's resident IDs do not differ — two people of one name with
    /// different IDs are not the same party. A respondent is often an organisation with neither ID nor phone, so the pair
    /// of names is the evidence there is.
    pub async fn earlier_cases_of_pair(
        &self,
        applicant: &PersonKey<'_>,
        respondent: &PersonKey<'_>,
        before: Option<Uuid>,
        within: Uuid,
    ) -> Result<Vec<Case>> {
        let id = |p: &PersonKey<'_>| {
            p.resident_id
                .map(resident_id::normalize)
                .filter(|s| !s.is_empty())
        };
        let (a_name, a_key) = (applicant.name.trim(), party::name_key(applicant.name));
        let (r_name, r_key) = (respondent.name.trim(), party::name_key(respondent.name));
        if (a_key.is_empty() && id(applicant).is_none())
            || (r_key.is_empty() && id(respondent).is_none())
        {
            return Ok(Vec::new());
        }
        // Names are compared as typed (trimmed) and without spaces, both against the index.
        let rows: Vec<CaseRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT ", case_columns!(), " FROM cases WHERE id IN (SELECT a.case_id FROM parties a \
                 JOIN parties r ON r.case_id = a.case_id WHERE a.role = 'applicant' AND r.role = 'respondent' \
                 AND (a.resident_id = $1 OR (a.name IN ($2, $3) AND $3 <> '' \
                      AND ($1 IS NULL OR a.resident_id IS NULL OR a.resident_id = ''))) \
                 AND (r.resident_id = $4 OR (r.name IN ($5, $6) AND $6 <> '' \
                      AND ($4 IS NULL OR r.resident_id IS NULL OR r.resident_id = '')))) \
                 AND ($7 IS NULL OR id <> $7) AND centre_id IN (", county_centres!("$8"), ") ORDER BY received_at"
            ))
            .bind(id(applicant))
            .bind(a_name)
            .bind(&a_key)
            .bind(id(respondent))
            .bind(r_name)
            .bind(&r_key)
            .bind(before)
            .bind(within)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    /// Earlier cases of a stored case's applicants (same person) and of its applicant and
    /// respondent together (same pair), oldest first; a case found both ways counts as the
    /// same person. Only cases received before this one.
    pub async fn earlier_cases_for(&self, case_id: Uuid) -> Result<Vec<EarlierCase>> {
        let case = self.existing_case(case_id).await?;
        let parties = self.parties(case_id).await?;
        let mut found: Vec<EarlierCase> = Vec::new();
        let mut add = |cases: Vec<Case>, by: RepeatMatch| {
            for c in cases {
                if c.id != case.id
                    && c.received_at <= case.received_at
                    && !found.iter().any(|e| e.case.id == c.id)
                {
                    found.push(EarlierCase { case: c, by });
                }
            }
        };
        let applicants: Vec<_> = parties
            .iter()
            .filter(|p| p.role == PartyRole::Applicant)
            .collect();
        for a in &applicants {
            add(
                self.earlier_cases_of(&person_key(a), Some(case.id), case.centre_id)
                    .await?,
                RepeatMatch::SamePerson,
            );
        }
        for a in &applicants {
            for r in parties.iter().filter(|p| p.role == PartyRole::Respondent) {
                let (a_key, r_key) = (
                    PersonKey {
                        name: &a.name,
                        ..person_key(a)
                    },
                    PersonKey {
                        name: &r.name,
                        ..person_key(r)
                    },
                );
                add(
                    self.earlier_cases_of_pair(&a_key, &r_key, Some(case.id), case.centre_id)
                        .await?,
                    RepeatMatch::SamePair,
                );
            }
        }
        found.sort_by_key(|e| e.case.received_at);
        Ok(found)
    }

    /// Links a case to an earlier one of the same person as a repeat visit (重复访).
    pub async fn link_repeat(
        &self,
        case_id: Uuid,
        expected_version: i32,
        earlier: Uuid,
        stamp: &Stamp,
    ) -> Result<Case> {
        stamp.require(crate::domain::Permission::Triage)?;
        write_tx!(self, stamp, crate::domain::Permission::Triage, tx => {
            let (centre_id, _state): (Uuid, CaseState) = current!(tx, case_id, expected_version);
            let earlier_no: String = sqlx::query_scalar("SELECT case_no FROM cases WHERE id = $1")
                .bind(earlier)
                .fetch_optional(&mut *tx)
                .await?
                .ok_or(StoreError::NotFound { entity: "case", id: earlier })?;
            let done = sqlx::query("UPDATE cases SET repeat_of = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND version = $4")
                .bind(earlier)
                .bind(stamp.at())
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
}
