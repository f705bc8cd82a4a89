//! Tests of the triage form: suggestions, fields, choices and what a save sends.

use super::*;
use crate::domain::case::{CaseState, Channel, Lanes};
use crate::domain::department::{DepartmentKind, Presence};
use crate::domain::sla::{ClockMarks, Deadlines};
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

pub(crate) fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn space() -> KeyEvent {
    key(KeyCode::Char(' '))
}

fn typed(f: &mut TriageForm, text: &str) {
    for c in text.chars() {
        f.handle_key(&key(KeyCode::Char(c)));
    }
}

pub(crate) fn dept(n: u128, name: &str) -> Department {
    Department {
        id: Uuid::from_u128(n),
        centre_id: Uuid::nil(),
        name: name.to_string(),
        kind: DepartmentKind::Department,
        presence: Presence::Resident,
        arrival_window_min: 20,
        phone: None,
    }
}

pub(crate) fn departments() -> Vec<Department> {
    [
        "信访局",
        "司法局",
        "总工会",
        "人社局",
        "市场监管局",
        "住建局",
    ]
    .iter()
    .enumerate()
    .map(|(i, n)| dept(i as u128 + 1, n))
    .collect()
}

pub(crate) fn case(category: &str) -> Case {
    let at = chrono::Utc::now();
    Case {
        id: Uuid::from_u128(99),
        centre_id: Uuid::nil(),
        case_no: "YD20261122-0007".into(),
        tracking_token: Uuid::nil(),
        channel: Channel::WalkIn,
        category: category.into(),
        description: "工资拖欠三个月".into(),
        state: CaseState::Registered,
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
        received_at: at,
        deadlines: Deadlines {
            accept: at,
            convene: at,
            reply: at,
        },
        marks: ClockMarks::default(),
        court: Default::default(),
        closed_at: None,
        version: 3,
    }
}

fn names(ds: &[&Department]) -> Vec<String> {
    ds.iter().map(|d| d.name.clone()).collect()
}

#[test]
fn the_shipped_table_parses_and_covers_every_category() {
    for (_, zh) in crate::app::intake::CATEGORIES {
        assert!(suggestion_for(zh).is_some(), "{zh}");
    }
    let s = suggestion_for("劳动争议/欠薪").unwrap();
    assert_eq!(s.stream, Stream::Mediation);
    assert_eq!(s.lead.as_deref(), Some("人社局"));
    assert!(s.cooperating.contains(&"住建局".to_string()));
    assert_eq!(suggestion_for("征地补偿").unwrap().stream, Stream::Petition);
}

#[test]
fn a_broken_table_gives_no_suggestions() {
    assert!(parse_suggestions("[[rule]\ncategory = ").is_empty());
    assert!(parse_suggestions("").is_empty());
    let odd = parse_suggestions(
        "[[rule]]\ncategory = \"x\"\nstream = \"teleport\"\n\
         [[rule]]\ncategory = \"y\"\nstream = \"petition\"\n",
    );
    assert_eq!(odd.len(), 1);
    assert_eq!(odd[0].category, "y");
    assert_eq!(odd[0].lead, None);
}

#[test]
fn the_suggestion_prefills_stream_lead_and_cooperating_units() {
    let f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    assert_eq!(f.stream(), Stream::Mediation);
    assert_eq!(f.handling(), Handling::Joint);
    assert_eq!(f.level(), Level::County);
    assert_eq!(f.lead().unwrap().name, "人社局");
    assert_eq!(names(&f.cooperating()), ["住建局", "总工会"]);
    assert_eq!(f.first_handler().text(), "王芳");
    // Suggested departments come first in the list.
    let order: Vec<&str> = f.departments().iter().map(|d| d.name.as_str()).collect();
    assert_eq!(&order[..3], ["人社局", "住建局", "总工会"]);
    assert!(f.is_suggested(2) && !f.is_suggested(3));
    assert_eq!(f.departments().len(), 6);
    assert_eq!(f.case_id(), Uuid::from_u128(99));
    assert_eq!(f.case_version(), 3);
}

#[test]
fn what_the_case_carries_wins_over_the_suggestion() {
    let mut c = case("劳动争议/欠薪");
    c.stream = Some(Stream::Litigation);
    c.handling = Some(Handling::Immediate);
    c.level = Some(Level::Township);
    c.lead_department = Some(Uuid::from_u128(2));
    c.first_handler = Some("李明".into());
    let f = TriageForm::new(&c, &departments(), "王芳");
    assert_eq!(f.stream(), Stream::Litigation);
    assert_eq!(f.handling(), Handling::Immediate);
    assert_eq!(f.level(), Level::Township);
    assert_eq!(f.lead().unwrap().name, "司法局");
    assert_eq!(f.first_handler().text(), "李明");
    // Without a suggestion (unknown category, no departments) it still opens.
    let f = TriageForm::new(&case("不存在"), &[], "王芳");
    assert_eq!(f.stream(), Stream::Mediation);
    assert_eq!(f.handling(), Handling::Immediate);
    assert!(f.lead().is_none() && f.cooperating().is_empty());
}

#[test]
fn choices_cycle_with_left_and_right() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    assert_eq!(f.focus(), Slot::Stream);
    assert_eq!(f.handle_key(&key(KeyCode::Right)), Outcome::Changed);
    assert_eq!(f.stream(), Stream::Litigation);
    f.handle_key(&key(KeyCode::Left));
    f.handle_key(&key(KeyCode::Left));
    assert_eq!(f.stream(), Stream::Petition);
    f.handle_key(&key(KeyCode::Left));
    assert_eq!(f.stream(), Stream::Enforcement, "wraps");
    assert_eq!(f.handle_key(&key(KeyCode::Char('a'))), Outcome::Nothing);

    f.handle_key(&key(KeyCode::Tab));
    assert_eq!(f.focus(), Slot::Handling);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.handling(), Handling::Immediate);
    assert!(f.slots().contains(&Slot::SolvedOnSpot));
    assert!(!f.slots().contains(&Slot::Cooperating));
    f.handle_key(&space());
    assert_eq!(f.handling(), Handling::Joint, "Space cycles a choice too");

    f.handle_key(&key(KeyCode::Down));
    assert_eq!(f.focus(), Slot::Level);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.level(), Level::Village);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.level(), Level::Township);

    f.handle_key(&key(KeyCode::Tab));
    assert_eq!(f.focus(), Slot::Lead);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.lead().unwrap().name, "住建局");
    assert_eq!(
        names(&f.cooperating()),
        ["总工会"],
        "the new lead is no longer cooperating"
    );
    f.handle_key(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT));
    assert_eq!(f.focus(), Slot::Level);
    assert_eq!(f.handle_key(&key(KeyCode::F(9))), Outcome::Save);
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
}

#[test]
fn the_lead_may_be_none_only_for_an_immediate_case() {
    let mut f = TriageForm::new(&case("消费纠纷"), &departments(), "王芳");
    assert_eq!(f.handling(), Handling::Immediate);
    assert_eq!(f.lead().unwrap().name, "市场监管局");
    f.set_focus(Slot::Lead);
    f.handle_key(&key(KeyCode::Left));
    assert!(f.lead().is_none());
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.lead().unwrap().name, "市场监管局");
    f.set_focus(Slot::Handling);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.handling(), Handling::Joint);
    f.set_focus(Slot::Lead);
    for _ in 0..20 {
        f.handle_key(&key(KeyCode::Right));
        assert!(f.lead().is_some());
    }
}

#[test]
fn space_ticks_cooperating_units() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    f.set_focus(Slot::Cooperating);
    let (i, d, ticked) = f.cursor_department().unwrap();
    assert_eq!((i, d.name.as_str(), ticked), (0, "人社局", false));
    assert!(f.cursor_is_lead());
    assert_eq!(
        f.handle_key(&space()),
        Outcome::Nothing,
        "the lead cannot be ticked"
    );
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.cursor_department().unwrap().1.name, "住建局");
    assert!(f.cursor_department().unwrap().2);
    assert_eq!(f.handle_key(&space()), Outcome::Changed);
    assert_eq!(names(&f.cooperating()), ["总工会"]);
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.cursor_department().unwrap().1.name, "信访局");
    f.handle_key(&space());
    assert_eq!(names(&f.cooperating()), ["总工会", "信访局"]);
    f.handle_key(&key(KeyCode::Left));
    f.handle_key(&key(KeyCode::Left));
    f.handle_key(&key(KeyCode::Left));
    f.handle_key(&key(KeyCode::Left));
    assert_eq!(
        f.cursor_department().unwrap().1.name,
        "市场监管局",
        "wraps backwards"
    );
}

#[test]
fn a_joint_case_without_cooperating_units_is_refused_naming_the_field() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    f.set_focus(Slot::Cooperating);
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&space());
    f.handle_key(&key(KeyCode::Right));
    f.handle_key(&space());
    assert!(f.cooperating().is_empty());
    f.set_focus(Slot::Stream);
    let zh = f.to_triage(Lang::Zh).unwrap_err();
    assert!(zh.contains("协办单位"), "{zh}");
    let en = f.to_triage(Lang::En).unwrap_err();
    assert!(en.contains("Cooperating units"), "{en}");
    assert_eq!(f.focus(), Slot::Cooperating);
    assert_eq!(
        f.error(Slot::Cooperating),
        Some(Problem::CooperatingRequired)
    );
    assert_eq!(f.error_count(), 1);
    // Ticking one clears the error at once.
    f.handle_key(&space());
    assert_eq!(f.error(Slot::Cooperating), None);
    assert!(f.to_triage(Lang::Zh).is_ok());
}

#[test]
fn an_empty_first_handler_is_refused() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    f.set_focus(Slot::FirstHandler);
    assert!(f.accepts_text());
    f.handle_key(&key(KeyCode::Backspace));
    f.handle_key(&key(KeyCode::Backspace));
    assert_eq!(f.first_handler().text(), "");
    let zh = f.to_triage(Lang::Zh).unwrap_err();
    assert!(zh.contains("首办责任人"), "{zh}");
    typed(&mut f, "李 明");
    assert_eq!(f.error(Slot::FirstHandler), None);
    assert_eq!(f.to_triage(Lang::Zh).unwrap().first_handler, "李 明");
}

#[test]
fn an_on_the_spot_close_needs_a_note() {
    let mut f = TriageForm::new(&case("消费纠纷"), &departments(), "王芳");
    assert_eq!(f.handling(), Handling::Immediate);
    assert!(!f.slots().contains(&Slot::OutcomeNote));
    f.set_focus(Slot::SolvedOnSpot);
    assert_eq!(f.handle_key(&space()), Outcome::Changed);
    assert!(f.solved_on_spot());
    assert_eq!(f.immediate_close_note(), None);
    let zh = f.to_triage(Lang::Zh).unwrap_err();
    assert!(zh.contains("处理结果"), "{zh}");
    let en = f.to_triage(Lang::En).unwrap_err();
    assert!(en.contains("Outcome"), "{en}");
    assert_eq!(f.focus(), Slot::OutcomeNote);
    typed(&mut f, "商家同意退货");
    assert_eq!(f.error(Slot::OutcomeNote), None);
    let t = f.to_triage(Lang::Zh).unwrap();
    assert_eq!(t.handling, Handling::Immediate);
    assert!(t.cooperating.is_empty());
    assert_eq!(t.lead_department, Some(Uuid::from_u128(5)));
    assert_eq!(f.immediate_close_note().as_deref(), Some("商家同意退货"));
    // Switching to joint drops the on-the-spot close.
    f.set_focus(Slot::Handling);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.immediate_close_note(), None);
    assert!(!f.slots().contains(&Slot::SolvedOnSpot));
}

#[test]
fn a_valid_joint_form_gives_the_triage_with_the_right_ids() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    f.set_focus(Slot::Level);
    f.handle_key(&key(KeyCode::Left));
    let t = f.to_triage(Lang::Zh).unwrap();
    assert_eq!(
        t,
        Triage {
            stream: Stream::Mediation,
            handling: Handling::Joint,
            level: Level::Township,
            lead_department: Some(Uuid::from_u128(4)),
            cooperating: vec![Uuid::from_u128(6), Uuid::from_u128(3)],
            first_handler: "王芳".into(),
        }
    );
    assert_eq!(f.immediate_close_note(), None);
}

#[test]
fn text_fields_take_printable_keys_and_paste() {
    let mut f = TriageForm::new(&case("消费纠纷"), &departments(), "");
    f.set_focus(Slot::FirstHandler);
    typed(&mut f, "张");
    f.handle_key(&key(KeyCode::Left));
    typed(&mut f, "小");
    assert_eq!(f.first_handler().text(), "小张");
    assert_eq!(f.paste("三\n四"), Outcome::Changed);
    assert_eq!(f.first_handler().text(), "小三 四张");
    assert_eq!(f.handle_key(&key(KeyCode::Enter)), Outcome::Changed);
    assert_eq!(f.focus(), Slot::SolvedOnSpot);
    f.set_saving(true);
    assert_eq!(f.handle_key(&space()), Outcome::Nothing);
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
}

#[test]
fn every_triage_text_exists_in_both_languages() {
    let mut keys: Vec<String> = [
        "triage.title",
        "triage.category",
        "triage.suggestion",
        "triage.suggestion.lead",
        "triage.suggestion.cooperating",
        "triage.none",
        "triage.no_suggestion",
        "triage.lead.none",
        "triage.cursor",
        "triage.error.format",
        "triage.error_count",
        "triage.saving",
        "triage.keys",
        "triage.lead_hint",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    for s in Slot::ALL {
        keys.push(s.label_key().into());
    }
    for p in [
        Problem::LeadRequired,
        Problem::CooperatingRequired,
        Problem::FirstHandlerRequired,
        Problem::NoteRequired,
    ] {
        keys.push(p.key().into());
    }
    keys.extend(Stream::ALL.iter().map(|s| format!("triage.stream.{s}")));
    keys.extend(Handling::ALL.iter().map(|s| format!("triage.handling.{s}")));
    keys.extend(Level::ALL.iter().map(|s| format!("triage.level.{s}")));
    for key in keys {
        for lang in [Lang::Zh, Lang::En] {
            let text = rust_i18n::t!(&key, locale = lang.locale());
            assert_ne!(text, key, "{key} missing in {lang:?}");
        }
    }
}

#[test]
fn the_cooperating_and_lead_lists_filter_by_pinyin_initials() {
    let mut f = TriageForm::new(&case("劳动争议/欠薪"), &departments(), "王芳");
    f.set_focus(Slot::Cooperating);
    typed(&mut f, "xfj");
    assert_eq!(f.cursor_department().unwrap().1.name, "信访局");
    assert_eq!(f.handle_key(&space()), Outcome::Changed);
    assert_eq!(names(&f.cooperating()), ["住建局", "总工会", "信访局"]);
    assert_eq!(
        f.handle_key(&key(KeyCode::Esc)),
        Outcome::Changed,
        "Esc clears the filter first"
    );
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
    f.set_focus(Slot::Lead);
    typed(&mut f, "scjg");
    assert_eq!(
        f.lead().unwrap().name,
        "市场监管局",
        "a single choice follows"
    );
    assert!(f.to_triage(Lang::Zh).is_ok());
}
