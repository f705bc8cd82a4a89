//! A console without a terminal: the same `State`, `update` and store tasks as a console,
//! driven by the change feed. The city-scale harness opens hundreds of these on one
//! PostgreSQL, and its test a few, to count what a console asks the database per change.

use super::action::{Action, Command};
use super::feed::Parts;
use super::state::State;
use super::tasks::Ctx;
use crate::domain::{Centre, Change, Clock, Lang, SystemClock};
use crate::store::{CONSOLE_POOL, Follower, Store, StoreError};
use std::sync::Arc;

pub struct HeadlessConsole {
    pub state: State,
    pub ctx: Ctx,
    /// The handle the feed is followed through (its reads, the liveness check, are counted
    /// apart from the console's own).
    pub feed_store: Store,
}

impl HeadlessConsole {
    /// Connects as a console does (one pooled connection; the feed adds its LISTEN one) and
    /// reads its world as at start. `wallboard`: the read-only wall screen.
    pub async fn open(url: &str, centre: Centre, wallboard: bool) -> Result<Self, StoreError> {
        let store = Store::connect_with_pool(url, CONSOLE_POOL).await?;
        Ok(Self::on(store, centre, wallboard).await)
    }

    /// The same, on a store already connected.
    pub async fn on(store: Store, centre: Centre, wallboard: bool) -> Self {
        let clock: Arc<dyn Clock> = Arc::new(SystemClock);
        let feed_store = store.counted();
        let ctx = Ctx {
            store: store.counted(),
            centre: centre.clone(),
            operator: "city".into(),
            session: Default::default(),
            clock: clock.clone(),
            server_clock: None,
            console: "city".into(),
            drafts: None,
            lang: Lang::Zh,
        };
        let mut state = State::new(
            centre,
            "city".into(),
            "1号窗口".into(),
            Lang::Zh,
            crate::theme::Theme::fallback(),
            clock.now(),
        );
        state.wallboard = wallboard;
        // Signed in as a window operator (the wall screen signs in nobody), so answers reach
        // the screen as they would at a window in use.
        if !wallboard {
            let op = crate::domain::Operator {
                id: uuid::Uuid::now_v7(),
                login: "city".into(),
                name: "城市压测".into(),
                roles: crate::domain::Roles(vec![crate::domain::operator::Role::Reception]),
                disabled: false,
                centre_id: Some(ctx.centre.id),
                covers_below: false,
            };
            state.session = Some(op.clone());
            state.login = None;
            if let Ok(mut s) = ctx.session.write() {
                *s = Some(op);
            }
        }
        let mut console = HeadlessConsole {
            state,
            ctx,
            feed_store,
        };
        console.settle(vec![Command::LoadQueue]).await;
        console
    }

    /// Follows the feed from the newest change on (through the feed's own handle).
    pub async fn follow(&self) -> Result<Follower, StoreError> {
        let after = self.feed_store.last_change_id().await?;
        Ok(self.feed_store.follow(after))
    }

    /// Reads the console's own handle has run so far.
    pub fn reads(&self) -> u64 {
        self.ctx.store.reads()
    }

    /// What a console does on changes from the feed: `update` decides (no query), the
    /// store tasks re-read, `update` takes their answers. Returns the reads it took.
    pub async fn react(&mut self, changes: Vec<Change>) -> u64 {
        let before = self.reads();
        let cmds = super::update::update(&mut self.state, Action::Changed(changes));
        self.settle(cmds).await;
        self.reads() - before
    }

    /// Runs commands and the commands their answers lead to, as the store tasks would.
    pub async fn settle(&mut self, mut cmds: Vec<Command>) {
        // Bounded: an answer that kept asking for more would be a bug, not a reason to spin.
        let mut budget = 64;
        while let Some(cmd) = (!cmds.is_empty()).then(|| cmds.remove(0)) {
            budget -= 1;
            if budget == 0 {
                break;
            }
            // The state is not shared across threads (text areas): awaits hold only the ctx.
            let ctx = self.ctx.clone();
            let actions = match cmd {
                Command::LoadQueue => full(&ctx).await,
                Command::Reload(p) if p == Parts::ALL => full(&ctx).await,
                Command::Reload(p) => {
                    let r = super::feed_tasks::reload(&ctx, p).await;
                    vec![super::feed_tasks::loaded(&ctx, r)]
                }
                // Drafts and the like: nothing a headless console keeps.
                Command::SaveDraft(_) | Command::ClearDraft | Command::OpenDrafts { .. } => {
                    Vec::new()
                }
                other => vec![super::tasks::answer(&ctx, other).await],
            };
            for a in actions {
                cmds.extend(super::update::update(&mut self.state, a));
            }
        }
    }
}

/// The world as a console reads it at start.
async fn full(ctx: &Ctx) -> Vec<Action> {
    let day = crate::domain::clock::local_day(ctx.clock.now());
    let queue = ctx.store.queue(ctx.centre.id, day).await;
    let board = super::board_tasks::load(ctx).await;
    match (queue, board) {
        (Ok(q), Ok(b)) => vec![Action::QueueLoaded(q), Action::BoardLoaded(Box::new(b))],
        (Err(e), _) | (_, Err(e)) => vec![super::feed_tasks::loaded(ctx, Err(e))],
    }
}
