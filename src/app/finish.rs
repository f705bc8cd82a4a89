//! One close and the follow-up at the console: the 办结 and re-open prompts over the case
//! file, the follow-up tab (回访) and its form. Pure: the store work is in `finish_tasks`.

use super::action::Command;
use super::follow_up::{FollowUpForm, FollowUpRecord};
use super::form::KitKey;
use super::keymap::{Command as K, Context};
use super::state::{Notice, Overlay, Prompt, PromptKind, State, Tab};
use crate::domain::CaseState;
use crate::store::FollowUpRow;
use ratatui::crossterm::event::KeyEvent;
use uuid::Uuid;

/// What the finish screens ask the store tasks to do.
#[derive(Debug, Clone, PartialEq)]
pub enum FinishCommand {
    LoadFollowUps,
    Record(FollowUpRecord),
    /// 办结 with its summary.
    Close {
        case_id: Uuid,
        version: i32,
        summary: String,
    },
    Reopen {
        case_id: Uuid,
        version: i32,
        reason: String,
    },
}

/// What comes back.
#[derive(Debug)]
pub enum FinishAction {
    FollowUpsLoaded {
        rows: Vec<FollowUpRow>,
        departments: Vec<(Uuid, String)>,
    },
    /// Recorded; the sentence says what became of the case.
    FollowUpSaved(String),
    /// Refused: the form keeps everything.
    FollowUpRefused(String),
    /// Closed or re-opened: the file read again, and what to tell the operator.
    CaseChanged {
        file: Box<super::detail::CaseFile>,
        notice: String,
    },
}

/// What recording an outcome also does to this case, in the operator's language: its room
/// session ends (with how long it ran), its open summonses are cancelled, its ticket served.
pub(super) fn loose_ends(state: &State, file: &super::detail::CaseFile) -> Vec<String> {
    let loc = state.lang.locale();
    let mut out = Vec::new();
    for (room, since) in &file.rooms {
        let min = (state.now - *since).num_minutes().max(0);
        out.push(
            rust_i18n::t!("finish.loose.room", locale = loc, room = room, min = min).into_owned(),
        );
    }
    for (department, _) in file.summons.iter().filter(|(_, s)| s.is_open()) {
        out.push(
            rust_i18n::t!(
                "finish.loose.summons",
                locale = loc,
                department = department
            )
            .into_owned(),
        );
    }
    if let Some(code) = &file.ticket {
        out.push(rust_i18n::t!("finish.loose.ticket", locale = loc, code = code).into_owned());
    }
    out
}

fn load() -> Vec<Command> {
    vec![Command::Finish(FinishCommand::LoadFollowUps)]
}

fn notice(state: &mut State, key: &str) {
    let text = state.t(key);
    state.notice = Some(Notice { text, error: true });
}

/// A key command for the finish screens; `None` when it is not theirs.
pub(super) fn on_command(state: &mut State, context: Context, command: K) -> Option<Vec<Command>> {
    let cmds = match (context, command) {
        (_, K::ShowFollowUps) if context != Context::FollowUpForm => {
            state.tab = Tab::FollowUps;
            load()
        }
        (Context::Detail, K::CloseCase | K::Reopen) => {
            let Some(Overlay::Detail(d)) = &state.overlay else {
                return Some(Vec::new());
            };
            let (id, version, s) = (d.file.case.id, d.file.case.version, d.file.case.state);
            let closed = matches!(s, CaseState::Closed | CaseState::FollowedUp);
            match command {
                K::CloseCase if closed => notice(state, "finish.already_closed"),
                K::CloseCase if s == CaseState::Registered => notice(state, "finish.triage_first"),
                K::Reopen if !closed => notice(state, "finish.not_closed"),
                K::CloseCase => {
                    let kind = PromptKind::CloseCase {
                        case_id: id,
                        version,
                    };
                    state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
                }
                _ => {
                    let kind = PromptKind::Reopen {
                        case_id: id,
                        version,
                    };
                    state.overlay = Some(Overlay::Prompt(Box::new(Prompt::new(kind))));
                }
            }
            Vec::new()
        }
        (Context::FollowUps, K::Up | K::Down) => {
            let d = if command == K::Up { -1 } else { 1 };
            state.follow_ups.move_selection(d);
            Vec::new()
        }
        (Context::FollowUps, K::OpenCase) => match state.follow_ups.selected_row() {
            Some(r) => vec![Command::LoadCaseFile(r.case_id)],
            None => Vec::new(),
        },
        (Context::FollowUps, K::RecordFollowUp) => {
            let now = state.now;
            match state.follow_ups.selected_row() {
                // A resident marked unreachable may still be reached later.
                Some(r) if r.status(now).is_open() || r.unreachable_at.is_some() => {
                    let r = r.clone();
                    let form = FollowUpForm::new(&r, &state.follow_ups.departments);
                    state.overlay = Some(Overlay::FollowUp(Box::new(form)));
                }
                Some(_) => notice(state, "follow_up.already_done"),
                None => {}
            }
            Vec::new()
        }
        (Context::FollowUpForm, _) => return Some(on_form(state, command)),
        _ => return None,
    };
    Some(cmds)
}

fn on_form(state: &mut State, command: K) -> Vec<Command> {
    let lang = state.lang;
    let Some(Overlay::FollowUp(form)) = state.overlay.as_mut() else {
        return Vec::new();
    };
    if form.saving && command != K::Cancel {
        return Vec::new();
    }
    match form.kit.command(command) {
        KitKey::Done => form.sync(),
        KitKey::Cancel => state.overlay = None,
        KitKey::Save => match form.to_record(lang) {
            Ok(record) => {
                form.saving = true;
                return vec![Command::Finish(FinishCommand::Record(record))];
            }
            Err(message) => {
                state.notice = Some(Notice {
                    text: message,
                    error: true,
                })
            }
        },
        KitKey::Other => {}
    }
    Vec::new()
}

/// Typed text in the follow-up form's remarks; `None` when the key is not text for it.
pub(super) fn on_key(state: &mut State, key: &KeyEvent) -> Option<Vec<Command>> {
    let Some(Overlay::FollowUp(form)) = state.overlay.as_mut() else {
        return None;
    };
    if form.saving || !form.kit.type_key(key) {
        return None;
    }
    form.sync();
    Some(Vec::new())
}

/// Pasted text into the follow-up form; false when no follow-up form takes it.
pub(super) fn on_paste(state: &mut State, text: &str) -> bool {
    match state.overlay.as_mut() {
        Some(Overlay::FollowUp(form)) if !form.saving => {
            form.kit.paste(text);
            true
        }
        _ => false,
    }
}

/// Saving the 办结 or re-open prompt; `None` for any other prompt.
pub(super) fn save_prompt(state: &mut State) -> Option<Vec<Command>> {
    let lang = state.lang;
    let Some(Overlay::Prompt(p)) = state.overlay.as_mut() else {
        return None;
    };
    let (case_id, version) = match p.kind {
        PromptKind::CloseCase { case_id, version } | PromptKind::Reopen { case_id, version } => {
            (case_id, version)
        }
        _ => return None,
    };
    if p.saving {
        return Some(Vec::new());
    }
    if p.kit.require(p.labels(), lang).is_err() {
        return Some(Vec::new());
    }
    let text = p.text(0);
    let cmd = match p.kind {
        PromptKind::CloseCase { .. } => FinishCommand::Close {
            case_id,
            version,
            summary: text,
        },
        _ => FinishCommand::Reopen {
            case_id,
            version,
            reason: text,
        },
    };
    p.saving = true;
    p.problem = None;
    Some(vec![Command::Finish(cmd)])
}

pub(super) fn on_action(state: &mut State, action: FinishAction) -> Vec<Command> {
    state.dirty = true;
    match action {
        FinishAction::FollowUpsLoaded { rows, departments } => {
            state.follow_ups.set_rows(rows, departments);
            Vec::new()
        }
        FinishAction::FollowUpSaved(text) => {
            if matches!(state.overlay, Some(Overlay::FollowUp(_))) {
                state.overlay = None;
            }
            state.notice = Some(Notice { text, error: false });
            load()
        }
        FinishAction::FollowUpRefused(text) => {
            if let Some(Overlay::FollowUp(form)) = state.overlay.as_mut() {
                form.saving = false;
            }
            state.notice = Some(Notice { text, error: true });
            Vec::new()
        }
        FinishAction::CaseChanged { file, notice } => {
            if matches!(&state.overlay, Some(Overlay::Prompt(p)) if p.saving) {
                state.overlay = Some(Overlay::Detail(Box::new(super::detail::DetailState {
                    file: *file,
                    scroll: 0,
                })));
            }
            state.notice = Some(Notice {
                text: notice,
                error: false,
            });
            let mut cmds = vec![Command::LoadQueue];
            if state.tab == Tab::FollowUps {
                cmds.extend(load());
            }
            cmds
        }
    }
}

/// The commands that reload the follow-up tab after a change elsewhere.
pub(super) fn on_store_changed(state: &State) -> Vec<Command> {
    if state.tab == Tab::FollowUps {
        load()
    } else {
        Vec::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::detail::tests::{beijing, case};
    use crate::app::detail::{CaseFile, DetailState};
    use crate::domain::Lang;

    fn with_file(state_of_case: CaseState) -> State {
        let mut s = crate::ui::detail::tests::state(Lang::Zh, beijing(23, 11, 0));
        let mut c = case(7);
        c.state = state_of_case;
        let mut file = CaseFile::of(c);
        file.rooms = vec![("第一调解室".into(), beijing(23, 10, 0))];
        file.ticket = Some("A007".into());
        s.overlay = Some(Overlay::Detail(Box::new(DetailState { file, scroll: 0 })));
        s
    }

    #[test]
    fn closing_asks_for_a_summary_and_sends_it() {
        let mut s = with_file(CaseState::Triaged);
        on_command(&mut s, Context::Detail, K::CloseCase);
        let Some(Overlay::Prompt(p)) = &s.overlay else {
            panic!("a prompt")
        };
        assert_eq!(
            p.kind,
            PromptKind::CloseCase {
                case_id: case(7).id,
                version: 1
            }
        );
        assert_eq!(save_prompt(&mut s), Some(Vec::new()), "empty summary");
        let Some(Overlay::Prompt(p)) = s.overlay.as_mut() else {
            panic!("kept")
        };
        assert!(p.message().unwrap().contains("办结说明"));
        p.kit.type_text(" 住建局督促补发到位 ");
        assert_eq!(
            save_prompt(&mut s),
            Some(vec![Command::Finish(FinishCommand::Close {
                case_id: case(7).id,
                version: 1,
                summary: "住建局督促补发到位".into()
            })])
        );
    }

    #[test]
    fn only_a_closed_case_reopens_and_a_closed_one_is_not_closed_twice() {
        let mut s = with_file(CaseState::Resolved);
        on_command(&mut s, Context::Detail, K::Reopen);
        assert!(matches!(s.overlay, Some(Overlay::Detail(_))));
        assert!(s.notice.as_ref().unwrap().text.contains("已办结"));
        let mut s = with_file(CaseState::FollowedUp);
        on_command(&mut s, Context::Detail, K::CloseCase);
        assert!(s.notice.as_ref().unwrap().text.contains("Ctrl-P"));
        on_command(&mut s, Context::Detail, K::Reopen);
        assert!(matches!(
            &s.overlay,
            Some(Overlay::Prompt(p)) if matches!(p.kind, PromptKind::Reopen { .. })
        ));
    }

    #[test]
    fn the_outcome_form_shows_what_saving_also_does() {
        let mut s = with_file(CaseState::InSession);
        super::super::outcome::open_from_file(&mut s, K::RecordOutcome);
        let Some(Overlay::Outcome(form)) = &s.overlay else {
            panic!("the outcome form")
        };
        assert_eq!(
            form.loose_ends,
            ["结束 第一调解室 调解（已 60 分钟）", "号票 A007 办理完毕"]
        );
    }
}
