//! The short prompts over a panel or the case file (a ledger line, an explanation, the real
//! arrival time and why, a reason to cancel, a reservation's day and time…), each built on
//! the form kit: its fields, focus, typing and per-field messages are the kit's; what each
//! prompt sends is worked out by the panel it belongs to (`update_board`, `update_rooms`,
//! `finish`, `update_forms`).

use super::action::Command;
use super::form::{Field, Kit, KitKey, TEXT_MAX, When};
use super::keymap::Command as K;
use super::state::{Overlay, State};

/// What a prompt is for, and the case it writes to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptKind {
    /// Two lines: progress, next step.
    Ledger { case_id: uuid::Uuid },
    /// One line: the explanation to the resident that stops the reply clock.
    Explanation { case_id: uuid::Uuid, version: i32 },
    /// Two lines: the real check-in time (HH:MM) and why it is entered by hand.
    ArrivalAt { summons_id: uuid::Uuid },
    /// One line: why the summons is cancelled.
    CancelSummons { summons_id: uuid::Uuid },
    /// One line: a department's arrival window in minutes.
    ArrivalWindow { department_id: uuid::Uuid },
    /// Which party (1…n) and why: reveals their full name, ID and phone (journalled).
    Reveal { case_id: uuid::Uuid, parties: usize },
    /// One line: how the session ended (goes to the case's journal).
    ReleaseSession { booking_id: uuid::Uuid },
    /// One line: why the room is out of service.
    OutOfService { room_id: uuid::Uuid },
    /// The reservation's day and start time.
    Reserve {
        room_id: uuid::Uuid,
        case_id: uuid::Uuid,
    },
    /// One line: the closing summary (办结).
    CloseCase { case_id: uuid::Uuid, version: i32 },
    /// One line: why a closed case is handled again.
    Reopen { case_id: uuid::Uuid, version: i32 },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub kind: PromptKind,
    /// The fields, in the order of `labels()`; each field's id is its label key.
    pub kit: Kit,
    /// Why the store refused, shown under the fields (a field's own message is the kit's).
    pub problem: Option<String>,
    /// Sent to the store: the prompt stays, with its text, until the answer comes back.
    pub saving: bool,
}

/// The date and time fields among the prompts' labels; every other field is text.
fn field(label: &'static str) -> Field {
    match label {
        "prompt.arrival_time" | "rooms.prompt.time" => Field::time(label, label, None),
        "rooms.prompt.day" => Field::date(label, label, None),
        // Numbers whose first digit replaces what is proposed (typing 25 over 30 gives 25);
        // the range is the store's to name (20–40 minutes; 1 to the parties there are).
        "prompt.arrival_window" | "prompt.reveal_party" => {
            Field::empty_number(label, label, 0, 999)
        }
        _ => Field::text(label, label, TEXT_MAX),
    }
}

impl Prompt {
    pub fn new(kind: PromptKind) -> Self {
        let kit = Kit::new(Self::labels_of(&kind).iter().map(|&l| field(l)).collect());
        Self {
            kind,
            kit,
            saving: false,
            problem: None,
        }
    }

    /// A prompt with its text fields filled in ahead (the current window, the one party).
    pub fn with_fields(kind: PromptKind, fields: Vec<String>) -> Self {
        let mut p = Self::new(kind);
        for (i, text) in fields.iter().enumerate() {
            p.kit.set_text(i, text);
        }
        p
    }

    /// A value proposed for the date or time field `label` (the first digit typed replaces it).
    pub fn proposing(mut self, label: &str, value: When) -> Self {
        self.kit.propose(label, value);
        self
    }

    pub fn title_key(&self) -> &'static str {
        match self.kind {
            PromptKind::Ledger { .. } => "prompt.ledger_title",
            PromptKind::Explanation { .. } => "prompt.explanation_title",
            PromptKind::ArrivalAt { .. } => "prompt.arrival_at_title",
            PromptKind::CancelSummons { .. } => "prompt.cancel_summons_title",
            PromptKind::ArrivalWindow { .. } => "prompt.arrival_window_title",
            PromptKind::Reveal { .. } => "prompt.reveal_title",
            PromptKind::ReleaseSession { .. } => "rooms.prompt.release_title",
            PromptKind::OutOfService { .. } => "rooms.prompt.out_of_service_title",
            PromptKind::Reserve { .. } => "rooms.prompt.reserve_title",
            PromptKind::CloseCase { .. } => "finish.prompt.close_title",
            PromptKind::Reopen { .. } => "finish.prompt.reopen_title",
        }
    }

    /// The locale keys naming the fields, in order.
    pub fn labels(&self) -> &'static [&'static str] {
        Self::labels_of(&self.kind)
    }

    fn labels_of(kind: &PromptKind) -> &'static [&'static str] {
        match kind {
            PromptKind::Ledger { .. } => &["prompt.progress", "prompt.next_step"],
            PromptKind::Explanation { .. } => &["prompt.explanation"],
            PromptKind::ArrivalAt { .. } => &["prompt.arrival_time", "prompt.arrival_reason"],
            PromptKind::CancelSummons { .. } => &["prompt.cancel_reason"],
            PromptKind::ArrivalWindow { .. } => &["prompt.arrival_window"],
            PromptKind::Reveal { .. } => &["prompt.reveal_party", "prompt.reveal_reason"],
            PromptKind::ReleaseSession { .. } => &["rooms.prompt.outcome"],
            PromptKind::OutOfService { .. } => &["rooms.prompt.reason"],
            PromptKind::Reserve { .. } => &["rooms.prompt.day", "rooms.prompt.time"],
            PromptKind::CloseCase { .. } => &["field.summary"],
            PromptKind::Reopen { .. } => &["finish.prompt.reason"],
        }
    }

    /// What field `i` holds, trimmed (a date or time with its separators).
    pub fn text(&self, i: usize) -> String {
        self.kit.value_text(self.labels()[i]).trim().to_string()
    }

    /// Names what is wrong with field `i` under it and puts the focus there.
    pub fn complain(&mut self, i: usize, message: String) {
        self.kit.complain(self.labels()[i], message);
    }

    /// What the prompt says is wrong: the store's refusal, else a field's message.
    pub fn message(&self) -> Option<&str> {
        self.problem.as_deref().or_else(|| self.kit.first_message())
    }
}

/// A key command while a prompt is open: the kit moves and types; Enter saves through the
/// panel the prompt belongs to; Esc closes it.
pub(super) fn on_command(state: &mut State, command: K) -> Vec<Command> {
    let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if p.saving && command != K::Cancel {
        return Vec::new();
    }
    match p.kit.command(command) {
        KitKey::Save => {
            // Each try is checked afresh: an earlier refusal or message is not the answer.
            p.problem = None;
            p.kit.clear_messages();
            super::update_forms::save_prompt(state)
        }
        KitKey::Cancel => {
            state.overlay = None;
            Vec::new()
        }
        KitKey::Done | KitKey::Other => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_filled_in_ahead_is_replaced_by_the_first_digit_typed() {
        let kind = PromptKind::ArrivalWindow {
            department_id: uuid::Uuid::nil(),
        };
        let mut p = Prompt::with_fields(kind, vec!["30".into()]);
        assert_eq!(p.text(0), "30", "the window as it stands");
        p.kit.type_text("2");
        p.kit.type_text("5");
        assert_eq!(p.text(0), "25", "typing 25 over 30 gives 25, not 3025");
        p.kit.type_text("x");
        assert_eq!(p.text(0), "25", "a number keeps its digits");
    }

    #[test]
    fn the_party_to_reveal_is_a_number_and_the_reason_text() {
        let kind = PromptKind::Reveal {
            case_id: uuid::Uuid::nil(),
            parties: 2,
        };
        let mut p = Prompt::with_fields(kind, vec!["1".into(), String::new()]);
        p.kit.type_text("2");
        assert_eq!(p.text(0), "2");
        p.kit.move_focus(1);
        p.kit.type_text("核实身份");
        assert_eq!(p.text(1), "核实身份");
    }
}
