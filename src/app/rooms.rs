//! The rooms tab as the console holds it (the selection; the rooms themselves come with the
//! board's data after each change) and the allocate form: the rooms and mediators yidi
//! proposes for one case, worked out from the loaded data at each draw, so a room another
//! console takes drops out of the proposals as soon as its change arrives.

use super::form::{Field, Kit, Pick, PickOption};
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

/// Putting one case in a room (or moving its session to another), on the field kit: `kind`
/// (← → wherever the cursor is), `room` and `mediator`, lists that filter as you type
/// (`dy` → 第一调解室). The lists are worked out again from the loaded data before each key
/// and each draw (`refresh`), so a room another console takes drops out of the proposals as
/// soon as its change arrives; the cursor stays on its room or mediator by id.
#[derive(Debug, Clone, PartialEq)]
pub struct AllocateForm {
    pub input: AllocationInput,
    pub kit: Kit,
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
        let kinds: Vec<String> = RoomKind::ALL
            .iter()
            .map(|k| format!("rooms.kind.{}", k.as_str()))
            .collect();
        let kinds: Vec<&str> = kinds.iter().map(String::as_str).collect();
        let mut kit = Kit::new(vec![
            Field::choice("kind", "rooms.col.kind", &kinds),
            Field::pick("room", "rooms.proposed", Pick::single(Vec::new(), None)),
            Field::pick(
                "mediator",
                "rooms.mediators",
                Pick::single(Vec::new(), None),
            ),
        ]);
        kit.show("mediator", transfer.is_none());
        kit.focus_on("room");
        Self {
            input,
            kit,
            transfer,
            refused: None,
            problem: None,
            saving: false,
        }
    }

    pub fn kind(&self) -> RoomKind {
        RoomKind::ALL[self.kit.selected("kind")]
    }

    /// The rooms offered: free ones that fit, nearest fit first; for the kinds that take
    /// reservations, then the other rooms of the kind in service (to reserve for later).
    pub fn choices<'a>(&self, rooms: &'a [RoomView], now: DateTime<Utc>) -> Vec<Choice<'a>> {
        let kind = self.kind();
        let mut out: Vec<Choice<'a>> =
            propose(rooms, self.input.case_id, kind, self.input.persons, now)
                .into_iter()
                .filter(|r| Some(r.room.id) != self.refused)
                .map(|view| Choice {
                    view,
                    unavailable: None,
                })
                .collect();
        if slot_rules(kind).is_some() {
            for view in rooms.iter().filter(|r| {
                r.room.kind == kind
                    && r.out_of_service.is_none()
                    && check_room(r, self.input.case_id, kind, self.input.persons, now).is_err()
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

    /// The two lists worked out again from the data: the cursor stays on its room or
    /// mediator when it is still offered (else the first: the nearest fit), what was typed
    /// to filter stays. The nearest free fit is starred.
    pub fn refresh(&mut self, rooms: &[RoomView], pool: &[MediatorLoad], now: DateTime<Utc>) {
        let options: Vec<PickOption> = self
            .choices(rooms, now)
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let star = if i == 0 && c.unavailable.is_none() {
                    "★ "
                } else {
                    ""
                };
                let name = &c.view.room.name;
                PickOption::named(c.view.room.id.to_string(), format!("{star}{name}"), name)
            })
            .collect();
        renew(self.kit.pick_mut("room"), options);
        let mut options: Vec<PickOption> = self
            .mediators(pool)
            .iter()
            .map(|m| PickOption::new(m.mediator.id.to_string(), m.mediator.name.clone()))
            .collect();
        // The last line: no mediator (its label is the view's, in the operator's language).
        options.push(PickOption::new(String::new(), String::new()));
        renew(self.kit.pick_mut("mediator"), options);
    }

    /// The room under the cursor, as offered now.
    pub fn room<'a>(&self, rooms: &'a [RoomView], now: DateTime<Utc>) -> Option<Choice<'a>> {
        let id = chosen_id(self.kit.pick("room"))?;
        self.choices(rooms, now)
            .into_iter()
            .find(|c| c.view.room.id == id)
    }

    /// The mediator chosen; `None` for no mediator.
    pub fn mediator(&self) -> Option<Uuid> {
        chosen_id(self.kit.pick("mediator"))
    }
}

/// New options for a list: the cursor kept by key, the filter kept.
fn renew(pick: &mut Pick, options: Vec<PickOption>) {
    let keep = pick.options.get(pick.cursor).map(|o| o.key.clone());
    let at = keep
        .and_then(|k| options.iter().position(|o| o.key == k))
        .unwrap_or(0);
    let mut fresh = Pick::single(options, Some(at)).with_rows(pick.rows);
    fresh.type_text(&pick.filter);
    *pick = fresh;
}

fn chosen_id(pick: &Pick) -> Option<Uuid> {
    pick.chosen
        .first()
        .and_then(|&i| pick.options.get(i))
        .and_then(|o| o.key.parse().ok())
}
