//! What a case file shows beyond the case's own rows, each in one query scoped to the case:
//! its departments by name, its open summonses with their departments and notices, the
//! rooms it holds. (Before: the centre's whole department, summons and room lists, and one
//! query per summons for its notice.)

use super::rows::{SummonsRow, summons_columns};
use super::{Result, Store, read};
use crate::domain::Summons;
use crate::domain::notice::NoticeState;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The case file's parts about departments, summonses and rooms.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CaseFileLinks {
    /// Department names with their part, `"lead"` first, then `"cooperating"`.
    pub departments: Vec<(String, &'static str)>,
    /// Summonses still waiting at the case's centre, with the department's name and whether
    /// it was told.
    pub summons: Vec<(String, Summons, Option<NoticeState>)>,
    /// Rooms the case holds now: name and since when.
    pub rooms: Vec<(String, DateTime<Utc>)>,
}

#[derive(sqlx::FromRow)]
struct OpenSummonsRow {
    #[sqlx(flatten)]
    summons: SummonsRow,
    department: Option<String>,
    notice: Option<String>,
}

impl Store {
    /// Three small queries, whatever the number of summonses or departments.
    pub async fn case_file_links(&self, case_id: Uuid, centre_id: Uuid) -> Result<CaseFileLinks> {
        let departments: Vec<(String, i32)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT name, part FROM ( \
                   SELECT d.name, 0 AS part, c.received_at AS added_at, d.id AS department_id \
                     FROM cases c JOIN departments d ON d.id = c.lead_department_id WHERE c.id = $1 \
                   UNION ALL \
                   SELECT d.name, 1 AS part, cd.added_at, cd.department_id \
                     FROM case_departments cd JOIN departments d ON d.id = cd.department_id \
                     WHERE cd.case_id = $1 AND cd.removed_at IS NULL) x \
                 ORDER BY part, added_at, department_id",
            )
            .bind(case_id)
            .fetch_all(pool)
            .await?
        });
        let summons: Vec<OpenSummonsRow> = read!(self, pool => {
            sqlx::query_as(concat!(
                "SELECT x.*, (SELECT d.name FROM departments d WHERE d.id = x.department_id) AS department, \
                   (SELECT n.state FROM notices n WHERE n.summons_id = x.id AND n.kind IN ('whistle', 'rewhistle') \
                      ORDER BY n.created_at DESC, n.id DESC LIMIT 1) AS notice \
                 FROM (SELECT ", summons_columns!(), " FROM summons WHERE case_id = $1 AND centre_id = $2 \
                   AND arrived_at IS NULL AND cancelled_at IS NULL) x ORDER BY x.due_at"
            ))
            .bind(case_id)
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        let rooms: Vec<(String, DateTime<Utc>)> = read!(self, pool => {
            sqlx::query_as(
                "SELECT r.name, b.started_at FROM room_bookings b JOIN rooms r ON r.id = b.room_id \
                 WHERE b.case_id = $1 AND b.centre_id = $2 AND b.released_at IS NULL ORDER BY b.started_at",
            )
            .bind(case_id)
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        Ok(CaseFileLinks {
            departments: departments
                .into_iter()
                .map(|(name, part)| (name, if part == 0 { "lead" } else { "cooperating" }))
                .collect(),
            summons: summons
                .into_iter()
                .map(|r| {
                    let s: Summons = r.summons.into();
                    let name = r.department.unwrap_or_else(|| s.department_id.to_string());
                    (name, s, r.notice.as_deref().and_then(NoticeState::parse))
                })
                .collect(),
            rooms,
        })
    }
}
