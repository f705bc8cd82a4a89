//! The day's queue ticket (取号), e.g. `A007`.

use super::case::{Lanes, text_enum};
use chrono::{DateTime, NaiveDate, Utc};
use uuid::Uuid;

text_enum!(
    TicketState {
        Waiting = "waiting",
        Called = "called",
        Served = "served",
        NoShow = "no_show",
    }
);

#[derive(Debug, Clone, PartialEq)]
pub struct Ticket {
    pub id: Uuid,
    pub centre_id: Uuid,
    pub case_id: Uuid,
    pub day: NaiveDate,
    pub seq: i32,
    pub lanes: Lanes,
    pub state: TicketState,
    pub window: Option<String>,
    pub issued_at: DateTime<Utc>,
    pub called_at: Option<DateTime<Utc>>,
    pub version: i32,
}

impl Ticket {
    /// The code read out and printed: `A` and the day's sequence, three digits.
    pub fn code(&self) -> String {
        code(self.seq)
    }
}

pub fn code(seq: i32) -> String {
    format!("A{seq:03}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_padded_to_three_digits_and_grow_past_999() {
        assert_eq!(super::code(7), "A007");
        assert_eq!(super::code(123), "A123");
        assert_eq!(super::code(1234), "A1234");
    }
}
