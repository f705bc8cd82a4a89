//! The intake form (一窗受理) as pure state: what the operator typed, where the focus is, and
//! which fields are wrong. No I/O and no text for the screen; `ui::intake` draws it.
//!
//! Keys: printable characters (Chinese from the IME included) always go into the focused text
//! field; commands come from the one keymap (`keymap::lookup(Context::Intake, ..)`): Tab /
//! Shift-Tab / ↑ / ↓ move between fields (↑ ↓ move inside the description), ← / → cycle a
//! choice (and move the cursor inside a text field), Space ticks a toggle, Enter moves on
//! (a new line in the description), Ctrl-A / Ctrl-R add a party, Ctrl-D removes one,
//! F9 / Ctrl-S saves, Esc cancels. The field kit (`app::form`) holds the fields and reads
//! those keys; this form adds the parties, the checks and what a save stores.
//!
//! Nothing typed is ever cleared because it is wrong: a wrong value keeps its text and gets an
//! error that names the field (and the party).

use super::draft::{Draft, DraftParty};
use super::form::{Field as FormField, Kit, LineView, Pick, PickOption, Value};
use super::keymap::{self, Command, Context};
use crate::domain::Intake;
use crate::domain::case::{Channel, Handling, Lanes};
use crate::domain::party::{Party, PartyRole};
use crate::domain::phone::Phone;
use crate::domain::resident_id::{self, ResidentId};
use crate::domain::validation::{Field, Lang, Problem, ValidationError};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use ratatui_textarea::TextArea;
use std::collections::BTreeMap;
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
    // One row: the form shows the choice, so ↑ ↓ leave it.
    Pick::single(options, None).with_rows(1)
}

/// Most party blocks a form holds (a large group registers a representative and counts persons).
pub const MAX_PARTIES: usize = 30;
/// Longest description the domain accepts (characters).
pub const DESCRIPTION_MAX: usize = 4000;
/// A one-line field takes at most this many characters (a stray paste is cut here).
const LINE_MAX: usize = 200;
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

impl PartyField {
    /// Its field's id in the kit (each party's copy carries the party's group).
    pub fn id(self) -> &'static str {
        match self {
            PartyField::Name => "name",
            PartyField::Organisation => "organisation",
            PartyField::ResidentId => "resident_id",
            PartyField::Phone => "phone",
            PartyField::Address => "address",
        }
    }

    fn of(id: &str) -> Option<Self> {
        [
            PartyField::Name,
            PartyField::Organisation,
            PartyField::ResidentId,
            PartyField::Phone,
            PartyField::Address,
        ]
        .into_iter()
        .find(|f| f.id() == id)
    }

    /// The fields of a party of `role`, in Tab order (only a respondent can be an
    /// organisation; an organisation's resident ID is hidden, not cleared).
    fn fields(role: PartyRole, group: u32) -> Vec<FormField> {
        let text = |f: PartyField, label| FormField::text(f.id(), label, LINE_MAX).in_group(group);
        let mut fields = vec![text(PartyField::Name, "field.name")];
        if role == PartyRole::Respondent {
            fields.push(
                FormField::tick(
                    PartyField::Organisation.id(),
                    "intake.label.organisation",
                    false,
                    false,
                )
                .in_group(group),
            );
        }
        fields.extend([
            text(PartyField::ResidentId, "field.resident_id"),
            text(PartyField::Phone, "field.phone"),
            text(PartyField::Address, "intake.label.address"),
        ]);
        fields
    }
}

impl Slot {
    /// Its field's id in the kit (a party's fields: see [`PartyField::id`]).
    pub fn id(self) -> &'static str {
        match self {
            Slot::Channel => "channel",
            Slot::Category => "category",
            Slot::Party(_, f) => f.id(),
            Slot::Batches => "batches",
            Slot::Persons => "persons",
            Slot::ElderlyDisabled => "elderly_disabled",
            Slot::EmotionalRisk => "emotional_risk",
            Slot::GroupVisit => "group_visit",
            Slot::Handling => "handling",
            Slot::CourtCaseNo => "court_case_no",
            Slot::Description => "description",
        }
    }

    /// The slot of a field of its own (not a party's).
    fn of(id: &str) -> Option<Slot> {
        [
            Slot::Channel,
            Slot::Category,
            Slot::Batches,
            Slot::Persons,
            Slot::ElderlyDisabled,
            Slot::EmotionalRisk,
            Slot::GroupVisit,
            Slot::Handling,
            Slot::CourtCaseNo,
            Slot::Description,
        ]
        .into_iter()
        .find(|s| s.id() == id)
    }
}

/// The handling hints offered, in order (none first).
const HANDLINGS: [Option<Handling>; 3] = [None, Some(Handling::Immediate), Some(Handling::Joint)];

/// One applicant or respondent as typed, read from the form.
#[derive(Debug, Clone, Copy)]
pub struct PartyView<'a> {
    form: &'a IntakeForm,
    i: usize,
}

impl<'a> PartyView<'a> {
    pub fn role(&self) -> PartyRole {
        self.form.parties[self.i].1
    }

    pub fn is_organisation(&self) -> bool {
        self.form
            .toggle_value(Slot::Party(self.i, PartyField::Organisation))
            == Some(true)
    }

    /// The text field for `field` (`None` for the organisation tick).
    pub fn line(&self, field: PartyField) -> Option<LineView<'a>> {
        self.form.line(Slot::Party(self.i, field))
    }

    /// Nothing typed or ticked in this block.
    pub fn is_blank(&self) -> bool {
        self.form.kit.group_is_blank(self.form.parties[self.i].0)
    }
}

/// The intake form, built on the field kit. See the module documentation for the keys.
#[derive(Debug, Clone)]
pub struct IntakeForm {
    centre_id: Uuid,
    intake_id: Uuid,
    /// Every field: the channel, the categories (a list that filters as you type: 劳动争议,
    /// `ldzy`, or `labour`; its option `i` is `CATEGORIES[i]`, nothing chosen on a fresh form),
    /// a group of fields per party, the group size, the lanes (the group visit as ticked by
    /// hand: it is also on when persons > 1), the handling hint, the court's case number
    /// (shown for a court referral only) and the description.
    kit: Kit,
    /// The parties in order, applicants first: each one's group in the kit, and its role.
    parties: Vec<(u32, PartyRole)>,
    /// What is wrong with each field, by field id and group; put in words when drawn.
    errors: BTreeMap<(&'static str, u32), ValidationError>,
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
        let channels: Vec<String> = Channel::ALL
            .iter()
            .map(|c| format!("intake.channel.{}", c.as_str()))
            .collect();
        let channels: Vec<&str> = channels.iter().map(String::as_str).collect();
        let lanes = [
            (Slot::ElderlyDisabled, "intake.label.elderly_disabled"),
            (Slot::EmotionalRisk, "intake.label.emotional_risk"),
            (Slot::GroupVisit, "intake.label.group_visit"),
        ]
        .map(|(slot, label)| FormField::tick(slot.id(), label, false, false));
        let fields = [
            vec![
                FormField::choice(Slot::Channel.id(), "intake.label.channel", &channels),
                FormField::pick(Slot::Category.id(), "field.category", category_list()),
            ],
            PartyField::fields(PartyRole::Applicant, 1),
            PartyField::fields(PartyRole::Respondent, 2),
            vec![
                // Persons first: it is the one a group visit changes (batches stay 1).
                FormField::number(Slot::Persons.id(), "field.group_persons", 1, PERSONS_MAX, 1),
                FormField::number(Slot::Batches.id(), "field.group_batches", 1, BATCHES_MAX, 1),
            ],
            lanes.to_vec(),
            vec![
                FormField::choice(
                    Slot::Handling.id(),
                    "intake.label.handling",
                    &[
                        "intake.handling.none",
                        "intake.handling.immediate",
                        "intake.handling.joint",
                    ],
                ),
                FormField::text(
                    Slot::CourtCaseNo.id(),
                    "intake.label.court_case_no",
                    LINE_MAX,
                ),
                FormField::area(
                    Slot::Description.id(),
                    "field.description",
                    DESCRIPTION_HARD_MAX,
                ),
            ],
        ]
        .concat();
        let mut form = Self {
            centre_id,
            intake_id: Uuid::now_v7(),
            kit: Kit::new(fields),
            parties: vec![(1, PartyRole::Applicant), (2, PartyRole::Respondent)],
            errors: BTreeMap::new(),
            saving: false,
            remove_armed: None,
            error_message: None,
            form_error: None,
        };
        form.sync();
        form
    }
}

fn range_error(field: Field, problem: Option<Problem>) -> Option<ValidationError> {
    problem.map(|p| ValidationError::new(field, p))
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
