//! The login screen, the audit view and a revealed party as the operator sees them:
//! snapshots at 80x24 and 200x50 in Chinese and English, and the checks a person makes.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::screen::{LANGS, draw, lines, screen, tag};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use uuid::Uuid;
use yidi::app::action::Action;
use yidi::app::state::{State, Tab};
use yidi::app::update::update;
use yidi::domain::JournalEntry;
use yidi::domain::clock::TZ;
use yidi::domain::validation::Lang;

fn beijing(h: u32, m: u32) -> DateTime<Utc> {
    TZ.with_ymd_and_hms(2026, 11, 23, h, m, 0)
        .unwrap()
        .with_timezone(&Utc)
}

fn state(lang: Lang) -> State {
    common::screen::county_console(Uuid::nil(), lang, "default", beijing(22, 40))
}

fn snapshot(name: &str, lang: Lang, (w, h): (u16, u16), terminal: &Terminal<TestBackend>) {
    let name = format!("{name}_{}_{w}x{h}", tag(lang));
    insta::assert_snapshot!(name, screen(terminal));
}

fn entry(id: i64, (h, m): (u32, u32), actor: &str, action: &str, detail: &str) -> JournalEntry {
    JournalEntry {
        id,
        centre_id: Uuid::nil(),
        case_id: None,
        at: beijing(h, m),
        actor: actor.into(),
        action: action.into(),
        detail: detail.into(),
    }
}

#[test]
fn the_login_screen_on_a_fresh_database_says_how_to_make_the_first_administrator() {
    for lang in LANGS {
        let mut s = state(lang);
        update(&mut s, Action::OperatorsCounted(0));
        let t = draw(&mut s, 80, 24);
        snapshot("login_first_run", lang, (80, 24), &t);
        let text = lines(t.backend().buffer()).join("\n");
        assert!(
            text.contains("yidi user add") && text.contains("--role admin"),
            "{text}"
        );
    }
}

#[test]
fn a_locked_console_names_who_was_signed_in_and_shows_only_dots_for_the_password() {
    let mut s = state(Lang::En);
    s.session = Some(common::screen::operator("night", "reception"));
    update(&mut s, Action::Tick(beijing(23, 0)));
    assert!(s.session.is_none(), "twenty quiet minutes lock it");
    // Keys in the moment after the lock appears are dropped; these come two seconds later.
    update(
        &mut s,
        Action::Tick(beijing(23, 0) + chrono::Duration::seconds(2)),
    );
    for c in "pw".chars() {
        update(
            &mut s,
            Action::Key(ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::Char(c),
            )),
        );
    }
    let t = draw(&mut s, 80, 24);
    snapshot("login_locked", Lang::En, (80, 24), &t);
    let text = lines(t.backend().buffer()).join("\n");
    assert!(
        text.contains("Locked (night)") && text.contains("●●"),
        "{text}"
    );
    assert!(!text.contains("pw"), "the password never shows");
}

#[test]
fn the_audit_view_lists_sign_ins_reveals_and_exports_newest_first() {
    for lang in LANGS {
        let mut s = state(lang);
        s.session = Some(common::screen::operator("audit", "supervisor"));
        update(
            &mut s,
            Action::Key(ratatui::crossterm::event::KeyEvent::from(
                ratatui::crossterm::event::KeyCode::F(9),
            )),
        );
        assert_eq!(s.tab, Tab::Audit);
        update(
            &mut s,
            Action::AuditLoaded(vec![
                entry(
                    9,
                    (22, 31),
                    "zhouweidong",
                    "export",
                    "exported cases: 37 rows, UNMASKED",
                ),
                entry(
                    8,
                    (22, 20),
                    "zhouweidong",
                    "reveal",
                    "revealed party 1 (applicant): 回电核实欠薪金额",
                ),
                entry(
                    7,
                    (22, 15),
                    "wangmin",
                    "login_failed",
                    "sign-in refused for \"wangmin\" (failure 1)",
                ),
                entry(6, (22, 14), "zhouweidong", "login", "zhouweidong signed in"),
            ]),
        );
        for size in [(80, 24), (200, 50)] {
            let t = draw(&mut s, size.0, size.1);
            snapshot("audit", lang, size, &t);
        }
        let t = draw(&mut s, 80, 24);
        let l = lines(t.backend().buffer());
        let export = l.iter().position(|l| l.contains("export")).unwrap();
        let login = l.iter().position(|l| l.contains("login ")).unwrap();
        assert!(export < login, "newest first");
    }
}
