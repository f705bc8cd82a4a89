//! Centres and what each holds: departments and committees, mediators, rooms; and headline counts.

use super::rows::{CentreRow, DepartmentRow, MediatorRow, RoomRow, SPECIALTY_SEPARATOR, convert};
use super::{Entry, Result, Stamp, Store, read, write_tx};
use crate::domain::department::check_arrival_window;
use crate::domain::{Centre, Department, Mediator, Room};
use uuid::Uuid;

/// How much a centre holds, for a status line and for checking a seeded database.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CentreCounts {
    pub departments: i64,
    pub rooms: i64,
    pub mediators: i64,
    pub cases: i64,
    pub journal: i64,
}

impl Store {
    /// Stores a centre unless one with its code exists; returns the stored one.
    pub async fn ensure_centre(&self, centre: &Centre, stamp: &Stamp) -> Result<Centre> {
        if let Some(c) = self.centre_by_code(&centre.code).await? {
            return Ok(c);
        }
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query(
                "INSERT INTO centres (id, code, name, level, parent_id, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (code) DO NOTHING",
            )
            .bind(centre.id)
            .bind(&centre.code)
            .bind(&centre.name)
            .bind(centre.level.as_str())
            .bind(centre.parent)
            .bind(stamp.at())
            .execute(&mut *tx)
            .await?;
            let detail = format!("centre {} ({}, {})", centre.name, centre.code, centre.level);
            ((), Some(Entry { acting: None, centre_id: centre.id, case_id: None, action: "add_centre", detail, entity: "centre", entity_id: centre.id }))
        })?;
        self.centre_by_code(&centre.code)
            .await?
            .ok_or(super::StoreError::NotFound {
                entity: "centre",
                id: centre.id,
            })
    }

    pub async fn centre_by_code(&self, code: &str) -> Result<Option<Centre>> {
        let row: Option<CentreRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, code, name, level, parent_id FROM centres WHERE code = $1")
                .bind(code)
                .fetch_optional(pool)
                .await?
        });
        row.map(Centre::try_from).transpose()
    }

    pub async fn centres(&self) -> Result<Vec<Centre>> {
        let rows: Vec<CentreRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, code, name, level, parent_id FROM centres ORDER BY created_at, code")
                .fetch_all(pool)
                .await?
        });
        convert(rows)
    }

    pub async fn add_department(&self, d: &Department, stamp: &Stamp) -> Result<()> {
        check_arrival_window(d.arrival_window_min)?;
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query(
                "INSERT INTO departments (id, centre_id, name, kind, presence, arrival_window_min, phone) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(d.id)
            .bind(d.centre_id)
            .bind(&d.name)
            .bind(d.kind.as_str())
            .bind(d.presence.as_str())
            .bind(d.arrival_window_min)
            .bind(&d.phone)
            .execute(&mut *tx)
            .await?;
            let detail = format!("{} {} ({}, {} min)", d.kind, d.name, d.presence, d.arrival_window_min);
            ((), Some(Entry { acting: None, centre_id: d.centre_id, case_id: None, action: "add_department", detail, entity: "department", entity_id: d.id }))
        })
    }

    pub async fn departments(&self, centre_id: Uuid) -> Result<Vec<Department>> {
        let rows: Vec<DepartmentRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT id, centre_id, name, kind, presence, arrival_window_min, phone FROM departments \
                 WHERE centre_id = $1 AND active ORDER BY kind, name",
            )
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        convert(rows)
    }

    pub async fn add_mediator(&self, m: &Mediator, stamp: &Stamp) -> Result<()> {
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query(
                "INSERT INTO mediators (id, centre_id, name, specialties, department_id, studio) VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(m.id)
            .bind(m.centre_id)
            .bind(&m.name)
            .bind(m.specialties.join(SPECIALTY_SEPARATOR))
            .bind(m.department_id)
            .bind(&m.studio)
            .execute(&mut *tx)
            .await?;
            let detail = format!("mediator {} ({})", m.name, m.specialties.join(SPECIALTY_SEPARATOR));
            ((), Some(Entry { acting: None, centre_id: m.centre_id, case_id: None, action: "add_mediator", detail, entity: "mediator", entity_id: m.id }))
        })
    }

    pub async fn mediators(&self, centre_id: Uuid) -> Result<Vec<Mediator>> {
        let rows: Vec<MediatorRow> = read!(self, pool => {
            sqlx::query_as(
                "SELECT id, centre_id, name, specialties, department_id, studio FROM mediators \
                 WHERE centre_id = $1 AND active ORDER BY name",
            )
            .bind(centre_id)
            .fetch_all(pool)
            .await?
        });
        Ok(rows.into_iter().map(Into::into).collect())
    }

    pub async fn add_room(&self, r: &Room, stamp: &Stamp) -> Result<()> {
        write_tx!(self, stamp, crate::domain::Permission::Setup, tx => {
            sqlx::query("INSERT INTO rooms (id, centre_id, name, kind, capacity) VALUES ($1, $2, $3, $4, $5)")
                .bind(r.id)
                .bind(r.centre_id)
                .bind(&r.name)
                .bind(r.kind.as_str())
                .bind(r.capacity)
                .execute(&mut *tx)
                .await?;
            let detail = format!("room {} ({}, {} seats)", r.name, r.kind, r.capacity);
            ((), Some(Entry { acting: None, centre_id: r.centre_id, case_id: None, action: "add_room", detail, entity: "room", entity_id: r.id }))
        })
    }

    pub async fn rooms(&self, centre_id: Uuid) -> Result<Vec<Room>> {
        let rows: Vec<RoomRow> = read!(self, pool => {
            sqlx::query_as("SELECT id, centre_id, name, kind, capacity FROM rooms WHERE centre_id = $1 AND active ORDER BY name")
                .bind(centre_id)
                .fetch_all(pool)
                .await?
        });
        convert(rows)
    }

    pub async fn counts(&self, centre_id: Uuid) -> Result<CentreCounts> {
        let row: (i64, i64, i64, i64, i64) = read!(self, pool => {
            sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM departments WHERE centre_id = $1), \
                        (SELECT COUNT(*) FROM rooms WHERE centre_id = $1), \
                        (SELECT COUNT(*) FROM mediators WHERE centre_id = $1), \
                        (SELECT COUNT(*) FROM cases WHERE centre_id = $1), \
                        (SELECT COUNT(*) FROM journal WHERE centre_id = $1)",
            )
            .bind(centre_id)
            .fetch_one(pool)
            .await?
        });
        Ok(CentreCounts {
            departments: row.0,
            rooms: row.1,
            mediators: row.2,
            cases: row.3,
            journal: row.4,
        })
    }
}
