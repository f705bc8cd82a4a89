//! The pure `update` function: the key flows of the reception window, with no terminal and no
//! database — actions in, state and commands out.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command};
use yidi::app::draft::{Draft, DraftParty};
use yidi::app::intake::{IntakeForm, PartyField, Slot};
use yidi::app::keymap::Context;
use yidi::app::state::{Ask, Connection, Overlay, State, Tab};
use yidi::app::update::update;
use yidi::domain::case::{Channel, Lanes, Level};
use yidi::domain::clock::TZ;
use yidi::domain::ticket::TicketState;
use yidi::domain::validation::Lang;
use yidi::domain::{Case, Centre};
use yidi::store::{IntakeReceipt, QueueRow};
use yidi::theme::Theme;

const CENTRE_ID: Uuid = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0001);
const WINDOW: &str = "1号窗口";

fn beijing(h: u32, m: u32, s: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, s)
        .unwrap()
        .with_timezone(&Utc)
}

fn now() -> DateTime<Utc> {
    beijing(9, 40, 0)
}

fn centre() -> Centre {
    Centre {
        id: CENTRE_ID,
        code: "county".into(),
        name: "示范县社会治理综合服务中心".into(),
        level: Level::County,
        parent: None,
    }
}

fn queue_row(
    seq: i32,
    name: &str,
    category: &str,
    state: TicketState,
    issued: (u32, u32),
    lanes: Lanes,
) -> QueueRow {
    QueueRow {
        ticket_id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0001_0000 + seq as u128),
        seq,
        lanes,
        state,
        window: (state != TicketState::Waiting).then(|| WINDOW.to_string()),
        issued_at: beijing(issued.0, issued.1, 0),
        called_at: (state != TicketState::Waiting).then(|| beijing(9, 30, 0)),
        version: 100 + seq,
        case_id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0002_0000 + seq as u128),
        case_no: format!("YD20261123-{seq:04}"),
        category: category.into(),
        channel: Channel::WalkIn,
        group_batches: 1,
        group_persons: 1,
        applicant: name.into(),
        repeat: false,
    }
}

fn rows() -> Vec<QueueRow> {
    let none = Lanes::default();
    vec![
        queue_row(
            1,
            "张建国",
            "劳动争议/欠薪",
            TicketState::Waiting,
            (8, 50),
            none,
        ),
        queue_row(
            2,
            "陈志强",
            "劳动争议/欠薪",
            TicketState::Called,
            (8, 55),
            none,
        ),
        queue_row(
            3,
            "刘桂英",
            "邻里纠纷",
            TicketState::Waiting,
            (9, 12),
            Lanes {
                elderly_disabled: true,
                ..none
            },
        ),
        queue_row(
            4,
            "杨树林",
            "征地补偿",
            TicketState::Waiting,
            (9, 15),
            Lanes {
                emotional_risk: true,
                ..none
            },
        ),
    ]
}

fn state() -> State {
    let mut s = State::new(
        centre(),
        "王敏".into(),
        WINDOW.into(),
        Lang::Zh,
        Theme::fallback(),
        now(),
    );
    // Signed in as the window's operator, a receptionist who is also on duty as leader.
    s.session = Some(common::screen::operator("wangmin", "reception,duty_leader"));
    let commands = update(&mut s, Action::QueueLoaded(rows()));
    assert!(commands.is_empty());
    s
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Types each character as its own key event; returns every command emitted.
fn type_text(s: &mut State, text: &str) -> Vec<Command> {
    text.chars()
        .flat_map(|c| update(s, key(KeyCode::Char(c))))
        .collect()
}

fn form(s: &State) -> &IntakeForm {
    s.intake.as_ref().expect("an intake form is open")
}

/// Presses Tab until the form's focus is on `slot`.
fn tab_to(s: &mut State, slot: Slot) {
    for _ in 0..100 {
        if form(s).focus() == slot {
            return;
        }
        update(s, key(KeyCode::Tab));
    }
    panic!("{slot:?} not reachable with Tab");
}

fn has_save_intake(commands: &[Command]) -> bool {
    commands.iter().any(|c| matches!(c, Command::SaveIntake(_)))
}

const DESCRIPTION: &str = "十二名工人被拖欠工资三个月，要求结清？";

/// F2 and a valid intake typed by keys: category, applicant with a resident ID and phone, and
/// a description.
fn open_valid_form(s: &mut State) {
    update(s, key(KeyCode::F(2)));
    tab_to(s, Slot::Category);
    update(s, key(KeyCode::Right)); // 劳动争议/欠薪
    tab_to(s, Slot::Party(0, PartyField::Name));
    type_text(s, "张建国");
    update(s, key(KeyCode::Tab));
    type_text(s, "11010519491231002x");
    update(s, key(KeyCode::Tab));
    type_text(s, "138 0013 8000");
    tab_to(s, Slot::Description);
    type_text(s, DESCRIPTION);
}

fn receipt() -> IntakeReceipt {
    let case_id = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0c07);
    let day = |m: u32, d: u32| {
        TZ.with_ymd_and_hms(2026, m, d, 0, 0, 0)
            .unwrap()
            .with_timezone(&Utc)
    };
    IntakeReceipt {
        case: Case {
            id: case_id,
            centre_id: CENTRE_ID,
            case_no: "YD20261123-0007".into(),
            tracking_token: Uuid::from_u128(0x3f2a_9c41_7d0e_4b5a_8e61_2c9d_04b7_a1f3),
            channel: Channel::WalkIn,
            category: "劳动争议/欠薪".into(),
            description: DESCRIPTION.into(),
            state: yidi::domain::CaseState::Registered,
            stream: None,
            handling: None,
            level: None,
            lead_department: None,
            first_handler: None,
            group_batches: 1,
            group_persons: 1,
            lanes: Lanes::default(),
            court_case_no: None,
            repeat_of: None,
            outcome_note: None,
            received_at: now(),
            deadlines: yidi::domain::Deadlines {
                accept: day(11, 24),
                convene: day(11, 25),
                reply: day(12, 2),
            },
            marks: Default::default(),
            court: Default::default(),
            closed_at: None,
            version: 1,
        },
        ticket: Some(yidi::domain::Ticket {
            id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0001_0007),
            centre_id: CENTRE_ID,
            case_id,
            day: chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            seq: 7,
            lanes: Lanes::default(),
            state: TicketState::Waiting,
            window: None,
            issued_at: now(),
            called_at: None,
            version: 1,
        }),
        created: true,
    }
}

/// A draft as `IntakeForm::to_draft` would leave it, with `saved_at` pinned (it is stamped
/// with the wall clock).
fn pinned(mut d: Draft) -> Draft {
    d.saved_at = now();
    // The draft worker names the operator when it writes the file.
    d.operator.clear();
    d
}

// ----- opening the form and typing -----

#[test]
fn f2_opens_the_intake_form() {
    let mut s = state();
    assert_eq!((s.tab, s.context()), (Tab::Queue, Context::Queue));
    let commands = update(&mut s, key(KeyCode::F(2)));
    assert!(commands.is_empty(), "{commands:?}");
    assert_eq!(s.tab, Tab::Intake);
    assert_eq!(s.context(), Context::Intake);
    assert!(s.dirty);
    let f = form(&s);
    assert_eq!(f.focus(), Slot::Channel);
    assert!(!f.is_dirty());
    // F3 goes back to the queue and F2 again returns to the same form, not a new one.
    let id = f.intake_id();
    update(&mut s, key(KeyCode::F(3)));
    assert_eq!((s.tab, s.context()), (Tab::Queue, Context::Queue));
    update(&mut s, key(KeyCode::F(2)));
    assert_eq!(form(&s).intake_id(), id);
    // Ctrl-N is the same key for an IME user.
    let mut s = state();
    update(&mut s, ctrl('n'));
    assert_eq!(s.context(), Context::Intake);
}

#[test]
fn chinese_and_question_marks_typed_in_the_description_are_text_not_help() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Description);
    let commands = type_text(&mut s, "为什么不发工资？要说法?");
    assert!(s.overlay.is_none(), "no help overlay while typing");
    assert_eq!(s.context(), Context::Intake);
    assert_eq!(form(&s).description_text(), "为什么不发工资？要说法?");
    // Every change is written to the draft.
    assert!(
        commands.iter().all(|c| matches!(c, Command::SaveDraft(_))),
        "{commands:?}"
    );
    let last = commands.last().expect("a draft after typing");
    let Command::SaveDraft(d) = last else {
        unreachable!()
    };
    assert_eq!(d.description, "为什么不发工资？要说法?");
    // The same goes for a one-line field.
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "张？");
    assert!(s.overlay.is_none());
    assert_eq!(
        form(&s)
            .line(Slot::Party(0, PartyField::Name))
            .unwrap()
            .text(),
        "张？"
    );
    // On a choice `？` is not text, so it opens help; in the queue too.
    tab_to(&mut s, Slot::Channel);
    update(&mut s, key(KeyCode::Char('？')));
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
    let mut s = state();
    update(&mut s, key(KeyCode::Char('？')));
    assert!(matches!(s.overlay, Some(Overlay::Help { .. })));
}

#[test]
fn help_takes_typing_as_its_filter_and_esc_closes_it() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(1)));
    assert_eq!(s.context(), Context::Help);
    type_text(&mut s, "过号");
    assert!(matches!(&s.overlay, Some(Overlay::Help { filter, .. }) if filter == "过号"));
    // F5 in help does not call anybody.
    assert!(update(&mut s, key(KeyCode::F(5))).is_empty());
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlay.is_none());
    assert_eq!(s.context(), Context::Queue);
}

// ----- leaving the form -----

#[test]
fn esc_on_a_dirty_form_asks_and_enter_discards() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "刘桂英");
    let commands = update(&mut s, key(KeyCode::Esc));
    assert!(commands.is_empty(), "{commands:?}");
    assert!(matches!(
        s.overlay,
        Some(Overlay::Confirm(Ask::DiscardIntake))
    ));
    assert_eq!(s.context(), Context::Confirm);
    assert!(s.intake.is_some(), "nothing is lost while asking");
    let commands = update(&mut s, key(KeyCode::Enter));
    assert_eq!(commands, vec![Command::ClearDraft]);
    assert!(s.intake.is_none());
    assert!(s.overlay.is_none());
    assert_eq!((s.tab, s.context()), (Tab::Queue, Context::Queue));
}

#[test]
fn esc_in_the_discard_question_keeps_editing() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "刘桂英");
    update(&mut s, key(KeyCode::Esc));
    let commands = update(&mut s, key(KeyCode::Esc));
    assert!(commands.is_empty(), "{commands:?}");
    assert!(s.overlay.is_none());
    assert_eq!(s.context(), Context::Intake);
    assert_eq!(
        form(&s)
            .line(Slot::Party(0, PartyField::Name))
            .unwrap()
            .text(),
        "刘桂英"
    );
}

#[test]
fn esc_on_an_untouched_form_closes_it_without_asking() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    let commands = update(&mut s, key(KeyCode::Esc));
    assert_eq!(commands, vec![Command::ClearDraft]);
    assert!(s.overlay.is_none());
    assert!(s.intake.is_none());
    assert_eq!(s.tab, Tab::Queue);
}

// ----- saving -----

#[test]
fn f9_on_a_valid_form_saves_a_validated_intake_and_the_draft() {
    let mut s = state();
    open_valid_form(&mut s);
    let id = form(&s).intake_id();
    let commands = update(&mut s, key(KeyCode::F(9)));
    assert_eq!(commands.len(), 2, "{commands:?}");
    let intake = commands
        .iter()
        .find_map(|c| match c {
            Command::SaveIntake(i) => Some(i),
            _ => None,
        })
        .expect("SaveIntake");
    assert_eq!(intake.id, id, "the id made when the form opened");
    assert_eq!(intake.centre_id, CENTRE_ID);
    assert_eq!(intake.channel, Channel::WalkIn);
    assert_eq!(intake.category, "劳动争议/欠薪");
    assert_eq!(intake.description, DESCRIPTION);
    assert_eq!(
        intake.parties.len(),
        1,
        "the untouched respondent is left out"
    );
    let p = &intake.parties[0];
    assert_eq!(p.name, "张建国");
    assert_eq!(
        p.resident_id.as_deref(),
        Some("11010519491231002X"),
        "normalised"
    );
    assert_eq!(p.phone.as_deref(), Some("13800138000"), "normalised");
    assert_eq!(intake.clone().validated().as_ref(), Ok(&**intake));
    let draft = commands
        .iter()
        .find_map(|c| match c {
            Command::SaveDraft(d) => Some(d),
            _ => None,
        })
        .expect("SaveDraft");
    assert_eq!(draft.intake_id, id);
    assert!(form(&s).saving(), "the form shows it is saving");
    assert_eq!(s.context(), Context::Intake);
    // While saving, another F9 or typing does nothing.
    assert!(update(&mut s, key(KeyCode::F(9))).is_empty());
    assert!(type_text(&mut s, "多").is_empty());
    assert_eq!(form(&s).description_text(), DESCRIPTION);
    // Ctrl-S is the same key.
    let mut s = state();
    open_valid_form(&mut s);
    assert!(has_save_intake(&update(&mut s, ctrl('s'))));
}

#[test]
fn f9_on_a_wrong_form_saves_nothing_and_shows_the_field() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "张建国");
    let commands = update(&mut s, key(KeyCode::F(9)));
    assert!(!has_save_intake(&commands), "{commands:?}");
    let f = form(&s);
    assert!(!f.saving());
    assert_eq!(
        f.focus(),
        Slot::Category,
        "the first wrong field takes the focus"
    );
    assert!(f.error(Slot::Category).is_some());
    assert!(f.error(Slot::Description).is_some());
}

#[test]
fn an_unreachable_database_keeps_every_typed_value_and_shows_the_banner() {
    let mut s = state();
    open_valid_form(&mut s);
    let before = pinned(form(&s).to_draft());
    update(&mut s, key(KeyCode::F(9)));
    assert!(form(&s).saving());
    let later = now() + Duration::seconds(5);
    update(&mut s, Action::Tick(later));
    let commands = update(
        &mut s,
        Action::IntakeFailed {
            message: "未保存：数据库暂时无法连接。".into(),
            unreachable: true,
        },
    );
    assert!(commands.is_empty(), "{commands:?}");
    let f = form(&s);
    assert!(!f.saving());
    assert_eq!(f.error_message(), Some("未保存：数据库暂时无法连接。"));
    assert_eq!(pinned(f.to_draft()), before, "every value kept");
    assert_eq!(s.tab, Tab::Intake);
    assert_eq!(s.connection, Connection::Lost { since: later });
    assert!(
        yidi::ui::chrome::notice_line(&s).is_some(),
        "the banner shows"
    );
    // F9 again retries with the same intake id, so the store recognises a retry.
    let commands = update(&mut s, key(KeyCode::F(9)));
    let retry = commands
        .iter()
        .find_map(|c| match c {
            Command::SaveIntake(i) => Some(i),
            _ => None,
        })
        .expect("a retry");
    assert_eq!(retry.id, before.intake_id);
    // The store back: the banner goes and the queue is read again.
    assert_eq!(update(&mut s, Action::StoreBack), vec![Command::LoadQueue]);
    assert_eq!(s.connection, Connection::Live);
}

#[test]
fn a_save_refused_for_another_reason_keeps_the_form_and_the_connection() {
    let mut s = state();
    open_valid_form(&mut s);
    update(&mut s, key(KeyCode::F(9)));
    update(
        &mut s,
        Action::IntakeFailed {
            message: "ticket sequence exhausted".into(),
            unreachable: false,
        },
    );
    assert_eq!(s.connection, Connection::Live);
    assert!(!form(&s).saving());
    assert_eq!(form(&s).description_text(), DESCRIPTION);
}

#[test]
fn a_saved_intake_shows_the_receipt_clears_the_draft_and_reloads_the_queue() {
    let mut s = state();
    open_valid_form(&mut s);
    update(&mut s, key(KeyCode::F(9)));
    let commands = update(&mut s, Action::IntakeSaved(Box::new(receipt())));
    assert_eq!(commands, vec![Command::ClearDraft, Command::LoadQueue]);
    let Some(Overlay::Receipt(r)) = &s.overlay else {
        panic!("the receipt shows")
    };
    assert_eq!(r.case.case_no, "YD20261123-0007");
    assert_eq!(r.ticket.as_ref().unwrap().code(), "A007");
    assert!(s.intake.is_none());
    assert_eq!(s.tab, Tab::Queue);
    assert_eq!(s.context(), Context::Receipt);
    // Enter closes it; F5 in the receipt does not call the next ticket by accident.
    assert!(update(&mut s, key(KeyCode::F(5))).is_empty());
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(s.overlay.is_none());
    assert_eq!(s.context(), Context::Queue);
}

#[test]
fn a_paste_with_newlines_never_saves() {
    let pasted = "张建国\n11010519491231002X\r\n13800138000\r要求结清\n";
    let mut s = state();
    open_valid_form(&mut s);
    // Into every field of a valid form: a newline is never Enter, let alone F9.
    let slots = form(&s).slots();
    for slot in slots {
        tab_to(&mut s, slot);
        let commands = update(&mut s, Action::Paste(pasted.into()));
        assert!(!has_save_intake(&commands), "{slot:?}: {commands:?}");
        assert!(!form(&s).saving(), "{slot:?}");
        assert_eq!(form(&s).focus(), slot, "a paste does not move on");
    }
    // Into a one-line field the lines become one line.
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::Address));
    update(&mut s, Action::Paste("城关镇\n东关村\r\n".into()));
    let text = form(&s)
        .line(Slot::Party(0, PartyField::Address))
        .unwrap()
        .text()
        .to_string();
    assert!(!text.contains(['\n', '\r']), "{text:?}");
    assert!(text.starts_with("城关镇 东关村"), "{text:?}");
}

#[test]
fn a_paste_into_the_queue_filter_is_one_line() {
    let mut s = state();
    update(&mut s, key(KeyCode::Char('/')));
    let commands = update(&mut s, Action::Paste("刘\n".into()));
    assert!(commands.is_empty());
    assert!(!s.queue.filter.contains('\n'));
    assert_eq!(s.queue.visible().len(), 1);
}

// ----- the queue -----

#[test]
fn a_store_change_reloads_the_queue() {
    let mut s = state();
    assert_eq!(
        update(&mut s, Action::StoreChanged),
        vec![Command::LoadQueue]
    );
    // Also with a form open: the form is untouched.
    open_valid_form(&mut s);
    let before = pinned(form(&s).to_draft());
    assert_eq!(
        update(&mut s, Action::StoreChanged),
        vec![Command::LoadQueue]
    );
    assert_eq!(pinned(form(&s).to_draft()), before);
}

#[test]
fn f5_calls_the_next_ticket_to_this_window() {
    let mut s = state();
    let call = Command::CallNext {
        window: WINDOW.into(),
    };
    assert_eq!(update(&mut s, key(KeyCode::F(5))), vec![call.clone()]);
    // A second press before the answer calls nobody (two tickets to one window).
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    update(&mut s, Action::Finished(yidi::app::action::Op::CallNext));
    assert_eq!(update(&mut s, key(KeyCode::Enter)), vec![call]);
    // Not from the intake form: Enter there moves to the next field.
    update(&mut s, key(KeyCode::F(2)));
    let commands = update(&mut s, key(KeyCode::F(5)));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::CallNext { .. })),
        "{commands:?}"
    );
    let commands = update(&mut s, key(KeyCode::Enter));
    assert!(
        !commands
            .iter()
            .any(|c| matches!(c, Command::CallNext { .. })),
        "{commands:?}"
    );
}

#[test]
fn f7_marks_the_selected_ticket_no_show_with_its_version() {
    let mut s = state();
    // Order: emotional risk (A004), elderly (A003), the rest waiting (A001), then called (A002).
    let order: Vec<String> = s.queue.visible().iter().map(|r| r.code()).collect();
    assert_eq!(order, ["A004", "A003", "A001", "A002"]);
    let first = s.queue.selected_row().unwrap().clone();
    assert_eq!(
        update(&mut s, key(KeyCode::F(7))),
        vec![Command::NoShow {
            ticket: first.ticket_id,
            version: first.version,
        }]
    );
    for _ in 0..3 {
        update(&mut s, key(KeyCode::Down));
    }
    update(&mut s, key(KeyCode::Down)); // past the end stays on the last
    let called = s.queue.selected_row().unwrap().clone();
    assert_eq!(called.code(), "A002");
    assert_eq!(
        update(&mut s, key(KeyCode::F(7))),
        vec![Command::NoShow {
            ticket: called.ticket_id,
            version: 102,
        }]
    );
    assert_eq!(
        update(&mut s, key(KeyCode::F(6))),
        vec![Command::Recall {
            ticket: called.ticket_id,
            version: 102,
        }]
    );
    assert_eq!(
        update(&mut s, key(KeyCode::F(8))),
        vec![Command::Requeue {
            ticket: called.ticket_id,
            version: 102,
        }]
    );
}

#[test]
fn the_selection_follows_its_ticket_when_the_queue_reloads() {
    let mut s = state();
    update(&mut s, key(KeyCode::Down));
    let chosen = s.queue.selected_row().unwrap().ticket_id;
    let mut fresh = rows();
    fresh.push(queue_row(
        5,
        "王秀兰",
        "邻里纠纷",
        TicketState::Waiting,
        (9, 38),
        Lanes {
            emotional_risk: true,
            ..Lanes::default()
        },
    ));
    update(&mut s, Action::QueueLoaded(fresh));
    assert_eq!(s.queue.selected_row().unwrap().ticket_id, chosen);
}

#[test]
fn ctrl_k_calls_the_selected_ticket_and_only_a_waiting_one() {
    let mut s = state();
    update(&mut s, key(KeyCode::Down));
    let row = s.queue.selected_row().unwrap().clone();
    assert_eq!(row.state, TicketState::Waiting, "{}", row.code());
    assert_eq!(
        update(&mut s, ctrl('k')),
        vec![Command::CallTicket {
            ticket: row.ticket_id,
            version: row.version,
            window: WINDOW.into()
        }]
    );
    // One call at a time from a window: F5 now does nothing until the answer.
    assert!(update(&mut s, key(KeyCode::F(5))).is_empty());
    update(&mut s, Action::Finished(yidi::app::action::Op::CallNext));
    update(
        &mut s,
        Action::Called {
            ticket: row.ticket_id,
            window: WINDOW.into(),
        },
    );
    let notice = s.notice.clone().unwrap().text;
    assert!(
        notice.contains(&row.code()) && notice.contains(WINDOW),
        "{notice}"
    );
    let called = s
        .queue
        .visible()
        .iter()
        .position(|r| r.state == TicketState::Called)
        .unwrap();
    s.queue.selected = called;
    assert!(update(&mut s, ctrl('k')).is_empty());
    assert!(
        s.notice.as_ref().unwrap().error,
        "a called ticket is named, not called"
    );
}

#[test]
fn an_empty_queue_gives_f7_nothing_to_do() {
    let mut s = state();
    update(&mut s, Action::QueueLoaded(Vec::new()));
    assert!(update(&mut s, key(KeyCode::F(7))).is_empty());
    assert!(update(&mut s, key(KeyCode::F(6))).is_empty());
    assert_eq!(
        update(&mut s, key(KeyCode::F(5))),
        vec![Command::CallNext {
            window: WINDOW.into()
        }]
    );
}

#[test]
fn slash_filters_the_queue_and_esc_clears_it() {
    let mut s = state();
    update(&mut s, key(KeyCode::Down));
    assert!(update(&mut s, key(KeyCode::Char('/'))).is_empty());
    assert!(s.queue.filtering);
    // Typing goes into the filter, also letters and F-key-free Chinese.
    type_text(&mut s, "刘");
    assert_eq!(s.queue.filter, "刘");
    let visible: Vec<String> = s
        .queue
        .visible()
        .iter()
        .map(|r| r.applicant.clone())
        .collect();
    assert_eq!(visible, ["刘桂英"]);
    assert_eq!(s.queue.selected, 0);
    update(&mut s, key(KeyCode::Backspace));
    assert_eq!(s.queue.visible().len(), 4);
    type_text(&mut s, "征地");
    assert_eq!(s.queue.visible().len(), 1, "by category");
    update(&mut s, key(KeyCode::Backspace));
    update(&mut s, key(KeyCode::Backspace));
    type_text(&mut s, "a003");
    assert_eq!(s.queue.visible()[0].code(), "A003", "by ticket, any case");
    // `?` in the filter is text, not help.
    type_text(&mut s, "?");
    assert!(s.overlay.is_none());
    assert_eq!(s.queue.filter, "a003?");
    // Esc ends filtering and clears it.
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.queue.filtering);
    assert!(s.queue.filter.is_empty());
    assert_eq!(s.queue.visible().len(), 4);
    // Enter keeps the filter but stops typing into it; then Esc clears it.
    update(&mut s, key(KeyCode::Char('/')));
    type_text(&mut s, "刘");
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "Enter does not call"
    );
    assert!(!s.queue.filtering);
    assert_eq!(s.queue.visible().len(), 1);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.queue.filter.is_empty());
    assert_eq!(s.queue.visible().len(), 4);
}

// ----- time, quitting, drafts -----

#[test]
fn a_tick_redraws_only_on_a_new_minute() {
    let mut s = state();
    s.dirty = false;
    assert!(update(&mut s, Action::Tick(beijing(9, 40, 20))).is_empty());
    assert!(!s.dirty, "same minute: nothing on screen changes");
    assert_eq!(s.now, beijing(9, 40, 20));
    update(&mut s, Action::Tick(beijing(9, 40, 59)));
    assert!(!s.dirty);
    update(&mut s, Action::Tick(beijing(9, 41, 0)));
    assert!(s.dirty, "a new minute");
    s.dirty = false;
    // The same minute of another hour or day is a new minute too.
    update(&mut s, Action::Tick(beijing(10, 41, 0)));
    assert!(s.dirty);
    s.dirty = false;
    update(&mut s, Action::Tick(beijing(10, 41, 0) + Duration::days(1)));
    assert!(s.dirty);
}

#[test]
fn f10_asks_when_a_form_is_dirty_and_quits_when_not() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "杨树林");
    let commands = update(&mut s, key(KeyCode::F(10)));
    assert!(commands.is_empty(), "the draft stays on disk: {commands:?}");
    assert!(!s.quit);
    assert!(matches!(s.overlay, Some(Overlay::Confirm(Ask::Quit))));
    // Esc stays.
    update(&mut s, key(KeyCode::Esc));
    assert!(!s.quit);
    assert!(s.overlay.is_none());
    assert_eq!(s.context(), Context::Intake);
    // Ctrl-Q asks too, and Enter quits, keeping the draft (no ClearDraft).
    update(&mut s, ctrl('q'));
    assert!(matches!(s.overlay, Some(Overlay::Confirm(Ask::Quit))));
    let commands = update(&mut s, key(KeyCode::Enter));
    assert!(s.quit);
    assert!(!commands.contains(&Command::ClearDraft), "{commands:?}");

    // Without a form: at once.
    let mut s = state();
    update(&mut s, key(KeyCode::F(10)));
    assert!(s.quit);
    assert!(s.overlay.is_none());
    // With an untouched form open: at once too.
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    update(&mut s, key(KeyCode::F(10)));
    assert!(s.quit);
}

#[test]
fn a_signal_quits_without_asking() {
    let mut s = state();
    open_valid_form(&mut s);
    assert!(update(&mut s, Action::Signal).is_empty());
    assert!(s.quit);
}

fn draft() -> Draft {
    Draft {
        intake_id: Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0d01),
        saved_at: beijing(9, 31, 0),
        operator: "wangmin".into(),
        channel: "court_referral".into(),
        category: "邻里纠纷".into(),
        group_batches: "1".into(),
        group_persons: "3".into(),
        elderly_disabled: true,
        emotional_risk: false,
        group_visit: false,
        handling: "joint".into(),
        court_case_no: "(2026)皖0102民诉前88号".into(),
        description: "邻居在公共通道堆放杂物\n多次协商无果".into(),
        focus: 4,
        parties: vec![
            DraftParty {
                role: "applicant".into(),
                name: "刘桂英".into(),
                resident_id: "11010519491231002X".into(),
                phone: "13800138000".into(),
                address: "城关镇东关村".into(),
                is_organisation: false,
            },
            DraftParty {
                role: "respondent".into(),
                name: "某物业服务有限公司".into(),
                resident_id: String::new(),
                phone: String::new(),
                address: String::new(),
                is_organisation: true,
            },
        ],
    }
}

#[test]
fn a_draft_found_is_offered_and_enter_restores_every_value() {
    let mut s = state();
    let commands = update(&mut s, Action::DraftFound(Box::new(draft())));
    assert!(commands.is_empty());
    assert!(matches!(s.overlay, Some(Overlay::RestoreDraft(_))));
    assert_eq!(s.context(), Context::Confirm);
    assert!(s.intake.is_none());
    let commands = update(&mut s, key(KeyCode::Enter));
    assert!(commands.is_empty(), "{commands:?}");
    assert!(s.overlay.is_none());
    assert_eq!((s.tab, s.context()), (Tab::Intake, Context::Intake));
    let f = form(&s);
    assert_eq!(
        f.intake_id(),
        draft().intake_id,
        "a retry is still recognised"
    );
    assert_eq!(f.channel(), Channel::CourtReferral);
    assert_eq!(f.description_text(), "邻居在公共通道堆放杂物\n多次协商无果");
    assert_eq!(
        f.line(Slot::Party(0, PartyField::Name)).unwrap().text(),
        "刘桂英"
    );
    assert!(f.parties()[1].is_organisation());
    assert!(f.lanes().elderly_disabled && f.lanes().group_visit);
    assert_eq!(f.focus(), f.slots()[4]);
    assert_eq!(
        pinned(f.to_draft()),
        pinned(draft()),
        "every value as it was"
    );
    // And it saves as it is.
    let commands = update(&mut s, key(KeyCode::F(9)));
    assert!(has_save_intake(&commands), "{commands:?}");
}

#[test]
fn a_draft_declined_is_cleared() {
    let mut s = state();
    update(&mut s, Action::DraftFound(Box::new(draft())));
    assert_eq!(update(&mut s, key(KeyCode::Esc)), vec![Command::ClearDraft]);
    assert!(s.overlay.is_none());
    assert!(s.intake.is_none());
    assert_eq!(s.context(), Context::Queue);
}

#[test]
fn a_draft_found_while_a_form_is_open_does_not_interrupt() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    assert!(update(&mut s, Action::DraftFound(Box::new(draft()))).is_empty());
    assert!(s.overlay.is_none());
    assert_eq!(s.context(), Context::Intake);
}

#[test]
fn notices_and_resizes_redraw() {
    let mut s = state();
    s.dirty = false;
    update(&mut s, Action::Done("已重新呼叫。".into()));
    assert!(s.dirty);
    assert!(s.notice.as_ref().is_some_and(|n| !n.error));
    s.dirty = false;
    update(&mut s, Action::Failed("A002 已被其他窗口叫号".into()));
    assert!(s.notice.as_ref().is_some_and(|n| n.error));
    assert!(s.dirty);
    s.dirty = false;
    update(&mut s, Action::Resize(100, 30));
    assert!(s.dirty);
    assert_eq!(s.size, (100, 30));
    // A lost store keeps the first moment it was lost.
    update(&mut s, Action::StoreLost);
    let since = s.now;
    update(&mut s, Action::Tick(now() + Duration::minutes(3)));
    update(&mut s, Action::StoreLost);
    assert_eq!(s.connection, Connection::Lost { since });
}

#[test]
fn f4_finds_a_case_and_enter_opens_its_file() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(4)));
    assert_eq!(s.context(), Context::Find);
    // Typing goes into the query, `？` included; nothing is searched until Enter.
    assert!(type_text(&mut s, "A007？").is_empty());
    update(&mut s, key(KeyCode::Backspace));
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(cmds, [Command::Find("A007".into())]);
    // Results for an older query are dropped.
    update(
        &mut s,
        Action::FindResults {
            query: "A00".into(),
            cases: vec![receipt().case],
        },
    );
    let Some(Overlay::Find(find)) = &s.overlay else {
        panic!("find stays open")
    };
    assert!(find.results.is_empty());
    let case = receipt().case;
    update(
        &mut s,
        Action::FindResults {
            query: "A007".into(),
            cases: vec![case.clone()],
        },
    );
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(cmds, [Command::LoadCaseFile(case.id)]);
    let file = yidi::app::detail::CaseFile {
        ticket: Some("A007".into()),
        ..yidi::app::detail::CaseFile::of(case)
    };
    update(&mut s, Action::CaseFileLoaded(Box::new(file)));
    assert_eq!(s.context(), Context::Detail);
    update(&mut s, key(KeyCode::Esc));
    assert!(s.overlay.is_none());
}

#[test]
fn ctrl_e_opens_the_selected_tickets_case() {
    let mut s = state();
    update(&mut s, Action::QueueLoaded(rows()));
    let selected = s.queue.selected_row().unwrap().case_id;
    assert_eq!(update(&mut s, ctrl('e')), [Command::LoadCaseFile(selected)]);
}

fn departments() -> Vec<yidi::domain::Department> {
    ["人社局", "住建局", "总工会"]
        .iter()
        .enumerate()
        .map(|(i, name)| yidi::domain::Department {
            id: Uuid::from_u128(900 + i as u128),
            centre_id: centre().id,
            name: (*name).into(),
            kind: yidi::domain::DepartmentKind::Department,
            presence: yidi::domain::Presence::Resident,
            arrival_window_min: 30,
            phone: None,
        })
        .collect()
}

#[test]
fn ctrl_t_triages_the_selected_case_as_suggested() {
    let mut s = state();
    update(&mut s, Action::QueueLoaded(rows()));
    let case_id = s.queue.selected_row().unwrap().case_id;
    assert_eq!(update(&mut s, ctrl('t')), [Command::LoadTriage(case_id)]);
    let mut case = receipt().case;
    case.id = case_id;
    case.category = "劳动争议/欠薪".into();
    update(
        &mut s,
        Action::TriageReady {
            case: Box::new(case),
            departments: departments(),
            cooperating: Vec::new(),
            earlier: Vec::new(),
        },
    );
    assert_eq!((s.tab, s.context()), (Tab::Triage, Context::Triage));
    // F1 still opens help from the triage form; Esc comes back to it.
    update(&mut s, key(KeyCode::F(1)));
    assert_eq!(s.context(), Context::Help);
    update(&mut s, key(KeyCode::Esc));
    let cmds = update(&mut s, key(KeyCode::F(9)));
    let [
        Command::SaveTriage {
            case_id: id,
            triage,
            close_note,
            ..
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(*id, case_id);
    assert_eq!(
        triage.lead_department,
        Some(Uuid::from_u128(900)),
        "人社局 leads, as suggested"
    );
    assert_eq!(triage.cooperating.len(), 2);
    assert_eq!(*close_note, None);
    // Another console triaged it first: the operator is told and the case is reloaded.
    let cmds = update(
        &mut s,
        Action::TriageRefused {
            message: "changed on another console".into(),
            reload: Some(case_id),
        },
    );
    assert_eq!(cmds, [Command::LoadTriage(case_id)]);
    assert!(s.notice.as_ref().is_some_and(|n| n.error));
    let mut saved = receipt().case;
    saved.case_no = "YD20261123-0007".into();
    update(&mut s, Action::TriageSaved(Box::new(saved)));
    assert!(s.triage.is_none() && s.tab == Tab::Queue);
}

#[test]
fn a_paste_on_the_triage_form_goes_into_its_focused_field() {
    let mut s = state();
    update(&mut s, Action::QueueLoaded(rows()));
    let mut case = receipt().case;
    case.id = s.queue.selected_row().unwrap().case_id;
    case.category = "劳动争议/欠薪".into();
    let ready = Action::TriageReady {
        case: Box::new(case),
        departments: departments(),
        cooperating: Vec::new(),
        earlier: Vec::new(),
    };
    update(&mut s, ready);
    let (form, _) = s.triage.as_mut().unwrap();
    form.set_focus(yidi::app::triage::Slot::FirstHandler);
    update(&mut s, key(KeyCode::Home));
    assert!(
        update(&mut s, Action::Paste("李\n".into())).is_empty(),
        "never saves"
    );
    let (form, _) = s.triage.as_ref().unwrap();
    assert!(
        form.first_handler().text().starts_with("李 "),
        "{:?}",
        form.first_handler()
    );
}

#[test]
fn f12_lists_open_cases_worst_clock_first() {
    let mut s = state();
    assert_eq!(
        update(&mut s, key(KeyCode::F(12))),
        [Command::LoadDeadlines]
    );
    assert_eq!(s.context(), Context::Deadlines);
    let fresh = receipt().case;
    let mut late = receipt().case;
    late.id = Uuid::from_u128(77);
    late.case_no = "YD20261120-0001".into();
    // Received on Friday 20 November, still not accepted on Monday morning: overdue.
    late.deadlines.accept = beijing(0, 0, 0) - Duration::days(2);
    update(
        &mut s,
        Action::DeadlinesLoaded(vec![fresh.clone(), late.clone()]),
    );
    let rows = s.deadline_rows();
    assert_eq!(rows[0].0.id, late.id, "the overdue case comes first");
    assert_eq!(rows[0].1[0], yidi::domain::ClockState::Overdue);
    update(&mut s, key(KeyCode::Down));
    assert_eq!(update(&mut s, ctrl('e')), [Command::LoadCaseFile(fresh.id)]);
    // The late case is accepted on another console and drops below: the cursor stays on
    // the case it was on, not on the row.
    let mut accepted = late.clone();
    accepted.deadlines.accept = beijing(0, 0, 0) + Duration::days(5);
    accepted.deadlines.convene = beijing(0, 0, 0) + Duration::days(6);
    accepted.deadlines.reply = beijing(0, 0, 0) + Duration::days(20);
    update(
        &mut s,
        Action::DeadlinesLoaded(vec![fresh.clone(), accepted]),
    );
    assert_eq!(s.deadline_rows()[0].0.id, fresh.id, "re-sorted");
    assert_eq!(update(&mut s, ctrl('e')), [Command::LoadCaseFile(fresh.id)]);
    // While the tab is open, a change elsewhere reloads it.
    assert_eq!(
        update(&mut s, Action::StoreChanged),
        [Command::LoadQueue, Command::LoadDeadlines]
    );
}

#[test]
fn a_repeat_visitor_is_recognised_at_intake_and_linked_on_save() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Party(0, PartyField::ResidentId));
    let cmds = type_text(&mut s, "11010519491231002x");
    // Only the complete, valid ID is looked up, once.
    let lookups: Vec<&Command> = cmds
        .iter()
        .filter(|c| matches!(c, Command::LookUpEarlier(_)))
        .collect();
    assert_eq!(
        lookups,
        [&Command::LookUpEarlier("11010519491231002X".into())]
    );
    let mut earlier = receipt().case;
    earlier.id = Uuid::from_u128(4242);
    earlier.case_no = "YD20260815-0003".into();
    earlier.category = "征地补偿".into();
    update(
        &mut s,
        Action::EarlierFound {
            resident_id: "11010519491231002X".into(),
            cases: vec![earlier.clone()],
        },
    );
    let notice = s.notice.clone().expect("the operator is told");
    assert!(
        notice.text.contains("YD20260815-0003") && notice.text.contains("重复访"),
        "{}",
        notice.text
    );
    // Fill in the rest and save: the new case is linked to the earlier one.
    tab_to(&mut s, Slot::Category);
    update(&mut s, key(KeyCode::Right));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "杨树林");
    tab_to(&mut s, Slot::Description);
    type_text(&mut s, "征地补偿款第四次反映");
    let cmds = update(&mut s, key(KeyCode::F(9)));
    let intake = cmds
        .iter()
        .find_map(|c| {
            if let Command::SaveIntake(i) = c {
                Some(i)
            } else {
                None
            }
        })
        .expect("saved");
    assert_eq!(intake.repeat_of, Some(earlier.id));
}

fn open_case_file(s: &mut State) -> Uuid {
    let case = receipt().case;
    let id = case.id;
    let file = yidi::app::detail::CaseFile::of(case);
    update(s, Action::CaseFileLoaded(Box::new(file)));
    id
}

#[test]
fn a_ledger_line_needs_both_fields_and_is_sent_with_the_case() {
    let mut s = state();
    let id = open_case_file(&mut s);
    update(&mut s, ctrl('l'));
    assert_eq!(s.context(), Context::Prompt);
    type_text(&mut s, "人社局核实欠薪金额？");
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "the next step is missing"
    );
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the prompt stays")
    };
    assert!(p.message().is_some_and(|m| m.contains("下一步")));
    assert_eq!(p.kit.focus, 1, "the focus goes to the empty field");
    type_text(&mut s, "约谈总包单位");
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        [Command::AddLedger {
            case_id: id,
            progress: "人社局核实欠薪金额？".into(),
            next_step: "约谈总包单位".into()
        }]
    );
    // The database is gone for a moment: the line stays in the prompt, with the reason.
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty(), "sent once");
    update(
        &mut s,
        Action::Answered {
            op: yidi::app::action::Op::Case(id),
            result: Err("数据库暂时无法连接".into()),
        },
    );
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the prompt stays")
    };
    assert_eq!(
        [p.text(0), p.text(1)],
        ["人社局核实欠薪金额？", "约谈总包单位"]
    );
    assert!(p.problem.as_deref().is_some_and(|m| m.contains("无法连接")));
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)).len(),
        1,
        "and can be sent again"
    );
}

#[test]
fn an_explanation_is_sent_with_the_version_the_operator_saw() {
    let mut s = state();
    let id = open_case_file(&mut s);
    let version = receipt().case.version;
    update(&mut s, ctrl('r'));
    type_text(&mut s, "需重新测绘，12 月中旬答复");
    assert_eq!(
        update(&mut s, key(KeyCode::F(9))),
        [Command::Explain {
            case_id: id,
            version,
            text: "需重新测绘，12 月中旬答复".into()
        }]
    );
}

// ----- outcome, the court's answer, escalation, repeat pairs at intake and triage -----

#[test]
fn ctrl_o_records_a_mediated_outcome_and_a_missing_field_is_named_without_losing_text() {
    let mut s = state();
    let id = open_case_file(&mut s);
    update(&mut s, ctrl('o'));
    assert_eq!(s.context(), Context::Outcome);
    // Down to the note, typed before the agreement number (space is text here).
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "双方签字 当场履行");
    assert!(update(&mut s, key(KeyCode::F(9))).is_empty());
    let Some(Overlay::Outcome(f)) = &s.overlay else {
        panic!("the form stays open")
    };
    let message = f.kit.first_message().expect("the missing field is named");
    assert!(message.contains("调解协议编号"), "{message}");
    assert_eq!(f.note(), "双方签字 当场履行");
    // The focus went to the agreement number: type it, tick confirmation, save with Enter.
    type_text(&mut s, "(2026)示调字第118号");
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Char(' ')));
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert_eq!(
        cmds,
        [Command::RecordOutcome {
            case_id: id,
            version: receipt().case.version,
            choice: yidi::app::outcome::OutcomeChoice::Court(
                yidi::domain::case::Outcome::Mediated {
                    agreement_no: "(2026)示调字第118号".into(),
                    confirmation_requested: true
                }
            ),
            note: "双方签字 当场履行".into(),
        }]
    );
    // The store refuses (another console closed it): the form says so and keeps everything.
    update(
        &mut s,
        Action::OutcomeRefused("该案件刚被其他窗口修改".into()),
    );
    let Some(Overlay::Outcome(f)) = &s.overlay else {
        panic!("the form stays open")
    };
    assert!(!f.saving && f.agreement_no() == "(2026)示调字第118号");
    // A background reload of the file does not sweep the form away.
    let file = yidi::app::detail::CaseFile::of(receipt().case);
    update(&mut s, Action::CaseFileLoaded(Box::new(file)));
    assert_eq!(s.context(), Context::Outcome);
}

#[test]
fn a_failed_mediation_goes_to_court_on_the_track_chosen() {
    let mut s = state();
    let id = open_case_file(&mut s);
    update(&mut s, ctrl('o'));
    update(&mut s, key(KeyCode::Right)); // failed
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Right)); // priority filing
    let cmds = update(&mut s, key(KeyCode::F(9)));
    let [
        Command::RecordOutcome {
            case_id, choice, ..
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(*case_id, id);
    assert_eq!(
        *choice,
        yidi::app::outcome::OutcomeChoice::Court(yidi::domain::case::Outcome::Failed {
            track: yidi::domain::case::LitigationTrack::PriorityFiling
        })
    );
}

#[test]
fn the_courts_answer_is_asked_only_after_confirmation_was_requested() {
    let mut s = state();
    open_case_file(&mut s);
    assert!(update(&mut s, ctrl('k')).is_empty());
    assert_eq!(s.context(), Context::Detail, "nothing to answer yet");
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.text.contains("未申请司法确认")),
        "{:?}",
        s.notice
    );
    let mut case = receipt().case;
    case.court.judicial_confirmation = Some(yidi::domain::case::JudicialConfirmation::Requested);
    let (id, version) = (case.id, case.version);
    let file = yidi::app::detail::CaseFile::of(case);
    update(&mut s, Action::CaseFileLoaded(Box::new(file)));
    update(&mut s, ctrl('k'));
    assert_eq!(s.context(), Context::Outcome);
    update(&mut s, key(KeyCode::Right)); // refused
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        [Command::RecordConfirmation {
            case_id: id,
            version,
            granted: false
        }]
    );
}

#[test]
fn ctrl_u_escalates_one_level_up_and_a_county_case_is_told_it_cannot() {
    let mut s = state();
    let mut case = receipt().case;
    case.level = Some(Level::Village);
    let (id, version) = (case.id, case.version);
    let file = yidi::app::detail::CaseFile::of(case);
    update(&mut s, Action::CaseFileLoaded(Box::new(file)));
    assert_eq!(
        update(&mut s, ctrl('u')),
        [Command::Escalate {
            case_id: id,
            version,
            to: Level::Township
        }]
    );
    // An untriaged case at the county centre is a county case: nowhere higher to go.
    let mut s = state();
    open_case_file(&mut s);
    assert!(update(&mut s, ctrl('u')).is_empty());
    assert!(
        s.notice
            .as_ref()
            .is_some_and(|n| n.error && n.text.contains("县级")),
        "{:?}",
        s.notice
    );
}

#[test]
fn an_open_case_file_follows_changes_from_other_consoles_and_keeps_its_place() {
    let mut s = state();
    let id = open_case_file(&mut s);
    update(&mut s, key(KeyCode::Down));
    update(&mut s, key(KeyCode::Down));
    let cmds = update(&mut s, Action::StoreChanged);
    assert!(cmds.contains(&Command::RefreshCaseFile(id)), "{cmds:?}");
    let mut file = yidi::app::detail::CaseFile::of(receipt().case);
    file.ledger.push(yidi::store::LedgerEntry {
        id: Uuid::nil(),
        case_id: id,
        at: now(),
        actor: "窗口2".into(),
        progress: "人社局已到场".into(),
        next_step: "核对工资表".into(),
    });
    update(&mut s, Action::CaseFileRefreshed(Box::new(file.clone())));
    let Some(Overlay::Detail(d)) = &s.overlay else {
        panic!("the file stays open")
    };
    assert_eq!(d.file.ledger.len(), 1);
    assert_eq!(d.scroll, 2, "the operator's place in the file is kept");
    // Closed meanwhile: a late refresh does not reopen it.
    update(&mut s, key(KeyCode::Esc));
    update(&mut s, Action::CaseFileRefreshed(Box::new(file)));
    assert!(s.overlay.is_none());
}

#[test]
fn the_same_pair_of_parties_is_shown_at_intake_but_not_linked_without_the_operators_choice() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(2)));
    tab_to(&mut s, Slot::Category);
    update(&mut s, key(KeyCode::Right));
    tab_to(&mut s, Slot::Party(0, PartyField::Name));
    type_text(&mut s, "杨树林");
    update(&mut s, ctrl('r'));
    tab_to(&mut s, Slot::Party(1, PartyField::Name));
    let cmds = type_text(&mut s, "城关镇政府");
    let asked: Vec<&Command> = cmds
        .iter()
        .filter(|c| matches!(c, Command::LookUpPair { .. }))
        .collect();
    assert_eq!(
        asked.last(),
        Some(&&Command::LookUpPair {
            applicant: ("杨树林".into(), None),
            respondent: ("城关镇政府".into(), None)
        })
    );
    // Asked once per pair: another unrelated key does not ask again.
    assert!(
        !update(&mut s, key(KeyCode::Tab))
            .iter()
            .any(|c| matches!(c, Command::LookUpPair { .. }))
    );
    let mut earlier = receipt().case;
    earlier.id = Uuid::from_u128(5151);
    earlier.case_no = "YD20260702-0004".into();
    update(
        &mut s,
        Action::PairFound {
            applicant: ("杨树林".into(), None),
            respondent: ("城关镇政府".into(), None),
            cases: vec![earlier.clone()],
        },
    );
    let notice = s.notice.clone().expect("the window is told");
    assert!(
        notice.text.contains("同名当事人") && notice.text.contains("YD20260702-0004"),
        "{}",
        notice.text
    );
    tab_to(&mut s, Slot::Description);
    type_text(&mut s, "征地补偿款第四次反映");
    let cmds = update(&mut s, key(KeyCode::F(9)));
    let intake = cmds
        .iter()
        .find_map(|c| match c {
            Command::SaveIntake(i) => Some(i),
            _ => None,
        })
        .expect("saved");
    // Names alone are shown, not linked: linking is chosen at triage.
    assert_eq!(intake.repeat_of, None);
    assert!(notice.text.contains("Ctrl-T"), "{}", notice.text);
}

#[test]
fn triage_lists_earlier_cases_and_links_the_one_chosen() {
    use yidi::store::{EarlierCase, RepeatMatch};
    let mut s = state();
    let mut case = receipt().case;
    case.category = "劳动争议/欠薪".into();
    let case_id = case.id;
    let mut older = receipt().case;
    older.id = Uuid::from_u128(61);
    older.case_no = "YD20260301-0001".into();
    let mut newer = older.clone();
    newer.id = Uuid::from_u128(62);
    newer.case_no = "YD20260801-0002".into();
    update(
        &mut s,
        Action::TriageReady {
            case: Box::new(case),
            departments: departments(),
            cooperating: vec![Uuid::from_u128(902)],
            earlier: vec![
                EarlierCase {
                    case: older,
                    by: RepeatMatch::SamePerson,
                },
                EarlierCase {
                    case: newer.clone(),
                    by: RepeatMatch::SamePair,
                },
            ],
        },
    );
    let (form, _) = s.triage.as_ref().unwrap();
    assert_eq!(form.earlier().len(), 2);
    assert_eq!(
        form.cooperating()
            .iter()
            .map(|d| d.name.as_str())
            .collect::<Vec<_>>(),
        ["总工会"],
        "a re-triage starts from the units stored, not the suggestion"
    );
    // Shift-Tab from the first field wraps to the last: the repeat choice.
    update(&mut s, key(KeyCode::BackTab));
    update(&mut s, key(KeyCode::Left)); // none → the latest earlier case
    let cmds = update(&mut s, key(KeyCode::F(9)));
    let [
        Command::SaveTriage {
            case_id: id,
            repeat_of,
            ..
        },
    ] = cmds.as_slice()
    else {
        panic!("{cmds:?}")
    };
    assert_eq!(*id, case_id);
    assert_eq!(*repeat_of, Some(newer.id));
}

#[test]
fn an_escalated_case_late_reaching_the_county_comes_first_on_the_deadlines_tab() {
    let mut s = state();
    update(&mut s, key(KeyCode::F(12)));
    let fresh = receipt().case;
    let mut escalated = receipt().case;
    escalated.id = Uuid::from_u128(78);
    escalated.case_no = "YD20261120-0002".into();
    escalated.level = Some(Level::Township);
    // Left the village on Friday; still at the township on Monday morning.
    escalated.marks.county_due = Some(beijing(0, 0, 0) - Duration::days(2));
    update(
        &mut s,
        Action::DeadlinesLoaded(vec![fresh, escalated.clone()]),
    );
    assert_eq!(s.deadline_rows()[0].0.id, escalated.id);
}

// ----- signing in, the lock, reveal and the audit view -----

fn signed_in_as(s: &mut State, roles: &str) {
    s.session = Some(common::screen::operator("op", roles));
}

fn file_with_applicant() -> yidi::app::detail::CaseFile {
    let mut p = yidi::domain::Party::person(yidi::domain::PartyRole::Applicant, "张建国");
    p.resident_id = Some("11010519491231002X".into());
    p.phone = Some("13800138000".into());
    yidi::app::detail::CaseFile {
        parties: vec![p],
        ticket: Some("A007".into()),
        ..yidi::app::detail::CaseFile::of(receipt().case)
    }
}

#[test]
fn nobody_signed_in_sees_the_login_form_and_a_failure_keeps_the_login() {
    let mut s = state();
    s.session = None;
    assert_eq!(s.context(), Context::Login);
    type_text(&mut s, "wangmin");
    assert!(
        update(&mut s, key(KeyCode::F(2))).is_empty(),
        "no panel key works"
    );
    assert!(s.intake.is_none());
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "secret-pw");
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(&cmds[..], [Command::SignIn { login, password }] if login == "wangmin" && password.0 == "secret-pw"),
        "{cmds:?}"
    );
    assert!(
        !format!("{cmds:?}").contains("secret-pw"),
        "no password in Debug"
    );
    update(
        &mut s,
        Action::SignInRefused("Wrong login or password.".into()),
    );
    let form = s.login.as_ref().unwrap();
    assert_eq!(form.login(), "wangmin");
    assert!(form.kit.masked_len("password") == 0 && form.message.is_some());
}

#[test]
fn an_idle_console_locks_keeps_the_form_and_another_operator_does_not_see_it() {
    let mut s = state();
    signed_in_as(&mut s, "reception");
    s.session.as_mut().unwrap().login = "wangmin".into();
    update(&mut s, key(KeyCode::F(2)));
    type_text(&mut s, "x");
    let idle = s.idle_lock;
    let cmds = update(&mut s, Action::Tick(now() + idle));
    assert!(cmds.contains(&Command::SignOut), "{cmds:?}");
    assert_eq!(s.context(), Context::Login);
    assert!(
        s.intake.is_none() && !s.parked.is_empty(),
        "the form waits behind the lock, parked with its operator"
    );
    assert_eq!(
        s.login.as_ref().unwrap().login(),
        "wangmin",
        "the login is filled in"
    );
    // Someone else signs in at this console: the first one's form is not shown to them.
    let other = common::screen::operator("lina", "reception");
    update(&mut s, Action::SignedIn(other));
    assert!(s.intake.is_none());
}

#[test]
fn a_reveal_asks_which_party_and_why_then_shows_that_party() {
    let mut s = state();
    signed_in_as(&mut s, "duty_leader");
    update(
        &mut s,
        Action::CaseFileLoaded(Box::new(file_with_applicant())),
    );
    update(&mut s, key(KeyCode::F(6)));
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("the reveal prompt opens")
    };
    assert_eq!(p.text(0), "1", "one party: already chosen");
    update(&mut s, key(KeyCode::Backspace));
    type_text(&mut s, "2");
    update(&mut s, key(KeyCode::Tab));
    type_text(&mut s, "回电核实");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    let Some(Overlay::Prompt(p)) = &s.overlay else {
        panic!("stays open")
    };
    assert!(p.message().unwrap().contains("1 到 1"), "{:?}", p.message());
    assert_eq!(p.text(1), "回电核实", "the reason typed is kept");
    assert_eq!(p.kit.focus, 0, "back on the party number");
    update(&mut s, key(KeyCode::Backspace));
    type_text(&mut s, "1");
    let file = file_with_applicant();
    assert_eq!(
        update(&mut s, key(KeyCode::Enter)),
        [Command::RevealParty {
            case_id: file.case.id,
            seq: 0,
            reason: "回电核实".into()
        }]
    );
    update(
        &mut s,
        Action::PartyRevealed {
            seq: 0,
            file: Box::new(file),
        },
    );
    assert_eq!(s.revealed.as_ref().map(|(_, v)| v.clone()), Some(vec![0]));
    update(&mut s, key(KeyCode::Esc));
    assert!(s.revealed.is_none(), "closing the file masks again");
}

#[test]
fn a_receptionist_cannot_reveal_or_open_the_audit_view() {
    let mut s = state();
    signed_in_as(&mut s, "reception");
    update(
        &mut s,
        Action::CaseFileLoaded(Box::new(file_with_applicant())),
    );
    assert!(update(&mut s, key(KeyCode::F(6))).is_empty());
    let notice = s.notice.clone().unwrap();
    assert!(
        notice.error && notice.text.contains("值班领导"),
        "{notice:?}"
    );
    update(&mut s, key(KeyCode::Esc));
    assert!(update(&mut s, key(KeyCode::F(9))).is_empty());
    assert_ne!(s.tab, yidi::app::state::Tab::Audit);
}

#[test]
fn the_audit_view_opens_on_today_and_names_a_word_it_does_not_know() {
    let mut s = state();
    signed_in_as(&mut s, "supervisor");
    let cmds = update(&mut s, key(KeyCode::F(9)));
    assert!(
        matches!(&cmds[..], [Command::LoadAudit(f)] if f.from.is_some() && f.to.is_some()),
        "{cmds:?}"
    );
    for _ in 0..20 {
        update(&mut s, key(KeyCode::Backspace));
    }
    type_text(&mut s, "action:reveal who:me");
    assert!(update(&mut s, key(KeyCode::Enter)).is_empty());
    assert!(s.audit.problem.as_deref().unwrap().contains("who:me"));
    for _ in 0..7 {
        update(&mut s, key(KeyCode::Backspace));
    }
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(
        matches!(&cmds[..], [Command::LoadAudit(f)] if f.action.as_deref() == Some("reveal")),
        "{cmds:?}"
    );
}
