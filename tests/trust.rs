//! Trust between operators (issue 12): what one operator typed or stored never reaches another
//! through a shared console, a copied draft or a retried save. Store checks run on SQLite and
//! on PostgreSQL.

#[macro_use]
mod common;

use common::stores::{county, deadlines, morning};
use yidi::domain::case::Channel;
use yidi::domain::party::{Party, PartyRole};
use yidi::domain::{Intake, Lang};
use yidi::store::{Stamp, Store, StoreError};

on_both!(
    a_retried_intake_id_returns_the_receipt_only_to_its_creator,
    a_refused_sign_in_journals_a_typed_login_only_when_it_names_an_operator,
    a_pair_whose_resident_ids_differ_is_not_a_repeat,
    a_case_escalates_into_a_parent_that_has_the_same_daily_number,
);

fn neighbours(centre: uuid::Uuid, name: &str) -> Intake {
    Intake::new(centre, Channel::WalkIn, "邻里纠纷", "楼上装修漏水")
        .with_party(Party::person(PartyRole::Applicant, name))
        .with_party(Party::person(PartyRole::Respondent, "李四"))
}

async fn a_retried_intake_id_returns_the_receipt_only_to_its_creator(store: Store, _url: String) {
    let f = county(&store).await;
    let a = Stamp::new("operator_a", morning());
    let b = Stamp::new("operator_b", morning());
    // B restored a copy of A's form (same intake id) and saved first.
    let mut theirs = neighbours(f.centre.id, "王五");
    let saved = store
        .intake(&theirs, deadlines(morning()), &b)
        .await
        .unwrap();
    // A's own form under that id, with A's entries, must not get B's receipt back.
    let mine = {
        let mut i = neighbours(f.centre.id, "赵六");
        i.id = theirs.id;
        i
    };
    let err = store
        .intake(&mine, deadlines(morning()), &a)
        .await
        .expect_err("another operator's intake id is refused");
    assert!(matches!(err, StoreError::IntakeIdTaken), "{err:?}");
    assert!(err.message(Lang::En).contains("Another operator"));
    assert!(err.message(Lang::Zh).contains("其他操作员"));
    // Nothing of A's was stored under B's case, and B's case is unchanged.
    let parties = store.parties(saved.case.id).await.unwrap();
    assert!(parties.iter().any(|p| p.name == "王五"));
    assert!(!parties.iter().any(|p| p.name == "赵六"));
    // B's own retry is still recognised as the same case.
    let again = store
        .intake(&theirs, deadlines(morning()), &b)
        .await
        .unwrap();
    assert!(!again.created);
    assert_eq!(again.case.case_no, saved.case.case_no);
    // A under a fresh id stores A's own case.
    theirs = mine;
    theirs.id = uuid::Uuid::now_v7();
    let own = store
        .intake(&theirs, deadlines(morning()), &a)
        .await
        .unwrap();
    assert!(own.created);
    assert_ne!(own.case.case_no, saved.case.case_no);
}

// ----- the console: drafts and intake ids -----

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use yidi::app::action::{Action, Command};
use yidi::app::draft::Draft;
use yidi::app::state::{Overlay, State};
use yidi::app::update::update;

fn console(login: &str) -> State {
    let mut s = common::screen::county_console(uuid::Uuid::nil(), Lang::En, "default", morning());
    s.session = Some(common::screen::operator(login, "reception"));
    s
}

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(KeyCode::Char(c)));
    }
}

fn draft_of(login: &str) -> Draft {
    let mut s = console(login);
    update(&mut s, key(KeyCode::F(2)));
    typed(&mut s, "x");
    let mut d = s.intake.as_ref().unwrap().to_draft();
    d.operator = login.into();
    d
}

#[test]
fn a_draft_is_offered_only_to_the_operator_who_typed_it() {
    let mut b = console("zhaoli");
    update(&mut b, Action::DraftFound(Box::new(draft_of("wangmin"))));
    assert!(b.overlay.is_none(), "another operator's draft was offered");
    let mut a = console("wangmin");
    update(&mut a, Action::DraftFound(Box::new(draft_of("wangmin"))));
    assert!(matches!(a.overlay, Some(Overlay::RestoreDraft(_))));
}

#[test]
fn signing_in_opens_that_operators_own_drafts() {
    let mut s = console("x");
    s.session = None;
    let cmds = update(
        &mut s,
        Action::SignedIn(common::screen::operator("wangmin", "reception")),
    );
    assert!(
        cmds.contains(&Command::OpenDrafts {
            login: "wangmin".into()
        }),
        "{cmds:?}"
    );
}

#[test]
fn an_intake_id_taken_by_another_operator_keeps_the_form_and_saves_anew() {
    let mut s = console("wangmin");
    update(&mut s, key(KeyCode::F(2)));
    typed(&mut s, "x");
    let before = s.intake.as_ref().unwrap().to_draft();
    update(&mut s, Action::IntakeIdTaken("taken".into()));
    let form = s.intake.as_ref().expect("the form stays");
    assert_eq!(form.error_message(), Some("taken"));
    assert_ne!(
        form.intake_id(),
        before.intake_id,
        "the next save is a new case"
    );
    let mut after = form.to_draft();
    after.intake_id = before.intake_id;
    after.saved_at = before.saved_at;
    assert_eq!(after, before, "everything typed is kept");
}

// ----- the console: one operator's world -----

async fn a_case_file() -> yidi::app::detail::CaseFile {
    let db = common::stores::sqlite().await;
    let f = county(&db.store).await;
    let mut i = neighbours(f.centre.id, "张建国");
    i.parties[0].resident_id = Some("11010519491231002X".into());
    let r = db
        .store
        .intake(&i, deadlines(morning()), &common::stores::stamp(morning()))
        .await
        .unwrap();
    yidi::app::detail::CaseFile {
        parties: db.store.parties(r.case.id).await.unwrap(),
        ..yidi::app::detail::CaseFile::of(r.case)
    }
}

fn audit_entry(action: &str) -> yidi::domain::JournalEntry {
    yidi::domain::JournalEntry {
        id: 1,
        centre_id: uuid::Uuid::nil(),
        case_id: None,
        at: morning(),
        actor: "audit".into(),
        action: action.into(),
        detail: "…".into(),
    }
}

fn lock(s: &mut State) {
    let at = s.now + s.idle_lock;
    let cmds = update(s, Action::Tick(at));
    assert!(cmds.contains(&Command::SignOut), "{cmds:?}");
}

#[tokio::test]
async fn another_operator_at_a_locked_console_sees_nothing_of_the_first_who_gets_it_all_back() {
    let file = a_case_file().await;
    let mut s = console("audit");
    s.session = Some(common::screen::operator("audit", "supervisor"));
    update(&mut s, Action::AuditLoaded(vec![audit_entry("reveal")]));
    update(&mut s, Action::CaseFileLoaded(Box::new(file.clone())));
    update(
        &mut s,
        Action::PartyRevealed {
            seq: 0,
            file: Box::new(file.clone()),
        },
    );
    assert!(s.revealed.is_some());
    lock(&mut s);
    // Nothing of it is behind the lock screen…
    assert!(s.overlay.is_none() && s.revealed.is_none() && s.audit.entries.is_empty());
    // …and an answer that comes in during the lock goes to the supervisor, not the screen.
    update(
        &mut s,
        Action::AuditLoaded(vec![audit_entry("reveal"), audit_entry("sign_in")]),
    );
    assert!(s.audit.entries.is_empty());

    // A receptionist signs in at this console: a console nobody has used.
    update(
        &mut s,
        Action::SignedIn(common::screen::operator("wangmin", "reception")),
    );
    assert!(
        s.overlay.is_none(),
        "the supervisor's case file is not shown"
    );
    assert!(s.revealed.is_none(), "nothing revealed");
    assert!(
        s.audit.entries.is_empty() && !s.audit.loaded,
        "no audit list"
    );
    assert_eq!(s.tab, yidi::app::state::Tab::Queue);
    // Reopening the case shows it masked.
    update(&mut s, Action::CaseFileLoaded(Box::new(file.clone())));
    assert!(s.revealed.is_none());
    lock(&mut s);

    // The supervisor signs in again: both are back, with what arrived during the lock.
    let cmds = update(
        &mut s,
        Action::SignedIn(common::screen::operator("audit", "supervisor")),
    );
    assert_eq!(
        s.revealed.as_ref().map(|(id, seqs)| (*id, seqs.clone())),
        Some((file.case.id, vec![0]))
    );
    assert!(matches!(s.overlay, Some(Overlay::Detail(_))));
    assert_eq!(s.audit.entries.len(), 2);
    assert!(
        cmds.contains(&Command::RefreshCaseFile(file.case.id)),
        "the open case file is read again: {cmds:?}"
    );
    // And the receptionist's world stayed theirs.
    lock(&mut s);
    update(
        &mut s,
        Action::SignedIn(common::screen::operator("wangmin", "reception")),
    );
    assert!(s.revealed.is_none() && s.audit.entries.is_empty());
    assert!(
        matches!(s.overlay, Some(Overlay::Detail(_))),
        "their own masked file"
    );
}

// ----- the lock: typing that runs on into it -----

async fn a_refused_sign_in_journals_a_typed_login_only_when_it_names_an_operator(
    store: Store,
    _url: String,
) {
    let f = county(&store).await;
    let roles = yidi::domain::Roles::parse("supervisor").unwrap();
    let stamp = common::stores::stamp(morning());
    store
        .add_operator(
            f.centre.id,
            "wangmin",
            "王敏",
            &roles,
            "correct horse battery",
            &stamp,
        )
        .await
        .unwrap();
    // A resident's ID run on into the login field.
    let typed = "wangmin110105194912310021";
    let refused = store
        .sign_in(f.centre.id, typed, "x", morning())
        .await
        .unwrap();
    assert!(refused.is_err());
    // A real operator's wrong password names them.
    let refused = store
        .sign_in(f.centre.id, "wangmin", "wrong password", morning())
        .await
        .unwrap();
    assert!(refused.is_err());
    let op = store
        .sign_in(
            f.centre.id,
            "wangmin",
            "correct horse battery",
            morning() + chrono::Duration::seconds(1),
        )
        .await
        .unwrap()
        .unwrap();
    let journal = store
        .audit(
            &Stamp::operator(&op, morning()),
            &yidi::store::AuditFilter {
                action: Some("login_failed".into()),
                ..Default::default()
            },
            50,
        )
        .await
        .unwrap();
    assert_eq!(journal.len(), 2, "{journal:?}");
    for e in &journal {
        assert!(
            !e.actor.contains("1101") && !e.detail.contains("1101"),
            "the typed ID reached the journal: {e:?}"
        );
    }
    assert!(
        journal
            .iter()
            .any(|e| e.actor == yidi::store::UNKNOWN_LOGIN)
    );
    assert!(journal.iter().any(|e| e.actor == "wangmin"));
}

fn locked_console() -> State {
    let mut s = console("wangmin");
    lock(&mut s);
    s
}

fn char_key(c: char) -> Action {
    key(KeyCode::Char(c))
}

#[test]
fn keys_typed_as_the_lock_appears_are_not_sign_in_input() {
    let mut s = locked_console();
    let form = s.login.as_ref().unwrap();
    assert!(form.message.as_deref().unwrap().contains("locked"));
    // The operator was still typing a resident's ID and pressed Enter.
    for c in "110105".chars() {
        update(&mut s, char_key(c));
    }
    assert!(
        update(&mut s, key(KeyCode::Enter)).is_empty(),
        "no sign-in sent"
    );
    let form = s.login.as_ref().unwrap();
    assert!(
        form.kit.masked_len("password") == 0,
        "nothing typed was taken"
    );
    assert!(
        form.message.as_deref().unwrap().contains("just locked"),
        "{:?}",
        form.message
    );
    // Two seconds on, keys are input again.
    let later = s.now + chrono::Duration::seconds(2);
    update(&mut s, Action::Tick(later));
    update(&mut s, char_key('p'));
    assert_eq!(s.login.as_ref().unwrap().kit.masked_len("password"), 1);
}

#[test]
fn a_prefilled_login_stays_unless_cleared_on_purpose() {
    let mut s = locked_console();
    let later = s.now + chrono::Duration::seconds(2);
    update(&mut s, Action::Tick(later));
    // Tab to the login, then a resident's ID: it is not appended to the login.
    update(&mut s, key(KeyCode::Tab));
    for c in "110105194912310021".chars() {
        update(&mut s, char_key(c));
    }
    let form = s.login.as_ref().unwrap();
    assert_eq!(form.login(), "wangmin");
    assert!(form.message.as_deref().unwrap().contains("Backspace"));
    // Enter then goes to the password, not to the store.
    let cmds = update(&mut s, key(KeyCode::Enter));
    assert!(cmds.is_empty(), "{cmds:?}");
    // Backspace clears it on purpose; another login can be typed.
    update(&mut s, key(KeyCode::Tab));
    update(&mut s, key(KeyCode::Backspace));
    for c in "lina".chars() {
        update(&mut s, char_key(c));
    }
    assert_eq!(s.login.as_ref().unwrap().login(), "lina");
}

// ----- repeat visits: same names are not the same people -----

async fn a_pair_whose_resident_ids_differ_is_not_a_repeat(store: Store, _url: String) {
    use yidi::store::PersonKey;
    let f = county(&store).await;
    // The demo's 张建国 (430523197805282433) against 某物业公司, with his phone.
    let mut earlier = neighbours(f.centre.id, "张建国");
    earlier.parties[0].resident_id = Some("430523197805282433".into());
    earlier.parties[0].phone = Some("13800138000".into());
    earlier.parties[1] = Party::organisation(PartyRole::Respondent, "某物业公司");
    let stored = store
        .intake(
            &earlier,
            deadlines(morning()),
            &common::stores::stamp(morning()),
        )
        .await
        .unwrap();
    let key = |name, id| PersonKey {
        resident_id: id,
        name,
        phone: None,
    };
    let company = key("某物业公司", None);
    // Another 张建国, with a different resident ID: not the same pair.
    let other = key("张建国", Some("11010519491231002X"));
    let found = store
        .earlier_cases_of_pair(&other, &company, None, f.centre.id)
        .await
        .unwrap();
    assert!(found.is_empty(), "{found:?}");
    // The same name with no ID typed yet, or the same ID: shown as the same pair.
    for same in [
        key("张建国", None),
        key("张建国", Some("430523197805282433")),
    ] {
        let found = store
            .earlier_cases_of_pair(&same, &company, None, f.centre.id)
            .await
            .unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].id, stored.case.id);
    }
    // A person by name and phone: not when the IDs differ either.
    let by_phone = PersonKey {
        resident_id: Some("11010519491231002X"),
        name: "张建国",
        phone: Some("13800138000"),
    };
    assert!(
        store
            .earlier_cases_of(&by_phone, None, f.centre.id)
            .await
            .unwrap()
            .is_empty()
    );
    // Saved with another 张建国's ID, the new case is not linked to the demo's, and triage
    // does not list it.
    let mut mine = neighbours(f.centre.id, "张建国");
    mine.parties[0].resident_id = Some("11010519491231002X".into());
    mine.parties[1] = Party::organisation(PartyRole::Respondent, "某物业公司");
    let r = store
        .intake(
            &mine,
            deadlines(morning()),
            &common::stores::stamp(morning()),
        )
        .await
        .unwrap();
    assert_eq!(r.case.repeat_of, None);
    assert!(store.earlier_cases_for(r.case.id).await.unwrap().is_empty());
}

// ----- case numbers across centres -----

async fn a_case_escalates_into_a_parent_that_has_the_same_daily_number(store: Store, _url: String) {
    use yidi::domain::case::{Handling, Level, Stream};
    let f = county(&store).await;
    let st = common::stores::stamp(morning());
    let township = store
        .ensure_centre(
            &yidi::domain::Centre {
                id: uuid::Uuid::now_v7(),
                code: "chengguan".into(),
                name: "城关镇综治中心".into(),
                level: Level::Township,
                parent: Some(f.centre.id),
            },
            &st,
        )
        .await
        .unwrap();
    // The morning's first case at the county and at the township.
    let at_county = store
        .intake(&neighbours(f.centre.id, "王五"), deadlines(morning()), &st)
        .await
        .unwrap();
    let at_township = store
        .intake(&neighbours(township.id, "赵六"), deadlines(morning()), &st)
        .await
        .unwrap();
    assert_ne!(
        at_county.case.case_no, at_township.case.case_no,
        "one county, one sequence of case numbers"
    );
    assert!(at_township.case.case_no.starts_with("YD20261123-"));
    // Each site keeps its own ticket numbers.
    assert_eq!(at_county.ticket.as_ref().unwrap().code(), "A001");
    assert_eq!(at_township.ticket.as_ref().unwrap().code(), "A001");
    // The township triages it at township level, then sends it up to the county.
    let triage = yidi::store::Triage {
        stream: Stream::Mediation,
        handling: Handling::Immediate,
        level: Level::Township,
        lead_department: None,
        cooperating: Vec::new(),
        first_handler: "王敏".into(),
    };
    let c = store
        .triage(at_township.case.id, at_township.case.version, &triage, &st)
        .await
        .unwrap();
    let due = morning() + chrono::Duration::hours(8);
    let moved = store
        .escalate_case(c.id, c.version, Level::County, due, &st)
        .await
        .expect("the county takes it although it numbered a case that morning");
    assert_eq!(moved.centre_id, f.centre.id);
    assert_eq!(
        moved.case_no, at_township.case.case_no,
        "it keeps its number"
    );
    let county_cases = store
        .cases_since(f.centre.id, morning() - chrono::Duration::hours(1), 50)
        .await
        .unwrap();
    assert_eq!(county_cases.len(), 2);
}
