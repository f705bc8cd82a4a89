//! The outcome form (结案结果) over the case file, as pure state: how the case ended — mediated
//! with its agreement number and whether judicial confirmation is asked for; failed or not
//! suitable for mediation and sent to litigation on a track; or withdrawn — and, for a case
//! whose confirmation was requested, the court's answer (granted / refused).
//!
//! Nothing typed is ever cleared: a missing field is named in the operator's language, the
//! focus goes to it, and a refusal from the store is shown in the form with everything kept.

use super::action::Command;
use super::keymap::Command as K;
use super::state::{Notice, Overlay, State};
use crate::domain::Lang;
use crate::domain::case::{Case, JudicialConfirmation, LitigationTrack, Outcome};
use uuid::Uuid;

/// The longest agreement number or note kept.
const AGREEMENT_MAX: usize = 64;
const NOTE_MAX: usize = 200;

/// How the case ended, as the operator chooses it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeKind {
    Mediated,
    Failed,
    Unsuitable,
    Withdrawn,
}

impl OutcomeKind {
    pub const ALL: [OutcomeKind; 4] = [
        OutcomeKind::Mediated,
        OutcomeKind::Failed,
        OutcomeKind::Unsuitable,
        OutcomeKind::Withdrawn,
    ];

    /// The locale key of its name.
    pub fn key(self) -> &'static str {
        match self {
            OutcomeKind::Mediated => "outcome.kind.mediated",
            OutcomeKind::Failed => "outcome.kind.failed",
            OutcomeKind::Unsuitable => "outcome.kind.unsuitable",
            OutcomeKind::Withdrawn => "outcome.kind.withdrawn",
        }
    }
}

/// What the store is asked to record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutcomeChoice {
    /// Mediated, failed or unsuitable: `Store::record_outcome`.
    Court(Outcome),
    /// The resident withdrew: the state machine's withdraw step.
    Withdrawn,
}

/// A field of the form, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeSlot {
    Kind,
    AgreementNo,
    Confirmation,
    Track,
    Note,
    /// The court's answer to a request for judicial confirmation.
    Answer,
}

impl OutcomeSlot {
    pub fn label_key(self) -> &'static str {
        match self {
            OutcomeSlot::Kind => "outcome.label.kind",
            OutcomeSlot::AgreementNo => "outcome.label.agreement_no",
            OutcomeSlot::Confirmation => "outcome.label.confirmation",
            OutcomeSlot::Track => "outcome.label.track",
            OutcomeSlot::Note => "outcome.label.note",
            OutcomeSlot::Answer => "outcome.label.answer",
        }
    }

    pub fn is_text(self) -> bool {
        matches!(self, OutcomeSlot::AgreementNo | OutcomeSlot::Note)
    }
}

/// Which question the form asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeMode {
    /// How the case ended.
    Outcome,
    /// The court's answer on judicial confirmation.
    CourtAnswer,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeForm {
    pub mode: OutcomeMode,
    pub case_id: Uuid,
    pub version: i32,
    pub case_no: String,
    pub kind: OutcomeKind,
    pub agreement_no: String,
    pub confirmation_requested: bool,
    pub track: LitigationTrack,
    pub note: String,
    /// The court's answer: granted (true) or refused.
    pub granted: bool,
    pub focus: OutcomeSlot,
    /// The field at fault and the sentence naming it, or a refusal from the store.
    pub problem: Option<(Option<OutcomeSlot>, String)>,
    pub saving: bool,
    /// What saving also does (one close), each shown ticked and not changeable: the session
    /// ended, the summonses cancelled, the ticket served — in the operator's language.
    pub loose_ends: Vec<String>,
}

impl OutcomeForm {
    fn for_case(case: &Case, mode: OutcomeMode, focus: OutcomeSlot) -> Self {
        Self {
            mode,
            case_id: case.id,
            version: case.version,
            case_no: case.case_no.clone(),
            kind: OutcomeKind::Mediated,
            agreement_no: String::new(),
            confirmation_requested: false,
            track: LitigationTrack::FastTrack,
            note: String::new(),
            granted: true,
            focus,
            problem: None,
            saving: false,
            loose_ends: Vec::new(),
        }
    }

    /// How the case ended.
    pub fn outcome(case: &Case) -> Self {
        Self::for_case(case, OutcomeMode::Outcome, OutcomeSlot::Kind)
    }

    /// The court's answer; `None` when no confirmation is waiting for one.
    pub fn court_answer(case: &Case) -> Option<Self> {
        (case.court.judicial_confirmation == Some(JudicialConfirmation::Requested))
            .then(|| Self::for_case(case, OutcomeMode::CourtAnswer, OutcomeSlot::Answer))
    }

    /// The fields shown, in Tab order (they depend on the kind of outcome).
    pub fn slots(&self) -> Vec<OutcomeSlot> {
        use OutcomeSlot as S;
        match (self.mode, self.kind) {
            (OutcomeMode::CourtAnswer, _) => vec![S::Answer],
            (_, OutcomeKind::Mediated) => vec![S::Kind, S::AgreementNo, S::Confirmation, S::Note],
            (_, OutcomeKind::Failed | OutcomeKind::Unsuitable) => vec![S::Kind, S::Track, S::Note],
            (_, OutcomeKind::Withdrawn) => vec![S::Kind, S::Note],
        }
    }

    pub fn accepts_text(&self) -> bool {
        self.focus.is_text()
    }

    pub fn move_focus(&mut self, delta: isize) {
        let slots = self.slots();
        let at = slots.iter().position(|&s| s == self.focus).unwrap_or(0) as isize;
        self.focus = slots[(at + delta).rem_euclid(slots.len() as isize) as usize];
    }

    /// ← / → on a choice (Space too, forward).
    pub fn cycle(&mut self, delta: isize) {
        match self.focus {
            OutcomeSlot::Kind => {
                let all = OutcomeKind::ALL;
                let at = all.iter().position(|&k| k == self.kind).unwrap_or(0) as isize;
                self.kind = all[(at + delta).rem_euclid(all.len() as isize) as usize];
            }
            OutcomeSlot::Confirmation => self.confirmation_requested = !self.confirmation_requested,
            OutcomeSlot::Track => {
                self.track = match self.track {
                    LitigationTrack::FastTrack => LitigationTrack::PriorityFiling,
                    LitigationTrack::PriorityFiling => LitigationTrack::FastTrack,
                }
            }
            OutcomeSlot::Answer => self.granted = !self.granted,
            OutcomeSlot::AgreementNo | OutcomeSlot::Note => {}
        }
    }

    fn text_mut(&mut self) -> Option<(&mut String, usize)> {
        match self.focus {
            OutcomeSlot::AgreementNo => Some((&mut self.agreement_no, AGREEMENT_MAX)),
            OutcomeSlot::Note => Some((&mut self.note, NOTE_MAX)),
            _ => None,
        }
    }

    /// A typed character (or a pasted text, line breaks as spaces) in the focused text field.
    pub fn type_text(&mut self, text: &str) {
        if let Some((field, max)) = self.text_mut() {
            for c in text.chars() {
                let c = if c == '\r' || c == '\n' || c == '\t' {
                    ' '
                } else {
                    c
                };
                if !c.is_control() && field.chars().count() < max {
                    field.push(c);
                }
            }
        }
    }

    pub fn backspace(&mut self) {
        if let Some((field, _)) = self.text_mut() {
            field.pop();
        }
    }

    /// What to record, or the first missing field named in the operator's language (the
    /// focus goes there; nothing is cleared).
    pub fn to_choice(&mut self, lang: Lang) -> Result<(OutcomeChoice, String), String> {
        let missing = match (self.mode, self.kind) {
            (OutcomeMode::Outcome, OutcomeKind::Mediated)
                if self.agreement_no.trim().is_empty() =>
            {
                Some(OutcomeSlot::AgreementNo)
            }
            // A withdrawal says why (the resident's reason), for the follow-up visit.
            (OutcomeMode::Outcome, OutcomeKind::Withdrawn) if self.note.trim().is_empty() => {
                Some(OutcomeSlot::Note)
            }
            _ => None,
        };
        if let Some(slot) = missing {
            let field = rust_i18n::t!(slot.label_key(), locale = lang.locale()).into_owned();
            let message = rust_i18n::t!("prompt.required", locale = lang.locale(), field = field)
                .into_owned();
            self.focus = slot;
            self.problem = Some((Some(slot), message.clone()));
            return Err(message);
        }
        let choice = match self.kind {
            OutcomeKind::Mediated => OutcomeChoice::Court(Outcome::Mediated {
                agreement_no: self.agreement_no.trim().to_string(),
                confirmation_requested: self.confirmation_requested,
            }),
            OutcomeKind::Failed => OutcomeChoice::Court(Outcome::Failed { track: self.track }),
            OutcomeKind::Unsuitable => {
                OutcomeChoice::Court(Outcome::Referred { track: self.track })
            }
            OutcomeKind::Withdrawn => OutcomeChoice::Withdrawn,
        };
        self.problem = None;
        Ok((choice, self.note.trim().to_string()))
    }
}

/// Ctrl-O, Ctrl-K or Ctrl-U in the case file: open the outcome form, the court's answer, or
/// ask for the case to go up a level.
pub(super) fn open_from_file(state: &mut State, command: K) -> Vec<Command> {
    let Some(Overlay::Detail(d)) = &state.overlay else {
        return Vec::new();
    };
    let case = &d.file.case;
    match command {
        K::RecordOutcome => {
            let mut form = OutcomeForm::outcome(case);
            form.loose_ends = super::finish::loose_ends(state, &d.file);
            state.overlay = Some(Overlay::Outcome(Box::new(form)));
            Vec::new()
        }
        K::CourtAnswer => match OutcomeForm::court_answer(case) {
            Some(form) => {
                state.overlay = Some(Overlay::Outcome(Box::new(form)));
                Vec::new()
            }
            None => {
                let text = state.t("store.no_confirmation_requested");
                state.notice = Some(Notice { text, error: true });
                Vec::new()
            }
        },
        K::Escalate => {
            // A case not yet triaged has no level of its own: it is at its centre's level.
            let from = case.level.unwrap_or(state.centre.level);
            match from.next_up() {
                Some(to) => vec![Command::Escalate {
                    case_id: case.id,
                    version: case.version,
                    to,
                }],
                None => {
                    let text = state.t("store.escalation.at_top");
                    state.notice = Some(Notice { text, error: true });
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    }
}

/// A key command while the outcome form is open.
pub(super) fn on_command(state: &mut State, command: K) -> Vec<Command> {
    let lang = state.lang;
    let Some(Overlay::Outcome(form)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if form.saving && command != K::Cancel {
        return Vec::new();
    }
    match command {
        K::NextField => form.move_focus(1),
        K::PrevField => form.move_focus(-1),
        K::Prev => form.cycle(-1),
        K::Next => form.cycle(1),
        K::Cancel => {
            // Back to the file, which is read again (it may have moved on meanwhile).
            let id = form.case_id;
            state.overlay = None;
            return vec![Command::LoadCaseFile(id)];
        }
        K::Save => {
            let (case_id, version) = (form.case_id, form.version);
            let cmd = match form.mode {
                OutcomeMode::CourtAnswer => Command::RecordConfirmation {
                    case_id,
                    version,
                    granted: form.granted,
                },
                OutcomeMode::Outcome => match form.to_choice(lang) {
                    Ok((choice, note)) => Command::RecordOutcome {
                        case_id,
                        version,
                        choice,
                        note,
                    },
                    Err(_) => return Vec::new(),
                },
            };
            form.saving = true;
            return vec![cmd];
        }
        _ => {}
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::tests::case;

    #[test]
    fn a_mediated_outcome_needs_its_agreement_number_and_keeps_the_note() {
        let mut f = OutcomeForm::outcome(&case(7));
        f.move_focus(3); // kind → agreement → confirmation → note
        assert_eq!(f.focus, OutcomeSlot::Note);
        f.type_text("双方签字\n当场履行");
        let err = f.to_choice(Lang::Zh).unwrap_err();
        assert!(err.contains("调解协议编号"), "{err}");
        assert_eq!(f.focus, OutcomeSlot::AgreementNo);
        assert_eq!(f.note, "双方签字 当场履行", "nothing typed is lost");
        f.type_text("(2026)示调字第118号");
        f.move_focus(1);
        f.cycle(1); // ask for judicial confirmation
        let (choice, note) = f.to_choice(Lang::En).unwrap();
        assert_eq!(
            choice,
            OutcomeChoice::Court(Outcome::Mediated {
                agreement_no: "(2026)示调字第118号".into(),
                confirmation_requested: true
            })
        );
        assert_eq!(note, "双方签字 当场履行");
    }

    #[test]
    fn failed_goes_to_a_court_track_and_withdrawn_needs_a_reason() {
        let mut f = OutcomeForm::outcome(&case(7));
        f.cycle(1);
        assert_eq!(
            f.slots(),
            [OutcomeSlot::Kind, OutcomeSlot::Track, OutcomeSlot::Note]
        );
        f.move_focus(1);
        f.cycle(1);
        assert_eq!(
            f.to_choice(Lang::Zh).unwrap().0,
            OutcomeChoice::Court(Outcome::Failed {
                track: LitigationTrack::PriorityFiling
            })
        );
        f.focus = OutcomeSlot::Kind;
        f.cycle(1);
        assert_eq!(f.kind, OutcomeKind::Unsuitable);
        f.cycle(1);
        let err = f.to_choice(Lang::En).unwrap_err();
        assert!(err.contains("Note"), "{err}");
        f.type_text("申请人撤回");
        assert_eq!(f.to_choice(Lang::En).unwrap().0, OutcomeChoice::Withdrawn);
    }

    #[test]
    fn the_courts_answer_is_asked_only_when_confirmation_was_requested() {
        let mut c = case(7);
        assert!(OutcomeForm::court_answer(&c).is_none());
        c.court.judicial_confirmation = Some(JudicialConfirmation::Requested);
        let mut f = OutcomeForm::court_answer(&c).unwrap();
        assert_eq!(f.slots(), [OutcomeSlot::Answer]);
        assert!(f.granted);
        f.cycle(1);
        assert!(!f.granted);
        f.type_text("ignored");
        assert!(f.note.is_empty());
    }
}
