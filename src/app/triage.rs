//! The triage form (分流交办) as pure state: stream, immediate or joint handling, level, the
//! lead department and the cooperating units (lists that filter as you type, `rsj` → 人社局), the first handler (首办责任人), and for an
//! immediate case whether it was solved on the spot. No I/O; `ui::triage` draws it.
//!
//! The form opens pre-filled from the suggestion for the case's category (`data/triage.toml`,
//! editable; a broken file only means no suggestions) and from what the case already carries.
//!
//! Keys come from the triage bindings (`keymap::lookup(Context::Triage, ..)`): Tab / Shift-Tab /
//! ↑ / ↓ move between fields, ← / → cycle a choice (and move along the department list in the
//! cooperating field, or the cursor in a text field), Space ticks, Enter moves on, F9 / Ctrl-S
//! saves, Esc cancels. Printable characters always go into the focused text field.

use super::form::{Field, Kit, Pick, PickOption, Value};
use super::intake::Outcome;
use super::keymap::{self, Command, Context};
use crate::domain::Lang;
use crate::domain::case::{Case, Handling, Level, Stream};
use crate::domain::department::Department;
use crate::store::{EarlierCase, Triage};
use ratatui::crossterm::event::{KeyEvent, KeyEventKind};
use serde::Deserialize;
use std::sync::OnceLock;
use uuid::Uuid;

/// The suggestion table, as shipped.
const SUGGESTIONS_TOML: &str = include_str!("../../data/triage.toml");
/// A one-line field takes at most this many characters.
const LINE_MAX: usize = 200;

/// What `data/triage.toml` suggests for one category. Department names are as written in the
/// file; the form matches them against the centre's departments by exact name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub category: String,
    pub stream: Stream,
    pub lead: Option<String>,
    pub cooperating: Vec<String>,
}

#[derive(Deserialize)]
struct SuggestionFile {
    #[serde(default)]
    rule: Vec<RuleSpec>,
}

#[derive(Deserialize)]
struct RuleSpec {
    category: String,
    stream: String,
    #[serde(default)]
    lead: Option<String>,
    #[serde(default)]
    cooperating: Vec<String>,
}

/// Reads a suggestion table. A file that does not parse gives no suggestions; a rule with an
/// unknown stream is left out.
pub fn parse_suggestions(text: &str) -> Vec<Suggestion> {
    read_suggestions(text).0
}

/// Reads a suggestion table and names what is wrong in it: a file that does not parse (with
/// its line), a rule whose stream is unknown (with its category).
pub fn read_suggestions(text: &str) -> (Vec<Suggestion>, Vec<String>) {
    let file = match toml::from_str::<SuggestionFile>(text) {
        Ok(file) => file,
        Err(e) => return (Vec::new(), vec![crate::text::toml_error(&e, text)]),
    };
    let mut problems = Vec::new();
    let table = file
        .rule
        .into_iter()
        .filter_map(|r| {
            let Some(stream) = Stream::parse(r.stream.trim()) else {
                problems.push(format!(
                    "{}: stream {:?} is not petition, mediation, litigation or enforcement",
                    r.category, r.stream
                ));
                return None;
            };
            Some(Suggestion {
                category: r.category.trim().to_string(),
                stream,
                lead: r
                    .lead
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty()),
                cooperating: r
                    .cooperating
                    .into_iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect(),
            })
        })
        .collect();
    (table, problems)
}

static TABLE: OnceLock<Vec<Suggestion>> = OnceLock::new();

/// Uses the centre's own `triage.toml` (in the config folder) when there is one, else the
/// shipped table; returns what is wrong with the centre's file, named with the file, so the
/// console can say it on screen. Call once at start, before any form opens.
pub fn load_suggestions(own: Option<&std::path::Path>) -> Vec<String> {
    let mut problems = Vec::new();
    let table = match own.and_then(|p| std::fs::read_to_string(p).ok().map(|t| (p, t))) {
        Some((path, text)) => {
            let (table, found) = read_suggestions(&text);
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
            let name = name.unwrap_or_default();
            problems.extend(found.into_iter().map(|p| format!("{name}: {p}")));
            table
        }
        None => parse_suggestions(SUGGESTIONS_TOML),
    };
    let _ = TABLE.set(table);
    problems
}

/// The suggestion table in use (the centre's own, or the shipped one).
pub fn suggestions() -> &'static [Suggestion] {
    TABLE.get_or_init(|| parse_suggestions(SUGGESTIONS_TOML))
}

/// The shipped suggestion for a stored category name, if any.
pub fn suggestion_for(category: &str) -> Option<&'static Suggestion> {
    let category = category.trim();
    suggestions().iter().find(|s| s.category == category)
}

/// A focusable field, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Slot {
    Stream,
    Handling,
    Level,
    Lead,
    /// Joint cases only.
    Cooperating,
    FirstHandler,
    /// Immediate cases only.
    SolvedOnSpot,
    /// Immediate cases solved on the spot only.
    OutcomeNote,
    /// Only when earlier cases of the same person or pair were found: which one this case
    /// repeats (重复访), or none.
    Repeat,
}

impl Slot {
    /// The locale key of the field's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Slot::Stream => "triage.label.stream",
            Slot::Handling => "triage.label.handling",
            Slot::Level => "triage.label.level",
            Slot::Lead => "triage.label.lead",
            Slot::Cooperating => "triage.label.cooperating",
            Slot::FirstHandler => "triage.label.first_handler",
            Slot::SolvedOnSpot => "triage.label.solved_on_spot",
            Slot::OutcomeNote => "triage.label.outcome_note",
            Slot::Repeat => "triage.label.repeat",
        }
    }

    pub fn label(self, lang: Lang) -> String {
        rust_i18n::t!(self.label_key(), locale = lang.locale()).into_owned()
    }

    pub const ALL: [Slot; 9] = [
        Slot::Stream,
        Slot::Handling,
        Slot::Level,
        Slot::Lead,
        Slot::Cooperating,
        Slot::FirstHandler,
        Slot::SolvedOnSpot,
        Slot::OutcomeNote,
        Slot::Repeat,
    ];

    /// Its field's id in the kit.
    pub fn id(self) -> &'static str {
        match self {
            Slot::Stream => "stream",
            Slot::Handling => "handling",
            Slot::Level => "level",
            Slot::Lead => "lead",
            Slot::Cooperating => "cooperating",
            Slot::FirstHandler => "first_handler",
            Slot::SolvedOnSpot => "solved_on_spot",
            Slot::OutcomeNote => "outcome_note",
            Slot::Repeat => "repeat",
        }
    }

    fn of(id: &str) -> Option<Slot> {
        Slot::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// What is wrong with a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    /// A joint case needs a lead department.
    LeadRequired,
    /// A joint case needs at least one cooperating unit.
    CooperatingRequired,
    FirstHandlerRequired,
    /// An on-the-spot close needs an outcome note.
    NoteRequired,
}

impl Problem {
    fn key(self) -> &'static str {
        match self {
            Problem::LeadRequired => "triage.error.lead_required",
            Problem::CooperatingRequired => "triage.error.cooperating_required",
            Problem::FirstHandlerRequired => "triage.error.first_handler_required",
            Problem::NoteRequired => "triage.error.note_required",
        }
    }

    fn slot(self) -> Slot {
        match self {
            Problem::LeadRequired => Slot::Lead,
            Problem::CooperatingRequired => Slot::Cooperating,
            Problem::FirstHandlerRequired => Slot::FirstHandler,
            Problem::NoteRequired => Slot::OutcomeNote,
        }
    }

    /// One sentence naming the field ("协办单位：协同件至少要选一个协办单位").
    pub fn message(self, lang: Lang) -> String {
        rust_i18n::t!(
            "triage.error.format",
            locale = lang.locale(),
            field = self.slot().label(lang),
            message = rust_i18n::t!(self.key(), locale = lang.locale())
        )
        .into_owned()
    }
}

/// The triage form, built on the field kit. See the module documentation for the keys.
#[derive(Debug, Clone)]
pub struct TriageForm {
    case_id: Uuid,
    case_version: i32,
    category: String,
    suggestion: Option<Suggestion>,
    /// The centre's departments, the suggested ones first (lead, then cooperating).
    departments: Vec<Department>,
    /// How many of `departments` (from the front) are suggested.
    suggested: usize,
    /// The fields: stream, handling and level (choices), the lead (a list that filters as
    /// you type: "none" first, then `departments` in order), the cooperating units
    /// (`departments` in order, the lead locked, ticked in the order ticked), the first
    /// handler, solved on the spot and its note, and the earlier case this one repeats.
    kit: Kit,
    errors: Vec<Problem>,
    saving: bool,
    error_message: Option<String>,
    /// Earlier cases of the same person or the same pair of parties, oldest first.
    earlier: Vec<EarlierCase>,
    /// What the case is linked to now, so saving only links when the choice changed.
    stored_repeat: Option<Uuid>,
}

fn keys<T: std::fmt::Display>(prefix: &str, all: &[T]) -> Vec<String> {
    all.iter().map(|x| format!("{prefix}.{x}")).collect()
}

fn choice(slot: Slot, keys: Vec<String>, selected: usize) -> Field {
    let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
    let mut field = Field::choice(slot.id(), slot.label_key(), &keys);
    if let Value::Choice { selected: s, .. } = &mut field.value {
        *s = selected;
    }
    field
}

impl TriageForm {
    /// A form for `case`, pre-filled from the suggestion for its category and from what the case
    /// already carries (a re-triage keeps its stream, handling, level, lead and first handler).
    pub fn new(case: &Case, departments: &[Department], operator: &str) -> Self {
        Self::with_suggestion(case, departments, operator, suggestion_for(&case.category))
    }

    /// As [`TriageForm::new`], with the suggestion given (tests, or another table).
    pub fn with_suggestion(
        case: &Case,
        departments: &[Department],
        operator: &str,
        suggestion: Option<&Suggestion>,
    ) -> Self {
        // The suggested departments first, in the order suggested, then the rest as given.
        let mut order: Vec<usize> = Vec::new();
        if let Some(s) = suggestion {
            for name in s.lead.iter().chain(s.cooperating.iter()) {
                if let Some(i) = departments.iter().position(|d| &d.name == name)
                    && !order.contains(&i)
                {
                    order.push(i);
                }
            }
        }
        let suggested = order.len();
        let rest: Vec<usize> = (0..departments.len())
            .filter(|i| !order.contains(i))
            .collect();
        order.extend(rest);
        let departments: Vec<Department> = order.iter().map(|&i| departments[i].clone()).collect();
        let by_name = |name: &String| departments.iter().position(|d| &d.name == name);

        let suggested_lead = suggestion.and_then(|s| s.lead.as_ref()).and_then(by_name);
        let lead = case
            .lead_department
            .and_then(|id| departments.iter().position(|d| d.id == id))
            .or(suggested_lead);
        let mut cooperating: Vec<usize> = Vec::new();
        if let Some(s) = suggestion {
            for i in s.cooperating.iter().filter_map(by_name) {
                if Some(i) != lead && !cooperating.contains(&i) {
                    cooperating.push(i);
                }
            }
        }
        let handling = case.handling.unwrap_or(if cooperating.is_empty() {
            Handling::Immediate
        } else {
            Handling::Joint
        });
        let options: Vec<PickOption> = departments
            .iter()
            .map(|d| PickOption::new(d.id.to_string(), d.name.clone()))
            .collect();
        let lead_options = std::iter::once(PickOption::new("", "-"))
            .chain(options.iter().cloned())
            .collect();
        let lead = Pick::single(lead_options, Some(lead.map_or(0, |i| i + 1))).with_rows(4);
        let mut ticked = Pick::multi(options).with_rows(6);
        ticked.chosen = cooperating;
        let first_handler = case
            .first_handler
            .as_deref()
            .filter(|s| !s.trim().is_empty())
            .unwrap_or(operator);
        let stream = case
            .stream
            .or(suggestion.map(|s| s.stream))
            .unwrap_or(Stream::Mediation);
        let level = case.level.unwrap_or(Level::County);
        let at = |all: &[_], x| all.iter().position(|&y| y == x).unwrap_or(0);
        let mut kit = Kit::new(vec![
            choice(
                Slot::Stream,
                keys("triage.stream", Stream::ALL),
                Stream::ALL.iter().position(|&x| x == stream).unwrap_or(0),
            ),
            choice(
                Slot::Handling,
                keys("triage.handling", Handling::ALL),
                at(Handling::ALL, handling),
            ),
            choice(
                Slot::Level,
                keys("triage.level", Level::ALL),
                Level::ALL.iter().position(|&x| x == level).unwrap_or(0),
            ),
            Field::pick(Slot::Lead.id(), Slot::Lead.label_key(), lead),
            Field::pick(
                Slot::Cooperating.id(),
                Slot::Cooperating.label_key(),
                ticked,
            ),
            Field::text(
                Slot::FirstHandler.id(),
                Slot::FirstHandler.label_key(),
                LINE_MAX,
            ),
            Field::tick(
                Slot::SolvedOnSpot.id(),
                Slot::SolvedOnSpot.label_key(),
                false,
                false,
            ),
            Field::text(
                Slot::OutcomeNote.id(),
                Slot::OutcomeNote.label_key(),
                LINE_MAX,
            ),
            Field::names(Slot::Repeat.id(), Slot::Repeat.label_key(), Vec::new()),
        ]);
        let i = kit.index(Slot::FirstHandler.id());
        kit.set_text(i, first_handler);
        Self {
            case_id: case.id,
            case_version: case.version,
            category: case.category.clone(),
            suggestion: suggestion.cloned(),
            departments,
            suggested,
            kit,
            errors: Vec::new(),
            saving: false,
            error_message: None,
            earlier: Vec::new(),
            stored_repeat: case.repeat_of,
        }
        .synced()
    }

    fn synced(mut self) -> Self {
        self.sync();
        self
    }

    /// The fields that apply, shown: the cooperating units for a joint case; solved on the
    /// spot for an immediate one (a joint case is never solved on the spot), and its note
    /// when ticked; the earlier cases when there are any. Then the lead's locks.
    pub(super) fn sync(&mut self) {
        let joint = self.handling() == Handling::Joint;
        let solved = self.kit.find(Slot::SolvedOnSpot.id(), 0).unwrap_or(0);
        if joint {
            self.kit.set_ticked(solved, false);
        }
        let on_spot = self.kit.ticked_at(solved);
        self.kit.show(Slot::Cooperating.id(), joint);
        self.kit.show(Slot::SolvedOnSpot.id(), !joint);
        self.kit.show(Slot::OutcomeNote.id(), !joint && on_spot);
        self.kit.show(Slot::Repeat.id(), !self.earlier.is_empty());
        self.sync_lead();
    }

    /// The lead's index into `departments`.
    pub(super) fn lead_index(&self) -> Option<usize> {
        self.kit
            .pick(Slot::Lead.id())
            .chosen
            .first()
            .and_then(|&i| i.checked_sub(1))
    }

    /// The lead is not also a cooperating unit (locked in that list), and "none" is a choice
    /// only for an immediate case (or while nothing is chosen).
    pub(super) fn sync_lead(&mut self) {
        let lead = self.lead_index();
        let joint = self.handling() == Handling::Joint;
        let cooperating = self.kit.pick_mut(Slot::Cooperating.id());
        for (i, o) in cooperating.options.iter_mut().enumerate() {
            o.locked = Some(i) == lead;
        }
        if let Some(l) = lead {
            cooperating.chosen.retain(|&c| c != l);
        }
        self.kit.pick_mut(Slot::Lead.id()).options[0].locked = joint && lead.is_some();
    }

    /// The cooperating units already stored for the case: a re-triage starts from them rather
    /// than from the suggestion. Nothing stored leaves the suggestion as it is.
    pub fn with_cooperating(mut self, stored: &[Uuid]) -> Self {
        let lead = self.lead_index();
        let ticked: Vec<usize> = stored
            .iter()
            .filter_map(|id| self.departments.iter().position(|d| d.id == *id))
            .filter(|&i| Some(i) != lead)
            .collect();
        if !ticked.is_empty() {
            self.kit.pick_mut(Slot::Cooperating.id()).chosen = ticked;
        }
        self
    }

    /// Earlier cases of the same person or pair, listed on the form with a choice of which one
    /// this case repeats; the case's present link (`linked`) is chosen to begin with.
    pub fn with_earlier(mut self, earlier: Vec<EarlierCase>, linked: Option<Uuid>) -> Self {
        let repeat = linked.and_then(|id| earlier.iter().position(|e| e.case.id == id));
        // "Not a repeat", then each earlier case.
        let names = std::iter::once("-".to_string())
            .chain(earlier.iter().map(|e| e.case.case_no.clone()))
            .collect();
        let i = self.kit.index(Slot::Repeat.id());
        self.kit.fields[i].value = Value::Choice {
            options: names,
            selected: repeat.map_or(0, |r| r + 1),
            literal: true,
        };
        self.earlier = earlier;
        self.sync();
        self
    }

    /// Earlier cases of the same person or pair, oldest first.
    pub fn earlier(&self) -> &[EarlierCase] {
        &self.earlier
    }

    /// The earlier case chosen as the one this case repeats.
    pub fn repeat(&self) -> Option<&EarlierCase> {
        let chosen = self.kit.selected(Slot::Repeat.id());
        chosen.checked_sub(1).and_then(|i| self.earlier.get(i))
    }

    /// The earlier case to link on saving: the chosen one, if it is not already the link.
    pub fn repeat_link(&self) -> Option<Uuid> {
        self.repeat()
            .map(|e| e.case.id)
            .filter(|id| Some(*id) != self.stored_repeat)
    }
}

mod read;
mod save;
mod typing;

#[cfg(test)]
pub(crate) mod tests;
