//! The rooms tab as the console holds it (the selection; the rooms themselves come with the
//! board's data after each change) and the allocate form: the rooms and mediators yidi
//! proposes for one case, worked out from the loaded data at each draw, so a room another
//! console takes drops out of the proposals as soon as its change arrives.

use crate::domain::allocation::{
    DEFAULT_UNCLAIMED_MIN, MediatorLoad, RoomState, RoomView, check_room, propose, slot_rules,
    suggest_mediators,
};
use crate::domain::room::RoomKind;
use crate::store::AllocationInput;
use chrono::{DateTime, Duration, Utc};
use uuid::Uuid;

fn room_ids(rooms: &[RoomView]) -> Vec<Uuid> {
    rooms.iter().map(|r| r.room.id).collect()
}

/// A console tries the unclaimed-reservation sweep at most this often.
const SWEEP_EVERY: Duration = Duration::seconds(10);

#[derive(Debug, Clone)]
pub struct RoomsState {
    /// The selected room, kept by id across reloads.
    pub selected: super::selection::Selection<Uuid>,
    /// An unclaimed reservation is released this long after its start (`[rooms]
    /// unclaimed_min` in the config file).
    pub unclaimed: Duration,
    /// The working-day calendar: a reservation is proposed on a working day only.
    pub calendar: std::sync::Arc<crate::domain::WorkCalendar>,
    last_sweep: Option<DateTime<Utc>>,
}

impl Default for RoomsState {
    fn default() -> Self {
        Self {
            selected: Default::default(),
            unclaimed: Duration::minutes(DEFAULT_UNCLAIMED_MIN),
            calendar: std::sync::Arc::new(crate::domain::WorkCalendar::builtin()),
            last_sweep: None,
        }
    }
}

impl RoomsState {
    pub fn move_selection(&mut self, down: bool, rooms: &[RoomView]) {
        let ids = room_ids(rooms);
        self.selected.step(&ids, 0, if down { 1 } else { -1 });
    }

    /// The row of the selected room in `rooms` (in the order shown).
    pub fn selected_index(&self, rooms: &[RoomView]) -> usize {
        self.selected.row_in(&room_ids(rooms), 0)
    }

    /// Whether to ask the store to release unclaimed reservations now.
    pub fn sweep_due(&mut self, rooms: &[RoomView], now: DateTime<Utc>) -> bool {
        let needed = rooms.iter().any(|r| {
            r.next_reservation
                .as_ref()
                .is_some_and(|v| now > v.starts_at + self.unclaimed)
        });
        let recent = self.last_sweep.is_some_and(|t| now - t < SWEEP_EVERY);
        if needed && !recent {
            self.last_sweep = Some(now);
            true
        } else {
            false
        }
    }
}

/// Which list of the allocate form the arrows move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AllocateFocus {
    Rooms,
    Mediators,
}

/// Putting one case in a room (or moving its session to another).
#[derive(Debug, Clone, PartialEq)]
pub struct AllocateForm {
    pub input: AllocationInput,
    pub kind: RoomKind,
    pub room_cursor: usize,
    pub mediator_cursor: usize,
    pub focus: AllocateFocus,
    /// Moving the case's session (this booking) instead of starting one.
    pub transfer: Option<Uuid>,
    /// A room the store just refused: left out until the data shows who has it.
    pub refused: Option<Uuid>,
    pub problem: Option<String>,
    pub saving: bool,
}

/// A room on the allocate form: free and fitting (`None`) or why it cannot be taken now
/// (shown for reservable rooms, which can still be reserved for later).
pub struct Choice<'a> {
    pub view: &'a RoomView,
    pub unavailable: Option<RoomState>,
}

impl AllocateForm {
    pub fn new(input: AllocationInput, transfer: Option<Uuid>) -> Self {
        Self {
            input,
            kind: RoomKind::Mediation,
            room_cursor: 0,
            mediator_cursor: 0,
            focus: AllocateFocus::Rooms,
            transfer,
            refused: None,
            problem: None,
            saving: false,
        }
    }

    /// The rooms offered: free ones that fit, nearest fit first; for the kinds that take
    /// reservations, then the other rooms of the kind in service (to reserve for later).
    pub fn choices<'a>(&self, rooms: &'a [RoomView], now: DateTime<Utc>) -> Vec<Choice<'a>> {
        let mut out: Vec<Choice<'a>> = propose(
            rooms,
            self.input.case_id,
            self.kind,
            self.input.persons,
            now,
        )
        .into_iter()
        .filter(|r| Some(r.room.id) != self.refused)
        .map(|view| Choice {
            view,
            unavailable: None,
        })
        .collect();
        if slot_rules(self.kind).is_some() {
            for view in rooms.iter().filter(|r| {
                r.room.kind == self.kind
                    && r.out_of_service.is_none()
                    && check_room(r, self.input.case_id, self.kind, self.input.persons, now)
                        .is_err()
            }) {
                out.push(Choice {
                    view,
                    unavailable: Some(view.state(now)),
                });
            }
        }
        out
    }

    /// The mediators suggested, best first; the last line of the list is "no mediator".
    pub fn mediators<'a>(&self, pool: &'a [MediatorLoad]) -> Vec<&'a MediatorLoad> {
        suggest_mediators(&self.input.category, pool)
    }

    pub fn next_kind(&mut self, forward: bool) {
        let all = RoomKind::ALL;
        let i = all.iter().position(|k| *k == self.kind).unwrap_or(0);
        let n = all.len();
        self.kind = all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.room_cursor = 0;
        self.problem = None;
    }

    pub fn move_cursor(&mut self, down: bool, rooms: usize, mediators: usize) {
        let (cursor, n) = match self.focus {
            AllocateFocus::Rooms => (&mut self.room_cursor, rooms),
            // One more line: no mediator.
            AllocateFocus::Mediators => (&mut self.mediator_cursor, mediators + 1),
        };
        *cursor = if down {
            (*cursor + 1).min(n.saturating_sub(1))
        } else {
            cursor.saturating_sub(1)
        };
    }
}
