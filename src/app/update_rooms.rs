//! What the rooms tab's keys, the allocate form and the rooms' prompts do to `State`: the
//! rooms' part of `update`, pure like the rest of it.

use super::action::{Command, Op};
use super::form::KitKey;
use super::form::When;
use super::keymap::{Command as K, Context};
use super::rooms::AllocateForm;
use super::state::{Notice, Overlay, Prompt, PromptKind, State, Tab};
use crate::domain::allocation::{RoomView, next_slot, slot_rules};
use crate::domain::clock::{local_day, local_time_on};
use uuid::Uuid;

/// The rooms' commands; `None` when the key is not the rooms' business.
pub(super) fn on_command(state: &mut State, context: Context, command: K) -> Option<Vec<Command>> {
    let cmds = match (context, command) {
        (_, K::ShowRooms) => {
            state.tab = Tab::Rooms;
            if state.board.loaded {
                Vec::new()
            } else {
                vec![Command::LoadQueue]
            }
        }
        (_, K::Allocate) => match super::update_board::case_in_view(state, context) {
            Some((case_id, _)) => vec![Command::LoadAllocation {
                case_id,
                transfer: None,
            }],
            None => {
                tell(state, state.t("board.no_case"), true);
                Vec::new()
            }
        },
        (Context::Rooms, K::Up | K::Down) => {
            let rooms = &state.board.data.room_views;
            state.rooms.move_selection(command == K::Down, rooms);
            Vec::new()
        }
        (
            Context::Rooms,
            K::OpenCase | K::ReleaseRoom | K::TransferRoom | K::ToggleService | K::ClaimReservation,
        ) => on_rooms(state, command),
        (Context::Allocate, _) => on_allocate(state, command),
        _ => return None,
    };
    Some(cmds)
}

pub fn selected_room(state: &State) -> Option<&RoomView> {
    let rooms = &state.board.data.room_views;
    rooms.get(state.rooms.selected_index(rooms))
}

fn tell(state: &mut State, text: String, error: bool) {
    state.notice = Some(Notice { text, error });
}

fn on_rooms(state: &mut State, command: K) -> Vec<Command> {
    let Some(room) = selected_room(state).cloned() else {
        return Vec::new();
    };
    let no_session = |state: &mut State| {
        let text = rust_i18n::t!(
            "rooms.no_session",
            locale = state.lang.locale(),
            room = room.room.name
        )
        .into_owned();
        tell(state, text, true);
        Vec::new()
    };
    match command {
        K::OpenCase => match (&room.session, &room.next_reservation) {
            (Some(s), _) => vec![Command::LoadCaseFile(s.case_id)],
            (None, Some(r)) => vec![Command::LoadCaseFile(r.case_id)],
            _ => no_session(state),
        },
        K::ReleaseRoom => match &room.session {
            Some(s) => {
                let kind = PromptKind::ReleaseSession {
                    booking_id: s.booking_id,
                };
                state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
                Vec::new()
            }
            None => no_session(state),
        },
        K::TransferRoom => match &room.session {
            Some(s) => vec![Command::LoadAllocation {
                case_id: s.case_id,
                transfer: Some(s.booking_id),
            }],
            None => no_session(state),
        },
        K::ToggleService => {
            if room.out_of_service.is_some() {
                vec![Command::SetOutOfService {
                    room_id: room.room.id,
                    reason: None,
                }]
            } else {
                let kind = PromptKind::OutOfService {
                    room_id: room.room.id,
                };
                state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
                Vec::new()
            }
        }
        K::ClaimReservation => match &room.next_reservation {
            Some(r) if room.session.is_none() => vec![Command::ClaimReservation {
                reservation_id: r.id,
                mediator_id: None,
            }],
            _ => {
                let text = rust_i18n::t!(
                    "rooms.no_reservation",
                    locale = state.lang.locale(),
                    room = room.room.name
                )
                .into_owned();
                tell(state, text, true);
                Vec::new()
            }
        },
        _ => Vec::new(),
    }
}

fn on_allocate(state: &mut State, command: K) -> Vec<Command> {
    let now = state.now;
    let lang = state.lang.locale();
    let Some(Overlay::Allocate(form)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if form.saving && command != K::Cancel {
        return Vec::new();
    }
    let rooms = &state.board.data.room_views;
    let pool = &state.board.data.mediators;
    // The keys act on the rooms as they are now.
    form.refresh(rooms, pool, now);
    let key = match command {
        // ← → choose the kind of room wherever the cursor is.
        K::Prev | K::Next => {
            form.kit
                .cycle_field("kind", if command == K::Next { 1 } else { -1 });
            KitKey::Done
        }
        _ => form.kit.command(command),
    };
    match key {
        KitKey::Done => {
            form.problem = None;
            form.refresh(rooms, pool, now);
        }
        KitKey::Cancel => state.overlay = None,
        KitKey::Save => {
            let Some(choice) = form.room(rooms, now) else {
                form.problem = Some(rust_i18n::t!("rooms.none_fits", locale = lang).into());
                return Vec::new();
            };
            if let Some(st) = choice.unavailable {
                let word = rust_i18n::t!(format!("rooms.state.{}", st.as_str()), locale = lang);
                form.problem = Some(
                    rust_i18n::t!(
                        "rooms.cannot_take_now",
                        locale = lang,
                        room = choice.view.room.name,
                        state = word
                    )
                    .into(),
                );
                return Vec::new();
            }
            let room_id = choice.view.room.id;
            let mediator_id = form.mediator();
            form.saving = true;
            form.problem = None;
            return vec![match form.transfer {
                Some(booking_id) => Command::TransferSession {
                    booking_id,
                    room_id,
                },
                None => Command::AllocateRoom {
                    case_id: form.input.case_id,
                    room_id,
                    mediator_id,
                },
            }];
        }
        KitKey::Other if command == K::Reserve => {
            let room = form.room(rooms, now).map(|c| c.view.room.clone());
            match room {
                Some(room) if slot_rules(room.kind).is_some() => {
                    // The next slot on a working day, its day shown with it, so another day's
                    // slot is never read back as today.
                    let start = next_slot(room.kind, now, &state.rooms.calendar)
                        .map(|t| t.with_timezone(&crate::domain::clock::TZ));
                    let day = start.map_or(local_day(now), |t| t.date_naive());
                    let kind = PromptKind::Reserve {
                        room_id: room.id,
                        case_id: form.input.case_id,
                    };
                    let mut prompt = Prompt::new(kind)
                        .proposing("rooms.prompt.day", When::date(Some(day)))
                        .proposing("rooms.prompt.time", When::time(start.map(|t| t.time())));
                    // The time is what is most often changed.
                    prompt.kit.focus_on("rooms.prompt.time");
                    state.overlay = Some(Overlay::Prompt(Box::new(prompt)));
                }
                _ => {
                    form.problem = Some(rust_i18n::t!("rooms.reserve_which", locale = lang).into());
                }
            }
        }
        KitKey::Other => {}
    }
    Vec::new()
}

/// Typed into the allocate form: the focused list's filter (`dy` → 第一调解室). Only what
/// can be in a name filters; `?` stays the help key here, as on any panel without text.
pub(super) fn allocate_text(state: &mut State, key: &ratatui::crossterm::event::KeyEvent) -> bool {
    use ratatui::crossterm::event::KeyCode;
    if matches!(key.code, KeyCode::Char(c) if !c.is_alphanumeric()) {
        return false;
    }
    let now = state.now;
    let Some(Overlay::Allocate(form)) = state.overlay.as_mut() else {
        return false;
    };
    let data = &state.board.data;
    form.refresh(&data.room_views, &data.mediators, now);
    !form.saving && form.kit.type_key(key)
}

/// Saving one of the rooms' prompts; `None` when the prompt is not the rooms'.
pub(super) fn save_prompt(state: &mut State) -> Option<Vec<Command>> {
    let now = state.now;
    let lang = state.lang;
    let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
        return None;
    };
    if p.saving {
        return Some(Vec::new());
    }
    let field = p.text(0);
    let cmd = match p.kind {
        PromptKind::ReleaseSession { .. } | PromptKind::OutOfService { .. } if field.is_empty() => {
            p.kit.complain_required(p.labels()[0], lang);
            return Some(Vec::new());
        }
        PromptKind::ReleaseSession { booking_id } => Command::ReleaseSession {
            booking_id,
            outcome: field,
        },
        PromptKind::OutOfService { room_id } => Command::SetOutOfService {
            room_id,
            reason: Some(field),
        },
        PromptKind::Reserve { room_id, case_id } => {
            if p.kit.check_when(lang).is_err() {
                return Some(Vec::new());
            }
            let day = p.kit.date("rooms.prompt.day").unwrap_or(local_day(now));
            let time = p.text(1);
            match local_time_on(day, &time) {
                Some(starts_at) => Command::ReserveRoom {
                    room_id,
                    case_id,
                    starts_at,
                },
                None => return Some(Vec::new()),
            }
        }
        _ => return None,
    };
    p.saving = true;
    p.problem = None;
    Some(vec![cmd])
}

/// The allocate form's data arrived: open it (a case already in a room is moved).
pub(super) fn allocation_ready(
    state: &mut State,
    input: crate::store::AllocationInput,
    transfer: Option<Uuid>,
) {
    let transfer = transfer.or(input.session.as_ref().map(|(b, _)| *b));
    let mut form = AllocateForm::new(input, transfer);
    let data = &state.board.data;
    form.refresh(&data.room_views, &data.mediators, state.now);
    state.overlay = Some(Overlay::Allocate(Box::new(form)));
    state.dirty = true;
}

/// A room write was refused: the form (or prompt) stays with the reason; a refused room is
/// left out of the proposals so the next fit is under the cursor.
pub(super) fn refused(state: &mut State, message: String, room_id: Option<Uuid>) {
    let now = state.now;
    // A refusal is the answer: the form's key works again at once.
    state.in_flight.retain(|(op, _)| {
        !matches!(
            op,
            Op::Allocate(_) | Op::Booking(_) | Op::Room(_) | Op::Reservation(_)
        )
    });
    let mut text = message.clone();
    match state.overlay.as_mut() {
        Some(Overlay::Allocate(form)) => {
            form.saving = false;
            form.refused = room_id;
            // The refused room leaves the list: the cursor goes to the next fit.
            let data = &state.board.data;
            form.refresh(&data.room_views, &data.mediators, now);
            if let Some(next) = form.room(&data.room_views, now)
                && next.unavailable.is_none()
            {
                text = rust_i18n::t!(
                    "rooms.next_fit",
                    locale = state.lang.locale(),
                    message = message,
                    room = next.view.room.name
                )
                .into_owned();
            }
            form.problem = Some(text.clone());
        }
        Some(Overlay::Prompt(p)) if p.saving => {
            p.saving = false;
            p.problem = Some(message);
        }
        _ => {}
    }
    state.notice = Some(Notice { text, error: true });
    state.dirty = true;
}

/// Each second: release unclaimed reservations (whichever console is first writes it).
pub(super) fn on_tick(state: &mut State) -> Vec<Command> {
    if state.wallboard || !state.board.loaded {
        return Vec::new();
    }
    let rooms = &state.board.data.room_views;
    if state.rooms.sweep_due(rooms, state.now) {
        return vec![Command::ReleaseUnclaimed {
            after: state.rooms.unclaimed,
        }];
    }
    Vec::new()
}
