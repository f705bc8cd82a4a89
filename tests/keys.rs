//! Every global key from every tab and overlay: where it lands. A global key is never
//! swallowed by a panel (the rooms tab once ate F1–F4, F10, Esc and typed text); a form
//! holding typing is never thrown away by one; help opens over anything and gives it back.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::screen::{county_console, operator, walk_in_case};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use uuid::Uuid;
use yidi::app::action::{Action, Command, Op};
use yidi::app::keymap::{self, Command as K, Context, KEYMAP, Scope};
use yidi::app::state::{Ask, Overlay, State, Tab};
use yidi::app::update::update;
use yidi::domain::validation::Lang;

const CENTRE: Uuid = Uuid::from_u128(0x0195_0000_0000_7000_8000_0000_0000_0001);

fn now() -> DateTime<Utc> {
    yidi::domain::clock::TZ
        .with_ymd_and_hms(2026, 11, 23, 9, 40, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn press(s: &mut State, code: KeyCode, mods: KeyModifiers) -> Vec<Command> {
    update(s, Action::Key(KeyEvent::new(code, mods)))
}

fn admin() -> State {
    let mut s = county_console(CENTRE, Lang::Zh, "default", now());
    s.session = Some(operator("admin", "admin"));
    update(&mut s, Action::QueueLoaded(Vec::new()));
    s
}

/// Every place the operator can be, reached the way the operator reaches it.
fn places() -> Vec<(&'static str, State)> {
    let case = walk_in_case(CENTRE, now());
    let file = || Action::CaseFileLoaded(Box::new(yidi::app::detail::CaseFile::of(case.clone())));
    let mut out = Vec::new();
    let mut at = |name: &'static str, setup: &dyn Fn(&mut State)| {
        let mut s = admin();
        setup(&mut s);
        out.push((name, s));
    };
    at("queue", &|_| {});
    at("intake", &|s| {
        press(s, KeyCode::F(2), KeyModifiers::NONE);
    });
    at("deadlines", &|s| {
        press(s, KeyCode::F(12), KeyModifiers::NONE);
    });
    at("board", &|s| {
        press(s, KeyCode::F(11), KeyModifiers::NONE);
    });
    at("roster", &|s| {
        press(s, KeyCode::F(11), KeyModifiers::NONE);
        press(s, KeyCode::Char('p'), KeyModifiers::CONTROL);
    });
    at("rooms", &|s| {
        press(s, KeyCode::Char('b'), KeyModifiers::CONTROL);
    });
    at("follow-ups", &|s| {
        press(s, KeyCode::Char('v'), KeyModifiers::CONTROL);
    });
    at("figures", &|s| {
        press(s, KeyCode::Char('y'), KeyModifiers::CONTROL);
    });
    at("audit", &|s| {
        press(s, KeyCode::F(9), KeyModifiers::NONE);
    });
    at("help", &|s| {
        press(s, KeyCode::F(1), KeyModifiers::NONE);
    });
    at("find", &|s| {
        press(s, KeyCode::F(4), KeyModifiers::NONE);
    });
    at("case file", &|s| {
        update(s, file());
    });
    at("ledger prompt", &|s| {
        update(s, file());
        press(s, KeyCode::Char('l'), KeyModifiers::CONTROL);
    });
    at("discard question", &|s| {
        press(s, KeyCode::F(2), KeyModifiers::NONE);
        press(s, KeyCode::Char('张'), KeyModifiers::NONE);
        press(s, KeyCode::Esc, KeyModifiers::NONE);
    });
    at("allocate form", &|s| {
        update(
            s,
            Action::AllocationReady {
                input: Box::new(yidi::store::AllocationInput {
                    case_id: case.id,
                    case_no: case.case_no.clone(),
                    category: case.category.clone(),
                    persons: 16,
                    session: None,
                }),
                transfer: None,
            },
        );
    });
    out
}

/// The global bindings, one entry per key.
fn global_keys() -> Vec<(KeyEvent, K)> {
    KEYMAP
        .iter()
        .filter(|b| b.context == Context::Global)
        .flat_map(|b| {
            b.keys
                .iter()
                .map(move |k| (KeyEvent::new(k.code, k.mods), b.command))
        })
        .collect()
}

fn describe(s: &State) -> String {
    format!("{:?} over {:?}", s.context(), s.tab)
}

fn holds_a_form(s: &State) -> bool {
    matches!(
        s.overlay,
        Some(
            Overlay::Prompt(_)
                | Overlay::Outcome(_)
                | Overlay::Whistle(_)
                | Overlay::Allocate(_)
                | Overlay::FollowUp(_)
                | Overlay::Confirm(_)
                | Overlay::RestoreDraft(_)
        )
    )
}

#[test]
fn every_global_key_lands_where_it_says_from_every_tab_and_overlay() {
    let mut checked = 0;
    for (place, base) in places() {
        let context = base.context();
        for (ev, command) in global_keys() {
            // A binding of the place's own wins (Tab moves between a form's fields, Esc
            // closes an overlay); a text field takes `?` as text.
            if keymap::resolve(context, &ev) != Some((command, Scope::Global)) {
                continue;
            }
            let takes_text = matches!(
                context,
                Context::Help | Context::Find | Context::Prompt | Context::Audit | Context::Intake
            );
            if takes_text && matches!(ev.code, KeyCode::Char(_)) && ev.modifiers.is_empty() {
                continue;
            }
            let mut s = base_clone(&base, place);
            let had_form = holds_a_form(&s);
            let tab_before = s.tab;
            let cmds = update(&mut s, Action::Key(ev));
            let at = format!("{} from {place} ({})", keymap_label(&ev), describe(&base));
            match command {
                K::Help => {
                    assert!(
                        matches!(s.overlay, Some(Overlay::Help { .. })),
                        "{at}: help did not open"
                    );
                    // Esc gives back what was under it.
                    press(&mut s, KeyCode::Esc, KeyModifiers::NONE);
                    assert_eq!(
                        describe(&s),
                        describe(&base),
                        "{at}: Esc did not give it back"
                    );
                }
                K::Quit => assert!(
                    s.quit
                        || matches!(s.overlay, Some(Overlay::Confirm(Ask::Quit | Ask::QuitForm))),
                    "{at}: neither quit nor asked"
                ),
                _ if had_form => {
                    assert_eq!(s.tab, tab_before, "{at}: left a form behind");
                    assert!(holds_a_form(&s), "{at}: the form was thrown away");
                    assert!(s.notice.is_some(), "{at}: refused without a word");
                }
                K::FindCase => assert_eq!(s.context(), Context::Find, "{at}"),
                _ => {
                    let expected = match command {
                        K::NewIntake => Tab::Intake,
                        K::ShowQueue => Tab::Queue,
                        K::ShowDeadlines => Tab::Deadlines,
                        K::ShowBoard => Tab::Board,
                        K::ShowRooms => Tab::Rooms,
                        K::ShowAudit => Tab::Audit,
                        K::ShowFollowUps => Tab::FollowUps,
                        K::ShowFigures => Tab::Figures,
                        K::NextTab => {
                            assert!(s.overlay.is_none(), "{at}: overlay left open");
                            continue;
                        }
                        other => panic!("{at}: a global command the test does not know: {other:?}"),
                    };
                    assert_eq!(s.tab, expected, "{at}");
                    assert!(s.overlay.is_none(), "{at}: overlay left open");
                    let _ = cmds;
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 150, "only {checked} key/place pairs checked");
}

fn keymap_label(ev: &KeyEvent) -> String {
    keymap::Key {
        code: ev.code,
        mods: ev.modifiers,
    }
    .label()
}

/// States hold no `Clone`; each place is rebuilt for each key.
fn base_clone(_: &State, place: &str) -> State {
    places()
        .into_iter()
        .find(|(p, _)| *p == place)
        .map(|(_, s)| s)
        .expect("known place")
}

#[test]
fn a_key_with_no_meaning_here_says_so() {
    let mut s = admin();
    press(&mut s, KeyCode::Char('b'), KeyModifiers::CONTROL);
    assert_eq!(s.tab, Tab::Rooms);
    press(&mut s, KeyCode::F(9), KeyModifiers::NONE);
    assert_eq!(
        s.tab,
        Tab::Audit,
        "F9 from the rooms tab opens the audit view"
    );
    let mut s = admin();
    press(&mut s, KeyCode::Char('b'), KeyModifiers::CONTROL);
    press(&mut s, KeyCode::Char('x'), KeyModifiers::NONE);
    let notice = s
        .notice
        .as_ref()
        .expect("typing on the rooms tab is answered");
    assert!(notice.text.contains("F2"), "{}", notice.text);
    press(&mut s, KeyCode::Right, KeyModifiers::NONE);
    let notice = s
        .notice
        .as_ref()
        .expect("a key with no meaning is answered");
    assert!(notice.text.contains("→"), "{}", notice.text);
}

#[test]
fn help_over_a_form_gives_the_form_back_with_its_typing() {
    let mut s = admin();
    update(
        &mut s,
        Action::CaseFileLoaded(Box::new(yidi::app::detail::CaseFile::of(walk_in_case(
            CENTRE,
            now(),
        )))),
    );
    press(&mut s, KeyCode::Char('l'), KeyModifiers::CONTROL);
    for c in "已联系人社局".chars() {
        press(&mut s, KeyCode::Char(c), KeyModifiers::NONE);
    }
    press(&mut s, KeyCode::F(1), KeyModifiers::NONE);
    assert_eq!(s.context(), Context::Help);
    press(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    match &s.overlay {
        Some(Overlay::Prompt(p)) => assert_eq!(p.text(0), "已联系人社局"),
        _ => panic!("the ledger prompt did not come back"),
    }
    // F10 asks; Esc goes back to the form, typing intact.
    press(&mut s, KeyCode::F(10), KeyModifiers::NONE);
    assert!(matches!(s.overlay, Some(Overlay::Confirm(Ask::QuitForm))));
    press(&mut s, KeyCode::Esc, KeyModifiers::NONE);
    assert!(!s.quit);
    assert!(matches!(&s.overlay, Some(Overlay::Prompt(p)) if p.text(0) == "已联系人社局"));
}

#[test]
fn a_second_f5_while_the_first_call_is_in_flight_calls_nobody() {
    let mut s = admin();
    let first = press(&mut s, KeyCode::F(5), KeyModifiers::NONE);
    assert_eq!(first.len(), 1);
    let second = press(&mut s, KeyCode::F(5), KeyModifiers::NONE);
    assert!(second.is_empty(), "two calls to one window: {second:?}");
    // The answer comes back: the key works again.
    update(&mut s, Action::Finished(Op::CallNext));
    assert_eq!(press(&mut s, KeyCode::F(5), KeyModifiers::NONE).len(), 1);
}

#[test]
fn a_call_answered_nobody_waiting_leaves_the_allocate_form_alone() {
    let mut s = admin();
    let case = walk_in_case(CENTRE, now());
    update(
        &mut s,
        Action::AllocationReady {
            input: Box::new(yidi::store::AllocationInput {
                case_id: case.id,
                case_no: case.case_no.clone(),
                category: case.category.clone(),
                persons: 16,
                session: None,
            }),
            transfer: None,
        },
    );
    if let Some(Overlay::Allocate(f)) = s.overlay.as_mut() {
        f.saving = true;
    }
    update(
        &mut s,
        Action::Answered {
            op: Op::CallNext,
            result: Ok("当前无人等候。".into()),
        },
    );
    assert!(
        matches!(s.overlay, Some(Overlay::Allocate(_))),
        "the form closed"
    );
    update(
        &mut s,
        Action::Answered {
            op: Op::Allocate(case.id),
            result: Ok("已分配".into()),
        },
    );
    assert!(s.overlay.is_none(), "its own answer closes it");
}

#[test]
fn a_notice_goes_after_ten_seconds() {
    let mut s = admin();
    press(&mut s, KeyCode::Char('b'), KeyModifiers::CONTROL);
    press(&mut s, KeyCode::Right, KeyModifiers::NONE);
    assert!(s.notice.is_some());
    update(&mut s, Action::Tick(now() + chrono::Duration::seconds(1)));
    assert!(s.notice.is_some());
    update(&mut s, Action::Tick(now() + chrono::Duration::seconds(12)));
    assert!(s.notice.is_none());
}

#[test]
fn ctrl_s_on_the_deadlines_and_follow_up_views_exports_this_months_file() {
    for (open, kind) in [
        (KeyCode::F(12), yidi::export::Kind::Ledger),
        (KeyCode::Char('v'), yidi::export::Kind::FollowUps),
    ] {
        let mut s = admin();
        let mods = if open == KeyCode::F(12) {
            KeyModifiers::NONE
        } else {
            KeyModifiers::CONTROL
        };
        press(&mut s, open, mods);
        let cmds = press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert!(
            matches!(cmds.as_slice(), [Command::ExportList { kind: k, period, .. }] if *k == kind && period.days() >= 28),
            "{cmds:?}"
        );
        // A receptionist may not export: refused in words, nothing sent.
        s.session = Some(operator("wangmin", "reception"));
        assert!(press(&mut s, KeyCode::Char('s'), KeyModifiers::CONTROL).is_empty());
        assert!(s.notice.as_ref().is_some_and(|n| n.error));
    }
}
