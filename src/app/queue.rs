//! The queue panel's state: today's tickets, the selection and the filter.

use crate::domain::TicketState;
use crate::store::QueueRow;
use chrono::{DateTime, Duration, Utc};

#[derive(Debug, Default)]
pub struct QueueState {
    pub rows: Vec<QueueRow>,
    /// Index into `visible()`.
    pub selected: usize,
    pub filter: String,
    pub filtering: bool,
    pub loaded: bool,
    /// A ticket the cursor goes to once the queue shows it (the one just registered, so
    /// Ctrl-T, Ctrl-W and Ctrl-Z act on it without looking for it).
    pub follow: Option<uuid::Uuid>,
}

/// A wait longer than this is marked.
pub const LONG_WAIT: Duration = Duration::minutes(30);

impl QueueState {
    /// Waiting first (by lane, then the longest wait), then called, then the rest; filtered.
    pub fn visible(&self) -> Vec<&QueueRow> {
        let needle = self.filter.trim().to_lowercase();
        let mut rows: Vec<&QueueRow> = self
            .rows
            .iter()
            .filter(|r| {
                needle.is_empty()
                    || r.code().to_lowercase().contains(&needle)
                    || r.applicant.contains(needle.as_str())
                    || r.category.contains(needle.as_str())
                    || r.case_no.to_lowercase().contains(&needle)
            })
            .collect();
        rows.sort_by_key(|r| (state_rank(r.state), r.lanes.rank(), r.seq));
        rows
    }

    pub fn selected_row(&self) -> Option<&QueueRow> {
        self.visible().get(self.selected).copied()
    }

    pub fn move_selection(&mut self, delta: isize) {
        let n = self.visible().len();
        if n == 0 {
            self.selected = 0;
            return;
        }
        self.selected = (self.selected as isize + delta).clamp(0, n as isize - 1) as usize;
    }

    pub fn set_rows(&mut self, rows: Vec<QueueRow>) {
        let keep = self.selected_row().map(|r| r.ticket_id);
        self.rows = rows;
        self.loaded = true;
        let (at, followed, n) = {
            let visible = self.visible();
            let followed = self
                .follow
                .and_then(|id| visible.iter().position(|r| r.ticket_id == id));
            let at = followed
                .or_else(|| keep.and_then(|id| visible.iter().position(|r| r.ticket_id == id)))
                .unwrap_or(0);
            (at, followed, visible.len())
        };
        if followed.is_some() {
            self.follow = None;
        }
        self.selected = at.min(n.saturating_sub(1));
    }

    pub fn counts(&self, now: DateTime<Utc>) -> QueueCounts {
        let waiting: Vec<&QueueRow> = self
            .rows
            .iter()
            .filter(|r| r.state == TicketState::Waiting)
            .collect();
        let served = self
            .rows
            .iter()
            .filter(|r| matches!(r.state, TicketState::Called | TicketState::Served))
            .count();
        // Average wait of those already called: from ticket to call.
        let waits: Vec<i64> = self
            .rows
            .iter()
            .filter_map(|r| r.called_at.map(|c| (c - r.issued_at).num_minutes()))
            .collect();
        let avg_wait_min = if waits.is_empty() {
            None
        } else {
            Some(waits.iter().sum::<i64>() / waits.len() as i64)
        };
        let longest = waiting
            .iter()
            .map(|r| (now - r.issued_at).num_minutes())
            .max();
        QueueCounts {
            waiting: waiting.len(),
            served,
            avg_wait_min,
            longest_wait_min: longest,
        }
    }
}

fn state_rank(s: TicketState) -> u8 {
    match s {
        TicketState::Waiting => 0,
        TicketState::Called => 1,
        TicketState::NoShow => 2,
        TicketState::Served => 3,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueCounts {
    pub waiting: usize,
    /// Called to a window or served.
    pub served: usize,
    /// Mean minutes from ticket to call, over tickets already called.
    pub avg_wait_min: Option<i64>,
    pub longest_wait_min: Option<i64>,
}

/// Ctrl-K: calls the selected ticket to this window (a resident picked out of turn: an
/// appointment, a lawyer's client); only a waiting ticket can be called.
pub(super) fn call_chosen(state: &mut super::state::State) -> Vec<super::action::Command> {
    let Some(row) = state.queue.selected_row() else {
        return Vec::new();
    };
    if row.state != TicketState::Waiting {
        let text = rust_i18n::t!(
            "queue.not_waiting",
            locale = state.lang.locale(),
            ticket = row.code()
        )
        .into_owned();
        state.notice = Some(super::state::Notice { text, error: true });
        return Vec::new();
    }
    vec![super::action::Command::CallTicket {
        ticket: row.ticket_id,
        version: row.version,
        window: state.window.clone(),
    }]
}
