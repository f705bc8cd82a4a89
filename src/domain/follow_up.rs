//! The follow-up visit (回访) after a case is closed.

use super::validation::{Field, Problem, ValidationError};
use chrono::{DateTime, Utc};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
pub struct FollowUp {
    pub id: Uuid,
    pub case_id: Uuid,
    pub at: DateTime<Utc>,
    pub by: String,
    /// 1 (very dissatisfied) to 5 (very satisfied).
    pub satisfaction: i32,
    pub note: String,
    /// A problem found means the case is re-assigned.
    pub problem_found: bool,
}

pub fn check_satisfaction(score: i32) -> Result<i32, ValidationError> {
    if (1..=5).contains(&score) {
        Ok(score)
    } else {
        Err(ValidationError::new(
            Field::Satisfaction,
            Problem::OutOfRange {
                min: 1,
                max: 5,
                got: score.into(),
            },
        ))
    }
}
