//! The store side of a console's reaction to the change feed: re-reading the parts a change
//! touched (one small query each, rooms two), one load at a time, and following the feed.
//! Runs in the store tasks, never in the render loop; the harness calls [`reload`] too.

use super::action::{Action, Command};
use super::feed::Parts;
use super::tasks::Ctx;
use crate::domain::clock::{day_start, local_day};
use crate::store::{Feed, QueueRow, StoreError};
use chrono::{Datelike, Duration};
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;

/// What a partial reload read: each part that was asked for, the rest `None`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panels {
    pub queue: Option<Vec<QueueRow>>,
    pub rows: Option<Vec<crate::store::BoardRow>>,
    pub roster: Option<Vec<crate::domain::RosterEntry>>,
    pub departments: Option<Vec<crate::domain::Department>>,
    pub records:
        Option<std::collections::HashMap<uuid::Uuid, crate::domain::summons::ArrivalRecord>>,
    pub room_views: Option<Vec<crate::domain::allocation::RoomView>>,
    pub mediators: Option<Vec<crate::domain::allocation::MediatorLoad>>,
    pub figures: Option<crate::store::DayFigures>,
}

/// Reads the parts asked for. `Parts::ALL` reads the world as at start.
pub async fn reload(ctx: &Ctx, parts: Parts) -> Result<Panels, StoreError> {
    let now = ctx.clock.now();
    let day = local_day(now);
    let centre = ctx.centre.id;
    let store = &ctx.store;
    let mut p = Panels::default();
    if parts.contains(Parts::QUEUE) {
        p.queue = Some(store.queue(centre, day).await?);
    }
    if parts.contains(Parts::ROWS) {
        p.rows = Some(store.board(centre, day).await?);
    }
    if parts.contains(Parts::ROSTER) {
        p.roster = Some(store.roster(centre, day).await?);
    }
    if parts.contains(Parts::DEPARTMENTS) {
        p.departments = Some(store.departments(centre).await?);
    }
    if parts.contains(Parts::RECORDS) {
        let month_start = day_start(day.with_day(1).unwrap_or(day));
        p.records = Some(
            store
                .arrival_records(centre, month_start, day_start(day) + Duration::days(1))
                .await?,
        );
    }
    if parts.contains(Parts::ROOMS) {
        p.room_views = Some(store.room_views(centre, now).await?);
    }
    if parts.contains(Parts::MEDIATORS) {
        p.mediators = Some(store.mediator_loads(centre, now).await?);
    }
    if parts.contains(Parts::FIGURES) {
        p.figures = Some(store.day_figures(centre, day).await?);
    }
    Ok(p)
}

/// The action a reload answers with.
pub fn loaded(ctx: &Ctx, result: Result<Panels, StoreError>) -> Action {
    match result {
        Ok(p) => Action::PanelsLoaded(Box::new(p)),
        Err(e) if e.is_transient() => Action::StoreLost,
        Err(e) => Action::Failed(e.message(ctx.lang)),
    }
}

/// One reload at a time: parts asked for while one runs are gathered and read together
/// after it, so a commit that lands mid-read is never missed and a burst costs one read.
#[derive(Default)]
pub(super) struct Reloader {
    pending: std::sync::Mutex<(Parts, bool)>,
}

impl Reloader {
    /// Asks for `parts`; returns whether the caller must start the loop (none is running).
    fn ask(&self, parts: Parts) -> bool {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        p.0 |= parts;
        !std::mem::replace(&mut p.1, true)
    }

    fn take(&self) -> Option<Parts> {
        let mut p = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        if p.0.is_empty() {
            p.1 = false;
            return None;
        }
        Some(std::mem::take(&mut p.0))
    }
}

/// `Command::Reload` (and `LoadQueue`, which is everything) from the command loop.
pub(super) fn ask(ctx: &Ctx, actions: &UnboundedSender<Action>, r: &Arc<Reloader>, p: Parts) {
    if !r.ask(p) {
        return;
    }
    let (ctx, actions, r) = (ctx.clone(), actions.clone(), r.clone());
    tokio::spawn(async move {
        while let Some(parts) = r.take() {
            let action = if parts == Parts::ALL {
                // The whole world, as at start (and after a reconnect).
                let day = local_day(ctx.clock.now());
                match ctx.store.queue(ctx.centre.id, day).await {
                    Ok(rows) => {
                        let _ = actions.send(Action::QueueLoaded(rows));
                        match super::board_tasks::load(&ctx).await {
                            Ok(data) => Action::BoardLoaded(Box::new(data)),
                            Err(e) => loaded(&ctx, Err(e)),
                        }
                    }
                    Err(e) => loaded(&ctx, Err(e)),
                }
            } else {
                loaded(&ctx, reload(&ctx, parts).await)
            };
            if actions.send(action).is_err() {
                return;
            }
        }
    });
}

/// Follows the change feed from now on and hands each batch of changes to `update`.
pub(super) async fn follow(ctx: Ctx, actions: UnboundedSender<Action>) {
    let after = loop {
        match ctx.store.last_change_id().await {
            Ok(id) => break id,
            Err(_) => {
                if actions.send(Action::StoreLost).is_err() {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(500)).await;
            }
        }
    };
    // A change committed between the first full read and `after` would be missed: read
    // the world once more now that the feed is followed.
    let _ = actions.send(Action::StoreBack);
    let mut feed = ctx.store.follow(after);
    while let Some(f) = feed.next().await {
        let action = match f {
            Feed::Changes(changes) => {
                if ctx.store.has_replica() {
                    replica_caught_up(&ctx, changes.last().map_or(0, |c| c.id)).await;
                }
                Action::Changed(changes)
            }
            Feed::Lost => Action::StoreLost,
            Feed::Reconnected => Action::StoreBack,
        };
        if actions.send(action).is_err() {
            return;
        }
    }
}

/// The notification comes from the primary; a replica shows the change once it has replayed
/// it. Waits for that (the lag shows on screen meanwhile), so the wall screen never re-reads
/// the world as it was and then keeps it.
async fn replica_caught_up(ctx: &Ctx, id: i64) {
    let mut pause = std::time::Duration::from_millis(5);
    loop {
        match ctx.store.last_change_id().await {
            Ok(seen) if seen >= id => return,
            // Unreachable: the reload will say so; the next change tries again.
            Err(_) => return,
            Ok(_) => {
                tokio::time::sleep(pause).await;
                pause = (pause * 2).min(std::time::Duration::from_millis(200));
            }
        }
    }
}

/// Used by the command loop for the commands this module answers.
pub(super) fn is_reload(cmd: &Command) -> Option<Parts> {
    match cmd {
        Command::LoadQueue => Some(Parts::ALL),
        Command::Reload(p) => Some(*p),
        _ => None,
    }
}
