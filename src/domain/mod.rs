//! The centre's rules and vocabulary: pure types and functions, no I/O.

pub mod allocation;
pub mod calendar;
pub mod case;
pub mod centre;
pub mod clock;
pub mod court;
pub mod department;
pub mod escalation;
pub mod figures;
pub mod follow_up;
pub mod intake;
pub mod journal;
pub mod operator;
pub mod party;
pub mod phone;
pub mod resident_id;
pub mod room;
pub mod sla;
pub mod summons;
pub mod ticket;
pub mod validation;

pub use calendar::WorkCalendar;
pub use case::{Case, CaseEvent, CaseState, Channel, Handling, Lanes, Level, Stream};
pub use centre::Centre;
pub use clock::{Clock, FixedClock, SystemClock};
pub use department::{Department, DepartmentKind, Duty, Mediator, Presence, RosterEntry};
pub use follow_up::FollowUp;
pub use intake::Intake;
pub use journal::{Change, JournalEntry};
pub use operator::{Operator, Password, Permission, Role, Roles};
pub use party::{Party, PartyRole};
pub use room::{Room, RoomKind};
pub use sla::{ClockMarks, ClockState, Deadlines, SlaPolicy};
pub use summons::{ArrivalRecord, Summons, SummonsStatus};
pub use ticket::{Ticket, TicketMove, TicketState};
pub use validation::{Field, Lang, Problem, ValidationError};
