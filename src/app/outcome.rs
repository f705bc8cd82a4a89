//! The outcome form (结案结果) over the case file, as pure state: how the case ended — mediated
//! with its agreement number and whether judicial confirmation is asked for; failed or not
//! suitable for mediation and sent to litigation on a track; or withdrawn — and, for a case
//! whose confirmation was requested, the court's answer (granted / refused).
//!
//! Nothing typed is ever cleared: a missing field is named in the operator's language, the
//! focus goes to it, and a refusal from the store is shown in the form with everything kept.

use super::action::Command;
use super::form::{Field, Kit, KitKey};
use super::keymap::Command as K;
use super::state::{Notice, Overlay, State};
use crate::domain::Lang;
use crate::domain::case::{Case, JudicialConfirmation, LitigationTrack, Outcome};
use ratatui::crossterm::event::KeyEvent;
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

/// Which question the form asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutcomeMode {
    /// How the case ended.
    Outcome,
    /// The court's answer on judicial confirmation.
    CourtAnswer,
}

const TRACKS: [LitigationTrack; 2] = [LitigationTrack::FastTrack, LitigationTrack::PriorityFiling];

/// The form, on the field kit: `kind`, `agreement_no`, `confirmation`, `track`, `note` for an
/// outcome; `answer` for the court's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutcomeForm {
    pub mode: OutcomeMode,
    pub case_id: Uuid,
    pub version: i32,
    pub case_no: String,
    pub kit: Kit,
    /// A refusal from the store (a field's own message is the kit's).
    pub problem: Option<String>,
    pub saving: bool,
    /// What saving also does (one close), each shown ticked and not changeable: the session
    /// ended, the summonses cancelled, the ticket served — in the operator's language.
    pub loose_ends: Vec<String>,
}

impl OutcomeForm {
    fn for_case(case: &Case, mode: OutcomeMode) -> Self {
        let kinds: Vec<&str> = OutcomeKind::ALL.iter().map(|k| k.key()).collect();
        let mut kit = Kit::new(vec![
            Field::choice("kind", "outcome.label.kind", &kinds),
            Field::text("agreement_no", "outcome.label.agreement_no", AGREEMENT_MAX),
            Field::tick("confirmation", "outcome.label.confirmation", false, false),
            Field::choice(
                "track",
                "outcome.label.track",
                &["detail.track.fast_track", "detail.track.priority_filing"],
            ),
            Field::text("note", "outcome.label.note", NOTE_MAX),
            Field::choice(
                "answer",
                "outcome.label.answer",
                &["detail.judicial.granted", "detail.judicial.refused"],
            ),
        ]);
        if mode == OutcomeMode::CourtAnswer {
            kit.focus_on("answer");
        }
        let mut form = Self {
            mode,
            case_id: case.id,
            version: case.version,
            case_no: case.case_no.clone(),
            kit,
            problem: None,
            saving: false,
            loose_ends: Vec::new(),
        };
        form.sync();
        form
    }

    /// How the case ended.
    pub fn outcome(case: &Case) -> Self {
        Self::for_case(case, OutcomeMode::Outcome)
    }

    /// The court's answer; `None` when no confirmation is waiting for one.
    pub fn court_answer(case: &Case) -> Option<Self> {
        (case.court.judicial_confirmation == Some(JudicialConfirmation::Requested))
            .then(|| Self::for_case(case, OutcomeMode::CourtAnswer))
    }

    pub fn kind(&self) -> OutcomeKind {
        OutcomeKind::ALL[self.kit.selected("kind")]
    }

    pub fn track(&self) -> LitigationTrack {
        TRACKS[self.kit.selected("track")]
    }

    /// The court's answer: granted (true) or refused.
    pub fn granted(&self) -> bool {
        self.kit.selected("answer") == 0
    }

    pub fn agreement_no(&self) -> &str {
        self.kit.text("agreement_no")
    }

    pub fn note(&self) -> &str {
        self.kit.text("note")
    }

    /// Shows the fields that apply (they depend on the kind of outcome); hidden ones keep
    /// what was typed in them.
    pub fn sync(&mut self) {
        let answer = self.mode == OutcomeMode::CourtAnswer;
        let kind = self.kind();
        let mediated = kind == OutcomeKind::Mediated;
        let to_court = matches!(kind, OutcomeKind::Failed | OutcomeKind::Unsuitable);
        self.kit.show("kind", !answer);
        self.kit.show("agreement_no", !answer && mediated);
        self.kit.show("confirmation", !answer && mediated);
        self.kit.show("track", !answer && to_court);
        self.kit.show("note", !answer);
        self.kit.show("answer", answer);
    }

    /// What to record, or the first missing field named in the operator's language (the
    /// focus goes there; nothing is cleared).
    pub fn to_choice(&mut self, lang: Lang) -> Result<(OutcomeChoice, String), String> {
        self.kit.clear_messages();
        self.problem = None;
        match self.kind() {
            OutcomeKind::Mediated => self.kit.require(&["agreement_no"], lang)?,
            // A withdrawal says why (the resident's reason), for the follow-up visit.
            OutcomeKind::Withdrawn => self.kit.require(&["note"], lang)?,
            OutcomeKind::Failed | OutcomeKind::Unsuitable => {}
        }
        let choice = match self.kind() {
            OutcomeKind::Mediated => OutcomeChoice::Court(Outcome::Mediated {
                agreement_no: self.agreement_no().trim().to_string(),
                confirmation_requested: self.kit.ticked("confirmation"),
            }),
            OutcomeKind::Failed => OutcomeChoice::Court(Outcome::Failed {
                track: self.track(),
            }),
            OutcomeKind::Unsuitable => OutcomeChoice::Court(Outcome::Referred {
                track: self.track(),
            }),
            OutcomeKind::Withdrawn => OutcomeChoice::Withdrawn,
        };
        Ok((choice, self.note().trim().to_string()))
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
    match form.kit.command(command) {
        KitKey::Done => form.sync(),
        KitKey::Cancel => {
            // Back to the file, which is read again (it may have moved on meanwhile).
            let id = form.case_id;
            state.overlay = None;
            return vec![Command::LoadCaseFile(id)];
        }
        KitKey::Save => {
            let (case_id, version) = (form.case_id, form.version);
            let cmd = match form.mode {
                OutcomeMode::CourtAnswer => Command::RecordConfirmation {
                    case_id,
                    version,
                    granted: form.granted(),
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
        KitKey::Other => {}
    }
    Vec::new()
}

/// Typed into the outcome form: its text fields take it; `false` when the focused field takes
/// no typing (the keymap reads the key).
pub(super) fn type_key(form: &mut OutcomeForm, key: &KeyEvent) -> bool {
    !form.saving && form.kit.type_key(key)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::tests::case;

    fn shown(f: &OutcomeForm) -> Vec<&'static str> {
        f.kit
            .fields
            .iter()
            .filter(|x| x.shown)
            .map(|x| x.id)
            .collect()
    }

    #[test]
    fn a_mediated_outcome_needs_its_agreement_number_and_keeps_the_note() {
        let mut f = OutcomeForm::outcome(&case(7));
        for _ in 0..3 {
            f.kit.move_focus(1); // kind → agreement → confirmation → note
        }
        assert_eq!(f.kit.focused_id(), Some("note"));
        f.kit.type_text("双方签字\n当场履行");
        let err = f.to_choice(Lang::Zh).unwrap_err();
        assert!(err.contains("调解协议编号"), "{err}");
        assert_eq!(f.kit.focused_id(), Some("agreement_no"));
        assert_eq!(f.note(), "双方签字 当场履行", "nothing typed is lost");
        f.kit.type_text("(2026)示调字第118号");
        f.kit.move_focus(1);
        f.kit.cycle(1); // ask for judicial confirmation
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
        f.kit.cycle(1);
        f.sync();
        assert_eq!(shown(&f), ["kind", "track", "note"]);
        f.kit.move_focus(1);
        f.kit.cycle(1);
        assert_eq!(
            f.to_choice(Lang::Zh).unwrap().0,
            OutcomeChoice::Court(Outcome::Failed {
                track: LitigationTrack::PriorityFiling
            })
        );
        f.kit.focus_on("kind");
        f.kit.cycle(1);
        assert_eq!(f.kind(), OutcomeKind::Unsuitable);
        f.kit.cycle(1);
        f.sync();
        let err = f.to_choice(Lang::En).unwrap_err();
        assert!(err.contains("Note"), "{err}");
        f.kit.type_text("申请人撤回");
        assert_eq!(f.to_choice(Lang::En).unwrap().0, OutcomeChoice::Withdrawn);
    }

    #[test]
    fn the_courts_answer_is_asked_only_when_confirmation_was_requested() {
        let mut c = case(7);
        assert!(OutcomeForm::court_answer(&c).is_none());
        c.court.judicial_confirmation = Some(JudicialConfirmation::Requested);
        let mut f = OutcomeForm::court_answer(&c).unwrap();
        assert_eq!(shown(&f), ["answer"]);
        assert_eq!(f.kit.focused_id(), Some("answer"));
        assert!(f.granted());
        f.kit.cycle(1);
        assert!(!f.granted());
        f.kit.type_text("ignored");
        assert!(f.note().is_empty());
    }
}
