//! Taking over the terminal and always giving it back: on quit, on panic and on SIGHUP/SIGTERM.

use ratatui::Terminal;
use ratatui::crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{self, Stdout};

mod lean;
pub use lean::LeanBackend;

pub type Tui = Terminal<LeanBackend<Stdout>>;

pub fn enter() -> io::Result<Tui> {
    install_panic_hook();
    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    // Not `Terminal::clear`: it asks the terminal where the cursor is, a round trip a slow
    // SSH link (or a terminal that never answers) makes us wait for. A new alternate screen
    // starts empty, and the first frame draws every cell.
    let mut t = Terminal::new(LeanBackend::new(io::stdout()))?;
    t.hide_cursor()?;
    Ok(t)
}

/// Undoes everything `enter` did; safe to call twice.
pub fn leave() {
    // The console's pen (colours, attributes) is remembered across frames: plain again
    // before the shell writes.
    let _ = execute!(
        io::stdout(),
        ratatui::crossterm::style::SetAttribute(ratatui::crossterm::style::Attribute::Reset),
        DisableBracketedPaste,
        LeaveAlternateScreen,
        ratatui::crossterm::cursor::Show
    );
    let _ = disable_raw_mode();
}

/// A panic on the main thread (the render loop) ends the console: the terminal is given back
/// first. A panic in a store task on a worker thread only ends that task — the console goes on
/// (the task's caller turns it into an error notice) — so the terminal must stay raw.
fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!("panic: {info}");
        if std::thread::current().name() == Some("main") {
            leave();
            previous(info);
        }
    }));
}
