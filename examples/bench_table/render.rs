//! Render rows: a full frame at 200x50 and 80x24, and what an idle wall screen writes while its
//! countdowns run, against the least any terminal program could write for the same change.

use crate::table::{Row, median_p95, ms};
use chrono::Duration as ChronoDuration;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend, TestBackend};
use ratatui::buffer::Buffer;
use std::cell::Cell;
use std::io::Write;
use std::rc::Rc;
use std::time::{Duration, Instant};
use yidi::app::action::Action;
use yidi::app::update::update;
use yidi::terminal::LeanBackend;

fn frame_times(state: &yidi::app::state::State, w: u16, h: u16, samples: usize) -> Duration {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    for _ in 0..20 {
        terminal.draw(|f| yidi::ui::render(state, f)).unwrap();
    }
    let mut times: Vec<Duration> = (0..samples)
        .map(|_| {
            let start = Instant::now();
            terminal.draw(|f| yidi::ui::render(state, f)).unwrap();
            start.elapsed()
        })
        .collect();
    median_p95(&mut times).0
}

pub fn rows(samples: usize) -> Vec<Row> {
    let mut out = Vec::new();
    let busy = crate::fixture::state_with(2_000, 300);
    let t = frame_times(&busy, 200, 50, samples);
    out.push(
        Row::new(
            "render one full frame, 200×50, 2,000 waiting, 300 summonses, 40 rooms (queue, board, key card)",
            "< 1 ms",
        )
        .measured(format!("{:.3} ms (median of {samples})", ms(t)))
        .at_most(ms(t), 1.0, " ms"),
    );
    let mut narrow = crate::fixture::state_with(2_000, 300);
    update(&mut narrow, Action::Resize(80, 24));
    let t = frame_times(&narrow, 80, 24, samples);
    out.push(
        Row::new("the same at 80×24", "< 1 ms")
            .measured(format!("{:.3} ms", ms(t)))
            .at_most(ms(t), 1.0, " ms"),
    );
    let mut rooms = crate::fixture::state_with(2_000, 300);
    update(
        &mut rooms,
        Action::Key(ratatui::crossterm::event::KeyEvent::new(
            ratatui::crossterm::event::KeyCode::Char('b'),
            ratatui::crossterm::event::KeyModifiers::CONTROL,
        )),
    );
    let t = frame_times(&rooms, 200, 50, samples);
    out.push(
        Row::new("render the rooms tab, 200×50, 40 rooms", "< 1 ms")
            .measured(format!("{:.3} ms", ms(t)))
            .at_most(ms(t), 1.0, " ms"),
    );
    let mut wall = crate::fixture::state_with(2_000, 300);
    wall.wallboard = true;
    let t = frame_times(&wall, 200, 50, samples);
    out.push(
        Row::new("render the wall screen, 200×50, 300 summonses", "< 1 ms")
            .measured(format!("{:.3} ms", ms(t)))
            .at_most(ms(t), 1.0, " ms"),
    );
    out.push(idle_bytes(80, 24));
    out.push(idle_bytes(200, 50));
    out
}

/// Counts what the terminal backend writes (the console's real crossterm output path).
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The least a program could write to turn `prev` into `next`: for each run of changed cells
/// on a row, one cursor move (`ESC [ row ; col H`) and the new characters.
fn minimum(prev: &Buffer, next: &Buffer) -> (usize, usize) {
    let mut bytes = 0;
    let mut runs = 0;
    let mut last: Option<(u16, u16)> = None;
    for (x, y, cell) in prev.diff(next) {
        let contiguous = matches!(last, Some((lx, ly)) if ly == y && x <= lx + 2 && x > lx);
        if !contiguous {
            runs += 1;
            bytes += format!("\x1b[{};{}H", y + 1, x + 1).len();
        }
        bytes += cell.symbol().len();
        last = Some((x, y));
    }
    (bytes, runs)
}

/// What a backend writing to `counter` writes over `seconds` idle seconds of the wall screen
/// with 20 countdowns, at one tick a second, after its first frame; and the least any program
/// could have written for the same changes, and in how many places.
fn idle_run<B: Backend>(backend: B, counter: &Counter, w: u16, h: u16) -> (usize, usize, usize) {
    let mut s = crate::fixture::state_with(0, 0);
    s.wallboard = true;
    let start = s.now + ChronoDuration::seconds(1);
    let board = crate::fixture::counting_board(s.now, 20);
    update(&mut s, Action::BoardLoaded(Box::new(board)));
    update(&mut s, Action::Resize(w, h));
    // A fixed viewport: the backend would otherwise ask a real terminal for its size.
    let mut terminal = Terminal::with_options(
        backend,
        ratatui::TerminalOptions {
            viewport: ratatui::Viewport::Fixed(ratatui::layout::Rect::new(0, 0, w, h)),
        },
    )
    .unwrap();
    let mut prev = terminal
        .draw(|f| yidi::ui::render(&s, f))
        .unwrap()
        .buffer
        .clone();
    let (mut written, mut least, mut places) = (0, 0, 0);
    for n in 0..IDLE_SECONDS {
        update(&mut s, Action::Tick(start + ChronoDuration::seconds(n)));
        let before = counter.0.get();
        let next = terminal
            .draw(|f| yidi::ui::render(&s, f))
            .unwrap()
            .buffer
            .clone();
        written += counter.0.get() - before;
        let (b, r) = minimum(&prev, &next);
        least += b;
        places += r;
        prev = next;
    }
    (written, least, places)
}

const IDLE_SECONDS: i64 = 120;

/// 20 countdowns on the wall screen for two idle minutes: yidi's own backend (the console's
/// output path), with crossterm's beside it for comparison.
fn idle_bytes(w: u16, h: u16) -> Row {
    let seconds = IDLE_SECONDS;
    let lean = Counter::default();
    let (written, least, places) = idle_run(LeanBackend::new(lean.clone()), &lean, w, h);
    let plain = Counter::default();
    let (crossterm_written, ..) = idle_run(CrosstermBackend::new(plain.clone()), &plain, w, h);
    let crossterm_per_s = crossterm_written as f64 / seconds as f64;
    let per_s = written as f64 / seconds as f64;
    let least_per_s = least as f64 / seconds as f64;
    let places_per_s = places as f64 / seconds as f64;
    let ratio = per_s / least_per_s.max(1.0);
    let row = Row::new(
        format!("bytes written while idle, wall screen {w}×{h}, 20 countdowns"),
        "< 300 B/s and ≤ 1.2× the minimum (cursor move + changed characters)",
    )
    .measured(format!(
        "{per_s:.0} B/s over {seconds} s; {places_per_s:.1} changed places/s; {:.1} B per place vs a minimum of {:.1}: {ratio:.2}× the minimum (crossterm's own backend: {crossterm_per_s:.0} B/s, {:.2}×)",
        per_s / places_per_s.max(1.0),
        least_per_s / places_per_s.max(1.0),
        crossterm_per_s / least_per_s.max(1.0),
    ));
    let met = per_s < 300.0 && ratio <= 1.2;
    let by = if met {
        format!("{per_s:.0} B/s, {ratio:.2}×")
    } else {
        let mut why = Vec::new();
        if per_s >= 300.0 {
            why.push(format!("{:.0} B/s over", per_s - 300.0));
        }
        if ratio > 1.2 {
            why.push(format!("{ratio:.2}× the minimum, not ≤ 1.2×"));
        }
        why.join("; ")
    };
    row.verdict(met, by)
}
