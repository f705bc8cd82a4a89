//! The console: one-way flow from terminal events and store changes, through `update`, to
//! views that only read `State` and commands that run in store tasks.

pub mod action;
mod answers;
pub mod audit;
mod background;
pub mod board;
mod board_tasks;
pub mod city;
pub mod desk;
pub mod detail;
pub mod draft;
pub mod feed;
pub mod feed_tasks;
pub mod figures;
mod figures_tasks;
pub mod finish;
mod finish_tasks;
pub mod follow_up;
pub mod form;
pub mod intake;
pub mod keymap;
mod keys;
pub mod login;
pub mod outcome;
pub mod pick;
pub mod prompt;
pub mod queue;
pub mod rooms;
mod rooms_tasks;
pub mod selection;
pub mod session;
pub mod state;
pub mod tasks;
pub mod triage;
mod triage_tasks;
pub mod update;
mod update_board;
mod update_forms;
mod update_rooms;
pub mod words;

use action::{Action, Command};
use futures_util::StreamExt;
use ratatui::crossterm::event::{Event, EventStream, KeyEventKind};
use state::State;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};

/// Runs the console until the operator quits (or the terminal goes away).
pub async fn run(mut state: State, ctx: tasks::Ctx) -> std::io::Result<()> {
    let (action_tx, mut actions) = tokio::sync::mpsc::unbounded_channel();
    let (cmd_tx, cmd_rx) = tokio::sync::mpsc::unbounded_channel();
    let clock = ctx.clock.clone();
    tasks::spawn(ctx, cmd_rx, action_tx.clone());
    let _ = cmd_tx.send(Command::LoadQueue);
    if !state.wallboard {
        let _ = cmd_tx.send(Command::CountOperators);
    }

    let mut terminal = crate::terminal::enter()?;
    let size = terminal.size()?;
    state.size = (size.width, size.height);
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut hangup = signal(SignalKind::hangup())?;
    let mut terminate = signal(SignalKind::terminate())?;
    let result = loop {
        if state.dirty {
            if let Err(e) = terminal.draw(|f| crate::ui::render(&state, f)) {
                break Err(e);
            }
            state.dirty = false;
        }
        let action = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) if k.kind != KeyEventKind::Release => Action::Key(k),
                Some(Ok(Event::Paste(text))) => Action::Paste(text),
                Some(Ok(Event::Resize(w, h))) => Action::Resize(w, h),
                Some(Ok(_)) => continue,
                // The terminal is gone (SSH dropped): the draft is already on disk.
                Some(Err(_)) | None => Action::Signal,
            },
            Some(a) = actions.recv() => a,
            _ = tick.tick() => Action::Tick(clock.now()),
            _ = hangup.recv() => Action::Signal,
            _ = terminate.recv() => Action::Signal,
        };
        for cmd in update::update(&mut state, action) {
            let _ = cmd_tx.send(cmd);
        }
        if state.quit {
            break Ok(());
        }
    };
    crate::terminal::leave();
    result
}
