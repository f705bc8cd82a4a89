//! The intake form (一窗受理) as pure state: what the operator typed, where the focus is, and
//! which fields are wrong. No I/O and no text for the screen; `ui::intake` draws it.
//!
//! Keys: printable characters (Chinese from the IME included) always go into the focused text
//! field; commands come from the one keymap (`keymap::lookup(Context::Intake, ..)`): Tab /
//! Shift-Tab / ↑ / ↓ move between fields (↑ ↓ move inside the description), ← / → cycle a
//! choice (and move the cursor inside a text field), Space ticks a toggle, Enter moves on
//! (a new line in the description), Ctrl-A / Ctrl-R add a party, Ctrl-D removes one,
//! F9 / Ctrl-S saves, Esc cancels.
//!
//! Nothing typed is ever cleared because it is wrong: a wrong value keeps its text and gets an
//! error that names the field (and the party).

use super::draft::{Draft, DraftParty};
use super::keymap::{self, Command, Context};
use crate::domain::Intake;
use crate::domain::case::{Channel, Handling, Lanes};
use crate::domain::party::{Party, PartyRole};
use crate::domain::phone::Phone;
use crate::domain::resident_id::{self, ResidentId};
use crate::domain::validation::{Field, Lang, Problem, ValidationError};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use ratatui::style::{Modifier, Style};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};
use uuid::Uuid;

/// The categories offered, in order: (locale key under `intake.category.`, the stored Chinese name).
pub const CATEGORIES: &[(&str, &str)] = &[
    ("labour", "劳动争议/欠薪"),
    ("neighbour", "邻里纠纷"),
    ("family", "婚姻家庭"),
    ("property", "物业纠纷"),
    ("expropriation", "征地补偿"),
    ("land_contract", "土地承包"),
    ("consumer", "消费纠纷"),
    ("medical", "医疗纠纷"),
    ("traffic", "交通事故"),
    ("contract", "合同纠纷"),
    ("petition", "信访诉求"),
    ("labour_injury", "劳动争议/工伤"),
    ("social_security", "社会保障"),
    ("private_lending", "民间借贷"),
    ("tenancy", "房屋租赁"),
    ("house_sale", "房屋买卖"),
    ("financial_loan", "金融借款"),
    ("insurance", "保险合同"),
    ("urban", "城市管理"),
    ("environment", "环境污染"),
    ("education", "教育"),
    ("other", "其他"),
];

/// Most party blocks a form holds (a large group registers a representative and counts persons).
pub const MAX_PARTIES: usize = 30;
/// Longest description the domain accepts (characters).
pub const DESCRIPTION_MAX: usize = 4000;
/// A one-line field takes at most this many characters (a stray paste is cut here).
const LINE_MAX: usize = 200;
/// A digits field takes at most this many digits.
const DIGITS_MAX: usize = 6;
/// The description takes at most this many characters; past `DESCRIPTION_MAX` it shows an error.
const DESCRIPTION_HARD_MAX: usize = 20_000;
const BATCHES_MAX: i64 = 100;
const PERSONS_MAX: i64 = 10_000;

/// What the form asks the app to do after a key or a paste.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Nothing changed.
    Nothing,
    /// The form changed (text, focus or a choice): redraw and write the draft.
    Changed,
    /// The operator asked to save: call [`IntakeForm::to_intake`].
    Save,
    /// The operator asked to leave; ask first when [`IntakeForm::is_dirty`].
    Cancel,
}

/// A field of a party block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PartyField {
    Name,
    /// Respondents only: the party is a company or a committee (no resident ID then).
    Organisation,
    ResidentId,
    Phone,
    /// Township / village or address.
    Address,
}

/// A focusable field of the form. Party fields carry the index of the block in
/// [`IntakeForm::parties`] (applicants first, then respondents).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Channel,
    Category,
    Party(usize, PartyField),
    Batches,
    Persons,
    ElderlyDisabled,
    EmotionalRisk,
    GroupVisit,
    Handling,
    CourtCaseNo,
    Description,
}

/// How a slot is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SlotKind {
    /// One line of free text.
    Text,
    /// One line of digits.
    Digits,
    /// ← / → cycle a list.
    Choice,
    /// Space ticks it.
    Toggle,
    /// The multi-line description.
    Multiline,
}

impl Slot {
    pub fn kind(self) -> SlotKind {
        match self {
            Slot::Channel | Slot::Category | Slot::Handling => SlotKind::Choice,
            Slot::Party(_, PartyField::Organisation)
            | Slot::ElderlyDisabled
            | Slot::EmotionalRisk
            | Slot::GroupVisit => SlotKind::Toggle,
            Slot::Party(..) | Slot::CourtCaseNo => SlotKind::Text,
            Slot::Batches | Slot::Persons => SlotKind::Digits,
            Slot::Description => SlotKind::Multiline,
        }
    }

    /// The party block this slot belongs to.
    pub fn party(self) -> Option<usize> {
        match self {
            Slot::Party(i, _) => Some(i),
            _ => None,
        }
    }
}

/// One line of text being edited; the cursor counts characters (not bytes, not cells).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineInput {
    text: String,
    cursor: usize,
    error: Option<ValidationError>,
}

impl LineInput {
    /// A field holding `text`, the cursor after it.
    pub fn new(text: &str) -> Self {
        Self {
            text: text.to_string(),
            cursor: text.chars().count(),
            error: None,
        }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Cursor position in characters from the start.
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn error(&self) -> Option<&ValidationError> {
        self.error.as_ref()
    }

    pub fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    fn byte_at(&self, char_index: usize) -> usize {
        self.text
            .char_indices()
            .nth(char_index)
            .map_or(self.text.len(), |(i, _)| i)
    }

    /// Inserts at the cursor, keeping the field at most `max` characters long.
    pub(crate) fn insert(&mut self, s: &str, max: usize) -> bool {
        let room = max.saturating_sub(self.len());
        let piece: String = s.chars().take(room).collect();
        if piece.is_empty() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &piece);
        self.cursor += piece.chars().count();
        true
    }

    pub(crate) fn backspace(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    pub(crate) fn delete(&mut self) -> bool {
        if self.cursor >= self.len() {
            return false;
        }
        let at = self.byte_at(self.cursor);
        self.text.remove(at);
        true
    }

    pub(crate) fn move_to(&mut self, cursor: usize) -> bool {
        let cursor = cursor.min(self.len());
        let moved = cursor != self.cursor;
        self.cursor = cursor;
        moved
    }
}

/// One applicant or respondent as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartyBlock {
    role: PartyRole,
    name: LineInput,
    resident_id: LineInput,
    phone: LineInput,
    address: LineInput,
    is_organisation: bool,
}

impl PartyBlock {
    fn new(role: PartyRole) -> Self {
        Self {
            role,
            name: LineInput::default(),
            resident_id: LineInput::default(),
            phone: LineInput::default(),
            address: LineInput::default(),
            is_organisation: false,
        }
    }

    pub fn role(&self) -> PartyRole {
        self.role
    }

    pub fn is_organisation(&self) -> bool {
        self.is_organisation
    }

    /// The text field for `field` (`None` for the organisation toggle).
    pub fn line(&self, field: PartyField) -> Option<&LineInput> {
        match field {
            PartyField::Name => Some(&self.name),
            PartyField::ResidentId => Some(&self.resident_id),
            PartyField::Phone => Some(&self.phone),
            PartyField::Address => Some(&self.address),
            PartyField::Organisation => None,
        }
    }

    fn line_mut(&mut self, field: PartyField) -> Option<&mut LineInput> {
        match field {
            PartyField::Name => Some(&mut self.name),
            PartyField::ResidentId => Some(&mut self.resident_id),
            PartyField::Phone => Some(&mut self.phone),
            PartyField::Address => Some(&mut self.address),
            PartyField::Organisation => None,
        }
    }

    /// Nothing typed in this block.
    pub fn is_blank(&self) -> bool {
        !self.is_organisation
            && self.name.is_blank()
            && self.resident_id.is_blank()
            && self.phone.is_blank()
            && self.address.is_blank()
    }

    /// The fields of this block in Tab order.
    fn fields(&self) -> impl Iterator<Item = PartyField> + '_ {
        [
            Some(PartyField::Name),
            (self.role == PartyRole::Respondent).then_some(PartyField::Organisation),
            (!self.is_organisation).then_some(PartyField::ResidentId),
            Some(PartyField::Phone),
            Some(PartyField::Address),
        ]
        .into_iter()
        .flatten()
    }
}

/// The intake form. See the module documentation for the keys.
#[derive(Debug, Clone)]
pub struct IntakeForm {
    centre_id: Uuid,
    intake_id: Uuid,
    channel: Channel,
    category: Option<usize>,
    category_error: Option<ValidationError>,
    parties: Vec<PartyBlock>,
    batches: LineInput,
    persons: LineInput,
    elderly_disabled: bool,
    emotional_risk: bool,
    /// Ticked by hand; a group visit is also automatic when persons > 1.
    group_visit: bool,
    handling: Option<Handling>,
    court_case_no: LineInput,
    description: TextArea<'static>,
    description_error: Option<ValidationError>,
    focus: Slot,
    /// A number field just entered: the first digit typed replaces its value (typing 12
    /// into 人次 showing 1 gives 12, not 112).
    fresh_number: bool,
    saving: bool,
    /// A party block with text in it that the next Ctrl-D removes (the first one only arms it).
    remove_armed: Option<usize>,
    error_message: Option<String>,
    /// A problem that only `Intake::validated` found (the field checks should catch everything).
    form_error: Option<ValidationError>,
}

impl IntakeForm {
    /// A fresh form with a new intake id, one applicant block and one respondent block.
    pub fn new(centre_id: Uuid) -> Self {
        let mut form = Self {
            centre_id,
            intake_id: Uuid::now_v7(),
            channel: Channel::WalkIn,
            category: None,
            category_error: None,
            parties: vec![
                PartyBlock::new(PartyRole::Applicant),
                PartyBlock::new(PartyRole::Respondent),
            ],
            batches: LineInput::new("1"),
            persons: LineInput::new("1"),
            elderly_disabled: false,
            emotional_risk: false,
            group_visit: false,
            handling: None,
            court_case_no: LineInput::default(),
            description: new_description(&[]),
            description_error: None,
            focus: Slot::Channel,
            fresh_number: false,
            saving: false,
            remove_armed: None,
            error_message: None,
            form_error: None,
        };
        form.style_description();
        form
    }

    // ----- reading, for the view and the app -----

    pub fn intake_id(&self) -> Uuid {
        self.intake_id
    }

    pub fn focus(&self) -> Slot {
        self.focus
    }

    /// Every focusable field, in Tab order (an organisation has no resident-ID field).
    pub fn slots(&self) -> Vec<Slot> {
        let mut slots = vec![Slot::Channel, Slot::Category];
        for (i, p) in self.parties.iter().enumerate() {
            slots.extend(p.fields().map(|f| Slot::Party(i, f)));
        }
        slots.extend([
            Slot::Batches,
            Slot::Persons,
            Slot::ElderlyDisabled,
            Slot::EmotionalRisk,
            Slot::GroupVisit,
            Slot::Handling,
        ]);
        // Only a court referral has the court's case number to give.
        if self.channel == Channel::CourtReferral {
            slots.push(Slot::CourtCaseNo);
        }
        slots.push(Slot::Description);
        slots
    }

    pub fn channel(&self) -> Channel {
        self.channel
    }

    /// Index into [`CATEGORIES`], `None` until one is chosen.
    pub fn category(&self) -> Option<usize> {
        self.category
    }

    /// Applicants first, then respondents.
    pub fn parties(&self) -> &[PartyBlock] {
        &self.parties
    }

    pub fn handling(&self) -> Option<Handling> {
        self.handling
    }

    pub fn description(&self) -> &TextArea<'static> {
        &self.description
    }

    /// The description as one text (lines joined with `\n`).
    pub fn description_text(&self) -> String {
        self.description.lines().join("\n")
    }

    /// The one-line text field at `slot`, if it is one.
    pub fn line(&self, slot: Slot) -> Option<&LineInput> {
        match slot {
            Slot::Party(i, f) => self.parties.get(i).and_then(|p| p.line(f)),
            Slot::Batches => Some(&self.batches),
            Slot::Persons => Some(&self.persons),
            Slot::CourtCaseNo => Some(&self.court_case_no),
            _ => None,
        }
    }

    fn line_mut(&mut self, slot: Slot) -> Option<&mut LineInput> {
        match slot {
            Slot::Party(i, f) => self.parties.get_mut(i).and_then(|p| p.line_mut(f)),
            Slot::Batches => Some(&mut self.batches),
            Slot::Persons => Some(&mut self.persons),
            Slot::CourtCaseNo => Some(&mut self.court_case_no),
            _ => None,
        }
    }

    /// Whether the toggle at `slot` is ticked (`None` when `slot` is not a toggle). The group
    /// visit is ticked by hand or automatically when persons > 1.
    pub fn toggle_value(&self, slot: Slot) -> Option<bool> {
        match slot {
            Slot::Party(i, PartyField::Organisation) => {
                self.parties.get(i).map(|p| p.is_organisation)
            }
            Slot::ElderlyDisabled => Some(self.elderly_disabled),
            Slot::EmotionalRisk => Some(self.emotional_risk),
            Slot::GroupVisit => Some(self.group_visit || self.group_visit_auto()),
            _ => None,
        }
    }

    /// Persons > 1: the group-visit lane is on whatever the toggle says.
    pub fn group_visit_auto(&self) -> bool {
        parse_digits(self.persons.text()).is_some_and(|n| n > 1)
    }

    pub fn lanes(&self) -> Lanes {
        Lanes {
            elderly_disabled: self.elderly_disabled,
            group_visit: self.group_visit || self.group_visit_auto(),
            emotional_risk: self.emotional_risk,
        }
    }

    /// The error shown under `slot`, if any.
    pub fn error(&self, slot: Slot) -> Option<&ValidationError> {
        match slot {
            Slot::Category => self.category_error.as_ref(),
            Slot::Description => self.description_error.as_ref(),
            _ => self.line(slot).and_then(LineInput::error),
        }
    }

    fn set_error(&mut self, slot: Slot, error: Option<ValidationError>) {
        match slot {
            Slot::Category => self.category_error = error,
            Slot::Description => self.description_error = error,
            _ => {
                if let Some(line) = self.line_mut(slot) {
                    line.error = error;
                }
            }
        }
    }

    /// A problem not tied to one field (shown at the bottom).
    pub fn form_error(&self) -> Option<&ValidationError> {
        self.form_error.as_ref()
    }

    /// Number of fields showing an error.
    pub fn error_count(&self) -> usize {
        self.slots()
            .into_iter()
            .filter(|&s| self.error(s).is_some())
            .count()
            + usize::from(self.form_error.is_some())
    }

    /// The first field (in Tab order) showing an error.
    pub fn first_error(&self) -> Option<Slot> {
        self.slots().into_iter().find(|&s| self.error(s).is_some())
    }

    /// 1-based number of party `i` among the parties of its role ("申请人 2").
    pub fn party_number(&self, i: usize) -> usize {
        let Some(role) = self.parties.get(i).map(|p| p.role) else {
            return 0;
        };
        self.parties[..=i].iter().filter(|p| p.role == role).count()
    }

    /// "申请人 2" / "Respondent 1".
    pub fn party_label(&self, i: usize, lang: Lang) -> String {
        let key = match self.parties.get(i).map(|p| p.role) {
            Some(PartyRole::Respondent) => "intake.respondent",
            Some(PartyRole::ThirdParty) => "intake.third_party",
            _ => "intake.applicant",
        };
        rust_i18n::t!(key, locale = lang.locale(), n = self.party_number(i)).into_owned()
    }

    /// The error under `slot` as one sentence in `lang`, naming the field and, for a party
    /// field, the party ("申请人 2 的身份证号：校验码应为 X……").
    pub fn error_text(&self, slot: Slot, lang: Lang) -> Option<String> {
        let message = self.error(slot)?.message(lang);
        Some(match slot.party() {
            Some(i) => rust_i18n::t!(
                "intake.party_error",
                locale = lang.locale(),
                party = self.party_label(i, lang),
                message = message
            )
            .into_owned(),
            None => message,
        })
    }

    /// The party block that the next Ctrl-D removes (it has text in it, so a first Ctrl-D only
    /// asked; the view says "Ctrl-D again to remove").
    pub fn remove_armed(&self) -> Option<usize> {
        self.remove_armed
    }

    /// Whether party `i` may be removed (never the last applicant).
    pub fn can_remove_party(&self, i: usize) -> bool {
        match self.parties.get(i) {
            Some(p) if p.role == PartyRole::Applicant => self.count(PartyRole::Applicant) > 1,
            Some(_) => true,
            None => false,
        }
    }

    /// While a resident ID is being typed (fewer than 18 characters and nothing wrong yet):
    /// how many characters it has, for the "12 of 18" hint.
    pub fn resident_id_progress(&self, i: usize) -> Option<usize> {
        let line = &self.parties.get(i)?.resident_id;
        let n = resident_id::normalize(line.text()).chars().count();
        (n > 0 && n < resident_id::LEN && line.error.is_none()).then_some(n)
    }

    /// Whether the focused field takes printable characters (so `?`, `？` and Space are text
    /// there, not commands).
    pub fn accepts_text(&self) -> bool {
        matches!(
            self.focus.kind(),
            SlotKind::Text | SlotKind::Digits | SlotKind::Multiline
        )
    }

    /// Anything typed or chosen (a fresh form is not dirty).
    pub fn is_dirty(&self) -> bool {
        self.channel != Channel::WalkIn
            || self.category.is_some()
            || self.parties.len() != 2
            || self.parties.iter().any(|p| !p.is_blank())
            || self.batches.text() != "1"
            || self.persons.text() != "1"
            || self.elderly_disabled
            || self.emotional_risk
            || self.group_visit
            || self.handling.is_some()
            || !self.court_case_no.text().is_empty()
            || !self.description.is_empty()
    }

    pub fn saving(&self) -> bool {
        self.saving
    }

    /// While the store works on a save, keys other than Esc are ignored.
    pub fn set_saving(&mut self, saving: bool) {
        self.saving = saving;
    }

    /// A message from the store to show at the bottom ("database unreachable; your input is kept").
    pub fn error_message(&self) -> Option<&str> {
        self.error_message.as_deref()
    }

    pub fn set_error_message(&mut self, message: Option<String>) {
        self.error_message = message;
    }

    /// The form's intake id turned out to be another operator's case: what is typed here
    /// becomes a new intake, so the next save stores it instead of returning theirs.
    pub fn take_new_intake_id(&mut self) {
        self.intake_id = Uuid::now_v7();
    }

    // ----- keys and paste -----

    /// One key from the terminal.
    pub fn handle_key(&mut self, key: &KeyEvent) -> Outcome {
        if key.kind == KeyEventKind::Release {
            return Outcome::Nothing;
        }
        let command = keymap::lookup(Context::Intake, key);
        // Any key but a second Ctrl-D disarms a pending removal.
        let armed = self.remove_armed.take();
        if self.saving {
            return if command == Some(Command::Cancel) {
                Outcome::Cancel
            } else {
                Outcome::Nothing
            };
        }
        if let Some(outcome) = self.edit_key(key) {
            return outcome;
        }
        match command {
            Some(Command::NextField) => self.move_focus(1),
            Some(Command::PrevField) => self.move_focus(-1),
            Some(Command::Save) => Outcome::Save,
            Some(Command::Cancel) => Outcome::Cancel,
            Some(Command::AddApplicant) => self.add_party(PartyRole::Applicant),
            Some(Command::AddRespondent) => self.add_party(PartyRole::Respondent),
            Some(Command::RemoveParty) => self.remove_focused_party(armed),
            Some(Command::Toggle) => self.toggle(),
            Some(Command::Prev) => self.cycle(-1),
            Some(Command::Next) => self.cycle(1),
            Some(_) => Outcome::Nothing,
            None if key.code == KeyCode::Enter && no_modifiers(key) => self.move_focus(1),
            None => Outcome::Nothing,
        }
    }

    /// Bracketed paste into the focused field. Never saves: newlines become spaces in a
    /// one-line field, a digits field keeps the digits, choices and toggles ignore it.
    pub fn paste(&mut self, text: &str) -> Outcome {
        self.remove_armed = None;
        if self.saving {
            return Outcome::Nothing;
        }
        let slot = self.focus;
        let changed = match slot.kind() {
            SlotKind::Text => {
                let one_line: String = text
                    .chars()
                    .map(|c| if c.is_whitespace() { ' ' } else { c })
                    .filter(|c| !c.is_control())
                    .collect();
                self.line_mut(slot)
                    .is_some_and(|l| l.insert(&one_line, LINE_MAX))
            }
            SlotKind::Digits => {
                let digits: String = text.chars().filter_map(ascii_digit).collect();
                self.line_mut(slot)
                    .is_some_and(|l| l.insert(&digits, DIGITS_MAX))
            }
            SlotKind::Multiline => {
                let clean: String = text
                    .replace("\r\n", "\n")
                    .chars()
                    .map(|c| match c {
                        '\r' => '\n',
                        '\t' => ' ',
                        c => c,
                    })
                    .filter(|&c| c == '\n' || !c.is_control())
                    .collect();
                let room = DESCRIPTION_HARD_MAX.saturating_sub(self.description_chars());
                let clean: String = clean.chars().take(room).collect();
                !clean.is_empty() && self.description.insert_str(clean)
            }
            SlotKind::Choice | SlotKind::Toggle => false,
        };
        if changed {
            self.after_edit(slot);
            Outcome::Changed
        } else {
            Outcome::Nothing
        }
    }

    /// Keys that edit the focused field; `None` when the key is a command here.
    fn edit_key(&mut self, key: &KeyEvent) -> Option<Outcome> {
        let slot = self.focus;
        let typed = typed_char(key);
        let plain = no_modifiers(key) || key.modifiers == KeyModifiers::SHIFT;
        let fresh = std::mem::take(&mut self.fresh_number);
        let changed = match slot.kind() {
            SlotKind::Text | SlotKind::Digits => {
                let digits = slot.kind() == SlotKind::Digits;
                let line = self.line_mut(slot)?;
                match (typed, key.code) {
                    (Some(c), _) if digits => match ascii_digit(c) {
                        Some(d) if fresh => {
                            *line = LineInput::new(&d.to_string());
                            true
                        }
                        Some(d) => line.insert(&d.to_string(), DIGITS_MAX),
                        None => false,
                    },
                    (Some(c), _) => line.insert(&c.to_string(), LINE_MAX),
                    (None, KeyCode::Backspace) => line.backspace(),
                    (None, KeyCode::Delete) => line.delete(),
                    (None, KeyCode::Left) if plain => {
                        return Some(moved(line.move_to(line.cursor.saturating_sub(1))));
                    }
                    (None, KeyCode::Right) if plain => {
                        return Some(moved(line.move_to(line.cursor + 1)));
                    }
                    (None, KeyCode::Home) => return Some(moved(line.move_to(0))),
                    (None, KeyCode::End) => return Some(moved(line.move_to(usize::MAX))),
                    _ => return None,
                }
            }
            SlotKind::Multiline => {
                let full = self.description_chars() >= DESCRIPTION_HARD_MAX;
                let ta = &mut self.description;
                match (typed, key.code) {
                    (Some(_), _) | (None, KeyCode::Enter) if full => return Some(Outcome::Nothing),
                    (Some(c), _) => {
                        ta.insert_char(c);
                        true
                    }
                    (None, KeyCode::Enter) if plain => {
                        ta.insert_newline();
                        true
                    }
                    (None, KeyCode::Backspace) => ta.delete_char(),
                    (None, KeyCode::Delete) => ta.delete_next_char(),
                    (None, code) if plain => {
                        let m = match code {
                            KeyCode::Left => CursorMove::Back,
                            KeyCode::Right => CursorMove::Forward,
                            KeyCode::Up => CursorMove::Up,
                            KeyCode::Down => CursorMove::Down,
                            KeyCode::Home => CursorMove::Head,
                            KeyCode::End => CursorMove::End,
                            KeyCode::PageUp => CursorMove::Top,
                            KeyCode::PageDown => CursorMove::Bottom,
                            _ => return None,
                        };
                        let before = ta.cursor();
                        ta.move_cursor(m);
                        return Some(moved(ta.cursor() != before));
                    }
                    _ => return None,
                }
            }
            // Space is the toggle command; other characters mean nothing on a choice or toggle.
            SlotKind::Choice | SlotKind::Toggle => match typed {
                Some(' ') | None => return None,
                Some(_) => return Some(Outcome::Nothing),
            },
        };
        if changed {
            self.after_edit(slot);
            Some(Outcome::Changed)
        } else {
            Some(Outcome::Nothing)
        }
    }

    fn description_chars(&self) -> usize {
        self.description
            .lines()
            .iter()
            .map(|l| l.chars().count())
            .sum::<usize>()
            + self.description.lines().len()
            - 1
    }

    /// Inline checks while typing: a resident ID is checked as it grows, and a field already
    /// showing an error is re-checked so the error goes as soon as the value is right.
    fn after_edit(&mut self, slot: Slot) {
        self.form_error = None;
        match slot {
            Slot::Party(i, PartyField::ResidentId) => {
                let text = self.parties[i].resident_id.text().to_string();
                let error = resident_id_while_typing(&text);
                self.set_error(slot, error);
            }
            Slot::Description => {
                let too_long = self.description_chars() > DESCRIPTION_MAX;
                if too_long || self.description_error.is_some() {
                    self.description_error = self.check(slot);
                }
            }
            _ => {
                if self.error(slot).is_some() {
                    let error = self.check(slot);
                    self.set_error(slot, error);
                }
            }
        }
    }

    // ----- focus -----

    fn move_focus(&mut self, delta: isize) -> Outcome {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0) as isize;
        let n = slots.len() as isize;
        let next = slots[((at + delta) % n + n) as usize % slots.len()];
        self.set_focus(next);
        Outcome::Changed
    }

    /// Moves the focus; the field left behind shows its error if its value is wrong.
    pub fn set_focus(&mut self, slot: Slot) {
        if !self.slots().contains(&slot) {
            return;
        }
        if slot != self.focus {
            self.leave(self.focus);
        }
        self.focus = slot;
        self.fresh_number = slot.kind() == SlotKind::Digits;
        self.style_description();
    }

    fn leave(&mut self, slot: Slot) {
        let found = self.check(slot);
        // An empty required field is not nagged about until a save is tried.
        let quiet =
            matches!(&found, Some(e) if e.problem == Problem::Empty) && self.error(slot).is_none();
        if !quiet {
            self.set_error(slot, found);
        }
    }

    fn style_description(&mut self) {
        let focused = self.focus == Slot::Description;
        self.description.set_cursor_style(if focused {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        });
    }

    // ----- commands -----

    fn count(&self, role: PartyRole) -> usize {
        self.parties.iter().filter(|p| p.role == role).count()
    }

    fn add_party(&mut self, role: PartyRole) -> Outcome {
        if self.parties.len() >= MAX_PARTIES {
            return Outcome::Nothing;
        }
        // Check the field left behind before the indexes move.
        self.leave(self.focus);
        let at = match role {
            PartyRole::Applicant => self.count(PartyRole::Applicant),
            _ => self.parties.len(),
        };
        self.parties.insert(at, PartyBlock::new(role));
        self.focus = Slot::Party(at, PartyField::Name);
        self.style_description();
        Outcome::Changed
    }

    /// Removes the focused party block; one with text in it only on the second Ctrl-D in a row.
    fn remove_focused_party(&mut self, armed: Option<usize>) -> Outcome {
        let Some(i) = self.focus.party() else {
            return Outcome::Nothing;
        };
        if !self.can_remove_party(i) {
            return Outcome::Nothing;
        }
        if !self.parties[i].is_blank() && armed != Some(i) {
            self.remove_armed = Some(i);
            return Outcome::Changed;
        }
        let position = self
            .slots()
            .iter()
            .position(|&s| s == Slot::Party(i, PartyField::Name))
            .unwrap_or(0);
        self.parties.remove(i);
        let slots = self.slots();
        self.focus = slots[position.min(slots.len() - 1)];
        self.style_description();
        Outcome::Changed
    }

    fn toggle(&mut self) -> Outcome {
        match self.focus {
            Slot::Party(i, PartyField::Organisation) => {
                let p = &mut self.parties[i];
                p.is_organisation = !p.is_organisation;
                // The resident ID is kept (and shows again when untoggled) but not checked or saved.
                p.resident_id.error = None;
            }
            Slot::ElderlyDisabled => self.elderly_disabled = !self.elderly_disabled,
            Slot::EmotionalRisk => self.emotional_risk = !self.emotional_risk,
            Slot::GroupVisit => {
                if self.group_visit_auto() {
                    return Outcome::Nothing;
                }
                self.group_visit = !self.group_visit;
            }
            Slot::Channel | Slot::Category | Slot::Handling => return self.cycle(1),
            _ => return Outcome::Nothing,
        }
        Outcome::Changed
    }

    fn cycle(&mut self, delta: isize) -> Outcome {
        fn step(at: usize, len: usize, delta: isize) -> usize {
            (at as isize + delta).rem_euclid(len as isize) as usize
        }
        match self.focus {
            Slot::Channel => {
                let all = Channel::ALL;
                let at = all.iter().position(|&c| c == self.channel).unwrap_or(0);
                self.channel = all[step(at, all.len(), delta)];
            }
            Slot::Category => {
                self.category = Some(match self.category {
                    Some(at) => step(at, CATEGORIES.len(), delta),
                    None if delta < 0 => CATEGORIES.len() - 1,
                    None => 0,
                });
                self.category_error = None;
            }
            Slot::Handling => {
                let all = [None, Some(Handling::Immediate), Some(Handling::Joint)];
                let at = all.iter().position(|&h| h == self.handling).unwrap_or(0);
                self.handling = all[step(at, all.len(), delta)];
            }
            _ => return Outcome::Nothing,
        }
        Outcome::Changed
    }

    // ----- validation -----

    /// A party block that will be saved: the first applicant always, any other once something
    /// is typed in it (an untouched respondent block is simply left out).
    fn party_active(&self, i: usize) -> bool {
        i == 0 || self.parties.get(i).is_some_and(|p| !p.is_blank())
    }

    /// What is wrong with the value at `slot` now, if anything.
    fn check(&self, slot: Slot) -> Option<ValidationError> {
        match slot {
            Slot::Category => self
                .category
                .is_none()
                .then(|| ValidationError::new(Field::Category, Problem::Empty)),
            Slot::Party(i, PartyField::Name) => {
                if !self.party_active(i) {
                    return None;
                }
                let name = self.parties[i].name.text().trim();
                if name.is_empty() {
                    Some(ValidationError::new(Field::Name, Problem::Empty))
                } else if name.chars().count() > 100 {
                    Some(ValidationError::new(
                        Field::Name,
                        Problem::TooLong { max: 100 },
                    ))
                } else {
                    None
                }
            }
            Slot::Party(i, PartyField::ResidentId) => {
                let p = &self.parties[i];
                if p.is_organisation || p.resident_id.is_blank() {
                    return None;
                }
                ResidentId::parse(p.resident_id.text()).err()
            }
            Slot::Party(i, PartyField::Phone) => {
                let p = &self.parties[i];
                if p.phone.is_blank() {
                    return None;
                }
                Phone::parse(p.phone.text()).err()
            }
            Slot::CourtCaseNo => {
                let text = self.court_case_no.text().trim();
                if self.channel != Channel::CourtReferral || text.is_empty() {
                    return None;
                }
                crate::domain::court::check_case_no(text).err()
            }
            Slot::Batches => range_error(Field::GroupBatches, self.batches.text(), BATCHES_MAX),
            Slot::Persons => range_error(Field::GroupPersons, self.persons.text(), PERSONS_MAX),
            Slot::Description => {
                // Counted as the domain counts what is saved: trimmed, newlines included.
                let text = self.description_text();
                let n = text.trim().chars().count();
                if n == 0 {
                    Some(ValidationError::new(Field::Description, Problem::Empty))
                } else if n > DESCRIPTION_MAX {
                    Some(ValidationError::new(
                        Field::Description,
                        Problem::TooLong {
                            max: DESCRIPTION_MAX,
                        },
                    ))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// Checks every field and shows every error.
    pub fn validate_all(&mut self) {
        for slot in self.slots() {
            let error = self.check(slot);
            self.set_error(slot, error);
        }
        for p in &mut self.parties {
            if p.is_organisation {
                p.resident_id.error = None;
            }
        }
    }

    /// Validates every field, shows every error and moves the focus to the first bad field.
    /// With nothing wrong, the validated (normalised) intake; its id is the same on every call,
    /// so a retried save is recognised by the store.
    pub fn to_intake(&mut self) -> Option<Intake> {
        self.validate_all();
        self.form_error = None;
        if let Some(slot) = self.first_error() {
            self.set_focus(slot);
            return None;
        }
        match self.build().validated() {
            Ok(intake) => Some(intake),
            Err(e) => {
                // Not expected: the field checks mirror the domain's. Show it at the bottom.
                self.form_error = Some(e);
                None
            }
        }
    }

    fn build(&self) -> Intake {
        let category = self.category.map_or("", |i| CATEGORIES[i].1);
        let mut intake = Intake::new(
            self.centre_id,
            self.channel,
            category,
            self.description_text().trim(),
        );
        intake.id = self.intake_id;
        intake.parties = (0..self.parties.len())
            .filter(|&i| self.party_active(i))
            .map(|i| {
                let p = &self.parties[i];
                let optional = |l: &LineInput| (!l.is_blank()).then(|| l.text().to_string());
                Party {
                    role: p.role,
                    name: p.name.text().to_string(),
                    is_organisation: p.is_organisation,
                    resident_id: if p.is_organisation {
                        None
                    } else {
                        optional(&p.resident_id)
                    },
                    phone: optional(&p.phone),
                    address: p.address.text().trim().to_string(),
                }
            })
            .collect();
        intake.group_batches =
            parse_digits(self.batches.text()).map_or(0, |n| n.min(i64::from(i32::MAX)) as i32);
        intake.group_persons =
            parse_digits(self.persons.text()).map_or(0, |n| n.min(i64::from(i32::MAX)) as i32);
        intake.lanes = self.lanes();
        intake.handling_hint = self.handling;
        let court = self.court_case_no.text().trim();
        intake.court_case_no = (self.channel == Channel::CourtReferral && !court.is_empty())
            .then(|| court.to_string());
        intake
    }

    // ----- drafts -----

    /// Everything typed, for the draft file (stamped now).
    pub fn to_draft(&self) -> Draft {
        let focus = self
            .slots()
            .iter()
            .position(|&s| s == self.focus)
            .unwrap_or(0);
        Draft {
            intake_id: self.intake_id,
            saved_at: chrono::Utc::now(),
            // The draft worker names the signed-in operator.
            operator: String::new(),
            channel: self.channel.as_str().to_string(),
            category: self
                .category
                .map_or(String::new(), |i| CATEGORIES[i].1.to_string()),
            group_batches: self.batches.text().to_string(),
            group_persons: self.persons.text().to_string(),
            elderly_disabled: self.elderly_disabled,
            emotional_risk: self.emotional_risk,
            group_visit: self.group_visit,
            handling: self
                .handling
                .map_or(String::new(), |h| h.as_str().to_string()),
            court_case_no: self.court_case_no.text().to_string(),
            description: self.description_text(),
            focus,
            parties: self
                .parties
                .iter()
                .map(|p| DraftParty {
                    role: p.role.as_str().to_string(),
                    name: p.name.text().to_string(),
                    resident_id: p.resident_id.text().to_string(),
                    phone: p.phone.text().to_string(),
                    address: p.address.text().to_string(),
                    is_organisation: p.is_organisation,
                })
                .collect(),
        }
    }

    /// The form a draft was made from: same intake id, same text, same focus. Values that are
    /// wrong show their errors at once. Unknown values (a hand-edited file) fall back to defaults.
    pub fn from_draft(centre_id: Uuid, d: &Draft) -> Self {
        let mut form = Self::new(centre_id);
        form.intake_id = d.intake_id;
        form.channel = Channel::parse(&d.channel).unwrap_or(Channel::WalkIn);
        form.category = CATEGORIES.iter().position(|(_, zh)| *zh == d.category);
        form.batches = LineInput::new(&clip_digits(&d.group_batches));
        form.persons = LineInput::new(&clip_digits(&d.group_persons));
        form.elderly_disabled = d.elderly_disabled;
        form.emotional_risk = d.emotional_risk;
        form.group_visit = d.group_visit;
        form.handling = Handling::parse(&d.handling);
        form.court_case_no = LineInput::new(&clip_line(&d.court_case_no));
        form.description = new_description(&d.description.split('\n').collect::<Vec<_>>());
        let block = |p: &DraftParty, role| PartyBlock {
            role,
            name: LineInput::new(&clip_line(&p.name)),
            resident_id: LineInput::new(&clip_line(&p.resident_id)),
            phone: LineInput::new(&clip_line(&p.phone)),
            address: LineInput::new(&clip_line(&p.address)),
            is_organisation: role == PartyRole::Respondent && p.is_organisation,
        };
        let role_of = |p: &DraftParty| match PartyRole::parse(&p.role) {
            Some(PartyRole::Applicant) => PartyRole::Applicant,
            _ => PartyRole::Respondent,
        };
        let mut parties: Vec<PartyBlock> = d
            .parties
            .iter()
            .map(|p| block(p, role_of(p)))
            .take(MAX_PARTIES)
            .collect();
        // Applicants first (stable), and always at least one.
        parties.sort_by_key(|p| p.role != PartyRole::Applicant);
        if parties
            .first()
            .is_none_or(|p| p.role != PartyRole::Applicant)
        {
            parties.insert(0, PartyBlock::new(PartyRole::Applicant));
        }
        form.parties = parties;
        // Show what is wrong with what was typed, without nagging about empty fields.
        for slot in form.slots() {
            form.leave(slot);
        }
        let slots = form.slots();
        form.focus = slots[d.focus.min(slots.len() - 1)];
        form.style_description();
        form
    }
}

fn new_description(lines: &[&str]) -> TextArea<'static> {
    let mut ta = if lines.is_empty() {
        TextArea::default()
    } else {
        TextArea::new(lines.iter().map(|l| l.to_string()).collect())
    };
    ta.move_cursor(CursorMove::Bottom);
    ta.move_cursor(CursorMove::End);
    ta.set_wrap_mode(WrapMode::WordOrGlyph);
    ta.set_cursor_line_style(Style::default());
    ta.set_max_histories(0);
    ta
}

fn moved(yes: bool) -> Outcome {
    if yes {
        Outcome::Changed
    } else {
        Outcome::Nothing
    }
}

fn no_modifiers(key: &KeyEvent) -> bool {
    key.modifiers.is_empty()
}

/// The character a key types into a text field: no Ctrl or Alt (AltGr, Ctrl+Alt, still types).
fn typed_char(key: &KeyEvent) -> Option<char> {
    let KeyCode::Char(c) = key.code else {
        return None;
    };
    let ctrl_alt = KeyModifiers::CONTROL | KeyModifiers::ALT;
    let mods = key.modifiers & ctrl_alt;
    (!c.is_control() && (mods.is_empty() || mods == ctrl_alt)).then_some(c)
}

/// ASCII or full-width digit, as ASCII.
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(u32::from(c) - u32::from('０') + u32::from('0')),
        _ => None,
    }
}

fn parse_digits(text: &str) -> Option<i64> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= 18 && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
}

fn range_error(field: Field, text: &str, max: i64) -> Option<ValidationError> {
    let Some(got) = parse_digits(text) else {
        return Some(ValidationError::new(field, Problem::Empty));
    };
    (!(1..=max).contains(&got))
        .then(|| ValidationError::new(field, Problem::OutOfRange { min: 1, max, got }))
}

fn clip_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(LINE_MAX)
        .collect()
}

fn clip_digits(text: &str) -> String {
    text.chars()
        .filter_map(ascii_digit)
        .take(DIGITS_MAX)
        .collect()
}

/// A resident ID while it is typed: too short is not an error yet (the view shows "12 of 18"),
/// but a character that can never be right is; from 18 characters on, the full check.
fn resident_id_while_typing(text: &str) -> Option<ValidationError> {
    let id = resident_id::normalize(text);
    let n = id.chars().count();
    if n == 0 {
        return None;
    }
    if n < resident_id::LEN {
        return id.chars().position(|c| !c.is_ascii_digit()).map(|i| {
            ValidationError::new(Field::ResidentId, Problem::BadCharacter { position: i + 1 })
        });
    }
    ResidentId::parse(text).err()
}

#[cfg(test)]
mod tests;
