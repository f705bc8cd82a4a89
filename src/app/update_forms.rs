//! What the intake and triage forms' outcomes and the confirmations do to `State`: the
//! forms' part of `update`, pure like the rest of it.

use super::action::Command;
use super::intake::{IntakeForm, Outcome};
use super::state::{Ask, Notice, Overlay, PairSide, PromptKind, State, Tab};
use crate::domain::Case;

pub(super) fn confirm(state: &mut State, yes: bool) -> Vec<Command> {
    match state.overlay.take() {
        Some(Overlay::Confirm(Ask::DiscardIntake)) if yes => {
            state.intake = None;
            state.earlier = None;
            state.earlier_pair = None;
            state.tab = Tab::Queue;
            vec![Command::ClearDraft]
        }
        // Quitting keeps the draft on disk: it is offered again next time.
        Some(Overlay::Confirm(Ask::Quit | Ask::QuitForm)) if yes => {
            state.quit = true;
            Vec::new()
        }
        // Staying: the form waiting under the question comes back as it was.
        Some(Overlay::Confirm(Ask::QuitForm)) => {
            state.overlay = state.under.take();
            Vec::new()
        }
        Some(Overlay::RestoreDraft(draft)) => {
            if yes {
                state.intake = Some(IntakeForm::from_draft(state.centre.id, &draft));
                state.tab = Tab::Intake;
                Vec::new()
            } else {
                vec![Command::ClearDraft]
            }
        }
        _ => Vec::new(),
    }
}

pub(super) fn on_form(state: &mut State, outcome: Outcome) -> Vec<Command> {
    let Some(form) = state.intake.as_mut() else {
        return Vec::new();
    };
    match outcome {
        Outcome::Nothing => Vec::new(),
        // Moving the focus is a change too; an untouched form is not worth a draft.
        Outcome::Changed if form.is_dirty() => {
            let mut cmds = vec![Command::SaveDraft(Box::new(form.to_draft()))];
            // A complete, valid applicant ID: look for the person's earlier cases.
            let id = applicant_id(form);
            if id.as_deref() != state.earlier.as_ref().map(|(i, _)| i.as_str()) {
                state.earlier = None;
                cmds.extend(id.map(Command::LookUpEarlier));
            }
            // The applicant and the respondent both named: look for the same pair's cases.
            let pair = pair_key(form);
            if pair.as_ref() != state.earlier_pair.as_ref().map(|(k, _)| k) {
                // Asked once per pair: an empty answer list stands for "asked, none yet".
                state.earlier_pair = pair.clone().map(|k| (k, Vec::new()));
                cmds.extend(pair.map(|(applicant, respondent)| Command::LookUpPair {
                    applicant,
                    respondent,
                }));
            }
            cmds
        }
        Outcome::Changed => Vec::new(),
        Outcome::Cancel => {
            if form.is_dirty() {
                state.overlay = Some(Overlay::Confirm(Ask::DiscardIntake));
                Vec::new()
            } else {
                state.intake = None;
                state.tab = Tab::Queue;
                vec![Command::ClearDraft]
            }
        }
        Outcome::Save => match form.to_intake() {
            Some(mut intake) => {
                // A repeat visit is linked to the person's latest earlier case.
                // …else to the latest case between the same two parties.
                let latest = |cases: &Vec<crate::domain::Case>| {
                    cases.iter().max_by_key(|c| c.received_at).map(|c| c.id)
                };
                // A pair found by names is shown, not linked: that is the operator's choice
                // at triage (the same person's resident ID is the only automatic link).
                intake.repeat_of = state.earlier.as_ref().and_then(|(_, e)| latest(e));
                form.set_saving(true);
                form.set_error_message(None);
                vec![
                    Command::SaveDraft(Box::new(form.to_draft())),
                    Command::SaveIntake(Box::new(intake)),
                ]
            }
            None => Vec::new(),
        },
    }
}

pub(super) fn on_triage(state: &mut State, outcome: Outcome) -> Vec<Command> {
    let lang = state.lang;
    let Some((form, _)) = state.triage.as_mut() else {
        return Vec::new();
    };
    match outcome {
        Outcome::Nothing | Outcome::Changed => Vec::new(),
        Outcome::Cancel => {
            state.triage = None;
            state.tab = Tab::Queue;
            Vec::new()
        }
        Outcome::Save => match form.to_triage(lang) {
            Ok(triage) => {
                form.set_saving(true);
                form.set_error_message(None);
                vec![Command::SaveTriage {
                    case_id: form.case_id(),
                    version: form.case_version(),
                    triage: Box::new(triage),
                    close_note: form.immediate_close_note(),
                    repeat_of: form.repeat_link(),
                }]
            }
            Err(_) => Vec::new(),
        },
    }
}

/// The first applicant's and the first respondent's names, when both are typed.
pub(super) fn pair_key(form: &IntakeForm) -> Option<(PairSide, PairSide)> {
    use crate::app::intake::PartyField;
    use crate::domain::PartyRole;
    let first_name = |role: PartyRole| {
        let party = form.parties().into_iter().find(|p| p.role() == role)?;
        let name = party
            .line(PartyField::Name)
            .map(|l| l.text().trim().to_string())
            .filter(|n| !n.is_empty())?;
        let id = party
            .line(PartyField::ResidentId)
            .and_then(|l| crate::domain::resident_id::ResidentId::parse(l.text()).ok())
            .map(|id| id.as_str().to_string());
        Some((name, id))
    };
    Some((
        first_name(PartyRole::Applicant)?,
        first_name(PartyRole::Respondent)?,
    ))
}

/// The first applicant's resident ID, when it is complete and valid (normalised).
pub(super) fn applicant_id(form: &IntakeForm) -> Option<String> {
    form.parties()
        .iter()
        .filter(|p| p.role() == crate::domain::PartyRole::Applicant)
        .find_map(|p| p.line(crate::app::intake::PartyField::ResidentId))
        .and_then(|l| crate::domain::resident_id::ResidentId::parse(l.text()).ok())
        .map(|id| id.as_str().to_string())
}

/// Saving a prompt over the case file or a panel: the board's and the rooms' first, then
/// the ledger, explanation and reveal prompts; a missing field is named and keeps the focus.
pub(super) fn save_prompt(state: &mut State) -> Vec<Command> {
    if let Some(cmds) = super::update_board::save_prompt(state) {
        return cmds;
    }
    if let Some(cmds) = super::update_rooms::save_prompt(state) {
        return cmds;
    }
    if let Some(cmds) = super::finish::save_prompt(state) {
        return cmds;
    }
    let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if p.saving {
        return Vec::new();
    }
    if p.kit.require(p.labels(), state.lang).is_err() {
        return Vec::new();
    }
    let f: Vec<String> = (0..p.labels().len()).map(|i| p.text(i)).collect();
    let cmd = match p.kind {
        PromptKind::Ledger { case_id } => Command::AddLedger {
            case_id,
            progress: f[0].clone(),
            next_step: f[1].clone(),
        },
        PromptKind::Explanation { case_id, version } => Command::Explain {
            case_id,
            version,
            text: f[0].clone(),
        },
        PromptKind::Reveal { case_id, parties } => match f[0].parse::<usize>() {
            Ok(n) if (1..=parties).contains(&n) => Command::RevealParty {
                case_id,
                seq: n - 1,
                reason: f[1].clone(),
            },
            _ => {
                let message = rust_i18n::t!(
                    "prompt.reveal_which",
                    locale = state.lang.locale(),
                    n = parties
                );
                p.complain(0, message.into_owned());
                return Vec::new();
            }
        },
        // A board prompt whose summons has left the board: nothing to write to.
        PromptKind::ArrivalAt { .. }
        | PromptKind::CancelSummons { .. }
        | PromptKind::ArrivalWindow { .. }
        | PromptKind::ReleaseSession { .. }
        | PromptKind::OutOfService { .. }
        | PromptKind::Reserve { .. }
        | PromptKind::CloseCase { .. }
        | PromptKind::Reopen { .. } => {
            state.overlay = None;
            return Vec::new();
        }
    };
    p.saving = true;
    p.problem = None;
    vec![cmd]
}

/// Earlier cases of the applicant whose resident ID was typed: news only if the form still
/// shows that ID.
pub(super) fn earlier_found(state: &mut State, resident_id: String, cases: Vec<Case>) {
    if state.intake.as_ref().and_then(applicant_id).as_deref() != Some(resident_id.as_str()) {
        return;
    }
    if let Some(latest) = cases.iter().max_by_key(|c| c.received_at) {
        let text = rust_i18n::t!(
            "ui.repeat_found",
            locale = state.lang.locale(),
            n = cases.len(),
            case_no = latest.case_no,
            category = latest.category,
            state = state.t(&format!("detail.state.{}", latest.state.as_str()))
        )
        .into_owned();
        state.notice = Some(Notice { text, error: false });
    }
    state.earlier = (!cases.is_empty()).then_some((resident_id, cases));
    state.dirty = true;
}

/// Earlier cases between the intake's two parties: news only if the form still shows that
/// pair; the same person's own cases, when known, are the stronger news.
pub(super) fn pair_found(state: &mut State, key: (PairSide, PairSide), cases: Vec<Case>) {
    if state.intake.as_ref().and_then(pair_key).as_ref() != Some(&key) {
        return;
    }
    if state.earlier.is_none()
        && let Some(latest) = cases.iter().max_by_key(|c| c.received_at)
    {
        let text = rust_i18n::t!(
            "trust.repeat_pair_found",
            locale = state.lang.locale(),
            n = cases.len(),
            case_no = latest.case_no,
            state = state.t(&format!("detail.state.{}", latest.state.as_str()))
        )
        .into_owned();
        state.notice = Some(Notice { text, error: false });
    }
    state.earlier_pair = Some((key, cases));
    state.dirty = true;
}
