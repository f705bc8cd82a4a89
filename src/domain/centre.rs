//! A centre: one site (county, township or village) in a tree of centres.

use super::case::Level;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Centre {
    pub id: Uuid,
    /// Short stable code used on the command line, e.g. `county`.
    pub code: String,
    pub name: String,
    pub level: Level,
    pub parent: Option<Uuid>,
}
