//! The demo: a fictional county centre (示范县) and two township centres under it, with their
//! departments, mediation committees, rooms and mediators, a morning of walk-ins in every state,
//! and as many closed historical cases as asked for.
//!
//! Everything goes through the `Store` API (intake → triage → whistle → room → outcome …), so
//! every case has its journal. People are made up from name tables; resident IDs carry a real
//! region code and a correct check character, so they pass validation.

mod categories;
mod data;
mod follow_ups;
mod history;
mod live;
mod morning;
mod people;
mod script;
mod today;

pub use data::{COUNTY_CODE, OPERATORS};
pub use history::seed_history;
pub use people::REGION_CODE;

use crate::domain::case::Level;
use crate::domain::clock::{day_start, local_day};
use crate::domain::department::DepartmentKind;
use crate::domain::phone::Phone;
use crate::domain::{Centre, Department, Mediator, Room};
use crate::store::{Stamp, Store, StoreError};
use chrono::{DateTime, Duration, Utc};
use data::{DeptSpec, MediatorSpec, RoomSpec};
use std::collections::HashMap;
use uuid::Uuid;

/// What the demo centres hold (all three centres together).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub centres: usize,
    /// Government departments (kind `department`).
    pub departments: usize,
    /// Professional mediation committees (kind `committee`).
    pub committees: usize,
    pub rooms: usize,
    pub mediators: usize,
    /// Cases received on `now`'s day (Beijing time).
    pub cases_today: usize,
    /// Cases received before `now`'s day: the imported history and the repeat visitor's
    /// three earlier visits.
    pub history: u64,
}

/// The township centres' codes, in the order they are seeded.
fn township_codes() -> impl Iterator<Item = &'static str> {
    data::TOWNSHIPS.iter().map(|t| t.code)
}

/// Seeds the demo county centre (code `county`) and the township centres `chengguan` and
/// `xinhe` under it: departments and committees, rooms, mediators, today's cases up to `now`
/// (placed on the morning of `now`'s day: see the module `script`), and `history` closed
/// cases over the past three years (`progress` gets the number of those done).
///
/// Idempotent: if centre `county` exists, nothing is seeded and the summary of what is there
/// is returned. (A seed interrupted half-way is not completed by a second call.)
pub async fn seed(
    store: &Store,
    now: DateTime<Utc>,
    history: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<DemoSummary, StoreError> {
    // Consoles started together on a new database seed it once: the others wait, then
    // find the centre there.
    let lock = store.setup_lock().await?;
    let summary = seed_once(store, now, history, progress).await;
    lock.release().await;
    summary
}

async fn seed_once(
    store: &Store,
    now: DateTime<Utc>,
    history: u64,
    progress: &mut dyn FnMut(u64),
) -> Result<DemoSummary, StoreError> {
    if store.centre_by_code(COUNTY_CODE).await?.is_none() {
        // The centre opened before the first historical case.
        let stamp = Stamp::system(
            crate::store::System::Demo,
            "",
            now - Duration::days(3 * 366),
        );
        let county = Centre {
            id: Uuid::now_v7(),
            code: COUNTY_CODE.into(),
            name: data::COUNTY_NAME.into(),
            level: Level::County,
            parent: None,
        };
        let county = store.ensure_centre(&county, &stamp).await?;
        let departments = add_departments(
            store,
            county.id,
            data::COUNTY_DEPARTMENTS
                .iter()
                .chain(data::COUNTY_COMMITTEES),
            &stamp,
        )
        .await?;
        let rooms = add_rooms(store, county.id, data::COUNTY_ROOMS, &stamp).await?;
        add_mediators(
            store,
            county.id,
            data::COUNTY_MEDIATORS,
            &departments,
            &stamp,
        )
        .await?;
        for t in data::TOWNSHIPS {
            let centre = Centre {
                id: Uuid::now_v7(),
                code: t.code.into(),
                name: t.name.into(),
                level: Level::Township,
                parent: Some(county.id),
            };
            let centre = store.ensure_centre(&centre, &stamp).await?;
            let depts = add_departments(store, centre.id, t.departments.iter(), &stamp).await?;
            add_rooms(store, centre.id, t.rooms, &stamp).await?;
            add_mediators(store, centre.id, t.mediators, &depts, &stamp).await?;
        }
        add_roster(store, county.id, local_day(now), &departments, &stamp).await?;
        // Residents per township, for the township ranking's cases per 10,000.
        store
            .set_population(county.id, data::TOWN_POPULATION, &stamp)
            .await?;
        let mediators: HashMap<String, Uuid> = store
            .mediators(county.id)
            .await?
            .into_iter()
            .map(|m| (m.name, m.id))
            .collect();
        today::script(county.id, now)
            .play(store, &departments, &rooms, &mediators)
            .await?;
        seed_history(store, &county, now, history, progress).await?;
    }
    summary(store, now).await
}

/// Counts what the demo centres hold; `now` says which day is today.
pub async fn summary(store: &Store, now: DateTime<Utc>) -> Result<DemoSummary, StoreError> {
    let mut s = DemoSummary::default();
    let since = day_start(local_day(now));
    for code in std::iter::once(COUNTY_CODE).chain(township_codes()) {
        let Some(centre) = store.centre_by_code(code).await? else {
            continue;
        };
        s.centres += 1;
        for d in store.departments(centre.id).await? {
            match d.kind {
                DepartmentKind::Department => s.departments += 1,
                DepartmentKind::Committee => s.committees += 1,
            }
        }
        let counts = store.counts(centre.id).await?;
        s.rooms += counts.rooms as usize;
        s.mediators += counts.mediators as usize;
        let today = store.cases_since(centre.id, since, 100_000).await?.len();
        s.cases_today += today;
        s.history += (counts.cases as u64).saturating_sub(today as u64);
    }
    Ok(s)
}

/// Today's duty roster: the leader the board escalates to, the lawyer in the legal-aid
/// room, the counsellor, and who each rotating department sent.
async fn add_roster(
    store: &Store,
    centre_id: Uuid,
    day: chrono::NaiveDate,
    departments: &HashMap<String, Uuid>,
    stamp: &Stamp,
) -> Result<(), StoreError> {
    use crate::domain::{Duty, RosterEntry};
    let mut entries = vec![
        (Duty::DutyLeader, None, data::DUTY_LEADER, "13907391001"),
        (Duty::Lawyer, None, data::DUTY_LAWYER, "13907391002"),
        (Duty::Counsellor, None, data::DUTY_COUNSELLOR, "13907391003"),
    ];
    for (dept, person, phone) in data::ROTATIONS {
        if let Some(&id) = departments.get(*dept) {
            entries.push((Duty::Rotation, Some(id), person, phone));
        }
    }
    for (duty, department_id, person, phone) in entries {
        let entry = RosterEntry {
            day,
            duty,
            department_id,
            person: person.to_string(),
            phone: Some(phone.to_string()),
        };
        store.set_roster(centre_id, &entry, stamp).await?;
    }
    Ok(())
}

async fn add_departments<'a>(
    store: &Store,
    centre_id: Uuid,
    specs: impl Iterator<Item = &'a DeptSpec>,
    stamp: &Stamp,
) -> Result<HashMap<String, Uuid>, StoreError> {
    let mut ids = HashMap::new();
    for spec in specs {
        let d = Department {
            id: Uuid::now_v7(),
            centre_id,
            name: spec.name.into(),
            kind: spec.kind,
            presence: spec.presence,
            arrival_window_min: spec.window,
            phone: Some(Phone::parse(spec.phone)?.as_str().to_string()),
        };
        store.add_department(&d, stamp).await?;
        ids.insert(d.name, d.id);
    }
    Ok(ids)
}

async fn add_rooms(
    store: &Store,
    centre_id: Uuid,
    specs: &[RoomSpec],
    stamp: &Stamp,
) -> Result<HashMap<String, Uuid>, StoreError> {
    let mut ids = HashMap::new();
    for spec in specs {
        let r = Room {
            id: Uuid::now_v7(),
            centre_id,
            name: spec.name.into(),
            kind: spec.kind,
            capacity: spec.capacity,
        };
        store.add_room(&r, stamp).await?;
        ids.insert(r.name, r.id);
    }
    Ok(ids)
}

async fn add_mediators(
    store: &Store,
    centre_id: Uuid,
    specs: &[MediatorSpec],
    departments: &HashMap<String, Uuid>,
    stamp: &Stamp,
) -> Result<(), StoreError> {
    for spec in specs {
        let m = Mediator {
            id: Uuid::now_v7(),
            centre_id,
            name: spec.name.into(),
            specialties: spec.specialties.iter().map(|s| s.to_string()).collect(),
            department_id: spec.dept.and_then(|d| departments.get(d).copied()),
            studio: spec.studio.map(str::to_string),
        };
        store.add_mediator(&m, stamp).await?;
    }
    Ok(())
}

/// The stamp of the demo's set-up writes (its operators): yidi itself, named as the demo.
pub fn stamp(at: DateTime<Utc>) -> Stamp {
    Stamp::system(crate::store::System::Demo, "", at)
}
