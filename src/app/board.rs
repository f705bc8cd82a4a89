//! The summons board as the console holds it — rows, roster, departments' records, the
//! selection — and the whistle form. Every timer is worked out from stored timestamps and
//! `State.now`, so a console started late or back from an outage shows the right countdowns.

use super::form::{Field, Kit, Pick, PickOption, TEXT_MAX};
use crate::domain::summons::ArrivalRecord;
use crate::domain::{Department, Duty, Lang, Presence, RosterEntry, SummonsStatus};
use crate::store::{BoardRow, DayFigures};
use chrono::{DateTime, Duration, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Everything the board shows, read in one go after each change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BoardData {
    pub rows: Vec<BoardRow>,
    pub roster: Vec<RosterEntry>,
    pub departments: Vec<Department>,
    /// This month's arrival record per department.
    pub records: HashMap<Uuid, ArrivalRecord>,
    /// Every room with its session and next reservation (the rooms tab, allocation, the wall).
    pub room_views: Vec<crate::domain::allocation::RoomView>,
    /// Mediators with what they are doing today.
    pub mediators: Vec<crate::domain::allocation::MediatorLoad>,
    pub figures: DayFigures,
}

/// How long a summons may be late before it goes to the duty leader.
pub const DEFAULT_GRACE: Duration = Duration::minutes(5);
/// A console tries an escalation sweep at most this often (another console may be first).
const SWEEP_EVERY: Duration = Duration::seconds(10);

#[derive(Debug, Clone)]
pub struct BoardState {
    pub data: BoardData,
    pub loaded: bool,
    /// The selected summons, kept by id across reloads and re-sorts.
    pub selected: super::selection::Selection<Uuid>,
    /// The department roster instead of the summonses.
    pub show_roster: bool,
    /// The selected department of the roster, kept by id.
    pub roster: super::selection::Selection<Uuid>,
    pub grace: Duration,
    last_sweep: Option<DateTime<Utc>>,
}

impl Default for BoardState {
    fn default() -> Self {
        Self {
            data: BoardData::default(),
            loaded: false,
            selected: Default::default(),
            show_roster: false,
            roster: Default::default(),
            grace: DEFAULT_GRACE,
            last_sweep: None,
        }
    }
}

impl BoardState {
    pub fn set_data(&mut self, data: BoardData) {
        self.data = data;
        self.loaded = true;
    }

    fn department_ids(&self) -> Vec<Uuid> {
        self.data.departments.iter().map(|d| d.id).collect()
    }

    /// The row of the roster's selected department now.
    pub fn roster_index(&self) -> usize {
        self.roster.row_in(&self.department_ids(), 0)
    }

    /// The rows in board order: the latest-late first, then least time left, then finished.
    pub fn sorted(&self, now: DateTime<Utc>) -> Vec<&BoardRow> {
        let mut rows: Vec<&BoardRow> = self.data.rows.iter().collect();
        rows.sort_by_key(|r| r.summons.board_rank(now));
        rows
    }

    /// The summonses' ids in board order, and the row the cursor opens on: the first that
    /// needs the duty leader (escalated, not acknowledged), else the first still open.
    fn ids(&self, now: DateTime<Utc>) -> (Vec<Uuid>, usize) {
        let rows = self.sorted(now);
        let first = rows
            .iter()
            .position(|r| r.summons.escalation_pending(now, self.grace))
            .or_else(|| rows.iter().position(|r| r.summons.is_open()))
            .unwrap_or(0);
        (rows.iter().map(|r| r.summons.id).collect(), first)
    }

    /// The row of the selected summons in board order now.
    pub fn selected_index(&self, now: DateTime<Utc>) -> usize {
        let (ids, first) = self.ids(now);
        self.selected.row_in(&ids, first)
    }

    /// Holds the cursor on the summons it shows now, so it stays there when acting on it
    /// re-sorts the board.
    pub fn pin(&mut self, now: DateTime<Utc>) {
        let (ids, first) = self.ids(now);
        if let Some(id) = self.selected.id_in(&ids, first) {
            self.selected.choose(&ids, id);
        }
    }

    pub fn selected_row(&self, now: DateTime<Utc>) -> Option<&BoardRow> {
        self.sorted(now).get(self.selected_index(now)).copied()
    }

    /// Escalations the duty leader has not acknowledged yet, the latest-late first.
    pub fn escalations(&self, now: DateTime<Utc>) -> Vec<&BoardRow> {
        self.sorted(now)
            .into_iter()
            .filter(|r| r.summons.escalation_pending(now, self.grace))
            .collect()
    }

    /// Summonses whistled today that are late now or arrived late.
    pub fn late_count(&self, now: DateTime<Utc>) -> usize {
        self.data
            .rows
            .iter()
            .filter(|r| {
                matches!(
                    r.summons.status(now),
                    SummonsStatus::Late { .. } | SummonsStatus::Arrived { late: true, .. }
                )
            })
            .count()
    }

    /// Whether to ask the store to escalate now: something is past its grace and not yet
    /// written as escalated, and no sweep went out in the last few seconds.
    pub fn sweep_due(&mut self, now: DateTime<Utc>) -> bool {
        let needed = self
            .data
            .rows
            .iter()
            .any(|r| r.summons.needs_escalation(now, self.grace));
        let recent = self.last_sweep.is_some_and(|t| now - t < SWEEP_EVERY);
        if needed && !recent {
            self.last_sweep = Some(now);
            true
        } else {
            false
        }
    }

    pub fn move_selection(&mut self, down: bool, now: DateTime<Utc>) {
        if self.show_roster {
            let ids = self.department_ids();
            self.roster.step(&ids, 0, if down { 1 } else { -1 });
        } else {
            let (ids, first) = self.ids(now);
            self.selected.step(&ids, first, if down { 1 } else { -1 });
        }
    }

    /// Who is on rotation today for a department, if anyone is rostered.
    pub fn on_rotation(&self, department_id: Uuid) -> Option<&RosterEntry> {
        self.data
            .roster
            .iter()
            .find(|e| e.duty == Duty::Rotation && e.department_id == Some(department_id))
    }

    pub fn on_duty(&self, duty: Duty) -> Option<&RosterEntry> {
        self.data
            .roster
            .iter()
            .find(|e| e.duty == duty && e.department_id.is_none())
    }

    pub fn selected_department(&self) -> Option<&Department> {
        self.data.departments.get(self.roster_index())
    }
}

/// Summoning departments to one case: a list of the centre's departments that filters as you
/// type (`rsj` → 人社局) and the reason, on the form kit.
#[derive(Debug, Clone, PartialEq)]
pub struct WhistleForm {
    pub case_id: Uuid,
    pub case_no: String,
    /// `units` (departments already summoned and not yet arrived are shown but locked) and
    /// `reason`.
    pub kit: Kit,
    /// The operator changed something: the case's suggested units no longer apply.
    pub touched: bool,
}

impl WhistleForm {
    pub fn new(case_id: Uuid, case_no: String, board: &BoardState, lang: Lang) -> Self {
        let open: Vec<Uuid> = board
            .data
            .rows
            .iter()
            .filter(|r| r.summons.case_id == case_id && r.summons.is_open())
            .map(|r| r.summons.department_id)
            .collect();
        let mut departments: Vec<&Department> = board.data.departments.iter().collect();
        // Those in the building come first: resident, then rotating, then on call.
        departments.sort_by_key(|d| match d.presence {
            Presence::Resident => 0,
            Presence::Rotating => 1,
            Presence::OnCall => 2,
        });
        let t = |key: &str| rust_i18n::t!(key, locale = lang.locale()).into_owned();
        let options = departments
            .iter()
            .map(|d| {
                let already = open.contains(&d.id);
                let presence = match d.presence {
                    Presence::Resident => t("board.presence.resident"),
                    Presence::Rotating => match board.on_rotation(d.id) {
                        Some(e) => format!("{} {}", t("board.presence.rotating"), e.person),
                        None => t("board.presence.rotating"),
                    },
                    Presence::OnCall => t("board.presence.on_call"),
                };
                let note = if already {
                    t("whistle.already")
                } else {
                    format!("{}{}", d.arrival_window_min, t("ui.minutes"))
                };
                PickOption::new(d.id.to_string(), d.name.clone())
                    .with_note(format!("{presence}  {note}"))
                    .locked(already)
            })
            .collect();
        let kit = Kit::new(vec![
            Field::pick("units", "whistle.units", Pick::multi(options).with_rows(12)),
            Field::text("reason", "whistle.reason", TEXT_MAX),
        ]);
        Self {
            case_id,
            case_no,
            kit,
            touched: false,
        }
    }

    /// Ticks the case's lead and cooperating units as triage chose them (those not already
    /// waiting), and puts the focus on the reason: usually all that is left to type.
    pub fn suggest(&mut self, departments: &[Uuid]) {
        if self.touched {
            return;
        }
        let pick = self.kit.pick_mut("units");
        for d in departments {
            pick.choose_key(&d.to_string());
        }
        if let Some(first) = departments.first() {
            pick.put_cursor_on(&first.to_string());
        }
        if !pick.chosen.is_empty() {
            self.kit.focus_on("reason");
        }
    }

    /// The ticked departments, in list order.
    pub fn ticked(&self) -> Vec<Uuid> {
        let pick = self.kit.pick("units");
        let mut chosen = pick.chosen.clone();
        chosen.sort_unstable();
        chosen
            .iter()
            .filter_map(|&i| pick.options[i].key.parse().ok())
            .collect()
    }

    pub fn reason(&self) -> &str {
        self.kit.text("reason")
    }
}
