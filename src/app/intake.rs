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
use super::form::{Pick, PickOption};
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

/// The categories as a list that filters: matched by the Chinese name, its pinyin initials, or
/// the English label.
fn category_list() -> Pick {
    let options = CATEGORIES
        .iter()
        .map(|(key, zh)| {
            let en = rust_i18n::t!(format!("intake.category.{key}"), locale = "en");
            PickOption::named(*key, en, zh)
        })
        .collect();
    Pick::single(options, None)
}

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
    /// The categories, a list that filters as you type (劳动争议, `ldzy`, or `labour`); its
    /// option `i` is `CATEGORIES[i]`, and nothing is chosen on a fresh form.
    category: Pick,
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
            category: category_list(),
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

mod check;
mod commands;
mod drafts;
mod read;
mod typing;

#[cfg(test)]
mod tests;
