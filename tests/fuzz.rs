//! Bad input at every door (issue 14): every parser and validator takes any text without
//! panicking, and nothing it says back — an error naming the field, a masked number, a line
//! cleaned for storage — carries a raw control character or escape sequence to a terminal.
//! Property tests (proptest): each runs a few hundred generated inputs, biased towards what
//! breaks parsers — control characters, escape sequences, full-width digits, CJK, huge numbers.

use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use yidi::app::action::Action;
use yidi::app::update::update;
use yidi::domain::{Lang, phone, resident_id};

/// A control character a terminal would act on (C0 but tab/newline, DEL, C1, ESC).
fn raw_control(text: &str) -> Option<char> {
    text.chars()
        .find(|&c| (c.is_control() && c != '\n' && c != '\t') || c == '\u{1b}')
}

fn assert_clean(what: &str, text: &str) {
    if let Some(c) = raw_control(text) {
        panic!("{what} echoes a raw control character {c:?}: {text:?}");
    }
}

/// Text that looks like what parsers meet: digits (half- and full-width), X, separators,
/// brackets, CJK, escape sequences, control characters and anything else.
fn nasty() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[0-9]{1,18}",
        2 => "[０-９]{1,6}",
        1 => "[xX＊*\\-\\s()（）〔〕\\[\\]号民初诉前调速裁示]{1,4}",
        1 => Just("\u{1b}[2J".to_string()),
        1 => Just("\u{1b}]0;owned\u{7}".to_string()),
        1 => Just("\u{9b}31m".to_string()),
        1 => "[\u{0}-\u{1f}\u{7f}-\u{9f}]{1,3}",
        1 => "\\PC{0,6}",
        1 => "[\u{4e00}-\u{9fa5}]{1,4}",
        1 => Just("\u{202e}\u{200f}".to_string()),
    ];
    proptest::collection::vec(piece, 0..6).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn resident_ids_never_panic_or_echo_controls(s in nasty()) {
        let _ = resident_id::normalize(&s);
        assert_clean("resident_id::mask", &resident_id::mask(&s));
        match resident_id::ResidentId::parse(&s) {
            Ok(id) => {
                assert_clean("a parsed ID", id.as_str());
                assert_clean("a masked ID", &id.masked());
                prop_assert_eq!(id.as_str().chars().count(), 18);
            }
            Err(e) => {
                assert_clean("the ID's error (zh)", &e.message(Lang::Zh));
                assert_clean("the ID's error (en)", &e.message(Lang::En));
            }
        }
    }

    #[test]
    fn phones_never_panic_or_echo_controls(s in nasty()) {
        let _ = phone::normalize(&s);
        assert_clean("phone::mask", &phone::mask(&s));
        match phone::Phone::parse(&s) {
            Ok(p) => {
                assert_clean("a parsed phone", p.as_str());
                assert_clean("a masked phone", &p.masked());
                let _ = (p.kind(), p.area_code());
            }
            Err(e) => {
                assert_clean("the phone's error", &e.message(Lang::Zh));
                assert_clean("the phone's error", &e.message(Lang::En));
            }
        }
    }

    #[test]
    fn court_case_numbers_never_panic(s in nasty()) {
        if let Err(e) = yidi::domain::court::check_case_no(&s) {
            assert_clean("the court number's error", &e.message(Lang::Zh));
            assert_clean("the court number's error", &e.message(Lang::En));
        }
        let _ = yidi::domain::court::ReferralType::of(&s);
    }

    #[test]
    fn cleaned_and_printable_text_has_no_controls(s in nasty()) {
        let line = yidi::text::clean_line(&s);
        assert_clean("clean_line", &line);
        prop_assert!(!line.contains('\n'));
        assert_clean("printable", &yidi::text::printable(&s));
    }

    /// Theme, config and calendar files: broken TOML, wrong types, control characters in
    /// values and keys. An error names the file in one printable message.
    #[test]
    fn theme_config_and_calendar_files_never_panic(body in nasty(), key in "[a-z_]{1,12}", n in any::<i64>()) {
        let files = [
            body.clone(),
            format!("{key} = \"{body}\""),
            format!("[{key}]\n{key} = {n}\n"),
            format!("[styles]\n{key} = \"{body}\"\n"),
            format!("[figures]\non_site_base = \"{body}\"\n[ranking]\n{key} = {n}\n"),
            format!("year = {n}\nholidays = [\"{body}\"]\nworkdays = [{n}]\n"),
            format!("year = 2026\nholidays = [\"2026-02-{}\"]\n", n.rem_euclid(40)),
        ];
        for text in &files {
            if let Err(e) = yidi::theme::Theme::parse("theme.toml", text) {
                assert_clean("a theme error", &yidi::text::printable(&e.to_string()));
            }
            if let Err(e) = yidi::config::FileConfig::parse("config.toml", text) {
                assert_clean("a config error", &yidi::text::printable(&e.to_string()));
            }
            let mut cal = yidi::domain::WorkCalendar::builtin();
            if let Err(e) = cal.add_year_file("2026.toml", text) {
                assert_clean("a calendar error", &yidi::text::printable(&e.to_string()));
            }
        }
    }

    /// The command line: any arguments parse or fail without a panic, and the failure the
    /// binary prints carries no raw control character.
    #[test]
    fn command_lines_never_panic_or_echo_controls(args in proptest::collection::vec(
        prop_oneof![
            Just("--db".to_string()), Just("--lang".to_string()), Just("--operator".to_string()),
            Just("--theme".to_string()), Just("demo".to_string()), Just("--history".to_string()),
            Just("export".to_string()), Just("--from".to_string()), Just("roster".to_string()),
            Just("board".to_string()), nasty(),
        ],
        0..6,
    )) {
        use clap::Parser;
        let mut all = vec!["yidi".to_string()];
        all.extend(args);
        if let Err(e) = yidi::cli::Cli::try_parse_from(&all) {
            assert_clean("a command-line error", &yidi::cli::printable_error(&e));
        }
    }

    /// Pasted into the intake form (bracketed paste), then drawn: the screen shows no raw
    /// control character, and nothing panics.
    #[test]
    fn pasted_text_reaches_the_screen_cleaned(s in nasty()) {
        let mut state = sweep_state();
        update(&mut state, Action::Key(KeyEvent::new(KeyCode::F(2), KeyModifiers::NONE)));
        for _ in 0..3 {
            update(&mut state, Action::Paste(s.clone()));
            update(&mut state, Action::Key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE)));
        }
        let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
        terminal.draw(|f| yidi::ui::render(&state, f)).unwrap();
        let buffer = terminal.backend().buffer();
        for cell in buffer.content() {
            assert_clean("a screen cell", cell.symbol());
        }
    }
}

fn sweep_state() -> yidi::app::state::State {
    fixture::state_with(20, 10)
}

#[path = "../benches/common/render_fixture.rs"]
mod fixture;
