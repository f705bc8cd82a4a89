//! Render budget from DESIGN.md: one full frame at 200x50 with 2,000 waiting tickets and a
//! busy summons board; and the wall screen, redrawn every second.

#[path = "common/render_fixture.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use yidi::app::action::Action;
use yidi::app::state::State;

fn state(rows: usize) -> State {
    fixture::state_with(rows, 60)
}

fn wall_screen(c: &mut Criterion) {
    let mut s = state(2_000);
    s.wallboard = true;
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_wallboard_200x50_60_summonses", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

fn full_frame(c: &mut Criterion) {
    let s = state(2_000);
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_200x50_2000_waiting", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

fn rooms_tab(c: &mut Criterion) {
    let mut s = state(2_000);
    yidi::app::update::update(
        &mut s,
        Action::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('b'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).unwrap();
    c.bench_function("render_rooms_200x50_40_rooms", |b| {
        b.iter(|| {
            terminal.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
    let mut narrow = Terminal::new(TestBackend::new(80, 24)).unwrap();
    yidi::app::update::update(&mut s, Action::Resize(80, 24));
    c.bench_function("render_rooms_80x24_40_rooms", |b| {
        b.iter(|| {
            narrow.draw(|f| yidi::ui::render(&s, f)).unwrap();
        })
    });
}

criterion_group!(benches, full_frame, wall_screen, rooms_tab);
criterion_main!(benches);
