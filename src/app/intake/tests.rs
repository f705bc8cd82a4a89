//! Tests of the intake form: typing, focus, checks as typed and left, parties, paste and drafts.

use super::*;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn type_text(form: &mut IntakeForm, text: &str) {
    for c in text.chars() {
        let outcome = form.handle_key(&key(KeyCode::Char(c)));
        assert_eq!(
            outcome,
            Outcome::Changed,
            "typing {c:?} into {:?}",
            form.focus()
        );
    }
}

fn tab(form: &mut IntakeForm) {
    assert_eq!(form.handle_key(&key(KeyCode::Tab)), Outcome::Changed);
}

fn focus_on(form: &mut IntakeForm, slot: Slot) {
    for _ in 0..200 {
        if form.focus() == slot {
            return;
        }
        tab(form);
    }
    panic!("{slot:?} not reachable with Tab");
}

/// A form filled in by keys: category, one applicant with a full-width ID, a description.
fn filled() -> IntakeForm {
    let mut f = IntakeForm::new(Uuid::nil());
    tab(&mut f);
    assert_eq!(f.focus(), Slot::Category);
    assert_eq!(f.handle_key(&key(KeyCode::Right)), Outcome::Changed);
    tab(&mut f);
    assert_eq!(f.focus(), Slot::Party(0, PartyField::Name));
    type_text(&mut f, "张建国");
    tab(&mut f);
    type_text(&mut f, "１１０１０５１９４９１２３１００２ｘ");
    tab(&mut f);
    assert_eq!(f.focus(), Slot::Party(0, PartyField::Phone));
    type_text(&mut f, "138 0013 8000");
    tab(&mut f);
    type_text(&mut f, "城关镇东关村");
    focus_on(&mut f, Slot::Description);
    type_text(&mut f, "工资拖欠三个月");
    assert_eq!(f.handle_key(&key(KeyCode::Enter)), Outcome::Changed);
    type_text(&mut f, "要求结清");
    f
}

#[test]
fn a_form_typed_by_keys_gives_a_validated_intake_with_a_stable_id() {
    let mut f = filled();
    assert!(f.is_dirty());
    let a = f.to_intake().expect("valid");
    assert_eq!(f.error_count(), 0);
    assert_eq!(a.category, "劳动争议/欠薪");
    assert_eq!(a.channel, Channel::WalkIn);
    assert_eq!(
        a.parties.len(),
        1,
        "the untouched respondent block is left out"
    );
    assert_eq!(a.parties[0].name, "张建国");
    assert_eq!(
        a.parties[0].resident_id.as_deref(),
        Some("11010519491231002X")
    );
    assert_eq!(a.parties[0].phone.as_deref(), Some("13800138000"));
    assert_eq!(a.parties[0].address, "城关镇东关村");
    assert_eq!(a.description, "工资拖欠三个月\n要求结清");
    let b = f.to_intake().expect("still valid");
    assert_eq!(a.id, b.id);
    assert_eq!(a.id, f.intake_id());
}

#[test]
fn a_wrong_check_digit_names_field_and_party_keeps_the_text_and_takes_the_focus() {
    let mut f = filled();
    f.handle_key(&ctrl('a'));
    assert_eq!(f.focus(), Slot::Party(1, PartyField::Name));
    type_text(&mut f, "李娜");
    tab(&mut f);
    let slot = Slot::Party(1, PartyField::ResidentId);
    assert_eq!(f.focus(), slot);
    type_text(&mut f, "11010519491231002");
    assert_eq!(f.resident_id_progress(1), Some(17));
    assert_eq!(f.error(slot), None, "no error while still short");
    type_text(&mut f, "1");
    assert!(matches!(
        f.error(slot).unwrap().problem,
        Problem::CheckDigit {
            expected: 'X',
            got: '1'
        }
    ));
    focus_on(&mut f, Slot::Description);
    assert!(f.to_intake().is_none());
    assert_eq!(f.focus(), slot);
    assert_eq!(f.line(slot).unwrap().text(), "110105194912310021");
    let zh = f.error_text(slot, Lang::Zh).unwrap();
    assert!(
        zh.contains("身份证号") && zh.contains("申请人 2") && !zh.contains('X'),
        "{zh}"
    );
    let en = f.error_text(slot, Lang::En).unwrap();
    assert!(
        en.contains("Resident ID") && en.contains("Applicant 2"),
        "{en}"
    );
    assert_eq!(f.error_count(), 1);
    // Fixing the last character clears the error at once.
    f.handle_key(&key(KeyCode::Backspace));
    type_text(&mut f, "x");
    assert_eq!(f.error(slot), None);
    assert!(f.to_intake().is_some());
}

#[test]
fn a_bad_character_in_a_short_resident_id_shows_at_once() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::ResidentId));
    type_text(&mut f, "1101a");
    assert_eq!(
        f.error(f.focus()).unwrap().problem,
        Problem::BadCharacter { position: 5 }
    );
    f.handle_key(&key(KeyCode::Backspace));
    assert_eq!(f.error(f.focus()), None);
    assert_eq!(f.resident_id_progress(0), Some(4));
}

#[test]
fn leaving_a_wrong_phone_shows_its_error_but_an_empty_field_is_not_nagged() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Name));
    tab(&mut f);
    assert_eq!(
        f.error(Slot::Party(0, PartyField::Name)),
        None,
        "empty name not nagged before save"
    );
    tab(&mut f);
    type_text(&mut f, "12345");
    assert_eq!(
        f.error(Slot::Party(0, PartyField::Phone)),
        None,
        "no error while typing"
    );
    tab(&mut f);
    let e = f.error(Slot::Party(0, PartyField::Phone)).unwrap();
    assert_eq!(e.problem, Problem::NotAPhoneNumber);
    assert_eq!(
        f.line(Slot::Party(0, PartyField::Phone)).unwrap().text(),
        "12345"
    );
}

#[test]
fn pasting_lines_into_a_one_line_field_never_saves() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Name));
    let outcome = f.paste("line1\nline2");
    assert_ne!(outcome, Outcome::Save);
    assert_eq!(outcome, Outcome::Changed);
    assert_eq!(
        f.line(Slot::Party(0, PartyField::Name)).unwrap().text(),
        "line1 line2"
    );
    assert_eq!(f.paste("a\r\nb\rc"), Outcome::Changed);
    assert_eq!(
        f.line(Slot::Party(0, PartyField::Name)).unwrap().text(),
        "line1 line2a  b c"
    );
    // Into the description, lines stay lines.
    f.set_focus(Slot::Description);
    assert_eq!(f.paste("一\r\n二"), Outcome::Changed);
    assert_eq!(f.description_text(), "一\n二");
    // Digits keep digits; a choice ignores a paste.
    f.set_focus(Slot::Persons);
    f.paste("１2人");
    assert_eq!(f.line(Slot::Persons).unwrap().text(), "112");
    f.set_focus(Slot::Channel);
    assert_eq!(f.paste("x\n"), Outcome::Nothing);
}

#[test]
fn the_first_digit_typed_into_a_number_replaces_it() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Persons);
    assert_eq!(f.line(Slot::Persons).unwrap().text(), "1");
    f.handle_key(&key(KeyCode::Char('1')));
    f.handle_key(&key(KeyCode::Char('2')));
    assert_eq!(f.line(Slot::Persons).unwrap().text(), "12");
    // Moving within the field first keeps what is there.
    f.set_focus(Slot::Batches);
    f.handle_key(&key(KeyCode::End));
    f.handle_key(&key(KeyCode::Char('0')));
    assert_eq!(f.line(Slot::Batches).unwrap().text(), "10");
}

#[test]
fn parties_are_added_and_removed_but_never_the_last_applicant() {
    let mut f = IntakeForm::new(Uuid::nil());
    assert_eq!(f.parties().len(), 2);
    f.set_focus(Slot::Party(1, PartyField::Name));
    type_text(&mut f, "某公司");
    assert_eq!(f.handle_key(&ctrl('a')), Outcome::Changed);
    assert_eq!(f.parties().len(), 3);
    assert_eq!(f.parties()[1].role(), PartyRole::Applicant);
    assert_eq!(f.focus(), Slot::Party(1, PartyField::Name));
    assert_eq!(f.party_label(1, Lang::Zh), "申请人 2");
    assert_eq!(f.party_label(2, Lang::En), "Respondent 1");
    assert_eq!(
        f.parties()[2].line(PartyField::Name).unwrap().text(),
        "某公司"
    );
    assert_eq!(f.handle_key(&ctrl('d')), Outcome::Changed);
    assert_eq!(f.parties().len(), 2);
    assert_eq!(
        f.parties()[1].line(PartyField::Name).unwrap().text(),
        "某公司"
    );
    f.set_focus(Slot::Party(0, PartyField::Phone));
    assert_eq!(
        f.handle_key(&ctrl('d')),
        Outcome::Nothing,
        "the last applicant stays"
    );
    assert_eq!(f.parties().len(), 2);
    assert_eq!(f.handle_key(&ctrl('r')), Outcome::Changed);
    assert_eq!(f.focus(), Slot::Party(2, PartyField::Name));
    assert_eq!(f.party_label(2, Lang::Zh), "被申请人 2");
    assert_eq!(f.handle_key(&ctrl('d')), Outcome::Changed);
    assert_eq!(f.focus(), Slot::Persons, "the focus goes to what follows");
    // A block with text in it goes only on a second Ctrl-D in a row.
    f.set_focus(Slot::Party(1, PartyField::Phone));
    assert_eq!(f.handle_key(&ctrl('d')), Outcome::Changed);
    assert_eq!((f.parties().len(), f.remove_armed()), (2, Some(1)));
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.remove_armed(), None, "any other key disarms");
    f.handle_key(&ctrl('d'));
    assert_eq!(f.handle_key(&ctrl('d')), Outcome::Changed);
    assert_eq!(f.parties().len(), 1);
    assert_eq!(f.remove_armed(), None);
}

#[test]
fn an_organisation_has_no_resident_id_field() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(1, PartyField::Organisation));
    assert!(f.slots().contains(&Slot::Party(1, PartyField::ResidentId)));
    assert_eq!(f.handle_key(&key(KeyCode::Char(' '))), Outcome::Changed);
    assert_eq!(f.toggle_value(f.focus()), Some(true));
    assert!(!f.slots().contains(&Slot::Party(1, PartyField::ResidentId)));
    tab(&mut f);
    assert_eq!(f.focus(), Slot::Party(1, PartyField::Phone));
}

#[test]
fn printable_characters_type_and_commands_need_no_letters() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Description);
    // `?`, `？` and Space are text in a text field; ↑ ↓ ← → move inside the description.
    type_text(&mut f, "为什么？ ok?");
    f.handle_key(&key(KeyCode::Enter));
    type_text(&mut f, "xyz");
    assert_eq!(f.handle_key(&key(KeyCode::Up)), Outcome::Changed);
    assert_eq!(f.focus(), Slot::Description);
    assert_eq!(f.handle_key(&key(KeyCode::Left)), Outcome::Changed);
    assert_eq!(f.description_text(), "为什么？ ok?\nxyz");
    assert_eq!(f.handle_key(&key(KeyCode::Tab)), Outcome::Changed);
    assert_eq!(
        f.focus(),
        Slot::Channel,
        "Tab leaves the description and wraps"
    );
    assert_eq!(
        f.handle_key(&KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT)),
        Outcome::Changed
    );
    assert_eq!(f.focus(), Slot::Description);
    // A choice cycles with ← →, a letter does nothing there.
    f.set_focus(Slot::Channel);
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.channel(), Channel::Hotline);
    f.handle_key(&key(KeyCode::Left));
    f.handle_key(&key(KeyCode::Left));
    assert_eq!(f.channel(), *Channel::ALL.last().unwrap());
    assert_eq!(f.handle_key(&key(KeyCode::Char('a'))), Outcome::Nothing);
    // Upper case (Shift) types; Enter moves on in a one-line field. Only a court
    // referral asks the court's case number.
    f.handle_key(&key(KeyCode::Left));
    assert_eq!(f.channel(), Channel::CourtReferral);
    f.set_focus(Slot::CourtCaseNo);
    f.handle_key(&KeyEvent::new(KeyCode::Char('A'), KeyModifiers::SHIFT));
    assert_eq!(f.line(Slot::CourtCaseNo).unwrap().text(), "A");
    assert_eq!(f.handle_key(&key(KeyCode::Enter)), Outcome::Changed);
    assert_eq!(f.focus(), Slot::Description);
    assert!(f.accepts_text());
    // Save and cancel.
    assert_eq!(f.handle_key(&key(KeyCode::F(9))), Outcome::Save);
    assert_eq!(f.handle_key(&ctrl('s')), Outcome::Save);
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
}

#[test]
fn while_saving_only_esc_counts() {
    let mut f = IntakeForm::new(Uuid::nil());
    f.set_focus(Slot::Party(0, PartyField::Name));
    f.set_saving(true);
    assert_eq!(f.handle_key(&key(KeyCode::Char('张'))), Outcome::Nothing);
    assert_eq!(f.paste("x"), Outcome::Nothing);
    assert_eq!(f.handle_key(&key(KeyCode::F(9))), Outcome::Nothing);
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
    f.set_saving(false);
    assert_eq!(f.handle_key(&key(KeyCode::Char('张'))), Outcome::Changed);
}

#[test]
fn group_size_and_lanes() {
    let mut f = filled();
    f.set_focus(Slot::GroupVisit);
    assert_eq!(f.handle_key(&key(KeyCode::Char(' '))), Outcome::Changed);
    assert_eq!(f.toggle_value(Slot::GroupVisit), Some(true));
    f.handle_key(&key(KeyCode::Char(' ')));
    assert_eq!(f.toggle_value(Slot::GroupVisit), Some(false));
    f.set_focus(Slot::Persons);
    f.handle_key(&key(KeyCode::Backspace));
    type_text(&mut f, "12");
    assert_eq!(
        f.handle_key(&key(KeyCode::Char('人'))),
        Outcome::Nothing,
        "digits only"
    );
    assert!(f.group_visit_auto());
    assert_eq!(f.toggle_value(Slot::GroupVisit), Some(true));
    f.set_focus(Slot::GroupVisit);
    assert_eq!(
        f.handle_key(&key(KeyCode::Char(' '))),
        Outcome::Nothing,
        "automatic"
    );
    f.set_focus(Slot::EmotionalRisk);
    f.handle_key(&key(KeyCode::Char(' ')));
    f.set_focus(Slot::Handling);
    f.handle_key(&key(KeyCode::Right));
    let i = f.to_intake().unwrap();
    assert_eq!(i.group_persons, 12);
    assert!(i.lanes.group_visit && i.lanes.emotional_risk && !i.lanes.elderly_disabled);
    assert_eq!(i.handling_hint, Some(Handling::Immediate));

    f.set_focus(Slot::Batches);
    f.handle_key(&key(KeyCode::Backspace));
    type_text(&mut f, "0");
    tab(&mut f);
    assert!(matches!(
        f.error(Slot::Batches).unwrap().problem,
        Problem::OutOfRange { got: 0, .. }
    ));
    assert!(f.to_intake().is_none());
    assert_eq!(f.focus(), Slot::Batches);
}

#[test]
fn saving_an_empty_form_shows_every_missing_field() {
    let mut f = IntakeForm::new(Uuid::nil());
    assert!(!f.is_dirty());
    assert!(f.to_intake().is_none());
    assert_eq!(f.focus(), Slot::Category);
    let bad: Vec<Slot> = f
        .slots()
        .into_iter()
        .filter(|&s| f.error(s).is_some())
        .collect();
    assert_eq!(
        bad,
        [
            Slot::Category,
            Slot::Party(0, PartyField::Name),
            Slot::Description
        ]
    );
    assert_eq!(f.error_count(), 3);
    // Choosing a category clears its error.
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.error(Slot::Category), None);
}

#[test]
fn a_draft_round_trips_every_field() {
    let mut f = filled();
    f.handle_key(&ctrl('a'));
    type_text(&mut f, "李娜");
    tab(&mut f);
    type_text(&mut f, "4405241980");
    f.set_focus(Slot::Party(2, PartyField::Organisation));
    f.handle_key(&key(KeyCode::Char(' ')));
    f.set_focus(Slot::Channel);
    for _ in 0..4 {
        f.handle_key(&key(KeyCode::Right));
    }
    assert_eq!(f.channel(), Channel::CourtReferral);
    f.set_focus(Slot::Handling);
    f.handle_key(&key(KeyCode::Left));
    f.set_focus(Slot::ElderlyDisabled);
    f.handle_key(&key(KeyCode::Char(' ')));
    f.set_focus(Slot::CourtCaseNo);
    type_text(&mut f, "(2025)皖0102民诉前123号");
    f.set_focus(Slot::Party(1, PartyField::ResidentId));
    let d = f.to_draft();
    assert_eq!(d.parties.len(), 3);
    let g = IntakeForm::from_draft(Uuid::nil(), &d);
    let mut d2 = g.to_draft();
    d2.saved_at = d.saved_at;
    assert_eq!(d, d2);
    assert_eq!(g.focus(), Slot::Party(1, PartyField::ResidentId));
    assert_eq!(g.intake_id(), f.intake_id());
    assert_eq!(g.description_text(), "工资拖欠三个月\n要求结清");
    assert!(g.is_dirty());
}

#[test]
fn a_draft_with_odd_values_still_opens() {
    let d = Draft {
        intake_id: Uuid::nil(),
        saved_at: chrono::Utc::now(),
        operator: "op".into(),
        channel: "carrier_pigeon".into(),
        category: "不存在".into(),
        group_batches: "x1".into(),
        group_persons: String::new(),
        elderly_disabled: false,
        emotional_risk: false,
        group_visit: false,
        handling: "later".into(),
        court_case_no: String::new(),
        description: String::new(),
        focus: 9999,
        parties: vec![DraftParty {
            role: "respondent".into(),
            name: "某公司".into(),
            resident_id: String::new(),
            phone: "12345".into(),
            address: String::new(),
            is_organisation: true,
        }],
    };
    let f = IntakeForm::from_draft(Uuid::nil(), &d);
    assert_eq!(f.channel(), Channel::WalkIn);
    assert_eq!(f.category(), None);
    assert_eq!(f.parties()[0].role(), PartyRole::Applicant);
    assert_eq!(
        f.parties()[1].line(PartyField::Name).unwrap().text(),
        "某公司"
    );
    assert_eq!(f.focus(), Slot::Description);
    assert_eq!(
        f.error(Slot::Party(1, PartyField::Phone)).unwrap().problem,
        Problem::NotAPhoneNumber
    );
    assert_eq!(
        f.error(Slot::Persons),
        None,
        "empty is not nagged on restore"
    );
}

#[test]
fn every_intake_text_exists_in_both_languages() {
    let mut keys: Vec<String> = [
        "intake.title",
        "intake.applicant",
        "intake.respondent",
        "intake.third_party",
        "intake.party_error",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    keys.extend(
        CATEGORIES
            .iter()
            .map(|(k, _)| format!("intake.category.{k}")),
    );
    keys.extend(
        Channel::ALL
            .iter()
            .map(|c| format!("intake.channel.{}", c.as_str())),
    );
    for key in keys {
        for lang in [Lang::Zh, Lang::En] {
            let text = rust_i18n::t!(&key, locale = lang.locale());
            assert_ne!(text, key, "{key} missing in {lang:?}");
        }
    }
}

#[test]
fn typing_on_the_category_narrows_it_by_name_pinyin_initials_or_english() {
    let mut f = IntakeForm::new(Uuid::nil());
    focus_on(&mut f, Slot::Category);
    type_text(&mut f, "mjjd");
    assert_eq!(f.category().map(|i| CATEGORIES[i].1), Some("民间借贷"));
    for _ in 0..4 {
        f.handle_key(&key(KeyCode::Backspace));
    }
    type_text(&mut f, "ldzy");
    assert_eq!(f.category_filter().1, 2, "劳动争议/欠薪 and 劳动争议/工伤");
    f.handle_key(&key(KeyCode::Right));
    assert_eq!(f.category().map(|i| CATEGORIES[i].1), Some("劳动争议/工伤"));
    assert_eq!(
        f.handle_key(&key(KeyCode::Esc)),
        Outcome::Changed,
        "Esc clears the filter first, and keeps the choice"
    );
    assert_eq!(f.category().map(|i| CATEGORIES[i].1), Some("劳动争议/工伤"));
    for c in "tenancy".chars() {
        f.handle_key(&key(KeyCode::Char(c)));
    }
    assert_eq!(f.category().map(|i| CATEGORIES[i].1), Some("房屋租赁"));
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Changed);
    assert_eq!(f.handle_key(&key(KeyCode::Esc)), Outcome::Cancel);
}
