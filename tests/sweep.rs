//! No size makes any view fall over (issue 14): every tab, overlay and screen of a busy centre
//! (2,000 waiting, 300 summonses, 40 rooms — the render benchmark's console) drawn at sizes
//! from 1x1 to 300x100, in both languages, without a panic. The sizes step through the range
//! (every small size, then strides, plus the edges around 80x24 and 200x50) so the sweep stays
//! within seconds; tests/views.rs sweeps the queue, forms and overlays at every single size
//! up to 100x40.

#[path = "../benches/common/render_fixture.rs"]
mod fixture;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::panic::AssertUnwindSafe;
use yidi::app::action::Action;
use yidi::app::state::State;
use yidi::app::update::update;
use yidi::domain::Lang;

fn key(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

type View = (&'static str, fn(&mut State));

const VIEWS: &[View] = &[
    ("queue", |_| {}),
    ("intake", |s| {
        update(s, key(KeyCode::F(2)));
    }),
    ("find", |s| {
        update(s, key(KeyCode::F(4)));
    }),
    ("help", |s| {
        update(s, key(KeyCode::F(1)));
    }),
    ("deadlines", |s| {
        update(s, key(KeyCode::F(12)));
    }),
    ("board", |s| {
        update(s, key(KeyCode::F(11)));
    }),
    ("roster", |s| {
        update(s, key(KeyCode::F(11)));
        update(s, ctrl('p'));
    }),
    ("whistle", |s| {
        update(s, ctrl('w'));
    }),
    ("rooms", |s| {
        update(s, ctrl('b'));
    }),
    ("figures", |s| {
        update(s, ctrl('y'));
    }),
    ("follow-ups", |s| {
        update(s, ctrl('v'));
    }),
    ("audit", |s| {
        update(s, key(KeyCode::F(9)));
    }),
    ("wall screen", |s| {
        s.wallboard = true;
    }),
    ("sign-in", |s| {
        s.session = None;
    }),
    ("connection lost", |s| {
        update(s, Action::StoreLost);
    }),
];

/// Every size up to 12x12, then strides to 300x100, and the neighbourhoods of the two
/// reference sizes.
fn sizes() -> Vec<(u16, u16)> {
    let mut widths: Vec<u16> = (1..=12).chain((13..=300).step_by(17)).collect();
    let mut heights: Vec<u16> = (1..=12).chain((13..=100).step_by(9)).collect();
    widths.extend([79, 80, 81, 119, 120, 199, 200, 201, 300]);
    heights.extend([23, 24, 25, 49, 50, 51, 100]);
    widths.sort();
    widths.dedup();
    heights.sort();
    heights.dedup();
    widths
        .iter()
        .flat_map(|&w| heights.iter().map(move |&h| (w, h)))
        .collect()
}

#[test]
fn every_view_and_overlay_draws_at_every_size_without_panic() {
    // Panics are caught and listed; keep their reports off the output.
    std::panic::set_hook(Box::new(|_| {}));
    let sizes = sizes();
    let mut failures = Vec::new();
    for &(name, setup) in VIEWS {
        for lang in [Lang::Zh, Lang::En] {
            let mut s = fixture::state_with(2_000, 300);
            s.lang = lang;
            setup(&mut s);
            let mut panics = Vec::new();
            for &(w, h) in &sizes {
                update(&mut s, Action::Resize(w, h));
                let drawn = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                    terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
                }));
                if let Err(e) = drawn {
                    let why = e
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    panics.push(format!("{w}x{h}: {why}"));
                }
            }
            if !panics.is_empty() {
                failures.push(format!(
                    "{name} {lang:?}: {} of {} sizes panic; first: {}",
                    panics.len(),
                    sizes.len(),
                    panics[0]
                ));
            }
        }
    }
    let _ = std::panic::take_hook();
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Under `--ascii` no view draws a mark outside ASCII (thin clients over SSH draw them double
/// width or not at all); Chinese text and its punctuation stay.
#[test]
fn under_ascii_every_view_draws_only_ascii_marks() {
    let chinese = |c: char| {
        ('\u{4e00}'..='\u{9fff}').contains(&c)
            || ('\u{3000}'..='\u{303f}').contains(&c)
            || ('\u{ff00}'..='\u{ffef}').contains(&c)
            || "“”‘’".contains(c)
    };
    let mut failures = Vec::new();
    for &(name, setup) in VIEWS {
        for lang in [Lang::Zh, Lang::En] {
            for (w, h) in [(80, 24), (200, 50)] {
                let mut s = fixture::state_with(2_000, 300);
                s.lang = lang;
                s.ascii = true;
                setup(&mut s);
                update(&mut s, Action::Resize(w, h));
                let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
                terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
                let mut odd: Vec<char> = terminal
                    .backend()
                    .buffer()
                    .content
                    .iter()
                    .flat_map(|c| c.symbol().chars())
                    .filter(|c| !c.is_ascii() && !chinese(*c))
                    .collect();
                odd.sort();
                odd.dedup();
                if !odd.is_empty() {
                    failures.push(format!("{name} {lang:?} {w}x{h}: {odd:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
