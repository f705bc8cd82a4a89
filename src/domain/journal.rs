//! The append-only journal (流转记录) and the change feed rows other consoles read.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// One recorded step: who did what, when, to which case.
#[derive(Debug, Clone, PartialEq)]
pub struct JournalEntry {
    pub id: i64,
    pub centre_id: Uuid,
    pub case_id: Option<Uuid>,
    pub at: DateTime<Utc>,
    pub actor: String,
    /// A stable verb, e.g. `intake`, `triage`, `whistle`.
    pub action: String,
    /// Human-readable detail of the change.
    pub detail: String,
}

/// One committed write, as seen by other consoles: what kind of thing changed and which.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub id: i64,
    pub centre_id: Uuid,
    /// `case`, `ticket`, `summons`, `room`, `department`, ...
    pub entity: String,
    pub entity_id: Uuid,
    pub at: DateTime<Utc>,
    /// The case the write touched, if any (rows before migration 0012 say `None`).
    pub case_id: Option<Uuid>,
    /// The journal action (`intake`, `whistle`, `arrive`, ...); `None` on rows before 0012.
    pub action: Option<String>,
}
