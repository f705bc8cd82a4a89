//! Answers to writes, tied to what asked for them: a result reaches only the form or prompt
//! that sent that write (a "nobody waiting" from a call never closes the allocate form), and
//! a key whose write is still in flight does nothing twice (one F5, one call).

use super::action::{Command, Op};
use super::state::{Notice, Overlay, PromptKind, State};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// How long a write may stay unanswered before its key works again anyway (a task that
/// died must not leave a key dead).
const IN_FLIGHT_FOR: chrono::Duration = chrono::Duration::seconds(15);

/// How long a notice stays when no key is pressed.
const NOTICE_FOR: chrono::Duration = chrono::Duration::seconds(10);

/// Drops a write whose twin is still in flight, and records the rest as in flight.
pub(super) fn once_in_flight(state: &mut State, cmds: Vec<Command>) -> Vec<Command> {
    let now = state.now;
    state.in_flight.retain(|(_, at)| now - *at < IN_FLIGHT_FOR);
    let mut kept = Vec::with_capacity(cmds.len());
    for cmd in cmds {
        match Op::of(&cmd) {
            Some(op) if state.in_flight.iter().any(|(o, _)| *o == op) => {
                state.notice = Some(Notice {
                    text: state.t("keys.in_flight"),
                    error: false,
                });
            }
            Some(op) => {
                state.in_flight.push((op, now));
                kept.push(cmd);
            }
            None => kept.push(cmd),
        }
    }
    kept
}

/// The write a prompt sends, so its answer can find it.
fn prompt_op(kind: &PromptKind) -> Option<Op> {
    Some(match *kind {
        PromptKind::Ledger { case_id }
        | PromptKind::Explanation { case_id, .. }
        | PromptKind::Reveal { case_id, .. } => Op::Case(case_id),
        PromptKind::ReleaseSession { booking_id } => Op::Booking(booking_id),
        PromptKind::OutOfService { room_id } | PromptKind::Reserve { room_id, .. } => {
            Op::Room(room_id)
        }
        PromptKind::ArrivalAt { summons_id } => Op::Arrival(summons_id),
        PromptKind::CancelSummons { summons_id } => Op::CancelSummons(summons_id),
        PromptKind::ArrivalWindow { department_id } => Op::Department(department_id),
        // Closing and re-opening answer through their own results (`FinishAction`).
        PromptKind::CloseCase { .. } | PromptKind::Reopen { .. } => return None,
    })
}

/// One write's answer: the form that sent it closes (done) or keeps everything with the
/// reason (refused); any other form on screen is left alone.
pub(super) fn answered(state: &mut State, op: Op, result: Result<String, String>) {
    state.in_flight.retain(|(o, _)| *o != op);
    let ok = result.is_ok();
    let text = match result {
        Ok(t) | Err(t) => t,
    };
    let asked = match state.overlay.as_mut() {
        Some(Overlay::Allocate(f))
            if f.saving
                && (op == Op::Allocate(f.input.case_id)
                    || f.transfer.is_some_and(|b| op == Op::Booking(b))) =>
        {
            if !ok {
                f.saving = false;
                f.problem = Some(text.clone());
            }
            true
        }
        Some(Overlay::Prompt(p)) if p.saving && prompt_op(&p.kind) == Some(op) => {
            if !ok {
                p.saving = false;
                p.problem = Some(text.clone());
            }
            true
        }
        Some(Overlay::Outcome(f)) if f.saving && op == Op::Case(f.case_id) => {
            if !ok {
                f.saving = false;
                f.problem = Some(text.clone());
            }
            true
        }
        _ => false,
    };
    if asked && ok {
        state.overlay = None;
    }
    state.notice = Some(Notice { text, error: !ok });
    state.dirty = true;
}

/// A ticket was called: the notice says who, and to which window, as it is read out.
pub(super) fn called(state: &mut State, ticket: Uuid, window: &str) {
    let locale = state.lang.locale();
    let window = &super::words::window(window, state.lang);
    let text = match state.queue.rows.iter().find(|r| r.ticket_id == ticket) {
        Some(row) => rust_i18n::t!(
            "queue.called",
            locale = locale,
            ticket = row.code(),
            window = window
        ),
        None => rust_i18n::t!("queue.called_bare", locale = locale, window = window),
    }
    .into_owned();
    state.notice = Some(Notice { text, error: false });
    state.dirty = true;
}

/// Each tick: a notice that has been on screen long enough goes.
pub(super) fn expire(state: &mut State) {
    expire_at(state, state.now);
}

fn expire_at(state: &mut State, now: DateTime<Utc>) {
    let Some(notice) = &state.notice else {
        state.notice_seen = None;
        return;
    };
    match &state.notice_seen {
        Some((text, since)) if *text == notice.text => {
            if now - *since >= NOTICE_FOR {
                state.notice = None;
                state.notice_seen = None;
                state.dirty = true;
            }
        }
        _ => state.notice_seen = Some((notice.text.clone(), now)),
    }
}
