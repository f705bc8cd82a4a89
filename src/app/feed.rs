//! What a console does when the change feed reports changes: decide, from the changes alone
//! (no query), whether they concern this console — its centre, or a case it shows — and
//! which panels' data to re-read. The console's `update` and the city-scale harness both
//! call [`on_changes`], so the harness measures exactly what a console does.

use super::action::Command;
use super::state::{Overlay, State, Tab};
use crate::domain::Change;
use uuid::Uuid;

/// Which parts of the console's world to re-read (a small bit set).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Parts(u16);

impl Parts {
    pub const NONE: Parts = Parts(0);
    /// Today's tickets of this site.
    pub const QUEUE: Parts = Parts(1);
    /// The summons board's rows.
    pub const ROWS: Parts = Parts(1 << 1);
    pub const ROSTER: Parts = Parts(1 << 2);
    pub const DEPARTMENTS: Parts = Parts(1 << 3);
    /// This month's arrival record per department (the department roster view).
    pub const RECORDS: Parts = Parts(1 << 4);
    /// Rooms with their sessions and reservations.
    pub const ROOMS: Parts = Parts(1 << 5);
    pub const MEDIATORS: Parts = Parts(1 << 6);
    /// Today's figures (received, on site, solved on site).
    pub const FIGURES: Parts = Parts(1 << 7);
    pub const ALL: Parts = Parts((1 << 8) - 1);

    pub fn contains(self, other: Parts) -> bool {
        self.0 & other.0 == other.0
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn without(self, other: Parts) -> Parts {
        Parts(self.0 & !other.0)
    }

    /// The parts as named flags, for the harness's report.
    pub fn bits(self) -> u16 {
        self.0
    }
}

impl std::ops::BitOr for Parts {
    type Output = Parts;
    fn bitor(self, rhs: Parts) -> Parts {
        Parts(self.0 | rhs.0)
    }
}

impl std::ops::BitOrAssign for Parts {
    fn bitor_assign(&mut self, rhs: Parts) {
        self.0 |= rhs.0;
    }
}

/// The panels of this centre a change of this kind can alter.
pub fn parts_of(entity: &str, action: Option<&str>) -> Parts {
    match (entity, action) {
        ("ticket", _) => Parts::QUEUE | Parts::FIGURES,
        // Steps that leave the queue and the day's figures as they were: only the case file,
        // the deadlines and the follow-up lists (decided by the caller) show them.
        (
            "case",
            Some(
                "ledger"
                | "explain_to_resident"
                | "judicial_confirmation"
                | "follow_up"
                | "follow_up_try"
                | "reveal",
            ),
        ) => Parts::NONE,
        // Intake, triage (the repeat mark, the category), escalation, outcomes, 办结: the
        // queue's rows and the counts of received and solved on site.
        ("case", _) => Parts::QUEUE | Parts::FIGURES,
        ("summons", Some("notice")) => Parts::ROWS,
        ("summons", _) => Parts::ROWS | Parts::RECORDS,
        // A session starting or ending changes who is on site and which mediator is busy.
        // The board's rows show a case's room: `apply` takes it from the rooms read.
        ("room", Some("book_room" | "release_room")) => {
            Parts::ROOMS | Parts::MEDIATORS | Parts::FIGURES
        }
        ("room", Some("transfer_room")) => Parts::ROOMS | Parts::MEDIATORS,
        // Reservations, out of service, a new room: the rooms alone.
        ("room", _) => Parts::ROOMS,
        ("department", _) => Parts::DEPARTMENTS | Parts::ROWS,
        ("roster", _) => Parts::ROSTER,
        ("mediator", _) => Parts::MEDIATORS,
        ("centre", _) => Parts::ALL,
        // Sign-ins, operators, exports, reveals, policy: nothing any panel shows.
        _ => Parts::NONE,
    }
}

/// Whether this console shows the case anywhere (the queue, the board, the rooms, the
/// deadlines, an open case file or triage form).
pub fn shows_case(state: &State, case_id: Uuid) -> bool {
    state.queue.rows.iter().any(|r| r.case_id == case_id)
        || state
            .board
            .data
            .rows
            .iter()
            .any(|r| r.summons.case_id == case_id)
        || state
            .board
            .data
            .room_views
            .iter()
            .any(|v| v.session.as_ref().is_some_and(|s| s.case_id == case_id))
        || state
            .deadlines
            .as_ref()
            .is_some_and(|d| d.iter().any(|c| c.id == case_id))
        || open_case(state) == Some(case_id)
        || state.triage.as_ref().is_some_and(|(_, c)| c.id == case_id)
}

/// The case whose file is open, if any.
pub fn open_case(state: &State) -> Option<Uuid> {
    match &state.overlay {
        Some(Overlay::Detail(d)) => Some(d.file.case.id),
        _ => None,
    }
}

/// The console's reaction to changes reported by the feed: the commands that re-read only
/// what they touched. Changes of other centres cost nothing unless they are about a case
/// this console shows (one escalated away from it); a county follows its townships'
/// escalations because an escalation is journalled at the centre that receives the case.
pub fn on_changes(state: &State, changes: &[Change]) -> Vec<Command> {
    let mut parts = Parts::NONE;
    let mut case_file = false;
    let mut deadlines = false;
    let mut follow_ups = false;
    let open = open_case(state);
    // The county's policy is journalled at the county (this centre or its parent).
    let policy = changes.iter().any(|c| {
        c.entity == "policy"
            && (c.centre_id == state.centre.id || Some(c.centre_id) == state.centre.parent)
    });
    for c in changes {
        let here = c.centre_id == state.centre.id;
        let about = c.case_id.or((c.entity == "case").then_some(c.entity_id));
        let shown = about.is_some_and(|id| shows_case(state, id));
        if !here && !shown {
            continue;
        }
        if here {
            parts |= parts_of(&c.entity, c.action.as_deref());
        } else if c.entity == "case" {
            // A case this console shows moved to another centre (or was changed there).
            parts |= Parts::QUEUE;
        }
        if about.is_some() && open.is_some() && about == open {
            case_file = true;
        }
        if about.is_some() {
            deadlines = true;
            follow_ups |= c.entity == "case";
        }
        if c.entity == "centre" {
            case_file |= open.is_some();
            deadlines = true;
            follow_ups = true;
        }
    }
    // The wall screen shows no queue; before the first full read there is nothing to patch.
    if state.wallboard {
        parts = parts.without(Parts::QUEUE);
    }
    if !parts.is_empty() && (!state.board.loaded || (!state.wallboard && !state.queue.loaded)) {
        parts = Parts::ALL;
    }
    let mut cmds = Vec::new();
    if !parts.is_empty() {
        cmds.push(Command::Reload(parts));
    }
    if policy {
        cmds.push(Command::LoadPolicy);
    }
    if deadlines && state.tab == Tab::Deadlines {
        cmds.push(Command::LoadDeadlines);
    }
    if case_file && let Some(id) = open {
        cmds.push(Command::RefreshCaseFile(id));
    }
    if follow_ups {
        cmds.extend(super::finish::on_store_changed(state));
    }
    cmds
}

/// Puts what a partial reload read in place; the rest of the world stays as it was.
pub fn apply(state: &mut State, p: super::feed_tasks::Panels) {
    if let Some(rows) = p.queue {
        state.queue.set_rows(rows);
    }
    let board = [
        p.rows.is_some(),
        p.roster.is_some(),
        p.departments.is_some(),
        p.records.is_some(),
        p.room_views.is_some(),
        p.mediators.is_some(),
        p.figures.is_some(),
    ];
    if board.contains(&true) {
        let mut d = state.board.data.clone();
        if let Some(v) = p.rows {
            d.rows = v;
        }
        if let Some(v) = p.roster {
            d.roster = v;
        }
        if let Some(v) = p.departments {
            d.departments = v;
        }
        if let Some(v) = p.records {
            d.records = v;
        }
        if let Some(v) = p.room_views {
            d.room_views = v;
            // The board's room column, as the rooms now stand (what the board's own read
            // would say: the room of the case's open session).
            for row in &mut d.rows {
                row.room = d
                    .room_views
                    .iter()
                    .find(|v| {
                        v.session
                            .as_ref()
                            .is_some_and(|s| s.case_id == row.summons.case_id)
                    })
                    .map(|v| v.room.name.clone());
            }
        }
        if let Some(v) = p.mediators {
            d.mediators = v;
        }
        if let Some(v) = p.figures {
            d.figures = v;
        }
        state.board.set_data(d);
    }
    state.connection = super::state::Connection::Live;
    state.dirty = true;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_change_reads_at_most_three_panels() {
        for (entity, action) in [
            ("ticket", "call"),
            ("case", "intake"),
            ("case", "triage"),
            ("summons", "whistle"),
            ("summons", "arrive"),
            ("room", "reserve_room"),
            ("room", "book_room"),
            ("room", "release_room"),
            ("room", "transfer_room"),
            ("department", "arrival_window"),
            ("roster", "roster"),
            ("mediator", "add_mediator"),
        ] {
            let p = parts_of(entity, Some(action));
            assert!(
                p.bits().count_ones() <= 3,
                "{entity}/{action} reads {:08b}",
                p.bits()
            );
        }
        assert_eq!(parts_of("operator", Some("login")), Parts::NONE);
        assert_eq!(parts_of("case", Some("ledger")), Parts::NONE);
        assert!(!parts_of("room", Some("book_room")).contains(Parts::ROWS));
    }
}
