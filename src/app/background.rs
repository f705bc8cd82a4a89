//! The console's background work that is not a command: the draft worker and the clock
//! measured against the database server's (the change feed is followed in `feed_tasks`).

use super::action::{Action, Command};
use super::draft;
use crate::store::Store;
use std::sync::Arc;
use tokio::sync::mpsc::{UnboundedReceiver, UnboundedSender};

/// How often a console measures its clock against the server's.
const CLOCK_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Measures the console's clock against the database server's at start and every few
/// minutes; the console's clock then follows the server's.
pub(super) async fn measure_clock(
    store: Store,
    clock: Arc<crate::domain::clock::ServerClock>,
    actions: UnboundedSender<Action>,
) {
    loop {
        let sent = clock.local_now();
        if let Ok(Some(server)) = store.server_now().await {
            let offset = clock.measured(sent, server, clock.local_now());
            if actions.send(Action::ClockMeasured(offset)).is_err() {
                return;
            }
        }
        tokio::time::sleep(CLOCK_EVERY).await;
    }
}

/// How often a console looks whether the county's policy changed, besides hearing of it on
/// the change feed (which may have been lost while the database was away).
const POLICY_EVERY: std::time::Duration = std::time::Duration::from_secs(300);

/// Reads the county's policy at start and again every few minutes, sending it on when it
/// changed. A change is also heard at once on the feed (`feed::on_changes`); each write that
/// counts a deadline reads the policy afresh anyway.
pub(super) async fn watch_policy(
    store: Store,
    centre: uuid::Uuid,
    actions: UnboundedSender<Action>,
) {
    let mut last: Option<crate::domain::policy::Policy> = None;
    loop {
        if let Ok((policy, _)) = store.policy(centre).await
            && last.as_ref() != Some(&policy)
        {
            last = Some(policy.clone());
            if actions
                .send(Action::PolicyLoaded(Box::new(policy)))
                .is_err()
            {
                return;
            }
        }
        tokio::time::sleep(POLICY_EVERY).await;
    }
}

/// How often the wall screen asks its replica how far behind it is.
const REPLICA_EVERY: std::time::Duration = std::time::Duration::from_secs(2);

/// Measures the lag of the replica the store reads from (`--read-db`), every 2 s.
pub(super) async fn measure_replica(store: Store, actions: UnboundedSender<Action>) {
    loop {
        let lag = store.replica_lag().await.ok().flatten();
        if actions.send(Action::ReplicaLag(lag)).is_err() {
            return;
        }
        tokio::time::sleep(REPLICA_EVERY).await;
    }
}

/// Drafts are written in order, off the render loop, and never wait for the database. They
/// go to the file of the operator signed in when they were typed (commands arrive in the
/// order `update` sent them, so a sign-in's `OpenDrafts` comes before that operator's drafts).
pub(super) async fn draft_worker(
    place: Option<draft::DraftPlace>,
    mut rx: UnboundedReceiver<Command>,
    actions: UnboundedSender<Action>,
) {
    let mut claim: Option<Arc<draft::Claim>> = None;
    while let Some(cmd) = rx.recv().await {
        let Some(place) = place.clone() else { continue };
        if let Command::OpenDrafts { login } = &cmd {
            if claim.as_ref().is_some_and(|c| &c.login == login) {
                continue;
            }
            // Let go of the previous operator's file first: their draft stays on disk.
            claim = None;
            let login = login.clone();
            let claimed = tokio::task::spawn_blocking(move || {
                let c = draft::claim(&place, &login)?;
                let found = draft::load(&c.path).filter(|d| d.operator == c.login);
                Ok::<_, std::io::Error>((c, found))
            })
            .await;
            match claimed {
                Ok(Ok((c, found))) => {
                    claim = Some(Arc::new(c));
                    if let Some(d) = found {
                        let _ = actions.send(Action::DraftFound(Box::new(d)));
                    }
                }
                Ok(Err(e)) => tracing::warn!("no draft file for this console: {e}"),
                Err(e) => tracing::warn!("draft task failed: {e}"),
            }
            continue;
        }
        let Some(c) = claim.clone() else { continue };
        let _ = tokio::task::spawn_blocking(move || match cmd {
            Command::SaveDraft(mut d) => {
                d.operator = c.login.clone();
                if let Err(e) = draft::save(&c.path, &d) {
                    tracing::warn!("draft not saved to {}: {e}", c.path.display());
                }
            }
            Command::ClearDraft => draft::clear(&c.path),
            _ => {}
        })
        .await;
    }
}
