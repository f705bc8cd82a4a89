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

text_enum!(
    /// What the window does to a ticket after calling it.
    TicketMove {
        Recall = "recall",
        NoShow = "no_show",
        Requeue = "requeue",
        Serve = "serve",
    }
);

impl TicketMove {
    /// The states a ticket may be in for this move, and the state it ends in.
    pub fn rule(self) -> (&'static [TicketState], TicketState) {
        match self {
            // Called again: the resident did not hear it.
            TicketMove::Recall => (&[TicketState::Called], TicketState::Called),
            TicketMove::NoShow => (&[TicketState::Called], TicketState::NoShow),
            // A no-show came back: waits again with its own number.
            TicketMove::Requeue => (&[TicketState::NoShow], TicketState::Waiting),
            TicketMove::Serve => (&[TicketState::Called], TicketState::Served),
        }
    }
}

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
    fn only_a_no_show_goes_back_in_the_queue() {
        use super::{TicketMove, TicketState};
        assert_eq!(
            TicketMove::Requeue.rule(),
            (&[TicketState::NoShow][..], TicketState::Waiting)
        );
        for m in [TicketMove::Recall, TicketMove::NoShow, TicketMove::Serve] {
            assert_eq!(
                m.rule().0,
                &[TicketState::Called],
                "{m} needs a called ticket"
            );
        }
    }

    #[test]
    fn codes_are_padded_to_three_digits_and_grow_past_999() {
        assert_eq!(super::code(7), "A007");
        assert_eq!(super::code(123), "A123");
        assert_eq!(super::code(1234), "A1234");
    }
}
